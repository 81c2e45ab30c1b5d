"""The one place where the meters' numbers become the office's words.

The drivers decode registers into typed flags and enums (drivers/ddsy_records.py: `BranchState`,
`MeterStatus`, `EventType`, `PurchaseKind`); this module says what they mean to DormWatt: how a
branch is drawn and which power-policy marks it carries (`branch_marks`: lights-off, low-power mode,
holiday power-off, standby and low-power trips), which status bits and events raise which alarm at which level and with which
message, and the display names of branches, events and purchase kinds. Nothing above it (the rest
of app/, ui/) knows a bit mask or an event number: a change to one alarm touches this file only.

Display names and messages are English source strings; the window shows them through its
translation catalogue (resources/translations/extract.py reads the tables below by name).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import reduce
from operator import or_

from drivers.ddsy_records import UNUSED, BranchState, EventType, MeterStatus, PurchaseKind


class Branch(IntEnum):
    LIGHTING = 0
    SOCKETS = 1
    AIR_CONDITIONING = 2


BRANCHES = tuple(Branch)
WHOLE_METER = UNUSED          # an event's branch when it concerns the whole meter

# Display names (the room panel, the cards' legends).
BRANCH_NAMES = {Branch.LIGHTING: "Lighting", Branch.SOCKETS: "Sockets", Branch.AIR_CONDITIONING: "Air conditioning"}
# The same, as words inside a sentence ("… on branch sockets …"); translated where they are filled in.
BRANCH_WORDS = {Branch.LIGHTING: "lighting", Branch.SOCKETS: "sockets", Branch.AIR_CONDITIONING: "air conditioning",
                WHOLE_METER: "meter"}


class BranchLook(StrEnum):
    """How a branch is drawn on a card and in the room panel."""

    ON = "on"
    OFF = "off"
    TRIPPED = "tripped"
    LOCKED = "locked"
    KEEP = "keep"           # forced on: keeps power whatever the balance or schedule


TRIPS = (BranchState.TRIP_OVER_POWER | BranchState.TRIP_MALIGNANT | BranchState.TRIP_STANDBY
         | BranchState.TRIP_LOW_POWER)


def branch_look(state: int) -> BranchLook:
    s = BranchState(state)
    if s & BranchState.LOCKED_OUT:
        return BranchLook.LOCKED
    if s & TRIPS:
        return BranchLook.TRIPPED
    if s & BranchState.FORCED_CLOSED:
        return BranchLook.KEEP
    return BranchLook.ON if s & BranchState.RELAY_CLOSED else BranchLook.OFF


class BranchMark(StrEnum):
    """A small mark beside a branch on a card and in the room panel: what the power policy is doing
    to it now (spec §4 state bits 3, 4, 11) or what its policy tripped (bits 7, 12)."""

    LIGHTS_OFF = "lights_off"              # bit 3: open by schedule
    LOW_POWER = "low_power"                # bit 4: low-power mode active
    HOLIDAY_OFF = "holiday_off"            # bit 11: open by holiday power-off
    STANDBY_TRIP = "standby_trip"          # bit 7: the air conditioner was unplugged
    LOW_POWER_TRIP = "low_power_trip"      # bit 12: low-power limit exceeded


# In the order they are drawn (what the policy does, then what it tripped).
MARK_BITS = ((BranchMark.LIGHTS_OFF, BranchState.SCHEDULE_OPEN), (BranchMark.LOW_POWER, BranchState.LOW_POWER_MODE),
             (BranchMark.HOLIDAY_OFF, BranchState.HOLIDAY_OPEN), (BranchMark.STANDBY_TRIP, BranchState.TRIP_STANDBY),
             (BranchMark.LOW_POWER_TRIP, BranchState.TRIP_LOW_POWER))
MARKS_MASK = int(reduce(or_, (bit for _mark, bit in MARK_BITS)))
# Display names (the cards' legend and tooltips, the room panel).
BRANCH_MARK_NAMES = {BranchMark.LIGHTS_OFF: "Lights-off", BranchMark.LOW_POWER: "Low-power mode",
                     BranchMark.HOLIDAY_OFF: "Holiday power-off",
                     BranchMark.STANDBY_TRIP: "AC unplugged — tripped",
                     BranchMark.LOW_POWER_TRIP: "Low-power limit exceeded — tripped"}
TRIP_MARKS = frozenset({BranchMark.STANDBY_TRIP, BranchMark.LOW_POWER_TRIP})
_MARKS_BY_STATE: dict[int, tuple[BranchMark, ...]] = {}


def branch_marks(state: int) -> tuple[BranchMark, ...]:
    """The marks a branch state word carries, in MARK_BITS order (empty for most branches). Cached by
    the five bits that matter, so a card grid of 10,000 rooms pays a dict lookup per branch."""
    key = int(state) & MARKS_MASK
    marks = _MARKS_BY_STATE.get(key)
    if marks is None:
        marks = _MARKS_BY_STATE[key] = tuple(m for m, bit in MARK_BITS if key & bit)
    return marks


def branch_mark_name(mark: BranchMark | str) -> str:
    return BRANCH_MARK_NAMES.get(BranchMark(mark), str(mark))


def linkage_locked(status: int) -> bool:
    """The meter holds the water-arrears linkage lock (electricity off until water is paid)."""
    return bool(MeterStatus(status) & MeterStatus.LINKAGE_LOCK)


def in_off_period(status: int) -> bool:
    """A lights-off period is in force on the meter now."""
    return bool(MeterStatus(status) & MeterStatus.OFF_PERIOD)


@dataclass(frozen=True)
class AlarmRule:
    kind: str           # the alarm's kind in the store (one open alarm per kind and room)
    level: int          # 1 notice, 2 warning, 3 urgent
    message: str        # English source; "{b}" is the branch word


# Events that raise an alarm.
EVENT_ALARMS = {
    EventType.MALIGNANT_TRIP: AlarmRule("malignant_load", 3,
                                        "An illegal appliance was detected on branch {b}; the branch is off."),
    EventType.OVER_POWER_TRIP: AlarmRule("over_power", 2, "Over-power on branch {b}; the branch tripped."),
    EventType.STANDBY_TRIP: AlarmRule("standby_trip", 2, "The air conditioner was unplugged; branch {b} is off."),
    EventType.LOW_POWER_TRIP: AlarmRule("low_power_trip", 2,
                                        "Too much power during lights-off on branch {b}; it tripped."),
    EventType.LOCKOUT: AlarmRule("lockout", 3,
                                 "Branch {b} is locked out after repeated trips; release it at the counter."),
    EventType.UNLOCK_BLOCKED: AlarmRule("unlock_blocked", 2, "The meter blocked unlocking after wrong passwords."),
}

# Status bits that hold an alarm open while they are set, most urgent first (a room shows one of them).
STATUS_ALARMS = ((MeterStatus.ARREARS, AlarmRule("arrears", 3, "The room is in arrears")),
                 (MeterStatus.ALARM2, AlarmRule("low_balance_2", 2, "The balance is about to run out")),
                 (MeterStatus.ALARM1, AlarmRule("low_balance_1", 1, "The balance is low")))

# Alarm kinds that a trip release (spec §7 0x0304: trip latches and lockout of the alarm's branch) answers.
RELEASABLE_ALARMS = frozenset({"standby_trip", "low_power_trip", "malignant_load", "over_power", "lockout"})

METER_OFFLINE = AlarmRule("meter_offline", 2, "The electricity meter stopped answering.")

EVENT_NAMES = {
    EventType.SWITCH_ON: "Switched on", EventType.SWITCH_OFF: "Switched off",
    EventType.MALIGNANT_TRIP: "Illegal appliance trip", EventType.OVER_POWER_TRIP: "Over-power trip",
    EventType.STANDBY_TRIP: "Standby (air conditioner) trip", EventType.LOW_POWER_TRIP: "Lights-off low-power trip",
    EventType.PREPAID_TRIP: "Prepaid trip", EventType.PREPAID_RESTORE: "Prepaid restore",
    EventType.FORCED_CONTROL: "Forced control changed", EventType.PURCHASE: "Purchase accepted",
    EventType.POWER_DOWN: "Power down", EventType.POWER_UP: "Power up", EventType.LOCKOUT: "Lockout",
    EventType.TRIPS_RESET: "Trips reset", EventType.UNLOCK_BLOCKED: "Unlock blocked",
    EventType.PARAMETERS_CHANGED: "Parameters changed", EventType.CLOCK_MOVED: "Clock moved",
    EventType.RECOVERY: "Recovery",
}

PURCHASE_KINDS = {PurchaseKind.MONEY: "Money", PurchaseKind.FREE_ENERGY: "Free energy",
                  PurchaseKind.SET_BALANCE: "Set balance", PurchaseKind.CLEAR_FREE_ENERGY: "Clear free energy"}


def event_name(event_type: int) -> str:
    return EVENT_NAMES.get(event_type, f"Event {event_type}")


def branch_name(branch: int | None) -> str:
    return BRANCH_NAMES.get(branch, "") if branch is not None else ""


def branch_word(branch: int) -> str:
    return BRANCH_WORDS.get(branch, str(branch))


def purchase_kind_name(kind: int) -> str:
    return PURCHASE_KINDS.get(kind, str(kind))


def event_alarm(event_type: int) -> AlarmRule | None:
    return EVENT_ALARMS.get(event_type)


def alarm_branch(details) -> Branch | None:
    """The branch an event alarm concerns, from the event payload stored with it (None: the whole meter,
    or no branch recorded)."""
    raw = (details or {}).get("branch") if isinstance(details, dict) else None
    try:
        return Branch(int(raw)) if raw is not None else None
    except ValueError:
        return None


def branch_mask(branches) -> int:
    """The branches as the meter's trip-reset mask (spec §7: bit b for branch b)."""
    mask = 0
    for b in branches:
        mask |= 1 << int(Branch(b))
    return mask
