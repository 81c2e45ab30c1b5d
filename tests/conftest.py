"""Shared fixtures. `store` gives each test a fresh, migrated database, on every backend under test.

Backends: SQLite always; PostgreSQL when a URL is known (DORMWATT_TEST_PG_URL, or .pg-test-url written
by .ci/pg-up). With DORMWATT_REQUIRE_PG=1 (CI) a missing PostgreSQL fails the run instead of skipping.
"""
from __future__ import annotations

import functools
import itertools
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The user data directory (PostgreSQL stores' anchor files, logs) is the run's own, never the home's:
# a test database name used by an earlier run must not meet that run's anchors.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="dormwatt-test-data-")

ROOT = Path(__file__).resolve().parent.parent


def pg_url() -> str | None:
    url = os.environ.get("DORMWATT_TEST_PG_URL")
    if not url and (ROOT / ".pg-test-url").exists():
        url = (ROOT / ".pg-test-url").read_text().strip()
    return url or None


def _pg_admin(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """argon2 at its production cost (64 MiB, three passes) is slow on purpose; the suite makes three
    operators for every small campus and paid for it thousands of times. In-process tests hash at the
    lowest cost (the hash records its parameters, so verifying is unchanged); the program's own
    processes started by tests (serve, the window) keep the real cost."""
    from argon2 import PasswordHasher

    from app import operators

    real = operators._hasher
    operators._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    operators._hasher = real


@pytest.fixture(scope="session", autouse=True)
def _freeze_what_collection_imported():
    """Collection has imported every module the suite uses (Qt, numpy, SQLAlchemy, the app): move those
    objects out of the cyclic collector's sight, as the window does after its first load. The Qt tests
    run a full collection after each test, on the GUI thread (tests/ui/conftest.py); without this each
    one walked the whole imported heap, and a worker spent most of its time there."""
    import gc

    gc.collect()
    gc.freeze()
    yield


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    from db import migrate
    from db.engine import make_engine

    path = tmp_path_factory.mktemp("tpl") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> str | None:
    url = pg_url()
    if url is None:
        return None
    from db import migrate
    from db.engine import make_engine

    admin = _pg_admin(url)
    tpl = f"dw_tpl_{os.getpid()}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{tpl}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{tpl}"'))
    engine = make_engine(make_url(url).set(database=tpl).render_as_string(hide_password=False))
    migrate.upgrade(engine)
    engine.dispose()
    yield tpl
    _drop_database(admin, tpl)
    admin.dispose()


_counter = itertools.count()


def _backends() -> list[str]:
    return [b.strip() for b in os.environ.get("DORMWATT_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]


@pytest.fixture(params=_backends())
def db_url(request, tmp_path, sqlite_template):
    """The URL of a fresh, migrated database on one backend."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copy(sqlite_template, path)
        yield f"sqlite:///{path}"
        return
    url = pg_url()
    if url is None:
        if os.environ.get("DORMWATT_REQUIRE_PG") == "1":
            pytest.fail("PostgreSQL is required (DORMWATT_REQUIRE_PG=1) but no URL is configured")
        pytest.skip("no PostgreSQL configured (run .ci/pg-up)")
    tpl = request.getfixturevalue("pg_template")
    name = f"dw_t_{os.getpid()}_{next(_counter)}"
    admin = _pg_admin(url)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{tpl}"'))
    yield make_url(url).set(database=name).render_as_string(hide_password=False)
    _drop_database(admin, name)
    admin.dispose()


def _drop_database(admin, name: str, tries: int = 20) -> None:
    """Drop a test database. FORCE ends our own connections, but a backend we may not signal (an
    autovacuum worker finishing on a busy test database) makes it fail for a moment: try again, and
    leave a throwaway database behind rather than fail a test that passed."""
    import time
    import warnings

    from sqlalchemy.exc import DBAPIError

    for attempt in range(tries):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            return
        except DBAPIError as exc:
            if attempt == tries - 1:
                warnings.warn(f"test database {name} left behind: {exc.orig}", stacklevel=1)
                return
            time.sleep(0.25)


APP_ROLE = ("dormwatt_app", "dormwatt_app")     # .ci/pg-up makes it: the role the program runs as


@functools.cache
def _app_role_exists() -> bool:
    """Whether the server has the application role (.ci/pg-up makes it; a server given by
    DORMWATT_TEST_PG_URL may not: the suite then runs as that URL's role)."""
    url = pg_url()
    if url is None:
        return False
    admin = _pg_admin(url)
    try:
        with admin.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": APP_ROLE[0]}).first() is not None
    finally:
        admin.dispose()


def as_app_role(url: str) -> str:
    """`url` with the application role's login: on PostgreSQL the suite works as the program does in
    production, as a role that owns nothing (it cannot drop the append-only triggers or edit history)."""
    if not url.startswith("postgresql") or os.environ.get("DORMWATT_TEST_PG_OWNER") == "1" or not _app_role_exists():
        return url
    user, password = APP_ROLE
    return make_url(url).set(username=user, password=password).render_as_string(hide_password=False)


def owner_url(url: str) -> str:
    """`url` (any role) with the database owner's login (.ci/pg-up's test owner): for a test that plays
    someone holding the database itself. SQLite URLs come back unchanged."""
    owner = pg_url()
    if not url.startswith("postgresql") or owner is None:
        return url
    o = make_url(owner)
    return make_url(url).set(username=o.username, password=o.password).render_as_string(hide_password=False)


@pytest.fixture
def store(db_url):
    """The store as the program uses it: on PostgreSQL connected as the application role."""
    from db.engine import Store

    s = Store(as_app_role(db_url))
    yield s
    s.dispose()


@pytest.fixture
def owner_store(db_url):
    """The same database with the owner's rights (on SQLite the same as `store`): for tests that play
    someone who holds the database itself, editing history behind the program's back."""
    from db.engine import Store

    s = Store(owner_url(db_url))
    yield s
    s.dispose()


# The whole session runs on a pinned date (a Monday in term, campus time), with time running from there
# (session fixtures such as the demo store included):
# nothing in the suite depends on the day it is run. Tests of date edges install their own clock.
PINNED_START = "2026-11-16T10:00:00+08:00"


@pytest.fixture(autouse=True, scope="session")
def pinned_clock():
    from datetime import datetime

    from app import clock

    with clock.use(clock.RunningClock(datetime.fromisoformat(PINNED_START))) as c:
        yield c
