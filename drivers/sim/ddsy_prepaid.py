"""Prepaid money of the DDSY1946A-13 (spec §5, §6): deduction, trip latch and purchases.

All amounts are integers in register units: balance in fen (0.01 CNY), free energy in 0.01 kWh
(cWh here), unit price in 0.0001 CNY/kWh, the accumulator R in 10^-6 CNY. Callers may rely on:
money is exact to the fen over any number of steps (fen charged for n steps at price p equals
(R_before + n*p - R_after) / 10000); a refused purchase changes nothing.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from drivers.sim import ddsy_events as ev

RECORDS = 20
KIND_MONEY, KIND_FREE_ENERGY, KIND_SET_BALANCE, KIND_CLEAR_FREE = 1, 2, 3, 4
S32_MIN, S32_MAX = -(2**31), 2**31 - 1
U32_MAX = 2**32 - 1


@dataclass(frozen=True)
class PurchaseRecord:
    sequence: int
    kind: int
    amount: int
    balance_after: int
    tag: int


class Prepaid:
    """Balance, free energy, accumulator, purchase count and records of one meter."""

    def __init__(self, log: ev.EventLog) -> None:
        self._log = log
        self.mode = 0
        self.unit_price = 5880
        self.alarm1 = 2000
        self.alarm2 = 500
        self.overdraft = 0
        self.trip_mask = 0x0007
        self.balance_fen = 0
        self.free_energy_cwh = 0
        self.accumulator = 0
        self.purchase_count = 0
        self.kind1_total_fen = 0
        self.records: deque[PurchaseRecord] = deque(maxlen=RECORDS)
        self.tripped = False
        self.charged_fen = 0  # lifetime fen debited by deduction (for tests and benches)

    # -- deduction ---------------------------------------------------------------------------

    def deduct(self, steps: int, clock: int) -> None:
        """Account for ``steps`` 0.01 kWh steps of the incoming energy register, one at a time."""
        price = self.unit_price
        for _ in range(steps):
            if self.free_energy_cwh > 0:
                self.free_energy_cwh -= 1
            else:
                r = self.accumulator + price
                fen = r // 10000
                self.accumulator = r - fen * 10000
                self.balance_fen = max(S32_MIN, self.balance_fen - fen)
                self.charged_fen += fen
            self.check_trip(clock)

    def check_trip(self, clock: int) -> None:
        """Latch the prepaid trip when its condition holds (after every step and every write)."""
        if (not self.tripped and self.mode == 1 and self.free_energy_cwh == 0
                and self.balance_fen <= -self.overdraft):
            self.tripped = True
            self._log.log(ev.PREPAID_TRIP, ev.WHOLE_METER, clock)

    def release(self, clock: int) -> None:
        if self.tripped:
            self.tripped = False
            self._log.log(ev.PREPAID_RESTORE, ev.WHOLE_METER, clock)

    def set_mode(self, mode: int, clock: int) -> None:
        self.mode = mode
        if mode == 0:
            self.release(clock)

    # -- purchases ---------------------------------------------------------------------------

    def next_sequence(self) -> int:
        """The sequence number the next purchase must carry (65535 is followed by 1)."""
        return self.purchase_count % 0xFFFF + 1

    def purchase_refused(self, sequence: int, kind: int, amount: int) -> bool:
        """True when §6 refuses this record (exception 03); nothing is changed either way."""
        if sequence != self.next_sequence() or kind not in (1, 2, 3, 4):
            return True
        if kind == KIND_MONEY:
            after = self.balance_fen + amount
            return (amount < 0 and after < 0) or not S32_MIN <= after <= S32_MAX
        if kind == KIND_FREE_ENERGY:
            after = self.free_energy_cwh + amount
            return after < 0 or after > U32_MAX
        return False

    def purchase(self, sequence: int, kind: int, amount: int, tag: int, clock: int) -> PurchaseRecord:
        """Apply an accepted purchase (caller checked ``purchase_refused``) and record it."""
        if kind == KIND_MONEY:
            self.balance_fen += amount
            # the lifetime total is an S32 register; keep it representable
            self.kind1_total_fen = max(S32_MIN, min(S32_MAX, self.kind1_total_fen + amount))
        elif kind == KIND_FREE_ENERGY:
            self.free_energy_cwh += amount
        elif kind == KIND_SET_BALANCE:
            self.balance_fen = amount
            self.accumulator = 0
        else:
            self.free_energy_cwh = 0
        self.purchase_count = sequence
        rec = PurchaseRecord(sequence, kind, amount, self.balance_fen, tag)
        self.records.appendleft(rec)
        self._log.log(ev.PURCHASE, ev.WHOLE_METER, clock)
        if self.balance_fen > 0 or self.free_energy_cwh > 0:
            self.release(clock)
        self.check_trip(clock)
        return rec

    def record_values(self) -> dict[str, int]:
        """Raw values of the 20 purchase records, newest first (empty records read 0)."""
        out: dict[str, int] = {}
        for i, rec in enumerate(self.records):
            p = f"record{i}_"
            out[p + "sequence"] = rec.sequence
            out[p + "kind"] = rec.kind
            out[p + "amount"] = rec.amount
            out[p + "balance_after"] = rec.balance_after
            out[p + "tag"] = rec.tag
        return out

    # -- status ------------------------------------------------------------------------------

    def status_bits(self) -> int:
        """Meter status bits 0-3 and 13 (§4)."""
        bits = 0
        if self.balance_fen <= self.alarm1:
            bits |= 1 << 0
        if self.balance_fen <= self.alarm2:
            bits |= 1 << 1
        if self.balance_fen < 0:
            bits |= 1 << 2
        if self.tripped:
            bits |= 1 << 3
        if self.mode == 0:
            bits |= 1 << 13
        return bits
