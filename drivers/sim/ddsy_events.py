"""The DDSY1946A-13 event log (spec §13): a FIFO of 64 records with sequence numbers.

The log is kept through power loss. Callers may rely on: sequence numbers run 1..65535 and wrap
to 1; a full log drops its oldest record and sets ``lost`` (status bit 11) until an acknowledge
empties the log; only the oldest record's sequence number acknowledges.
"""

from __future__ import annotations

from collections import deque
from dataclasses import astuple, dataclass

FIFO_SIZE = 64
WHOLE_METER = 0xFFFF
NO_SLOT = 0xFFFF

SWITCH_ON = 1
SWITCH_OFF = 2
MALIGNANT_TRIP = 3
OVER_POWER_TRIP = 4
STANDBY_TRIP = 5
LOW_POWER_TRIP = 6
PREPAID_TRIP = 7
PREPAID_RESTORE = 8
FORCED_CONTROL = 9
PURCHASE = 10
POWER_DOWN = 11
POWER_UP = 12
LOCKOUT = 13
TRIPS_RESET = 14
UNLOCK_BLOCKED = 15
PARAMETERS_CHANGED = 16
CLOCK_MOVED = 17
RECOVERY = 18

ACTION_ALLOWED = 0
ACTION_ALLOWED_BY_SLOT = 1
ACTION_TRIPPED = 2


@dataclass(frozen=True)
class EventRecord:
    """One event in register units, in the order of the 18-register record (+0 .. +17)."""

    sequence: int
    type: int
    branch: int
    time: int
    dp: int = 0
    dq: int = 0
    pf: int = 0
    i3: int = 0
    i5: int = 0
    i7: int = 0
    thd: int = 0
    crest: int = 0
    fluctuation: int = 0
    inrush: int = 0
    power_after: int = 0
    slot: int = NO_SLOT
    action: int = ACTION_ALLOWED

    def register_values(self) -> dict[str, int]:
        """Raw values keyed by the profile's ``event_*`` register names."""
        return {f"event_{k}": v for k, v in zip(_FIELDS, astuple(self), strict=True)}


_FIELDS = ("sequence", "type", "branch", "time", "dp", "dq", "pf", "i3", "i5", "i7", "thd", "crest",
           "fluctuation", "inrush", "power_after", "slot", "action")


class EventLog:
    """The meter's event FIFO."""

    def __init__(self, size: int = FIFO_SIZE) -> None:
        self.size = size
        self.records: deque[EventRecord] = deque()
        self.last_sequence = 0
        self.lost = False

    def __len__(self) -> int:
        return len(self.records)

    def log(self, type_: int, branch: int, time: int, **features: int) -> EventRecord:
        """Append an event and return it; drops the oldest (setting ``lost``) when full."""
        self.last_sequence = self.last_sequence % 0xFFFF + 1
        rec = EventRecord(self.last_sequence, type_, branch, time & 0xFFFF_FFFF, **features)
        if len(self.records) >= self.size:
            self.records.popleft()
            self.lost = True
        self.records.append(rec)
        return rec

    def oldest(self) -> EventRecord | None:
        return self.records[0] if self.records else None

    def acknowledge(self, sequence: int) -> bool:
        """Remove the oldest event if ``sequence`` names it; False (nothing changed) otherwise."""
        if not self.records or self.records[0].sequence != sequence:
            return False
        self.records.popleft()
        if not self.records:
            self.lost = False
        return True
