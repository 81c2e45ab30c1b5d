"""A student's history: rooms, payments, refunds and settlements, also after they have left."""
from __future__ import annotations

from datetime import timedelta

import pytest

from app import clock
from app.campus import occupancy
from app.campus.history import find_students, student_history
from app.counter import payments, settlement, shifts
from app.counter.money import Money
from app.errors import UnknownStudent
from tests.factories import make_campus


@pytest.fixture
def moved_and_left(store):
    """202610000 lived in B1-101, moved to B1-102, paid in both, and checked out with a settlement."""
    c = make_campus(store)
    a = c.students["202610000"]
    shifts.open_shift(store, c.clerk, Money(0))
    start = clock.now() - timedelta(days=20)
    occupancy.check_in(store, c.clerk, a, c.rooms["B1-101"], "2", at=start)
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="water", amount=Money(5000),
                      method="cash", payer_id=a, key="h-1")
    occupancy.move(store, c.clerk, a, c.rooms["B1-102"], "1", at=start + timedelta(days=10))
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-102"], utility="water", amount=Money(2000),
                      method="wechat", reference="WX-77", payer_id=a, key="h-2")
    out = settlement.check_out(store, c.clerk, a, key="h-out")
    return c, a, out


def test_the_history_of_a_student_who_left_shows_rooms_payments_refunds_and_settlement(store, moved_and_left):
    c, a, out = moved_and_left
    h = student_history(store, c.clerk, a)
    assert (h.student_no, h.name, h.current_room) == ("202610000", "学生M0", None)
    assert [(s.room, s.bed, s.end_at is None) for s in h.stays] == [("B1-102", "1", False), ("B1-101", "2", False)]
    assert h.stays[1].end_at == h.stays[0].start_at                 # the move: one stay ends as the next begins
    assert [(p.room, p.utility, p.amount_fen, p.method, p.reference) for p in h.payments] == [
        ("B1-102", "water", 2000, "wechat", "WX-77"), ("B1-101", "water", 5000, "cash", None)]
    assert all(p.receipt_no for p in h.payments)
    refunds = list(out.refunds.values())
    assert [(r.room, r.amount_fen, r.status) for r in h.refunds] == [
        ("B1-102", x.amount.fen, x.status) for x in refunds]
    assert [(s.id, s.room) for s in h.settlements] == [(out.settlement_id, "B1-102")]
    water = out.settlements["water"]
    assert (h.settlements[0].refundable_fen, h.settlements[0].owed_fen) == (
        sum(x.refundable_fen for x in out.settlements.values()), sum(x.owed_fen for x in out.settlements.values()))
    assert water.refundable_fen > 0


def test_a_voided_payment_is_shown_as_voided_not_dropped(store):
    from app.counter import voids

    c = make_campus(store)
    a = c.students["202610001"]
    occupancy.check_in(store, c.clerk, a, c.rooms["B1-101"])
    shifts.open_shift(store, c.clerk, Money(0))
    res = payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="water", amount=Money(3000),
                            method="cash", payer_id=a, key="v-1")
    voids.void_recharge(store, c.clerk, receipt_id=res.receipt_id, reason="typed 30 instead of 3", key="v-1-void")
    h = student_history(store, c.clerk, a)
    assert [(p.amount_fen, p.voided) for p in h.payments] == [(3000, True)]
    assert h.current_room == "B1-101"


def test_students_who_left_can_be_found(store, moved_and_left):
    c, a, _ = moved_and_left
    assert [m.student_id for m in find_students(store, c.clerk, "202610000")] == [a]
    found = {m.student_id: m for m in find_students(store, c.clerk, "学生M")}
    assert a in found and found[a].current_room is None and found[a].last_room == "B1-102"
    assert found[c.students["202610003"]].last_room is None             # never lived here: still findable
    assert [m.student_no for m in find_students(store, c.clerk, "xsm0")] == ["202610000"]   # pinyin initials
    assert find_students(store, c.clerk, "  ") == []


def test_an_unknown_student_is_refused(store):
    c = make_campus(store)
    with pytest.raises(UnknownStudent):
        student_history(store, c.clerk, 99999)
