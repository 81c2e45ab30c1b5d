"""What the counter accepts, configurable by an administrator (stored in settings): the payment
methods, and how large one recharge may be (typed twice above one limit, refused above another)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from app import settings_store
from app.access import Actor, require
from app.counter.money import Money
from app.errors import InvalidAmount, InvalidInput
from db.engine import Store

SETTING = "payment_methods"


@dataclass(frozen=True)
class PaymentMethod:
    code: str
    label: str                 # as printed on receipts
    requires_reference: bool   # a provider's transaction number must be entered (unique per method)
    cash: bool = False         # counts in the shift's cash drawer


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
        settings_store.put(s, actor, SETTING, [asdict(m) for m in new],
                           default=[asdict(m) for m in DEFAULT_METHODS])


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
    if confirm_above.fen <= 0 or ceiling.fen <= 0 or confirm_above > ceiling:
        raise InvalidInput("Give two amounts above zero, the one that is asked for again no larger than the ceiling.")
    with store.write() as s:
        settings_store.put(s, actor, CONFIRM_ABOVE_SETTING, confirm_above.fen, default=DEFAULT_CONFIRM_ABOVE.fen)
        settings_store.put(s, actor, CEILING_SETTING, ceiling.fen, default=DEFAULT_CEILING.fen)
