"""The resistive rule's thresholds tuned from the library (app/loads/rule_tuning.py): drawn around the
blocked heaters' captures, never looser than the meter's defaults, the allowed appliances it spares and
those it still trips named."""
from __future__ import annotations

from app.loads.decide import meter_decision
from app.loads.features import Features
from app.loads.library import Capture, Library, Scope, ScopeLevel, Verdict
from app.loads.rule_tuning import tune
from app.loads.slots import DEFAULT_LOAD_CONTROL
from drivers.ddsy_records import EventAction, LoadControl, LoadFlag


def _lib(*entries: tuple[str, Verdict, list[Features], Scope]) -> Library:
    lib = Library()
    for name, verdict, feats, scope in entries:
        lib, app = lib.with_appliance(name, verdict, scope=scope)
        lib = lib.with_captures(app.ident, [Capture(f, device=f"{name}-{k}") for k, f in enumerate(feats)])
    return lib


def heat(dp: int, pf: int = 1000, thd: int = 30) -> Features:
    return Features(dp=dp, pf=pf, i3=25, i5=15, thd=thd)


def pfc(dp: int, pf: int, thd: int) -> Features:
    return Features(dp=dp, pf=pf, i3=40, i5=20, thd=thd)


CAMPUS = Scope()
HEATERS = ("heater", Verdict.BLOCK, [heat(1200), heat(1800, thd=41)], CAMPUS)
DRYER = ("hair dryer", Verdict.BLOCK, [heat(1500, pf=999, thd=56)], CAMPUS)
AC = ("inverter ac", Verdict.ALLOW, [pfc(900, 995, 40), pfc(700, 981, 90), pfc(450, 997, 49)], CAMPUS)


def test_the_box_is_drawn_around_the_heaters_and_spares_the_inverter_ac() -> None:
    t = tune(_lib(HEATERS, DRYER, AC))
    assert (t.pf_milli, t.thd_permille) == (998, 86)        # 0.001 under the dryer's 0.999; 3 % over its 5.6 %
    assert (t.heaters, t.heater_pf_low, t.heater_thd_high) == (("hair dryer", "heater"), 999, 56)
    assert (t.spared, t.still_tripped) == (("inverter ac",), ())
    lc = t.apply(DEFAULT_LOAD_CONTROL)
    assert meter_decision(pfc(900, 995, 40), DEFAULT_LOAD_CONTROL).action is EventAction.TRIPPED
    assert meter_decision(pfc(900, 995, 40), lc).action is EventAction.ALLOWED
    assert meter_decision(heat(2000, thd=60), lc).action is EventAction.TRIPPED
    assert meter_decision(heat(1500, pf=999, thd=56), lc).action is EventAction.TRIPPED


def test_never_looser_than_the_meter_defaults() -> None:
    odd = ("odd heater", Verdict.BLOCK, [heat(900, pf=991, thd=95)], CAMPUS)
    t = tune(_lib(odd, AC))
    assert (t.pf_milli, t.thd_permille) == (990, 100)
    assert t.spared == () and t.still_tripped == ("inverter ac",)


def test_nothing_to_tune_from_keeps_the_thresholds() -> None:
    cooker = ("induction cooker", Verdict.BLOCK, [pfc(1800, 930, 300)], CAMPUS)
    blanket = ("electric blanket", Verdict.BLOCK, [heat(80)], CAMPUS)       # below 300 W: never examined
    t = tune(_lib(cooker, blanket, AC))
    assert not t.tuned and (t.pf_milli, t.thd_permille) == (990, 100) and t.heaters == ()
    lc = LoadControl(flags=int(LoadFlag.RESISTIVE_RULE), resistive_pf_milli=995, resistive_thd_permille=60)
    assert t.apply(lc) == LoadControl(flags=int(LoadFlag.RESISTIVE_RULE))    # apply() sets what tune found


def test_an_allowed_heater_campus_wide_is_still_tripped_and_said_so_a_registered_one_is_not_listed() -> None:
    campus = ("water dispenser", Verdict.ALLOW, [heat(500)], CAMPUS)
    t = tune(_lib(HEATERS, campus))
    assert t.still_tripped == ("water dispenser",)
    room = ("water dispenser", Verdict.ALLOW, [heat(500)], Scope(ScopeLevel.ROOM, "B1-102"))
    t = tune(_lib(HEATERS, room))
    assert t.still_tripped == () and t.spared == ()       # its own allow slot decides in its room


def test_the_branch_increment_threshold_decides_what_is_examined() -> None:
    small = ("rice cooker warm", Verdict.BLOCK, [heat(50, pf=996)], CAMPUS)
    low = LoadControl(flags=int(LoadFlag.RESISTIVE_RULE), increment_threshold_w=40)
    assert tune(_lib(HEATERS, small), low).pf_milli == 995
    assert tune(_lib(HEATERS, small)).pf_milli == 999
