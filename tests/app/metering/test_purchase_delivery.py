"""The outbox against a scripted meter: lost replies, restarts, refusals, a stolen sequence."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import alarms
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import Alarm, Purchase
from drivers.ddsy import next_sequence
from drivers.ddsy_records import PurchaseRecord, PurchaseResult
from drivers.errors import MeterTimeout, PurchaseRefused, PurchaseUncertain
from tests.factories import make_campus


class ScriptedMeter:
    """The purchase rules of spec §6 for one meter, with faults a test can arm."""

    def __init__(self) -> None:
        self.count = 0
        self.balance = 0
        self.records: list[PurchaseRecord] = []
        self.lose_reply_once = False     # the write lands, the reply is lost
        self.dead = False
        self.calls = 0

    def purchase_count(self, meter_id: int) -> int:
        if self.dead:
            raise MeterTimeout("no reply")
        return self.count

    def _apply(self, order, sequence) -> None:
        if sequence != next_sequence(self.count):
            raise PurchaseRefused("wrong sequence", code=3, sequence=sequence)
        if order.amount < 0 and self.balance + order.amount < 0:
            raise PurchaseRefused("would go below zero", code=3, sequence=sequence)
        self.count = sequence
        self.balance += order.amount
        self.records.insert(0, PurchaseRecord(sequence, int(order.kind), order.amount, self.balance, order.tag))

    def deliver(self, meter_id: int, order, sequence: int) -> PurchaseResult:
        self.calls += 1
        if self.dead:
            raise PurchaseUncertain("no reply", sequence=sequence)
        if self.count == sequence and self.records and self.records[0].tag == order.tag:
            return PurchaseResult(sequence, order, self.balance, True, 1)   # driver: "already delivered"
        self._apply(order, sequence)
        if self.lose_reply_once:
            self.lose_reply_once = False
            raise PurchaseUncertain("reply lost", sequence=sequence)
        return PurchaseResult(sequence, order, self.balance, False, 1)

    def purchase_records(self, meter_id: int) -> list[PurchaseRecord]:
        return list(self.records)


@pytest.fixture
def room(store):
    campus = make_campus(store)
    rid, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    return campus, rid, a


def _recharge(store, campus, rid, a, fen, key):
    return payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(fen),
                            method="cash", payer_id=a, key=key)


def test_lost_reply_and_restart_still_credit_exactly_once(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    r = _recharge(store, campus, rid, a, 5000, "k1")
    meter.lose_reply_once = True
    first = PurchaseDelivery(store, meter).deliver(r.purchase_id)
    assert first.status == "pending" and meter.balance == 5000   # landed, but unconfirmed
    with store.read() as s:
        assert s.get(Purchase, r.purchase_id).sequence == 1       # the sequence was committed first
    # the program restarts: a new delivery engine resumes with the stored sequence
    again = PurchaseDelivery(store, meter).deliver_pending()
    assert [o.status for o in again] == ["delivered"]
    assert meter.balance == 5000 and meter.count == 1             # credited once
    with store.read() as s:
        p = s.get(Purchase, r.purchase_id)
        assert (p.status, p.sequence, p.attempts) == ("delivered", 1, 2)


def test_dead_meter_keeps_purchases_pending_in_order(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    meter.dead = True
    p1 = _recharge(store, campus, rid, a, 1000, "a").purchase_id
    p2 = _recharge(store, campus, rid, a, 2000, "b").purchase_id
    engine = PurchaseDelivery(store, meter)
    out = engine.deliver_pending()
    assert [(o.purchase_id, o.status) for o in out] == [(p1, "pending")]   # p2 waits behind p1
    with store.read() as s:
        assert "will retry" in s.get(Purchase, p1).reason
    meter.dead = False
    assert [o.status for o in engine.deliver_pending()] == ["delivered", "delivered"]
    assert [r.tag for r in meter.records] == [p2, p1] and meter.balance == 3000


def test_refused_negative_credit_fails_the_refund_and_raises_an_alarm(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    _recharge(store, campus, rid, a, 3000, "r")
    engine = PurchaseDelivery(store, meter)
    engine.deliver_pending()
    acc = payments.account_for(store, rid, "electricity")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(2500), student_id=a, key="rf")
    meter.balance = 1000   # the room used power meanwhile
    out = engine.deliver(info.purchase_id)
    assert out.status == "failed" and "refused the amount" in out.reason
    status = payments.refund_status(store, info.refund_id)
    assert status.status == "failed" and "refused" in status.reason
    assert Ledger(store).balance(acc) == Money(3000)   # nothing was paid out
    assert [al.kind for al in alarms.open_alarms(store, rid)] == ["purchase_refused"]


def test_refund_is_paid_once_the_meter_gives_the_money_back(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    _recharge(store, campus, rid, a, 3000, "r")
    engine = PurchaseDelivery(store, meter)
    engine.deliver_pending()
    acc = payments.account_for(store, rid, "electricity")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1200), student_id=a, key="rf")
    assert engine.deliver(info.purchase_id).status == "delivered"
    assert meter.balance == 1800 and meter.records[0].amount == -1200
    done = payments.refund_status(store, info.refund_id)
    assert done.status == "paid" and done.receipt_id is not None
    assert Ledger(store).balance(acc) == Money(1800)


def test_sequence_taken_by_another_host_is_renumbered(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    pid = _recharge(store, campus, rid, a, 700, "x").purchase_id
    with store.write() as s:
        s.get(Purchase, pid).sequence = 1          # we had numbered it …
    meter.count, meter.records = 1, [PurchaseRecord(1, 1, 99, 99, 123456)]   # … but another host used 1

    def conflict(meter_id, order, sequence):
        if sequence == 1:
            raise PurchaseRefused("count moved", code=None, sequence=1)
        return ScriptedMeter.deliver(meter, meter_id, order, sequence)

    meter.deliver = conflict  # type: ignore[method-assign]
    engine = PurchaseDelivery(store, meter)
    assert engine.deliver(pid).status == "pending"
    assert engine.deliver(pid).status == "delivered"
    with store.read() as s:
        assert s.get(Purchase, pid).sequence == 2
        assert s.scalar(select(Alarm.id)) is None
