from __future__ import annotations

import pytest

from db.engine import Store


@pytest.fixture
def open_store(db_url):
    """Open another Store on the test database: another workstation or service, as far as the store
    can tell (its own engine, pool and hub). Everything opened is closed after the test."""
    opened: list[Store] = []

    def _open() -> Store:
        s = Store(db_url)
        opened.append(s)
        return s
    yield _open
    for s in opened:
        s.dispose()


@pytest.fixture
def started():
    """Register a started Follower or LeaseKeeper so that it is stopped even when the test fails."""
    things = []

    def _started(thing):
        things.append(thing)
        return thing
    yield _started
    for thing in reversed(things):
        thing.stop()
