"""Calendar and branch-schedule rules of the DDSY1946A-13 (spec §8, §9), as pure functions.

Day numbers count from 2000-01-01 (a Saturday); minutes are minutes since midnight. Callers may
rely on these functions being deterministic and free of meter state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

UNUSED = 0xFFFF
PERIODS = 8

FLAG_ENABLED = 1 << 0
FLAG_HOLIDAY_OFF = 1 << 1
FLAG_LOW_POWER = 1 << 2
FLAG_STANDBY = 1 << 3


def weekday(day: int) -> int:
    """Weekday of a day number, 0 = Monday ... 6 = Sunday (day 0, 2000-01-01, was a Saturday)."""
    return (day + 5) % 7


@dataclass(frozen=True)
class Calendar:
    """The §8 registers in a form the meter evaluates once a minute."""

    term_enabled: bool = False
    term_start: int = 0
    term_end: int = 0
    rest_mask: int = 0x0060
    holidays: tuple[tuple[int, int], ...] = ()  # only the counted ranges

    @classmethod
    def from_params(cls, params: Mapping[str, int]) -> Calendar:
        count = min(params["holiday_count"], 16)
        return cls(
            term_enabled=params["term_enabled"] == 1,
            term_start=params["term_start"],
            term_end=params["term_end"],
            rest_mask=params["rest_day_mask"],
            holidays=tuple((params[f"holiday{k}_start"], params[f"holiday{k}_end"]) for k in range(count)),
        )

    def is_holiday(self, day: int) -> bool:
        """Holiday: term calendar on and the day outside the term or inside a counted range."""
        if not self.term_enabled:
            return False
        if day < self.term_start or day > self.term_end:
            return True
        return any(lo <= day <= hi for lo, hi in self.holidays)

    def in_term(self, day: int) -> bool:
        """Status bit 5: the term calendar is on and the day lies inside the term."""
        return self.term_enabled and self.term_start <= day <= self.term_end

    def is_rest_day(self, day: int) -> bool:
        """Rest day: not a holiday and the weekday is in the rest-day mask."""
        return not self.is_holiday(day) and bool(self.rest_mask >> weekday(day) & 1)


@dataclass(frozen=True)
class BranchSchedule:
    """One branch's §9 block."""

    flags: int = 0
    low_power_limit: int = 100
    low_power_delay: int = 10
    standby_threshold_ma: int = 30
    standby_delay: int = 30
    workday: tuple[tuple[int, int], ...] = ((UNUSED, UNUSED),) * PERIODS
    restday: tuple[tuple[int, int], ...] = ((UNUSED, UNUSED),) * PERIODS

    @classmethod
    def from_params(cls, params: Mapping[str, int], branch: int) -> BranchSchedule:
        p = f"branch{branch}_"
        return cls(
            flags=params[p + "schedule_flags"],
            low_power_limit=params[p + "low_power_limit"],
            low_power_delay=params[p + "low_power_delay"],
            standby_threshold_ma=params[p + "standby_threshold"],
            standby_delay=params[p + "standby_delay"],
            workday=tuple((params[f"{p}workday{k}_start"], params[f"{p}workday{k}_end"])
                          for k in range(PERIODS)),
            restday=tuple((params[f"{p}restday{k}_start"], params[f"{p}restday{k}_end"])
                          for k in range(PERIODS)),
        )


def period_covers(start: int, end: int, minute: int) -> bool:
    """§9: start <= t < end, or past midnight (end < start) t >= start or t < end, same day only."""
    if start == UNUSED or end == UNUSED or start == end:
        return False
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def off_period_active(table: Sequence[tuple[int, int]], minute: int) -> bool:
    """True when any period of the day's table covers ``minute``."""
    return any(period_covers(s, e, minute) for s, e in table)


@dataclass(frozen=True)
class ScheduleState:
    """What the calendar and a branch schedule say for one minute."""

    holiday_off: bool      # state bit 11
    off_period: bool       # an off period of the day's table is active (bit 3 or bit 4)
    low_power: bool        # ... and the branch is in low-power mode (bit 4 rather than bit 3)


def evaluate(calendar: Calendar, schedule: BranchSchedule, day: int, minute: int) -> ScheduleState:
    """Apply §8 and §9 to one branch at one minute of one day."""
    holiday = calendar.is_holiday(day)
    flags = schedule.flags
    if holiday and flags & FLAG_HOLIDAY_OFF:
        return ScheduleState(True, False, False)
    if not flags & FLAG_ENABLED:
        return ScheduleState(False, False, False)
    rest = holiday or bool(calendar.rest_mask >> weekday(day) & 1)
    table = schedule.restday if rest else schedule.workday
    active = off_period_active(table, minute)
    return ScheduleState(False, active, active and bool(flags & FLAG_LOW_POWER))
