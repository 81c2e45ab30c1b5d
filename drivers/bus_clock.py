"""Keeping the meters' clocks right (DDSY §12, LXSY §2): the bus worker's bookkeeping of it.

The meters keep U32 seconds since 2000-01-01 00:00:00 *local* time (no daylight saving), and their
schedules, calendars and trips-today counts run on it; after a power loss a meter's clock runs on
from its stored value with the "clock not set" status bit up, and its schedules are suspended
until the clock is written.

The bus sets clocks in three ways, each reported to the listener as a ``ClockSet``:
- a broadcast to the whole line when the bus starts and then every ``broadcast_every_s`` (daily);
- one meter at a time when its billing snapshot shows the "clock not set" bit;
- one meter at a time when its snapshot's clock is more than ``tolerance_s`` (60 s) away from
  ``meter_time()``. Every billing snapshot carries the meter's clock, so this check costs no
  wire time at all and also covers a start without broadcasts.
A meter that was just set is not set again for ``hold_s`` (a meter that ignores the write must
not cost a write per poll).

``ClockKeeper`` does no I/O and is not thread-safe: the bus calls it with its lock held. Times
called ``now`` are monotonic seconds; ``meter_time`` is injected (drivers read no wall clock).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

CLOCK_EPOCH = dt.datetime(2000, 1, 1)
TOLERANCE_S = 60
"""§12: a write that moves the clock by more than this logs event 17; so does our correction."""
DAY_S = 86_400.0
START, DAILY, NOT_SET, DRIFT = "start", "daily", "not_set", "drift"


def day_number(day: dt.date) -> int:
    """A date as the meter's U16 day number (days since 2000-01-01, spec §1 data types)."""
    return (day - CLOCK_EPOCH.date()).days


def day_date(number: int) -> dt.date:
    """The date of a meter day number."""
    return CLOCK_EPOCH.date() + dt.timedelta(days=number)


def meter_seconds(local: dt.datetime) -> int:
    """The meters' clock value for a wall-clock time on campus: seconds since 2000-01-01 00:00
    local. Only the date and time fields are used (any tzinfo is ignored), so pass an aware time
    converted to the campus zone, or a naive local one."""
    return int((local.replace(tzinfo=None) - CLOCK_EPOCH).total_seconds())


@dataclass(frozen=True)
class ClockSet:
    """A clock write the bus made. ``address`` is None for a broadcast to every meter on the
    line. ``reason`` is "start" or "daily" (broadcasts), "not_set" (the meter reported its clock
    not set) or "drift" (off by more than 60 s); ``meter_clock_s`` is what the meter showed
    before a per-meter set."""

    address: int | None
    seconds: int
    reason: str
    meter_clock_s: int | None = None

    @property
    def drift_s(self) -> int | None:
        """How far the meter was ahead (positive) or behind before a per-meter set."""
        return None if self.meter_clock_s is None else self.meter_clock_s - self.seconds


class ClockKeeper:
    """When the bus sets which clocks (see the module docstring)."""

    def __init__(self, meter_time: Callable[[], int], *, broadcast_every_s: float | None = DAY_S,
                 tolerance_s: int = TOLERANCE_S, hold_s: float = 300.0) -> None:
        self.meter_time = meter_time
        self.broadcast_every_s = broadcast_every_s
        self.tolerance_s = tolerance_s
        self.hold_s = hold_s
        self.next_broadcast_at = 0.0 if broadcast_every_s is not None else math.inf
        self.broadcasts = 0
        self._held_until: dict[int, float] = {}

    def broadcast_due(self, now: float) -> str | None:
        """"start" or "daily" when a broadcast is due now (and counts it as made), else None."""
        if self.broadcast_every_s is None or now < self.next_broadcast_at:
            return None
        self.next_broadcast_at = now + self.broadcast_every_s
        self.broadcasts += 1
        return START if self.broadcasts == 1 else DAILY

    def check(self, address: int, *, not_set: bool, meter_clock_s: int, now: float) -> str | None:
        """Whether the meter's clock must be set after this snapshot: the reason, or None."""
        if now < self._held_until.get(address, -math.inf):
            return None
        if not_set:
            reason = NOT_SET
        elif abs(meter_clock_s - self.meter_time()) > self.tolerance_s:
            reason = DRIFT
        else:
            return None
        self._held_until[address] = now + self.hold_s
        return reason

    def forget(self, address: int) -> None:
        self._held_until.pop(address, None)
