"""The bus worker's command queue: priorities, jobs and their futures.

Commands are served strictly by priority class, first come first served inside a class:
control (relays, linkage lock, trip reset) before purchase delivery before configuration before
event draining. Polling runs only when this queue is empty, so a command waits at most for the
transaction already on the wire.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Priority(IntEnum):
    """Lower value is served first."""

    CONTROL = 0
    PURCHASE = 1
    CONFIG = 2
    EVENTS = 3
    POLL = 4


@dataclass
class Job:
    """One unit of work for the worker: ``run(driver)`` for a meter, or ``run(port)`` if broadcast.

    ``address`` is None for a broadcast job. ``future`` receives the result or the exception;
    internal jobs (polls, event draining) have no future.
    """

    priority: Priority
    address: int | None
    run: Callable[[Any], Any]
    label: str = ""
    future: Future[Any] | None = None
    queued_at: float = 0.0
    internal: bool = field(default=False)


class JobQueue:
    """Thread-safe priority queue of jobs with a condition the worker can sleep on."""

    def __init__(self) -> None:
        self._heap: list[tuple[int, int, Job]] = []
        self._seq = itertools.count()
        self.cond = threading.Condition()

    def put(self, job: Job) -> None:
        """Queue ``job`` and wake the worker."""
        with self.cond:
            heapq.heappush(self._heap, (int(job.priority), next(self._seq), job))
            self.cond.notify_all()

    def pop(self) -> Job | None:
        """The highest-priority job, or None. Call with ``cond`` held or from the worker."""
        with self.cond:
            if not self._heap:
                return None
            return heapq.heappop(self._heap)[2]

    def has(self, predicate: Callable[[Job], bool]) -> bool:
        """Whether a queued job satisfies ``predicate``."""
        with self.cond:
            return any(predicate(entry[2]) for entry in self._heap)

    def __len__(self) -> int:
        with self.cond:
            return len(self._heap)

    def drain(self) -> list[Job]:
        """Remove and return every queued job (used when the worker stops)."""
        with self.cond:
            jobs = [entry[2] for entry in self._heap]
            self._heap.clear()
            return jobs
