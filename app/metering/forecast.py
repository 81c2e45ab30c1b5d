"""How many days a room's balance lasts at its recent use ("days left"), and the per-day use it is
worked out from (shared with app.metering.usage_alarms).

What a caller may rely on:

- **Per-day use** (`daily_use`) comes from the meters' own registers (0.01 kWh for electricity, litres
  for water): a campus day's use is the register at its last reading minus the register at the last
  reading before the day began, summed over the room's meters (a replaced meter and its successor).
  A reading at 23:59 campus time belongs to that day; the interval that crosses midnight belongs to
  the day of the reading that ends it, as billing charges it. A day has **no figure** (None) when the
  room's meters have no reading in it, or none in the day before it (a meter that was offline: its
  catch-up would look like one huge day), or the register went backwards (a replaced or rolled-over
  meter, which billing does not bill either). The cost is a fixed number of index look-ups per meter
  and day boundary, whatever the billing interval: one query (in chunks of `CHUNK` rooms) whether
  the meters are read every minute or once a day.
- **The forecast** (`days_left`, `days_left_many`) uses the 14 campus days before `at`'s campus day
  (today is partial and left out) and ignores the days on which nobody lived in the room (no stay
  overlapped the day): a room that was empty for a week and then moved into is forecast from the
  days someone lived there. Holidays are not left out: students who stay use power, and those who
  go home leave it near zero, which the forecast then reflects. With fewer than
  `MIN_HISTORY_DAYS` (3) such days it says "not enough history"; with no use on them, "no
  consumption" (the balance is not being spent).
- **Money** is the use valued at the unit price in force at `at` (readings × tariff), not the
  ledger's consumption entries: the register deltas are exact, the price is the one the days to
  come will be charged at, and free energy still on the meter (the latest reading's free_cwh) is
  counted as funds at that price — while it was being used the ledger charged less than the room
  used, so a ledger average would overstate the days left. The funds are the account's balance
  (Account.balance_fen, what the counter shows) plus that free energy's value.
  `days = floor(funds × history days / cost of the history days' use)`, computed in integers (0 when
  the funds are 0 or less); `avg_fen_per_day` is that cost per day rounded to the fen.
- Rooms without an account for the utility get no forecast (`days_left` returns None,
  `days_left_many` leaves them out).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Integer, literal, or_, select, true, union_all
from sqlalchemy.orm import Session

from app import clock
from app.metering.tariffs import price_at
from db.base import UTCDateTime
from db.models import (
    Account,
    Bed,
    ElectricityMeter,
    ElectricityReading,
    Occupancy,
    WaterMeter,
    WaterReading,
)

HISTORY_DAYS = 14
MIN_HISTORY_DAYS = 3
CHUNK = 2000

# utility -> (meter model, reading model, register column, register units × unit price per fen)
_METERS = {
    "electricity": (ElectricityMeter, ElectricityReading, "incoming_cwh", 10_000),   # 0.01 kWh × 0.0001 CNY/kWh
    "water": (WaterMeter, WaterReading, "volume_l", 100_000),                       # L × 0.0001 CNY/m³
}

REASONS = {
    "not_enough_history": "Not enough history: fewer than 3 days of use while someone lived in the room.",
    "no_consumption": "No consumption in the last 14 days.",
    "no_tariff": "No price is set, so the balance cannot be turned into days.",
}


@dataclass(frozen=True)
class RoomUse:
    """A room's use per campus day from `first_day` on (0.01 kWh or litres; None: no figure that day)."""

    room_id: int
    first_day: date
    use: tuple[int | None, ...]
    meter_id: int | None          # the room's meter in service (the newest), for alarms
    free_cwh: int                 # free energy on the meter at the latest reading (electricity; else 0)

    def on(self, day: date) -> int | None:
        i = (day - self.first_day).days
        return self.use[i] if 0 <= i < len(self.use) else None


@dataclass(frozen=True)
class Forecast:
    room_id: int
    utility: str
    days: int | None              # whole days the funds last; None: see `reason`
    reason: str | None            # None, or a key of REASONS
    history_days: int             # days of use the average is taken over
    avg_fen_per_day: int | None   # the average day's use at today's price, rounded to the fen
    avg_use_per_day: int | None   # the average day's use, 0.01 kWh or litres (rounded)
    balance_fen: int
    free_fen: int                 # free energy left on the meter, at today's price (electricity)
    unit_price: int               # 0.0001 CNY per kWh or per m³
    first_day: date               # the window the history was taken from (campus days)
    last_day: date
    runs_out_on: date | None      # the campus day the funds are forecast to run out

    @property
    def funds_fen(self) -> int:
        return self.balance_fen + self.free_fen

    @property
    def text(self) -> str:
        """A short sentence for a tooltip (English; the window translates)."""
        if self.days is None:
            return REASONS[self.reason or "not_enough_history"]
        return (f"About {self.days} day(s) left at {self.avg_fen_per_day / 100:.2f} CNY a day "
                f"(average of {self.history_days} day(s)).")


def days_left(s: Session, room_id: int, *, at: datetime, utility: str = "electricity") -> Forecast | None:
    """The forecast for one room (None: the room has no account for `utility`)."""
    return days_left_many(s, [room_id], at=at, utility=utility).get(room_id)


def days_left_many(s: Session, room_ids: Iterable[int] | None, *, at: datetime,
                   utility: str = "electricity") -> dict[int, Forecast]:
    """Forecasts for many rooms (all rooms with an account when `room_ids` is None), a few queries per
    `CHUNK` rooms."""
    today = clock.campus_date(at)
    first, last = today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1)
    price = price_at(s, utility, at)
    divisor = _METERS[utility][3]
    ids = _room_ids(s, room_ids, Account.room_id, Account.utility == utility)
    out: dict[int, Forecast] = {}
    for part in _chunks(ids):
        balances = dict(s.execute(select(Account.room_id, Account.balance_fen)
                                  .where(Account.utility == utility, Account.room_id.in_(part))).all())
        uses = daily_use(s, utility, part, first, last, free_at=at)
        lived = occupied_days(s, part, first, last)
        for rid in part:
            if rid not in balances:
                continue
            u = uses.get(rid)
            free = u.free_cwh if u is not None else 0
            days_used = [u.on(d) for d in _days(first, last) if d in lived.get(rid, ())] if u is not None else []
            history = [x for x in days_used if x is not None]
            total = sum(history)
            balance = balances[rid]
            free_fen = free * price // divisor if utility == "electricity" else 0
            n = len(history)
            reason = ("not_enough_history" if n < MIN_HISTORY_DAYS else "no_consumption" if total <= 0
                      else "no_tariff" if price <= 0 else None)
            days = avg_fen = runs_out = None
            if reason is None:
                funds = balance + free_fen
                days = max(0, funds * divisor * n // (total * price)) if funds > 0 else 0
                avg_fen = (total * price + divisor * n // 2) // (divisor * n)
                runs_out = today + timedelta(days=days)
            out[rid] = Forecast(rid, utility, days, reason, n, avg_fen, (total + n // 2) // n if n else None,
                                balance, free_fen, price, first, last, runs_out)
    return out


# --- per-day use ---------------------------------------------------------------------------------

def daily_use(s: Session, utility: str, room_ids: Sequence[int], first_day: date, last_day: date, *,
              free_at: datetime | None = None) -> dict[int, RoomUse]:
    """Each room's use per campus day from `first_day` to `last_day` (rooms with no meter are left
    out); `free_at`: also the free energy at the latest reading before that moment (electricity)."""
    meter_model, reading_model, register, _ = _METERS[utility]
    n = (last_day - first_day).days + 1
    bounds = [clock.day_start(first_day + timedelta(days=i)) for i in range(-1, n + 1)]   # from the day before
    if free_at is not None:
        bounds.append(free_at + timedelta(microseconds=1))
    # meter -> boundary index -> (reading id, register, free) of the last reading before the boundary: the
    # same reading at two boundaries means no reading between them (ids, not times: nothing to parse)
    at: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    rooms: dict[int, int] = {}
    for part in _chunks(list(room_ids)):
        for mid, rid, bi, reading, reg, free in _probe(s, meter_model, reading_model, register, part, bounds):
            rooms[mid] = rid
            at[mid][bi] = (reading, reg, free)
        rooms.update(s.execute(select(meter_model.id, meter_model.room_id)
                               .where(meter_model.room_id.in_(part))).all())
    started = _first_readings(s, meter_model, reading_model, register, [
        mid for mid, p in at.items() if any(i + 1 in p and i not in p for i in range(1, n + 1))])
    by_room: dict[int, list[int]] = defaultdict(list)
    for mid, rid in rooms.items():
        by_room[rid].append(mid)
    out: dict[int, RoomUse] = {}
    for rid, meters in by_room.items():
        use: list[int | None] = []
        for i in range(1, n + 1):            # bounds[i] is the start of day i-1 (0-based), bounds[i+1] its end
            total, covered, broken = 0, False, False
            for mid in meters:
                p = at.get(mid, {})
                earlier, before, last = p.get(i - 1), p.get(i), p.get(i + 1)
                if last is None or (before is not None and last[0] == before[0]):
                    continue                  # no reading of this meter in the day
                if before is None:           # the meter's first reading was this day: use from there
                    if mid in started:
                        total += max(0, last[1] - started[mid])
                    continue
                if earlier is not None and earlier[0] == before[0]:
                    broken = True             # offline the whole day before: the catch-up is not one day's use
                    continue
                if last[1] < before[1]:
                    broken = True             # register went backwards (replacement, rollover)
                    continue
                total += last[1] - before[1]
                covered = True
            use.append(total if covered and not broken else None)
        newest = max(meters)
        free = at.get(newest, {}).get(len(bounds) - 1) if free_at is not None else None
        out[rid] = RoomUse(rid, first_day, tuple(use), newest, free[2] if free is not None else 0)
    return out


def occupied_days(s: Session, room_ids: Sequence[int], first_day: date,
                  last_day: date) -> dict[int, AbstractSet[date]]:
    """The campus days from `first_day` to `last_day` on which someone lived in each room (a stay
    overlapping the day, however briefly); rooms nobody lived in are left out."""
    lo, hi = clock.day_start(first_day), clock.day_start(last_day + timedelta(days=1))
    every = frozenset(_days(first_day, last_day))
    spans: dict[int, list[tuple[date, date]]] = defaultdict(list)
    occ, B = Occupancy.__table__, Bed.__table__
    for part in _chunks(list(room_ids)):
        for rid, start, end in s.execute(
                select(B.c.room_id, occ.c.start_at, occ.c.end_at).select_from(occ.join(B, B.c.id == occ.c.bed_id))
                .where(B.c.room_id.in_(part), occ.c.start_at < hi, or_(occ.c.end_at.is_(None), occ.c.end_at > lo))):
            spans[rid].append((first_day if start <= lo else clock.campus_date(start),
                               last_day if end is None or end >= hi
                               else clock.campus_date(end - timedelta(microseconds=1))))
    out: dict[int, AbstractSet[date]] = {}
    for rid, ranges in spans.items():
        if any(a == first_day and b == last_day for a, b in ranges):
            out[rid] = every                  # the usual case: someone lived there the whole time
        else:
            out[rid] = {d for a, b in ranges for d in _days(a, b)}
    return out


def _probe(s: Session, meter_model, reading_model, register: str, room_ids: Sequence[int],
           bounds: Sequence[datetime]):
    """(meter, room, boundary index, reading id, register, free) of each meter's last reading before
    each boundary: an index look-up per meter and boundary ((meter_id, taken_at) is unique)."""
    M, R = meter_model.__table__, reading_model.__table__
    b = union_all(*[select(literal(i, Integer).label("bi"), literal(t, UTCDateTime()).label("t"))
                    for i, t in enumerate(bounds)]).subquery("b")
    free = R.c.free_cwh if "free_cwh" in R.c else literal(0, Integer)
    if s.get_bind().dialect.name == "postgresql":
        last = (select(R.c.id, R.c[register].label("reg"), free.label("free"))
                .where(R.c.meter_id == M.c.id, R.c.taken_at < b.c.t)
                .order_by(R.c.taken_at.desc()).limit(1).lateral("last"))
        q = (select(M.c.id, M.c.room_id, b.c.bi, last.c.id.label("reading"), last.c.reg, last.c.free)
             .select_from(M.join(b, true()).join(last, true())))
    else:
        R2 = R.alias("r2")
        probe = (select(R2.c.id).where(R2.c.meter_id == M.c.id, R2.c.taken_at < b.c.t)
                 .order_by(R2.c.taken_at.desc()).limit(1).scalar_subquery())
        q = (select(M.c.id, M.c.room_id, b.c.bi, R.c.id.label("reading"), R.c[register], free)
             .select_from(M.join(b, true()).join(R, R.c.id == probe)))
    return s.execute(q.where(M.c.room_id.in_(room_ids))).all()


def _first_readings(s: Session, meter_model, reading_model, register: str, meter_ids: list[int]) -> dict[int, int]:
    """The register at each meter's first stored reading (the meters started inside the window): one
    index look-up per meter."""
    M, R = meter_model.__table__, reading_model.__table__
    first = (select(R.c[register]).where(R.c.meter_id == M.c.id).order_by(R.c.taken_at).limit(1)
             .scalar_subquery())
    out: dict[int, int] = {}
    for part in _chunks(meter_ids):
        out.update((mid, reg) for mid, reg in s.execute(select(M.c.id, first).where(M.c.id.in_(part)))
                   if reg is not None)
    return out


def _room_ids(s: Session, room_ids: Iterable[int] | None, column, *where) -> list[int]:
    if room_ids is not None:
        return sorted(set(room_ids))
    return sorted(set(s.scalars(select(column).where(column.is_not(None), *where))))


def _chunks(ids: list[int], n: int = CHUNK):
    for i in range(0, len(ids), n):
        yield ids[i:i + n]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
