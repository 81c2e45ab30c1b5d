"""Shared by the administration page tests."""
from __future__ import annotations

import gc

import pytest


@pytest.fixture(autouse=True)
def _collect():
    """Collect the pages' Qt objects after each test, while the application is still there."""
    yield
    gc.collect()
