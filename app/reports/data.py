"""The office's report figures (issue 13, item 6): frozen rows and totals, no Qt, no files.

Every function is `(store, actor, ...)`, checks "report.view" first, and reads in one read
transaction. A period is campus days, `first` to `last` inclusive (Asia/Shanghai, app.clock): it runs
from `clock.day_start(first)` to `clock.day_start(last + 1 day)`; ledger and reading times are UTC in
the store. Grouping by campus day is done in SQL with the campus offset (UTC+8, no daylight saving
since 1991), so a recharge at 23:30 campus time on the 30th is the 30th's money although its UTC time
is 15:30 the same day, and one at 00:30 on the 1st is the 1st's although UTC still says the 30th.

Money is integer fen everywhere. Energy is in 0.01 kWh (`*_cwh`, the meter register's unit), water in
litres.

What is counted, and how:

- takings: recharges in, refunds out, and reversals of either netted on the day the reversal was
  posted, under the reversed entry's payment method and the operator who posted the reversal (a
  void takes the money out of the voiding clerk's shift). Transfers, consumption and subsidies are
  not takings.
- consumption: per meter, the last reading before the period (at most `LOOKBACK` earlier; without
  one, the first reading in the period) to the last reading in the period; the water register wraps
  at 2**32 litres as billing assumes; a replaced meter's readings count for its room to its last
  one. Money is what billing charged (consumption entries, reversals netted) in the period.
- arrears: accounts whose balance is below zero now; the age is counted in campus days from the
  entry after which the balance has stayed negative.
- meter lines: whether a meter is online is the runtime's last word (`online`, `last_seen_at`); how
  often the store *should* have a reading is not stored (the runtime's billing interval is a
  start-up option), so read success is measured as meter-days with at least one reading against
  meter-days in service, and against an expected count only when the caller gives the interval.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, and_, case, cast, distinct, func, literal_column, or_, select
from sqlalchemy.orm import Session, aliased

from app import clock
from app.access import Actor, require
from app.counter import payment_methods
from app.errors import InvalidInput, NotFound
from app.loads.reports import LoadReport, load_report
from app.metering.alarms import KINDS as ALARM_KINDS
from db.engine import Store
from db.models import (
    Account,
    Alarm,
    Bed,
    Building,
    Bus,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    Occupancy,
    Operator,
    QuotaGrant,
    ReconciliationFinding,
    Room,
    Student,
    WaterMeter,
    WaterReading,
)

PERMISSION = "report.view"
TAKING_KINDS = ("recharge", "refund")
LOOKBACK = timedelta(days=40)      # how far before a period a meter's opening reading is looked for
WATER_WRAP = 2**32                 # the LXSY-20 volume register wraps after 4 294 967 295 L
SYSTEM_OPERATOR = "系统 System"
AGEING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0–30", 0, 30), ("31–60", 31, 60), ("61–90", 61, 90), ("over 90", 91, None))
RANK_KEYS = ("electricity", "water", "money")


# ----- period and SQL helpers -------------------------------------------------------------------


def bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC-comparable instants of campus days `first`..`last` (inclusive): [start, end)."""
    if not isinstance(first, date) or not isinstance(last, date) or isinstance(first, datetime) \
            or isinstance(last, datetime):
        raise InvalidInput("A report period is given as two dates.")
    if last < first:
        raise InvalidInput(f"The period ends ({last}) before it starts ({first}).")
    return clock.day_start(first), clock.day_start(last + timedelta(days=1))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first and last day of a calendar month."""
    if not 1 <= month <= 12 or not 2000 <= year <= 2200:
        raise InvalidInput(f"{year}-{month:02d} is not a month a report can cover.")
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _offset_hours(first: date, last: date) -> int:
    a, b = clock.day_start(first).utcoffset(), clock.day_start(last).utcoffset()
    if a != b or a is None or a.total_seconds() % 3600:
        raise InvalidInput("The campus time zone changed its offset within the period; report it in parts.")
    return int(a.total_seconds() // 3600)


def _campus_day(s: Session, column, hours: int):
    """SQL: the campus date of a UTC timestamp column (no bound parameters, so it can be grouped on)."""
    if s.get_bind().dialect.name == "sqlite":
        return func.date(column, literal_column(f"'{hours:+d} hours'"))
    return cast(column + literal_column(f"INTERVAL '{hours} hours'"), Date)


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# ----- takings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TakingsLine:
    """Money across the counter for one day, month, payment method or operator.

    `recharge_fen` taken in and `refund_fen` paid out are both ≥ 0; `reversal_fen` is the reversals
    posted in the period, signed as they moved the accounts (a reversed recharge is negative, a
    reversed refund positive); `net_fen` = recharges − refunds + reversals."""

    key: str            # "2026-11-30", "2026-11", a method code, an operator id ("" for the system)
    label: str
    recharges: int
    recharge_fen: int
    refunds: int
    refund_fen: int
    reversals: int
    reversal_fen: int

    @property
    def net_fen(self) -> int:
        return self.recharge_fen - self.refund_fen + self.reversal_fen


@dataclass(frozen=True)
class Takings:
    first: date
    last: date
    by_day: tuple[TakingsLine, ...]        # every day of the period, days without money included
    by_month: tuple[TakingsLine, ...]      # every calendar month the period touches
    by_method: tuple[TakingsLine, ...]     # methods with money, in the office's order
    by_operator: tuple[TakingsLine, ...]   # operators with money, by name
    total: TakingsLine


@dataclass
class _Sum:
    recharges: int = 0
    recharge_fen: int = 0
    refunds: int = 0
    refund_fen: int = 0
    reversals: int = 0
    reversal_fen: int = 0

    def add(self, kind: str, n: int, fen: int) -> None:
        if kind == "recharge":
            self.recharges += n
            self.recharge_fen += fen
        elif kind == "refund":
            self.refunds += n
            self.refund_fen -= fen
        else:
            self.reversals += n
            self.reversal_fen += fen

    def line(self, key: str, label: str) -> TakingsLine:
        return TakingsLine(key, label, self.recharges, self.recharge_fen, self.refunds, self.refund_fen,
                           self.reversals, self.reversal_fen)


def takings(store: Store, actor: Actor, first: date, last: date, *, utility: str | None = None) -> Takings:
    """Recharges, refunds and their reversals over campus days `first`..`last`, by day, month,
    payment method and operator (`utility`: only that utility's accounts)."""
    require(actor, PERMISSION)
    start, end = bounds(first, last)
    hours = _offset_hours(first, last)
    with store.read() as s:
        orig = aliased(LedgerEntry)
        day = _campus_day(s, LedgerEntry.created_at, hours)
        q = (select(day, LedgerEntry.kind, LedgerEntry.payment_method, orig.payment_method, LedgerEntry.operator_id,
                    func.count(), func.sum(LedgerEntry.amount_fen))
             .outerjoin(orig, orig.id == LedgerEntry.reverses_id)
             .where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end,
                    or_(LedgerEntry.kind.in_(TAKING_KINDS),
                        and_(LedgerEntry.kind == "reversal", orig.kind.in_(TAKING_KINDS))))
             .group_by(day, LedgerEntry.kind, LedgerEntry.payment_method, orig.payment_method,
                       LedgerEntry.operator_id))
        if utility is not None:
            q = q.join(Account, Account.id == LedgerEntry.account_id).where(Account.utility == utility)
        rows = s.execute(q).all()
        methods = payment_methods.methods_in(s)
        names = dict(s.execute(select(Operator.id, Operator.display_name)).all())
    by_day: dict[date, _Sum] = {d: _Sum() for d in _days(first, last)}
    by_month: dict[str, _Sum] = {}
    for d in by_day:
        by_month.setdefault(_month_key(d), _Sum())
    by_method: dict[str, _Sum] = defaultdict(_Sum)
    by_operator: dict[int | None, _Sum] = defaultdict(_Sum)
    total = _Sum()
    for raw_day, kind, method, orig_method, operator_id, n, fen in rows:
        d = _as_date(raw_day)
        n, fen = int(n), int(fen or 0)
        m = (orig_method if kind == "reversal" else method) or ""
        for target in (by_day[d], by_month[_month_key(d)], by_method[m], by_operator[operator_id], total):
            target.add(kind, n, fen)
    order = {m.code: i for i, m in enumerate(methods)}
    labels = {m.code: m.label for m in methods}
    method_lines = tuple(by_method[m].line(m, labels.get(m, m or "—"))
                         for m in sorted(by_method, key=lambda c: (order.get(c, len(order)), c)))
    op_lines = sorted((acc.line("" if op is None else str(op), SYSTEM_OPERATOR if op is None else names.get(op, f"#{op}"))
                       for op, acc in by_operator.items()), key=lambda t: (t.key == "", t.label))
    return Takings(first, last,
                   tuple(acc.line(d.isoformat(), d.isoformat()) for d, acc in by_day.items()),
                   tuple(acc.line(k, k) for k, acc in by_month.items()),
                   method_lines, tuple(op_lines), total.line("total", "合计 Total"))


# ----- consumption ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomUse:
    """One room's consumption over the period; `rank` 1 is the heaviest by the report's rank key."""

    rank: int
    room_id: int
    building_code: str
    building_name: str
    number: str
    floor: int
    electricity_cwh: int
    water_l: int
    electricity_fen: int     # charged by billing in the period (≥ 0 unless reversals exceeded charges)
    water_fen: int

    @property
    def code(self) -> str:
        return f"{self.building_code}-{self.number}"

    @property
    def money_fen(self) -> int:
        return self.electricity_fen + self.water_fen


@dataclass(frozen=True)
class BuildingUse:
    rank: int
    building_id: int
    code: str
    name: str
    rooms: int
    electricity_cwh: int
    water_l: int
    electricity_fen: int
    water_fen: int

    @property
    def money_fen(self) -> int:
        return self.electricity_fen + self.water_fen


@dataclass(frozen=True)
class Consumption:
    first: date
    last: date
    rank_by: str
    by_building: tuple[BuildingUse, ...]     # ranked
    by_room: tuple[RoomUse, ...]             # ranked; every room, unused ones last
    total: BuildingUse                        # building_id 0, code "total"
    unread_electricity: int                   # rooms whose electricity meter had no reading in the period
    unread_water: int                         # rooms whose water meter had no reading in the period


def _usage(s: Session, start: datetime, end: datetime, utility: str,
           building_id: int | None = None) -> tuple[dict[int, int], set[int]]:
    """Per room: units used in [start, end) (0.01 kWh or litres), and the rooms whose meters had no
    reading in the period. Three index seeks per meter, whatever the number of readings."""
    if utility == "electricity":
        M, R, value = ElectricityMeter, ElectricityReading, ElectricityReading.incoming_cwh
    else:
        M, R, value = WaterMeter, WaterReading, WaterReading.volume_l

    def seek(lo: datetime, hi: datetime, newest: bool):
        return (select(value).where(R.meter_id == M.id, R.taken_at >= lo, R.taken_at < hi)
                .order_by(R.taken_at.desc() if newest else R.taken_at).limit(1).scalar_subquery())

    # COALESCE stops at its first value (SQLite and PostgreSQL): the first reading of the period is
    # looked for only when there is none before it
    q = select(M.room_id, func.coalesce(seek(start - LOOKBACK, start, True), seek(start, end, False)),
               seek(start, end, True)).where(M.room_id.is_not(None))
    if building_id is not None:
        q = q.where(M.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
    used: dict[int, int] = defaultdict(int)
    unread: set[int] = set()
    read: set[int] = set()
    for room_id, opening, last_in in s.execute(q):
        if last_in is None:
            unread.add(room_id)
            continue
        read.add(room_id)
        used[room_id] += _step(utility, int(last_in) - int(opening))
    return used, unread - read


def _step(utility: str, delta: int) -> int:
    if utility == "water":
        return delta % WATER_WRAP
    return max(0, delta)       # an electricity register never runs back; a negative step is not use


def _consumption_money(s: Session, start: datetime, end: datetime,
                       building_id: int | None = None) -> dict[tuple[int, str], int]:
    orig = aliased(LedgerEntry)
    q = (select(Account.room_id, Account.utility, func.sum(LedgerEntry.amount_fen))
         .join(Account, Account.id == LedgerEntry.account_id)
         .outerjoin(orig, orig.id == LedgerEntry.reverses_id)
         .where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end,
                or_(LedgerEntry.kind == "consumption", and_(LedgerEntry.kind == "reversal",
                                                            orig.kind == "consumption")))
         .group_by(Account.room_id, Account.utility))
    if building_id is not None:
        q = q.where(Account.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
    return {(room_id, utility): -int(fen or 0) for room_id, utility, fen in s.execute(q)}


def _rank_value(rank_by: str):
    if rank_by not in RANK_KEYS:
        raise InvalidInput(f"A ranking is by {', '.join(RANK_KEYS)}, not “{rank_by}”.")
    return {"electricity": lambda u: u.electricity_cwh, "water": lambda u: u.water_l,
            "money": lambda u: u.money_fen}[rank_by]


def consumption(store: Store, actor: Actor, first: date, last: date, *, rank_by: str = "electricity",
                building_id: int | None = None) -> Consumption:
    """Electricity, water and the money billing charged for them, by building and by room, each
    ranked heaviest first by `rank_by` ("electricity", "water" or "money"; ties by code)."""
    require(actor, PERMISSION)
    key = _rank_value(rank_by)
    start, end = bounds(first, last)
    with store.read() as s:
        rooms_q = (select(Room.id, Room.number, Room.floor, Building.id, Building.code, Building.name)
                   .join(Building, Building.id == Room.building_id))
        if building_id is not None:
            if s.get(Building, building_id) is None:
                raise NotFound(f"There is no building {building_id}.")
            rooms_q = rooms_q.where(Room.building_id == building_id)
        rooms = s.execute(rooms_q).all()
        kwh, unread_e = _usage(s, start, end, "electricity", building_id)
        litres, unread_w = _usage(s, start, end, "water", building_id)
        money = _consumption_money(s, start, end, building_id)
    # (sort key, fields): the rows are made once, already ranked
    at = {"electricity": 5, "water": 6}.get(rank_by)          # else money: 7 + 8
    unranked = []
    for rid, number, floor, _bid, bcode, bname in rooms:
        f = (rid, bcode, bname, number, floor, kwh.get(rid, 0), litres.get(rid, 0),
             money.get((rid, "electricity"), 0), money.get((rid, "water"), 0))
        unranked.append((-(f[at] if at is not None else f[7] + f[8]), bcode, number, f))
    unranked.sort(key=lambda x: x[:3])
    building_of = {rid: (bid, bcode, bname) for rid, _n, _f, bid, bcode, bname in rooms}
    by_room = tuple(RoomUse(i, *x[3]) for i, x in enumerate(unranked, 1))
    sums: dict[int, list] = {}
    for u in by_room:
        bid, bcode, bname = building_of[u.room_id]
        acc = sums.setdefault(bid, [bcode, bname, 0, 0, 0, 0, 0])
        acc[2] += 1
        acc[3] += u.electricity_cwh
        acc[4] += u.water_l
        acc[5] += u.electricity_fen
        acc[6] += u.water_fen
    buildings = [BuildingUse(0, bid, *acc) for bid, acc in sums.items()]
    buildings.sort(key=lambda b: (-key(b), b.code))
    by_building = tuple(BuildingUse(i, *_fields(b)[1:]) for i, b in enumerate(buildings, 1))
    total = BuildingUse(0, 0, "total", "合计 Total", len(by_room), sum(b.electricity_cwh for b in buildings),
                        sum(b.water_l for b in buildings), sum(b.electricity_fen for b in buildings),
                        sum(b.water_fen for b in buildings))
    return Consumption(first, last, rank_by, by_building, by_room, total, len(unread_e), len(unread_w))


def _fields(obj) -> tuple:
    return tuple(getattr(obj, f) for f in obj.__dataclass_fields__)


# ----- charts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyPoint:
    day: date
    electricity_cwh: int
    water_l: int
    consumption_fen: int      # what billing charged that day (electricity and water)


def daily_consumption(store: Store, actor: Actor, first: date, last: date, *,
                      building_id: int | None = None) -> tuple[DailyPoint, ...]:
    """The campus's (or one building's) use per campus day, every day of the period: a register step
    counts on the day of the reading that ends it. The days add up to `consumption(...).total`."""
    require(actor, PERMISSION)
    start, end = bounds(first, last)
    hours = _offset_hours(first, last)
    with store.read() as s:
        e = _daily_units(s, start, end, hours, "electricity", building_id)
        w = _daily_units(s, start, end, hours, "water", building_id)
        orig = aliased(LedgerEntry)
        day = _campus_day(s, LedgerEntry.created_at, hours)
        q = (select(day, func.sum(LedgerEntry.amount_fen)).outerjoin(orig, orig.id == LedgerEntry.reverses_id)
             .where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end,
                    or_(LedgerEntry.kind == "consumption",
                        and_(LedgerEntry.kind == "reversal", orig.kind == "consumption")))
             .group_by(day))
        if building_id is not None:
            q = q.join(Account, Account.id == LedgerEntry.account_id).join(Room, Room.id == Account.room_id) \
                .where(Room.building_id == building_id)
        fen = {_as_date(d): -int(v or 0) for d, v in s.execute(q)}
    return tuple(DailyPoint(d, e.get(d, 0), w.get(d, 0), fen.get(d, 0)) for d in _days(first, last))


def _daily_units(s: Session, start: datetime, end: datetime, hours: int, utility: str,
                 building_id: int | None) -> dict[date, int]:
    if utility == "electricity":
        M, R, value = ElectricityMeter, ElectricityReading, ElectricityReading.incoming_cwh
    else:
        M, R, value = WaterMeter, WaterReading, WaterReading.volume_l
    meters = select(M.id).where(M.room_id.is_not(None))
    if building_id is not None:
        meters = meters.where(M.room_id.in_(select(Room.id).where(Room.building_id == building_id)))
    day = _campus_day(s, R.taken_at, hours)
    per_day = (select(R.meter_id.label("meter_id"), day.label("day"), func.max(value).label("hi"),
                      func.min(value).label("lo"))
               .where(R.taken_at >= start, R.taken_at < end, R.meter_id.in_(meters))
               .group_by(R.meter_id, day).subquery())
    prev = func.lag(per_day.c.hi).over(partition_by=per_day.c.meter_id, order_by=per_day.c.day)
    steps = select(per_day.c.meter_id, per_day.c.day, per_day.c.hi, per_day.c.lo, prev.label("prev")).subquery()
    diff = steps.c.hi - steps.c.prev
    step = (case((diff < 0, diff + WATER_WRAP), else_=diff) if utility == "water"
            else case((diff < 0, 0), else_=diff))
    out: dict[date, int] = {_as_date(d): int(v or 0) for d, v in s.execute(
        select(steps.c.day, func.sum(step)).where(steps.c.prev.is_not(None)).group_by(steps.c.day))}
    # each meter's first day in the period: from its opening reading (the last before the period)
    before = (select(value).where(R.meter_id == M.id, R.taken_at >= start - LOOKBACK, R.taken_at < start)
              .order_by(R.taken_at.desc()).limit(1).scalar_subquery())
    opening = dict(s.execute(select(M.id, before).where(M.id.in_(meters))).all())
    for meter_id, d, hi, lo in s.execute(select(steps.c.meter_id, steps.c.day, steps.c.hi, steps.c.lo)
                                         .where(steps.c.prev.is_(None))):
        base = opening.get(meter_id)
        d = _as_date(d)
        out[d] = out.get(d, 0) + _step(utility, int(hi) - int(base if base is not None else lo))
    return out


@dataclass(frozen=True)
class GridCell:
    room_id: int
    number: str
    value: int               # 0.01 kWh, litres or fen, as the grid's `measure`


@dataclass(frozen=True)
class RoomGrid:
    """A building's rooms as floors × rooms for a heat map: `rows[i]` is floor `floors[i]` (lowest
    first), its rooms in number order; a floor with fewer rooms ends in None cells."""

    building_id: int
    building_code: str
    building_name: str
    first: date
    last: date
    measure: str             # "electricity" (0.01 kWh), "water" (litres) or "money" (fen)
    floors: tuple[int, ...]
    rows: tuple[tuple[GridCell | None, ...], ...]

    @property
    def max_value(self) -> int:
        return max((c.value for row in self.rows for c in row if c is not None), default=0)


def room_grid(store: Store, actor: Actor, building_id: int, first: date, last: date, *,
              measure: str = "electricity") -> RoomGrid:
    """One building's rooms' use over the period laid out floor by room (heat map data)."""
    c = consumption(store, actor, first, last, rank_by=measure, building_id=building_id)
    key = _rank_value(measure)
    with store.read() as s:
        b = s.get(Building, building_id)
        code, name = b.code, b.name
    by_floor: dict[int, list[RoomUse]] = defaultdict(list)
    for u in c.by_room:
        by_floor[u.floor].append(u)
    floors = tuple(sorted(by_floor))
    width = max((len(v) for v in by_floor.values()), default=0)
    rows = []
    for f in floors:
        cells: list[GridCell | None] = [GridCell(u.room_id, u.number, key(u))
                                        for u in sorted(by_floor[f], key=lambda u: (len(u.number), u.number))]
        rows.append(tuple(cells + [None] * (width - len(cells))))
    return RoomGrid(building_id, code, name, first, last, measure, floors, tuple(rows))


def takings_trend(store: Store, actor: Actor, first: date, last: date) -> tuple[tuple[date, int], ...]:
    """(day, net takings in fen) for every campus day of the period: the takings chart's series."""
    t = takings(store, actor, first, last)
    return tuple((date.fromisoformat(line.key), line.net_fen) for line in t.by_day)


# ----- arrears ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArrearsRow:
    account_id: int
    room_id: int
    building_code: str
    number: str
    utility: str
    balance_fen: int          # < 0
    since: date               # campus day the balance went (and stayed) below zero
    age_days: int
    bucket: str               # one of AGEING_BUCKETS' labels
    occupants: str            # who lives there now, "name (number)", comma separated

    @property
    def code(self) -> str:
        return f"{self.building_code}-{self.number}"

    @property
    def owed_fen(self) -> int:
        return -self.balance_fen


@dataclass(frozen=True)
class AgeingBucket:
    label: str
    accounts: int
    owed_fen: int             # > 0: what the accounts in the bucket owe together


@dataclass(frozen=True)
class Arrears:
    as_of: date
    rows: tuple[ArrearsRow, ...]             # oldest first, then the largest debt
    buckets: tuple[AgeingBucket, ...]        # always the four, in order
    accounts: int
    owed_fen: int


def bucket_of(age_days: int) -> str:
    for label, lo, hi in AGEING_BUCKETS:
        if age_days >= lo and (hi is None or age_days <= hi):
            return label
    return AGEING_BUCKETS[0][0]       # an entry dated after today (a clock set back) counts as new


def arrears(store: Store, actor: Actor, *, utility: str | None = None) -> Arrears:
    """Accounts below zero now, each with how long it has been below zero and its ageing bucket
    (0–30, 31–60, 61–90, over 90 campus days)."""
    require(actor, PERMISSION)
    today = clock.today()
    with store.read() as s:
        e = aliased(LedgerEntry)
        last_ok = (select(func.max(e.id)).where(e.account_id == Account.id, e.balance_after_fen >= 0)
                   .correlate(Account).scalar_subquery())     # two levels down: correlated by name
        e2 = aliased(LedgerEntry)
        went = (select(func.min(e2.created_at)).where(e2.account_id == Account.id,
                                                      e2.id > func.coalesce(last_ok, 0))
                .correlate(Account).scalar_subquery())
        q = (select(Account.id, Account.room_id, Building.code, Room.number, Account.utility, Account.balance_fen, went)
             .join(Room, Room.id == Account.room_id).join(Building, Building.id == Room.building_id)
             .where(Account.balance_fen < 0))
        if utility is not None:
            q = q.where(Account.utility == utility)
        found = s.execute(q).all()
        occupants: dict[int, list[str]] = defaultdict(list)
        room_ids = {r[1] for r in found}
        if room_ids:
            for room_id, name, no in s.execute(
                    select(Bed.room_id, Student.name, Student.student_no).join(Occupancy, Occupancy.bed_id == Bed.id)
                    .join(Student, Student.id == Occupancy.student_id)
                    .where(Occupancy.end_at.is_(None), Bed.room_id.in_(room_ids)).order_by(Bed.label)):
                occupants[room_id].append(f"{name} ({no})")
    rows = []
    for acc_id, room_id, bcode, number, util, balance, since_at in found:
        since = clock.campus_date(since_at) if since_at is not None else today
        age = max(0, (today - since).days)
        rows.append(ArrearsRow(acc_id, room_id, bcode, number, util, int(balance), since, age, bucket_of(age),
                               ", ".join(occupants.get(room_id, ()))))
    rows.sort(key=lambda r: (-r.age_days, r.balance_fen, r.building_code, r.number, r.utility))
    buckets = tuple(AgeingBucket(label, sum(1 for r in rows if r.bucket == label),
                                 sum(r.owed_fen for r in rows if r.bucket == label)) for label, _lo, _hi in AGEING_BUCKETS)
    return Arrears(today, tuple(rows), buckets, len(rows), sum(r.owed_fen for r in rows))


# ----- subsidies and free quota -----------------------------------------------------------------


@dataclass(frozen=True)
class SubsidyLine:
    building_code: str
    building_name: str
    rooms: int                # rooms with a subsidy entry in the period
    granted_fen: int          # subsidies credited (≥ 0)
    withdrawn_fen: int        # unused subsidy taken back at a period's end, and reversals (≥ 0)

    @property
    def net_fen(self) -> int:
        return self.granted_fen - self.withdrawn_fen


@dataclass(frozen=True)
class QuotaLine:
    """The free quota granted in the period under one rule and period key; one-off grants (no rule) by
    utility and the campus day they were made (their period key)."""

    rule_id: int | None
    utility: str
    period_key: str
    rooms: int
    granted: int              # 0.01 kWh or litres
    used: int                 # of it, as far as the readings show (see `quota_use`)
    expired_rooms: int

    @property
    def left(self) -> int:
        return self.granted - self.used

    @property
    def use_rate(self) -> float | None:
        return self.used / self.granted if self.granted else None


@dataclass(frozen=True)
class SubsidyReport:
    first: date
    last: date
    by_building: tuple[SubsidyLine, ...]
    quota: tuple[QuotaLine, ...]
    total: SubsidyLine


def subsidies(store: Store, actor: Actor, first: date, last: date) -> SubsidyReport:
    """Subsidy money by building and the free quota granted in the period with its use.

    A grant's use: electricity, the grant less the free energy the meter reported left at its last
    reading before the grant expired (or now), as the quota service reckons it; water, the litres the
    room's meter counted from the grant to its expiry (or now), at most the grant."""
    require(actor, PERMISSION)
    start, end = bounds(first, last)
    with store.read() as s:
        orig = aliased(LedgerEntry)
        sub = or_(LedgerEntry.kind == "subsidy", and_(LedgerEntry.kind == "reversal", orig.kind == "subsidy"))
        plus = case((LedgerEntry.amount_fen > 0, LedgerEntry.amount_fen), else_=0)
        minus = case((LedgerEntry.amount_fen < 0, -LedgerEntry.amount_fen), else_=0)
        money = s.execute(
            select(Building.code, Building.name, func.count(distinct(Account.room_id)), func.sum(plus), func.sum(minus))
            .select_from(LedgerEntry).outerjoin(orig, orig.id == LedgerEntry.reverses_id)
            .join(Account, Account.id == LedgerEntry.account_id).join(Room, Room.id == Account.room_id)
            .join(Building, Building.id == Room.building_id)
            .where(LedgerEntry.created_at >= start, LedgerEntry.created_at < end, sub)
            .group_by(Building.code, Building.name).order_by(Building.code)).all()
        lines = tuple(SubsidyLine(code, name, int(n), int(p or 0), int(m or 0)) for code, name, n, p, m in money)
        grants = s.execute(select(QuotaGrant.id, QuotaGrant.rule_id, QuotaGrant.utility, QuotaGrant.period_key,
                                  QuotaGrant.room_id, QuotaGrant.amount, QuotaGrant.granted_at, QuotaGrant.expired_at)
                           .where(QuotaGrant.granted_at >= start, QuotaGrant.granted_at < end)).all()
        used = _quota_used(s, grants)
    agg: dict[tuple[int | None, str, str], list[int]] = {}
    for gid, rule_id, util, key, _room, amount, _at, expired in grants:
        a = agg.setdefault((rule_id, util, key), [0, 0, 0, 0])
        a[0] += 1
        a[1] += int(amount)
        a[2] += used.get(gid, 0)
        a[3] += expired is not None
    quota = tuple(QuotaLine(r, u, k, *v) for (r, u, k), v in sorted(agg.items(),
                                                                    key=lambda kv: (kv[0][2], kv[0][0] or 0)))
    total = SubsidyLine("total", "合计 Total", sum(x.rooms for x in lines), sum(x.granted_fen for x in lines),
                        sum(x.withdrawn_fen for x in lines))
    return SubsidyReport(first, last, lines, quota, total)


def _quota_used(s: Session, grants: Iterable) -> dict[int, int]:
    """Units used of each grant (see `subsidies`); one query per utility, a few seeks per grant."""
    now = clock.now()
    out: dict[int, int] = {}
    elec = [g for g in grants if g[2] == "electricity"]
    water = [g for g in grants if g[2] == "water"]
    for gid, _r, _u, _k, room_id, amount, granted_at, expired_at in elec:
        cutoff = expired_at or now
        free = s.scalar(select(ElectricityReading.free_cwh)
                        .join(ElectricityMeter, ElectricityMeter.id == ElectricityReading.meter_id)
                        .where(ElectricityMeter.room_id == room_id, ElectricityReading.taken_at >= granted_at,
                               ElectricityReading.taken_at < cutoff)
                        .order_by(ElectricityReading.taken_at.desc()).limit(1))
        out[gid] = 0 if free is None else int(amount) - max(0, min(int(free), int(amount)))
    for gid, _r, _u, _k, room_id, amount, granted_at, expired_at in water:
        cutoff = expired_at or now
        base = select(WaterReading.volume_l).join(WaterMeter, WaterMeter.id == WaterReading.meter_id) \
            .where(WaterMeter.room_id == room_id)
        start_v = s.scalar(base.where(WaterReading.taken_at <= granted_at).order_by(WaterReading.taken_at.desc())
                           .limit(1))
        if start_v is None:
            start_v = s.scalar(base.where(WaterReading.taken_at > granted_at).order_by(WaterReading.taken_at).limit(1))
        end_v = s.scalar(base.where(WaterReading.taken_at < cutoff).order_by(WaterReading.taken_at.desc()).limit(1))
        used = (int(end_v) - int(start_v)) % WATER_WRAP if start_v is not None and end_v is not None else 0
        out[gid] = min(used, int(amount))
    return out


# ----- meter lines ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineHealth:
    """One RS-485 line: its meters now, and how well they were read in the period."""

    bus_id: int
    name: str
    port: str
    enabled: bool
    meters: int                    # electricity and water meters in service now
    online: int                    # of them, online at the runtime's last word
    last_seen_at: datetime | None  # the newest answer from any meter of the line
    readings: int                  # readings stored in the period
    meter_days: int                # days in service within the period, all meters added up
    days_read: int                 # of them, days with at least one reading
    expected_readings: int | None  # with the caller's billing interval only

    @property
    def online_rate(self) -> float | None:
        return self.online / self.meters if self.meters else None

    @property
    def read_rate(self) -> float | None:
        """Meter-days read against meter-days in service."""
        return self.days_read / self.meter_days if self.meter_days else None

    @property
    def reading_rate(self) -> float | None:
        """Readings stored against readings expected (None without an interval)."""
        if not self.expected_readings:
            return None
        return self.readings / self.expected_readings


@dataclass(frozen=True)
class LineReport:
    first: date
    last: date
    interval_s: int | None
    lines: tuple[LineHealth, ...]
    total: LineHealth


def meter_lines(store: Store, actor: Actor, first: date, last: date, *,
                interval_s: int | None = None) -> LineReport:
    """Online rate now and read success over the period, per line (see the module docstring for what
    the store can and cannot tell). `interval_s`: the runtime's billing interval, to compare the
    readings stored with the readings it should have taken."""
    require(actor, PERMISSION)
    if interval_s is not None and interval_s <= 0:
        raise InvalidInput("The billing interval is a number of seconds above zero.")
    start, end = bounds(first, last)
    hours = _offset_hours(first, last)
    acc: dict[int, dict] = {}
    with store.read() as s:
        buses = s.execute(select(Bus.id, Bus.name, Bus.port, Bus.enabled).order_by(Bus.name)).all()
        for bid, *_rest in buses:
            acc[bid] = {"meters": 0, "online": 0, "seen": None, "readings": 0, "meter_days": 0, "days_read": 0,
                        "seconds": 0}
        for M, R in ((ElectricityMeter, ElectricityReading), (WaterMeter, WaterReading)):
            day = _campus_day(s, R.taken_at, hours)
            read = {mid: (int(n), int(d)) for mid, n, d in s.execute(
                select(R.meter_id, func.count(), func.count(distinct(day)))
                .where(R.taken_at >= start, R.taken_at < end).group_by(R.meter_id))}
            for mid, bus_id, installed, replaced, online, seen in s.execute(
                    select(M.id, M.bus_id, M.installed_on, M.replaced_on, M.online, M.last_seen_at)):
                a = acc[bus_id]
                if replaced is None:
                    a["meters"] += 1
                    a["online"] += bool(online)
                if seen is not None and (a["seen"] is None or seen > a["seen"]):
                    a["seen"] = seen
                n, d = read.get(mid, (0, 0))
                a["readings"] += n
                a["days_read"] += d
                lo = max(first, installed)
                hi = min(last, replaced - timedelta(days=1)) if replaced is not None else last
                if hi >= lo:
                    a["meter_days"] += (hi - lo).days + 1
                    a["seconds"] += int((min(end, clock.day_start(hi + timedelta(days=1)), clock.now())
                                         - max(start, clock.day_start(lo))).total_seconds())
    lines = []
    for bid, name, port, enabled in buses:
        a = acc[bid]
        expected = max(0, a["seconds"]) // interval_s if interval_s else None
        lines.append(LineHealth(bid, name, port, bool(enabled), a["meters"], a["online"], a["seen"], a["readings"],
                                a["meter_days"], a["days_read"], expected))
    seen = [x.last_seen_at for x in lines if x.last_seen_at is not None]
    total = LineHealth(0, "合计 Total", "", True, sum(x.meters for x in lines), sum(x.online for x in lines),
                       max(seen) if seen else None, sum(x.readings for x in lines), sum(x.meter_days for x in lines),
                       sum(x.days_read for x in lines),
                       sum(x.expected_readings or 0 for x in lines) if interval_s else None)
    return LineReport(first, last, interval_s, tuple(lines), total)


# ----- alarms and malignant loads ---------------------------------------------------------------


@dataclass(frozen=True)
class AlarmLine:
    kind: str
    label: str
    raised: int
    acknowledged: int
    rooms: int                # distinct rooms

    @property
    def still_open(self) -> int:
        return self.raised - self.acknowledged


@dataclass(frozen=True)
class AlarmReport:
    first: date
    last: date
    by_kind: tuple[AlarmLine, ...]     # kinds raised in the period, most raised first
    total: AlarmLine


def alarms(store: Store, actor: Actor, first: date, last: date) -> AlarmReport:
    """Alarms raised in the period by kind (app.metering.alarms.KINDS labels), acknowledged or not."""
    require(actor, PERMISSION)
    start, end = bounds(first, last)
    with store.read() as s:
        rows = s.execute(select(Alarm.kind, func.count(), func.count(Alarm.acknowledged_at),
                                func.count(distinct(Alarm.room_id)))
                         .where(Alarm.raised_at >= start, Alarm.raised_at < end).group_by(Alarm.kind)).all()
        rooms_total = s.scalar(select(func.count(distinct(Alarm.room_id)))
                               .where(Alarm.raised_at >= start, Alarm.raised_at < end)) or 0
    lines = sorted((AlarmLine(k, ALARM_KINDS.get(k, k), int(n), int(a), int(r)) for k, n, a, r in rows),
                   key=lambda x: (-x.raised, x.kind))
    total = AlarmLine("total", "合计 Total", sum(x.raised for x in lines), sum(x.acknowledged for x in lines),
                      int(rooms_total))
    return AlarmReport(first, last, tuple(lines), total)


def malignant_loads(store: Store, actor: Actor, first: date, last: date) -> LoadReport:
    """Malignant-load events of the period by building, room and appliance, repeat offenders and
    releases (app.loads.reports.load_report, behind the report permission)."""
    require(actor, PERMISSION)
    bounds(first, last)
    with store.read() as s:
        return load_report(s, first, last)


# ----- reconciliation findings ------------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    id: int
    found_at: datetime
    kind: str                 # balance, reading_review, statement, …
    room_code: str            # "" when the finding names no account
    utility: str
    meter_id: int | None
    host_value: int | None    # in the finding's own unit (fen for a balance)
    meter_value: int | None
    resolved_at: datetime | None
    note: str

    @property
    def difference(self) -> int | None:
        if self.host_value is None or self.meter_value is None:
            return None
        return self.meter_value - self.host_value


@dataclass(frozen=True)
class FindingKind:
    kind: str
    found: int
    still_open: int


@dataclass(frozen=True)
class FindingReport:
    first: date
    last: date
    rows: tuple[FindingRow, ...]       # newest first
    by_kind: tuple[FindingKind, ...]
    found: int
    still_open: int


def findings(store: Store, actor: Actor, first: date, last: date) -> FindingReport:
    """Reconciliation findings raised in the period, resolved or not."""
    require(actor, PERMISSION)
    start, end = bounds(first, last)
    with store.read() as s:
        rows = s.execute(
            select(ReconciliationFinding.id, ReconciliationFinding.found_at, ReconciliationFinding.kind,
                   Building.code, Room.number, Account.utility, ReconciliationFinding.meter_id,
                   ReconciliationFinding.host_value, ReconciliationFinding.meter_value,
                   ReconciliationFinding.resolved_at, ReconciliationFinding.note)
            .outerjoin(Account, Account.id == ReconciliationFinding.account_id)
            .outerjoin(Room, Room.id == Account.room_id).outerjoin(Building, Building.id == Room.building_id)
            .where(ReconciliationFinding.found_at >= start, ReconciliationFinding.found_at < end)
            .order_by(ReconciliationFinding.found_at.desc(), ReconciliationFinding.id.desc())).all()
    out = tuple(FindingRow(fid, at, kind, f"{b}-{n}" if b else "", util or "", meter, host, mv, resolved, note or "")
                for fid, at, kind, b, n, util, meter, host, mv, resolved, note in rows)
    kinds: dict[str, list[int]] = {}
    for r in out:
        k = kinds.setdefault(r.kind, [0, 0])
        k[0] += 1
        k[1] += r.resolved_at is None
    by_kind = tuple(FindingKind(k, v[0], v[1]) for k, v in sorted(kinds.items()))
    return FindingReport(first, last, out, by_kind, len(out), sum(r.resolved_at is None for r in out))


__all__ = [
    "AGEING_BUCKETS", "AgeingBucket", "AlarmLine", "AlarmReport", "Arrears", "ArrearsRow", "BuildingUse",
    "Consumption", "DailyPoint", "FindingKind", "FindingReport", "FindingRow", "GridCell", "LineHealth",
    "LineReport", "LoadReport", "QuotaLine", "RoomGrid", "RoomUse", "SubsidyLine", "SubsidyReport", "Takings",
    "TakingsLine", "alarms", "arrears", "bounds", "bucket_of", "consumption", "daily_consumption", "findings",
    "malignant_loads", "meter_lines", "month_bounds", "room_grid", "subsidies", "takings", "takings_trend",
]
