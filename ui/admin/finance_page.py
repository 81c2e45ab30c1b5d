"""The Statements and day close page of the administration window: two tabs.

"Provider statements": choose the payment method, import its statement file (.csv/.xlsx) in the
background, and read the result in lists — matched (amounts that differ flagged), posted here but not
on the statement, on the statement but never posted here, and rows of the file that could not be
read — each line saying what to do about it; past imports are listed below and reopen as they were.
A file refused as a whole shows the reader's sentence and nothing is imported.
"Day close": see ui/admin/finance_day_close.py.
Every call goes through app.counter.finance_admin, which enforces the permissions.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.counter import finance_admin
from app.counter.finance_admin import ImportSummary, Reconciliation, ReconRow
from app.counter.money import Money
from app.counter.report_data import local_time_text, receipt_number_text
from ui.admin.finance_day_close import DayCloseTab
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _
from ui.tasks import run_task
from ui.transactions_view import open_transactions

RED = "#b02a37"


def _money(fen: int | None) -> str:
    return "" if fen is None else Money(fen).display()


def _amount(fen: int | None) -> Decimal | None:
    return None if fen is None else Money(fen).to_decimal()


def what_to_do(row: ReconRow) -> str:
    """What the office does about one line of a reconciliation."""
    if row.kind == "matched":
        return _("Nothing: the provider and the counter agree.")
    if row.kind == "differs":
        if row.difference_fen > 0:
            return _("The provider took {amount} more than the receipt: check with the student and the provider; "
                     "if the receipt is wrong, void it and post the recharge again at the provider's amount.").format(
                amount=Money(row.difference_fen).display())
        return _("The provider took {amount} less than the receipt: ask the provider; if the receipt is wrong, "
                 "void it and post the recharge again at the provider's amount.").format(
            amount=Money(-row.difference_fen).display())
    if row.kind == "not_on_statement":
        return _("Ask the provider whether it was paid (it may be on the next day's statement); "
                 "if it never happened, void the recharge.")
    return _("Paid at the provider but never posted: find the student and post the recharge with this reference.")


class StatementsTab(QWidget):
    imported = Signal()          # a reconciliation (new or past) is shown
    imports_loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statementsTab")
        self.result: Reconciliation | None = None
        self.method = QComboBox(self)
        self.method.setObjectName("method")
        self.method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.import_button = QPushButton(_("Import a statement…"), self)
        self.import_button.setObjectName("importStatement")
        self.import_button.clicked.connect(self.choose_file)
        self.summary = QLabel(_("Choose the payment method, then import the provider's statement (.xlsx or .csv "
                                "with reference, amount and time columns)."), self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{RED};")
        self.error.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Payment method"), self))
        bar.addWidget(self.method)
        bar.addWidget(self.import_button)
        bar.addStretch(1)

        when = Col(_("Posted at"), lambda r: local_time_text(r.at) if r.at else "",
                   key=lambda r: r.at.isoformat() if r.at else "")
        ref = Col(_("Reference"), lambda r: r.reference)
        room = Col(_("Room"), lambda r: r.room_code)
        student = Col(_("Student"), lambda r: r.student)
        receipt = Col(_("Receipt"), lambda r: receipt_number_text(r.receipt_number) if r.receipt_number else "",
                      key=lambda r: r.receipt_number or 0)
        todo = Col(_("What to do"), what_to_do)
        self.matched = AdminList([
            ref, when, room, student,
            Col(_("Statement"), lambda r: _money(r.statement_fen), key=lambda r: r.statement_fen or 0,
                value=lambda r: _amount(r.statement_fen)),
            Col(_("Our ledger"), lambda r: _money(r.ledger_fen), key=lambda r: r.ledger_fen or 0,
                value=lambda r: _amount(r.ledger_fen)),
            Col(_("Difference"), lambda r: _money(r.difference_fen) if r.difference_fen else "",
                key=lambda r: r.difference_fen, value=lambda r: _amount(r.difference_fen)),
            receipt, todo], self, name="matchedList", export_title=_("Statement matched"))
        self.not_on_statement = AdminList([
            ref, when, room, student,
            Col(_("Amount"), lambda r: _money(r.ledger_fen), key=lambda r: r.ledger_fen or 0,
                value=lambda r: _amount(r.ledger_fen)),
            receipt, todo], self, name="notOnStatementList", export_title=_("Not on the statement"))
        self.open_transaction = QPushButton(_("Open the transaction"), self)
        self.open_transaction.setObjectName("openTransaction")
        self.open_transaction.clicked.connect(self.open_selected_transaction)
        self.not_on_statement.tools.addWidget(self.open_transaction)
        self.not_on_statement.activated.connect(lambda _row: self.open_selected_transaction())
        self.not_in_ledger = AdminList([
            ref,
            Col(_("Statement row"), lambda r: str(r.statement_row or ""), key=lambda r: r.statement_row or 0),
            Col(_("Amount"), lambda r: _money(r.statement_fen), key=lambda r: r.statement_fen or 0,
                value=lambda r: _amount(r.statement_fen)),
            todo], self, name="notInLedgerList", export_title=_("Not in our ledger"))
        self.unreadable = AdminList([Col(_("Row of the file that could not be read"), lambda r: r)], self,
                                    name="unreadableList", export_title=_("Unreadable statement rows"))
        self.lists = QTabWidget(self)
        self.lists.setObjectName("resultTabs")
        for widget in (self.matched, self.not_on_statement, self.not_in_ledger, self.unreadable):
            self.lists.addTab(widget, "")
        self._tab_titles()
        self.todo = QLabel("", self)
        self.todo.setObjectName("whatToDo")
        self.todo.setWordWrap(True)
        for widget in (self.matched, self.not_on_statement, self.not_in_ledger):
            widget.selection_changed.connect(lambda w=widget: self._show_todo(w))
        self.lists.currentChanged.connect(lambda _i: self._show_todo(self.lists.currentWidget()))

        self.past = AdminList([
            Col(_("Imported at"), lambda p: local_time_text(p.imported_at), key=lambda p: p.id),
            Col(_("File"), lambda p: p.file_name),
            Col(_("Method"), lambda p: p.method_label),
            Col(_("Day"), lambda p: p.day.isoformat()),
            Col(_("Rows"), lambda p: str(p.rows), key=lambda p: p.rows, value=lambda p: p.rows),
            Col(_("Matched"), lambda p: str(p.matched), key=lambda p: p.matched, value=lambda p: p.matched),
            Col(_("Other amount"), lambda p: str(p.differs), key=lambda p: p.differs, value=lambda p: p.differs),
            Col(_("Not on statement"), lambda p: str(p.not_on_statement), key=lambda p: p.not_on_statement,
                value=lambda p: p.not_on_statement),
            Col(_("Not in ledger"), lambda p: str(p.not_in_ledger), key=lambda p: p.not_in_ledger,
                value=lambda p: p.not_in_ledger),
            Col(_("Not read"), lambda p: str(p.errors), key=lambda p: p.errors, value=lambda p: p.errors),
            Col(_("By"), lambda p: p.operator),
        ], self, name="importsList", export_title=_("Statement imports"))
        self.reopen = QPushButton(_("Show this import"), self)
        self.reopen.setObjectName("reopenImport")
        self.reopen.clicked.connect(lambda: self.open_import(self.past.current()))
        self.past.tools.addWidget(QLabel(_("Past imports"), self))
        self.past.tools.addWidget(self.reopen)
        self.past.activated.connect(self.open_import)

        top = QWidget(self)
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.summary)
        top_lay.addWidget(self.lists, 1)
        top_lay.addWidget(self.todo)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(self.past)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.error)
        lay.addWidget(split, 1)
        self._methods_loaded = False

    # ----- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        if not self._methods_loaded:
            run_task(lambda: finance_admin.statement_methods(store, actor), self._methods, self._failed, owner=self)
        run_task(lambda: finance_admin.imports(store, actor), self._imports, self._failed, owner=self)

    def _methods(self, methods) -> None:
        self._methods_loaded = True
        self.method.clear()
        for m in methods:
            self.method.addItem(m.label, m.code)

    def _imports(self, rows: list[ImportSummary]) -> None:
        self.past.set_rows(rows)
        self.imports_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self._say(error_text(exc))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.import_button.setEnabled(True)
        self.failed.emit(text)

    # ----- importing ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a provider statement"), "",
                                                    _("Statements (*.xlsx *.csv)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Import `path` for the chosen method in the background; the result replaces the lists."""
        method = self.method.currentData()
        if method is None:
            self._say(_("Choose the payment method the statement is for."))
            return
        self.error.hide()
        self.import_button.setEnabled(False)
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: finance_admin.reconcile(store, actor, method, path), self._imported, self._failed,
                 owner=self)

    def _imported(self, rec: Reconciliation) -> None:
        self.import_button.setEnabled(True)
        self.show_result(rec)
        self.refresh()

    def open_import(self, summary: ImportSummary | None) -> None:
        if summary is None:
            return
        store, actor, import_id = self.ctx.store, self.ctx.actor, summary.id
        run_task(lambda: finance_admin.reconciliation_of(store, actor, import_id), self.show_result, self._failed,
                 owner=self)

    def show_result(self, rec: Reconciliation) -> None:
        self.result = rec
        self.error.hide()
        differs = sum(1 for r in rec.matched if r.kind == "differs")
        self.summary.setText(_("{file} · {method} · {day}: {matched} matched ({differs} with another amount), "
                               "{not_on} not on the statement, {not_in} not in our ledger, {errors} rows not read."
                               ).format(file=rec.file_name, method=rec.method_label, day=rec.day.isoformat(),
                                        matched=len(rec.matched), differs=differs, not_on=len(rec.not_on_statement),
                                        not_in=len(rec.not_in_ledger), errors=len(rec.errors)))
        self.matched.set_rows(list(rec.matched))
        self.not_on_statement.set_rows(list(rec.not_on_statement))
        self.not_in_ledger.set_rows(list(rec.not_in_ledger))
        self.unreadable.set_rows(list(rec.errors))
        self._tab_titles()
        # the list that needs attention first
        for widget in (self.not_in_ledger, self.not_on_statement):
            if widget.rows():
                self.lists.setCurrentWidget(widget)
                break
        else:
            self.lists.setCurrentWidget(self.matched)
        shown = self.lists.currentWidget()
        if isinstance(shown, AdminList) and not shown.select_where(lambda r: r.kind != "matched"):
            shown.select_where(lambda r: True)
        self._show_todo(shown)
        self.imported.emit()

    def _tab_titles(self) -> None:
        titles = ((self.matched, _("Matched ({n})")), (self.not_on_statement, _("Not on the statement ({n})")),
                  (self.not_in_ledger, _("Not in our ledger ({n})")), (self.unreadable, _("Rows not read ({n})")))
        for widget, title in titles:
            self.lists.setTabText(self.lists.indexOf(widget), title.format(n=len(widget.rows())))

    def _show_todo(self, widget) -> None:
        """The full "what to do" of the selected line, under the lists (the column may be cut)."""
        row = widget.current() if isinstance(widget, AdminList) and widget is not self.unreadable else None
        self.todo.setText(_("What to do about {reference}: {todo}").format(reference=row.reference,
                                                                        todo=what_to_do(row)) if row else "")

    def open_selected_transaction(self) -> None:
        """The transaction list, searched for the selected line's receipt (reprint or void it there)."""
        row = self.not_on_statement.current()
        if row is None or row.receipt_number is None:
            self.not_on_statement.show_message(_("Select a line with a receipt first."), error=True)
            return
        dialog = open_transactions(self.window(), self.ctx)
        dialog.search.setText(receipt_number_text(row.receipt_number))
        dialog.refresh()


class FinancePage(QTabWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("financePage")
        self.statements = StatementsTab(ctx, self)
        self.day_close = DayCloseTab(ctx, self)
        self.addTab(self.statements, _("Provider statements"))
        self.addTab(self.day_close, _("Day close"))
        self.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        """Each time the page (or a tab) is shown: reload what the shown tab lists."""
        current = self.currentWidget()
        if current is not None:
            current.refresh()
