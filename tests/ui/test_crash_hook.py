"""The window's exception hook (ui.crash): an exception no code caught — in a slot, on a worker thread —
leaves a crash report with its traceback, the clerk is shown a box on the GUI thread saying what to do,
and the window goes on working. The box is caught by patching `ui.crash.show_crash_box`."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.care.crash_reports import CrashReport
from ui import crash


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    return tmp_path / "DormWatt"


@pytest.fixture
def boxes(monkeypatch, data_home):
    """The hook installed, its boxes recorded as (report, the thread that showed it, modal)."""
    shown: list[tuple[CrashReport, str, bool]] = []

    def record(report, *, modal=False):
        shown.append((report, threading.current_thread().name, modal))

    monkeypatch.setattr(crash, "show_crash_box", record)
    hook = crash.install()
    crash.describe_store("postgresql+psycopg://dw:Zx9-secret@db.campus/dormwatt", "abc123 (current)")
    yield shown
    assert hook.box is None
    crash.uninstall()


def _reports(data_home):
    folder = data_home / "crash-reports"
    return sorted(folder.glob("crash-*.txt")) if folder.exists() else []


class Desk(QWidget):
    """A window with a button whose slot fails and one that works."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = QPushButton("Close relay", self)
        self.working = QPushButton("Count", self)
        self.count = QLabel("0", self)
        col = QVBoxLayout(self)
        for w in (self.broken, self.working, self.count):
            col.addWidget(w)
        self.broken.clicked.connect(self.close_relay)
        self.working.clicked.connect(lambda: self.count.setText(str(int(self.count.text()) + 1)))

    def close_relay(self) -> None:
        raise ValueError("the relay would not close")


def test_an_exception_in_a_slot_writes_a_report_and_tells_the_clerk(qtbot, boxes, data_home):
    desk = Desk()
    qtbot.addWidget(desk)
    desk.show()
    qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boxes) == 1, timeout=5000)
    report, shown_on, modal = boxes[0]
    assert shown_on == threading.main_thread().name and not modal
    [path] = _reports(data_home)
    assert report.path == path and report.summary == "ValueError: the relay would not close"
    text = path.read_text(encoding="utf-8")
    assert "in close_relay" in text and "ValueError: the relay would not close" in text
    assert "Store: postgresql+psycopg://dw:***@db.campus/dormwatt" in text and "Zx9-secret" not in text
    assert "Store schema: abc123 (current)" in text
    # the window still works
    qtbot.mouseClick(desk.working, Qt.MouseButton.LeftButton)
    assert desk.count.text() == "1"


def test_an_exception_on_a_worker_thread_is_shown_on_the_gui_thread(qtbot, boxes, data_home):
    def poll_meters() -> None:
        raise ConnectionError("the gateway went away")

    worker = threading.Thread(target=poll_meters, name="bus-gateway-1")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(boxes) == 1, timeout=5000)
    report, shown_on, _modal = boxes[0]
    assert shown_on == threading.main_thread().name and report.thread == "bus-gateway-1"
    text = report.path.read_text(encoding="utf-8")
    assert "Thread: bus-gateway-1" in text and "in poll_meters" in text
    assert "ConnectionError: the gateway went away" in text


def test_a_box_that_fails_is_not_tried_again(qtbot, monkeypatch, boxes, data_home):
    tries = []

    def broken(report, *, modal=False):
        tries.append(report)
        raise RuntimeError("no screen for the box")

    monkeypatch.setattr(crash, "show_crash_box", broken)
    desk = Desk()
    qtbot.addWidget(desk)
    qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tries) == 1, timeout=5000)
    qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(_reports(data_home)) == 2, timeout=5000)
    qtbot.wait(50)            # a queued box would have been asked for by now
    assert len(tries) == 1 and not boxes
    qtbot.mouseClick(desk.working, Qt.MouseButton.LeftButton)
    assert desk.count.text() == "1"


def test_a_session_writes_a_bounded_number_of_reports(qtbot, monkeypatch, boxes, data_home):
    monkeypatch.setattr(crash, "MAX_REPORTS", 2)
    desk = Desk()
    qtbot.addWidget(desk)
    for _ in range(4):
        qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(boxes) == 2, timeout=5000)
    assert len(_reports(data_home)) == 2


def test_outside_the_event_loop_the_box_is_shown_at_once(qtbot, monkeypatch, boxes, data_home):
    """A failure at start-up or exit: the process may end when the hook returns, so the box is modal,
    now (not on an "offscreen" platform, where no one would see it: the tests pretend otherwise)."""
    monkeypatch.setattr(crash, "HEADLESS_PLATFORMS", ())
    try:
        raise KeyError("school_name")
    except KeyError as exc:
        crash._hook.excepthook(KeyError, exc, exc.__traceback__)
    assert len(boxes) == 1 and boxes[0][2] is True


def test_no_box_without_dialogs(qtbot, monkeypatch, data_home):
    shown = []
    monkeypatch.setattr(crash, "show_crash_box", lambda report, *, modal=False: shown.append(report))
    crash.install(dialogs=False)
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="task")
        worker.start()
        worker.join()
        qtbot.wait(50)
    finally:
        crash.uninstall()
    assert not shown and len(_reports(data_home)) == 1


def test_the_crash_box_says_what_to_do_and_copies_the_report(qtbot, data_home, tmp_path):
    report = CrashReport(summary="ValueError: boom", thread="MainThread", trace="Traceback …",
                         text="DormWatt crash report …\nValueError: boom\n",
                         path=tmp_path / "crash-2026-11-16_10-05-07.txt")
    box = crash.crash_box(report)
    qtbot.addWidget(box)
    box.show()
    words = box.text() + "\n" + box.informativeText()
    assert str(report.path) in words
    assert "safe" in words and "administrator" in words and "start it again" in words
    copy = box.findChild(QPushButton, "copyReport")
    QApplication.clipboard().clear()
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == report.text
    assert box.isVisible()                     # copying leaves the box open to be read
    box.button(QMessageBox.StandardButton.Close).click()
    assert not box.isVisible()


def test_a_report_not_saved_says_to_copy_it(qtbot):
    report = CrashReport(summary="OSError", thread="MainThread", trace="", text="report", path=None)
    box = crash.crash_box(report)
    qtbot.addWidget(box)
    assert "Copy report" in box.informativeText()


def test_the_real_box_opens_without_blocking_and_one_at_a_time(qtbot, data_home):
    hook = crash.install()
    try:
        desk = Desk()
        qtbot.addWidget(desk)
        desk.show()
        qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: hook.box is not None and hook.box.isVisible(), timeout=5000)
        box = hook.box
        assert box.objectName() == "crashBox" and str(hook.reports[0].path) in box.informativeText()
        qtbot.mouseClick(desk.broken, Qt.MouseButton.LeftButton)      # a second one while it is open
        qtbot.waitUntil(lambda: len(_reports(data_home)) == 2, timeout=5000)
        qtbot.wait(50)
        boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "crashBox" and w.isVisible()]
        assert boxes == [box]
        box.button(QMessageBox.StandardButton.Close).click()
        qtbot.waitUntil(lambda: hook.box is None, timeout=5000)
    finally:
        crash.uninstall()


def test_a_command_installs_no_hook_and_shows_no_box(db_url, monkeypatch, capsys):
    """`python main.py <command>` (and `serve`) run without a window: Python's own hooks stay."""
    import sys

    import main

    monkeypatch.setattr(main, "_pin_clock", lambda: None)      # the suite's clock stays the suite's
    before = (sys.excepthook, threading.excepthook)
    assert main.main(["ledger", "verify", "--db", db_url]) == 0
    assert (sys.excepthook, threading.excepthook) == before
    assert "drifted" in capsys.readouterr().out
