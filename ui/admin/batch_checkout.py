"""The "Check-out by class" tab of the Batch work page: graduation (and term end) for a college, a class,
a building or a floor, through app.batch.checkout.

What a clerk sees and may rely on:
- pick a building, floor, college and class (at least one: the whole campus is never checked out at
  once) and the check-out time; "Dry run" lists every checked-in student of the selection with their
  electricity and water refund or debt under the office's settlement policy, with totals and per
  building — a student who owes money is listed with the debt, never skipped; nothing is written;
- "Check out N students…" asks first, then settles and checks out one student a transaction in the
  background, with progress and "Cancel" (those done stay done; a dry run and a new check-out continue
  with the others, nobody is settled twice); each student's result (done, debt, failed with the reason,
  skipped) replaces the plan's row; electricity refunds come back from the meters as at the counter;
- "Save the slips (PDF)…" writes every settled student's statement in one PDF, a page each;
  "Save the summary (.xlsx)…" the plan or the result, a row per student, with totals and per building.
"""
from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.batch import checkout
from app.batch.checkout import CheckoutPlan, CheckoutRun, Totals
from app.counter.money import Money
from ui.admin.batch_import import AMBER, GREEN, GREY, RED
from ui.admin.batch_selection import SelectionBar
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

COLOURS = {"refund": GREEN, "done": GREEN, "debt": AMBER, "zero": GREY, "failed": RED, "skipped": GREY,
           "cancelled": GREY}


def status_names() -> dict[str, str]:
    return {"refund": _("Refund"), "debt": _("Owes money"), "zero": _("Nothing to settle"), "done": _("Checked out"),
            "failed": _("Failed"), "skipped": _("Skipped"), "cancelled": _("Not done (cancelled)")}


def _money(fen: int) -> str:
    return Money(fen).display() if fen else ""


def _fen_col(title: str, get) -> Col:
    return Col(title, lambda r: _money(get(r)), key=get, value=lambda r: Money(get(r)).to_decimal())


class _Row:
    """A student as the table shows them: the plan's line, and the run's result once there is one."""

    def __init__(self, line, result=None) -> None:
        self.line, self.result = line, result

    @property
    def status(self) -> str:
        return self.result.status if self.result is not None else self.line.status

    def fen(self, utility: str) -> int:
        if self.result is not None:
            return self.result.refund_fen(utility) if self.result.settled else 0
        return self.line.refund_fen(utility)

    @property
    def owed(self) -> int:
        if self.result is not None:
            return self.result.owed_fen if self.result.settled else 0
        return self.line.owed_fen

    @property
    def reason(self) -> str:
        return tr_message(self.result.reason) if self.result is not None and self.result.reason else ""


class CheckoutTab(QWidget):
    loaded = Signal()
    planned = Signal(object)          # CheckoutPlan
    finished = Signal(object)         # CheckoutRun
    saved = Signal(str)               # the path of a slips PDF or summary written
    failed = Signal(str)
    progressed = Signal(int, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("checkoutTab")
        self.plan: CheckoutPlan | None = None
        self.run: CheckoutRun | None = None
        self.cancel_event: threading.Event | None = None
        self.confirmation: QMessageBox | None = None
        self.shown_now: datetime | None = None

        self.picker = SelectionBar(ctx, self)
        self.picker.loaded.connect(self.loaded.emit)
        self.picker.failed.connect(self._failed)
        self.picker.changed.connect(self._selection_changed)
        self.when = QDateTimeEdit(self)
        self.when.setObjectName("checkoutTime")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.plan_button = QPushButton(_("Dry run"), self)
        self.plan_button.setObjectName("planButton")
        self.plan_button.clicked.connect(self.make_plan)
        top = QHBoxLayout()
        top.addWidget(self.picker, 1)
        top.addWidget(QLabel(_("Check-out time"), self))
        top.addWidget(self.when)
        top.addWidget(self.plan_button)

        self.summary = QLabel(_("Choose whom to check out, then make a dry run: nothing is written until you "
                                "check them out."), self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        names = status_names()
        self.list = AdminList([
            Col(_("Student no."), lambda r: r.line.student_no),
            Col(_("Name"), lambda r: r.line.name),
            Col(_("College"), lambda r: r.line.college),
            Col(_("Class"), lambda r: r.line.class_name),
            Col(_("Room"), lambda r: r.line.room_code),
            Col(_("Bed"), lambda r: r.line.bed),
            _fen_col(_("Electricity refund"), lambda r: r.fen("electricity")),
            _fen_col(_("Water refund"), lambda r: r.fen("water")),
            _fen_col(_("Owes"), lambda r: r.owed),
            Col(_("Status"), lambda r: names.get(r.status, r.status)),
            Col(_("Why"), lambda r: r.reason),
        ], self, name="checkoutList")
        self.list.model.colour = lambda r, col: COLOURS.get(r.status) if col in (8, 9) else None

        self.slips_button = QPushButton(_("Save the slips (PDF)…"), self)
        self.slips_button.setObjectName("slipsButton")
        self.slips_button.clicked.connect(self.choose_slips_path)
        self.summary_button = QPushButton(_("Save the summary (.xlsx)…"), self)
        self.summary_button.setObjectName("summaryButton")
        self.summary_button.clicked.connect(self.choose_summary_path)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setFormat(_("%v of %m students"))
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.run_button = QPushButton(_("Check out"), self)
        self.run_button.setObjectName("runButton")
        self.run_button.clicked.connect(self.confirm_run)
        actions = QHBoxLayout()
        actions.addWidget(self.slips_button)
        actions.addWidget(self.summary_button)
        actions.addStretch(1)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.run_button)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.list, 1)
        lay.addLayout(actions)
        lay.addWidget(self.status)
        self.progressed.connect(self._progress)
        self._show_state()

    def refresh(self) -> None:
        if self.cancel_event is None:
            self.shown_now = clock.now()
            now = clock.local(self.shown_now)
            self.when.setDateTime(QDateTime(now.date(), now.time().replace(second=0, microsecond=0)))
        self.picker.load()

    def at(self) -> datetime:
        """The check-out time chosen, in campus time; the moment the tab was shown while the clerk leaves
        the time as it was (the field shows minutes only: a student checked in seconds ago is no exception)."""
        chosen = clock.campus_moment(self.when.dateTime().toPython())
        shown = self.shown_now
        if shown is not None and clock.local(shown).replace(second=0, microsecond=0) == chosen:
            return max(shown, clock.now())
        return chosen

    # ----- the dry run --------------------------------------------------------------------------------

    def _selection_changed(self) -> None:
        if self.cancel_event is None and (self.plan is not None or self.run is not None):
            self.plan = self.run = None
            self.list.set_rows([])
            self.summary.setText(_("The selection changed: make a dry run."))
        self._show_state()

    def make_plan(self) -> None:
        store, actor, sel, at = self.ctx.store, self.ctx.actor, self.picker.selection(), self.at()
        self._say(_("Settling every student of the selection on paper…"))
        self.plan_button.setEnabled(False)
        run_task(lambda: checkout.plan(store, actor, sel, at=at), self._planned, self._failed, kind="cpu")

    def _planned(self, plan: CheckoutPlan) -> None:
        self.plan, self.run = plan, None
        self.list.set_rows([_Row(line) for line in plan.lines])
        self.summary.setText(self._plan_text(plan))
        self._say(_("Nothing has been written yet.") if plan.lines else _("Nobody of this selection is checked in."))
        self._show_state()
        self.planned.emit(plan)

    def _totals_text(self, t: Totals) -> str:
        return _("{n} students: refunds {refunds} (electricity {e}, water {w}), debts {debts}").format(
            n=t.count, refunds=Money(t.refunds_fen).display(), e=Money(t.electricity_fen).display(),
            w=Money(t.water_fen).display(), debts=Money(t.debts_fen).display())

    def _plan_text(self, plan: CheckoutPlan) -> str:
        text = _("Dry run at {time}: {totals}.").format(time=self.when.dateTime().toString("yyyy-MM-dd HH:mm"),
                                                       totals=self._totals_text(plan.totals))
        text += " " + _("{debt} owe money, {zero} have nothing to settle.").format(
            debt=plan.count("debt"), zero=plan.count("zero"))
        per = [f"{code}: {self._totals_text(t)}" for code, t in plan.per_building.items()]
        if len(per) > 1:
            text += "\n" + "; ".join(per)
        return text

    # ----- the check-out ------------------------------------------------------------------------------

    def confirm_run(self) -> None:
        plan = self.plan
        if plan is None or not plan.lines:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _("Check out"),
                          _("Check out and settle {n} students? Refunds of {refunds} are paid out or come back "
                            "from the meters; {debt} students who owe money are checked out with their debt "
                            "listed.").format(n=len(plan.lines), refunds=Money(plan.totals.refunds_fen).display(),
                                              debt=plan.count("debt")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("confirmCheckout")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.buttonClicked.connect(
            lambda b: self.start_run() if box.standardButton(b) == QMessageBox.StandardButton.Yes else None)
        self.confirmation = box
        box.open()

    def start_run(self) -> None:
        plan = self.plan
        if plan is None or self.cancel_event is not None:
            return
        store, actor, at = self.ctx.store, self.ctx.actor, plan.at
        cancel = self.cancel_event = threading.Event()
        emit = self.progressed.emit
        self.progress.setRange(0, max(1, len(plan.lines)))
        self.progress.setValue(0)
        self._say(_("Checking out…"))
        self._show_state()
        run_task(lambda: checkout.run(store, actor, plan, at=at, progress=emit, cancel=cancel),
                 self._ran, self._run_failed, kind="cpu")

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self._say(_("Stopping after the student being checked out now…"))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _ran(self, run: CheckoutRun) -> None:
        self.cancel_event = None
        self.run = run
        self.list.set_rows([_Row(r.line, r) for r in run.results])
        counts = {s: run.count(s) for s in ("done", "debt", "failed", "skipped", "cancelled")}
        text = _("Checked out {done} students ({debt} with a debt); {failed} failed, {skipped} skipped, "
                 "{cancelled} not done.").format(**counts)
        self.summary.setText(text + "\n" + self._totals_text(run.totals))
        self._say(_("Cancelled: those checked out stay checked out; make a dry run to go on with the others.")
                  if run.cancelled else _("Done. Save the slips and the summary for the office."))
        self._show_state()
        self.picker.load()
        self.finished.emit(run)

    def _run_failed(self, exc: BaseException) -> None:
        self.cancel_event = None
        self._failed(exc)

    # ----- papers ---------------------------------------------------------------------------------------

    def choose_slips_path(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Save the slips"), "checkout-slips.pdf", _("PDF (*.pdf)"))
        if path:
            self.save_slips(path)

    def save_slips(self, path: str | Path) -> None:
        if self.run is None:
            return
        store, ids, out = self.ctx.store, self.run.settlement_ids, Path(path)

        def work() -> str:
            data = checkout.slips_pdf(store, ids)
            tmp = out.with_name(out.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(out)
            return str(out)

        run_task(work, self._saved, self._failed, kind="cpu")

    def choose_summary_path(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Save the summary"), "checkout-summary.xlsx",
                                               _("Excel workbook (*.xlsx)"))
        if path:
            self.save_summary(path)

    def save_summary(self, path: str | Path) -> None:
        what = self.run if self.run is not None else self.plan
        if what is None:
            return
        run_task(lambda: str(checkout.summary_xlsx(what, path)), self._saved, self._failed, kind="cpu")

    def _saved(self, path: str) -> None:
        self._say(_("Saved to {path}.").format(path=path))
        self.saved.emit(path)

    # ----- state -------------------------------------------------------------------------------------------

    def _show_state(self) -> None:
        running = self.cancel_event is not None
        n = len(self.plan.lines) if self.plan is not None else 0
        self.plan_button.setEnabled(not running)
        self.picker.setEnabled(not running)
        self.run_button.setText(_("Check out {n} students…").format(n=n) if n else _("Check out"))
        self.run_button.setEnabled(not running and self.run is None and n > 0)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running or self.run is not None)
        self.slips_button.setEnabled(not running and self.run is not None and bool(self.run.settlement_ids))
        self.summary_button.setEnabled(not running and (self.run is not None or self.plan is not None))

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc) if isinstance(exc, BaseException) else str(exc)
        self._say(text)
        self._show_state()
        self.failed.emit(text)
