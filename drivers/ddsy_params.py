"""DDSY1946A-13 parameter records to and from the profile's named register values.

The driver writes whole parameter blocks (§8 calendar, §9 schedule, §10 load control, §11
signature slots) as one request; these functions lay a record out as the named values of its
whole block, so ``Profile.encode`` gets a contiguous span with nothing left out.
"""

from __future__ import annotations

from drivers.ddsy_records import UNUSED, BranchSchedule, Calendar, LoadControl, SignatureSlot
from drivers.profiles.ddsy1946a13 import HOLIDAYS, PERIODS

LC_NAMES = ("lc_flags", "max_power", "max_power_delay", "increment_threshold", "resistive_pf",
            "resistive_thd", "decision_delay", "recovery_time", "allowed_trips")
SLOT_NAMES = ("class", "dp", "pf", "i3", "i5", "thd", "tolerance", "signature_id")


def calendar_values(cal: Calendar) -> dict[str, int]:
    """The named values of a whole calendar block (unused holiday ranges zeroed)."""
    if len(cal.holidays) > HOLIDAYS:
        raise ValueError(f"at most {HOLIDAYS} holiday ranges")
    values = {"term_enabled": int(cal.term_enabled), "term_start": cal.term_start_day,
              "term_end": cal.term_end_day, "rest_day_mask": cal.rest_day_mask,
              "holiday_count": len(cal.holidays)}
    for k in range(HOLIDAYS):
        start, end = cal.holidays[k] if k < len(cal.holidays) else (0, 0)
        values[f"holiday{k}_start"], values[f"holiday{k}_end"] = start, end
    return values


def schedule_values(branch: int, s: BranchSchedule) -> dict[str, int]:
    """The named values of one whole branch schedule block (unused periods 0xFFFF)."""
    p = f"branch{branch}_"
    values = {p + "schedule_flags": s.flags, p + "low_power_limit": s.low_power_limit_w,
              p + "low_power_delay": s.low_power_delay_s,
              p + "standby_threshold": s.standby_threshold_ma, p + "standby_delay": s.standby_delay_s}
    for name, table in (("workday", s.workday), ("restday", s.restday)):
        if len(table) > PERIODS:
            raise ValueError(f"at most {PERIODS} off periods per table")
        for k in range(PERIODS):
            start, end = table[k] if k < len(table) else (UNUSED, UNUSED)
            values[f"{p}{name}{k}_start"], values[f"{p}{name}{k}_end"] = start, end
    return values


def slot_values(index: int, slot: SignatureSlot) -> dict[str, int]:
    """The named values of one whole signature slot (8 registers)."""
    fields = (slot.cls, slot.dp_w, slot.pf_milli, slot.i3_permille, slot.i5_permille,
              slot.thd_permille, slot.tolerance_permille, slot.signature_id)
    return {f"slot{index}_{n}": x for n, x in zip(SLOT_NAMES, fields, strict=True)}


def load_control_values(branch: int, lc: LoadControl) -> dict[str, int]:
    """The named values of one branch's 9 load-control registers."""
    fields = (lc.flags, lc.max_power_w, lc.max_power_delay_s, lc.increment_threshold_w,
              lc.resistive_pf_milli, lc.resistive_thd_permille, lc.decision_delay_s,
              lc.recovery_time_s, lc.allowed_trips)
    return {f"branch{branch}_{n}": x for n, x in zip(LC_NAMES, fields, strict=True)}
