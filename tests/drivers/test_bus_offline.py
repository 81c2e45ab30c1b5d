"""Dead meters must not starve live ones: commands for an offline meter fail fast with
``MeterOffline`` and never reach the wire; only the probe does, once per back-off period.

Real RTU bytes through a pty to the simulated fleet at line rate; outcomes are the billing
readings the live meters delivered and what the fail-fast commands told their callers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bus import START, Recorder, make_bus

from drivers.bus import Bus
from drivers.bus_queue import Priority
from drivers.ddsy_records import BranchState, ForceMode, PrepaidParameters, PurchaseKind, PurchaseOrder
from drivers.errors import MeterError, MeterOffline
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

BAUD = 19200
DEAD = (2, 4, 5, 7, 8)
LIVE = (1, 3, 6)
BILLING_S = 0.5
WINDOW_S = 15.0
PARAMS = PrepaidParameters(1, 5880, 1000, 200, 0, 0x7)


@pytest.fixture
def eight(tmp_path: Path) -> Iterator[tuple[Fleet, VirtualLine, Recorder, Bus]]:
    fleet = Fleet(meters=8, water=0, seed=11, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=BAUD, link=str(tmp_path / "ttyRS485"))
    line.start()
    rec = Recorder()
    bus = make_bus(line, rec, meters=8, water=0, baud=BAUD, billing_interval_s=BILLING_S,
                   probe_backoff_s=1.0, probe_backoff_max_s=4.0)
    bus.start()
    yield fleet, line, rec, bus
    bus.stop()
    line.stop()


class RetryingOffice:
    """What the runtime does for meters that owe it work: every pass it pushes the prepaid
    parameters to each meter that does not hold them and retries each pending purchase, waiting
    for each purchase's outcome before the next (the delivery thread works one at a time)."""

    def __init__(self, bus: Bus, addresses: tuple[int, ...]) -> None:
        self.bus = bus
        self.addresses = addresses
        self.passes = 0
        self.failures: list[MeterError] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="office", daemon=True)

    def __enter__(self) -> RetryingOffice:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(60)

    def _run(self) -> None:
        while not self._stop.is_set():
            pushes = [self.bus.submit(a, lambda d: d.write_prepaid(PARAMS), priority=Priority.CONFIG,
                                      label="prepaid") for a in self.addresses]
            for a in self.addresses:
                order = PurchaseOrder(PurchaseKind.MONEY, 1000, 9000 + a)
                try:
                    self.bus.deliver_purchase(a, order, sequence=1).result(60)
                except MeterError as exc:
                    self.failures.append(exc)
            for f in pushes:
                try:
                    f.result(60)
                except MeterError as exc:
                    self.failures.append(exc)
            self.passes += 1
            self._stop.wait(0.2)


def test_dead_meters_owed_purchases_and_pushes_do_not_starve_the_live_ones(
        eight: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, rec, bus = eight
    for a in DEAD:
        line.faults.set_dead(a, True)
    assert rec.wait(lambda: all((a, False) in rec.online for a in DEAD), timeout=30)
    with RetryingOffice(bus, DEAD) as office:
        assert rec.wait(lambda: office.passes >= 1, timeout=30)
        since = time.monotonic()
        with rec.cond:
            rec.cond.wait_for(lambda: time.monotonic() >= since + WINDOW_S, WINDOW_S + 1)
        until = time.monotonic()
        passes = office.passes
    with rec.cond:
        got = {a: sum(1 for t, s in rec.snapshots if since <= t < until and s.address == a)
               for a in LIVE}
    wanted = WINDOW_S / BILLING_S
    print("billing readings in the window", got, "of", wanted, "passes", passes)
    assert all(n >= 0.9 * wanted for n in got.values()), (got, wanted)
    # The office kept retrying all along, and every retry was told the meter is offline.
    assert passes >= 10
    assert office.failures and all(isinstance(e, MeterOffline) for e in office.failures)
    assert bus.stats().offline == len(DEAD)


def test_a_command_to_an_offline_meter_fails_at_once(
        eight: tuple[Fleet, VirtualLine, Recorder, Bus]) -> None:
    fleet, line, rec, bus = eight
    line.faults.set_dead(2, True)
    assert rec.wait(lambda: (2, False) in rec.online, timeout=20)
    t0 = time.monotonic()
    with pytest.raises(MeterOffline) as caught:
        bus.set_forced_control(2, 0, ForceMode.OPEN).result(5)
    assert time.monotonic() - t0 < 0.3   # no timeout was waited for: the clerk hears it at once
    assert "offline" in str(caught.value) and caught.value.address == 2
    line.faults.set_dead(2, False)
    assert rec.wait(lambda: rec.online[-1] == (2, True), timeout=20)
    with line.fleet_lock:   # the refused command was not kept to be sent later
        assert not fleet.meters[2].state_words()[0] & BranchState.FORCED_OPEN
    bus.set_forced_control(2, 0, ForceMode.OPEN).result(5)   # back online: commands go through
    with line.fleet_lock:
        assert fleet.meters[2].state_words()[0] & BranchState.FORCED_OPEN
