"""How far a store is from ready to work: the checklist the start page shows after the first start.

What a caller may rely on:
- `progress(store)` computes every step from what the store holds (rooms, lines, meters, prices, …),
  never from a flag someone set: a step is done when its work is in the store, whoever did it and
  from whichever screen.
- A step may be skipped by an administrator (`skip`, audited, kept in the settings table): a skipped
  step that is not done stays in the list, marked skipped, until its work is in the store.
- Titles are English source texts the window translates (`_(step.title)`; the table `STEP_TITLES` is
  collected for the catalogue); `missing` is one app sentence (translated by `tr_message`).
- `page` is the administration page (ui.admin.pages key) that does the step; "" when the work is
  done elsewhere (the first recharge is made at the counter).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app import settings_store
from app.access import Actor, require
from app.clock import today
from app.counter import payment_methods
from app.counter.payments import PURCHASE_MONEY
from app.errors import FieldInvalid, InvalidInput
from app.metering import tariffs
from db.engine import Store
from db.models import (
    Bed,
    Building,
    Bus,
    ElectricityMeter,
    Operator,
    Purchase,
    Room,
    Setting,
    Student,
    Tariff,
    WaterMeter,
)

SKIPPED_SETTING = "setup_skipped"

# key -> title, in the order the checklist lists them (English source; the window translates).
STEP_TITLES = {
    "school": "The school and its administrator",
    "buildings": "Buildings, rooms and beds",
    "line": "An RS-485 line",
    "meters": "Meters assigned to the rooms",
    "tariffs": "Electricity and water prices",
    "payment_methods": "Payment methods the counter accepts",
    "students": "Students registered",
    "clerk": "An operator for the counter (clerk)",
    "first_recharge": "A first recharge delivered to a meter",
}
# The administration page that does each step ("" = done elsewhere: at the counter).
STEP_PAGES = {"school": "operators", "buildings": "campus", "line": "lines", "meters": "lines",
              "tariffs": "money", "payment_methods": "money", "students": "students", "clerk": "operators",
              "first_recharge": ""}
OPTIONAL_STEPS = frozenset({"clerk", "first_recharge"})


@dataclass(frozen=True)
class Step:
    key: str
    title: str          # English source text (STEP_TITLES)
    done: bool
    missing: str        # one app sentence saying what is missing ("" when done)
    page: str           # ui.admin.pages key that does it, "" when it is done elsewhere
    optional: bool = False
    skipped: bool = False

    @property
    def state(self) -> str:
        """"done", "skipped" (not done, skipped by an administrator) or "missing"."""
        return "done" if self.done else "skipped" if self.skipped else "missing"


def _step(key: str, done: bool, *, message: str = "", skipped: frozenset[str] = frozenset()) -> Step:
    return Step(key, STEP_TITLES[key], done, "" if done else message, STEP_PAGES[key], key in OPTIONAL_STEPS,
                key in skipped)


def progress(store: Store) -> list[Step]:
    """Every step of the checklist, in order, as the store stands now."""
    with store.read() as s:
        return progress_in(s)


def progress_in(s: Session) -> list[Step]:
    skipped = frozenset(settings_store.get(s, SKIPPED_SETTING, []) or [])
    day = today()
    steps = [_school(s, skipped), _buildings(s, skipped),
             _line(s, skipped),
             _meters(s, skipped), _tariffs(s, day, skipped),
             _step("payment_methods", bool(payment_methods.methods_in(s)),
                   message="The counter accepts no payment method.", skipped=skipped),
             _step("students", bool(s.scalar(select(func.count(Student.id)).where(Student.status == "active"))),
                   message="No student is registered yet.", skipped=skipped),
             _step("clerk", bool(s.scalar(select(func.count(Operator.id)).where(
                 Operator.role == "clerk", Operator.active.is_(True)))),
                   message="No active operator has the clerk role.", skipped=skipped),
             _step("first_recharge", bool(s.scalar(select(func.count(Purchase.id)).where(
                 Purchase.kind == PURCHASE_MONEY, Purchase.status == "delivered", Purchase.amount > 0,
                 Purchase.ledger_entry_id.is_not(None)))),
                   message="No recharge has reached a meter yet.", skipped=skipped)]
    return steps


def remaining(store: Store) -> list[Step]:
    """The steps not done yet, skipped ones included (what the start page still lists as work)."""
    return [step for step in progress(store) if not step.done]


def needs_attention(store: Store) -> bool:
    """Whether a required (not optional) step is not done: the window then opens the start page."""
    return any(not step.done and not step.optional for step in progress(store))


def skip(store: Store, actor: Actor, key: str) -> None:
    """Record that an administrator skipped step `key` (audited); it stays listed until done."""
    require(actor, "campus.edit")
    if key not in STEP_TITLES:
        raise InvalidInput(f"“{key}” is not a step of the set-up.")
    with store.write() as s:
        before = list(settings_store.get(s, SKIPPED_SETTING, []) or [])
        if key not in before:
            settings_store.put(s, actor, SKIPPED_SETTING, [*before, key], default=[])


def set_first_prices(store: Store, actor: Actor, *, electricity: str, water: str) -> list[tariffs.Price]:
    """The electricity price (CNY per kWh) and the water price (CNY per m³) typed in the set-up, in
    force from today. Both are checked before either is written; FieldInvalid names the field."""
    require(actor, "tariff.change")
    prices = {}
    for utility, text in (("electricity", electricity), ("water", water)):
        if not text.strip():
            raise FieldInvalid("Enter a price.", field=utility)
        try:
            prices[utility] = tariffs.parse_price(text)
        except InvalidInput as exc:
            raise FieldInvalid(exc.message, field=utility) from None
    day = today()
    return [tariffs.set_price(store, actor, utility, price, day) for utility, price in prices.items()]


# ----- the steps that need more than a count ---------------------------------------------------------

def _school(s: Session, skipped: frozenset[str]) -> Step:
    named = s.get(Setting, "school_name") is not None
    admin = bool(s.scalar(select(func.count(Operator.id)).where(Operator.role == "admin",
                                                               Operator.active.is_(True))))
    if not admin:
        return _step("school", False, message="No active administrator.", skipped=skipped)
    return _step("school", named, message="The school has no name.", skipped=skipped)


def _buildings(s: Session, skipped: frozenset[str]) -> Step:
    if not s.scalar(select(func.count(Building.id))):
        return _step("buildings", False, message="No building yet.", skipped=skipped)
    if not s.scalar(select(func.count(Room.id))):
        return _step("buildings", False, message="No building has rooms yet.", skipped=skipped)
    bedless = s.scalar(select(func.count(Room.id)).where(~select(Bed.id).where(Bed.room_id == Room.id).exists()))
    return _step("buildings", not bedless, message=f"{bedless} rooms have no beds.", skipped=skipped)


def _rooms_without(s: Session, meter: type[ElectricityMeter] | type[WaterMeter]) -> int:
    has = select(meter.id).where(meter.room_id == Room.id, meter.replaced_on.is_(None)).exists()
    return s.scalar(select(func.count(Room.id)).where(~has)) or 0


def _meters(s: Session, skipped: frozenset[str]) -> Step:
    if not s.scalar(select(func.count(Room.id))):
        return _step("meters", False, message="Add rooms first, then assign their meters.", skipped=skipped)
    no_power, no_water = _rooms_without(s, ElectricityMeter), _rooms_without(s, WaterMeter)
    if no_power and no_water:
        return _step("meters", False, message=f"{no_power} rooms have no electricity meter and {no_water} "
                     "no water meter.", skipped=skipped)
    if no_power:
        return _step("meters", False, message=f"{no_power} rooms have no electricity meter.", skipped=skipped)
    return _step("meters", not no_water, message=f"{no_water} rooms have no water meter.", skipped=skipped)


def _in_force(s: Session, utility: str, day: date) -> bool:
    return bool(s.scalar(select(func.count(Tariff.id)).where(
        Tariff.utility == utility, Tariff.valid_from <= day,
        or_(Tariff.valid_to.is_(None), Tariff.valid_to >= day))))


def _line(s: Session, skipped: frozenset[str]) -> Step:
    """Done when a line is enabled (polled). A line is added disabled: scanned and its meters assigned
    first, then enabled."""
    if s.scalar(select(func.count(Bus.id)).where(Bus.enabled.is_(True))):
        return _step("line", True, message="", skipped=skipped)
    if s.scalar(select(func.count(Bus.id))):
        return _step("line", False, message="The line is added but not enabled yet: scan it, assign its meters to "
                     "rooms, then enable it.", skipped=skipped)
    return _step("line", False, message="No RS-485 line is added yet.", skipped=skipped)


def _tariffs(s: Session, day: date, skipped: frozenset[str]) -> Step:
    power, water = _in_force(s, "electricity", day), _in_force(s, "water", day)
    if not power and not water:
        return _step("tariffs", False, message="No electricity or water price is in force today.", skipped=skipped)
    if not power:
        return _step("tariffs", False, message="No electricity price is in force today.", skipped=skipped)
    return _step("tariffs", water, message="No water price is in force today.", skipped=skipped)
