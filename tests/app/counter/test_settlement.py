from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.access import Actor
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import InvalidInput, NotCheckedIn
from tests.factories import make_campus


@pytest.fixture
def room(store):
    campus = make_campus(store)
    rid = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, rid)
    occupancy.check_in(store, campus.clerk, b, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    for utility, fen in (("electricity", 10000), ("water", 2000)):
        payments.recharge(store, campus.clerk, room_id=rid, utility=utility, amount=Money(fen), method="cash",
                         payer_id=a, key=f"pay-{utility}")
    elec = payments.account_for(store, rid, "electricity")
    Ledger(store).consumption(Actor.system(), elec, Money(3001), key="use")
    return campus, rid, a, b, elec


def test_paid_minus_share_default(store, room):
    campus, rid, a, b, elec = room
    res = settlement.preview(store, a)
    e = res["electricity"]
    assert (e.paid_in_fen, e.share_of_consumption_fen) == (10000, 1501)   # 30.01 split: the odd fen to 202610000
    # due 84.99, but the room holds only 69.99 while b owes 15.00: the rest is held back, not invented
    assert (e.due_fen, e.refundable_fen, e.held_back_fen) == (10000 - 1501, 6999, 1500)
    assert settlement.preview(store, b)["electricity"].share_of_consumption_fen == 1500
    assert settlement.preview(store, b)["electricity"].owed_fen == 1500   # b never paid
    assert res["water"].refundable_fen == 2000


def test_equal_split_policy(store, room):
    campus, rid, a, b, elec = room
    with pytest.raises(InvalidInput):
        settlement.set_policy(store, campus.admin, "winner_takes_all")
    settlement.set_policy(store, campus.admin, "equal_split")
    e = settlement.preview(store, a)["electricity"]
    assert e.refundable_fen == (10000 - 3001) // 2 + 1 or e.refundable_fen == (10000 - 3001) // 2


def test_check_out_refunds_stores_statement_and_ends_the_stay(store, room):
    campus, rid, a, b, elec = room
    res = settlement.check_out(store, campus.clerk, a, key="out-a")
    assert res.refunds["water"].status == "paid"
    assert res.refunds["electricity"].status == "awaiting_meter"      # the meter gives it back first
    assert res.refunds["electricity"].amount == Money(6999)
    assert occupancy.current_stay(store, a) is None
    assert Ledger(store).balance(payments.account_for(store, rid, "water")) == Money(0)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(settlement.statement_pdf(
        store, res.settlement_id))).pages)
    assert "学生M0" in text and "100.00" in text and "15.01" in text
    with pytest.raises(NotCheckedIn, match="not checked in"):
        settlement.preview(store, a)


def test_large_check_out_refund_needs_an_administrator(store, room):
    campus, rid, a, b, elec = room
    payments.recharge(store, campus.clerk, room_id=rid, utility="water", amount=Money(50000), method="cash",
                     payer_id=a, key="lots")
    with pytest.raises(InvalidInput, match="administrator must approve"):
        settlement.check_out(store, campus.clerk, a, key="out")
    assert occupancy.current_stay(store, a) is not None                # nothing was done
    res = settlement.check_out(store, campus.clerk, a, key="out", approver=campus.admin)
    assert res.refunds["water"].amount == Money(52000)
