"""A room's daily readings for a disputed bill: readings by campus day, kWh, branches, charges, balance, PDF."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.errors import InvalidInput, NotFound, PermissionDenied
from app.metering import tariffs
from app.metering.billing import ElectricReading
from app.metering.billing_electricity import bill_electricity
from app.metering.daily_readings import daily_readings, daily_readings_pdf, daily_readings_report
from tests.app.test_forecast import campus_time, meter_of

# (campus time, register 0.01 kWh), billed 30 s later; the 23:59:50 reading is billed after midnight
READINGS = [
    (datetime(2026, 11, 12, 22, 0), 10_000),        # billing starts here: nothing charged
    (datetime(2026, 11, 13, 8, 0), 10_500),         # 500 × 0.5883 = 294.15 → 294 fen (remainder 1500)
    (datetime(2026, 11, 13, 23, 59), 11_000),       # 294 (3000)
    (datetime(2026, 11, 14, 0, 30), 11_100),        # 59 (1300)
    (datetime(2026, 11, 14, 23, 59, 50), 11_800),   # 411 (9400), posted at 00:00:20 on the 15th
    (datetime(2026, 11, 15, 12, 0), 12_000),        # 118 (6000)
]


@pytest.fixture
def billed(store):
    from tests.factories import make_campus

    c = make_campus(store)
    rid = c.rooms["B1-101"]
    with clock.use(clock.FixedClock(campus_time(date(2026, 11, 12), 9))):
        occupancy.check_in(store, c.clerk, c.students["202610000"], rid, at=campus_time(date(2026, 10, 1)))
        shifts.open_shift(store, c.clerk, Money(0))
        tariffs.set_price(store, c.admin, "electricity", 5883, date(2026, 9, 1))
        payments.recharge(store, c.clerk, room_id=rid, utility="electricity", amount=Money(5000), method="cash",
                          key="pay-1")
    mid = meter_of(store, rid)
    for local, reg in READINGS:
        at = local.replace(tzinfo=clock.CAMPUS_TZ)
        with clock.use(clock.FixedClock(at + timedelta(seconds=30))), store.write() as s:
            bill_electricity(s, ElectricReading(mid, at, reg, (reg // 4, reg // 2, reg - reg // 4 - reg // 2),
                                                0, 0, 0, 0))
    return c, rid


def text(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", " ")


def test_days_readings_use_charges_and_balances(store, billed):
    c, rid = billed
    rows = daily_readings(store, c.clerk, rid, date(2026, 11, 12), date(2026, 11, 16))
    got = [(r.day.day, r.first_cwh, r.last_cwh, r.readings, r.use_cwh, r.branch_use_cwh, r.charged_fen,
            r.balance_end_fen) for r in rows]
    assert got == [
        (12, 10_000, 10_000, 1, 0, (0, 0, 0), 0, 5000),
        (13, 10_500, 11_000, 2, 1000, (250, 500, 250), 588, 4412),
        (14, 11_100, 11_800, 2, 800, (200, 400, 200), 470, 3942),      # 23:59:50 is the 14th, money too
        (15, 12_000, 12_000, 1, 200, (50, 100, 50), 118, 3824),
        (16, None, None, 0, 0, (0, 0, 0), 0, 3824),
    ]
    r = daily_readings_report(store, c.clerk, rid, date(2026, 11, 14), date(2026, 11, 15))
    assert (r.opening_balance_fen, r.total_use_cwh, r.total_charged_fen, r.closing_balance_fen) == (4412, 1000, 588, 3824)
    assert (r.room_code, r.total_branch_use_cwh) == ("B1-101", (250, 500, 250))


def test_the_pdf_shows_the_days_the_kwh_and_exact_totals(store, billed):
    c, rid = billed
    pdf = daily_readings_pdf(store, c.clerk, rid, date(2026, 11, 12), date(2026, 11, 16))
    t = text(pdf)
    assert pdf.startswith(b"%PDF")
    for expected in ("每日抄表明细", "Daily meter readings", "B1-101", "2026-11-12 – 2026-11-16",
                     "2026-11-13", "2026-11-14", "2026-11-15", "105.00", "110.00", "118.00", "10.00", "8.00",
                     "20.00 kWh", "¥11.76", "¥50.00", "¥38.24", "2026-11-16 10:"):
        assert expected in t, expected


def test_bad_requests_change_nothing_and_say_why(store, billed):
    c, rid = billed
    with pytest.raises(InvalidInput, match="ends before it starts"):
        daily_readings(store, c.clerk, rid, date(2026, 11, 15), date(2026, 11, 14))
    with pytest.raises(InvalidInput, match="after today"):
        daily_readings(store, c.clerk, rid, date(2026, 11, 15), date(2026, 11, 17))
    with pytest.raises(InvalidInput, match="at most 366 days"):
        daily_readings(store, c.clerk, rid, date(2025, 1, 1), date(2026, 11, 1))
    with pytest.raises(NotFound):
        daily_readings(store, c.clerk, 99_999, date(2026, 11, 14), date(2026, 11, 15))
    from app.access import Actor
    with pytest.raises(PermissionDenied):
        daily_readings(store, Actor(id=None, login="x", role="nobody"), rid, date(2026, 11, 14), date(2026, 11, 15))
