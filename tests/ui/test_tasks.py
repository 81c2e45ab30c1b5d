"""Background tasks never destroy a widget on a worker thread.

A dialog closed while its task still runs is often referenced only by the task's callbacks. If a
worker dropped the last reference, the dialog (and its timers) would be destroyed on that worker:
Qt prints "Timers cannot be stopped from another thread" and the process later crashes, as a CI run
of the refund dialog's test did.
"""
from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from ui.tasks import TaskRunner, run_task


def _widget_with_a_timer(destroyed_on: list[str]) -> QWidget:
    w = QWidget()
    timer = QTimer(w)
    timer.start(10_000)
    w.destroyed.connect(lambda *_: destroyed_on.append(threading.current_thread().name))
    return w


def test_a_widget_only_a_task_references_is_destroyed_on_the_gui_thread(qtbot) -> None:
    destroyed_on: list[str] = []
    release = threading.Event()
    delivered: list[object] = []
    gui = threading.current_thread().name

    for n, kind in enumerate(("db", "cpu", "error")):
        w = _widget_with_a_timer(destroyed_on)

        def work(w=w, kind=kind) -> str:
            release.wait(10)
            if kind == "error":
                raise RuntimeError(w.objectName())       # the traceback's frames hold the widget too
            return w.objectName()

        run_task(work, lambda res, w=w: delivered.append(res),
                 lambda exc, w=w: delivered.append(repr(exc)), kind="cpu" if kind == "cpu" else "db")
        del w, work
        gc.collect()
        assert len(destroyed_on) == n                   # the task keeps it alive while it runs
        release.set()
        qtbot.waitUntil(lambda: TaskRunner.instance().pending() == 0, timeout=10_000)
        gc.collect()
        qtbot.waitUntil(lambda n=n: len(destroyed_on) == n + 1, timeout=5_000)
        release.clear()

    assert len(delivered) == 3 and delivered[2].startswith("RuntimeError")
    assert destroyed_on == [gui, gui, gui]
