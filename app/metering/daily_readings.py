"""A room's electricity readings day by day, on screen and as an A4 PDF for a student who disputes a bill.

What a caller may rely on (`daily_readings`, `daily_readings_report`, `daily_readings_pdf`; permission
"report.view"; bad input raises InvalidInput / NotFound and reads nothing more):

- One row per campus day of the period (at most `MAX_DAYS`, ending today at the latest), days without
  readings included. A reading belongs to the campus day of its time (23:59 campus time is that day).
- `first_cwh` / `last_cwh`: the energy register at the day's first and last stored reading (0.01 kWh).
- `use_cwh`: the register's increase over the intervals that end that day (from the reading before, also
  when that reading was the day before), as billing charges them; summed over the room's meters (a
  replaced meter and its successor); a register that went backwards adds nothing (billing does not
  bill it either). `branch_use_cwh` is the same for the meter's three branch registers.
- `charged_fen`: the consumption charged on the room's electricity account for those intervals: a
  billing entry belongs to the day of the reading it bills (its idempotency key names the reading), so
  the reading at 23:59 billed at 00:00 is charged on its own day; other entries by their time.
- `balance_end_fen`: the account balance after the day's entries, on the same attribution (the
  opening balance plus every entry of the period up to that day), so each day's balance is the day
  before's minus what was charged plus what was paid in.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock, settings_store
from app.access import Actor, require
from app.counter import pdf_fonts, reports_pdf
from app.counter.report_data import local_time_text
from app.errors import InvalidInput, NotFound
from db.engine import Store
from db.models import (
    Account,
    Building,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    MoneyOperation,
    Room,
)

MAX_DAYS = 366
MARGIN = timedelta(days=1)     # a billing entry is posted within this of the reading it bills


@dataclass(frozen=True)
class DayRow:
    day: date
    first_cwh: int | None            # None: no reading that day
    last_cwh: int | None
    readings: int
    use_cwh: int
    branch_use_cwh: tuple[int, int, int]
    charged_fen: int                 # consumption charged (a positive number)
    balance_end_fen: int


@dataclass(frozen=True)
class DailyReadings:
    room_id: int
    room_code: str                   # "B1-101"
    building_name: str
    school: str
    first_day: date
    last_day: date
    rows: tuple[DayRow, ...]
    opening_balance_fen: int         # before the first day
    generated_at: datetime

    @property
    def total_use_cwh(self) -> int:
        return sum(r.use_cwh for r in self.rows)

    @property
    def total_branch_use_cwh(self) -> tuple[int, int, int]:
        return tuple(sum(r.branch_use_cwh[i] for r in self.rows) for i in range(3))   # type: ignore[return-value]

    @property
    def total_charged_fen(self) -> int:
        return sum(r.charged_fen for r in self.rows)

    @property
    def closing_balance_fen(self) -> int:
        return self.rows[-1].balance_end_fen if self.rows else self.opening_balance_fen


def daily_readings(store: Store, actor: Actor, room_id: int, first_day: date, last_day: date) -> list[DayRow]:
    """The rows of `daily_readings_report`."""
    return list(daily_readings_report(store, actor, room_id, first_day, last_day).rows)


def daily_readings_report(store: Store, actor: Actor, room_id: int, first_day: date,
                          last_day: date) -> DailyReadings:
    require(actor, "report.view")
    if last_day < first_day:
        raise InvalidInput("The period ends before it starts.")
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A period of readings can cover at most {MAX_DAYS} days.")
    if last_day > clock.today():
        raise InvalidInput("The period cannot end after today.")
    with store.read() as s:
        room = s.execute(select(Room.number, Building.code, Building.name).join(Building, Building.id == Room.building_id)
                         .where(Room.id == room_id)).first()
        if room is None:
            raise NotFound(f"No room {room_id}.")
        days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
        readings = _readings(s, room_id, first_day, last_day)
        opening, moves = _money(s, room_id, first_day, last_day)
        school = str(settings_store.get(s, "school_name", "") or "")
    rows, balance = [], opening
    for d in days:
        r = readings.get(d)
        charged, moved = moves.get(d, (0, 0))
        balance += moved
        if r is None:
            rows.append(DayRow(d, None, None, 0, 0, (0, 0, 0), charged, balance))
        else:
            rows.append(DayRow(d, r["first"], r["last"], r["n"], r["use"], tuple(r["branches"]), charged, balance))
    return DailyReadings(room_id, f"{room.code}-{room.number}", room.name, school, first_day, last_day, tuple(rows),
                         opening, clock.now())


def daily_readings_pdf(store: Store, actor: Actor, room_id: int, first_day: date, last_day: date) -> bytes:
    """The A4 PDF of `daily_readings_report`."""
    return render_daily_readings(daily_readings_report(store, actor, room_id, first_day, last_day))


def _readings(s: Session, room_id: int, first_day: date, last_day: date) -> dict[date, dict]:
    start, end = clock.day_start(first_day), clock.day_start(last_day + timedelta(days=1))
    R = ElectricityReading
    cols = (R.meter_id, R.taken_at, R.incoming_cwh, R.branch0_cwh, R.branch1_cwh, R.branch2_cwh)
    out: dict[date, dict] = {}
    for mid in s.scalars(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id)):
        prev = s.execute(select(*cols).where(R.meter_id == mid, R.taken_at < start)
                         .order_by(R.taken_at.desc()).limit(1)).first()
        for r in s.execute(select(*cols).where(R.meter_id == mid, R.taken_at >= start, R.taken_at < end)
                           .order_by(R.taken_at)):
            d = clock.campus_date(r.taken_at)
            day = out.setdefault(d, {"first": None, "first_at": None, "last": None, "last_at": None, "n": 0,
                                     "use": 0, "branches": [0, 0, 0]})
            day["n"] += 1
            if day["first_at"] is None or r.taken_at < day["first_at"]:
                day["first"], day["first_at"] = r.incoming_cwh, r.taken_at
            if day["last_at"] is None or r.taken_at >= day["last_at"]:
                day["last"], day["last_at"] = r.incoming_cwh, r.taken_at
            if prev is not None:
                day["use"] += max(0, r.incoming_cwh - prev.incoming_cwh)
                for i, (now, before) in enumerate(zip(r[3:6], prev[3:6], strict=True)):
                    day["branches"][i] += max(0, now - before)
            prev = r
    return out


def _money(s: Session, room_id: int, first_day: date, last_day: date) -> tuple[int, dict[date, tuple[int, int]]]:
    """The electricity account's balance before `first_day`, and per day (charged, net change)."""
    account = s.scalar(select(Account.id).where(Account.room_id == room_id, Account.utility == "electricity"))
    if account is None:
        return 0, {}
    lo = clock.day_start(first_day) - MARGIN
    hi = clock.day_start(last_day + timedelta(days=1)) + MARGIN
    E = LedgerEntry
    opening = s.scalar(select(E.balance_after_fen).where(E.account_id == account, E.created_at < lo)
                       .order_by(E.id.desc()).limit(1)) or 0
    moves: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for kind, amount, created, key in s.execute(
            select(E.kind, E.amount_fen, E.created_at, MoneyOperation.idempotency_key)
            .join(MoneyOperation, MoneyOperation.id == E.operation_id)
            .where(E.account_id == account, E.created_at >= lo, E.created_at < hi).order_by(E.id)):
        d = _billed_day(key) if kind == "consumption" else None
        d = d or clock.campus_date(created)
        if d < first_day:
            opening += amount
        elif d <= last_day:
            moves[d][1] += amount
            if kind == "consumption":
                moves[d][0] -= amount
    return opening, {d: (c, m) for d, (c, m) in moves.items()}


def _billed_day(key: str) -> date | None:
    """The campus day of the reading a billing entry charges ("bill-e-<meter>-<taken_at ISO>")."""
    parts = key.split("-", 3)
    if len(parts) != 4 or parts[:2] != ["bill", "e"]:
        return None
    try:
        return clock.campus_date(datetime.fromisoformat(parts[3]))
    except (ValueError, InvalidInput):
        return None


# --- the PDF -------------------------------------------------------------------------------------

def _kwh(cwh: int | None) -> str:
    return "—" if cwh is None else f"{cwh / 100:,.2f}"


@pdf_fonts.one_document_at_a_time
def render_daily_readings(r: DailyReadings) -> bytes:
    """A4: the room and period, one row a day (readings, kWh, per branch, charged, balance), the
    totals, and when it was generated."""
    P = reports_pdf
    period = f"{P.day_text(r.first_day)} – {P.day_text(r.last_day)}"
    story = P.title_block(r.school, "房间每日抄表明细", "Daily meter readings", r.room_code)
    story += [P.meta_table([("房间", "Room", f"{r.building_name} {r.room_code}"), ("期间", "Period", period),
                            ("天数", "Days", str(len(r.rows))),
                            ("生成时间", "Generated", local_time_text(r.generated_at))]),
              P.section("每日读数", "Readings by day")]
    head = [("日期", "Date"), ("首次读数", "First kWh"), ("末次读数", "Last kWh"), ("用电量", "Used kWh"),
            ("支路1", "Branch 1"), ("支路2", "Branch 2"), ("支路3", "Branch 3"), ("扣费", "Charged"),
            ("日末余额", "Balance")]
    rows = [[P.day_text(d.day), _kwh(d.first_cwh), _kwh(d.last_cwh), _kwh(d.use_cwh),
             *(_kwh(b) for b in d.branch_use_cwh), P.money_text(d.charged_fen), P.money_text(d.balance_end_fen)]
            for d in r.rows]
    branches = r.total_branch_use_cwh
    total = ["合计 Total", "", "", _kwh(r.total_use_cwh), *(_kwh(b) for b in branches),
             P.money_text(r.total_charged_fen), P.money_text(r.closing_balance_fen)]
    story.append(P.ruled_table(head, rows, [0.16, 0.11, 0.11, 0.1, 0.08, 0.08, 0.08, 0.13, 0.15], numeric_from=1,
                               total=total))
    story += [P.section("合计", "Totals"),
              P.key_values([("期初余额", "Opening balance", P.money_text(r.opening_balance_fen)),
                            ("用电量", "Energy used", f"{_kwh(r.total_use_cwh)} kWh"),
                            ("扣费合计", "Charged", P.money_text(r.total_charged_fen)),
                            ("期末余额", "Closing balance", P.money_text(r.closing_balance_fen))],
                           emphasise_last=False),
              P.paragraph("读数为电表进线电能寄存器（0.01 kWh）；跨零点的区间计入结束读数所在的日期，与计费一致。"
                          " Readings are the meter's incoming energy register; an interval across midnight "
                          "counts on the day of the reading that ends it, as it was billed.", 7.5, grey=True)]
    return P.build_a4(story, f"每日抄表 Daily readings {r.room_code} {period}", r.school)
