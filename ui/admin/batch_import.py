"""An import tab of the Batch work page: one Excel/CSV import (the roster, an exchange list) from the
template to the log, through app.imports.engine.

What a clerk sees and may rely on:
- "Download the template…" writes the kind's template (Chinese and English headers, drop-downs for
  gender, college and building from the store);
- "Choose a file…" reads and plans the whole file in the background and shows the dry run: a count per
  status (new, update, unchanged, warning, error) — choosing one shows only those rows — and the rows a
  page at a time (PAGE rows: a 10,000-row file never fills the table at once), each with what would
  change and why it cannot or warns; file-level warnings above (columns not imported);
- nothing is written until "Import N rows": then the rows are applied in the background a chunk per
  transaction with a progress bar and "Cancel" (stops after the chunk in hand; what is applied stays
  applied); choosing the same file again offers to continue the import where it stopped;
- "Save the rows with errors…" writes the rows with errors (and those that failed while importing) under
  the file's own header with a reason column; corrected, that workbook imports as it is;
- "Earlier imports" lists the kind's jobs (file, when, status, rows applied, failed): the import's log.
The app enforces the kind's permission on every call; its refusals show in the status line.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.imports import engine
from app.imports.engine import JobView, Preview, RowPlan
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.history_views import campus_time
from ui.i18n import _, in_chinese, tr_message
from ui.tasks import run_task

PAGE = 200
GREEN, AMBER, RED, GREY = "#1a7f37", "#9a6700", "#b02a37", "#57606a"
STATUS_COLOURS = {"error": RED, "failed": RED, "warning": AMBER, "new": GREEN, "update": GREEN, "unchanged": GREY}


def status_names() -> dict[str, str]:
    return {"new": _("New"), "update": _("Update"), "unchanged": _("Unchanged"), "warning": _("Warning"),
            "error": _("Error"), "failed": _("Failed")}


def job_status_names() -> dict[str, str]:
    return {"running": _("Stopped before its end"), "cancelled": _("Cancelled"), "done": _("Done"),
            "failed": _("Failed")}


class ImportTab(QWidget):
    loaded = Signal()                 # the earlier imports were read
    previewed = Signal(object)        # Preview, shown
    finished = Signal(object)         # JobView, when an import stops (done or cancelled)
    failed = Signal(str)
    progressed = Signal(int, int)     # rows done, rows to do (emitted by the worker; Qt queues it here)

    def __init__(self, ctx: AppContext, kind: Any, name: str, parent: QWidget | None = None,
                 after_import: Callable[[JobView], None] | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.after_import = after_import
        self.setObjectName(f"{name}ImportTab")
        self.preview: Preview | None = None
        self.path: Path | None = None
        self.resume: JobView | None = None
        self.job: JobView | None = None
        self.job_failures: dict[int, list[str]] = {}
        self.cancel_event: threading.Event | None = None
        self.offset = 0

        self.template_button = QPushButton(_("Download the template…"), self)
        self.template_button.setObjectName("templateButton")
        self.template_button.clicked.connect(self.choose_template_path)
        self.file_button = QPushButton(_("Choose a file…"), self)
        self.file_button.setObjectName("fileButton")
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(_("No file chosen."), self)
        self.file_label.setObjectName("fileLabel")
        top = QHBoxLayout()
        top.addWidget(self.template_button)
        top.addWidget(self.file_button)
        top.addWidget(self.file_label, 1)

        self.notes = QLabel(self)
        self.notes.setObjectName("fileNotes")
        self.notes.setWordWrap(True)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)

        self.filter = QComboBox(self)
        self.filter.setObjectName("statusFilter")
        self.filter.currentIndexChanged.connect(lambda _i: self._first_page())
        self.prev_button = QPushButton(_("Previous", "page"), self)
        self.prev_button.setObjectName("previousPage")
        self.prev_button.clicked.connect(lambda: self._turn(-PAGE))
        self.next_button = QPushButton(_("Next", "page"), self)
        self.next_button.setObjectName("nextPage")
        self.next_button.clicked.connect(lambda: self._turn(PAGE))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")
        paging = QHBoxLayout()
        paging.addWidget(QLabel(_("Show"), self))
        paging.addWidget(self.filter)
        paging.addStretch(1)
        paging.addWidget(self.page_label)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.next_button)

        names = status_names()
        self.rows = AdminList([
            Col(_("Row"), lambda r: str(r.number), key=lambda r: r.number, value=lambda r: r.number),
            Col(_("Status"), lambda r: names.get(r.status, r.status)),
            Col(self._key_title(), lambda r: r.key),
            Col(_("What changes"), self._changes_text),
            Col(_("Why"), lambda r: " ".join(tr_message(m) for m in r.messages())),
        ], self, name=f"{name}Rows")
        self.rows.model.colour = lambda row, col: STATUS_COLOURS.get(row.status) if col == 1 else None

        self.errors_button = QPushButton(_("Save the rows with errors…"), self)
        self.errors_button.setObjectName("errorsButton")
        self.errors_button.clicked.connect(self.choose_errors_path)
        self.import_button = QPushButton(_("Import"), self)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.commit)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress.setFormat(_("%v of %m rows"))
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.errors_button)
        actions.addStretch(1)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.import_button)

        self.jobs = AdminList([
            Col(_("File"), lambda j: j.file_name),
            Col(_("Started"), lambda j: campus_time(j.created_at), key=lambda j: j.created_at),
            Col(_("Status"), lambda j: job_status_names().get(j.status, j.status)),
            Col(_("Rows applied"), lambda j: f"{j.rows_done} / {j.rows_total}", key=lambda j: j.rows_done,
                value=lambda j: j.rows_done),
            Col(_("Failed"), lambda j: str(j.failed), key=lambda j: j.failed, value=lambda j: j.failed),
        ], self, name=f"{name}Jobs")
        self.jobs.setMaximumHeight(180)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.notes)
        lay.addWidget(self.summary_label)
        lay.addLayout(paging)
        lay.addWidget(self.rows, 1)
        lay.addLayout(actions)
        lay.addWidget(self.status)
        lay.addWidget(QLabel(_("Earlier imports"), self))
        lay.addWidget(self.jobs)
        self.progressed.connect(self._progress)
        self._show_state()

    # ----- reading -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the earlier imports (the window calls this each time the tab is shown)."""
        store, actor, kind = self.ctx.store, self.ctx.actor, self.kind
        run_task(lambda: engine.jobs(store, actor, kind), self._jobs_read, self._failed)

    def _jobs_read(self, jobs: list[JobView]) -> None:
        self.jobs.set_rows(jobs)
        self.loaded.emit()

    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Choose the file to import"), "",
                                               _("Spreadsheets (*.xlsx *.xlsm *.csv);;All files (*)"))
        if path:
            self.preview_file(path)

    def preview_file(self, path: str | Path) -> None:
        """Read and plan the file in the background; nothing is written."""
        store, actor, kind, p = self.ctx.store, self.ctx.actor, self.kind, Path(path)

        def work() -> tuple[Preview, JobView | None]:
            pv = engine.preview(store, actor, kind, p)
            return pv, engine.unfinished(store, kind.name, pv.sha256)

        self.path, self.preview, self.resume, self.job, self.job_failures = p, None, None, None, {}
        self.file_label.setText(p.name)
        self._say(_("Reading {file}…").format(file=p.name))
        self._show_state(busy=True)
        run_task(work, self._previewed, self._failed, kind="cpu")

    def _previewed(self, result: tuple[Preview, JobView | None]) -> None:
        pv, resume = result
        self.preview, self.resume = pv, resume
        self.notes.setText(" ".join(tr_message(w) for w in pv.file_warnings))
        counts = pv.counts()
        names = status_names()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(_("All rows ({n})").format(n=len(pv.rows)), None)
        for status in ("error", "warning", "new", "update", "unchanged"):
            if counts[status]:
                self.filter.addItem(f"{names[status]} ({counts[status]})", status)
        self.filter.blockSignals(False)
        if counts["error"]:
            self.filter.setCurrentIndex(1)           # the errors first: they are what needs the clerk
        self.summary_label.setText(self._summary_text(pv))
        if resume is not None:
            self._say(_("An import of this file stopped after {done} of {total} rows; “Continue” applies the "
                        "rest (rows already applied are not applied again).").format(done=resume.rows_done,
                                                                                       total=resume.rows_total))
        elif pv.applicable:
            self._say(_("Nothing has been written yet. Check the rows, then import."))
        else:
            self._say(_("Nothing to import: every row is unchanged or has an error."))
        self._first_page()
        self._show_state()
        self.previewed.emit(pv)

    def _summary_text(self, pv: Preview) -> str:
        c = pv.counts()
        text = _("{rows} rows: {new} new, {update} to update, {unchanged} unchanged, {warning} with warnings, "
                 "{error} with errors.").format(rows=len(pv.rows), **c)
        per = pv.summary.get("per_building") or {}
        if per:
            parts = [_("{building}: {new} new, {update} updated, {beds} beds").format(
                building=b or _("no building"), **v) for b, v in sorted(per.items())]
            text += "\n" + _("Per building — {parts}.").format(parts="; ".join(parts))
        start = pv.summary.get("default_check_in")
        if start:
            text += "\n" + _("Check-ins without a date are dated {day} (the term's first day).").format(day=start)
        return text

    # ----- the rows, a page at a time -----------------------------------------------------------------

    def _statuses(self) -> list[str] | None:
        status = self.filter.currentData()
        return None if status is None else [status]

    def _first_page(self) -> None:
        self.offset = 0
        self._show_page()

    def _turn(self, step: int) -> None:
        self.offset = max(0, self.offset + step)
        self._show_page()

    def _shown_total(self) -> int:
        if self.preview is None:
            return 0
        statuses = self._statuses()
        return len(self.preview.rows) if statuses is None else self.preview.counts()[statuses[0]]

    def _show_page(self) -> None:
        if self.preview is None:
            self.rows.set_rows([])
            self.page_label.setText("")
            return
        rows = self.preview.page(self._statuses(), self.offset, PAGE)
        total = self._shown_total()
        self.rows.set_rows(rows)
        self.page_label.setText(_("Rows {first}–{last} of {total}").format(
            first=self.offset + 1 if rows else 0, last=self.offset + len(rows), total=total))
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + PAGE < total)

    def _key_title(self) -> str:
        spec = self.kind.spec
        first = next((c for c in spec.columns if c.required), spec.columns[0])
        return first.zh if in_chinese() else first.en

    def _field_name(self, key: str) -> str:
        try:
            col = self.kind.spec.column(key)
        except StopIteration:
            return key
        return col.zh if in_chinese() else col.en

    def _changes_text(self, row: RowPlan) -> str:
        if row.status == "error":
            return ""
        if row.action == "unchanged":
            return _("Nothing changes")
        parts = []
        for key, (now, new) in row.changes.items():
            if now in (None, ""):
                parts.append(f"{self._field_name(key)}: {new}")
            else:
                parts.append(f"{self._field_name(key)}: {now} → {new}")
        words = "; ".join(parts)
        return _("New: {changes}").format(changes=words) if row.action == "new" else words

    # ----- importing ----------------------------------------------------------------------------------

    def commit(self) -> None:
        """Store the job (or take the one of this file that stopped) and apply its rows in the background."""
        pv = self.preview
        if pv is None or self.cancel_event is not None:
            return
        store, actor, kind = self.ctx.store, self.ctx.actor, self.kind
        cancel = self.cancel_event = threading.Event()
        emit = self.progressed.emit

        def work() -> JobView:
            job_id = engine.start(store, actor, kind, pv)
            view = engine.run(store, actor, kind, job_id, progress=emit, cancel=cancel)
            if view.status == "done":
                finish = getattr(kind, "finish", None)
                if callable(finish):
                    finish(store, actor, clock.campus_date(clock.now()))
            return view

        total = self.resume.rows_total if self.resume is not None else pv.applicable
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(self.resume.rows_done if self.resume is not None else 0)
        self._say(_("Importing…"))
        self._show_state(busy=True)
        # its own thread: a long import must not hold up the window's other database work
        run_task(work, self._imported, self._import_failed, kind="cpu")

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._say(_("Stopping after the rows being written now…"))
            self.cancel_button.setEnabled(False)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _imported(self, view: JobView) -> None:
        self.cancel_event = None
        self.job = view
        self.resume = view if view.status != "done" else None
        store, job_id = self.ctx.store, view.id

        def failures() -> dict[int, list[str]]:
            rows = engine.job_rows(store, job_id, ["failed"], limit=100_000)
            return {r.row_number: list(r.messages[-1:]) for r in rows}

        if view.status == "done":
            self._say(_("Imported: {done} rows applied, {failed} failed.").format(
                done=view.rows_done - view.failed, failed=view.failed))
        else:
            self._say(_("Cancelled after {done} of {total} rows; they stay applied. Choose the same file again "
                        "to continue.").format(done=view.rows_done, total=view.rows_total))
        self._show_state()
        self.refresh()
        run_task(failures, self._failures_read, self._failed)
        if self.after_import is not None:
            self.after_import(view)

    def _failures_read(self, failures: dict[int, list[str]]) -> None:
        self.job_failures = failures
        self._show_state()
        self.finished.emit(self.job)

    def _import_failed(self, exc: BaseException) -> None:
        self.cancel_event = None
        self._failed(exc)
        self.refresh()

    # ----- files the clerk gets -----------------------------------------------------------------------

    def choose_template_path(self) -> None:
        path, _f = QFileDialog.getSaveFileName(self, _("Save the template"), f"{self.kind.name}-template.xlsx",
                                               _("Excel workbook (*.xlsx)"))
        if path:
            self.save_template(path)

    def save_template(self, path: str | Path) -> None:
        store, kind, out = self.ctx.store, self.kind, Path(path)

        def work() -> Path:
            lists_of = getattr(kind, "lists", None)
            lists = None
            if callable(lists_of):
                with store.read() as s:
                    lists = lists_of(s)
            engine.template(kind, out, lists)
            return out

        run_task(work, lambda p: self._say(_("Template saved to {path}.").format(path=p)), self._failed, kind="cpu")

    def choose_errors_path(self) -> None:
        if self.preview is None:
            return
        stem = Path(self.preview.file_name).stem
        path, _f = QFileDialog.getSaveFileName(self, _("Save the rows with errors"), f"{stem}-errors.xlsx",
                                               _("Excel workbook (*.xlsx)"))
        if path:
            self.save_errors(path)

    def save_errors(self, path: str | Path) -> None:
        pv, extra, out = self.preview, dict(self.job_failures), Path(path)
        if pv is None:
            return
        run_task(lambda: engine.error_workbook(pv, out, extra),
                 lambda n: self._say(_("{n} rows saved to {path}: correct them there and import that file.").format(
                     n=n, path=out)), self._failed, kind="cpu")

    # ----- state ----------------------------------------------------------------------------------------

    def _show_state(self, busy: bool = False) -> None:
        running = self.cancel_event is not None
        pv = self.preview
        errors = (pv is not None and pv.counts()["error"] > 0) or bool(self.job_failures)
        self.file_button.setEnabled(not busy and not running)
        self.template_button.setEnabled(not running)
        self.errors_button.setEnabled(not busy and errors)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running or self.job is not None)
        can = pv is not None and not busy and not running and (self.job is None or self.job.status != "done")
        if self.resume is not None:
            self.import_button.setText(_("Continue ({n} rows left)").format(
                n=self.resume.rows_total - self.resume.rows_done))
            self.import_button.setEnabled(can)
        else:
            n = pv.applicable if pv is not None else 0
            self.import_button.setText(_("Import {n} rows").format(n=n) if n else _("Import"))
            self.import_button.setEnabled(can and n > 0)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self._say(text)
        self._show_state()
        self.failed.emit(text)
