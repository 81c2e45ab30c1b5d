"""Result and parameter records of the DDSY1946A-13 driver.

Every field is a raw integer in register units, and the unit is in the field name:
``_dv`` 0.1 V, ``_chz`` 0.01 Hz, ``_ca`` 0.01 A, ``_w`` W, ``_var`` var, ``_milli`` 0.001,
``_cwh`` 0.01 kWh, ``_fen`` 0.01 CNY, ``_centifen`` 0.0001 CNY, ``_permille`` 0.1 %,
``_centi`` 0.01, ``_s`` seconds, ``_min`` minutes since midnight, ``_day`` days since 2000-01-01,
``_ma`` mA. Bit words come with ``IntFlag`` types so callers test bits by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, IntFlag

UNUSED = 0xFFFF
"""Marks an unused off period in a schedule table (§9)."""


class BranchState(IntFlag):
    """Branch state word (§4)."""

    RELAY_CLOSED = 1 << 0
    FORCED_OPEN = 1 << 1
    FORCED_CLOSED = 1 << 2
    SCHEDULE_OPEN = 1 << 3
    LOW_POWER_MODE = 1 << 4
    TRIP_OVER_POWER = 1 << 5
    TRIP_MALIGNANT = 1 << 6
    TRIP_STANDBY = 1 << 7
    LOCKED_OUT = 1 << 8
    PREPAID_OPEN = 1 << 9
    LINKAGE_OPEN = 1 << 10
    HOLIDAY_OPEN = 1 << 11
    TRIP_LOW_POWER = 1 << 12


class MeterStatus(IntFlag):
    """Meter status word (§4)."""

    ALARM1 = 1 << 0
    ALARM2 = 1 << 1
    ARREARS = 1 << 2
    PREPAID_TRIP = 1 << 3
    HOLIDAY = 1 << 4
    TERM = 1 << 5
    OFF_PERIOD = 1 << 6
    LINKAGE_LOCK = 1 << 7
    CLOCK_NOT_SET = 1 << 8
    UNLOCKED = 1 << 9
    EVENTS_PENDING = 1 << 10
    EVENTS_LOST = 1 << 11
    UNLOCK_BLOCKED = 1 << 12
    PREPAID_OFF = 1 << 13


class ScheduleFlag(IntFlag):
    """Flags of a branch schedule block (§9 +0x00)."""

    ENABLED = 1 << 0
    HOLIDAY_OFF = 1 << 1
    LOW_POWER = 1 << 2
    STANDBY = 1 << 3


class LoadFlag(IntFlag):
    """Flags of a branch's load-control block (§10 +0x0)."""

    OVER_POWER = 1 << 0
    RESISTIVE_RULE = 1 << 1
    BLOCK_SLOTS = 1 << 2
    ALLOW_SLOTS = 1 << 3


class SlotClass(IntEnum):
    """Class of a signature slot (§11 +0)."""

    EMPTY = 0
    BLOCK = 1
    ALLOW = 2


class EventAction(IntEnum):
    """What the meter did about a switch-on (§13 event +17)."""

    ALLOWED = 0             # allowed by rule 4, or no decision
    ALLOWED_BY_SLOT = 1
    TRIPPED = 2


class ForceMode(IntEnum):
    """Forced control of a branch (§7)."""

    AUTO = 0
    OPEN = 1
    CLOSED = 2


class PurchaseKind(IntEnum):
    """Purchase record kinds (§6)."""

    MONEY = 1
    FREE_ENERGY = 2
    SET_BALANCE = 3
    CLEAR_FREE_ENERGY = 4


class EventType(IntEnum):
    """Event log types (§13)."""

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


@dataclass(frozen=True)
class BranchReading:
    """One branch of the measurement block."""

    current_ca: int
    power_w: int
    reactive_var: int
    pf_milli: int
    energy_cwh: int
    state: BranchState
    trips_today: int

    @property
    def relay_closed(self) -> bool:
        return bool(self.state & BranchState.RELAY_CLOSED)


@dataclass(frozen=True)
class LiveBlock:
    """The first 32 registers of the measurement block (live power of the incoming line and branches)."""

    address: int
    voltage_dv: int
    frequency_chz: int
    incoming_current_ca: int
    incoming_power_w: int
    incoming_reactive_var: int
    incoming_pf_milli: int
    incoming_energy_cwh: int
    branches: tuple[BranchReading, BranchReading, BranchReading]


@dataclass(frozen=True)
class MeasurementSnapshot(LiveBlock):
    """The whole 48-register measurement block, read in one request (what the host bills)."""

    balance_fen: int = 0
    free_energy_cwh: int = 0
    purchase_count: int = 0
    status: MeterStatus = MeterStatus(0)
    events_pending: int = 0
    meter_clock_s: int = 0
    kind1_total_fen: int = 0

    @property
    def clock_not_set(self) -> bool:
        """Status bit 8: the meter's clock was not set since power-up (§4, §12)."""
        return bool(self.status & MeterStatus.CLOCK_NOT_SET)

    @property
    def unlock_blocked(self) -> bool:
        """Status bit 12: unlocking is blocked after wrong passwords (§2)."""
        return bool(self.status & MeterStatus.UNLOCK_BLOCKED)


@dataclass(frozen=True)
class PurchaseOrder:
    """A credit to deliver: ``amount`` is fen (kinds 1 and 3) or 0.01 kWh (kind 2); ``tag`` is
    the host's reference (U32) stored in the meter's purchase record."""

    kind: PurchaseKind
    amount: int
    tag: int


@dataclass(frozen=True)
class PurchaseResult:
    """A delivered purchase. ``already_delivered`` is True when an earlier attempt (whose reply was
    lost) had landed and this call only confirmed it. For a kind-4 purchase (clear free energy),
    ``free_energy_cleared_cwh`` is the free energy the meter held just before this call wrote the
    record (what the clear removed), or None when an earlier call wrote it."""

    sequence: int
    order: PurchaseOrder
    balance_after_fen: int | None
    already_delivered: bool
    attempts: int
    free_energy_cleared_cwh: int | None = None


@dataclass(frozen=True)
class PurchaseRecord:
    """One of the meter's 20 purchase records (newest first)."""

    sequence: int
    kind: int
    amount: int
    balance_after_fen: int
    tag: int


@dataclass(frozen=True)
class PrepaidParameters:
    """§5. ``unit_price_centifen`` is in 0.0001 CNY per kWh; ``trip_mask`` bit b = branch b."""

    prepaid_mode: int
    unit_price_centifen: int
    alarm1_fen: int
    alarm2_fen: int
    overdraft_limit_fen: int
    trip_mask: int = 0x7


@dataclass(frozen=True)
class ControlState:
    """§7: forced control per branch and the linkage lock."""

    force: tuple[ForceMode, ForceMode, ForceMode]
    linkage_lock: bool


@dataclass(frozen=True)
class Calendar:
    """§8. ``holidays`` are (start_day, end_day) inclusive, at most 16."""

    term_enabled: bool
    term_start_day: int
    term_end_day: int
    rest_day_mask: int = 0x60
    holidays: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class BranchSchedule:
    """§9. Off periods are (start_min, end_min); at most 8 per table, unused ones are left out."""

    flags: int
    low_power_limit_w: int = 100
    low_power_delay_s: int = 10
    standby_threshold_ma: int = 50
    standby_delay_s: int = 60
    workday: tuple[tuple[int, int], ...] = ()
    restday: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class LoadControl:
    """§10 load-control parameters of one branch (defaults are the meter's)."""

    flags: int = 0
    max_power_w: int = 2000
    max_power_delay_s: int = 5
    increment_threshold_w: int = 300
    resistive_pf_milli: int = 990
    resistive_thd_permille: int = 100
    decision_delay_s: int = 2
    recovery_time_s: int = 0
    allowed_trips: int = 3


@dataclass(frozen=True)
class SignatureSlot:
    """§11. ``cls`` 0 empty, 1 block, 2 allow."""

    cls: int
    dp_w: int = 0
    pf_milli: int = 0
    i3_permille: int = 0
    i5_permille: int = 0
    thd_permille: int = 0
    tolerance_permille: int = 0
    signature_id: int = 0


EMPTY_SLOT = SignatureSlot(0)


@dataclass(frozen=True)
class MeterEvent:
    """§13 event record. Feature fields are zero except in types 1 and 3 (and 2's ΔP, power after)."""

    address: int
    sequence: int
    type: int
    branch: int
    time_s: int
    dp_w: int
    dq_var: int
    pf_milli: int
    i3_permille: int
    i5_permille: int
    i7_permille: int
    thd_permille: int
    crest_centi: int
    fluctuation_permille: int
    inrush_centi: int
    power_after_w: int
    slot: int
    action: int


@dataclass(frozen=True)
class Waveform:
    """§14 capture: one cycle each of voltage (0.1 V) and branch current after and before the
    step (mA), 128 samples starting at a rising voltage zero crossing."""

    samples_per_cycle: int
    voltage_dv: tuple[int, ...]
    current_post_ma: tuple[int, ...]
    current_pre_ma: tuple[int, ...]

    def step_current_ma(self) -> tuple[int, ...]:
        """The appliance's own current: post minus pre, sample by sample."""
        return tuple(a - b for a, b in zip(self.current_post_ma, self.current_pre_ma, strict=True))


@dataclass(frozen=True)
class LineSettings:
    """§3: address 1–247, baud code 0–3 (2400…19200), parity 0 none, 1 odd, 2 even."""

    address: int
    baud_code: int
    parity: int
