"""The bus worker under line faults: spoilt replies, dead meters, a pulled adapter, lost replies.

Faults are injected into the virtual line (``VirtualLine.faults``) or the fleet; outcomes are read
from the listener, the bus's counters and the simulated meters' state.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_bus import PASSWORD, START, WATER, Recorder, make_bus

from drivers.bus import Bus
from drivers.bus_queue import Priority
from drivers.ddsy_records import PurchaseKind, PurchaseOrder
from drivers.errors import MeterTimeout
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

BAUD = 19200


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[tuple[Fleet, VirtualLine, Recorder, Bus]]:
    fleet = Fleet(meters=4, water=1, seed=7, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=BAUD, link=str(tmp_path / "ttyRS485"))
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=4, water=1, baud=BAUD, billing_interval_s=0.0,
                   probe_backoff_s=0.5, probe_backoff_max_s=2.0, port_backoff_s=0.2,
                   port_backoff_max_s=0.5)
    bus.start()
    assert rec.wait(lambda: bus.stats().rounds >= 1)
    yield fleet, line, rec, bus
    bus.stop()
    line.stop()


def _rounds_after(bus: Bus, rec: Recorder, n: int) -> None:
    start = bus.stats().rounds
    assert rec.wait(lambda: bus.stats().rounds >= start + n, timeout=15)


def test_crc_error_is_retried_and_counted(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, line, rec, bus = rig
    line.faults.corrupt_next(1)
    _rounds_after(bus, rec, 2)
    stats = bus.stats()
    assert stats.errors.get("crc", 0) == 1
    assert line.stats["corrupted"] == 1
    assert stats.online == 5 and rec.errors == []  # the retry succeeded: nobody failed


def test_bad_replies_are_typed_and_harmless(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, line, rec, bus = rig
    line.faults.garbage_next(1)
    line.faults.wrong_address_next(1)
    line.faults.truncate_next(1)
    line.faults.garbage_next(1, prefix=True)
    line.faults.inject_noise(b"\x00\xff\x13\x37")
    t0 = time.monotonic()
    _rounds_after(bus, rec, 3)
    errors = bus.stats().errors
    assert errors.get("bad_reply", 0) + errors.get("crc", 0) + errors.get("timeout", 0) >= 4, errors
    assert errors.get("internal", 0) == 0
    assert rec.addresses_seen(since=t0) == {1, 2, 3, 4, WATER}
    assert bus.stats().online == 5
    assert bus._thread is not None and bus._thread.is_alive()


def test_dead_meter_goes_offline_and_others_keep_their_round(
        rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, rec, bus = rig
    _rounds_after(bus, rec, 2)
    base = bus.stats().last_round_s
    assert base is not None
    line.faults.set_dead(3, True)
    assert rec.wait(lambda: (3, False) in rec.online, timeout=10)
    assert all(isinstance(e, MeterTimeout) for a, e in rec.errors if a == 3)
    _rounds_after(bus, rec, 1)  # the round in progress when it went offline still polled it
    rounds: list[float] = []
    for _ in range(6):
        _rounds_after(bus, rec, 1)
        stats = bus.stats()
        assert stats.last_round_polls == 4  # the dead meter is no longer polled in rounds
        assert stats.last_round_s is not None
        rounds.append(stats.last_round_s)
    # At most one short probe (~0.1 s) per backoff period may land in a round.
    assert sum(rounds) / len(rounds) <= base * 1.10 + 0.12, (base, rounds)
    since = time.monotonic()
    line.faults.set_dead(3, False)
    assert rec.wait(lambda: (3, True) in rec.online, timeout=10)
    assert rec.wait(lambda: 3 in rec.addresses_seen(since), timeout=10)


def test_pulled_adapter_reopens_and_polling_resumes(
        rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, line, rec, bus = rig
    line.faults.pull_adapter(duration_s=1.0)
    assert rec.wait(lambda: any(not is_open for _, is_open in rec.ports), timeout=10)
    pulled_at = [t for t, is_open in rec.ports if not is_open][0]
    assert rec.wait(lambda: rec.ports[-1][1] and rec.ports[-1][0] > pulled_at, timeout=10)
    reopened_at = rec.ports[-1][0]
    assert rec.wait(lambda: rec.addresses_seen(reopened_at) == {1, 2, 3, 4, WATER}, timeout=10)
    stats = bus.stats()
    assert stats.port_open and stats.port_reopens >= 1 and stats.online == 5


def _lossy_purchase_write(bus: Bus, line: VirtualLine, address: int, fault: str) -> list[str]:
    """Arm ``fault`` on the line just before the driver writes the purchase record."""
    driver: Any = bus.driver(address)
    original = driver._protected_write
    armed: list[str] = []

    def write(values: dict[str, int], *, idempotent: bool = True) -> None:
        if "purchase_sequence" in values and not armed:
            armed.append(fault)
            getattr(line.faults, fault)(1)
        original(values, idempotent=idempotent)

    driver._protected_write = write
    return armed


@pytest.mark.parametrize("fault, landed", [("lose_reply_next", True), ("drop_next", False)])
def test_purchase_with_lost_frame_credits_exactly_once(
        rig: tuple[Fleet, VirtualLine, Recorder, Bus], fault: str, landed: bool) -> None:
    fleet, line, _, bus = rig
    bus.billing_interval_s = 60.0  # keep the line quiet so the fault hits the purchase
    bus.submit(2, lambda d: d.unlock(), priority=Priority.CONFIG).result(5)
    with line.fleet_lock:
        before = (fleet.meters[2].balance_fen, fleet.meters[2].purchase_count)
    armed = _lossy_purchase_write(bus, line, 2, fault)
    order = PurchaseOrder(PurchaseKind.MONEY, 3300, 777)
    result = bus.deliver_purchase(2, order).result(10)
    assert armed == [fault]
    assert result.already_delivered is landed  # lost reply: it landed; lost request: rewritten
    assert result.sequence == before[1] + 1
    with line.fleet_lock:
        meter = fleet.meters[2]
        assert (meter.balance_fen, meter.purchase_count) == (before[0] + 3300, before[1] + 1)
    records = bus.submit(2, lambda d: d.read_purchase_records()).result(10)
    assert [r.tag for r in records].count(777) == 1
    assert PASSWORD == 1946


def test_slow_meter_timeout_adapts(rig: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    _, line, rec, bus = rig
    line.faults.set_slow(4, 0.15)  # beyond the spec's 20 ms, within what a master should learn
    since = time.monotonic()
    assert rec.wait(lambda: sum(1 for t, s in rec.snapshots if t >= since and s.address == 4) >= 3,
                    timeout=15)
    assert bus.link(4).online
    budget = bus.driver(4).timing.budget_s(boosted=False)
    assert budget >= 0.15 + 0.02
