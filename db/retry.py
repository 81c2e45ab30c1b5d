"""Transparent retries of a transaction that lost a race with another workstation.

PostgreSQL may abort a transaction that did nothing wrong: a deadlock victim (SQLSTATE 40P01) or a
serialization failure (40001). SQLite may report "database is locked" when its busy timeout runs
out. In all three cases the transaction was rolled back whole, so running the same operation again
is safe; a money operation runs again with the *same* idempotency key, so even an attempt whose
commit was lost in between is answered from the stored result instead of being posted twice.

`retrying` is the one place that decides how often and how long to wait: at most `ATTEMPTS`
attempts with jittered exponential back-off for `StoreConflict` (deadlock, serialization), and
`LOCKED_ATTEMPTS` for `StoreLocked` (SQLite busy: every attempt has already waited the store's busy
timeout, so a database another program keeps locked is reported within two of them, not six).
Every other error is raised at once. Nested retrying calls
do not multiply: only the outermost one retries, the inner ones raise through to it.
"""
from __future__ import annotations

import functools
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from db.errors import StoreConflict, StoreLocked

log = logging.getLogger(__name__)

ATTEMPTS = 6
LOCKED_ATTEMPTS = 2
BASE_DELAY_S = 0.02     # doubled after every lost race, then jittered: 20 ms, 40 ms, ... 320 ms at most
RETRIED = (StoreConflict, StoreLocked)

P = ParamSpec("P")
R = TypeVar("R")

_depth = threading.local()


def backoff(attempt: int) -> float:
    """Seconds to wait after losing `attempt` (0-based): full jitter, so racers spread out."""
    return random.uniform(0.5, 1.0) * BASE_DELAY_S * (2 ** attempt)


def run(fn: Callable[[], R], *, attempts: int = ATTEMPTS) -> R:
    """`fn()`, run again (up to `attempts` times in all) while it loses a race; the last loss is raised."""
    outer = getattr(_depth, "n", 0) == 0
    _depth.n = getattr(_depth, "n", 0) + 1
    try:
        for attempt in range(attempts if outer else 1):
            try:
                return fn()
            except RETRIED as exc:
                limit = min(attempts, LOCKED_ATTEMPTS) if isinstance(exc, StoreLocked) else attempts
                if not outer or attempt >= limit - 1:
                    raise
                log.info("transaction lost a race (%s); attempt %d of %d", type(exc).__name__, attempt + 2, attempts)
                time.sleep(backoff(attempt))
        raise AssertionError("unreachable")   # pragma: no cover
    finally:
        _depth.n -= 1


def retrying(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorate an operation whose every attempt is whole (one write transaction, or several that
    are idempotent by key) so that it is retried by `run`."""
    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        return run(lambda: fn(*args, **kwargs))
    return wrapper
