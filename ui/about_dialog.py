"""Help → About: the version, the store (its password hidden), where the program keeps its files, and
the two things an administrator asks a clerk for when something is wrong — the diagnostics page on the
clipboard ("Copy diagnostics", app.care.diagnostics) and the folder of the log files."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.care import diagnostics, logs
from db.engine import Store
from ui.crash import toolkit
from ui.i18n import _, tr_message
from ui.tasks import run_task

VALUE_WIDTH = 900      # wider values scroll: the dialog stays on a 1366-pixel screen


def open_folder(path: Path) -> bool:
    """Show `path` in the system's file manager (made first if missing); False when that failed."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(QDialog):
    """Public: `version` (a label), `store`, `schema`, `data_folder`, `log_folder`, `reports_folder`
    (read-only fields), `copy_button`, `open_logs_button`, `status`; `copied` is emitted with the text
    put on the clipboard. The schema revision is read in the background when the dialog opens."""

    copied = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(_("About DormWatt"))
        self._store = store
        self._toolkit = toolkit()
        log_file = logs.current_log_file()
        self._log_folder = log_file.parent if log_file is not None else logs.logs_dir()

        title = QLabel("DormWatt", self)
        title.setStyleSheet("font-size:18px;font-weight:bold;")
        self.version = QLabel(_("Version {version}").format(version=diagnostics.app_version()), self)
        self.store = self._value(diagnostics.hidden_url(store.url))
        self.store.setObjectName("aboutStore")
        self.schema = self._value(_("reading…"))
        self.schema.setMinimumWidth(240)
        self.data_folder = self._value(str(diagnostics.data_folder()))
        self.log_folder = self._value(str(log_file) if log_file is not None else str(self._log_folder))
        self.reports_folder = self._value(str(diagnostics.crash_reports_dir()))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(_("Store"), self.store)
        form.addRow(_("Store schema"), self.schema)
        form.addRow(_("Data folder"), self.data_folder)
        form.addRow(_("Log file") if log_file is not None else _("Log folder"), self.log_folder)
        form.addRow(_("Crash reports"), self.reports_folder)

        note = QLabel(_("When something goes wrong, copy the diagnostics and send them to your administrator "
                        "with what you were doing. Passwords are never included."), self)
        note.setWordWrap(True)
        note.setStyleSheet("color:#6c757d;")
        self.status = QLabel("", self)
        self.status.setObjectName("aboutStatus")
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(_("Copy diagnostics"), self)
        self.copy_button.setObjectName("copyDiagnostics")
        self.open_logs_button = QPushButton(_("Open log folder"), self)
        self.open_logs_button.setObjectName("openLogFolder")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_logs_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.open_logs_button.clicked.connect(self.open_logs)

        col = QVBoxLayout(self)
        col.addWidget(title)
        col.addWidget(self.version)
        col.addLayout(form)
        col.addWidget(note)
        col.addWidget(self.status)
        col.addStretch(1)
        col.addWidget(buttons)
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())
        run_task(lambda: diagnostics.schema_revision(store), self._schema_read, self._failed, owner=self)

    def _schema_read(self, text: str) -> None:
        self.schema.setText(text)
        self.schema.setCursorPosition(0)

    def _value(self, text: str) -> QLineEdit:
        """A value to read and copy: a path does not wrap (a line broken at its hyphens reads as two
        paths), the field is as wide as the text up to VALUE_WIDTH and scrolls beyond."""
        field = QLineEdit(text, self)
        field.setReadOnly(True)
        field.setFrame(False)
        field.setStyleSheet("QLineEdit{background:transparent;}")
        field.setMinimumWidth(min(VALUE_WIDTH, field.fontMetrics().horizontalAdvance(text) + 12))
        field.setCursorPosition(0)
        field.setToolTip(text)
        return field

    def copy_diagnostics(self) -> None:
        """Gather the diagnostics page in the background and put it on the clipboard."""
        self.copy_button.setEnabled(False)
        self.status.setText(_("Gathering the diagnostics…"))
        url, kit, store = self._store.url, self._toolkit, self._store
        run_task(lambda: diagnostics.gather(url, schema=diagnostics.schema_revision(store), toolkit=kit).text(),
                 self._to_clipboard, self._failed, owner=self)

    def _to_clipboard(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.copy_button.setEnabled(True)
        self.status.setText(_("The diagnostics are on the clipboard: paste them into an email to your "
                              "administrator."))
        self.copied.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self.copy_button.setEnabled(True)
        self.status.setText(_("Could not gather the diagnostics: {reason}").format(reason=tr_message(str(exc))))

    def open_logs(self) -> None:
        if not open_folder(self._log_folder):
            self.status.setText(_("Could not open the folder {path}").format(path=str(self._log_folder)))
