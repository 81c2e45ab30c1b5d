"""The signature library, the slots and the host matcher, on switch-ons of simulated devices.

Library devices and test devices are different draws of the same appliance model (split by device);
every switch-on goes through the simulated meter's own detection (bench/loads.py's harness)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from app.loads import library as files
from app.loads.decide import Decision, HostAction, meter_decision, outcome
from app.loads.features import FeatureError, Features, from_mapping, from_waveform
from app.loads.library import CAMPUS, Capture, Library, LibraryError, Scope, ScopeLevel, Verdict
from app.loads.matcher import Match, Matcher
from app.loads.slots import SLOTS, boxes, candidates, conflicts, plan_slots
from drivers.ddsy_records import EventAction, LoadControl, LoadFlag, SlotClass
from drivers.sim.appliances import supply_spectrum, to_samples
from tests.bench_modules import bench_loads

bench = bench_loads()


@pytest.fixture(scope="module")
def lib() -> Library:
    return bench.build_library(["kettle", "induction_cooker", "laptop", "hair_dryer_half"], devices=6, per_device=2)


def fresh(model: str, device: int = 40, background: str = "none") -> Features:
    return bench.switch_ons(model, device, background, 1)[0].features


def test_a_new_kettle_is_named_and_tripped_by_the_meter_rule(lib: Library) -> None:
    f = fresh("kettle")
    m = Matcher(lib).classify(f)
    assert m.name == "kettle" and m.distance < 2.5 and m.confidence > 0
    meter = meter_decision(f)
    assert meter.action is EventAction.TRIPPED and meter.slot is None       # the resistive rule
    assert outcome(meter, m, f=f).decision is Decision.TRIP


def test_induction_cooker_escapes_the_rule_but_not_the_host(lib: Library) -> None:
    f = fresh("induction_cooker", background="light")
    assert meter_decision(f).action is EventAction.ALLOWED                   # PF far below 0.99
    o = outcome(meter_decision(f), Matcher(lib).classify(f), f=f)
    assert (o.appliance, o.decision, o.host) == ("induction_cooker", Decision.TRIP, HostAction.OPEN)


def test_an_appliance_the_library_has_never_seen_is_unknown_not_forced(lib: Library) -> None:
    f = fresh("air_conditioner")                                             # not in this library
    m = Matcher(lib).classify(f)
    assert m.appliance is None and m.name == "unknown" and m.nearest is not None
    o = outcome(meter_decision(f), m, f=f)
    assert o.decision is Decision.SUSPECT and o.host is HostAction.SUSPECT   # high power: an alarm only


def test_a_tripped_allowed_appliance_suggests_a_whitelist_entry_or_is_released() -> None:
    library, app = Library().with_appliance("dispenser", Verdict.ALLOW)
    caps = [Capture(s.features, "event", f"k{d}") for d in range(3) for s in bench.switch_ons("kettle", d, "none", 2)]
    library = library.with_captures(app.ident, caps)          # a "kettle-like" allowed heater
    f = fresh("kettle")
    m = Matcher(library).classify(f)
    rule = meter_decision(f, bench.RULE_ONLY)
    assert rule.action is EventAction.TRIPPED
    assert outcome(rule, m, f=f).host is HostAction.SUGGEST_WHITELIST
    released = outcome(rule, m, f=f, auto_release=True)
    assert released.host is HostAction.RELEASE and released.decision is Decision.ALLOW


def test_clusters_follow_power_levels_and_slots_cover_them(lib: Library) -> None:
    cooker = lib.by_name("induction_cooker")
    cands = candidates(cooker)
    assert cands and all(c.slot.cls == SlotClass.BLOCK and c.needed for c in cands)
    for c in cands:
        assert 40 <= c.slot.tolerance_permille <= 500
    # every capture of the cooker matches one of its own slots
    plan = plan_slots(lib)
    for cap in cooker.captures:
        assert meter_decision(cap.features, slots=plan.slots).action is EventAction.TRIPPED


def test_boxes_split_what_one_slot_cannot_hold() -> None:
    def f(dp: int, thd: int) -> Features:
        return Features(dp=dp, pf=900, i3=200, i5=100, thd=thd)
    groups = boxes([f(800, 300), f(820, 310), f(2000, 300), f(2050, 305), f(810, 450)])
    assert sorted(len(g) for g in groups) == [1, 2, 2]          # two power levels, one other design


def test_thirty_three_entries_leave_one_out_with_the_reason() -> None:
    library = Library()
    for n in range(33):
        library, app = library.with_appliance(f"cooker {n}", Verdict.BLOCK)
        library = library.with_captures(app.ident, [Capture(Features(dp=400 + 60 * n, pf=900, i3=250, i5=150,
                                                                     thd=300), device="a")])
    library, med = library.with_appliance("oxygen concentrator", Verdict.ALLOW,
                                          scope=Scope(ScopeLevel.ROOM, "B1-203"))
    library = library.with_captures(med.ident, [Capture(Features(dp=350, pf=995, i3=20, i5=10, thd=40))])
    plan = plan_slots(library, "B1", "B1-101")
    assert len(plan.chosen) == SLOTS and len(plan.left_out) == 1
    assert "32 slots" in plan.left_out[0][1]
    assert all(c.appliance.name != "oxygen concentrator" for c in plan.chosen)   # not this room's
    plan = plan_slots(library, "B1", "B1-203")
    assert plan.chosen[0].appliance.name == "oxygen concentrator"               # the room's own goes first
    assert plan.slots[0].cls == SlotClass.ALLOW and len(plan.left_out) == 2


def test_an_allow_slot_that_lets_a_blocked_appliance_through_is_left_out_campus_wide_and_reported_per_room() -> None:
    library, ok = Library().with_appliance("dispenser", Verdict.ALLOW)
    library = library.with_captures(ok.ident, [Capture(Features(dp=500, pf=999, i3=10, i5=5, thd=20))])
    library, bad = library.with_appliance("rice cooker", Verdict.BLOCK)
    library = library.with_captures(bad.ident, [Capture(Features(dp=510, pf=999, i3=12, i5=6, thd=22))])
    plan = plan_slots(library, "B1", "B1-101")
    # campus-wide, the dispenser's box would let every 500 W rice cooker through on every meter
    assert [c.appliance.name for c in plan.chosen] == ["rice cooker"]
    assert [(c.appliance.name, why) for c, why in plan.left_out] == [
        ("dispenser", "its box would also let blocked appliances through (rice cooker) on every meter of its "
                      "scope; give it a room scope where it is registered")]
    assert conflicts(plan, library) == []
    # registered for one room, it is that room's decision: kept there, and the conflict is reported
    library = library.with_details(ok.ident, scope=Scope(ScopeLevel.ROOM, "B1-102"))
    plan = plan_slots(library, "B1", "B1-102")
    assert plan.slots[0].cls == SlotClass.ALLOW and plan.left_out == ()
    assert [(a.name, b.name, n) for a, b, n in conflicts(plan, library)] == [("dispenser", "rice cooker", 1)]
    assert [c.appliance.name for c in plan_slots(library, "B1", "B1-101").chosen] == ["rice cooker"]
def test_a_block_slot_that_would_trip_an_allowed_appliance_is_left_out() -> None:
    """A heater's box (PF 1.000 ± 0.030) holds an inverter air conditioner at PF 0.975, which the
    resistive rule lets through: the slot would trip it on every meter, so it is left out — unless
    the air conditioner's captures are tripped by the rule anyway."""
    def two(ac_pf: int) -> Library:
        library, ac = Library().with_appliance("inverter ac", Verdict.ALLOW)
        library = library.with_captures(ac.ident, [Capture(Features(dp=800, pf=ac_pf, i3=40, i5=20, thd=60))])
        library, heater = library.with_appliance("heater", Verdict.BLOCK)
        return library.with_captures(heater.ident, [Capture(Features(dp=820, pf=999, i3=30, i5=15, thd=35))])

    plan = plan_slots(two(975), "B1", "B1-101")
    assert plan.chosen == ()
    assert [(c.appliance.name, why) for c, why in plan.left_out] == [
        ("inverter ac", "its box would also let blocked appliances through (heater) on every meter of its "
                        "scope; give it a room scope where it is registered"),
        ("heater", "its box would also trip allowed appliances (inverter ac) that the meter otherwise lets "
                   "through; the host matcher watches for it instead")]
    assert meter_decision(Features(dp=800, pf=975, i3=40, i5=20, thd=60), slots=plan.slots).action \
        is EventAction.ALLOWED
    # an air conditioner at PF 0.995 is tripped by the rule whatever the slots say: the heater keeps its box
    assert [c.appliance.name for c in plan_slots(two(995), "B1", "B1-101").chosen] == ["heater"]


def test_library_round_trips_and_refuses_a_newer_format(tmp_path: Path, lib: Library) -> None:
    files.save(lib, tmp_path)
    again = files.load(tmp_path)
    assert again == lib and again.version == lib.version
    data = json.loads((tmp_path / files.FILE_NAME).read_text())
    data["format_version"] = files.FORMAT_VERSION + 1
    (tmp_path / files.FILE_NAME).write_text(json.dumps(data))
    with pytest.raises(LibraryError, match="newer DormWatt"):
        files.load(tmp_path)


def test_every_change_raises_the_version_and_names_stay_unique() -> None:
    library, app = Library().with_appliance("Kettle", Verdict.BLOCK)
    assert library.version == 1
    library = library.with_details(app.ident, notes="boils water")
    assert library.version == 2 and library.get(app.ident).notes == "boils water"
    with pytest.raises(LibraryError, match="already has"):
        library.with_appliance(" kettle ", Verdict.BLOCK)


def _sine_capture(amps: float, pre_amps: float = 0.0, clip: float | None = None) -> tuple[list, list, list]:
    v = to_samples(supply_spectrum())
    unit = v / np.sqrt(np.mean(v * v))
    post = unit * (amps + pre_amps)
    if clip is not None:
        post = np.clip(post, -clip, clip)
    return ([int(round(x * 10)) for x in v], [int(round(x * 1000)) for x in post],
            [int(round(x * 1000)) for x in unit * pre_amps])


def test_waveform_features_match_the_meter_definitions() -> None:
    v, post, pre = _sine_capture(6.8, pre_amps=0.3)
    f = from_waveform(v, post, pre)
    assert 1480 <= f.dp <= 1510 and f.pf >= 995 and f.inrush is None and f.fluctuation is None


def test_bad_captures_are_refused_with_a_reason() -> None:
    v, post, pre = _sine_capture(0.0, pre_amps=5.0)
    with pytest.raises(FeatureError, match="already on"):
        from_waveform(v, post, pre)
    v, post, pre = _sine_capture(8.0, clip=7.0)
    with pytest.raises(FeatureError, match="clipped"):
        from_waveform(v, post, pre)
    with pytest.raises(FeatureError, match="128"):
        from_waveform(v[:100], post, pre)
    with pytest.raises(FeatureError, match="missing field 'thd'"):
        from_mapping({"dp": 500, "pf": 990, "i3": 10, "i5": 5}, where="line 3")
    with pytest.raises(FeatureError, match="whole number"):
        from_mapping({"dp": 500, "pf": 99.5, "i3": 10, "i5": 5, "thd": 4})


def test_matcher_batches_and_scopes(lib: Library) -> None:
    f = fresh("kettle")
    kettle = lib.by_name("kettle").ident
    laptop = lib.by_name("laptop").ident
    ms = Matcher(lib).classify_many([f, f], [None, frozenset({laptop})])
    assert ms[0].name == "kettle"
    assert ms[1].name == "unknown" and math.isfinite(ms[1].distance)      # not in that room's scope
    assert kettle != laptop


def _element(dp: int, device: str, thd: int = 30) -> Capture:
    """A resistive element's switch-on: a dispenser's and a rice cooker's are the same to any meter."""
    return Capture(Features(dp=dp, pf=1000, i3=30, i5=12, thd=thd, dq=0, i7=5, crest=136, inrush=104,
                            fluctuation=2, power_after=dp), "event", device)


def _twins(scope: Scope = CAMPUS) -> Library:
    library, disp = Library().with_appliance("dispenser", Verdict.ALLOW, scope=scope)
    library = library.with_captures(disp.ident, [_element(dp, f"d{n}") for n, dp in enumerate((480, 500, 520, 540))])
    library, pot = library.with_appliance("rice cooker", Verdict.BLOCK)
    return library.with_captures(pot.ident, [_element(dp, f"r{n}") for n, dp in enumerate((470, 500, 530, 560))])


def test_when_a_blocked_and_an_allowed_appliance_both_fit_the_host_only_raises_an_alarm() -> None:
    library = _twins()
    f = _element(505, "new").features
    m = Matcher(library).classify(f)
    assert m.ambiguous and {m.allowed_fit.name, m.blocked_fit.name} == {"dispenser", "rice cooker"}
    allowed = meter_decision(f, LoadControl(flags=LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS))   # rule off
    assert allowed.action is EventAction.ALLOWED
    o = outcome(allowed, m, f=f)
    assert o.host is not HostAction.OPEN and o.decision is not Decision.TRIP     # never opened on a guess
    named_blocked = Match(library.by_name("rice cooker"), m.distance, m.confidence, m.nearest,
                          m.allowed_fit, m.blocked_fit)
    o = outcome(allowed, named_blocked, f=f)
    assert (o.decision, o.host) == (Decision.SUSPECT, HostAction.SUSPECT)       # an alarm for a person
    tripped = meter_decision(f, bench.RULE_ONLY)
    assert tripped.action is EventAction.TRIPPED
    o = outcome(tripped, m, f=f, auto_release=True)
    assert (o.decision, o.host) == (Decision.TRIP, HostAction.NONE)             # never released on a guess


def test_a_dispenser_registered_for_the_room_wins_the_tie_there() -> None:
    library = _twins(Scope(ScopeLevel.ROOM, "B1-102"))
    f = _element(505, "new").features
    here = frozenset(a.ident for a in library.in_scope("B1", "B1-102"))
    elsewhere = frozenset(a.ident for a in library.in_scope("B1", "B1-101"))
    m_here, m_elsewhere = Matcher(library).classify_many([f, f], [here, elsewhere])
    tripped = meter_decision(f, bench.RULE_ONLY)
    o = outcome(tripped, m_here, f=f, auto_release=True)
    assert (o.appliance, o.decision, o.host) == ("dispenser", Decision.ALLOW, HostAction.RELEASE)
    o = outcome(tripped, m_elsewhere, f=f, auto_release=True)
    assert (o.appliance, o.decision, o.host) == ("rice cooker", Decision.TRIP, HostAction.NONE)


def test_one_feature_far_outside_rejects_however_well_the_others_agree() -> None:
    library = _twins()
    f = _element(505, "new").features
    ac = Features(**{**f.as_dict(), "crest": 152, "pf": 995, "thd": 45})    # an inverter AC's PFC current
    m = Matcher(library).classify(ac)
    assert m.appliance is None and m.allowed_fit is None and m.blocked_fit is None


def test_the_step_reactive_power_counts_only_on_an_idle_branch() -> None:
    library, cooker = Library().with_appliance("induction cooker", Verdict.BLOCK)
    caps = [Capture(Features(dp=dp, pf=955, i3=190, i5=160, thd=280, dq=-330, i7=72, crest=150, inrush=330,
                             fluctuation=14, power_after=dp), "event", f"c{n}") for n, dp in enumerate((1000, 1050, 1100))]
    library = library.with_captures(cooker.ident, caps)
    # beside a running fridge the branch's reactive powers do not add up: ΔQ flips sign
    busy = Features(dp=1040, pf=955, i3=190, i5=160, thd=280, dq=+160, i7=72, crest=150, inrush=330,
                    fluctuation=14, power_after=1250)
    idle = Features(**{**busy.as_dict(), "power_after": 1040})
    matcher = Matcher(library)
    assert matcher.classify(busy).name == "induction cooker"
    assert matcher.classify(idle).appliance is None          # alone on the branch, ΔQ +160 is not a cooker


def test_the_fast_distances_are_the_per_feature_deviations_rms_and_largest(lib: Library) -> None:
    """_measure's matrix-product RMS and single largest deviation equal the deviations computed feature
    by feature, with unknown features (NaN) on either side left out."""
    from app.loads.matcher import _max_abs, _rms
    m = Matcher(lib)
    rng = np.random.default_rng(5)
    x = m._centre[rng.integers(0, len(m.clusters), 300)] + rng.normal(0, 0.05, (300, m._centre.shape[1]))
    x[rng.random(x.shape) < 0.15] = np.nan
    x[7, :] = np.nan                                          # nothing known: infinitely far
    d, rel = m._measure(x)
    z = (x[:, None, :] - m._centre[None]) / m._spread[None]
    want_d = _rms(z)
    want_rel = np.maximum(want_d / m._threshold[None], _max_abs(z) / m._max_z[None])
    assert np.array_equal(np.isinf(d), np.isinf(want_d)) and np.isinf(d[7]).all()
    finite = np.isfinite(want_d)
    assert np.allclose(d[finite], want_d[finite], rtol=1e-9, atol=1e-9)
    assert np.allclose(rel[finite], want_rel[finite], rtol=1e-9, atol=1e-9)
