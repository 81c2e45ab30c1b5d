"""Settlement at check-out: each student's share of the room's accounts, the refund, the statement.

The policy is an office setting (`settlement_policy`: "paid_minus_share", the default, or
"equal_split"; see app.counter.settlement_policy for the rules). `preview` computes without changing
anything; `check_out` settles both accounts, starts the refunds (electricity money comes back from
the meter first), stores the statement and ends the stay, refusing with a readable error and
changing nothing when any step cannot be done.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app import audit, clock, settings_store
from app.access import Actor, require
from app.campus import occupancy
from app.counter import payments
from app.counter.money import Money
from app.counter.report_data import SettlementStatement
from app.counter.reports_pdf import render_settlement
from app.counter.settlement_policy import DEFAULT_POLICY, POLICIES, Entry, Settlement, Stay, settle, stay_days
from app.errors import InvalidInput, NotCheckedIn
from db.engine import Store
from db.models import (
    UTILITIES,
    Account,
    Bed,
    Building,
    LedgerEntry,
    Occupancy,
    Operator,
    Room,
    Setting,
    Student,
)
from db.models import Settlement as SettlementRow

POLICY_SETTING = "settlement_policy"


@dataclass(frozen=True)
class CheckOutResult:
    settlement_id: int
    settlements: dict[str, Settlement]
    refunds: dict[str, payments.RefundInfo]
    stay: occupancy.Stay


def policy(store: Store) -> str:
    with store.read() as s:
        return str(settings_store.get(s, POLICY_SETTING, DEFAULT_POLICY))


def set_policy(store: Store, actor: Actor, name: str) -> None:
    require(actor, "settings.change")
    if name not in POLICIES:
        raise InvalidInput(f"“{name}” is not a settlement policy; use {' or '.join(POLICIES)}.")
    with store.write() as s:
        settings_store.put(s, actor, POLICY_SETTING, name, default=DEFAULT_POLICY)


def preview(store: Store, student_id: int, *, at: datetime | None = None, policy_name: str | None = None
            ) -> dict[str, Settlement]:
    """The student's settlement for each utility of the room they live in now (nothing is posted)."""
    at = at or clock.now()
    stay = occupancy.current_stay(store, student_id)
    if stay is None:
        with store.read() as s:
            st = s.get(Student, student_id)
        who = f"{st.name} ({st.student_no})" if st else f"Student {student_id}"
        raise NotCheckedIn(f"{who} is not checked in anywhere, so there is nothing to settle.")
    name = policy_name or policy(store)
    with store.read() as s:
        stays = [Stay(o.student_id, st.student_no, st.name, o.start_at, o.end_at) for o, st in s.execute(
            select(Occupancy, Student).join(Bed, Bed.id == Occupancy.bed_id).join(Student, Student.id == Occupancy.student_id)
            .where(Bed.room_id == stay.room_id))]
        out = {}
        for utility in UTILITIES:
            acc = s.scalar(select(Account.id).where(Account.room_id == stay.room_id, Account.utility == utility))
            entries = [Entry(e.id, e.created_at, e.kind, e.amount_fen, e.student_id, e.reverses_id) for e in
                       s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == acc).order_by(LedgerEntry.id))]
            out[utility] = settle(stays, entries, student_id, at, name)
    return out


def check_out(store: Store, actor: Actor, student_id: int, *, key: str, method: str = "cash",
              approver: Actor | None = None, at: datetime | None = None) -> CheckOutResult:
    """Settle, refund what is refundable, store the statement and end the stay.

    Refunds above the office's limit need `approver` (an administrator); without one nothing happens.
    What a student owes is shown on the statement for the office to collect."""
    require(actor, "occupancy.change")
    require(actor, "money.refund")
    at = at or clock.now()
    settlements = preview(store, student_id, at=at)
    stay = occupancy.current_stay(store, student_id)
    limit = payments.refund_threshold(store)
    for utility, st in settlements.items():
        if st.refundable_fen > limit.fen and actor.role != "admin" and approver is None:
            raise InvalidInput(f"The {utility} refund of {Money(st.refundable_fen).display()} is above "
                               f"{limit.display()}: an administrator must approve it. Nothing was done.")
    refunds = {}
    for utility, st in settlements.items():
        if st.refundable_fen > 0:
            acc = payments.account_for(store, stay.room_id, utility)
            refunds[utility] = payments.request_refund(store, actor, account_id=acc, amount=Money(st.refundable_fen),
                                                      student_id=student_id, method=method, key=f"{key}-{utility}",
                                                      approver=approver, reason="check-out settlement")
    with store.write() as s:
        row = SettlementRow(student_id=student_id, room_id=stay.room_id, policy=next(iter(settlements.values())).policy,
                            statement={u: st.as_dict() for u, st in settlements.items()}, operator_id=actor.id)
        s.add(row)
        s.flush()
        settlement_id = row.id
        audit.record(s, actor, "settlement.create", "settlement", row.id, None,
                     {u: {"refundable_fen": st.refundable_fen, "owed_fen": st.owed_fen} for u, st in settlements.items()})
    ended = occupancy.check_out(store, actor, student_id, at=at)
    return CheckOutResult(settlement_id, settlements, refunds, ended)


def statement_pdf(store: Store, settlement_id: int) -> bytes:
    with store.read() as s:
        row = s.get(SettlementRow, settlement_id)
        if row is None:
            raise InvalidInput(f"There is no settlement {settlement_id}.")
        st = s.get(Student, row.student_id)
        room = s.get(Room, row.room_id)
        building = s.get(Building, room.building_id)
        op = s.get(Operator, row.operator_id)
        school = s.get(Setting, "school_name")
        start = s.scalar(select(Occupancy.start_at).join(Bed).where(Occupancy.student_id == row.student_id,
                                                                     Bed.room_id == row.room_id)
                         .order_by(Occupancy.start_at).limit(1))
    # The period is the stay's campus days up to the settlement's own time (a check-out entered
    # later, for a student who left earlier, ends when they left; one at midnight ends the day before).
    at = datetime.fromisoformat(next(iter(row.statement.values()))["at"])
    first, last = stay_days(Stay(st.id, st.student_no, st.name, start or at, at))
    lines, paid, share, refundable = [], 0, 0, 0
    for utility, d in row.statement.items():
        word = "电费 Electricity" if utility == "electricity" else "水费 Water"
        lines.append((word, f"{word}: paid in", d["paid_in_fen"]))
        lines.append((word, f"{word}: share of consumption", -d["share_of_consumption_fen"]))
        if d["owed_fen"]:
            lines.append((word, f"{word}: still owed", -d["owed_fen"]))
        paid += d["paid_in_fen"]
        share += d["share_of_consumption_fen"]
        refundable += d["refundable_fen"] - d["owed_fen"]
    return render_settlement(SettlementStatement(
        school=str(school.value) if school else "", student_name=st.name, student_no=st.student_no,
        building_name=building.name, room_code=f"{building.code}-{room.number}", policy_label=POLICIES[row.policy],
        period_from=first, period_to=last,
        lines=tuple(lines), paid_in_fen=paid, share_fen=share, refundable_fen=refundable,
        operator_name=op.display_name if op else "", issued_at=row.created_at))
