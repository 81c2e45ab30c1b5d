"""Background work for the window: `run_task(fn, on_done, on_error)`.

Database calls go to a single-writer queue (one thread, so a workstation's writes never race each
other); CPU work (PDFs, parsing, matching) to a parallel pool. Results come back on the GUI thread
through a queued signal. Tests may set `TaskRunner.synchronous = True` to run tasks inline.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its slot runs the callbacks there."""

    finished = Signal(object)

    def __init__(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None,
                 owner: QObject | None = None) -> None:
        super().__init__()
        self._on_done, self._on_error, self._owner = on_done, on_error, owner
        self.finished.connect(self._deliver)

    @Slot(object)
    def _deliver(self, outcome: tuple[bool, Any]) -> None:
        ok, value = outcome
        TaskRunner.instance()._pending.discard(self)
        if not _alive(self._on_done if ok else self._on_error) or (
                self._owner is not None and not shiboken6.isValid(self._owner)):
            return   # the widget that asked is gone (window closed meanwhile): drop the result
        try:
            if ok:
                self._on_done(value)
            elif self._on_error is not None:
                self._on_error(value)
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
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            outcome = (True, self.fn())
        except BaseException as exc:  # delivered to on_error on the GUI thread
            outcome = (False, exc)
        try:
            self.relay.finished.emit(outcome)
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
        self._pending: set[_Relay] = set()

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
        relay = _Relay(on_done, on_error, owner)
        self._pending.add(relay)
        (self.db_pool if kind == "db" else self.cpu_pool).start(_Job(fn, relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self.db_pool.waitForDone(msecs) and self.cpu_pool.waitForDone(msecs)


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None] | None = None, *, kind: str = "db",
             owner: QObject | None = None) -> None:
    """Run `fn` on a worker; `on_done(result)` or `on_error(exception)` runs on the GUI thread,
    unless `owner` (or the widget whose method the callback is) has been deleted meanwhile."""
    TaskRunner.instance().submit(fn, on_done, on_error, kind=kind, owner=owner)
