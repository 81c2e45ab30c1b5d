"""What a policy does, minute by minute, and what is wrong with one before it reaches a meter.

Pure rules (no store, no Qt, no wall clock) that reproduce spec §8 and §9 exactly as the meter applies
them (`drivers/sim/ddsy_schedule.evaluate` is the reference; the tests compare the two):

- A day is a HOLIDAY when the term calendar is on and the day lies outside the term or inside one of
  the (at most 16) holiday ranges; otherwise a RESTDAY when its weekday is in the rest-day mask;
  otherwise a WORKDAY.
- A branch with holiday power-off is HOLIDAY_OFF all day on a holiday, whether or not its schedule is
  on. Otherwise, with the schedule off the branch is ON; with it on, a holiday or rest day uses the
  rest-day table and a workday the workday table, and a minute inside an off period is OFF, or
  LOW_POWER when the branch is in low-power mode.
- An off period covers start <= t < end; when end < start it covers t >= start or t < end of the same
  day (each day applies only its own table, so 23:00–06:00 on a Friday darkens Friday 00:00–06:00 and
  23:00–24:00, not Saturday morning).

Validation (`table_problems`, `plan_problems`, `check_plan`) refuses what the meter would refuse
(times above 23:59, more than 8 periods, out-of-range limits) and what is almost surely an editing
mistake (an empty period, overlapping periods). Every sentence comes from `PROBLEMS`, which the
translation extractor reads.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.errors import FieldInvalid
from app.policies.model import (
    MAX_HOLIDAY_RANGES,
    MAX_PERIODS,
    MINUTES_PER_DAY,
    TABLES,
    BranchPlan,
    Period,
    PolicyPlan,
)
from drivers.bus_clock import day_number
from drivers.ddsy_records import Calendar


class DayKind(StrEnum):
    WORKDAY = "workday"
    RESTDAY = "restday"
    HOLIDAY = "holiday"


class BranchMode(StrEnum):
    """What the schedule does to a branch at one minute (meter state bits in brackets)."""

    ON = "on"
    OFF = "off"                      # opened by an off period (bit 3)
    LOW_POWER = "low_power"          # off period in low-power mode: small loads only (bit 4)
    HOLIDAY_OFF = "holiday_off"      # opened all day by holiday power-off (bit 11)


# The English sentences of every problem, keyed by Problem.kind. The range keys are also the names of
# the BranchPlan attributes they check. Placeholders: {n}, {a}, {b} are period numbers counted from 1
# as the editor shows them; {time}, {first}, {second} are labels such as "23:00" or "23:00–06:00".
PROBLEMS = {
    "too_many": "At most 8 off periods per table; this one has {count}.",
    "bad_start": "Period {n} starts outside 00:00–23:59.",
    "bad_end": "Period {n} ends outside 00:00–23:59; a period until midnight ends at 00:00.",
    "empty": "Period {n} is empty: it starts and ends at {time}.",
    "overlap": "Periods {a} ({first}) and {b} ({second}) overlap.",
    "low_power_w": "The low-power limit must be 1–5000 W.",
    "low_power_s": "The low-power delay must be 1–600 s.",
    "standby_ma": "The standby threshold must be 1–1000 mA.",
    "standby_s": "The standby delay must be 1–600 s.",
}

RANGES = {"low_power_w": (1, 5000), "low_power_s": (1, 600), "standby_ma": (1, 1000), "standby_s": (1, 600)}
"""Inclusive limits of a branch's settings (spec §9 +0x01 – +0x04), keyed by BranchPlan attribute."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan. ``branch`` is 0..2 (None from `table_problems`, which sees one
    table only); ``table`` is "workday" / "restday" or None for a setting; ``index`` is the 0-based
    position of the period in its table, or None; ``message`` is the formatted English sentence;
    ``kind`` is its key in `PROBLEMS`."""

    branch: int | None
    table: str | None
    index: int | None
    message: str
    kind: str = ""

    @property
    def field(self) -> str:
        """Where a form shows it: "branch1.workday.3" (0-based period), "branch1.workday" (the table),
        "branch1.low_power_w" (a setting)."""
        parts = [f"branch{self.branch}" if self.branch is not None else "plan"]
        if self.table is not None:
            parts.append(self.table)
            if self.index is not None:
                parts.append(str(self.index))
        elif self.kind in RANGES:
            parts.append(self.kind)
        return ".".join(parts)


def _problem(kind: str, index: int | None = None, **values: object) -> Problem:
    return Problem(None, None, index, PROBLEMS[kind].format(**values), kind)


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _in_day(minute: int) -> bool:
    return 0 <= minute < MINUTES_PER_DAY


def table_problems(periods: Sequence[Period]) -> list[Problem]:
    """Everything wrong with one table of off periods, in table order (too many first, then each
    period's own faults, then overlapping pairs). An empty list means the meter accepts the table and
    it holds no empty or overlapping period. A period with an out-of-range time is left out of the
    overlap check (its fault is already reported)."""
    found: list[Problem] = []
    if len(periods) > MAX_PERIODS:
        found.append(_problem("too_many", count=len(periods)))
    usable: list[tuple[int, Period]] = []
    for i, p in enumerate(periods):
        ok = True
        if not _in_day(p.start):
            found.append(_problem("bad_start", i, n=i + 1))
            ok = False
        if not _in_day(p.end):
            found.append(_problem("bad_end", i, n=i + 1))
            ok = False
        if ok and p.start == p.end:
            found.append(_problem("empty", i, n=i + 1, time=_hm(p.start)))
            ok = False
        if ok:
            usable.append((i, p))
    for k, (i, p) in enumerate(usable):
        for j, q in usable[k + 1:]:
            if any(a < d and c < b for a, b in p.spans() for c, d in q.spans()):
                found.append(_problem("overlap", j, a=i + 1, b=j + 1, first=p.label(), second=q.label()))
    return found


def plan_problems(plan: PolicyPlan) -> list[Problem]:
    """Everything wrong with a policy: per branch (0, 1, 2) its settings, then its workday and rest-day
    tables. Settings and tables are checked whether or not their flag is on, because the meter holds
    and checks them all the same."""
    found: list[Problem] = []
    for b, branch in enumerate(plan.branches):
        for name, (lo, hi) in RANGES.items():
            if not lo <= getattr(branch, name) <= hi:
                found.append(Problem(b, None, None, PROBLEMS[name], name))
        for table in TABLES:
            found += [dataclasses.replace(p, branch=b, table=table) for p in table_problems(branch.table(table))]
    return found


def check_plan(plan: PolicyPlan) -> None:
    """Raise `FieldInvalid` with the first problem's sentence and field ("branch1.workday.3",
    "branch1.low_power_w"); return quietly when the plan has none."""
    found = plan_problems(plan)
    if found:
        raise FieldInvalid(found[0].message, field=found[0].field)


def day_kind(calendar: Calendar, day: dt.date) -> DayKind:
    """What the meter makes of ``day`` under ``calendar`` (spec §8). Holiday ranges past the 16th are
    ignored, as the meter's count register cannot reach them."""
    n = day_number(day)
    if calendar.term_enabled and (
            not calendar.term_start_day <= n <= calendar.term_end_day
            or any(lo <= n <= hi for lo, hi in calendar.holidays[:MAX_HOLIDAY_RANGES])):
        return DayKind.HOLIDAY
    if calendar.rest_day_mask >> day.weekday() & 1:
        return DayKind.RESTDAY
    return DayKind.WORKDAY


def _covers(p: Period, minute: int) -> bool:
    if p.start == p.end:
        return False
    if p.start < p.end:
        return p.start <= minute < p.end
    return minute >= p.start or minute < p.end


def _mode(kind: DayKind, plan: BranchPlan, minute: int) -> BranchMode:
    if kind is DayKind.HOLIDAY and plan.holiday_off:
        return BranchMode.HOLIDAY_OFF
    if not plan.schedule:
        return BranchMode.ON
    table = plan.workday if kind is DayKind.WORKDAY else plan.restday
    if any(_covers(p, minute) for p in table):
        return BranchMode.LOW_POWER if plan.low_power else BranchMode.OFF
    return BranchMode.ON


def branch_mode(calendar: Calendar, plan: BranchPlan, day: dt.date, minute: int) -> BranchMode:
    """The branch's mode at ``minute`` (0..1439) of ``day``, exactly as the meter decides it."""
    if not _in_day(minute):
        raise ValueError(f"minute {minute} is outside 0..1439")
    return _mode(day_kind(calendar, day), plan, minute)


@dataclass(frozen=True)
class Segment:
    """Minutes start <= t < end of one day (end may be 1440) in one mode."""

    start: int
    end: int
    mode: BranchMode


def _branch_timeline(kind: DayKind, plan: BranchPlan) -> tuple[Segment, ...]:
    # The mode only changes where a period starts or ends, so evaluating those minutes is enough.
    cuts = {0}
    for p in plan.workday + plan.restday:
        cuts.update(m for m in (p.start, p.end) if 0 < m < MINUTES_PER_DAY)
    ordered = sorted(cuts)
    segments: list[Segment] = []
    for start, end in zip(ordered, [*ordered[1:], MINUTES_PER_DAY], strict=True):
        mode = _mode(kind, plan, start)
        if segments and segments[-1].mode == mode:
            segments[-1] = Segment(segments[-1].start, end, mode)
        else:
            segments.append(Segment(start, end, mode))
    return tuple(segments)


def day_timeline(calendar: Calendar, plan: PolicyPlan, day: dt.date) -> tuple[tuple[Segment, ...], ...]:
    """One tuple of segments per branch (0, 1, 2). Each covers 0..1440 without gap or overlap, in
    order, and two neighbouring segments never share a mode."""
    kind = day_kind(calendar, day)
    return tuple(_branch_timeline(kind, b) for b in plan.branches)


@dataclass(frozen=True)
class Change:
    """From ``at`` (naive local campus time, on a whole minute) branch ``branch`` is in ``mode``."""

    at: dt.datetime
    branch: int
    mode: BranchMode


def _mode_at(segments: tuple[Segment, ...], minute: int) -> BranchMode:
    return next(s.mode for s in segments if s.start <= minute < s.end)


def next_changes(calendar: Calendar, plan: PolicyPlan, at: dt.datetime, *,
                 horizon_days: int = 8) -> tuple[Change, ...]:
    """Every branch that changes at the first minute after ``at`` where some branch's mode differs
    from its mode at ``at`` (branch order), or () when none changes up to ``at`` + ``horizon_days``.
    ``at`` is naive local campus time; its seconds are ignored."""
    at = at.replace(second=0, microsecond=0, tzinfo=None)
    limit = at + dt.timedelta(days=horizon_days)
    day = at.date()
    current = tuple(_mode_at(t, at.hour * 60 + at.minute) for t in day_timeline(calendar, plan, day))
    while dt.datetime.combine(day, dt.time()) <= limit:
        timeline = day_timeline(calendar, plan, day)
        for minute in sorted({s.start for t in timeline for s in t}):
            when = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute)
            if when <= at:
                continue
            if when > limit:
                return ()
            modes = tuple(_mode_at(t, minute) for t in timeline)
            changed = tuple(Change(when, b, m) for b, (m, was) in enumerate(zip(modes, current, strict=True))
                            if m != was)
            if changed:
                return changed
        day += dt.timedelta(days=1)
    return ()


def next_change(calendar: Calendar, plan: PolicyPlan, at: dt.datetime, *, horizon_days: int = 8) -> Change | None:
    """The first minute after ``at`` where some branch's mode differs from its mode at ``at`` (the
    lowest such branch when several change together; `next_changes` gives them all), or None when
    nothing changes within ``horizon_days`` days."""
    found = next_changes(calendar, plan, at, horizon_days=horizon_days)
    return found[0] if found else None
