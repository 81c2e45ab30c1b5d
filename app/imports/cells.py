"""Each cell of an imported file converted once, the way offices fill them in: every converter takes
what the reader found (str for CSV; str, int, float, datetime, ... for .xlsx) and returns the value or
raises CellError with a sentence a clerk can act on (no row number: the engine adds it).

- `text_id` (student numbers, phone numbers): text stays text, leading zeros kept; a number Excel
  stored is taken as its digits when it is a whole number Excel holds exactly, and refused when it was
  shown in scientific notation or had digits cut off (1.23E+17 is not anybody's student number);
- `day`: dates as offices write them — a real date cell, 2026-09-01, 2026/9/1, 2026.9.1, 20260901,
  2026年9月1日; day-first or month-first orders (01/09/2026) are refused as ambiguous;
- `money`: through `Money.from_cell`, exactly (12.345 and "12,50" refused, never rounded or misread);
- `choice`: one of a few words in Chinese or English (男/女/M/F/male/female);
- `text`: trimmed text with a length limit.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime

from app.counter.money import Money
from app.errors import InvalidAmount, InvalidInput

MAX_EXACT = 10**15          # a double holds every whole number below this exactly


class CellError(InvalidInput):
    """A cell that cannot be used: the message says why and what to do."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object, *, limit: int = 64) -> str:
    if blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    out = str(value).strip()
    if len(out) > limit:
        raise CellError(f"“{out[:20]}…” is too long: at most {limit} characters.")
    return out


_SCI = re.compile(r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$")


def text_id(value: object, *, what: str = "number", limit: int = 32) -> str:
    """Digits (and letters) kept as text: leading zeros stay; numbers Excel stored become their digits."""
    if blank(value):
        return ""
    if isinstance(value, bool):
        raise CellError(f"The {what} cell holds TRUE/FALSE, not a {what}.")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise CellError(f"The {what} {value!r} is not a whole number; format the column as Text and type it again.")
        if abs(value) >= MAX_EXACT:
            raise CellError(f"The {what} {value:.6g} was stored by Excel as a number too long to keep every digit; "
                            "format the column as Text and type it again.")
        value = int(value)
    if isinstance(value, int):
        if abs(value) >= MAX_EXACT:
            raise CellError(f"The {what} {value} is longer than Excel keeps exactly; format the column as Text and "
                            "type it again.")
        return str(value)
    out = str(value).strip()
    if _SCI.match(out):
        raise CellError(f"The {what} “{out}” is in scientific notation (Excel showed a long number that way and "
                        "lost digits); format the column as Text and type it again.")
    if len(out) > limit:
        raise CellError(f"The {what} “{out[:20]}…” is too long: at most {limit} characters.")
    return out


_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_OTHER_ORDER = re.compile(r"^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2,4})$")


def day(value: object) -> date | None:
    """A date (None for an empty cell)."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(f"“{value}” is a number, not a date; write dates as 2026-09-01 or format the column as Date.")
    s = str(value).strip()
    if " " in s and _YMD.match(s.split(" ")[0]) and re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", s.split(" ", 1)[1]):
        s = s.split(" ")[0]          # "2026-09-01 00:00:00", as a CSV saved from Excel has it
    m = _YMD.match(s) or _COMPACT.match(s)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise CellError(f"“{s}” is not a day of the calendar.") from None
    if _OTHER_ORDER.match(s):
        raise CellError(f"“{s}” could be day/month or month/day; write dates year first, as 2026-09-01.")
    raise CellError(f"“{s}” is not a date; write dates as 2026-09-01.")


def money(value: object) -> Money:
    try:
        return Money.from_cell(value)
    except InvalidAmount as exc:
        raise CellError(str(exc)) from None


def choice(value: object, words: Mapping[str, str], *, what: str) -> str:
    """The code `words` maps the cell's word to (case and surrounding spaces ignored)."""
    if blank(value):
        return ""
    key = str(value).strip().casefold()
    for word, code in words.items():
        if key == word.casefold():
            return code
    shown = " / ".join(dict.fromkeys(words))
    raise CellError(f"“{str(value).strip()}” is not a {what}: write one of {shown}.")


GENDER_WORDS = {"男": "M", "女": "F", "M": "M", "F": "F", "male": "M", "female": "F"}
