"""Log in with an operator of the store (checked in the background; argon2 takes a moment)."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit

from app import operators
from app.access import Actor
from db.engine import Store
from ui.i18n import _, tr_message
from ui.tasks import run_task


class LoginDialog(QDialog):
    def __init__(self, store: Store, school: str = "", parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.actor: Actor | None = None
        self.setWindowTitle(_("DormWatt — log in"))
        form = QFormLayout(self)
        if school:
            form.addRow(QLabel(f"<b>{school}</b>", self))
        self.login = QLineEdit(self)
        self.login.setObjectName("login")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", self)
        self.error.setObjectName("loginError")
        self.error.setStyleSheet("color:#cf222e")
        form.addRow(_("Login name"), self.login)
        form.addRow(_("Password"), self.password)
        form.addRow(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def try_login(self) -> None:
        login, password = self.login.text(), self.password.text()
        self.buttons.setEnabled(False)
        self.error.setText(_("Checking…"))
        run_task(lambda: operators.authenticate(self.store, login, password), self._ok, self._refused)

    def _ok(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(tr_message(str(exc)))
        self.password.selectAll()
        self.password.setFocus()
