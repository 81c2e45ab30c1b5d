"""The resistive rule's thresholds (§10 +0x4, +0x5) set from the library's captures.

The meter's rule trips a switch-on whose PF is at least the threshold and whose THD is at most the
ceiling. The defaults (PF ≥ 0.990, THD ≤ 10 %) are far from where a pure heater sits (PF 1.000, THD
that of the supply) and close to where an inverter air conditioner with active PFC does (PF
0.975–0.997): about a third of those units switch on inside the default box and are tripped.

A heater is PF 1 by physics (its current is the voltage over a resistance, whatever the supply's
distortion), so the box can be drawn around what the technicians captured of the blocked resistive
appliances instead: the threshold one step (0.001) below the lowest PF of their captures, the
ceiling a few per cent above their highest THD (room supplies carry 2–3.5 % third harmonic, more
than a bench's). The rule then still trips every captured blocked heater and stops tripping an
allowed appliance whose PF stays below that. It is never made looser than the defaults.

What it rests on: the captures. A blocked heater design below the new threshold (a hair dryer with a
larger fan, say) passes the meter's rule and is left to the slots and the host's second line; an
allowed appliance that still falls inside the tuned box is listed by name (``still_tripped``).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.loads.features import Features
from app.loads.library import Appliance, Library, ScopeLevel, Verdict
from app.loads.slots import DEFAULT_LOAD_CONTROL, rule_trips
from drivers.ddsy_records import LoadControl

PF_MARGIN = 1          # 0.001 below the lowest captured heater PF
THD_MARGIN = 30        # 3 % above the highest captured heater THD


@dataclass(frozen=True)
class RuleTuning:
    """The thresholds found, and what they rest on."""

    pf_milli: int
    thd_permille: int
    heaters: tuple[str, ...]              # blocked appliances whose captures the rule is for
    heater_pf_low: int | None             # the lowest PF of their captures (None: nothing to tune from)
    heater_thd_high: int | None
    spared: tuple[str, ...]               # allowed appliances the default box tripped and the tuned one does not
    still_tripped: tuple[str, ...]        # allowed appliances the tuned box still trips (an allow slot's work)

    @property
    def tuned(self) -> bool:
        return self.heater_pf_low is not None

    def apply(self, lc: LoadControl) -> LoadControl:
        """lc with these thresholds (whatever its flags)."""
        return replace(lc, resistive_pf_milli=self.pf_milli, resistive_thd_permille=self.thd_permille)


def _examined(app: Appliance, threshold_w: int) -> list[Features]:
    return [c.features for c in app.captures if c.features.dp >= threshold_w]


def tune(library: Library | Iterable[Appliance], lc: LoadControl = DEFAULT_LOAD_CONTROL) -> RuleTuning:
    """Thresholds for ``lc``'s resistive rule from the blocked appliances the default rule trips.

    Allowed appliances of room scope are left out of ``spared``/``still_tripped``: where one is
    registered, its own allow slot lets it through before the rule is looked at."""
    apps = tuple(library.appliances if isinstance(library, Library) else library)
    base = replace(lc, resistive_pf_milli=DEFAULT_LOAD_CONTROL.resistive_pf_milli,
                   resistive_thd_permille=DEFAULT_LOAD_CONTROL.resistive_thd_permille)
    heat = {a.name: [f for f in _examined(a, lc.increment_threshold_w) if rule_trips(f, base)]
            for a in apps if a.verdict is Verdict.BLOCK}
    heat = {name: fs for name, fs in heat.items() if fs}
    if not heat:
        return RuleTuning(base.resistive_pf_milli, base.resistive_thd_permille, (), None, None, (), ())
    pf_low = min(f.pf for fs in heat.values() for f in fs)
    thd_high = max(f.thd for fs in heat.values() for f in fs)
    pf = max(base.resistive_pf_milli, pf_low - PF_MARGIN)
    thd = min(base.resistive_thd_permille, thd_high + THD_MARGIN)
    tuned = replace(base, resistive_pf_milli=pf, resistive_thd_permille=thd)
    spared, still = [], []
    for a in apps:
        if a.verdict is not Verdict.ALLOW or a.scope.level is ScopeLevel.ROOM:
            continue
        fs = _examined(a, lc.increment_threshold_w)
        if any(rule_trips(f, tuned) for f in fs):
            still.append(a.name)
        elif any(rule_trips(f, base) for f in fs):
            spared.append(a.name)
    return RuleTuning(pf, thd, tuple(sorted(heat)), pf_low, thd_high, tuple(spared), tuple(still))
