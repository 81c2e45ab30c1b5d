"""Refund rules: the administrator's limit per account per day, keys that cannot be reused for other
money, refunds only to the room's own students, no clerk reversal of counter money outside the void,
and references a receipt can carry."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import IdempotencyConflict, InvalidInput, PermissionDenied
from db.models import LedgerEntry, RefundRequest
from tests.factories import make_campus


@pytest.fixture
def desk(store):
    campus = make_campus(store, beds=4)
    room, other = campus.rooms["B1-101"], campus.rooms["B1-102"]
    a, b, c = campus.students["202610000"], campus.students["202610001"], campus.students["202610002"]
    occupancy.check_in(store, campus.clerk, a, room)
    occupancy.check_in(store, campus.clerk, b, room)
    occupancy.check_in(store, campus.clerk, c, other)
    shifts.open_shift(store, campus.clerk, Money(0))
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(200_000), method="cash",
                     payer_id=a, key="w")
    return campus, room, a, b, c, payments.account_for(store, room, "water")


def _paid_out(store, account_id: int) -> int:
    with store.read() as s:
        return s.scalar(select(func.coalesce(func.sum(RefundRequest.amount_fen), 0)).where(
            RefundRequest.account_id == account_id, RefundRequest.status == "paid"))


def test_the_administrators_limit_counts_the_days_refunds_from_an_account(store, desk):
    campus, room, a, b, c, water = desk
    payments.request_refund(store, campus.clerk, account_id=water, amount=Money(20_000), student_id=a, key="r1")
    for i in range(2, 6):      # five times ¥200.00 is ¥1,000.00 out of one account in a day
        with pytest.raises(PermissionDenied, match="administrator"):
            payments.request_refund(store, campus.clerk, account_id=water, amount=Money(20_000), student_id=a,
                                    key=f"r{i}")
    with pytest.raises(PermissionDenied, match="administrator"):      # split smaller, still above the day's limit
        payments.request_refund(store, campus.clerk, account_id=water, amount=Money(1), student_id=a, key="r6")
    assert _paid_out(store, water) == 20_000
    payments.request_refund(store, campus.clerk, account_id=water, amount=Money(20_000), student_id=a, key="r7",
                            approver=campus.admin)
    assert _paid_out(store, water) == 40_000


def test_a_refund_key_used_again_for_other_money_is_refused(store, desk):
    campus, room, a, b, c, water = desk
    elec = payments.account_for(store, room, "electricity")
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000), method="cash",
                     payer_id=a, key="e")
    first = payments.request_refund(store, campus.clerk, account_id=water, amount=Money(1000), student_id=a, key="k")
    with pytest.raises(IdempotencyConflict):
        payments.request_refund(store, campus.clerk, account_id=water, amount=Money(2000), student_id=a, key="k")
    with pytest.raises(IdempotencyConflict):
        payments.request_refund(store, campus.clerk, account_id=elec, amount=Money(1000), student_id=a, key="k")
    again = payments.request_refund(store, campus.clerk, account_id=water, amount=Money(1000), student_id=a, key="k")
    assert again.refund_id == first.refund_id
    assert _paid_out(store, water) == 1000


def test_a_refund_goes_only_to_a_student_who_lives_or_lived_in_the_room(store, desk):
    campus, room, a, b, c, water = desk
    with pytest.raises(InvalidInput, match="never lived in this room"):
        payments.request_refund(store, campus.clerk, account_id=water, amount=Money(1000), student_id=c, key="x")
    assert _paid_out(store, water) == 0
    occupancy.check_out(store, campus.clerk, b)
    assert payments.request_refund(store, campus.clerk, account_id=water, amount=Money(1000), student_id=b,
                                   key="y").status == "paid"


def test_a_clerk_cannot_reverse_counter_money_outside_the_void(store, desk):
    campus, room, a, b, c, water = desk
    with store.read() as s:
        entry = s.scalar(select(LedgerEntry.id).where(LedgerEntry.account_id == water, LedgerEntry.kind == "recharge"))
    with pytest.raises(PermissionDenied, match="void"):
        Ledger(store).reverse(campus.clerk, entry, key="rev", reason="mistake")
    assert Ledger(store).balance(water) == Money(200_000)


@pytest.mark.parametrize("reference", ["W" * 65, "WX1\n23", "WX\x00123", "WX\u200b123", "WX\x1b[2J"])
def test_a_reference_too_long_or_with_control_characters_is_refused(store, desk, reference):
    campus, room, a, b, c, water = desk
    with pytest.raises(InvalidInput, match="reference"):
        payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(100), method="wechat",
                         reference=reference, payer_id=a, key="ref")
    assert Ledger(store).balance(water) == Money(200_000)
    ok = payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(100), method="wechat",
                           reference="  4200001234202612010000 ", payer_id=a, key="ref-ok")
    assert Ledger(store).balance(water) == Money(200_100) and ok.receipt_number is not None


def test_the_same_refund_key_sent_twice_at_once_refunds_once(store, desk):
    """Two workstations (or a retry racing the first attempt) send one refund at the same moment: the
    second finds the first once it has the account's lock and answers with it; no integrity error
    reaches the clerk and the money goes out once."""
    import threading

    campus, room, a, b, c, water = desk
    results, errors, start = [], [], threading.Barrier(2)

    def send() -> None:
        start.wait()
        try:
            results.append(payments.request_refund(store, campus.clerk, account_id=water, amount=Money(5_000),
                                                   student_id=a, key="twice-at-once"))
        except Exception as exc:   # collected: the test shows what a clerk would have seen
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(results) == 2
    assert results[0].refund_id == results[1].refund_id
    assert _paid_out(store, water) == 5_000
