"""Switch-on features as the host holds them: from a meter's event record, a §14 waveform capture or a
JSON line, checked once on the way in.

Every figure is in the §13 event record's register units (W, var, 0.001, 0.1 %, 0.01), computed by
``drivers.signature`` — the same code the simulated meter decides with — so a feature the technician
sees on the bench is the one the meter computes in a room. A waveform capture has three cycles only:
its inrush and fluctuation are unknown (None), and the matcher compares what both sides have.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from drivers.ddsy_records import MeterEvent
from drivers.signature import step_features

SAMPLES = 128                 # §14: samples per cycle
STEP_MIN_W = 20               # §10: a switch-on is a rise of at least 20 W
_S16_LIMITS = (-0x8000, 0x7FFF)
# Fields of a JSON feature line (the `loads classify` input), in §13 register units.
FIELDS = ("dp", "dq", "pf", "i3", "i5", "i7", "thd", "crest", "fluctuation", "inrush", "power_after")
_OPTIONAL = frozenset({"dq", "i7", "crest", "fluctuation", "inrush", "power_after"})


class FeatureError(ValueError):
    """Input that cannot become features; the message says why in a clerk's or technician's words."""


@dataclass(frozen=True)
class Features:
    """One switch-on's step features (register units). inrush and fluctuation are None when unknown."""

    dp: int
    pf: int
    i3: int
    i5: int
    thd: int
    dq: int | None = None
    i7: int | None = None
    crest: int | None = None
    inrush: int | None = None
    fluctuation: int | None = None
    power_after: int | None = None

    def as_dict(self) -> dict[str, int]:
        """The known fields (a JSON feature line)."""
        return {k: v for k in FIELDS if (v := getattr(self, k)) is not None}


def from_event(event: MeterEvent) -> Features:
    """Features of a switch-on (type 1) or malignant-load trip (type 3) record."""
    return Features(dp=event.dp_w, pf=event.pf_milli, i3=event.i3_permille, i5=event.i5_permille,
                    thd=event.thd_permille, dq=event.dq_var, i7=event.i7_permille, crest=event.crest_centi,
                    inrush=event.inrush_centi, fluctuation=event.fluctuation_permille,
                    power_after=event.power_after_w)


def from_mapping(data: Mapping[str, object], *, where: str = "") -> Features:
    """Features from a JSON object with the §13 field names (see FIELDS); missing optional fields are
    unknown. Raises FeatureError naming the field for a missing required field or a non-integer."""
    prefix = f"{where}: " if where else ""
    values: dict[str, int | None] = {}
    for name in FIELDS:
        raw = data.get(name)
        if raw is None:
            if name not in _OPTIONAL:
                raise FeatureError(f"{prefix}missing field {name!r} (needed: dp, pf, i3, i5, thd)")
            values[name] = None
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw) or raw != int(raw):
            raise FeatureError(f"{prefix}field {name!r} must be a whole number in register units, not {raw!r}")
        values[name] = int(raw)
    if values["dp"] < STEP_MIN_W:
        raise FeatureError(f"{prefix}dp {values['dp']} W is not a switch-on (a step is at least {STEP_MIN_W} W)")
    for name in ("pf", "i3", "i5", "thd"):
        if not 0 <= values[name] <= 0xFFFF:
            raise FeatureError(f"{prefix}field {name!r} = {values[name]} is outside its register (0-65535)")
    return Features(dp=values["dp"], pf=values["pf"], i3=values["i3"], i5=values["i5"], thd=values["thd"],
                    dq=values["dq"], i7=values["i7"], crest=values["crest"], inrush=values["inrush"],
                    fluctuation=values["fluctuation"], power_after=values["power_after"])


def _cycle(name: str, raw: object, prefix: str) -> np.ndarray:
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or len(raw) != SAMPLES:
        raise FeatureError(f"{prefix}{name!r} must be a list of {SAMPLES} whole numbers (one cycle)")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in raw):
        raise FeatureError(f"{prefix}{name!r} must hold whole numbers (0.1 V or mA), as the meter sends them")
    a = np.asarray(raw, dtype=float)
    lo, hi = _S16_LIMITS
    if (a < lo).any() or (a > hi).any():
        raise FeatureError(f"{prefix}{name!r} has samples outside the meter's registers (-32768..32767)")
    return a


def _clipped(a: np.ndarray) -> bool:
    """Samples at the register's limits, or a flat top (a run of equal samples at the peak): the
    meter's input saturated. A real cycle changes by several units per sample even at its peak."""
    lo, hi = _S16_LIMITS
    if (a >= hi).sum() + (a <= lo).sum() >= 2:
        return True
    for extreme in (float(a.max()), float(a.min())):
        if abs(extreme) < 1000:
            continue
        run = best = 0
        for x in np.concatenate([a, a]) == extreme:     # the cycle wraps round
            run = run + 1 if x else 0
            best = max(best, run)
        if best >= 4:
            return True
    return False


def from_waveform(v: object, i_after: object, i_before: object, *, where: str = "") -> Features:
    """Features of a §14 capture: voltage (0.1 V), current one cycle after and one cycle before the
    step (mA). Refuses a capture with no step (the appliance was already on), and a clipped or
    saturated one, with the reason."""
    prefix = f"{where}: " if where else ""
    va = _cycle("v", v, prefix)
    post = _cycle("i_after", i_after, prefix)
    pre = _cycle("i_before", i_before, prefix)
    if np.sqrt(np.mean(va * va)) < 500:        # under 50 V: no supply in the capture
        raise FeatureError(f"{prefix}the voltage cycle is (nearly) zero: the capture holds no supply")
    for name, a in (("v", va), ("i_after", post), ("i_before", pre)):
        if _clipped(a):
            raise FeatureError(f"{prefix}{name!r} is clipped (samples at the limit or a flat top): the meter's "
                               "input saturated; capture again with the appliance alone on the bench")
    f = step_features(va / 10.0, pre / 1000.0, post / 1000.0)
    if f.dp_w < STEP_MIN_W:
        raise FeatureError(f"{prefix}no switch-on in the capture (step {f.dp_w} W, a switch-on is at least "
                           f"{STEP_MIN_W} W): was the appliance already on when the capture was armed?")
    return Features(dp=f.dp_w, pf=f.pf_milli, i3=f.i3_permille, i5=f.i5_permille, thd=f.thd_permille,
                    dq=f.dq_var, i7=f.i7_permille, crest=f.crest_centi)


def harmonics(v: Sequence[int], i_after: Sequence[int], i_before: Sequence[int],
              orders: int = 15) -> np.ndarray:
    """Harmonic ratios Ih/I1 (h = 1..orders) of the step current, for the capture tool's bars."""
    di = np.asarray(i_after, dtype=float) - np.asarray(i_before, dtype=float)
    mag = np.abs(np.fft.rfft(di))[1: orders + 1]
    return mag / mag[0] if mag[0] > 0 else np.zeros(orders)
