"""Appliance models for the room simulator: what each kind of device draws, as a current spectrum.

A current is held as a *spectrum*: complex array ``C`` of length ``HARMONICS + 1`` (orders 0..31),
scaled so that one cycle of 128 samples is ``numpy.fft.irfft(C * 128, 128)``. With that scaling,
for two waveforms of one cycle, ``mean(x * y) == inner(X, Y)`` exactly, so the analytic one-second
figures of :mod:`drivers.sim.physics` and the synthesised cycles agree to rounding.

Phases use the sine basis of the supply: harmonic ``h`` with RMS ``a`` and phase ``phi`` is the
waveform ``sqrt(2) * a * sin(h * theta + phi)``; the supply's fundamental has phase 0, so a cycle
starts at a rising zero crossing. A lagging (inductive) current has a negative fundamental phase.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import numpy as np

SAMPLES = 128
HARMONICS = 31
NOMINAL_V = 220.0

_WEIGHT = np.array([1.0] + [2.0] * HARMONICS)   # Parseval weights for orders 0..31
_THETA = 2.0 * np.pi * np.arange(SAMPLES) / SAMPLES


def tone(h: int, rms: float, phase: float) -> complex:
    """Spectrum bin value of ``sqrt(2)*rms*sin(h*theta + phase)`` (h >= 1)."""
    return rms / math.sqrt(2.0) * (-1j) * complex(math.cos(phase), math.sin(phase))


def inner(x: np.ndarray, y: np.ndarray) -> float:
    """Mean of the product of the two one-cycle waveforms whose spectra are x and y."""
    return float(np.sum(_WEIGHT * (x * np.conj(y)).real))


def rms(x: np.ndarray) -> float:
    """RMS of the one-cycle waveform with spectrum x."""
    return math.sqrt(max(inner(x, x), 0.0))


def fundamental_q(v: np.ndarray, i: np.ndarray) -> float:
    """Fundamental reactive power, positive when the current lags (inductive)."""
    return float(2.0 * (v[1] * np.conj(i[1])).imag)


def to_samples(spec: np.ndarray) -> np.ndarray:
    """One cycle (float64[128]) of the waveform with spectrum spec."""
    return np.fft.irfft(spec * SAMPLES, SAMPLES)


def to_spectrum(samples: np.ndarray) -> np.ndarray:
    """Spectrum (orders 0..31) of one cycle of samples; content above order 31 is dropped."""
    return np.fft.rfft(samples)[: HARMONICS + 1] / SAMPLES


def supply_spectrum(v_rms: float = NOMINAL_V, h3: float = 0.025, h5: float = 0.015) -> np.ndarray:
    """Supply voltage with a flat top: h3 and h5 are the 3rd/5th harmonic ratios; total RMS is v_rms."""
    spec = np.zeros(HARMONICS + 1, dtype=complex)
    spec[1] = tone(1, 1.0, 0.0)
    spec[3] = tone(3, h3, 0.0)        # in phase with sin(3θ): lowers the crest
    spec[5] = tone(5, h5, math.pi)    # opposite to sin(5θ): lowers the crest too
    return spec * (v_rms / rms(spec))


# --- waveform families ------------------------------------------------------------------------

def _scale_to_power(v: np.ndarray, i: np.ndarray, power_w: float) -> np.ndarray:
    return i * (power_w / inner(v, i))


def _pulse_current(width: float) -> np.ndarray:
    """Capacitor-input rectifier: one cos² pulse per half cycle, a little before the voltage peak."""
    centre = math.pi / 2 - 0.35 * width
    d = (_THETA - centre + math.pi) % (2 * math.pi) - math.pi
    half = np.where(np.abs(d) < width / 2, np.cos(np.pi * d / width) ** 2, 0.0)
    return to_spectrum(half - np.roll(half, SAMPLES // 2))


def _pf(v: np.ndarray, i: np.ndarray) -> float:
    return inner(v, i) / (rms(v) * rms(i))


_REF_V = supply_spectrum()
# Pulse width -> true PF against a typical supply, monotonic over this range; interpolated per device.
_WIDTHS = np.radians(np.arange(15.0, 96.0, 1.0))
_WIDTH_PF = np.array([_pf(_REF_V, _pulse_current(w)) for w in _WIDTHS])


def _rectifier(v: np.ndarray, power_w: float, pf: float) -> np.ndarray:
    width = float(np.interp(pf, _WIDTH_PF, _WIDTHS))
    return _scale_to_power(v, _pulse_current(width), power_w)


def _tabulated(v: np.ndarray, power_w: float, pf: float, disp_deg: float,
               table: tuple[tuple[int, float, float], ...]) -> np.ndarray:
    """Fundamental displaced by disp_deg (positive = lagging) plus a harmonic table scaled to hit pf."""
    phi = math.radians(disp_deg)
    thd0 = math.sqrt(sum(r * r for _, r, _ in table)) or 1.0
    # PF ≈ cos(phi) / sqrt(1 + THD²): pick the THD that gives the wanted PF.
    m = math.sqrt(max((math.cos(phi) / pf) ** 2 - 1.0, 0.0)) / thd0 if table else 0.0
    i = np.zeros(HARMONICS + 1, dtype=complex)
    i[1] = tone(1, 1.0, -phi)
    for h, ratio, ph in table:
        i[h] = tone(h, ratio * m, math.radians(ph))
    return _scale_to_power(v, i, power_w)


# Peaky (rectifier-like) phase pattern: odd harmonics alternate 180°/0° so they add at the crest.
_INDUCTION_TABLE = ((3, 0.25, 180), (5, 0.15, 0), (7, 0.09, 180), (9, 0.05, 0),
                    (11, 0.03, 180), (13, 0.02, 0), (15, 0.012, 180))
_PFC_TABLE = ((3, 0.08, 200), (5, 0.04, 30), (7, 0.03, 170), (9, 0.02, 10), (11, 0.015, 190),
              (21, 0.01, 0), (23, 0.01, 90), (25, 0.008, 45))
_MOTOR_TABLE = ((3, 0.035, 20), (5, 0.015, 200), (7, 0.006, 10))


def _motor(v: np.ndarray, power_w: float, pf: float) -> np.ndarray:
    # Displacement a touch better than the wanted PF: the small harmonic table costs the rest.
    i = np.zeros(HARMONICS + 1, dtype=complex)
    phi = math.acos(min(pf * 1.0007, 1.0))
    i[1] = tone(1, 1.0, -phi)
    for h, ratio, ph in _MOTOR_TABLE:
        i[h] = tone(h, ratio, math.radians(ph))
    return _scale_to_power(v, i, power_w)


def _half_wave(v: np.ndarray, power_w: float) -> np.ndarray:
    return _scale_to_power(v, to_spectrum(np.maximum(to_samples(v), 0.0)), power_w)


def _standby(v: np.ndarray, power_w: float, current_a: float) -> np.ndarray:
    """Idle electronics behind an EMI capacitor: a small rectifier plus a leading capacitive current."""
    base = _rectifier(v, power_w, 0.5)
    cap = np.zeros(HARMONICS + 1, dtype=complex)
    cap[1] = tone(1, 1.0, math.pi / 2)
    # rms(base + c*cap)² = a c² + b c + d; solve for the wanted RMS current.
    a, b, d = inner(cap, cap), 2 * inner(base, cap), inner(base, base) - current_a ** 2
    c = max((-b + math.sqrt(max(b * b - 4 * a * d, 0.0))) / (2 * a), 0.0)
    return base + c * cap


# --- models -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """One waveform family a model may come in, with the range of its true power factor."""

    kind: str            # "resistive" | "half_wave" | "motor" | "rectifier" | "pfc" | "induction" | "standby"
    pf: tuple[float, float] = (1.0, 1.0)
    weight: float = 1.0  # relative share of devices of this model built this way


@dataclass(frozen=True)
class ApplianceModel:
    """A kind of device: its usual branch, power range, waveform families, inrush and steadiness."""

    name: str
    branch: int                       # 0 lighting, 1 sockets, 2 air conditioning
    rated_w: tuple[float, float]      # active power at 220 V, range over devices
    shapes: tuple[Shape, ...]
    voltage_exponent: int             # P ∝ V^k: 2 resistive, 1 motors/standby, 0 regulated electronics
    inrush: float = 1.0               # first-cycle RMS / steady RMS at switch-on
    inrush_tau_s: float = 0.02        # decay of the inrush envelope (it ends at 100 ms regardless)
    fluctuation: float = 0.0          # relative standard deviation of its one-second power
    motor_fraction: float = 0.0       # share of power drawn by a built-in fan motor (hair dryer, heater)
    current_a: tuple[float, float] | None = None   # standby devices: RMS current range instead of PF
    mischief: bool = False            # banned in dormitories (a "malignant load")


_R = (Shape("resistive"),)
_SMPS = Shape("rectifier", (0.45, 0.55))       # capacitor-input charger: PF ~0.5, THD well over 100 %
_MODELS = (
    # normal loads
    ApplianceModel("lamp", 0, (18, 40),
                   (Shape("rectifier", (0.5, 0.62), 0.6), Shape("pfc", (0.85, 0.92), 0.4)), 0,
                   inrush=10.0, inrush_tau_s=0.004, fluctuation=0.002),
    ApplianceModel("desk_lamp", 1, (4, 10), (Shape("rectifier", (0.45, 0.6)),), 0,
                   inrush=8.0, inrush_tau_s=0.004, fluctuation=0.002),
    ApplianceModel("phone_charger", 1, (5, 15), (_SMPS,), 0,
                   inrush=15.0, inrush_tau_s=0.004, fluctuation=0.03),
    ApplianceModel("laptop", 1, (45, 90),
                   (Shape("rectifier", (0.55, 0.65), 0.7), Shape("pfc", (0.93, 0.97), 0.3)), 0,
                   inrush=12.0, inrush_tau_s=0.005, fluctuation=0.06),
    ApplianceModel("monitor", 1, (18, 30), (Shape("rectifier", (0.55, 0.65)),), 0,
                   inrush=10.0, inrush_tau_s=0.005, fluctuation=0.01),
    ApplianceModel("router", 1, (6, 10), (_SMPS,), 0, inrush=10.0, inrush_tau_s=0.004, fluctuation=0.01),
    ApplianceModel("fan", 1, (35, 60), (Shape("motor", (0.75, 0.85)),), 1,
                   inrush=2.5, inrush_tau_s=0.08, fluctuation=0.01),
    ApplianceModel("air_conditioner", 2, (600, 1200),
                   (Shape("motor", (0.88, 0.93)), Shape("pfc", (0.95, 0.98))), 1,
                   inrush=4.0, inrush_tau_s=0.06, fluctuation=0.02),
    ApplianceModel("ac_standby", 2, (2, 5), (Shape("standby"),), 1, current_a=(0.05, 0.15)),
    # banned ("malignant") loads
    ApplianceModel("kettle", 1, (1500, 1800), _R, 2,
                   inrush=1.08, inrush_tau_s=0.05, fluctuation=0.003, mischief=True),
    ApplianceModel("heater", 1, (800, 2000), _R, 2,
                   inrush=1.3, inrush_tau_s=0.06, fluctuation=0.005, motor_fraction=0.02, mischief=True),
    ApplianceModel("hair_dryer", 1, (1000, 1800), _R, 2,
                   inrush=2.0, inrush_tau_s=0.05, fluctuation=0.01, motor_fraction=0.05, mischief=True),
    ApplianceModel("hair_dryer_half", 1, (500, 900), (Shape("half_wave", (0.7, 0.7)),), 2,
                   inrush=2.0, inrush_tau_s=0.05, fluctuation=0.01, motor_fraction=0.08, mischief=True),
    ApplianceModel("induction_cooker", 1, (1200, 2100),
                   (Shape("induction", (0.93, 0.96), 0.7), Shape("induction", (0.82, 0.88), 0.3)), 0,
                   inrush=3.0, inrush_tau_s=0.01, fluctuation=0.03, mischief=True),
    ApplianceModel("rice_cooker", 1, (400, 700), _R, 2,
                   inrush=1.05, inrush_tau_s=0.05, fluctuation=0.003, mischief=True),
    ApplianceModel("rice_cooker_warm", 1, (40, 60), _R, 2, fluctuation=0.003, mischief=True),
    ApplianceModel("electric_blanket", 1, (60, 120), _R, 2, inrush=1.05, fluctuation=0.003, mischief=True),
)
APPLIANCES: dict[str, ApplianceModel] = {m.name: m for m in _MODELS}


@dataclass(frozen=True, eq=False)
class Appliance:
    """One physical device in one room: a model instance with its own power and waveform."""

    ident: int
    model: ApplianceModel
    branch: int
    rated_w: float
    spectrum: np.ndarray = field(repr=False)   # current at the room's supply at 220 V
    p_w: float                                  # active power at 220 V
    q1_var: float                               # fundamental reactive power at 220 V (+ inductive)

    @property
    def name(self) -> str:
        return self.model.name


def make_appliance(model: ApplianceModel, ident: int, v: np.ndarray, rng: random.Random | None = None,
                   branch: int | None = None) -> Appliance:
    """Build one device of model on a supply v (spectrum at 220 V RMS).

    With rng, power, shape and PF are drawn within the model's ranges; without it, the mid-range
    device of the model's first shape is built. The result's p_w equals its rated power.
    """
    def pick(lo: float, hi: float) -> float:
        return lo + (hi - lo) * (rng.random() if rng else 0.5)

    shape = model.shapes[0]
    if rng and len(model.shapes) > 1:
        x = rng.random() * sum(s.weight for s in model.shapes)
        for shape in model.shapes:
            x -= shape.weight
            if x <= 0:
                break
    power = pick(*model.rated_w)
    pf = pick(*shape.pf)
    main = power * (1.0 - model.motor_fraction)
    if shape.kind == "resistive":
        i = _scale_to_power(v, v.copy(), main)
    elif shape.kind == "half_wave":
        i = _half_wave(v, main)
    elif shape.kind == "motor":
        i = _motor(v, main, pf)
    elif shape.kind == "rectifier":
        i = _rectifier(v, main, pf)
    elif shape.kind == "pfc":
        i = _tabulated(v, main, pf, -6.0, _PFC_TABLE)       # EMI capacitor: slightly leading
    elif shape.kind == "induction":
        i = _tabulated(v, main, pf, -3.0, _INDUCTION_TABLE)
    elif shape.kind == "standby":
        i = _standby(v, main, pick(*(model.current_a or (0.1, 0.1))))
    else:
        raise ValueError(f"unknown waveform family {shape.kind!r}")
    if model.motor_fraction:
        i = i + _motor(v, power * model.motor_fraction, 0.8)
    i.setflags(write=False)
    return Appliance(ident, model, model.branch if branch is None else branch, power, i,
                     inner(v, i), fundamental_q(v, i))
