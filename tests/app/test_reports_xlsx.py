"""Reports as .xlsx (issue 13, item 6), read back with openpyxl: a sheet per section, the bold frozen
header, money as exact yuan under ¥ #,##0.00, kWh, percentages and dates as Excel dates, the bold
totals row, text that looks like a formula kept as text, the atomic replace; and the month's workbook
(takings by day, method and operator; consumption by building and by room with its rank) on a small
campus with known figures. Every engine installed here is tried (openpyxl always, XlsxWriter when
present)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from app import clock
from app.access import Actor
from app.errors import InvalidInput, PermissionDenied
from app.reports import xlsx
from app.reports.xlsx import Column, Section
from tests.app.test_reports_data import Money_, post_consumption, post_takings
from tests.factories import make_campus

ENGINES = xlsx.available_engines()


def yuan(value) -> Decimal:
    """A money cell as read back, in exact yuan."""
    return Decimal(str(value))


def sample() -> list[Section]:
    at = datetime(2026, 10, 31, 23, 30, tzinfo=clock.CAMPUS_TZ)
    rows = [["=HYPERLINK(\"http://x\")", 123456789, 150000, Decimal("0.953"), date(2026, 10, 5), at],
            ["张三", -1, 5, 0.5, date(2026, 10, 6), None]]
    cols = (Column("名称 Name"), Column("金额 Amount", "money"), Column("电量 kWh", "kwh"),
            Column("比例 Share", "percent"), Column("日期 Date", "date"), Column("时间 Time", "datetime"))
    return [Section("按日收款 Takings by day", cols, rows, ["合计 Total", 123456788, 150005, None, "—", None]),
            Section("Empty [sheet]: no rows", (Column("A"), Column("B", "int")), [])]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_report_is_written_with_formats_a_frozen_header_and_totals(tmp_path, engine):
    path = tmp_path / "report"
    assert xlsx.write_report(path, sample(), engine=engine) == 2
    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    assert wb.sheetnames == ["按日收款 Takings by day", "Empty sheet no rows"]
    ws = wb["按日收款 Takings by day"]
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == ["名称 Name", "金额 Amount", "电量 kWh", "比例 Share", "日期 Date", "时间 Time"]
    assert all(c.font.b for c in ws[1])
    first = ws[2]
    assert first[0].value == "=HYPERLINK(\"http://x\")" and first[0].data_type == "s"     # text, not a formula
    assert yuan(first[1].value) == Decimal("1234567.89") and first[1].number_format == '"¥"#,##0.00'
    assert yuan(first[2].value) == Decimal("1500.00") and first[2].number_format == "#,##0.00"
    assert first[3].value == pytest.approx(0.953) and first[3].number_format == "0.0%"
    assert first[4].value == datetime(2026, 10, 5) and first[4].number_format == "yyyy-mm-dd"
    assert first[5].value == datetime(2026, 10, 31, 23, 30)          # campus wall time
    assert first[5].number_format == "yyyy-mm-dd hh:mm"
    assert yuan(ws["B3"].value) == Decimal("-0.01") and yuan(ws["C3"].value) == Decimal("0.05")
    assert ws["F3"].value is None
    total = ws[4]
    assert total[0].value == "合计 Total" and total[0].font.b
    assert yuan(total[1].value) == Decimal("1234567.88") and total[1].font.b
    assert total[1].number_format == '"¥"#,##0.00' and total[4].value == "—"
    assert ws.max_row == 4
    assert ws.column_dimensions["A"].width >= 12 and ws.column_dimensions["B"].width >= 12
    empty = wb["Empty sheet no rows"]
    assert empty.max_row == 1 and empty["A1"].value == "A"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_file_is_replaced_whole_or_not_at_all(tmp_path, engine):
    path = tmp_path / "r.xlsx"
    xlsx.write_report(path, sample(), engine=engine)
    before = path.read_bytes()
    bad = Section("Bad", (Column("Amount", "money"),), [[1], [1.5]])       # a float is never an amount
    with pytest.raises(TypeError):
        xlsx.write_report(path, [bad], engine=engine)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]            # no temporary left behind
    with pytest.raises(InvalidInput, match="Cannot write"):
        xlsx.write_report(tmp_path / "missing" / "r.xlsx", sample(), engine=engine)


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=2)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_month_report_holds_takings_and_ranked_consumption(store, campus, tmp_path, engine):
    money = Money_(store, campus)
    post_takings(money, campus)
    post_consumption(store, money, campus)
    out = xlsx.month_report(store, campus.clerk, 2026, 10, tmp_path / "2026-10", engine=engine)
    assert out.path == tmp_path / "2026-10.xlsx"
    assert out.rows == 31 + 3 + 2 + 1 + 4            # days, methods, operators, buildings, rooms
    wb = openpyxl.load_workbook(out.path)
    assert wb.sheetnames == ["按日收款 Takings by day", "按方式收款 By method", "按操作员收款 By operator",
                             "按楼栋用量 By building", "按房间用量 By room"]
    days = wb["按日收款 Takings by day"]
    assert days.freeze_panes == "A2" and days.max_row == 33
    day5 = [c.value for c in days[6]]
    assert day5[0] == datetime(2026, 10, 5) and yuan(day5[2]) == Decimal("150.00") and yuan(day5[7]) == Decimal("150")
    last_day = [c.value for c in days[32]]
    assert last_day[0] == datetime(2026, 10, 31) and yuan(last_day[7]) == Decimal("40")   # 23:30 on the 31st
    total = [c.value for c in days[33]]
    assert total[0] == "合计 Total" and total[1] == 4 and yuan(total[2]) == Decimal("220")
    assert yuan(total[4]) == Decimal("20") and yuan(total[6]) == Decimal("-30") and yuan(total[7]) == Decimal("170")
    assert days["H33"].number_format == '"¥"#,##0.00' and days["H33"].font.b
    methods = {r[0]: yuan(r[7]) for r in wb["按方式收款 By method"].iter_rows(min_row=2, values_only=True)}
    assert methods == {"现金 Cash": 80, "微信支付 WeChat Pay": 50, "支付宝 Alipay": 40, "合计 Total": 170}
    operators = {r[0]: yuan(r[7]) for r in wb["按操作员收款 By operator"].iter_rows(min_row=2, values_only=True)}
    assert operators == {"Admin": 20, "王芳": 150, "合计 Total": 170}
    rooms = list(wb["按房间用量 By room"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], yuan(r[3])) for r in rooms[:4]] == [(1, "B1-102", 120), (2, "B1-101", 80),
                                                             (3, "B1-201", 20), (4, "B1-202", 0)]
    # 48.00 + 7.00 charged for electricity (the takings' month has a charge too), 3.00 for water
    assert rooms[1][4] == 796 and yuan(rooms[1][5]) == Decimal("55") and yuan(rooms[1][7]) == Decimal("58")
    assert rooms[4][1] == "合计 Total" and yuan(rooms[4][3]) == Decimal("220")
    assert wb["按房间用量 By room"]["D2"].number_format == "#,##0.00"
    building = list(wb["按楼栋用量 By building"].iter_rows(min_row=2, values_only=True))
    assert building[0][:4] == (1, "B1", "一号楼", 4) and yuan(building[0][8]) == Decimal("58")


def test_the_month_report_needs_the_permission(store, tmp_path):
    with pytest.raises(PermissionDenied):
        xlsx.month_report(store, Actor(id=None, login="guest", role="guest"), 2026, 10, tmp_path / "m.xlsx")
    assert not (tmp_path / "m.xlsx").exists()


def test_every_report_has_its_sheets(store, campus, tmp_path):
    from app.reports import data

    money = Money_(store, campus)
    post_takings(money, campus)
    post_consumption(store, money, campus)
    money.consume(datetime(2026, 10, 1, 9, tzinfo=clock.CAMPUS_TZ), "B1-201", 1234, utility="water")
    first, last = date(2026, 10, 1), date(2026, 10, 31)
    sections = [xlsx.daily_section(data.daily_consumption(store, campus.clerk, first, last)),
                *xlsx.arrears_sections(data.arrears(store, campus.clerk)),
                *xlsx.subsidy_sections(data.subsidies(store, campus.clerk, first, last)),
                *xlsx.line_sections(data.meter_lines(store, campus.clerk, first, last, interval_s=86400)),
                *xlsx.alarm_sections(data.alarms(store, campus.clerk, first, last),
                                     data.malignant_loads(store, campus.clerk, first, last)),
                *xlsx.finding_sections(data.findings(store, campus.clerk, first, last))]
    xlsx.write_report(tmp_path / "all.xlsx", sections)
    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert len(wb.sheetnames) == 11 and all(wb[n].freeze_panes == "A2" for n in wb.sheetnames)
    daily = wb["每日用量 Daily use"]
    assert daily["A21"].value == datetime(2026, 10, 20) and yuan(daily["B21"].value) == Decimal("120")
    assert yuan(daily["B33"].value) == Decimal("220") and daily["A33"].value == "合计 Total"
    arrears = wb["欠费明细 Arrears"]
    assert arrears["A2"].value == "B1-201" and yuan(arrears["C2"].value) == Decimal("-12.34")
    assert arrears["D2"].value == datetime(2026, 10, 1) and arrears["F2"].value == "31–60"   # 46 days on Nov 16
    lines = wb["线路 Meter lines"]
    assert lines["A2"].value == "bus-1" and lines["C2"].value == 8 and lines["J2"].number_format == "0.0%"
