"""The Payment methods tab: what the counter accepts, which need the provider's reference, which count
in the cash drawer; "New method…", "Edit…" (label and flags; a code never changes) and
"Disable"/"Enable" (a disabled method is no longer offered, its records keep their label)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from app.counter import payment_methods
from app.counter.payment_methods import PaymentMethod
from ui.admin.money_tab import MoneyTab, ServiceForm, yes_no
from ui.admin.table import Col
from ui.app_context import AppContext
from ui.i18n import _


class MethodsTab(MoneyTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        cols = [
            Col(_("Code"), lambda m: m.code),
            Col(_("Name on receipts"), lambda m: m.label),
            Col(_("Needs a reference"), lambda m: yes_no(m.requires_reference)),
            Col(_("Cash drawer"), lambda m: yes_no(m.cash)),
            Col(_("Offered at the counter"), lambda m: yes_no(m.active)),
        ]
        super().__init__(ctx, parent, cols=cols, name="paymentMethods", export_title=_("Payment methods"))
        self.note.setText(_("A method that needs a reference asks the clerk for the provider's transaction number, "
                            "which must be unique for the method; the statement import matches it."))
        self.button(_("New method…"), "newMethod", lambda: self.edit(None))
        self.edit_button = self.button(_("Edit…"), "editMethod", lambda: self.edit(self.list.current()))
        self.toggle_button = self.button(_("Disable"), "toggleMethod", self.toggle)
        self.list.activated.connect(self.edit)
        self.list.selection_changed.connect(self._selection)
        self._selection()

    def fetch(self) -> Any:
        return payment_methods.methods(self.ctx.store)

    def _selection(self) -> None:
        m = self.list.current()
        self.edit_button.setEnabled(m is not None)
        self.toggle_button.setEnabled(m is not None)
        self.toggle_button.setText(_("Enable") if m is not None and not m.active else _("Disable"))

    def toggle(self) -> None:
        m: PaymentMethod | None = self.list.current()
        if m is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.run(lambda: payment_methods.set_method_active(store, actor, m.code, not m.active),
                 lambda _r: (_("{method} is offered at the counter again.") if not m.active
                             else _("{method} is no longer offered; its past payments keep their name.")
                             ).format(method=m.label))

    def edit(self, m: PaymentMethod | None) -> ServiceForm:
        store, actor = self.ctx.store, self.ctx.actor
        def call(f: ServiceForm):
            args = dict(code=code.text(), label=label.text(), requires_reference=reference.isChecked(),
                        cash=cash.isChecked(), new=m is None)
            return lambda: payment_methods.save_method(store, actor, **args)

        form = ServiceForm(self.ctx, _("New payment method") if m is None else _("Payment method"), self, call)
        code = QLineEdit(form)
        code.setPlaceholderText("unionpay")
        label = QLineEdit(form)
        reference = QCheckBox(_("The clerk types the provider's transaction number"), form)
        cash = QCheckBox(_("Counts in the shift's cash drawer"), form)
        if m is not None:
            code.setText(m.code)
            code.setReadOnly(True)
            label.setText(m.label)
            reference.setChecked(m.requires_reference)
            cash.setChecked(m.cash)
        form.field("code", _("Code"), code)
        form.field("label", _("Name on receipts"), label)
        form.field("requires_reference", _("Reference"), reference)
        form.field("cash", _("Cash"), cash)
        return self.open_form(form, lambda saved: _("{method} is saved.").format(method=saved.label))
