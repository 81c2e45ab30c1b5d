"""The audit trail as the administration reads it: filtered in SQL, newest first, a page at a time.

`find_records(store, actor, AuditFilter(...))` needs "audit.view". A caller may rely on:
- every filter is applied in the database (never on a page already read), so `limit` rows are the
  newest records that pass all of them, and `more` says whether older ones exist;
- dates are campus days, both ends included (`day_from`..`day_to`);
- a record's room and student are found from what it is about (`entity`, `entity_id`): a stay, a
  money operation, a receipt, a refund, a settlement, a meter, a meter command, an alarm, a room, a
  bed or a student; `SUBJECTS` is the one table of how. A record about anything else (an operator,
  a setting, a shift) has no room or student and is never found by those filters;
- `room` is a room code ("B1-101", or part of one); `student` a student number or part of a name.
A bad date range is refused with FieldInvalid naming the field.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, cast, false, func, literal, null, or_, select
from sqlalchemy.orm import Session

from app import clock
from app.access import Actor, require
from app.errors import FieldInvalid
from app.integrity import anchors as anchor_file
from app.integrity.verify import verify
from db.engine import Store
from db.models import (
    Account,
    Alarm,
    AuditRecord,
    Bed,
    Building,
    ElectricityMeter,
    LedgerEntry,
    MeterCommand,
    Occupancy,
    Operator,
    Receipt,
    RefundRequest,
    Room,
    Settlement,
    ShareTransfer,
    Student,
    WaterMeter,
)

DEFAULT_LIMIT = 500
MAX_LIMIT = 5000


def _NONE() -> ColumnElement:      # noqa: N802  (reads as a constant in the table below)
    return cast(null(), Integer)


def _occupancy() -> Select:
    return select(Occupancy.id, Bed.room_id, Occupancy.student_id).join(Bed, Bed.id == Occupancy.bed_id)


def _money_operation() -> Select:
    return select(LedgerEntry.operation_id, Account.room_id, LedgerEntry.student_id).join(
        Account, Account.id == LedgerEntry.account_id)


def _receipt() -> Select:
    return select(Receipt.id, Account.room_id, LedgerEntry.student_id).join(
        LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id).join(Account, Account.id == LedgerEntry.account_id)


def _refund() -> Select:
    return select(RefundRequest.id, Account.room_id, RefundRequest.student_id).join(
        Account, Account.id == RefundRequest.account_id)


# entity -> a query of (entity_id, room_id, student_id) rows: what a record about that entity concerns.
SUBJECTS: dict[str, Callable[[], Select]] = {
    "occupancy": _occupancy,
    "money_operation": _money_operation,
    "receipt": _receipt,
    "refund_request": _refund,
    "share_transfer": lambda: select(ShareTransfer.id, Account.room_id, ShareTransfer.student_id).join(
        Account, Account.id == ShareTransfer.from_account_id),
    "settlement": lambda: select(Settlement.id, Settlement.room_id, Settlement.student_id),
    "electricity_meter": lambda: select(ElectricityMeter.id, ElectricityMeter.room_id, _NONE()),
    "meter": lambda: select(ElectricityMeter.id, ElectricityMeter.room_id, _NONE()),
    "water_meter": lambda: select(WaterMeter.id, WaterMeter.room_id, _NONE()),
    "meter_command": lambda: select(MeterCommand.id, MeterCommand.room_id, _NONE()),
    "alarm": lambda: select(Alarm.id, Alarm.room_id, _NONE()),
    "room": lambda: select(Room.id, Room.id, _NONE()),
    "bed": lambda: select(Bed.id, Bed.room_id, _NONE()),
    "student": lambda: select(Student.id, _NONE(), Student.id),
}


@dataclass(frozen=True)
class AuditFilter:
    operator_id: int | None = None
    action: str | None = None          # exact ("ledger.recharge") or a family ending in "." ("ledger.")
    day_from: date | None = None
    day_to: date | None = None
    room: str = ""
    student: str = ""
    limit: int = DEFAULT_LIMIT
    before_id: int | None = None       # the next page: records older than this one


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    operator_id: int | None   # None: the system
    operator: str             # display name ("" for the system)
    action: str
    entity: str
    entity_id: int | None
    rooms: tuple[str, ...]
    students: tuple[str, ...]  # "name (number)"
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def summary(self) -> str:
        """The payload on one line: key=value, what changed from before to after."""
        return payload_summary(self.before, self.after)


@dataclass(frozen=True)
class AuditResults:
    rows: tuple[AuditRow, ...]
    more: bool                 # older records pass the filters too


def payload_summary(before: dict | None, after: dict | None, width: int = 160) -> str:
    parts = []
    before, after = before or {}, after or {}
    for key in list(after) + [k for k in before if k not in after]:
        if key in before and key in after:
            if before[key] == after[key]:
                continue
            parts.append(f"{key}: {_short(before[key])} → {_short(after[key])}")
        elif key in after:
            parts.append(f"{key}={_short(after[key])}")
        else:
            parts.append(f"{key}: {_short(before[key])} → –")
    text = ", ".join(parts)
    return text if len(text) <= width else text[:width - 1] + "…"


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def payload_text(row: AuditRow) -> str:
    """The record's before and after, pretty-printed (for a details pane)."""
    return json.dumps({"before": row.before, "after": row.after}, ensure_ascii=False, indent=2, sort_keys=True)


def _room_code() -> ColumnElement:
    return Building.code + literal("-") + Room.number


def _about(room_ids: Select | None, student_ids: Select | None) -> ColumnElement:
    """Records whose subject is in one of `room_ids` (and) one of `student_ids`."""
    terms = []
    for entity, query in SUBJECTS.items():
        sub = query().subquery()
        id_col, room_col, student_col = sub.c[0], sub.c[1], sub.c[2]
        conds = []
        if room_ids is not None:
            conds.append(room_col.in_(room_ids))
        if student_ids is not None:
            conds.append(student_col.in_(student_ids))
        terms.append(and_(AuditRecord.entity == entity,
                          AuditRecord.entity_id.in_(select(id_col).where(*conds))))
    return or_(*terms) if terms else false()


def _day_bounds(f: AuditFilter) -> tuple[datetime | None, datetime | None]:
    if f.day_from is not None and f.day_to is not None and f.day_to < f.day_from:
        raise FieldInvalid(f"The end date {f.day_to} is before the start date {f.day_from}.", field="day_to")
    start = clock.day_start(f.day_from) if f.day_from is not None else None
    end = clock.day_start(f.day_to + timedelta(days=1)) if f.day_to is not None else None
    return start, end


def find_records(store: Store, actor: Actor, f: AuditFilter = AuditFilter()) -> AuditResults:
    """The newest `f.limit` audit records that pass every filter of `f`, newest first (older than
    `f.before_id` when given: the next page)."""
    require(actor, "audit.view")
    limit = max(1, min(f.limit, MAX_LIMIT))
    start, end = _day_bounds(f)
    q = select(AuditRecord)
    if f.before_id is not None:
        q = q.where(AuditRecord.id < f.before_id)
    if f.operator_id is not None:
        q = q.where(AuditRecord.operator_id == f.operator_id)
    if f.action:
        q = q.where(AuditRecord.action.startswith(f.action, autoescape=True) if f.action.endswith(".")
                    else AuditRecord.action == f.action)
    if start is not None:
        q = q.where(AuditRecord.at >= start)
    if end is not None:
        q = q.where(AuditRecord.at < end)
    room, student = f.room.strip(), f.student.strip()
    if room or student:
        room_ids = None
        if room:
            room_ids = select(Room.id).join(Building, Building.id == Room.building_id).where(
                func.lower(_room_code()).contains(room.lower(), autoescape=True))
        student_ids = None
        if student:
            student_ids = select(Student.id).where(or_(Student.student_no == student,
                                                       Student.name.contains(student, autoescape=True)))
        q = q.where(_about(room_ids, student_ids))
    q = q.order_by(AuditRecord.id.desc()).limit(limit + 1)
    with store.read() as s:
        records = list(s.scalars(q))
        more = len(records) > limit
        records = records[:limit]
        return AuditResults(tuple(_rows(s, records)), more)


def _rows(s: Session, records: list[AuditRecord]) -> list[AuditRow]:
    names = {i: n for i, n in s.execute(select(Operator.id, Operator.display_name).where(
        Operator.id.in_({r.operator_id for r in records if r.operator_id is not None})))}
    rooms: dict[tuple[str, int], set[str]] = {}
    students: dict[tuple[str, int], set[str]] = {}
    by_entity: dict[str, set[int]] = {}
    for r in records:
        if r.entity in SUBJECTS and r.entity_id is not None:
            by_entity.setdefault(r.entity, set()).add(r.entity_id)
    for entity, ids in by_entity.items():
        sub = SUBJECTS[entity]().subquery()
        q = (select(sub.c[0], _room_code(), Student.name, Student.student_no)
             .select_from(sub)
             .outerjoin(Room, Room.id == sub.c[1]).outerjoin(Building, Building.id == Room.building_id)
             .outerjoin(Student, Student.id == sub.c[2])
             .where(sub.c[0].in_(ids)))
        for entity_id, code, name, number in s.execute(q):
            if code is not None:
                rooms.setdefault((entity, entity_id), set()).add(code)
            if number is not None:
                students.setdefault((entity, entity_id), set()).add(f"{name} ({number})")
    out = []
    for r in records:
        k = (r.entity, r.entity_id)
        out.append(AuditRow(r.id, r.at, r.operator_id, names.get(r.operator_id, ""), r.action, r.entity, r.entity_id, tuple(sorted(rooms.get(k, ()))),
                            tuple(sorted(students.get(k, ()))), r.before, r.after))
    return out


def actions(store: Store, actor: Actor) -> list[str]:
    """Every action the trail holds, sorted (for the filter's choices)."""
    require(actor, "audit.view")
    with store.read() as s:
        return sorted(s.scalars(select(AuditRecord.action).distinct()))


@dataclass(frozen=True)
class ChainStatus:
    ok: bool
    links: int                      # records in the chain
    pending: int                    # committed, waiting for the next write to link them
    anchors: int                    # anchors checked
    anchored_at: datetime | None    # the last anchor's time
    problem: str                    # the first broken link ("" when ok)
    problems: int


def chain_status(store: Store, actor: Actor) -> ChainStatus:
    """`audit verify` for the window: the chain checked against its anchors (reads only; needs
    "audit.view"). An anchor file that is not one is reported as the problem."""
    require(actor, "audit.view")
    try:
        v = verify(store)
    except ValueError as exc:
        return ChainStatus(False, 0, 0, 0, None, str(exc), 1)
    last = anchor_file.read(v.anchors_path)[-1:] if v.anchors_path is not None else []
    at = None
    if last:
        try:
            at = datetime.fromisoformat(last[0].at)
        except ValueError:
            at = None
    return ChainStatus(v.ok, v.links, v.pending, v.anchors_checked, at,
                       v.problems[0].text if v.problems else "", len(v.problems))
