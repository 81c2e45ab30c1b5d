"""The bus keeps the meters' clocks (spec §12): broadcast at start and daily, and per meter when a
snapshot shows the clock not set or more than 60 s off; a clock within 60 s is left alone.

The simulated meters' clocks run in real time on a pty; the bus's idea of the time is an injected
``meter_time``. Outcomes are the meters' own clocks and what the listener was told.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator

import pytest
from test_bus import START, WATER, Recorder, make_bus

from drivers.bus import Bus
from drivers.bus_clock import ClockSet, meter_seconds
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

BAUD = 19200


class ClockRecorder(Recorder):
    def __init__(self) -> None:
        super().__init__()
        self.clock_sets: list[ClockSet] = []

    def on_clock_set(self, url: str, setting: ClockSet) -> None:
        self._add(self.clock_sets, setting)


def campus_time(offset_s: int = 0) -> Callable[[], int]:
    """A meter-scale time source that runs with real time (the simulated meters do too)."""
    t0 = time.monotonic()
    return lambda: START + offset_s + int(time.monotonic() - t0)


@pytest.fixture
def line() -> Iterator[tuple[Fleet, VirtualLine]]:
    fleet = Fleet(meters=3, water=1, seed=3, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=BAUD)
    line.start()
    yield fleet, line
    line.stop()


def _clocks(fleet: Fleet, line: VirtualLine) -> dict[int, tuple[int, bool]]:
    with line.fleet_lock:
        return {a: (m.clock, m.clock_set)
                for a, m in [*fleet.meters.items(), *fleet.water_meters.items()]}


def _set_meter_clock(fleet: Fleet, line: VirtualLine, address: int, offset_s: int) -> None:
    """Make a meter's clock set but ``offset_s`` away from START-now (as a drifted meter would be)."""
    with line.fleet_lock:
        m = fleet.meters[address]
        m.clock += offset_s
        m.clock_set = True


def _snapshots_of(rec: Recorder, address: int, since: float) -> int:
    return sum(1 for t, s in rec.snapshots if t >= since and s.address == address)


def test_without_broadcasts_each_meter_is_set_when_unset_or_drifted(
        line: tuple[Fleet, VirtualLine]) -> None:
    fleet, vline = line
    _set_meter_clock(fleet, vline, 2, 300)   # five minutes fast
    _set_meter_clock(fleet, vline, 3, -30)   # half a minute slow: within tolerance
    # meter 1 and the water meter still have their factory clock: not set since power-up
    now = campus_time()
    rec = ClockRecorder()
    bus = make_bus(vline, rec, meters=3, water=1, baud=BAUD, billing_interval_s=0.3,
                   meter_time=now, clock_broadcast_s=None)
    bus.start()
    try:
        assert rec.wait(lambda: {c.address for c in rec.clock_sets} >= {1, 2, WATER}, timeout=15)
        since = time.monotonic()
        assert rec.wait(lambda: min(_snapshots_of(rec, a, since) for a in (1, 2, 3, WATER)) >= 3,
                        timeout=15)
        with rec.cond:
            sets = {c.address: c for c in rec.clock_sets}
        assert set(sets) == {1, 2, WATER}           # no broadcast, and meter 3 left alone
        assert sets[1].reason == sets[WATER].reason == "not_set"
        assert sets[2].reason == "drift" and 298 <= (sets[2].drift_s or 0) <= 302
        clocks = _clocks(fleet, vline)
        for address in (1, 2, WATER):
            clock, is_set = clocks[address]
            assert is_set and abs(clock - now()) <= 2, (address, clock, now())
        clock3, set3 = clocks[3]
        assert set3 and -32 <= clock3 - now() <= -28   # still its own, 30 s slow
        with rec.cond:
            latest = [s for _, s in rec.snapshots if s.address == 1][-1]
        assert not latest.clock_not_set              # the meter says so itself
    finally:
        bus.stop()


def test_broadcast_at_start_and_daily_sets_every_clock(line: tuple[Fleet, VirtualLine]) -> None:
    fleet, vline = line
    _set_meter_clock(fleet, vline, 2, 300)
    _set_meter_clock(fleet, vline, 3, -30)
    now = campus_time(offset_s=7 * 86_400)            # a week after the fleet's factory clock
    rec = ClockRecorder()
    bus = make_bus(vline, rec, meters=3, water=1, baud=BAUD, billing_interval_s=0.3,
                   meter_time=now, clock_broadcast_s=2.0)
    bus.start()
    try:
        assert rec.wait(lambda: [c.reason for c in rec.clock_sets if c.address is None][:2]
                        == ["start", "daily"], timeout=15)
        since = time.monotonic()
        assert rec.wait(lambda: min(_snapshots_of(rec, a, since) for a in (1, 2, 3, WATER)) >= 2,
                        timeout=15)
        for address, (clock, is_set) in _clocks(fleet, vline).items():
            assert is_set and abs(clock - now()) <= 2, (address, clock, now())
        with rec.cond:
            assert all(c.address is None for c in rec.clock_sets)   # nobody needed more
    finally:
        bus.stop()


def test_meter_seconds_counts_local_wall_time_from_2000() -> None:
    assert meter_seconds(dt.datetime(2000, 1, 1)) == 0
    assert meter_seconds(dt.datetime(2000, 1, 2, 0, 1, 5)) == 86_465
    shanghai = dt.timezone(dt.timedelta(hours=8))
    # the wall time on campus counts, not the UTC instant
    assert meter_seconds(dt.datetime(2026, 9, 1, 8, 0, tzinfo=shanghai)) == \
        meter_seconds(dt.datetime(2026, 9, 1, 8, 0))


def test_no_meter_time_means_the_bus_leaves_clocks_alone(line: tuple[Fleet, VirtualLine]) -> None:
    fleet, vline = line
    rec = ClockRecorder()
    bus: Bus = make_bus(vline, rec, meters=3, water=1, baud=BAUD, billing_interval_s=0.3)
    bus.start()
    try:
        assert rec.wait(lambda: bus.stats().rounds >= 2, timeout=15)
        assert rec.clock_sets == []
        assert not any(is_set for _, is_set in _clocks(fleet, vline).values())
    finally:
        bus.stop()
