"""Appliance models for the room simulator: what each kind of device draws, as a current spectrum.

A current is held as a *spectrum*: complex array ``C`` of length ``HARMONICS + 1`` (orders 0..31),
scaled so that one cycle of 128 samples is ``numpy.fft.irfft(C * 128, 128)``. With that scaling,
for two waveforms of one cycle, ``mean(x * y) == inner(X, Y)`` exactly, so the analytic one-second
figures of :mod:`drivers.sim.physics` and the synthesised cycles agree to rounding.

Phases use the sine basis of the supply: harmonic ``h`` with RMS ``a`` and phase ``phi`` is the
waveform ``sqrt(2) * a * sin(h * theta + phi)``; the supply's fundamental has phase 0, so a cycle
starts at a rising zero crossing. A lagging (inductive) current has a negative fundamental phase.
Order 0 is DC (a device conducting on one half cycle has some); it carries no active power.

Every model is a spread of devices (power levels, designs, brands): see :func:`make_appliance` and
docs/appliance-catalogue.md, which bench/appliance_table.py regenerates from what the models produce.
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


# --- per-device spread --------------------------------------------------------------------------

class _Spread:
    """Brand and design differences of one device: draws from a generator, or the mid value without one."""

    def __init__(self, rng: random.Random | None) -> None:
        self.rng = rng

    def uniform(self, lo: float, hi: float) -> float:
        return lo + (hi - lo) * (self.rng.random() if self.rng else 0.5)

    def factor(self, spread: float) -> float:
        """1 ± spread, uniform (1 without a generator)."""
        return self.uniform(1.0 - spread, 1.0 + spread)

    def table(self, table: tuple[tuple[int, float, float], ...], scale: float = 0.3,
              jitter_deg: float = 5.0) -> tuple[tuple[int, float, float], ...]:
        """A harmonic table with each ratio scaled by 1 ± scale and each phase moved by ± jitter_deg."""
        if self.rng is None:
            return table
        return tuple((h, r * self.factor(scale), ph + self.uniform(-jitter_deg, jitter_deg))
                     for h, r, ph in table)

    def spectrum(self, spec: np.ndarray, scale: float, jitter_deg: float) -> np.ndarray:
        """spec with every harmonic of order >= 2 scaled by 1 ± scale and turned by ± jitter_deg."""
        if self.rng is None:
            return spec
        out = spec.copy()
        for h in range(2, HARMONICS + 1):
            turn = math.radians(self.uniform(-jitter_deg, jitter_deg))
            out[h] *= self.factor(scale) * complex(math.cos(turn), math.sin(turn))
        return out


# --- waveform families ------------------------------------------------------------------------

def _scale_to_power(v: np.ndarray, i: np.ndarray, power_w: float) -> np.ndarray:
    return i * (power_w / inner(v, i))


def _bank_spectra(cycles: np.ndarray) -> np.ndarray:
    """Spectra (orders 0..31) of a stack of cycles, one a row."""
    return np.fft.rfft(cycles, axis=-1)[..., : HARMONICS + 1] / SAMPLES


def _bank_pf(v: np.ndarray, specs: np.ndarray) -> np.ndarray:
    """True PF of each row of specs against the voltage spectrum v."""
    p = np.sum(_WEIGHT * (specs * np.conj(v)).real, axis=-1)
    i_rms = np.sqrt(np.sum(_WEIGHT * np.abs(specs) ** 2, axis=-1))
    return p / (rms(v) * i_rms)


def _pulses(widths: np.ndarray, centre: float = 0.35, sharpness: float = 2.0) -> np.ndarray:
    """Capacitor-input rectifier currents (one a row): a cos^sharpness pulse per half cycle, centred
    centre × width before the voltage peak (the capacitor charges while the voltage still rises)."""
    w = np.atleast_1d(widths)[:, None]
    d = (_THETA[None, :] - (math.pi / 2 - centre * w) + math.pi) % (2 * math.pi) - math.pi
    half = np.cos(np.clip(np.pi * d / w, -math.pi / 2, math.pi / 2)) ** sharpness
    # minus the same pulse half a cycle later: odd orders double, even ones cancel
    return _bank_spectra(half) * _ODD_TWICE


_ODD_TWICE = np.array([0.0, 2.0] * (HARMONICS // 2) + [0.0, 2.0])[: HARMONICS + 1]


_REF_V = supply_spectrum()
# Pulse width -> true PF against a typical supply, monotonic over this range; interpolated per device.
_WIDTHS = np.radians(np.arange(15.0, 96.0, 1.0))
_WIDTH_PF = _bank_pf(_REF_V, _pulses(_WIDTHS))
_BRAND_WIDTHS = np.radians(np.arange(15.0, 121.0, 3.0))    # coarser: one table per device


def _rectifier(v: np.ndarray, power_w: float, pf: float, spread: _Spread | None = None) -> np.ndarray:
    """Capacitor-input rectifier; brands differ in where the pulse sits and how peaked it is.

    Every brand reaches PF 0.65 (a pulse centred further before the peak, or sharper, would not).
    """
    if spread is None or spread.rng is None:
        widths, width_pf, centre, sharp = _WIDTHS, _WIDTH_PF, 0.35, 2.0
    else:
        centre, sharp = spread.uniform(0.28, 0.38), spread.uniform(1.6, 2.2)
        width_pf = _bank_pf(_REF_V, _pulses(_BRAND_WIDTHS, centre, sharp))
        top = int(np.argmax(width_pf)) + 1              # PF rises with the width up to here
        widths, width_pf = _BRAND_WIDTHS[:top], width_pf[:top]
    width = float(np.interp(pf, width_pf, widths))
    return _scale_to_power(v, _pulses(np.array([width]), centre, sharp)[0], power_w)


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


def _displaced(v: np.ndarray, power_w: float, pf: float, thd: float | None, lagging: bool,
               table: tuple[tuple[int, float, float], ...]) -> np.ndarray:
    """A harmonic table at THD thd (its own THD when None) on a fundamental displaced to hit pf.

    PF ≈ cos(φ) / sqrt(1 + THD²); when thd alone already costs more than pf allows, the table is
    scaled down to the THD that gives pf with no displacement.
    """
    thd0 = math.sqrt(sum(r * r for _, r, _ in table))
    t = thd0 if thd is None else thd
    cos_phi = pf * math.sqrt(1.0 + t * t)
    if cos_phi > 1.0:
        cos_phi, t = 1.0, math.sqrt(max(1.0 / (pf * pf) - 1.0, 0.0))
    phi = math.acos(cos_phi)
    i = np.zeros(HARMONICS + 1, dtype=complex)
    i[1] = tone(1, 1.0, -phi if lagging else phi)
    for h, ratio, ph in table:
        i[h] = tone(h, ratio * t / thd0, math.radians(ph))
    return _scale_to_power(v, i, power_w)


# Active PFC: residual odd harmonics of the boost stage plus switching-ripple leftovers.
_PFC_TABLE = ((3, 0.08, 200), (5, 0.04, 30), (7, 0.03, 170), (9, 0.02, 10), (11, 0.015, 190),
              (21, 0.01, 0), (23, 0.01, 90), (25, 0.008, 45))
# Induction motor: iron saturation, mostly third harmonic.
_MOTOR_TABLE = ((3, 0.035, 20), (5, 0.015, 200), (7, 0.006, 10))


def _motor(v: np.ndarray, power_w: float, pf: float, table: tuple[tuple[int, float, float], ...] = _MOTOR_TABLE,
           thd: float | None = None) -> np.ndarray:
    return _displaced(v, power_w, pf, thd, True, table)


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


def _cooker_half(alpha: np.ndarray, lead: float) -> np.ndarray:
    """One half cycle (rows: dead zones alpha) of an induction cooker's rectified input current.

    Bridge rectifier, a few µF of DC-link capacitor, a quasi-resonant inverter: the inverter draws
    roughly in proportion to the DC-link voltage (which follows |v|) but cannot switch softly below
    some voltage, so nothing flows within alpha of either zero crossing; the capacitor's current adds
    tan(lead)·cos θ (charging while the voltage rises, feeding the inverter while it falls) and the
    bridge blocks where the sum would go negative. The lead makes the cooker slightly capacitive.
    """
    th = (_THETA % math.pi)[None, :]
    a = np.atleast_1d(alpha)[:, None]
    on = (th > a) & (th < math.pi - a)
    return np.where(on, np.maximum(np.sin(th) + math.tan(lead) * np.cos(th), 0.0), 0.0)


_ALPHAS = np.radians(np.arange(0.0, 61.0, 1.0))
_RATIOS = np.linspace(0.0, 1.0, 41)
_POSITIVE = _THETA < math.pi


def _induction(v: np.ndarray, power_w: float, pf: float, spread: _Spread) -> np.ndarray:
    """Full-wave induction cooker: the dead zone is chosen to give pf (against a typical supply)."""
    lead = math.radians(spread.uniform(4.0, 16.0))
    halves = _cooker_half(_ALPHAS, lead)
    specs = _bank_spectra(np.where(_POSITIVE, halves, -halves))
    pfs = _bank_pf(_REF_V, specs)
    top = int(np.argmax(pfs))                           # from here on PF falls as the dead zone grows
    alpha = float(np.interp(pf, pfs[top:][::-1], _ALPHAS[top:][::-1]))
    half = _cooker_half(np.array([alpha]), lead)[0]
    i = to_spectrum(np.where(_POSITIVE, half, -half))
    return _scale_to_power(v, spread.spectrum(i, 0.15, 3.0), power_w)


def _induction_half(v: np.ndarray, power_w: float, pf: float, spread: _Spread) -> np.ndarray:
    """Induction cooker conducting (mostly) on the positive half cycle: the negative half carries
    only a fraction r of it, r chosen to give pf. A DC component and strong even harmonics result."""
    alpha = math.radians(spread.uniform(15.0, 45.0))
    lead = math.radians(spread.uniform(4.0, 16.0))
    half = _cooker_half(np.array([alpha]), lead)[0]
    rows = np.where(_POSITIVE[None, :], half[None, :], -_RATIOS[:, None] * half[None, :])
    pfs = np.maximum.accumulate(_bank_pf(_REF_V, _bank_spectra(rows)))    # rises with r
    r = float(np.interp(pf, pfs, _RATIOS))
    i = to_spectrum(np.where(_POSITIVE, half, -r * half))
    return _scale_to_power(v, spread.spectrum(i, 0.15, 3.0), power_w)


# --- models -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """One waveform family a model may come in, with the range of its true power factor.

    ``thd`` (motor and pfc families) draws the current's THD within a range; the fundamental's
    displacement then makes up the rest of the PF. ``power`` is the part of the model's power range
    (as fractions of it) where devices built this way sit, e.g. TVs without PFC are the small ones.
    """

    kind: str            # "resistive" | "half_wave" | "motor" | "rectifier" | "pfc" | "induction" |
    #                      "induction_half" | "standby"
    pf: tuple[float, float] = (1.0, 1.0)
    weight: float = 1.0  # relative share of devices of this model built this way
    thd: tuple[float, float] | None = None
    power: tuple[float, float] = (0.0, 1.0)


@dataclass(frozen=True)
class ApplianceModel:
    """A kind of device: its usual branch, power range, waveform families, inrush and steadiness.

    Every model is a spread of devices: :func:`make_appliance` with a generator draws one (power,
    family, PF, THD, inrush and the brand's harmonic pattern); without one it builds the mid-range
    device of the first family. ``sources`` name where the figures come from (docs/appliance-catalogue.md).
    """

    name: str
    branch: int                       # 0 lighting, 1 sockets, 2 air conditioning
    rated_w: tuple[float, float]      # active power at 220 V, range over devices
    shapes: tuple[Shape, ...]
    voltage_exponent: int             # P ∝ V^k: 2 resistive, 1 motors/standby, 0 regulated electronics
    inrush: float = 1.0               # first-cycle RMS / steady RMS at switch-on (the mid-range device's)
    inrush_tau_s: float = 0.02        # decay of the inrush envelope (it ends at 100 ms regardless)
    fluctuation: float = 0.0          # relative standard deviation of its one-second power
    motor_fraction: float = 0.0       # share of power drawn by a built-in fan motor (hair dryer, heater)
    current_a: tuple[float, float] | None = None   # standby devices: RMS current range instead of PF
    mischief: bool = False            # banned in dormitories (a "malignant load")
    inrush_range: tuple[float, float] | None = None   # spread of inrush over devices (None: all alike)
    category: str = "other"           # heating, cooking, cooling, lighting, electronics, motor, medical
    sources: tuple[str, ...] = ()     # short citations for the figures


_R = (Shape("resistive"),)
_SMPS = Shape("rectifier", (0.45, 0.55))       # capacitor-input charger: PF ~0.5, THD well over 100 %

# short citations, shared by several models
_PLAID = "PLAID (Gao et al. 2014; Medico et al. 2020, Scientific Data): measured V/I of 17 appliance classes"
_WHITED = "WHITED (Kahl et al. 2016, NILM workshop): first 5 s of start-ups, 110 appliances of 47 types"
_IEC_A = "IEC 61000-3-2 / GB 17625.1 class A (household appliances): 2.30 A 3rd, 1.14 A 5th, 1.08 A 2nd, 0.43 A 4th"
_IEC_C = "IEC 61000-3-2 class C (lighting)"
_IEC_D = ("IEC 61000-3-2 class D (PCs, monitors, TVs; limits only above 75 W): below 75 W capacitor-input "
          "supplies need no PFC")
_PFC_NOTES = "CCM boost PFC controller application notes (TI, ST, Infineon): PF > 0.99 at full load, lower at light load"
_IEC_60335 = "IEC 60335-2-x / GB 4706.x household appliance safety parts"
_PLATES = "rating plates of products sold in China (typical values, not one model)"

_MODELS = (
    # normal loads
    ApplianceModel("lamp", 0, (18, 40),
                   (Shape("rectifier", (0.5, 0.62), 0.6), Shape("pfc", (0.85, 0.92), 0.4)), 0,
                   inrush=10.0, inrush_tau_s=0.004, fluctuation=0.002, category="lighting",
                   sources=(_IEC_C, "LED tube/panel drivers: capacitor-input below 25 W, with PFC above", _PLAID)),
    ApplianceModel("desk_lamp", 1, (4, 10), (Shape("rectifier", (0.45, 0.6)),), 0,
                   inrush=8.0, inrush_tau_s=0.004, fluctuation=0.002, category="lighting",
                   sources=(_IEC_C, _PLAID)),
    ApplianceModel("phone_charger", 1, (5, 15), (_SMPS,), 0,
                   inrush=15.0, inrush_tau_s=0.004, fluctuation=0.03, category="electronics",
                   sources=(_IEC_D, _WHITED)),
    ApplianceModel("laptop", 1, (45, 90),
                   (Shape("rectifier", (0.55, 0.65), 0.7), Shape("pfc", (0.93, 0.97), 0.3)), 0,
                   inrush=12.0, inrush_tau_s=0.005, fluctuation=0.06, category="electronics",
                   sources=(_IEC_D, _PLAID)),
    ApplianceModel("monitor", 1, (18, 30), (Shape("rectifier", (0.55, 0.65)),), 0,
                   inrush=10.0, inrush_tau_s=0.005, fluctuation=0.01, category="electronics",
                   sources=(_IEC_D,)),
    ApplianceModel("router", 1, (6, 10), (_SMPS,), 0, inrush=10.0, inrush_tau_s=0.004, fluctuation=0.01,
                   category="electronics", sources=(_IEC_D,)),
    ApplianceModel("fan", 1, (35, 60), (Shape("motor", (0.75, 0.85)),), 1,
                   inrush=2.5, inrush_tau_s=0.08, fluctuation=0.01, category="motor",
                   sources=(_PLAID, _WHITED, "capacitor-run (PSC) fan motors")),
    # fixed-speed: PSC rotary compressor and fan motors with run capacitors (no PFC: that is inverter_ac)
    ApplianceModel("air_conditioner", 2, (600, 1200),
                   (Shape("motor", (0.86, 0.92)), Shape("motor", (0.92, 0.97))), 1,
                   inrush=4.0, inrush_tau_s=0.06, fluctuation=0.02, inrush_range=(3.0, 6.0),
                   category="cooling",
                   sources=(_PLAID, "GB 21455-2019 room air conditioners (fixed and variable speed)",
                            "hermetic compressor data plates: locked-rotor current several times running current")),
    ApplianceModel("ac_standby", 2, (2, 5), (Shape("standby"),), 1, current_a=(0.05, 0.15),
                   category="electronics", sources=("IEC 62301 standby power: a few W",)),
    ApplianceModel("water_dispenser", 1, (420, 600), _R, 2,
                   inrush=1.03, inrush_tau_s=0.05, fluctuation=0.003, inrush_range=(1.01, 1.06),
                   category="heating",
                   sources=("GB/T 22090-2008 冷热饮水机 (hot and cold water dispensers)",
                            "hot-tank heaters on dispenser rating plates: 420-600 W (typ. 420, 500, 550 W) "
                            "- " + _PLATES,
                            "sheathed Ni-Cr element: resistive, PF 1")),
    ApplianceModel("inverter_ac", 2, (350, 1200),
                   (Shape("pfc", (0.977, 0.999), thd=(0.04, 0.12)),), 0,
                   inrush=1.3, inrush_tau_s=0.05, fluctuation=0.03, inrush_range=(1.0, 1.6),
                   category="cooling",
                   sources=("GB 21455-2019 room air conditioners (variable speed)", _PFC_NOTES, _IEC_A,
                            "soft start: the compressor ramps up from the inverter, no locked-rotor current")),
    ApplianceModel("fridge", 1, (60, 120), (Shape("motor", (0.55, 0.75), thd=(0.05, 0.15)),), 1,
                   inrush=6.5, inrush_tau_s=0.08, fluctuation=0.02, inrush_range=(5.0, 8.0),
                   category="cooling",
                   sources=(_PLAID, _WHITED, "GB 12021.2 household refrigerators",
                            "hermetic compressor data plates: locked-rotor current several times running current")),
    ApplianceModel("tv", 1, (40, 150),
                   (Shape("rectifier", (0.5, 0.65), 0.4, power=(0.0, 0.32)),
                    Shape("pfc", (0.90, 0.98), 0.6, thd=(0.08, 0.30), power=(0.32, 1.0))), 0,
                   inrush=8.0, inrush_tau_s=0.005, fluctuation=0.05, inrush_range=(5.0, 12.0),
                   category="electronics", sources=(_IEC_D, _PFC_NOTES)),
    ApplianceModel("range_hood", 1, (100, 250), (Shape("motor", (0.85, 0.97), thd=(0.03, 0.08)),), 1,
                   inrush=2.5, inrush_tau_s=0.1, fluctuation=0.01, inrush_range=(2.0, 3.5),
                   category="motor",
                   sources=("GB/T 17713 吸油烟机 (range hoods)", "capacitor-run fan motors, " + _PLATES)),
    ApplianceModel("washing_machine", 1, (200, 500),
                   (Shape("motor", (0.55, 0.80), 0.8, thd=(0.04, 0.12)),
                    Shape("pfc", (0.90, 0.97), 0.2, thd=(0.10, 0.30))), 1,
                   inrush=3.0, inrush_tau_s=0.1, fluctuation=0.15, inrush_range=(2.0, 4.0),
                   category="motor",
                   sources=(_PLAID, "GB 12021.4 washing machines",
                            "pulsator machines: PSC motor reversing every few seconds; direct-drive ones: inverter")),
    ApplianceModel("desktop_pc", 1, (80, 300),
                   (Shape("pfc", (0.95, 0.99), 0.75, thd=(0.05, 0.20)), Shape("rectifier", (0.55, 0.65), 0.25)), 0,
                   inrush=8.0, inrush_tau_s=0.005, fluctuation=0.08, inrush_range=(4.0, 12.0),
                   category="electronics",
                   sources=("80 PLUS certification: PF >= 0.9 at 100 % load (active-PFC supplies)", _IEC_D,
                            _PFC_NOTES)),
    ApplianceModel("medical_device", 1, (100, 400), (Shape("motor", (0.70, 0.90), thd=(0.04, 0.12)),), 1,
                   inrush=4.0, inrush_tau_s=0.08, fluctuation=0.04, inrush_range=(3.0, 6.0),
                   category="medical",
                   sources=("stationary PSA oxygen concentrators, e.g. Philips Respironics EverFlo (5 L/min, "
                            "user manual ch. 5): compressor of a few hundred W",
                            "compressor nebulisers: small piston compressors, ~100 W",
                            "IEC 60601-1 medical electrical equipment")),
    ApplianceModel("hair_dryer_cool", 1, (40, 100), (Shape("motor", (0.85, 0.97), thd=(0.04, 0.15)),), 1,
                   inrush=2.0, inrush_tau_s=0.05, fluctuation=0.01, inrush_range=(1.5, 3.0),
                   category="motor",
                   sources=("IEC 60335-2-23 hair care appliances", _PLAID, _WHITED,
                            "cool setting: fan motor only, heater off")),
    # banned ("malignant") loads
    ApplianceModel("kettle", 1, (1500, 1800), _R, 2,
                   inrush=1.08, inrush_tau_s=0.05, fluctuation=0.003, mischief=True, category="heating",
                   sources=("IEC 60335-2-15 liquid heating appliances", _WHITED, _PLATES)),
    ApplianceModel("heater", 1, (800, 2000), _R, 2,
                   inrush=1.3, inrush_tau_s=0.06, fluctuation=0.005, motor_fraction=0.02, mischief=True,
                   category="heating", sources=("IEC 60335-2-30 room heaters", _PLAID)),
    ApplianceModel("hair_dryer", 1, (1000, 1800), _R, 2,
                   inrush=2.0, inrush_tau_s=0.05, fluctuation=0.01, motor_fraction=0.05, mischief=True,
                   category="heating", sources=("IEC 60335-2-23 hair care appliances", _PLAID, _WHITED)),
    ApplianceModel("hair_dryer_half", 1, (500, 900), (Shape("half_wave", (0.7, 0.7)),), 2,
                   inrush=2.0, inrush_tau_s=0.05, fluctuation=0.01, motor_fraction=0.08, mischief=True,
                   category="heating",
                   sources=("low heat setting: a diode in series with the element (half-wave)", _PLAID, _IEC_A)),
    ApplianceModel("induction_cooker", 1, (800, 2100),
                   (Shape("induction", (0.90, 0.97), 0.7),
                    Shape("induction_half", (0.70, 0.82), 0.3, power=(0.0, 0.4))), 0,
                   inrush=3.0, inrush_tau_s=0.01, fluctuation=0.03, mischief=True, inrush_range=(2.0, 4.0),
                   category="cooking",
                   sources=("GB 21456-2014 household induction cookers (2100 W class, settings down to ~800 W)",
                            _IEC_A, "bridge rectifier + few-µF DC link + quasi-resonant inverter: current "
                            "follows the rectified voltage with a dead zone near the zero crossing",
                            "half-cycle conduction with DC and even harmonics: as the issue describes it for "
                            "low settings and cheap designs (no public measurement at hand)")),
    ApplianceModel("rice_cooker", 1, (400, 700), _R, 2,
                   inrush=1.05, inrush_tau_s=0.05, fluctuation=0.003, mischief=True, category="cooking",
                   sources=("IEC 60335-2-15", _PLATES)),
    ApplianceModel("rice_cooker_warm", 1, (40, 60), _R, 2, fluctuation=0.003, mischief=True, category="cooking",
                   sources=("keep-warm heater of mechanical rice cookers", _PLATES)),
    ApplianceModel("electric_blanket", 1, (60, 120), _R, 2, inrush=1.05, fluctuation=0.003, mischief=True,
                   category="heating", sources=("IEC 60335-2-17 blankets and pads", _PLATES)),
    ApplianceModel("hot_pot", 1, (300, 1000), _R, 2,
                   inrush=1.05, inrush_tau_s=0.05, fluctuation=0.003, mischief=True, category="cooking",
                   sources=("电煮锅 multi-cookers for dormitories: 300-1000 W, often a 2-step switch - " + _PLATES,
                            "IEC 60335-2-15")),
    ApplianceModel("electric_heater_fan", 1, (500, 2000), _R, 1,
                   inrush=3.0, inrush_tau_s=0.05, fluctuation=0.01, motor_fraction=0.03, mischief=True,
                   inrush_range=(2.0, 4.0), category="heating",
                   sources=("IEC 60335-2-30 room heaters",
                            "PTC ceramic element: low cold resistance, start-up current 2-4 x rated",
                            _PLATES)),
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
    inrush: float = 1.0                         # this device's first-cycle RMS / steady RMS

    @property
    def name(self) -> str:
        return self.model.name


def make_appliance(model: ApplianceModel, ident: int, v: np.ndarray, rng: random.Random | None = None,
                   branch: int | None = None) -> Appliance:
    """Build one device of model on a supply v (spectrum at 220 V RMS).

    With rng, family, power and PF are drawn within the model's ranges, then the device's own
    design (THD, harmonic pattern, pulse shape, inrush) from a generator seeded by those draws, so
    rng advances by the same two or three numbers whatever the model. Without rng, the mid-range
    device of the model's first family is built. The result's p_w equals its rated power.
    """
    draws: list[float] = []

    def draw() -> float:
        x = rng.random() if rng else 0.5
        draws.append(x)
        return x

    shape = model.shapes[0]
    if rng and len(model.shapes) > 1:
        x = draw() * sum(s.weight for s in model.shapes)
        for shape in model.shapes:
            x -= shape.weight
            if x <= 0:
                break
    lo, hi = model.rated_w
    f0, f1 = shape.power
    power = lo + (hi - lo) * (f0 + (f1 - f0) * draw())
    u_pf = draw()
    pf = shape.pf[0] + (shape.pf[1] - shape.pf[0]) * u_pf
    current_lo, current_hi = model.current_a or (0.1, 0.1)
    current = current_lo + (current_hi - current_lo) * (draw() if shape.kind == "standby" else 0.5)
    spread = _Spread(random.Random(f"{model.name}/{shape.kind}/" + "/".join(map(repr, draws))) if rng else None)
    thd = None
    if shape.thd is not None:
        # better PF goes with lower THD (a PFC near full load, a motor near its rating), not strictly
        u = min(max(1.0 - u_pf + spread.uniform(-0.25, 0.25), 0.0), 1.0) if rng else 0.5
        thd = shape.thd[0] + (shape.thd[1] - shape.thd[0]) * u
    main = power * (1.0 - model.motor_fraction)
    if shape.kind == "resistive":
        i = _scale_to_power(v, v.copy(), main)
    elif shape.kind == "half_wave":
        i = _half_wave(v, main)
    elif shape.kind == "motor":
        i = _motor(v, main, pf, spread.table(_MOTOR_TABLE), thd)
    elif shape.kind == "rectifier":
        i = _rectifier(v, main, pf, spread)
    elif shape.kind == "pfc":
        table = spread.table(_PFC_TABLE)
        if thd is None:
            i = _tabulated(v, main, pf, -6.0, table)       # EMI capacitor: slightly leading
        else:
            i = _displaced(v, main, pf, thd, False, table)
    elif shape.kind == "induction":
        i = _induction(v, main, pf, spread)
    elif shape.kind == "induction_half":
        i = _induction_half(v, main, pf, spread)
    elif shape.kind == "standby":
        i = _standby(v, main, current)
    else:
        raise ValueError(f"unknown waveform family {shape.kind!r}")
    if model.motor_fraction:
        i = i + _motor(v, power * model.motor_fraction, 0.8)
    i.setflags(write=False)
    inrush = spread.uniform(*model.inrush_range) if rng and model.inrush_range else model.inrush
    return Appliance(ident, model, model.branch if branch is None else branch, power, i,
                     inner(v, i), fundamental_q(v, i), inrush)
