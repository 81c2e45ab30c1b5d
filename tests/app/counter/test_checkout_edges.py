"""The edges of check-out left open by the first pass of issue 9, each with the input that broke it:
a void waiting for its meter during a check-out, a check-out refund the meter then refuses, and both
utilities' debts collected with one provider payment (one reference)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.access import Actor
from app.campus import occupancy
from app.counter import payments, settlement, shifts, voids
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.counter.reconciliation import import_statement
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import Alarm, RefundRequest
from tests.app.metering.test_purchase_delivery import ScriptedMeter
from tests.factories import make_campus


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


@pytest.fixture
def room(store):
    campus = make_campus(store)
    rid = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, rid)
    occupancy.check_in(store, campus.clerk, b, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    return campus, rid, a, b


def _pay(store, campus, rid, who, fen, key, utility="electricity"):
    return payments.recharge(store, campus.clerk, room_id=rid, utility=utility, amount=Money(fen), method="cash",
                             payer_id=who, key=key)


def test_a_check_out_while_a_void_waits_for_the_meter_settles_without_the_voided_money(store, room):
    """A ¥300.00 typo is being voided (its meter has not given the credit back yet) when the student
    checks out: the student gets back the ¥30.00 really paid in, the check-out is not refused, and the
    void still completes."""
    campus, rid, a, b = room
    _pay(store, campus, rid, a, 3000, "real")
    typo = _pay(store, campus, rid, a, 30000, "typo")
    meter = ScriptedMeter()
    PurchaseDelivery(store, meter).deliver_pending()
    v = voids.void_recharge(store, campus.clerk, receipt_id=typo.receipt_id, reason="typed 300 for 30", key="void")
    assert v.status == "awaiting_meter"
    assert settlement.preview(store, a)["electricity"].paid_in_fen == 3000
    res = settlement.check_out(store, campus.clerk, a, key="out-a")
    assert res.settlements["electricity"].refundable_fen == 3000
    assert res.refunds["electricity"].amount == Money(3000)
    PurchaseDelivery(store, meter).deliver_pending()          # the void's debit, then the refund's
    assert voids.void_status(store, v.void_id).status == "done"
    elec = payments.account_for(store, rid, "electricity")
    assert Ledger(store).balance(elec) == Money(0) and meter.balance == 0
    assert Ledger(store).verify() == []


def test_a_check_out_refund_the_meter_refuses_is_shown_as_not_paid(store, room):
    """The room used the credit between the last reading and the check-out: the meter refuses to give
    the refund back. The student has left, so the office must be told plainly: the alarm names the
    student and the amount, and the statement printed again says the refund was not paid."""
    campus, rid, a, b = room
    _pay(store, campus, rid, a, 3000, "a-pays")
    meter = ScriptedMeter()
    PurchaseDelivery(store, meter).deliver_pending()
    res = settlement.check_out(store, campus.clerk, a, key="out-a")
    assert res.refunds["electricity"].status == "awaiting_meter"
    meter.balance = 1000                                      # ¥20.00 used since the last reading
    PurchaseDelivery(store, meter).deliver_pending()
    with store.read() as s:
        req = s.scalar(select(RefundRequest).where(RefundRequest.student_id == a))
        assert req.status == "failed"
        alarm = s.scalar(select(Alarm).where(Alarm.kind == "purchase_refused"))
    assert "学生M0" in alarm.message and "¥30.00" in alarm.message and "not paid" in alarm.message
    text = _text(settlement.statement_pdf(store, res.settlement_id))
    assert "refused" in text and "not paid" in text
    assert "is paid once the meter gives the money back" not in text


def test_both_debts_collected_with_one_wechat_payment_share_its_reference(store, room, tmp_path):
    campus, rid, a, b = room
    _pay(store, campus, rid, a, 1000, "a-elec")
    _pay(store, campus, rid, a, 500, "a-water", utility="water")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, rid, "electricity"), Money(5000), key="e")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, rid, "water"), Money(2000), key="w")
    owed = settlement.preview(store, a)
    assert owed["electricity"].owed_fen > 0 and owed["water"].owed_fen > 0
    total = owed["electricity"].owed_fen + owed["water"].owed_fen
    res = settlement.check_out(store, campus.clerk, a, key="out-a", collect_debt=True, collect_method="wechat",
                               collect_reference="WX20261116001")
    assert set(res.collected) == {"electricity", "water"} and res.still_owed_fen == 0
    # the reference stays unique for any other payment
    with pytest.raises(Exception, match="WX20261116001"):
        payments.recharge(store, campus.clerk, room_id=rid, utility="water", amount=Money(100), method="wechat",
                          reference="WX20261116001", payer_id=b, key="another")
    # the provider's statement has one line for the one payment: it matches both entries together
    from app import clock
    when = clock.now().strftime("%Y-%m-%d %H:%M:%S")
    path = tmp_path / "wechat.csv"
    path.write_text(f"reference,amount,time\nWX20261116001,{Money(total).to_decimal()},{when}\n", encoding="utf-8")
    imported = import_statement(store, campus.admin, "wechat", path)
    assert len(imported.match.matched) == 1 and imported.match.clean
