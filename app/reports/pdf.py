"""The office's reports as printed pages: the same sections the workbook and the screen get, as PDF.

A caller may rely on:
- `render(sections, title=..., period=..., school=...)` gives a PDF with each section's table under
  its title, the column headers again at the top of every page, numbers right-aligned as the screen
  shows them (`xlsx.display`: ¥1,234.50, 1,234.56 kWh, 95.3 %), the totals row in bold under a rule,
  and on every page the school, the report, the period, the printing time and "第 n 页 Page n";
- a section too wide for A4 portrait is set on A4 landscape, then in a smaller type (down to 6 pt);
  a cell still too wide is cut with "…" (its full text is in the workbook);
- the text extracts back (the fonts are embedded with their ToUnicode maps), so a test or a search
  finds a room, an amount or a total;
- pages are drawn straight on the canvas (no platypus): the month's report for 10,000 rooms is a few
  hundred pages in about a second.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from app import clock
from app.counter import pdf_fonts
from app.reports.xlsx import Section, display

MARGIN = 14 * mm
BODY = 8.0               # the table's type size, in points, before shrinking
SMALLEST = 6.0
TITLE = 13.0
RIGHT = frozenset({"int", "money", "kwh", "percent", "decimal"})
GREY = 0.45
SHADE = 0.94
ELLIPSIS = "…"


def _fit(text: str, size: float, width: float, bold: bool) -> str:
    """`text`, cut with an ellipsis to `width` points when it is wider."""
    if len(text) * size * 0.5 <= width or pdf_fonts.text_width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:                       # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if pdf_fonts.text_width(text[:mid] + ELLIPSIS, size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + ELLIPSIS


def _cells(section: Section, row: Sequence[object], totals: bool = False) -> list[str]:
    out = []
    for i, col in enumerate(section.columns):
        value = row[i] if i < len(row) else None
        out.append(display(col.kind, value, label_ok=totals))
    return out


def _header_lines(header: str) -> list[str]:
    """A bilingual header ("电量 kWh") on two lines, Chinese above English; others on one."""
    head, sep, tail = header.partition(" ")
    if sep and any("\u3400" <= ch <= "\u9fff" for ch in head):
        return [head, tail]
    return [header]


class _Layout:
    """Page size, type size and column widths (points) for one section. Numbers are never cut: when
    the table is too wide for the page at the smallest type, the text columns give up their width
    (and are cut with an ellipsis), the numbers keep theirs."""

    def __init__(self, section: Section, headers: list[list[str]], sample: list[list[str]],
                 totals: list[str] | None) -> None:
        n = len(section.columns)
        pad = 2 * mm
        numeric = [col.kind in RIGHT for col in section.columns]
        for page, size in ((A4, BODY), (landscape(A4), BODY), (landscape(A4), 7.0), (landscape(A4), SMALLEST)):
            widths = []
            for i in range(n):
                w = max(pdf_fonts.text_width(line, size, True) for line in headers[i])
                for cells in sample:
                    w = max(w, pdf_fonts.text_width(cells[i], size))
                if totals is not None:
                    w = max(w, pdf_fonts.text_width(totals[i], size, True))
                widths.append(w + pad)
            inner = page[0] - 2 * MARGIN
            if sum(widths) <= inner:
                break
        if sum(widths) > inner:
            fixed = sum(w for w, num in zip(widths, numeric, strict=True) if num)
            text = sum(w for w, num in zip(widths, numeric, strict=True) if not num)
            room = inner - fixed
            if text and room >= 12 * mm * sum(1 for num in numeric if not num):
                widths = [w if num else w * room / text for w, num in zip(widths, numeric, strict=True)]
            else:                        # not even the numbers fit: everything shares the width
                widths = [w * inner / sum(widths) for w in widths]
        else:                            # spread the spare width so the table spans the page
            spare = (inner - sum(widths)) / n if n else 0.0
            widths = [w + min(spare, 30 * mm) for w in widths]
        self.page = page
        self.size = size
        self.widths = widths
        self.pad = pad
        self.row_h = size * 1.6
        self.header_lines = max(len(h) for h in headers) if headers else 1


class _Pages:
    """The canvas with the running header and footer; a new page on demand."""

    def __init__(self, canvas: Canvas, heading: str, period: str, printed: str) -> None:
        self.c = canvas
        self.heading, self.period, self.printed = heading, period, printed
        self.number = 0
        self.page = A4
        self.y = 0.0

    def new(self, page: tuple[float, float]) -> None:
        if self.number:
            self.c.showPage()
        self.number += 1
        self.page = page
        self.c.setPageSize(page)
        w, h = page
        top = h - MARGIN
        pdf_fonts.draw_text(self.c, MARGIN, top - TITLE, self.heading, TITLE, bold=True)
        pdf_fonts.draw_text(self.c, w - MARGIN, top - TITLE, self.period, 9, align="right")
        self.c.setStrokeGray(0)
        self.c.setLineWidth(0.6)
        self.c.line(MARGIN, top - TITLE - 4, w - MARGIN, top - TITLE - 4)
        self.c.setFillGray(GREY)
        pdf_fonts.draw_text(self.c, MARGIN, MARGIN - 8, self.printed, 7)
        pdf_fonts.draw_text(self.c, w - MARGIN, MARGIN - 8,
                            f"第 {self.number} 页 Page {self.number}", 7, align="right")
        self.c.setFillGray(0)
        self.y = top - TITLE - 16

    @property
    def bottom(self) -> float:
        return MARGIN + 4


def _draw_row(c: Canvas, layout: _Layout, section: Section, cells: list[str], y: float, bold: bool) -> None:
    x = MARGIN
    for col, text, w in zip(section.columns, cells, layout.widths, strict=True):
        text = _fit(text, layout.size, w - layout.pad, bold)
        if col.kind in RIGHT:
            pdf_fonts.draw_text(c, x + w - layout.pad / 2, y, text, layout.size, bold=bold, align="right")
        else:
            pdf_fonts.draw_text(c, x + layout.pad / 2, y, text, layout.size, bold=bold)
        x += w


def _section(pages: _Pages, section: Section, first: bool) -> None:
    headers = [_header_lines(col.header) for col in section.columns]
    rows = [_cells(section, row) for row in section.rows]
    totals = _cells(section, section.totals, True) if section.totals is not None else None
    layout = _Layout(section, headers, rows[:300], totals)
    c = pages.c
    width = sum(layout.widths)

    def head(continued: bool) -> None:
        title = section.title + ("（续）(continued)" if continued else "")
        pdf_fonts.draw_text(c, MARGIN, pages.y - 11, title, 11, bold=True)
        pages.y -= 18
        height = layout.row_h * layout.header_lines
        c.setFillGray(SHADE)
        c.rect(MARGIN, pages.y - height + layout.size * 0.45, width, height, stroke=0, fill=1)
        c.setFillGray(0)
        for k in range(layout.header_lines):
            line = [h[k] if k < len(h) else "" for h in headers]
            _draw_row(c, layout, section, line, pages.y - layout.size - k * layout.row_h, True)
        pages.y -= height
        c.setLineWidth(0.5)
        c.line(MARGIN, pages.y + layout.size * 0.45, MARGIN + width, pages.y + layout.size * 0.45)

    # a section starts on a new page when its page size differs or little room is left
    if first or pages.page != layout.page or pages.y - 18 - 4 * layout.row_h < pages.bottom:
        pages.new(layout.page)
    else:
        pages.y -= 10
    head(False)
    for n, cells in enumerate(rows):
        if pages.y - layout.row_h < pages.bottom:
            pages.new(layout.page)
            head(True)
        if n % 2:
            c.setFillGray(0.975)
            c.rect(MARGIN, pages.y - layout.row_h + layout.size * 0.45, width, layout.row_h, stroke=0, fill=1)
            c.setFillGray(0)
        _draw_row(c, layout, section, cells, pages.y - layout.size, False)
        pages.y -= layout.row_h
    if not rows:
        c.setFillGray(GREY)
        pdf_fonts.draw_text(c, MARGIN + layout.pad / 2, pages.y - layout.size, "（无）(none)", layout.size)
        c.setFillGray(0)
        pages.y -= layout.row_h
    if totals is not None:
        if pages.y - layout.row_h < pages.bottom:
            pages.new(layout.page)
            head(True)
        c.setLineWidth(0.8)
        c.line(MARGIN, pages.y + layout.size * 0.45, MARGIN + width, pages.y + layout.size * 0.45)
        _draw_row(c, layout, section, totals, pages.y - layout.size, True)
        pages.y -= layout.row_h


@pdf_fonts.one_document_at_a_time
def render(sections: Sequence[Section], *, title: str, period: str, school: str = "",
           printed_at: datetime | None = None) -> bytes:
    """The sections as one PDF (see the module's notes)."""
    pdf_fonts.register()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    heading = f"{school}  {title}".strip() if school else title
    c.setTitle(heading)
    c.setAuthor("DormWatt")
    moment = clock.local(printed_at or clock.now())
    pages = _Pages(c, heading, period, "打印于 Printed {when}".format(when=moment.strftime("%Y-%m-%d %H:%M")))
    for n, section in enumerate(sections):
        _section(pages, section, n == 0)
    if not sections:
        pages.new(A4)
    c.showPage()
    c.save()
    return buf.getvalue()
