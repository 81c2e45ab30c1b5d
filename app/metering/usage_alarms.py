"""Usage alarms, checked once a campus day for the day before (app.metering.runtime.duties runs
`run_daily` when the date changes, as it runs the free quota):

- "vacant_use": a room in which nobody lived that day (no stay overlapped it), or any room on a
  holiday (a Holiday "off" range covering the day, or between terms when terms are set: the
  campus's vacation, as app.policies.calendar treats it), used more than
  `usage_alarms.vacant_threshold_cwh` (default 50: 0.5 kWh) of electricity that day;
- "use_jump": a room used more than `usage_alarms.jump_factor` (default 3) times its own median day
  over the 14 days before (days on which someone lived in it and that have a figure; at least
  `MIN_MEDIAN_DAYS` of them), and at least `usage_alarms.jump_floor_cwh` (default 100: 1 kWh), so a
  room going from 0.1 to 0.4 kWh raises nothing.

Per-day use is app.metering.forecast.daily_use (register deltas; a day without a figure raises
nothing). Each alarm has the open key "<kind>-<room>-<day>" and is raised at most once per room and
day: a rerun (a second service, a restart) adds nothing, even after the first was acknowledged.
Settings are the business settings above (app.settings_store); `set_thresholds` changes them.
"""
from __future__ import annotations

import logging
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock, events, settings_store
from app.access import Actor, require
from app.errors import InvalidInput
from app.metering.billing_electricity import chunks, dialect_insert
from app.metering.forecast import HISTORY_DAYS, daily_use, occupied_days
from db.engine import Store
from db.models import Alarm, Building, ElectricityMeter, Room
from db.models_power import Holiday, Term

log = logging.getLogger(__name__)

VACANT, JUMP = "vacant_use", "use_jump"
THRESHOLD_KEY, FACTOR_KEY, FLOOR_KEY = ("usage_alarms.vacant_threshold_cwh", "usage_alarms.jump_factor",
                                        "usage_alarms.jump_floor_cwh")
DEFAULT_THRESHOLD_CWH, DEFAULT_FACTOR, DEFAULT_FLOOR_CWH = 50, 3, 100
MIN_MEDIAN_DAYS = 7


@dataclass(frozen=True)
class Thresholds:
    vacant_cwh: int = DEFAULT_THRESHOLD_CWH     # a vacant room may use up to this a day (0.01 kWh)
    jump_factor: Decimal = Decimal(DEFAULT_FACTOR)
    jump_floor_cwh: int = DEFAULT_FLOOR_CWH     # a jump is only a jump from this much a day


@dataclass(frozen=True)
class UsageCheck:
    day: date
    rooms: int            # rooms with an electricity meter looked at
    vacant: int           # alarms raised now (not counting those raised by an earlier run)
    jumps: int
    holiday: str | None   # why the day counted as a holiday, if it did


def thresholds(s: Session) -> Thresholds:
    return Thresholds(int(settings_store.get(s, THRESHOLD_KEY, DEFAULT_THRESHOLD_CWH)),
                      Decimal(str(settings_store.get(s, FACTOR_KEY, DEFAULT_FACTOR))),
                      int(settings_store.get(s, FLOOR_KEY, DEFAULT_FLOOR_CWH)))


def set_thresholds(store: Store, actor: Actor, t: Thresholds) -> None:
    """Change the thresholds (permission "settings.change"; one audit record per changed setting)."""
    require(actor, "settings.change")
    if t.vacant_cwh < 0 or t.jump_floor_cwh < 0:
        raise InvalidInput("A usage threshold cannot be negative.")
    if t.jump_factor <= 1:
        raise InvalidInput("The jump factor must be more than 1 (3 means three times the usual day).")
    with store.write() as s:
        now = thresholds(s)
        for key, old, new, default in ((THRESHOLD_KEY, now.vacant_cwh, t.vacant_cwh, DEFAULT_THRESHOLD_CWH),
                                       (FACTOR_KEY, now.jump_factor, t.jump_factor, DEFAULT_FACTOR),
                                       (FLOOR_KEY, now.jump_floor_cwh, t.jump_floor_cwh, DEFAULT_FLOOR_CWH)):
            if old != new:
                settings_store.put(s, actor, key, str(new) if isinstance(new, Decimal) else int(new),
                                   default=default)


def holiday_on(s: Session, day: date) -> str | None:
    """The holiday `day` falls in (its name), "vacation" between terms, or None for a working day."""
    if s.scalar(select(Holiday.id).where(Holiday.kind == "work", Holiday.first_day <= day,
                                         Holiday.last_day >= day).limit(1)) is not None:
        return None
    name = s.scalar(select(Holiday.name).where(Holiday.kind == "off", Holiday.first_day <= day,
                                               Holiday.last_day >= day).order_by(Holiday.first_day).limit(1))
    if name is not None:
        return name
    has_terms = s.scalar(select(Term.id).limit(1)) is not None
    in_term = s.scalar(select(Term.id).where(Term.first_day <= day, Term.last_day >= day).limit(1)) is not None
    return "vacation" if has_terms and not in_term else None


def check_usage(store: Store, day: date) -> UsageCheck:
    """Raise the usage alarms of campus day `day` (normally yesterday) for every room with an
    electricity meter: one read, one write transaction."""
    first = day - timedelta(days=HISTORY_DAYS)
    with store.read() as s:
        t = thresholds(s)
        holiday = holiday_on(s, day)
        room_ids = sorted(set(s.scalars(select(ElectricityMeter.room_id).where(ElectricityMeter.room_id.is_not(None)))))
        found: list[tuple[str, int, int | None, dict]] = []
        for part in chunks(room_ids):
            uses = daily_use(s, "electricity", part, first, day)
            lived = occupied_days(s, part, first, day)
            for rid, u in uses.items():
                used = u.on(day)
                if used is None:
                    continue
                days = lived.get(rid, set())
                if (holiday is not None or day not in days) and used > t.vacant_cwh:
                    found.append((VACANT, rid, u.meter_id, {
                        "day": day.isoformat(), "use_cwh": used, "threshold_cwh": t.vacant_cwh,
                        "occupied": day in days, "holiday": holiday}))
                history = [x for i in range(HISTORY_DAYS) if (d := first + timedelta(days=i)) in days
                           and (x := u.on(d)) is not None]
                if len(history) >= MIN_MEDIAN_DAYS and used >= t.jump_floor_cwh:
                    median = statistics.median(history)
                    if used > t.jump_factor * Decimal(str(median)):
                        found.append((JUMP, rid, u.meter_id, {
                            "day": day.isoformat(), "use_cwh": used, "median_cwh": float(median),
                            "factor": str(t.jump_factor), "floor_cwh": t.jump_floor_cwh, "days": len(history)}))
        codes = _room_codes(s, sorted({rid for _, rid, _, _ in found}))
    raised = _raise(store, day, found, codes) if found else {VACANT: 0, JUMP: 0}
    return UsageCheck(day, len(room_ids), raised[VACANT], raised[JUMP], holiday)


def run_daily(store: Store, today: date) -> UsageCheck | None:
    """The daily duty: check yesterday. A failure is logged, never raised (the other duties go on)."""
    try:
        result = check_usage(store, today - timedelta(days=1))
    except Exception:
        log.warning("the daily usage check failed", exc_info=True)
        return None
    if result.vacant or result.jumps:
        log.info("usage alarms for %s: %d vacant-room, %d jump", result.day, result.vacant, result.jumps)
    return result


def _kwh(cwh: float) -> str:
    return f"{cwh / 100:.2f} kWh"


# What each alarm says (the window translates these through their numbered templates).
MESSAGES = {
    "vacant": "{code} used {use} on {day} with nobody living in it (more than {limit} a day).",
    "vacant_holiday": "{code} used {use} on {day}, a holiday ({holiday}) (more than {limit} a day).",
    "jump": "{code} used {use} on {day}, more than {factor} times its usual {median} a day (median of {days} days).",
}


def _message(kind: str, code: str, d: dict) -> str:
    if kind == VACANT:
        key = "vacant_holiday" if d["holiday"] else "vacant"
        return MESSAGES[key].format(code=code, use=_kwh(d["use_cwh"]), day=d["day"], holiday=d["holiday"],
                                    limit=_kwh(d["threshold_cwh"]))
    return MESSAGES["jump"].format(code=code, use=_kwh(d["use_cwh"]), day=d["day"], factor=d["factor"],
                                   median=_kwh(d["median_cwh"]), days=d["days"])


def _room_codes(s: Session, room_ids: list[int]) -> dict[int, str]:
    out = {}
    for part in chunks(room_ids):
        out.update({rid: f"{b}-{n}" for rid, b, n in s.execute(
            select(Room.id, Building.code, Room.number).join(Building, Building.id == Room.building_id)
            .where(Room.id.in_(part)))})
    return out


def _raise(store: Store, day: date, found: list, codes: dict[int, str]) -> dict[str, int]:
    with store.write() as s:
        # Raised before for this day (also acknowledged ones, whose open key was given up).
        seen = {(a.kind, a.room_id) for a in s.execute(
            select(Alarm.kind, Alarm.room_id, Alarm.details).where(
                Alarm.kind.in_((VACANT, JUMP)), Alarm.raised_at >= clock.day_start(day)))
            if isinstance(a.details, dict) and a.details.get("day") == day.isoformat()}
        now = clock.now()
        rows = [dict(kind=kind, level=1, room_id=rid, meter_id=mid, message=_message(kind, codes.get(rid, str(rid)), d),
                     details=d, open_key=f"{kind}-{rid}-{day.isoformat()}", raised_at=now, note="")
                for kind, rid, mid, d in found if (kind, rid) not in seen]
        ids: list[int] = []
        count = {VACANT: 0, JUMP: 0}
        for part in chunks(rows):
            for aid, kind in s.execute(dialect_insert(s, Alarm).on_conflict_do_nothing()
                                       .returning(Alarm.id, Alarm.kind), part):
                ids.append(aid)
                count[kind] += 1
        if ids:
            events.stage(s, "alarm_raised", rooms={r["room_id"] for r in rows}, ids=ids)
            audit.record(s, Actor.system(), "alarms.usage_check", "alarm", ids[0], None,
                         {"day": day.isoformat(), "vacant_use": count[VACANT], "use_jump": count[JUMP]})
        return count
