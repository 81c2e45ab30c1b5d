"""First start on an empty store: the administrator account, the school's name, the first bus."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from app.campus import campus_setup
from db.engine import Store
from ui.i18n import _, tr_message
from ui.tasks import run_task


class SetupWizard(QDialog):
    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.school = ""
        self.setWindowTitle(_("DormWatt — first start"))
        form = QFormLayout(self)
        form.addRow(QLabel(_("This store is empty. Create the administrator and the first RS-485 bus."), self))
        self.school_edit = QLineEdit(self)
        self.login = QLineEdit("admin", self)
        self.name = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = QLineEdit(self)
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.port = QLineEdit(self)
        self.port.setPlaceholderText(_("/dev/serial/by-id/…, COM3 or socket://192.168.1.50:4196"))
        self.baud = QComboBox(self)
        self.baud.addItems(["9600", "19200", "4800", "2400"])
        for label, w in ((_("School name"), self.school_edit), (_("Administrator login"), self.login),
                         (_("Administrator name"), self.name), (_("Password"), self.password),
                         (_("Password again"), self.password2), (_("First bus port or gateway"), self.port),
                         (_("Baud rate"), self.baud)):
            form.addRow(label, w)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color:#cf222e")
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.finish)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def finish(self) -> None:
        if self.password.text() != self.password2.text():
            self.error.setText(_("The two passwords differ."))
            return
        values = dict(school=self.school_edit.text(), login=self.login.text(), display_name=self.name.text(),
                      password=self.password.text(), port=self.port.text(), baud=int(self.baud.currentText()))
        self.buttons.setEnabled(False)
        run_task(lambda: campus_setup.first_start(self.store, **values), self._done, self._failed)

    def _done(self, _result) -> None:
        self.school = self.school_edit.text().strip()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(tr_message(str(exc)))
