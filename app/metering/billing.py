"""Billing from meter readings, and reconciliation of the ledger with the meters.

Electricity: the meter deducts by itself (spec §5). The host posts the same consumption from the
energy register's deltas at the tariff, keeping the meter's sub-fen accumulator R per meter (the
billing cursor), with free energy used first, so that when nothing is in flight the ledger and the
meter hold the same balance to the fen. Any difference beyond 0.01 CNY becomes a reconciliation
finding with both figures. A register that goes backwards (replacement, rollover) or jumps more
than a room can draw is never billed: it is flagged for review and billing continues from it.

Water: billed by the host from the volume register (litres) at the water tariff, with the same
kind of remainder. What follows from a balance (valve, linkage lock) is returned as intents for
the meter service to carry out; billing itself does no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PRICE_UNITS_PER_FEN = 100            # unit prices are 0.0001 CNY
MAX_ROOM_POWER_W = 25_000            # more than this on average between two readings is implausible
SEQ_WINDOW = 1000


@dataclass(frozen=True)
class ElectricReading:
    meter_id: int
    taken_at: datetime
    incoming_cwh: int
    branch_cwh: tuple[int, int, int]
    balance_fen: int
    free_cwh: int
    purchase_count: int
    status: int


@dataclass(frozen=True)
class WaterReadingIn:
    meter_id: int
    taken_at: datetime
    volume_l: int
    valve_state: int
    status: int


@dataclass(frozen=True)
class Intent:
    """Something the meter service should do on the wire because of a balance."""

    action: str          # "linkage" (electricity meter), "valve" (water meter)
    meter_id: int
    value: bool          # linkage locked / valve open


@dataclass(frozen=True)
class BillResult:
    stored: bool                       # False: this interval's reading was already stored
    charged_fen: int = 0
    finding: str | None = None
    intents: tuple[Intent, ...] = ()


def in_meter_already(status: str, sequence: int | None, purchase_count: int) -> bool:
    """Whether a purchase's money is inside a reading that reports `purchase_count`: pending ones are
    not, delivered ones are unless their sequence comes after the count."""
    if status == "pending":
        return False
    return sequence is None or not 0 < (sequence - purchase_count) % 65535 <= SEQ_WINDOW
