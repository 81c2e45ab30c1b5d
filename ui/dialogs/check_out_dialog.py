"""Check a student out (退宿) with the settlement: statement preview, confirm, refunds, printouts.

A caller may rely on:
- choosing a student shows the settlement preview (app.counter.settlement.preview, nothing posted): per
  utility what they paid in, their share of consumption, what is refundable now and what they
  still owe, under the office's policy;
- a refund above the office's limit asks an administrator's credentials inline (not for admins);
- confirm runs app.counter.settlement.check_out once (the key is made when the dialog opens); the dialog
  then stays open with the outcome, the refund statuses (polled until paid) and buttons to print
  or save the statement and to print the refund slips once they are paid;
- `checked_out(CheckOutResult)` is emitted on success.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from app.campus import occupancy
from app.counter import payments, settlement
from app.counter.money import Money
from app.counter.settlement_policy import Settlement
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
        self.key = f"checkout-{uuid.uuid4()}"
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
                           settlement.policy(store)), self._loaded)

    def _loaded(self, result) -> None:
        stays, self.threshold, _policy = result
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
        self.key = f"checkout-{uuid.uuid4()}"   # nothing was posted for the previous choice
        sid, store = self.student.currentData(), self.ctx.store
        if sid is None:
            return
        self.load(lambda: (sid, settlement.preview(store, sid)), self._previewed)

    def _previewed(self, result) -> None:
        sid, preview = result
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
        self.policy.setText(first.policy_label)
        self.policy.setToolTip("\n\n".join(preview[u].explanation for u in UTILITIES))
        above = [u for u in UTILITIES if preview[u].refundable_fen > self.threshold.fen]
        needs = bool(above) and self.ctx.actor.role != "admin"
        if needs:
            self.approval.note.setText(_("Refunds above {limit} need an administrator's approval.").format(
                limit=self.threshold.display()))
        self.approval.setVisible(needs)
        self.ok.setEnabled(True)

    def confirm(self) -> None:
        if self.preview is None:
            return
        self.clear_errors()
        store, actor, key = self.ctx.store, self.ctx.actor, self.key
        sid, credentials = self.student.currentData(), self.approval.credentials()

        def work() -> settlement.CheckOutResult:
            return settlement.check_out(store, actor, sid, key=key, approver=approver_for(store, credentials))

        self.submit(work, self._checked_out)

    def _checked_out(self, result: settlement.CheckOutResult) -> None:
        self.result = result
        self.refunds = dict(result.refunds)
        self.approval.password.clear()
        self.approval.setEnabled(False)
        self.show_result()
        self.student.setEnabled(False)
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
        owed = sum(st.owed_fen for st in self.result.settlements.values())
        if owed:
            lines.append(_("Still owed by the student: {amount}.").format(amount=Money(owed).display()))
        self.status.setText("\n".join(lines))
        self.status.show()
        self.print_slips.setVisible(any(r.receipt_id is not None for r in self.refunds.values()))

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
        return lambda: settlement.statement_pdf(store, sid)

    def _print_statement(self) -> None:
        if self.result is not None:
            printing.print_built(self._statement_builder(), self, title=_("Settlement statement"))

    def _save_statement(self) -> None:
        if self.result is not None:
            stay = self.result.stay
            printing.save_built(self._statement_builder(), self, f"settlement-{stay.student_no}.pdf")

    def _print_slips(self) -> None:
        for info in self.refunds.values():
            if info.receipt_id is not None:
                print_receipt(self.ctx, info.receipt_id, None, self)

    def done(self, result: int) -> None:
        self._poll.stop()
        super().done(result)
