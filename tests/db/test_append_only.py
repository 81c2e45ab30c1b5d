"""The store itself refuses edits of money records; on PostgreSQL the program's role cannot even try.

Each refusal is checked through the program's own connection (the role it runs as), in raw SQL, the
way a person with a database client would attempt it.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.campus import occupancy
from app.counter import documents, payments, shifts
from app.counter.money import Money
from app.integrity.verify import verify
from db.engine import Store
from db.models import CounterTransaction, LedgerEntry, MoneyOperation, Receipt, Shift
from tests.factories import make_campus

APP_ROLE = "dormwatt_app"


@pytest.fixture(autouse=True)
def _anchors_here(tmp_path, monkeypatch):
    monkeypatch.setenv("DORMWATT_ANCHOR_FILE", str(tmp_path / "test.anchors"))


@pytest.fixture
def desk(store):
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money.parse("100"))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                          method="cash", payer_id=a, key="r1")
    return campus, r


def refused(store: Store, sql: str, **params) -> bool:
    try:
        with store.engine.begin() as conn:
            conn.execute(text(sql), params)
    except DBAPIError:
        return True
    return False


def test_money_records_cannot_be_edited_or_deleted(store, desk):
    _campus, r = desk
    with store.read() as s:
        ct = s.scalar(select(CounterTransaction.id))
        op = s.scalar(select(MoneyOperation.id))
        sh = s.scalar(select(Shift.id))
    for sql in ("UPDATE ledger_entries SET amount_fen = 1 WHERE id = :i", "DELETE FROM ledger_entries WHERE id = :i"):
        assert refused(store, sql, i=r.entry.id), sql
    for sql in ("UPDATE counter_transactions SET amount_fen = 1 WHERE id = :i",
                "DELETE FROM counter_transactions WHERE id = :i"):
        assert refused(store, sql, i=ct), sql
    for sql in ("UPDATE money_operations SET kind = 'refund' WHERE id = :i",
                "UPDATE money_operations SET idempotency_key = 'other' WHERE id = :i",
                "DELETE FROM money_operations WHERE id = :i"):
        assert refused(store, sql, i=op), sql
    for sql in ("UPDATE shifts SET float_fen = 0 WHERE id = :i", "DELETE FROM shifts WHERE id = :i"):
        assert refused(store, sql, i=sh), sql
    for sql in ("UPDATE audit_records SET action = 'x'", "DELETE FROM audit_records",
                "UPDATE chain_links SET hash = 'x'", "DELETE FROM chain_links"):
        assert refused(store, sql), sql
    with store.read() as s:
        assert s.get(LedgerEntry, r.entry.id).amount_fen == 5000


def test_a_receipt_keeps_its_content_and_its_print_count_only_grows(store, desk):
    campus, r = desk
    rid = r.receipt_id
    assert refused(store, "UPDATE receipts SET payload = '{}' WHERE id = :i", i=rid)
    assert refused(store, "UPDATE receipts SET number = 999 WHERE id = :i", i=rid)
    assert refused(store, "DELETE FROM receipts WHERE id = :i", i=rid)
    documents.receipt_pdf(store, campus.clerk, rid)
    documents.receipt_pdf(store, campus.clerk, rid)
    assert refused(store, "UPDATE receipts SET print_count = 0 WHERE id = :i", i=rid)   # a reprint stays a COPY
    with store.read() as s:
        assert s.get(Receipt, rid).print_count == 2


def test_a_closed_shift_is_frozen(store, desk):
    campus, _r = desk
    report = shifts.close_shift(store, campus.clerk, Money.parse("150"))
    sid = report["shift_id"]
    assert refused(store, "UPDATE shifts SET counted_cash_fen = 99999 WHERE id = :i", i=sid)
    assert refused(store, "UPDATE shifts SET closed_at = NULL WHERE id = :i", i=sid)
    assert refused(store, "UPDATE shifts SET report = NULL WHERE id = :i", i=sid)
    with store.read() as s:
        assert s.get(Shift, sid).counted_cash_fen == 15000


def _app_role_url(db_url: str) -> str:
    owner = create_engine(db_url)
    try:
        with owner.connect() as conn:
            if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE}) is None:
                pytest.skip(f"no {APP_ROLE} role on this server (run .ci/pg-up)")
    finally:
        owner.dispose()
    return make_url(db_url).set(username=APP_ROLE, password=APP_ROLE).render_as_string(hide_password=False)


def test_the_application_role_works_but_cannot_delete_or_drop_triggers(store, db_url, desk):
    if store.dialect != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    campus, r = desk
    app_store = Store(_app_role_url(db_url))
    try:
        # The program runs as the role: money moves and enters the chain.
        room = campus.rooms["B1-101"]
        done = payments.recharge(app_store, campus.clerk, room_id=room, utility="water", amount=Money.parse("9"),
                                 method="cash", payer_id=campus.students["202610000"], key="app-r")
        assert done.receipt_number == 2
        shifts.close_shift(app_store, campus.clerk, Money.parse("159"))
        assert verify(app_store).ok
        with app_store.engine.connect() as conn:
            assert conn.scalar(text("SELECT current_user")) == APP_ROLE
        for sql in (f"DELETE FROM ledger_entries WHERE id = {r.entry.id}",
                    "DROP TRIGGER ledger_entries_immutable ON ledger_entries",
                    "ALTER TABLE ledger_entries DISABLE TRIGGER USER",
                    "TRUNCATE audit_records",
                    "SET session_replication_role = replica",
                    "UPDATE alembic_version SET version_num = '0001'"):
            with pytest.raises(DBAPIError, match="permission denied|must be owner"):
                with app_store.engine.begin() as conn:
                    conn.execute(text(sql))
    finally:
        app_store.dispose()
    with store.read() as s:
        assert s.get(LedgerEntry, r.entry.id) is not None
