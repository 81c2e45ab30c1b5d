"""Start-up recovery of counter money: nothing is left half-done by a crash of an earlier run.

Since the water payout is one transaction with its request, a water refund waiting for a meter can
only be left by an older version (or a database restored from one); `recover` completes each such
refund, or marks it failed when the account can no longer pay it, so the clerk's shift can close.
Electricity refunds really wait for their meter and are left to the delivery engine.

Call `recover(store)` once when a program that owns the store starts (the window and the headless
service), before taking work. It is safe to call again and from two programs at once: each refund
is settled in its own transaction with its row locked, and a settled refund is skipped.
"""
from __future__ import annotations

from sqlalchemy import select

from app.counter import payments
from db.engine import Store
from db.models import Account, RefundRequest


def recover(store: Store) -> list[payments.RefundInfo]:
    """Settle every water refund left waiting; returns what it settled (empty when nothing was left)."""
    with store.read() as s:
        waiting = list(s.scalars(select(RefundRequest.id).join(Account, Account.id == RefundRequest.account_id)
                                 .where(RefundRequest.status == "awaiting_meter", Account.utility == "water")
                                 .order_by(RefundRequest.id)))
    done = []
    for refund_id in waiting:
        with store.write() as s:
            # No lock here: settle_water_refund takes the money's locks in the one order
            # (app.counter.ledger) and re-checks the status under them.
            if s.get(RefundRequest, refund_id).status != "awaiting_meter":
                continue
            payments.settle_water_refund(s, refund_id)
        done.append(payments.refund_status(store, refund_id))
    return done
