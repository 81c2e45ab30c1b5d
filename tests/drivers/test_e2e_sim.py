"""End to end on the wire: a bus worker runs a small simulated dormitory block with room physics.

One scenario, as the app's meter service would drive it: set every clock by broadcast, credit
every room, watch billing and live polls, cut a branch, drain the events, close a water valve,
and check what the simulated meters ended up with.
"""

from __future__ import annotations

import time

from test_bus import WATER, Recorder, make_bus

from drivers.ddsy_records import (
    EventType,
    ForceMode,
    MeasurementSnapshot,
    MeterStatus,
    PurchaseKind,
    PurchaseOrder,
)
from drivers.lxsy import ValveState, WaterSnapshot
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

BAUD = 19200
ROOMS = (1, 2, 3, 4)


def test_dormitory_block_end_to_end() -> None:
    fleet = Fleet(meters=len(ROOMS), water=1, seed=21, start_clock=800_000_000, physics=True)
    line = VirtualLine(fleet, baud=BAUD, speed=10.0)
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=len(ROOMS), water=1, baud=BAUD, billing_interval_s=0.5)
    bus.start()
    try:
        # 1. clocks by broadcast: "clock not set" clears on every electricity meter.
        bus.set_clock_all(820_000_000).result(5)
        assert rec.wait(lambda: _latest_all_clock_set(rec), timeout=15)

        # 2. credit every room exactly once.
        with line.fleet_lock:
            before = {a: fleet.meters[a].balance_fen for a in ROOMS}
        futures = {a: bus.deliver_purchase(a, PurchaseOrder(PurchaseKind.MONEY, 10_000, 500 + a))
                   for a in ROOMS}
        results = {a: f.result(10) for a, f in futures.items()}
        assert all(r.balance_after_fen is not None for r in results.values())
        for a in ROOMS:
            # balance after = before + credit - what the room used in between (never more)
            after = results[a].balance_after_fen
            assert after is not None and before[a] + 10_000 - 200 <= after <= before[a] + 10_000

        # 3. live polls of room 1 and billing snapshots that only move forward.
        bus.set_live([1])
        assert rec.wait(lambda: len(rec.live) >= 2, timeout=10)
        assert rec.wait(lambda: _snapshots_per_room(rec) >= 3, timeout=15)
        with rec.cond:
            for a in ROOMS:
                energies = [s.incoming_energy_cwh for _, s in rec.snapshots if s.address == a]
                assert energies == sorted(energies)

        # 4. cut the socket branch of room 2: the meter opens it and logs event 9.
        bus.set_forced_control(2, 1, ForceMode.OPEN).result(5)
        since = time.monotonic()
        assert rec.wait(lambda: _branch_open(rec, 2, 1, since), timeout=10)
        wanted = {(2, EventType.FORCED_CONTROL)} | {(a, EventType.PURCHASE) for a in ROOMS}
        assert rec.wait(lambda: wanted <= {(e.address, e.type) for e in rec.events}, timeout=15)

        # 5. close the water valve of the washroom.
        assert bus.set_valve(WATER, False).result(20) == ValveState.CLOSED
        since = time.monotonic()
        assert rec.wait(lambda: _water_closed(rec, since), timeout=10)

        stats = bus.stats()
        assert stats.online == len(ROOMS) + 1 and stats.errors.get("internal", 0) == 0
        assert rec.errors == []
        with line.fleet_lock:
            meters = {a: fleet.meters[a] for a in ROOMS}
            assert all(m.purchase_count == results[a].sequence for a, m in meters.items())
            assert not meters[2].branches[1].closed
            assert fleet.water_meters[WATER].valve_state == ValveState.CLOSED
    finally:
        bus.stop()
        line.stop()


def _latest(rec: Recorder, address: int, since: float = 0.0) -> object | None:
    found = [s for t, s in rec.snapshots if s.address == address and t >= since]
    return found[-1] if found else None


def _latest_all_clock_set(rec: Recorder) -> bool:
    snaps = [_latest(rec, a) for a in ROOMS]
    return all(isinstance(s, MeasurementSnapshot) and not s.status & MeterStatus.CLOCK_NOT_SET
               for s in snaps)


def _snapshots_per_room(rec: Recorder) -> int:
    return min(sum(1 for _, s in rec.snapshots if s.address == a) for a in ROOMS)


def _branch_open(rec: Recorder, address: int, branch: int, since: float) -> bool:
    snap = _latest(rec, address, since)
    return isinstance(snap, MeasurementSnapshot) and not snap.branches[branch].relay_closed \
        and snap.branches[branch].power_w == 0


def _water_closed(rec: Recorder, since: float) -> bool:
    snap = _latest(rec, WATER, since)
    return isinstance(snap, WaterSnapshot) and snap.valve == ValveState.CLOSED \
        and snap.flow_lph == 0
