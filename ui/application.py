"""Start the Qt side: QApplication, the exception hook, the first window."""
from __future__ import annotations

import logging
import sys
import traceback

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from db.engine import Store
from resources import CJK_FONT
from ui.i18n import _
from ui.rooms_window import RoomsWindow

log = logging.getLogger(__name__)


def _install_excepthook() -> None:
    def hook(exc_type, exc, tb) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unhandled exception:\n%s", text)
        if QApplication.instance() is not None and not QApplication.platformName() == "offscreen":
            QMessageBox.critical(None, "DormWatt", _("Something went wrong:\n{error}").format(error=exc))

    sys.excepthook = hook


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


def run_window(store: Store, *, school: str = "", demo: bool = False, smoke_exit: bool = False) -> int:
    """Open the main window and run the event loop; with `smoke_exit`, quit once the rooms are painted."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("DormWatt")
    app.setOrganizationName("DormWatt")
    _install_excepthook()
    install_fonts(app)
    window = RoomsWindow(store, school=school, demo=demo)
    window.show()
    if smoke_exit:
        def done(n: int) -> None:
            window.repaint()
            print(f"ready: {n} rooms", flush=True)
            QTimer.singleShot(0, app.quit)

        window.loaded.connect(done)
        window.failed.connect(lambda msg: (print(f"failed: {msg}", flush=True), app.exit(3)))
    QTimer.singleShot(0, window.reload)
    return app.exec()
