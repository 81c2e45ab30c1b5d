from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A small demo campus on SQLite, shared read-only by the window tests."""
    from app.demo_campus import create_demo_store

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    store, _ = create_demo_store(url, rooms=60, days=5, seed=7)
    store.dispose()
    return url
