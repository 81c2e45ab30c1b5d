"""Malignant-load reports for a term: by building, room and appliance; repeat offenders; releases and by
whom. Events are stored as the runtime stores them (meter events, the host's identifications, the
release commands a clerk or the host asked for)."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.access import Actor
from app.loads.reports import load_report
from app.metering.runtime import commands
from db.models import ElectricityMeter, MeterEvent
from db.models_loads import LoadIdentification
from drivers.ddsy_records import EventType
from tests.factories import make_campus

TERM = (date(2026, 9, 1), date(2027, 1, 15))
T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2)


def _meter(s, room_id: int) -> int:
    return s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id))


def _event(store, room_id: int, at: datetime, kind: EventType, *, appliance: str | None = None,
           host: str = "none", decision: str = "trip", verdict: str = "block", dp: int = 1500) -> None:
    """One §13 event as the recorder stores it, and what the host made of it (None: no library yet)."""
    with store.write() as s:
        ev = MeterEvent(meter_id=_meter(s, room_id), seq=int(at.timestamp()) % 60000 + 1, type=int(kind), branch=1,
                        meter_time=int(at.timestamp()), payload={"dp": dp}, received_at=at)
        s.add(ev)
        s.flush()
        if appliance is not None:
            s.add(LoadIdentification(event_id=ev.id, room_id=room_id, branch=1, appliance=appliance, verdict=verdict,
                                     distance=0.8, meter_action="tripped" if kind == EventType.MALIGNANT_TRIP
                                     else "allowed", decision=decision, host_action=host, dp_w=dp,
                                     library_version=3, decided_at=at + timedelta(seconds=1)))


def test_a_terms_events_by_building_room_and_appliance_with_offenders_and_releases(store, campus) -> None:
    r101, r102, r201 = campus.rooms["B1-101"], campus.rooms["B1-102"], campus.rooms["B1-201"]
    trip = EventType.MALIGNANT_TRIP
    # B1-101: a kettle tripped by the meter three times, and an induction cooker opened by the host
    for day in range(3):
        _event(store, r101, T0 + timedelta(days=day), trip, appliance="kettle")
    _event(store, r101, T0 + timedelta(days=4), EventType.SWITCH_ON, appliance="induction_cooker", host="open")
    # B1-102: a trip before any library (no identification), an unknown step the host suspects
    _event(store, r102, T0, trip)
    _event(store, r102, T0 + timedelta(hours=2), EventType.SWITCH_ON, appliance="unknown", host="suspect",
           decision="suspect", verdict="")
    # B1-201: its registered dispenser tripped by the rule and released by the host
    _event(store, r201, T0, trip, appliance="water_dispenser", host="release", decision="allow", verdict="allow",
           dp=500)
    # outside the term: not counted
    _event(store, r101, datetime(2026, 8, 20, tzinfo=UTC), trip, appliance="kettle")
    # releases: a clerk releases B1-102's trip; the host released B1-201's dispenser
    commands.request_release_trips(store, campus.clerk, r102)
    commands.request_load_release(store, Actor.system(), r201, 1, "water_dispenser")

    with store.read() as s:
        rep = load_report(s, *TERM)

    rooms = {t.key: t for t in rep.by_room}
    assert (rooms["B1-101"].meter_trips, rooms["B1-101"].host_opened, rooms["B1-101"].suspects) == (3, 1, 0)
    assert (rooms["B1-102"].meter_trips, rooms["B1-102"].suspects, rooms["B1-102"].released) == (1, 1, 1)
    assert (rooms["B1-201"].meter_trips, rooms["B1-201"].released) == (1, 1)
    assert rep.by_room[0].key == "B1-101"                                  # ranked by what was stopped
    apps = {t.key: t for t in rep.by_appliance}
    assert apps["kettle"].meter_trips == 3 and apps["induction_cooker"].host_opened == 1
    assert apps["unknown"].meter_trips == 1 and apps["unknown"].suspects == 1
    assert apps["water_dispenser"].released == 1
    assert [(t.key, t.stopped) for t in rep.by_building] == [("B1", 5)]        # the released dispenser ran
    assert (rep.totals.meter_trips, rep.totals.host_opened, rep.totals.suspects, rep.totals.released) == (5, 1, 1, 2)
    # a room with three or more blocked-appliance events in the term; a released dispenser is not one
    assert [(o.room, o.events, o.appliances) for o in rep.offenders] == [
        ("B1-101", 4, ("kettle", "induction_cooker"))]
    assert rep.offenders[0].first == T0 and rep.offenders[0].last == T0 + timedelta(days=4, seconds=1)
    # who released what
    assert [(r.room, r.by, r.automatic, r.appliance, r.branches) for r in rep.releases] == [
        ("B1-102", "王芳", False, "", (0, 1, 2)), ("B1-201", "", True, "water_dispenser", (1,))]


def test_an_empty_term_and_a_backwards_period(store, campus) -> None:
    with store.read() as s:
        rep = load_report(s, *TERM)
        assert rep.by_room == () and rep.offenders == () and rep.releases == () and rep.totals.stopped == 0
        with pytest.raises(ValueError, match="ends before it starts"):
            load_report(s, TERM[1], TERM[0])
