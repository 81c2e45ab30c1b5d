"""One billing interval of water for many meters, set-based (`bill_water` is this with one
reading): store each reading once per interval, charge the volume delta
at the water tariff with the sub-fen remainder, flag a register that jumps or runs backwards, raise
a valve-fault alarm, and return the valve and linkage intents of every room billed."""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, select, update
from sqlalchemy.orm import Session

from app.metering import alarms
from app.metering.billing import PRICE_UNITS_PER_FEN, BillResult, Intent, WaterReadingIn
from app.metering.billing_electricity import (
    chunks,
    dialect_insert,
    first_of_each,
    post_consumption,
    retired_meters,
    store_readings,
)
from app.metering.tariffs import price_at
from db.models import (
    Account,
    Alarm,
    BillingCursor,
    BuildingPolicy,
    ElectricityMeter,
    ReconciliationFinding,
    Room,
    WaterMeter,
    WaterReading,
)

MAX_FLOW_L_PER_H = 3000


def bill_water(s: Session, r: WaterReadingIn) -> BillResult:
    """Store one water reading, charge its volume, and say what the valve and linkage should do."""
    return bill_water_many(s, [r])[0]


def water_intents(s: Session, room_id: int | None) -> tuple[Intent, ...]:
    """What the valve and the linkage lock should be for the room's water balance and its building's policy."""
    return rooms_intents(s, {room_id}).get(room_id, ()) if room_id is not None else ()


def bill_water_many(s: Session, readings: Sequence[WaterReadingIn]) -> list[BillResult]:
    if not readings:
        return []
    stored = store_readings(s, WaterReading, [dict(meter_id=r.meter_id, taken_at=r.taken_at, volume_l=r.volume_l,
                                                   valve_state=r.valve_state, status=r.status) for r in readings])
    todo = first_of_each(readings, stored)
    retired = retired_meters(s, WaterMeter, {r.meter_id for r in todo})   # replaced: kept, not billed
    todo = [r for r in todo if r.meter_id not in retired]
    ids = [r.meter_id for r in todo]
    room, cursor, account, balance, count = {}, {}, {}, {}, {}
    for part in chunks(ids):
        room.update(s.execute(select(WaterMeter.id, WaterMeter.room_id).where(WaterMeter.id.in_(part))).all())
        for c in s.execute(select(BillingCursor.id, BillingCursor.meter_id, BillingCursor.last_register,
                                  BillingCursor.remainder, BillingCursor.last_at).where(
                BillingCursor.utility == "water", BillingCursor.meter_id.in_(part)).with_for_update()):
            cursor[c.meter_id] = [c.id, c.last_register, c.remainder, c.last_at]
        for mid, aid, bal, cnt in s.execute(
                select(WaterMeter.id, Account.id, Account.balance_fen, Account.entry_count)
                .join(Account, and_(Account.room_id == WaterMeter.room_id, Account.utility == "water"))
                .where(WaterMeter.id.in_(part)).order_by(Account.id).with_for_update(of=Account)):
            account[mid], balance[aid], count[aid] = aid, bal, cnt
    price = price_at(s, "water", readings[0].taken_at)
    out, posts, faults = {(m, t): BillResult(stored=True) for m, t in stored if m in retired}, [], []
    for r in todo:
        cur, charged, finding = cursor.get(r.meter_id), 0, None
        if r.valve_state == 3:
            faults.append(r)
        if cur is None:     # the meter's first reading: where its billing starts (later ones in the batch bill from it)
            cursor[r.meter_id] = [None, r.volume_l, 0, r.taken_at]
        else:
            _cid, last, remainder, last_at = cur
            delta = (r.volume_l - last) % 2**32       # the register wraps after 4 294 967 295 L
            hours = max((r.taken_at - last_at).total_seconds() / 3600, 1 / 60)
            if (r.volume_l < last and delta > 2**31) or delta > hours * MAX_FLOW_L_PER_H + 50:
                finding = "reading_review"
                details = {"from_l": last, "to_l": r.volume_l}
                s.add(ReconciliationFinding(kind="reading_review", meter_id=r.meter_id,
                                            account_id=account.get(r.meter_id), host_value=last,
                                            meter_value=r.volume_l, details=details))
                alarms.raise_alarm(s, "reading_review", level=2, room_id=room.get(r.meter_id), details=details,
                                   message=f"Water register moved {last} → {r.volume_l} L; not billed.",
                                   open_key=f"reading_review-w{r.meter_id}")
            else:
                charged, cur[2] = divmod(remainder + delta * price, 1000 * PRICE_UNITS_PER_FEN)
                if charged and r.meter_id in account:
                    posts.append((f"bill-w-{r.meter_id}-{r.taken_at.isoformat()}", account[r.meter_id], -charged,
                                  f"{delta} L"))
            cur[1], cur[3] = r.volume_l, r.taken_at
        out[(r.meter_id, r.taken_at)] = BillResult(stored=True, charged_fen=charged, finding=finding)
    new_cursors = [dict(utility="water", meter_id=mid, last_register=c[1], last_free=0, remainder=c[2], last_at=c[3])
                   for mid, c in cursor.items() if c[0] is None]
    if new_cursors:
        s.execute(dialect_insert(s, BillingCursor), new_cursors)
    if any(c[0] is not None for c in cursor.values()):
        t = BillingCursor.__table__
        s.execute(update(t).where(t.c.id == bindparam("cid")).values(
            last_register=bindparam("reg"), remainder=bindparam("rem"), last_at=bindparam("at")),
            [dict(cid=c[0], reg=c[1], rem=c[2], at=c[3]) for c in cursor.values() if c[0] is not None])
    post_consumption(s, balance, count, posts)
    if faults:
        keys = set(s.scalars(select(Alarm.open_key).where(Alarm.open_key.like("valve-fault-%"))))
        for r in faults:
            if f"valve-fault-{r.meter_id}" not in keys:
                alarms.raise_alarm(s, "valve_fault", level=2, room_id=room.get(r.meter_id),
                                   message="The water valve reports a fault; water may still flow and is still "
                                           "billed.", open_key=f"valve-fault-{r.meter_id}")
    intents = rooms_intents(s, {room[r.meter_id] for r in todo if room.get(r.meter_id) is not None})
    return [_with_intents(out.get((r.meter_id, r.taken_at), BillResult(stored=False)), intents.get(room.get(r.meter_id)))
            for r in readings]


def _with_intents(res: BillResult, intents: tuple[Intent, ...] | None) -> BillResult:
    if not res.stored or not intents:
        return res
    return BillResult(res.stored, res.charged_fen, res.finding, intents)


def rooms_intents(s: Session, room_ids: set[int]) -> dict[int, tuple[Intent, ...]]:
    """For each room under a building policy: whether its valve should be open and its electricity
    locked, from its water balance (`water_intents` for many rooms)."""
    out: dict[int, tuple[Intent, ...]] = {}
    ids = sorted(room_ids)
    for part in chunks(ids):
        rows = s.execute(
            select(Room.id, BuildingPolicy.close_valve_on_arrears, BuildingPolicy.water_linkage,
                   BuildingPolicy.water_limit_fen, Account.balance_fen, WaterMeter.id, ElectricityMeter.id)
            .join(BuildingPolicy, BuildingPolicy.building_id == Room.building_id)
            .join(Account, and_(Account.room_id == Room.id, Account.utility == "water"))
            .outerjoin(WaterMeter, and_(WaterMeter.room_id == Room.id, WaterMeter.replaced_on.is_(None)))
            .outerjoin(ElectricityMeter, and_(ElectricityMeter.room_id == Room.id,
                                              ElectricityMeter.replaced_on.is_(None)))
            .where(Room.id.in_(part))).all()
        for rid, close_valve, linkage, limit, water, wm, em in rows:
            intents = []
            if close_valve and wm is not None:
                intents.append(Intent("valve", wm, water >= 0))
            if em is not None:
                intents.append(Intent("linkage", em, bool(linkage and water < limit)))
            out[rid] = tuple(intents)
    return out
