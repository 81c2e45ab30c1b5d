"""The outbox against the simulated meter over real RTU bytes on a pty: a wrong password, a blocked
unlock, a sequence another writer took, an offline meter, and free quota cleared by the meter.

The gateway here is what the meter service does over its bus workers (submit, wait); the outcomes
are the purchases' states, the alarms and findings in the store, and the simulated meter's money.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import alarms, quota, tariffs
from app.metering.billing import ElectricReading
from app.metering.billing_electricity import bill_electricity
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import ElectricityMeter, Purchase, ReconciliationFinding
from drivers.bus import Bus
from drivers.bus_listener import BusListener
from drivers.bus_queue import Priority
from drivers.ddsy_records import (
    PrepaidParameters,
    PurchaseKind,
    PurchaseOrder,
    PurchaseRecord,
    PurchaseResult,
)
from drivers.errors import MeterError, WrongPassword
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from tests.waiting import wait_for

BAUD = 19200
ADDRESS = 1            # the meter of room B1-101 in the test campus
PASSWORD = 1946
PRICE = 5883
CAMPUS = clock.CAMPUS_TZ


class BusGateway:
    """PurchaseGateway over a bus worker, as the meter service provides it."""

    def __init__(self, bus: Bus, addresses: dict[int, int]) -> None:
        self.bus = bus
        self.addresses = addresses

    def _call(self, meter_id: int, fn: Any) -> Any:
        return self.bus.submit(self.addresses[meter_id], fn, priority=Priority.PURCHASE).result(30)

    def purchase_count(self, meter_id: int) -> int:
        return self._call(meter_id, lambda d: d.read_purchase_count())

    def deliver(self, meter_id: int, order: PurchaseOrder, sequence: int) -> PurchaseResult:
        return self._call(meter_id, lambda d: d.deliver_purchase(order, sequence=sequence))

    def purchase_records(self, meter_id: int) -> list[PurchaseRecord]:
        return self._call(meter_id, lambda d: d.read_purchase_records())


class Online(BusListener):
    def __init__(self) -> None:
        import threading

        self.cond = threading.Condition()
        self.changes: list[tuple[int, bool]] = []

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        with self.cond:
            self.changes.append((address, online))
            self.cond.notify_all()

    def wait_for(self, change: tuple[int, bool], timeout: float = 20.0) -> bool:
        with self.cond:
            return self.cond.wait_for(lambda: change in self.changes, timeout)


class Rig:
    def __init__(self, store: Any, tmp_path: Any, password: int) -> None:
        self.store = store
        self.campus = make_campus(store)
        self.room = self.campus.rooms["B1-101"]
        self.student = self.campus.students["202610000"]
        occupancy.check_in(store, self.campus.clerk, self.student, self.room)
        shifts.open_shift(store, self.campus.clerk, Money(0))
        with store.read() as s:
            self.meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == self.room))
        self.fleet = Fleet(meters=1, water=0, seed=9, start_clock=800_000_000, physics=False)
        self.line = VirtualLine(self.fleet, baud=BAUD, link=str(tmp_path / "ttyRS485"))
        self.line.start()
        self.online = Online()
        self.bus = Bus(self.line.client_path, baud=BAUD, password=password, listener=self.online,
                       billing_interval_s=60.0, probe_backoff_s=0.5, probe_backoff_max_s=1.0)
        self.bus.add_meter(ADDRESS, "ddsy")
        self.bus.start()
        self.engine = PurchaseDelivery(store, BusGateway(self.bus, {self.meter_id: ADDRESS}))

    @property
    def meter(self) -> Any:
        return self.fleet.meters[ADDRESS]

    def recharge(self, fen: int, key: str) -> int:
        return payments.recharge(self.store, self.campus.clerk, room_id=self.room, utility="electricity",
                                 amount=Money(fen), method="cash", payer_id=self.student, key=key).purchase_id

    def purchase(self, pid: int) -> Purchase:
        with self.store.read() as s:
            p = s.get(Purchase, pid)
            s.expunge(p)
            return p

    def close(self) -> None:
        self.bus.stop()
        self.line.stop()


@pytest.fixture
def rig(store, tmp_path) -> Iterator[Rig]:
    r = Rig(store, tmp_path, PASSWORD)
    yield r
    r.close()


@pytest.fixture
def wrong_rig(store, tmp_path) -> Iterator[Rig]:
    r = Rig(store, tmp_path, 1234)
    yield r
    r.close()


def test_a_wrong_password_is_reported_as_such_and_never_provokes_the_block(wrong_rig: Rig) -> None:
    rig = wrong_rig
    pid = rig.recharge(1000, "w")
    for _ in range(7):                       # more passes than the meter's five wrong passwords
        out = rig.engine.deliver(pid)
        assert out.status == "pending" and "wrong meter password" in out.reason
        assert "refused the amount" not in out.reason
    with rig.line.fleet_lock:
        assert (rig.meter.wrong_passwords, rig.meter.block_left, rig.meter.balance_fen) == (1, 0, 0)
    [alarm] = alarms.open_alarms(rig.store, rig.room)
    assert "wrong meter password" in alarm.message
    rig.bus.set_password(PASSWORD)          # the setting is corrected
    assert rig.engine.deliver(pid).status == "delivered"
    with rig.line.fleet_lock:
        assert rig.meter.balance_fen == 1000
    assert rig.purchase(pid).status == "delivered"


def test_a_blocked_unlock_waits_and_is_delivered_after_the_block(rig: Rig) -> None:
    for wrong in range(1111, 1116):          # someone typed five wrong passwords at the meter
        with pytest.raises(WrongPassword):
            rig.bus.submit(ADDRESS, lambda d, pw=wrong: d.unlock(pw)).result(10)
    with rig.line.fleet_lock:
        assert rig.meter.block_left > 0
    pid = rig.recharge(2500, "b")
    for _ in range(3):
        out = rig.engine.deliver(pid)
        assert out.status == "pending" and "blocks unlocking" in out.reason
    assert rig.purchase(pid).status == "pending"
    with rig.line.fleet_lock:
        rig.fleet.advance(600)               # ten minutes of meter time
        assert rig.meter.block_left == 0 and rig.meter.balance_fen == 0
    assert rig.engine.deliver(pid).status == "delivered"
    with rig.line.fleet_lock:
        assert rig.meter.balance_fen == 2500 and rig.meter.purchase_count == 1


def _lose_the_write_and_its_read_back(rig: Rig) -> list[bool]:
    """The next purchase write vanishes on the line, and so do the two reads of the count after
    it: the attempt ends unconfirmed with its sequence stored (a meter that stopped answering)."""
    driver: Any = rig.bus.driver(ADDRESS)
    original = driver._protected_write
    armed: list[bool] = []

    def write(values: dict[str, int], *, idempotent: bool = True) -> None:
        if "purchase_sequence" in values and not armed:
            armed.append(True)
            rig.line.faults.drop_next(3)
        original(values, idempotent=idempotent)

    driver._protected_write = write
    return armed


def test_a_sequence_taken_between_our_attempts_is_a_finding_and_ours_is_resent(rig: Rig) -> None:
    pid = rig.recharge(700, "t")
    armed = _lose_the_write_and_its_read_back(rig)
    out = rig.engine.deliver(pid)
    assert armed and out.status == "pending"
    ours = rig.purchase(pid).sequence
    assert ours == 1
    # another writer (a second office PC, a handheld) delivers with the sequence we stored
    rig.bus.deliver_purchase(ADDRESS, PurchaseOrder(PurchaseKind.MONEY, 99, 123456)).result(10)
    out = rig.engine.deliver(pid)
    assert out.status == "delivered"
    p = rig.purchase(pid)
    assert p.sequence == 2
    with rig.line.fleet_lock:
        assert rig.meter.balance_fen == 799
        assert [r.tag for r in rig.meter.prepaid.records] == [pid, 123456]
    with rig.store.read() as s:
        f = s.scalar(select(ReconciliationFinding))
        assert (f.kind, f.host_value, f.meter_value) == ("sequence_taken", pid, 123456)
        assert (f.details["sequence"], f.details["amount"], f.details["meter_amount"]) == (1, 700, 99)
    assert [al.kind for al in alarms.open_alarms(rig.store, rig.room)] == ["reconciliation"]


def test_an_offline_meter_costs_the_delivery_no_wait(rig: Rig) -> None:
    pid = rig.recharge(1500, "o")
    rig.line.faults.set_dead(ADDRESS, True)
    for _ in range(3):                       # the bus's own reads find it dead (offline after 3)
        with pytest.raises(MeterError):
            rig.bus.submit(ADDRESS, lambda d: d.read_measurement(), priority=Priority.CONFIG).result(10)
    assert rig.online.wait_for((ADDRESS, False))
    t0 = time.monotonic()
    for _ in range(5):
        out = rig.engine.deliver(pid)
        assert out.status == "pending" and "offline" in out.reason
    assert time.monotonic() - t0 < 1.0       # five attempts, not one timeout among them
    assert rig.purchase(pid).attempts == 0
    rig.line.faults.set_dead(ADDRESS, False)
    assert rig.online.wait_for((ADDRESS, True))
    assert rig.engine.deliver(pid).status == "delivered"
    with rig.line.fleet_lock:
        assert rig.meter.balance_fen == 1500


def _bill(rig: Rig) -> None:
    """A billing reading taken now (the app's clock), stored and billed."""
    snap = rig.bus.submit(ADDRESS, lambda d: d.read_measurement()).result(10)
    with rig.store.write() as s:
        bill_electricity(s, ElectricReading(rig.meter_id, clock.now(), snap.incoming_energy_cwh,
                                            tuple(b.energy_cwh for b in snap.branches), snap.balance_fen,
                                            snap.free_energy_cwh, snap.purchase_count, int(snap.status)))


def test_expired_free_quota_is_cleared_by_the_meter_even_after_more_use(rig: Rig) -> None:
    store = rig.store
    tariffs.set_price(store, rig.campus.admin, "electricity", PRICE, date(2026, 9, 1))
    rig.bus.submit(ADDRESS, lambda d: d.write_prepaid(PrepaidParameters(1, PRICE, 1000, 200, 0, 0x7))).result(10)
    quota.add_rule(store, rig.campus.admin, utility="electricity", scope="room", period="month", amount=2000,
                   valid_from=date(2026, 9, 1))
    with clock.use(clock.FixedClock(datetime(2026, 11, 1, 0, 10, tzinfo=CAMPUS))) as now:
        rig.recharge(5000, "money")
        quota.run_quota(store, clock.today())
        assert [o.status for o in rig.engine.deliver_pending()] == ["delivered", "delivered"]
        now.set(datetime(2026, 11, 1, 12, tzinfo=CAMPUS))
        _bill(rig)
        with rig.line.fleet_lock:
            rig.meter.energy_steps(1400)         # 14 kWh of the 20 free
        now.set(datetime(2026, 11, 30, 12, tzinfo=CAMPUS))
        _bill(rig)                               # the store sees 6 kWh left
        with rig.line.fleet_lock:
            rig.meter.energy_steps(300)          # the room used 3 kWh more after the last reading
            assert rig.meter.free_energy_cwh == 300
        now.set(datetime(2026, 12, 1, 0, 10, tzinfo=CAMPUS))
        quota.run_quota(store, clock.today())
        outcomes = rig.engine.deliver_pending()
        assert [o.status for o in outcomes] == ["delivered", "delivered"]    # clear, then December's grant
        with rig.line.fleet_lock:
            assert rig.meter.free_energy_cwh == 2000                         # 3 kWh cleared, 20 granted
            kinds = [r.kind for r in list(rig.meter.prepaid.records)[:2]]
        assert kinds == [2, 4]
        with store.read() as s:
            cleared = s.scalar(select(Purchase).where(Purchase.kind == 4))
            assert cleared.amount == -300                                     # what the clear removed
        with rig.line.fleet_lock:
            rig.meter.energy_steps(2500)         # December: 20 kWh free, then 5 kWh paid
        now.set(datetime(2026, 12, 15, 12, tzinfo=CAMPUS))
        _bill(rig)
    acc = payments.account_for(store, rig.room, "electricity")
    with rig.line.fleet_lock:
        assert rig.meter.balance_fen == 5000 - 500 * PRICE // 10_000
        assert Ledger(store).balance(acc) == Money(rig.meter.balance_fen)
    with store.read() as s:
        assert s.scalars(select(ReconciliationFinding)).all() == []


def test_a_price_push_command_writes_the_price_to_the_meter_on_the_wire(rig: Rig) -> None:
    """A batch price push (issue 13 item 5) as the command runner carries it out: the §5 block with the
    price in force goes over the line and the meter charges by it."""
    from app.batch import operations as ops
    from app.metering import tariffs
    from app.metering.runtime import meters
    from app.metering.runtime.command_runner import CommandRunner

    tariffs.add_tariff(rig.store, rig.campus.admin, utility="electricity", unit_price="0.6120",
                       valid_from=clock.today())
    plan = ops.plan_price_push(rig.store, rig.campus.tech, [rig.room])
    run = ops.run_price_push(rig.store, rig.campus.tech, plan, key="price")
    _buses, meter_map = meters.load(rig.store)
    runner = CommandRunner(rig.store, meter_map, {meter_map.meter("ddsy", rig.meter_id).bus_id: rig.bus},
                           now=clock.now)
    try:
        assert runner.run_pending() == 1
        assert wait_for(lambda: ops.follow(rig.store, run).finished, timeout=20)
    finally:
        runner.stop()
    assert [r.status for r in ops.follow(rig.store, run).results] == ["done"]
    with rig.line.fleet_lock:
        assert rig.meter.prepaid.unit_price == 6120


def test_a_free_quota_grant_lands_on_the_meter_as_free_energy(rig: Rig) -> None:
    """A batch free quota (issue 13 item 5) goes through the outbox as a kind-2 purchase: the meter holds
    the 12.5 kWh as free energy, and the run's result follows it to "delivered"."""
    from app.batch import operations as ops

    plan = ops.plan_free_quota(rig.store, rig.campus.admin, [rig.room], utility="electricity",
                               amount=ops.parse_free_quota("electricity", "12.5"))
    run = ops.run_free_quota(rig.store, rig.campus.admin, plan, key="exam-week")
    with rig.line.fleet_lock:
        before = rig.meter.free_energy_cwh
    assert [o.status for o in rig.engine.deliver_pending()] == ["delivered"]
    with rig.line.fleet_lock:
        assert rig.meter.free_energy_cwh == before + 1250
        assert [r.kind for r in list(rig.meter.prepaid.records)[:1]] == [2]
    assert [r.delivery for r in ops.follow(rig.store, run).results] == ["delivered"]
    ops.run_free_quota(rig.store, rig.campus.admin, plan, key="exam-week")      # the same key: nothing more
    assert rig.engine.deliver_pending() == []
    with rig.line.fleet_lock:
        assert rig.meter.free_energy_cwh == before + 1250
