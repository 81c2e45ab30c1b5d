"""Recharge receipts and refund slips as PDF, for 80 mm and 58 mm thermal rolls and A5 sheets.

One function, `render_receipt`, prints both from a ReceiptData: kind "recharge" gives 收款收据 / Receipt,
kind "refund" gives 退款凭证 / Refund slip with a line for the student's signature; a void of a recharge
(`voids=` the original's number) gives 作废凭证 / Void receipt, marked 作废 VOID, naming the receipt it
voids and why. A reprint
(`copy=True`) carries 副本 / COPY in a box at the top and in a line of text; a receipt of a training store
(`training=True`) carries 培训 TRAINING the same way, with "非正式收据 not a real receipt" at the top and the
foot. Drawing is done straight on a reportlab canvas (no platypus) so a receipt takes a few
milliseconds; fonts are registered once. `render_test_page` is the printer test page of a paper.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app.counter import pdf_fonts
from app.counter.capital_numerals import capital_amount
from app.counter.money import Money
from app.counter.report_data import TRAINING_LINE, ReceiptData, local_time_text, receipt_number_text

GREY = 0.38
LABEL_ZH, LABEL_EN = 8.5, 5.8        # label sizes on a roll, in points; sheets scale them


@dataclass(frozen=True)
class Paper:
    """Page geometry in points. height None: the page is as tall as its content (a thermal roll)."""

    width: float
    margin_x: float
    margin_top: float
    margin_bottom: float
    height: float | None
    scale: float            # font sizes relative to the roll
    label_width: float

    @property
    def inner(self) -> float:
        return self.width - 2 * self.margin_x


PAPERS = {
    "80mm": Paper(80 * mm, 4 * mm, 4 * mm, 8 * mm, None, 1.0, 19 * mm),
    # The common 58 mm head prints 48 mm (384 dots at 203 dpi); type a tenth smaller, labels narrower.
    "58mm": Paper(58 * mm, 5 * mm, 3 * mm, 8 * mm, None, 0.9, 15.5 * mm),
    "A5": Paper(A5[0], 16 * mm, 16 * mm, 16 * mm, A5[1], 1.3, 30 * mm),
}

Draw = Callable[[Canvas, float], None]        # draws a row given the y of its top edge
TRAINING_BANNER = "培训  TRAINING"


@pdf_fonts.one_document_at_a_time
def render_receipt(data: ReceiptData, paper: str = "80mm", *, voids: int | None = None,
                   void_reason: str = "") -> bytes:
    """The receipt or refund slip as a one-page PDF.

    paper "80mm": 80 mm wide, 72 mm printable, as tall as the content; "58mm": 58 mm wide, 48 mm
    printable, the same rows in smaller type (long values wrap, the amount shrinks to its line);
    "A5": A5 portrait. The text extracts back with the student's name, the school, the room, the
    receipt number (8 digits), the amount as ¥1,234.50 and in capital numerals, and on copies 副本 and
    COPY (never on originals); a training receipt with 培训, TRAINING and "not a real receipt".
    A void (`voids` set; `data` is the voided recharge with the void's own number, time and operator)
    extracts with 作废 and VOID, the voided receipt's number and `void_reason`.
    Raises ValueError for an unknown paper."""
    geo = _paper(paper)
    zh_title, en_title, _item = data.wording(void=voids is not None)

    def background(c: Canvas, height: float) -> None:
        c.setAuthor(data.school)
        if (data.copy or data.training) and geo.height is not None:
            pdf_fonts.watermark(c, geo.width, height, "培训 TRAINING" if data.training else "副本 COPY")

    return _page(geo, _rows(data, geo, voids, void_reason),
                 f"{zh_title} {en_title} {receipt_number_text(data.number)}", background)


def _paper(paper: str) -> Paper:
    try:
        return PAPERS[paper]
    except KeyError:
        raise ValueError(f"Unknown paper {paper!r}; one of {sorted(PAPERS)}") from None


def _page(geo: Paper, rows: list[tuple[float, Draw]], title: str,
          background: Callable[[Canvas, float], None]) -> bytes:
    """One page of `geo` (a roll as tall as its rows) with `rows` drawn from the top margin down, after
    `background(canvas, page height)`."""
    pdf_fonts.register()
    content = sum(height for height, _ in rows)
    height = geo.height or (geo.margin_top + content + geo.margin_bottom)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(geo.width, height), invariant=1, pageCompression=1,
               initialFontName=pdf_fonts.LATIN)     # else an unused, unembedded Helvetica is listed
    c.setTitle(title)
    c.setCreator("DormWatt")
    background(c, height)
    y = height - geo.margin_top
    for row_height, draw in rows:
        draw(c, y)
        y -= row_height
    c.showPage()
    c.save()
    return buf.getvalue()


def _rows(d: ReceiptData, geo: Paper, voids: int | None = None, void_reason: str = "") -> list[tuple[float, Draw]]:
    s = geo.scale
    refund = d.kind == "refund"
    void = voids is not None
    zh_title, en_title, item = d.wording(void=void)
    student = d.student_name + (f" ({d.student_no})" if d.student_no else "")
    amount = Money(d.amount_fen)

    rows: list[tuple[float, Draw]] = []
    if d.training:
        rows += [_banner(TRAINING_BANNER, geo), _gap(2 * s), _centred(TRAINING_LINE, 7.5 * s, geo, bold=True),
                 _gap(3 * s)]
    if d.copy:
        rows += [_banner("副本  COPY", geo), _gap(3 * s)]
    if void:
        rows += [_banner("作废  VOID", geo), _gap(3 * s)]
    rows += [_centred(d.school, 10.5 * s, geo, bold=True), _gap(2 * s),
             _centred(zh_title, 15 * s, geo, bold=True),
             _centred(en_title, 7.5 * s, geo, grey=True), _gap(2 * s),
             _rule(geo),
             _field("编号", "No.", receipt_number_text(d.number), geo, size=10.5, bold=True)]
    if void:
        rows += [_field("原收据", "Voids receipt", receipt_number_text(voids), geo, size=10.5, bold=True),
                 _field("原因", "Reason", void_reason, geo)]
    rows += [
             _field("时间", "Time", local_time_text(d.at), geo),
             _field("房间", "Room", f"{d.building_name} {d.room_code}", geo),
             _field("学生", "Student", student, geo),
             _field("项目", "Item", item, geo),
             _field("方式", "Method", d.method_label, geo)]
    if d.reference:
        rows.append(_field("参考号", "Reference", d.reference, geo))
    rows += [_rule(geo),
             _field("作废金额" if void else "退款金额" if refund else "金额", "Amount voided" if void else "Amount",
                    ("-" if void else "") + amount.display(), geo, size=14, bold=True, shrink=True),
             _field("大写", "In words", capital_amount(amount), geo, size=10),
             _field("余额", "Balance after", Money(d.balance_after_fen).display(), geo)]
    if d.days_left is not None and not refund and not void:
        rows.append(_field("预计可用", "Lasts about", f"{d.days_left} 天 days", geo))
    rows += [_rule(geo),
             _field("经办人", "Operator", d.operator_name, geo)]
    if refund or void:
        rows += [_gap(14 * s), _signature("领款人签字", "Received by", geo)]
    if d.copy:
        rows += [_gap(3 * s), _centred("副本：补打凭证，非原件", 7.5 * s, geo, bold=True),
                 _centred("COPY: reprint, not the original", 7 * s, geo, bold=True)]
    if d.training:
        rows += [_gap(3 * s), _centred(TRAINING_LINE, 7.5 * s, geo, bold=True)]
    rows += [_gap(3 * s), _centred("请核对金额后签字 Please check the amount before signing" if refund or void
                                   else "请妥善保管 Please keep this receipt", 6.5 * s, geo, grey=True)]
    return rows


# --- rows: each is (height, draw(canvas, top)) --------------------------------------------------

def _gap(height: float) -> tuple[float, Draw]:
    return height, lambda c, top: None


def _centred(text: str, size: float, geo: Paper, *, bold: bool = False,
             grey: bool = False) -> tuple[float, Draw]:
    lines = pdf_fonts.wrap(text, size, geo.inner, bold)
    leading = size * 1.25

    def draw(c: Canvas, top: float) -> None:
        if grey:
            c.setFillGray(GREY)
        for i, line in enumerate(lines):
            pdf_fonts.draw_text(c, geo.width / 2, top - size - i * leading, line, size, bold=bold,
                                align="centre")
        c.setFillGray(0)

    return size * 0.25 + len(lines) * leading, draw


def _field(zh: str, en: str, value: str, geo: Paper, *, size: float = 9.5,
           bold: bool = False, shrink: bool = False) -> tuple[float, Draw]:
    """A labelled value: Chinese label with the English one small beneath, value wrapped at the right
    (`shrink`: a value that is one word, such as an amount, is set smaller to stay on its line, down
    to 60 % of its size, rather than cut)."""
    s = geo.scale
    zh_size, en_size, size = LABEL_ZH * s, LABEL_EN * s, size * s
    x_value = geo.margin_x + geo.label_width
    room = geo.inner - geo.label_width
    if shrink:
        size = max(size * 0.6, min(size, size * room / max(pdf_fonts.text_width(value, size, bold), 1e-6)))
    lines = pdf_fonts.wrap(value, size, room, bold)
    leading = size * 1.2
    first_base = max(size, zh_size)
    label_height = first_base + en_size * 1.35
    value_height = first_base + (len(lines) - 1) * leading + size * 0.25
    pad = 3.2 * s

    def draw(c: Canvas, top: float) -> None:
        base = top - first_base
        _label(c, geo, base, zh, en)
        for i, line in enumerate(lines):
            pdf_fonts.draw_text(c, x_value, base - i * leading, line, size, bold=bold)

    return max(label_height, value_height) + pad, draw


def _rule(geo: Paper) -> tuple[float, Draw]:
    pitch = 5 * geo.scale

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(0.6)
        c.setDash(2, 1.5)
        y = top - pitch / 2
        c.line(geo.margin_x, y, geo.width - geo.margin_x, y)
        c.restoreState()

    return pitch, draw


def _banner(text: str, geo: Paper) -> tuple[float, Draw]:
    """`text` large and bold in a box across the printable width; set smaller if it would not fit."""
    height = 20 * geo.scale * 1.6
    size = min(20 * geo.scale, 20 * geo.scale * (geo.inner - 6) / pdf_fonts.text_width(text, 20 * geo.scale, True))

    def draw(c: Canvas, top: float) -> None:
        c.saveState()
        c.setLineWidth(2)
        c.rect(geo.margin_x + 1, top - height, geo.inner - 2, height, stroke=1, fill=0)
        c.restoreState()
        pdf_fonts.draw_text(c, geo.width / 2, top - height / 2 - size * 0.36, text, size, bold=True,
                            align="centre")

    return height, draw


def _signature(zh: str, en: str, geo: Paper) -> tuple[float, Draw]:
    s = geo.scale
    zh_size, en_size = LABEL_ZH * s, LABEL_EN * s

    def draw(c: Canvas, top: float) -> None:
        base = top - zh_size
        _label(c, geo, base, zh, en)
        c.setLineWidth(0.6)
        x0 = geo.margin_x + geo.label_width
        c.line(x0, base - 1.5, geo.width - geo.margin_x, base - 1.5)

    return zh_size + en_size * 1.5 + 2 * s, draw


def _label(c: Canvas, geo: Paper, base: float, zh: str, en: str) -> None:
    """A Chinese label on `base` with the English one small and grey beneath it."""
    zh_size, en_size = LABEL_ZH * geo.scale, LABEL_EN * geo.scale
    pdf_fonts.draw_text(c, geo.margin_x, base, zh, zh_size)
    c.setFillGray(GREY)
    pdf_fonts.draw_text(c, geo.margin_x, base - en_size * 1.3, en, en_size)
    c.setFillGray(0)


@pdf_fonts.one_document_at_a_time
def render_test_page(paper: str = "80mm", *, mode: str = "") -> bytes:
    """A printer's test page on `paper` (a roll or A5): Chinese, ¥ and an amount in capitals, the
    paper's name and printable width, and a frame around the printable area (an edge missing on paper:
    the printer's margins cut it off). `mode` is a word printed as it is ("graphic", "ESC/POS")."""
    geo = _paper(paper)
    frame, s = geo, geo.scale
    geo = replace(geo, margin_x=geo.margin_x + 2 * mm)       # the content inside the frame
    rows = [_centred("DormWatt", 10.5 * s, geo, bold=True), _gap(2 * s),
            _centred("打印测试页", 15 * s, geo, bold=True), _centred("Printer test page", 7.5 * s, geo, grey=True),
            _gap(2 * s), _rule(geo),
            _field("中文", "Chinese", "收款收据 电费充值", geo),
            _field("金额", "Amount", "¥1,234.50", geo, size=14, bold=True, shrink=True),
            _field("大写", "In words", capital_amount(Money(123450)), geo, size=10),
            _field("纸张", "Paper", f"{paper} · {frame.inner / mm:.0f} mm", geo)]
    if mode:
        rows.append(_field("方式", "Mode", mode, geo))
    rows += [_rule(geo), _centred("边框完整即打印区域正确", 6.5 * s, geo, grey=True),
             _centred("The frame should be whole", 6.5 * s, geo, grey=True)]

    def frame_around(c: Canvas, height: float) -> None:
        c.setLineWidth(0.8)
        c.rect(frame.margin_x, geo.margin_bottom / 2, frame.inner, height - geo.margin_bottom / 2 - geo.margin_top / 2)

    return _page(geo, rows, "DormWatt 打印测试页 Printer test page", frame_around)
