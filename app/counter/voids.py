"""Voiding a recharge: the counter's way to take back money taken by mistake.

A void is one transaction: a reversing entry for the recharge (and for the water debt it paid, when
the building's policy made it pay one), a void receipt (作废 / VOID) that names the original receipt,
the money given back in the voiding operator's open shift, and, for electricity, a debit on the
meter (a negative money purchase through the same outbox as every credit), so the meter never keeps
credit the ledger took back.

Who: a clerk voids a recharge taken in their own shift while it is open; after that, only an
administrator (the money then goes out of the administrator's own open shift). A recharge the room
has already spent from (the account's balance, or the meter's last reported credit, is below the
recharge) is refused with the amount that could still be voided; nothing is voided in part.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, current_role, require
from app.counter import sequences
from app.counter.ledger import Line, post_in
from app.counter.money import Money
from app.counter.shifts import open_shift_in
from app.errors import AlreadyReversed, InvalidAmount, InvalidInput, NotFound, PermissionDenied
from db.engine import Store
from db.models import (
    Account,
    CounterTransaction,
    ElectricityReading,
    LedgerEntry,
    MoneyOperation,
    Purchase,
    Receipt,
    RefundRequest,
    Shift,
)

PURCHASE_MONEY = 1      # the meter's money credit (a negative amount takes money back)


@dataclass(frozen=True)
class VoidResult:
    operation_id: int
    receipt_id: int          # the void receipt
    receipt_number: int
    voids_number: int        # the recharge receipt it voids
    amount: Money            # what crossed the counter back, > 0
    purchase_id: int | None  # the meter debit, None when the meter never got the credit
    replayed: bool


@dataclass(frozen=True)
class _Original:
    receipt: Receipt
    entry: LedgerEntry
    operation: MoneyOperation
    counter: CounterTransaction
    shift: Shift
    water_legs: list[LedgerEntry]     # the water-debt transfer the recharge paid, if any
    purchase: Purchase | None

    @property
    def to_water_fen(self) -> int:
        return sum(e.amount_fen for e in self.water_legs if e.account_id != self.entry.account_id)

    @property
    def meter_debit_fen(self) -> int:
        """What the meter was (or will be) credited and must give back: 0 when the credit failed."""
        if self.purchase is None or self.purchase.status == "failed":
            return 0
        return self.purchase.amount


def _original(s: Session, receipt_id: int) -> _Original:
    rec = s.get(Receipt, receipt_id)
    if rec is None:
        raise NotFound(f"No receipt {receipt_id}.")
    if rec.kind != "recharge" or rec.ledger_entry_id is None:
        raise InvalidInput(f"Only a recharge can be voided; receipt {rec.number:08d} is not one.")
    entry = s.get(LedgerEntry, rec.ledger_entry_id)
    op = s.get(MoneyOperation, entry.operation_id)
    counter = s.scalar(select(CounterTransaction).where(CounterTransaction.receipt_id == rec.id))
    water_op = s.scalar(select(MoneyOperation.id).where(MoneyOperation.idempotency_key == f"{op.idempotency_key}-water-debt"))
    legs = list(s.scalars(select(LedgerEntry).where(LedgerEntry.operation_id == water_op).order_by(LedgerEntry.id))) \
        if water_op is not None else []
    purchase = s.scalar(select(Purchase).where(Purchase.ledger_entry_id == entry.id, Purchase.amount > 0))
    return _Original(rec, entry, op, counter, s.get(Shift, counter.shift_id), legs, purchase)


def _meter_credit(s: Session, orig: _Original) -> int | None:
    """The meter's credit as last reported, plus what was delivered or queued since; None when no
    reading followed the recharge's delivery (the meter's own figure is not known yet)."""
    p = orig.purchase
    if p is None or p.status != "delivered" or p.delivered_at is None:
        return None
    reading = s.scalar(select(ElectricityReading).where(ElectricityReading.meter_id == p.meter_id,
                                                        ElectricityReading.taken_at >= p.delivered_at)
                       .order_by(ElectricityReading.taken_at.desc()).limit(1))
    if reading is None:
        return None
    since = s.scalar(select(func.coalesce(func.sum(Purchase.amount), 0)).where(
        Purchase.meter_id == p.meter_id, Purchase.kind == PURCHASE_MONEY,
        ((Purchase.status == "delivered") & (Purchase.delivered_at > reading.taken_at))
        | (Purchase.status == "pending"))) or 0
    return reading.balance_fen + int(since)


def _voidable_fen(s: Session, orig: _Original) -> int:
    """The part of the recharge still in the room: all of it, or less when the room spent some."""
    amount = orig.entry.amount_fen
    to_water = orig.to_water_fen
    acc = s.get(Account, orig.entry.account_id)
    waiting = s.scalar(select(func.coalesce(func.sum(RefundRequest.amount_fen), 0)).where(
        RefundRequest.account_id == acc.id, RefundRequest.status == "awaiting_meter")) or 0
    in_room = acc.balance_fen - int(waiting)
    credit = _meter_credit(s, orig)
    if credit is not None and orig.meter_debit_fen:
        in_room = min(in_room, credit)
    return max(0, min(amount, to_water + max(0, in_room)))


def voidable(store: Store, receipt_id: int) -> Money:
    """How much of the recharge on `receipt_id` is still in the room (what a void could take back)."""
    with store.read() as s:
        return Money(_voidable_fen(s, _original(s, receipt_id)))


def _result(s: Session, op: MoneyOperation, replayed: bool) -> VoidResult:
    r = op.result
    return VoidResult(op.id, r["receipt_id"], r["receipt_number"], r["voids_number"], Money(r["amount_fen"]),
                      r.get("purchase_id"), replayed)


def void_recharge(store: Store, actor: Actor, *, receipt_id: int, reason: str, key: str) -> VoidResult:
    """Void the recharge on `receipt_id` (see the module docstring). A repeated `key` returns the
    first void. Raises PermissionDenied (a clerk after the recharge's shift, or not their shift),
    AlreadyReversed, InvalidAmount (the room spent part of it: says how much can still be voided),
    ShiftError (no open shift) and InvalidInput (not a recharge; no reason)."""
    require(actor, "money.reverse")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the recharge is voided: the reason is printed on the void receipt.")
    with store.write() as s:
        prior = s.scalar(select(MoneyOperation).where(MoneyOperation.idempotency_key == key))
        if prior is not None and "voids_number" in (prior.result or {}):
            return _result(s, prior, True)
        orig = _original(s, receipt_id)
        number = orig.receipt.number
        if current_role(actor) != "admin" and (orig.shift.closed_at is not None or orig.shift.operator_id != actor.id):
            raise PermissionDenied(f"Receipt {number:08d} was taken in a shift that is closed or not yours; "
                                   "only an administrator can void it now.")
        done = s.scalar(select(Receipt.number).join(LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id)
                        .where(LedgerEntry.reverses_id == orig.entry.id))
        if done is not None:
            raise AlreadyReversed(f"Receipt {number:08d} was already voided by receipt {done:08d}.")
        if s.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == orig.entry.id)) is not None:
            raise AlreadyReversed(f"Receipt {number:08d} was already reversed by an administrator.")
        shift = open_shift_in(s, actor)
        # Lock the accounts (in id order, as the ledger does) before reading what is still in the room.
        for acc_id in sorted({orig.entry.account_id, *(e.account_id for e in orig.water_legs)}):
            s.get(Account, acc_id, with_for_update=True, populate_existing=True)
        amount = orig.entry.amount_fen
        can = _voidable_fen(s, orig)
        if can < amount:
            raise InvalidAmount(f"The room has already spent part of this recharge: {Money(can).display()} of "
                                f"{Money(amount).display()} can still be voided. Nothing was voided.")
        memo = f"void of receipt {number:08d}: {reason}"[:255]
        lines = [Line(e.account_id, "reversal", Money(-e.amount_fen), e.student_id, reverses_id=e.id, memo=memo)
                 for e in [orig.entry, *orig.water_legs]]

        def after(s: Session, operation_id: int, entries: tuple) -> dict:
            own = next(e for e in entries if e.reverses_id == orig.entry.id)
            balance_after = s.get(Account, orig.entry.account_id).balance_fen
            rec = _void_receipt(s, actor, orig, reason, own.id, balance_after, own.created_at)
            s.add(CounterTransaction(operation_id=operation_id, shift_id=shift.id, method=orig.counter.method,
                                     amount_fen=-amount, receipt_id=rec.id))
            purchase_id = None
            if orig.meter_debit_fen:
                p = Purchase(meter_id=orig.purchase.meter_id, ledger_entry_id=own.id, kind=PURCHASE_MONEY,
                             amount=-orig.meter_debit_fen, status="pending")
                s.add(p)
                s.flush()
                purchase_id = p.id
                events.stage(s, "purchase_state_changed", rooms={s.get(Account, own.account_id).room_id},
                             ids=[p.id])
            audit.record(s, actor, "receipt.void", "receipt", orig.receipt.id, None, {
                "number": number, "void_receipt": rec.number, "amount_fen": amount, "reason": reason,
                "meter_debit_purchase": purchase_id})
            return {"receipt_id": rec.id, "receipt_number": rec.number, "voids_number": number,
                    "amount_fen": amount, "purchase_id": purchase_id, "shift_id": shift.id}

        res = post_in(s, actor, key, "reversal", lines, after=after)
        return VoidResult(res.operation_id, res.extra["receipt_id"], res.extra["receipt_number"], number,
                          Money(amount), res.extra["purchase_id"], res.replayed)


def _void_receipt(s: Session, actor: Actor, orig: _Original, reason: str, entry_id: int, balance_after_fen: int,
                  at) -> Receipt:
    number = sequences.take(s, "receipt")
    payload = {**orig.receipt.payload, "number": number, "kind": "void", "operator_name":
               actor.display_name or actor.login, "at": at.isoformat(), "balance_after_fen": balance_after_fen,
               "voids_number": orig.receipt.number, "void_reason": reason}
    rec = Receipt(number=number, kind="void", ledger_entry_id=entry_id, operator_id=actor.id, payload=payload)
    s.add(rec)
    s.flush()
    return rec
