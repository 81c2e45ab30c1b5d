"""What the meter and the host together do about one switch-on.

The meter decides first, by §10's order: an allow slot, a block slot, the resistive rule, otherwise
allowed (steps below the increment threshold are not examined at all). The host's matcher is the
second line of defence:

- the meter let it through and the matcher names a blocked appliance → the host opens the branch;
- the meter tripped it and the matcher names an appliance allowed in the room's scope → the host
  suggests a whitelist entry, and releases the branch when the policy says so;
- the meter let it through and nothing in the library is close → a high-power step is "suspect"
  (an alarm, no automatic action);
- the meter let it through and the step conducts on one half-cycle (`half_wave`) → the host opens
  the branch whatever the matcher makes of it, unless an allowed appliance fits it.

Half-wave conduction is a physical property, not a class: IEC 61000-3-2 §6.2 allows half-wave
rectification straight from the mains only below 100 W, for detecting unsafe conditions, or in a
portable appliance used for a few minutes (a hair dryer's low setting). No appliance a dorm allows
draws hundreds of watts that way; a hair dryer on its low setting and the cheap induction cookers
that switch on one half-cycle do — and a cooker design the library has not seen is exactly what the
matcher rightly calls "unknown".
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.loads.features import Features
from app.loads.library import ScopeLevel
from app.loads.matcher import Match
from app.loads.slots import DEFAULT_LOAD_CONTROL, match_slot, rule_trips
from drivers.ddsy_records import EventAction, LoadControl, LoadFlag, SignatureSlot, SlotClass


class HostAction(StrEnum):
    NONE = "none"
    OPEN = "open"                          # second line: a blocked appliance the meter let through
    SUGGEST_WHITELIST = "suggest"          # the meter tripped an allowed appliance
    RELEASE = "release"                    # ... and the policy releases it automatically
    SUSPECT = "suspect"                    # an unknown high-power step: an alarm only


class Decision(StrEnum):
    TRIP = "trip"
    ALLOW = "allow"
    SUSPECT = "suspect"


# A step conducts on one half-cycle when its even harmonics are strong: §13 gives THD (orders 2-31)
# and I3, I5, I7, so the rest, √(THD² − I3² − I5² − I7²), holds the even orders and the odd ones
# from the 9th up. A resistive element behind a diode has 0.435 there (I2/I1 = 4/(3π) alone); a
# symmetric current has only its 9th-and-up odd orders: about 0.15 of the fundamental for the
# catalogue's bare capacitor-input rectifiers (desktop PCs), whose I3 is far larger, so a peakier
# rectifier is kept out by the second condition (the rest must be at least half of I3).
HALF_WAVE_REST = 0.25          # the rest of the THD, as a fraction of the fundamental
HALF_WAVE_REST_OVER_I3 = 0.5   # ... and at least this share of I3 (a peaky rectifier's rest is not even)
HALF_WAVE = "half-wave load"   # the name the host gives a load it opens for half-wave conduction alone


def half_wave(f: Features) -> bool:
    """Does the step conduct (mostly) on one half-cycle? From the §13 features alone (I7 unknown: 0)."""
    i7 = f.i7 or 0
    rest_sq = f.thd * f.thd - f.i3 * f.i3 - f.i5 * f.i5 - i7 * i7
    if rest_sq <= 0:
        return False
    rest = math.sqrt(rest_sq)                 # 0.1 % units, as the features
    return rest >= HALF_WAVE_REST * 1000 and rest >= HALF_WAVE_REST_OVER_I3 * f.i3


@dataclass(frozen=True)
class MeterDecision:
    examined: bool
    action: EventAction
    slot: int | None


def meter_decision(f: Features, lc: LoadControl = DEFAULT_LOAD_CONTROL,
                   slots: Sequence[SignatureSlot] = ()) -> MeterDecision:
    """§10's decision for a switch-on with these features (as the meter reaches it)."""
    if not lc.flags & (LoadFlag.RESISTIVE_RULE | LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS) \
            or f.dp < lc.increment_threshold_w:
        return MeterDecision(False, EventAction.ALLOWED, None)
    if lc.flags & LoadFlag.ALLOW_SLOTS and (k := match_slot(slots, SlotClass.ALLOW, f)) is not None:
        return MeterDecision(True, EventAction.ALLOWED_BY_SLOT, k)
    if lc.flags & LoadFlag.BLOCK_SLOTS and (k := match_slot(slots, SlotClass.BLOCK, f)) is not None:
        return MeterDecision(True, EventAction.TRIPPED, k)
    if rule_trips(f, lc):
        return MeterDecision(True, EventAction.TRIPPED, None)
    return MeterDecision(True, EventAction.ALLOWED, None)


@dataclass(frozen=True)
class Outcome:
    appliance: str                 # the matcher's name, or "unknown"
    decision: Decision             # where the branch ends up: tripped, allowed, allowed with an alarm
    distance: float
    meter: MeterDecision
    host: HostAction
    half_wave: bool = False        # the host opened it for half-wave conduction (see half_wave)

    @property
    def label(self) -> str:
        """The name people see in alarms and reports: a half-wave load the matcher could not name is
        called that (the JSON of `loads classify` keeps "unknown": the library does not know it)."""
        return HALF_WAVE if self.half_wave and self.appliance == "unknown" else self.appliance

    def to_json(self) -> dict:
        dist = self.distance if math.isfinite(self.distance) else None
        return {"appliance": self.appliance, "decision": self.decision.value,
                "distance": None if dist is None else round(dist, 3)}


def outcome(meter: MeterDecision, match: Match, *, f: Features, auto_release: bool = False,
            suspect_w: int | None = None, host: bool = True) -> Outcome:
    """Combine the meter's decision with the matcher's (``host=False``: the meter alone).

    The host overrides the meter only when the matcher is unambiguous: it opens a branch for a
    blocked appliance only when no allowed appliance in the room's scope fits the switch-on too, and
    releases a trip only when no blocked appliance fits it. Where both fit (a water dispenser and a
    rice cooker of the same power are the same resistive element to any meter) it raises a
    "suspect" alarm and leaves the meter's decision standing — except that an appliance registered
    for this very room (a room-level allow) wins a tie, as its allow slot does on the meter.

    A step of at least the suspect threshold that conducts on one half-cycle (`half_wave`) is opened
    (and a trip of it never released) unless an allowed appliance in scope fits it or an allow slot let
    it through."""
    name = match.name if host else "unknown"
    threshold = DEFAULT_LOAD_CONTROL.increment_threshold_w if suspect_w is None else suspect_w
    one_sided = host and f.dp >= threshold and half_wave(f)
    if meter.action is EventAction.TRIPPED:
        allowed = match.allowed_fit
        # a half-wave step counts as a blocked fit: only an appliance registered for the room releases it
        if host and allowed is not None and (allowed.scope.level is ScopeLevel.ROOM
                                             or (match.blocked_fit is None and not one_sided)):
            act = HostAction.RELEASE if auto_release else HostAction.SUGGEST_WHITELIST
            name = allowed.name
            return Outcome(name, Decision.ALLOW if auto_release else Decision.TRIP, match.distance, meter, act)
        return Outcome(name, Decision.TRIP, match.distance, meter, HostAction.NONE)
    if not host:
        return Outcome(name, Decision.ALLOW, match.distance, meter, HostAction.NONE)
    if match.appliance is not None and match.appliance.verdict == "block":
        if match.allowed_fit is None:
            return Outcome(name, Decision.TRIP, match.distance, meter, HostAction.OPEN)
        return Outcome(name, Decision.SUSPECT, match.distance, meter, HostAction.SUSPECT)
    if one_sided and match.allowed_fit is None and meter.action is not EventAction.ALLOWED_BY_SLOT:
        return Outcome(name, Decision.TRIP, match.distance, meter, HostAction.OPEN, half_wave=True)
    if match.appliance is None and f.dp >= threshold and meter.action is not EventAction.ALLOWED_BY_SLOT:
        return Outcome(name, Decision.SUSPECT, match.distance, meter, HostAction.SUSPECT)
    return Outcome(name, Decision.ALLOW, match.distance, meter, HostAction.NONE)
