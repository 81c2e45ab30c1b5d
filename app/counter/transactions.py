"""The counter's transaction list: receipts of a day or found by receipt number, student or room,
each with what it voids or what voided it, and the day's takings.

Rows are read from the receipts as printed (their payload), so the list shows what the student
holds; the search itself runs in SQL over the ledger's accounts, rooms and students.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from app.counter.money import Money
from app.counter.shifts import local_day_bounds
from db.engine import Store
from db.models import Account, Building, CounterTransaction, LedgerEntry, Receipt, Room, Student

MAX_ROWS = 500


@dataclass(frozen=True)
class TransactionRow:
    receipt_id: int
    number: int
    kind: str                    # recharge, refund, void
    at: datetime
    room_code: str
    student_name: str
    student_no: str | None
    utility: str
    method_label: str
    amount: Money                # signed as it crossed the counter: + taken in, − paid out
    operator_name: str
    prints: int
    voided_by: int | None        # the void receipt's number, for a voided recharge
    voids: int | None            # the recharge receipt's number, for a void

    @property
    def voidable(self) -> bool:
        return self.kind == "recharge" and self.voided_by is None


@dataclass(frozen=True)
class Takings:
    count: int
    taken_in: Money
    paid_out: Money

    @property
    def net(self) -> Money:
        return self.taken_in - self.paid_out


def takings(rows: list[TransactionRow]) -> Takings:
    """Money in and out over `rows` (what crossed the counter)."""
    return Takings(len(rows), Money(sum(r.amount.fen for r in rows if r.amount.fen > 0)),
                   Money(-sum(r.amount.fen for r in rows if r.amount.fen < 0)))


def find(store: Store, *, day: date | None = None, text: str = "", limit: int = MAX_ROWS) -> list[TransactionRow]:
    """Receipts, newest first: those of campus day `day` (when given) matching `text` (when given):
    a receipt number ("12" or "00000012"), a student number or part of a student's name, or a room
    ("B1-101", or "101")."""
    reversal = aliased(LedgerEntry)
    void_receipt = aliased(Receipt)
    entry = aliased(LedgerEntry)
    q = (select(Receipt, CounterTransaction.amount_fen, void_receipt.number)
         .outerjoin(CounterTransaction, CounterTransaction.receipt_id == Receipt.id)
         .outerjoin(entry, entry.id == Receipt.ledger_entry_id)
         .outerjoin(reversal, and_(reversal.reverses_id == entry.id, Receipt.kind == "recharge"))
         .outerjoin(void_receipt, void_receipt.ledger_entry_id == reversal.id))
    if day is not None:
        start, end = local_day_bounds(day)
        q = q.where(Receipt.created_at >= start, Receipt.created_at < end)
    text = text.strip()
    if text:
        q = (q.outerjoin(Account, Account.id == entry.account_id).outerjoin(Room, Room.id == Account.room_id)
             .outerjoin(Building, Building.id == Room.building_id)
             .outerjoin(Student, Student.id == entry.student_id))
        like = f"%{text.replace('%', '').replace('_', '')}%"
        terms = [Student.student_no == text, Student.name.like(like), Room.number == text]
        if text.isdigit() and len(text) <= 9:
            terms.append(Receipt.number == int(text))
        code, dash, number = text.partition("-")
        if dash:
            terms.append(and_(Building.code == code.strip(), Room.number == number.strip()))
        q = q.where(or_(*terms))
    q = q.order_by(Receipt.number.desc()).limit(limit)
    with store.read() as s:
        return [_row(rec, amount_fen, voided_by) for rec, amount_fen, voided_by in s.execute(q).all()]


def _row(rec: Receipt, amount_fen: int | None, voided_by: int | None) -> TransactionRow:
    p = rec.payload
    if amount_fen is None:   # a receipt with no counter money (none yet): sign it by its kind
        amount_fen = p["amount_fen"] if rec.kind == "recharge" else -p["amount_fen"]
    return TransactionRow(rec.id, rec.number, rec.kind, datetime.fromisoformat(p["at"]),
                          f"{p.get('building_name', '')} {p.get('room_code', '')}".strip(), p.get("student_name", ""),
                          p.get("student_no"), p.get("utility", ""), p.get("method_label", ""), Money(amount_fen),
                          p.get("operator_name", ""), rec.print_count, voided_by, p.get("voids_number"))
