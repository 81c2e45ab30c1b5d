"""Register images of the simulated DDSY1946A-13: factory parameters and computed blocks.

Maps meter state to raw register values by profile name (never by address). Measured values are
rounded to the nearest unit; saturation to the type's limits happens when words are built
(:func:`drivers.sim.slave.register_words`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from drivers.profiles.ddsy1946a13 import BRANCHES, DDSY1946A13, PERIODS, SAMPLES

if TYPE_CHECKING:
    from drivers.sim.ddsy_meter import DdsyMeter

# Parameter registers: every read/write register except the clock, stored by name in the meter.
PARAM_NAMES = frozenset(r.name for r in DDSY1946A13.registers if r.access == "RW" and r.name != "clock")
FORCE_NAMES = tuple(f"branch{b}_force" for b in range(BRANCHES))
_SLOT_FIELDS = ("class", "dp", "pf", "i3", "i5", "thd", "tolerance", "signature_id")
_WAVE_NAMES = tuple(tuple(f"wave_{kind}_{k:03d}" for k in range(SAMPLES)) for kind in ("v", "i_post", "i_pre"))


def slot_names(i: int) -> tuple[str, ...]:
    """The eight register names of signature slot ``i`` in offset order."""
    return tuple(f"slot{i}_{f}" for f in _SLOT_FIELDS)


def default_params() -> dict[str, int]:
    """Factory parameters. Prepaid mode is off so a new meter supplies power until commissioned."""
    p = dict.fromkeys(PARAM_NAMES, 0)
    p.update(address=1, baud_code=2, parity=0, prepaid_mode=0, unit_price=5880, alarm1_amount=2000,
             alarm2_amount=500, overdraft_limit=0, prepaid_trip_mask=0x0007, rest_day_mask=0x0060)
    for b in range(BRANCHES):
        pre = f"branch{b}_"
        p.update({pre + "low_power_limit": 100, pre + "low_power_delay": 10,
                  pre + "standby_threshold": 30, pre + "standby_delay": 30,
                  pre + "max_power": 2000, pre + "max_power_delay": 5,
                  pre + "increment_threshold": 300, pre + "resistive_pf": 990,
                  pre + "resistive_thd": 100, pre + "decision_delay": 2,
                  pre + "recovery_time": 0, pre + "allowed_trips": 3})
        for table in ("workday", "restday"):
            for k in range(PERIODS):
                p[f"{pre}{table}{k}_start"] = 0xFFFF
                p[f"{pre}{table}{k}_end"] = 0xFFFF
    return p


def _round(x: float) -> int:
    return math.floor(x + 0.5)


def _pf(p: float, s: float) -> int:
    """PF = P / S in 0.001, 1.000 when S is 0 (§1)."""
    if s <= 1e-9:
        return 1000
    return max(-1000, min(1000, _round(p / s * 1000.0)))


def measurement_values(meter: DdsyMeter) -> dict[str, int]:
    """Raw values of the 48-register measurement block."""
    v = meter.v_rms
    p_in, q_in, i_in = meter.incoming
    out = {
        "voltage": _round(v * 10.0),
        "frequency": _round(meter.freq_hz * 100.0),
        "incoming_current": _round(i_in * 100.0),
        "incoming_power": _round(p_in),
        "incoming_reactive_power": _round(q_in),
        "incoming_pf": _pf(p_in, v * i_in),
        "incoming_energy": meter.incoming_energy_cwh,
        "balance": meter.prepaid.balance_fen,
        "free_energy": meter.prepaid.free_energy_cwh,
        "purchase_count": meter.prepaid.purchase_count,
        "status": meter.status_word(),
        "events_pending": len(meter.log),
        "meter_clock": meter.clock,
        "kind1_total": meter.prepaid.kind1_total_fen,
    }
    for b in meter.branches:
        pre = f"branch{b.index}_"
        out[pre + "current"] = _round(b.i_a * 100.0)
        out[pre + "power"] = _round(b.p_w)
        out[pre + "reactive_power"] = _round(b.q_var)
        out[pre + "pf"] = _pf(b.p_w, v * b.i_a)
        out[pre + "energy"] = b.energy_cwh
        out[pre + "state"] = b.state_word
        out[pre + "trips_today"] = b.trips_today
    return out


def wave_values(wave: tuple[list[int], list[int], list[int]]) -> dict[str, int]:
    """Raw values of the three captured cycles (already in 0.1 V / mA and saturated)."""
    out: dict[str, int] = {}
    for names, samples in zip(_WAVE_NAMES, wave, strict=True):
        out.update(zip(names, samples, strict=True))
    return out
