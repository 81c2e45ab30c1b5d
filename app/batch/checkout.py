"""Batch check-out (graduation): a college, a class, a building or a floor checked out and settled at once.

1. `plan` is the dry run: every checked-in student of the selection with their settlement per utility
   (what `app.counter.settlement.preview` gives them: refundable, owed) and a status: "refund", "debt"
   (listed, never skipped) or "zero"; totals overall and per building. Nothing is written.
2. `run` checks the plan's students out one by one, each as `app.counter.settlement.check_out` does
   (`check_out_in`, in a savepoint of its own, RUN_CHUNK students a transaction), keyed by the stay
   (`checkout_key`), so running it again after a crash or a cancel settles nobody twice. Each student ends "done" (refunds started: water paid at once,
   electricity queued for the meter), "debt" (checked out; what they owe stays owed, nothing is
   collected), "failed" with the reason (still checked in; the others go on), "skipped" (checked out
   or moved by someone else since the dry run) or "cancelled" (not reached before a cancel).
3. `slips_pdf` prints the statements, one student a page; `summary_xlsx` writes the summary sheet.

The plan settles a room's leaving students in turn, as the run will: the first as the single
check-out's preview shows; each later one after the earlier ones' refunds and check-outs (so when a
room holds less than its leavers are due, because someone in it owes, the later ones get what is left,
exactly as when the counter checks them out one after another).
"""
from __future__ import annotations

import os
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from os import PathLike
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.access import Actor, require
from app.batch.selection import Selection, describe, students_in
from app.campus import occupancy
from app.counter import payment_methods, settlement, shifts
from app.counter.money import Money
from app.counter.settlement_policy import Settlement
from app.errors import DormWattError, InvalidInput, NotCheckedIn, PermissionDenied, ShiftError
from app.integrity import chain
from db import retry
from db.engine import Store, on_commit
from db.models import Bed, Building, Occupancy, Room, Student

PLAN_STATUSES = ("refund", "debt", "zero")
RUN_STATUSES = ("done", "debt", "failed", "skipped", "cancelled")
_CHUNK = 500        # ids per IN (…) list


@dataclass(frozen=True)
class PlanLine:
    """One checked-in student of the selection and their settlement when checked out at the plan's time
    in the plan's order."""

    stay: occupancy.Stay                    # the stay to end (its id keys the check-out)
    college: str
    class_name: str
    building_code: str
    building_name: str
    settlements: Mapping[str, Settlement]   # utility -> settlement (refundable_fen, owed_fen, …)

    @property
    def student_id(self) -> int:
        return self.stay.student_id

    @property
    def student_no(self) -> str:
        return self.stay.student_no

    @property
    def name(self) -> str:
        return self.stay.student_name

    @property
    def room_id(self) -> int:
        return self.stay.room_id

    @property
    def room_code(self) -> str:
        return self.stay.room_code

    @property
    def bed(self) -> str:
        return self.stay.bed_label

    @property
    def key(self) -> str:
        """The check-out's idempotency key (`settlement.checkout_key` of the stay)."""
        return settlement.checkout_key(self.stay)

    def refund_fen(self, utility: str) -> int:
        return self.settlements[utility].refundable_fen

    @property
    def refunds_fen(self) -> int:
        return sum(st.refundable_fen for st in self.settlements.values())

    @property
    def owed_fen(self) -> int:
        return sum(st.owed_fen for st in self.settlements.values())

    @property
    def status(self) -> str:
        """"debt" when the student owes on any utility (even with a refund on the other), "refund"
        when something comes back, else "zero"."""
        if self.owed_fen:
            return "debt"
        return "refund" if self.refunds_fen else "zero"


@dataclass(frozen=True)
class Totals:
    """Students counted and their money in fen: refunds per utility and debts."""

    count: int = 0
    electricity_fen: int = 0
    water_fen: int = 0
    debts_fen: int = 0

    @property
    def refunds_fen(self) -> int:
        return self.electricity_fen + self.water_fen

    def plus(self, electricity_fen: int, water_fen: int, debt_fen: int) -> Totals:
        return Totals(self.count + 1, self.electricity_fen + electricity_fen, self.water_fen + water_fen,
                      self.debts_fen + debt_fen)


def _totals(rows: Iterable[tuple[str, int, int, int]]) -> tuple[Totals, dict[str, Totals]]:
    """(building code, electricity, water, debt) rows -> overall and per building code (sorted)."""
    whole, per = Totals(), defaultdict(Totals)
    for code, e, w, d in rows:
        whole = whole.plus(e, w, d)
        per[code] = per[code].plus(e, w, d)
    return whole, dict(sorted(per.items()))


@dataclass(frozen=True)
class CheckoutPlan:
    selection: Selection
    description: str                        # `selection.describe`
    at: datetime                            # the check-out time the settlements were computed for
    policy: str                             # the office's settlement policy
    lines: tuple[PlanLine, ...]
    totals: Totals
    per_building: Mapping[str, Totals]      # building code -> totals

    def count(self, status: str) -> int:
        return sum(1 for line in self.lines if line.status == status)


@dataclass(frozen=True)
class StudentResult:
    line: PlanLine
    status: str                             # done, debt, failed, skipped, cancelled
    reason: str = ""
    settlement_id: int | None = None
    refunds_fen: Mapping[str, int] = field(default_factory=dict)     # utility -> refunded now
    refund_status: Mapping[str, str] = field(default_factory=dict)   # utility -> paid / awaiting_meter / failed
    owed_fen: int = 0                       # still owed after the check-out
    replayed: bool = False                  # settled by an earlier run (not again)

    @property
    def settled(self) -> bool:
        return self.status in ("done", "debt")

    def refund_fen(self, utility: str) -> int:
        return self.refunds_fen.get(utility, 0)


@dataclass(frozen=True)
class CheckoutRun:
    plan: CheckoutPlan
    at: datetime
    results: tuple[StudentResult, ...]
    cancelled: bool
    totals: Totals                          # over the settled students (done and debt)
    per_building: Mapping[str, Totals]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def settlement_ids(self) -> list[int]:
        """The settled students' settlements, in the plan's order (for `slips_pdf`)."""
        return [r.settlement_id for r in self.results if r.settlement_id is not None]


# ----- the dry run ------------------------------------------------------------------------------

def plan(store: Store, actor: Actor, sel: Selection, *, at: datetime | None = None) -> CheckoutPlan:
    """The dry run: each checked-in student of `sel` with their settlement at `at` (default now),
    ordered by building, room and bed; nothing is written. An empty selection is refused (it would be
    the whole campus)."""
    require(actor, "occupancy.change")
    require(actor, "money.refund")
    if not isinstance(sel, Selection):
        raise InvalidInput("Choose the students to check out as a selection.")
    if sel.is_empty:
        raise InvalidInput("Choose a building, floor, college, class, rooms or students to check out; "
                           "the whole campus is never checked out at once.")
    at = at or clock.now()
    name = settlement.policy(store)
    with store.read() as s:
        ids = students_in(s, sel)
        rows: dict[int, tuple] = {}
        for i in range(0, len(ids), _CHUNK):
            part = ids[i:i + _CHUNK]
            for occ_id, bed_id, label, start, st, room, building in s.execute(
                    select(Occupancy.id, Bed.id, Bed.label, Occupancy.start_at, Student, Room, Building)
                    .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                    .join(Building, Building.id == Room.building_id).join(Student, Student.id == Occupancy.student_id)
                    .where(Occupancy.end_at.is_(None), Occupancy.student_id.in_(part))):
                stay = occupancy.Stay(occ_id, st.id, st.student_no, st.name, room.id, f"{building.code}-{room.number}",
                                      bed_id, label, start, None)
                rows[st.id] = (stay, st.college, st.class_name, building.code, building.name)
        by_room: dict[int, list[int]] = defaultdict(list)
        for sid in ids:
            by_room[rows[sid][0].room_id].append(sid)
        settled: dict[int, dict[str, Settlement]] = {}
        for room_id, sids in by_room.items():
            # one read of the room's stays and entries for all its leaving students
            settled.update(settlement.settle_room_in(s, room_id, sids, at, name, in_turn=True))
    lines = tuple(PlanLine(*rows[sid], settlements=settled[sid]) for sid in ids)
    totals, per = _totals((ln.building_code, ln.refund_fen("electricity"), ln.refund_fen("water"), ln.owed_fen)
                          for ln in lines)
    return CheckoutPlan(sel, describe(sel), at, name, lines, totals, per)


# ----- the check-out ----------------------------------------------------------------------------

def run(store: Store, actor: Actor, plan_or_sel: CheckoutPlan | Selection, *, at: datetime, method: str = "cash",
        progress: Callable[[int, int], object] | None = None, cancel: threading.Event | None = None,
        approver: Actor | None = None) -> CheckoutRun:
    """Check out and settle every student of the plan (a selection is planned first), in the plan's
    order, RUN_CHUNK students a transaction, each student in a savepoint of their own (what
    `app.counter.settlement.check_out` does for one student, `check_out_in`); refunds paid by `method`;
    `approver` (an administrator) lets refunds above the office's daily limit through. A student who
    cannot be checked out is "failed" with the reason, their savepoint rolled back, and the others go
    on. `progress(done, total)` is called after each student, inside the chunk's transaction (it must
    not write to the store; if it raises, the students done so far are committed and the error passes
    on); `cancel` is looked at before each student. Running the same plan again settles nobody twice
    (the check-outs are keyed by the stay), also after a crash that lost a chunk's uncommitted students.

    The operator's and the approver's standing are read once per chunk (`Actor.pinned`): deactivating
    or demoting them takes effect at the next chunk; from there every student is "failed" with the
    reason, and nothing more is done."""
    require(actor, "occupancy.change")
    require(actor, "money.refund")
    the_plan = plan_or_sel if isinstance(plan_or_sel, CheckoutPlan) else plan(store, actor, plan_or_sel, at=at)
    pm = payment_methods.method(store, method)        # an unknown method refuses the whole run, before anyone
    lines = the_plan.lines
    if any(line.refunds_fen for line in lines) and shifts.current_shift(store, actor) is None:
        # refused as a whole, before anyone: not each student failed one by one for the same reason
        raise ShiftError("Open a shift before the batch check-out: its refunds are paid out at the counter.")
    total = len(lines)
    results: list[StudentResult] = []
    cancelled = False
    where = _rooms_now(store, [line.student_id for line in lines])
    reported = 0

    def report(done: int) -> None:
        nonlocal reported
        if progress is not None and done > reported:     # a chunk run again is not reported twice
            reported = done
            progress(done, total)

    while len(results) < total and not cancelled:
        chunk = lines[len(results):len(results) + RUN_CHUNK]
        done, cancelled, interrupted = _run_chunk(store, actor, approver, chunk, where, at, pm.code, cancel,
                                                  len(results), report)
        results += done
        if interrupted is not None:
            raise interrupted
    results += [StudentResult(line, "cancelled", "The batch was cancelled before this student.")
                for line in lines[len(results):]]
    totals, per = _totals((r.line.building_code, r.refund_fen("electricity"), r.refund_fen("water"), r.owed_fen)
                          for r in results if r.settled)
    return CheckoutRun(the_plan, at, tuple(results), cancelled, totals, per)


RUN_CHUNK = 25      # students checked out per write transaction


def _run_chunk(store: Store, actor: Actor, approver: Actor | None, chunk: Sequence[PlanLine],
               where: Mapping[int, tuple[int, str]], at: datetime, method: str, cancel: threading.Event | None,
               offset: int, report: Callable[[int], None]
               ) -> tuple[list[StudentResult], bool, BaseException | None]:
    """One write transaction: the chunk's students in order, each in a savepoint, until a cancel.
    Returns the results, whether cancelled, and what `report` raised (after the commit). A lost race
    runs the whole chunk again (db.retry); a student's DormWattError rolls back their savepoint only."""
    def attempt() -> tuple[list[StudentResult], bool, BaseException | None]:
        out: list[StudentResult] = []
        with actor.pinned() as a, _pinned(approver) as ap:
            try:
                require(a, "occupancy.change")
                require(a, "money.refund")
            except PermissionDenied as exc:
                # the operator lost their rights since the last chunk: each student fails with the reason,
                # nothing is opened (check_out refuses each of them the same way)
                for line in chunk:
                    if cancel is not None and cancel.is_set():
                        return out, True, None
                    out.append(StudentResult(line, "failed", exc.message))
                    try:
                        report(offset + len(out))
                    except BaseException as raised:     # noqa: BLE001 (passed on by `run`)
                        return out, False, raised
                return out, False, None
            stopped, raised = False, None
            with store.write() as s:
                # a student rolled back to their savepoint must not leave the others' records unchained
                on_commit(s, before=chain.link_pending)
                # the lock order for the whole chunk, and what every check-out of it reads, before any
                # savepoint (so that no student's rollback gives a lock back)
                held = settlement.lock_stays_in(s, [ln.student_id for ln in chunk if _moved(ln, where) is None], a)
                name = settlement.policy_in(s)
                for line in chunk:
                    if cancel is not None and cancel.is_set():
                        stopped = True
                        break
                    out.append(_check_out_one(s, a, line, where, held, at, method, ap, name))
                    try:
                        report(offset + len(out))
                    except BaseException as exc:        # noqa: BLE001 (passed on by `run`, after the commit)
                        raised = exc
                        break
            return out, stopped, raised

    return retry.run(attempt)


@contextmanager
def _pinned(actor: Actor | None) -> Iterator[Actor | None]:
    if actor is None:
        yield None
    else:
        with actor.pinned() as a:
            yield a


def _rooms_now(store: Store, student_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Student id -> (open stay id, room code) of those checked in now, in one read."""
    out = {}
    with store.read() as s:
        for i in range(0, len(student_ids), _CHUNK):
            for sid, occ_id, code, number in s.execute(
                    select(Occupancy.student_id, Occupancy.id, Building.code, Room.number)
                    .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                    .join(Building, Building.id == Room.building_id)
                    .where(Occupancy.end_at.is_(None), Occupancy.student_id.in_(student_ids[i:i + _CHUNK]))):
                out[sid] = (occ_id, f"{code}-{number}")
    return out


def _moved(line: PlanLine, where: Mapping[int, tuple[int, str]]) -> str | None:
    """The room a student moved to since the dry run, else None."""
    now = where.get(line.student_id)
    return now[1] if now is not None and now[0] != line.stay.occupancy_id else None


def _check_out_one(s: Session, actor: Actor, line: PlanLine, where: Mapping[int, tuple[int, str]],
                   held: settlement.HeldStays, at: datetime, method: str, approver: Actor | None,
                   policy_name: str) -> StudentResult:
    moved = _moved(line, where)
    stay = held.stays.get(line.student_id)
    if moved is None and stay is not None and stay.id != line.stay.occupancy_id:
        moved = stay.bed.room.code          # moved after the run began, before this chunk locked the stay
    if moved is not None:
        # moved since the dry run: check_out would settle the new room
        return StudentResult(line, "skipped", f"{line.name} ({line.student_no}) moved to {moved} since the dry "
                                              "run; check them out from there.")
    try:
        with s.begin_nested():
            res = settlement.check_out_in(s, actor, line.student_id, key=line.key, method=method, approver=approver,
                                          at=at, policy_name=policy_name, held=held)
    except NotCheckedIn:
        return StudentResult(line, "skipped", f"{line.name} ({line.student_no}) was already checked out "
                                              "(not by this batch).")
    except DormWattError as exc:
        return StudentResult(line, "failed", exc.message)
    refunds = {u: st.refundable_fen for u, st in res.settlements.items()}
    status = {u: info.status for u, info in res.refunds.items()}
    owed = res.still_owed_fen
    reason = ""
    if res.replayed:
        reason = f"Settled by an earlier run (settlement {res.settlement_id}); not settled again."
    elif owed:
        reason = f"Owes {Money(owed).display()}; checked out, the debt stays owed."
    return StudentResult(line, "debt" if owed else "done", reason, res.settlement_id, refunds, status, owed,
                         res.replayed)


# ----- the papers ---------------------------------------------------------------------------------

def slips_pdf(store: Store, settlement_ids: Sequence[int], *, policy_label: str | None = None) -> bytes:
    """Every settlement's statement in one PDF, one student a page, each as the single check-out prints it."""
    return settlement.statements_pdf(store, list(settlement_ids), policy_label=policy_label)


SUMMARY_HEADERS = ("学号 Student no.", "姓名 Name", "学院 College", "班级 Class", "房间 Room", "床位 Bed",
                   "电费退款 Electricity refund", "水费退款 Water refund", "欠款 Debt", "状态 Status",
                   "原因 Reason")
BUILDING_HEADERS = ("楼栋 Building", "名称 Name", "学生 Students", "电费退款 Electricity refund",
                    "水费退款 Water refund", "退款合计 Refunds", "欠款 Debt")
MONEY_FORMAT = '"¥"#,##0.00'
_WIDTHS = (14, 12, 16, 14, 10, 6, 14, 14, 12, 10, 50)


def _yuan(fen: int) -> Decimal:
    return Money(fen).to_decimal()


def summary_xlsx(run_or_plan: CheckoutRun | CheckoutPlan, path: str | PathLike) -> Path:
    """The summary as .xlsx at `path` (replaced atomically): sheet "Students", one row per student
    (number as text, money in yuan with a ¥ format, status and reason) with a totals row and a frozen
    header; sheet "Buildings", the totals per building. A plan gives what would be refunded or owed;
    a run what was (students not settled have no amounts, their reason says why). Returns the path."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if isinstance(run_or_plan, CheckoutRun):
        the_plan = run_or_plan.plan
        rows = [(r.line, r.refund_fen("electricity"), r.refund_fen("water"), r.owed_fen, r.status, r.reason, r.settled)
                for r in run_or_plan.results]
        totals, per = run_or_plan.totals, run_or_plan.per_building
    elif isinstance(run_or_plan, CheckoutPlan):
        the_plan = run_or_plan
        rows = [(ln, ln.refund_fen("electricity"), ln.refund_fen("water"), ln.owed_fen, ln.status, "", True)
                for ln in run_or_plan.lines]
        totals, per = run_or_plan.totals, run_or_plan.per_building
    else:
        raise InvalidInput("A summary is written from a check-out plan or run.")
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    names = {ln.building_code: ln.building_name for ln in the_plan.lines}

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Students")
    bold = Font(bold=True)

    def text(ws_, value: str, font: Font | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(ws_, value=value)
        c.data_type = TYPE_STRING             # a number stays text, "=…" never becomes a formula
        if font is not None:
            c.font = font
        return c

    def money(ws_, fen: int | None, font: Font | None = None) -> WriteOnlyCell | None:
        if fen is None:
            return None
        c = WriteOnlyCell(ws_, value=_yuan(fen))
        c.number_format = MONEY_FORMAT
        if font is not None:
            c.font = font
        return c

    def sheet_setup(ws_, headers: Sequence[str], widths: Sequence[int]) -> None:
        ws_.freeze_panes = "A2"
        for i, w in enumerate(widths, 1):
            ws_.column_dimensions[get_column_letter(i)].width = w
        ws_.append([text(ws_, h, bold) for h in headers])

    sheet_setup(ws, SUMMARY_HEADERS, _WIDTHS)
    for ln, e, w, d, status, reason, settled in rows:
        amounts = [money(ws, e), money(ws, w), money(ws, d)] if settled else [None, None, None]
        ws.append([text(ws, ln.student_no), text(ws, ln.name), text(ws, ln.college), text(ws, ln.class_name),
                   text(ws, ln.room_code), text(ws, ln.bed), *amounts, text(ws, status), text(ws, reason)])
    ws.append([text(ws, "合计 Total", bold), text(ws, f"{totals.count} students", bold), None, None, None, None,
               money(ws, totals.electricity_fen, bold), money(ws, totals.water_fen, bold),
               money(ws, totals.debts_fen, bold), None, None])

    bs = wb.create_sheet("Buildings")
    sheet_setup(bs, BUILDING_HEADERS, (12, 16, 10, 16, 16, 16, 14))
    for code, t in per.items():
        bs.append([text(bs, code), text(bs, names.get(code, "")), t.count, money(bs, t.electricity_fen),
                    money(bs, t.water_fen), money(bs, t.refunds_fen), money(bs, t.debts_fen)])
    bs.append([text(bs, "合计 Total", bold), None, totals.count, money(bs, totals.electricity_fen, bold),
                money(bs, totals.water_fen, bold), money(bs, totals.refunds_fen, bold),
                money(bs, totals.debts_fen, bold)])
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dormwatt-", suffix=".xlsx", dir=target.parent)
    except OSError as exc:
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    return target


__all__ = ["PLAN_STATUSES", "RUN_STATUSES", "CheckoutPlan", "CheckoutRun", "PlanLine", "StudentResult",
           "Totals", "plan", "run", "slips_pdf", "summary_xlsx"]
