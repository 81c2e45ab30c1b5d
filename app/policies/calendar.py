"""The term calendar a meter must hold (spec §8), worked out from terms, holidays and the rest-day
mask; and the holiday files the office imports. Pure: no store, no clock, no wire.

What a caller may rely on, `meter_calendar(terms, holidays, rest_mask, today)`:

- **Term.** The term containing `today`, else the next one to start (between terms every day up to
  its start is a holiday on the meter: the campus is on vacation). With no current or future term
  the meters still get a term calendar: a synthetic term "all year" from `today` to `today` + 365,
  so that official holidays apply all the same; `notes` says so. The block is then the same for a
  whole day and changes when the date does.
- **Holiday ranges** ("off" entries): those overlapping the term, clipped to it, ending on or after
  `today`; overlapping or adjacent ones merged (their names joined with " / "); sorted. The meter
  holds 16: the first 16 are `sent`, the rest `dropped`, with a note. Ranges that have passed fall
  out of the block, so the runtime's daily re-push sends dropped ranges once earlier ones are over.
- **Swapped working days** ("work" entries, 调休: a Saturday or Sunday that is a working day). The
  meter has no such notion, so DormWatt changes the rest-day mask for a short while: **on the day
  before a swapped day and on the swapped day itself, the mask pushed is the campus mask with that
  weekday's bit cleared; from the day after, the normal mask again.** The runtime re-pushes the
  calendar when the date changes, so the meters hold the cleared mask from the start of the day
  before (well ahead of 00:00 of the swapped day, even on a slow line) until the day after, when
  the weekday bit is restored before the same weekday comes round again. A swapped day outside the
  term or inside a holiday range has no effect (a holiday stays a holiday). `swapped` lists the
  swapped days still to come that take effect; the mask in `calendar` already includes the change.
- **Bad input** raises `app.errors.FieldInvalid` with `field=` "last_day" (a term or range ending
  before it starts), "name" (an empty name), "kind" (not "off" or "work"), "rest_mask" (outside
  0..0x7F). Nothing else is refused.

Holiday files, `parse_holiday_file(data, filename)` (also resources/holidays/README.md):

- JSON: ``{"source": "cn-2026", "year": 2026, "holidays": [{"name": "国庆节", "first_day":
  "2026-10-01", "last_day": "2026-10-07", "kind": "off"}, ...]}``; "kind" is "off" (default) or
  "work"; "source" defaults to the file name without extension; other keys are ignored.
- CSV: a header ``name,first_day,last_day,kind`` (any order, more columns ignored), one entry a row;
  the source is the file name without extension.
- UTF-8 with or without BOM, or GBK; dates ISO (2026-10-01); at most 1 MB. Anything else raises
  `FieldInvalid(..., field="file")` naming the line (CSV) or entry (JSON).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from app.errors import FieldInvalid
from app.policies.model import MAX_HOLIDAY_RANGES
from drivers.bus_clock import day_number
from drivers.ddsy_records import Calendar

KINDS = ("off", "work")
MAX_FILE_BYTES = 1 << 20
MAX_NAME = 64
ALL_YEAR = "all year"
COLUMNS = ("name", "first_day", "last_day", "kind")

# Sentences for `CalendarPlan.notes` (registered for translation: APP_MESSAGE_TABLES).
NOTES = {
    "no_term": "No term is set: the meters treat {first} to {last} as one term (“all year”), so official "
               "holidays still apply.",
    "before_term": "Between terms: the meters treat every day before {first} as a holiday (the next term "
                   "starts then).",
    "dropped": "{count} holiday range(s) beyond the meter's 16 are not sent yet; they are sent once earlier "
               "ones have passed (the calendar is pushed again every day).",
    "swapped": "{day} is a swapped working day: the meters treat it as a workday from the day before.",
    "swapped_ignored": "{day} is a swapped working day inside a holiday range: it changes nothing.",
}
# Where in a file a problem is, filled into the problem's sentence (registered for translation too).
PLACES = {"line": "Line {n}", "entry": "Entry {n}"}


@dataclass(frozen=True)
class HolidayEntry:
    name: str
    first_day: date
    last_day: date
    kind: str = "off"          # "off", or "work": a swapped working day (调休)


@dataclass(frozen=True)
class HolidayTable:
    source: str
    entries: tuple[HolidayEntry, ...]


@dataclass(frozen=True)
class TermSpan:
    name: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class CalendarPlan:
    calendar: Calendar
    term: TermSpan | None
    sent: tuple[tuple[date, date, str], ...]
    dropped: tuple[tuple[date, date, str], ...]
    swapped: tuple[date, ...]
    notes: tuple[str, ...]


def check_term(term: TermSpan) -> None:
    if not term.name.strip():
        raise FieldInvalid("A term needs a name.", field="name")
    if term.last_day < term.first_day:
        raise FieldInvalid(f"Term “{term.name}” ends before it starts.", field="last_day")


def check_holiday(h: HolidayEntry) -> None:
    if not h.name.strip():
        raise FieldInvalid("A holiday needs a name.", field="name")
    if h.last_day < h.first_day:
        raise FieldInvalid(f"Holiday “{h.name}” ends before it starts.", field="last_day")
    if h.kind not in KINDS:
        raise FieldInvalid(f"Holiday “{h.name}” is neither a day off nor a swapped working day.", field="kind")


def check_rest_mask(mask: int) -> None:
    if isinstance(mask, bool) or not isinstance(mask, int) or not 0 <= mask <= 0x7F:
        raise FieldInvalid("The rest days are a set of weekdays (a mask from 0 to 0x7F).", field="rest_mask")


def select_term(terms: Sequence[TermSpan], today: date) -> TermSpan | None:
    """The term containing `today` (the earliest-starting one if several do), else the next to start."""
    ordered = sorted(terms, key=lambda t: (t.first_day, t.last_day))
    current = [t for t in ordered if t.first_day <= today <= t.last_day]
    if current:
        return current[0]
    return next((t for t in ordered if t.first_day > today), None)


def merge_ranges(ranges: Sequence[tuple[date, date, str]]) -> list[tuple[date, date, str]]:
    """Sorted, with overlapping or adjacent ranges merged (distinct names joined with " / ")."""
    out: list[tuple[date, date, list[str]]] = []
    for first, last, name in sorted(ranges):
        if out and first <= out[-1][1] + timedelta(days=1):
            a, b, names = out[-1]
            if name not in names:
                names.append(name)
            out[-1] = (a, max(b, last), names)
        else:
            out.append((first, last, [name]))
    return [(a, b, " / ".join(names)) for a, b, names in out]


def meter_calendar(terms: Sequence[TermSpan], holidays: Sequence[HolidayEntry], rest_mask: int,
                   today: date) -> CalendarPlan:
    """The §8 block a meter must hold on `today` (rules in the module docstring)."""
    check_rest_mask(rest_mask)
    for t in terms:
        check_term(t)
    for h in holidays:
        check_holiday(h)
    notes: list[str] = []
    term = select_term(terms, today)
    span = term
    if term is None:
        span = TermSpan(ALL_YEAR, today, today + timedelta(days=365))
        notes.append(NOTES["no_term"].format(first=span.first_day.isoformat(), last=span.last_day.isoformat()))
    elif term.first_day > today:
        notes.append(NOTES["before_term"].format(first=term.first_day.isoformat()))
    assert span is not None
    clipped = [(max(h.first_day, span.first_day), min(h.last_day, span.last_day), h.name)
               for h in holidays if h.kind == "off"
               and h.first_day <= span.last_day and h.last_day >= span.first_day]
    ranges = [r for r in merge_ranges(clipped) if r[1] >= today]
    sent, dropped = tuple(ranges[:MAX_HOLIDAY_RANGES]), tuple(ranges[MAX_HOLIDAY_RANGES:])
    if dropped:
        notes.append(NOTES["dropped"].format(count=len(dropped)))
    all_off = merge_ranges(clipped)
    mask = rest_mask
    swapped: list[date] = []
    for day in sorted({d for h in holidays if h.kind == "work" for d in _days(h) if d >= today}):
        if not span.first_day <= day <= span.last_day:
            continue        # the campus is on vacation then: nothing to change
        if any(a <= day <= b for a, b, _ in all_off):
            notes.append(NOTES["swapped_ignored"].format(day=day.isoformat()))
            continue
        swapped.append(day)
        if day - timedelta(days=1) <= today <= day:
            mask &= ~(1 << day.weekday())
            notes.append(NOTES["swapped"].format(day=day.isoformat()))
    calendar = Calendar(True, day_number(span.first_day), day_number(span.last_day), mask,
                        tuple((day_number(a), day_number(b)) for a, b, _ in sent))
    return CalendarPlan(calendar, span, sent, dropped, tuple(swapped), tuple(notes))


def _days(h: HolidayEntry) -> list[date]:
    return [h.first_day + timedelta(days=k) for k in range((h.last_day - h.first_day).days + 1)]


# --- holiday files ---------------------------------------------------------------------------------

def parse_holiday_file(data: bytes, filename: str) -> HolidayTable:
    """A holiday file read whole (format in the module docstring); FieldInvalid(field="file") naming
    the line or entry at the first problem."""
    if len(data) > MAX_FILE_BYTES:
        raise FieldInvalid("The holiday file is larger than 1 MB.", field="file")
    text = _decode(data).strip()
    if not text:
        raise FieldInvalid("The holiday file is empty.", field="file")
    suffix = PurePath(filename).suffix.lower()
    stem = PurePath(filename).stem[:MAX_NAME] or "file"
    if suffix == ".json" or (suffix != ".csv" and text.startswith(("{", "["))):
        table = _parse_json(text, stem)
    elif suffix == ".csv" or "," in text.splitlines()[0]:
        table = HolidayTable(stem, _parse_csv(text))
    else:
        raise FieldInvalid("The holiday file is neither JSON nor CSV.", field="file")
    if not table.entries:
        raise FieldInvalid("The holiday file lists no holidays.", field="file")
    return table


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FieldInvalid("The holiday file is neither UTF-8 nor GBK text.", field="file")


def _parse_json(text: str, stem: str) -> HolidayTable:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise FieldInvalid(f"The holiday file is not valid JSON (line {e.lineno}).", field="file") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("holidays"), list):
        raise FieldInvalid("The holiday file needs a “holidays” list.", field="file")
    source = doc.get("source", stem)
    if not isinstance(source, str) or not source.strip() or len(source) > MAX_NAME:
        raise FieldInvalid("The holiday file's source must be a name of 1 to 64 characters.", field="file")
    entries = []
    for n, item in enumerate(doc["holidays"], 1):
        where = PLACES["entry"].format(n=n)
        if not isinstance(item, dict):
            raise FieldInvalid(f"{where}: not an object with name, first_day, last_day and kind.", field="file")
        entries.append(_entry(where, item.get("name"), item.get("first_day"), item.get("last_day"),
                              item.get("kind", "off")))
    return HolidayTable(source.strip(), tuple(entries))


def _parse_csv(text: str) -> tuple[HolidayEntry, ...]:
    rows = csv.reader(io.StringIO(text))
    header = [c.strip().lower() for c in next(rows)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise FieldInvalid(f"{PLACES['line'].format(n=1)}: the header lacks the column(s) {', '.join(missing)} "
                           "(name,first_day,last_day,kind).", field="file")
    at = {c: header.index(c) for c in COLUMNS}
    entries = []
    for row in rows:
        if not any(c.strip() for c in row):
            continue
        where = PLACES["line"].format(n=rows.line_num)
        if len(row) < len(header):
            raise FieldInvalid(f"{where}: {len(row)} of {len(header)} columns.", field="file")
        entries.append(_entry(where, *(row[at[c]].strip() for c in COLUMNS)))
    return tuple(entries)


def _entry(where: str, name: object, first: object, last: object, kind: object) -> HolidayEntry:
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > MAX_NAME:
        raise FieldInvalid(f"{where}: the name must be 1 to 64 characters.", field="file")
    first_day, last_day = _date(where, first), _date(where, last)
    if last_day < first_day:
        raise FieldInvalid(f"{where}: “{name.strip()}” ends before it starts.", field="file")
    if kind not in KINDS:
        raise FieldInvalid(f"{where}: the kind “{kind}” is neither off nor work.", field="file")
    return HolidayEntry(name.strip(), first_day, last_day, str(kind))


def _date(where: str, value: object) -> date:
    try:
        if isinstance(value, str) and len(value.strip()) == 10:
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise FieldInvalid(f"{where}: “{value}” is not a date (write 2026-10-01).", field="file")
