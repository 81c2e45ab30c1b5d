"""The bus worker against the simulated fleet on a virtual line: polling, priorities, events.

Real RTU bytes go through a pty with line-rate emulation; results are checked through the
listener callbacks and the simulated meters' state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from waiting import wait_for

from drivers.bus import Bus
from drivers.bus_listener import BusListener
from drivers.bus_queue import Priority
from drivers.ddsy_records import (
    BranchState,
    EventType,
    ForceMode,
    LiveBlock,
    MeasurementSnapshot,
    PurchaseKind,
    PurchaseOrder,
)
from drivers.lxsy import ValveState, WaterSnapshot
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

PASSWORD = 1946
WATER = 101
START = 800_000_000


class Recorder(BusListener):
    """Collects every callback with its arrival time; ``wait`` polls a condition with a deadline."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.snapshots: list[tuple[float, Any]] = []
        self.live: list[tuple[float, LiveBlock]] = []
        self.events: list[Any] = []
        self.online: list[tuple[int, bool]] = []
        self.ports: list[tuple[float, bool]] = []
        self.errors: list[tuple[int | None, Exception]] = []

    def _add(self, target: list[Any], item: Any) -> None:
        with self.cond:
            target.append(item)
            self.cond.notify_all()

    def on_snapshot(self, url: str, snapshot: Any) -> None:
        self._add(self.snapshots, (time.monotonic(), snapshot))

    def on_live(self, url: str, live: LiveBlock) -> None:
        self._add(self.live, (time.monotonic(), live))

    def on_event(self, url: str, event: Any) -> None:
        self._add(self.events, event)

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        self._add(self.online, (address, online))

    def on_port_state(self, url: str, is_open: bool, detail: str) -> None:
        self._add(self.ports, (time.monotonic(), is_open))

    def on_error(self, url: str, address: int | None, error: Exception) -> None:
        self._add(self.errors, (address, error))

    def wait(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        with self.cond:
            return self.cond.wait_for(predicate, timeout)

    def addresses_seen(self, since: float = 0.0) -> set[int]:
        with self.cond:
            return {s.address for t, s in self.snapshots if t >= since}


def make_bus(line: VirtualLine, rec: Recorder, *, meters: int, water: int, baud: int,
             **kwargs: Any) -> Bus:
    bus = Bus(line.client_path, baud=baud, listener=rec, password=PASSWORD, **kwargs)
    for address in range(1, meters + 1):
        bus.add_meter(address, "ddsy")
    for address in range(WATER, WATER + water):
        bus.add_meter(address, "lxsy")
    return bus


@pytest.fixture
def rig() -> Iterator[tuple[Fleet, VirtualLine, Recorder, Bus]]:
    fleet = Fleet(meters=3, water=1, seed=5, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=19200)
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=3, water=1, baud=19200, billing_interval_s=0.5)
    bus.start()
    yield fleet, line, rec, bus
    bus.stop()
    line.stop()


def test_billing_round_reads_every_meter(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, rec, bus = rig
    assert rec.wait(lambda: rec.addresses_seen() >= {1, 2, 3, WATER})
    with rec.cond:
        kinds = {s.address: type(s) for _, s in rec.snapshots}
    assert kinds[1] is MeasurementSnapshot and kinds[WATER] is WaterSnapshot
    assert rec.wait(lambda: bus.stats().rounds >= 2)
    stats = bus.stats()
    assert stats.last_round_polls == 4 and stats.online == 4 and stats.offline == 0
    assert stats.transactions >= 8 and stats.bytes_in > stats.bytes_out > 0
    assert 0.0 < stats.wire_busy <= 1.0
    assert stats.last_round_wire_s is not None and stats.last_round_s is not None
    assert stats.last_round_wire_s <= stats.last_round_s * 1.05
    with line.fleet_lock:
        balance = fleet.meters[2].balance_fen
    with rec.cond:
        latest = [s for _, s in rec.snapshots if s.address == 2][-1]
    assert latest.balance_fen == balance  # physics off: nothing is deducted


def test_live_poll_of_chosen_meters(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, _, rec, bus = rig
    bus.billing_interval_s = 60.0
    bus.set_live([2, WATER])  # a water meter has no live block: ignored
    assert rec.wait(lambda: len(rec.live) >= 3, timeout=10)
    with rec.cond:
        live = list(rec.live)
    assert {block.address for _, block in live} == {2}
    gaps = [b[0] - a[0] for a, b in zip(live, live[1:], strict=False)]
    assert all(0.7 <= g <= 2.0 for g in gaps), gaps
    bus.set_live([])
    n = len(rec.live)
    time.sleep(1.5)  # nothing to await: the absence of live polls is the outcome
    assert len(rec.live) <= n + 1


def test_priorities_control_first(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, _, _, bus = rig
    gate, started = threading.Event(), threading.Event()
    order: list[str] = []

    def block(_driver: Any) -> None:
        started.set()
        gate.wait(5)

    blocker = bus.submit(1, block, priority=Priority.CONTROL)
    assert started.wait(5)  # the worker is busy: everything below queues up
    futures = [
        bus.submit(1, lambda d: order.append("config"), priority=Priority.CONFIG),
        bus.submit(2, lambda d: order.append("events"), priority=Priority.EVENTS),
        bus.submit(3, lambda d: order.append("purchase"), priority=Priority.PURCHASE),
        bus.submit(1, lambda d: order.append("control"), priority=Priority.CONTROL),
    ]
    gate.set()
    blocker.result(5)
    for f in futures:
        f.result(5)
    assert order == ["control", "purchase", "config", "events"]


def test_control_command_overtakes_polling() -> None:
    fleet = Fleet(meters=8, water=0, seed=6, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=9600)
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=8, water=0, baud=9600, billing_interval_s=0.0)
    bus.start()
    try:
        bus.submit(4, lambda d: d.unlock(), priority=Priority.CONFIG).result(10)
        assert rec.wait(lambda: bus.stats().rounds >= 1, timeout=10)
        round_s = bus.stats().last_round_s
        assert round_s is not None and round_s > 0.9  # 8 polls of ~0.13 s each
        latencies = []
        for k in range(5):
            time.sleep(0.05 + 0.037 * k)  # land at different points of a poll
            t0 = time.monotonic()
            bus.set_forced_control(4, 0, ForceMode.OPEN if k % 2 == 0 else ForceMode.AUTO).result(5)
            latencies.append(time.monotonic() - t0)
        # One poll on the wire (~0.13 s at 9600 baud) plus the command's own ~0.04 s; generous
        # margin for a loaded 2-core machine, still far below a round.
        assert sum(latencies) / len(latencies) < 0.35, latencies
        assert max(latencies) < round_s
        with line.fleet_lock:
            assert fleet.meters[4].state_words()[0] & BranchState.FORCED_OPEN
    finally:
        bus.stop()
        line.stop()


def test_events_are_drained_to_the_listener(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, rec, bus = rig
    bus.set_forced_control(2, 1, ForceMode.OPEN).result(5)
    bus.deliver_purchase(2, PurchaseOrder(PurchaseKind.MONEY, 700, 55)).result(5)
    wanted = {EventType.FORCED_CONTROL, EventType.PURCHASE}
    assert rec.wait(lambda: wanted <= {e.type for e in rec.events if e.address == 2}, timeout=10)
    assert rec.wait(lambda: _log_len(fleet, line, 2) == 0, timeout=5)


def _log_len(fleet: Fleet, line: VirtualLine, address: int) -> int:
    with line.fleet_lock:
        return len(fleet.meters[address].log)


def test_broadcast_clock_reaches_every_meter(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, _, bus = rig
    target = START + 3 * 86_400
    bus.set_clock_all(target).result(5)

    def clocks() -> list[int]:
        with line.fleet_lock:
            return [m.clock for m in [*fleet.meters.values(), *fleet.water_meters.values()]]

    # No reply comes to a broadcast: poll the meters' state until the frame has been applied.
    deadline = time.monotonic() + 5
    while not all(abs(c - target) <= 2 for c in clocks()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(clocks()) == 4 and all(abs(c - target) <= 2 for c in clocks()), clocks()


def test_purchase_and_valve_through_the_bus(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, _, bus = rig
    with line.fleet_lock:
        before = fleet.meters[3].balance_fen
    result = bus.deliver_purchase(3, PurchaseOrder(PurchaseKind.MONEY, 2500, 4242)).result(5)
    assert result.balance_after_fen == before + 2500 and not result.already_delivered
    line.speed = 20.0  # the valve moves for 3-8 simulated seconds
    try:
        assert bus.set_valve(WATER, False).result(15) == ValveState.CLOSED
    finally:
        line.speed = 1.0
    with line.fleet_lock:
        assert fleet.meters[3].balance_fen == before + 2500


def test_event_watch_reads_a_new_event_long_before_the_next_billing_round() -> None:
    fleet = Fleet(meters=3, water=1, seed=5, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=19200)
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=3, water=1, baud=19200, billing_interval_s=3600, event_watch_s=0.2)
    bus.start()
    try:
        assert rec.wait(lambda: len(rec.addresses_seen()) == 4)      # the first billing round
        assert wait_for(lambda: _log_len(fleet, line, 2) == 0, timeout=5)
        with line.fleet_lock:
            fleet.meters[2].log.log(EventType.SWITCH_ON, 1, START + 5, dp=1500, pf=999, action=0)
        assert rec.wait(lambda: any(e.type == EventType.SWITCH_ON and e.address == 2 for e in rec.events),
                        timeout=5)
        assert len(rec.snapshots) == 4                                  # no billing poll brought it
        assert wait_for(lambda: _log_len(fleet, line, 2) == 0, timeout=5)
    finally:
        bus.stop()
        line.stop()
