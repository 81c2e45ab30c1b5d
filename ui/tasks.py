"""Background work for the window: `run_task(fn, on_done, on_error)`.

Database calls go to a single-writer queue (one thread, so a workstation's writes never race each
other); CPU work (PDFs, parsing, matching) to a parallel pool. Results come back on the GUI thread
through a queued signal. Tests may set `TaskRunner.synchronous = True` to run tasks inline.

Every Python reference a task holds (the function, its callbacks, its result or exception) lives in
the runner's table and is dropped on the GUI thread. A worker only borrows the function while it
runs and hands the outcome back through the table before it signals, so it never holds the last
reference to a widget: a widget destroyed on a worker thread stops its timers from the wrong thread
and crashes the process ("Timers cannot be stopped from another thread").
"""
from __future__ import annotations

import itertools
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


@dataclass
class _Task:
    fn: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None
    owner: QObject | None
    outcome: tuple[bool, Any] | None = None


class _Relay(QObject):
    """One per runner, on the GUI thread: its slot runs the callbacks there."""

    finished = Signal(int)

    def __init__(self, runner: TaskRunner) -> None:
        super().__init__()
        self._runner = runner
        self.finished.connect(self._deliver)

    @Slot(int)
    def _deliver(self, task_id: int) -> None:
        task = self._runner._take(task_id)
        if task is None or task.outcome is None:
            return
        ok, value = task.outcome
        callback = task.on_done if ok else task.on_error
        if not _alive(callback) or (task.owner is not None and not shiboken6.isValid(task.owner)):
            return   # the widget that asked is gone (window closed meanwhile): drop the result
        try:
            if ok:
                task.on_done(value)
            elif task.on_error is not None:
                task.on_error(value)
            else:
                log.error("background task failed: %s", "".join(traceback.format_exception(value)))
        except RuntimeError as exc:
            if "already deleted" not in str(exc):
                raise
            log.debug("a background result arrived for a deleted widget: %s", exc)


def _alive(callback: Callable | None) -> bool:
    """False when `callback` is a method of a Qt object that has been deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class _Job(QRunnable):
    """Holds only the task's number: the function is borrowed from the runner's table."""

    def __init__(self, runner: TaskRunner, task_id: int) -> None:
        super().__init__()
        self.runner, self.task_id = runner, task_id

    def run(self) -> None:
        fn = self.runner._function(self.task_id)
        try:
            outcome = (True, fn())
        except BaseException as exc:  # delivered to on_error on the GUI thread
            outcome = (False, exc)
        del fn
        self.runner._finish(self.task_id, outcome)
        del outcome   # the table holds it now; the GUI thread drops it
        try:
            self.runner.relay.finished.emit(self.task_id)
        except RuntimeError:   # the application is shutting down and the relay is gone
            log.debug("background task finished after its receiver was deleted")


class TaskRunner:
    synchronous = False
    _instance: TaskRunner | None = None

    def __init__(self) -> None:
        self.db_pool = QThreadPool()
        self.db_pool.setMaxThreadCount(1)
        self.cpu_pool = QThreadPool()
        self.cpu_pool.setMaxThreadCount(max(1, QThreadPool.globalInstance().maxThreadCount()))
        self.relay = _Relay(self)
        self._lock = threading.Lock()
        self._tasks: dict[int, _Task] = {}
        self._ids = itertools.count(1)

    @classmethod
    def instance(cls) -> TaskRunner:
        if cls._instance is None:
            cls._instance = TaskRunner()
        return cls._instance

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], None] | None = None, *, kind: str = "db",
               owner: QObject | None = None) -> None:
        if self.synchronous:
            try:
                value = fn()
            except BaseException as exc:
                if on_error is None:
                    raise
                on_error(exc)
                return
            on_done(value)
            return
        with self._lock:
            task_id = next(self._ids)
            self._tasks[task_id] = _Task(fn, on_done, on_error, owner)
        (self.db_pool if kind == "db" else self.cpu_pool).start(_Job(self, task_id))

    def pending(self) -> int:
        """Tasks submitted whose callbacks have not run yet."""
        with self._lock:
            return len(self._tasks)

    def _function(self, task_id: int) -> Callable[[], Any]:
        with self._lock:
            return self._tasks[task_id].fn

    def _finish(self, task_id: int, outcome: tuple[bool, Any]) -> None:
        with self._lock:
            self._tasks[task_id].outcome = outcome

    def _take(self, task_id: int) -> _Task | None:
        with self._lock:
            return self._tasks.pop(task_id, None)

    def wait(self, msecs: int = 30000) -> bool:
        return self.db_pool.waitForDone(msecs) and self.cpu_pool.waitForDone(msecs)


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None, *, kind: str = "db",
             owner: QObject | None = None) -> None:
    """Run `fn` on a worker; `on_done(result)` or `on_error(exception)` runs on the GUI thread,
    unless `owner` (or the widget whose method the callback is) has been deleted meanwhile."""
    TaskRunner.instance().submit(fn, on_done, on_error, kind=kind, owner=owner)
