"""One outgoing branch of the DDSY1946A-13: state word, relay rule and per-second detections.

Implements §4's state word and relay rule, §9's standby monitoring and low-power trip and §10's
load control (over-power, switch-on/off detection from one-second means, decisions with signature
slots and the resistive rule, recovery, trips-today and lockout). The meter feeds each branch one
second at a time through :meth:`Branch.second`; everything observable lands in ``conditions``,
``latches``, ``trips_today`` and the meter's event log.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from drivers.sim import ddsy_events as ev
from drivers.sim.ddsy_schedule import FLAG_STANDBY, BranchSchedule

RELAY = 1 << 0
FORCED_OPEN = 1 << 1
FORCED_CLOSED = 1 << 2
SCHEDULE_OPEN = 1 << 3
LOW_POWER_MODE = 1 << 4
OVER_POWER = 1 << 5
MALIGNANT = 1 << 6
STANDBY = 1 << 7
LOCKOUT = 1 << 8
PREPAID_OPEN = 1 << 9
LINKAGE_OPEN = 1 << 10
HOLIDAY_OPEN = 1 << 11
LOW_POWER_TRIP = 1 << 12

TRIP_LATCHES = OVER_POWER | MALIGNANT | STANDBY | LOW_POWER_TRIP
ALL_LATCHES = TRIP_LATCHES | LOCKOUT
# §4: the relay is closed when bit 2 holds or none of bits 1, 3, 5-12 holds.
OPENING = FORCED_OPEN | SCHEDULE_OPEN | ALL_LATCHES | PREPAID_OPEN | LINKAGE_OPEN | HOLIDAY_OPEN

STEP_W = 20.0  # a switch-on/off step is at least 20 W between one-second means

LC_OVER_POWER, LC_RESISTIVE, LC_BLOCK, LC_ALLOW = 1, 2, 4, 8
LC_EXAMINE = LC_RESISTIVE | LC_BLOCK | LC_ALLOW
SLOT_BLOCK, SLOT_ALLOW = 1, 2


@dataclass(frozen=True)
class LoadConfig:
    """One branch's §10 block."""

    flags: int = 0
    max_power: int = 2000
    max_power_delay: int = 5
    increment: int = 300
    resistive_pf: int = 990
    resistive_thd: int = 100
    decision_delay: int = 2
    recovery: int = 0
    allowed_trips: int = 3

    @classmethod
    def from_params(cls, params: Mapping[str, int], branch: int) -> LoadConfig:
        p = f"branch{branch}_"
        return cls(params[p + "lc_flags"], params[p + "max_power"], params[p + "max_power_delay"],
                   params[p + "increment_threshold"], params[p + "resistive_pf"],
                   params[p + "resistive_thd"], params[p + "decision_delay"],
                   params[p + "recovery_time"], params[p + "allowed_trips"])


class BranchHost(Protocol):
    """What a branch needs from its meter."""

    log: ev.EventLog
    clock: int

    def step_features(self, branch: int, t0: int, powers: Sequence[float]) -> dict[str, int]: ...

    def match_slot(self, slot_class: int, dp: int, features: Mapping[str, int]) -> int | None: ...

    def switch_on_seen(self, branch: int, t0: int) -> None: ...


@dataclass
class _Pending:
    t0: int          # physics second of the step
    clock0: int      # meter clock of the step
    base_p: float
    base_q: float
    powers: list[float] = field(default_factory=list)
    reactive: list[float] = field(default_factory=list)


class Branch:
    """State and detectors of one branch; counters and pending decisions are not kept on power loss."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.force = 0
        self.conditions = 0   # bits 1, 2, 3, 4, 9, 10, 11: recomputed from their conditions
        self.latches = 0      # bits 5, 6, 7, 8, 12
        self.closed = True
        self.trips_today = 0
        self.schedule = BranchSchedule()
        self.load = LoadConfig()
        self.p_w = self.q_var = self.i_a = 0.0   # last one-second means (0 while open)
        self.energy_cwh = 0
        self.energy_ws = 0.0
        self.reset_counters()

    def reset_counters(self) -> None:
        self._standby_s = 0
        self._low_power_s = 0
        self._over_s = 0
        self._recovery_s = 0
        self._hist: tuple[float, float, bool, float, float, bool] = (0.0, 0.0, False, 0.0, 0.0, False)
        self._pending: _Pending | None = None

    # -- state word --------------------------------------------------------------------------

    def update_relay(self) -> bool:
        """Apply the relay rule; True when the relay changed."""
        bits = self.conditions | self.latches
        closed = bool(bits & FORCED_CLOSED) or not bits & OPENING
        changed = closed != self.closed
        self.closed = closed
        if not closed:
            self._pending = None  # the branch opening cancels a pending decision
        return changed

    @property
    def state_word(self) -> int:
        return (RELAY if self.closed else 0) | self.conditions | self.latches

    def reset_trips(self) -> None:
        """0x0304: clear trip latches and lockout, zero trips-today."""
        self.latches = 0
        self.trips_today = 0
        self._standby_s = self._low_power_s = self._over_s = self._recovery_s = 0

    # -- one second --------------------------------------------------------------------------

    def second(self, host: BranchHost, t: int, closed: bool, clock_set: bool) -> None:
        """Run every detector on the second ``t`` whose means are in p_w/q_var/i_a.

        ``closed`` is the relay state during that second.
        """
        p = self.p_w
        if self.conditions & FORCED_CLOSED:
            # §4: detections pause while forced closed; latches keep their values. Switch-ons are
            # still seen, for a waveform capture (§14 acts whatever the load-control settings).
            self._standby_s = self._low_power_s = self._over_s = 0
            self._pending = None
            self._steps(host, t, p, closed, examine=False)
            return
        self._recovery(host)  # before the detectors: a trip's own second does not count
        self._standby(host, closed)
        self._low_power(host, p, closed)
        self._over_power(host, p, closed)
        self._steps(host, t, p, closed, examine=True)

    def _standby(self, host: BranchHost, closed: bool) -> None:
        sch = self.schedule
        if not (sch.flags & FLAG_STANDBY and closed and not self.latches & STANDBY):
            self._standby_s = 0
            return
        if self.i_a * 1000.0 < sch.standby_threshold_ma:
            self._standby_s += 1
            if self._standby_s > sch.standby_delay:
                self.latches |= STANDBY
                self._standby_s = 0
                host.log.log(ev.STANDBY_TRIP, self.index, host.clock)
        else:
            self._standby_s = 0

    def _low_power(self, host: BranchHost, p: float, closed: bool) -> None:
        sch = self.schedule
        if not (self.conditions & LOW_POWER_MODE and closed) or self.latches & LOW_POWER_TRIP:
            self._low_power_s = 0
            return
        if p > sch.low_power_limit:
            self._low_power_s += 1
            if self._low_power_s > sch.low_power_delay:
                self.latches |= LOW_POWER_TRIP
                self._low_power_s = 0
                host.log.log(ev.LOW_POWER_TRIP, self.index, host.clock)
        else:
            self._low_power_s = 0

    def _over_power(self, host: BranchHost, p: float, closed: bool) -> None:
        lc = self.load
        if not (lc.flags & LC_OVER_POWER and closed) or self.latches & OVER_POWER:
            self._over_s = 0
            return
        if p > lc.max_power:
            self._over_s += 1
            if self._over_s > lc.max_power_delay:
                self._over_s = 0
                host.log.log(ev.OVER_POWER_TRIP, self.index, host.clock)
                self._trip(host, OVER_POWER)
        else:
            self._over_s = 0

    def _trip(self, host: BranchHost, latch: int) -> None:
        """Over-power or malignant-load trip: latch, count, maybe lock out."""
        self.latches |= latch
        self._recovery_s = 0
        self._pending = None
        self.trips_today = min(self.trips_today + 1, 0xFFFF)
        allowed = self.load.allowed_trips
        if allowed and self.trips_today >= allowed and not self.latches & LOCKOUT:
            self.latches |= LOCKOUT
            host.log.log(ev.LOCKOUT, self.index, host.clock)

    def _recovery(self, host: BranchHost) -> None:
        rec = self.load.recovery
        if not self.latches & (OVER_POWER | MALIGNANT) or rec == 0 or self.latches & LOCKOUT:
            self._recovery_s = 0
            return
        self._recovery_s += 1
        if self._recovery_s >= rec:
            self._recovery_s = 0
            self.latches &= ~(OVER_POWER | MALIGNANT)
            host.log.log(ev.RECOVERY, self.index, host.clock)

    # -- load control: switch-on / switch-off from one-second means ---------------------------

    def _steps(self, host: BranchHost, t: int, p: float, closed: bool, *, examine: bool) -> None:
        p1, q1, c1, p2, q2, c2 = self._hist
        self._hist = (p, self.q_var, closed, p1, q1, c1)
        lc = self.load
        examine = examine and bool(lc.flags & LC_EXAMINE)
        pend = self._pending
        if pend is not None:
            if not closed:
                self._pending = None
                pend = None
            else:
                pend.powers.append(p)
                pend.reactive.append(self.q_var)
        if c1 and closed:
            rise1, rise2 = p1 - p2, p - p2
            if rise1 >= STEP_W and rise2 >= STEP_W:
                # switch-on at t0 = t-1 over baseline B = mean of t-2 (0 if the relay was open)
                host.switch_on_seen(self.index, t - 1)
                if pend is None and examine and rise2 >= lc.increment:
                    # host.clock has moved past second t: second t0 = t - 1 began at clock - 2
                    pend = _Pending(t - 1, host.clock - 2, p2, q2, [p1, p], [q1, self.q_var])
                    self._pending = pend
                # else: a further rise while pending merges into that event
            elif c2 and rise1 <= -STEP_W and rise2 <= -STEP_W and examine and -rise2 >= lc.increment:
                host.log.log(ev.SWITCH_OFF, self.index, host.clock - 2, dp=_s16(rise2),
                             power_after=_s16(p))
        if pend is not None and t >= pend.t0 + max(lc.decision_delay - 1, 1):
            self._pending = None
            self._decide(host, pend)

    def _decide(self, host: BranchHost, pend: _Pending) -> None:
        lc = self.load
        n = min(lc.decision_delay, len(pend.powers))
        window = pend.powers[:n]
        last = window[-1]
        dp = _s16(last - pend.base_p)
        dq = _s16(pend.reactive[n - 1] - pend.base_q)
        feats = host.step_features(self.index, pend.t0, window)
        fields = dict(dp=dp, dq=dq, pf=feats["pf"], i3=feats["i3"], i5=feats["i5"], i7=feats["i7"],
                      thd=feats["thd"], crest=feats["crest"], fluctuation=feats["fluctuation"],
                      inrush=feats["inrush"], power_after=_s16(last))
        if lc.flags & LC_ALLOW:
            slot = host.match_slot(SLOT_ALLOW, dp, feats)
            if slot is not None:
                host.log.log(ev.SWITCH_ON, self.index, pend.clock0, slot=slot,
                             action=ev.ACTION_ALLOWED_BY_SLOT, **fields)
                return
        if lc.flags & LC_BLOCK:
            slot = host.match_slot(SLOT_BLOCK, dp, feats)
            if slot is not None:
                host.log.log(ev.MALIGNANT_TRIP, self.index, pend.clock0, slot=slot,
                             action=ev.ACTION_TRIPPED, **fields)
                self._trip(host, MALIGNANT)
                return
        if lc.flags & LC_RESISTIVE and feats["pf"] >= lc.resistive_pf and feats["thd"] <= lc.resistive_thd:
            host.log.log(ev.MALIGNANT_TRIP, self.index, pend.clock0, slot=ev.NO_SLOT,
                         action=ev.ACTION_TRIPPED, **fields)
            self._trip(host, MALIGNANT)
            return
        host.log.log(ev.SWITCH_ON, self.index, pend.clock0, action=ev.ACTION_ALLOWED, **fields)


def _s16(x: float) -> int:
    """Round to nearest and saturate to S16, as measured values are (§1)."""
    v = math.floor(x + 0.5)
    return -0x8000 if v < -0x8000 else 0x7FFF if v > 0x7FFF else v
