"""“Change my password”: any operator, with the current password, the new one and the new one again.

Refusals show under their field: a wrong current password, a new one that breaks the rules
(app.operators), two new ones that differ. Nothing is written until all three are right.
"""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from app import operators
from ui.admin.forms import AdminForm
from ui.app_context import AppContext
from ui.i18n import _


def password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(128)
    return edit


class ChangePasswordDialog(AdminForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Change my password"), parent)
        self.setObjectName("changePassword")
        self.header.setText(_("{name} ({login})").format(name=ctx.actor.display_name or ctx.actor.login,
                                                         login=ctx.actor.login))
        self.current = self.field("current", _("Current password"), password_edit(self))
        self.new = self.field("new", _("New password"), password_edit(self))
        self.again = self.field("again", _("New password again"), password_edit(self))
        self.new.setPlaceholderText(_("at least {n} characters").format(n=operators.MIN_PASSWORD))
        self.current.setFocus()

    def confirm(self) -> None:
        self.clear_errors()
        if self.new.text() != self.again.text():
            self.show_field_error("again", _("The two new passwords differ."))
            return
        store, actor, current, new = self.ctx.store, self.ctx.actor, self.current.text(), self.new.text()
        self.run(lambda: operators.change_own_password(store, actor, current, new), lambda _r: self.finish())
