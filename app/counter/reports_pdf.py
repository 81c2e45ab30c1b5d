"""Shift reports, day closes and settlement statements as A4 PDFs.

Each function takes the frozen data from app.counter.report_data and returns the PDF bytes; nothing is looked
up. Labels are bilingual (Chinese first, English small), amounts are printed as ¥1,234.50 with the
key totals also in capital numerals, times in Asia/Shanghai. Tables run over as many pages as needed,
repeating their header row; every page's footer names the document and its page number.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.counter import pdf_fonts
from app.counter.capital_numerals import capital_amount
from app.counter.money import Money
from app.counter.report_data import (
    DayCloseReport,
    MethodTotal,
    SettlementStatement,
    ShiftReport,
    day_close_number_text,
    local_time_text,
    receipt_number_text,
)

MARGIN = 18 * mm
FRAME_PADDING = 6          # platypus' default frame padding; margins are reduced by it so text sits at MARGIN
WIDTH = A4[0] - 2 * MARGIN
HEAD_FILL = colors.Color(0.92, 0.92, 0.92)
RULE = colors.Color(0.55, 0.55, 0.55)
GREY = colors.Color(0.38, 0.38, 0.38)
# Plain-string cells (the empty ones) would otherwise pull in an unembedded Helvetica.
_LATIN_CELLS = ("FONTNAME", (0, 0), (-1, -1), pdf_fonts.LATIN)


@pdf_fonts.one_document_at_a_time
def render_shift_report(r: ShiftReport, *, chain_head: str | None = None) -> bytes:
    """A4: the shift's times and receipts, money by method with totals, and the cash count:
    float, expected, counted and the difference (长款 over / 短款 short). `chain_head` (the hash
    chain's head as the close anchored it, app.integrity.chain.Link.text) is printed under the header."""
    story: list[Flowable] = _title(r.school, "交班报表", "Shift report", f"#{r.shift_id}")
    meta = [("班次", "Shift", f"#{r.shift_id}"), ("操作员", "Operator", r.operator_name),
            ("开班", "Opened", local_time_text(r.opened_at)),
            ("交班", "Closed", local_time_text(r.closed_at)),
            ("收据号", "Receipts", _receipt_range(r.first_receipt, r.last_receipt)),
            ("笔数", "Transactions", str(r.total_count))]
    if r.business_date is not None:
        meta.append(("营业日", "Business date", _day(r.business_date)))
    story += [_meta(meta), *_chain_head(chain_head),
              _section("收支明细", "By payment method"), _method_table(r.totals),
              _section("现金核对", "Cash count"),
              _key_values([("备用金", "Float", _money(r.float_fen)),
                           ("应有现金", "Expected cash", _money(r.expected_cash_fen)),
                           ("实点现金", "Counted cash", _money(r.counted_cash_fen)),
                           (*_difference_label(r.difference_fen), _money(r.difference_fen, signed=True))],
                          emphasise_last=True),
              _signatures([("交班人", "Handed over by"), ("复核人", "Checked by")])]
    return _build(story, f"交班报表 Shift report #{r.shift_id}", r.school)


@pdf_fonts.one_document_at_a_time
def render_day_close(r: DayCloseReport, *, chain_head: str | None = None) -> bytes:
    """A4: the day-close number large at the top (and in every footer), the day's shifts, money by
    method, and the grand totals with the net in capital numerals; `chain_head` as for the shift report."""
    number = day_close_number_text(r.number)
    story: list[Flowable] = _title(r.school, "日结报表", "Day close", f"No. {number}")
    story += [_meta([("日结号", "Day close No.", number), ("营业日", "Business date", _day(r.business_date)),
                     ("结账时间", "Closed at", local_time_text(r.closed_at)),
                     ("操作员", "Operator", r.operator_name),
                     ("收据号", "Receipts", _receipt_range(r.first_receipt, r.last_receipt)),
                     ("笔数", "Transactions", str(r.total_count))]), *_chain_head(chain_head),
              _section("班次", "Shifts")]
    head = [("班次", "Shift"), ("操作员", "Operator"), ("开班", "Opened"), ("交班", "Closed"),
            ("收入", "In"), ("支出", "Out"), ("现金差额", "Cash difference")]
    rows = [[f"#{s.shift_id}", s.operator_name, _short_time(s.opened_at), _short_time(s.closed_at),
             _money(s.in_fen), _money(s.out_fen), _money(s.difference_fen, signed=True)] for s in r.shifts]
    total = ["合计 Total", "", "", "", _money(sum(s.in_fen for s in r.shifts)),
             _money(sum(s.out_fen for s in r.shifts)), _money(r.total_difference_fen, signed=True)]
    widths = [0.08, 0.17, 0.145, 0.145, 0.17, 0.13, 0.16]
    story += [_table(head, rows, widths, numeric_from=4, total=total if rows else None),
              _section("收支明细", "By payment method"), _method_table(r.totals),
              _section("合计", "Grand totals"),
              _key_values([("总收入", "Total in", _money(r.total_in_fen)),
                           ("总支出", "Total out", _money(r.total_out_fen)),
                           ("现金差额", "Cash difference", _money(r.total_difference_fen, signed=True)),
                           ("净额", "Net", _money(r.net_fen)),
                           ("净额大写", "Net in words", capital_amount(Money(r.net_fen)))],
                          emphasise_last=False),
              _signatures([("结账人", "Closed by"), ("复核人", "Checked by"), ("财务", "Finance")])]
    return _build(story, f"日结报表 Day close No. {number}", r.school)


class SettlementPage(NamedTuple):
    """One settlement statement of `render_settlements`, with `render_settlement`'s keyword arguments."""

    statement: SettlementStatement
    paid_out_fen: int | None = None
    collected_fen: int = 0
    owed_fen: int = 0


def render_settlement(s: SettlementStatement, *, paid_out_fen: int | None = None, collected_fen: int = 0,
                      owed_fen: int = 0) -> bytes:
    """A4: who, which room, which policy and period; the statement lines; what was paid in, the
    student's share, and what is refunded (or still due), the last also in capital numerals.

    With `paid_out_fen` (a check-out's statement) the settlement shows instead, each once, the money
    paid out (in capital numerals too), the debt collected now and the debt still owed."""
    return render_settlements([SettlementPage(s, paid_out_fen, collected_fen, owed_fen)])


@pdf_fonts.one_document_at_a_time
def render_settlements(pages: Sequence[SettlementPage]) -> bytes:
    """Several settlement statements in one PDF (a class's check-out), each as `render_settlement`
    prints it, each starting on a new page, its footer naming its student and counting its own pages."""
    if not pages:
        raise ValueError("render_settlements needs at least one statement")
    running = _RunningFooter(_settlement_title(pages[0].statement))
    story: list[Flowable] = []
    for n, page in enumerate(pages):
        if n:
            story += [_FooterFromNextPage(running, _settlement_title(page.statement)), PageBreak()]
        story += _settlement_story(page)
    first = pages[0].statement
    title = _settlement_title(first) if len(pages) == 1 else "结算单 Settlement statements"
    return _build(story, title, first.school, footer=running)


def _settlement_title(s: SettlementStatement) -> str:
    return f"结算单 Settlement statement {s.student_name}"


def _settlement_story(page: SettlementPage) -> list[Flowable]:
    s, paid_out_fen, collected_fen, owed_fen = page
    student = s.student_name + (f" ({s.student_no})" if s.student_no else "")
    period = f"{_day(s.period_from)} – {_day(s.period_to)}"
    meta = [("学生", "Student", student), ("房间", "Room", f"{s.building_name} {s.room_code}"),
            ("结算方式", "Policy", s.policy_label), ("结算期间", "Period", period)]
    if s.operator_name:
        meta.append(("经办人", "Operator", s.operator_name))
    if s.issued_at is not None:
        meta.append(("出具时间", "Issued", local_time_text(s.issued_at)))
    story: list[Flowable] = _title(s.school, "结算单", "Settlement statement", "")
    story += [_meta(meta), _section("明细", "Details")]
    rows = [[_day(line.when) if isinstance(line.when, date) else line.when, line.description,
             _money(line.amount_fen, signed=True)] for line in s.lines]
    story.append(_table([("日期", "Date"), ("摘要", "Description"), ("金额", "Amount")], rows,
                        [0.2, 0.58, 0.22], numeric_from=2))
    due = s.refundable_fen < 0
    settle = ("应补缴", "Amount due") if due else ("应退金额", "Refundable")
    outcome = [(*settle, _money(abs(s.refundable_fen))),
               ("大写", "In words", capital_amount(Money(abs(s.refundable_fen))))]
    if paid_out_fen is not None:
        outcome = [("退还学生", "Paid out", _money(paid_out_fen)),
                   ("大写", "In words", capital_amount(Money(paid_out_fen)))]
        if collected_fen:
            outcome.append(("本次收回欠款", "Debt collected now", _money(collected_fen)))
        if owed_fen:
            outcome.append(("尚欠", "Still owed", _money(owed_fen)))
    story += [_section("结算", "Settlement"),
              _key_values([("已缴金额", "Paid in", _money(s.paid_in_fen)),
                           ("应分摊", "Share", _money(s.share_fen)), *outcome],
                          emphasise_last=False)]
    if s.notes:
        story += [_section("备注", "Notes"), _para(s.notes, 9)]
    story.append(_signatures([("学生签字", "Student"), ("经办人", "Operator")]))
    return story


# --- building blocks ----------------------------------------------------------------------------

def _money(fen: int, signed: bool = False) -> str:
    text = Money(fen).display()
    return "+" + text if signed and fen > 0 else text


def _short_time(at: datetime) -> str:
    return local_time_text(at)[5:16]          # "03-01 08:30": the business date is in the header


def _day(d: date) -> str:
    return d.strftime("%Y-%m-%d")


def _receipt_range(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return "无 None"
    if first == last:
        return receipt_number_text(first)
    return f"{receipt_number_text(first)} – {receipt_number_text(last)}"


def _difference_label(fen: int) -> tuple[str, str]:
    if fen > 0:
        return "差额（长款）", "Difference (over)"
    if fen < 0:
        return "差额（短款）", "Difference (short)"
    return "差额（相符）", "Difference (balanced)"


@lru_cache(maxsize=64)
def _style(size: float, align: int = TA_LEFT, grey: bool = False) -> ParagraphStyle:
    pdf_fonts.register()
    return ParagraphStyle(f"dw-{size}-{align}-{grey}", fontName=pdf_fonts.LATIN, fontSize=size,
                          leading=size * 1.3, alignment=align, wordWrap="CJK",
                          textColor=GREY if grey else colors.black)


def _para(text: str, size: float = 9, align: int = TA_LEFT, bold: bool = False,
          grey: bool = False) -> Paragraph:
    return Paragraph(pdf_fonts.markup(text, bold), _style(size, align, grey))


def _label(zh: str, en: str, size: float = 8.5, align: int = TA_LEFT) -> Paragraph:
    """Chinese label with the English one small beneath."""
    small = f'<font size="{size * 0.72:.1f}" color="#606060">{pdf_fonts.markup(en)}</font>'
    return Paragraph(f"{pdf_fonts.markup(zh)}<br/>{small}", _style(size, align))


def _title(school: str, zh: str, en: str, number: str) -> list[Flowable]:
    left = [_para(school, 11, bold=True), Spacer(1, 2 * mm), _TextLine(zh, 20, bold=True),
            _para(en, 10, grey=True)]
    right = [_TextLine(number, 22, bold=True, align="right", width=WIDTH * 0.38)] if number else []
    t = Table([[left, right]], colWidths=[WIDTH * 0.62, WIDTH * 0.38])
    t.setStyle(TableStyle([_LATIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black)]))
    return [t, Spacer(1, 4 * mm)]


def _meta(items: Sequence[tuple[str, str, str]]) -> Table:
    """Label/value pairs, two pairs to a row."""
    cells = [[_label(zh, en), _para(value, 9.5)] for zh, en, value in items]
    if len(cells) % 2:
        cells.append(["", ""])
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    t = Table(rows, colWidths=[WIDTH * w for w in (0.14, 0.36, 0.14, 0.36)])
    t.setStyle(TableStyle([_LATIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return t


def _chain_head(text: str | None) -> list[Flowable]:
    """The anchor a close printed: compare it with `audit verify`'s anchor file to prove the store's history."""
    return [_para(f"链头 Chain head {text}", 7.5, grey=True)] if text else []


def _section(zh: str, en: str) -> Flowable:
    heading = _TextLine(zh, 12, bold=True, small=en, space_before=5 * mm, space_after=1.5 * mm)
    heading.keepWithNext = True           # never the last thing on a page
    return heading


def _table(head: Sequence[tuple[str, str]], rows: Sequence[Sequence[str]], widths: Sequence[float], *,
           numeric_from: int, total: Sequence[str] | None = None) -> Table:
    """A ruled table; columns from `numeric_from` on are right-aligned; `total` is a last, bold row."""
    def cells(row: Sequence[str], bold: bool = False) -> list[Paragraph]:
        return [_para(v, 9, TA_RIGHT if i >= numeric_from else TA_LEFT, bold=bold) for i, v in enumerate(row)]

    data: list[list[Flowable]] = [[_label(zh, en, 8.5, TA_RIGHT if i >= numeric_from else TA_LEFT)
                                   for i, (zh, en) in enumerate(head)]]
    data += [cells(row) for row in rows]
    if not rows:
        data.append([_para("无 None", 9, grey=True)] + [_para("")] * (len(head) - 1))
    if total is not None:
        data.append(cells(total, bold=True))
    t = Table(data, colWidths=[WIDTH * w for w in widths], repeatRows=1)
    style = [_LATIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
             ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
             ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE), ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]
    if total is not None:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
        if numeric_from > 1:
            style.append(("SPAN", (0, -1), (numeric_from - 1, -1)))      # the "Total" label
    t.setStyle(TableStyle(style))
    return t


def _method_table(totals: Sequence[MethodTotal]) -> Table:
    head = [("支付方式", "Method"), ("笔数", "Count"), ("收入", "In"), ("支出", "Out"), ("净额", "Net")]
    rows = [[t.method_label, str(t.count), _money(t.in_fen), _money(t.out_fen), _money(t.net_fen)]
            for t in totals]
    total = ["合计 Total", str(sum(t.count for t in totals)), _money(sum(t.in_fen for t in totals)),
             _money(sum(t.out_fen for t in totals)), _money(sum(t.net_fen for t in totals))]
    return _table(head, rows, [0.32, 0.12, 0.19, 0.18, 0.19], numeric_from=1, total=total if rows else None)


def _key_values(items: Sequence[tuple[str, str, str]], *, emphasise_last: bool) -> Table:
    """Totals as label | value rows, values right-aligned; the last row larger when emphasised."""
    data = []
    for i, (zh, en, value) in enumerate(items):
        big = emphasise_last and i == len(items) - 1
        data.append([_label(zh, en, 10 if big else 8.5),
                     _para(value, 13 if big else 10, TA_RIGHT, bold=True)])
    t = Table(data, colWidths=[WIDTH * 0.3, WIDTH * 0.7])
    t.setStyle(TableStyle([_LATIN_CELLS, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                           ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                           ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black)]))
    return t


def _signatures(labels: Sequence[tuple[str, str]]) -> Flowable:
    return KeepTogether([Spacer(1, 10 * mm), _Signatures(labels)])


class _TextLine(Flowable):
    """One unwrapped line drawn with pdf_fonts (Chinese bold is stroked), optionally followed by a
    small grey English gloss."""

    def __init__(self, text: str, size: float, *, bold: bool = False, small: str = "", align: str = "left",
                 width: float = WIDTH, space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.text, self.size, self.bold, self.small, self.align = text, size, bold, small, align
        self.width, self.height = width, space_before + size * 1.3 + space_after
        self.base = space_after + size * 0.3

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, base = self.canv, self.base
        x = self.width if self.align == "right" else 0
        drawn = pdf_fonts.draw_text(c, x, base, self.text, self.size, bold=self.bold, align=self.align)
        if self.small:
            c.setFillColor(GREY)
            pdf_fonts.draw_text(c, drawn + self.size * 0.4, base, self.small, self.size * 0.7)


class _Signatures(Flowable):
    """Signature slots side by side: label above, a line to sign on below, a gap between slots."""

    def __init__(self, labels: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.labels = list(labels)
        self.width, self.height = WIDTH, 24 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c, slot = self.canv, WIDTH / len(self.labels)
        c.setLineWidth(0.6)
        for i, (zh, en) in enumerate(self.labels):
            x = i * slot
            pdf_fonts.draw_text(c, x, self.height - 9, zh, 9)
            c.setFillColor(GREY)
            pdf_fonts.draw_text(c, x, self.height - 17, en, 6.5)
            c.setFillColor(colors.black)
            c.line(x, 0, x + slot - 10 * mm, 0)


def _build(story: list[Flowable], title: str, school: str, *, footer: _RunningFooter | None = None) -> bytes:
    """The A4 document; every page's footer names `title` and the page, or, with `footer`, the
    document part that page belongs to and the page within that part."""
    pdf_fonts.register()
    buf = io.BytesIO()
    inset = MARGIN - FRAME_PADDING
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=inset, rightMargin=inset, topMargin=inset,
                            bottomMargin=inset + 4 * mm, title=title, author=school, creator="DormWatt",
                            invariant=1, initialFontName=pdf_fonts.LATIN)
    draw = _footer(school, footer or _RunningFooter(title))
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()


class _RunningFooter:
    """What the footer names: the part of the document the page belongs to and the page it starts on."""

    def __init__(self, title: str) -> None:
        self.title, self.first_page = title, 1


class _FooterFromNextPage(Flowable):
    """Drawn (invisibly) at the end of one part: the footers from the next page on name the next part.
    (A footer is drawn as its page begins, before anything of the page.)"""

    def __init__(self, running: _RunningFooter, title: str) -> None:
        super().__init__()
        self.running, self.title = running, title
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.running.title, self.running.first_page = self.title, self.canv.getPageNumber() + 1


def _footer(school: str, running: _RunningFooter) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(c: Canvas, doc: SimpleDocTemplate) -> None:
        page = doc.page - running.first_page + 1
        c.saveState()
        c.setFillColor(GREY)
        y = MARGIN - 2 * mm
        pdf_fonts.draw_text(c, MARGIN, y, f"{school} · {running.title}", 7.5)
        pdf_fonts.draw_text(c, A4[0] - MARGIN, y, f"第 {page} 页 Page {page}", 7.5, align="right")
        c.restoreState()

    return draw


# --- the building blocks other A4 documents share (app.metering.daily_readings) -------------------
title_block = _title          # (school, zh, en, number) -> flowables: school, bilingual title, big number
meta_table = _meta            # [(zh, en, value)] -> label/value pairs, two to a row
section = _section            # (zh, en) -> a bilingual heading kept with what follows
ruled_table = _table          # (head [(zh, en)], rows, widths, *, numeric_from, total) -> a ruled table
key_values = _key_values      # ([(zh, en, value)], *, emphasise_last) -> totals, values right-aligned
paragraph = _para             # (text, size, align, bold, grey) -> a Paragraph in the project's fonts
money_text = _money           # fen -> "¥1,234.50" (signed=True: "+" on a credit)
day_text = _day               # date -> "2026-11-16"
build_a4 = _build             # (story, title, school) -> PDF bytes, footer with title and page numbers
