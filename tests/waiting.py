"""Waiting for a condition in tests that run real threads and processes (never a bare sleep)."""
from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(cond: Callable[[], object], timeout: float = 20.0, step: float = 0.05) -> bool:
    """True as soon as `cond()` is true; False if it is still false after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(step)
    return bool(cond())
