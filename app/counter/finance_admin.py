"""The finance page's services: provider statements imported and re-read, day closes listed, closed
and printed.

A caller may rely on:
- every call needs "finance.reconcile", except closing a day (its own "day.close", as at the
  counter) and printing a day close ("report.view", as any report);
- `reconcile(...)` imports a statement (app.counter.reconciliation: stored and audited there; a file
  refused as a whole stores nothing) and gives the same `Reconciliation` that `reconciliation(id)`
  later rebuilds from the stored import, so a past import reads as it did on the day;
- `print_day_close` counts every print in the audit trail ("day_close.print", one record per print);
  the first print is the original, every later one says 副本 COPY with its print number.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from os import PathLike

from sqlalchemy import func, select

from app import audit
from app.access import Actor, require
from app.counter import documents, payment_methods, reconciliation, sequences, shifts
from app.errors import NotFound
from db.engine import Store
from db.models import (
    Account,
    AuditRecord,
    Building,
    DayClose,
    LedgerEntry,
    Operator,
    Receipt,
    Room,
    Shift,
    StatementImport,
    Student,
)

PRINT_ACTION = "day_close.print"


# ----- provider statements --------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconRow:
    """One line of a reconciliation. `kind` is "matched", "differs" (same reference, another
    amount), "not_on_statement" (posted here, the provider has no such payment) or "not_in_ledger"
    (paid at the provider, never posted here)."""

    kind: str
    reference: str
    statement_fen: int | None
    ledger_fen: int | None
    at: datetime | None          # when it was posted here (None for a payment never posted)
    entry_id: int | None
    receipt_number: int | None
    room_code: str
    student: str                 # "name (number)"
    statement_row: int | None    # the row of the statement file

    @property
    def difference_fen(self) -> int:
        return (self.statement_fen or 0) - (self.ledger_fen or 0)


@dataclass(frozen=True)
class Reconciliation:
    import_id: int
    method: str
    method_label: str
    file_name: str
    day: date
    imported_at: datetime
    operator: str
    matched: tuple[ReconRow, ...]          # "matched" and "differs"
    not_on_statement: tuple[ReconRow, ...]
    not_in_ledger: tuple[ReconRow, ...]
    errors: tuple[str, ...]                # rows of the file that could not be read


@dataclass(frozen=True)
class ImportSummary:
    id: int
    imported_at: datetime
    file_name: str
    method: str
    method_label: str
    day: date
    rows: int
    matched: int
    differs: int
    not_on_statement: int
    not_in_ledger: int
    errors: int
    operator: str


def statement_methods(store: Store, actor: Actor) -> list[payment_methods.PaymentMethod]:
    """The payment methods a provider sends statements for (those with a reference)."""
    require(actor, "finance.reconcile")
    return [m for m in payment_methods.methods(store) if m.requires_reference]


def reconcile(store: Store, actor: Actor, method: str, path: str | PathLike[str],
              day: date | None = None) -> Reconciliation:
    """Import the statement at `path` for `method` and match it (InvalidInput: the file as a whole
    was refused, with the reader's sentence; nothing stored)."""
    require(actor, "finance.reconcile")
    result = reconciliation.import_statement(store, actor, method, path, day)
    return _reconciliation(store, result.import_id)


def reconciliation_of(store: Store, actor: Actor, import_id: int) -> Reconciliation:
    """A past import, as it was matched."""
    require(actor, "finance.reconcile")
    return _reconciliation(store, import_id)


def imports(store: Store, actor: Actor, limit: int = 500) -> list[ImportSummary]:
    """Past statement imports, newest first."""
    require(actor, "finance.reconcile")
    labels = {m.code: m.label for m in payment_methods.methods(store)}
    with store.read() as s:
        rows = s.execute(select(StatementImport, Operator.display_name)
                         .join(Operator, Operator.id == StatementImport.operator_id)
                         .order_by(StatementImport.id.desc()).limit(limit)).all()
        out = []
        for imp, who in rows:
            r = imp.result or {}
            out.append(ImportSummary(
                imp.id, imp.imported_at, imp.file_name, imp.method, labels.get(imp.method, imp.method),
                date.fromisoformat(r["day"]), r.get("rows", 0), r.get("matched", 0),
                len(r.get("amount_mismatch", ())), len(r.get("unknown_to_provider", ())),
                len(r.get("missing_in_ledger", ())), len(r.get("errors", ())), who))
        return out


def _reconciliation(store: Store, import_id: int) -> Reconciliation:
    labels = {m.code: m.label for m in payment_methods.methods(store)}
    with store.read() as s:
        imp = s.get(StatementImport, import_id)
        if imp is None:
            raise NotFound(f"There is no statement import {import_id}.")
        r = imp.result or {}
        who = s.scalar(select(Operator.display_name).where(Operator.id == imp.operator_id)) or ""
        differs = {d["entry"]: d for d in r.get("amount_mismatch", ())}
        unknown = r.get("unknown_to_provider", ())
        entry_ids = set(r.get("matched_entries", ())) | {u["entry"] for u in unknown}
        posted = _posted(s, entry_ids)
        matched = []
        for entry_id in r.get("matched_entries", ()):
            p = posted.get(entry_id)
            if p is None:
                continue
            d = differs.get(entry_id)
            matched.append(replace(p, kind="differs" if d else "matched",
                                   statement_fen=d["statement_fen"] if d else p.ledger_fen))
        not_on = [replace(posted[u["entry"]], kind="not_on_statement") for u in unknown if u["entry"] in posted]
        not_in = [ReconRow("not_in_ledger", m["reference"], m["amount_fen"], None, None, None, None, "", "",
                           m.get("row")) for m in r.get("missing_in_ledger", ())]
        return Reconciliation(imp.id, imp.method, labels.get(imp.method, imp.method), imp.file_name,
                              date.fromisoformat(r["day"]), imp.imported_at, who, tuple(matched), tuple(not_on),
                              tuple(not_in), tuple(r.get("errors", ())))


def _posted(s, entry_ids: set[int]) -> dict[int, ReconRow]:
    if not entry_ids:
        return {}
    q = (select(LedgerEntry.id, LedgerEntry.external_ref, LedgerEntry.amount_fen, LedgerEntry.created_at,
                Building.code, Room.number, Student.name, Student.student_no, Receipt.number)
         .join(Account, Account.id == LedgerEntry.account_id).join(Room, Room.id == Account.room_id)
         .join(Building, Building.id == Room.building_id)
         .outerjoin(Student, Student.id == LedgerEntry.student_id)
         .outerjoin(Receipt, Receipt.ledger_entry_id == LedgerEntry.id)
         .where(LedgerEntry.id.in_(entry_ids)))
    out = {}
    for entry_id, ref, fen, at, building, number, name, student_no, receipt in s.execute(q):
        out[entry_id] = ReconRow("matched", ref or "", None, fen, at, entry_id, receipt, f"{building}-{number}",
                                 f"{name} ({student_no})" if student_no else "", None)
    return out


# ----- day closes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpenShift:
    id: int
    operator: str
    opened_at: datetime


@dataclass(frozen=True)
class DayCloseRow:
    number: int
    business_date: date
    closed_at: datetime
    operator: str
    shifts: int
    in_fen: int
    out_fen: int
    prints: int

    @property
    def net_fen(self) -> int:
        return self.in_fen - self.out_fen


@dataclass(frozen=True)
class DayState:
    day: date
    closed: DayCloseRow | None
    open_shifts: tuple[OpenShift, ...]    # shifts opened before the day ended and not closed yet


@dataclass(frozen=True)
class PrintedDayClose:
    number: int
    pdf: bytes
    copy: bool
    prints: int          # this print included


def day_state(store: Store, actor: Actor, day: date) -> DayState:
    """What stands between `day` and its close: whether it is closed, and which shifts are open."""
    require(actor, "finance.reconcile")
    _start, end = shifts.local_day_bounds(day)
    with store.read() as s:
        open_rows = s.execute(select(Shift.id, Operator.display_name, Shift.opened_at)
                              .join(Operator, Operator.id == Shift.operator_id)
                              .where(Shift.closed_at.is_(None), Shift.opened_at < end).order_by(Shift.id)).all()
        closed = _day_close_rows(s, DayClose.business_date == day)
    return DayState(day, closed[0] if closed else None, tuple(OpenShift(*r) for r in open_rows))


def day_closes(store: Store, actor: Actor, limit: int = 500) -> list[DayCloseRow]:
    """Past day closes, newest first."""
    require(actor, "finance.reconcile")
    with store.read() as s:
        return _day_close_rows(s, None, limit)


def _day_close_rows(s, where, limit: int = 500) -> list[DayCloseRow]:
    prints = (select(func.count(AuditRecord.id)).where(AuditRecord.action == PRINT_ACTION,
                                                       AuditRecord.entity == "day_close",
                                                       AuditRecord.entity_id == DayClose.id)
              .scalar_subquery())
    q = select(DayClose, Operator.display_name, prints).join(Operator, Operator.id == DayClose.operator_id)
    if where is not None:
        q = q.where(where)
    out = []
    for dc, who, n in s.execute(q.order_by(DayClose.number.desc()).limit(limit)):
        r = dc.report or {}
        out.append(DayCloseRow(dc.number, dc.business_date, dc.closed_at, who, len(r.get("shifts", ())),
                               r.get("in_fen", 0), r.get("out_fen", 0), n or 0))
    return out


def close_day(store: Store, actor: Actor, day: date) -> PrintedDayClose:
    """Close `day` (app.counter.shifts.close_day: its permission, its refusals) and print the
    original of its numbered report."""
    report = shifts.close_day(store, actor, day)
    return print_day_close(store, actor, report["number"])


def print_day_close(store: Store, actor: Actor, number: int) -> PrintedDayClose:
    """Day close `number` as a PDF; the print is counted (and audited). The first print is the
    original; later ones are marked 副本 COPY with their print number."""
    require(actor, "report.view")
    with store.write() as s:
        dc = s.scalar(select(DayClose).where(DayClose.number == number))
        if dc is None:
            raise NotFound(f"There is no day close number {number}.")
        # The report itself is append-only (the program may not even lock it): its prints are
        # counted by a number of their own, so two workstations never print the same copy number.
        prints = sequences.take(s, f"day-close-{number}-prints")
        audit.record(s, actor, PRINT_ACTION, "day_close", dc.id, None, {"number": number, "prints": prints})
    pdf = documents.day_close_pdf(store, number) if prints == 1 else _copy_pdf(store, number, prints)
    return PrintedDayClose(number, pdf, prints > 1, prints)


def _copy_pdf(store: Store, number: int, prints: int) -> bytes:
    """documents.day_close_pdf marked 副本 COPY with its print number."""
    return documents.day_close_pdf(store, number, prints=prints)
