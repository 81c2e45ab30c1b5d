"""What the counter accepts, configurable by an administrator (stored in settings): the payment
methods, and how large one recharge may be (typed twice above one limit, refused above another).

A method is never removed, only disabled: receipts, shifts and statements recorded under its code
keep reading its label (`methods`, `method`); the counter offers the enabled ones (`offered_methods`).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

from sqlalchemy.orm import Session

from app import settings_store
from app.access import Actor, require
from app.counter.money import Money
from app.errors import FieldInvalid, InvalidAmount, InvalidInput
from db.engine import Store
from db.models import Setting

SETTING = "payment_methods"


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    label: str                 # as printed on receipts
    requires_reference: bool   # a provider's transaction number must be entered (unique per method)
    cash: bool = False         # counts in the shift's cash drawer
    active: bool = True        # offered at the counter; a disabled method still names its old records


DEFAULT_METHODS = (
    PaymentMethod("cash", "现金 Cash", False, cash=True),
    PaymentMethod("campus_card", "校园卡 Campus card", True),
    PaymentMethod("wechat", "微信支付 WeChat Pay", True),
    PaymentMethod("alipay", "支付宝 Alipay", True),
    PaymentMethod("bank_card", "银行卡 Bank card", True),
)


def methods(store: Store) -> list[PaymentMethod]:
    with store.read() as s:
        return methods_in(s)


def methods_in(s: Session) -> list[PaymentMethod]:
    stored = settings_store.get(s, SETTING)
    if stored is None:
        return list(DEFAULT_METHODS)
    return [PaymentMethod(**m) for m in stored]


def offered_methods(store: Store) -> list[PaymentMethod]:
    """The methods the counter offers now (the enabled ones), in the office's order."""
    with store.read() as s:
        return offered_in(s)


def offered_in(s: Session) -> list[PaymentMethod]:
    return [m for m in methods_in(s) if m.active]


def method(store: Store, code: str) -> PaymentMethod:
    for m in methods(store):
        if m.code == code:
            return m
    raise InvalidInput(f"“{code}” is not a payment method this office accepts.")


def set_methods(store: Store, actor: Actor, new: list[PaymentMethod]) -> None:
    require(actor, "settings.change")
    codes = [m.code for m in new]
    if not new or len(set(codes)) != len(codes):
        raise InvalidInput("Give at least one payment method, each code once.")
    with store.write() as s:
        _put_methods(s, actor, new)


CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
MAX_LABEL = 40


def save_method(store: Store, actor: Actor, *, code: str, label: str, requires_reference: bool,
                cash: bool = False, new: bool = False) -> PaymentMethod:
    """Add a method (`new`) or change the label and flags of the method `code` (a code never changes:
    records name it). Audited as a settings change; FieldInvalid names the argument at fault."""
    require(actor, "settings.change")
    code, label = (code or "").strip(), (label or "").strip()
    if not CODE.fullmatch(code):
        raise FieldInvalid("A code is a short name in lower-case letters, digits and “_”, starting with a letter, "
                           "such as unionpay.", field="code")
    if not label:
        raise FieldInvalid("Give the name printed on receipts.", field="label")
    if len(label) > MAX_LABEL:
        raise FieldInvalid(f"A name printed on receipts has at most {MAX_LABEL} characters.", field="label")
    with store.write() as s:
        current = methods_in(s)
        found = next((m for m in current if m.code == code), None)
        if new and found is not None:
            raise FieldInvalid(f"There is already a payment method “{code}” ({found.label}).", field="code")
        if not new and found is None:
            raise FieldInvalid(f"“{code}” is not a payment method of this office.", field="code")
        if any(m.label == label and m.code != code for m in current):
            raise FieldInvalid(f"Another payment method is already printed as “{label}”.", field="label")
        if found is None:
            saved = PaymentMethod(code, label, bool(requires_reference), cash=bool(cash))
            current.append(saved)
        else:
            saved = replace(found, label=label, requires_reference=bool(requires_reference), cash=bool(cash))
            current = [saved if m.code == code else m for m in current]
        _put_methods(s, actor, current)
        return saved


def set_method_active(store: Store, actor: Actor, code: str, active: bool) -> None:
    """Enable or disable a method; at least one stays offered."""
    require(actor, "settings.change")
    with store.write() as s:
        current = methods_in(s)
        if not any(m.code == code for m in current):
            raise InvalidInput(f"“{code}” is not a payment method of this office.")
        changed = [replace(m, active=bool(active)) if m.code == code else m for m in current]
        if not any(m.active for m in changed):
            raise InvalidInput("The counter must offer at least one payment method; enable another one first.")
        _put_methods(s, actor, changed)


def _put_methods(s: Session, actor: Actor, new: list[PaymentMethod]) -> None:
    settings_store.put(s, actor, SETTING, [asdict(m) for m in new], default=[asdict(m) for m in DEFAULT_METHODS])


# ----- how much one recharge may be ------------------------------------------------------------

CONFIRM_ABOVE_SETTING = "recharge_confirm_above_fen"
CEILING_SETTING = "recharge_ceiling_fen"
DEFAULT_CONFIRM_ABOVE = Money(50_000)     # ¥500.00: a larger recharge is typed twice
DEFAULT_CEILING = Money(500_000)          # ¥5,000.00: no single recharge is larger


@dataclass(frozen=True)
class RechargeLimits:
    """Above `confirm_above` the counter asks for the amount again; above `ceiling` it refuses."""

    confirm_above: Money
    ceiling: Money

    def check(self, amount: Money) -> Money:
        """`amount` when it is within the ceiling, else InvalidAmount saying the ceiling."""
        if amount > self.ceiling:
            raise InvalidAmount(f"A single recharge is at most {self.ceiling.display()}; "
                                f"{amount.display()} was typed. Nothing was taken.")
        return amount

    def needs_confirming(self, amount: Money) -> bool:
        return amount > self.confirm_above


def recharge_limits(store: Store) -> RechargeLimits:
    with store.read() as s:
        return recharge_limits_in(s)


def recharge_limits_in(s: Session) -> RechargeLimits:
    return RechargeLimits(Money(int(settings_store.get(s, CONFIRM_ABOVE_SETTING, DEFAULT_CONFIRM_ABOVE.fen))),
                          Money(int(settings_store.get(s, CEILING_SETTING, DEFAULT_CEILING.fen))))


def set_recharge_limits(store: Store, actor: Actor, *, confirm_above: Money, ceiling: Money) -> None:
    """An administrator sets both limits (audited as settings changes)."""
    require(actor, "settings.change")
    check_recharge_limits(confirm_above, ceiling)
    with store.write() as s:
        put_recharge_limits(s, actor, confirm_above, ceiling)


def check_recharge_limits(confirm_above: Money, ceiling: Money) -> None:
    """FieldInvalid naming `confirm_above` or `ceiling` when they cannot be the counter's limits."""
    if ceiling.fen <= 0:
        raise FieldInvalid("The ceiling must be above zero, or no recharge could be taken.", field="ceiling")
    if confirm_above.fen <= 0:
        raise FieldInvalid("Give an amount above zero.", field="confirm_above")
    if confirm_above > ceiling:
        raise FieldInvalid(f"The amount asked for again cannot be above the ceiling ({ceiling.display()}).",
                           field="confirm_above")


def put_recharge_limits(s: Session, actor: Actor, confirm_above: Money, ceiling: Money) -> None:
    """Store the limits in the caller's transaction, each changed one audited (checked by the caller)."""
    now = recharge_limits_in(s)
    if confirm_above != now.confirm_above or s.get(Setting, CONFIRM_ABOVE_SETTING) is None:
        settings_store.put(s, actor, CONFIRM_ABOVE_SETTING, confirm_above.fen, default=DEFAULT_CONFIRM_ABOVE.fen)
    if ceiling != now.ceiling or s.get(Setting, CEILING_SETTING) is None:
        settings_store.put(s, actor, CEILING_SETTING, ceiling.fen, default=DEFAULT_CEILING.fen)
