"""The one place DormWatt learns the time, and the campus time zone.

What a caller may rely on:
- `now()` is an aware UTC datetime from the clock in use; `today()` is its campus (Asia/Shanghai)
  date. Nothing else in app/, db/ or ui/ reads the wall clock: tests pin the time with
  `use(FixedClock(...))` and every date-dependent path follows, database column defaults included.
- `campus_date(moment)` turns an aware datetime into its campus date (a plain date is returned as it
  is; a naive datetime is refused), `day_start(day)` is the first instant of a campus day, and
  `local(moment)` is an aware datetime shown in campus time.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.errors import InvalidInput
from db import base as _db_base

try:
    CAMPUS_TZ: timezone | ZoneInfo = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # pragma: no cover - Windows without the tzdata package
    # China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact here.
    CAMPUS_TZ = timezone(timedelta(hours=8), "CST")


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The machine's clock (the only reader of the wall time in the program)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until told otherwise (tests, replays)."""

    def __init__(self, at: datetime) -> None:
        self.set(at)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("a FixedClock needs an aware datetime")
        self._at = at.astimezone(UTC)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._at += delta if delta is not None else timedelta(**kwargs)
        return self._at

    def now(self) -> datetime:
        return self._at


class RunningClock:
    """A clock that starts at a chosen instant and then runs at the machine's pace (tests of live
    behaviour on a pinned date; a training room replaying a day)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("a RunningClock needs an aware datetime")
        self._start = start.astimezone(UTC)
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._t0)


_current: Clock = SystemClock()


def now() -> datetime:
    """The current instant, aware, in UTC."""
    return _current.now()


def today() -> date:
    """The current campus date."""
    return campus_date(_current.now())


def install(clock: Clock) -> Clock:
    """Make `clock` the program's clock (database defaults included); returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    _db_base.set_time_source(clock.now)
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """Run a block with `clock` as the program's clock."""
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)


def campus_date(moment: date) -> date:
    """The campus (Asia/Shanghai) date of an aware datetime; a plain date is returned as it is.

    A naive datetime is refused: its zone is unknown, so its day is too."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInput("A time without a time zone cannot be placed on a campus day.")
        return moment.astimezone(CAMPUS_TZ).date()
    return moment


def day_start(day: date) -> datetime:
    """The first instant of a campus day, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=CAMPUS_TZ)


def local(moment: datetime) -> datetime:
    """An aware datetime in campus time (for showing to people)."""
    return moment.astimezone(CAMPUS_TZ)


def campus_moment(wall: datetime) -> datetime:
    """A wall-clock time read on the campus (a naive datetime from a date-time field) as an aware one."""
    return wall.replace(tzinfo=CAMPUS_TZ)
