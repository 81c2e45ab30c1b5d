"""The meter's signature definitions, in one place for the meter simulator and the host.

Step features of a switch-on (spec §13), in the DDSY event record's register units, and the §11 rule
by which an event matches a signature slot. The simulator's meter decides with them; the host's
capture tool and malignant-load matcher (app/loads) compute and compare with the very same code, so
a feature the technician sees on the bench is the feature the meter will compute in the room.

The step current is ``i_post - i_pre`` sample by sample, one cycle of 128 samples each starting at a
rising voltage zero crossing. Every figure is rounded to the nearest register unit (halves away from
zero) and saturated at its register type's limits, as the spec requires of measured values.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

_S16 = (-32768, 32767)
_U16 = (0, 65535)
_MAX_ORDER = 31


@dataclass(frozen=True)
class StepFeatures:
    """Features of one step, as the event record (§13, offsets +5 to +14) carries them.

    ``inrush_centi`` and ``fluctuation_permille`` are not computable from two cycles: they are 0
    unless given to :func:`step_features` (the meter model has the per-cycle RMS and per-second powers).
    """

    dp_w: int                  # S16, W
    dq_var: int                # S16, var, inductive positive
    pf_milli: int              # U16, 0.001: ΔP / ΔS, 1000 when ΔS = 0
    i3_permille: int           # U16, 0.1 %: I3 / I1
    i5_permille: int
    i7_permille: int
    thd_permille: int          # U16, 0.1 %: sqrt(Σ Ih², h = 2..31) / I1
    crest_centi: int           # U16, 0.01: peak / rms
    inrush_centi: int = 0      # U16, 0.01: peak one-cycle RMS in the first 100 ms / steady RMS
    fluctuation_permille: int = 0   # U16, 0.1 %: std / mean of power over the decision delay


def register_round(x: float, lo: int, hi: int) -> int:
    """Round to the nearest integer (halves away from zero) and saturate to [lo, hi]; NaN gives 0."""
    if math.isnan(x):
        return 0
    if math.isinf(x):
        return hi if x > 0 else lo
    n = math.floor(abs(x) + 0.5)
    return max(lo, min(hi, int(math.copysign(n, x))))


def step_features(v: np.ndarray, i_pre: np.ndarray, i_post: np.ndarray, *,
                  cycles_rms: Sequence[float] | None = None,
                  powers: Sequence[float] | None = None) -> StepFeatures:
    """Features of the step from i_pre to i_post under voltage v (volts and amperes, one cycle each).

    ΔP = mean(v·Δi); ΔS = Vrms·rms(Δi); ΔQ = ±sqrt(ΔS² − ΔP²), positive when the fundamental of Δi
    lags the voltage's; PF = ΔP/ΔS. Harmonic ratios and THD come from an FFT of Δi; with no
    fundamental at all (yet some current) they saturate. When given, cycles_rms (one-cycle RMS of the
    step current in the first 100 ms) fills the inrush ratio against rms(Δi), and powers (one-second
    powers over the decision delay) fills the fluctuation.
    """
    v = np.asarray(v, dtype=float)
    di = np.asarray(i_post, dtype=float) - np.asarray(i_pre, dtype=float)
    if v.shape != di.shape or v.ndim != 1 or len(v) < 2 * _MAX_ORDER + 2:
        raise ValueError("v, i_pre and i_post must be one cycle each, of equal length >= 64")
    dp = float(np.mean(v * di))
    i_rms = math.sqrt(float(np.mean(di * di)))
    ds = math.sqrt(float(np.mean(v * v))) * i_rms
    spec_i = np.fft.rfft(di)
    spec_v = np.fft.rfft(v)
    # Im(V1·conj(I1)) > 0 when the current's fundamental lags: inductive, ΔQ positive.
    lag = (spec_v[1] * np.conj(spec_i[1])).imag
    dq = math.copysign(math.sqrt(max(ds * ds - dp * dp, 0.0)), 1.0 if lag >= 0 else -1.0)
    pf = dp / ds if ds > 0 else 1.0
    mag = np.abs(spec_i[: _MAX_ORDER + 1])
    i1 = float(mag[1])
    if i_rms == 0.0:
        ratios = (0.0, 0.0, 0.0, 0.0)
    elif i1 <= 1e-12 * i_rms * len(di):
        ratios = (math.inf,) * 4
    else:
        thd = math.sqrt(float(np.sum(mag[2:] ** 2))) / i1
        ratios = (mag[3] / i1, mag[5] / i1, mag[7] / i1, thd)
    crest = float(np.max(np.abs(di))) / i_rms if i_rms > 0 else 0.0
    return StepFeatures(
        dp_w=register_round(dp, *_S16),
        dq_var=register_round(dq, *_S16),
        pf_milli=register_round(pf * 1000.0, *_U16),
        i3_permille=register_round(ratios[0] * 1000.0, *_U16),
        i5_permille=register_round(ratios[1] * 1000.0, *_U16),
        i7_permille=register_round(ratios[2] * 1000.0, *_U16),
        thd_permille=register_round(ratios[3] * 1000.0, *_U16),
        crest_centi=register_round(crest * 100.0, *_U16),
        inrush_centi=inrush_ratio(cycles_rms, i_rms) if cycles_rms is not None else 0,
        fluctuation_permille=fluctuation(powers) if powers is not None else 0,
    )


def inrush_ratio(cycles_rms: Sequence[float], steady_rms: float) -> int:
    """Peak of the one-cycle RMS values over the steady RMS, in 0.01 (U16); 0 if either is missing."""
    if steady_rms <= 0 or len(cycles_rms) == 0:
        return 0
    return register_round(max(cycles_rms) / steady_rms * 100.0, *_U16)


def fluctuation(powers: Sequence[float]) -> int:
    """Population standard deviation over the mean of powers, in 0.1 % (U16); 0 when the mean is <= 0."""
    p = np.asarray(powers, dtype=float)
    if p.size == 0:
        return 0
    mean = float(np.mean(p))
    if mean <= 0:
        return 0
    return register_round(float(np.std(p)) / mean * 1000.0, *_U16)


# §11: an event matches a slot when, in register units, ΔP is within the slot's tolerance (0.1 % of
# the slot's ΔP) and PF, I3/I1, I5/I1 and THD are within these fixed bounds.
SLOT_PF_TOLERANCE = 30
SLOT_I3_TOLERANCE = 30
SLOT_I5_TOLERANCE = 30
SLOT_THD_TOLERANCE = 50


def slot_matches(slot_dp: int, slot_pf: int, slot_i3: int, slot_i5: int, slot_thd: int, tolerance: int,
                 dp: int, pf: int, i3: int, i5: int, thd: int) -> bool:
    """§11's match rule for one slot (all figures in register units)."""
    return (abs(dp - slot_dp) * 1000 <= tolerance * slot_dp and abs(pf - slot_pf) <= SLOT_PF_TOLERANCE
            and abs(i3 - slot_i3) <= SLOT_I3_TOLERANCE and abs(i5 - slot_i5) <= SLOT_I5_TOLERANCE
            and abs(thd - slot_thd) <= SLOT_THD_TOLERANCE)
