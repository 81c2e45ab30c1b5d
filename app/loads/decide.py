"""What the meter and the host together do about one switch-on.

The meter decides first, by §10's order: an allow slot, a block slot, the resistive rule, otherwise
allowed (steps below the increment threshold are not examined at all). The host's matcher is the
second line of defence:

- the meter let it through and the matcher names a blocked appliance → the host opens the branch;
- the meter tripped it and the matcher names an appliance allowed in the room's scope → the host
  suggests a whitelist entry, and releases the branch when the policy says so;
- the meter let it through and nothing in the library is close → a high-power step is "suspect"
  (an alarm, no automatic action).
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
    for this very room (a room-level allow) wins a tie, as its allow slot does on the meter."""
    name = match.name if host else "unknown"
    if meter.action is EventAction.TRIPPED:
        allowed = match.allowed_fit
        if host and allowed is not None and (match.blocked_fit is None or allowed.scope.level is ScopeLevel.ROOM):
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
    threshold = DEFAULT_LOAD_CONTROL.increment_threshold_w if suspect_w is None else suspect_w
    if match.appliance is None and f.dp >= threshold and meter.action is not EventAction.ALLOWED_BY_SLOT:
        return Outcome(name, Decision.SUSPECT, match.distance, meter, HostAction.SUSPECT)
    return Outcome(name, Decision.ALLOW, match.distance, meter, HostAction.NONE)
