"""Settlement statements are drawn straight on the canvas (a class's 300 in about a second) and still
look exactly as the platypus house layout sets them: the same text at the same places, the same rules
and shading, the same page breaks and footers."""
from __future__ import annotations

import io
import re
import time
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from app.counter import pdf_fonts, reports_pdf
from app.counter.capital_numerals import capital_amount
from app.counter.money import Money
from app.counter.reports_pdf import SettlementPage, render_settlement, render_settlements
from tests.app.counter.test_reports_pdf import settlement

P = reports_pdf


def platypus_statement(page: SettlementPage) -> bytes:
    """The statement as platypus set it before it was drawn on the canvas, from the shared blocks."""
    s, paid_out_fen, collected_fen, owed_fen = page
    student = s.student_name + (f" ({s.student_no})" if s.student_no else "")
    meta = [("学生", "Student", student), ("房间", "Room", f"{s.building_name} {s.room_code}"),
            ("结算方式", "Policy", s.policy_label),
            ("结算期间", "Period", f"{P.day_text(s.period_from)} – {P.day_text(s.period_to)}")]
    if s.operator_name:
        meta.append(("经办人", "Operator", s.operator_name))
    if s.issued_at is not None:
        meta.append(("出具时间", "Issued", P.local_time_text(s.issued_at)))
    story = P.title_block(s.school, "结算单", "Settlement statement", "")
    story += [P.meta_table(meta), P.section("明细", "Details")]
    rows = [[P.day_text(line.when) if isinstance(line.when, date) else line.when, line.description,
             P.money_text(line.amount_fen, signed=True)] for line in s.lines]
    story.append(P.ruled_table([("日期", "Date"), ("摘要", "Description"), ("金额", "Amount")], rows,
                               [0.2, 0.58, 0.22], numeric_from=2))
    settle = ("应补缴", "Amount due") if s.refundable_fen < 0 else ("应退金额", "Refundable")
    outcome = [(*settle, P.money_text(abs(s.refundable_fen))),
               ("大写", "In words", capital_amount(Money(abs(s.refundable_fen))))]
    if paid_out_fen is not None:
        outcome = [("退还学生", "Paid out", P.money_text(paid_out_fen)),
                   ("大写", "In words", capital_amount(Money(paid_out_fen)))]
        if collected_fen:
            outcome.append(("本次收回欠款", "Debt collected now", P.money_text(collected_fen)))
        if owed_fen:
            outcome.append(("尚欠", "Still owed", P.money_text(owed_fen)))
    story += [P.section("结算", "Settlement"),
              P.key_values([("已缴金额", "Paid in", P.money_text(s.paid_in_fen)),
                            ("应分摊", "Share", P.money_text(s.share_fen)), *outcome], emphasise_last=False)]
    if s.notes:
        story += [P.section("备注", "Notes"), P.paragraph(s.notes, 9)]
    story.append(P._signatures([("学生签字", "Student"), ("经办人", "Operator")]))
    return P.build_a4(story, f"结算单 Settlement statement {s.student_name}", s.school)


def _mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def texts(page) -> list[tuple[str, float, float, float]]:
    """Each piece of text with its place on the page and its size."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = _mul(tm, cm)
            out.append((text.strip(), m[4], m[5], size * tm[0]))
    page.extract_text(visitor_text=visit)
    return out


def strokes_and_fills(page, reader) -> list[tuple]:
    """Every line stroked, rectangle filled and text shown: (operator, line width, colour, page coordinates)."""
    black = (0.0, 0.0, 0.0)
    ctm, stack, out, path, width, fill, stroke = [1, 0, 0, 1, 0, 0], [], [], [], 1.0, black, black
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        v = [float(x) for x in operands] if op in (b"cm", b"m", b"l", b"re", b"w", b"rg", b"RG", b"g", b"G") else []
        if op == b"q":
            stack.append((ctm, width, fill, stroke))
        elif op == b"Q":
            ctm, width, fill, stroke = stack.pop()
        elif op == b"cm":
            ctm = _mul(v, ctm)
        elif op == b"w":
            width = v[0]
        elif op in (b"rg", b"g"):
            fill = tuple(round(x, 2) for x in v * (3 if op == b"g" else 1))
        elif op in (b"RG", b"G"):
            stroke = tuple(round(x, 2) for x in v * (3 if op == b"G" else 1))
        elif op in (b"m", b"l"):
            path.append((ctm[0] * v[0] + ctm[2] * v[1] + ctm[4], ctm[1] * v[0] + ctm[3] * v[1] + ctm[5]))
        elif op == b"re":
            x, y, w, h = v
            xs, ys = sorted((x + ctm[4], x + w + ctm[4])), sorted((y + ctm[5], y + h + ctm[5]))
            path = [(xs[0], ys[0]), (xs[1], ys[1])]
        elif op in (b"Tj", b"TJ"):
            out.append((b"Tj", 0, fill, ()))
        elif op in (b"S", b"f", b"f*"):
            out.append((op, width, stroke if op == b"S" else fill, tuple(path)))
            path = []
        elif op == b"n":
            path = []
    return out


def assert_same_page(old, new, old_reader, new_reader, where: str) -> None:
    assert re.sub(r"\s+", "", new.extract_text()) == re.sub(r"\s+", "", old.extract_text()), where
    for got, want in ((texts(new), texts(old)), (texts(old), texts(new))):
        for text, x, y, size in got:
            assert any(t == text and abs(x - a) < 0.15 and abs(y - b) < 0.15 and abs(size - s) < 0.01
                       for t, a, b, s in want), f"{where}: {text!r} at ({x:.1f}, {y:.1f}) {size}pt"
    g_old, g_new = strokes_and_fills(old, old_reader), strokes_and_fills(new, new_reader)
    colours = [[g[2] for g in graphics if g[0] == b"Tj"] for graphics in (g_old, g_new)]
    assert [[c for n, c in enumerate(seq) if not n or seq[n - 1] != c] for seq in colours][1] == \
        [c for n, c in enumerate(colours[0]) if not n or colours[0][n - 1] != c], f"{where}: text colours"
    g_old, g_new = [g for g in g_old if g[0] != b"Tj"], [g for g in g_new if g[0] != b"Tj"]
    assert len(g_new) == len(g_old), where
    for op, width, colour, path in g_new:
        assert any(o == op and w == width and c == colour and len(p) == len(path)
                   and all(abs(a - b) < 0.15 for pt, qt in zip(p, path, strict=True) for a, b in zip(pt, qt, strict=True))
                   for o, w, c, p in g_old), f"{where}: {op} {width} {colour} {path}"


def _lines(n: int) -> list[tuple[date, str, int]]:
    return [(date(2024, 9, 3), f"电费充值 Electricity top-up {i}", 100_00 + i) for i in range(n)]


CASES = {
    "a check-out's statement": SettlementPage(settlement(), 0, 500, 748),
    "money to refund": SettlementPage(settlement(paid_in_fen=500_00, share_fen=119_48, refundable_fen=380_52)),
    "nothing optional": SettlementPage(settlement(lines=(), notes="", operator_name="", issued_at=None,
                                                  student_no=None, school="")),
    "long texts wrap": SettlementPage(settlement(
        school="华东理工示范大学 East China Demo University of Science and Technology, Xuhui Campus",
        student_name="阿卜杜热合曼·买买提艾力" * 3, notes="第一行\n" + "电费退款待电表退回后支付 The refund is paid "
        "once the meter gives the money back. " * 5,
        lines=[(date(2024, 9, 3), "电费充值 Electricity top-up at the campus card terminal by the south gate " * 2,
                100_00)])),
    "the table moves to page 2": SettlementPage(settlement(lines=_lines(35))),
    "the signatures move to page 2": SettlementPage(settlement(lines=_lines(15))),
    "the table runs over three pages": SettlementPage(settlement(lines=_lines(90))),
    "long notes run over": SettlementPage(settlement(notes="学生已于2025年1月15日退宿。The student moved out. " * 120),
                                          100, 0, 0),
}


@pytest.mark.parametrize("name", CASES)
def test_a_statement_looks_as_the_platypus_layout_set_it(name):
    assert_looks_the_same(CASES[name], name)


@pytest.mark.parametrize("count", range(14, 34))
def test_every_page_break_falls_where_platypus_put_it(count):
    """From 14 lines to 33 the signatures, the notes, the settlement and then the table move over."""
    assert_looks_the_same(SettlementPage(settlement(lines=_lines(count)), 100, 0, 0), f"{count} lines")


def assert_looks_the_same(page: SettlementPage, name: str) -> None:
    old, new = PdfReader(io.BytesIO(platypus_statement(page))), PdfReader(io.BytesIO(render_settlements([page])))
    assert len(new.pages) == len(old.pages)
    assert new.metadata == old.metadata
    for n, (a, b) in enumerate(zip(old.pages, new.pages, strict=True), start=1):
        assert (float(b.mediabox.width), float(b.mediabox.height)) == (float(a.mediabox.width),
                                                                      float(a.mediabox.height))
        assert_same_page(a, b, old, new, f"{name}, page {n}")


def test_a_class_prints_each_student_from_a_new_page_with_their_own_footer():
    pages = [SettlementPage(settlement(student_name=f"学生{k}", student_no=f"20230000{k}",
                                       lines=_lines(40 if k == 1 else 3)), 100 * k, 0, 0) for k in range(3)]
    batch = PdfReader(io.BytesIO(render_settlements(pages)))
    singles = [PdfReader(io.BytesIO(render_settlement(p.statement, paid_out_fen=p.paid_out_fen))) for p in pages]
    assert [len(s.pages) for s in singles] == [1, 3, 1] and len(batch.pages) == 5
    at = 0
    for k, single in enumerate(singles):
        for n, page in enumerate(single.pages, start=1):
            text = batch.pages[at].extract_text()
            assert f"Settlement statement 学生{k}" in text and f"第 {n} 页 Page {n}" in text
            assert text == page.extract_text()          # the same page as the student's own statement
            at += 1
    # 学生1's 40 lines do not fit under the header: the table starts on their second page, the money on the third
    assert "明细" not in batch.pages[1].extract_text() and "明细" in batch.pages[2].extract_text()
    assert "退还学生Paid out¥1.00大写In words壹元整" in batch.pages[3].extract_text().replace("\n", "")
    assert "退还学生Paid out¥2.00大写In words贰元整" in batch.pages[4].extract_text().replace("\n", "")


@pytest.mark.parametrize("text", ["", "学生", "  leading spaces kept ", "trailing   ", "电费 Electricity 已缴 paid in",
                                  "a b", "x" * 80, "电费充值" * 30, "Electricity top-up " * 12])
@pytest.mark.parametrize("width", [5, 40, 120.5, 493.23])
def test_wrap_gives_what_the_line_breaker_gives(text, width):
    for bold in (False, True):
        assert pdf_fonts.wrap(text, 9, width, bold) == pdf_fonts._wrap_paragraph(text, 9, width, bold)


def test_a_class_of_statements_takes_a_few_milliseconds_a_page():
    statements = [SettlementPage(replace(settlement(), student_name=f"学生{k}", student_no=f"2023{k:06d}",
                                         notes="电费退款待电表退回后支付 The refund is paid later." if k % 3 else ""),
                                 4000 + k, 500 if k % 7 == 0 else 0, 0) for k in range(100)]
    render_settlements(statements[:1])                    # the fonts are loaded once per process
    cpu = time.process_time()
    pdf = render_settlements(statements)
    per_page = (time.process_time() - cpu) / 100
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 100
    assert per_page < 0.015, f"{per_page * 1000:.1f} ms a page (platypus took about 40)"

