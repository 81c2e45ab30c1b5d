"""The payment methods the counter accepts, configurable by an administrator (stored in settings)."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from app import settings_store
from app.access import Actor, require
from app.errors import InvalidInput
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
