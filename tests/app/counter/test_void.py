"""Voiding a recharge (issue 9 item 5): a reversing entry, a void receipt that names the original,
the shift's money and a debit on the meter through the outbox, posted only once the meter gave the
credit back (the meter never keeps credit the ledger took back); refused when the room already spent
the money, with the amount that can still be voided."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app import clock
from app.access import Actor
from app.campus import occupancy
from app.counter import documents, payments, shifts, voids
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import AlreadyReversed, InvalidAmount, InvalidInput, PermissionDenied, ShiftError
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import (
    BuildingPolicy,
    CounterTransaction,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    Purchase,
    Receipt,
    Room,
)
from tests.app.metering.test_purchase_delivery import ScriptedMeter
from tests.factories import make_campus


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def sale(store):
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(10000))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(30000),
                         method="cash", payer_id=a, key="typo")
    return campus, room, a, r


def _deliver(store, purchase_id: int, sequence: int = 1) -> None:
    with store.write() as s:
        p = s.get(Purchase, purchase_id)
        p.status, p.sequence, p.delivered_at = "delivered", sequence, clock.now()


def _meter_delivers(store, meter: ScriptedMeter | None = None) -> ScriptedMeter:
    """Every pending purchase through the delivery engine to a meter that follows the spec's rules."""
    meter = meter or ScriptedMeter()
    PurchaseDelivery(store, meter).deliver_pending()
    return meter


def test_a_clerk_voids_a_recharge_in_the_open_shift(store, sale):
    campus, room, a, r = sale
    meter = _meter_delivers(store)                    # the meter holds the ¥300.00
    acc = payments.account_for(store, room, "electricity")
    v = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typed 300 for 30", key="void-1")
    # first the meter gives the credit back: nothing is posted, the shift cannot close meanwhile
    assert (v.status, v.receipt_id, v.amount) == ("awaiting_meter", None, Money(30000))
    assert Ledger(store).balance(acc) == Money(30000)
    with store.read() as s:
        debit = s.get(Purchase, v.purchase_id)
        assert (debit.amount, debit.status, debit.kind) == (-30000, "pending", 1)
    with pytest.raises(ShiftError, match="void"):
        shifts.close_shift(store, campus.clerk, Money(10000))
    _meter_delivers(store, meter)
    assert meter.balance == 0
    v = voids.void_status(store, v.void_id)
    assert v.status == "done"
    assert Ledger(store).balance(acc) == Money(0)
    assert (v.voids_number, v.receipt_number, v.amount) == (r.receipt_number, r.receipt_number + 1, Money(30000))
    with store.read() as s:
        # the shift's money: taken in and given back, so the drawer expects only the float
        assert s.scalar(select(func.sum(CounterTransaction.amount_fen))) == 0
        assert s.get(Receipt, v.receipt_id).kind == "void"
        assert s.get(Purchase, v.purchase_id).ledger_entry_id is not None
    report = shifts.close_shift(store, campus.clerk, Money(10000))
    assert report["expected_cash_fen"] == 10000 and report["difference_fen"] == 0
    text = _text(documents.receipt_pdf(store, campus.clerk, v.receipt_id))
    for words in ("作废", "VOID", "00000001", "00000002", "300.00", "学生M0", "typed 300 for 30"):
        assert words in text, words
    assert "COPY" not in text
    assert Ledger(store).verify() == []


def test_a_meter_that_refuses_the_debit_keeps_the_money_in_the_room_and_the_void_fails(store, sale):
    """The room spent the credit between the last reading and the void: the meter refuses to go below
    zero, so nothing was taken back and nothing is posted; the clerk is told why."""
    campus, room, a, r = sale
    meter = _meter_delivers(store)
    v = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    meter.balance = 12000                               # the room used ¥180.00 since
    _meter_delivers(store, meter)
    v = voids.void_status(store, v.void_id)
    assert v.status == "failed" and "refused" in v.failure
    assert meter.balance == 12000
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(30000)
    with store.read() as s:
        assert s.scalar(select(func.count(Receipt.id))) == 1          # no void receipt
        assert s.scalar(select(func.sum(CounterTransaction.amount_fen))) == 30000
    report = shifts.close_shift(store, campus.clerk, Money(40000))  # nothing keeps the shift open
    assert report["difference_fen"] == 0


def test_a_repeated_key_returns_the_first_void_and_a_second_void_is_refused(store, sale):
    campus, room, a, r = sale
    first = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    again = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    assert again.replayed and again.void_id == first.void_id and again.purchase_id == first.purchase_id
    with pytest.raises(AlreadyReversed, match="already being voided"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-2")
    _meter_delivers(store)                      # the credit, then the debit, in the order they were queued
    done = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    assert done.status == "done" and done.receipt_id is not None
    with pytest.raises(AlreadyReversed, match="already voided"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-2")
    with store.read() as s:
        assert s.scalar(select(func.count(Receipt.id))) == 2
        assert s.scalar(select(func.count(Purchase.id)).where(Purchase.amount < 0)) == 1


def test_after_the_shift_closes_only_an_administrator_voids(store, sale):
    campus, room, a, r = sale
    shifts.close_shift(store, campus.clerk, Money(40000))
    shifts.open_shift(store, campus.clerk, Money(10000))
    with pytest.raises(PermissionDenied, match="administrator"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    shifts.open_shift(store, campus.admin, Money(0))
    v = voids.void_recharge(store, campus.admin, receipt_id=r.receipt_id, reason="typo", key="void-2")
    _meter_delivers(store)
    v = voids.void_status(store, v.void_id)
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(0)
    with store.read() as s:
        ct = s.scalar(select(CounterTransaction).where(CounterTransaction.receipt_id == v.receipt_id))
        assert ct.amount_fen == -30000 and ct.shift_id == shifts.current_shift(store, campus.admin).id


def test_a_void_the_room_already_spent_is_refused_with_what_can_still_be_voided(store, sale):
    campus, room, a, r = sale
    acc = payments.account_for(store, room, "electricity")
    Ledger(store).consumption(Actor.system(), acc, Money(4550), key="use-1")
    with pytest.raises(InvalidAmount, match=r"¥254\.50 of ¥300\.00 can still be voided"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    assert voids.voidable(store, r.receipt_id) == Money(25450)
    with store.read() as s:
        assert s.scalar(select(func.count(Receipt.id))) == 1
        assert s.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "reversal")) == 0


def test_a_meter_holding_less_than_the_recharge_refuses_the_void(store, sale):
    campus, room, a, r = sale
    _deliver(store, r.purchase_id)
    with store.write() as s:
        meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        s.add(ElectricityReading(meter_id=meter, taken_at=clock.now() + timedelta(minutes=5), incoming_cwh=100,
                                 branch0_cwh=100, branch1_cwh=0, branch2_cwh=0, balance_fen=29000, free_cwh=0,
                                 purchase_count=1, status=0))
    with pytest.raises(InvalidAmount, match=r"¥290\.00 of ¥300\.00"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")


def test_a_failed_delivery_is_voided_without_debiting_the_meter(store, sale):
    campus, room, a, r = sale
    with store.write() as s:
        s.get(Purchase, r.purchase_id).status = "failed"
    v = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="meter refused", key="void-1")
    assert v.purchase_id is None
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(0)


def test_only_recharges_are_voided_and_a_reason_is_required(store, sale):
    campus, room, a, r = sale
    with pytest.raises(InvalidInput, match="reason"):
        voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="  ", key="void-1")
    v = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    _meter_delivers(store)
    v = voids.void_status(store, v.void_id)
    with pytest.raises(InvalidInput, match="Only a recharge"):
        voids.void_recharge(store, campus.clerk, receipt_id=v.receipt_id, reason="typo", key="void-2")
    with pytest.raises(PermissionDenied):
        voids.void_recharge(store, campus.tech, receipt_id=r.receipt_id, reason="typo", key="void-3")


def test_a_recharge_that_paid_water_debt_is_voided_whole(store):
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    with store.write() as s:
        s.add(BuildingPolicy(building_id=s.get(Room, room).building_id, recharge_pays_water_debt=True))
    water = payments.account_for(store, room, "water")
    Ledger(store).consumption(Actor.system(), water, Money(1250), key="water-use")
    shifts.open_shift(store, campus.clerk, Money(0))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000),
                         method="cash", payer_id=a, key="pays-debt")
    assert r.water_debt_paid == Money(1250)
    v = voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    with store.read() as s:
        assert s.get(Purchase, v.purchase_id).amount == -3750
    _meter_delivers(store)
    assert voids.void_status(store, v.void_id).status == "done"
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(0)
    assert Ledger(store).balance(water) == Money(-1250)
    assert Ledger(store).verify() == []


def test_money_a_waiting_void_takes_back_cannot_be_refunded_meanwhile(store, sale):
    """While the meter gives a voided recharge back, the same money is not refundable: otherwise the
    clerk would hand it out twice (the void's cash and the refund's)."""
    campus, room, a, r = sale
    meter = _meter_delivers(store)
    acc = payments.account_for(store, room, "electricity")
    voids.void_recharge(store, campus.clerk, receipt_id=r.receipt_id, reason="typo", key="void-1")
    assert payments.refundable(store, acc) == Money(0)
    with pytest.raises(InvalidAmount):
        payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(10000), student_id=a, key="r-1")
    _meter_delivers(store, meter)
    assert Ledger(store).balance(acc) == Money(0) and meter.balance == 0
