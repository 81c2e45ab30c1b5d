"""What a clerk reads when the database refuses: one sentence, never a driver's traceback.

A deadlock or serialization failure is a race another workstation won (not "locked by another
program"); a value too large for a column is named as such; a store that may only be read lets
the clerk log in and look, and says why nothing can be saved.
"""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from app import operators
from app.campus.occupancy import ensure_accounts
from app.counter.ledger import Ledger
from app.counter.money import Money
from db.engine import Store, translate
from db.errors import StoreConflict, StoreError, StoreLocked, StoreReadOnly
from db.models import LedgerEntry
from tests.conftest import owner_url
from tests.factories import make_campus


class _DriverError(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


def _wrapped(message: str, sqlstate: str | None) -> DBAPIError:
    return OperationalError("UPDATE accounts ...", {}, _DriverError(message, sqlstate))


@pytest.mark.parametrize("sqlstate, message", [
    ("40P01", "deadlock detected\nDETAIL: Process 4711 waits for ShareLock on transaction 99; blocked by process 4712."),
    ("40001", "could not serialize access due to concurrent update"),
])
def test_a_lost_race_is_not_called_a_lock_by_another_program(sqlstate, message):
    err = translate(_wrapped(message, sqlstate))
    assert isinstance(err, StoreConflict)
    assert "another program" not in str(err)
    assert str(err) == ("Another workstation was changing the same records at the same moment; nothing was "
                        "saved. Try again.")


def test_sqlite_busy_is_still_a_lock():
    err = translate(_wrapped("database is locked", None))
    assert isinstance(err, StoreLocked) and "locked by another program" in str(err)


@pytest.fixture
def room_account(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with store.write() as s:
        acc = ensure_accounts(s, campus.rooms["B1-101"])[0].id
    Ledger(store).recharge(campus.clerk, acc, Money(100), key="seed", method="cash")
    return campus, acc


def test_a_number_too_large_for_the_database_is_a_sentence(store, room_account):
    campus, acc = room_account
    Ledger(store).recharge(campus.clerk, acc, Money(2**62), key="big-1", method="cash")
    with pytest.raises(StoreError) as caught:          # the balance would pass 2**63 fen
        Ledger(store).recharge(campus.clerk, acc, Money(2**62), key="big-2", method="cash")
    assert str(caught.value) == ("A number or text is too large for the database to store; nothing was saved. "
                                 "Check the amounts and texts you entered.")
    assert Ledger(store).balance(acc) == Money(100 + 2**62)
    assert Ledger(store).verify() == []


def test_a_value_the_database_cannot_take_is_a_sentence(store, room_account):
    if store.dialect != "postgresql":
        pytest.skip("SQLite stores any value in any column")
    with pytest.raises(StoreError) as caught, store.write() as s:
        s.execute(text("SELECT 'not a date'::date"))
    assert "cannot store one of the values given; nothing was saved" in str(caught.value)
    assert not isinstance(caught.value, DBAPIError)


def _read_only_url(store: Store) -> str:
    """The same database, opened so that it can only be read (SQLite: mode=ro; PostgreSQL: our role
    loses every write privilege, as a role granted only SELECT has none)."""
    if store.dialect == "sqlite":
        return f"sqlite:///file:{store.url.split('///', 1)[1]}?mode=ro&uri=true"
    owner = create_engine(owner_url(store.url))
    with owner.begin() as conn:
        user = make_url(store.url).username
        conn.execute(text(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public FROM "{user}"'))
        conn.execute(text(f'REVOKE USAGE ON ALL SEQUENCES IN SCHEMA public FROM "{user}"'))
    owner.dispose()
    return store.url


def test_a_read_only_store_lets_the_clerk_log_in_and_look(store, room_account):
    campus, acc = room_account
    ro = Store(_read_only_url(store), create=False)
    try:
        clerk = operators.authenticate(ro, "clerk", "clerk-pass")      # login does not need to write
        assert clerk.login == "clerk"
        assert Ledger(ro).balance(acc) == Money(100)                    # looking works
        with pytest.raises(StoreReadOnly) as caught:
            Ledger(ro).recharge(clerk, acc, Money(500), key="ro-1", method="cash")
        assert str(caught.value) == ("The database is read-only; nothing was saved. You can look but not change "
                                     "anything: ask the administrator for write access to the database.")
        assert caught.value.__traceback__ is not None and not isinstance(caught.value, DBAPIError)
        with ro.read() as s:
            assert len(s.scalars(select(LedgerEntry)).all()) == 1
    finally:
        ro.dispose()
