"""The Reports page: the month's takings shown as tables whose totals are the ledger's, with their daily
chart; consumption with the campus's daily bars and a building's heat map; the report saved as .xlsx
with the sections shown, and the month's report written."""
from __future__ import annotations

import os
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from admin_pages import open_page
from pypdf import PdfReader

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from db.models import ElectricityMeter, ElectricityReading
from tests.factories import make_campus
from ui import i18n
from ui.admin.reports_page import ReportsPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=0)
    with store.write() as s:
        for rid in c.rooms.values():
            occupancy.ensure_accounts(s, rid)
    shifts.open_shift(store, c.clerk, Money(0))
    for i, (room, fen) in enumerate((("B1-101", 5000), ("B1-102", 2000), ("B1-201", 1250))):
        payments.recharge(store, c.clerk, room_id=c.rooms[room], utility="electricity", amount=Money(fen),
                          method="cash", key=f"r{i}")
    with store.write() as s:          # two days of readings: B1-101 uses 3 kWh a day, B1-201 1 kWh
        meters = {m.room_id: m.id for m in s.query(ElectricityMeter)}
        for day in range(10, 13):
            at = datetime(2026, 11, day, 23, 0, tzinfo=clock.CAMPUS_TZ)
            for room, per_day in (("B1-101", 300), ("B1-201", 100)):
                v = per_day * (day - 10)
                s.add(ElectricityReading(meter_id=meters[c.rooms[room]], taken_at=at, incoming_cwh=v,
                                         branch0_cwh=v, branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=0,
                                         purchase_count=1, status=0))
    return c


def _page(qtbot, store, actor) -> ReportsPage:
    return open_page(qtbot, ReportsPage, store, actor)


def _show(qtbot, page, report, first=date(2026, 11, 1), last=date(2026, 11, 16)) -> None:
    page.choose(report, first, last)
    with qtbot.waitSignal(page.shown, timeout=30000):
        page.show_button.click()


def _table(page, title):
    for i in range(page.tables.count()):
        if page.tables.tabText(i) == title:
            return page.tables.widget(i).model()
    raise AssertionError([page.tables.tabText(i) for i in range(page.tables.count())])


def test_the_months_takings_are_shown_charted_and_saved(qtbot, store, campus, tmp_path):
    page = _page(qtbot, store, campus.clerk)
    _show(qtbot, page, "takings")
    by_day = _table(page, "Takings by day")
    assert by_day.rowCount() == 17                           # 16 days and the totals
    last = by_day.rowCount() - 1
    assert by_day.text(last, 0) == "Total" and by_day.text(last, 2) == "¥82.50"
    assert by_day.text(15, 0) == "2026-11-16" and by_day.text(15, 1) == "3"
    assert _table(page, "By operator").text(0, 0) == "王芳"
    assert page.chart.isVisible() and [v for _d, v in page.series][-1] == 8250
    out = tmp_path / "takings.xlsx"
    with qtbot.waitSignal(page.saved, timeout=30000):
        page.export(out)
    wb = openpyxl.load_workbook(out)
    assert len(wb.sheetnames) == 4
    ws = wb[wb.sheetnames[0]]
    assert ws.freeze_panes == "A2" and ws.cell(row=18, column=3).value == 82.5
    month = tmp_path / "month.xlsx"
    with qtbot.waitSignal(page.saved, timeout=30000):
        page.save_month(month)
    assert len(openpyxl.load_workbook(month).sheetnames) == 5
    printed = tmp_path / "takings"                           # saved as the printer would get it
    with qtbot.waitSignal(page.saved, timeout=30000):
        page.save_pdf(printed)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "takings.pdf").pages).replace("\n", " ")
    assert "按日收款 Takings by day" in text and "2026-11-16" in text and "¥82.50" in text and "王芳" in text
    assert "2026-11-01 – 2026-11-16" in text


def test_consumption_ranks_rooms_and_draws_the_heat_map(qtbot, store, campus):
    page = _page(qtbot, store, campus.clerk)
    _show(qtbot, page, "consumption")
    rooms = _table(page, "By room")
    assert [rooms.text(i, 1) for i in range(2)] == ["B1-101", "B1-201"]
    assert rooms.text(0, 3) == "6.00" and rooms.text(1, 3) == "2.00"
    qtbot.waitUntil(lambda: page.heat.grid is not None, timeout=20000)
    values = page.heat.values()
    assert values.shape == (2, 2) and values[0][0] == 6.0 and values[1][0] == 2.0


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_reports_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("reports")
        qtbot.waitSignal(page.loaded, timeout=10000).wait()
        _show(qtbot, page, "consumption", date(2026, 11, 1), date(2026, 11, 16) - timedelta(days=0))
        qtbot.waitUntil(lambda: page.heat.grid is not None, timeout=20000)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            qtbot.wait(50)
            window.grab().save(os.path.join(FOLDER, f"reports-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
