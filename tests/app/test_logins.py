"""Logging in: failed attempts are audited and lock the login for a growing time; an unknown login
costs the same work as a known one; a read-only store still lets people in."""
from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import select

from app import clock, operators
from app.errors import AuthenticationFailed, StoreReadOnly
from db.models import AuditRecord


@pytest.fixture
def still():
    """Time stands still on the pinned date until the test moves it."""
    with clock.use(clock.FixedClock(datetime.fromisoformat("2026-11-16T10:00:00+08:00"))) as c:
        yield c


@pytest.fixture
def clerk(store, still):
    root = operators.create_operator(store, None, "root", "Root", "root-pass", "admin")
    return operators.create_operator(store, root, "clerk", "王芳", "clerk-pass", "clerk")


def _fail(store, login: str, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(AuthenticationFailed, match="Wrong login name or password"):
            operators.authenticate(store, login, "not-the-password")


def _audit(store, action: str) -> list[AuditRecord]:
    with store.read() as s:
        return list(s.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def test_failed_logins_are_audited_for_known_and_unknown_names(store, clerk):
    _fail(store, "clerk")
    _fail(store, "nobody")
    rows = _audit(store, "operator.login_failed")
    assert [(r.entity_id, r.after["login"]) for r in rows] == [(clerk.id, "clerk"), (None, "nobody")]
    assert "not-the-password" not in str([(r.before, r.after) for r in rows])
    operators.authenticate(store, "clerk", "clerk-pass")
    assert [r.entity_id for r in _audit(store, "operator.login")] == [clerk.id]


def test_five_failures_lock_the_login_for_a_growing_time(store, clerk, still):
    _fail(store, "clerk", 5)
    with pytest.raises(AuthenticationFailed, match="locked until 10:01"):
        operators.authenticate(store, "clerk", "clerk-pass")        # even the right password waits
    still.advance(seconds=59)
    with pytest.raises(AuthenticationFailed, match="locked"):
        operators.authenticate(store, "clerk", "clerk-pass")
    still.advance(seconds=1)
    _fail(store, "clerk", 5)                                        # the lock is over; five more failures
    with pytest.raises(AuthenticationFailed, match="locked until 10:03"):
        operators.authenticate(store, "clerk", "clerk-pass")        # ... lock twice as long
    still.advance(minutes=2)
    assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id
    _fail(store, "clerk", 4)                                        # a good login starts the count afresh
    assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id
    assert len(_audit(store, "operator.login_locked")) == 3


def test_the_lock_stops_growing_at_an_hour(store, clerk, still):
    for _ in range(8):
        _fail(store, "clerk", 5)
        with pytest.raises(AuthenticationFailed, match="locked"):
            operators.authenticate(store, "clerk", "clerk-pass")
        still.advance(hours=1)
    _fail(store, "clerk", 5)
    still.advance(minutes=59)
    with pytest.raises(AuthenticationFailed, match="locked"):
        operators.authenticate(store, "clerk", "clerk-pass")
    still.advance(minutes=1)
    assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id


def test_an_unknown_login_locks_like_a_known_one(store, clerk, still):
    _fail(store, "nobody", 5)
    with pytest.raises(AuthenticationFailed, match="locked until 10:01"):
        operators.authenticate(store, "nobody", "whatever")
    assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id   # others are not locked


def test_an_administrator_setting_a_new_password_unlocks(store, clerk):
    _fail(store, "clerk", 5)
    root = operators.authenticate(store, "root", "root-pass")
    operators.set_password(store, root, clerk.id, "fresh-pass")
    assert operators.authenticate(store, "clerk", "fresh-pass").id == clerk.id


def test_an_unknown_login_checks_a_password_hash_like_a_known_one(store, clerk, monkeypatch):
    checked: list[str] = []
    real = operators._hasher

    class Spy:
        def __getattr__(self, name):
            return getattr(real, name)

        def verify(self, hash_: str, password: str) -> bool:
            checked.append(password)
            return real.verify(hash_, password)

    monkeypatch.setattr(operators, "_hasher", Spy())
    _fail(store, "nobody")
    _fail(store, "clerk")
    assert checked == ["not-the-password", "not-the-password"]


@contextmanager
def _read_only(store):
    """The store as a read-only file behaves: every write transaction fails."""
    real = store.write

    @contextmanager
    def refused():
        with real():
            raise StoreReadOnly("The database is read-only; nothing was saved. Check the file's permissions.")
        yield  # pragma: no cover

    store.write = refused
    try:
        yield
    finally:
        store.write = real


def test_login_works_on_a_read_only_store_and_failures_still_say_why(store, clerk, caplog):
    with _read_only(store), caplog.at_level(logging.WARNING, logger="app.operators"):
        assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id
        for _ in range(6):
            with pytest.raises(AuthenticationFailed, match="Wrong login name or password"):
                operators.authenticate(store, "clerk", "wrong-pass")
    assert "read-only" in caplog.text
    assert _audit(store, "operator.login") == [] and _audit(store, "operator.login_failed") == []
    assert operators.authenticate(store, "clerk", "clerk-pass").id == clerk.id


def test_a_session_that_outlives_its_operator_is_refused(store, clerk):
    from app.access import require
    from app.errors import PermissionDenied

    session = operators.authenticate(store, "clerk", "clerk-pass")
    require(session, "money.recharge")
    root = operators.authenticate(store, "root", "root-pass")
    operators.set_active(store, root, clerk.id, False)
    with pytest.raises(PermissionDenied, match="“clerk” has been deactivated"):
        require(session, "money.recharge")
