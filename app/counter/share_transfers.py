"""A student's electricity share carried to the room they move into, through both meters.

Electricity money lives on the room's prepaid meter: the ledger moves only with the meter. So a share
carried at a batch exchange goes the way a refund and a recharge go, one after the other:
1. `request_in` (in the exchange's transaction): a ShareTransfer "awaiting_meter" and a negative
   credit for the old room's meter (a Purchase in the outbox). Nothing is posted yet; the share counts
   as leaving the old room's account (`payments.leaving_fen`, and a pending transfer entry in the
   settlement of that room), so it can be neither refunded nor carried twice meanwhile;
2. the delivery engine delivers the debit; when the old meter accepts it, `complete_in` (in the same
   transaction as the delivery) posts the transfer in the student's name — old room's account minus
   the share, new room's account plus the share — and queues the credit for the new room's meter, as a
   recharge does ("credited");
3. when the old meter refuses it (or is replaced first), `fail_in`: nothing is posted, the share stays
   in the old room's account and the office is told to refund it at the counter ("failed").
A repeated key returns the first transfer. The lock order is the counter's (app.counter.ledger): the
accounts of both rooms, in account-id order, before the purchase.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor
from app.counter import payments
from app.counter.ledger import Line, lock_money, post_in
from app.counter.money import Money
from app.errors import IdempotencyConflict, InvalidInput
from db.models import Account, Operator, Purchase, ShareTransfer, Student

STATUSES = ("awaiting_meter", "credited", "failed")


def request_in(s: Session, actor: Actor, *, key: str, student_id: int, from_account_id: int, to_account_id: int,
               amount: Money, memo: str = "") -> ShareTransfer:
    """Queue the share's way out of the old room's meter (see the module's notes). The caller holds the
    locks of both rooms' accounts (`lock_money`) and has checked that the old room can refund `amount`."""
    amount.positive("A carried share")
    prior = s.scalar(select(ShareTransfer).where(ShareTransfer.idempotency_key == key))
    if prior is not None:
        if (prior.student_id, prior.from_account_id, prior.to_account_id, prior.amount_fen) != (
                student_id, from_account_id, to_account_id, amount.fen):
            raise IdempotencyConflict(f"The key {key} was already used for a different transfer; nothing moved.")
        return prior
    src, dst = s.get(Account, from_account_id), s.get(Account, to_account_id)
    if src is None or dst is None or src.utility != "electricity" or dst.utility != "electricity":
        raise InvalidInput("A share goes through the meters from one electricity account to another.")
    old = payments.active_meter(s, src.room_id)
    if old is None or payments.active_meter(s, dst.room_id) is None:
        raise InvalidInput("Both rooms need an electricity meter for the share to move with the student.")
    p = Purchase(meter_id=old.id, kind=payments.PURCHASE_MONEY, amount=-amount.fen, status="pending")
    s.add(p)
    s.flush()
    t = ShareTransfer(idempotency_key=key, student_id=student_id, from_account_id=from_account_id,
                      to_account_id=to_account_id, amount_fen=amount.fen, status="awaiting_meter",
                      debit_purchase_id=p.id, operator_id=actor.id, memo=memo[:255])
    s.add(t)
    s.flush()
    audit.record(s, actor, "share_transfer.request", "share_transfer", t.id, None,
                 {"student": student_id, "from_account": from_account_id, "to_account": to_account_id,
                  "amount_fen": amount.fen, "debit_purchase": p.id})
    events.stage(s, "purchase_state_changed", rooms={src.room_id}, ids=[p.id])
    return t


def waiting_for(s: Session, purchase_id: int) -> ShareTransfer | None:
    """The transfer whose debit is this purchase, while it waits for the old meter."""
    return s.scalar(select(ShareTransfer).where(ShareTransfer.debit_purchase_id == purchase_id,
                                                ShareTransfer.status == "awaiting_meter"))


def lock_for(s: Session, purchase_id: int) -> None:
    """Before the purchase itself (the lock order): the accounts of both rooms of a transfer waiting
    on this debit."""
    row = s.execute(select(ShareTransfer.from_account_id, ShareTransfer.to_account_id).where(
        ShareTransfer.debit_purchase_id == purchase_id, ShareTransfer.status == "awaiting_meter")).first()
    if row is not None:
        lock_money(s, [row.from_account_id, row.to_account_id])


def complete_in(s: Session, purchase_id: int) -> ShareTransfer | None:
    """The old meter gave the share back: post the transfer in the student's name and queue the credit
    of the new room's meter. In the delivery's transaction, after `lock_for`. None when no transfer
    waits on this purchase."""
    t = waiting_for(s, purchase_id)
    if t is None:
        return None
    t = s.get(ShareTransfer, t.id, with_for_update=True, populate_existing=True)
    actor = Actor.of(s.get(Operator, t.operator_id))
    res = post_in(s, actor, f"share-{t.idempotency_key}", "transfer", [
        Line(t.from_account_id, "transfer", Money(-t.amount_fen), t.student_id, memo=t.memo),
        Line(t.to_account_id, "transfer", Money(t.amount_fen), t.student_id, memo=t.memo)], no_overdraw=True)
    dst = s.get(Account, t.to_account_id)
    meter = payments.active_meter(s, dst.room_id)
    credit_entry = next(e for e in res.entries if e.account_id == t.to_account_id)
    if meter is not None:
        p = Purchase(meter_id=meter.id, ledger_entry_id=credit_entry.id, kind=payments.PURCHASE_MONEY,
                     amount=t.amount_fen, status="pending")
        s.add(p)
        s.flush()
        t.credit_purchase_id = p.id
        events.stage(s, "purchase_state_changed", rooms={dst.room_id}, ids=[p.id])
    t.status = "credited"
    t.operation_id = res.operation_id
    audit.record(s, Actor.system(), "share_transfer.credited", "share_transfer", t.id, {"status": "awaiting_meter"},
                 {"status": "credited", "operation": res.operation_id, "credit_purchase": t.credit_purchase_id})
    return t


def fail_in(s: Session, purchase_id: int, reason: str) -> tuple[str, str] | None:
    """The old meter refused (or was replaced before it gave the share back): nothing moves. Returns
    what the office is told (the amount and who), or None when no transfer waits on this purchase."""
    t = waiting_for(s, purchase_id)
    if t is None:
        return None
    t = s.get(ShareTransfer, t.id, with_for_update=True, populate_existing=True)
    st = s.get(Student, t.student_id)
    t.status = "failed"
    t.reason = reason[:255]
    audit.record(s, Actor.system(), "share_transfer.failed", "share_transfer", t.id, {"status": "awaiting_meter"},
                 {"status": "failed", "reason": reason})
    return Money(t.amount_fen).display(), f"{st.name} ({st.student_no})"
