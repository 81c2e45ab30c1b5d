"""The outbox: credits recorded in the store are taken to the meters, exactly once.

For each pending purchase, oldest first and one at a time per meter:
1. the first attempt reads the meter's purchase count and *commits* the purchase's sequence
   number (count + 1) before anything is written to the meter;
2. the record is written with that sequence (the driver reads the count back when a reply is
   lost, and the meter refuses a repeated sequence), so a lost reply, a pulled adapter or a
   restart of this program in the middle can never credit twice: the next attempt resumes with
   the stored sequence and learns from the meter whether it landed;
3. delivered: the purchase is marked delivered and whatever waited for it (a refund's payout)
   happens in the same transaction; refused: marked failed with the meter's reason and an alarm
   is raised, so the ledger and the meter never disagree silently; no answer: stays pending with
   the reason, and is retried.
The meter's purchase record carries the purchase id as its tag, which settles the rare case where
the count moved past our sequence.
"""
from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select

from app import clock
from app.counter import payments
from app.metering import alarms
from db.engine import Store
from db.models import ElectricityMeter, Purchase, RefundRequest
from drivers.ddsy import next_sequence
from drivers.ddsy_records import PurchaseKind, PurchaseOrder, PurchaseRecord, PurchaseResult
from drivers.errors import MeterError, PurchaseRefused

log = logging.getLogger(__name__)


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

    def deliver(self, purchase_id: int) -> Outcome:
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            if p.status != "pending":
                return Outcome(p.id, p.status, p.reason)
            meter_id, kind, amount, sequence = p.meter_id, p.kind, p.amount, p.sequence
        order = PurchaseOrder(PurchaseKind(kind), amount, purchase_id)
        try:
            if sequence is None:
                sequence = next_sequence(self.gateway.purchase_count(meter_id))
                with self.store.write() as s:   # committed before the meter is written
                    p = s.get(Purchase, purchase_id, with_for_update=True)
                    p.sequence = sequence
                    p.attempts += 1
            else:
                self._note_attempt(purchase_id)
            result = self.gateway.deliver(meter_id, order, sequence)
        except PurchaseRefused as exc:
            return self._refused(purchase_id, meter_id, sequence, exc)
        except MeterError as exc:
            return self._still_pending(purchase_id, f"{type(exc).__name__}: {exc}")
        return self._delivered(purchase_id, result.sequence)

    def _note_attempt(self, purchase_id: int) -> None:
        with self.store.write() as s:
            s.get(Purchase, purchase_id, with_for_update=True).attempts += 1

    def _still_pending(self, purchase_id: int, reason: str) -> Outcome:
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            p.reason = f"will retry: {reason}"[:255]
        log.info("purchase %s stays pending: %s", purchase_id, reason)
        return Outcome(purchase_id, "pending", reason)

    def _delivered(self, purchase_id: int, sequence: int) -> Outcome:
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            if p.status != "pending":
                return Outcome(p.id, p.status, p.reason)
            p.status, p.sequence, p.delivered_at, p.reason = "delivered", sequence, clock.now(), ""
            refund = s.scalar(select(RefundRequest.id).where(RefundRequest.purchase_id == p.id))
            if refund is not None:
                payments.complete_refund(s, refund)
        return Outcome(purchase_id, "delivered")

    def _refused(self, purchase_id: int, meter_id: int, sequence: int | None, exc: PurchaseRefused) -> Outcome:
        # Did our record land after all (the count moved past it)? The tag says.
        try:
            records = self.gateway.purchase_records(meter_id)
        except MeterError as read_exc:
            return self._still_pending(purchase_id, f"refused, records unreadable: {read_exc}")
        mine = next((r for r in records if r.tag == purchase_id), None)
        if mine is not None:
            return self._delivered(purchase_id, mine.sequence)
        if exc.code is None:
            # Another host took our sequence number: nothing of ours landed; number it afresh.
            with self.store.write() as s:
                p = s.get(Purchase, purchase_id, with_for_update=True)
                p.sequence = None
                p.reason = f"will retry: sequence {sequence} was taken by another purchase"
            return Outcome(purchase_id, "pending", "sequence taken")
        reason = _refusal_text(exc)
        with self.store.write() as s:
            p = s.get(Purchase, purchase_id, with_for_update=True)
            p.status, p.reason = "failed", reason[:255]
            refund = s.scalar(select(RefundRequest.id).where(RefundRequest.purchase_id == p.id))
            if refund is not None:
                payments.fail_refund(s, refund, reason)
            meter = s.get(ElectricityMeter, meter_id)
            alarms.raise_alarm(s, "purchase_refused", level=2, room_id=meter.room_id, meter_id=meter_id,
                               message=f"The meter refused purchase {purchase_id}: {reason}",
                               details={"purchase": purchase_id, "amount": p.amount, "kind": p.kind},
                               open_key=f"purchase-refused-{purchase_id}")
        return Outcome(purchase_id, "failed", reason)


def _refusal_text(exc: PurchaseRefused) -> str:
    if exc.code == 3:
        return "the meter refused the amount (a negative credit larger than what the meter holds, or a bad record)"
    if exc.code == 4:
        return "the meter's writes are locked (wrong or missing password)"
    return str(exc)
