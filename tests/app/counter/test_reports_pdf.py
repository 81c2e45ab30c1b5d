"""Shift reports, day closes and settlement statements, read back from the PDF with pypdf."""
from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from app.counter.report_data import DayCloseReport, MethodTotal, SettlementStatement, ShiftReport
from app.counter.reports_pdf import render_day_close, render_settlement, render_shift_report

SCHOOL = "华东理工示范大学 East China Demo University"


def shift(**changes) -> ShiftReport:
    base = ShiftReport(
        school=SCHOOL, shift_id=17, operator_name="王晓明",
        opened_at=datetime(2025, 3, 1, 0, 30, tzinfo=UTC), closed_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
        float_fen=500_00,
        totals=[("现金 Cash", 12, 3456_00, 50_05), ("微信支付 WeChat Pay", 30, 12000_00, 0),
                ("校园卡 Campus card", 5, 250_00, 0)],
        expected_cash_fen=500_00 + 3456_00 - 50_05, counted_cash_fen=500_00 + 3456_00 - 50_05 - 12_30,
        difference_fen=-12_30, first_receipt=101, last_receipt=147)
    return replace(base, **changes)


def day_close(shifts: int = 2) -> DayCloseReport:
    first = shift()
    second = shift(shift_id=18, operator_name="李娜", opened_at=datetime(2025, 3, 1, 9, 0, tzinfo=UTC),
                   closed_at=datetime(2025, 3, 1, 13, 0, tzinfo=UTC), totals=[("现金 Cash", 3, 300_00, 0)],
                   expected_cash_fen=800_00, counted_cash_fen=805_00, difference_fen=5_00,
                   first_receipt=148, last_receipt=150)
    summaries = [first.summary(), second.summary()] * (shifts // 2)
    return DayCloseReport(
        school=SCHOOL, number=42, business_date=date(2025, 3, 1),
        closed_at=datetime(2025, 3, 1, 14, 0, tzinfo=UTC),
        operator_name="张主任", shifts=summaries,
        totals=[("现金 Cash", 15, 3756_00, 50_05), ("微信支付 WeChat Pay", 30, 12000_00, 0),
                ("校园卡 Campus card", 5, 250_00, 0)],
        first_receipt=101, last_receipt=150)


def settlement(**changes) -> SettlementStatement:
    base = SettlementStatement(
        school="华东理工示范大学", student_name="欧阳娜娜", student_no="2023001234", building_name="梅园3栋",
        room_code="301", policy_label="按人均分摊 Shared equally", period_from=date(2024, 9, 1),
        period_to=date(2025, 1, 15),
        lines=[("期初 Opening", "上期结余 Balance brought forward", 12_00),
               (date(2024, 9, 3), "电费充值 Electricity top-up", 100_00),
               (date(2024, 12, 31), "宿舍用电分摊（4人）Room electricity share", -119_48)],
        paid_in_fen=112_00, share_fen=119_48, refundable_fen=-7_48,
        notes="学生已于2025年1月15日退宿。", operator_name="王晓明",
        issued_at=datetime(2025, 1, 15, 3, 0, tzinfo=UTC))
    return replace(base, **changes)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def flat(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in read(pdf).pages).replace("\n", "")


def assert_a4_and_embedded(pdf: bytes) -> None:
    for page in read(pdf).pages:
        assert abs(float(page.mediabox.width) / mm - A4[0] / mm) <= 0.5
        assert abs(float(page.mediabox.height) / mm - A4[1] / mm) <= 0.5
        fonts = {str(f.get_object()["/BaseFont"]): f.get_object()
                 for f in page["/Resources"]["/Font"].values()}
        assert any(name.endswith("+DroidSansFallback") for name in fonts), sorted(fonts)
        for name, font in fonts.items():
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), f"{name} is not embedded"


def test_shift_report_shows_totals_by_method_and_the_cash_difference():
    pdf = render_shift_report(shift())
    text = flat(pdf)
    for expected in ("华东理工示范大学", "交班报表", "Shift report", "#17", "王晓明", "2025-03-01 08:30:00",
                     "2025-03-01 17:00:00", "00000101 – 00000147",
                     "现金 Cash", "微信支付 WeChat Pay", "校园卡 Campus card",
                     "¥3,456.00", "¥3,405.95", "¥12,000.00",          # a method's in and net
                     "¥15,706.00", "¥50.05", "¥15,655.95",           # totals: in, out, net
                     "¥500.00", "¥3,905.95", "¥3,893.65",            # float, expected, counted
                     "短款", "-¥12.30"):
        assert expected in text, expected
    assert "长款" not in text
    assert_a4_and_embedded(pdf)


@pytest.mark.parametrize(("difference", "label", "shown"), [(5_00, "长款", "+¥5.00"), (0, "相符", "¥0.00")])
def test_shift_report_names_an_overage_or_a_balance(difference, label, shown):
    report = shift(counted_cash_fen=shift().expected_cash_fen + difference, difference_fen=difference)
    text = flat(render_shift_report(report))
    assert label in text and shown in text


def test_shift_without_transactions_says_so():
    report = shift(totals=[], expected_cash_fen=500_00, counted_cash_fen=500_00, difference_fen=0,
                   first_receipt=None, last_receipt=None)
    text = flat(render_shift_report(report))
    assert "无 None" in text and "¥500.00" in text


def test_shift_report_refuses_a_difference_that_does_not_add_up():
    with pytest.raises(ValueError, match="difference"):
        shift(difference_fen=-12_00)
    with pytest.raises(ValueError):
        shift(closed_at=datetime(2025, 2, 28, tzinfo=UTC))
    with pytest.raises(ValueError):
        shift(opened_at=datetime(2025, 3, 1, 8, 30))
    with pytest.raises(TypeError):
        shift(float_fen=500.0)
    with pytest.raises(ValueError):
        shift(totals=[("现金 Cash", 1, -5, 0)])


def test_day_close_number_is_prominent_and_totals_add_up():
    pdf = render_day_close(day_close())
    text = flat(pdf)
    for expected in ("日结报表", "Day close", "No. 000042", "2025-03-01", "张主任", "#17", "#18", "李娜",
                     "¥16,006.00", "¥15,955.95", "壹万伍仟玖佰伍拾伍元玖角伍分",
                     "-¥7.30",                                        # −12.30 + 5.00
                     "00000101 – 00000150"):
        assert expected in text, expected

    sizes: list[float] = []

    def visit(piece, cm, tm, font, size):
        if "000042" in piece:
            sizes.append(size * tm[0])

    read(pdf).pages[0].extract_text(visitor_text=visit)
    assert max(sizes) >= 20, "the day-close number is printed large"
    assert_a4_and_embedded(pdf)


def test_a_long_day_close_runs_over_pages_with_the_number_on_each():
    pdf = render_day_close(day_close(shifts=60))
    pages = read(pdf).pages
    assert len(pages) >= 2
    for n, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert "000042" in text and f"Page {n}" in text
    assert "壹万伍仟玖佰伍拾伍元玖角伍分" in flat(pdf)
    assert_a4_and_embedded(pdf)


def test_day_close_grand_totals_come_from_its_parts():
    report = day_close()
    assert report.total_in_fen == 16006_00
    assert report.total_out_fen == 50_05
    assert report.net_fen == 15955_95
    assert report.total_count == 50
    assert report.total_difference_fen == -7_30


def test_settlement_shows_lines_share_and_what_is_due():
    pdf = render_settlement(settlement())
    text = flat(pdf)
    for expected in ("结算单", "欧阳娜娜 (2023001234)", "梅园3栋 301", "按人均分摊 Shared equally",
                     "2024-09-01 – 2025-01-15", "期初 Opening", "2024-12-31", "-¥119.48", "+¥100.00",
                     "¥112.00", "¥119.48", "应补缴", "¥7.48", "柒元肆角捌分", "学生已于2025年1月15日退宿。",
                     "学生签字", "2025-01-15 11:00:00"):
        assert expected in text, expected
    assert "应退金额" not in text
    assert_a4_and_embedded(pdf)


def test_settlement_with_money_to_refund():
    text = flat(render_settlement(settlement(paid_in_fen=500_00, share_fen=119_48, refundable_fen=380_52)))
    assert "应退金额" in text and "¥380.52" in text and "叁佰捌拾元伍角贰分" in text
    assert "应补缴" not in text


def test_settlement_refuses_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        settlement(period_to=date(2024, 8, 31))


@pytest.mark.parametrize("make", [shift, day_close, settlement])
def test_reports_survive_a_json_round_trip_and_print_the_same(make):
    report = make()
    again = type(report).from_payload(json.loads(json.dumps(report.to_payload())))
    assert again == report
    render = {ShiftReport: render_shift_report, DayCloseReport: render_day_close,
              SettlementStatement: render_settlement}[type(report)]
    assert render(again) == render(report)


def test_method_totals_accept_plain_tuples():
    report = shift()
    assert all(isinstance(t, MethodTotal) for t in report.totals)
    assert report.totals[0].net_fen == 3405_95
    assert report.total_count == 47
