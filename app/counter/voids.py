"""Voiding a recharge: the counter's way to take back money taken by mistake.

A void takes back the whole recharge: a reversing entry for it (and for the water debt it paid, when
the building's policy made it pay one), a void receipt (作废 / VOID) that names the original receipt,
and the money given back in the voiding operator's open shift. When the recharge credited a meter
(electricity), the meter must give that credit back first, so the meter never keeps credit the
ledger took back: the void becomes a `VoidRequest` and a debit on the meter (a negative money
purchase through the same outbox as every credit), and the reversal, the receipt and the money out
of the shift are posted when the meter accepts the debit (`complete_void`, called by the delivery
engine in its transaction); when the meter refuses it (the room has spent the credit in the
meantime) nothing is posted and the void is failed with the meter's reason (`fail_void`). A void
with nothing on a meter (water, or a credit the meter never got) is posted at once. While a void
waits for its meter, the voiding operator's shift cannot close (as with refunds).

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
from app.counter import payments, sequences
from app.counter.ledger import Line, lock_money, post_in
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
    Operator,
    Purchase,
    Receipt,
    Shift,
    VoidRequest,
)


@dataclass(frozen=True)
class VoidResult:
    operation_id: int | None     # the reversal's operation; None until posted
    receipt_id: int | None       # the void receipt; None until posted
    receipt_number: int | None
    voids_number: int            # the recharge receipt it voids
    amount: Money                # what crosses the counter back, > 0
    purchase_id: int | None      # the meter debit, None when the meter never got the credit
    replayed: bool
    status: str = "done"         # done (posted), awaiting_meter (the debit is on its way), failed
    failure: str = ""            # the meter's reason, when failed
    void_id: int | None = None   # the VoidRequest of a void that waited for its meter


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
        Purchase.meter_id == p.meter_id, Purchase.kind == payments.PURCHASE_MONEY,
        ((Purchase.status == "delivered") & (Purchase.delivered_at > reading.taken_at))
        | (Purchase.status == "pending"))) or 0
    return reading.balance_fen + int(since)


def _voidable_fen(s: Session, orig: _Original) -> int:
    """The part of the recharge still in the room: all of it, or less when the room spent some."""
    amount = orig.entry.amount_fen
    to_water = orig.to_water_fen
    acc = s.get(Account, orig.entry.account_id)
    in_room = acc.balance_fen - payments.leaving_fen(s, acc.id)
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


def _request_result(s: Session, req: VoidRequest, replayed: bool) -> VoidResult:
    number = s.get(Receipt, req.receipt_id).number
    if req.status == "done":
        r = s.get(MoneyOperation, req.operation_id).result
        return VoidResult(req.operation_id, r["receipt_id"], r["receipt_number"], number, Money(req.amount_fen),
                          req.purchase_id, replayed, "done", "", req.id)
    return VoidResult(None, None, None, number, Money(req.amount_fen), req.purchase_id, replayed, req.status,
                      req.failure, req.id)


def void_status(store: Store, void_id: int) -> VoidResult:
    """Where a void that waited for its meter stands now."""
    with store.read() as s:
        return _request_result(s, s.get(VoidRequest, void_id), True)


def void_recharge(store: Store, actor: Actor, *, receipt_id: int, reason: str, key: str) -> VoidResult:
    """Void the recharge on `receipt_id` (see the module docstring). A repeated `key` returns the
    first void as it stands. Raises PermissionDenied (a clerk after the recharge's shift, or not their
    shift), AlreadyReversed, InvalidAmount (the room spent part of it: says how much can still be
    voided), ShiftError (no open shift) and InvalidInput (not a recharge; no reason)."""
    require(actor, "money.reverse")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say why the recharge is voided: the reason is printed on the void receipt.")
    with store.write() as s:
        prior = s.scalar(select(MoneyOperation).where(MoneyOperation.idempotency_key == key))
        if prior is not None and "voids_number" in (prior.result or {}):
            return _result(s, prior, True)
        request = s.scalar(select(VoidRequest).where(VoidRequest.idempotency_key == key))
        if request is not None:
            return _request_result(s, request, True)
        orig = _original(s, receipt_id)
        number = orig.receipt.number
        if current_role(actor) != "admin" and (orig.shift.closed_at is not None or orig.shift.operator_id != actor.id):
            raise PermissionDenied(f"Receipt {number:08d} was taken in a shift that is closed or not yours; "
                                   "only an administrator can void it now.")
        _refuse_if_voided(s, orig)
        shift = open_shift_in(s, actor)
        # The accounts (in id order, after the shift: the ledger's lock order) before reading what is
        # still in the room.
        lock_money(s, sorted({orig.entry.account_id, *(e.account_id for e in orig.water_legs)}),
                   shift_of=actor, shift_required=False)
        amount = orig.entry.amount_fen
        can = _voidable_fen(s, orig)
        if can < amount:
            raise InvalidAmount(f"The room has already spent part of this recharge: {Money(can).display()} of "
                                f"{Money(amount).display()} can still be voided. Nothing was voided.")
        if orig.meter_debit_fen:
            return _ask_the_meter(s, actor, orig, reason, key)
        res = _post_void(s, actor, orig, reason, key, shift, None)
        return VoidResult(res.operation_id, res.extra["receipt_id"], res.extra["receipt_number"], number,
                          Money(amount), None, res.replayed)


def _refuse_if_voided(s: Session, orig: _Original) -> None:
    number = orig.receipt.number
    done = s.scalar(select(Receipt.number).join(LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id)
                    .where(LedgerEntry.reverses_id == orig.entry.id))
    if done is not None:
        raise AlreadyReversed(f"Receipt {number:08d} was already voided by receipt {done:08d}.")
    if s.scalar(select(LedgerEntry.id).where(LedgerEntry.reverses_id == orig.entry.id)) is not None:
        raise AlreadyReversed(f"Receipt {number:08d} was already reversed by an administrator.")
    if s.scalar(select(VoidRequest.id).where(VoidRequest.receipt_id == orig.receipt.id,
                                             VoidRequest.status == "awaiting_meter")) is not None:
        raise AlreadyReversed(f"Receipt {number:08d} is already being voided: its meter is giving the credit "
                              "back.")


def _ask_the_meter(s: Session, actor: Actor, orig: _Original, reason: str, key: str) -> VoidResult:
    """The void's first half: the debit on the meter, queued; nothing is posted yet."""
    p = Purchase(meter_id=orig.purchase.meter_id, kind=payments.PURCHASE_MONEY, amount=-orig.meter_debit_fen,
                 status="pending")
    s.add(p)
    s.flush()
    req = VoidRequest(idempotency_key=key, receipt_id=orig.receipt.id, amount_fen=orig.entry.amount_fen,
                      reason=reason[:255], status="awaiting_meter", failure="", purchase_id=p.id,
                      operator_id=actor.id)
    s.add(req)
    s.flush()
    events.stage(s, "purchase_state_changed", rooms={s.get(Account, orig.entry.account_id).room_id}, ids=[p.id])
    audit.record(s, actor, "receipt.void_requested", "receipt", orig.receipt.id, None, {
        "number": orig.receipt.number, "amount_fen": orig.entry.amount_fen, "reason": reason,
        "meter_debit_purchase": p.id, "void_request": req.id})
    return _request_result(s, req, False)


def reversed_entries(s: Session, req: VoidRequest) -> list[LedgerEntry]:
    """The entries the void `req` reverses once its meter gives the credit back: the recharge and the
    water-debt transfer it paid, if any."""
    orig = _original(s, req.receipt_id)
    return [orig.entry, *orig.water_legs]


def complete_void(s: Session, void_id: int) -> None:
    """The meter gave the credit back: post the void (reversal, void receipt, money out of the voiding
    operator's shift), in the caller's transaction (the delivery engine's)."""
    req = s.get(VoidRequest, void_id)
    orig = _original(s, req.receipt_id)
    lock_money(s, sorted({orig.entry.account_id, *(e.account_id for e in orig.water_legs)}),
               shift_of=req.operator_id, shift_required=False)
    req = s.get(VoidRequest, void_id, with_for_update=True, populate_existing=True)
    if req.status != "awaiting_meter":
        return
    voider = s.get(Operator, req.operator_id)
    actor = Actor.of(voider)
    res = _post_void(s, actor, orig, req.reason, req.idempotency_key, open_shift_in(s, actor), req.purchase_id)
    req.status, req.operation_id = "done", res.operation_id


def fail_void(s: Session, void_id: int, reason: str) -> None:
    """The meter refused the debit (the room spent the credit meanwhile): nothing was taken back, so
    nothing is posted; the void says why."""
    req = s.get(VoidRequest, void_id, with_for_update=True)
    if req.status != "awaiting_meter":
        return
    req.status, req.failure = "failed", f"the meter refused to give the credit back: {reason}"[:255]
    voider = s.get(Operator, req.operator_id)
    audit.record(s, Actor.of(voider), "receipt.void_failed",
                 "receipt", req.receipt_id, None, {"void_request": req.id, "reason": req.failure})


def _post_void(s: Session, actor: Actor, orig: _Original, reason: str, key: str, shift: Shift,
               purchase_id: int | None):
    """Post the void: the reversal, the void receipt, the money out of `shift`."""
    number = orig.receipt.number
    amount = orig.entry.amount_fen
    memo = f"void of receipt {number:08d}: {reason}"[:255]
    lines = [Line(e.account_id, "reversal", Money(-e.amount_fen), e.student_id, reverses_id=e.id, memo=memo)
             for e in [orig.entry, *orig.water_legs]]

    def after(s: Session, operation_id: int, entries: tuple) -> dict:
        own = next(e for e in entries if e.reverses_id == orig.entry.id)
        balance_after = s.get(Account, orig.entry.account_id).balance_fen
        rec = _void_receipt(s, actor, orig, reason, own.id, balance_after, own.created_at)
        s.add(CounterTransaction(operation_id=operation_id, shift_id=shift.id, method=orig.counter.method,
                                 amount_fen=-amount, receipt_id=rec.id))
        if purchase_id is not None:
            s.get(Purchase, purchase_id).ledger_entry_id = own.id   # the debit the meter took, with its entry
        audit.record(s, actor, "receipt.void", "receipt", orig.receipt.id, None, {
            "number": number, "void_receipt": rec.number, "amount_fen": amount, "reason": reason,
            "meter_debit_purchase": purchase_id})
        return {"receipt_id": rec.id, "receipt_number": rec.number, "voids_number": number,
                "amount_fen": amount, "purchase_id": purchase_id, "shift_id": shift.id}

    return post_in(s, actor, key, "reversal", lines, after=after)


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
