from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.engine import make_engine
from db.models import Base


def test_upgrade_head_matches_models_and_downgrade_to_base_works(db_url):
    engine = make_engine(db_url)
    try:
        assert migrate.is_current(engine)  # the fixture's database was upgraded to head
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        migrate.downgrade(engine, "base")
        assert migrate.current_revision(engine) is None
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_from_empty_database(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    try:
        assert migrate.current_revision(engine) is None
        migrate.upgrade(engine)
        assert migrate.is_current(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_the_migrations_form_one_line():
    """One head: a store upgraded by any path ends at the same schema (branches made in parallel are
    chained before they land)."""
    from alembic.script import ScriptDirectory

    assert len(ScriptDirectory.from_config(migrate.alembic_config()).get_heads()) == 1


def test_quota_grants_keep_their_data_through_0016_and_back(db_url):
    """0016 (one-off grants) on a store that already holds rule grants: each grant's utility is its
    rule's; going back to 0015 drops only the grants the older schema has no place for."""
    from datetime import date

    from db.engine import Store
    from db.models import QuotaGrant, QuotaRule, Room
    from tests.factories import make_campus

    store = Store(db_url)
    try:
        make_campus(store, rooms_per_gender=1)
        with store.write() as s:
            room = s.query(Room).order_by(Room.id).first().id
            water = QuotaRule(utility="water", scope="room", period="month", amount=3000, valid_from=date(2026, 9, 1))
            power = QuotaRule(utility="electricity", scope="room", period="month", amount=1500,
                              valid_from=date(2026, 9, 1))
            s.add_all([water, power])
            s.flush()
            s.add_all([QuotaGrant(rule_id=water.id, utility="water", room_id=room, period_key="2026-11", amount=3000),
                       QuotaGrant(rule_id=power.id, utility="electricity", room_id=room, period_key="2026-11",
                                  amount=1500),
                       QuotaGrant(rule_id=None, utility="water", idempotency_key="subsidy-1-quota1", room_id=room,
                                  period_key="2026-11-16", amount=200)])
        migrate.downgrade(store.engine, "0015")
        with store.engine.connect() as conn:
            left = conn.exec_driver_sql("SELECT rule_id, amount FROM quota_grants ORDER BY amount").all()
        assert [a for _r, a in left] == [1500, 3000]               # the one-off grant went, the rules' stayed
        migrate.upgrade(store.engine)
        with store.read() as s:
            grants = {g.amount: (g.utility, g.rule_id, g.idempotency_key) for g in s.query(QuotaGrant)}
        assert grants == {3000: ("water", water.id, None), 1500: ("electricity", power.id, None)}
        with store.write() as s:                                    # and a one-off grant fits again
            s.add(QuotaGrant(rule_id=None, utility="electricity", idempotency_key="quota-2-quota1", room_id=room,
                             period_key="2026-12-01", amount=500))
    finally:
        store.dispose()
