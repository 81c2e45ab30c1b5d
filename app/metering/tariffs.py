"""Tariffs: unit prices with validity dates. Only administrators change them.

A new price starts on a campus day and the price in force before it ends the day before, so the
history has no gap and no overlap. From the window a price starts today or later (`add_tariff`): a
price starting in the past would rewrite what billing already charged. `set_price` is the same
operation without that check, for setting up a store's history (tests, the demo).

How a price reaches the meters: the meter service writes the electricity price in force (with the
prepaid parameters) to every meter that does not hold it yet, on each of its passes (seconds apart),
so a price starting today is on the meters within a pass, and one starting later from local midnight
of its first day. Each round of writes is audited ("meter.prepaid_push"); `meter_push` reads it. The
water meters hold no price: the office bills water from the readings.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, require
from app.clock import campus_date
from app.errors import FieldInvalid, InvalidInput, NotFound
from db.engine import Store
from db.models import UTILITIES, AuditRecord, Tariff

PRICE_SCALE = 10_000  # unit prices are stored in 0.0001 CNY per kWh or per m³, as the meter's register


@dataclass(frozen=True)
class Price:
    utility: str
    name: str
    unit_price: int          # 0.0001 CNY per unit
    valid_from: date
    valid_to: date | None
    id: int | None = None

    def state(self, today: date) -> str:
        """"past", "in force" or "upcoming" on campus day `today`."""
        if self.valid_from > today:
            return "upcoming"
        if self.valid_to is not None and self.valid_to < today:
            return "past"
        return "in force"

    @property
    def unit(self) -> str:
        return UNITS[self.utility]

    def text(self) -> str:
        return f"{yuan(self.unit_price)} CNY/{self.unit}"


UNITS = {"electricity": "kWh", "water": "m³"}


def yuan(unit_price: int) -> str:
    """A unit price in 0.0001 CNY as typed and shown: 5883 → "0.5883", 10000 → "1"."""
    return f"{Decimal(unit_price).scaleb(-4).normalize():f}"


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


@dataclass(frozen=True)
class MeterPush:
    """Where the electricity price stands on the meters (see the module's docstring)."""

    price_in_force: int           # 0.0001 CNY per kWh; 0 when no price is in force today
    next_change: date | None      # the first day of the next upcoming electricity price
    last_at: datetime | None      # the meter service's last round of writes
    last_price: int | None
    last_meters: int


def set_price(store: Store, actor: Actor, utility: str, unit_price: int, valid_from: date, name: str = "") -> Price:
    """Start a new price on `valid_from`; the price in force before it ends the day before. Takes any
    start date (setting up a store's history); the window uses `add_tariff`."""
    require(actor, "tariff.change")
    if utility not in UTILITIES:
        raise InvalidInput(f"Unknown utility “{utility}”.")
    if type(unit_price) is not int or not 0 <= unit_price <= 99_999_999:
        raise InvalidInput("A unit price is a whole number of 0.0001 CNY between 0 and 99,999,999.")
    return _start_price(store, actor, utility, unit_price, valid_from, name)


def add_tariff(store: Store, actor: Actor, *, utility: str, unit_price: int | str, valid_from: date,
               name: str = "") -> Price:
    """A new price from the window: `unit_price` in 0.0001 CNY or as typed ("0.5883" CNY per unit),
    above zero, starting today or later and after every price already set for the utility.
    Bad input raises FieldInvalid naming the argument; nothing is written then."""
    require(actor, "tariff.change")
    if utility not in UTILITIES:
        raise FieldInvalid(f"Unknown utility “{utility}”.", field="utility")
    if isinstance(unit_price, str):
        try:
            unit_price = parse_price(unit_price)
        except InvalidInput as exc:
            raise FieldInvalid(str(exc), field="unit_price") from None
    if type(unit_price) is not int or not 0 < unit_price <= 99_999_999:
        raise FieldInvalid("A price must be above zero: a free utility is a quota rule, not a tariff.",
                           field="unit_price")
    if not isinstance(valid_from, date) or isinstance(valid_from, datetime):
        raise FieldInvalid("Give the first day of the price.", field="valid_from")
    today = clock.today()
    if valid_from < today:
        raise FieldInvalid(f"A price cannot start in the past ({valid_from}): billing has already charged those "
                           f"days. Start it today ({today}) or later.", field="valid_from")
    return _start_price(store, actor, utility, unit_price, valid_from, name)


def _start_price(store: Store, actor: Actor, utility: str, unit_price: int, valid_from: date, name: str) -> Price:
    with store.write() as s:
        prior = s.scalars(select(Tariff).where(Tariff.utility == utility,
                                               or_(Tariff.valid_to.is_(None), Tariff.valid_to >= valid_from))
                          .order_by(Tariff.valid_from)).all()
        for t in prior:
            if t.valid_from >= valid_from:
                raise FieldInvalid(f"A {utility} price already starts on {t.valid_from}; choose a later date.",
                                   field="valid_from")
            before = {"valid_to": t.valid_to}
            t.valid_to = valid_from - timedelta(days=1)
            audit.record(s, actor, "tariff.close", "tariff", t.id, before, {"valid_to": t.valid_to})
        new = Tariff(utility=utility, name=name or utility, unit_price=unit_price, valid_from=valid_from)
        s.add(new)
        s.flush()
        audit.record(s, actor, "tariff.create", "tariff", new.id, None,
                     {"utility": utility, "unit_price": unit_price, "valid_from": valid_from})
        return Price(utility, new.name, unit_price, valid_from, None, new.id)


def history(store: Store, utility: str | None = None) -> list[Price]:
    """Every price set (ended, in force and upcoming), per utility, the latest start first."""
    with store.read() as s:
        q = select(Tariff).order_by(Tariff.utility, Tariff.valid_from.desc())
        if utility is not None:
            q = q.where(Tariff.utility == utility)
        return [Price(t.utility, t.name, int(t.unit_price), t.valid_from, t.valid_to, t.id) for t in s.scalars(q)]


def meter_push(store: Store) -> MeterPush:
    """The electricity price in force today, the day it next changes, and the meter service's last
    round of writes to the meters (from its audit record)."""
    today = clock.today()
    with store.read() as s:
        in_force = price_at(s, "electricity", clock.now())
        upcoming = s.scalar(select(Tariff.valid_from).where(Tariff.utility == "electricity", Tariff.valid_from > today)
                            .order_by(Tariff.valid_from).limit(1))
        last = s.scalar(select(AuditRecord).where(AuditRecord.action == "meter.prepaid_push")
                        .order_by(AuditRecord.id.desc()).limit(1))
        after = (last.after or {}) if last is not None else {}
        return MeterPush(in_force, upcoming, last.at if last is not None else None, after.get("unit_price"),
                         len(after.get("meters", ())))


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
        return Price(t.utility, t.name, t.unit_price, t.valid_from, t.valid_to, t.id)


def price_at(s: Session, utility: str, when: datetime) -> int:
    """The unit price in force on the campus day of `when` (0.0001 CNY per kWh or per m³; 0 if none)."""
    day = campus_date(when)
    t = s.scalar(select(Tariff.unit_price).where(Tariff.utility == utility, Tariff.valid_from <= day,
                                                 (Tariff.valid_to.is_(None)) | (Tariff.valid_to >= day))
                 .order_by(Tariff.valid_from.desc()).limit(1))
    return int(t) if t is not None else 0
