"""The ledger: immutable entries per room account, posted under idempotency keys.

Guarantees a caller may rely on:
- an account's balance is the sum of its entries; `Account.balance_fen` caches it and is written
  only here, in the same transaction as the entry, with the account row locked, so it cannot drift
  (and `verify` proves it);
- an operation's idempotency key is stored with its result: posting the same key again returns the
  first result (`replayed=True`) and posts nothing, even when both attempts race on two workstations;
- nothing is ever edited or deleted: a mistake is corrected by `reverse`, which posts the opposite;
- an operation that loses a race with another workstation (a deadlock, a serialization failure,
  SQLite busy) is run again with the same key (db.retry), so the clerk never sees the race.

THE LOCK ORDER. Every transaction that moves money takes its row locks in this order, and never
goes back to an earlier step (steps may be skipped), so two workstations cannot deadlock:
  1. the stay or the room being changed (check-in locks the room, check-out its occupancy);
  2. the operator's open shift (`lock_money(..., shift_of=actor)`, which is `shifts.open_shift_in`);
  3. the accounts: every account of every room the operation touches (electricity and water), in
     account-id order, all in one statement (`lock_money`). Billing locks its billing cursors (which
     nothing else locks), then the accounts of the meters it bills, in account-id order, one
     utility per pass (electricity, then water): safe beside `lock_money`, which never holds a
     room's water account without its electricity account (lower id), and a bus has one owner;
  4. the operation's own rows: its purchase in the outbox, then its refund request (delivery locks
     the refund's shift and accounts through `lock_money` *before* it locks the purchase);
  5. gapless numbers (`sequences.take`: receipts, day closes);
  6. the hash chain's head (app.integrity.chain, as the transaction commits).
`lock_money` is the one helper that takes steps 2 and 3; posting (`post`, `post_in`) goes through
it, so a caller that needs its shift locked passes `shift_of` instead of locking the shift itself.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, current_role, require
from app.counter.money import Money
from app.counter.shifts import open_shift_of
from app.errors import (
    AlreadyReversed,
    DuplicateReference,
    IdempotencyConflict,
    InvalidAmount,
    InvalidInput,
    LedgerError,
    UnknownAccount,
    UnknownEntry,
)
from db import retry
from db.engine import Store
from db.models import Account, LedgerEntry, MoneyOperation, Shift

MAX_KEY = 80


@dataclass(frozen=True)
class PostedEntry:
    id: int
    account_id: int
    kind: str
    amount: Money
    balance_after: Money
    student_id: int | None
    payment_method: str | None
    external_ref: str | None
    reverses_id: int | None
    created_at: datetime


@dataclass(frozen=True)
class OperationResult:
    operation_id: int
    key: str
    kind: str
    entries: tuple[PostedEntry, ...]
    replayed: bool = False
    extra: dict = field(default_factory=dict)   # what the operation's `after` hook recorded (receipt, purchase, …)

    @property
    def entry(self) -> PostedEntry:
        return self.entries[0]


AfterHook = Callable[[Session, int, tuple[PostedEntry, ...]], dict]


@dataclass(frozen=True)
class Line:
    """One entry to post: `amount` signed as it moves the account's balance."""

    account_id: int
    kind: str
    amount: Money
    student_id: int | None = None
    payment_method: str | None = None
    external_ref: str | None = None
    reverses_id: int | None = None
    memo: str = ""


@dataclass(frozen=True)
class Drift:
    account_id: int
    cached_fen: int
    summed_fen: int
    last_balance_after_fen: int | None
    cached_count: int
    counted: int


def _entry(e: LedgerEntry) -> PostedEntry:
    return PostedEntry(e.id, e.account_id, e.kind, Money(e.amount_fen), Money(e.balance_after_fen),
                       e.student_id, e.payment_method, e.external_ref, e.reverses_id, e.created_at)


def _fingerprint(kind: str, lines: list[Line]) -> str:
    body = json.dumps([kind] + [[ln.account_id, ln.kind, ln.amount.fen, ln.student_id, ln.payment_method,
                                 ln.external_ref, ln.reverses_id] for ln in lines])
    return hashlib.sha256(body.encode()).hexdigest()[:32]


def lock_money(s: Session, account_ids: Iterable[int], *, shift_of: Actor | int | None = None,
               shift_required: bool = True) -> tuple[Shift | None, dict[int, Account]]:
    """Steps 2 and 3 of the lock order (see the module docstring), in the caller's write transaction:
    the open shift of `shift_of` (an actor or an operator id; ShiftError when there is none and
    `shift_required`), then every account of the rooms `account_ids` belong to, in account-id
    order. Returns the shift and the accounts asked for, fresh from the database. Taking a lock the
    transaction already holds costs nothing, so a caller may lock early and post later."""
    shift = None
    if shift_of is not None:
        operator_id = shift_of if isinstance(shift_of, int) else shift_of.id
        shift = open_shift_of(s, operator_id, required=shift_required)
    wanted = set(account_ids)
    if not wanted:
        return shift, {}
    rooms = select(Account.room_id).where(Account.id.in_(wanted)).scalar_subquery()
    locked = s.scalars(select(Account).where(Account.room_id.in_(rooms) | Account.id.in_(wanted))
                       .order_by(Account.id).with_for_update().execution_options(populate_existing=True)).all()
    accounts = {a.id: a for a in locked if a.id in wanted}
    missing = wanted - accounts.keys()
    if missing:
        raise UnknownAccount(f"No account {min(missing)}.")
    return shift, accounts


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput("Every money operation needs an idempotency key.")
    if len(key) > MAX_KEY:
        raise InvalidInput(f"An idempotency key has at most {MAX_KEY} characters.")
    return key


class Ledger:
    def __init__(self, store: Store) -> None:
        self.store = store

    # ----- operations -------------------------------------------------------------------------

    def recharge(self, actor: Actor, account_id: int, amount: Money, *, key: str, method: str,
                 external_ref: str | None = None, student_id: int | None = None, memo: str = "") -> OperationResult:
        require(actor, "money.recharge")
        amount.positive("A recharge")
        ref = (external_ref or "").strip() or None
        return self._post(actor, key, "recharge", [
            Line(account_id, "recharge", amount, student_id, method, ref, memo=memo)])

    def refund(self, actor: Actor, account_id: int, amount: Money, *, key: str, student_id: int | None = None,
               method: str = "cash", memo: str = "") -> OperationResult:
        require(actor, "money.refund")
        amount.positive("A refund")
        return self._post(actor, key, "refund", [
            Line(account_id, "refund", -amount, student_id, method, memo=memo)], no_overdraw=True)

    def consumption(self, actor: Actor, account_id: int, amount: Money, *, key: str, memo: str = "") -> OperationResult:
        require(actor, "money.consume")
        amount.positive("A consumption charge")
        return self._post(actor, key, "consumption", [Line(account_id, "consumption", -amount, memo=memo)])

    def subsidy(self, actor: Actor, account_id: int, amount: Money, *, key: str, memo: str = "") -> OperationResult:
        require(actor, "money.subsidy")
        amount.positive("A subsidy")
        return self._post(actor, key, "subsidy", [Line(account_id, "subsidy", amount, memo=memo)])

    def transfer(self, actor: Actor, from_account: int, to_account: int, amount: Money, *, key: str,
                 student_id: int | None = None, memo: str = "") -> OperationResult:
        require(actor, "money.transfer")
        amount.positive("A transfer")
        if from_account == to_account:
            raise InvalidInput("A transfer needs two different accounts.")
        return self._post(actor, key, "transfer", [
            Line(from_account, "transfer", -amount, student_id, memo=memo),
            Line(to_account, "transfer", amount, student_id, memo=memo)], no_overdraw=True)

    def reverse(self, actor: Actor, entry_id: int, *, key: str, reason: str) -> OperationResult:
        """Post the opposite of every entry of `entry_id`'s operation (both legs of a transfer)."""
        require(actor, "money.reverse")
        if not reason.strip():
            raise InvalidInput("Say why the entry is reversed.")
        with self.store.read() as s:
            original = s.get(LedgerEntry, entry_id)
            if original is None:
                raise UnknownEntry(f"No ledger entry {entry_id}.")
            if original.kind == "reversal":
                raise LedgerError("A reversal cannot itself be reversed; post a new entry instead.")
            # [H1, issue 9 item 4] Money that crossed the counter (its operation has a counter
            # transaction) goes back through app.counter.voids, which posts with `post_in`; a clerk
            # cannot take it back here.
            from app.errors import PermissionDenied
            from db.models import CounterTransaction
            if current_role(actor) != "admin" and s.scalar(select(CounterTransaction.id).where(
                    CounterTransaction.operation_id == original.operation_id)) is not None:
                raise PermissionDenied("Money taken or paid out at the counter is taken back by voiding its "
                                       "receipt, not by a reversal; nothing was reversed.")
            legs = list(s.scalars(select(LedgerEntry).where(LedgerEntry.operation_id == original.operation_id)
                                  .order_by(LedgerEntry.id)))
        lines = [Line(e.account_id, "reversal", Money(-e.amount_fen), e.student_id, reverses_id=e.id,
                      memo=reason.strip()[:255]) for e in legs]
        return self._post(actor, key, "reversal", lines)

    # ----- reading ----------------------------------------------------------------------------

    def balance(self, account_id: int) -> Money:
        with self.store.read() as s:
            acc = s.get(Account, account_id)
            if acc is None:
                raise UnknownAccount(f"No account {account_id}.")
            return Money(acc.balance_fen)

    def entries(self, account_id: int, limit: int = 500) -> list[PostedEntry]:
        with self.store.read() as s:
            rows = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account_id)
                             .order_by(LedgerEntry.id.desc()).limit(limit))
            return [_entry(e) for e in rows]

    def verify(self) -> list[Drift]:
        """Accounts whose cached balance, entry count or last running balance disagree with their entries."""
        with self.store.read() as s:
            sums = (select(LedgerEntry.account_id, func.coalesce(func.sum(LedgerEntry.amount_fen), 0).label("total"),
                           func.count(LedgerEntry.id).label("n"), func.max(LedgerEntry.id).label("last_id"))
                    .group_by(LedgerEntry.account_id).subquery())
            last = LedgerEntry.__table__.alias("last")
            q = (select(Account.id, Account.balance_fen, Account.entry_count,
                        func.coalesce(sums.c.total, 0), func.coalesce(sums.c.n, 0), last.c.balance_after_fen)
                 .outerjoin(sums, sums.c.account_id == Account.id)
                 .outerjoin(last, last.c.id == sums.c.last_id))
            drifts = []
            for acc_id, cached, cached_n, total, n, last_after in s.execute(q):
                if cached != total or cached_n != n or (last_after is not None and last_after != total):
                    drifts.append(Drift(acc_id, cached, int(total), last_after, cached_n, int(n)))
            return drifts

    # ----- the one place that writes ----------------------------------------------------------

    def post(self, actor: Actor, key: str, kind: str, lines: list[Line], *, no_overdraw: bool = False,
             after: AfterHook | None = None, shift_of: Actor | None = None) -> OperationResult:
        """Post `lines` as one operation. `after(session, operation_id, entries)` runs in the same
        transaction (receipts, outbox rows, counter money) and returns a dict kept with the operation
        and handed back on replay as `OperationResult.extra`; if it raises, nothing is posted.
        `shift_of`: counter money, whose open shift is locked first (the lock order). Callers check
        permissions and amounts first. A lost race is retried with the same key (db.retry)."""
        return self._post(actor, key, kind, lines, no_overdraw=no_overdraw, after=after, shift_of=shift_of)

    def _post(self, actor: Actor, key: str, kind: str, lines: list[Line], *, no_overdraw: bool = False,
              after: AfterHook | None = None, shift_of: Actor | None = None) -> OperationResult:
        key = _check_key(key)
        fingerprint = _fingerprint(kind, lines)
        for _attempt in range(2):
            try:
                return retry.run(lambda: self._post_once(actor, key, kind, fingerprint, lines, no_overdraw, after,
                                                         shift_of))
            except IntegrityError as exc:
                # Another workstation committed the same key (or reference) between our check and insert.
                replay = self._replay(key, kind, fingerprint)
                if replay is not None:
                    return replay
                dup = self._duplicate_reference(lines)
                if dup is not None:
                    raise dup from exc
                if "reverses_id" in str(exc.orig):
                    raise AlreadyReversed("That entry has already been reversed.") from exc
                raise
        raise LedgerError("The operation could not be posted; try again.")  # pragma: no cover

    def _replay(self, key: str, kind: str, fingerprint: str) -> OperationResult | None:
        with self.store.read() as s:
            return _existing(s, key, kind, fingerprint)

    def _duplicate_reference(self, lines: list[Line]) -> DuplicateReference | None:
        with self.store.read() as s:
            return _duplicate_reference_in(s, lines)

    def _post_once(self, actor: Actor, key: str, kind: str, fingerprint: str, lines: list[Line],
                   no_overdraw: bool, after: AfterHook | None, shift_of: Actor | None) -> OperationResult:
        with self.store.write() as s:
            return _post_in(s, actor, key, kind, fingerprint, lines, no_overdraw, after, shift_of)


def post_in(s: Session, actor: Actor, key: str, kind: str, lines: list[Line], *, no_overdraw: bool = False,
            after: AfterHook | None = None, shift_of: Actor | None = None) -> OperationResult:
    """Post inside the caller's write transaction (for work that must commit together with other
    changes, such as a purchase marked delivered). Same guarantees as `Ledger.post`, except the
    retry: the caller's transaction is the unit that is run again."""
    key = _check_key(key)
    return _post_in(s, actor, key, kind, _fingerprint(kind, lines), lines, no_overdraw, after, shift_of)


def _existing(s: Session, key: str, kind: str, fingerprint: str) -> OperationResult | None:
    op = s.scalar(select(MoneyOperation).where(MoneyOperation.idempotency_key == key))
    if op is None:
        return None
    if op.kind != kind or op.result.get("fingerprint") != fingerprint:
        raise IdempotencyConflict(
            f"The key {key} was already used for a different operation ({op.kind}); nothing was posted.")
    rows = s.scalars(select(LedgerEntry).where(LedgerEntry.operation_id == op.id).order_by(LedgerEntry.id))
    extra = {k: v for k, v in op.result.items() if k not in ("fingerprint", "entries")}
    return OperationResult(op.id, key, kind, tuple(_entry(e) for e in rows), replayed=True, extra=extra)


def _duplicate_reference_in(s: Session, lines: list[Line]) -> DuplicateReference | None:
    for ln in lines:
        if ln.external_ref is None:
            continue
        prior = s.scalar(select(LedgerEntry).where(LedgerEntry.payment_method == ln.payment_method,
                                                   LedgerEntry.external_ref == ln.external_ref))
        if prior is not None:
            when = prior.created_at.strftime("%Y-%m-%d %H:%M")
            return DuplicateReference(
                f"The {ln.payment_method} reference {ln.external_ref} was already posted on {when} "
                f"(entry {prior.id}); it cannot be used twice.")
    return None


def _post_in(s: Session, actor: Actor, key: str, kind: str, fingerprint: str, lines: list[Line],
             no_overdraw: bool, after: AfterHook | None, shift_of: Actor | None = None) -> OperationResult:
    existing = _existing(s, key, kind, fingerprint)
    if existing is not None:
        return existing
    dup = _duplicate_reference_in(s, lines)
    if dup is not None:
        raise dup
    for ln in lines:
        if ln.reverses_id is not None and s.scalar(select(LedgerEntry.id).where(
                LedgerEntry.reverses_id == ln.reverses_id)) is not None:
            raise AlreadyReversed(f"Entry {ln.reverses_id} has already been reversed.")
    _shift, accounts = lock_money(s, {ln.account_id for ln in lines}, shift_of=shift_of)
    op = MoneyOperation(idempotency_key=key, kind=kind, operator_id=actor.id, result={"fingerprint": fingerprint})
    s.add(op)
    s.flush()
    posted = []
    for ln in lines:
        acc = accounts[ln.account_id]
        new_balance = acc.balance_fen + ln.amount.fen
        if no_overdraw and ln.amount.fen < 0 and new_balance < 0:
            raise InvalidAmount(
                f"{(-ln.amount).display()} is more than the account's balance of "
                f"{Money(acc.balance_fen).display()}; nothing was posted.")
        e = LedgerEntry(account_id=acc.id, operation_id=op.id, kind=ln.kind, amount_fen=ln.amount.fen,
                        balance_after_fen=new_balance, student_id=ln.student_id, operator_id=actor.id,
                        reverses_id=ln.reverses_id, payment_method=ln.payment_method,
                        external_ref=ln.external_ref, memo=ln.memo[:255])
        s.add(e)
        acc.balance_fen = new_balance
        acc.entry_count += 1
        posted.append(e)
    s.flush()
    entries = tuple(_entry(e) for e in posted)
    extra = dict(after(s, op.id, entries)) if after is not None else {}
    op.result = {"fingerprint": fingerprint, "entries": [e.id for e in posted], **extra}
    audit.record(s, actor, f"ledger.{kind}", "money_operation", op.id, None, {
        "key": key, "entries": [{"id": e.id, "account": e.account_id, "amount_fen": e.amount_fen,
                                 "balance_after_fen": e.balance_after_fen, "student": e.student_id,
                                 "method": e.payment_method, "ref": e.external_ref,
                                 "reverses": e.reverses_id} for e in posted]})
    events.stage(s, "money_moved", rooms={acc.room_id for acc in accounts.values()})
    return OperationResult(op.id, key, kind, entries, extra=extra)
