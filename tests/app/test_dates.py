"""The date-sensitive paths at fixed dates: a month end, New Year's Eve, the day before a leap day,
the leap day itself and a day in 2030. Each test stands the clock still at 23:59:xx campus time on
the edge day and moves it across midnight, then checks what the office would see: which period a
quota grant is for and when it expires, which day close a shift goes into, the dates printed on the
reports, the price in force, the days of a settlement and of the room's daily bars.
"""
from __future__ import annotations

import io
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app import clock
from app.access import Actor
from app.campus import occupancy
from app.campus.room_view import DAYS, room_detail
from app.clock import CAMPUS_TZ, FixedClock
from app.counter import documents, payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.counter.reconciliation import import_statement
from app.errors import InvalidInput, ShiftError
from app.metering import quota, tariffs
from app.metering.quota_periods import Term, period_by_key, period_for
from app.metering.runtime import meters
from app.metering.runtime.duties import Duties
from db.models import ElectricityMeter, ElectricityReading, Purchase, QuotaGrant, QuotaRule, Setting
from tests.factories import make_campus

A, B = "202610000", "202610001"
SCHOOL = "东华理工大学"


@dataclass(frozen=True)
class Edge:
    day: date               # the campus day that ends
    month: str              # its month key
    next_month: str         # the month key of the day after

    @property
    def next_day(self) -> date:
        return self.day + timedelta(days=1)


EDGES = [
    pytest.param(Edge(date(2026, 11, 30), "2026-11", "2026-12"), id="month-end"),
    pytest.param(Edge(date(2026, 12, 31), "2026-12", "2027-01"), id="new-year"),
    pytest.param(Edge(date(2028, 2, 28), "2028-02", "2028-02"), id="leap-eve"),
    pytest.param(Edge(date(2028, 2, 29), "2028-02", "2028-03"), id="leap-day"),
    pytest.param(Edge(date(2030, 6, 15), "2030-06", "2030-06"), id="2030"),
]
NEW_YEAR = Edge(date(2026, 12, 31), "2026-12", "2027-01")


def local(day: date, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A campus wall-clock time."""
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CAMPUS_TZ)


def month_start(key: str) -> datetime:
    return local(date(int(key[:4]), int(key[5:]), 1))


@pytest.fixture(params=EDGES)
def edge(request) -> Edge:
    return request.param


@pytest.fixture
def fixed(edge):
    """The clock, standing still at 20:00 on the edge day until a test moves it."""
    with clock.use(FixedClock(local(edge.day, 20))) as c:
        yield c


def _campus_with_a_room(store):
    """The test campus with students A and B in B1-101, checked in at the clock's time."""
    campus = make_campus(store)
    with store.write() as s:
        s.add(Setting(key="school_name", value=SCHOOL))
    room = campus.rooms["B1-101"]
    for no in (A, B):
        occupancy.check_in(store, campus.clerk, campus.students[no], room)
    return campus, room


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _grants(store) -> list[tuple]:
    with store.read() as s:
        return [tuple(r) for r in s.execute(
            select(QuotaRule.utility, QuotaGrant.period_key, QuotaGrant.amount, QuotaGrant.granted_at,
                   QuotaGrant.expired_at).join(QuotaRule, QuotaRule.id == QuotaGrant.rule_id).order_by(QuotaGrant.id))]


# --- free quota ---------------------------------------------------------------------------------

def test_monthly_quota_is_granted_once_a_month_and_expires_when_the_next_begins(store, edge, fixed):
    campus, room = _campus_with_a_room(store)
    tariffs.set_price(store, campus.admin, "water", 45_000, date(2026, 9, 1))
    tariffs.set_price(store, campus.admin, "water", 50_000, edge.next_day)      # dearer from tomorrow
    quota.add_rule(store, campus.admin, utility="electricity", scope="student", period="month", amount=1000,
                   valid_from=date(2026, 9, 1))
    quota.add_rule(store, campus.admin, utility="water", scope="room", period="month", amount=3000,
                   valid_from=date(2026, 9, 1))
    water = payments.account_for(store, room, "water")

    fixed.set(local(edge.day, 23, 59, 30))
    assert quota.run_quota(store, clock.today()) == quota.QuotaRun(granted=2, expired=0)
    assert quota.run_quota(store, clock.today()) == quota.QuotaRun(0, 0)          # once per month
    start = month_start(edge.month)
    assert _grants(store) == [("electricity", edge.month, 2000, start, None), ("water", edge.month, 3000, start, None)]
    assert Ledger(store).balance(water) == Money(1350)                            # 3,000 L at 4.50 CNY/m³

    fixed.advance(seconds=40)                                                     # 00:00:10 the next day
    assert clock.today() == edge.next_day
    run = quota.run_quota(store, clock.today())
    if edge.next_month == edge.month:
        assert run == quota.QuotaRun(0, 0)
        assert [g[4] for g in _grants(store)] == [None, None]                     # still this month's quota
        assert Ledger(store).balance(water) == Money(1350)
    else:
        assert run == quota.QuotaRun(granted=2, expired=2)
        midnight = local(edge.next_day)
        assert _grants(store) == [("electricity", edge.month, 2000, start, midnight),
                                  ("water", edge.month, 3000, start, midnight),
                                  ("electricity", edge.next_month, 2000, midnight, None),
                                  ("water", edge.next_month, 3000, midnight, None)]
        # the unused 3,000 L cleared at the old month's price, the new month's granted at the new one
        assert Ledger(store).balance(water) == Money(1350 - 1350 + 1500)
    assert quota.run_quota(store, clock.today()) == quota.QuotaRun(0, 0)


@pytest.mark.parametrize("layout", ["back-to-back", "holiday-between", "one-term-across"])
def test_term_quota_follows_the_term_calendar_not_the_month(store, edge, fixed, layout):
    campus, room = _campus_with_a_room(store)
    first_start = edge.day - timedelta(days=100)
    if layout == "one-term-across":
        calendar = [Term(f"{first_start.year}-T1", first_start, edge.next_day + timedelta(days=100))]
    else:
        second_start = edge.next_day + timedelta(days=0 if layout == "back-to-back" else 7)
        calendar = [Term(f"{first_start.year}-T1", first_start, edge.day),
                    Term(f"{second_start.year}-T2", second_start, second_start + timedelta(days=120))]
    quota.set_terms(store, campus.admin, calendar)
    assert quota.terms(store) == tuple(calendar)
    quota.add_rule(store, campus.admin, utility="electricity", scope="room", period="term", amount=5000,
                   valid_from=date(2026, 9, 1))
    first = calendar[0].key

    fixed.set(local(edge.day, 23, 59, 30))
    assert quota.run_quota(store, clock.today()) == quota.QuotaRun(granted=1, expired=0)
    assert _grants(store) == [("electricity", first, 5000, local(first_start), None)]

    fixed.advance(seconds=40)
    run = quota.run_quota(store, clock.today())
    midnight = local(edge.next_day)
    if layout == "one-term-across":
        assert run == quota.QuotaRun(0, 0)                    # a new month (or year) is not a new term
        assert _grants(store) == [("electricity", first, 5000, local(first_start), None)]
    elif layout == "back-to-back":
        assert run == quota.QuotaRun(granted=1, expired=1)
        assert _grants(store) == [("electricity", first, 5000, local(first_start), midnight),
                                  ("electricity", calendar[1].key, 5000, midnight, None)]
    else:
        assert run == quota.QuotaRun(granted=0, expired=1)    # nothing to grant in the holiday
        fixed.set(local(calendar[1].start, 0, 0, 10))
        assert quota.run_quota(store, clock.today()) == quota.QuotaRun(granted=1, expired=0)
        assert _grants(store) == [("electricity", first, 5000, local(first_start), midnight),
                                  ("electricity", calendar[1].key, 5000, local(calendar[1].start), None)]
    with store.read() as s:      # each grant's free energy is on its way to the meter
        assert [(s.get(Purchase, g.purchase_id).kind, s.get(Purchase, g.purchase_id).amount)
                for g in s.scalars(select(QuotaGrant))] == [(2, 5000)] * len(_grants(store))


def test_leap_day_belongs_to_february():
    feb = period_by_key("2028-02")
    assert (feb.start, feb.end, feb.days) == (date(2028, 2, 1), date(2028, 2, 29), 29)
    assert feb.expires_at == local(date(2028, 3, 1))
    assert period_for(date(2028, 2, 29), "month").key == "2028-02"
    assert period_for(datetime.fromisoformat("2028-02-29T15:59:59+00:00"), "month").key == "2028-02"
    # 16:00 UTC on the 29th is already 1 March on campus
    assert period_for(datetime.fromisoformat("2028-02-29T16:00:00+00:00"), "month").key == "2028-03"
    assert period_by_key("2029-02").days == 28 and period_by_key("2030-02").days == 28


# --- shifts, day closes and their reports -------------------------------------------------------

def test_a_shift_goes_into_the_close_of_the_day_it_closed_and_the_reports_print_campus_dates(store, edge, fixed):
    campus, room = _campus_with_a_room(store)
    a = campus.students[A]
    fixed.set(local(edge.day, 23, 50))
    shifts.open_shift(store, campus.clerk, Money(10000))
    fixed.set(local(edge.day, 23, 55))
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(5000), method="cash",
                      payer_id=a, key="before-midnight")
    fixed.set(local(edge.day, 23, 59, 50))
    late = shifts.close_shift(store, campus.clerk, Money(15000))
    assert late["business_date"] == edge.day.isoformat()

    fixed.set(local(edge.day, 23, 59, 55))
    shifts.open_shift(store, campus.clerk, Money(10000))
    with pytest.raises(ShiftError, match="has not begun"):
        shifts.close_day(store, campus.clerk, edge.next_day)            # tomorrow cannot be closed yet
    fixed.set(local(edge.next_day, 0, 0, 5))
    rec = payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(2000), method="cash",
                            payer_id=a, key="after-midnight")
    # the day is over: the shift still open across midnight can only go into a later close
    day = shifts.close_day(store, campus.clerk, edge.day)
    assert day["business_date"] == edge.day.isoformat()
    assert [x["shift_id"] for x in day["shifts"]] == [late["shift_id"]] and day["in_fen"] == 5000
    fixed.set(local(edge.next_day, 0, 0, 10))
    early = shifts.close_shift(store, campus.clerk, Money(12000))
    assert early["business_date"] == edge.next_day.isoformat()

    fixed.set(local(edge.next_day, 17))
    shifts.open_shift(store, campus.admin, Money(0))
    with pytest.raises(ShiftError, match="still open"):
        shifts.close_day(store, campus.clerk, edge.next_day)               # while the day runs, shifts first
    afternoon = shifts.close_shift(store, campus.admin, Money(0))
    fixed.set(local(edge.next_day, 18))
    next_day = shifts.close_day(store, campus.clerk, edge.next_day)
    assert [x["shift_id"] for x in next_day["shifts"]] == [early["shift_id"], afternoon["shift_id"]]
    assert next_day["in_fen"] == 2000
    assert shifts.day_close_report(store, day["number"])["business_date"] == edge.day.isoformat()

    text = _text(documents.shift_report_pdf(store, late["shift_id"]))
    assert f"{edge.day} 23:50:00" in text and f"{edge.day} 23:59:50" in text
    text = _text(documents.shift_report_pdf(store, early["shift_id"]))
    assert f"{edge.day} 23:59:55" in text and f"{edge.next_day} 00:00:10" in text
    text = _text(documents.day_close_pdf(store, day["number"]))
    mm_dd = edge.day.strftime("%m-%d")
    assert str(edge.day) in text and f"{edge.next_day} 00:00:05" in text            # business date, closed at
    assert f"{mm_dd} 23:50" in text and f"{mm_dd} 23:59" in text                     # the shift's times
    text = _text(documents.day_close_pdf(store, next_day["number"]))
    assert str(edge.next_day) in text and f"{edge.next_day} 18:00:00" in text
    assert f"{edge.next_day.strftime('%m-%d')} 00:00" in text
    text = _text(documents.receipt_pdf(store, campus.clerk, rec.receipt_id))
    assert f"{edge.next_day} 00:00:05" in text                                      # 16:00:05 UTC the day before


def test_a_shift_closed_after_its_day_was_closed_goes_into_the_next_days_close(store, edge, fixed):
    campus, room = _campus_with_a_room(store)
    fixed.set(local(edge.day, 18))
    assert shifts.close_day(store, campus.clerk, edge.day)["shifts"] == []          # the office closes the day
    fixed.set(local(edge.day, 22))
    shifts.open_shift(store, campus.clerk, Money(0))                                # an evening shift after it
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(3000), method="cash",
                      payer_id=campus.students[A], key="evening")
    fixed.set(local(edge.day, 23, 59, 50))
    report = shifts.close_shift(store, campus.clerk, Money(3000))
    assert report["business_date"] == edge.next_day.isoformat()
    text = _text(documents.shift_report_pdf(store, report["shift_id"]))
    assert "Business date" in text and str(edge.next_day) in text
    fixed.set(local(edge.next_day, 18))
    day = shifts.close_day(store, campus.clerk, edge.next_day)
    assert [x["shift_id"] for x in day["shifts"]] == [report["shift_id"]] and day["in_fen"] == 3000


# --- tariffs and the meters' price ----------------------------------------------------------------

class _Bus:
    """A bus that runs each job at once against a meter that only remembers the price written to it."""

    def __init__(self) -> None:
        self.prices: dict[int, int] = {}

    def submit(self, address: int, job, **_how) -> Future:
        bus = self

        class Meter:
            def write_prepaid(self, params) -> None:
                bus.prices[address] = params.unit_price_centifen

        fut: Future = Future()
        fut.set_result(job(Meter()))
        return fut


def test_a_new_price_is_in_force_from_midnight_on_its_first_day(store, edge, fixed):
    campus = make_campus(store)
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 9, 1))
    tariffs.set_price(store, campus.admin, "electricity", 6100, edge.next_day)
    [bus_config], meter_map = meters.load(store)
    bus = _Bus()
    duties = Duties(store, meter_map, {bus_config.id: bus}, now=clock.now)     # the runtime's daily duties

    fixed.set(local(edge.day, 23, 59, 59))
    with store.read() as s:
        assert tariffs.price_at(s, "electricity", clock.now()) == 5883
    assert tariffs.price_on(store, "electricity", clock.today()).unit_price == 5883
    duties.run()
    assert set(bus.prices.values()) == {5883} and len(bus.prices) == len(campus.rooms)

    fixed.advance(seconds=1)                             # 00:00:00 campus time, still the day before in UTC
    with store.read() as s:
        assert tariffs.price_at(s, "electricity", clock.now()) == 6100
    assert tariffs.price_on(store, "electricity", clock.today()).unit_price == 6100
    assert tariffs.price_on(store, "electricity", clock.now()).unit_price == 6100
    old = tariffs.price_on(store, "electricity", edge.day)
    assert (old.unit_price, old.valid_to) == (5883, edge.day)
    duties.run()
    assert set(bus.prices.values()) == {6100} and len(bus.prices) == len(campus.rooms)   # told at midnight


# --- settlement at check-out ----------------------------------------------------------------------

def test_settlement_shares_each_campus_day_and_the_statement_shows_the_stays_days(store, edge, fixed):
    campus, room = _campus_with_a_room(store)                                        # A and B since 20:00
    a, b = campus.students[A], campus.students[B]
    shifts.open_shift(store, campus.admin, Money(0))
    payments.recharge(store, campus.admin, room_id=room, utility="electricity", amount=Money(10000),
                      method="cash", payer_id=a, key="pay")
    elec = payments.account_for(store, room, "electricity")
    fixed.set(local(edge.day, 23, 59, 40))
    Ledger(store).consumption(Actor.system(), elec, Money(1001), key="late-use")

    fixed.set(local(edge.next_day))                                                  # A leaves at midnight
    out_a = settlement.check_out(store, campus.admin, a, key="out-a")
    share = out_a.settlements["electricity"]
    assert [(d.day, d.occupants, d.share_fen) for d in share.days] == [(edge.day, (A, B), 501)]
    fixed.set(local(edge.next_day, 0, 0, 5))
    Ledger(store).consumption(Actor.system(), elec, Money(600), key="early-use")      # B alone now

    fixed.set(local(edge.next_day + timedelta(days=1), 9))         # B's check-out entered the morning after
    out_b = settlement.check_out(store, campus.admin, b, key="out-b", at=local(edge.next_day, 0, 0, 10))
    assert [(d.day, d.occupants, d.share_fen) for d in out_b.settlements["electricity"].days] == [
        (edge.day, (A, B), 500), (edge.next_day, (B,), 600)]

    text = _text(settlement.statement_pdf(store, out_a.settlement_id))
    assert f"{edge.day} – {edge.day}" in text                       # left at 00:00: the new day is not hers
    assert f"{edge.next_day} 00:00:00" in text                        # issued
    text = _text(settlement.statement_pdf(store, out_b.settlement_id))
    assert f"{edge.day} – {edge.next_day}" in text                   # until he left, not until it was entered
    assert f"{edge.next_day + timedelta(days=1)} 09:00:00" in text


# --- the room panel's daily bars ------------------------------------------------------------------

def test_the_room_panels_daily_bars_end_on_the_campus_day(store, edge, fixed):
    campus = make_campus(store)
    room = campus.rooms["B1-101"]
    with store.write() as s:
        meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        for at, cwh in ((local(edge.day - timedelta(days=1), 12), 100_000), (local(edge.day, 23, 59, 30), 101_000),
                        (local(edge.next_day, 0, 0, 30), 101_050)):
            s.add(ElectricityReading(meter_id=meter, taken_at=at, incoming_cwh=cwh, branch0_cwh=0, branch1_cwh=0,
                                     branch2_cwh=cwh, balance_fen=0, free_cwh=0, purchase_count=0, status=0))
    fixed.set(local(edge.day, 23, 59, 45))
    assert [(u.day, u.cwh) for u in room_detail(store, room).daily[-2:]] == [
        (edge.day - timedelta(days=1), 0), (edge.day, 1000)]
    fixed.set(local(edge.next_day, 0, 0, 45))
    daily = room_detail(store, room).daily
    assert [(u.day, u.cwh) for u in daily[-2:]] == [(edge.day, 1000), (edge.next_day, 50)]
    days = [u.day for u in daily]
    assert days == [edge.next_day - timedelta(days=n) for n in reversed(range(DAYS))]
    if edge.day.year == 2028:
        assert date(2028, 2, 29) in days


# --- found by these tests -----------------------------------------------------------------------

def test_a_payment_posted_just_after_midnight_matches_the_statement_of_its_day(store, tmp_path):
    edge = NEW_YEAR
    with clock.use(FixedClock(local(edge.day, 20))) as fixed:
        campus, room = _campus_with_a_room(store)
        shifts.open_shift(store, campus.clerk, Money(0))
        fixed.set(local(edge.next_day, 0, 0, 2))
        payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(2000), method="wechat",
                          reference="4200000777", payer_id=campus.students[A], key="wx")
        path = tmp_path / "wechat.csv"
        path.write_text(f"交易时间,商户单号,交易金额\n{edge.day} 23:59:58,4200000777,20.00\n", encoding="utf-8")
        res = import_statement(store, campus.clerk, "wechat", path)
        assert res.day == edge.day
        assert [p.statement.reference for p in res.match.matched] == ["4200000777"]
        assert res.match.missing_in_ledger == ()
        # the next day's statement does not know that payment, and must not call it unknown
        nxt = tmp_path / "wechat-next.csv"
        nxt.write_text(f"交易时间,商户单号,交易金额\n{edge.next_day} 09:00:00,4200000888,10.00\n", encoding="utf-8")
        res = import_statement(store, campus.clerk, "wechat", nxt)
        assert res.day == edge.next_day and res.match.unknown_to_provider == ()
        assert [r.reference for r in res.match.missing_in_ledger] == ["4200000888"]


def test_quota_keeps_running_after_the_office_replaces_the_term_calendar(store):
    edge = NEW_YEAR
    with clock.use(FixedClock(local(date(2026, 12, 1), 10))) as fixed:
        campus, room = _campus_with_a_room(store)
        quota.set_terms(store, campus.admin, [Term("2026-T1", date(2026, 9, 1), edge.day)])
        quota.add_rule(store, campus.admin, utility="electricity", scope="room", period="term", amount=5000,
                       valid_from=date(2026, 9, 1))
        quota.add_rule(store, campus.admin, utility="electricity", scope="room", period="month", amount=1000,
                       valid_from=date(2026, 9, 1))
        assert quota.run_quota(store, clock.today()) == quota.QuotaRun(granted=2, expired=0)
        # late in the term the office publishes next year's calendar, without the term that is ending:
        # refused while that term has quota out, so quota goes on
        with pytest.raises(InvalidInput, match="still has free quota out"):
            quota.set_terms(store, campus.admin, [Term("2027-T2", date(2027, 2, 22), date(2027, 7, 9))])
        fixed.set(local(edge.next_day, 0, 0, 10))
        run = quota.run_quota(store, clock.today())
        assert run.granted == 1 and run.expired == 2      # January's monthly grant; December's and the term's end
