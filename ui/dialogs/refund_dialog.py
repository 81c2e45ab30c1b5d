"""Refund at the counter: account (utility), what is refundable, student, amount; status afterwards.

A caller may rely on:
- the refundable amount of the chosen account is shown (app.counter.payments.refundable) and typed amounts
  are checked like a recharge's before anything is sent;
- above the office's limit (and when the clerk is not an administrator) an administrator's login
  and password are asked inline; they are checked by the app, not here;
- after the request the dialog stays open and shows the status: paid, or waiting for the meter
  (electricity money comes back from the meter first); it polls until the refund is paid or
  failed, then offers the slip for printing (printed at once when "Print slip" is ticked);
- `requested(RefundInfo)` is emitted once the request is stored.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import operators
from app.access import Actor
from app.campus import occupancy
from app.campus.cards import load_cards
from app.counter import payments
from app.counter.money import Money
from app.errors import AuthenticationFailed, InvalidAmount, UnknownAccount
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, money_edit, parse_amount, utility_label
from ui.dialogs.recharge_dialog import print_receipt
from ui.i18n import _, tr_message
from ui.tasks import run_task

PRINT_SETTING = "counter/print_slip"
POLL_MS = 1000


def status_text(info: payments.RefundInfo) -> str:
    if info.status == "paid":
        return _("Refund of {amount}: paid.").format(amount=info.amount.display())
    if info.status == "failed":
        return _("Refund of {amount}: failed — {reason}").format(amount=info.amount.display(), reason=info.reason)
    return _("Refund of {amount}: waiting for the meter to give the money back.").format(amount=info.amount.display())


class AdminApproval(QGroupBox):
    """Second credentials for a refund above the limit; `approver()` runs in the background task.
    Until both are typed, `ask()` points at the empty one: nothing is checked, nothing is said wrong."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(_("Administrator approval"), parent)
        self.setObjectName("approval")
        col = QVBoxLayout(self)
        self.note = QLabel("", self)
        self.note.setWordWrap(True)
        self.prompt = QLabel(_("An administrator types their login name and password here to approve."), self)
        self.prompt.setObjectName("approvalPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-weight:bold;")
        self.prompt.hide()
        self.login = QLineEdit(self)
        self.login.setObjectName("adminLogin")
        self.login.setPlaceholderText(_("Administrator login"))
        self.password = QLineEdit(self)
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Password"))
        for w in (self.note, self.prompt, self.login, self.password):
            col.addWidget(w)
        self.hide()

    def credentials(self) -> tuple[str, str] | None:
        return (self.login.text(), self.password.text()) if self.isVisible() else None

    def missing(self) -> QLineEdit | None:
        """The first credential still to type while approval is asked, else None."""
        if not self.isVisible():
            return None
        return next((w for w in (self.login, self.password) if not w.text().strip()), None)

    def ask(self, field: QLineEdit) -> None:
        self.prompt.show()
        field.setFocus()

    def refused(self) -> None:
        """The credentials were checked and refused: retype the password."""
        self.password.selectAll()
        self.password.setFocus()


def approver_for(store, credentials: tuple[str, str] | None) -> Actor | None:
    """The administrator for the typed credentials (AuthenticationFailed when wrong); None if none asked."""
    return operators.authenticate(store, *credentials) if credentials else None


class RefundDialog(CounterDialog):
    requested = Signal(object)      # app.counter.payments.RefundInfo, each time its status is known anew

    def __init__(self, ctx: AppContext, room_id: int, parent: QWidget | None = None, *,
                 utility: str = "electricity") -> None:
        super().__init__(ctx, _("Refund"), parent)
        self.setObjectName("refundDialog")
        self.room_id = room_id
        self.key = f"refund-{uuid.uuid4()}"
        self.accounts: dict[str, int] = {}
        self.can: dict[str, Money] = {}
        self.threshold = Money(0)
        self.info: payments.RefundInfo | None = None
        self.loaded = False

        self.utility = QComboBox(self)
        self.utility.setObjectName("utility")
        for u in ("electricity", "water"):
            self.utility.addItem(utility_label(u), u)
        self.utility.setCurrentIndex(0 if utility == "electricity" else 1)
        self.add_row(_("Account"), self.utility)
        self.refundable = QLabel("—", self)
        self.refundable.setObjectName("refundable")
        self.add_row(_("Refundable now"), self.refundable)
        self.student = QComboBox(self)
        self.student.setObjectName("student")
        self.add_row(_("Paid to"), self.student)
        self.amount = money_edit(self, "amount")
        self.amount_error = self.add_row(_("Amount (CNY)"), self.amount)
        self.approval = AdminApproval(self)
        self._tail.addWidget(self.approval)
        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.hide()
        self._tail.addWidget(self.status)
        self.print_slip = self.print_box(_("Print slip"), PRINT_SETTING)
        self.print_slip.setObjectName("printSlip")
        self._tail.addWidget(self.print_slip)
        self.slip = self.add_button(_("Print slip"), "slipButton", self._print_slip)
        self.slip.hide()
        self.ok.setText(_("Refund"))
        self.ok.setEnabled(False)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._refresh_status)

        self.utility.currentIndexChanged.connect(self._show_refundable)
        self.amount.textEdited.connect(self._amount_edited)
        self.amount.setFocus()
        store = ctx.store

        def work():
            accounts = {}
            for u in ("electricity", "water"):
                try:
                    accounts[u] = payments.account_for(store, room_id, u)
                except UnknownAccount:
                    pass
            can = {u: payments.refundable(store, acc) for u, acc in accounts.items()}
            return (load_cards(store, [room_id])[0], accounts, can, occupancy.occupants(store, room_id),
                    payments.refund_threshold(store))

        self.load(work, self._loaded)

    def _loaded(self, result) -> None:
        card, self.accounts, self.can, stays, self.threshold = result
        self.header.setText(_("Room {room}").format(room=card.code))
        for st in stays:
            self.student.addItem(_("{name} ({number}), bed {bed}").format(
                name=st.student_name, number=st.student_no, bed=st.bed_label), st.student_id)
        self.student.addItem(_("Not said"), None)
        self.loaded = True
        self.ok.setEnabled(bool(self.accounts))
        self._show_refundable()

    def _show_refundable(self) -> None:
        utility = self.utility.currentData()
        can = self.can.get(utility)
        self.refundable.setText("—" if can is None else can.display())
        self.amount.setPlaceholderText(str(can) if can is not None else "0.00")
        if not self.accounts:
            self.show_error(_("This room has no accounts yet; nothing can be refunded."))

    def _amount_edited(self, text: str) -> None:
        self.set_error(self.amount_error, None)
        try:
            amount = Money.parse(text)
        except InvalidAmount:
            amount = Money(0)
        needs = amount > self.threshold and self.ctx.actor.role != "admin"
        if needs:
            self.approval.note.setText(_("Refunds above {limit} need an administrator's approval.").format(
                limit=self.threshold.display()))
        self.approval.setVisible(needs)

    # ----- confirm and status -------------------------------------------------------------------

    def confirm(self) -> None:
        if not self.loaded or not self.accounts:
            return
        self.clear_errors()
        try:
            amount = parse_amount(self.amount.text(), "A refund")
        except InvalidAmount as exc:
            self.set_error(self.amount_error, tr_message(exc.message))
            self.amount.setFocus()
            return
        missing = self.approval.missing()
        if missing is not None:         # ask for the administrator before anything is checked
            self.approval.ask(missing)
            return
        account_id = self.accounts[self.utility.currentData()]
        store, actor, key = self.ctx.store, self.ctx.actor, self.key
        student, credentials = self.student.currentData(), self.approval.credentials()

        def work() -> payments.RefundInfo:
            approver = approver_for(store, credentials)
            return payments.request_refund(store, actor, account_id=account_id, amount=amount, student_id=student,
                                          key=key, approver=approver)

        self.submit(work, self._requested, self._refused)

    def _refused(self, exc: BaseException) -> bool:
        if isinstance(exc, AuthenticationFailed) and self.approval.isVisible():
            self.approval.refused()
        return False                    # the message itself shows in the error line

    def _requested(self, info: payments.RefundInfo) -> None:
        self.approval.password.clear()
        self.approval.setEnabled(False)
        self.print_slip.setEnabled(False)
        self.show_result()
        self._status(info)
        if info.status == "awaiting_meter":
            self._poll.start()

    def _status(self, info: payments.RefundInfo) -> None:
        was_paid = self.info is not None and self.info.status == "paid"
        self.info = info
        self.status.setText(status_text(info))
        self.status.show()
        self.requested.emit(info)
        if info.status != "awaiting_meter":
            self._poll.stop()
        if info.status == "paid" and info.receipt_id is not None and not was_paid:
            self.slip.show()
            if self.print_slip.isChecked():
                self._print_slip()

    def _refresh_status(self) -> None:
        if self.info is None or not self.alive():
            self._poll.stop()
            return
        store, refund_id = self.ctx.store, self.info.refund_id
        run_task(lambda: payments.refund_status(store, refund_id),
                 lambda info: self.alive() and info.status != self.info.status and self._status(info))

    def _print_slip(self) -> None:
        if self.info is not None and self.info.receipt_id is not None:
            print_receipt(self.ctx, self.info.receipt_id, None, self.parentWidget() or self)

    def done(self, result: int) -> None:
        self._poll.stop()
        super().done(result)
