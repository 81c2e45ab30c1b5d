"""The counter's money limits, kept together by an administrator: the refund approval limit (refunds
from one account above it in a day need an administrator; stored where `payments` reads it) and the
recharge limits (asked for again above one, refused above the other; `payment_methods`).

`set_limits` changes them in one transaction, each changed setting audited ("settings.<key>"); bad
input raises FieldInvalid naming the argument, and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

from app import settings_store
from app.access import Actor, require
from app.counter import payment_methods
from app.counter.money import Money
from app.counter.payments import DEFAULT_REFUND_THRESHOLD_FEN, REFUND_THRESHOLD_SETTING
from app.errors import FieldInvalid, InvalidAmount
from db.engine import Store
from db.models import Setting

MAX_REFUND_THRESHOLD = Money(10_000_000)     # ¥100,000.00: above it the limit would never apply


@dataclass(frozen=True)
class Limits:
    refund_threshold: Money     # refunds from one account in a day above it need an administrator
    confirm_above: Money        # a larger recharge is typed twice
    ceiling: Money              # no single recharge is larger


def limits(store: Store) -> Limits:
    with store.read() as s:
        stored = settings_store.get(s, REFUND_THRESHOLD_SETTING, DEFAULT_REFUND_THRESHOLD_FEN)
        recharge = payment_methods.recharge_limits_in(s)
        return Limits(Money(int(stored)), recharge.confirm_above, recharge.ceiling)


def money_field(field: str, text: str) -> Money:
    """An amount typed into the form field `field` (Money.parse: digits, at most two decimals);
    FieldInvalid naming that field when it cannot be read."""
    try:
        amount = Money.parse(text)
    except InvalidAmount as exc:
        raise FieldInvalid(exc.message, field=field) from None
    if amount.fen < 0:
        raise FieldInvalid("An amount cannot be negative.", field=field)
    return amount


def set_limits(store: Store, actor: Actor, *, refund_threshold: Money, confirm_above: Money, ceiling: Money) -> Limits:
    require(actor, "settings.change")
    if refund_threshold.fen < 0:
        raise FieldInvalid("An amount cannot be negative.", field="refund_threshold")
    if refund_threshold > MAX_REFUND_THRESHOLD:
        raise FieldInvalid(f"The refund approval limit is at most {MAX_REFUND_THRESHOLD.display()}.",
                           field="refund_threshold")
    payment_methods.check_recharge_limits(confirm_above, ceiling)
    with store.write() as s:
        stored = s.get(Setting, REFUND_THRESHOLD_SETTING)
        if stored is None or int(stored.value) != refund_threshold.fen:
            settings_store.put(s, actor, REFUND_THRESHOLD_SETTING, refund_threshold.fen,
                               default=DEFAULT_REFUND_THRESHOLD_FEN)
        payment_methods.put_recharge_limits(s, actor, confirm_above, ceiling)
    return Limits(refund_threshold, confirm_above, ceiling)
