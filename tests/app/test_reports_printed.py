"""Reports on paper (issue 13, item 6): the sections the screen and the workbook get, as A4 pages whose
text reads back — headers on every page, numbers as the screen shows them, the totals, a wide section
turned to landscape, a cell too long cut with an ellipsis, and a long ranking spread over pages."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4

from app import clock
from app.reports import pdf
from app.reports.xlsx import TOTAL, Column, Section, display

PRINTED = datetime(2026, 11, 30, 18, 5, tzinfo=clock.CAMPUS_TZ)


def _pages(data: bytes) -> list:
    return PdfReader(io.BytesIO(data)).pages


def _text(page) -> str:
    return page.extract_text().replace("\n", " ")


def test_display_is_what_the_screen_and_the_paper_show():
    assert display("money", 123450) == "¥1,234.50" and display("money", -5) == "-¥0.05"
    assert display("kwh", 123456) == "1,234.56" and display("percent", 0.953) == "95.3 %"
    assert display("int", 1234567) == "1,234,567" and display("date", date(2026, 11, 3)) == "2026-11-03"
    assert display("datetime", datetime(2026, 11, 3, 0, 30, tzinfo=clock.UTC)) == "2026-11-03 08:30"
    assert display("money", None) == "" and display("money", TOTAL, label_ok=True) == TOTAL
    with pytest.raises(TypeError):
        display("money", 12.5)                 # never a float as money


def test_a_ranking_of_600_rooms_is_paged_with_its_headers_and_totals():
    rooms = Section("按房间用量 By room", (Column("排名 Rank", "int"), Column("房间 Room"), Column("电量 kWh", "kwh"),
                                          Column("电费 Electricity", "money")),
                    [[i + 1, f"B{i // 100 + 1}-{i % 100 + 101}", 60000 - i * 7, 36000 - i * 4] for i in range(600)],
                    ["", TOTAL, sum(60000 - i * 7 for i in range(600)), sum(36000 - i * 4 for i in range(600))])
    out = pdf.render([rooms], title="用量 Consumption", period="2026-11-01 – 2026-11-30", school="示范大学",
                     printed_at=PRINTED)
    pages = _pages(out)
    assert 10 <= len(pages) <= 20
    first, last = _text(pages[0]), _text(pages[-1])
    assert "示范大学" in first and "2026-11-01 – 2026-11-30" in first and "Printed 2026-11-30 18:05" in first
    assert "B1-101" in first and "600.00" in first and "¥360.00" in first and "Page 1" in first
    for page in pages[1:]:                     # the headers again on every page (Chinese above English)
        assert all(word in _text(page) for word in ("排名", "房间", "Room", "kWh", "(continued)"))
    assert "合计 Total" in last and "B6-200" in last and f"Page {len(pages)}" in last
    assert "¥" + f"{sum(36000 - i * 4 for i in range(600)) / 100:,.2f}" in last
    assert all(float(p.mediabox.width) == pytest.approx(A4[0], abs=1) for p in pages)


def test_a_wide_section_turns_to_landscape_and_a_long_cell_is_cut():
    columns = tuple(Column(f"第{i}列 Column {i}", "money") for i in range(14))
    wide = Section("宽表 Wide", (Column("说明 Memo"), *columns),
                   [["很长的说明" * 30, *[123456789 + i for i in range(14)]]])
    narrow = Section("窄表 Narrow", (Column("项目 Item"), Column("金额 Amount", "money")), [["押金", 5000]])
    pages = _pages(pdf.render([narrow, wide], title="T", period="P", printed_at=PRINTED))
    assert len(pages) == 2
    assert float(pages[0].mediabox.width) == pytest.approx(A4[0], abs=1)       # portrait for the narrow one
    assert float(pages[1].mediabox.width) == pytest.approx(A4[1], abs=1)       # landscape for the wide one
    text = _text(pages[1])
    assert "¥1,234,567.89" in text and "…" in text and "很长的说明" * 30 not in text


def test_an_empty_section_says_none():
    text = _text(_pages(pdf.render([Section("欠费 Arrears", (Column("房间 Room"),), [])], title="T", period="P",
                                   printed_at=PRINTED))[0])
    assert "欠费 Arrears" in text and "(none)" in text
