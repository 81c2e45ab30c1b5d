"""The Audit trail page of the administration window.

At the top, the chain check (app.integrity's `audit verify`) as a status line: green when the chain
is intact (how many records, when it was last anchored), red with the first broken link otherwise;
it runs in the background each time the page is shown and on "Check now". Below, filters (operator,
action, from–to campus dates, room, student) and the records that pass them, newest first, queried
in the background (app.integrity.audit_query, which enforces "audit.view"); the selected record's
payload is shown in full beside the list.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app import clock, operators
from app.counter.report_data import local_time_text
from app.errors import FieldInvalid
from app.integrity import audit_query
from app.integrity.audit_query import AuditFilter, AuditResults, AuditRow, ChainStatus
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

GREEN, RED = "#1a7f37", "#b02a37"

# What the office calls the actions the trail records (unknown ones show as recorded).
ACTION_NAMES = {
    "ledger.": N_("Money (all)"),
    "ledger.recharge": N_("Recharge"),
    "ledger.refund": N_("Refund"),
    "ledger.reversal": N_("Reversal"),
    "ledger.consumption": N_("Consumption charge"),
    "ledger.subsidy": N_("Subsidy"),
    "ledger.transfer": N_("Transfer"),
    "occupancy.": N_("Stays (all)"),
    "occupancy.check_in": N_("Check-in"),
    "occupancy.check_out": N_("Check-out"),
    "occupancy.move": N_("Room change"),
    "occupancy.swap": N_("Bed exchange"),
    "shift.open": N_("Shift opened"),
    "shift.close": N_("Shift closed"),
    "day.close": N_("Day closed"),
    "day_close.print": N_("Day close printed"),
    "receipt.reprint": N_("Receipt reprinted"),
    "receipt.void": N_("Recharge voided"),
    "receipt.void_requested": N_("Void asked"),
    "receipt.void_failed": N_("Void failed"),
    "refund.request": N_("Refund asked"),
    "refund.paid": N_("Refund paid"),
    "refund.failed": N_("Refund failed"),
    "share_transfer.request": N_("Share sent through the meters"),
    "share_transfer.credited": N_("Share credited to the new room"),
    "share_transfer.failed": N_("Share transfer failed"),
    "backup.made": N_("Backup made"),
    "settlement.create": N_("Settlement"),
    "reconciliation.import": N_("Statement imported"),
    "operator.": N_("Operators (all)"),
    "operator.create": N_("Operator created"),
    "operator.role": N_("Operator role changed"),
    "operator.password": N_("Password changed"),
    "operator.activate": N_("Operator reactivated"),
    "operator.deactivate": N_("Operator deactivated"),
    "tariff.create": N_("Tariff created"),
    "tariff.close": N_("Tariff ended"),
    "meter.assign": N_("Meter assigned"),
    "bus.add": N_("Line added"),
    "bus.change": N_("Line changed"),
}


# What the records are about, in the office's words (unknown ones show as recorded).
ENTITY_NAMES = {
    "money_operation": N_("Money operation"), "occupancy": N_("Stay"), "shift": N_("Shift"),
    "operator": N_("Operator"), "receipt": N_("Receipt"), "day_close": N_("Day close"),
    "statement_import": N_("Statement import"), "refund_request": N_("Refund"), "settlement": N_("Settlement"),
    "room": N_("Room"), "bed": N_("Bed"), "student": N_("Student"), "building": N_("Building"),
    "tariff": N_("Tariff"), "quota_rule": N_("Quota rule"), "quota_grant": N_("Quota grant"), "bus": N_("Line"),
    "electricity_meter": N_("Electricity meter"), "water_meter": N_("Water meter"), "meter": N_("Meter"),
    "meter_command": N_("Meter command"), "alarm": N_("Alarm"), "setting": N_("Setting"),
    "ledger_entry": N_("Ledger entry"), "share_transfer": N_("Share transfer"),
}


def action_name(action: str) -> str:
    name = ACTION_NAMES.get(action)
    return _(name) if name else action


def _object_text(row: AuditRow) -> str:
    name = ENTITY_NAMES.get(row.entity)
    name = _(name) if name else row.entity
    return name if row.entity_id is None else f"{name} #{row.entity_id}"


def chain_text(status: ChainStatus) -> str:
    if not status.ok:
        return _("Chain broken: {problem} ({n} problems in all). Run “python main.py audit verify” for the "
                 "full list.").format(problem=tr_message(status.problem), n=status.problems)
    if status.anchored_at is None:
        return _("Chain intact: {n} records; no anchor written yet (the first shift close writes one).").format(
            n=status.links)
    return _("Chain intact: {n} records, anchored at {at}.").format(n=status.links,
                                                                    at=local_time_text(status.anchored_at))


class AuditPage(QWidget):
    loaded = Signal()            # the list shows the records of the current filters
    chain_checked = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("auditPage")
        self.results: AuditResults | None = None
        self.status: ChainStatus | None = None

        self.chain = QLabel(_("Checking the chain…"), self)
        self.chain.setObjectName("chainStatus")
        self.chain.setWordWrap(True)
        self.check = QPushButton(_("Check now"), self)
        self.check.setObjectName("checkChain")
        self.check.clicked.connect(self.check_chain)
        top = QHBoxLayout()
        top.addWidget(self.chain, 1)
        top.addWidget(self.check)

        self.operator = QComboBox(self)
        self.operator.setObjectName("operator")
        self.operator.addItem(_("Everyone"), None)
        self.action = QComboBox(self)
        self.action.setObjectName("action")
        self.action.addItem(_("Every action"), None)
        today = _qdate(clock.today())
        self.use_from = QCheckBox(_("From"), self)
        self.use_from.setObjectName("useFrom")
        self.day_from = QDateEdit(today, self)
        self.day_from.setObjectName("dayFrom")
        self.use_to = QCheckBox(_("To"), self)
        self.use_to.setObjectName("useTo")
        self.day_to = QDateEdit(today, self)
        self.day_to.setObjectName("dayTo")
        for edit, box in ((self.day_from, self.use_from), (self.day_to, self.use_to)):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            box.toggled.connect(edit.setEnabled)
        self.room = QLineEdit(self)
        self.room.setObjectName("room")
        self.room.setPlaceholderText(_("Room, e.g. B1-101"))
        self.student = QLineEdit(self)
        self.student.setObjectName("student")
        self.student.setPlaceholderText(_("Student number or name"))
        for edit in (self.room, self.student):
            edit.setClearButtonEnabled(True)
            edit.returnPressed.connect(self.search)
        self.search_button = QPushButton(_("Search"), self)
        self.search_button.setObjectName("search")
        self.search_button.clicked.connect(self.search)
        self.date_error = QLabel("", self)
        self.date_error.setObjectName("dateError")
        self.date_error.setStyleSheet(f"color:{RED};")
        self.date_error.hide()
        filters = QGridLayout()
        filters.addWidget(QLabel(_("Operator"), self), 0, 0)
        filters.addWidget(self.operator, 0, 1)
        filters.addWidget(QLabel(_("Action"), self), 0, 2)
        filters.addWidget(self.action, 0, 3)
        filters.addWidget(self.use_from, 0, 4)
        filters.addWidget(self.day_from, 0, 5)
        filters.addWidget(self.use_to, 0, 6)
        filters.addWidget(self.day_to, 0, 7)
        filters.addWidget(QLabel(_("Room"), self), 1, 0)
        filters.addWidget(self.room, 1, 1)
        filters.addWidget(QLabel(_("Student"), self), 1, 2)
        filters.addWidget(self.student, 1, 3)
        filters.addWidget(self.date_error, 1, 4, 1, 3)
        filters.addWidget(self.search_button, 1, 7)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)

        self.list = AdminList([
            Col(_("Time"), lambda r: local_time_text(r.at), key=lambda r: r.id),
            Col(_("Operator"), lambda r: r.operator if r.operator_id is not None else _("System")),
            Col(_("Action"), lambda r: action_name(r.action)),
            Col(_("Object"), _object_text),
            Col(_("Room"), lambda r: ", ".join(r.rooms)),
            Col(_("Student"), lambda r: ", ".join(r.students)),
            Col(_("Details"), lambda r: r.summary),
        ], self, name="auditList", export_title=_("Audit trail"))
        self.list.selection_changed.connect(self._show_details)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("details")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(_("Select a record to see everything it holds."))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.list)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.more = QLabel("", self)
        self.more.setObjectName("more")
        self.more.setWordWrap(True)
        self.older = QPushButton(_("Show older records"), self)
        self.older.setObjectName("older")
        self.older.clicked.connect(self.show_older)
        self.older.hide()
        more_bar = QHBoxLayout()
        more_bar.addWidget(self.more, 1)
        more_bar.addWidget(self.older)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{RED};")
        self.error.hide()

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addLayout(filters)
        lay.addWidget(self.error)
        lay.addWidget(split, 1)
        lay.addLayout(more_bar)
        self._choices_loaded = False
        self.limit = audit_query.DEFAULT_LIMIT
        self._filter: AuditFilter | None = None

    # ----- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Each time the page is shown: the choices (once), the records, the chain check."""
        if not self._choices_loaded:
            self._load_choices()
        self.search()
        self.check_chain()

    def _load_choices(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor

        def load():
            ops = [(op.id, op.display_name or op.login) for op in operators.list_operators(store)]
            return ops, audit_query.actions(store, actor)

        run_task(load, self._choices, self._failed, owner=self)

    def _choices(self, loaded) -> None:
        ops, actions = loaded
        self._choices_loaded = True
        for op_id, name in ops:
            self.operator.addItem(name, op_id)
        families = sorted({a.split(".", 1)[0] + "." for a in actions if "." in a} & set(ACTION_NAMES))
        for value in families + actions:
            self.action.addItem(action_name(value), value)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            operator_id=self.operator.currentData(), action=self.action.currentData(),
            day_from=_pydate(self.day_from.date()) if self.use_from.isChecked() else None,
            day_to=_pydate(self.day_to.date()) if self.use_to.isChecked() else None,
            room=self.room.text().strip(), student=self.student.text().strip(), limit=self.limit)

    def search(self) -> None:
        store, actor, f = self.ctx.store, self.ctx.actor, self.current_filter()
        self._filter = f
        run_task(lambda: audit_query.find_records(store, actor, f), self._show, self._failed, owner=self)

    def show_older(self) -> None:
        """The next page of the same search, added below the records shown."""
        rows = self.list.rows()
        if self._filter is None or not rows:
            return
        store, actor = self.ctx.store, self.ctx.actor
        f = replace(self._filter, before_id=min(r.id for r in rows))
        self.older.setEnabled(False)
        run_task(lambda: audit_query.find_records(store, actor, f), lambda page: self._show(page, add=True),
                 self._failed, owner=self)

    def _show(self, page: AuditResults, add: bool = False) -> None:
        self.results = page
        self.error.hide()
        self.date_error.hide()
        self.list.set_rows((self.list.rows() if add else []) + list(page.rows))
        self.more.setText(_("The newest {n} records are shown; older ones pass the filters too.").format(
            n=len(self.list.rows())) if page.more else "")
        self.older.setVisible(page.more)
        self.older.setEnabled(True)
        self._show_details()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, FieldInvalid) and exc.field in ("day_from", "day_to"):
            self.date_error.setText(error_text(exc))
            self.date_error.show()
            (self.day_to if exc.field == "day_to" else self.day_from).setFocus()
        else:
            self.error.setText(error_text(exc))
            self.error.show()
        self.loaded.emit()

    def _show_details(self) -> None:
        row = self.list.current()
        if row is None:
            self.details.setPlainText("")
            return
        who = row.operator if row.operator_id is not None else _("System")
        head = _("Record {id} · {at} · {who} · {action} ({code})").format(
            id=row.id, at=local_time_text(row.at), who=who, action=action_name(row.action), code=row.action)
        self.details.setPlainText(head + "\n\n" + audit_query.payload_text(row))

    # ----- the chain ------------------------------------------------------------------------------

    def check_chain(self) -> None:
        self.check.setEnabled(False)
        self.chain.setText(_("Checking the chain…"))
        self.chain.setStyleSheet("")
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: audit_query.chain_status(store, actor), self._chain_done, self._chain_failed, owner=self)

    def _chain_done(self, status: ChainStatus) -> None:
        self.status = status
        self.check.setEnabled(True)
        self.chain.setText(chain_text(status))
        self.chain.setStyleSheet(f"color:{GREEN if status.ok else RED};font-weight:bold;")
        self.chain_checked.emit()

    def _chain_failed(self, exc: BaseException) -> None:
        self.status = None
        self.check.setEnabled(True)
        self.chain.setText(_("The chain could not be checked: {error}").format(error=error_text(exc)))
        self.chain.setStyleSheet(f"color:{RED};font-weight:bold;")
        self.chain_checked.emit()


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())
