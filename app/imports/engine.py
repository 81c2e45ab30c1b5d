"""One import engine for every Excel/CSV import: read the file once with the hostile-file guards
(app/files/tables.py), find the header (title rows above it, merged cells, either language, any
order), convert each cell once, let the kind of import plan every row against the store — new,
update, unchanged, error, or with warnings, and what would change — and show that as a dry run. Only
when the clerk says so does `start` store the job with its planned rows, and `run` apply the valid
rows in chunks, each chunk one transaction that also marks its rows applied: a cancelled or crashed
import continues where it stopped (`run` again) and never applies a row twice. A row that became
invalid since the preview (a clerk took the bed meanwhile) fails alone, with its reason, and the
chunk goes on. The job's rows are its log; `error_workbook` writes the failed rows with a reason
column and imports cleanly once corrected.

A kind of import (app/imports/roster.py) gives its `Spec`, `plan(session, rows)` and
`apply_many(session, actor, job_id, rows)` (returning the rows that fail now, with why); no Qt here.
"""
from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, require
from app.errors import DormWattError, InvalidInput, NotFound
from app.files.tables import DEFAULT_LIMITS, Limits, read_table
from app.imports.spec import REASON_TITLES, HeaderMatch, Spec
from db.engine import Store
from db.models_imports import ImportJob, ImportRow

CHUNK = 500
STATUSES = ("new", "update", "unchanged", "warning", "error")
ENCODINGS = ("utf-8-sig", "gb18030")


@dataclass(frozen=True)
class SourceRow:
    number: int                         # the row number the spreadsheet shows
    values: dict[str, object]           # key -> the cell as read
    cells: tuple[object, ...]           # the row as it is in the file (for the error workbook)
    issues: tuple[str, ...]             # what the reader found wrong (a formula without a value, ...)


@dataclass
class RowPlan:
    number: int
    action: str                         # new, update, unchanged (what applying it does)
    key: str = ""
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)   # field -> (now, from the file)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)                     # JSON: what `apply` does

    @property
    def status(self) -> str:
        if self.errors:
            return "error"
        return "warning" if self.warnings else self.action

    def messages(self) -> list[str]:
        return [*self.errors, *self.warnings]


class Kind(Protocol):
    name: str
    spec: Spec
    permission: str

    def plan(self, s: Session, rows: Sequence[SourceRow]) -> list[RowPlan]: ...

    def apply_many(self, s: Session, actor: Actor, job_id: int, rows: Sequence[ImportRow]) -> dict[int, str]: ...

    def summary(self, s: Session, plans: Sequence[RowPlan]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Preview:
    kind: str
    file_name: str
    sha256: str
    header: tuple[object, ...]
    header_row: int
    match: HeaderMatch
    rows: tuple[RowPlan, ...]
    cells: dict[int, tuple[object, ...]]          # row number -> the row as in the file
    file_warnings: tuple[str, ...]
    summary: dict[str, Any]

    def counts(self) -> dict[str, int]:
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}

    def page(self, statuses: Iterable[str] | None = None, offset: int = 0, limit: int = 200) -> list[RowPlan]:
        """A page of the rows with these statuses (all when None), in file order."""
        wanted = set(statuses) if statuses is not None else None
        picked = (r for r in self.rows if wanted is None or r.status in wanted)
        out = []
        for i, r in enumerate(picked):
            if i >= offset + limit:
                break
            if i >= offset:
                out.append(r)
        return out

    @property
    def applicable(self) -> int:
        return sum(1 for r in self.rows if r.status != "error" and r.action != "unchanged")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_rows(spec: Spec, path: str | PathLike[str], limits: Limits = DEFAULT_LIMITS
              ) -> tuple[Any, HeaderMatch, list[SourceRow]]:
    """The file's header match and rows keyed by column (InvalidInput for a file that has none)."""
    p = Path(path)
    need = [c for c in spec.columns if c.required]
    table = read_table(p, is_header=lambda cells: len(spec.match(cells).columns) >= min(2, len(need) or 1),
                       limits=limits, encodings=ENCODINGS, fast=True)
    if not table.header_row:
        names = "、".join(c.zh for c in need)
        raise InvalidInput(f"{p.name} has no header row naming the columns (looked for {names} in its first 20 "
                           "rows); start from the template.")
    match = spec.match(table.header)
    if match.missing:
        names = ", ".join(f"{c.zh} ({c.en})" for c in match.missing)
        raise InvalidInput(f"{p.name} has no column {names}; add it or start from the template.")
    if not table.rows:
        raise InvalidInput(f"{p.name} has a header but no rows below it.")
    rows = []
    for r in table.rows:
        values = {key: (r.cells[i] if i < len(r.cells) else None) for i, key in match.columns.items()}
        rows.append(SourceRow(r.number, values, tuple(r.cells), tuple(i.message for i in r.issues)))
    return table, match, rows


def preview(store: Store, actor: Actor, kind: Kind, path: str | PathLike[str],
            limits: Limits = DEFAULT_LIMITS) -> Preview:
    """The dry run: every row's plan against the store as it is now. Nothing is written."""
    require(actor, kind.permission)
    p = Path(path)
    table, match, rows = read_rows(kind.spec, p, limits)
    with store.read() as s:
        plans = kind.plan(s, rows)
        summary = kind.summary(s, plans)
    warnings = []
    if match.unused:
        warnings.append(f"Columns not imported: {', '.join(match.unused)}.")
    if match.twice:
        warnings.append(f"Columns given twice (the first is used): {', '.join(match.twice)}.")
    return Preview(kind.name, p.name, _sha256(p), tuple(table.header), table.header_row, match, tuple(plans),
                   {r.number: r.cells for r in rows}, tuple(warnings), summary)


# ----- jobs ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobView:
    id: int
    kind: str
    file_name: str
    status: str
    rows_total: int
    rows_done: int
    failed: int
    summary: dict[str, Any]
    created_at: datetime | None = None
    finished_at: datetime | None = None


def _view(s: Session, job: ImportJob) -> JobView:
    failed = s.scalar(select(func.count()).select_from(ImportRow).where(ImportRow.job_id == job.id,
                                                                         ImportRow.status == "failed")) or 0
    return JobView(job.id, job.kind, job.file_name, job.status, job.rows_total, job.rows_done, failed,
                   dict(job.summary or {}), job.created_at, job.finished_at)


def jobs(store: Store, actor: Actor, kind: Kind, limit: int = 200) -> list[JobView]:
    """The imports of this kind, newest first, each with its status and how far it got: the imports' log."""
    require(actor, kind.permission)
    with store.read() as s:
        found = list(s.scalars(select(ImportJob).where(ImportJob.kind == kind.name)
                               .order_by(ImportJob.id.desc()).limit(limit)))
        failed = dict(s.execute(select(ImportRow.job_id, func.count()).where(
            ImportRow.job_id.in_([j.id for j in found]), ImportRow.status == "failed").group_by(ImportRow.job_id)).all())
        return [JobView(j.id, j.kind, j.file_name, j.status, j.rows_total, j.rows_done, failed.get(j.id, 0),
                        dict(j.summary or {}), j.created_at, j.finished_at) for j in found]


def unfinished(store: Store, kind: str, sha256: str) -> JobView | None:
    """A job of this file that stopped before its end (cancelled or crashed): continue it with `run`."""
    with store.read() as s:
        job = s.scalars(select(ImportJob).where(ImportJob.kind == kind, ImportJob.file_sha256 == sha256,
                                                ImportJob.status.in_(("running", "cancelled")))
                        .order_by(ImportJob.id.desc())).first()
        return _view(s, job) if job is not None else None


def start(store: Store, actor: Actor, kind: Kind, pv: Preview) -> int:
    """Store the job and its planned rows (the clerk said "import"); `run` applies them. A file whose
    earlier import stopped before its end is not started again: that job is returned, to continue."""
    require(actor, kind.permission)
    if pv.kind != kind.name:
        raise InvalidInput("This preview is of another kind of import.")
    earlier = unfinished(store, kind.name, pv.sha256)
    if earlier is not None:
        return earlier.id
    todo = [r for r in pv.rows if r.status != "error" and r.action != "unchanged"]
    if not todo:
        raise InvalidInput("Nothing to import: every row is unchanged or has an error.")
    with store.write() as s:
        job = ImportJob(kind=kind.name, file_name=pv.file_name[:255], file_sha256=pv.sha256, status="running",
                        rows_total=len(todo), rows_done=0, created_by=actor.id,
                        summary={"preview": pv.counts(), **pv.summary})
        s.add(job)
        s.flush()
        s.execute(ImportRow.__table__.insert(), [
            dict(job_id=job.id, row_number=r.number, status=r.status, key=r.key[:64], payload=r.payload,
                 messages=r.messages(), applied=r.status == "error" or r.action == "unchanged")
            for r in pv.rows])
        audit.record(s, actor, f"import.{kind.name}", "import_job", job.id, None,
                     {"file": pv.file_name, "sha256": pv.sha256, "rows": len(pv.rows), "to_apply": len(todo)})
        return job.id


def run(store: Store, actor: Actor, kind: Kind, job_id: int, *, chunk: int = CHUNK,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | Callable[[], bool] | None = None) -> JobView:
    """Apply the job's rows not applied yet, a chunk per transaction; stops between chunks when
    cancelled (status "cancelled": `run` again continues). Returns the job as it ends. A kind with
    `atomic = True` (an exchange) has all its rows applied in one chunk, all or none (`_apply_whole`)."""
    require(actor, kind.permission)
    stop = cancel.is_set if isinstance(cancel, threading.Event) else cancel
    with store.read() as s:
        job = s.get(ImportJob, job_id)
        if job is None:
            raise NotFound(f"There is no import {job_id}.")
        if job.status == "done":
            return _view(s, job)
    with store.write() as s:
        s.execute(update(ImportJob).where(ImportJob.id == job_id).values(status="running"))
    while True:
        if stop is not None and stop():
            with store.write() as s:
                s.execute(update(ImportJob).where(ImportJob.id == job_id).values(status="cancelled"))
            break
        with store.write() as s:
            rows = list(s.scalars(select(ImportRow).where(ImportRow.job_id == job_id, ImportRow.applied.is_(False))
                                  .order_by(ImportRow.row_number)
                                  .limit(None if getattr(kind, "atomic", False) else chunk)))
            if not rows:
                job = s.get(ImportJob, job_id)
                job.status, job.finished_at = "done", clock.now()
                break
            _apply_chunk(s, actor, kind, job_id, rows)
            job = s.get(ImportJob, job_id, with_for_update=True)
            job.rows_done = (job.rows_done or 0) + len(rows)
            done, total = job.rows_done, job.rows_total
        if progress is not None:
            progress(done, total)
    with store.read() as s:
        return _view(s, s.get(ImportJob, job_id))


def _apply_chunk(s: Session, actor: Actor, kind: Kind, job_id: int, rows: list[ImportRow]) -> None:
    """The chunk in bulk (rows the kind finds invalid now fail alone); if the bulk attempt fails as a
    whole (a bed taken between its check and its insert), the same again one row at a time, each in a
    savepoint. An atomic kind's chunk (all its rows) is applied whole or not at all."""
    if getattr(kind, "atomic", False):
        failed = _apply_whole(s, actor, kind, job_id, rows)
    else:
        failed = _apply_rows(s, actor, kind, job_id, rows)
    for row in rows:
        if row.id in failed:
            row.status, row.messages = "failed", [*row.messages, failed[row.id]]
        row.applied = True


class _Undo(Exception):
    def __init__(self, failed: dict[int, str]) -> None:
        self.failed = failed


def _apply_whole(s: Session, actor: Actor, kind: Kind, job_id: int, rows: list[ImportRow]) -> dict[int, str]:
    """An atomic kind's rows, all at once in a savepoint: when any row fails (or the attempt fails as a
    whole) the savepoint is rolled back and every row fails, with its own reason or the first failure's."""
    try:
        with s.begin_nested():
            failed = kind.apply_many(s, actor, job_id, rows)
            if failed:
                raise _Undo(failed)
        return {}
    except _Undo as undo:
        failed = undo.failed
    except DormWattError as exc:
        return {r.id: f"Nothing of this file was applied: {exc}" for r in rows}
    except IntegrityError:
        return {r.id: "A student or bed of this file was changed at another workstation while it was imported; "
                      "nothing of this file was applied. Import the file again." for r in rows}
    first = next(r for r in rows if r.id in failed)
    why = f"row {first.row_number}: {failed[first.id]}"
    return {r.id: failed.get(r.id) or f"Not applied, because the rows are applied all or none — {why}" for r in rows}


def _apply_rows(s: Session, actor: Actor, kind: Kind, job_id: int, rows: list[ImportRow]) -> dict[int, str]:
    try:
        with s.begin_nested():
            failed = kind.apply_many(s, actor, job_id, rows)
    except (DormWattError, IntegrityError):
        failed = {}
        for row in rows:
            try:
                with s.begin_nested():
                    failed.update(kind.apply_many(s, actor, job_id, [row]))
            except DormWattError as exc:           # changed since the preview: this row alone fails
                failed[row.id] = str(exc)
            except IntegrityError:
                failed[row.id] = ("This row's student or bed was changed at another workstation while it was "
                                  "imported; import the file again.")
    return failed


def job_rows(store: Store, job_id: int, statuses: Iterable[str] | None = None, offset: int = 0,
             limit: int = 200) -> list[ImportRow]:
    """A page of the job's log: its rows with their status and messages, in file order."""
    with store.read() as s:
        q = select(ImportRow).where(ImportRow.job_id == job_id)
        if statuses is not None:
            q = q.where(ImportRow.status.in_(list(statuses)))
        rows = list(s.scalars(q.order_by(ImportRow.row_number).offset(offset).limit(limit)))
        s.expunge_all()
        return rows


# ----- files the clerk gets ----------------------------------------------------------------------------


def error_workbook(pv: Preview, path: str | PathLike[str], extra: dict[int, list[str]] | None = None) -> int:
    """The rows with errors (and `extra` failures from a run: row number -> reasons) under the file's own
    header plus a reason column, as .xlsx; fix them and import this file. Returns the rows written."""
    from openpyxl import Workbook

    failed = {r.number: r.errors for r in pv.rows if r.errors}
    for number, reasons in (extra or {}).items():
        failed.setdefault(number, []).extend(reasons)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("errors")
    header = [("" if h is None else h) for h in pv.header]
    ws.append([*header, REASON_TITLES[0]])
    for number in sorted(failed):
        cells = list(pv.cells.get(number, ()))[:len(header)]
        cells += [None] * (len(header) - len(cells))
        ws.append([*cells, "; ".join(failed[number])])
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return len(failed)



def template(kind: Kind, path: str | PathLike[str], lists: dict[str, Sequence[str]] | None = None) -> None:
    """An empty workbook to fill in: the headers in Chinese and English (what `Spec.match` reads back),
    each column's hint as a note, the ID columns formatted as text (leading zeros stay), and drop-downs
    for the columns in `lists` (key -> the allowed words: genders, the campus's colleges, buildings)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = kind.name
    choices = wb.create_sheet("lists")
    choices.sheet_state = "hidden"
    for i, col in enumerate(kind.spec.columns, start=1):
        cell = ws.cell(row=1, column=i, value=col.title)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if col.hint:
            cell.comment = Comment(col.hint, "DormWatt")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(12, len(col.en) + 4)
        if col.key in TEXT_COLUMNS:
            for r in range(2, TEMPLATE_ROWS + 2):
                ws.cell(row=r, column=i).number_format = "@"
        words = (lists or {}).get(col.key)
        if words:
            for r, word in enumerate(words, start=1):
                choices.cell(row=r, column=i, value=word)
            dv = DataValidation(type="list", formula1=f"=lists!${letter}$1:${letter}${len(words)}", allow_blank=True,
                                showErrorMessage=True, error=f"{col.zh} / {col.en}")
            ws.add_data_validation(dv)
            dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 32
    out = Path(path)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)


TEXT_COLUMNS = {"student_no", "phone", "room", "bed"}
TEMPLATE_ROWS = 2000
