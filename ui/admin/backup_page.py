"""The Backups page of the administration window (issue 14, item 4): the daily backup's settings, how
the last one went, the backups in its folder, and "Back up now".

What an administrator sees and may rely on:
- the settings the service's daily backup follows (on or off, the folder, how many to keep, the campus
  time): changed here and saved with "Save" (each change audited, app.care.backup_schedule);
- the last daily backup: its day, done / failed (with the reason) / running, and its file;
- the backups in the folder as this computer sees it, newest first, with their sizes (the default
  folder is the user data folder of the computer whose service makes them);
- "Back up now" makes one at once in the same folder (in the background; the window stays usable);
- restoring is not done here: a backup is restored onto an empty store with `python main.py restore`,
  which the page says.
"""
from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.care import backup_schedule
from app.care.backup_schedule import BackupOverview, BackupSettings
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _
from ui.tasks import run_task

OK, BAD = "color:#1a7f37;", "color:#b02a37;"


def size_text(n: int) -> str:
    return _("{n:.1f} MB").format(n=n / 1_000_000) if n >= 100_000 else _("{n} KB").format(n=max(1, n // 1000))


class BackupPage(QWidget):
    loaded = Signal()
    saved = Signal()
    made = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupPage")
        self.overview: BackupOverview | None = None
        self.enabled = QCheckBox(_("Make a backup every day (the meter service does it)"), self)
        self.enabled.setObjectName("backupEnabled")
        self.folder = QLineEdit(self)
        self.folder.setObjectName("backupFolder")
        self.folder.setPlaceholderText(_("Empty: the user data folder's backups, on the service's computer"))
        browse = QPushButton(_("Browse…"), self)
        browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox(self)
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 3650)
        self.keep.setMaximumWidth(120)
        self.at = QTimeEdit(self)
        self.at.setObjectName("backupAt")
        self.at.setDisplayFormat("HH:mm")
        self.at.setMaximumWidth(120)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form = QFormLayout()
        form.addRow("", self.enabled)
        form.addRow(_("Folder"), folder_row)
        form.addRow(_("Keep the newest"), self.keep)
        form.addRow(_("At (campus time)"), self.at)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("saveBackupSettings")
        self.save_button.clicked.connect(self.save)
        self.now_button = QPushButton(_("Back up now"), self)
        self.now_button.setObjectName("backUpNow")
        self.now_button.clicked.connect(self.back_up_now)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.now_button)
        buttons.addStretch(1)
        self.last = QLabel(self)
        self.last.setObjectName("lastBackup")
        self.last.setWordWrap(True)
        self.where = QLabel(self)
        self.where.setObjectName("backupWhere")
        self.where.setWordWrap(True)
        self.files = AdminList((Col(_("Backup"), lambda f: f.name),
                                Col(_("Size"), lambda f: size_text(f.size_bytes), lambda f: f.size_bytes)),
                               self, name="backupFiles")
        restore = QLabel(_("To restore a backup, stop every DormWatt program and run "
                           "“python main.py restore FILE --db URL” onto an empty store; it is then checked "
                           "as “ledger verify” and “audit verify” check it."), self)
        restore.setWordWrap(True)
        restore.setStyleSheet("color:#6c757d;")
        self.message = QLabel(self)
        self.message.setObjectName("backupMessage")
        self.message.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addLayout(buttons)
        lay.addWidget(self.message)
        lay.addWidget(self.last)
        lay.addWidget(self.where)
        lay.addWidget(self.files, 1)
        lay.addWidget(restore)

    # ----- loading ------------------------------------------------------------------------------------

    def refresh(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: backup_schedule.overview(store, actor), self._loaded, self._failed, owner=self)

    def _loaded(self, ov: BackupOverview) -> None:
        self.overview = ov
        st = ov.settings
        self.enabled.setChecked(st.enabled)
        self.folder.setText(st.folder or "")
        self.keep.setValue(st.keep)
        self.at.setTime(QTime(st.at.hour, st.at.minute))
        self.last.setText(self._last_text(ov.last))
        self.where.setText(_("{n} backup(s) in {folder} (as this computer sees it):").format(
            n=len(ov.files), folder=ov.folder))
        self.files.set_rows(list(ov.files))
        self.loaded.emit()

    @staticmethod
    def _last_text(last: dict) -> str:
        if not last:
            return _("No daily backup has been made yet.")
        day, state = last.get("day", ""), last.get("state", "")
        if state == "done":
            return _("Last daily backup: {day}, {file}").format(day=day, file=last.get("file", ""))
        if state == "failed":
            return _("The daily backup of {day} failed: {reason}. It is tried again an hour later.").format(
                day=day, reason=last.get("error", ""))
        return _("The daily backup of {day} is being made by {by}.").format(day=day, by=last.get("by", ""))

    # ----- actions ------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def settings(self) -> BackupSettings:
        t = self.at.time()
        return BackupSettings(self.enabled.isChecked(), self.folder.text().strip() or None, self.keep.value(),
                              time(t.hour(), t.minute()))

    def save(self) -> None:
        store, actor, new = self.ctx.store, self.ctx.actor, self.settings()
        run_task(lambda: backup_schedule.set_backup_settings(store, actor, new), self._saved, self._failed,
                 owner=self)

    def _saved(self, _result=None) -> None:
        self._say(_("Saved. The service follows the new settings from its next check (within a minute)."), OK)
        self.saved.emit()
        self.refresh()

    def back_up_now(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        self.now_button.setEnabled(False)
        self._say(_("Backing up…"), "")
        run_task(lambda: str(backup_schedule.back_up_now(store, actor)), self._made, self._failed, kind="cpu",
                 owner=self)

    def _made(self, path: str) -> None:
        self.now_button.setEnabled(True)
        self._say(_("Backup written: {path}").format(path=path), OK)
        self.made.emit(path)
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.now_button.setEnabled(True)
        text = error_text(exc)
        self._say(text, BAD)
        self.failed.emit(text)

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)
