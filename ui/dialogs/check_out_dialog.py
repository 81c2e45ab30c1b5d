"""Check a student out (退宿) with the settlement: statement preview, confirm, refunds, printouts.

A caller may rely on:
- choosing a student shows the settlement preview (app.counter.settlement.preview, nothing posted): per
  utility what they paid in, their share of consumption, what is refundable now and what they
  still owe, under the office's policy;
- a refund above the office's limit asks an administrator's credentials inline (not for admins);
- confirm runs app.counter.settlement.check_out once, under the check-out's key (made from the stay,
  so a re-opened dialog, or one after a restart, settles the same check-out once); the dialog
  then stays open with the outcome, the refund statuses (polled until paid) and buttons to print
  or save the statement and to print the refund slips once they are paid;
- when the student owes money, "collect" takes it in the same check-out (a payment of the room's
  account by the student, by the chosen method, with its receipt printed among the slips);
- `checked_out(CheckOutResult)` is emitted on success.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.campus import occupancy
from app.counter import payment_methods, payments, settlement
from app.counter.money import Money
from app.counter.settlement_policy import POLICIES, Settlement
from app.errors import AuthenticationFailed
from ui import printing
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, fit_table, utility_label
from ui.dialogs.recharge_dialog import print_receipt
from ui.dialogs.refund_dialog import AdminApproval, approver_for, status_text
from ui.i18n import _
from ui.tasks import run_task

UTILITIES = ("electricity", "water")
POLL_MS = 1000


def statement_rows() -> list[tuple[str, str]]:
    return [(_("Paid in"), "paid_in_fen"), (_("Share of consumption"), "share_of_consumption_fen"),
            (_("Refundable now"), "refundable_fen"), (_("Still owed"), "owed_fen")]


class CheckOutDialog(CounterDialog):
    checked_out = Signal(object)     # app.counter.settlement.CheckOutResult

    def __init__(self, ctx: AppContext, room_id: int, parent: QWidget | None = None, *,
                 student_id: int | None = None) -> None:
        super().__init__(ctx, _("Check out"), parent)
        self.setObjectName("checkOutDialog")
        self.setMinimumWidth(560)
        self.room_id = room_id
        self.key = ""                    # settlement.checkout_key of the chosen student's stay
        self.stays: dict[int, occupancy.Stay] = {}
        self.methods: list[payment_methods.PaymentMethod] = []
        self.preview: dict[str, Settlement] | None = None
        self.threshold = Money(0)
        self.result: settlement.CheckOutResult | None = None
        self.refunds: dict[str, payments.RefundInfo] = {}
        self._wanted = student_id

        self.student = QComboBox(self)
        self.student.setObjectName("student")
        self.add_row(_("Student"), self.student)
        self.policy = QLabel("", self)
        self.policy.setObjectName("policy")
        self.policy.setWordWrap(True)
        self.add_row(_("Policy"), self.policy)
        self.table = QTableWidget(len(statement_rows()), len(UTILITIES), self)
        self.table.setObjectName("statement")
        self.table.setHorizontalHeaderLabels([utility_label(u) for u in UTILITIES])
        self.table.setVerticalHeaderLabels([label for label, _key in statement_rows()])
        fit_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self._outer.insertWidget(2, self.table)
        self.collect = QCheckBox("", self)
        self.collect.setObjectName("collect")
        self.collect_method = QComboBox(self)
        self.collect_method.setObjectName("collectMethod")
        self.collect_reference = QLineEdit(self)
        self.collect_reference.setObjectName("collectReference")
        self.collect_reference.setPlaceholderText(_("Transaction number from the payment"))
        for w in (self.collect, self.collect_method, self.collect_reference):
            self._tail.addWidget(w)
            w.hide()
        self.collect.toggled.connect(self._collect_changed)
        self.collect_method.currentIndexChanged.connect(self._collect_changed)
        self.approval = AdminApproval(self)
        self._tail.addWidget(self.approval)
        self.status = QLabel("", self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.hide()
        self._tail.addWidget(self.status)
        self.print_statement = self.add_button(_("Print statement"), "printStatement", self._print_statement)
        self.save_statement = self.add_button(_("Save statement as PDF…"), "saveStatement", self._save_statement)
        self.print_slips = self.add_button(_("Print refund slips"), "printSlips", self._print_slips)
        for b in (self.print_statement, self.save_statement, self.print_slips):
            b.hide()
        self.ok.setText(_("Check out and settle"))
        self.ok.setEnabled(False)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._refresh_refunds)

        self.student.currentIndexChanged.connect(self._student_changed)
        store = ctx.store
        self.load(lambda: (occupancy.occupants(store, room_id), payments.refund_threshold(store),
                           settlement.policy(store), payment_methods.offered_methods(store)), self._loaded)

    def _loaded(self, result) -> None:
        stays, self.threshold, _policy, self.methods = result
        self.stays = {st.student_id: st for st in stays}
        for m in self.methods:
            self.collect_method.addItem(m.label, m.code)
        self.student.blockSignals(True)
        for st in stays:
            self.student.addItem(_("{name} ({number}), bed {bed}").format(
                name=st.student_name, number=st.student_no, bed=st.bed_label), st.student_id)
        self.student.blockSignals(False)
        if not stays:
            self.show_error(_("Nobody lives in this room; there is nobody to check out."))
            return
        if self._wanted is not None and self.student.findData(self._wanted) >= 0:
            self.student.setCurrentIndex(self.student.findData(self._wanted))
        self.header.setText(_("Room {room}").format(room=stays[0].room_code))
        self.student.setFocus()
        self._student_changed()

    def _student_changed(self) -> None:
        self.preview = None
        self.ok.setEnabled(False)
        sid, store = self.student.currentData(), self.ctx.store
        if sid is None:
            return
        self.key = settlement.checkout_key(self.stays[sid])
        room_id = self.room_id
        self.load(lambda: (sid, settlement.preview(store, sid), payments.refunded_today(store, room_id)),
                  self._previewed)

    def _previewed(self, result) -> None:
        sid, preview, today = result
        if sid != self.student.currentData() or self.done_:
            return
        self.preview = preview
        for col, utility in enumerate(UTILITIES):
            st = preview[utility]
            for row, (_label, key) in enumerate(statement_rows()):
                fen = st.as_dict()[key]
                item = QTableWidgetItem(Money(fen).display())
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        first = preview[UTILITIES[0]]
        self.policy.setText(_(first.policy_label))
        owed = sum(preview[u].owed_fen for u in UTILITIES)
        self.collect.setText(_("Collect what the student owes now: {amount}").format(amount=Money(owed).display()))
        self.collect.setChecked(False)
        self.collect.setVisible(owed > 0)
        self._collect_changed()
        self.policy.setToolTip("\n\n".join(preview[u].explanation for u in UTILITIES))
        # The limit counts what each account already refunded today (app.counter.payments.needs_approval).
        above = [u for u in UTILITIES if preview[u].refundable_fen > 0
                 and today.get(u, Money(0)).fen + preview[u].refundable_fen > self.threshold.fen]
        needs = bool(above) and self.ctx.actor.role != "admin"
        if needs:
            self.approval.note.setText(_("Refunds above {limit} a day from one account need an administrator's "
                                         "approval.").format(limit=self.threshold.display()))
        self.approval.setVisible(needs)
        self.ok.setEnabled(True)

    def confirm(self) -> None:
        if self.preview is None:
            return
        self.clear_errors()
        missing = self.approval.missing()
        if missing is not None:         # ask for the administrator before anything is checked
            self.approval.ask(missing)
            return
        store, actor, key = self.ctx.store, self.ctx.actor, self.key
        sid, credentials = self.student.currentData(), self.approval.credentials()
        collect = not self.collect.isHidden() and self.collect.isChecked()
        method, reference = self.collect_method.currentData() or "cash", self.collect_reference.text()

        def work() -> settlement.CheckOutResult:
            return settlement.check_out(store, actor, sid, key=key, approver=approver_for(store, credentials),
                                        collect_debt=collect, collect_method=method, collect_reference=reference)

        self.submit(work, self._checked_out, self._refused)

    def _refused(self, exc: BaseException) -> bool:
        if isinstance(exc, AuthenticationFailed) and self.approval.isVisible():
            self.approval.refused()
        return False                    # the message itself shows in the error line

    def _checked_out(self, result: settlement.CheckOutResult) -> None:
        self.result = result
        self.refunds = dict(result.refunds)
        self.approval.password.clear()
        self.approval.setEnabled(False)
        self.show_result()
        self.student.setEnabled(False)
        for w in (self.collect, self.collect_method, self.collect_reference):
            w.setEnabled(False)
        for b in (self.print_statement, self.save_statement):
            b.show()
        self._show_refunds()
        self.checked_out.emit(result)
        if any(r.status == "awaiting_meter" for r in self.refunds.values()):
            self._poll.start()

    def _show_refunds(self) -> None:
        assert self.result is not None
        stay = self.result.stay
        lines = [_("{name} ({number}) has left {room}, bed {bed}.").format(
            name=stay.student_name, number=stay.student_no, room=stay.room_code, bed=stay.bed_label)]
        for utility, info in self.refunds.items():
            lines.append(_("{utility}: {status}").format(utility=utility_label(utility), status=status_text(info)))
        if not self.refunds:
            lines.append(_("Nothing to refund."))
        collected = sum(c.amount.fen for c in self.result.payments_collected)
        if collected:
            lines.append(_("Collected from the student: {amount}.").format(amount=Money(collected).display()))
        if self.result.still_owed_fen:
            lines.append(_("Still owed by the student: {amount}.").format(
                amount=Money(self.result.still_owed_fen).display()))
        self.status.setText("\n".join(lines))
        self.status.show()
        self.print_slips.setVisible(bool(self._slips()))

    def _slips(self) -> list[tuple[int, int | None]]:
        """(receipt id, number) of the paid refunds and of the debts collected."""
        out = [(r.receipt_id, None) for r in self.refunds.values() if r.receipt_id is not None]
        if self.result is not None:
            out += [(c.receipt_id, c.receipt_number) for c in self.result.payments_collected if c.receipt_id]
        return out

    def _collect_changed(self) -> None:
        on = not self.collect.isHidden() and self.collect.isChecked()
        self.collect_method.setVisible(on)
        pm = next((m for m in self.methods if m.code == self.collect_method.currentData()), None)
        self.collect_reference.setVisible(on and bool(pm and pm.requires_reference))

    def _refresh_refunds(self) -> None:
        waiting = {u: r.refund_id for u, r in self.refunds.items() if r.status == "awaiting_meter"}
        if not waiting or not self.alive():
            self._poll.stop()
            return
        store = self.ctx.store

        def shown(infos: dict[str, payments.RefundInfo]) -> None:
            if self.alive():
                self.refunds.update(infos)
                self._show_refunds()

        run_task(lambda: {u: payments.refund_status(store, rid) for u, rid in waiting.items()}, shown)

    # ----- printouts --------------------------------------------------------------------------

    def _statement_builder(self):
        store, sid = self.ctx.store, self.result.settlement_id if self.result else None
        name = next(iter(self.result.settlements.values())).policy if self.result else None
        label = _(POLICIES[name]) if name in POLICIES else None    # the policy in the window's language
        return lambda: settlement.statement_pdf(store, sid, policy_label=label)

    def _print_statement(self) -> None:
        if self.result is not None:
            printing.print_built(self._statement_builder(), self, title=_("Settlement statement"))

    def _save_statement(self) -> None:
        if self.result is not None:
            stay = self.result.stay
            printing.save_built(self._statement_builder(), self, f"settlement-{stay.student_no}.pdf")

    def _print_slips(self) -> None:
        for receipt_id, number in self._slips():
            print_receipt(self.ctx, receipt_id, number, self)

    def done(self, result: int) -> None:
        self._poll.stop()
        super().done(result)
