"""Shift open (with the cash float) and shift close (with the counted cash, showing the report).

A caller may rely on:
- `OpenShiftDialog`: the float field is focused; amounts are checked like the counter's (zero is
  allowed, negative is not); on success `opened(ShiftInfo)` is emitted and the dialog closes;
- `CloseShiftDialog`: shows the open shift (opened at, float) or says there is none; the counted
  cash is checked the same way, then compared with the cash expected in the drawer: when they
  differ, the dialog says by how much (short or over) and closes only on a second OK ("Close with
  the difference") for that same count; editing the count withdraws the answer. On success the
  dialog stays open with the shift report: totals
  per payment method, expected and counted cash, the difference and the receipt numbers, and
  buttons to print or save the report PDF; `closed(dict)` is emitted with the stored report;
- `show_shift_actions(open, close, shift)`: the menu shows only the shift action that applies.
"""
from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

from app.clock import local
from app.counter import documents, reconciliation, shifts
from app.counter.money import Money
from app.counter.shifts import ShiftInfo
from app.errors import InvalidAmount
from ui import printing
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, fit_table, money_edit, parse_amount
from ui.i18n import _, tr_message


def local_text(at: datetime | str) -> str:
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return local(at).strftime("%Y-%m-%d %H:%M")


def show_shift_actions(open_action: QAction, close_action: QAction, shift: ShiftInfo | None) -> None:
    """Offer only the shift action that applies: open when the operator has no open shift, close
    when they have one. The window calls it with each `StatusPanel.shift_changed(shift)`."""
    open_action.setVisible(shift is None)
    close_action.setVisible(shift is not None)


class OpenShiftDialog(CounterDialog):
    opened = Signal(object)          # app.counter.shifts.ShiftInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Open a shift"), parent)
        self.setObjectName("openShiftDialog")
        self.header.setText(_("Operator: {name}").format(name=ctx.actor.display_name or ctx.actor.login))
        self.amount = money_edit(self, "float")
        self.amount_error = self.add_row(_("Cash float (CNY)"), self.amount)
        self.amount.textEdited.connect(lambda _t: self.set_error(self.amount_error, None))
        self.ok.setText(_("Open shift"))
        self.amount.setFocus()

    def confirm(self) -> None:
        try:
            cash = parse_amount(self.amount.text(), "The cash float", allow_zero=True)
        except InvalidAmount as exc:
            self.set_error(self.amount_error, tr_message(exc.message))
            self.amount.setFocus()
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.submit(lambda: shifts.open_shift(store, actor, cash), self._opened)

    def _opened(self, info: ShiftInfo) -> None:
        self.opened.emit(info)
        self.finish()


class CloseShiftDialog(CounterDialog):
    closed = Signal(object)          # the stored shift report (dict)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Close the shift"), parent)
        self.setObjectName("closeShiftDialog")
        self.setMinimumWidth(560)
        self.shift: ShiftInfo | None = None
        self.report: dict | None = None
        self.amount = money_edit(self, "counted")
        self.amount_error = self.add_row(_("Counted cash (CNY)"), self.amount)
        self.amount.textEdited.connect(lambda _t: self.set_error(self.amount_error, None))
        self.amount.textEdited.connect(lambda _t: self._recount())
        self.agreed_fen: int | None = None      # the count the clerk agreed to close with despite a difference
        self.question = QLabel("", self)
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setStyleSheet("color:#b02a37;font-weight:bold;")
        self.question.hide()
        self._tail.addWidget(self.question)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("totals")
        self.table.setHorizontalHeaderLabels([_("Method"), _("Count"), _("In"), _("Out")])
        fit_table(self.table)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.hide()
        self._tail.addWidget(self.table)
        self.summary = QLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.hide()
        self._tail.addWidget(self.summary)
        self.difference = QLabel("", self)
        self.difference.setObjectName("difference")
        self.difference.hide()
        self._tail.addWidget(self.difference)
        self.print_report = self.add_button(_("Print report"), "printReport", self._print)
        self.save_report = self.add_button(_("Save report as PDF…"), "saveReport", self._save)
        self.print_report.hide()
        self.save_report.hide()
        self.ok.setText(_("Close shift"))
        self.ok.setEnabled(False)
        self.amount.setFocus()
        store, actor = ctx.store, ctx.actor
        self.load(lambda: shifts.current_shift(store, actor), self._loaded)

    def _loaded(self, info: ShiftInfo | None) -> None:
        self.shift = info
        if info is None:
            self.header.setText(_("You have no open shift to close."))
            return
        self.header.setText(_("Shift {id} · opened {at} · float {cash}").format(
            id=info.id, at=local_text(info.opened_at), cash=Money(info.float_fen).display()))
        self.ok.setEnabled(True)

    def confirm(self) -> None:
        if self.shift is None:
            return
        try:
            counted = parse_amount(self.amount.text(), "Counted cash", allow_zero=True)
        except InvalidAmount as exc:
            self.set_error(self.amount_error, tr_message(exc.message))
            self.amount.setFocus()
            return
        store, actor = self.ctx.store, self.ctx.actor
        if self.agreed_fen == counted.fen:
            self.submit(lambda: shifts.close_shift(store, actor, counted), self._closed)
        else:   # compare with what the drawer should hold first: a difference is closed only when agreed
            self.submit(lambda: reconciliation.expected_cash(store, actor), lambda fen: self._compared(counted, fen))

    def _compared(self, counted: Money, expected_fen: int | None) -> None:
        if expected_fen is None or expected_fen == counted.fen:
            self.agreed_fen = counted.fen
            self.confirm()
            return
        gap = Money(abs(counted.fen - expected_fen)).display()
        values = {"amount": gap, "expected": Money(expected_fen).display(), "counted": counted.display()}
        if counted.fen < expected_fen:
            text = _("The drawer is {amount} short: {expected} expected, {counted} counted. "
                     "Count again, or close the shift with this difference.").format(**values)
        else:
            text = _("The drawer is {amount} over: {expected} expected, {counted} counted. "
                     "Count again, or close the shift with this difference.").format(**values)
        self.question.setText(text)
        self.question.show()
        self.agreed_fen = counted.fen
        self.ok.setText(_("Close with the difference"))
        self.amount.setFocus()

    def _recount(self) -> None:
        """The clerk changed the count: an earlier answer no longer applies."""
        self.agreed_fen = None
        self.question.hide()
        self.ok.setText(_("Close shift"))

    def _closed(self, report: dict) -> None:
        self.report = report
        self.question.hide()
        self.show_result()
        self.table.setRowCount(len(report["totals"]))
        for row, t in enumerate(report["totals"]):
            cells = (t["label"], str(t["count"]), Money(t["in_fen"]).display(), Money(t["out_fen"]).display())
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.show()
        fit_table(self.table)
        receipts = report.get("receipts")
        difference = report["difference_fen"]
        lines = [
            _("Expected cash: {amount}").format(amount=Money(report["expected_cash_fen"]).display()),
            _("Counted cash: {amount}").format(amount=Money(report["counted_cash_fen"]).display()),
            (_("Receipts {first} to {last}").format(first=receipts[0], last=receipts[1]) if receipts
             else _("No receipts in this shift.")),
        ]
        self.summary.setText("\n".join(lines))
        self.summary.show()
        self.difference.setText(_("Difference: {amount}").format(amount=Money(difference).display()) if difference
                                else _("Difference: none, the drawer is right."))
        self.difference.setStyleSheet("color:#b02a37;font-weight:bold;" if difference else "font-weight:bold;")
        self.difference.show()
        self.print_report.show()
        self.save_report.show()
        self.closed.emit(report)

    def _builder(self):
        store, shift_id = self.ctx.store, self.report["shift_id"] if self.report else None
        return lambda: documents.shift_report_pdf(store, shift_id)

    def _print(self) -> None:
        if self.report is not None:
            printing.print_built(self._builder(), self, title=_("Shift report {id}").format(id=self.report["shift_id"]))

    def _save(self) -> None:
        if self.report is not None:
            printing.save_built(self._builder(), self, f"shift-{self.report['shift_id']}.pdf")
