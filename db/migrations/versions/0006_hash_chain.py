"""hash chain and append-only money records

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

- chain_head / chain_links / chain_pending: the tamper-evident hash chain over the money and
  audit records (app.integrity). A trigger on every chained table notes each inserted row in
  chain_pending, so a row can only enter the store unchained by disabling triggers (an owner's act
  that `audit verify` then reports).
- receipts, counter transactions, shifts and money operations become append-only like the ledger:
  no DELETE; receipts keep their content and their print count only grows; a shift's float and
  opening never change and a closed shift is frozen; a money operation keeps its key and kind.
- On PostgreSQL, when the application role `dormwatt_app` exists (.ci/pg-up and the README make
  it), it gets only the rights the program needs; it owns nothing, so it cannot drop or disable a
  trigger.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Frozen copy of app.integrity.chain.CHAINED (a migration must not change when the app does).
CHAINED = ("ledger_entries", "audit_records", "money_operations", "receipts", "counter_transactions",
           "shifts", "day_closes")
APP_ROLE = "dormwatt_app"

# table -> (columns that never change, extra SQL condition (SQLite, PostgreSQL) that refuses an update)
GUARDED = {
    "receipts": (("id", "number", "kind", "ledger_entry_id", "operator_id", "created_at", "payload"),
                 ("NEW.print_count < OLD.print_count", "NEW.print_count < OLD.print_count")),
    # A closed shift is frozen (its report is written once, in the closing transaction).
    "shifts": (("id", "operator_id", "opened_at", "float_fen"),
               ("OLD.closed_at IS NOT NULL AND (NEW.closed_at IS NOT OLD.closed_at "
                "OR NEW.counted_cash_fen IS NOT OLD.counted_cash_fen "
                "OR (OLD.report IS NOT NULL AND NEW.report IS NOT OLD.report))",
                "OLD.closed_at IS NOT NULL AND (NEW.closed_at IS DISTINCT FROM OLD.closed_at "
                "OR NEW.counted_cash_fen IS DISTINCT FROM OLD.counted_cash_fen "
                "OR (OLD.report IS NOT NULL AND NEW.report::text IS DISTINCT FROM OLD.report::text))")),
    "money_operations": (("id", "idempotency_key", "kind", "operator_id", "created_at"), None),
}
JSON_COLUMNS = {"payload", "result", "report"}
IMMUTABLE = ("counter_transactions", "chain_links")
NO_DELETE = ("receipts", "shifts", "money_operations")


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _pg_changed(col: str) -> str:
    if col in JSON_COLUMNS:   # json has no equality operator
        return f"NEW.{col}::text IS DISTINCT FROM OLD.{col}::text"
    return f"NEW.{col} IS DISTINCT FROM OLD.{col}"


def _create_append_only() -> None:
    if _pg():
        for table in IMMUTABLE:   # dormwatt_immutable() is 0001's
            op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION dormwatt_immutable()")
        op.execute(
            "CREATE FUNCTION dormwatt_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME; END $$")
        for table in NO_DELETE:
            op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION dormwatt_no_delete()")
        for table, (cols, extra) in GUARDED.items():
            cond = " OR ".join([_pg_changed(c) for c in cols] + ([extra[1]] if extra else []))
            op.execute(
                f"CREATE FUNCTION dormwatt_guard_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN IF {cond} THEN RAISE EXCEPTION '{table}: this change is refused (append-only)'; "
                "END IF; RETURN NEW; END $$")
            op.execute(f"CREATE TRIGGER {table}_guard BEFORE UPDATE ON {table} "
                       f"FOR EACH ROW EXECUTE FUNCTION dormwatt_guard_{table}()")
        op.execute(
            "CREATE FUNCTION dormwatt_chain_pending() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO chain_pending (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id); "
            "RETURN NULL; END $$")
        for table in CHAINED:
            op.execute(f"CREATE TRIGGER {table}_chain_pending AFTER INSERT ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION dormwatt_chain_pending()")
        return
    for table in IMMUTABLE:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END")
    for table in NO_DELETE:
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                   f"BEGIN SELECT RAISE(ABORT, '{table} rows are never deleted'); END")
    for table, (cols, extra) in GUARDED.items():
        cond = " OR ".join([f"NEW.{c} IS NOT OLD.{c}" for c in cols] + ([extra[0]] if extra else []))
        op.execute(f"CREATE TRIGGER {table}_guard BEFORE UPDATE ON {table} WHEN {cond} "
                   f"BEGIN SELECT RAISE(ABORT, '{table}: this change is refused (append-only)'); END")
    for table in CHAINED:
        op.execute(f"CREATE TRIGGER {table}_chain_pending AFTER INSERT ON {table} "
                   f"BEGIN INSERT INTO chain_pending (table_name, row_id) VALUES ('{table}', NEW.id); END")


def _drop_append_only() -> None:
    if _pg():
        for table in CHAINED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_chain_pending ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dormwatt_chain_pending()")
        for table in GUARDED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS dormwatt_guard_{table}()")
        for table in NO_DELETE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete ON {table}")
        op.execute("DROP FUNCTION IF EXISTS dormwatt_no_delete()")
        for table in IMMUTABLE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
        return
    for table in CHAINED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_chain_pending")
    for table in GUARDED:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_guard")
    for table in NO_DELETE:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    for table in IMMUTABLE:
        for verb in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def _app_role(grant: bool) -> None:
    """The application role reads and writes what the program needs and owns nothing. Tables made by
    later migrations reach it through the owner's default privileges."""
    if grant:
        body = (
            f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}; "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE}; "
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}; "
            f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {APP_ROLE}; "
            f"REVOKE UPDATE, DELETE ON ledger_entries, audit_records, chain_links, day_closes, "
            f"counter_transactions FROM {APP_ROLE}; "
            f"REVOKE DELETE ON receipts, shifts, money_operations, chain_head FROM {APP_ROLE}; "
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES "
            f"TO {APP_ROLE}; "
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};")
    else:
        body = (
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP_ROLE}; "
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP_ROLE}; "
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}; "
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}; "
            f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE};")
    op.execute(f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN "
               f"{body} END IF; END $$")


def upgrade() -> None:
    op.create_table(
        'chain_head',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seq', sa.BigInteger(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_head')),
    )
    op.create_table(
        'chain_links',
        sa.Column('seq', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('table_name', sa.String(length=32), nullable=False),
        sa.Column('row_id', sa.BigInteger(), nullable=False),
        sa.Column('row_hash', sa.String(length=64), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.Column('linked_at', db.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('seq', name=op.f('pk_chain_links')),
        sa.UniqueConstraint('table_name', 'row_id', name=op.f('uq_chain_links_table_name_row_id')),
    )
    op.create_table(
        'chain_pending',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('table_name', sa.String(length=32), nullable=False),
        sa.Column('row_id', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_pending')),
    )
    # The chain starts from 64 zeros; rows already in the store wait in chain_pending and are
    # linked by the program's next write.
    op.execute("INSERT INTO chain_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")
    for table in CHAINED:
        op.execute(f"INSERT INTO chain_pending (table_name, row_id) SELECT '{table}', id FROM {table} "
                   "ORDER BY id")
    _create_append_only()
    if _pg():
        _app_role(grant=True)


def downgrade() -> None:
    if _pg():
        _app_role(grant=False)
    _drop_append_only()
    op.drop_table('chain_pending')
    op.drop_table('chain_links')
    op.drop_table('chain_head')
