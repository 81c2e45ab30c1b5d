"""Features from a room's event records added to an appliance of the library (no waveform): the
room's examined switch-ons listed with what the host named them, the chosen ones saved as captures
of one device in the next library version; a stale library, another room's event, a switch-off and
a repeat are refused with nothing stored."""
from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, PermissionDenied
from app.loads import event_captures
from app.loads import store as library_store
from app.loads.library import Library, Verdict
from app.loads.matcher import Matcher
from db.models import ElectricityMeter
from db.models import MeterEvent as EventRow
from db.models_loads import LoadIdentification
from drivers.ddsy_records import EventType, MeterEvent
from tests.factories import make_campus

T0 = datetime(2026, 11, 10, 19, 0, tzinfo=UTC)


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=1)


def logged(store, room_id: int, n: int, kind: EventType = EventType.SWITCH_ON, *, dp: int = 1180,
           named: str | None = None) -> int:
    """A switch-on as the recorder stores it (the §13 record's fields as payload); its row id."""
    with store.write() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id))
        rec = MeterEvent(address=1, sequence=n, type=int(kind), branch=1, time_s=900_000_000 + n, dp_w=dp + n,
                         dq_var=-40, pf_milli=905 + n % 3, i3_permille=310, i5_permille=150, i7_permille=60,
                         thd_permille=410, crest_centi=160, fluctuation_permille=30, inrush_centi=300,
                         power_after_w=dp + n, slot=0xFFFF, action=0)
        payload = {k: v for k, v in asdict(rec).items() if k != "address"}
        row = EventRow(meter_id=meter_id, seq=n, type=int(kind), branch=1, meter_time=rec.time_s, payload=payload,
                       received_at=T0 + timedelta(minutes=n))
        s.add(row)
        s.flush()
        if named:
            s.add(LoadIdentification(event_id=row.id, room_id=room_id, branch=1, appliance=named, verdict="",
                                     distance=5.0, meter_action="allowed", decision="suspect", host_action="suspect",
                                     dp_w=dp, library_version=1))
        return row.id


def saved_library(store, actor) -> Library:
    lib, _ = Library().with_appliance("induction cooker", Verdict.BLOCK, category="cooking")
    library_store.save(store, actor, Library(1, lib.appliances), "start")
    with store.read() as s:
        return library_store.current(s)


def test_a_rooms_switch_ons_become_captures_of_one_device_in_the_next_version(store, campus) -> None:
    room, other = campus.rooms["B1-101"], campus.rooms["B1-201"]
    ids = [logged(store, room, n, named="unknown" if n == 2 else None) for n in (1, 2, 3)]
    logged(store, room, 4, EventType.SWITCH_OFF)                       # not a switch-on: not listed
    foreign = logged(store, other, 5)
    listed = event_captures.room_switch_ons(store, room, T0)
    assert [e.event_id for e in listed] == ids[::-1]                  # newest first
    assert [e.named for e in listed] == ["", "unknown", ""] and listed[0].features.dp == 1183
    assert listed[0].features.crest == 160 and not listed[0].tripped
    assert event_captures.room_switch_ons(store, room, T0 + timedelta(minutes=3)) == listed[:1]

    base = saved_library(store, campus.tech)
    cooker = base.by_name("induction cooker")
    version, added = event_captures.add_to_appliance(store, campus.tech, base, cooker.ident, room, ids[:2],
                                                     "B1-101 sockets")
    assert (version, added) == (2, 2)
    with store.read() as s:
        now = library_store.current(s)
    caps = now.by_name("induction cooker").captures
    assert [(c.source, c.device, c.features.dp) for c in caps] == [("event", "B1-101 sockets", 1181),
                                                                   ("event", "B1-101 sockets", 1182)]
    # the matcher names the room's third switch-on from them
    assert Matcher(now).classify(listed[0].features).name == "induction cooker"

    # refused, nothing stored: a stale library, another room's event, a repeat, no device named
    with pytest.raises(InvalidInput, match="changed elsewhere"):
        event_captures.add_to_appliance(store, campus.tech, base, cooker.ident, room, ids[2:], "B1-101 sockets")
    with pytest.raises(InvalidInput, match=f"event {foreign}"):
        event_captures.add_to_appliance(store, campus.tech, now, cooker.ident, room, [ids[2], foreign], "x")
    with pytest.raises(InvalidInput, match="already captures"):
        event_captures.add_to_appliance(store, campus.tech, now, cooker.ident, room, ids[:2], "B1-101 sockets")
    with pytest.raises(InvalidInput, match="Name the device"):
        event_captures.add_to_appliance(store, campus.tech, now, cooker.ident, room, ids[2:], "  ")
    with store.read() as s:
        assert library_store.newest_version(s) == 2


def test_a_clerk_may_not_teach_the_library(store, campus) -> None:
    room = campus.rooms["B1-101"]
    base = saved_library(store, campus.tech)
    with pytest.raises(PermissionDenied):
        event_captures.add_to_appliance(store, campus.clerk, base, base.appliances[0].ident, room,
                                        [logged(store, room, 1)], "B1-101 sockets")
