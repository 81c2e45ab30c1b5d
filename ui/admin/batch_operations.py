"""The "Operations on rooms" tab of the Batch work page: one operation for every room of a selection,
through app.batch.operations.

What an operator sees and may rely on:
- pick the rooms (building, floor, college, class) and the operation: power a branch off, give it back
  to the meter's own rules, keep it on (clerks and administrators), grant a subsidy (an amount of money)
  or free quota (kWh of free energy on the meter, or litres of water worth their price; it does not
  expire), each with a memo, set or lift the water–electricity linkage lock (administrators; the service
  refuses anyone else and says so), write the electricity price in force to the meters again (a meter
  reset or set by hand);
- "Dry run" lists each room with what will happen, or why it is skipped (no meter, its line switched
  off, already so); nothing is written;
- "Run for N rooms…" asks first, then goes through the rooms in the background with progress and
  "Cancel"; each room's result follows: done, waiting for the meter, failed with the reason, skipped.
  Meter commands are carried out by the runtime that owns the line: the results follow them until every
  room has its answer. Running the same dry run again never does a room twice (one key per dry run).
"""
from __future__ import annotations

import threading
import uuid

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.batch import operations
from app.batch.operations import OpPlan, OpRun
from app.batch.selection import rooms_in
from app.counter.money import Money
from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch
from drivers.ddsy_records import ForceMode
from ui.admin.batch_import import AMBER, GREEN, GREY, RED
from ui.admin.batch_selection import SelectionBar
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

FOLLOW_MS = 1500
COLOURS = {"do": GREEN, "done": GREEN, "pending": AMBER, "skip": GREY, "skipped": GREY, "failed": RED,
           "cancelled": GREY}


def operation_names() -> dict[str, str]:
    return {"off": _("Power a branch off"), "auto": _("Give a branch back to the meter"),
            "on": _("Keep a branch on"), "subsidy": _("Grant a subsidy"), "quota": _("Grant free quota"),
            "lock": _("Set the linkage lock"),
            "unlock": _("Lift the linkage lock"), "price": _("Write the price in force to the meters")}


def status_names() -> dict[str, str]:
    return {"do": _("Will be done"), "skip": _("Skipped"), "done": _("Done"), "pending": _("Waiting for the meter"),
            "failed": _("Failed"), "skipped": _("Skipped"), "cancelled": _("Not done (cancelled)"),
            "delivered": _("On the meter")}


MODES = {"off": ForceMode.OPEN, "auto": ForceMode.AUTO, "on": ForceMode.CLOSED}
GRANTS = ("subsidy", "quota")          # the operations that take a utility, an amount and a memo


def amount_units() -> dict[tuple[str, str], tuple[str, str]]:
    """(operation, utility) -> (the amount's unit, its placeholder)."""
    money = (_("CNY"), _("Amount per room, e.g. 20.00"))
    return {("subsidy", "electricity"): money, ("subsidy", "water"): money,
            ("quota", "electricity"): (_("kWh"), _("kWh per room, e.g. 12.5")),
            ("quota", "water"): (_("litres"), _("Whole litres per room, e.g. 500"))}


class _Row:
    def __init__(self, line, result=None) -> None:
        self.line, self.result = line, result

    @property
    def status(self) -> str:
        return self.result.status if self.result is not None else self.line.status

    @property
    def why(self) -> str:
        text = self.result.reason if self.result is not None and self.result.reason else (
            self.line.reason or self.line.note)
        if self.result is not None and self.result.delivery:
            text = (text + " " if text else "") + _("Credit on the meter: {state}").format(
                state=status_names().get(self.result.delivery, self.result.delivery))
        return tr_message(text) if text else ""


class OperationsTab(QWidget):
    loaded = Signal()
    planned = Signal(object)          # OpPlan
    finished = Signal(object)         # OpRun, when every room has its answer (or the run was cancelled)
    failed = Signal(str)
    progressed = Signal(int, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("operationsTab")
        self.plan: OpPlan | None = None
        self.run: OpRun | None = None
        self.key = ""
        self.cancel_event: threading.Event | None = None
        self.confirmation: QMessageBox | None = None

        self.picker = SelectionBar(ctx, self)
        self.picker.loaded.connect(self.loaded.emit)
        self.picker.failed.connect(self._failed)
        self.picker.changed.connect(self._changed)
        self.operation = QComboBox(self)
        self.operation.setObjectName("operation")
        for key, label in operation_names().items():
            self.operation.addItem(label, key)
        self.operation.activated.connect(lambda _i: self._changed())
        self.branch = QComboBox(self)
        self.branch.setObjectName("branch")
        for b in Branch:
            self.branch.addItem(_(BRANCH_NAMES[b]), int(b))
        self.branch.activated.connect(lambda _i: self._changed())
        self.utility = QComboBox(self)
        self.utility.setObjectName("utility")
        self.utility.addItem(_("Electricity"), "electricity")
        self.utility.addItem(_("Water"), "water")
        self.utility.activated.connect(lambda _i: self._changed())
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.textEdited.connect(lambda _t: self._changed())
        self.unit = QLabel(self)
        self.unit.setObjectName("unit")
        self.memo = QLineEdit(self)
        self.memo.setObjectName("memo")
        self.memo.setPlaceholderText(_("Memo (optional)"))
        self.memo.setMaxLength(255)
        self.memo.textEdited.connect(lambda _t: self._changed())
        self.plan_button = QPushButton(_("Dry run"), self)
        self.plan_button.setObjectName("planButton")
        self.plan_button.clicked.connect(self.make_plan)
        what = QHBoxLayout()
        what.addWidget(QLabel(_("Operation"), self))
        what.addWidget(self.operation)
        what.addWidget(self.branch)
        what.addWidget(self.utility)
        what.addWidget(self.amount)
        what.addWidget(self.unit)
        what.addWidget(self.memo, 1)
        what.addStretch(1)
        what.addWidget(self.plan_button)

        self.summary = QLabel(_("Choose the rooms and the operation, then make a dry run: nothing is done until "
                                "you run it."), self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        names = status_names()
        self.list = AdminList([
            Col(_("Room"), lambda r: r.line.room_code),
            Col(_("What happens"), lambda r: tr_message(r.line.action) if r.line.action else ""),
            Col(_("Status"), lambda r: names.get(r.status, r.status)),
            Col(_("Why"), lambda r: r.why),
        ], self, name="operationsList")
        self.list.model.colour = lambda r, col: COLOURS.get(r.status) if col == 2 else None

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setFormat(_("%v of %m rooms"))
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.run_button = QPushButton(_("Run"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(self.confirm_run)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.run_button)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.picker)
        lay.addLayout(what)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        lay.addLayout(actions)
        lay.addWidget(self.status)
        self.follow_timer = QTimer(self)
        self.follow_timer.setSingleShot(True)
        self.follow_timer.setInterval(FOLLOW_MS)
        self.follow_timer.timeout.connect(self.follow)
        self.progressed.connect(self._progress)
        self._show_state()

    def refresh(self) -> None:
        self.picker.load()

    # ----- the dry run ----------------------------------------------------------------------------------

    def _op(self) -> str:
        return self.operation.currentData()

    def _show_fields(self) -> None:
        op = self._op()
        self.branch.setVisible(op in MODES)
        for w in (self.utility, self.amount, self.unit, self.memo):
            w.setVisible(op in GRANTS)
        if op in GRANTS:
            unit, example = amount_units()[(op, self.utility.currentData())]
            self.unit.setText(unit)
            self.amount.setPlaceholderText(example)

    def _changed(self) -> None:
        self._show_fields()
        if self.cancel_event is None and (self.plan is not None or self.run is not None):
            self.plan = self.run = None
            self.follow_timer.stop()
            self.list.set_rows([])
            self.summary.setText(_("The choice changed: make a dry run."))
        self._show_state()

    def make_plan(self) -> None:
        store, actor, sel, op = self.ctx.store, self.ctx.actor, self.picker.selection(), self._op()
        branch, utility, amount_text = self.branch.currentData(), self.utility.currentData(), self.amount.text()
        memo = self.memo.text()

        def work() -> OpPlan:
            with store.read() as s:
                rooms = rooms_in(s, sel)
            if op in MODES:
                return operations.plan_branch_power(store, actor, rooms, branch=branch, mode=MODES[op])
            if op == "subsidy":
                return operations.plan_subsidy(store, actor, rooms, utility=utility, amount=Money.parse(amount_text),
                                               memo=memo)
            if op == "quota":
                return operations.plan_free_quota(store, actor, rooms, utility=utility,
                                                  amount=operations.parse_free_quota(utility, amount_text), memo=memo)
            if op == "price":
                return operations.plan_price_push(store, actor, rooms)
            return operations.plan_linkage(store, actor, rooms, locked=op == "lock")

        self._say(_("Looking at every room of the selection…"))
        self.plan_button.setEnabled(False)
        run_task(work, self._planned, self._failed)

    def _planned(self, plan: OpPlan) -> None:
        self.plan, self.run, self.key = plan, None, f"batch-{uuid.uuid4().hex[:16]}"
        self.list.set_rows([_Row(line) for line in plan.lines])
        self.summary.setText(_("{op}: {n} rooms will be done, {skip} skipped.").format(
            op=self.operation.currentText(), n=plan.count("do"), skip=plan.count("skip")))
        self._say(_("Nothing has been done yet."))
        self._show_state()
        self.planned.emit(plan)

    # ----- the run --------------------------------------------------------------------------------------

    def confirm_run(self) -> None:
        if self.plan is None or not self.plan.count("do"):
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Run"),
                          _("{op} for {n} rooms?").format(op=self.operation.currentText(), n=self.plan.count("do")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmOperation")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda b: self.start_run() if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        self.confirmation = box
        box.open()

    def start_run(self) -> None:
        plan = self.plan
        if plan is None or self.cancel_event is not None:
            return
        store, actor, key = self.ctx.store, self.ctx.actor, self.key
        cancel = self.cancel_event = threading.Event()
        emit = self.progressed.emit
        runner = {"branch_power": operations.run_branch_power, "subsidy": operations.run_subsidy,
                  "free_quota": operations.run_free_quota, "linkage": operations.run_linkage,
                  "price_push": operations.run_price_push}[plan.op]
        self.progress.setRange(0, max(1, len(plan.lines)))
        self.progress.setValue(0)
        self._say(_("Working…"))
        self._show_state()
        run_task(lambda: runner(store, actor, plan, key=key, progress=emit, cancel=cancel), self._ran,
                 self._run_failed, kind="cpu")

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self._say(_("Stopping after the room in hand…"))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _ran(self, run: OpRun) -> None:
        self.cancel_event = None
        self._show_run(run)

    def _show_run(self, run: OpRun) -> None:
        self.run = run
        self.list.set_rows([_Row(r_line, res) for r_line, res in zip(run.plan.lines, run.results, strict=True)])
        counts = {s: run.count(s) for s in ("done", "pending", "failed", "skipped", "cancelled")}
        self.summary.setText(_("{done} rooms done, {pending} waiting for their meter, {failed} failed, {skipped} "
                               "skipped, {cancelled} not done.").format(**counts))
        waiting = counts["pending"] > 0 or any(r.delivery == "pending" for r in run.results)
        if waiting:
            self._say(_("Following the meters…"))
            self.follow_timer.start()
        else:
            self._say(_("Cancelled: run it again to go on; rooms done are not done twice.") if run.cancelled
                      else _("Every room has its answer."))
            self.finished.emit(run)
        self._show_state()

    def follow(self) -> None:
        run = self.run
        if run is None:
            return
        store = self.ctx.store
        run_task(lambda: operations.follow(store, run), self._show_run, self._failed)

    def _run_failed(self, exc: BaseException) -> None:
        self.cancel_event = None
        self._failed(exc)

    # ----- state ------------------------------------------------------------------------------------------

    def _show_state(self) -> None:
        running = self.cancel_event is not None
        n = self.plan.count("do") if self.plan is not None else 0
        self._show_fields()
        self.plan_button.setEnabled(not running)
        self.picker.setEnabled(not running)
        self.operation.setEnabled(not running)
        again = self.run is not None and self.run.cancelled
        self.run_button.setText(_("Run again for the rest") if again else (
            _("Run for {n} rooms…").format(n=n) if n else _("Run")))
        self.run_button.setEnabled(not running and n > 0 and (self.run is None or again))
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running or self.run is not None)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, BaseException) else str(exc)
        self._say(text)
        self._show_state()
        self.failed.emit(text)
