"""Step features (spec §13) in register units: exact on synthetic waves, characteristic on appliances."""
from __future__ import annotations

import math

import numpy as np
import pytest

from drivers.signature import StepFeatures, fluctuation, inrush_ratio, register_round, step_features
from drivers.sim.physics import RoomPhysics

N = 128
THETA = 2 * np.pi * np.arange(N) / N
V = 220.0 * math.sqrt(2) * np.sin(THETA)
ZERO = np.zeros(N)
T0 = 9000 * 86400 + 10 * 3600


def sine(rms: float, lag_deg: float = 0.0, h: int = 1) -> np.ndarray:
    return rms * math.sqrt(2) * np.sin(h * THETA - math.radians(lag_deg))


def test_pure_sine_step_is_exact() -> None:
    f = step_features(V, ZERO, sine(10.0))
    assert f == StepFeatures(dp_w=2200, dq_var=0, pf_milli=1000, i3_permille=0, i5_permille=0,
                             i7_permille=0, thd_permille=0, crest_centi=141)


def test_reactive_sign_follows_the_fundamental_phase() -> None:
    lagging = step_features(V, ZERO, sine(10.0, 30.0))
    leading = step_features(V, ZERO, sine(10.0, -30.0))
    assert lagging.pf_milli == leading.pf_milli == 866
    assert lagging.dp_w == leading.dp_w == 1905
    assert lagging.dq_var == 1100 and leading.dq_var == -1100


def test_step_is_post_minus_pre() -> None:
    base = sine(3.0, 60.0) + sine(1.0, 0.0, 3)               # something already on
    f = step_features(V, base, base + sine(5.0))
    assert (f.dp_w, f.pf_milli, f.thd_permille, f.dq_var) == (1100, 1000, 0, 0)


def test_harmonic_ratios_and_thd() -> None:
    i = sine(10.0) + sine(2.0, 0.0, 3) + sine(1.0, 40.0, 5) + sine(0.5, 0.0, 7) + sine(0.3, 0.0, 31)
    f = step_features(V, ZERO, i)
    assert (f.i3_permille, f.i5_permille, f.i7_permille) == (200, 100, 50)
    assert f.thd_permille == round(1000 * math.sqrt(0.2**2 + 0.1**2 + 0.05**2 + 0.03**2))
    assert f.crest_centi == round(100 * np.max(np.abs(i)) / np.sqrt(np.mean(i * i)))


def test_empty_step_and_switch_off() -> None:
    empty = step_features(V, sine(4.0), sine(4.0))
    assert empty.pf_milli == 1000 and empty.dp_w == 0 and empty.thd_permille == 0 and empty.crest_centi == 0
    off = step_features(V, sine(4.0, 37.0), ZERO)
    assert off.dp_w == -703 and off.dq_var < 0
    assert off.pf_milli == 0                                   # negative PF saturates in its U16 register


def test_values_saturate_at_their_register_limits() -> None:
    huge = step_features(V, ZERO, sine(200.0))
    assert huge.dp_w == 32767
    only_third = step_features(V, ZERO, sine(1.0, 0.0, 3))
    assert only_third.i3_permille == only_third.thd_permille == 65535
    assert register_round(2.5, -10, 10) == 3 and register_round(-2.5, -10, 10) == -3
    assert register_round(70000.0, 0, 65535) == 65535 and register_round(-1.0, 0, 65535) == 0
    assert register_round(math.nan, 0, 10) == 0


def test_inrush_and_fluctuation_helpers() -> None:
    assert inrush_ratio([7.0, 21.0, 9.0], 7.0) == 300
    assert inrush_ratio([], 7.0) == 0 and inrush_ratio([1.0], 0.0) == 0
    assert fluctuation([1000.0, 1000.0]) == 0
    assert fluctuation([90.0, 110.0]) == 100
    assert fluctuation([]) == 0 and fluctuation([-5.0, 5.0]) == 0
    f = step_features(V, ZERO, sine(10.0), cycles_rms=[30.0, 15.0], powers=[2150.0, 2250.0])
    assert (f.inrush_centi, f.fluctuation_permille) == (300, 23)   # std 50 / mean 2200


def test_mismatched_cycles_are_refused() -> None:
    with pytest.raises(ValueError):
        step_features(V, ZERO[:64], sine(1.0))


def appliance_step(name: str, branch: int = 1) -> StepFeatures:
    """Features as the meter would take them: last cycle before t0, first cycle 1 s after."""
    room = RoomPhysics(21, occupants=0, has_ac=False)
    room.plug(branch, name, True, T0)
    _, i_pre = room.cycle_before(branch, T0)
    v, i_post = room.cycle(branch, T0 + 1)
    return step_features(v, i_pre, i_post)


@pytest.mark.parametrize("name", ["kettle", "heater", "rice_cooker", "electric_blanket", "hair_dryer"])
def test_resistive_loads_look_resistive(name: str) -> None:
    f = appliance_step(name)
    assert f.pf_milli >= 990 and f.thd_permille < 50
    assert f.dp_w > 50


def test_phone_charger_has_low_pf_and_very_high_thd() -> None:
    f = appliance_step("phone_charger")
    assert 430 <= f.pf_milli <= 570
    assert f.thd_permille > 800
    assert f.crest_centi > 250


def test_induction_cooker_has_strong_third_and_fifth() -> None:
    f = appliance_step("induction_cooker")
    assert f.i3_permille >= 100 and f.i5_permille >= 50
    assert 800 <= f.pf_milli <= 970
    assert f.dp_w > 1000


@pytest.mark.parametrize("name, branch", [("fan", 1), ("air_conditioner", 2)])
def test_motor_steps_are_inductive(name: str, branch: int) -> None:
    f = appliance_step(name, branch)
    assert f.dq_var > 0
    assert f.thd_permille < 100


def test_half_wave_hair_dryer_shows_even_harmonics_in_thd() -> None:
    f = appliance_step("hair_dryer_half")
    assert 650 <= f.pf_milli <= 780
    assert f.thd_permille > 300 and f.i3_permille < 60
