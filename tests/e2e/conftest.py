"""Fixtures of the end-to-end tests."""
from tests.e2e.office import office  # noqa: F401  (a fixture: a store, a simulated line, a student, a shift)
