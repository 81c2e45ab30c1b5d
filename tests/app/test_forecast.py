"""Days-left forecast: register deltas per campus day, valued at today's price, days floor(funds / day)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.metering import forecast, tariffs
from db.models import ElectricityMeter, ElectricityReading, WaterMeter, WaterReading

AT = datetime(2026, 11, 16, 10, 0, tzinfo=clock.CAMPUS_TZ)      # window: 2026-11-02 .. 2026-11-15
PRICE, WATER_PRICE = 5883, 45_000


def campus_time(day: date, hour: int = 20, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=clock.CAMPUS_TZ)


@pytest.fixture
def campus(store):
    return priced_campus(store)


def priced_campus(store):
    """tests.factories.make_campus with prices set and the clerk's shift open."""
    from tests.factories import make_campus

    c = make_campus(store)
    shifts.open_shift(store, c.clerk, Money(0))
    tariffs.set_price(store, c.admin, "electricity", PRICE, date(2026, 9, 1))
    tariffs.set_price(store, c.admin, "water", WATER_PRICE, date(2026, 9, 1))
    return c


def meter_of(store, room_id: int, model=ElectricityMeter) -> int:
    with store.read() as s:
        return s.scalar(select(model.id).where(model.room_id == room_id))


def add_readings(store, room_id: int, points: list[tuple[datetime, int]], *, free_cwh: int = 0,
                 branches: bool = False) -> None:
    """Electricity readings (time, register 0.01 kWh); with `branches` the register splits 1:2:1."""
    mid = meter_of(store, room_id)
    with store.write() as s:
        for at, reg in points:
            b = (reg // 4, reg // 2, reg - reg // 4 - reg // 2) if branches else (0, 0, 0)
            s.add(ElectricityReading(meter_id=mid, taken_at=at, incoming_cwh=reg, branch0_cwh=b[0],
                                     branch1_cwh=b[1], branch2_cwh=b[2], balance_fen=0, free_cwh=free_cwh,
                                     purchase_count=0, status=0))


def daily(first: date, last: date, per_day: int, start: int = 100_000, hour: int = 20) -> list[tuple[datetime, int]]:
    return [(campus_time(first + timedelta(days=i), hour), start + per_day * i) for i in range((last - first).days + 1)]


def live_in(store, c, room: str, since: datetime, student: str = "202610000") -> None:
    occupancy.check_in(store, c.clerk, c.students[student], c.rooms[room], at=since)


def pay(store, c, room: str, fen: int, utility: str = "electricity") -> None:
    payments.recharge(store, c.clerk, room_id=c.rooms[room], utility=utility, amount=Money(fen), method="cash",
                      key=f"pay-{room}-{utility}-{fen}")


def test_days_left_is_the_floor_of_funds_over_the_average_day(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    add_readings(store, rid, daily(date(2026, 11, 1), date(2026, 11, 15), 500))     # 5.00 kWh a day
    pay(store, campus, "B1-101", 10_000)
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT)
    # a day costs 500 × 0.5883 = 294.15 fen; 100.00 CNY last 10000 × 14 / (7000 × 0.5883) = 33.99 days
    assert (f.days, f.reason, f.history_days, f.avg_fen_per_day, f.avg_use_per_day) == (33, None, 14, 294, 500)
    assert (f.balance_fen, f.free_fen, f.first_day, f.last_day) == (10_000, 0, date(2026, 11, 2), date(2026, 11, 15))
    assert f.runs_out_on == date(2026, 12, 19)
    assert "33 day" in f.text


def test_free_energy_on_the_meter_counts_as_funds_and_an_empty_balance_is_zero_days(store, campus):
    rid, other = campus.rooms["B1-101"], campus.rooms["B1-102"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    live_in(store, campus, "B1-102", campus_time(date(2026, 10, 1)), "202610001")
    add_readings(store, rid, daily(date(2026, 11, 1), date(2026, 11, 15), 1000), free_cwh=2000)
    add_readings(store, other, daily(date(2026, 11, 1), date(2026, 11, 15), 1000))
    pay(store, campus, "B1-101", 2000)
    with store.read() as s:
        many = forecast.days_left_many(s, [rid, other], at=AT)
    f = many[rid]
    assert f.free_fen == 2000 * PRICE // 10_000 == 1176
    # (2000 + 1176) fen over 588.3 fen a day: 5.39 → 5
    assert (f.days, f.avg_fen_per_day, f.funds_fen) == (5, 588, 3176)
    assert (many[other].days, many[other].balance_fen, many[other].reason) == (0, 0, None)


def test_fewer_than_three_days_is_not_enough_history(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    add_readings(store, rid, daily(date(2026, 11, 13), date(2026, 11, 15), 800))   # full days: 14th and 15th
    pay(store, campus, "B1-101", 5000)
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT)
    assert (f.days, f.reason, f.history_days, f.avg_fen_per_day) == (None, "not_enough_history", 2, None)
    assert "Not enough history" in f.text
    add_readings(store, rid, [(campus_time(date(2026, 11, 12)), 99_200)])          # one more day before
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT)
    assert (f.history_days, f.reason, f.avg_use_per_day) == (3, None, 800)


def test_no_consumption_and_no_account(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    add_readings(store, rid, daily(date(2026, 11, 1), date(2026, 11, 15), 0))
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT)
        assert (f.days, f.reason, f.history_days) == (None, "no_consumption", 14)
        assert forecast.days_left(s, campus.rooms["B1-201"], at=AT) is None        # nobody ever lived there
        assert set(forecast.days_left_many(s, None, at=AT)) == {rid}


def test_days_nobody_lived_in_the_room_are_left_out(store, campus):
    rid = campus.rooms["B1-101"]
    # empty until the 12th (a few cwh a day), then 6 kWh a day from the student moving in at noon
    points = daily(date(2026, 11, 1), date(2026, 11, 11), 5)
    points += [(campus_time(date(2026, 11, 12 + i)), points[-1][1] + 600 * (i + 1)) for i in range(4)]
    add_readings(store, rid, points)
    live_in(store, campus, "B1-101", campus_time(date(2026, 11, 12), 12))
    pay(store, campus, "B1-101", 10_000)
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT)
    # the 12th to the 15th: 4 days of 6 kWh (352.98 fen a day): 10000 × 4 / (2400 × 0.5883) = 28.3 days
    assert (f.history_days, f.avg_use_per_day, f.days, f.avg_fen_per_day) == (4, 600, 28, 353)


def test_campus_day_boundaries_and_an_offline_meter(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    add_readings(store, rid, [
        (campus_time(date(2026, 11, 10), 23, 59), 1000),     # the 10th, campus time (15:59 UTC)
        (campus_time(date(2026, 11, 11), 0, 0), 1100),       # midnight: the 11th
        (campus_time(date(2026, 11, 11), 23, 59), 1400),
        (campus_time(date(2026, 11, 12), 12), 1500),
        # offline the 13th and 14th
        (campus_time(date(2026, 11, 15), 12), 2500),
    ])
    with store.read() as s:
        use = forecast.daily_use(s, "electricity", [rid], date(2026, 11, 10), date(2026, 11, 15))[rid]
    assert use.use == (None, 400, 100, None, None, None)


def test_water_days_left(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    wid = meter_of(store, rid, WaterMeter)
    with store.write() as s:
        for at, vol in daily(date(2026, 11, 1), date(2026, 11, 15), 300, start=5000):
            s.add(WaterReading(meter_id=wid, taken_at=at, volume_l=vol, valve_state=1, status=0))
    pay(store, campus, "B1-101", 3000, "water")
    with store.read() as s:
        f = forecast.days_left(s, rid, at=AT, utility="water")
    # 300 L × 4.5 CNY/m³ = 135 fen a day: 3000 / 135 = 22.2
    assert (f.days, f.avg_fen_per_day, f.avg_use_per_day, f.utility) == (22, 135, 300, "water")


def test_a_recharge_receipt_says_how_long_the_money_lasts(store, campus):
    """The receipt carries the forecast made with the new balance: ¥100.00 at 5 kWh a day lasts 33 days."""
    import io

    from pypdf import PdfReader

    from app.counter import documents
    from db.models import Receipt

    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    add_readings(store, rid, daily(date(2026, 11, 1), date(2026, 11, 15), 500))
    res = payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(10_000),
                            method="cash", key="pay-receipt")
    with store.read() as s:
        assert s.get(Receipt, res.receipt_id).payload["days_left"] == 33
    text = PdfReader(io.BytesIO(documents.receipt_pdf(store, campus.clerk, res.receipt_id))).pages[0].extract_text()
    assert "33 天 days" in text and "Lasts about" in text
    # a room without history: nothing is promised
    live_in(store, campus, "B1-102", campus_time(date(2026, 10, 1)), student="202610001")
    other = payments.recharge(store, campus.clerk, room_id=campus.rooms["B1-102"], utility="electricity",
                              amount=Money(5_000), method="cash", key="pay-receipt-2")
    with store.read() as s:
        assert s.get(Receipt, other.receipt_id).payload["days_left"] is None
    assert "Lasts about" not in PdfReader(io.BytesIO(documents.receipt_pdf(
        store, campus.clerk, other.receipt_id))).pages[0].extract_text()
