"""Shift reports, day closes and settlement statements as A4 PDFs.

Each function takes the frozen data from app.counter.report_data and returns the PDF bytes; nothing is looked
up. Labels are bilingual (Chinese first, English small), amounts are printed as ¥1,234.50 with the
key totals also in capital numerals, times in Asia/Shanghai. Tables run over as many pages as needed,
repeating their header row; every page's footer names the document and its page number.

Shift reports and day closes are laid out by platypus. Settlement statements, printed by the hundred at
a class's check-out, are drawn straight on the canvas by `_Sheet` with the same geometry (text, rules,
shading, page breaks and footers where platypus puts them; tests/app/counter/test_statement_speed_layout.py
compares the two), at about a sixth of the time.
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
def render_shift_report(r: ShiftReport, *, chain_head: str | None = None, training: bool = False) -> bytes:
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
    return _build(story, f"交班报表 Shift report #{r.shift_id}", r.school, training=training)


@pdf_fonts.one_document_at_a_time
def render_day_close(r: DayCloseReport, *, chain_head: str | None = None, training: bool = False) -> bytes:
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
    return _build(story, f"日结报表 Day close No. {number}", r.school, training=training)


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
def render_settlements(pages: Sequence[SettlementPage], *, training: bool = False) -> bytes:
    """Several settlement statements in one PDF (a class's check-out), each as `render_settlement`
    prints it, each starting on a new page, its footer naming its student and counting its own pages.
    `training`: every page marked 培训 TRAINING (a training store's documents, app.care.training)."""
    if not pages:
        raise ValueError("render_settlements needs at least one statement")
    first = pages[0].statement
    title = _settlement_title(first) if len(pages) == 1 else "结算单 Settlement statements"
    buf = io.BytesIO()
    c = _a4_canvas(buf, title, first.school)
    for n, page in enumerate(pages):
        if n:
            c.showPage()
        _draw_settlement(c, page, training)
    c.save()
    return buf.getvalue()


def _settlement_title(s: SettlementStatement) -> str:
    return f"结算单 Settlement statement {s.student_name}"


def _draw_settlement(c: Canvas, page: SettlementPage, training: bool = False) -> None:
    """One statement from a fresh page on; its further pages (a long list of lines) follow.

    Drawn straight on the canvas (a class's 300 statements through platypus took 15 s) with the
    geometry platypus gives the other reports: the same title block, label/value pairs, ruled
    tables, headings, signature slots and footer, to the tenth of a point."""
    s, paid_out_fen, collected_fen, owed_fen = page
    student = s.student_name + (f" ({s.student_no})" if s.student_no else "")
    period = f"{_day(s.period_from)} – {_day(s.period_to)}"
    meta = [("学生", "Student", student), ("房间", "Room", f"{s.building_name} {s.room_code}"),
            ("结算方式", "Policy", s.policy_label), ("结算期间", "Period", period)]
    if s.operator_name:
        meta.append(("经办人", "Operator", s.operator_name))
    if s.issued_at is not None:
        meta.append(("出具时间", "Issued", local_time_text(s.issued_at)))
    sheet = _Sheet(c, s.school, _settlement_title(s), training)
    sheet.title_block("结算单", "Settlement statement")
    sheet.meta(meta)
    rows = [[_day(line.when) if isinstance(line.when, date) else line.when, line.description,
             _money(line.amount_fen, signed=True)] for line in s.lines]
    sheet.ruled_table(("明细", "Details"), _statement_head(), rows)
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
    totals = [("已缴金额", "Paid in", _money(s.paid_in_fen)), ("应分摊", "Share", _money(s.share_fen)), *outcome]
    sheet.key_values(("结算", "Settlement"), totals)
    if s.notes:
        sheet.paragraph(("备注", "Notes"), s.notes, 9)
    sheet.signatures([("学生签字", "Student"), ("经办人", "Operator")])


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
        _draw_heading(self.canv, self.width if self.align == "right" else 0, self.base, self.text, self.size,
                      bold=self.bold, small=self.small, align=self.align)


def _draw_heading(c: Canvas, x: float, base: float, text: str, size: float, *, bold: bool = False, small: str = "",
                  align: str = "left") -> None:
    """One unwrapped line with its baseline at `base` (Chinese bold is stroked), then the small grey gloss."""
    drawn = pdf_fonts.draw_text(c, x, base, text, size, bold=bold, align=align)
    if small:
        c.saveState()
        c.setFillColor(GREY)
        pdf_fonts.draw_text(c, (x if align == "left" else 0) + drawn + size * 0.4, base, small, size * 0.7)
        c.restoreState()


_SECTION_HEIGHT = 5 * mm + 12 * 1.3 + 1.5 * mm          # a `_section` heading: room above, the line, room below
_SECTION_BASE = 1.5 * mm + 12 * 0.3                     # its baseline above its bottom
_SIGNATURES_HEIGHT = 24 * mm


class _Signatures(Flowable):
    """Signature slots side by side: label above, a line to sign on below, a gap between slots."""

    def __init__(self, labels: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.labels = list(labels)
        self.width, self.height = WIDTH, _SIGNATURES_HEIGHT

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        _draw_signatures(self.canv, 0, 0, self.labels)


def _draw_signatures(c: Canvas, x0: float, y0: float, labels: Sequence[tuple[str, str]]) -> None:
    """The signature slots with their lines at y0, from x0 across the frame's width."""
    slot = WIDTH / len(labels)
    c.saveState()
    c.setLineWidth(0.6)
    for i, (zh, en) in enumerate(labels):
        x = x0 + i * slot
        pdf_fonts.draw_text(c, x, y0 + _SIGNATURES_HEIGHT - 9, zh, 9)
        c.setFillColor(GREY)
        pdf_fonts.draw_text(c, x, y0 + _SIGNATURES_HEIGHT - 17, en, 6.5)
        c.setFillColor(colors.black)
        c.line(x, y0, x + slot - 10 * mm, y0)
    c.restoreState()


def _build(story: list[Flowable], title: str, school: str, *, footer: _RunningFooter | None = None,
           training: bool = False) -> bytes:
    """The A4 document; every page's footer names `title` and the page, or, with `footer`, the
    document part that page belongs to and the page within that part."""
    pdf_fonts.register()
    buf = io.BytesIO()
    inset = MARGIN - FRAME_PADDING
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=inset, rightMargin=inset, topMargin=inset,
                            bottomMargin=inset + 4 * mm, title=title, author=school, creator="DormWatt",
                            invariant=1, initialFontName=pdf_fonts.LATIN)
    draw = _footer(school, footer or _RunningFooter(title), training)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    return buf.getvalue()


class _RunningFooter:
    """What the footer names: the part of the document the page belongs to and the page it starts on."""

    def __init__(self, title: str) -> None:
        self.title, self.first_page = title, 1


def _footer(school: str, running: _RunningFooter, training: bool = False
            ) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def draw(c: Canvas, doc: SimpleDocTemplate) -> None:
        _draw_footer(c, school, running.title, doc.page - running.first_page + 1, training)

    return draw


TRAINING_MARK = "培训 TRAINING — 非正式单据 not a real document"


def _draw_footer(c: Canvas, school: str, title: str, page: int, training: bool = False) -> None:
    c.saveState()
    c.setFillColor(GREY)
    y = MARGIN - 2 * mm
    pdf_fonts.draw_text(c, MARGIN, y, f"{school} · {title}", 7.5)
    pdf_fonts.draw_text(c, A4[0] - MARGIN, y, f"第 {page} 页 Page {page}", 7.5, align="right")
    c.restoreState()
    if training:
        _draw_training_mark(c)


def _draw_training_mark(c: Canvas) -> None:
    """A training store's document: a pale diagonal 培训 TRAINING across the page (as on a receipt) and
    the mark in the top margin, so no one takes a practice page for a real one."""
    pdf_fonts.watermark(c, A4[0], A4[1], "培训 TRAINING")
    c.saveState()
    c.setFillColor(colors.black)
    pdf_fonts.draw_text(c, A4[0] / 2, A4[1] - MARGIN / 2 - 3, TRAINING_MARK, 9, bold=True, align="centre")
    c.restoreState()


def _a4_canvas(buf: io.BytesIO, title: str, school: str) -> Canvas:
    """A canvas with the document properties `_build` gives its documents."""
    pdf_fonts.register()
    c = Canvas(buf, pagesize=A4, invariant=1, initialFontName=pdf_fonts.LATIN)
    c.setTitle(title)
    c.setAuthor(school)
    c.setSubject("(unspecified)")
    c.setCreator("DormWatt")
    c.setKeywords("")
    return c


# --- documents drawn straight on the canvas (the settlement statement) --------------------------------
# The same look as the platypus documents above, at a tenth of the time: positions follow platypus'
# rules (a paragraph's first baseline one font size below its top, its leading 1.3 sizes; a cell
# padded 3 pt above and below and 6 pt at the sides; a frame from MARGIN to MARGIN + 4 mm).

_TOP = A4[1] - MARGIN
_BOTTOM = MARGIN + 4 * mm
_PAD, _SIDE = 3, 6                     # platypus' cell padding: top and bottom, left and right
_LABEL_GREY = colors.HexColor("#606060")
_FUZZ = 1e-6


class _Lines(NamedTuple):
    """A paragraph as platypus sets it: its lines (text, size, bold, colour), leading and first baseline."""

    lines: tuple[tuple[str, float, bool, colors.Color], ...]
    leading: float
    drop: float                          # from the paragraph's top to its first baseline

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


def _lines(text: str, size: float, width: float, bold: bool = False,
           colour: colors.Color = colors.black) -> _Lines:
    """`text` wrapped to `width` as `_para` sets it (an empty text takes no room)."""
    wrapped = pdf_fonts.wrap(text, size, width, bold) if text else []
    return _Lines(tuple((line, size, bold, colour) for line in wrapped), size * 1.3, size)


@lru_cache(maxsize=256)
def _label_lines(zh: str, en: str, size: float, width: float) -> _Lines:
    """As `_label`: the Chinese label with the English one small and grey beneath."""
    small = float(f"{size * 0.72:.1f}")
    return _Lines(tuple([(line, size, False, colors.black) for line in pdf_fonts.wrap(zh, size, width)]
                        + [(line, small, False, _LABEL_GREY) for line in pdf_fonts.wrap(en, small, width)]),
                  size * 1.3, size)


class _Cell(NamedTuple):
    x: float                             # the cell's left edge on the page
    width: float                         # inside the padding
    right: bool                          # right-aligned
    lines: _Lines


def _draw_lines(c: Canvas, x: float, top: float, width: float, p: _Lines, right: bool = False) -> None:
    """Draw `p` with its top at `top`, from x (or right-aligned in `width`), in one text object."""
    if not p.lines:
        return
    t = c.beginText()
    colour = colors.black                # the fill colour between blocks (see _Sheet)
    y = top - p.drop
    for text, size, bold, col in p.lines:
        if text:
            if col is not colour:
                t.setFillColor(col)
                colour = col
            t.setTextOrigin(x + width - pdf_fonts.text_width(text, size, bold) if right else x, y)
            for font, piece in pdf_fonts.runs(text, bold):
                t.setFont(font, size)
                t.textOut(piece)
        y -= p.leading
    if colour is not colors.black:
        t.setFillColor(colors.black)
    c.drawText(t)


class _Sheet:
    """One document part on a canvas: a cursor running down the frame, a new page (footer first,
    numbered within the part) when the next block does not fit. The fill colour is black between blocks."""

    def __init__(self, c: Canvas, school: str, title: str, training: bool = False) -> None:
        self.c, self.school, self.title, self.page, self.training = c, school, title, 1, training
        self.y = _TOP
        self.rules: list[tuple[float, float, colors.Color]] = []      # table lines not yet drawn
        _draw_footer(c, school, title, 1, training)

    def fits(self, height: float) -> bool:
        return self.y - height >= _BOTTOM - _FUZZ

    def need(self, height: float) -> None:
        """A new page unless `height` fits below the cursor (or the page is still empty)."""
        if not self.fits(height) and self.y < _TOP:
            self.new_page()

    def new_page(self) -> None:
        self.draw_rules()
        self.c.showPage()
        self.page += 1
        self.y = _TOP
        _draw_footer(self.c, self.school, self.title, self.page, self.training)

    def rule(self, width: float, colour: colors.Color) -> None:
        """A table's full-width line at the cursor."""
        self.rules.append((self.y, width, colour))

    def draw_rules(self) -> None:
        """The table lines so far, with round caps and joins as platypus draws them."""
        if not self.rules:
            return
        c = self.c
        c.saveState()
        c.setLineCap(1)
        c.setLineJoin(1)
        for y, width, colour in self.rules:
            c.setStrokeColor(colour)
            c.setLineWidth(width)
            c.line(MARGIN, y, MARGIN + WIDTH, y)
        c.restoreState()
        self.rules.clear()

    def title_block(self, zh: str, en: str) -> None:
        """As `_title` without a number: the school in bold, the title large, the English beneath; a rule."""
        school = _lines(self.school, 11, WIDTH * 0.62, bold=True)
        gloss = _lines(en, 10, WIDTH * 0.62, colour=GREY)
        height = school.height + 2 * mm + 20 * 1.3 + gloss.height + 2 * _PAD
        self.need(height)
        top = self.y - _PAD
        _draw_lines(self.c, MARGIN, top, WIDTH * 0.62, school)
        top -= school.height + 2 * mm + 20 * 1.3
        _draw_heading(self.c, MARGIN, top + 20 * 0.3, zh, 20, bold=True)
        _draw_lines(self.c, MARGIN, top, WIDTH * 0.62, gloss)
        self.y -= height
        self.rule(1.2, colors.black)
        self.draw_rules()
        self.y -= 4 * mm

    def meta(self, items: Sequence[tuple[str, str, str]]) -> None:
        """As `_meta`: label/value pairs, two to a row, top-aligned."""
        label_w, value_w = WIDTH * 0.14, WIDTH * 0.36
        pairs = [(_label_lines(zh, en, 8.5, label_w - _SIDE), _lines(value, 9.5, value_w - _SIDE))
                 for zh, en, value in items]
        for i in range(0, len(pairs), 2):
            cells: list[_Cell] = []
            for k, (label, value) in enumerate(pairs[i:i + 2]):
                x = MARGIN + k * (label_w + value_w)
                cells += [_Cell(x, label_w - _SIDE, False, label), _Cell(x + label_w, value_w - _SIDE, False, value)]
            height = max(cell.lines.height for cell in cells) + 2 * _PAD
            self.need(height)
            for cell in cells:
                _draw_lines(self.c, cell.x, self.y - _PAD, cell.width, cell.lines)
            self.y -= height

    def section(self, heading: tuple[str, str], following: float) -> None:
        """As `_section` (kept with what it heads, platypus' KeepTogether): on a new page unless it and
        the `following` points it heads fit below the cursor."""
        self.need(_SECTION_HEIGHT + following)
        self.y -= _SECTION_HEIGHT
        _draw_heading(self.c, MARGIN, self.y + _SECTION_BASE, heading[0], 12, bold=True, small=heading[1])

    def ruled_table(self, heading: tuple[str, str], head: _Head, rows: Sequence[Sequence[str]]) -> None:
        """As `_table` without a total, under a heading: the header row shaded (repeated on a further
        page), values from `head.numeric_from` on right-aligned, a rule under every row."""
        if rows:
            body = [_row(head, [_lines(v, 9, head.inner[i]) for i, v in enumerate(row)]) for row in rows]
        else:
            body = [_row(head, [_lines("无 None", 9, head.inner[0], colour=GREY)]
                         + [_lines("", 9, w) for w in head.inner[1:]])]
        header = _row(head, head.labels)
        self.section(heading, header[0] + sum(row[0] for row in body))
        for n, row in enumerate(body):
            if n and not self.fits(row[0]):
                self.new_page()
            if not n or self.y >= _TOP:                  # the header row, again on a further page
                self.c.setFillColor(HEAD_FILL)
                self.c.rect(MARGIN, self.y - header[0], WIDTH, header[0], stroke=0, fill=1)
                self.c.setFillColor(colors.black)
                self.rule(0.8, colors.black)
                self._draw_row(header)
                self.rule(0.5, RULE)
                if n:
                    self.rule(0.25, RULE)                # platypus' rule under a repeated header too
            self._draw_row(row)
            self.rule(0.25, RULE)
        self.rule(0.8, colors.black)
        self.draw_rules()

    def key_values(self, heading: tuple[str, str], items: Sequence[tuple[str, str, str]]) -> None:
        """As `_key_values` (not emphasised), under a heading: label | value rows, values right-aligned in bold."""
        label_w, value_w = WIDTH * 0.3 - 2 * _SIDE, WIDTH * 0.7 - 2 * _SIDE
        rows = [_cells([_Cell(MARGIN + _SIDE, label_w, False, _label_lines(zh, en, 8.5, label_w)),
                        _Cell(MARGIN + WIDTH * 0.3 + _SIDE, value_w, True, _lines(value, 10, value_w, bold=True))])
                for zh, en, value in items]
        self.section(heading, sum(row[0] for row in rows))
        self.rule(0.8, colors.black)
        for n, row in enumerate(rows):
            if n and not self.fits(row[0]):
                self.new_page()
            self._draw_row(row)
            self.rule(0.25, RULE)
        self.rule(0.8, colors.black)
        self.draw_rules()

    def paragraph(self, heading: tuple[str, str], text: str, size: float) -> None:
        """A heading and a full-width paragraph, split between pages line by line."""
        p = _lines(text, size, WIDTH)
        self.section(heading, p.height)
        for line in p.lines:
            self.need(p.leading)
            _draw_lines(self.c, MARGIN, self.y, WIDTH, p._replace(lines=(line,)))
            self.y -= p.leading

    def signatures(self, labels: Sequence[tuple[str, str]]) -> None:
        """As `_signatures`: 10 mm of space, then the slots, kept together."""
        self.need(10 * mm + _SIGNATURES_HEIGHT)
        self.y -= 10 * mm + _SIGNATURES_HEIGHT
        _draw_signatures(self.c, MARGIN, self.y, labels)

    def _draw_row(self, row: tuple[float, list[_Cell]]) -> None:
        """A table row at the cursor, each cell's content centred vertically."""
        height, cells = row
        for cell in cells:
            _draw_lines(self.c, cell.x, self.y - _PAD - (height - 2 * _PAD - cell.lines.height) / 2, cell.width,
                        cell.lines, cell.right)
        self.y -= height


def _cells(cells: list[_Cell]) -> tuple[float, list[_Cell]]:
    """A table row: its height (the tallest cell and the padding) and its cells."""
    return max(cell.lines.height for cell in cells) + 2 * _PAD, cells


def _row(head: _Head, content: Sequence[_Lines]) -> tuple[float, list[_Cell]]:
    return _cells([_Cell(head.x[i] + _SIDE, head.inner[i], i >= head.numeric_from, p) for i, p in enumerate(content)])


class _Head(NamedTuple):
    """A ruled table's columns: left edges, widths inside the padding, header labels, first numeric column."""

    x: tuple[float, ...]
    inner: tuple[float, ...]
    labels: tuple[_Lines, ...]
    numeric_from: int


def _head(head: Sequence[tuple[str, str]], widths: Sequence[float], numeric_from: int) -> _Head:
    x, edges = MARGIN, []
    for w in widths:
        edges.append(x)
        x += WIDTH * w
    inner = tuple(WIDTH * w - 2 * _SIDE for w in widths)
    return _Head(tuple(edges), inner, tuple(_label_lines(zh, en, 8.5, w) for (zh, en), w in zip(head, inner,
                                                                                                    strict=True)),
                 numeric_from)


@lru_cache(maxsize=1)
def _statement_head() -> _Head:
    return _head([("日期", "Date"), ("摘要", "Description"), ("金额", "Amount")], [0.2, 0.58, 0.22], 2)


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
