"""A read-only or locked database: a clear error and nothing half-written."""
from __future__ import annotations

import sqlite3

import pytest

from app.campus.occupancy import ensure_accounts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import StoreLocked, StoreReadOnly
from db.engine import Store
from tests.factories import make_campus


@pytest.fixture
def sqlite_store(tmp_path, sqlite_template):
    import shutil

    path = tmp_path / "s.db"
    shutil.copy(sqlite_template, path)
    store = Store(f"sqlite:///{path}")
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with store.write() as s:
        acc = ensure_accounts(s, campus.rooms["B1-101"])[0].id
    Ledger(store).recharge(campus.clerk, acc, Money(100), key="seed", method="cash")
    yield path, store, campus, acc
    store.dispose()


def test_read_only_database(sqlite_store):
    path, store, campus, acc = sqlite_store
    ro = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert Ledger(ro).balance(acc) == Money(100)  # reading works
        with pytest.raises(StoreReadOnly, match="read-only; nothing was saved"):
            Ledger(ro).recharge(campus.clerk, acc, Money(500), key="ro-1", method="cash")
    finally:
        ro.dispose()
    assert Ledger(store).balance(acc) == Money(100)
    assert Ledger(store).verify() == []


def test_locked_database(sqlite_store):
    path, store, campus, acc = sqlite_store
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    impatient = Store(f"sqlite:///{path}", busy_timeout_ms=200)
    try:
        with pytest.raises(StoreLocked, match="locked by another program; nothing was saved"):
            Ledger(impatient).recharge(campus.clerk, acc, Money(500), key="lock-1", method="cash")
    finally:
        other.execute("ROLLBACK")
        other.close()
    # once the other program lets go, the same key posts normally, exactly once
    res = Ledger(impatient).recharge(campus.clerk, acc, Money(500), key="lock-1", method="cash")
    assert not res.replayed and Ledger(store).balance(acc) == Money(600)
    impatient.dispose()
