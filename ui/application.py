"""Start the Qt side: QApplication, fonts, translations, log in, the workbench (main.py installs the
exception hook, ui.crash, before it calls run_window)."""
from __future__ import annotations

import gc
import logging
import os
import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog

from app import operators
from app.access import Actor
from app.metering.runtime.runtime import MeterRuntime
from db.engine import Store
from resources import CJK_FONT
from ui.app_context import AppContext
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


def install_fonts(app: QApplication) -> None:
    """Add the shipped CJK font as a fallback behind the system's UI font."""
    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if families:
        font = app.font()
        font.setFamilies([font.family(), *families])
        app.setFont(font)
    else:
        log.warning("could not load the CJK font %s", CJK_FONT)


def make_app() -> QApplication:
    # Python's cyclic collector may otherwise run on a worker thread and free a widget there, which
    # crashes Qt; the window collects on the GUI thread instead (MainWindow, every 30 s).
    gc.disable()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("DormWatt")
    app.setOrganizationName("DormWatt")
    install_fonts(app)
    try:
        from ui.i18n import install_translations

        install_translations(app)
    except ImportError:
        pass
    return app


def log_in(store: Store, school: str, user: str | None, password: str | None = None) -> Actor | None:
    """The operator for this session: `user` with `password` (or DORMWATT_PASSWORD) unattended, or
    the login dialog."""
    if user:
        return operators.authenticate(store, user, password if password is not None
                                      else os.environ.get("DORMWATT_PASSWORD", ""))
    from ui.login_dialog import LoginDialog

    dialog = LoginDialog(store, school)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def run_window(store: Store, *, school: str = "", demo: bool = False, training: bool = False, smoke_exit: bool = False,
               user: str | None = None, password: str | None = None,
               runtime: MeterRuntime | None = None, stop: Callable[[], None] | None = None,
               origin: str | None = None) -> int:
    """Log in, open the workbench and run the event loop; with `smoke_exit`, quit once it is painted."""
    try:
        return _run_window(store, school=school, demo=demo, smoke_exit=smoke_exit, user=user, password=password,
                           runtime=runtime, origin=origin, training=training)
    finally:   # every way out (a cancelled wizard or login too) closes the lines and releases their leases
        if stop is not None:
            stop()
        elif runtime is not None:
            runtime.stop()


def _run_window(store: Store, *, school: str, demo: bool, smoke_exit: bool, user: str | None,
                password: str | None, runtime: MeterRuntime | None, origin: str | None,
                training: bool = False) -> int:
    app = make_app()
    first_actor, first_page = None, None     # the administrator the wizard made, and where to go on
    if not operators.has_operators(store):
        from ui.setup_wizard import SetupWizard

        wizard = SetupWizard(store)
        if smoke_exit:
            wizard.show()
            print("ready: set-up wizard", flush=True)
            QTimer.singleShot(0, app.quit)
            code = app.exec()
            TaskRunner.instance().wait(15000)
            return code
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 1
        school = wizard.school or school
        first_actor, first_page = wizard.actor, wizard.open_page
    try:
        actor = first_actor or log_in(store, school, user, password)
    except Exception as exc:   # an unattended login that is refused: say why, exit
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if actor is None:
        return 1
    from ui.main_window import MainWindow

    ctx = AppContext(store=store, actor=actor, school=school, demo=demo, runtime=runtime, training=training)
    if origin:
        ctx.origin = origin
    window = MainWindow(ctx)
    from ui.admin.session_heartbeat import SessionHeartbeat

    heartbeat = SessionHeartbeat(ctx, window)      # "who is logged in where" for the administrator
    heartbeat.start()
    window.show()
    if not smoke_exit:
        # An administrator of a store not yet ready to work lands on the steps still to do.
        from ui.admin.start_page import open_when_needed

        open_when_needed(window, ctx, first_page)
    if smoke_exit:
        def done(n: int) -> None:
            window.repaint()
            print(f"ready: {n} rooms", flush=True)
            QTimer.singleShot(0, app.quit)

        window.ready.connect(done)
    QTimer.singleShot(0, window.reload)
    code = app.exec()
    heartbeat.stop()
    ctx.bridge.detach()
    window.close()
    # No background task outlives the event loop: a worker still in a query when the application
    # object goes away would deliver into freed Qt objects (a crash at exit).
    TaskRunner.instance().wait(15000)
    return code
