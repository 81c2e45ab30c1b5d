"""Terms, holidays and the campus rest days in the store, and the calendar block they give a meter.

What a caller may rely on:
- Every change (`set_rest_mask`, `add_term`, `remove_term`, `add_holiday`, `remove_holiday`,
  `import_holidays`) needs `calendar.change` (PermissionDenied otherwise, before anything is read),
  writes one audit record and stages "policies_changed" in the same transaction; bad input raises
  `FieldInvalid` (see app.policies.calendar) and nothing is written.
- The rest-day mask is the business setting "calendar.rest_day_mask" (default 0x60, Saturday and
  Sunday). Holidays entered by hand have source "campus"; an imported file's rows carry the file's
  source, and importing a file of the same source again replaces them all (a corrected table
  re-imports cleanly). The source "campus" cannot be imported over.
- `shipped_tables()` lists the official tables DormWatt ships (resources/holidays/cn-<year>.json),
  ready for `import_holidays(store, actor, path.read_bytes(), path.name)`.
- `calendar_plan(s, today)` is `calendar.meter_calendar` over what the store holds.
Read functions take a Session or a Store.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

import resources
from app import audit, events, settings_store
from app.access import Actor, require
from app.errors import FieldInvalid, NotFound
from app.policies.calendar import (
    CalendarPlan,
    HolidayEntry,
    TermSpan,
    check_holiday,
    check_rest_mask,
    check_term,
    meter_calendar,
    parse_holiday_file,
)
from app.policies.model import DEFAULT_REST_MASK
from db.engine import Store
from db.models_power import Holiday, Term

REST_MASK_SETTING = "calendar.rest_day_mask"
CAMPUS_SOURCE = "campus"
PERMISSION = "calendar.change"
TOPIC = "policies_changed"
MAX_NAME = 64


@dataclass(frozen=True)
class TermRow:
    id: int
    name: str
    first_day: date
    last_day: date


@dataclass(frozen=True)
class HolidayRow:
    id: int
    name: str
    first_day: date
    last_day: date
    kind: str
    source: str


@dataclass(frozen=True)
class ImportResult:
    source: str
    added: int
    replaced: int


def _session(fn):
    """Let a read function take a Store as well as a Session."""
    @functools.wraps(fn)
    def wrapper(s, *args, **kwargs):
        if isinstance(s, Store):
            with s.read() as session:
                return fn(session, *args, **kwargs)
        return fn(s, *args, **kwargs)
    return wrapper


def shipped_tables() -> list[Path]:
    """The shipped official holiday tables, earliest year first (see resources/holidays/README.md)."""
    return sorted((resources.ROOT / "holidays").glob("cn-*.json"))


# --- reading ---------------------------------------------------------------------------------------

@_session
def rest_mask(s: Session) -> int:
    """The campus rest days, bit 0 Monday … bit 6 Sunday."""
    return int(settings_store.get(s, REST_MASK_SETTING, DEFAULT_REST_MASK))


@_session
def terms(s: Session) -> list[TermRow]:
    """Every term, earliest first."""
    return [TermRow(t.id, t.name, t.first_day, t.last_day)
            for t in s.scalars(select(Term).order_by(Term.first_day, Term.id))]


@_session
def holidays(s: Session) -> list[HolidayRow]:
    """Every holiday range and swapped working day, earliest first."""
    return [HolidayRow(h.id, h.name, h.first_day, h.last_day, h.kind, h.source)
            for h in s.scalars(select(Holiday).order_by(Holiday.first_day, Holiday.kind, Holiday.id))]


@_session
def calendar_plan(s: Session, today: date) -> CalendarPlan:
    """The §8 block every meter must hold on `today` (app.policies.calendar.meter_calendar)."""
    spans = [TermSpan(t.name, t.first_day, t.last_day) for t in terms(s)]
    entries = [HolidayEntry(h.name, h.first_day, h.last_day, h.kind) for h in holidays(s)]
    return meter_calendar(spans, entries, rest_mask(s), today)


# --- changing --------------------------------------------------------------------------------------

def set_rest_mask(store: Store, actor: Actor, mask: int) -> None:
    """Set the campus rest days (bit 0 Monday … bit 6 Sunday)."""
    require(actor, PERMISSION)
    check_rest_mask(mask)
    with store.write() as s:
        settings_store.put(s, actor, REST_MASK_SETTING, int(mask), default=DEFAULT_REST_MASK)
        events.stage(s, TOPIC, what="rest_mask")


def add_term(store: Store, actor: Actor, name: str, first_day: date, last_day: date) -> int:
    require(actor, PERMISSION)
    name = (name or "").strip()
    check_term(TermSpan(name, first_day, last_day))
    _check_name_length(name)
    with store.write() as s:
        if s.scalar(select(func.count(Term.id)).where(Term.name == name)):
            raise FieldInvalid(f"There is already a term called “{name}”.", field="name")
        term = Term(name=name, first_day=first_day, last_day=last_day)
        s.add(term)
        s.flush()
        audit.record(s, actor, "calendar.term.add", "term", term.id, None,
                     {"name": name, "first_day": first_day, "last_day": last_day})
        events.stage(s, TOPIC, ids=[term.id], what="term")
        return term.id


def remove_term(store: Store, actor: Actor, term_id: int) -> None:
    require(actor, PERMISSION)
    with store.write() as s:
        term = s.get(Term, term_id)
        if term is None:
            raise NotFound(f"Term {term_id} does not exist.")
        before = {"name": term.name, "first_day": term.first_day, "last_day": term.last_day}
        s.delete(term)
        audit.record(s, actor, "calendar.term.remove", "term", term_id, before, None)
        events.stage(s, TOPIC, ids=[term_id], what="term")


def add_holiday(store: Store, actor: Actor, name: str, first_day: date, last_day: date, kind: str = "off") -> int:
    """A holiday range (kind "off") or a swapped working day (kind "work") of the campus's own."""
    require(actor, PERMISSION)
    name = (name or "").strip()
    check_holiday(HolidayEntry(name, first_day, last_day, kind))
    _check_name_length(name)
    with store.write() as s:
        row = Holiday(name=name, first_day=first_day, last_day=last_day, kind=kind, source=CAMPUS_SOURCE)
        s.add(row)
        s.flush()
        audit.record(s, actor, "calendar.holiday.add", "holiday", row.id, None,
                     {"name": name, "first_day": first_day, "last_day": last_day, "kind": kind})
        events.stage(s, TOPIC, ids=[row.id], what="holiday")
        return row.id


def remove_holiday(store: Store, actor: Actor, holiday_id: int) -> None:
    require(actor, PERMISSION)
    with store.write() as s:
        row = s.get(Holiday, holiday_id)
        if row is None:
            raise NotFound(f"Holiday {holiday_id} does not exist.")
        before = {"name": row.name, "first_day": row.first_day, "last_day": row.last_day, "kind": row.kind,
                  "source": row.source}
        s.delete(row)
        audit.record(s, actor, "calendar.holiday.remove", "holiday", holiday_id, before, None)
        events.stage(s, TOPIC, ids=[holiday_id], what="holiday")


def import_holidays(store: Store, actor: Actor, data: bytes, filename: str) -> ImportResult:
    """Read a holiday file (app.policies.calendar.parse_holiday_file) and put its entries in place
    of every row of the same source, in one transaction: a bad file changes nothing."""
    require(actor, PERMISSION)
    table = parse_holiday_file(data, filename)
    if table.source == CAMPUS_SOURCE:
        raise FieldInvalid("The source “campus” is kept for holidays entered by hand; give the file "
                           "another source.", field="file")
    with store.write() as s:
        replaced = s.execute(delete(Holiday).where(Holiday.source == table.source)).rowcount or 0
        for e in table.entries:
            s.add(Holiday(name=e.name, first_day=e.first_day, last_day=e.last_day, kind=e.kind,
                          source=table.source))
        audit.record(s, actor, "calendar.holiday.import", "holiday", None, {"source": table.source,
                     "rows": replaced}, {"source": table.source, "rows": len(table.entries), "file": filename})
        events.stage(s, TOPIC, what="holidays", source=table.source)
    return ImportResult(table.source, len(table.entries), replaced)


def _check_name_length(name: str) -> None:
    if len(name) > MAX_NAME:
        raise FieldInvalid("A name has at most 64 characters.", field="name")
