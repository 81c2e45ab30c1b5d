"""Counter money: recharges and refunds, each with its receipt, its shift and its meter credit.

A recharge is one transaction: the ledger entry, the counter money in the operator's open shift,
the receipt (next gapless number) and, for electricity, the purchase in the outbox that the
delivery engine takes to the meter. A refund takes the money back from the meter first (a
negative credit through the same outbox); only when the meter has accepted it is the refund
posted and the slip printed. Water has no money on its meter, so a water refund posts at once.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, and_, bindparam, case, func, select
from sqlalchemy.orm import Session, aliased

from app import audit, clock, events
from app.access import Actor, current_role, holds, require
from app.counter import payment_methods, sequences
from app.counter.ledger import Ledger, Line, PostedEntry, lock_money, post_in
from app.counter.money import Money
from app.counter.shifts import open_shift_in
from app.errors import (
    IdempotencyConflict,
    InvalidAmount,
    InvalidInput,
    PermissionDenied,
    ShiftError,
    UnknownAccount,
    UnknownStudent,
)
from app.metering import forecast
from db import retry
from db.engine import Store
from db.models import (
    Account,
    Bed,
    Building,
    BuildingPolicy,
    CounterTransaction,
    ElectricityMeter,
    LedgerEntry,
    Occupancy,
    Operator,
    Purchase,
    Receipt,
    RefundRequest,
    Room,
    Setting,
    ShareTransfer,
    Shift,
    Student,
    VoidRequest,
)

REFUND_THRESHOLD_SETTING = "refund_admin_threshold_fen"
DEFAULT_REFUND_THRESHOLD_FEN = 20_000   # ¥200.00: larger refunds need an administrator
PURCHASE_MONEY = 1
MAX_REFERENCE = 64         # the longest provider transaction number the office has seen is 32
MAX_REFUND_KEY = 73         # the refund posts under "refund-<key>", and ledger keys have at most 80 characters


@dataclass(frozen=True)
class CounterResult:
    operation_id: int
    entry: PostedEntry | None
    account_id: int
    amount: Money
    receipt_id: int | None
    receipt_number: int | None
    purchase_id: int | None
    replayed: bool
    water_debt_paid: Money = Money(0)


@dataclass(frozen=True)
class RefundInfo:
    refund_id: int
    status: str          # awaiting_meter, paid, failed
    amount: Money
    purchase_id: int | None
    receipt_id: int | None
    reason: str


@dataclass
class Held:
    """What a write transaction has locked in the ledger's lock order and read once after, before any
    savepoint (`app.counter.settlement.lock_stays_in` makes it for a check-out, one student or a batch's
    chunk): `refund_in(held=...)` then asks for none of it again. Valid until that transaction ends.

    Why it stays true while students' savepoints roll back: the locks were taken outside every
    savepoint, and PostgreSQL releases on ROLLBACK TO SAVEPOINT only the locks taken after it; the
    rows are the session's own objects, kept here so its (weak) identity map finds them, and the
    session expires an object a rolled-back savepoint had changed, so it is read again when next used;
    what is kept as plain values never changes in a check-out (which accounts a room has, the room of
    a locked stay, the school's name and the payment methods as the transaction began). Another
    workstation cannot change the locked rows (the shift, the accounts, the stays) until the commit."""

    operator_id: int
    shift: Shift | None                                  # the operator's open shift, locked (None: none open)
    accounts: dict[int, dict[str, int]]                  # room id -> utility -> account id, every one locked
    residents: dict[int, int]                            # student id -> room id of their locked open stay
    school: str
    methods: list[payment_methods.PaymentMethod]
    unused_keys: set[str]       # refund keys found unused after the locks: `refund_in` does not look them up
    rows: list = field(default_factory=list, repr=False)  # the locked and read rows, kept alive

    def account_id(self, room_id: int, utility: str) -> int:
        acc = self.accounts.get(room_id, {}).get(utility)
        if acc is None:
            raise UnknownAccount("This room has no account yet; check a student in first.")
        return acc

    def shift_of(self, actor: Actor | int) -> Shift | None:
        """The open shift held for `actor` (an actor or operator id); None when it is not this
        transaction's operator (the caller then locks it itself)."""
        return self.shift if (actor if isinstance(actor, int) else actor.id) == self.operator_id else None


def account_for(store: Store, room_id: int, utility: str) -> int:
    with store.read() as s:
        return _account_id(s, room_id, utility)


def account_in(s: Session, room_id: int, utility: str) -> int:
    return _account_id(s, room_id, utility)


def _account_id(s: Session, room_id: int, utility: str) -> int:
    acc = s.scalar(select(Account.id).where(Account.room_id == room_id, Account.utility == utility))
    if acc is None:
        raise UnknownAccount("This room has no account yet; check a student in first.")
    return acc


def _room_of_account(s: Session, account_id: int) -> tuple[Account, Room, Building]:
    acc = s.get(Account, account_id)
    if acc is None:
        raise UnknownAccount(f"No account {account_id}.")
    room = s.get(Room, acc.room_id)
    return acc, room, s.get(Building, room.building_id)


def active_meter(s: Session, room_id: int) -> ElectricityMeter | None:
    """The room's electricity meter in service (None: none)."""
    return s.scalar(select(ElectricityMeter).where(ElectricityMeter.room_id == room_id,
                                                   ElectricityMeter.replaced_on.is_(None)))


@cache
def _active_meter_id() -> Select:
    """The id of `active_meter` (built once)."""
    return select(ElectricityMeter.id).where(ElectricityMeter.room_id == bindparam("room_id"),
                                             ElectricityMeter.replaced_on.is_(None))


def _lives_in(s: Session, student_id: int, room_id: int) -> bool:
    return s.scalar(select(Occupancy.id).join(Bed).where(Occupancy.student_id == student_id, Bed.room_id == room_id,
                                                         Occupancy.end_at.is_(None))) is not None


@dataclass(frozen=True)
class _Party:
    """Who and where a counter operation is for, gathered once. `meter_id` and `pays_water_debt` are
    what a recharge needs; a refund's receipt names the rest."""

    account_id: int
    utility: str
    room_id: int
    building_id: int
    school: str
    building_name: str
    room_code: str
    student_name: str
    student_no: str | None
    meter_id: int | None
    pays_water_debt: bool


def _party(s: Session, account_id: int, student_id: int | None) -> _Party:
    row = s.execute(
        select(Account.utility, Room.id, Room.number, Building.id, Building.code, Building.name, ElectricityMeter.id,
               BuildingPolicy.recharge_pays_water_debt)
        .join(Room, Room.id == Account.room_id).join(Building, Building.id == Room.building_id)
        .outerjoin(ElectricityMeter, and_(ElectricityMeter.room_id == Room.id, ElectricityMeter.replaced_on.is_(None)))
        .outerjoin(BuildingPolicy, BuildingPolicy.building_id == Building.id)
        .where(Account.id == account_id)).first()
    if row is None:
        raise UnknownAccount(f"No account {account_id}.")
    utility, room_id, number, building_id, code, building_name, meter_id, pays = row
    school = s.get(Setting, "school_name")
    student = s.get(Student, student_id) if student_id is not None else None
    return _Party(account_id, utility, room_id, building_id, str(school.value) if school else "", building_name,
                  f"{code}-{number}", student.name if student else "", student.student_no if student else None,
                  meter_id, bool(pays))


def _receipt(s: Session, actor: Actor, kind: str, party: _Party, amount_fen: int, method_label: str,
             reference: str | None, balance_after_fen: int, entry_id: int, at: datetime) -> Receipt:
    number = sequences.take(s, "receipt")
    days_left = None
    if kind == "recharge":      # how long the money lasts at the room's recent use: on the receipt
        outlook = forecast.days_left(s, party.room_id, at=at, utility=party.utility)
        days_left = outlook.days if outlook is not None else None
    payload = {"school": party.school, "number": number, "kind": kind, "utility": party.utility,
               "building_name": party.building_name, "room_code": party.room_code,
               "student_name": party.student_name, "student_no": party.student_no, "amount_fen": amount_fen,
               "method_label": method_label, "reference": reference,
               "operator_name": actor.display_name or actor.login, "at": at.isoformat(),
               "balance_after_fen": balance_after_fen, "days_left": days_left}
    rec = Receipt(number=number, kind=kind, ledger_entry_id=entry_id, operator_id=actor.id, payload=payload)
    s.add(rec)
    s.flush()
    return rec


def clean_reference(reference: str | None) -> str | None:
    """A payment reference as it is stored and printed: trimmed, None when empty. One longer than
    MAX_REFERENCE or with a control or invisible character (a line break, an escape, a zero-width
    space) is refused: it could not be matched to the provider's statement or printed as typed."""
    reference = (reference or "").strip()
    if not reference:
        return None
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput(f"A payment reference has at most {MAX_REFERENCE} characters; "
                           f"this one has {len(reference)}. Nothing was posted.")
    if any(unicodedata.category(ch).startswith(("C", "Z")) and ch != " " for ch in reference):
        raise InvalidInput("The payment reference contains a line break, control or invisible character; "
                           "type it again as printed on the payment. Nothing was posted.")
    return reference


def recharge(store: Store, actor: Actor, *, room_id: int, utility: str, amount: Money, method: str,
             reference: str | None = None, payer_id: int | None = None, key: str) -> CounterResult:
    """Take money at the counter for a room's account. A repeated `key` returns the first result."""
    require(actor, "money.recharge")
    amount.positive("A recharge")
    reference = clean_reference(reference)
    with store.read() as s:   # every check in one read transaction
        line, after = _recharge_plan(s, actor, room_id, utility, amount, method, reference, payer_id, key)
    return _counter_result(Ledger(store).post(actor, key, "recharge", [line], after=after, shift_of=actor), line)


def recharge_in(s: Session, actor: Actor, *, room_id: int, utility: str, amount: Money, method: str,
                reference: str | None = None, payer_id: int | None = None, key: str,
                to_water: Money | None = None) -> CounterResult:
    """`recharge` inside the caller's write transaction (check-out collects a debt in its own).
    `to_water` (electricity only): this much of the payment goes on to the room's water account in the
    same transaction, whatever the building's policy — one payment, with one receipt and one
    provider reference, for both utilities (a check-out collecting both debts)."""
    require(actor, "money.recharge")
    amount.positive("A recharge")
    reference = clean_reference(reference)
    line, after = _recharge_plan(s, actor, room_id, utility, amount, method, reference, payer_id, key, to_water)
    return _counter_result(post_in(s, actor, key, "recharge", [line], after=after, shift_of=actor), line)


def _counter_result(res, line: Line) -> CounterResult:
    return CounterResult(res.operation_id, res.entry, line.account_id, line.amount, res.extra.get("receipt_id"),
                         res.extra.get("receipt_number"), res.extra.get("purchase_id"), res.replayed,
                         Money(res.extra.get("water_debt_paid_fen", 0)))


def _recharge_plan(s: Session, actor: Actor, room_id: int, utility: str, amount: Money, method: str,
                   reference: str | None, payer_id: int | None, key: str, to_water: Money | None = None):
    """The recharge's checks, its ledger line and the hook that posts the rest with it."""
    pm = next((m for m in payment_methods.offered_in(s) if m.code == method), None)
    if pm is None:
        raise InvalidInput(f"“{method}” is not a payment method this office accepts.")
    payment_methods.recharge_limits_in(s).check(amount)   # the office's ceiling, whatever the window did
    if pm.requires_reference and reference is None:
        raise InvalidInput(f"A {pm.label} recharge needs the transaction reference.")
    account_id = _account_id(s, room_id, utility)
    payer = s.get(Student, payer_id) if payer_id is not None else None
    if payer_id is not None and payer is None:
        raise UnknownStudent(f"No student with id {payer_id}.")
    if payer is not None and not _lives_in(s, payer.id, room_id):
        raise InvalidInput(f"{payer.name} ({payer.student_no}) does not live in this room.")
    party = _party(s, account_id, payer_id)
    if utility == "electricity" and party.meter_id is None:
        raise InvalidInput("This room has no electricity meter; the money could not reach the room.")
    if to_water is not None and (utility != "electricity" or not Money(0) < to_water < amount):
        raise InvalidInput("Only part of an electricity payment can go on to the water account.")

    def after(s: Session, operation_id: int, entries: tuple[PostedEntry, ...]) -> dict:
        e = entries[0]
        shift = open_shift_in(s, actor)
        moved = _pay_water_debt(s, actor, key, party, amount, payer_id, to_water) if utility == "electricity" else 0
        rec = _receipt(s, actor, "recharge", party, amount.fen, pm.label, reference, e.balance_after.fen - moved,
                       e.id, e.created_at)
        s.add(CounterTransaction(operation_id=operation_id, shift_id=shift.id, method=method, amount_fen=amount.fen,
                                 receipt_id=rec.id))
        purchase_id = None
        if utility == "electricity" and amount.fen > moved:
            p = Purchase(meter_id=party.meter_id, ledger_entry_id=e.id, kind=PURCHASE_MONEY,
                         amount=amount.fen - moved, status="pending")
            s.add(p)
            s.flush()
            purchase_id = p.id
            events.stage(s, "purchase_state_changed", rooms={party.room_id}, ids=[p.id])
        return {"receipt_id": rec.id, "receipt_number": rec.number, "purchase_id": purchase_id, "shift_id": shift.id,
                "water_debt_paid_fen": moved}

    return Line(account_id, "recharge", amount, payer_id, method, reference), after


def _pay_water_debt(s: Session, actor: Actor, key: str, party: _Party, amount: Money, payer_id: int | None,
                    to_water: Money | None = None) -> int:
    """Where the building's policy says so, an electricity recharge first pays the room's water debt
    (a transfer in the same transaction); `to_water` moves that much whatever the policy. Returns the
    fen moved to water."""
    if to_water is None and not party.pays_water_debt:
        return 0
    water = s.scalar(select(Account).where(Account.room_id == party.room_id, Account.utility == "water"))
    if water is None:
        if to_water is not None:
            raise InvalidInput("This room has no water account; the payment cannot go on to water.")
        return 0
    if to_water is not None:
        moved = to_water.fen
    elif water.balance_fen >= 0:
        return 0
    else:
        moved = min(amount.fen, -water.balance_fen)
    post_in(s, actor, f"{key}-water-debt", "transfer", [
        Line(party.account_id, "transfer", Money(-moved), payer_id, memo="recharge pays water debt"),
        Line(water.id, "transfer", Money(moved), payer_id, memo="recharge pays water debt")])
    return moved


# ----- refunds ---------------------------------------------------------------------------------

def refund_threshold(store: Store) -> Money:
    with store.read() as s:
        row = s.get(Setting, REFUND_THRESHOLD_SETTING)
        return Money(int(row.value)) if row else Money(DEFAULT_REFUND_THRESHOLD_FEN)


def refundable(store: Store, account_id: int) -> Money:
    """What may still be paid back: the balance less unspent subsidy (subsidies are spent first and
    are never refundable) less refunds already on their way to the meter."""
    with store.read() as s:
        return Money(_refundable(s, account_id))


def _refundable(s: Session, account_id: int) -> int:
    acc = s.get(Account, account_id)
    if acc is None:
        raise UnknownAccount(f"No account {account_id}.")
    rows = s.execute(_sums_by_kind(), {"account_id": account_id}).all()
    sums = {kind: fen for kind, fen, _leaving_fen in rows}
    # each row carries `leaving_fen` too; with no entry at all the balance is 0 and nothing is refundable
    leaving = int(rows[0][2] or 0) if rows else 0
    unspent_subsidy = max(0, int(sums.get("subsidy") or 0) + int(sums.get("consumption") or 0))
    return max(0, min(acc.balance_fen, acc.balance_fen - unspent_subsidy) - leaving)


@cache
def _sums_by_kind() -> Select:
    """An account's entries summed by kind, a reversal counted as the kind it reverses, each row with
    the account's `leaving_fen` beside: one round trip (built once: building the statement cost more
    than running it)."""
    orig = aliased(LedgerEntry)
    kind = case((LedgerEntry.kind == "reversal", orig.kind), else_=LedgerEntry.kind)
    return (select(kind, func.sum(LedgerEntry.amount_fen), _leaving().scalar_subquery())
            .outerjoin(orig, orig.id == LedgerEntry.reverses_id)
            .where(LedgerEntry.account_id == bindparam("account_id")).group_by(kind))


@cache
def _leaving() -> Select:
    """`leaving_fen`'s three sums in one statement (built once; one round trip per account)."""
    refunds = select(func.coalesce(func.sum(RefundRequest.amount_fen), 0)).where(
        RefundRequest.account_id == bindparam("account_id"), RefundRequest.status == "awaiting_meter")
    voids = (select(func.coalesce(func.sum(VoidRequest.amount_fen), 0))
             .join(Receipt, Receipt.id == VoidRequest.receipt_id)
             .join(LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id)
             .where(LedgerEntry.account_id == bindparam("account_id"), VoidRequest.status == "awaiting_meter"))
    shares = select(func.coalesce(func.sum(ShareTransfer.amount_fen), 0)).where(
        ShareTransfer.from_account_id == bindparam("account_id"), ShareTransfer.status == "awaiting_meter")
    return select(refunds.scalar_subquery() + voids.scalar_subquery() + shares.scalar_subquery())


def leaving_fen(s: Session, account_id: int) -> int:
    """Money on its way out of the account, still in its balance: refunds, voids and carried shares
    (app.counter.share_transfers) waiting for the meter to give it back. Nothing else may be paid out
    of it meanwhile."""
    return int(s.scalar(_leaving(), {"account_id": account_id}) or 0)


@retry.retrying
def request_refund(store: Store, actor: Actor, *, account_id: int, amount: Money, student_id: int | None,
                   method: str = "cash", key: str, approver: Actor | None = None, reason: str = "") -> RefundInfo:
    """Start a refund. Electricity: the negative credit goes to the meter first and the refund is paid
    once the meter accepts it (see `complete_refund`); water: paid at once, in the same transaction
    as the request, so a crash leaves either nothing or a paid refund. A repeated key returns the
    first request (completing a water refund an older version left waiting); the same key with a
    different account, amount, student or method raises IdempotencyConflict."""
    require(actor, "money.refund")
    amount.positive("A refund")
    pm = payment_methods.method(store, method)
    with store.write() as s:
        return refund_in(s, actor, account_id=account_id, amount=amount, student_id=student_id, method=pm.code,
                         key=key, approver=approver, reason=reason)


def refund_in(s: Session, actor: Actor, *, account_id: int, amount: Money, student_id: int | None, method: str,
              key: str, approver: Actor | None = None, reason: str = "", held: Held | None = None) -> RefundInfo:
    """`request_refund` inside the caller's write transaction (check-out settles and refunds in one);
    `method` is a payment method code the caller has checked. `held`: what the transaction holds
    already (`Held`: the operator's shift and the room's accounts locked, as check-out does before it
    settles): no lock is asked for again, so neither is the key looked up a second time (nobody could
    have refunded from the account under it meanwhile), nor at all when `held` found it unused; the
    shift, the rows and the school's name come from `held`."""
    require(actor, "money.refund")
    amount.positive("A refund")
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_REFUND_KEY:
        raise InvalidInput(f"A refund needs an idempotency key of at most {MAX_REFUND_KEY} characters.")
    def replay() -> RefundInfo | None:
        prior = s.scalar(select(RefundRequest).where(RefundRequest.idempotency_key == key))
        if prior is None:
            return None
        if (prior.account_id, prior.amount_fen, prior.student_id, prior.method) != (
                account_id, amount.fen, student_id, method):
            raise IdempotencyConflict(f"The key {key} was already used for a different refund; nothing was refunded.")
        if prior.status == "awaiting_meter" and s.get(Account, prior.account_id).utility == "water":
            settle_water_refund(s, prior.id)
        return _refund_info(s, prior)

    if held is None or key not in held.unused_keys:
        done = replay()
        if done is not None:
            return done
    if held is not None:
        if held.shift_of(actor) is None:        # the open shift (ShiftError without one); the accounts are held
            lock_money(s, [], shift_of=actor)
    else:
        lock_money(s, [account_id], shift_of=actor)   # the lock order: shift, then the room's accounts
        # The same key may have committed on another workstation while we waited for the locks.
        done = replay()
        if done is not None:
            return done
    acc, room, _ = _room_of_account(s, account_id)
    if student_id is not None:
        student = s.get(Student, student_id)
        if student is None:
            raise UnknownStudent(f"No student with id {student_id}.")
        lives_here = held is not None and held.residents.get(student_id) == room.id
        if not lives_here and not _lived_in(s, student_id, room.id):
            raise InvalidInput(f"{student.name} ({student.student_no}) has never lived in this room; "
                               "a refund goes to a student who lives or lived here. Nothing was refunded.")
    check_refund_limit(s, actor, approver, account_id, amount)
    can = _refundable(s, account_id)
    if amount.fen > can:
        raise InvalidAmount(f"At most {Money(can).display()} can be refunded from this account; "
                            f"{amount.display()} was asked. Nothing was refunded.")
    purchase_id = None
    if acc.utility == "electricity":
        # the negative credit first, so that the request is written once, with it
        meter_id = s.scalar(_active_meter_id(), {"room_id": room.id})
        if meter_id is None:
            raise InvalidInput("This room has no electricity meter to take the money back from.")
        p = Purchase(meter_id=meter_id, kind=PURCHASE_MONEY, amount=-amount.fen, status="pending")
        s.add(p)
        s.flush()
        purchase_id = p.id
        events.stage(s, "purchase_state_changed", rooms={room.id}, ids=[p.id])
    req = RefundRequest(idempotency_key=key, account_id=account_id, student_id=student_id,
                        amount_fen=amount.fen, method=method, status="awaiting_meter", operator_id=actor.id,
                        approved_by=approver.id if approver else None, reason=reason[:255], purchase_id=purchase_id)
    s.add(req)
    s.flush()
    if held is not None:
        held.unused_keys.discard(key)           # used now (if this savepoint rolls back, it is looked up again)
    audit.record(s, actor, "refund.request", "refund_request", req.id, None,
                 {"account": account_id, "amount_fen": amount.fen, "student": student_id,
                  "approved_by": req.approved_by})
    receipt_id = None
    if acc.utility != "electricity":
        # its shift and account are locked above, and the request is this transaction's
        receipt_id = _pay_refund(s, req, held)
    return RefundInfo(req.id, req.status, Money(req.amount_fen), req.purchase_id, receipt_id, req.reason)


def _lived_in(s: Session, student_id: int, room_id: int) -> bool:
    return s.scalar(select(Occupancy.id).join(Bed).where(Occupancy.student_id == student_id,
                                                         Bed.room_id == room_id).limit(1)) is not None


def refunded_today(store: Store, room_id: int) -> dict[str, Money]:
    """Per utility, what the room's account refunded today (what the administrator's limit counts)."""
    with store.read() as s:
        return {a.utility: Money(refunded_today_fen(s, a.id))
                for a in s.scalars(select(Account).where(Account.room_id == room_id))}


def refunded_today_fen(s: Session, account_id: int) -> int:
    """Fen refunded from the account today (campus day), paid or on their way to be."""
    today = clock.today()
    start, end = clock.day_start(today), clock.day_start(today + timedelta(days=1))
    return int(s.scalar(select(func.coalesce(func.sum(RefundRequest.amount_fen), 0)).where(
        RefundRequest.account_id == account_id, RefundRequest.status != "failed",
        RefundRequest.created_at >= start, RefundRequest.created_at < end)) or 0)


def needs_approval(s: Session, actor: Actor, approver: Actor | None, account_id: int, amount: Money) -> Money | None:
    """The office's limit when refunding `amount` would take the account's refunds today above it and
    neither the actor is an administrator nor `approver` may approve; else None."""
    if current_role(actor) == "admin" or (approver is not None and holds(approver, "refund.approve")):
        return None
    row = s.get(Setting, REFUND_THRESHOLD_SETTING)
    limit = Money(int(row.value)) if row else Money(DEFAULT_REFUND_THRESHOLD_FEN)
    return limit if refunded_today_fen(s, account_id) + amount.fen > limit.fen else None


def check_refund_limit(s: Session, actor: Actor, approver: Actor | None, account_id: int, amount: Money) -> None:
    limit = needs_approval(s, actor, approver, account_id, amount)
    if limit is not None:
        raise PermissionDenied(f"Refunds above {limit.display()} a day from one account need an administrator's "
                               "approval.")


def settle_water_refund(s: Session, refund_id: int) -> str:
    """Complete a water refund left waiting (water has no meter to wait for), or, when the account can
    no longer pay it, mark it failed; returns the new status. In the caller's transaction."""
    try:
        with s.begin_nested():
            complete_refund(s, refund_id)
    except (InvalidAmount, ShiftError) as exc:
        fail_refund(s, refund_id, f"cancelled by recovery: {exc}")
    return s.get(RefundRequest, refund_id).status


def _refund_info(s: Session, r: RefundRequest) -> RefundInfo:
    receipt_id = None
    if r.ledger_entry_id is not None:
        receipt_id = s.scalar(select(Receipt.id).where(Receipt.ledger_entry_id == r.ledger_entry_id))
    return RefundInfo(r.id, r.status, Money(r.amount_fen), r.purchase_id, receipt_id, r.reason)


def refund_by_key(s: Session, key: str) -> RefundInfo | None:
    r = s.scalar(select(RefundRequest).where(RefundRequest.idempotency_key == key))
    return _refund_info(s, r) if r is not None else None


def refund_status(store: Store, refund_id: int) -> RefundInfo:
    with store.read() as s:
        return _refund_info(s, s.get(RefundRequest, refund_id))


def complete_refund(s: Session, refund_id: int) -> None:
    """The meter has the money back (or there is no meter): post the refund, the payout and the slip,
    in the caller's transaction."""
    req = s.get(RefundRequest, refund_id)
    lock_money(s, [req.account_id], shift_of=req.operator_id, shift_required=False)   # the lock order
    req = s.get(RefundRequest, refund_id, with_for_update=True, populate_existing=True)
    _pay_refund(s, req)


def _pay_refund(s: Session, req: RefundRequest, held: Held | None = None) -> int | None:
    """`complete_refund` of `req`, whose shift and account the transaction holds locked (and the
    request too, or made it); `held`: what else it holds (see `Held`). Returns the receipt's id (None:
    the request was not waiting)."""
    if req.status != "awaiting_meter":
        return None
    actor = Actor.of(s.get(Operator, req.operator_id))
    methods = held.methods if held is not None else payment_methods.methods_in(s)
    pm_label = next((m.label for m in methods if m.code == req.method), req.method)
    res = post_in(s, actor, f"refund-{req.idempotency_key}", "refund", [
        Line(req.account_id, "refund", Money(-req.amount_fen), req.student_id, req.method)], no_overdraw=True)
    e = res.entry
    shift = held.shift_of(actor) if held is not None else None
    if shift is None:
        shift = open_shift_in(s, actor)
    rec = _receipt(s, actor, "refund", _refund_party(s, req, held), req.amount_fen, pm_label, None,
                   e.balance_after.fen, e.id, e.created_at)
    s.add(CounterTransaction(operation_id=res.operation_id, shift_id=shift.id, method=req.method,
                             amount_fen=-req.amount_fen, receipt_id=rec.id))
    req.status = "paid"
    req.ledger_entry_id = e.id
    audit.record(s, actor, "refund.paid", "refund_request", req.id, {"status": "awaiting_meter"},
                 {"status": "paid", "entry": e.id, "receipt": rec.number})
    return rec.id


def _refund_party(s: Session, req: RefundRequest, held: Held | None) -> _Party:
    """Who and where a refund's receipt names: from the rows `held` keeps alive (no statement), else
    `_party`. (A refund's receipt needs no meter and pays no water debt.)"""
    if held is None:
        return _party(s, req.account_id, req.student_id)
    acc, room, building = _room_of_account(s, req.account_id)
    student = s.get(Student, req.student_id) if req.student_id is not None else None
    return _Party(acc.id, acc.utility, room.id, building.id, held.school, building.name,
                  f"{building.code}-{room.number}", student.name if student else "",
                  student.student_no if student else None, None, False)


def fail_refund(s: Session, refund_id: int, reason: str) -> tuple[str, str]:
    """The meter refused to give the refund's money back: nothing is paid, the money stays in the room's
    account. Returns what the office is told: the amount not paid and to whom."""
    req = s.get(RefundRequest, refund_id, with_for_update=True)
    st = s.get(Student, req.student_id) if req.student_id is not None else None
    told = (Money(req.amount_fen).display(), f"{st.name} ({st.student_no})" if st else "the room")
    if req.status != "awaiting_meter":
        return told
    req.status = "failed"
    req.reason = reason[:255]
    audit.record(s, Actor.system(), "refund.failed", "refund_request", req.id, {"status": "awaiting_meter"},
                 {"status": "failed", "reason": reason})
    return told
