"""The outbox: credits recorded in the store are taken to the meters, exactly once.

For each pending purchase, oldest first and one at a time per meter:
1. the first attempt reads the meter's purchase count and *commits* the purchase's sequence
   number (count + 1) before anything is written to the meter;
2. the record is written with that sequence (the driver reads the count back when a reply is
   lost, and the meter refuses a repeated sequence), so a lost reply, a pulled adapter or a
   restart of this program in the middle can never credit twice: the next attempt resumes with
   the stored sequence and learns from the meter (count and the newest record's tag) whether it
   landed;
3. delivered: the purchase is marked delivered and whatever waited for it (a refund's payout)
   happens in the same transaction; refused: marked failed with the meter's reason and an alarm
   is raised, so the ledger and the meter never disagree silently; no answer: stays pending with
   the reason, and is retried.
The meter's purchase record carries the purchase id as its tag, which settles the case where the
count moved past our sequence. When another writer took our sequence, that is a reconciliation
finding (our purchase and the record that holds the sequence) with an alarm, and our purchase is
re-sent at once with the next sequence.

Waiting is not failing: a meter the bus knows is offline (``MeterOffline``: nothing was sent), a
wrong configured password (``WrongPassword``: an alarm, and the driver does not send it again, so
the meter's 10-minute block is never provoked) and a meter whose unlocking is blocked
(``UnlockBlocked``) leave the purchase pending, to be retried; an offline meter costs no wire time
and no store write when nothing changed. Every change of a purchase's state or reason stages
"purchase_state_changed" in its transaction (the ledger stages "money_moved" when a refund pays out).

A kind-4 purchase (clear free energy) is stored with amount 0; once delivered its amount becomes
minus the free energy the driver saw on the meter just before the clear, so billing accounts for
the cleared energy like a negative free-energy credit (0 when an earlier, unconfirmed attempt
wrote it and the figure was lost).
"""
from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, events
from app.counter import payments, share_transfers, voids
from app.counter.ledger import lock_money
from app.counter.money import Money
from app.metering import alarms
from db import retry
from db.engine import Store
from db.models import (
    ElectricityMeter,
    LedgerEntry,
    Purchase,
    Receipt,
    ReconciliationFinding,
    RefundRequest,
    VoidRequest,
)
from drivers.ddsy import next_sequence
from drivers.ddsy_records import PurchaseKind, PurchaseOrder, PurchaseRecord, PurchaseResult
from drivers.errors import (
    MeterError,
    MeterOffline,
    PurchaseRefused,
    UnlockBlocked,
    WrongPassword,
)

log = logging.getLogger(__name__)

OFFLINE = "the meter is offline; it gets the purchase when it answers again"
WRONG_PASSWORD = "wrong meter password: the meter refused the configured password"
UNLOCK_BLOCKED = "the meter blocks unlocking for 10 minutes after wrong passwords"


class PurchaseGateway(Protocol):
    """What delivery needs from the wire (the meter service implements it over the bus workers)."""

    def purchase_count(self, meter_id: int) -> int: ...

    def deliver(self, meter_id: int, order: PurchaseOrder, sequence: int) -> PurchaseResult: ...

    def purchase_records(self, meter_id: int) -> list[PurchaseRecord]: ...


@dataclass(frozen=True)
class Outcome:
    purchase_id: int
    status: str        # delivered, failed, pending
    reason: str = ""


class PurchaseDelivery:
    def __init__(self, store: Store, gateway: PurchaseGateway) -> None:
        self.store = store
        self.gateway = gateway

    def pending(self, meter_id: int | None = None) -> list[int]:
        with self.store.read() as s:
            q = select(Purchase.id).where(Purchase.status == "pending").order_by(Purchase.id)
            if meter_id is not None:
                q = q.where(Purchase.meter_id == meter_id)
            return list(s.scalars(q))

    def deliver_pending(self, meter_id: int | None = None, *, meters: Collection[int] | None = None
                        ) -> list[Outcome]:
        """Try every pending purchase (of `meter_id`, or of `meters`) once; a meter whose purchase stays
        pending is skipped for the rest of this pass so that its later purchases keep their order."""
        wanted = {meter_id} if meter_id is not None else (set(meters) if meters is not None else None)
        outcomes, stuck = [], set()
        with self.store.read() as s:
            rows = s.execute(select(Purchase.id, Purchase.meter_id).where(Purchase.status == "pending")
                             .order_by(Purchase.id)).all()
        for pid, mid in rows:
            if (wanted is not None and mid not in wanted) or mid in stuck:
                continue
            out = self.deliver(pid)
            outcomes.append(out)
            if out.status == "pending":
                stuck.add(mid)
        return outcomes

    def deliver(self, purchase_id: int, *, resend: bool = True) -> Outcome:
        """One attempt at `purchase_id` (see the module docstring). `resend`: when another writer
        took our sequence, number the purchase afresh and send it again within this call."""
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            if p.status != "pending":
                return Outcome(p.id, p.status, p.reason)
            meter_id, kind, amount, sequence = p.meter_id, p.kind, p.amount, p.sequence
        order = PurchaseOrder(PurchaseKind(kind), amount, purchase_id)
        resumed = sequence is not None   # a resumed attempt is counted with its outcome
        try:
            if sequence is None:
                sequence = next_sequence(self.gateway.purchase_count(meter_id))
                with self.store.write() as s:   # committed before the meter is written
                    p = s.get(Purchase, purchase_id, with_for_update=True)
                    p.sequence = sequence
                    p.attempts += 1
            result = self.gateway.deliver(meter_id, order, sequence)
        except MeterOffline:
            return self._still_pending(purchase_id, OFFLINE, attempt=False)
        except WrongPassword as exc:
            return self._wrong_password(purchase_id, meter_id, exc, attempt=resumed)
        except UnlockBlocked:
            return self._still_pending(purchase_id, UNLOCK_BLOCKED, attempt=resumed)
        except PurchaseRefused as exc:
            return self._refused(purchase_id, meter_id, sequence, exc, attempt=resumed, resend=resend)
        except MeterError as exc:
            return self._still_pending(purchase_id, f"{type(exc).__name__}: {exc}", attempt=resumed)
        return self._delivered(purchase_id, result.sequence, attempt=resumed,
                               cleared=result.free_energy_cleared_cwh)

    def _still_pending(self, purchase_id: int, reason: str, *, attempt: bool) -> Outcome:
        text = f"will retry: {reason}"[:255]
        with self.store.read() as s:
            unchanged = s.get(Purchase, purchase_id).reason == text
        if unchanged and not attempt:
            return Outcome(purchase_id, "pending", reason)   # nothing to store, nothing to tell
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            if attempt:
                p.attempts += 1
            if p.reason != text:
                p.reason = text
                _stage_state(s, p)
        log.info("purchase %s stays pending: %s", purchase_id, reason)
        return Outcome(purchase_id, "pending", reason)

    def _wrong_password(self, purchase_id: int, meter_id: int, exc: WrongPassword, *, attempt: bool) -> Outcome:
        with self.store.write() as s:
            meter = s.get(ElectricityMeter, meter_id)
            alarms.raise_alarm(s, "meter_password", level=3, room_id=meter.room_id, meter_id=meter_id,
                               message="The meter refused the configured password (wrong meter password). "
                                       "Credits for it wait until the password is corrected; it is not "
                                       "tried again, so the meter does not block unlocking.",
                               details={"purchase": purchase_id, "error": str(exc)},
                               open_key=f"wrong-password-{meter_id}")
        return self._still_pending(purchase_id, WRONG_PASSWORD, attempt=attempt)

    @retry.retrying   # a refund's payout is posted here: a lost race runs it again (db.retry)
    def _delivered(self, purchase_id: int, sequence: int, *, attempt: bool, cleared: int | None = None) -> Outcome:
        with self.store.write() as s:
            _lock_refund_money(s, purchase_id)
            p = s.get(Purchase, purchase_id, with_for_update=True)
            if p.status != "pending":
                return Outcome(p.id, p.status, p.reason)
            p.status, p.sequence, p.delivered_at, p.reason = "delivered", sequence, clock.now(), ""
            if attempt:
                p.attempts += 1
            if p.kind == PurchaseKind.CLEAR_FREE_ENERGY and cleared is not None:
                p.amount = -cleared
            refund = s.scalar(select(RefundRequest.id).where(RefundRequest.purchase_id == p.id))
            if refund is not None:
                payments.complete_refund(s, refund)   # posts the refund: the ledger stages "money_moved"
            void = s.scalar(select(VoidRequest.id).where(VoidRequest.purchase_id == p.id))
            if void is not None:
                voids.complete_void(s, void)          # posts the void the meter has now given back
            share_transfers.complete_in(s, p.id)      # a carried share: posted, and the new room's meter credited
            _stage_state(s, p)
        return Outcome(purchase_id, "delivered")

    def _refused(self, purchase_id: int, meter_id: int, sequence: int | None, exc: PurchaseRefused, *,
                 attempt: bool, resend: bool) -> Outcome:
        # Did our record land after all (the count moved past it)? The tag says.
        try:
            records = self.gateway.purchase_records(meter_id)
        except MeterError as read_exc:
            return self._still_pending(purchase_id, f"refused, records unreadable: {read_exc}", attempt=attempt)
        mine = next((r for r in records if r.tag == purchase_id), None)
        if mine is not None:
            return self._delivered(purchase_id, mine.sequence, attempt=attempt)
        if exc.code is None:
            # Another writer took our sequence number: nothing of ours landed; number it afresh.
            taken = exc.taken_by or next((r for r in records if r.sequence == sequence), None)
            with self.store.write() as s:
                p = s.get(Purchase, purchase_id, with_for_update=True)
                _sequence_taken(s, p, sequence, taken)
                p.sequence = None
                if attempt:
                    p.attempts += 1
                p.reason = f"will retry: sequence {sequence} was taken by another purchase"
                _stage_state(s, p)
            if resend:
                return self.deliver(purchase_id, resend=False)
            return Outcome(purchase_id, "pending", "sequence taken")
        reason = _refusal_text(exc)
        with self.store.write() as s:
            _lock_refund_money(s, purchase_id)
            p = s.get(Purchase, purchase_id, with_for_update=True)
            p.status, p.reason = "failed", reason[:255]
            if attempt:
                p.attempts += 1
            refund = s.scalar(select(RefundRequest.id).where(RefundRequest.purchase_id == p.id))
            unpaid = payments.fail_refund(s, refund, reason) if refund is not None else None
            void = s.scalar(select(VoidRequest.id).where(VoidRequest.purchase_id == p.id))
            if void is not None:
                voids.fail_void(s, void, reason)
            share = share_transfers.fail_in(s, p.id, reason)
            meter = s.get(ElectricityMeter, meter_id)
            where = dict(level=2, room_id=meter.room_id, meter_id=meter_id,
                         details={"purchase": purchase_id, "amount": p.amount, "kind": p.kind},
                         open_key=f"purchase-refused-{purchase_id}")
            if unpaid is None and share is None:
                alarms.raise_alarm(s, "purchase_refused", **where,
                                   message=f"The meter refused purchase {purchase_id}: {reason}")
            elif share is not None:     # a share that was to move with its student stays here
                amount, who = share
                alarms.raise_alarm(s, "purchase_refused", **where,
                                   message=f"The meter refused purchase {purchase_id}: {reason}. The share of "
                                           f"{amount} that {who} was to take to their new room did not move: "
                                           "it stays in this room's account; refund it at the counter.")
            else:       # the student was not paid: the office must hear who and how much
                amount, who = unpaid
                alarms.raise_alarm(s, "purchase_refused", **where,
                                   message=f"The meter refused purchase {purchase_id}: {reason}. The refund of "
                                           f"{amount} to {who} was not paid: the money stays in the room's "
                                           "account; pay it with a new refund once settled.")
            _stage_state(s, p)
        return Outcome(purchase_id, "failed", reason)


def _lock_refund_money(s: Session, purchase_id: int) -> None:
    """A refund's purchase settles the refund in the same transaction: take the refund's shift and
    accounts first, as the lock order says (app.counter.ledger), before the purchase itself."""
    waiting = s.execute(select(RefundRequest.account_id, RefundRequest.operator_id).where(
        RefundRequest.purchase_id == purchase_id, RefundRequest.status == "awaiting_meter")).first()
    if waiting is not None:
        lock_money(s, [waiting.account_id], shift_of=waiting.operator_id, shift_required=False)
    void = s.execute(select(LedgerEntry.account_id, VoidRequest.operator_id)
                     .join(Receipt, Receipt.id == VoidRequest.receipt_id)
                     .join(LedgerEntry, LedgerEntry.id == Receipt.ledger_entry_id)
                     .where(VoidRequest.purchase_id == purchase_id, VoidRequest.status == "awaiting_meter")).first()
    if void is not None:      # a void's debit posts the void: the same order
        lock_money(s, [void.account_id], shift_of=void.operator_id, shift_required=False)
    share_transfers.lock_for(s, purchase_id)      # a carried share's debit posts the transfer: both rooms


def _stage_state(s: Session, p: Purchase) -> None:
    room = s.scalar(select(ElectricityMeter.room_id).where(ElectricityMeter.id == p.meter_id))
    events.stage(s, "purchase_state_changed", rooms={room}, ids=[p.id])


def _describe(kind: int, amount: int) -> str:
    if kind == PurchaseKind.MONEY:
        return Money(amount).display()
    if kind == PurchaseKind.FREE_ENERGY:
        return f"{amount / 100:.2f} kWh free"
    if kind == PurchaseKind.SET_BALANCE:
        return f"balance set to {Money(amount).display()}"
    return "free energy cleared"


def _sequence_taken(s: Session, p: Purchase, sequence: int | None, taken: PurchaseRecord | None) -> None:
    """A reconciliation finding and an alarm: our purchase and the meter's record at its sequence."""
    meter = s.get(ElectricityMeter, p.meter_id)
    account = (s.scalar(select(LedgerEntry.account_id).where(LedgerEntry.id == p.ledger_entry_id))
               if p.ledger_entry_id is not None else None)
    details = {"sequence": sequence, "purchase": p.id, "kind": p.kind, "amount": p.amount,
               "meter_tag": None if taken is None else taken.tag,
               "meter_kind": None if taken is None else taken.kind,
               "meter_amount": None if taken is None else taken.amount,
               "meter_balance_after_fen": None if taken is None else taken.balance_after_fen}
    s.add(ReconciliationFinding(kind="sequence_taken", meter_id=p.meter_id, account_id=account,
                                host_value=p.id, meter_value=None if taken is None else taken.tag,
                                details=details, found_at=clock.now(), note=""))
    theirs = ("a record that is no longer on the meter" if taken is None else
              f"another purchase (tag {taken.tag}, {_describe(taken.kind, taken.amount)})")
    alarms.raise_alarm(s, "reconciliation", level=2, room_id=meter.room_id, meter_id=p.meter_id,
                       message=(f"Purchase sequence {sequence} on the meter holds {theirs}, not purchase "
                                f"{p.id} ({_describe(p.kind, p.amount)}); it is sent again with the next "
                                "sequence."),
                       details=details, open_key=f"sequence-taken-{p.id}-{sequence}")


# The meter's refusals (spec §7 exception codes) in words the office reads (translated by the window).
REFUSALS = {3: "the meter refused the amount (a negative credit larger than what the meter holds, or a bad record)",
            4: "the meter's writes are locked (wrong or missing password)"}


def _refusal_text(exc: PurchaseRefused) -> str:
    return REFUSALS.get(exc.code, str(exc)) if exc.code is not None else str(exc)
