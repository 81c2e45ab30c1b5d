"""The transaction list: today's receipts and takings, a search by receipt number, student or room,
and from a row a reprint (a COPY once the original has printed) or a void of a recharge.

A caller may rely on:
- `open_transactions(parent, ctx)` opens (or raises) the list, which loads today's receipts; the
  search field has the focus; Enter searches all receipts (an empty search shows today again);
- the takings line sums what crossed the counter in the rows shown (in, out, net);
- with a row selected, Ctrl+P reprints it and Ctrl+D (or "Void…") opens the void dialog for a
  recharge not yet voided; every store and PDF call runs in a background task.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.counter import transactions, voids
from app.counter.report_data import local_time_text, receipt_number_text
from app.counter.transactions import TransactionRow
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, error_text, utility_label
from ui.dialogs.recharge_dialog import print_receipt
from ui.dialogs.refund_dialog import POLL_MS
from ui.i18n import _, tr_message
from ui.tasks import run_task


def kind_label(kind: str) -> str:
    return {"recharge": _("Recharge"), "refund": _("Refund"), "void": _("Void")}.get(kind, kind)


class TransactionsDialog(QDialog):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[TransactionRow] = []
        self.setObjectName("transactionsDialog")
        self.setWindowTitle(_("Transactions"))
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Receipt number, student or room (e.g. B1-101); Enter searches"))
        self.search.returnPressed.connect(self.refresh)
        bar.addWidget(self.search, 1)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 8, self)
        self.table.setObjectName("transactions")
        self.table.setHorizontalHeaderLabels([_("Receipt"), _("Time"), _("Kind"), _("Room"), _("Student"),
                                              _("Method"), _("Amount"), _("Voided")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        self.takings = QLabel("", self)
        self.takings.setObjectName("takings")
        self.takings.setStyleSheet("font-weight:bold;")
        layout.addWidget(self.takings)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        self.reprint = QPushButton(_("Reprint (COPY)"), self)
        self.reprint.setObjectName("reprint")
        self.reprint.setAutoDefault(False)
        self.reprint.clicked.connect(self.reprint_selected)
        self.void = QPushButton(_("Void…"), self)
        self.void.setObjectName("void")
        self.void.setAutoDefault(False)
        self.void.clicked.connect(self.void_selected)
        close = QPushButton(_("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons.addWidget(self.reprint)
        buttons.addWidget(self.void)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+P"), self, self.reprint_selected)
        QShortcut(QKeySequence("Ctrl+D"), self, self.void_selected)
        self._selection_changed()
        self.search.setFocus()
        self.refresh()

    # ----- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        store, text = self.ctx.store, self.search.text().strip()
        day = None if text else clock.today()
        run_task(lambda: transactions.find(store, day=day, text=text), self._show,
                 lambda exc: self.error.setText(error_text(exc)), owner=self)

    def _show(self, rows: list[TransactionRow]) -> None:
        self.rows = rows
        self.error.setText("")
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            voided = ""
            if r.voided_by is not None:
                voided = _("voided by {number}").format(number=receipt_number_text(r.voided_by))
            elif r.voids is not None:
                voided = _("voids {number}").format(number=receipt_number_text(r.voids))
            cells = [receipt_number_text(r.number), local_time_text(r.at), kind_label(r.kind), r.room_code,
                     r.student_name + (f" ({r.student_no})" if r.student_no else ""),
                     r.method_label, r.amount.display(), voided]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, item)
        t = transactions.takings(rows)
        what = _("Today's takings") if not self.search.text().strip() else _("Found")
        self.takings.setText(_("{what}: {count} receipts · in {taken_in} · out {paid_out} · net {net}").format(
            what=what, count=t.count, taken_in=t.taken_in.display(), paid_out=t.paid_out.display(),
            net=t.net.display()))
        if rows:
            self.table.selectRow(0)
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> TransactionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def _selection_changed(self) -> None:
        r = self.selected()
        self.reprint.setEnabled(r is not None)
        self.void.setEnabled(r is not None and r.voidable)

    # ----- actions -----------------------------------------------------------------------------

    def reprint_selected(self) -> None:
        r = self.selected()
        if r is not None:
            print_receipt(self.ctx, r.receipt_id, r.number, self)
            self.refresh()

    def void_selected(self) -> VoidDialog | None:
        r = self.selected()
        if r is None or not r.voidable:
            return None
        dialog = VoidDialog(self.ctx, r, self)
        dialog.voided.connect(lambda _res: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class VoidDialog(CounterDialog):
    """Void one recharge: shows it and how much is still in the room, asks the reason; Enter voids,
    the void receipt prints like any receipt."""

    voided = Signal(object)      # app.counter.voids.VoidResult

    def __init__(self, ctx: AppContext, row: TransactionRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Void receipt {number}").format(number=receipt_number_text(row.number)), parent)
        self.setObjectName("voidDialog")
        self.row = row
        self.key = f"void-{uuid.uuid4()}"
        self.header.setText(_("{kind} {number} · {room} · {student} · {amount}").format(
            kind=kind_label(row.kind), number=receipt_number_text(row.number), room=row.room_code,
            student=row.student_name, amount=row.amount.display()))
        self.still = QLabel("", self)
        self.still.setObjectName("voidable")
        self.add_row(_("Still in the room"), self.still)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setMaxLength(200)
        self.reason_error = self.add_row(_("Reason"), self.reason)
        self.ok.setText(_("Void the recharge"))
        self.waiting = QLabel("", self)
        self.waiting.setObjectName("voidStatus")
        self.waiting.setWordWrap(True)
        self.waiting.hide()
        self._tail.addWidget(self.waiting)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._refresh_status)
        self.reason.setFocus()
        store, receipt_id = ctx.store, row.receipt_id
        self.load(lambda: voids.voidable(store, receipt_id), self._voidable)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reason.setFocus()

    def _voidable(self, amount) -> None:
        self.still.setText(_("{amount} of {total} ({utility})").format(
            amount=amount.display(), total=self.row.amount.display(), utility=utility_label(self.row.utility)))

    def confirm(self) -> None:
        self.clear_errors()
        reason = self.reason.text().strip()
        if not reason:
            self.set_error(self.reason_error, _("Say why the recharge is voided: it is printed on the void receipt."))
            self.reason.setFocus()
            return
        store, actor, key, receipt_id = self.ctx.store, self.ctx.actor, self.key, self.row.receipt_id
        self.submit(lambda: voids.void_recharge(store, actor, receipt_id=receipt_id, reason=reason, key=key),
                    self._voided)

    def _voided(self, result: voids.VoidResult) -> None:
        if result.status == "done":
            print_receipt(self.ctx, result.receipt_id, result.receipt_number, self.parentWidget() or self)
            self.voided.emit(result)
            self.finish()
            return
        # The meter gives the credit back first (app.counter.voids): say so, and wait for it.
        self.result = result
        self.show_result()
        self.waiting.setText(void_status_text(result))
        self.waiting.show()
        if result.status == "awaiting_meter":
            self._poll.start()

    def _refresh_status(self) -> None:
        result = getattr(self, "result", None)
        if result is None or result.void_id is None or not self.alive():
            self._poll.stop()
            return
        store, void_id = self.ctx.store, result.void_id
        run_task(lambda: voids.void_status(store, void_id),
                 lambda now: self.alive() and now.status != result.status and self._settled(now))

    def _settled(self, result: voids.VoidResult) -> None:
        self._poll.stop()
        self.result = result
        self.waiting.setText(void_status_text(result))
        if result.status == "done":
            print_receipt(self.ctx, result.receipt_id, result.receipt_number, self.parentWidget() or self)
            self.voided.emit(result)

    def done(self, result: int) -> None:
        self._poll.stop()
        super().done(result)


def void_status_text(result: voids.VoidResult) -> str:
    if result.status == "awaiting_meter":
        return _("Waiting for the meter to give the {amount} back; the void receipt prints then.").format(
            amount=result.amount.display())
    if result.status == "failed":
        return _("Not voided: {reason}").format(reason=tr_message(result.failure))
    return _("Voided: receipt {number}.").format(number=receipt_number_text(result.receipt_number))


_open: dict[int, TransactionsDialog] = {}


def open_transactions(parent: QWidget | None, ctx: AppContext) -> TransactionsDialog:
    """Open the transaction list (non-modal), or raise the one already open for this window."""
    existing = _open.get(id(parent))
    if existing is not None:
        try:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            existing.refresh()
            return existing
        except RuntimeError:       # deleted with its parent
            _open.pop(id(parent), None)
    dialog = TransactionsDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    key = id(parent)
    dialog.destroyed.connect(lambda *_a: _open.pop(key, None))
    _open[key] = dialog
    dialog.show()
    return dialog
