"""Malignant loads the way an office runs them: a library and load-control profiles saved in the store,
`python main.py serve` (a separate process) owning the line — simulated meters on a pty, real RTU bytes,
in real time — pushes the §10 blocks and the §11 slots, and its host matcher watches the switch-ons the
meters log. The test plugs an induction cooker (the very device the library was captured from) into two
rooms: where the profile has block slots the meter trips it itself; where it has only the resistive rule
the meter lets it through and serve's second line opens the branch. Afterwards the meters are read
back over the same line and hold exactly what the store wants."""
from __future__ import annotations

import random
import signal
from datetime import date

import pytest
from sqlalchemy import select, update

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.loads import profiles
from app.loads import store as library_store
from app.loads.library import Library
from app.loads.meter_config import desired_configs
from app.metering import tariffs
from app.policies import push
from db.models import Bus as BusRow
from db.models import ElectricityMeter
from db.models_loads import LoadIdentification
from db.models_power import MeterPolicyState
from drivers.bus_clock import meter_seconds
from drivers.ddsy import DdsyDriver
from drivers.ddsy_records import BranchState as B
from drivers.ddsy_records import LoadControl, LoadFlag
from drivers.port import SharedPort
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from drivers.sim.physics import RoomPhysics
from drivers.sim.routine import mix
from tests.bench_modules import bench_loads
from tests.e2e.office import start_serve, wait_for
from tests.factories import make_campus

bench = bench_loads()

pytestmark = pytest.mark.slow
SOCKETS = 1
BAUD = 19200
COOKER = "induction_cooker"


def _in_sync(store, meters) -> bool:
    with store.read() as s:
        want = desired_configs(s, clock.campus_date(clock.now()), list(meters))
        rows = {r.meter_id: r for r in s.scalars(select(MeterPolicyState))}
    return all(m in rows and rows[m].state == "sync" and rows[m].digest == want[m].digest() for m in meters)


def _events(store) -> list:
    from db.models import MeterEvent
    with store.read() as s:
        return [(e.meter_id, e.type, e.payload) for e in s.scalars(select(MeterEvent).where(MeterEvent.type.in_((1, 3))))]


def _identified(store, room_id: int) -> list[LoadIdentification]:
    with store.read() as s:
        return list(s.scalars(select(LoadIdentification).where(LoadIdentification.room_id == room_id)))


@pytest.fixture
def line(store, tmp_path):
    """The campus's two rooms powered (students checked in, ¥200 each), their meters simulated in this
    process on a pty the store's line points at, in empty rooms: only what the test plugs in switches."""
    campus = make_campus(store, rooms_per_gender=1)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 1, 1))
    for code, student in (("B1-101", "202610000"), ("B1-201", "202620000")):
        occupancy.check_in(store, campus.clerk, campus.students[student], campus.rooms[code])
        payments.recharge(store, campus.clerk, room_id=campus.rooms[code], utility="electricity",
                          amount=Money(20000), method="cash", key=f"loads-{code}")
    fleet = Fleet(meters=2, water=2, seed=11, start_clock=meter_seconds(clock.local(clock.now())), physics=True)
    for address, meter in fleet.meters.items():
        meter.physics = RoomPhysics(11_000 + address, occupants=0)
    link = tmp_path / "ttyDORM"
    vline = VirtualLine(fleet, baud=BAUD, speed=1.0, link=str(link))
    vline.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=str(link), baud=BAUD))
    procs = []
    yield campus, fleet, vline, procs
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait(10)
    vline.stop()


def test_serve_pushes_slots_and_profiles_and_stops_a_cooker_on_both_lines(store, db_url, line, tmp_path):
    campus, fleet, vline, procs = line
    lib = bench.build_library([COOKER, "kettle", "laptop"], devices=3, per_device=2)
    library_store.save(store, campus.tech, Library(1, lib.appliances), "bench captures")
    full = profiles.save_profile(store, campus.admin, "Dorm sockets", profiles.LoadPlan())
    rule_only = profiles.save_profile(store, campus.admin, "Rule only", profiles.LoadPlan(
        (profiles.QUIET, LoadControl(flags=int(LoadFlag.RESISTIVE_RULE)), profiles.QUIET)))
    profiles.assign(store, campus.admin, "campus", profile_id=full)
    profiles.assign(store, campus.admin, "room", room_id=campus.rooms["B1-101"], profile_id=rule_only,
                    reason="slots off: the host's second line")
    with store.read() as s:
        address = {rid: a for a, rid in s.execute(select(ElectricityMeter.address, ElectricityMeter.room_id))}
        meters = {m.id: m.address for m in s.scalars(select(ElectricityMeter))}
        want = desired_configs(s, clock.campus_date(clock.now()), list(meters))
    assert all(w.slots is not None and w.loads is not None for w in want.values())

    log = tmp_path / "serve.log"
    serve = start_serve(db_url, log)
    procs.append(serve)
    push.request_push(store, campus.tech)
    assert wait_for(lambda: _in_sync(store, meters), timeout=90), log.read_text()

    def plug(room: str) -> None:
        """Library device 0 of the cooker (bench/loads.py's draw), on the room's sockets."""
        with vline.fleet_lock:
            physics = fleet.meters[address[campus.rooms[room]]].physics
            cooker = physics.add_device(COOKER, random.Random(mix(3, sum(map(ord, COOKER)), 0)), branch=SOCKETS)
            physics.switch(cooker, True, fleet.clock)

    def state(room: str) -> int:
        with vline.fleet_lock:
            return fleet.meters[address[campus.rooms[room]]].branches[SOCKETS].state_word

    # both rooms' ¥200 reached their meters (a branch still open for want of money would see no switch-on)
    for room in ("B1-101", "B1-201"):
        assert wait_for(lambda room=room: state(room) & B.RELAY_CLOSED and not state(room) & B.PREPAID_OPEN,
                        timeout=60), (room, hex(state(room)), log.read_text())

    # block slots on the meter: the meter trips the cooker itself, the host names it
    plug("B1-201")
    assert wait_for(lambda: state("B1-201") & B.TRIP_MALIGNANT, timeout=60), (
        hex(state("B1-201")), _events(store), want, log.read_text())
    assert wait_for(lambda: _identified(store, campus.rooms["B1-201"]), timeout=60), log.read_text()
    [tripped] = _identified(store, campus.rooms["B1-201"])
    assert (tripped.appliance, tripped.meter_action, tripped.host_action) == (COOKER, "tripped", "none")

    # the resistive rule alone lets it through: serve's second line forces the branch open
    plug("B1-101")
    assert wait_for(lambda: state("B1-101") & B.FORCED_OPEN, timeout=60), (
        hex(state("B1-101")), _identified(store, campus.rooms["B1-101"]), log.read_text())
    assert not state("B1-101") & B.TRIP_MALIGNANT
    [opened] = _identified(store, campus.rooms["B1-101"])
    assert (opened.appliance, opened.meter_action, opened.host_action) == (COOKER, "allowed", "open")

    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0
    # the line is free again: what the meters hold, read over the wire
    port = SharedPort(str(tmp_path / "ttyDORM"), baud=BAUD)
    port.open()
    try:
        for mid, a in meters.items():
            d = DdsyDriver(port, a)
            assert tuple(d.read_load_control(b) for b in range(3)) == tuple(want[mid].loads)
            assert tuple(d.read_signature_slots(0, 16) + d.read_signature_slots(16, 16)) == tuple(want[mid].slots)
    finally:
        port.close()
