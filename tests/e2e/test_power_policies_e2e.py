"""Power policies end to end (issue 11 item 6): the office sets a term, holidays and a lights-off policy,
pushes it, and simulated DDSY meters on a virtual RS-485 line (real RTU bytes) act on it at simulated
23:00 and 06:00, on a holiday and on a swapped working Saturday, trip and raise alarms, and get their
clock and schedules back after a power loss. The app's own `MeterRuntime` runs the line on the
simulator's clock (tests/e2e/power_scene.py); every test starts its own scene at its own pinned moment.

The policy: lighting off 23:00–06:00 on workdays and 00:30–07:00 on rest days, off all day on holidays;
sockets in low-power mode (300 W, 60 s) in the same periods; air-conditioner standby monitoring (30 mA,
120 s). The calendar: autumn term 2026-09-07 … 2027-01-15, Thursday 2026-12-10 a day off, Saturday
2026-12-12 a swapped working day.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.metering.alarms import open_alarms
from app.metering.runtime import commands
from app.policies import calendar_admin, policies, push
from app.policies.model import BranchPlan, MeterConfig, Period, PolicyPlan
from db.models_power import MeterPolicyState
from drivers.bus_clock import meter_seconds
from drivers.ddsy_records import BranchState as B
from tests.e2e.power_scene import Scene

pytestmark = pytest.mark.slow

LIGHTING, SOCKETS, AC = 0, 1, 2
ROOM_A, ROOM_B = 1, 2                       # the two meters' addresses
OFF = (Period(23 * 60, 6 * 60),)            # workday: 23:00–06:00
REST_OFF = (Period(30, 7 * 60),)            # rest day: 00:30–07:00
PLAN = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=OFF, restday=REST_OFF),
    BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=OFF, restday=REST_OFF),
    BranchPlan(standby=True, standby_ma=30, standby_s=120),
))
HOLIDAY = date(2026, 12, 10)                # a Thursday off
SWAPPED = date(2026, 12, 12)                # a Saturday worked (调休)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second)


@pytest.fixture
def scene(request, store, tmp_path) -> Iterator[Scene]:
    """A scene started at the moment the test is parametrized with (`start(...)`)."""
    sc = Scene(store, tmp_path, request.param)
    yield sc
    sc.close()


def start(moment: datetime):
    return pytest.mark.parametrize("scene", [moment], indirect=True, ids=[moment.strftime("%a-%Y%m%d-%H%M")])


# ----- the office's side ---------------------------------------------------------------------------

def put_policy_in_place(sc: Scene) -> None:
    """Step 1: term, holidays, the policy for the whole campus, a push; wait until every meter is in
    sync and holds exactly what the store wants for today."""
    admin = sc.campus.admin
    calendar_admin.add_term(sc.store, admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 15))
    calendar_admin.add_holiday(sc.store, admin, "Founders' day", HOLIDAY, HOLIDAY, "off")
    calendar_admin.add_holiday(sc.store, admin, "Swapped working day", SWAPPED, SWAPPED, "work")
    pid = policies.save_policy(sc.store, admin, "Undergraduate lights-off", PLAN)
    policies.assign(sc.store, admin, "campus", policy_id=pid)
    push.request_push(sc.store, admin)
    assert sc.wait(lambda: in_sync(sc)), sync_table(sc)
    assert_meters_hold_the_plan(sc)


def desired(sc: Scene) -> dict[int, MeterConfig]:
    with sc.store.read() as s:
        return policies.desired_configs(s, sc.today())


def sync_table(sc: Scene) -> dict[int, tuple]:
    with sc.store.read() as s:
        return {r.meter_id: (r.state, r.digest, r.reason, r.checked_at) for r in s.scalars(select(MeterPolicyState))}


def in_sync(sc: Scene) -> bool:
    rows, want = sync_table(sc), desired(sc)
    return all(rows.get(mid, ("",))[0] == "sync" and rows[mid][1] == want[mid].digest()
               for mid in sc.meter_ids.values())


def assert_meters_hold_the_plan(sc: Scene) -> None:
    want = desired(sc)
    for address, mid in sc.meter_ids.items():
        held = sc.meter_config(address)
        assert held == want[mid], (address, held, want[mid])
        assert held.schedules == PLAN.blocks()


def alarm(sc: Scene, address: int, kind: str):
    return next((a for a in open_alarms(sc.store, sc.rooms[address]) if a.kind == kind), None)


# ----- the scenario ----------------------------------------------------------------------------------

@start(at(date(2026, 12, 8), 22, 50))          # a Tuesday in term
def test_a_workday_night_lights_off_low_power_trip_and_morning(scene: Scene) -> None:
    sc = scene
    put_policy_in_place(sc)
    sc.plug(ROOM_A, SOCKETS, "phone_charger")
    sc.run_to(at(date(2026, 12, 8), 22, 59, 30))
    light, sockets, _ac = sc.states(ROOM_A)
    assert light & B.RELAY_CLOSED and not light & B.SCHEDULE_OPEN
    assert sockets & B.RELAY_CLOSED and not sockets & B.LOW_POWER_MODE

    # 23:00: the lights go off by schedule, the sockets go into low-power mode and keep the charger on
    sc.run_to(at(date(2026, 12, 8), 23, 0, 30))
    for address in (ROOM_A, ROOM_B):
        light, sockets, _ac = sc.states(address)
        assert light & B.SCHEDULE_OPEN and not light & B.RELAY_CLOSED
        assert sockets & B.LOW_POWER_MODE and sockets & B.RELAY_CLOSED
    assert sc.snapshot(ROOM_A).branches[SOCKETS].power_w > 0          # the charger still charges

    # a kettle: allowed for the 60 s delay, then the sockets trip and the office sees an alarm
    sc.run_to(at(date(2026, 12, 8), 23, 5))
    sc.plug(ROOM_A, SOCKETS, "kettle")
    sc.run_for(50)
    assert sc.states(ROOM_A)[SOCKETS] & B.RELAY_CLOSED
    assert alarm(sc, ROOM_A, "low_power_trip") is None
    sc.run_for(20)
    sockets = sc.states(ROOM_A)[SOCKETS]
    assert sockets & B.TRIP_LOW_POWER and not sockets & B.RELAY_CLOSED
    assert sc.states(ROOM_B)[SOCKETS] & B.RELAY_CLOSED                # the neighbours' sockets are on
    assert sc.wait(lambda: alarm(sc, ROOM_A, "low_power_trip") is not None)
    trip = alarm(sc, ROOM_A, "low_power_trip")
    assert "sockets" in trip.message
    sc.plug(ROOM_A, SOCKETS, "kettle", False)

    # still off just before six; at 06:00 both branches are back, the trip ended with the off period
    sc.run_to(at(date(2026, 12, 9), 5, 59, 30))
    light, sockets, _ac = sc.states(ROOM_A)
    assert light & B.SCHEDULE_OPEN and sockets & B.TRIP_LOW_POWER and not sockets & B.RELAY_CLOSED
    sc.run_to(at(date(2026, 12, 9), 6, 0, 30))
    for address in (ROOM_A, ROOM_B):
        light, sockets, _ac = sc.states(address)
        assert light & B.RELAY_CLOSED and not light & B.SCHEDULE_OPEN
        assert sockets & B.RELAY_CLOSED and not sockets & (B.LOW_POWER_MODE | B.TRIP_LOW_POWER)
    assert sc.snapshot(ROOM_A).branches[SOCKETS].power_w > 0          # charging again


@start(at(date(2026, 12, 8), 14, 0))           # a Tuesday afternoon: no off period
def test_an_unplugged_air_conditioner_trips_and_a_release_restores_it(scene: Scene) -> None:
    sc = scene
    put_policy_in_place(sc)
    sc.run_to(at(date(2026, 12, 8), 14, 5))
    assert sc.states(ROOM_A)[AC] & B.RELAY_CLOSED                     # the standby draws above 30 mA
    sc.plug(ROOM_A, AC, "air_conditioner", False)                     # unplugged (for a kettle, usually)
    sc.run_for(110)
    assert sc.states(ROOM_A)[AC] & B.RELAY_CLOSED
    sc.run_for(20)
    ac = sc.states(ROOM_A)[AC]
    assert ac & B.TRIP_STANDBY and not ac & B.RELAY_CLOSED
    assert sc.states(ROOM_B)[AC] & B.RELAY_CLOSED
    assert sc.wait(lambda: alarm(sc, ROOM_A, "standby_trip") is not None)
    assert "air conditioning" in alarm(sc, ROOM_A, "standby_trip").message

    # plugged back in, released at the counter: the branch closes and stays closed
    sc.plug(ROOM_A, AC, "ac_standby", True)
    commands.request_release_trips(sc.store, sc.campus.clerk, sc.rooms[ROOM_A], [AC])
    assert sc.wait(lambda: sc.states(ROOM_A)[AC] & (B.RELAY_CLOSED | B.TRIP_STANDBY) == B.RELAY_CLOSED)
    sc.run_for(300)
    ac = sc.states(ROOM_A)[AC]
    assert ac & B.RELAY_CLOSED and not ac & B.TRIP_STANDBY


@start(at(HOLIDAY - timedelta(days=1), 23, 30))  # the Wednesday night before the day off
def test_a_holiday_keeps_the_lights_off_all_day(scene: Scene) -> None:
    sc = scene
    put_policy_in_place(sc)
    sc.run_to(at(HOLIDAY - timedelta(days=1), 23, 59))
    light = sc.states(ROOM_A)[LIGHTING]
    assert light & B.SCHEDULE_OPEN and not light & B.HOLIDAY_OPEN           # an ordinary workday night
    for hour in (0, 12, 23):
        sc.run_to(at(HOLIDAY, hour, 0, 30))
        for address in (ROOM_A, ROOM_B):
            light, sockets, _ac = sc.states(address)
            assert light & B.HOLIDAY_OPEN and not light & B.RELAY_CLOSED, (hour, hex(light))
            assert not light & B.SCHEDULE_OPEN
        if hour == 12:
            assert sockets & B.RELAY_CLOSED and not sockets & B.LOW_POWER_MODE  # sockets follow rest days
    sc.run_to(at(HOLIDAY + timedelta(days=1), 7, 0, 30))                    # Friday morning: a workday
    light = sc.states(ROOM_A)[LIGHTING]
    assert light & B.RELAY_CLOSED and not light & (B.HOLIDAY_OPEN | B.SCHEDULE_OPEN)


@start(at(HOLIDAY, 23, 30))                     # Thursday night: the swap is two days away
def test_a_swapped_working_saturday_turns_the_lights_off_at_23(scene: Scene) -> None:
    sc = scene
    put_policy_in_place(sc)
    assert sc.meter_config(ROOM_A).calendar.rest_day_mask == 0x60           # Saturday and Sunday, as usual
    # Friday: the runtime notices the new date and re-pushes the calendar with Saturday worked
    sc.run_to(at(SWAPPED - timedelta(days=1), 0, 0, 30))
    assert sc.wait(lambda: in_sync(sc) and all(sc.meter_config(a).calendar.rest_day_mask == 0x40
                                               for a in sc.meter_ids)), sync_table(sc)
    assert_meters_hold_the_plan(sc)

    sc.run_to(at(SWAPPED, 22, 59, 30))
    assert sc.states(ROOM_A)[LIGHTING] & B.RELAY_CLOSED
    sc.run_to(at(SWAPPED, 23, 0, 30))                                        # a workday: off at 23:00
    for address in (ROOM_A, ROOM_B):
        light = sc.states(address)[LIGHTING]
        assert light & B.SCHEDULE_OPEN and not light & B.RELAY_CLOSED
    sc.run_to(at(SWAPPED + timedelta(days=1), 23, 0, 30))                   # Sunday stays a rest day
    light = sc.states(ROOM_A)[LIGHTING]
    assert light & B.RELAY_CLOSED and not light & B.SCHEDULE_OPEN


@start(at(date(2026, 12, 8), 21, 0))           # a Tuesday evening
def test_after_a_power_loss_the_clock_is_set_and_the_schedules_verified(scene: Scene) -> None:
    sc = scene
    put_policy_in_place(sc)
    mid = sc.meter_ids[ROOM_B]
    before = sync_table(sc)[mid][3]
    with sc.line.fleet_lock:
        sc.fleet.power_loss(ROOM_B)
    link = sc.runtime.buses[sc.bus_id].schedule.links.get(ROOM_B)
    ref = sc.runtime.meters.meter("ddsy", mid)
    assert sc.wait(lambda: not sc.runtime.recorder.reachable(ref), timeout=120.0), vars(link)
    sc.run_for(600)                                      # ten minutes without mains
    with sc.line.fleet_lock:
        sc.fleet.power_up(ROOM_B)
    # the meter comes back with its clock "not set" (status bit 8): the runtime sets it ...
    assert sc.wait(lambda: (snap := sc.answers(ROOM_B)) is not None and not snap.clock_not_set)
    assert sc.snapshot(ROOM_B).meter_clock_s == meter_seconds(sc.local())
    # ... and reads the schedules back: the state row is checked again and the registers are the plan
    assert sc.wait(lambda: (row := sync_table(sc)[mid])[3] is not None and row[3] > before
                   and row[0] == "sync"), sync_table(sc)
    assert_meters_hold_the_plan(sc)
    sc.run_to(at(date(2026, 12, 8), 23, 0, 30))        # and the schedule works again at 23:00
    light = sc.states(ROOM_B)[LIGHTING]
    assert light & B.SCHEDULE_OPEN and not light & B.RELAY_CLOSED
