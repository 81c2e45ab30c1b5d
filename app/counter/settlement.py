"""Settlement at check-out: each student's share of the room's accounts, the refund, the statement.

The policy is an office setting (`settlement_policy`: "paid_minus_share", the default, or
"equal_split"; see app.counter.settlement_policy for the rules). `preview` computes without changing
anything; `check_out` settles both accounts, starts the refunds (electricity money comes back from
the meter first), stores the statement and ends the stay in one transaction, refusing with a
readable error and changing nothing when any step cannot be done. Refunds still waiting for the
meter count as paid out, so a student is never refunded the same money twice.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock, settings_store
from app.access import Actor, require
from app.campus import occupancy
from app.care import training
from app.counter import payment_methods, payments, voids
from app.counter.ledger import lock_money
from app.counter.money import Money
from app.counter.report_data import SettlementStatement
from app.counter.reports_pdf import SettlementPage, render_settlements
from app.counter.settlement_policy import (
    DEFAULT_POLICY,
    POLICIES,
    Entry,
    Settlement,
    Stay,
    settle,
    settlement_from_dict,
    stay_days,
)
from app.errors import InvalidInput, NotCheckedIn
from db import retry
from db.engine import Store
from db.models import (
    UTILITIES,
    Account,
    Bed,
    Building,
    LedgerEntry,
    Occupancy,
    Operator,
    RefundRequest,
    Room,
    Setting,
    ShareTransfer,
    Student,
    VoidRequest,
)
from db.models import Settlement as SettlementRow

POLICY_SETTING = "settlement_policy"


@dataclass(frozen=True)
class CheckOutResult:
    settlement_id: int
    settlements: dict[str, Settlement]
    refunds: dict[str, payments.RefundInfo]
    stay: occupancy.Stay
    replayed: bool = False
    collected: dict[str, payments.CounterResult] = field(default_factory=dict)   # debts paid at the check-out

    @property
    def payments_collected(self) -> list[payments.CounterResult]:
        """The payments that collected debts, each once (one payment may settle both utilities)."""
        return list({c.operation_id: c for c in self.collected.values()}.values())

    @property
    def still_owed_fen(self) -> int:
        return sum(st.owed_fen for u, st in self.settlements.items() if u not in self.collected)


def policy(store: Store) -> str:
    with store.read() as s:
        return policy_in(s)


def policy_in(s: Session) -> str:
    """The office's settlement policy, read in the caller's transaction."""
    return str(settings_store.get(s, POLICY_SETTING, DEFAULT_POLICY))


def set_policy(store: Store, actor: Actor, name: str) -> None:
    require(actor, "settings.change")
    if name not in POLICIES:
        raise InvalidInput(f"“{name}” is not a settlement policy; use {' or '.join(POLICIES)}.")
    with store.write() as s:
        settings_store.put(s, actor, POLICY_SETTING, name, default=DEFAULT_POLICY)


def checkout_key(stay: occupancy.Stay) -> str:
    """The idempotency key of one check-out: made from the stay, so the dialog gets the same key however
    often it is opened, and after a restart."""
    return f"checkout-stay-{stay.occupancy_id}"


def _not_checked_in(s: Session, student_id: int) -> NotCheckedIn:
    st = s.get(Student, student_id)
    who = f"{st.name} ({st.student_no})" if st else f"Student {student_id}"
    return NotCheckedIn(f"{who} is not checked in anywhere, so there is nothing to settle.")


def _settle_in(s: Session, room_id: int, student_id: int, at: datetime, name: str) -> dict[str, Settlement]:
    return settle_room_in(s, room_id, [student_id], at, name)[student_id]


def settle_room_in(s: Session, room_id: int, student_ids: Sequence[int], at: datetime, name: str, *,
                   in_turn: bool = False) -> dict[int, dict[str, Settlement]]:
    """Each of `student_ids` (who live or lived in the room) settled at `at`: student id -> utility ->
    Settlement, from one read of the room's stays and entries. Nothing is posted.

    Each as if leaving alone (what `preview` gives each of them); with `in_turn`, as `check_out` would
    settle them one after another in the order given: each one's refund counts as paid out and their
    stay as ended at `at` before the next is settled (so a later one gets what the room still holds)."""
    stays = [Stay(o.student_id, st.student_no, st.name, o.start_at, o.end_at) for o, st in s.execute(
        select(Occupancy, Student).join(Bed, Bed.id == Occupancy.bed_id).join(Student, Student.id == Occupancy.student_id)
        .where(Bed.room_id == room_id))]
    out: dict[int, dict[str, Settlement]] = {sid: {} for sid in student_ids}
    for utility in UTILITIES:
        acc = s.scalar(select(Account.id).where(Account.room_id == room_id, Account.utility == utility))
        # Refunds count from when they were asked for, even when asked after a check-out time entered
        # late, and those still waiting for the meter count as paid: money never goes out twice.
        entries = [Entry(e.id, min(e.created_at, at) if e.kind == "refund" else e.created_at, e.kind, e.amount_fen,
                         e.student_id, e.reverses_id)
                   for e in s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == acc).order_by(LedgerEntry.id))]
        waiting = [Entry(0, min(r.created_at, at), "refund", -r.amount_fen, r.student_id, pending=True)
                   for r in s.scalars(select(RefundRequest).where(RefundRequest.account_id == acc,
                                                                  RefundRequest.status == "awaiting_meter"))]
        waiting += _waiting_voids(s, acc, at)
        # a share on its way to another room through the meters (app.counter.share_transfers) has left
        waiting += [Entry(0, min(t.created_at, at), "transfer", -t.amount_fen, t.student_id, pending=True)
                    for t in s.scalars(select(ShareTransfer).where(ShareTransfer.from_account_id == acc,
                                                                   ShareTransfer.status == "awaiting_meter"))]
        # what is still waiting has no entry yet: negative ids of its own
        entries += [replace(e, id=-n) for n, e in enumerate(waiting, 1)]
        leaving = list(stays)
        for sid in student_ids:
            st = out[sid][utility] = settle(leaving, entries, sid, at, name)
            if in_turn:
                # what check_out then posts: the refund (waiting for the meter or paid) and the stay's end
                if st.refundable_fen > 0:
                    entries.append(Entry(-len(entries) - 1, at, "refund", -st.refundable_fen, sid, pending=True))
                leaving = [replace(x, end_at=at) if x.student_id == sid and x.end_at is None else x for x in leaving]
    return out


def _waiting_voids(s: Session, account_id: int, at: datetime) -> list[Entry]:
    """A void waiting for its meter takes its recharge back: the reversals it will post, as pending
    entries, so the settlement neither counts the voided money as paid in nor refunds it."""
    out = []
    for req in s.scalars(select(VoidRequest).where(VoidRequest.status == "awaiting_meter")):
        for e in voids.reversed_entries(s, req):
            if e.account_id == account_id:
                out.append(Entry(0, min(req.created_at, at), "reversal", -e.amount_fen, e.student_id, e.id,
                                 pending=True))
    return out


def preview(store: Store, student_id: int, *, at: datetime | None = None, policy_name: str | None = None
            ) -> dict[str, Settlement]:
    """The student's settlement for each utility of the room they live in now (nothing is posted)."""
    at = at or clock.now()
    name = policy_name or policy(store)
    with store.read() as s:
        occ = s.scalar(select(Occupancy).where(Occupancy.student_id == student_id, Occupancy.end_at.is_(None)))
        if occ is None:
            raise _not_checked_in(s, student_id)
        return _settle_in(s, occ.bed.room_id, student_id, at, name)


def _prior(s: Session, student_id: int, key: str) -> SettlementRow | None:
    for row in s.scalars(select(SettlementRow).where(SettlementRow.student_id == student_id)
                         .order_by(SettlementRow.id.desc())):
        if any(isinstance(d, dict) and d.get("checkout_key") == key for d in row.statement.values()):
            return row
    return None


def _result_of(s: Session, row: SettlementRow) -> CheckOutResult:
    name = s.get(Student, row.student_id).name
    any_utility = next(iter(row.statement.values()))
    stay = occupancy.stay_in(s, any_utility["occupancy_id"])
    refunds = {}
    for utility in row.statement:
        info = payments.refund_by_key(s, f"{checkout_key(stay)}-{utility}")
        if info is not None:
            refunds[utility] = info
    return CheckOutResult(row.id, {u: settlement_from_dict(d, name) for u, d in row.statement.items()}, refunds,
                          stay, replayed=True)


@retry.retrying
def check_out(store: Store, actor: Actor, student_id: int, *, key: str, method: str = "cash",
              approver: Actor | None = None, at: datetime | None = None, collect_debt: bool = False,
              collect_method: str = "cash", collect_reference: str | None = None) -> CheckOutResult:
    """Settle, refund what is refundable, store the statement and end the stay, in one transaction:
    it happens whole or not at all.

    A repeated `key` returns the first result; a retry with another key (a re-opened dialog) settles
    the same stay once, because the refunds are keyed by the stay (`checkout_key`). Refunds that would
    take an account's refunds today above the office's limit need `approver` (an administrator);
    without one nothing happens. What a student owes is shown on the statement; with `collect_debt`
    it is paid in the same transaction, as a recharge of the room's account by the student
    (`collect_method`, `collect_reference`), with its receipt. The operator's (and the approver's)
    standing is read once for the transaction (`Actor.pinned`)."""
    with actor.pinned() as actor, _pinned(approver) as approver:
        require(actor, "occupancy.change")
        require(actor, "money.refund")
        at = at or clock.now()
        name = policy(store)
        pm = payment_methods.method(store, method)
        with store.write() as s:
            return check_out_in(s, actor, student_id, key=key, method=pm.code, approver=approver, at=at,
                                collect_debt=collect_debt, collect_method=collect_method,
                                collect_reference=collect_reference, policy_name=name)


@contextmanager
def _pinned(actor: Actor | None) -> Iterator[Actor | None]:
    if actor is None:
        yield None
    else:
        with actor.pinned() as a:
            yield a


def lock_stays_in(s: Session, student_ids: Iterable[int], actor: Actor) -> None:
    """Steps 1 to 3 of the ledger's lock order for checking several students out in one transaction
    (a batch's chunk): their open stays, in occupancy-id order, then `actor`'s open shift, then every
    account of their rooms, in account-id order, each in one statement; so that `check_out_in` of each
    of them afterwards only takes locks the transaction holds (or later steps), never going back to an
    earlier step after a later one. Students not checked in are passed over."""
    wanted = list(dict.fromkeys(student_ids))
    if not wanted:
        return
    stays = s.execute(select(Occupancy.id, Bed.room_id).join(Bed, Bed.id == Occupancy.bed_id)
                      .where(Occupancy.student_id.in_(wanted), Occupancy.end_at.is_(None))
                      .order_by(Occupancy.id).with_for_update(of=Occupancy)).all()
    rooms = {room_id for _, room_id in stays}
    accounts = s.scalars(select(Account.id).where(Account.room_id.in_(rooms))).all() if rooms else []
    lock_money(s, accounts, shift_of=actor, shift_required=False)


def check_out_in(s: Session, actor: Actor, student_id: int, *, key: str, method: str = "cash",
                 approver: Actor | None = None, at: datetime | None = None, collect_debt: bool = False,
                 collect_method: str = "cash", collect_reference: str | None = None,
                 policy_name: str | None = None) -> CheckOutResult:
    """`check_out` inside the caller's write transaction `s` (a batch checks several students out in
    one, each in a savepoint): everything `check_out` does and refuses, except that `method` is a
    payment method code the caller has checked (`payment_methods.method`) and nothing is retried here
    (the caller's transaction is the unit that runs again). `policy_name`: the office's settlement
    policy (default: read in `s`). Several students in one transaction: lock them first with
    `lock_stays_in` (the lock order)."""
    require(actor, "occupancy.change")
    require(actor, "money.refund")
    at = at or clock.now()
    name = policy_name or policy_in(s)
    prior = _prior(s, student_id, key)
    if prior is not None:
        return _result_of(s, prior)
    occ = occupancy.open_stay_in(s, student_id)
    if occ is None:
        # Another workstation may have finished this check-out while we waited for the stay's lock.
        prior = _prior(s, student_id, key)
        if prior is not None:
            return _result_of(s, prior)
        raise _not_checked_in(s, student_id)
    room_id = occ.bed.room_id
    accounts = {u: payments.account_in(s, room_id, u) for u in UTILITIES}
    # nothing moves the room's money while it is settled; the shift first (the ledger's lock order)
    lock_money(s, accounts.values(), shift_of=actor, shift_required=False)
    settlements = _settle_in(s, room_id, student_id, at, name)
    for utility, st in settlements.items():
        if st.refundable_fen > 0:
            limit = payments.needs_approval(s, actor, approver, accounts[utility], Money(st.refundable_fen))
            if limit is not None:
                raise InvalidInput(f"The {utility} refund of {Money(st.refundable_fen).display()} would take "
                                   f"today's refunds from the room's account above {limit.display()}: an "
                                   "administrator must approve it. Nothing was done.")
    stay = occupancy.stay_in(s, occ.id)
    refunds = {}
    for utility, st in settlements.items():
        if st.refundable_fen > 0:
            refunds[utility] = payments.refund_in(
                s, actor, account_id=accounts[utility], amount=Money(st.refundable_fen), student_id=student_id,
                method=method, key=f"{checkout_key(stay)}-{utility}", approver=approver,
                reason="check-out settlement", held=True)
    collected = {}
    if collect_debt:
        owed = {u: st.owed_fen for u, st in settlements.items() if st.owed_fen > 0}
        if len(owed) == 2:
            # One payment for both debts (one receipt, one provider reference): paid to electricity,
            # the water part passed on to water in the same operation.
            both = payments.recharge_in(
                s, actor, room_id=room_id, utility="electricity", amount=Money(sum(owed.values())),
                method=collect_method, reference=collect_reference, payer_id=student_id,
                key=f"{checkout_key(stay)}-debt", to_water=Money(owed["water"]))
            collected = {"electricity": both, "water": both}
        for utility, fen in owed.items():
            if utility not in collected:
                collected[utility] = payments.recharge_in(
                    s, actor, room_id=room_id, utility=utility, amount=Money(fen), method=collect_method,
                    reference=collect_reference, payer_id=student_id, key=f"{checkout_key(stay)}-{utility}-debt")
    row = SettlementRow(student_id=student_id, room_id=room_id, policy=name, operator_id=actor.id,
                        statement={u: {**st.as_dict(), "checkout_key": key, "occupancy_id": occ.id,
                                       "collected_fen": st.owed_fen if u in collected else 0}
                                   for u, st in settlements.items()})
    s.add(row)
    s.flush()
    audit.record(s, actor, "settlement.create", "settlement", row.id, None,
                 {u: {"refundable_fen": st.refundable_fen, "owed_fen": st.owed_fen,
                      "collected_fen": st.owed_fen if u in collected else 0} for u, st in settlements.items()})
    ended = occupancy.end_stay_in(s, actor, occ, at)
    return CheckOutResult(row.id, settlements, refunds, ended, collected=collected)


def statement_pdf(store: Store, settlement_id: int, *, policy_label: str | None = None) -> bytes:
    """The stored settlement as an A4 statement: per utility what the student paid in and their share;
    then, each once, what was paid out to them, the debt collected at the check-out and the debt still
    owed. `policy_label`: the policy's name in the window's language (default: the English name)."""
    return statements_pdf(store, [settlement_id], policy_label=policy_label)


def statements_pdf(store: Store, settlement_ids: Sequence[int], *, policy_label: str | None = None) -> bytes:
    """Several stored settlements in one PDF, each as `statement_pdf` prints it, each from a new page
    (a class's check-out slips). InvalidInput when the list is empty or names an unknown settlement."""
    if not settlement_ids:
        raise InvalidInput("There is no settlement to print.")
    with store.read() as s:
        school = s.get(Setting, "school_name")
        school_name = str(school.value) if school else ""
        held = _prefetch(s, settlement_ids)        # noqa: F841 (the session's identity map is weak)
        pages = [_statement_page(s, sid, school_name, policy_label) for sid in settlement_ids]
        practice = training.in_training(s)
    return render_settlements(pages, training=practice)


def _prefetch(s: Session, settlement_ids: Sequence[int]) -> list:
    """Load the settlements and their students, rooms, buildings and operators in a few statements, so
    each page's `s.get` finds them in the session (a class's 300 slips: 5 statements, not 1,500).
    Returns them: the caller holds the list while it builds the pages (the identity map holds weakly)."""
    def load(model, wanted: Iterable[int]) -> list:
        ids = sorted(set(wanted))
        return [o for i in range(0, len(ids), 500)
                for o in s.scalars(select(model).where(model.id.in_(ids[i:i + 500]))).all()]

    rows = load(SettlementRow, settlement_ids)
    rooms = load(Room, (r.room_id for r in rows))
    return [*rows, *rooms, *load(Student, (r.student_id for r in rows)), *load(Operator, (r.operator_id for r in rows)),
            *load(Building, (room.building_id for room in rooms))]


def _statement_page(s: Session, settlement_id: int, school: str, policy_label: str | None) -> SettlementPage:
    row = s.get(SettlementRow, settlement_id)
    if row is None:
        raise InvalidInput(f"There is no settlement {settlement_id}.")
    st = s.get(Student, row.student_id)
    room = s.get(Room, row.room_id)
    building = s.get(Building, room.building_id)
    op = s.get(Operator, row.operator_id)
    start = s.scalar(select(Occupancy.start_at).join(Bed).where(Occupancy.student_id == row.student_id,
                                                                 Bed.room_id == row.room_id)
                     .order_by(Occupancy.start_at).limit(1))
    first_utility = next(iter(row.statement.values()))
    waiting, refused = [], {}
    if "occupancy_id" in first_utility:
        stay = occupancy.stay_in(s, first_utility["occupancy_id"])
        for utility in row.statement:
            info = payments.refund_by_key(s, f"{checkout_key(stay)}-{utility}")
            if info is not None and info.status == "awaiting_meter":
                waiting.append(utility)
            elif info is not None and info.status == "failed":
                refused[utility] = info.amount.fen
    # The period is the stay's campus days up to the settlement's own time (a check-out entered
    # later, for a student who left earlier, ends when they left; one at midnight ends the day before).
    at = datetime.fromisoformat(first_utility["at"])
    first, last = stay_days(Stay(st.id, st.student_no, st.name, start or at, at))
    day = last or first
    lines, paid, share, paid_out, collected, owed = [], 0, 0, 0, 0, 0
    for utility, d in row.statement.items():
        word = _UTILITY_WORDS[utility]
        lines.append((day, f"{word} 已缴 paid in", d["paid_in_fen"]))
        if row.policy == "equal_split":
            lines.append((day, f"{word} 均分余额 part of the room's balance", d["due_fen"]))
        else:
            lines.append((day, f"{word} 分摊 share of consumption", -d["share_of_consumption_fen"]))
        paid += d["paid_in_fen"]
        share += d["share_of_consumption_fen"]
        paid_out += d["refundable_fen"]
        collected += d.get("collected_fen", 0)
        owed += d["owed_fen"] - d.get("collected_fen", 0)
    paid_out -= sum(refused.values())
    notes = " ".join([f"{_UTILITY_WORDS[u]}退款待电表退回后支付 The {u} refund is paid once the meter gives the money "
                      "back." for u in waiting]
                     + [f"{_UTILITY_WORDS[u]}退款 {Money(fen).display()} 被电表拒绝，未支付 The {u} refund of "
                        f"{Money(fen).display()} was refused by the meter and not paid." for u, fen in refused.items()])
    return SettlementPage(SettlementStatement(
        school=school, student_name=st.name, student_no=st.student_no,
        building_name=building.name, room_code=f"{building.code}-{room.number}",
        policy_label=policy_label or POLICIES[row.policy], period_from=first, period_to=last,
        lines=tuple(lines), paid_in_fen=paid, share_fen=share, refundable_fen=paid_out - owed, notes=notes,
        operator_name=op.display_name if op else "", issued_at=row.created_at),
        paid_out, collected, owed)


_UTILITY_WORDS = {"electricity": "电费 Electricity", "water": "水费 Water"}
