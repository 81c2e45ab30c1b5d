"""The outbox against a scripted meter: lost replies, restarts, refusals, a stolen sequence."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app import events
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import alarms
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import Purchase, ReconciliationFinding
from drivers.ddsy import next_sequence
from drivers.ddsy_records import PurchaseRecord, PurchaseResult
from drivers.errors import (
    MeterOffline,
    MeterTimeout,
    PurchaseRefused,
    PurchaseUncertain,
    UnlockBlocked,
    WrongPassword,
)
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


def test_sequence_taken_by_another_host_is_a_finding_and_ours_is_resent_at_once(store, room):
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
    seen = _events(store)
    out = PurchaseDelivery(store, meter).deliver(pid)
    assert out.status == "delivered"                       # re-sent with the next sequence at once
    assert meter.balance == 700 and [r.tag for r in meter.records] == [pid, 123456]
    with store.read() as s:
        assert s.get(Purchase, pid).sequence == 2
        f = s.scalar(select(ReconciliationFinding))
        assert (f.kind, f.host_value, f.meter_value) == ("sequence_taken", pid, 123456)
        assert (f.details["sequence"], f.details["amount"], f.details["meter_amount"]) == (1, 700, 99)
    [alarm] = alarms.open_alarms(store, rid)
    assert alarm.kind == "reconciliation" and "sequence 1" in alarm.message and "123456" in alarm.message
    assert ("purchase_state_changed", {rid}, (pid,)) in seen


def _events(store):
    seen = []
    events.hub(store).subscribe(lambda e: seen.append((e.topic, set(e.rooms), e.ids)))
    return seen


class OfflineMeter(ScriptedMeter):
    """The bus knows this meter is offline: every call fails at once, nothing goes on the wire."""

    offline = True

    def purchase_count(self, meter_id: int) -> int:
        if self.offline:
            raise MeterOffline(address=1)
        return super().purchase_count(meter_id)

    def deliver(self, meter_id: int, order, sequence: int) -> PurchaseResult:
        if self.offline:
            raise MeterOffline(address=1)
        return super().deliver(meter_id, order, sequence)


def test_an_offline_meter_keeps_purchases_pending_without_counting_or_rewriting(store, room):
    campus, rid, a = room
    meter = OfflineMeter()
    pid = _recharge(store, campus, rid, a, 1000, "o").purchase_id
    with store.write() as s:
        s.get(Purchase, pid).sequence = 1          # numbered by an attempt before the meter went away
    engine = PurchaseDelivery(store, meter)
    seen = _events(store)
    assert [o.status for o in engine.deliver_pending()] == ["pending"]
    with store.read() as s:
        p = s.get(Purchase, pid)
        assert "offline" in p.reason and p.attempts == 0 and p.sequence == 1
    assert seen == [("purchase_state_changed", {rid}, (pid,))]   # the clerk's view learns why
    for _ in range(3):                                             # the passes go on: nothing new
        assert [o.status for o in engine.deliver_pending()] == ["pending"]
    assert len(seen) == 1
    meter.offline = False
    assert [o.status for o in engine.deliver_pending()] == ["delivered"]
    assert meter.balance == 1000
    with store.read() as s:
        assert s.get(Purchase, pid).attempts == 1


@pytest.mark.parametrize("error, words", [(WrongPassword(address=1), "wrong meter password"),
                                          (UnlockBlocked(address=1), "blocks unlocking")])
def test_password_trouble_leaves_the_purchase_pending_never_refused(store, room, error, words):
    campus, rid, a = room
    meter = ScriptedMeter()
    pid = _recharge(store, campus, rid, a, 1000, "p").purchase_id

    def refuse(meter_id, order, sequence):
        raise error

    meter.deliver = refuse  # type: ignore[method-assign]
    engine = PurchaseDelivery(store, meter)
    for _ in range(3):
        out = engine.deliver(pid)
        assert out.status == "pending" and words in out.reason and "refused the amount" not in out.reason
    with store.read() as s:
        assert s.get(Purchase, pid).status == "pending"
    kinds = [al.kind for al in alarms.open_alarms(store, rid)]
    if isinstance(error, WrongPassword):   # someone must correct the setting: one alarm, not three
        assert kinds == ["meter_password"] and "wrong meter password" in alarms.open_alarms(store, rid)[0].message
    else:
        assert kinds == []                 # the meter logs its own block (event 15 raises that alarm)


def test_delivery_and_refusal_tell_the_hub(store, room):
    campus, rid, a = room
    meter = ScriptedMeter()
    seen = _events(store)
    pid = _recharge(store, campus, rid, a, 3000, "r").purchase_id
    seen.clear()
    PurchaseDelivery(store, meter).deliver_pending()
    assert seen == [("purchase_state_changed", {rid}, (pid,))]
    acc = payments.account_for(store, rid, "electricity")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1000), student_id=a, key="rf")
    seen.clear()
    assert PurchaseDelivery(store, meter).deliver(info.purchase_id).status == "delivered"
    # the refund was paid out in the same transaction: money moved in the room, once
    assert sorted(t for t, _, _ in seen) == ["money_moved", "purchase_state_changed"]
    assert all(rooms == {rid} for _, rooms, _ in seen)
    info2 = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1500), student_id=a, key="rf2")
    meter.balance = 100
    seen.clear()
    assert PurchaseDelivery(store, meter).deliver(info2.purchase_id).status == "failed"
    assert ("purchase_state_changed", {rid}, (info2.purchase_id,)) in seen
    assert "money_moved" not in [t for t, _, _ in seen]
