"""Billing from meter readings, and reconciliation of the ledger with the meters.

Electricity: the meter deducts by itself (spec §5). The host posts the same consumption from the
energy register's deltas at the tariff, keeping the meter's sub-fen accumulator R per meter (the
billing cursor), with free energy used first, so that when nothing is in flight the ledger and the
meter hold the same balance to the fen. Any difference beyond 0.01 CNY becomes a reconciliation
finding with both figures. A register that goes backwards (replacement, rollover) or jumps more
than a room can draw is never billed: it is flagged for review and billing continues from it.

Water: billed by the host from the volume register (litres) at the water tariff, with the same
kind of remainder. What follows from a balance (valve, linkage lock) is returned as intents for
the meter service to carry out; billing itself does no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import alarms
from app.access import Actor
from app.ledger import Line, post_in
from app.money import Money
from db.models import (
    Account,
    BillingCursor,
    BuildingPolicy,
    ElectricityMeter,
    ReconciliationFinding,
    Room,
    Tariff,
    WaterMeter,
    WaterReading,
)

PRICE_UNITS_PER_FEN = 100            # unit prices are 0.0001 CNY
MAX_ROOM_POWER_W = 25_000            # more than this on average between two readings is implausible
SEQ_WINDOW = 1000


@dataclass(frozen=True)
class ElectricReading:
    meter_id: int
    taken_at: datetime
    incoming_cwh: int
    branch_cwh: tuple[int, int, int]
    balance_fen: int
    free_cwh: int
    purchase_count: int
    status: int


@dataclass(frozen=True)
class WaterReadingIn:
    meter_id: int
    taken_at: datetime
    volume_l: int
    valve_state: int
    status: int


@dataclass(frozen=True)
class Intent:
    """Something the meter service should do on the wire because of a balance."""

    action: str          # "linkage" (electricity meter), "valve" (water meter)
    meter_id: int
    value: bool          # linkage locked / valve open


@dataclass(frozen=True)
class BillResult:
    stored: bool                       # False: this interval's reading was already stored
    charged_fen: int = 0
    finding: str | None = None
    intents: tuple[Intent, ...] = ()


def price_at(s: Session, utility: str, when: datetime) -> int:
    """The unit price in force on the campus day of `when` (0.0001 CNY per kWh or per m³; 0 if none)."""
    from app.quota_periods import campus_date

    day = campus_date(when)
    t = s.scalar(select(Tariff.unit_price).where(Tariff.utility == utility, Tariff.valid_from <= day,
                                                 (Tariff.valid_to.is_(None)) | (Tariff.valid_to >= day))
                 .order_by(Tariff.valid_from.desc()).limit(1))
    return int(t) if t is not None else 0


def _cursor(s: Session, utility: str, meter_id: int) -> BillingCursor | None:
    return s.scalar(select(BillingCursor).where(BillingCursor.utility == utility, BillingCursor.meter_id == meter_id)
                    .with_for_update())


def _finding(s: Session, kind: str, *, meter_id: int, account_id: int | None, room_id: int | None,
             host: int | None, meter: int | None, details: dict, message: str, alarm_kind: str) -> None:
    s.add(ReconciliationFinding(kind=kind, meter_id=meter_id, account_id=account_id, host_value=host,
                                meter_value=meter, details=details))
    alarms.raise_alarm(s, alarm_kind, level=2, room_id=room_id, meter_id=meter_id, message=message, details=details, open_key=f"{kind}-{meter_id}")


def _store_reading(s: Session, row) -> bool:
    try:
        with s.begin_nested():
            s.add(row)
            s.flush()
    except IntegrityError:
        return False
    return True


def in_meter_already(status: str, sequence: int | None, purchase_count: int) -> bool:
    """Whether a purchase's money is inside a reading that reports `purchase_count`: pending ones are
    not, delivered ones are unless their sequence comes after the count."""
    if status == "pending":
        return False
    return sequence is None or not 0 < (sequence - purchase_count) % 65535 <= SEQ_WINDOW


def bill_electricity(s: Session, r: ElectricReading) -> BillResult:
    """Store one billing reading and post its consumption, in the caller's transaction."""
    from app.billing_batch import bill_electricity_many

    return bill_electricity_many(s, [r])[0]


def bill_water(s: Session, r: WaterReadingIn) -> BillResult:
    """Store one water reading, charge its volume, and say what the valve and linkage should do."""
    meter = s.get(WaterMeter, r.meter_id)
    if not _store_reading(s, WaterReading(meter_id=r.meter_id, taken_at=r.taken_at, volume_l=r.volume_l,
                                          valve_state=r.valve_state, status=r.status)):
        return BillResult(stored=False)
    if r.valve_state == 3:
        alarms.raise_alarm(s, "valve_fault", level=2, room_id=meter.room_id,
                           message="The water valve reports a fault; water may still flow and is still billed.",
                           open_key=f"valve-fault-{meter.id}")
    account = s.scalar(select(Account).where(Account.room_id == meter.room_id, Account.utility == "water")) \
        if meter.room_id else None
    cur = _cursor(s, "water", r.meter_id)
    if cur is None:
        s.add(BillingCursor(utility="water", meter_id=r.meter_id, last_register=r.volume_l, remainder=0,
                            last_at=r.taken_at))
        return BillResult(stored=True, intents=water_intents(s, meter.room_id))
    delta = (r.volume_l - cur.last_register) % 2**32     # the register wraps after 4 294 967 295 L
    hours = max((r.taken_at - cur.last_at).total_seconds() / 3600, 1 / 60)
    charged, finding = 0, None
    if r.volume_l < cur.last_register and delta > 2**31 or delta > hours * 3000 + 50:
        finding = "reading_review"
        _finding(s, "reading_review", meter_id=r.meter_id, account_id=account.id if account else None,
                 room_id=meter.room_id, host=cur.last_register, meter=r.volume_l,
                 details={"from_l": cur.last_register, "to_l": r.volume_l},
                 message=f"Water register moved {cur.last_register} → {r.volume_l} L; not billed.",
                 alarm_kind="reading_review")
    else:
        price = price_at(s, "water", r.taken_at)              # 0.0001 CNY per m³
        charged, cur.remainder = divmod(cur.remainder + delta * price, 1000 * PRICE_UNITS_PER_FEN)
        if charged and account is not None:
            post_in(s, Actor.system(), f"bill-w-{r.meter_id}-{r.taken_at.isoformat()}", "consumption",
                    [Line(account.id, "consumption", Money(-charged), memo=f"{delta} L")])
    cur.last_register, cur.last_at = r.volume_l, r.taken_at
    return BillResult(stored=True, charged_fen=charged, finding=finding, intents=water_intents(s, meter.room_id))


def water_intents(s: Session, room_id: int | None) -> tuple[Intent, ...]:
    """What the valve and the linkage lock should be for the room's water balance and its building's policy."""
    if room_id is None:
        return ()
    room = s.get(Room, room_id)
    policy = s.get(BuildingPolicy, room.building_id)
    water = s.scalar(select(Account.balance_fen).where(Account.room_id == room_id, Account.utility == "water"))
    if policy is None or water is None:
        return ()
    out = []
    wm = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == room_id, WaterMeter.replaced_on.is_(None)))
    if policy.close_valve_on_arrears and wm is not None:
        out.append(Intent("valve", wm, water >= 0))
    em = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id,
                                                    ElectricityMeter.replaced_on.is_(None)))
    if em is not None:
        out.append(Intent("linkage", em, bool(policy.water_linkage and water < policy.water_limit_fen)))
    return tuple(out)
