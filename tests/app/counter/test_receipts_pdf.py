"""Receipts and refund slips: what a student reads on the paper, read back from the PDF with pypdf."""
from __future__ import annotations

import io
import json
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm

from app.counter import pdf_fonts
from app.counter.receipts_pdf import render_receipt, render_test_page
from app.counter.report_data import ReceiptData


def receipt(**changes) -> ReceiptData:
    base = ReceiptData(
        school="华东理工示范大学", number=1234, kind="recharge", utility="electricity",
        building_name="梅园3栋", room_code="301", student_name="欧阳娜娜", student_no="2023001234",
        amount_fen=123450, method_label="微信支付 WeChat Pay", reference="4200001234202503011234567890",
        operator_name="王老师", at=datetime(2025, 3, 1, 6, 5, 33, tzinfo=UTC), balance_after_fen=201075)
    return replace(base, **changes)


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(pdf).pages)


def flat(pdf: bytes) -> str:
    """The text with line breaks removed, so wrapped values read whole."""
    return text_of(pdf).replace("\n", "")


def fonts_on(page) -> dict[str, object]:
    fonts = page["/Resources"]["/Font"]
    return {str(f.get_object()["/BaseFont"]): f.get_object() for f in fonts.values()}


def assert_fonts_embedded(pdf: bytes) -> None:
    for page in read(pdf).pages:
        fonts = fonts_on(page)
        cjk = [name for name in fonts if name.endswith("+DroidSansFallback")]
        assert cjk, f"no CJK font on the page: {sorted(fonts)}"
        for name, font in fonts.items():
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{name} is not embedded"


def size_mm(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = read(pdf).pages[page].mediabox
    return float(box.width) / mm, float(box.height) / mm


def test_recharge_receipt_on_a_roll_shows_what_was_paid():
    pdf = render_receipt(receipt())
    text = text_of(pdf)
    for expected in ("华东理工示范大学", "收款收据", "Receipt", "00001234", "梅园3栋 301", "欧阳娜娜 (2023001234)",
                     "电费充值", "微信支付 WeChat Pay", "4200001234202503011234567890", "¥1,234.50",
                     "壹仟贰佰叁拾肆元伍角整", "¥2,010.75", "王老师", "2025-03-01 14:05:33"):
        assert expected in flat(pdf), expected
    assert "副本" not in text and "copy" not in text.lower()
    assert "领款人" not in text
    width, height = size_mm(pdf)
    assert abs(width - 80) <= 0.5
    assert 80 < height < 200, "a roll is cut to its content"
    assert len(read(pdf).pages) == 1


def test_time_is_printed_in_shanghai_whatever_zone_it_comes_in():
    new_york = timezone(timedelta(hours=-5))
    pdf = render_receipt(receipt(at=datetime(2025, 1, 31, 11, 0, 0, tzinfo=new_york)))
    assert "2025-02-01 00:00:00" in text_of(pdf)


def test_refund_slip_has_its_title_amount_and_a_line_to_sign():
    pdf = render_receipt(receipt(kind="refund", utility="water", amount_fen=5005, reference=None,
                                 method_label="现金 Cash", balance_after_fen=0))
    text = flat(pdf)
    for expected in ("退款凭证", "Refund slip", "水费退款", "¥50.05", "伍拾元零伍分", "领款人签字", "Received by",
                     "¥0.00", "00001234"):
        assert expected in text, expected
    assert "收款收据" not in text


@pytest.mark.parametrize("paper", ["80mm", "58mm", "A5"])
def test_a_reprint_says_copy_at_the_top_and_in_the_text(paper):
    original = render_receipt(receipt(), paper)
    copy = render_receipt(receipt(copy=True), paper)
    text = text_of(copy)
    assert text.count("副本") >= 2 and text.count("COPY") >= 2
    assert "副本" not in text_of(original) and "copy" not in text_of(original).lower()
    # Everything else is still there.
    assert "壹仟贰佰叁拾肆元伍角整" in flat(copy) and "欧阳娜娜" in text and "00001234" in text

    # The big mark is the topmost text of the page (above the school's name).
    heights: dict[str, float] = {}

    def visit(piece, cm, tm, font, size):
        y = tm[5] * cm[3] + cm[5]
        if piece.strip() and cm[1] == 0:            # skip the rotated watermark
            heights[piece.strip()] = max(heights.get(piece.strip(), -1e9), y)

    read(copy).pages[0].extract_text(visitor_text=visit)
    top = max(heights, key=heights.get)
    assert "副本" in top or "COPY" in top, top
    assert heights[top] > heights["华东理工示范大学"]


def test_a5_sheet_is_a5_portrait_with_the_same_content():
    pdf = render_receipt(receipt(), "A5")
    width, height = size_mm(pdf)
    assert abs(width - A5[0] / mm) <= 0.5 and abs(height - A5[1] / mm) <= 0.5
    assert height > width
    text = flat(pdf)
    for expected in ("华东理工示范大学", "欧阳娜娜", "梅园3栋 301", "00001234", "¥1,234.50", "壹仟贰佰叁拾肆元伍角整"):
        assert expected in text, expected


@pytest.mark.parametrize("paper", ["80mm", "58mm", "A5"])
def test_fonts_are_embedded(paper):
    assert_fonts_embedded(render_receipt(receipt(kind="refund", copy=True), paper))


@pytest.mark.parametrize(("fen", "figures", "words"), [
    (5, "¥0.05", "伍分"),
    (100, "¥1.00", "壹元整"),
    (1000_00, "¥1,000.00", "壹仟元整"),
    (999_999_999_999, "¥9,999,999,999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
])
def test_amounts_small_and_large_are_printed_whole(fen, figures, words):
    pdf = render_receipt(receipt(amount_fen=fen))
    assert figures in flat(pdf) and words in flat(pdf)
    assert abs(size_mm(pdf)[0] - 80) <= 0.5


def lines_on(pdf: bytes) -> list[tuple[float, float, float]]:
    """(left x, right x, baseline y) of every line of text on the first page, measured with the fonts
    it is set in (pypdf gives each run of a line at the line's start)."""
    runs: dict[tuple[float, float], float] = {}

    def visit(piece, cm, tm, font, size):
        if not piece or font is None or cm[1] != 0:        # the rotated watermark of a sheet: not a line
            return
        bold = "Bold" in str(font.get("/BaseFont"))
        at = (round(tm[4] * cm[0] + cm[4], 2), round(tm[5] * cm[3] + cm[5], 2))
        runs[at] = runs.get(at, 0.0) + pdf_fonts.text_width(piece, size * tm[0] * cm[0], bold)

    read(pdf).pages[0].extract_text(visitor_text=visit)
    return [(x, x + w, y) for (x, y), w in runs.items()]


def assert_inside(pdf: bytes, width_mm: float, printable_mm: float) -> None:
    side = (width_mm - printable_mm) / 2 * mm
    for left, right, y in lines_on(pdf):
        assert left >= side - 0.5 and right <= width_mm * mm - side + 0.5, \
            f"a line at y={y:.0f} runs from {left / mm:.1f} to {right / mm:.1f} mm"


def test_a_58mm_roll_has_the_same_facts_within_its_48mm():
    pdf = render_receipt(receipt(days_left=33), "58mm")
    assert flat(pdf).replace(" ", "") == flat(render_receipt(receipt(days_left=33))).replace(" ", "")
    width, height = size_mm(pdf)
    assert abs(width - 58) <= 0.5 and 80 < height < 260 and len(read(pdf).pages) == 1
    assert_inside(pdf, 58, 48)
    assert any("¥1,234.50" in line for line in text_of(pdf).splitlines())


@pytest.mark.parametrize("paper", ["80mm", "58mm"])
def test_nothing_runs_off_a_roll_however_long_the_values(paper):
    long_school = "新疆维吾尔自治区示范高等专科学校东校区学生公寓管理服务中心 Student Housing Service Centre, East Campus"
    pdf = render_receipt(receipt(school=long_school, student_name="阿卜杜热合曼·买买提艾力·艾克拜尔",
                                 method_label="银联云闪付 UnionPay QuickPass (counter terminal 3)",
                                 amount_fen=999_999_999_999, training=True, copy=True), paper)
    width, printable = (80, 72) if paper == "80mm" else (58, 48)
    assert_inside(pdf, width, printable)
    lines = text_of(pdf).splitlines()
    assert any("¥9,999,999,999.99" in line for line in lines), "the amount shrinks to stay on one line"
    assert "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" in flat(pdf)


@pytest.mark.parametrize("paper", ["80mm", "58mm", "A5"])
def test_a_training_receipt_says_so_in_a_box_at_the_top_and_at_the_foot(paper):
    pdf = render_receipt(receipt(training=True), paper)
    text = text_of(pdf)
    squeezed = flat(pdf).replace(" ", "")
    assert text.count("培训") >= 3 and text.count("TRAINING") >= 3        # the box, a line at the top, one at the foot
    assert squeezed.count("非正式收据notarealreceipt") == 2
    assert "欧阳娜娜" in text and "壹仟贰佰叁拾肆元伍角整" in squeezed        # still the whole receipt
    heights: dict[str, float] = {}

    def visit(piece, cm, tm, font, size):
        if piece.strip() and cm[1] == 0:
            heights[piece.strip()] = max(heights.get(piece.strip(), -1e9), tm[5] * cm[3] + cm[5])

    read(pdf).pages[0].extract_text(visitor_text=visit)
    top = max(heights, key=heights.get)
    assert top in ("培训", "TRAINING"), top
    assert heights[top] > heights["华东理工示范大学"]
    assert "培训" not in text_of(render_receipt(receipt(), paper))


def test_training_survives_the_payload_round_trip():
    data = receipt(training=True)
    assert ReceiptData.from_payload(json.loads(json.dumps(data.to_payload()))) == data
    old = {k: v for k, v in data.to_payload().items() if k != "training"}       # stored before the flag
    assert ReceiptData.from_payload(old).training is False


@pytest.mark.parametrize(("paper", "width"), [("80mm", 80), ("58mm", 58), ("A5", A5[0] / mm)])
def test_the_printer_test_page_shows_chinese_the_yen_and_its_frame(paper, width):
    pdf = render_test_page(paper, mode="ESC/POS")
    text = flat(pdf)
    for expected in ("打印测试页", "收款收据", "¥1,234.50", "壹仟贰佰叁拾肆元伍角整", paper, "ESC/POS"):
        assert expected in text, expected
    assert abs(size_mm(pdf)[0] - width) <= 0.5
    assert_fonts_embedded(pdf)


def test_long_names_wrap_and_the_roll_grows():
    long_school = "新疆维吾尔自治区示范高等专科学校东校区学生公寓管理服务中心 Student Housing Service Centre, East Campus"
    long_name = "阿卜杜热合曼·买买提艾力·艾克拜尔"
    short = render_receipt(receipt())
    long = render_receipt(receipt(school=long_school, student_name=long_name, building_name="东校区第十二学生公寓B座"))
    text = flat(long)
    assert long_name in text
    assert long_school.replace(" ", "") in text.replace(" ", "")
    assert size_mm(long)[1] > size_mm(short)[1]


def test_wrapped_lines_fit_the_width():
    text = "宿舍用电分摊 Room electricity share for a very long period 2024-09-01 to 2025-01-15 共计812.4度"
    for width in (60, 120, 200):
        lines = pdf_fonts.wrap(text, 9, width)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert all(pdf_fonts.text_width(line, 9) <= width for line in lines)


def test_same_receipt_renders_to_the_same_bytes_after_a_payload_round_trip():
    data = receipt()
    stored = json.loads(json.dumps(data.to_payload()))
    again = ReceiptData.from_payload(stored)
    assert again == data
    assert render_receipt(again.as_copy()) == render_receipt(data.as_copy())


def test_unknown_paper_is_refused():
    with pytest.raises(ValueError, match="paper"):
        render_receipt(receipt(), "letter")


@pytest.mark.parametrize(("changes", "error"), [
    ({"kind": "gift"}, ValueError),
    ({"utility": "gas"}, ValueError),
    ({"amount_fen": 0}, ValueError),
    ({"amount_fen": -500}, ValueError),
    ({"amount_fen": 12.5}, TypeError),
    ({"balance_after_fen": 1.0}, TypeError),
    ({"number": 0}, ValueError),
    ({"at": datetime(2025, 3, 1, 14, 5)}, ValueError),
])
def test_what_must_never_be_printed_is_refused(changes, error):
    with pytest.raises(error):
        receipt(**changes)


def test_receipts_render_in_parallel_threads():
    def one(n: int) -> str:
        return flat(render_receipt(receipt(number=n, student_name=f"学生{n}号")))

    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(one, range(1, 41)))
    for n, text in enumerate(texts, start=1):
        assert f"{n:08d}" in text and f"学生{n}号" in text


def test_rendering_is_fast_enough_for_the_counter():
    render_receipt(receipt())                      # fonts registered
    count = 50
    start = time.perf_counter()
    for n in range(1, count + 1):
        render_receipt(receipt(number=n, copy=n % 2 == 0))
    per_receipt = (time.perf_counter() - start) / count
    # About 5 ms on a laptop; the bound leaves room for a slow CI machine.
    assert per_receipt < 0.05, f"{per_receipt * 1000:.1f} ms per receipt"
