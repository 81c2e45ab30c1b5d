"""The simulator's appliance catalogue: every model is a spread of devices whose features stay within
what docs/appliance-catalogue.md documents, and the hard cases are as hard as documented."""
from __future__ import annotations

import dataclasses
import math
import random
import re
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from drivers.signature import StepFeatures, step_features
from drivers.sim.appliances import (
    APPLIANCES,
    Appliance,
    ApplianceModel,
    inner,
    make_appliance,
    rms,
    supply_spectrum,
    to_samples,
)
from drivers.sim.physics import RoomPhysics

DOC = Path(__file__).resolve().parents[2] / "docs" / "appliance-catalogue.md"
SUPPLY = supply_spectrum()                  # the typical supply the catalogue is documented on
V = to_samples(SUPPLY)
N = 50
CATEGORIES = {"heating", "cooking", "cooling", "lighting", "electronics", "motor", "medical"}


def draw(model: ApplianceModel, k: int, supply: np.ndarray = SUPPLY) -> Appliance:
    """Device k of a test draw: other devices than the documented ones (catalogue/{model}/{k})."""
    return make_appliance(model, k, supply, random.Random(f"test/{model.name}/{k}"))


def feats(dev: Appliance) -> StepFeatures:
    return step_features(V, np.zeros_like(V), to_samples(dev.spectrum), cycles_rms=[rms(dev.spectrum) * dev.inrush])


def rule_trips(f: StepFeatures) -> bool:
    """§10 resistive rule: PF >= 0.990 and THD <= 10.0 %."""
    return f.pf_milli >= 990 and f.thd_permille <= 100


@cache
def documented() -> dict[str, dict[str, object]]:
    """The catalogue table of the doc, by model: columns as text, ranges as (lo, hi)."""
    rows = {}
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("<!-- table:begin"):text.index("<!-- table:end")]
    for line in table.splitlines():
        m = re.match(r"\|\s*`(\w+)`\s*\|", line)
        if not m:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]

        def span(text: str) -> tuple[float, float]:
            parts = [float(x) for x in text.split("–")]
            return parts[0], parts[-1]
        rows[m.group(1)] = {"branch": cells[1], "category": cells[2], "verdict": cells[3],
                            "power": span(cells[4]), "pf": span(cells[6]), "thd": span(cells[7]),
                            "i3": span(cells[8]), "inrush": span(cells[9])}
    return rows


def test_every_model_is_documented_with_category_and_sources() -> None:
    doc = documented()
    assert set(doc) == set(APPLIANCES)
    for name, m in APPLIANCES.items():
        row = doc[name]
        assert row["branch"] == ("lighting", "sockets", "AC")[m.branch]
        assert row["category"] == m.category and m.category in CATEGORIES
        assert row["verdict"] == ("banned" if m.mischief else "allowed")
        assert row["power"] == m.rated_w
        assert m.sources and all(isinstance(s, str) and s for s in m.sources)


@pytest.mark.parametrize("name", list(APPLIANCES))
def test_drawn_devices_stay_within_the_documented_ranges(name: str) -> None:
    model, row = APPLIANCES[name], documented()[name]
    lo_w, hi_w = model.rated_w
    for k in range(N):
        dev = draw(model, k)
        assert lo_w <= dev.rated_w <= hi_w
        assert dev.p_w == pytest.approx(dev.rated_w, rel=1e-9)
        f = feats(dev)
        pf, thd, i3, inrush = f.pf_milli / 1000, f.thd_permille / 10, f.i3_permille / 10, f.inrush_centi / 100
        assert row["pf"][0] - 0.005 <= pf <= row["pf"][1] + 0.005, (k, pf)
        assert row["thd"][0] * 0.95 - 0.5 <= thd <= row["thd"][1] * 1.05 + 0.5, (k, thd)
        assert row["i3"][0] * 0.95 - 0.5 <= i3 <= row["i3"][1] * 1.05 + 0.5, (k, i3)
        assert row["inrush"][0] - 0.02 <= inrush <= row["inrush"][1] + 0.02, (k, inrush)


@pytest.mark.parametrize("name", list(APPLIANCES))
def test_power_is_the_rated_power_on_any_supply(name: str) -> None:
    room_supply = supply_spectrum(220.0, 0.034, 0.019)
    for k in range(10):
        dev = draw(APPLIANCES[name], k, room_supply)
        assert inner(room_supply, dev.spectrum) == pytest.approx(dev.rated_w, rel=1e-9)
        assert dev.p_w == pytest.approx(dev.rated_w, rel=1e-9)
    model = APPLIANCES[name]
    mid = make_appliance(model, 0, room_supply)                     # mid-range of its first family
    (lo, hi), (f0, f1) = model.rated_w, model.shapes[0].power
    assert inner(room_supply, mid.spectrum) == pytest.approx(lo + (hi - lo) * (f0 + f1) / 2, rel=1e-9)


@pytest.mark.parametrize("name", list(APPLIANCES))
def test_devices_of_one_model_differ_and_each_is_reproducible(name: str) -> None:
    model = APPLIANCES[name]
    a, b = draw(model, 1), draw(model, 2)
    assert np.array_equal(a.spectrum, draw(model, 1).spectrum) and a.inrush == draw(model, 1).inrush
    assert not np.allclose(a.spectrum, b.spectrum)
    if all(s.kind not in ("resistive", "half_wave") for s in model.shapes):
        # not just another power: the waveform itself differs (harmonic pattern, pulse, displacement)
        shape_a = a.spectrum / abs(a.spectrum[1])
        shape_b = b.spectrum / abs(b.spectrum[1])
        assert np.max(np.abs(shape_a - shape_b)) > 1e-3
    # the caller's generator advances as it always has: family (if several), power, PF (+ standby current)
    rng, ref = random.Random(5), random.Random(5)
    make_appliance(model, 0, SUPPLY, rng)
    for _ in range((len(model.shapes) > 1) + 2 + (model.shapes[0].kind == "standby")):
        ref.random()
    assert rng.random() == ref.random()


def test_water_dispenser_is_an_allowed_heater_the_resistive_rule_trips() -> None:
    model = APPLIANCES["water_dispenser"]
    assert not model.mischief and model.rated_w[0] > 300
    devices = [draw(model, k) for k in range(N)]
    assert sum(rule_trips(feats(d)) for d in devices) >= 0.95 * N
    assert all(d.rated_w > 300 for d in devices)


def test_inverter_air_conditioners_straddle_the_pf_threshold() -> None:
    model = APPLIANCES["inverter_ac"]
    assert not model.mischief and model.branch == 2
    fs = [feats(draw(model, k)) for k in range(N)]
    trips = sum(rule_trips(f) for f in fs)
    assert 3 <= trips < N / 2                                       # some trip, most do not
    assert all(f.thd_permille <= 130 and f.pf_milli >= 965 for f in fs)   # PFC: near unity, low THD
    near = [f.pf_milli for f in fs if abs(f.pf_milli - 990) <= 4]
    assert any(p < 990 for p in near) and any(p >= 990 for p in near)   # within a few thousandths, both sides


def _only(model: ApplianceModel, kind: str) -> ApplianceModel:
    return dataclasses.replace(model, shapes=tuple(s for s in model.shapes if s.kind == kind))


def test_half_cycle_induction_cookers_show_dc_and_even_harmonics() -> None:
    model = _only(APPLIANCES["induction_cooker"], "induction_half")
    for k in range(N):
        dev = draw(model, k)
        spec = dev.spectrum
        i1 = math.sqrt(2.0) * abs(spec[1])                          # fundamental RMS
        even = math.sqrt(2.0 * float(np.sum(np.abs(spec[2::2]) ** 2)))
        odd = math.sqrt(2.0 * float(np.sum(np.abs(spec[3::2]) ** 2)))
        assert abs(spec[0]) > 0.3 * i1                              # a DC component
        assert float(np.mean(to_samples(spec))) == pytest.approx(spec[0].real, abs=1e-9)
        assert even > 0.25 * i1 and even > 0.6 * odd                # 2nd, 4th, ...: a large part of it
        f = feats(dev)
        assert f.thd_permille >= 300 and f.pf_milli <= 840
        assert f.thd_permille > 1000 * odd / i1 + 100                # THD well above its odd part
        assert 800 <= dev.rated_w <= 800 + 0.4 * 1300 + 1e-9        # the low settings


def test_full_wave_induction_cookers_have_big_third_and_no_dc() -> None:
    model = _only(APPLIANCES["induction_cooker"], "induction")
    for k in range(N):
        dev = draw(model, k)
        assert abs(dev.spectrum[0]) < 1e-9 * abs(dev.spectrum[1])
        f = feats(dev)
        assert f.i3_permille >= 100 and f.i5_permille >= 50 and f.thd_permille >= 150
        assert 870 <= f.pf_milli <= 980 and not rule_trips(f)
    mixed = [abs(d.spectrum[0]) > 0.1 * abs(d.spectrum[1])
             for d in (draw(APPLIANCES["induction_cooker"], k) for k in range(N))]
    assert 0.1 * N <= sum(mixed) <= 0.5 * N                         # about 30 % conduct on one half cycle


def test_a_drawn_device_switched_on_in_a_room_shows_its_own_inrush() -> None:
    t0 = 9000 * 86400 + 10 * 3600
    room = RoomPhysics(21, occupants=0, has_ac=False)
    dev = room.add_device("fridge", random.Random(3))
    assert 5.0 <= dev.inrush <= 8.0 and dev.inrush != APPLIANCES["fridge"].inrush
    room.switch(dev, True, t0)
    first = float(np.sqrt(np.mean(room.cycle(dev.branch, t0)[1] ** 2)))
    steady = float(np.sqrt(np.mean(room.cycle(dev.branch, t0 + 1)[1] ** 2)))
    assert first / steady == pytest.approx(dev.inrush, rel=0.05)
