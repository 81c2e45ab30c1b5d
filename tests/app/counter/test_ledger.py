from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.access import Actor
from app.campus.occupancy import ensure_accounts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import (
    AlreadyReversed,
    DuplicateReference,
    IdempotencyConflict,
    InvalidAmount,
    InvalidInput,
    LedgerError,
    PermissionDenied,
    UnknownAccount,
)
from db.engine import Store
from db.errors import StoreError
from db.models import Account, AuditRecord, LedgerEntry, MoneyOperation
from tests.factories import make_campus


@pytest.fixture
def setup(store):
    campus = make_campus(store)
    with store.write() as s:
        elec, water = ensure_accounts(s, campus.rooms["B1-101"])
        other, _ = ensure_accounts(s, campus.rooms["B1-102"])
    return campus, Ledger(store), elec.id, water.id, other.id


def test_recharge_posts_entry_balance_and_audit(store, setup):
    campus, ledger, acc, _, _ = setup
    res = ledger.recharge(campus.clerk, acc, Money.parse("50.00"), key="k1", method="cash",
                          student_id=campus.students["202610000"])
    assert res.entry.amount == Money(5000) and res.entry.balance_after == Money(5000)
    assert not res.replayed
    assert ledger.balance(acc) == Money(5000)
    with store.read() as s:
        rec = s.scalars(select(AuditRecord).where(AuditRecord.action == "ledger.recharge")).one()
        assert rec.operator_id == campus.clerk.id
        assert rec.after["entries"][0]["amount_fen"] == 5000
        assert rec.after["entries"][0]["student"] == campus.students["202610000"]


def test_repeated_key_posts_once_and_returns_first_result(store, setup):
    campus, ledger, acc, _, _ = setup
    first = ledger.recharge(campus.clerk, acc, Money(1234), key="same", method="cash")
    again = ledger.recharge(campus.clerk, acc, Money(1234), key="same", method="cash")
    assert again.replayed and again.operation_id == first.operation_id
    assert again.entry.id == first.entry.id and again.entry.balance_after == Money(1234)
    assert ledger.balance(acc) == Money(1234)
    with store.read() as s:
        assert s.scalar(select(text("count(*)")).select_from(LedgerEntry)) == 1
    with pytest.raises(IdempotencyConflict, match="different operation"):
        ledger.recharge(campus.clerk, acc, Money(999), key="same", method="cash")


def test_reversal_restores_balance_and_cannot_repeat(store, setup):
    campus, ledger, acc, _, _ = setup
    r = ledger.recharge(campus.clerk, acc, Money(3000), key="r", method="cash")
    ledger.recharge(campus.clerk, acc, Money(500), key="r2", method="cash")
    rev = ledger.reverse(campus.clerk, r.entry.id, key="rev", reason="typed 30 instead of 3")
    assert rev.entry.kind == "reversal" and rev.entry.amount == Money(-3000)
    assert rev.entry.reverses_id == r.entry.id
    assert ledger.balance(acc) == Money(500)
    with pytest.raises(AlreadyReversed):
        ledger.reverse(campus.clerk, r.entry.id, key="rev-again", reason="again")
    with pytest.raises(LedgerError, match="cannot itself be reversed"):
        ledger.reverse(campus.clerk, rev.entry.id, key="rev-rev", reason="x")
    with pytest.raises(InvalidInput, match="why"):
        ledger.reverse(campus.clerk, r.entry.id, key="rev-3", reason="  ")
    assert ledger.balance(acc) == Money(500)
    assert ledger.verify() == []


def test_transfer_and_its_reversal_move_both_legs(setup):
    campus, ledger, acc, water, _ = setup
    ledger.recharge(campus.clerk, acc, Money(1000), key="t0", method="cash")
    t = ledger.transfer(campus.clerk, acc, water, Money(400), key="t1")
    assert [e.amount for e in t.entries] == [Money(-400), Money(400)]
    assert (ledger.balance(acc), ledger.balance(water)) == (Money(600), Money(400))
    ledger.reverse(campus.clerk, t.entries[1].id, key="t2", reason="wrong account")
    assert (ledger.balance(acc), ledger.balance(water)) == (Money(1000), Money(0))
    with pytest.raises(InvalidAmount, match="more than the account's balance"):
        ledger.transfer(campus.clerk, acc, water, Money(1001), key="t3")


def test_refund_cannot_exceed_balance_and_posts_nothing(store, setup):
    campus, ledger, acc, _, _ = setup
    ledger.recharge(campus.clerk, acc, Money(2000), key="a", method="cash")
    with pytest.raises(InvalidAmount, match="more than the account's balance"):
        ledger.refund(campus.clerk, acc, Money(2001), key="b")
    assert ledger.balance(acc) == Money(2000)
    with store.read() as s:
        assert s.scalar(select(MoneyOperation.id).where(MoneyOperation.idempotency_key == "b")) is None
    ledger.refund(campus.clerk, acc, Money(2000), key="c")
    assert ledger.balance(acc) == Money(0)


@pytest.mark.parametrize("amount", [Money(0), Money(-100)])
def test_invalid_amounts_are_refused(setup, amount):
    campus, ledger, acc, _, _ = setup
    with pytest.raises(InvalidAmount):
        ledger.recharge(campus.clerk, acc, amount, key="x", method="cash")
    assert ledger.balance(acc) == Money(0)


def test_unknown_account_and_missing_key(setup):
    campus, ledger, acc, _, _ = setup
    with pytest.raises(UnknownAccount):
        ledger.recharge(campus.clerk, 999999, Money(100), key="u", method="cash")
    with pytest.raises(InvalidInput, match="idempotency key"):
        ledger.recharge(campus.clerk, acc, Money(100), key=" ", method="cash")


def test_external_reference_is_unique_per_method(setup):
    campus, ledger, acc, _, other = setup
    ledger.recharge(campus.clerk, acc, Money(100), key="w1", method="wechat", external_ref="4200001")
    with pytest.raises(DuplicateReference, match="4200001 was already posted"):
        ledger.recharge(campus.clerk, other, Money(100), key="w2", method="wechat", external_ref="4200001")
    # the same number from another provider is another transaction
    ledger.recharge(campus.clerk, other, Money(100), key="w3", method="alipay", external_ref="4200001")
    assert ledger.balance(other) == Money(100)


def test_roles_are_enforced_in_the_service(setup):
    campus, ledger, acc, _, _ = setup
    with pytest.raises(PermissionDenied, match="Technician"):
        ledger.recharge(campus.tech, acc, Money(100), key="p", method="cash")
    with pytest.raises(PermissionDenied):
        ledger.consumption(campus.clerk, acc, Money(100), key="p2")
    ledger.consumption(Actor.system(), acc, Money(100), key="p3")
    assert ledger.balance(acc) == Money(-100)


def test_entries_cannot_be_edited_or_deleted(store, setup):
    campus, ledger, acc, _, _ = setup
    r = ledger.recharge(campus.clerk, acc, Money(100), key="i", method="cash")
    for sql in (f"UPDATE ledger_entries SET amount_fen = 1 WHERE id = {r.entry.id}",
                f"DELETE FROM ledger_entries WHERE id = {r.entry.id}",
                "DELETE FROM audit_records"):
        # the triggers refuse it; on PostgreSQL the program's role is not even allowed to try
        with pytest.raises((DBAPIError, StoreError), match="immutable|read-only"):
            with store.write() as s:
                s.execute(text(sql))
    assert ledger.balance(acc) == Money(100)


def test_verify_finds_drift(store, setup):
    campus, ledger, acc, _, _ = setup
    ledger.recharge(campus.clerk, acc, Money(700), key="v", method="cash")
    assert ledger.verify() == []
    with store.write() as s:  # simulate a bug or a hand edit of the cache
        s.get(Account, acc).balance_fen = 701
    drifts = ledger.verify()
    assert [(d.account_id, d.cached_fen, d.summed_fen) for d in drifts] == [(acc, 701, 700)]


def test_200_concurrent_recharges_from_two_connections(db_url, setup):
    """Two workstations (two engines, two connections) recharge one account at once."""
    campus, _, acc, _, _ = setup
    errors: list[BaseException] = []
    amounts = [(i % 37) + 1 for i in range(200)]  # fen, all different sums

    def worker(part: int) -> None:
        st = Store(db_url)
        try:
            ledger = Ledger(st)
            for i in range(part, 200, 2):
                ledger.recharge(campus.clerk, acc, Money(amounts[i]), key=f"c-{i}", method="cash")
            # both workstations also retry the same ten keys: each must post exactly once
            for i in range(10):
                ledger.recharge(campus.clerk, acc, Money(amounts[i]), key=f"c-{i}", method="cash")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            st.dispose()

    threads = [threading.Thread(target=worker, args=(p,)) for p in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    st = Store(db_url)
    try:
        ledger = Ledger(st)
        assert ledger.balance(acc) == Money(sum(amounts))
        entries = list(reversed(ledger.entries(acc)))
        assert len(entries) == 200
        running = 0
        for e in entries:  # every running balance follows from the one before: no lost update
            running += e.amount.fen
            assert e.balance_after.fen == running
        assert ledger.verify() == []
    finally:
        st.dispose()
