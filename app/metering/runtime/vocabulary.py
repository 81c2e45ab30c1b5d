"""The one place where the meters' numbers become the office's words.

The drivers decode registers into typed flags and enums (drivers/ddsy_records.py: `BranchState`,
`MeterStatus`, `EventType`, `PurchaseKind`); this module says what they mean to DormWatt: how a
branch is drawn, which status bits and events raise which alarm at which level and with which
message, and the display names of branches, events and purchase kinds. Nothing above it (the rest
of app/, ui/) knows a bit mask or an event number: a change to one alarm touches this file only.

Display names and messages are English source strings; the window shows them through its
translation catalogue (resources/translations/extract.py reads the tables below by name).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

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


def branch_mask(branches) -> int:
    """The branches as the meter's trip-reset mask (spec §7: bit b for branch b)."""
    mask = 0
    for b in branches:
        mask |= 1 << int(Branch(b))
    return mask
