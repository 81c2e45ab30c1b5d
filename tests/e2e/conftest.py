"""Fixtures of the end-to-end tests.

The processes these tests start (`python main.py`, `serve`, the command line) get `db_url`, which on
PostgreSQL is the application role's login: they run as the program runs in an office, as a role
that owns nothing (`owner_store` is there for a test that plays the database's owner)."""
import pytest

from tests.conftest import as_app_role
from tests.e2e.office import office  # noqa: F401  (a fixture: a store, a simulated line, a student, a shift)


@pytest.fixture
def db_url(db_url):
    return as_app_role(db_url)
