"""What a power policy is, independent of the store and the wire: off periods, a branch's plan, a
policy's three branches, and the configuration one meter must hold (spec §8 calendar + three §9
schedule blocks). Every other module of app/policies speaks these types; the meter's register
layout stays in drivers/ (`drivers.ddsy_records.Calendar`, `BranchSchedule`, `ScheduleFlag`).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from typing import Any

from drivers.ddsy_records import BranchSchedule, Calendar, LoadControl, ScheduleFlag, SignatureSlot

MINUTES_PER_DAY = 1440
MAX_PERIODS = 8                  # off periods per table (spec §9)
MAX_HOLIDAY_RANGES = 16          # holiday ranges per meter calendar (spec §8)
DEFAULT_REST_MASK = 0x60         # Saturday and Sunday
WORKDAY, RESTDAY = "workday", "restday"
TABLES = (WORKDAY, RESTDAY)


@dataclass(frozen=True, order=True)
class Period:
    """An off period in minutes since midnight: start <= t < end, or, when end < start, from start to
    midnight and from midnight to end of the same day (the meter applies each day's own table)."""

    start: int
    end: int

    @property
    def crosses_midnight(self) -> bool:
        return self.end < self.start

    def spans(self) -> tuple[tuple[int, int], ...]:
        """The minutes it covers as half-open (a, b) spans within one day."""
        if self.start == self.end:
            return ()
        if self.start < self.end:
            return ((self.start, self.end),)
        return tuple(s for s in ((0, self.end), (self.start, MINUTES_PER_DAY)) if s[0] < s[1])

    def label(self) -> str:
        return f"{_hm(self.start)}–{_hm(self.end)}"


def _hm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class BranchPlan:
    """One branch's part of a policy (what §9 holds for it, in the office's words)."""

    schedule: bool = False           # lights-off tables in force (flag bit 0)
    holiday_off: bool = False        # open all day on holidays (flag bit 1)
    low_power: bool = False          # off periods keep small loads on under a limit (flag bit 2)
    standby: bool = False            # air-conditioner standby monitoring (flag bit 3)
    low_power_w: int = 300
    low_power_s: int = 60
    standby_ma: int = 80
    standby_s: int = 120
    workday: tuple[Period, ...] = ()
    restday: tuple[Period, ...] = ()

    def table(self, name: str) -> tuple[Period, ...]:
        return self.workday if name == WORKDAY else self.restday

    def flags(self) -> int:
        f = ScheduleFlag(0)
        for on, bit in ((self.schedule, ScheduleFlag.ENABLED), (self.holiday_off, ScheduleFlag.HOLIDAY_OFF),
                        (self.low_power, ScheduleFlag.LOW_POWER), (self.standby, ScheduleFlag.STANDBY)):
            if on:
                f |= bit
        return int(f)

    def block(self) -> BranchSchedule:
        """The §9 block a meter holds for this plan (periods in order, unused ones left out)."""
        return BranchSchedule(self.flags(), self.low_power_w, self.low_power_s, self.standby_ma, self.standby_s,
                              tuple((p.start, p.end) for p in self.workday),
                              tuple((p.start, p.end) for p in self.restday))

    @classmethod
    def from_block(cls, b: BranchSchedule) -> BranchPlan:
        f = ScheduleFlag(b.flags)
        return cls(bool(f & ScheduleFlag.ENABLED), bool(f & ScheduleFlag.HOLIDAY_OFF),
                   bool(f & ScheduleFlag.LOW_POWER), bool(f & ScheduleFlag.STANDBY),
                   b.low_power_limit_w, b.low_power_delay_s, b.standby_threshold_ma, b.standby_delay_s,
                   tuple(Period(*p) for p in b.workday), tuple(Period(*p) for p in b.restday))

    def to_json(self) -> dict[str, Any]:
        return {"schedule": self.schedule, "holiday_off": self.holiday_off, "low_power": self.low_power,
                "standby": self.standby, "low_power_w": self.low_power_w, "low_power_s": self.low_power_s,
                "standby_ma": self.standby_ma, "standby_s": self.standby_s,
                "workday": [[p.start, p.end] for p in self.workday],
                "restday": [[p.start, p.end] for p in self.restday]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> BranchPlan:
        base = cls()
        return cls(bool(d.get("schedule", False)), bool(d.get("holiday_off", False)),
                   bool(d.get("low_power", False)), bool(d.get("standby", False)),
                   int(d.get("low_power_w", base.low_power_w)), int(d.get("low_power_s", base.low_power_s)),
                   int(d.get("standby_ma", base.standby_ma)), int(d.get("standby_s", base.standby_s)),
                   tuple(Period(int(a), int(b)) for a, b in d.get("workday", ())),
                   tuple(Period(int(a), int(b)) for a, b in d.get("restday", ())))


@dataclass(frozen=True)
class PolicyPlan:
    """A policy template's content: lighting, sockets and air conditioning (branches 0, 1, 2)."""

    branches: tuple[BranchPlan, BranchPlan, BranchPlan] = field(
        default_factory=lambda: (BranchPlan(), BranchPlan(), BranchPlan()))

    def blocks(self) -> tuple[BranchSchedule, BranchSchedule, BranchSchedule]:
        return tuple(b.block() for b in self.branches)  # type: ignore[return-value]

    def to_json(self) -> dict[str, Any]:
        return {"branches": [b.to_json() for b in self.branches]}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PolicyPlan:
        branches = [BranchPlan.from_json(b) for b in d.get("branches", ())]
        branches += [BranchPlan()] * (3 - len(branches))
        return cls(tuple(branches[:3]))  # type: ignore[arg-type]


NO_POLICY = PolicyPlan()
"""What a room under no policy (or exempt) holds: no schedule, no low-power, no standby monitoring."""


@dataclass(frozen=True)
class MeterConfig:
    """Everything of §8–§11 one meter must hold: the calendar block, three schedule blocks and, when the
    office manages them, three load-control blocks (§10) and the 32 signature slots (§11). ``loads`` or
    ``slots`` None: not managed (no profile reaches the room; no library saved): the meter keeps its own."""

    calendar: Calendar
    schedules: tuple[BranchSchedule, BranchSchedule, BranchSchedule]
    loads: tuple[LoadControl, LoadControl, LoadControl] | None = None
    slots: tuple[SignatureSlot, ...] | None = None

    def block_ids(self) -> tuple[int, ...]:
        """The blocks this configuration covers: 0 calendar, 1-3 schedules, 4-6 load control, 7-9 slots."""
        return (0, 1, 2, 3) + ((4, 5, 6) if self.loads is not None else ()) + ((7, 8, 9) if self.slots is not None else ())

    def digest(self) -> str:
        """A short stable fingerprint (what the store keeps to tell a meter is in sync)."""
        c = self.calendar
        doc: dict[str, Any] = {
            "c": [int(c.term_enabled), c.term_start_day, c.term_end_day, c.rest_day_mask, [list(h) for h in c.holidays]],
            "s": [[s.flags, s.low_power_limit_w, s.low_power_delay_s, s.standby_threshold_ma, s.standby_delay_s,
                   [list(p) for p in s.workday], [list(p) for p in s.restday]] for s in self.schedules]}
        if self.loads is not None:
            doc["l"] = [list(astuple(lc)) for lc in self.loads]
        if self.slots is not None:
            doc["z"] = [list(astuple(z)) for z in self.slots]
        return hashlib.sha256(json.dumps(doc, separators=(",", ":")).encode()).hexdigest()[:16]
