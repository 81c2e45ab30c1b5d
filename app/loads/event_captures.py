"""Features from a room's event records, added to an appliance of the library (no waveform).

A technician who has no bench meter at hand, or an appliance that was only ever seen in a room (a
student's cooker that the meter let through), can still teach the library: the room's meters logged
each examined switch-on with its §13 features (event types 1 and 3). `room_switch_ons` lists them
for a period, newest first, with what the host named each one; `add_to_appliance` adds the chosen
ones as captures (source "event") of one appliance and saves the library's next version — refused,
nothing stored, when someone saved in between, when an event is not an examined switch-on of that
room, or when every chosen event is already one of the appliance's captures.

Captures of one physical device are not independent (the matcher learns its reject threshold
leaving each device out), so the caller names the device the events come from; the default is the
room and the branch ("B1-101 sockets"): one student's appliance.

No Qt; each function opens its own session (a background task).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.access import Actor, require
from app.errors import InvalidInput, NotFound
from app.loads import store as library_store
from app.loads.features import Features
from app.loads.library import Capture, Library
from app.loads.watch import EXAMINED, examined_from_row
from db.engine import Store
from db.models import Room
from db.models_counter import MeterEvent
from db.models_loads import LoadIdentification
from db.models_meters import ElectricityMeter
from drivers.ddsy_records import EventType

LIMIT = 500          # the newest this many examined switch-ons of the period


@dataclass(frozen=True)
class RoomSwitchOn:
    event_id: int
    received_at: datetime
    branch: int
    tripped: bool              # the meter tripped it (event type 3)
    features: Features
    named: str                 # what the host named it: an appliance, "unknown", or "" (not examined)


def room_switch_ons(store: Store, room_id: int, since: datetime, until: datetime | None = None,
                    limit: int = LIMIT) -> list[RoomSwitchOn]:
    """The examined switch-ons the room's meters (this one and any it replaced) logged in [since, until)."""
    with store.read() as s:
        if s.get(Room, room_id) is None:
            raise NotFound(f"No room {room_id}.")
        q = (select(MeterEvent, LoadIdentification.appliance)
             .join(ElectricityMeter, ElectricityMeter.id == MeterEvent.meter_id)
             .outerjoin(LoadIdentification, LoadIdentification.event_id == MeterEvent.id)
             .where(ElectricityMeter.room_id == room_id, MeterEvent.type.in_([int(t) for t in EXAMINED]),
                    MeterEvent.received_at >= since)
             .order_by(MeterEvent.received_at.desc(), MeterEvent.id.desc()).limit(limit))
        if until is not None:
            q = q.where(MeterEvent.received_at < until)
        out = []
        for row, named in s.execute(q).all():
            e = examined_from_row(row, room_id)
            if e is not None:
                out.append(RoomSwitchOn(row.id, row.received_at, e.branch, e.type == EventType.MALIGNANT_TRIP, e.features,
                                        named or ""))
        return out


def add_to_appliance(store: Store, actor: Actor, base: Library, appliance: int, room_id: int,
                     event_ids: Sequence[int], device: str) -> tuple[int, int]:
    """Add the features of ``event_ids`` (examined switch-ons of ``room_id``'s meters) to ``appliance``
    of ``base`` (the library the caller shows, its version the one in force) as captures of ``device``,
    and save the next version. Returns (the version saved, captures added)."""
    require(actor, "signature.manage")
    device = device.strip()
    if not device:
        raise InvalidInput("Name the device these switch-ons come from (one student's appliance is one device).")
    if not event_ids:
        raise InvalidInput("Choose the switch-ons to add.")
    app = base.get(appliance)
    if app is None:
        raise NotFound("That appliance is no longer in the library; reopen it.")
    with store.read() as s:
        rows = s.execute(select(MeterEvent, ElectricityMeter.room_id)
                         .join(ElectricityMeter, ElectricityMeter.id == MeterEvent.meter_id)
                         .where(MeterEvent.id.in_(list(event_ids)))).all()
    found = {}
    for row, rid in rows:
        e = examined_from_row(row, rid) if rid == room_id else None
        if e is not None:
            found[row.id] = e
    missing = sorted(set(event_ids) - set(found))
    if missing:
        raise InvalidInput(f"Not an examined switch-on of this room: event {', '.join(map(str, missing))}. "
                           "Nothing was added.")
    have = {(c.device, c.features) for c in app.captures}
    new = [Capture(found[i].features, "event", device) for i in sorted(found)
           if (device, found[i].features) not in have]
    if not new:
        raise InvalidInput(f"These switch-ons are already captures of {app.name}.")
    library = base.with_captures(appliance, new)        # the next version
    version = library_store.save(store, actor, library, f"{len(new)} switch-on(s) of {device} added to {app.name}")
    return version, len(new)
