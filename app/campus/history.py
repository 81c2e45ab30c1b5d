"""A student's history: the rooms they lived in, what they paid, their refunds and their check-out
settlements, including students who have checked out or left the school.

A caller may rely on:
- `student_history` reads only; every list is newest first; times are aware (UTC) datetimes;
  room codes are "B1-101";
- a payment that was voided (reversed) stays in the list with `voided=True`, never dropped;
- `find_students` finds any student by student number (or its beginning), name (or part of it) or
  the pinyin initials of the name, whether they live here now, lived here once or never did.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from app.access import Actor, require
from app.campus.search import initials
from app.errors import UnknownStudent
from db.engine import Store
from db.models import (
    Account,
    Bed,
    Building,
    LedgerEntry,
    Occupancy,
    Receipt,
    RefundRequest,
    Room,
    Settlement,
    Student,
)

MATCH_LIMIT = 50


@dataclass(frozen=True)
class StayLine:
    room_id: int
    room: str
    bed: str
    start_at: datetime
    end_at: datetime | None          # None: lives there now


@dataclass(frozen=True)
class PaymentLine:
    entry_id: int
    at: datetime
    room: str
    utility: str
    amount_fen: int
    method: str | None
    reference: str | None
    receipt_no: int | None
    voided: bool


@dataclass(frozen=True)
class RefundLine:
    refund_id: int
    at: datetime
    room: str
    utility: str
    amount_fen: int
    method: str
    status: str                      # awaiting_meter, paid, failed
    reason: str


@dataclass(frozen=True)
class SettlementLine:
    id: int
    at: datetime
    room: str
    policy: str
    refundable_fen: int              # over all utilities
    owed_fen: int


@dataclass(frozen=True)
class StudentHistory:
    student_id: int
    student_no: str
    name: str
    college: str
    class_name: str
    status: str                      # active, graduated, left
    current_room: str | None
    stays: tuple[StayLine, ...]
    payments: tuple[PaymentLine, ...]
    refunds: tuple[RefundLine, ...]
    settlements: tuple[SettlementLine, ...]


@dataclass(frozen=True)
class StudentMatch:
    student_id: int
    student_no: str
    name: str
    status: str
    current_room: str | None
    last_room: str | None            # the room of the latest stay, ended or not


def _code(building: str, number: str) -> str:
    return f"{building}-{number}"


def _stays(s: Session, student_id: int) -> tuple[StayLine, ...]:
    rows = s.execute(select(Room.id, Building.code, Room.number, Bed.label, Occupancy.start_at, Occupancy.end_at)
                     .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                     .join(Building, Building.id == Room.building_id)
                     .where(Occupancy.student_id == student_id)
                     .order_by(Occupancy.start_at.desc(), Occupancy.id.desc())).all()
    return tuple(StayLine(rid, _code(b, n), bed, start, end) for rid, b, n, bed, start, end in rows)


def _payments(s: Session, student_id: int) -> tuple[PaymentLine, ...]:
    reversal = aliased(LedgerEntry)
    rows = s.execute(
        select(LedgerEntry.id, LedgerEntry.created_at, Building.code, Room.number, Account.utility,
               LedgerEntry.amount_fen, LedgerEntry.payment_method, LedgerEntry.external_ref, Receipt.number,
               reversal.id)
        .join(Account, Account.id == LedgerEntry.account_id).join(Room, Room.id == Account.room_id)
        .join(Building, Building.id == Room.building_id)
        .outerjoin(Receipt, Receipt.ledger_entry_id == LedgerEntry.id)
        .outerjoin(reversal, reversal.reverses_id == LedgerEntry.id)
        .where(LedgerEntry.student_id == student_id, LedgerEntry.kind == "recharge")
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())).all()
    seen: set[int] = set()
    out = []
    for eid, at, b, n, utility, fen, method, ref, receipt_no, reversed_by in rows:
        if eid in seen:      # an entry with two receipts (a reprint is the same receipt; a void is another kind)
            continue
        seen.add(eid)
        out.append(PaymentLine(eid, at, _code(b, n), utility, fen, method, ref, receipt_no, reversed_by is not None))
    return tuple(out)


def _refunds(s: Session, student_id: int) -> tuple[RefundLine, ...]:
    rows = s.execute(select(RefundRequest.id, RefundRequest.created_at, Building.code, Room.number, Account.utility,
                            RefundRequest.amount_fen, RefundRequest.method, RefundRequest.status,
                            RefundRequest.reason)
                     .join(Account, Account.id == RefundRequest.account_id).join(Room, Room.id == Account.room_id)
                     .join(Building, Building.id == Room.building_id)
                     .where(RefundRequest.student_id == student_id)
                     .order_by(RefundRequest.created_at.desc(), RefundRequest.id.desc())).all()
    return tuple(RefundLine(rid, at, _code(b, n), u, fen, method, status, reason or "")
                 for rid, at, b, n, u, fen, method, status, reason in rows)


def _settlements(s: Session, student_id: int) -> tuple[SettlementLine, ...]:
    rows = s.execute(select(Settlement.id, Settlement.created_at, Building.code, Room.number, Settlement.policy,
                            Settlement.statement)
                     .join(Room, Room.id == Settlement.room_id).join(Building, Building.id == Room.building_id)
                     .where(Settlement.student_id == student_id)
                     .order_by(Settlement.created_at.desc(), Settlement.id.desc())).all()
    out = []
    for sid, at, b, n, policy, statement in rows:
        parts = [d for d in (statement or {}).values() if isinstance(d, dict)]
        out.append(SettlementLine(sid, at, _code(b, n), policy, sum(int(d.get("refundable_fen", 0)) for d in parts),
                                  sum(int(d.get("owed_fen", 0)) for d in parts)))
    return tuple(out)


def student_history(store: Store, actor: Actor, student_id: int) -> StudentHistory:
    """Everything the office did with one student, newest first. UnknownStudent when there is none."""
    require(actor, "report.view")
    with store.read() as s:
        st = s.get(Student, student_id)
        if st is None:
            raise UnknownStudent(f"There is no student with id {student_id}.")
        stays = _stays(s, st.id)
        current = next((x.room for x in stays if x.end_at is None), None)
        return StudentHistory(st.id, st.student_no, st.name, st.college, st.class_name, st.status, current, stays,
                              _payments(s, st.id), _refunds(s, st.id), _settlements(s, st.id))


def _last_rooms(s: Session, student_ids: list[int]) -> dict[int, tuple[str, bool]]:
    """student id -> (room of the latest stay, whether that stay is still open)."""
    rows = s.execute(select(Occupancy.student_id, Building.code, Room.number, Occupancy.end_at)
                     .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                     .join(Building, Building.id == Room.building_id)
                     .where(Occupancy.student_id.in_(student_ids))
                     .order_by(Occupancy.start_at, Occupancy.id)).all()
    return {sid: (_code(b, n), end is None) for sid, b, n, end in rows}     # the latest stay wins


def find_students(store: Store, actor: Actor, text: str, limit: int = MATCH_LIMIT) -> list[StudentMatch]:
    """Students whose number starts with `text`, whose name contains it, or whose name's pinyin
    initials start with it, former students included; exact student numbers first, then by number."""
    require(actor, "report.view")
    query = text.strip()
    if not query:
        return []
    like = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    with store.read() as s:
        found = s.execute(select(Student.id, Student.student_no, Student.name, Student.status).where(
            or_(Student.student_no.like(f"{like}%", escape="\\"), Student.name.like(f"%{like}%", escape="\\")))
            .order_by(Student.student_no).limit(limit)).all()
        if len(found) < limit and query.isascii() and query.isalnum() and not query.isdigit():
            # pinyin initials: compared in Python (the names are few enough; the index lives in search.py)
            known = {r[0] for r in found}
            lowered = query.lower()
            for row in s.execute(select(Student.id, Student.student_no, Student.name, Student.status)
                                 .order_by(Student.student_no)):
                if row[0] not in known and initials(row[2]).startswith(lowered):
                    found.append(row)
                    if len(found) >= limit:
                        break
        rooms = _last_rooms(s, [r[0] for r in found])
    found.sort(key=lambda r: (r[1] != query, r[1]))
    out = []
    for sid, no, name, status in found:
        room, open_ = rooms.get(sid, (None, False))
        out.append(StudentMatch(sid, no, name, status, room if open_ else None, room))
    return out
