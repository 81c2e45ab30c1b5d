"""Recharge at the counter: amount, utility, payment method and reference, payer; Enter confirms.

A caller may rely on:
- the amount field has the focus when the dialog opens; typed amounts are checked before anything
  is sent ("12.345", "abc", "-5", empty: the field says why and nothing is posted);
- an amount above the office's confirm limit (default ¥500.00) is asked for again in a second field
  that opens under the amount with the focus (Enter again once it matches); above the ceiling
  (default ¥5,000.00) it is refused inline (`app.counter.payment_methods.RechargeLimits`);
- a method that needs a transaction reference refuses an empty one inline;
- the idempotency key is made when the dialog opens, and OK is disabled while the call runs, so
  pressing Enter twice posts once;
- the app's refusal shows inline in its own words; with no open shift an "Open a shift…" button
  appears next to the message;
- on success `posted(CounterResult)` is emitted, the receipt is printed when "Print receipt" is
  ticked (built in the background, then printed straight to the workstation's receipt printer, or
  previewed when the workstation asks for a preview: no mouse is needed) and the dialog closes.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from app.campus import occupancy
from app.campus.cards import load_cards
from app.counter import documents, payment_methods, payments
from app.counter.money import Money
from app.counter.payment_methods import PaymentMethod, RechargeLimits
from app.errors import InvalidAmount, ShiftError
from ui import printing
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, CounterDialog, money_edit, parse_amount, utility_label
from ui.i18n import _, tr_message

PRINT_SETTING = "counter/print_receipt"


class RechargeDialog(CounterDialog):
    posted = Signal(object)          # app.counter.payments.CounterResult
    shift_open_requested = Signal()  # the clerk asked to open a shift from the error line

    def __init__(self, ctx: AppContext, room_id: int, parent: QWidget | None = None, *,
                 utility: str = "electricity") -> None:
        super().__init__(ctx, _("Recharge"), parent)
        self.setObjectName("rechargeDialog")
        self.room_id = room_id
        self.key = f"recharge-{uuid.uuid4()}"
        self.methods: list[PaymentMethod] = []
        self.balances: dict[str, int | None] = {}
        self.room_code = ""
        self.loaded = False
        self.limits: RechargeLimits | None = None

        self.amount = money_edit(self, "amount")
        self.amount_error = self.add_row(_("Amount (CNY)"), self.amount)
        # Asked for again above the confirm limit: a second field right under the amount.
        self.confirm_label = QLabel(_("Type it again"), self)
        self.confirm_amount = money_edit(self, "confirmAmount")
        self.form.addRow(self.confirm_label, self.confirm_amount)
        self.confirm_amount_error = QLabel("", self)
        self.confirm_amount_error.setObjectName("confirmAmountError")
        self.confirm_amount_error.setWordWrap(True)
        self.confirm_amount_error.setStyleSheet(ERROR_STYLE)
        self.form.addRow("", self.confirm_amount_error)
        self.form.setRowVisible(self.confirm_amount, False)
        self.form.setRowVisible(self.confirm_amount_error, False)
        self.utility = QComboBox(self)
        self.utility.setObjectName("utility")
        for u in ("electricity", "water"):
            self.utility.addItem(utility_label(u), u)
        self.utility.setCurrentIndex(0 if utility == "electricity" else 1)
        self.add_row(_("For"), self.utility)
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        self.add_row(_("Payment method"), self.method)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("reference")
        self.reference.setPlaceholderText(_("Transaction number from the payment"))
        self.reference_error = self.add_row(_("Reference"), self.reference)
        self.payer = QComboBox(self)
        self.payer.setObjectName("payer")
        self.add_row(_("Paid by"), self.payer)
        self.print_receipt = self.print_box(_("Print receipt"), PRINT_SETTING)
        self.print_receipt.setObjectName("printReceipt")
        self._tail.addWidget(self.print_receipt)
        self.open_shift = QPushButton(_("Open a shift…"), self)
        self.open_shift.setObjectName("openShift")
        self.open_shift.setAutoDefault(False)
        self.open_shift.hide()
        self.open_shift.clicked.connect(self.shift_open_requested)
        self._tail.addWidget(self.open_shift)
        self.ok.setText(_("Take the money"))
        self.ok.setEnabled(False)

        self.amount.textEdited.connect(self._amount_edited)
        self.confirm_amount.textEdited.connect(lambda _t: self.set_error(self.confirm_amount_error, None))
        self.reference.textEdited.connect(lambda _t: self.set_error(self.reference_error, None))
        self.method.currentIndexChanged.connect(self._method_changed)
        self.utility.currentIndexChanged.connect(self._show_header)
        self.amount.setFocus()

        store = ctx.store
        self.load(lambda: (load_cards(store, [room_id])[0], occupancy.occupants(store, room_id),
                           payment_methods.offered_methods(store), payment_methods.recharge_limits(store)), self._loaded)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.amount.setFocus()

    # ----- data ------------------------------------------------------------------------------

    def _loaded(self, result) -> None:
        card, stays, methods, self.limits = result
        self.room_code = card.code
        self.balances = {"electricity": card.electricity_fen, "water": card.water_fen}
        self.methods = methods
        self.method.blockSignals(True)
        self.method.clear()
        for m in methods:
            self.method.addItem(m.label, m.code)
        self.method.blockSignals(False)
        self._method_changed()
        self.payer.clear()
        for st in stays:
            self.payer.addItem(_("{name} ({number}), bed {bed}").format(
                name=st.student_name, number=st.student_no, bed=st.bed_label), st.student_id)
        self.payer.addItem(_("Not said"), None)
        self._show_header()
        self.loaded = True
        self.ok.setEnabled(True)

    def _show_header(self) -> None:
        fen = self.balances.get(self.utility.currentData())
        balance = "—" if fen is None else Money(fen).display()
        self.header.setText(_("Room {room} · {utility} balance {balance}").format(
            room=self.room_code, utility=utility_label(self.utility.currentData()), balance=balance))

    def _amount_edited(self, _text: str) -> None:
        self.set_error(self.amount_error, None)
        self.confirm_amount.clear()                  # a changed amount is confirmed anew
        self.set_error(self.confirm_amount_error, None)

    def _confirming(self) -> bool:
        return self.form.isRowVisible(self.confirm_amount)

    def _ask_again(self, amount: Money) -> None:
        self.confirm_label.setText(_("Above {limit}: type {amount} again").format(
            limit=self.limits.confirm_above.display(), amount=amount.display()))
        self.form.setRowVisible(self.confirm_amount, True)
        self.confirm_amount.clear()
        self.confirm_amount.setFocus()

    def _confirmed(self, amount: Money) -> bool:
        """True once the second field holds the same amount; else says why and keeps the focus there."""
        if self.limits is None or not self.limits.needs_confirming(amount):
            self.form.setRowVisible(self.confirm_amount, False)
            return True
        if not self._confirming():
            self._ask_again(amount)
            return False
        try:
            again = Money.parse(self.confirm_amount.text())
        except InvalidAmount as exc:
            again, why = None, tr_message(exc.message)
        else:
            why = _("The two amounts do not match ({first} and {second}); type the amount again.").format(
                first=amount.display(), second=again.display())
        if again == amount:
            return True
        self.set_error(self.confirm_amount_error, why)
        self.confirm_amount.setFocus()
        self.confirm_amount.selectAll()
        return False

    def current_method(self) -> PaymentMethod | None:
        code = self.method.currentData()
        return next((m for m in self.methods if m.code == code), None)

    def _method_changed(self) -> None:
        pm = self.current_method()
        needs = bool(pm and pm.requires_reference)
        self.reference.setEnabled(needs)
        if not needs:
            self.reference.clear()
        self.set_error(self.reference_error, None)

    # ----- confirm -----------------------------------------------------------------------------

    def confirm(self) -> None:
        if not self.loaded:
            return
        self.clear_errors()
        try:
            amount = parse_amount(self.amount.text(), "A recharge")
            if self.limits is not None:
                self.limits.check(amount)
        except InvalidAmount as exc:
            self.form.setRowVisible(self.confirm_amount, False)
            self.set_error(self.amount_error, tr_message(exc.message))
            self.amount.setFocus()
            self.amount.selectAll()
            return
        if not self._confirmed(amount):
            return
        pm = self.current_method()
        reference = self.reference.text().strip() or None
        if pm is not None and pm.requires_reference and reference is None:
            self.set_error(self.reference_error, _("A {method} recharge needs the transaction reference.").format(
                method=pm.label))
            self.reference.setFocus()
            return
        self.open_shift.hide()
        store, actor, key = self.ctx.store, self.ctx.actor, self.key
        room_id, utility, payer = self.room_id, self.utility.currentData(), self.payer.currentData()
        method = pm.code if pm else ""
        self.submit(lambda: payments.recharge(store, actor, room_id=room_id, utility=utility, amount=amount,
                                             method=method, reference=reference, payer_id=payer, key=key),
                    self._posted, self._refused)

    def _refused(self, exc: BaseException) -> bool:
        if isinstance(exc, ShiftError):
            self.open_shift.show()
        if isinstance(exc, InvalidAmount):
            self.set_error(self.amount_error, tr_message(exc.message))
            return True
        return False

    def shift_opened(self) -> None:
        """A shift was opened meanwhile: clear the offer and let the clerk press Enter again."""
        self.open_shift.hide()
        self.show_error(None)
        self.amount.setFocus()

    def _posted(self, result: payments.CounterResult) -> None:
        if self.print_receipt.isChecked() and result.receipt_id is not None:
            print_receipt(self.ctx, result.receipt_id, result.receipt_number, self.parentWidget())
        self.posted.emit(result)
        self.finish()


def print_receipt(ctx: AppContext, receipt_id: int, number: int | None, parent: QWidget | None) -> None:
    """Build the receipt (it counts prints, so a second one says COPY) and print it straight to the
    workstation's receipt printer on its roll, graphic or raw ESC/POS, or preview it first when the
    workstation asks for previews (ui.printing.print_receipt; Preferences choose)."""
    store, actor = ctx.store, ctx.actor
    printing.print_receipt(lambda: documents.receipt_for_print(store, actor, receipt_id), parent,
                           title=_("Receipt {number}").format(number=number if number is not None else receipt_id))
