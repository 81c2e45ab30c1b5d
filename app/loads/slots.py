"""The meters' signature slots (§11) from the library: which appliances get one of a meter's 32 slots,
with what centre and ΔP tolerance, and which were left out and why.

A slot matches a switch-on when ΔP is within its tolerance and PF, I3/I1, I5/I1 and THD are within
the meter's fixed windows (±30, ±30, ±30, ±50 register units). An appliance whose captures do not fit
one such box — an induction cooker's power levels, two designs of one kind of device — gets one slot
per box. Each box's ΔP tolerance comes from its captures' spread, widened by a quarter and a few per
mille so the next device of the kind, not only the ones captured, still matches.

Slots go to the appliances where they change the meter's decision first: allowed appliances that the
resistive rule would trip (a water dispenser) and blocked ones that it would let through (an
induction cooker); then the room's own entries before the building's before the campus's; then the
appliance's priority. What does not fit in 32 is listed with the reason.

The meter checks allow slots first, so an allow box that blocked appliances' captures also fall into
(a water dispenser's 500 W box holds a 500 W rice cooker too) would let them through on every meter
it reaches. Such a box is left out at campus and building scope, with the blocked appliances named;
a room-level entry (a dispenser registered for that room) is the administrator's decision for that
room and is kept. The mirror case: a block box that allowed appliances' captures fall into, where
neither the resistive rule nor an allow box would trip or pass them anyway (a heater's box holds an
inverter air conditioner just below the rule's PF threshold), would trip them on every meter; it is
left out and the host matcher is the line of defence for that appliance.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from app.loads.features import Features
from app.loads.library import Appliance, Library, ScopeLevel, Verdict
from drivers.ddsy_records import LoadControl, LoadFlag, SignatureSlot, SlotClass
from drivers.signature import (
    SLOT_I3_TOLERANCE,
    SLOT_I5_TOLERANCE,
    SLOT_PF_TOLERANCE,
    SLOT_THD_TOLERANCE,
    slot_matches,
)

SLOTS = 32
MAX_TOLERANCE = 500        # 0.1 % of ΔP (§11 range 1-500)
MIN_TOLERANCE = 100        # ±10 %: the same device draws several per cent more or less as the supply voltage moves
WIDEN = 1.25               # the captured ΔP spread, widened for devices not captured
FIT = 0.8                  # a box uses at most this share of the meter's fixed windows
# Why an entry got no slot (filled with str.format; n = the meter's slots).
LEFT_OUT = {"not_needed": "all {n} slots went to entries the meter needs more (allowed appliances the resistive "
                          "rule would trip, blocked ones it would let through)",
            "outranked": "all {n} slots went to entries of a narrower scope or a higher priority",
            "lets_through": "its box would also let blocked appliances through ({names}) on every meter of its "
                            "scope; give it a room scope where it is registered",
            "trips_allowed": "its box would also trip allowed appliances ({names}) that the meter otherwise lets "
                             "through; the host matcher watches for it instead"}
_SCOPE_RANK = {ScopeLevel.ROOM: 0, ScopeLevel.BUILDING: 1, ScopeLevel.CAMPUS: 2}
DEFAULT_LOAD_CONTROL = LoadControl(flags=LoadFlag.RESISTIVE_RULE | LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS)


def rule_trips(f: Features, lc: LoadControl) -> bool:
    """§10 rule 3: the resistive rule would trip this switch-on."""
    return (bool(lc.flags & LoadFlag.RESISTIVE_RULE) and f.pf >= lc.resistive_pf_milli
            and f.thd <= lc.resistive_thd_permille)


@dataclass(frozen=True)
class Candidate:
    """One box of one appliance that could go to a slot."""

    appliance: Appliance
    box: int
    slot: SignatureSlot
    covers: int                # captures inside the box
    needed: bool               # the box changes the meter's decision for some of its captures

    def label(self) -> str:
        return self.appliance.name if self.box == 0 else f"{self.appliance.name} #{self.box + 1}"


@dataclass(frozen=True)
class SlotPlan:
    slots: tuple[SignatureSlot, ...]                  # exactly SLOTS, empties at the end
    chosen: tuple[Candidate, ...]
    left_out: tuple[tuple[Candidate, str], ...]       # with the reason in words


def _fits(group: list[Features]) -> bool:
    def span(attr: str) -> int:
        vals = [getattr(f, attr) for f in group]
        return max(vals) - min(vals)
    lo, hi = min(f.dp for f in group), max(f.dp for f in group)
    return (span("pf") <= 2 * SLOT_PF_TOLERANCE * FIT and span("i3") <= 2 * SLOT_I3_TOLERANCE * FIT
            and span("i5") <= 2 * SLOT_I5_TOLERANCE * FIT and span("thd") <= 2 * SLOT_THD_TOLERANCE * FIT
            and (hi - lo) * 1000 * WIDEN <= (hi + lo) * MAX_TOLERANCE * FIT)


def boxes(captures: Sequence[Features]) -> list[list[Features]]:
    """Group captures (by rising ΔP) into boxes that one slot each can hold."""
    groups: list[list[Features]] = []
    for f in sorted(captures, key=lambda f: (f.dp, f.pf)):
        for g in groups:
            if _fits([*g, f]):
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


def _mid(vals: list[int]) -> int:
    return (min(vals) + max(vals) + 1) // 2


def box_slot(group: Sequence[Features], cls: SlotClass, signature_id: int) -> SignatureSlot:
    lo, hi = min(f.dp for f in group), max(f.dp for f in group)
    centre = (lo + hi + 1) // 2
    half = (hi - lo) / 2.0
    tol = math.ceil(half * WIDEN * 1000.0 / centre) + MIN_TOLERANCE
    return SignatureSlot(int(cls), max(1, min(centre, 0xFFFF)), _mid([f.pf for f in group]),
                         _mid([f.i3 for f in group]), _mid([f.i5 for f in group]), _mid([f.thd for f in group]),
                         min(MAX_TOLERANCE, tol), signature_id & 0xFFFF)


def candidates(app: Appliance, lc: LoadControl = DEFAULT_LOAD_CONTROL) -> list[Candidate]:
    """The boxes of one appliance whose switch-ons the meter examines (ΔP up to the increment threshold)."""
    cls = SlotClass.ALLOW if app.verdict is Verdict.ALLOW else SlotClass.BLOCK
    out = []
    feats = [c.features for c in app.captures]
    for k, group in enumerate(boxes(feats)):
        slot = box_slot(group, cls, app.ident * 8 + min(k, 7))
        if slot.dp_w * (1000 + slot.tolerance_permille) < lc.increment_threshold_w * 1000:
            continue     # never examined by the meter: a slot would do nothing
        trips = [rule_trips(f, lc) for f in group]
        needed = any(trips) if cls is SlotClass.ALLOW else not all(trips)
        out.append(Candidate(app, k, slot, len(group), needed))
    return out


def plan_slots(library: Library, building: str = "", room: str = "", lc: LoadControl = DEFAULT_LOAD_CONTROL,
               capacity: int = SLOTS) -> SlotPlan:
    """The slots of the meter of ``room`` (in ``building``)."""
    in_scope = library.in_scope(building, room)
    blocked = [(a.name, c.features) for a in in_scope if a.verdict is Verdict.BLOCK for c in a.captures]
    cands, left = [], []
    every = [c for a in in_scope for c in candidates(a, lc)]
    for c in (c for c in every if c.slot.cls == SlotClass.ALLOW):
        through = _lets_through(c, blocked)
        if through:
            left.append((c, LEFT_OUT["lets_through"].format(names=", ".join(through))))
        else:
            cands.append(c)
    # allowed captures the meter lets through without a block box: neither the rule nor a kept allow box decides them
    allow_boxes = tuple(c.slot for c in cands)
    exposed = [(a.name, cap.features) for a in in_scope if a.verdict is Verdict.ALLOW for cap in a.captures
               if cap.features.dp >= lc.increment_threshold_w and not rule_trips(cap.features, lc)
               and match_slot(allow_boxes, SlotClass.ALLOW, cap.features) is None]
    for c in (c for c in every if c.slot.cls != SlotClass.ALLOW):
        trips = sorted({name for name, f in exposed if match_slot((c.slot,), SlotClass.BLOCK, f) is not None})
        if trips:
            left.append((c, LEFT_OUT["trips_allowed"].format(names=", ".join(trips))))
        else:
            cands.append(c)
    cands.sort(key=lambda c: (not c.needed, _SCOPE_RANK[c.appliance.scope.level], -c.appliance.priority,
                              -c.covers, c.appliance.ident, c.box))
    chosen = cands[:capacity]
    for c in cands[capacity:]:
        why = LEFT_OUT["outranked" if c.needed else "not_needed"]
        left.append((c, why.format(n=capacity)))
    # allow slots first (the meter checks allow slots before block slots; index order within a class)
    ordered = sorted(chosen, key=lambda c: c.slot.cls != SlotClass.ALLOW)
    slots = tuple(c.slot for c in ordered) + (SignatureSlot(0),) * (capacity - len(ordered))
    return SlotPlan(slots, tuple(ordered), tuple(left))


def _lets_through(c: Candidate, blocked: Sequence[tuple[str, Features]]) -> list[str]:
    """The blocked appliances an allow box of campus or building scope would let through."""
    if c.slot.cls != SlotClass.ALLOW or c.appliance.scope.level is ScopeLevel.ROOM:
        return []
    return sorted({name for name, f in blocked if match_slot((c.slot,), SlotClass.ALLOW, f) is not None})


def match_slot(slots: Sequence[SignatureSlot], cls: SlotClass, f: Features) -> int | None:
    """§11: the first slot of cls in index order that the switch-on matches (as the meter does)."""
    for i, s in enumerate(slots):
        if s.cls == cls and slot_matches(s.dp_w, s.pf_milli, s.i3_permille, s.i5_permille, s.thd_permille,
                                         s.tolerance_permille, f.dp, f.pf, f.i3, f.i5, f.thd):
            return i
    return None


def conflicts(plan: SlotPlan, library: Library) -> list[tuple[Appliance, Appliance, int]]:
    """Allow slots that blocked appliances' captures also match (the meter would let them through):
    (allowed appliance, blocked appliance, captures let through)."""
    out = []
    allow = [c for c in plan.chosen if c.slot.cls == SlotClass.ALLOW]
    for blocked in (a for a in library.appliances if a.verdict is Verdict.BLOCK):
        for c in allow:
            n = sum(1 for cap in blocked.captures if match_slot((c.slot,), SlotClass.ALLOW, cap.features) is not None)
            if n:
                out.append((c.appliance, blocked, n))
    return out
