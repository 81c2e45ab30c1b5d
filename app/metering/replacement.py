"""Replacing a meter, and taking one out of service.

`replace_meter` is one transaction, and one operation under its idempotency key (a second call with
the same key returns the first result and changes nothing):
1. the consumption between the old meter's last billed reading and its final reading is charged
   exactly as billing charges it (the register steps at the tariff, free energy first, through the
   meter's sub-fen remainder R; `final_charge`);
2. the old meter is marked replaced: its row, readings, purchases and events stay and still point to
   it (the room's history lists them); its purchases still waiting in the outbox are not delivered
   (failed, saying why): their money is in the balance carried over, and a refund or void that waited
   for the old meter is not paid (the money stays in the room's account);
3. the new meter is recorded for the room on the same line, at the old address unless another is
   given, with a billing cursor standing on its initial reading: its next reading is billed from
   there, so nothing is charged twice and no step is lost across the swap;
4. electricity (DDSY, spec §6): a set-balance purchase (kind 3, absolute, in 0.01 CNY, resetting the
   meter's R as the ledger's remainder starts from 0) is queued for the new meter with the room's
   ledger balance after step 1, delivered by whichever runtime owns the line through the ordinary
   outbox. Water (LXSY): the meter holds no money (billing is done by the host, spec LXSY §4), so
   nothing is sent: the room's water balance stays in the ledger, and the valve follows it as before.
   Free energy left on an old electricity meter is not carried over (the next quota grant gives the
   new meter its own).

`decommission_meter` takes a meter out of service without a successor: the room keeps its money (the
ledger), the meter is no longer polled (runtimes load active meters only); refused while a purchase
for it waits in the outbox.

Readings are integers in the meter's register unit: 0.01 kWh (DDSY energy register) or litres (LXSY
volume register); `parse_reading` and `reading_text` turn them into what a person types and reads.
Every refusal is one sentence; one caused by one argument is a `FieldInvalid` naming it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.counter import payments, share_transfers, voids
from app.counter.ledger import lock_money
from app.counter.money import Money
from app.errors import FieldInvalid, IdempotencyConflict, InvalidInput, NotFound
from app.metering.billing import MAX_ROOM_POWER_W, PRICE_UNITS_PER_FEN
from app.metering.billing_electricity import post_consumption
from app.metering.billing_water import MAX_FLOW_L_PER_H
from app.metering.tariffs import price_at
from db import retry
from db.engine import Store
from db.models import (
    Account,
    BillingCursor,
    Building,
    Bus,
    ElectricityMeter,
    Purchase,
    RefundRequest,
    Room,
    VoidRequest,
    WaterMeter,
)
from db.models_meters import MeterReplacement
from drivers.ddsy_records import PurchaseKind

MODELS: dict[str, type[ElectricityMeter] | type[WaterMeter]] = {"ddsy": ElectricityMeter, "lxsy": WaterMeter}
UTILITY = {"ddsy": "electricity", "lxsy": "water"}
MAX_KEY = 80
MAX_READING = 2**32 - 1          # both registers are U32


@dataclass(frozen=True)
class MeterState:
    """A meter as the replacement dialog shows it before anything is done."""

    kind: str
    meter_id: int
    room_id: int | None
    room_code: str | None
    serial_no: str
    bus_id: int
    bus_name: str
    address: int
    last_reading: int | None         # the last billed register value (None: never read)
    last_at: datetime | None
    balance_fen: int | None          # the room's ledger balance for this utility (None: no account yet)
    pending_purchases: int           # purchases for it still in the outbox
    replaced: bool


@dataclass(frozen=True)
class Plan:
    """What replacing the meter with this final reading would do (nothing is written)."""

    final_reading: int
    final_typed: bool                # False: the last stored reading is taken as the final one
    billed: int                      # register steps charged (0.01 kWh or litres)
    charged_fen: int
    carried_fen: int | None          # the new meter's set balance (electricity); None for water


@dataclass(frozen=True)
class Replacement:
    id: int
    kind: str
    action: str                      # "replace" or "decommission"
    room_id: int | None
    old_meter_id: int
    new_meter_id: int | None
    final_reading: int
    final_typed: bool
    initial_reading: int | None
    billed: int
    charged_fen: int
    carried_fen: int | None
    purchase_id: int | None          # the set-balance in the outbox
    replayed: bool = False


# ----- readings as people type and read them -------------------------------------------------------

def reading_text(kind: str, value: int) -> str:
    """A register value as the meter's display shows it: "1234.56" (kWh) or "1234" (L)."""
    if kind == "ddsy":
        return f"{value // 100}.{value % 100:02d}"
    return str(value)


def parse_reading(kind: str, text: str, field: str) -> int:
    """A reading typed from the meter's display: kWh with at most two decimals, or whole litres.
    FieldInvalid(field=`field`) says why a text is not one."""
    t = text.strip()
    try:
        d = Decimal(t)
    except InvalidOperation:
        if kind == "ddsy":
            raise FieldInvalid("Type the reading in kWh as the meter shows it, e.g. 1234.56.", field=field) from None
        raise FieldInvalid("Type the reading in litres as the meter shows it, e.g. 1234.", field=field) from None
    if not d.is_finite() or d < 0:
        raise FieldInvalid("A meter reading is a number of 0 or more.", field=field)
    scaled = d * 100 if kind == "ddsy" else d
    if scaled != scaled.to_integral_value():
        if kind == "ddsy":
            raise FieldInvalid("An electricity reading has at most two decimals (0.01 kWh).", field=field)
        raise FieldInvalid("A water reading is in whole litres.", field=field)
    value = int(scaled)
    if value > MAX_READING:
        raise FieldInvalid("This reading is larger than a meter's register can hold.", field=field)
    return value


# ----- the charge at the swap: billing's arithmetic ------------------------------------------------

def final_charge(kind: str, *, last: int, final: int, last_free: int, credited_free: int, remainder: int,
                 price: int) -> tuple[int, int, int, int]:
    """(steps charged, fen charged, new remainder, free energy left) for the register moving from
    `last` to `final`: electricity takes free energy first (`last_free` on the meter at the last
    reading plus `credited_free` delivered since), then charges each 0.01 kWh step at `price`
    (0.0001 CNY/kWh) through the remainder R in 10⁻⁶ CNY (spec §5), as `bill_electricity` does;
    water charges the litres at `price` (0.0001 CNY/m³) with its remainder, as `bill_water` does."""
    delta = final - last
    if kind == "ddsy":
        free = max(0, last_free + credited_free)
        steps = delta - min(delta, free)
        charged, rest = divmod(remainder + steps * price, 10_000)
        return steps, charged, rest, free - (delta - steps)
    charged, rest = divmod(remainder + delta * price, 1000 * PRICE_UNITS_PER_FEN)
    return delta, charged, rest, 0


# ----- what the dialog shows ----------------------------------------------------------------------

def meter_state(store: Store, kind: str, meter_id: int) -> MeterState:
    """The meter `meter_id` of `kind` ("ddsy" or "lxsy") with its last billed reading and its room's
    balance. NotFound if there is none."""
    model = _model(kind)
    with store.read() as s:
        m = s.get(model, meter_id)
        if m is None:
            raise _missing(kind, meter_id)
        cur = _cursor(s, kind, meter_id)
        acc = _account(s, kind, m.room_id)
        pending = len(_pending(s, meter_id)) if kind == "ddsy" else 0
        return MeterState(kind, m.id, m.room_id, _room_code(s, m.room_id), m.serial_no, m.bus_id,
                          s.get(Bus, m.bus_id).name, m.address,
                          cur.last_register if cur is not None else None, cur.last_at if cur is not None else None,
                          acc.balance_fen if acc is not None else None, pending, m.replaced_on is not None)


def plan_replacement(store: Store, kind: str, meter_id: int, final_reading: int | None) -> Plan:
    """What `replace_meter` would charge and carry with this final reading (refused as it would be)."""
    model = _model(kind)
    with store.read() as s:
        m = s.get(model, meter_id)
        if m is None:
            raise _missing(kind, meter_id)
        if m.replaced_on is not None:
            raise _already(kind, m)
        return _compute(s, kind, m, final_reading, clock.now(), _account(s, kind, m.room_id))[0]


# ----- the operations ------------------------------------------------------------------------------

@retry.retrying
def replace_meter(store: Store, actor: Actor, *, kind: str, old_meter_id: int, new_serial: str,
                  new_address: int | None = None, final_reading: int | None = None, initial_reading: int,
                  key: str) -> Replacement:
    """Replace meter `old_meter_id` (see the module docstring). `final_reading`: the old meter's
    register as read from its display (None: its last stored reading is taken, consumption since is
    not billed); `initial_reading`: the new meter's register as installed. Requires meter.assign."""
    require(actor, "meter.assign")
    model = _model(kind)
    key = _key(key)
    serial = _serial(new_serial)
    if new_address is not None and (isinstance(new_address, bool) or not isinstance(new_address, int)
                                    or not 1 <= new_address <= 247):
        raise FieldInvalid("A meter address is 1 to 247.", field="new_address")
    initial = _register(initial_reading, "initial_reading")
    final = None if final_reading is None else _register(final_reading, "final_reading")
    now, today = clock.now(), clock.today()
    with store.write() as s:
        done = _replayed(s, key, kind, old_meter_id, "replace")
        if done is not None:
            return done
        cur = _cursor(s, kind, old_meter_id, lock=True)             # billing's order: cursor, then accounts
        old = s.get(model, old_meter_id)
        if old is None:
            raise _missing(kind, old_meter_id)
        acc = _account(s, kind, old.room_id)
        if acc is not None:
            _shift, locked = lock_money(s, [acc.id])
            acc = locked[acc.id]
        old = s.get(model, old_meter_id, with_for_update=True, populate_existing=True)
        if old.replaced_on is not None:
            done = _replayed(s, key, kind, old_meter_id, "replace")     # the same call, raced
            if done is not None:
                return done
            raise _already(kind, old)
        address = old.address if new_address is None else new_address
        _check_serial(s, kind, serial)
        _check_address(s, old, address)
        plan, rest, free_left = _compute(s, kind, old, final, now, acc)
        balance_after = acc.balance_fen if acc is not None else 0
        if acc is not None and plan.charged_fen:
            balance, count = {acc.id: acc.balance_fen}, {acc.id: acc.entry_count}
            unit = "kWh" if kind == "ddsy" else "L"
            post_consumption(s, balance, count, [(f"replace-{key}", acc.id, -plan.charged_fen,
                                                  f"{reading_text(kind, plan.billed)} {unit} (meter replaced)")])
            balance_after = balance[acc.id]
        last = cur.last_register if cur is not None else None
        if cur is not None:
            cur.last_register, cur.last_free, cur.remainder, cur.last_at = plan.final_reading, free_left, rest, now
        failed = _retire_outbox(s, old, kind) if kind == "ddsy" else []
        old.replaced_on = today
        _set_final(kind, old, plan.final_reading)
        s.flush()                                                   # free the address and the room first
        new = model(bus_id=old.bus_id, address=address, room_id=old.room_id, serial_no=serial, installed_on=today)
        if kind == "ddsy":
            new.initial_reading_cwh = initial
        else:
            new.initial_reading_l = initial
        s.add(new)
        s.flush()
        # Electricity: the set-balance restarts the new meter's R at 0, and so does the host. Water: the
        # host alone keeps the sub-fen remainder, and it goes on across the swap.
        s.add(BillingCursor(utility=UTILITY[kind], meter_id=new.id, last_register=initial, last_free=0,
                            remainder=rest if kind == "lxsy" else 0, last_at=now))
        purchase = None
        if kind == "ddsy":
            purchase = Purchase(meter_id=new.id, ledger_entry_id=None, kind=int(PurchaseKind.SET_BALANCE),
                                amount=balance_after, status="pending")
            s.add(purchase)
            s.flush()
        row = MeterReplacement(
            idempotency_key=key, meter_kind=kind, action="replace", room_id=old.room_id, old_meter_id=old.id,
            new_meter_id=new.id, final_reading=plan.final_reading, final_typed=plan.final_typed,
            initial_reading=initial, billed=plan.billed, charged_fen=plan.charged_fen,
            carried_fen=balance_after if kind == "ddsy" else None,
            purchase_id=purchase.id if purchase is not None else None, reason="", operator_id=actor.id)
        s.add(row)
        s.flush()
        audit.record(s, actor, "meter.replace", old.__tablename__.removesuffix("s"), old.id,
                     {"serial_no": old.serial_no, "address": old.address, "last_reading": last},
                     {"key": key, "new_meter": new.id, "serial_no": serial, "address": address,
                      "final_reading": plan.final_reading, "final_typed": plan.final_typed, "initial_reading": initial,
                      "billed": plan.billed, "charged_fen": plan.charged_fen, "carried_fen": row.carried_fen,
                      "purchase": row.purchase_id, "not_delivered": failed})
        events.stage(s, "buses_changed", ids=[old.bus_id])
        events.stage(s, "rooms_changed", rooms=[old.room_id])
        if purchase is not None or failed:
            events.stage(s, "purchase_state_changed", rooms={old.room_id},
                         ids=[*failed, *([purchase.id] if purchase is not None else [])])
        return _result(row)


@retry.retrying
def decommission_meter(store: Store, actor: Actor, kind: str, meter_id: int, reason: str, *,
                       key: str | None = None) -> Replacement:
    """Take meter `meter_id` out of service with no successor: the room keeps its money, the meter is
    no longer polled, its history stays. Refused while a purchase for it waits in the outbox.
    Requires meter.assign."""
    require(actor, "meter.assign")
    model = _model(kind)
    why = (reason or "").strip()
    if not why:
        raise FieldInvalid("Say why the meter is taken out of service.", field="reason")
    if len(why) > 255:
        raise FieldInvalid("The reason is at most 255 characters long.", field="reason")
    key = _key(key or f"decommission-{kind}-{meter_id}")
    with store.write() as s:
        done = _replayed(s, key, kind, meter_id, "decommission")
        if done is not None:
            return done
        cur = _cursor(s, kind, meter_id, lock=True)
        m = s.get(model, meter_id, with_for_update=True)
        if m is None:
            raise _missing(kind, meter_id)
        if m.replaced_on is not None:
            raise _already(kind, m)
        if kind == "ddsy":
            waiting = _pending(s, m.id)
            if waiting:
                p, n = waiting[0], len(waiting)
                if p.kind == PurchaseKind.MONEY:
                    raise InvalidInput(f"A purchase for this meter is still in the outbox (purchase {p.id}, "
                                       f"{Money(p.amount).display()}; {n} in all): take it out of service once they "
                                       "are delivered, or replace the meter instead.")
                raise InvalidInput(f"A purchase for this meter is still in the outbox (purchase {p.id}; {n} in "
                                   "all): take it out of service once they are delivered, or replace the meter "
                                   "instead.")
        final = cur.last_register if cur is not None else _initial(kind, m)
        m.replaced_on = clock.today()
        _set_final(kind, m, final)
        row = MeterReplacement(idempotency_key=key, meter_kind=kind, action="decommission", room_id=m.room_id,
                               old_meter_id=m.id, new_meter_id=None, final_reading=final, final_typed=False,
                               initial_reading=None, billed=0, charged_fen=0, carried_fen=None, purchase_id=None,
                               reason=why, operator_id=actor.id)
        s.add(row)
        s.flush()
        audit.record(s, actor, "meter.decommission", m.__tablename__.removesuffix("s"), m.id,
                     {"serial_no": m.serial_no, "bus_id": m.bus_id, "address": m.address, "room": m.room_id},
                     {"key": key, "reason": why, "final_reading": final})
        events.stage(s, "buses_changed", ids=[m.bus_id])
        events.stage(s, "rooms_changed", rooms=[m.room_id])
        return _result(row)


def replacements(store: Store, room_id: int) -> list[Replacement]:
    """The room's replaced and decommissioned meters, oldest first."""
    with store.read() as s:
        return [_result(r) for r in s.scalars(select(MeterReplacement).where(MeterReplacement.room_id == room_id)
                                             .order_by(MeterReplacement.id))]


# ----- inside -------------------------------------------------------------------------------------

def _model(kind: str) -> type[ElectricityMeter] | type[WaterMeter]:
    if kind not in MODELS:
        raise InvalidInput("The meter kind is ddsy (electricity) or lxsy (water).")
    return MODELS[kind]


def _missing(kind: str, meter_id: int) -> NotFound:
    if kind == "ddsy":
        return NotFound(f"There is no electricity meter {meter_id}.")
    return NotFound(f"There is no water meter {meter_id}.")


def _key(key: str) -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput("Every meter replacement needs an idempotency key.")
    if len(key) > MAX_KEY:
        raise InvalidInput(f"An idempotency key has at most {MAX_KEY} characters.")
    return key


def _serial(serial: str) -> str:
    serial = (serial or "").strip()
    if not serial:
        raise FieldInvalid("Give the new meter's serial number (on its nameplate).", field="new_serial")
    if len(serial) > 32:
        raise FieldInvalid("A serial number is at most 32 characters long.", field="new_serial")
    return serial


def _register(value: int, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_READING:
        raise FieldInvalid("A meter reading is a number of 0 or more.", field=field)
    return value


def _initial(kind: str, m: ElectricityMeter | WaterMeter) -> int:
    return (m.initial_reading_cwh if kind == "ddsy" else m.initial_reading_l) or 0


def _set_final(kind: str, m: ElectricityMeter | WaterMeter, final: int) -> None:
    if kind == "ddsy":
        m.final_reading_cwh = final
    else:
        m.final_reading_l = final


def _already(kind: str, m: ElectricityMeter | WaterMeter) -> InvalidInput:
    name, day = m.serial_no or str(m.id), m.replaced_on.isoformat()
    if kind == "ddsy":
        return InvalidInput(f"The electricity meter {name} was already taken out of service on {day}.")
    return InvalidInput(f"The water meter {name} was already taken out of service on {day}.")


def _cursor(s: Session, kind: str, meter_id: int, *, lock: bool = False) -> BillingCursor | None:
    q = select(BillingCursor).where(BillingCursor.utility == UTILITY[kind], BillingCursor.meter_id == meter_id)
    return s.scalar(q.with_for_update() if lock else q)


def _account(s: Session, kind: str, room_id: int | None) -> Account | None:
    if room_id is None:
        return None
    return s.scalar(select(Account).where(Account.room_id == room_id, Account.utility == UTILITY[kind]))


def _room_code(s: Session, room_id: int | None) -> str | None:
    if room_id is None:
        return None
    row = s.execute(select(Building.code, Room.number).join(Room, Room.building_id == Building.id)
                    .where(Room.id == room_id)).first()
    return f"{row[0]}-{row[1]}" if row is not None else None


def _pending(s: Session, meter_id: int) -> list[Purchase]:
    return list(s.scalars(select(Purchase).where(Purchase.meter_id == meter_id, Purchase.status == "pending")
                          .order_by(Purchase.id)))


def _credited_free(s: Session, kind: str, meter_id: int, since: datetime, until: datetime) -> int:
    """Free energy delivered to the meter after the last reading (billing counts it the same way)."""
    if kind != "ddsy":
        return 0
    return sum(s.scalars(select(Purchase.amount).where(
        Purchase.meter_id == meter_id, Purchase.kind.in_((2, 4)), Purchase.status == "delivered",
        Purchase.delivered_at > since, Purchase.delivered_at <= until)))


def _remainder(s: Session, kind: str, meter_id: int, cur: BillingCursor) -> int:
    """The cursor's remainder, or 0 when a set-balance landed on the meter since the last reading
    (it reset the meter's R, spec §5)."""
    if kind == "ddsy" and s.scalar(select(Purchase.id).where(
            Purchase.meter_id == meter_id, Purchase.kind == PurchaseKind.SET_BALANCE, Purchase.status == "delivered",
            Purchase.delivered_at > cur.last_at).limit(1)) is not None:
        return 0
    return cur.remainder


def _compute(s: Session, kind: str, m: ElectricityMeter | WaterMeter, final: int | None, now: datetime,
             acc: Account | None) -> tuple[Plan, int, int]:
    """The plan, and the billing cursor's new remainder and free energy."""
    cur = _cursor(s, kind, m.id)
    last = cur.last_register if cur is not None else _initial(kind, m)
    typed = final is not None
    value = final if final is not None else last
    unit = "kWh" if kind == "ddsy" else "L"
    if value < last:
        raise FieldInvalid(f"The final reading {reading_text(kind, value)} {unit} is below the meter's last "
                           f"reading, {reading_text(kind, last)} {unit}.", field="final_reading")
    balance = acc.balance_fen if acc is not None else 0
    if cur is None:           # never read: billing never charged this meter, nor does the swap
        return Plan(value, typed, 0, 0, balance if kind == "ddsy" else None), 0, 0
    hours = max((now - cur.last_at).total_seconds() / 3600, 1 / 60)
    most = int(hours * MAX_ROOM_POWER_W / 10) + 100 if kind == "ddsy" else int(hours * MAX_FLOW_L_PER_H) + 50
    if value - last > most:
        raise FieldInvalid(f"The final reading {reading_text(kind, value)} {unit} is "
                           f"{reading_text(kind, value - last)} {unit} above the last reading, more than a room "
                           "can use in that time: check the digits.", field="final_reading")
    steps, charged, rest, free_left = final_charge(
        kind, last=last, final=value, last_free=cur.last_free,
        credited_free=_credited_free(s, kind, m.id, cur.last_at, now), remainder=_remainder(s, kind, m.id, cur),
        price=price_at(s, UTILITY[kind], now))
    if acc is None:
        charged = 0           # billing charges no room without an account either
    return Plan(value, typed, steps, charged, balance - charged if kind == "ddsy" else None), rest, free_left


def _check_serial(s: Session, kind: str, serial: str) -> None:
    model = MODELS[kind]
    other = s.execute(select(model.id, model.room_id).where(model.serial_no == serial, model.replaced_on.is_(None))
                      ).first()
    if other is None:
        return
    room = _room_code(s, other.room_id)
    if room is None:
        raise FieldInvalid(f"The serial number {serial} is already in use by another active meter.",
                           field="new_serial")
    if kind == "ddsy":
        raise FieldInvalid(f"The serial number {serial} is already in use by the electricity meter of room {room}.",
                           field="new_serial")
    raise FieldInvalid(f"The serial number {serial} is already in use by the water meter of room {room}.",
                       field="new_serial")


def _check_address(s: Session, old: ElectricityMeter | WaterMeter, address: int) -> None:
    if address == old.address:
        return
    for kind, model in MODELS.items():
        taken = s.scalar(select(model).where(model.bus_id == old.bus_id, model.address == address,
                                             model.replaced_on.is_(None)))
        if taken is None:
            continue
        room = _room_code(s, taken.room_id)
        if room is None:
            raise FieldInvalid(f"Address {address} on this line is already used by another meter.",
                               field="new_address")
        if kind == "ddsy":
            raise FieldInvalid(f"Address {address} on this line is already used by the electricity meter of "
                               f"room {room}.", field="new_address")
        raise FieldInvalid(f"Address {address} on this line is already used by the water meter of room {room}.",
                           field="new_address")


def _retire_outbox(s: Session, old: ElectricityMeter, kind: str) -> list[int]:
    """The old meter's purchases still waiting: not delivered any more (their money is in the carried
    balance); a refund or void that waited for one is not paid. Returns their ids."""
    ids = []
    for p in _pending(s, old.id):
        p = s.get(Purchase, p.id, with_for_update=True)
        p.status = "failed"
        p.reason = "not delivered: the meter was replaced; the new meter's balance includes this purchase"[:255]
        refund = s.scalar(select(RefundRequest.id).where(RefundRequest.purchase_id == p.id))
        if refund is not None:
            payments.fail_refund(s, refund, "the meter was replaced before it gave the money back")
        void = s.scalar(select(VoidRequest.id).where(VoidRequest.purchase_id == p.id))
        if void is not None:
            voids.fail_void(s, void, "the meter was replaced before it gave the credit back")
        share_transfers.fail_in(s, p.id, "the meter was replaced before it gave the share back")
        ids.append(p.id)
    return ids


def _replayed(s: Session, key: str, kind: str, meter_id: int, action: str) -> Replacement | None:
    row = s.scalar(select(MeterReplacement).where(MeterReplacement.idempotency_key == key))
    if row is None:
        return None
    if (row.meter_kind, row.old_meter_id, row.action) != (kind, meter_id, action):
        raise IdempotencyConflict("This idempotency key was already used for another meter operation.")
    return _result(row, replayed=True)


def _result(row: MeterReplacement, *, replayed: bool = False) -> Replacement:
    return Replacement(row.id, row.meter_kind, row.action, row.room_id, row.old_meter_id, row.new_meter_id,
                       row.final_reading, row.final_typed, row.initial_reading, row.billed, row.charged_fen,
                       row.carried_fen, row.purchase_id, replayed)
