"""The host's half-wave rule (app/loads/decide.half_wave): a step of hundreds of watts that conducts on one
half-cycle is opened whatever the matcher makes of it — a cooker design the library has never seen is
rightly "unknown" to the matcher, and still no appliance a dorm allows draws current that way.

The features come from real waveforms through the meter's own definitions (§13, drivers.signature) and
from the simulated meter's event records (bench/loads.py), never typed in by hand.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from app.loads.decide import (
    HALF_WAVE,
    Decision,
    HostAction,
    MeterDecision,
    half_wave,
    meter_decision,
    outcome,
)
from app.loads.features import Features, from_waveform
from app.loads.library import Capture, Library, Scope, ScopeLevel, Verdict
from app.loads.matcher import Matcher
from drivers.ddsy_records import EventAction, LoadControl, LoadFlag
from drivers.sim.appliances import APPLIANCES, supply_spectrum, to_samples
from tests.bench_modules import bench_loads

bench = bench_loads()

_V = to_samples(supply_spectrum())
_UNIT = _V / np.sqrt(np.mean(_V * _V))           # a sine of 1 A RMS in phase with the supply
_THETA = 2 * np.pi * np.arange(len(_V)) / len(_V)


def features_of(current_a: np.ndarray) -> Features:
    """§13 features of a step from nothing to this one-cycle current (as a §14 capture holds it)."""
    return from_waveform([round(x * 10) for x in _V], [round(x * 1000) for x in current_a], [0] * len(_V))


def diode_element(watts: float) -> np.ndarray:
    """A resistive element behind a diode (a hair dryer's low setting): only the positive half-cycle."""
    full = _UNIT * (2 * watts / 220.0)           # the element alone would draw twice the power
    return np.maximum(full, 0.0)


def bare_rectifier(peak_a: float) -> np.ndarray:
    """A capacitor-input rectifier with no PFC: a narrow symmetric pulse at each voltage peak."""
    pulse = np.cos(np.clip(3 * (_THETA % np.pi - np.pi / 2), -np.pi / 2, np.pi / 2)) ** 2
    return peak_a * pulse * np.sign(np.sin(_THETA))


def test_a_diode_element_is_half_wave_and_symmetric_currents_are_not() -> None:
    half = features_of(diode_element(900))
    assert 850 <= half.dp <= 950 and 690 <= half.pf <= 720          # PF 1/√2: the DC draws no power
    assert half_wave(half)
    assert not half_wave(features_of(_UNIT * 4.0))                   # the same element, full-wave
    peaky = features_of(bare_rectifier(8.0))
    assert peaky.thd > 800 and peaky.i3 > 600                        # THD far above the half-wave's
    assert not half_wave(peaky)                                      # ... but odd: symmetric


@pytest.mark.slow
def test_on_the_simulated_meter_every_half_wave_design_and_no_allowed_appliance_is_half_wave() -> None:
    """The meter's own event features over devices and room backgrounds of the catalogue (bench/loads.py):
    the hair dryer's low setting and the one-sided cooker designs are half-wave, full-wave cookers and every
    allowed appliance of 300 W or more are not."""
    def steps(model: str, devices: range) -> list[Features]:
        return [s.features for d in devices for bg in bench.BACKGROUNDS for s in bench.switch_ons(model, d, bg, 1)
                if s.features is not None and s.features.dp >= 300]

    assert all(half_wave(f) for f in steps("hair_dryer_half", range(4)))
    cookers = steps("induction_cooker", range(12))
    one_sided = [f for f in cookers if f.pf < 850]                   # the half-cycle designs (PF 0.70-0.82)
    assert one_sided and all(half_wave(f) for f in one_sided)
    assert not any(half_wave(f) for f in cookers if f.pf >= 880)     # full-wave designs (PF 0.90-0.97)
    allowed = [f for m, model in APPLIANCES.items() if not model.mischief for f in steps(m, range(6))]
    assert len(allowed) >= 60 and not any(half_wave(f) for f in allowed)


def _unknown_to(f: Features) -> Matcher:
    """A library that knows only kettles: the half-wave step is nowhere near anything in it."""
    library, kettle = Library().with_appliance("kettle", Verdict.BLOCK)
    caps = [Capture(s.features, "event", f"k{d}") for d in range(3) for s in bench.switch_ons("kettle", d, "none", 2)]
    matcher = Matcher(library.with_captures(kettle.ident, caps))
    assert matcher.classify(f).appliance is None
    return matcher


def test_an_unknown_half_wave_load_the_meter_let_through_is_opened_and_called_so() -> None:
    f = features_of(diode_element(700))
    meter = meter_decision(f)
    assert meter.action is EventAction.ALLOWED                       # PF 0.71: the resistive rule never trips it
    m = _unknown_to(f).classify(f)
    o = outcome(meter, m, f=f)
    assert (o.decision, o.host, o.half_wave) == (Decision.TRIP, HostAction.OPEN, True)
    assert o.label == HALF_WAVE and o.to_json()["appliance"] == "unknown"   # the library does not know it
    assert outcome(meter, m, f=f, host=False).decision is Decision.ALLOW      # the meter alone lets it run


def test_the_rule_spares_small_steps_allow_slots_and_an_appliance_allowed_that_fits() -> None:
    small = features_of(diode_element(200))
    assert half_wave(small)
    matcher = _unknown_to(small)
    o = outcome(meter_decision(small, LoadControl(flags=LoadFlag.RESISTIVE_RULE, increment_threshold_w=100)),
                matcher.classify(small), f=small)
    assert o.host is not HostAction.OPEN and o.decision is Decision.ALLOW   # under the 300 W suspect threshold
    big = features_of(diode_element(800))
    by_slot = MeterDecision(True, EventAction.ALLOWED_BY_SLOT, 3)     # a room's own allow slot let it through
    assert outcome(by_slot, matcher.classify(big), f=big).decision is Decision.ALLOW
    # a certified device registered for this room that happens to conduct one-sided: the room's allow wins
    library, device = Library().with_appliance("registered device", Verdict.ALLOW,
                                               scope=Scope(ScopeLevel.ROOM, "B1-102"))
    library = library.with_captures(device.ident, [Capture(features_of(diode_element(w)), "waveform", f"d{w}")
                                                   for w in (760, 800, 840)])
    m = Matcher(library).classify(big)
    assert m.allowed_fit is not None
    o = outcome(meter_decision(big), m, f=big)
    assert (o.decision, o.host) == (Decision.ALLOW, HostAction.NONE)


def test_a_meter_trip_of_a_half_wave_load_is_not_released_as_a_campus_wide_allowed_appliance() -> None:
    """An allowed appliance enrolled campus-wide whose captures were one-sided (a mistake in the library)
    does not get a half-wave load released everywhere; registered for the room, it does."""
    big = features_of(diode_element(800))
    tripped = MeterDecision(True, EventAction.TRIPPED, 5)
    for scope, released in ((Scope(ScopeLevel.CAMPUS, ""), False), (Scope(ScopeLevel.ROOM, "B1-102"), True)):
        library, app = Library().with_appliance("dryer stand", Verdict.ALLOW, scope=scope)
        library = library.with_captures(app.ident, [Capture(features_of(diode_element(w)), "waveform", f"d{w}")
                                                    for w in (760, 800, 840)])
        o = outcome(tripped, Matcher(library).classify(big), f=big, auto_release=True)
        assert (o.host is HostAction.RELEASE) is released and (o.decision is Decision.TRIP) is not released


def test_the_rest_of_the_thd_is_what_the_rule_reads() -> None:
    """Hand-checkable: THD 43.5 % with no odd harmonics is a diode element; the same THD made of I3 is not."""
    base = dict(dp=900, pf=707, dq=0, i7=0, crest=200)
    assert half_wave(Features(i3=0, i5=0, thd=435, **base))
    assert not half_wave(Features(i3=435, i5=0, thd=435, **base))
    rest = math.sqrt(0.300 ** 2 - 0.100 ** 2 - 0.050 ** 2) * 1000      # 278 ‰: above 250, above half of I3
    assert rest > 250 and half_wave(Features(i3=100, i5=50, thd=300, **base))
    assert not half_wave(Features(i3=100, i5=50, thd=250, **base))    # rest 227 ‰: a symmetric load's tail
