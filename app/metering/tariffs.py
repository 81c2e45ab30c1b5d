"""Tariffs: unit prices with validity dates. Only administrators change them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import audit
from app.access import Actor, require
from app.clock import campus_date
from app.errors import InvalidInput, NotFound
from db.engine import Store
from db.models import UTILITIES, Tariff

PRICE_SCALE = 10_000  # unit prices are stored in 0.0001 CNY per kWh or per m³, as the meter's register


@dataclass(frozen=True)
class Price:
    utility: str
    name: str
    unit_price: int          # 0.0001 CNY per unit
    valid_from: date
    valid_to: date | None

    def text(self) -> str:
        unit = "kWh" if self.utility == "electricity" else "m³"
        return f"{Decimal(self.unit_price).scaleb(-4).normalize():f} CNY/{unit}"


def parse_price(text: str) -> int:
    """“0.5883” CNY per unit → 5883 (0.0001 CNY); at most four decimals."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise InvalidInput(f"“{text}” is not a price.") from None
    if not value.is_finite() or value < 0:
        raise InvalidInput(f"“{text}” is not a price.")
    scaled = value * PRICE_SCALE
    if scaled != scaled.to_integral_value():
        raise InvalidInput(f"“{text}” has more than four decimals.")
    if scaled > 99_999_999:
        raise InvalidInput(f"“{text}” is above the meter's highest price.")
    return int(scaled)


def set_price(store: Store, actor: Actor, utility: str, unit_price: int, valid_from: date, name: str = "") -> Price:
    """Start a new price on `valid_from`; the price in force before it ends the day before."""
    require(actor, "tariff.change")
    if utility not in UTILITIES:
        raise InvalidInput(f"Unknown utility “{utility}”.")
    if type(unit_price) is not int or not 0 <= unit_price <= 99_999_999:
        raise InvalidInput("A unit price is a whole number of 0.0001 CNY between 0 and 99,999,999.")
    with store.write() as s:
        prior = s.scalars(select(Tariff).where(Tariff.utility == utility,
                                               or_(Tariff.valid_to.is_(None), Tariff.valid_to >= valid_from))
                          .order_by(Tariff.valid_from)).all()
        for t in prior:
            if t.valid_from >= valid_from:
                raise InvalidInput(f"A {utility} price already starts on {t.valid_from}; choose a later date.")
            before = {"valid_to": t.valid_to}
            t.valid_to = valid_from - timedelta(days=1)
            audit.record(s, actor, "tariff.close", "tariff", t.id, before, {"valid_to": t.valid_to})
        new = Tariff(utility=utility, name=name or utility, unit_price=unit_price, valid_from=valid_from)
        s.add(new)
        s.flush()
        audit.record(s, actor, "tariff.create", "tariff", new.id, None,
                     {"utility": utility, "unit_price": unit_price, "valid_from": valid_from})
        return Price(utility, new.name, unit_price, valid_from, None)


def price_on(store: Store, utility: str, day: date) -> Price:
    """The price in force on a campus day (an aware datetime is placed on its campus day first:
    00:00 on 1 January in Shanghai is 1 January, though it is still 31 December in UTC)."""
    day = campus_date(day)
    with store.read() as s:
        t = s.scalar(select(Tariff).where(Tariff.utility == utility, Tariff.valid_from <= day,
                                          or_(Tariff.valid_to.is_(None), Tariff.valid_to >= day))
                     .order_by(Tariff.valid_from.desc()))
        if t is None:
            raise NotFound(f"No {utility} price is in force on {day}.")
        return Price(t.utility, t.name, t.unit_price, t.valid_from, t.valid_to)


def price_at(s: Session, utility: str, when: datetime) -> int:
    """The unit price in force on the campus day of `when` (0.0001 CNY per kWh or per m³; 0 if none)."""
    day = campus_date(when)
    t = s.scalar(select(Tariff.unit_price).where(Tariff.utility == utility, Tariff.valid_from <= day,
                                                 (Tariff.valid_to.is_(None)) | (Tariff.valid_to >= day))
                 .order_by(Tariff.valid_from.desc()).limit(1))
    return int(t) if t is not None else 0
