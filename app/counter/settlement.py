"""Settlement at check-out: each student's share of the room's accounts, the refund, the statement.

The policy is an office setting (`settlement_policy`: "paid_minus_share", the default, or
"equal_split"; see app.counter.settlement_policy for the rules). `preview` computes without changing
anything; `check_out` settles both accounts, starts the refunds (electricity money comes back from
the meter first), stores the statement and ends the stay in one transaction, refusing with a
readable error and changing nothing when any step cannot be done. Refunds still waiting for the
meter count as paid out, so a student is never refunded the same money twice.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, literal, select, union_all
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
    Receipt,
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


def refund_key(occupancy_id: int, utility: str) -> str:
    """The key of the refund a check-out of the stay `occupancy_id` starts for `utility`: made from the
    stay (not from the check-out's own key), so the stay is refunded once however often it is tried."""
    return f"checkout-stay-{occupancy_id}-{utility}"


def _not_checked_in(s: Session, student_id: int) -> NotCheckedIn:
    st = s.get(Student, student_id)
    who = f"{st.name} ({st.student_no})" if st else f"Student {student_id}"
    return NotCheckedIn(f"{who} is not checked in anywhere, so there is nothing to settle.")


def _settle_in(s: Session, room_id: int, student_id: int, at: datetime, name: str,
               accounts: Mapping[str, int] | None = None) -> dict[str, Settlement]:
    return settle_room_in(s, room_id, [student_id], at, name, accounts=accounts)[student_id]


def settle_room_in(s: Session, room_id: int, student_ids: Sequence[int], at: datetime, name: str, *,
                   in_turn: bool = False, accounts: Mapping[str, int] | None = None
                   ) -> dict[int, dict[str, Settlement]]:
    """Each of `student_ids` (who live or lived in the room) settled at `at`: student id -> utility ->
    Settlement, from one read of the room's stays and entries (four statements for both utilities).
    Nothing is posted. `accounts`: the room's account ids by utility, when the caller has them.

    Each as if leaving alone (what `preview` gives each of them); with `in_turn`, as `check_out` would
    settle them one after another in the order given: each one's refund counts as paid out and their
    stay as ended at `at` before the next is settled (so a later one gets what the room still holds)."""
    reads = _room_reads()
    stays = [Stay(*row) for row in s.execute(reads.stays, {"room_id": room_id})]
    if accounts is None:
        accounts = dict(s.execute(select(Account.utility, Account.id).where(Account.room_id == room_id)).all())
    by_account: dict[int, list[Entry]] = {acc: [] for acc in accounts.values()}
    waiting: dict[int, list[Entry]] = {acc: [] for acc in accounts.values()}
    if by_account:
        ids = {"ids": list(by_account)}
        # Refunds count from when they were asked for, even when asked after a check-out time entered
        # late, and those still waiting for the meter count as paid: money never goes out twice.
        for e_id, acc, created, kind, fen, sid, reverses in s.execute(reads.entries, ids):
            by_account[acc].append(Entry(e_id, min(created, at) if kind == "refund" else created, kind, fen, sid,
                                         reverses))
        # what is on its way out through the meters: refunds, voids (their reversals) and shares carried
        # to another room (app.counter.share_transfers), in that order
        shares: list[tuple[int, Entry]] = []
        for what, acc, created, fen, sid in s.execute(reads.leaving, ids):
            entry = Entry(0, min(created, at), what, -fen, sid, pending=True)
            if what == "refund":
                waiting[acc].append(entry)
            else:
                shares.append((acc, entry))
        for acc, entry in [*_waiting_voids(s, ids["ids"], at), *shares]:
            waiting[acc].append(entry)
    out: dict[int, dict[str, Settlement]] = {sid: {} for sid in student_ids}
    for utility in UTILITIES:
        acc = accounts.get(utility)
        entries = list(by_account.get(acc, ()))
        # what is still waiting has no entry yet: negative ids of its own
        entries += [replace(e, id=-n) for n, e in enumerate(waiting.get(acc, ()), 1)]
        leaving = list(stays)
        for sid in student_ids:
            st = out[sid][utility] = settle(leaving, entries, sid, at, name)
            if in_turn:
                # what check_out then posts: the refund (waiting for the meter or paid) and the stay's end
                if st.refundable_fen > 0:
                    entries.append(Entry(-len(entries) - 1, at, "refund", -st.refundable_fen, sid, pending=True))
                leaving = [replace(x, end_at=at) if x.student_id == sid and x.end_at is None else x for x in leaving]
    return out


@dataclass(frozen=True)
class _RoomReads:
    stays: Select           # a room's stays: (student id, number, name, start, end)
    entries: Select         # the entries of accounts `ids`, in id order
    leaving: Select         # their refunds ("refund") then shares ("transfer") waiting for the meters
    voids: Select           # the voids waiting for the meters of recharges paid into accounts `ids`


@cache
def _room_reads() -> _RoomReads:
    """`settle_room_in`'s statements, built once (building them cost more than running them)."""
    ids = bindparam("ids", expanding=True)
    refunds = (select(literal("refund"), RefundRequest.account_id, RefundRequest.created_at,
                      RefundRequest.amount_fen, RefundRequest.student_id, literal(0), RefundRequest.id)
               .where(RefundRequest.account_id.in_(ids), RefundRequest.status == "awaiting_meter"))
    shares = (select(literal("transfer"), ShareTransfer.from_account_id, ShareTransfer.created_at,
                     ShareTransfer.amount_fen, ShareTransfer.student_id, literal(1), ShareTransfer.id)
              .where(ShareTransfer.from_account_id.in_(ids), ShareTransfer.status == "awaiting_meter"))
    both = union_all(refunds, shares).subquery()
    return _RoomReads(
        stays=select(Occupancy.student_id, Student.student_no, Student.name, Occupancy.start_at, Occupancy.end_at)
        .join(Bed, Bed.id == Occupancy.bed_id).join(Student, Student.id == Occupancy.student_id)
        .where(Bed.room_id == bindparam("room_id")).order_by(Occupancy.id),
        entries=select(LedgerEntry.id, LedgerEntry.account_id, LedgerEntry.created_at, LedgerEntry.kind,
                       LedgerEntry.amount_fen, LedgerEntry.student_id, LedgerEntry.reverses_id)
        .where(LedgerEntry.account_id.in_(ids)).order_by(LedgerEntry.id),
        leaving=select(*list(both.c)[:5]).order_by(list(both.c)[5], list(both.c)[6]),
        # the voided recharge was paid into one of them (its water-debt leg, if any, went to the same
        # room's water account): only those voids, not every void waiting on the campus
        voids=select(VoidRequest).join(Receipt, Receipt.id == VoidRequest.receipt_id)
        .join(LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id)
        .where(VoidRequest.status == "awaiting_meter", LedgerEntry.account_id.in_(ids)).order_by(VoidRequest.id))


def _waiting_voids(s: Session, account_ids: Sequence[int], at: datetime) -> list[tuple[int, Entry]]:
    """A void waiting for its meter takes its recharge back: the reversals it will post on any of
    `account_ids`, as (account id, pending entry), so the settlement neither counts the voided money
    as paid in nor refunds it."""
    out = []
    for req in s.scalars(_room_reads().voids, {"ids": list(account_ids)}):
        for e in voids.reversed_entries(s, req):
            if e.account_id in account_ids:
                out.append((e.account_id, Entry(0, min(req.created_at, at), "reversal", -e.amount_fen, e.student_id,
                                                e.id, pending=True)))
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
        if _has_key(row, key):
            return row
    return None


def _result_of(s: Session, row: SettlementRow) -> CheckOutResult:
    name = s.get(Student, row.student_id).name
    any_utility = next(iter(row.statement.values()))
    stay = occupancy.stay_in(s, any_utility["occupancy_id"])
    refunds = {}
    for utility in row.statement:
        info = payments.refund_by_key(s, refund_key(stay.occupancy_id, utility))
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


@dataclass
class HeldStays:
    """What `lock_stays_in` took and read for the check-outs of one transaction: `check_out_in` of
    each student then reads none of it again. Valid until that transaction ends (see `payments.Held`
    for why a student's savepoint rolled back leaves it true)."""

    asked: frozenset[int]                           # the students it was made for
    stays: dict[int, Occupancy]                     # student id -> open stay, locked (with bed, room, student)
    settlements: dict[int, list[SettlementRow]]     # student id -> their settlements as the locks were taken, newest first
    money: payments.Held                            # the shift and the rooms' accounts, locked, for the refunds

    def prior(self, student_id: int, key: str) -> SettlementRow | None:
        """The settlement made under `key` before this transaction (what `_prior` reads)."""
        return next((row for row in self.settlements.get(student_id, ()) if _has_key(row, key)), None)


def lock_stays_in(s: Session, student_ids: Iterable[int], actor: Actor) -> HeldStays:
    """Steps 1 to 3 of the ledger's lock order for checking students out in one transaction (one
    student, or a batch's chunk): their open stays, in occupancy-id order, then `actor`'s open shift,
    then every account of their rooms, in account-id order, each in one statement; so that
    `check_out_in` of each of them afterwards only takes locks the transaction holds (or later steps),
    never going back to an earlier step after a later one. Then, once for all of them, what each
    check-out would otherwise read again: their settlements so far, which of their refund keys are
    in use, the school's name and the payment methods. Call it before any savepoint (see
    `payments.Held`). Students not checked in are passed over."""
    wanted = list(dict.fromkeys(student_ids))
    rows: list = []
    stays: dict[int, Occupancy] = {}
    residents: dict[int, int] = {}
    if wanted:
        for occ, bed, room, building, student in s.execute(
                select(Occupancy, Bed, Room, Building, Student).join(Bed, Bed.id == Occupancy.bed_id)
                .join(Room, Room.id == Bed.room_id).join(Building, Building.id == Room.building_id)
                .join(Student, Student.id == Occupancy.student_id)
                .where(Occupancy.student_id.in_(wanted), Occupancy.end_at.is_(None))
                .order_by(Occupancy.id).with_for_update(of=Occupancy).execution_options(populate_existing=True)):
            stays[occ.student_id], residents[occ.student_id] = occ, bed.room_id
            rows += (occ, bed, room, building, student)
    rooms = sorted(set(residents.values()))
    by_room: dict[int, dict[str, int]] = {}
    if rooms:
        for room_id, utility, acc_id in s.execute(select(Account.room_id, Account.utility, Account.id)
                                                  .where(Account.room_id.in_(rooms))):
            by_room.setdefault(room_id, {})[utility] = acc_id
    shift, accounts = lock_money(s, [a for accs in by_room.values() for a in accs.values()], shift_of=actor,
                                 shift_required=False)
    rows += [shift, *accounts.values()]
    settlements: dict[int, list[SettlementRow]] = {}
    if wanted:
        for row in s.scalars(select(SettlementRow).where(SettlementRow.student_id.in_(wanted))
                             .order_by(SettlementRow.id.desc())):
            settlements.setdefault(row.student_id, []).append(row)
            rows.append(row)
    keys = {refund_key(occ.id, u) for occ in stays.values() for u in UTILITIES}
    used = set(s.scalars(select(RefundRequest.idempotency_key).where(RefundRequest.idempotency_key.in_(keys)))
               ) if keys else set()
    school = s.get(Setting, "school_name")
    rows.append(s.get(Operator, actor.id))       # whom `payments` names on the refunds' receipts
    money = payments.Held(actor.id, shift, by_room, residents, str(school.value) if school else "",
                          payment_methods.methods_in(s), keys - used, rows)
    return HeldStays(frozenset(wanted), stays, settlements, money)


def _has_key(row: SettlementRow, key: str) -> bool:
    return any(isinstance(d, dict) and d.get("checkout_key") == key for d in row.statement.values())


def check_out_in(s: Session, actor: Actor, student_id: int, *, key: str, method: str = "cash",
                 approver: Actor | None = None, at: datetime | None = None, collect_debt: bool = False,
                 collect_method: str = "cash", collect_reference: str | None = None,
                 policy_name: str | None = None, held: HeldStays | None = None) -> CheckOutResult:
    """`check_out` inside the caller's write transaction `s` (a batch checks several students out in
    one, each in a savepoint): everything `check_out` does and refuses, except that `method` is a
    payment method code the caller has checked (`payment_methods.method`) and nothing is retried here
    (the caller's transaction is the unit that runs again). `policy_name`: the office's settlement
    policy (default: read in `s`). `held`: what `lock_stays_in(s, [...], actor)` took for this student
    and others, before the caller's savepoints (several students in one transaction must be locked
    together first: the lock order); without it the student is locked here."""
    require(actor, "occupancy.change")
    require(actor, "money.refund")
    at = at or clock.now()
    name = policy_name or policy_in(s)
    if held is None:
        held = lock_stays_in(s, [student_id], actor)
    elif student_id not in held.asked or held.money.operator_id != actor.id:
        raise ValueError("check_out_in: lock the student with lock_stays_in, for the same operator, first")
    occ = held.stays.get(student_id)
    if occ is not None and occ.end_at is not None:
        occ = None                      # checked out earlier in this transaction
    # With the stay locked and open, no settlement of it can have been made since the locks were
    # taken; otherwise ask the store (this transaction or another workstation may have finished it).
    prior = held.prior(student_id, key) if occ is not None else _prior(s, student_id, key)
    if prior is not None:
        return _result_of(s, prior)
    if occ is None:
        raise _not_checked_in(s, student_id)
    room_id = occ.bed.room_id
    # nothing moves the room's money while it is settled: its accounts and the shift are held locked
    accounts = {u: held.money.account_id(room_id, u) for u in UTILITIES}
    settlements = _settle_in(s, room_id, student_id, at, name, accounts)
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
                method=method, key=refund_key(occ.id, utility), approver=approver,
                reason="check-out settlement", held=held.money)
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
        slips = _prefetch(s, settlement_ids)
        pages = [_statement_page(s, sid, school_name, policy_label, slips) for sid in settlement_ids]
        practice = training.in_training(s)
    return render_settlements(pages, training=practice)


@dataclass(frozen=True)
class _Slips:
    """What the pages of `statements_pdf` read besides the settlements, for all of them at once."""

    rows: list = field(repr=False)       # settlements, rooms, students, operators, buildings (kept alive)
    starts: dict[tuple[int, int], datetime]     # (student id, room id) -> the start of their first stay there
    refunds: dict[str, tuple[str, int]]         # check-out refund key -> (status, amount in fen)


def _prefetch(s: Session, settlement_ids: Sequence[int]) -> _Slips:
    """Load the settlements and their students, rooms, buildings and operators, when each student
    moved into the room and the check-outs' refunds, in a few statements, so each page reads nothing
    more (a class's 300 slips: 7 statements, not 1,800). The rows are kept in the result: the session's
    identity map, where each page's `s.get` finds them, holds them weakly."""
    def chunks(wanted: Iterable) -> Iterator[list]:
        ids = sorted(set(wanted))
        for i in range(0, len(ids), 500):
            yield ids[i:i + 500]

    def load(model, wanted: Iterable[int]) -> list:
        return [o for part in chunks(wanted) for o in s.scalars(select(model).where(model.id.in_(part))).all()]

    rows = load(SettlementRow, settlement_ids)
    rooms = load(Room, (r.room_id for r in rows))
    kept = [*rows, *rooms, *load(Student, (r.student_id for r in rows)), *load(Operator, (r.operator_id for r in rows)),
            *load(Building, (room.building_id for room in rooms))]
    starts = {}
    for part in chunks(r.student_id for r in rows):
        for student_id, room_id, start in s.execute(
                select(Occupancy.student_id, Bed.room_id, func.min(Occupancy.start_at))
                .join(Bed, Bed.id == Occupancy.bed_id).where(Occupancy.student_id.in_(part))
                .group_by(Occupancy.student_id, Bed.room_id)):
            starts[(student_id, room_id)] = start
    refunds = {}
    for part in chunks(key for r in rows for key in _refund_keys(r).values()):
        for key, status, fen in s.execute(select(RefundRequest.idempotency_key, RefundRequest.status,
                                                 RefundRequest.amount_fen)
                                          .where(RefundRequest.idempotency_key.in_(part))):
            refunds[key] = (status, fen)
    return _Slips(kept, starts, refunds)


def _refund_keys(row: SettlementRow) -> dict[str, str]:
    """Utility -> the key of the refund the settlement's check-out started (none for one stored before
    the statement named its stay)."""
    first = next(iter(row.statement.values()))
    if "occupancy_id" not in first:
        return {}
    return {utility: refund_key(first["occupancy_id"], utility) for utility in row.statement}


def _statement_page(s: Session, settlement_id: int, school: str, policy_label: str | None,
                    slips: _Slips) -> SettlementPage:
    row = s.get(SettlementRow, settlement_id)
    if row is None:
        raise InvalidInput(f"There is no settlement {settlement_id}.")
    st = s.get(Student, row.student_id)
    room = s.get(Room, row.room_id)
    building = s.get(Building, room.building_id)
    op = s.get(Operator, row.operator_id)
    start = slips.starts.get((row.student_id, row.room_id))
    first_utility = next(iter(row.statement.values()))
    waiting, refused = [], {}
    for utility, key in _refund_keys(row).items():
        status, fen = slips.refunds.get(key, (None, 0))
        if status == "awaiting_meter":
            waiting.append(utility)
        elif status == "failed":
            refused[utility] = fen
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
