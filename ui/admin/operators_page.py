"""The Operators page of the administration window (administrators only).

A list of operators (login, name, role, active, last login, where they are logged in now) with
Create, Change role, Deactivate/Activate and Reset password, each a form whose refusals show under
the field concerned: a login already taken, a password that breaks the rules, the last active
administrator demoted or deactivated. Everything goes through app.operators in background tasks,
and app.operators enforces "operator.manage" on every call.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import operators
from app.operators import ROLES, OperatorRow
from ui.admin.forms import AdminForm
from ui.admin.password_dialog import password_edit
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.history_views import campus_time
from ui.i18n import _
from ui.status_panel import ROLE_LABELS
from ui.tasks import run_task


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


def _role_box(parent: QWidget, current: str | None = None) -> QComboBox:
    box = QComboBox(parent)
    for role in ROLES:
        box.addItem(role_label(role), role)
    box.setCurrentIndex(max(0, box.findData(current or "clerk")))
    return box


def _who(row: OperatorRow) -> str:
    return _("{name} ({login})").format(name=row.display_name, login=row.login)


class _PasswordsForm(AdminForm):
    """A form with a new password typed twice (field "password", checked again as "again")."""

    def add_passwords(self) -> None:
        self.password = self.field("password", _("Password"), password_edit(self))
        self.password.setPlaceholderText(_("at least {n} characters").format(n=operators.MIN_PASSWORD))
        self.again = self.field("again", _("Password again"), password_edit(self))

    def passwords_match(self) -> bool:
        if self.password.text() != self.again.text():
            self.clear_errors()
            self.show_field_error("again", _("The two passwords differ."))
            return False
        return True


class CreateOperatorForm(_PasswordsForm):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Create an operator"), parent)
        self.setObjectName("createOperator")
        self.login = self.field("login", _("Login name"), QLineEdit(self))
        self.login.setMaxLength(64)
        self.display_name = self.field("display_name", _("Name"), QLineEdit(self))
        self.display_name.setMaxLength(64)
        self.role = self.field("role", _("Role"), _role_box(self))
        self.add_passwords()
        self.login.setFocus()

    def confirm(self) -> None:
        if not self.passwords_match():
            return
        store, actor = self.ctx.store, self.ctx.actor
        login, name, password, role = (self.login.text(), self.display_name.text(), self.password.text(),
                                       self.role.currentData())
        self.run(lambda: operators.create_operator(store, actor, login, name, password, role),
                 lambda _r: self.finish())


class RoleForm(AdminForm):
    def __init__(self, ctx: AppContext, row: OperatorRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Change role"), parent)
        self.setObjectName("roleForm")
        self.row = row
        self.header.setText(_who(row))
        self.role = self.field("role", _("Role"), _role_box(self, row.role))

    def confirm(self) -> None:
        store, actor, oid, role = self.ctx.store, self.ctx.actor, self.row.id, self.role.currentData()
        self.run(lambda: operators.set_role(store, actor, oid, role), lambda _r: self.finish())


class ActiveForm(AdminForm):
    """Deactivate (the operator can no longer log in; their open window loses its rights) or activate."""

    def __init__(self, ctx: AppContext, row: OperatorRow, parent: QWidget | None = None) -> None:
        activate = not row.active
        super().__init__(ctx, _("Activate operator") if activate else _("Deactivate operator"), parent)
        self.setObjectName("activeForm")
        self.row = row
        self.header.setText(_who(row))
        effect = QLabel(_("They can log in again.") if activate else
                        _("They can no longer log in, and a window they have open loses its rights."), self)
        effect.setWordWrap(True)
        self.field("active", _("Effect"), effect)
        self.ok.setText(_("Activate") if activate else _("Deactivate"))

    def confirm(self) -> None:
        store, actor, oid, active = self.ctx.store, self.ctx.actor, self.row.id, not self.row.active
        self.run(lambda: operators.set_active(store, actor, oid, active), lambda _r: self.finish())


class ResetPasswordForm(_PasswordsForm):
    def __init__(self, ctx: AppContext, row: OperatorRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Reset password"), parent)
        self.setObjectName("resetPassword")
        self.row = row
        self.header.setText(_("A new password for {who}; the old one stops working at once.").format(who=_who(row)))
        self.add_passwords()
        self.password.setFocus()

    def confirm(self) -> None:
        if not self.passwords_match():
            return
        store, actor, oid, password = self.ctx.store, self.ctx.actor, self.row.id, self.password.text()
        self.run(lambda: operators.reset_password(store, actor, oid, password), lambda _r: self.finish())


class OperatorsPage(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("operatorsPage")
        self._select_login: str | None = None
        self.list = AdminList([
            Col(_("Login name"), lambda r: r.login),
            Col(_("Name"), lambda r: r.display_name),
            Col(_("Role"), lambda r: role_label(r.role)),
            Col(_("Active"), lambda r: _("yes") if r.active else _("no"), key=lambda r: r.active),
            Col(_("Last login"), lambda r: campus_time(r.last_login), key=lambda r: r.last_login),
            Col(_("Logged in now at"), lambda r: ", ".join(r.logged_in_at)),
        ], self, name="operators", export_title=_("Operators"))
        self.create_button = self.list.add_button(_("Create…"), "createOperator", self.create)
        self.role_button = self.list.add_button(_("Change role…"), "changeRole", self.change_role)
        self.active_button = self.list.add_button(_("Deactivate…"), "toggleActive", self.toggle_active)
        self.reset_button = self.list.add_button(_("Reset password…"), "resetPassword", self.reset_password)
        self.list.selection_changed.connect(self._update_buttons)
        self.list.activated.connect(lambda _row: self.change_role())
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 1)
        self._update_buttons()

    def refresh(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: operators.operator_rows(store, actor), self._show,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def _show(self, rows: list[OperatorRow]) -> None:
        self.list.set_rows(rows)
        if self._select_login is not None:
            login, self._select_login = self._select_login, None
            self.list.select_where(lambda r: r.login == login)
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self) -> None:
        row = self.list.current()
        for button in (self.role_button, self.active_button, self.reset_button):
            button.setEnabled(row is not None)
        self.active_button.setText(_("Activate…") if row is not None and not row.active else _("Deactivate…"))
        # One's own password is changed with the current one ("Change my password"), not reset here.
        self.reset_button.setEnabled(row is not None and row.id != self.ctx.actor.id)

    def _open(self, form: AdminForm, login, message) -> AdminForm:
        def closed(result: int) -> None:
            if result:
                self._select_login = login()
                self.list.show_message(message())
                self.refresh()
        form.finished.connect(closed)
        form.open()
        return form

    def create(self) -> CreateOperatorForm:
        form = CreateOperatorForm(self.ctx, self)
        return self._open(form, lambda: form.login.text().strip(),
                          lambda: _("{login} can log in now.").format(login=form.login.text().strip()))

    def change_role(self) -> RoleForm | None:
        row = self.list.current()
        if row is None:
            return None
        form = RoleForm(self.ctx, row, self)
        return self._open(form, lambda: row.login, lambda: _("{who} is now: {role}.").format(
            who=_who(row), role=role_label(form.role.currentData())))

    def toggle_active(self) -> ActiveForm | None:
        row = self.list.current()
        if row is None:
            return None
        text = _("{who} is active again.") if not row.active else _("{who} is deactivated.")
        return self._open(ActiveForm(self.ctx, row, self), lambda: row.login, lambda: text.format(who=_who(row)))

    def reset_password(self) -> ResetPasswordForm | None:
        row = self.list.current()
        if row is None or row.id == self.ctx.actor.id:
            return None
        return self._open(ResetPasswordForm(self.ctx, row, self), lambda: row.login,
                          lambda: _("{who} has a new password.").format(who=_who(row)))
