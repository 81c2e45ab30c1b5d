from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import (
    DuplicateReference,
    InvalidAmount,
    InvalidInput,
    PermissionDenied,
    ShiftError,
)
from db.models import CounterTransaction, Purchase, Receipt, RefundRequest
from tests.factories import make_campus


@pytest.fixture
def desk(store):
    campus = make_campus(store, beds=4)
    room = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, room)
    occupancy.check_in(store, campus.clerk, b, room)
    shifts.open_shift(store, campus.clerk, Money.parse("200"))
    return campus, room, a, b


def test_recharge_needs_an_open_shift_and_posts_nothing_without(store):
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    with pytest.raises(ShiftError, match="Open a shift"):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000),
                         method="cash", payer_id=a, key="k")
    acc = payments.account_for(store, room, "electricity")
    assert Ledger(store).balance(acc) == Money(0)
    with store.read() as s:
        assert s.scalar(select(func.count(Receipt.id))) == 0
        assert s.scalar(select(func.count(Purchase.id))) == 0


def test_recharge_posts_receipt_shift_money_and_outbox_together(store, desk):
    campus, room, a, _ = desk
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                         method="wechat", reference="4200000123", payer_id=a, key="r1")
    assert (r.receipt_number, r.entry.balance_after) == (1, Money(5000))
    again = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                             method="wechat", reference="4200000123", payer_id=a, key="r1")
    assert again.replayed and again.receipt_number == 1 and again.purchase_id == r.purchase_id
    w = payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("20"),
                         method="cash", payer_id=a, key="r2")
    assert w.receipt_number == 2 and w.purchase_id is None
    with store.read() as s:
        p = s.get(Purchase, r.purchase_id)
        assert (p.kind, p.amount, p.status, p.sequence) == (1, 5000, "pending", None)
        rec = s.get(Receipt, r.receipt_id)
        assert rec.payload["student_name"] == "学生M0" and rec.payload["amount_fen"] == 5000
        assert rec.payload["method_label"].startswith("微信支付") and rec.payload["reference"] == "4200000123"
        assert s.scalar(select(func.sum(CounterTransaction.amount_fen))) == 7000


def test_recharge_bad_input_is_refused_with_reasons(store, desk):
    campus, room, a, _ = desk
    with pytest.raises(InvalidInput, match="needs the transaction reference"):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(100),
                         method="campus_card", reference="  ", payer_id=a, key="x1")
    with pytest.raises(InvalidInput, match="not a payment method"):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(100),
                         method="bitcoin", payer_id=a, key="x2")
    with pytest.raises(InvalidAmount):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(-500),
                         method="cash", payer_id=a, key="x3")
    with pytest.raises(InvalidInput, match="does not live in this room"):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(100),
                         method="cash", payer_id=campus.students["202610005"], key="x4")
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(100),
                     method="campus_card", reference="CC-77", payer_id=a, key="x5")
    with pytest.raises(DuplicateReference, match="CC-77 was already posted"):
        payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(100),
                         method="campus_card", reference="CC-77", payer_id=a, key="x6")
    with store.read() as s:  # only x5 left anything behind, and receipt numbers have no gap
        assert list(s.scalars(select(Receipt.number))) == [1]


def test_a_typo_above_the_ceiling_is_refused_by_the_service_not_only_the_dialog(store, desk):
    """¥100,000 typed for ¥100: whatever window (or script) sends it, the counter takes nothing."""
    campus, room, a, _ = desk
    with pytest.raises(InvalidAmount, match="at most ¥5,000.00"):
        payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("100000"),
                         method="cash", payer_id=a, key="typo-1")
    with store.read() as s:
        assert list(s.scalars(select(Receipt.number))) == []


def test_water_refund_is_paid_at_once_with_a_slip(store, desk):
    campus, room, a, _ = desk
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(3000), method="cash",
                     payer_id=a, key="w")
    acc = payments.account_for(store, room, "water")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1000), student_id=a, key="rf")
    assert info.status == "paid" and info.receipt_id is not None
    assert Ledger(store).balance(acc) == Money(2000)
    with store.read() as s:
        slip = s.get(Receipt, info.receipt_id)
        assert slip.kind == "refund" and slip.number == 2 and slip.payload["amount_fen"] == 1000
        assert s.scalar(select(func.sum(CounterTransaction.amount_fen))) == 2000
    assert payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1000), student_id=a,
                                  key="rf").refund_id == info.refund_id


def test_electricity_refund_waits_for_the_meter(store, desk):
    campus, room, a, _ = desk
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(3000), method="cash",
                     payer_id=a, key="e")
    acc = payments.account_for(store, room, "electricity")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1000), student_id=a, key="rf")
    assert info.status == "awaiting_meter" and info.purchase_id is not None
    assert Ledger(store).balance(acc) == Money(3000)  # nothing paid out before the meter gives it back
    assert payments.refundable(store, acc) == Money(2000)
    with store.read() as s:
        assert s.get(Purchase, info.purchase_id).amount == -1000
    with pytest.raises(ShiftError, match="waiting for their meters"):
        shifts.close_shift(store, campus.clerk, Money(20000))
    with store.write() as s:  # what the delivery engine does once the meter accepted the negative credit
        payments.complete_refund(s, info.refund_id)
    assert payments.refund_status(store, info.refund_id).status == "paid"
    assert Ledger(store).balance(acc) == Money(2000)


def test_refund_limits(store, desk):
    campus, room, a, _ = desk
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(50000), method="cash",
                     payer_id=a, key="w")
    acc = payments.account_for(store, room, "water")
    with pytest.raises(PermissionDenied, match="need an administrator"):
        payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(30000), student_id=a, key="big")
    with pytest.raises(InvalidAmount, match="At most ¥500.00 can be refunded"):
        payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(50001), student_id=a, key="too",
                               approver=campus.admin)
    from app.access import Actor
    ok = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(30000), student_id=a, key="big",
                                approver=campus.admin)
    assert ok.status == "paid"
    with store.read() as s:
        assert s.get(RefundRequest, ok.refund_id).approved_by == campus.admin.id
    Ledger(store).subsidy(Actor.system(), acc, Money(5000), key="sub")
    # subsidies are never refundable: 200 paid + 50 subsidy, only the 200 can come back
    assert payments.refundable(store, acc) == Money(20000)


def test_shift_close_and_day_close(store, desk):

    campus, room, a, _ = desk
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(3000), method="cash",
                     payer_id=a, key="c1")
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(5000), method="wechat",
                     reference="WX1", payer_id=a, key="c2")
    acc = payments.account_for(store, room, "water")
    payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(1000), student_id=a, key="c3")
    report = shifts.close_shift(store, campus.clerk, Money.parse("219.50"))
    by = {t["method"]: t for t in report["totals"]}
    assert by["cash"]["in_fen"] == 3000 and by["cash"]["out_fen"] == 1000 and by["wechat"]["in_fen"] == 5000
    assert report["expected_cash_fen"] == 20000 + 3000 - 1000
    assert report["difference_fen"] == 21950 - 22000
    assert report["receipts"] == [1, 3]
    with pytest.raises(ShiftError, match="Open a shift"):
        payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(1), method="cash",
                         key="after-close")
    today = clock.today()
    day = shifts.close_day(store, campus.clerk, today)
    assert day["number"] == 1 and day["in_fen"] == 8000 and day["out_fen"] == 1000
    with pytest.raises(ShiftError, match="already closed"):
        shifts.close_day(store, campus.clerk, today)
    assert shifts.day_close_report(store, 1)["in_fen"] == 8000


def test_recharge_pays_the_water_debt_first_where_the_building_says_so(store, desk):
    from app.access import Actor
    from db.models import BuildingPolicy, Room

    campus, room, a, _ = desk
    water = payments.account_for(store, room, "water")
    elec = payments.account_for(store, room, "electricity")
    Ledger(store).consumption(Actor.system(), water, Money(1250), key="water-use")
    with store.write() as s:
        s.add(BuildingPolicy(building_id=s.get(Room, room).building_id, water_linkage=True,
                             recharge_pays_water_debt=True))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000),
                         method="cash", payer_id=a, key="pays-debt")
    assert r.water_debt_paid == Money(1250)
    assert (Ledger(store).balance(water), Ledger(store).balance(elec)) == (Money(0), Money(3750))
    with store.read() as s:
        assert s.get(Purchase, r.purchase_id).amount == 3750      # only the rest goes to the meter
        assert s.get(Receipt, r.receipt_id).payload["balance_after_fen"] == 3750
    assert Ledger(store).verify() == []
