"""The window's exception hook: an unhandled exception is written down and the clerk is told what to do.

`install()` (main.py, for the window only) replaces sys.excepthook and threading.excepthook. An
exception no code caught — in a slot, a timer, a worker thread — then:
- is written to a crash report (app.care.crash_reports: the traceback and the diagnostics page) in the
  user data folder's crash-reports/, and to the log;
- is shown to the clerk in a message box on the GUI thread (`show_crash_box`; an exception on another
  thread is handed over by a queued signal) saying in plain words what happened, that the money is
  safe, where the report is and what to do, with a "Copy report" button.
The window keeps running: the slot that failed has ended, the event loop goes on. One box at a time;
later exceptions while it is open are reported and logged only. A box that cannot be shown is logged
and no box is tried again (no loop of failures), and a session writes at most MAX_REPORTS files (a
paint that fails on every frame must not fill the disk). Outside the event loop (a failure at start-up
or at exit, when the process may end as soon as the hook returns) the box is modal and shown at once.
Without a QApplication — the command line, `serve`, which never install this hook anyway — or on an
"offscreen" platform with no event loop running, no box is seen: the report and the log still are.
"""
from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.care import crash_reports, diagnostics
from app.care.crash_reports import CrashReport
from ui.i18n import _

log = logging.getLogger(__name__)

MAX_REPORTS = 20
HEADLESS_PLATFORMS = ("offscreen", "minimal")


def toolkit() -> str:
    """The Qt this window runs on, for the diagnostics page: "Qt 6.11.3, PySide6 6.11.3 (xcb)"."""
    import PySide6
    from PySide6.QtCore import qVersion

    platform = QGuiApplication.platformName() if QGuiApplication.instance() is not None else ""
    return f"Qt {qVersion()}, PySide6 {PySide6.__version__}" + (f" ({platform})" if platform else "")


class _Relay(QObject):
    """Lives on the GUI thread: a report emitted from any thread is shown there, after the failing
    code has unwound (queued, never inside the slot that raised)."""

    report = Signal(object)


class CrashHook:
    """What `install` puts in place; `describe_store` tells it the store for the reports."""

    def __init__(self, *, dialogs: bool = True) -> None:
        self.dialogs = dialogs
        self.store_url = ""
        self.schema = "not read"
        self.reports: list[CrashReport] = []
        self.box: QMessageBox | None = None
        self._boxes_broken = False
        self._lock = threading.Lock()
        self._inside = threading.local()
        self._previous = (sys.excepthook, threading.excepthook)
        self._relay = _Relay()
        self._relay.report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    # ----- the hooks ------------------------------------------------------------------------------

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous[0](exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb, threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return              # as threading's own hook: a thread that exits is no crash
        name = args.thread.name if args.thread is not None else threading.current_thread().name
        self.handle(args.exc_type, args.exc_value, args.exc_traceback, name)

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
               thread: str) -> CrashReport | None:
        """Write the report, log it and ask the GUI thread to show it; the report, or None when this
        session has written MAX_REPORTS already or the hook failed (then Python's own hook prints it)."""
        if getattr(self._inside, "active", False):      # the hook itself failed: no second round
            sys.__excepthook__(exc_type, exc, tb)
            return None
        self._inside.active = True
        try:
            with self._lock:
                if len(self.reports) >= MAX_REPORTS:
                    log.error("unhandled exception on %s (no report: %d written this session)\n%s",
                              thread, MAX_REPORTS, crash_reports.trace_of(exc_type, exc, tb))
                    return None
                facts = diagnostics.gather(self.store_url, schema=self.schema, toolkit=toolkit())
                report = crash_reports.write_report(exc_type, exc, tb, thread=thread, diagnostics=facts)
                self.reports.append(report)
            log.error("unhandled exception on %s, report %s\n%s", thread, report.path or "not saved", report.trace)
            if self.dialogs:
                self._ask_to_show(report)
            return report
        except Exception:       # never let the hook hide the original exception
            sys.__excepthook__(exc_type, exc, tb)
            log.exception("the exception hook failed")
            return None
        finally:
            self._inside.active = False

    # ----- the box ---------------------------------------------------------------------------------

    def _ask_to_show(self, report: CrashReport) -> None:
        app = QApplication.instance()
        if app is None or self._boxes_broken:
            return
        on_gui = QThread.currentThread() is app.thread()
        if (on_gui and QThread.currentThread().loopLevel() == 0
                and QGuiApplication.platformName() not in HEADLESS_PLATFORMS):
            # No event loop (yet, or any more: the start-up or the exit failed): show it now and wait,
            # since the process may end as soon as this hook returns.
            self._show(report, modal=True)
            return
        self._relay.report.emit(report)    # shown once the event loop runs again (never where no one sees)

    def _show(self, report: CrashReport, modal: bool = False) -> None:
        if self._boxes_broken:
            return
        if self.box is not None:
            log.info("crash box already open: report %s not shown", report.path)
            return
        try:
            box = show_crash_box(report, modal=modal)
        except Exception:
            self._boxes_broken = True   # an exception from here would come straight back: stop
            log.exception("could not show the crash report box; later reports go to the log only")
            return
        if box is not None and not modal:
            self.box = box
            box.finished.connect(self._closed)

    def _closed(self, _result: int) -> None:
        self.box = None

    def restore(self) -> None:
        """Put back the hooks this one replaced (tests)."""
        sys.excepthook, threading.excepthook = self._previous


_hook: CrashHook | None = None


def install(*, dialogs: bool = True) -> CrashHook:
    """Install the hook (on the GUI thread, once; a second call replaces the first)."""
    global _hook
    if _hook is not None:
        _hook.restore()
    _hook = CrashHook(dialogs=dialogs)
    sys.excepthook = _hook.excepthook
    threading.excepthook = _hook.thread_excepthook
    return _hook


def uninstall() -> None:
    global _hook
    if _hook is not None:
        _hook.restore()
        _hook = None


def describe_store(url: str, schema: str) -> None:
    """The store the reports describe (its URL is shown with the password hidden)."""
    if _hook is not None:
        _hook.store_url, _hook.schema = url, schema


def show_crash_box(report: CrashReport, *, modal: bool = False) -> QMessageBox:
    """Show `report` to the clerk: opened over the active window, or run to its end when `modal`."""
    box = crash_box(report, QApplication.activeWindow())
    if modal:
        box.exec()
    else:
        box.open()
    return box


def crash_box(report: CrashReport, parent: QWidget | None = None) -> QMessageBox:
    """The message box of one report: what happened, the money is safe, where the report is, what to do;
    "Copy report" puts the whole report on the clipboard and leaves the box open."""
    box = QMessageBox(QMessageBox.Icon.Critical, _("DormWatt: something went wrong"),
                      _("DormWatt ran into a problem it did not expect and stopped what it was doing."), parent=parent)
    box.setObjectName("crashBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if report.path is not None:
        where = _("A report was saved to:\n{path}").format(path=str(report.path))
    else:
        where = _("The report could not be saved to a file: use “Copy report” and paste it into an email.")
    box.setInformativeText("\n\n".join((
        _("Your data is safe: every payment, refund and check-out is saved whole or not at all, so nothing "
          "was half recorded. Check the last thing you did in the transaction list before doing it again."),
        where,
        _("What to do: send the report to your administrator. If the window stops responding or looks "
          "wrong, close DormWatt and start it again."),
    )))
    box.setDetailedText(report.text)
    copy = box.addButton(_("Copy report"), QMessageBox.ButtonRole.ActionRole)
    copy.setObjectName("copyReport")
    copy.clicked.disconnect()          # an action button would close the box; this one only copies
    copy.clicked.connect(lambda: _copy(report, copy))
    box.addButton(QMessageBox.StandardButton.Close)
    return box


def _copy(report: CrashReport, button) -> None:
    QApplication.clipboard().setText(report.text)
    button.setText(_("Copied"))
