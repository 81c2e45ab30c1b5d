"""Fonts for every PDF the program writes: the project's CJK font plus a Latin companion, both embedded.

The CJK font (resources.CJK_FONT, registered as resources.CJK_FAMILY) has Chinese but no Latin letters,
digits or ¥, so text is split into runs: what Bitstream Vera (shipped inside reportlab) has is set in
Vera, everything else in the CJK font. Both are embedded as TrueType subsets with a ToUnicode map, so
the PDF renders on any machine and its text extracts back (pypdf, copy and paste).

Registration happens once per process, under a lock; any thread may then measure and draw. Callers use
`draw_text`, `text_width` and `wrap` on a canvas, or `markup` inside a platypus Paragraph.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import ParamSpec
from xml.sax.saxutils import escape

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

import resources

CJK = resources.CJK_FAMILY                 # the name the CJK font is registered under
LATIN = "DormWatt Vera"
LATIN_BOLD = "DormWatt Vera Bold"
P = ParamSpec("P")
_VERA = Path(reportlab.__file__).resolve().parent / "fonts"

_lock = threading.Lock()
# reportlab keeps each embedded font's subset (which glyphs a document uses) on the shared TTFont
# object, so two documents built at once on two threads can corrupt it (seen as a KeyError from the
# subsetter). Every document is built under this lock; a receipt takes a few milliseconds.
_building = threading.RLock()
_latin_chars: frozenset[int] = frozenset()
_registered = False


def one_document_at_a_time(render: Callable[P, bytes]) -> Callable[P, bytes]:
    """Decorator for the functions that build a PDF with these fonts (see `_building`)."""
    @functools.wraps(render)
    def serialized(*args: P.args, **kwargs: P.kwargs) -> bytes:
        with _building:
            return render(*args, **kwargs)
    return serialized


def register() -> str:
    """Register the fonts with reportlab (once; later calls are free) and return the CJK font name.

    Raises FileNotFoundError if the font files are missing from the installation."""
    global _registered, _latin_chars
    if _registered:
        return CJK
    with _lock:
        if not _registered:
            # asciiReadable=False: embed only the glyphs used, not all of ASCII (half the bytes and
            # half the time of a receipt).
            cjk = TTFont(CJK, str(resources.CJK_FONT), asciiReadable=False)
            latin = TTFont(LATIN, str(_VERA / "Vera.ttf"), asciiReadable=False)
            latin_bold = TTFont(LATIN_BOLD, str(_VERA / "VeraBd.ttf"), asciiReadable=False)
            for font in (cjk, latin, latin_bold):
                pdfmetrics.registerFont(font)
            # One rule, whatever Vera has goes to Vera, keeps widths and text extraction predictable.
            _latin_chars = frozenset(latin.face.charToGlyph) - {0}
            _registered = True
    return CJK


@lru_cache(maxsize=4096)
def runs(text: str, bold: bool = False) -> tuple[tuple[str, str], ...]:
    """`text` cut into (font name, piece) runs: Latin pieces in Vera (bold if asked), the rest in the
    CJK font. Concatenating the pieces gives `text` back."""
    register()
    latin = LATIN_BOLD if bold else LATIN
    out: list[tuple[str, str]] = []
    for ch in text:
        font = latin if ord(ch) in _latin_chars else CJK
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return tuple(out)


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in points at `size` points, as `draw_text` sets it."""
    return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs(text, bold))


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False,
              align: str = "left") -> float:
    """Draw one line of `text` with its baseline at y; align "left" (from x), "right" (ending at x)
    or "centre" (centred on x). Chinese in bold is thickened with a stroke, since the CJK font has no
    bold face. Returns the width drawn."""
    width = text_width(text, size, bold)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    t = canvas.beginText(x, y)
    for font, piece in runs(text, bold):
        t.setFont(font, size)
        if bold:
            t.setTextRenderMode(2 if font == CJK else 0)      # 2: fill and stroke
        t.textOut(piece)
    canvas.saveState()
    if bold:
        canvas.setLineWidth(size * 0.035)
    canvas.drawText(t)
    canvas.restoreState()
    return width


def watermark(canvas: Canvas, width: float, height: float, text: str) -> None:
    """A large pale diagonal `text` (副本 COPY, 培训 TRAINING) across a `width` × `height` page, behind
    what is drawn after it; as large as 64 pt, smaller when the page is narrower than the text."""
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFillGray(0.9)
    size = min(64, 64 * width * 0.95 / text_width(text, 64))
    draw_text(canvas, 0, 0, text, size, align="centre")
    canvas.restoreState()


def wrap(text: str, size: float, max_width: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than max_width: between Chinese characters anywhere, Latin
    text at spaces (a Latin word longer than a line is cut). Explicit newlines are kept; an empty
    text gives one empty line."""
    if "\n" not in text and text_width(text.rstrip(), size, bold) <= max_width:
        return [text.rstrip()]                # the common case: it fits (what the loop below would find)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, size, max_width, bold))
    return lines


def _tokens(text: str) -> list[str]:
    # A token is one CJK character, or a Latin word with the spaces after it.
    out: list[str] = []
    for ch in text:
        latin = ord(ch) in _latin_chars and ch != " "
        if out and latin and out[-1][-1] != " " and ord(out[-1][-1]) in _latin_chars:
            out[-1] += ch
        elif ch == " " and out:
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _wrap_paragraph(text: str, size: float, max_width: float, bold: bool) -> list[str]:
    register()
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if text_width((line + token).rstrip(), size, bold) <= max_width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while text_width(line.rstrip(), size, bold) > max_width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and text_width(line[:cut], size, bold) > max_width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    lines.append(line.rstrip())
    return lines


def markup(text: str, bold: bool = False) -> str:
    """`text` as platypus Paragraph markup with each run in its font (escaped; newlines become <br/>)."""
    parts = []
    for font, piece in runs(text, bold):
        parts.append(f'<font face="{font}">{escape(piece).replace(chr(10), "<br/>")}</font>')
    return "".join(parts)
