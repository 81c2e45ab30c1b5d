"""Helpers for the sync tests: several "processes" (each its own Store) on one test database."""
from __future__ import annotations

import threading
import time
from collections.abc import Callable

from db.engine import Store
from db.models import Bus


class Collector:
    """A hub subscriber (or lease callback) that remembers what it got and when, and can be awaited."""

    def __init__(self) -> None:
        self.items: list = []
        self.times: list[float] = []
        self._cond = threading.Condition()

    def __call__(self, item) -> None:
        with self._cond:
            self.items.append(item)
            self.times.append(time.perf_counter())
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[list], bool], timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.items), timeout)

    def wait_count(self, n: int, timeout: float) -> bool:
        return self.wait_for(lambda items: len(items) >= n, timeout)

    def remote(self) -> list:
        return [e for e in self.items if not e.local]


def poll(condition: Callable[[], bool], timeout: float, step: float = 0.02) -> bool:
    """Await a condition that nothing signals (a database row, a thread's state)."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(step)


def make_buses(store: Store, n: int) -> list[int]:
    with store.write() as s:
        buses = [Bus(name=f"RS485-{i:02d}", port=f"socket://127.0.0.1:{5020 + i}") for i in range(n)]
        s.add_all(buses)
        s.flush()
        return [b.id for b in buses]
