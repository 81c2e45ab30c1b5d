"""Malignant-load reports for a period (a term, usually): events by building, room and appliance,
repeat offenders, and the trips released and by whom.

Sources, each read once:

- the meters' malignant-load trips (§13 event type 3, ``meter_events``), with the room of the meter;
- what the host made of each examined switch-on (``load_identifications``: the appliance it named,
  whether it opened the branch, raised "suspect" or released a trip);
- the releases asked for (``meter_commands``: a clerk's "release trips" and the host's automatic
  "load release"), with the operator who asked (none: the system) and how it ended.

The period is campus days, first to last inclusive (app.clock's time zone).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from db.models import Building, ElectricityMeter, MeterCommand, MeterEvent, Operator, Room
from db.models_loads import LoadIdentification
from drivers.ddsy_records import EventType

RELEASE_ACTIONS = ("release_trips", "load_release")
REPEAT_MIN = 3            # a room with this many blocked-appliance events in the period is a repeat offender


@dataclass
class Tally:
    """One line of a breakdown."""

    key: str
    meter_trips: int = 0        # tripped by the meter (its rule or a block slot)
    host_opened: int = 0        # let through by the meter, opened by the host's matcher
    suspects: int = 0           # an unknown (or ambiguous) high-power step: an alarm only
    released: int = 0           # trips released (a clerk, or the host for an allowed appliance)
    host_released: int = 0      # meter trips of an allowed appliance the host released at once

    @property
    def stopped(self) -> int:
        """Switch-ons kept off: the meter's trips the host did not release, and the host's openings."""
        return self.meter_trips - self.host_released + self.host_opened


@dataclass(frozen=True)
class Offender:
    room: str
    events: int                 # blocked-appliance events (meter trips and host openings)
    first: datetime
    last: datetime
    appliances: tuple[str, ...]  # named by the matcher, most frequent first ("unknown" when not named)


@dataclass(frozen=True)
class Release:
    at: datetime
    room: str
    branches: tuple[int, ...]
    by: str                     # the operator's name, or "" for the system (the host's automatic release)
    automatic: bool
    appliance: str
    status: str                 # pending, running, done, failed
    reason: str


@dataclass(frozen=True)
class LoadReport:
    first_day: date
    last_day: date
    by_building: tuple[Tally, ...]
    by_room: tuple[Tally, ...]
    by_appliance: tuple[Tally, ...]
    offenders: tuple[Offender, ...]
    releases: tuple[Release, ...]
    totals: Tally = field(default_factory=lambda: Tally("total"))


def _bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    if last_day < first_day:
        raise ValueError("the period ends before it starts")
    return clock.day_start(first_day), clock.day_start(last_day + timedelta(days=1))


def load_report(s: Session, first_day: date, last_day: date, *, repeat_min: int = REPEAT_MIN) -> LoadReport:
    start, end = _bounds(first_day, last_day)
    rooms = {rid: (f"{code}-{number}", code) for rid, code, number in
             s.execute(select(Room.id, Building.code, Room.number).join(Building, Building.id == Room.building_id))}

    # what the host made of the events of the period, by event
    idents = {i.event_id: i for i in s.scalars(
        select(LoadIdentification).where(LoadIdentification.decided_at >= start, LoadIdentification.decided_at < end))}
    trips = s.execute(
        select(MeterEvent.id, MeterEvent.received_at, ElectricityMeter.room_id)
        .join(ElectricityMeter, ElectricityMeter.id == MeterEvent.meter_id)
        .where(MeterEvent.type == int(EventType.MALIGNANT_TRIP), MeterEvent.received_at >= start,
               MeterEvent.received_at < end)).all()

    building: dict[str, Tally] = {}
    room: dict[str, Tally] = {}
    appliance: dict[str, Tally] = {}
    totals = Tally("total")
    stops: dict[str, list[tuple[datetime, str]]] = defaultdict(list)

    def tallies(room_id: int | None, name: str) -> list[Tally]:
        code, bcode = rooms.get(room_id, ("?", "?")) if room_id is not None else ("?", "?")
        return [building.setdefault(bcode, Tally(bcode)), room.setdefault(code, Tally(code)),
                appliance.setdefault(name, Tally(name)), totals]

    for event_id, at, room_id in trips:
        ident = idents.get(event_id)
        released = ident is not None and ident.host_action == "release"
        name = ident.appliance if ident is not None else "unknown"
        for t in tallies(room_id if ident is None or ident.room_id is None else ident.room_id, name):
            t.meter_trips += 1
            t.host_released += released
        if not released:
            stops[rooms.get(room_id, ("?", "?"))[0]].append((at, name))
    for ident in idents.values():
        if ident.host_action == "open":
            for t in tallies(ident.room_id, ident.appliance):
                t.host_opened += 1
            stops[rooms.get(ident.room_id, ("?", "?"))[0]].append((ident.decided_at, ident.appliance))
        elif ident.host_action == "suspect":
            for t in tallies(ident.room_id, ident.appliance):
                t.suspects += 1

    releases = []
    ops = dict(s.execute(select(Operator.id, Operator.display_name)).all())
    for c in s.scalars(select(MeterCommand).where(MeterCommand.action.in_(RELEASE_ACTIONS),
                                                  MeterCommand.created_at >= start, MeterCommand.created_at < end)
                       .order_by(MeterCommand.created_at, MeterCommand.id)):
        params = c.params or {}
        code = rooms.get(c.room_id, ("?", "?"))[0] if c.room_id is not None else "?"
        name = str(params.get("appliance", ""))
        releases.append(Release(c.created_at, code, tuple(int(b) for b in params.get("branches", ())),
                                ops.get(c.operator_id, "") if c.operator_id is not None else "",
                                c.action == "load_release", name, c.status, c.reason))
        if c.status != "failed":
            for t in tallies(c.room_id, name or "unknown")[:2] + [totals]:
                t.released += 1
            if name:
                appliance.setdefault(name, Tally(name)).released += 1

    offenders = []
    for code, hits in stops.items():
        if len(hits) >= repeat_min:
            hits.sort()
            names = tuple(n for n, _ in Counter(n for _, n in hits).most_common())
            offenders.append(Offender(code, len(hits), hits[0][0], hits[-1][0], names))
    offenders.sort(key=lambda o: (-o.events, o.room))

    def ranked(d: dict[str, Tally]) -> tuple[Tally, ...]:
        return tuple(sorted(d.values(), key=lambda t: (-t.stopped, -t.suspects, -t.released, t.key)))

    return LoadReport(first_day, last_day, ranked(building), ranked(room), ranked(appliance), tuple(offenders),
                      tuple(releases), totals)
