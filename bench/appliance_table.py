"""The simulator's appliance catalogue as produced: features of drawn devices, per model, as markdown.

    .venv/bin/python bench/appliance_table.py [--devices 200] [--write]

For every model of drivers/sim/appliances.py, ``--devices`` devices are drawn (device k from
``random.Random(f"catalogue/{model}/{k}")``) on the typical supply (220 V, 2.5 % third and 1.5 % fifth
harmonic) and switched on alone: the §13 step features (drivers/signature.step_features) of one
cycle before and one after give the PF, THD and I3 ranges; the inrush column is the devices' first-
cycle RMS over steady RMS; "§10 trips" is the share of devices whose step meets the resistive rule
(PF ≥ 0.990 and THD ≤ 10.0 %). Prints the table; --write also puts it into docs/appliance-catalogue.md
between its table markers.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.signature import step_features  # noqa: E402
from drivers.sim.appliances import (  # noqa: E402
    APPLIANCES,
    ApplianceModel,
    make_appliance,
    rms,
    supply_spectrum,
    to_samples,
)

DOC = Path(__file__).resolve().parents[1] / "docs" / "appliance-catalogue.md"
BEGIN, END = "<!-- table:begin (bench/appliance_table.py --write) -->", "<!-- table:end -->"
BRANCHES = ("lighting", "sockets", "AC")
RULE_PF, RULE_THD = 990, 100


@dataclass(frozen=True)
class Produced:
    """Ranges over the drawn devices, in register units (PF 0.001, ratios 0.1 %, inrush 0.01)."""

    pf: tuple[int, int]
    thd: tuple[int, int]
    i3: tuple[int, int]
    inrush: tuple[int, int]
    trips: float                     # share of devices meeting the §10 resistive rule


def device(model: ApplianceModel, k: int):
    """Device k of model, as the catalogue draws it."""
    return make_appliance(model, k, supply_spectrum(), random.Random(f"catalogue/{model.name}/{k}"))


def features(dev) -> tuple[int, int, int, int]:
    """(PF, THD, I3, inrush) of dev switched on alone on the typical supply."""
    v = to_samples(supply_spectrum())
    f = step_features(v, np.zeros_like(v), to_samples(dev.spectrum),
                      cycles_rms=[rms(dev.spectrum) * dev.inrush])
    return f.pf_milli, f.thd_permille, f.i3_permille, f.inrush_centi


def produced(model: ApplianceModel, devices: int, first: int = 0) -> Produced:
    rows = np.array([features(device(model, k)) for k in range(first, first + devices)])
    span = [(int(rows[:, c].min()), int(rows[:, c].max())) for c in range(4)]
    trips = float(np.mean((rows[:, 0] >= RULE_PF) & (rows[:, 1] <= RULE_THD)))
    return Produced(span[0], span[1], span[2], span[3], trips)


def _families(model: ApplianceModel) -> str:
    total = sum(s.weight for s in model.shapes)
    if len(model.shapes) == 1:
        text = model.shapes[0].kind
    else:
        text = ", ".join(f"{s.kind} {s.weight / total:.0%}" for s in model.shapes)
    return text + (f" + fan motor {model.motor_fraction:.0%}" if model.motor_fraction else "")


def _span(lo: float, hi: float, fmt: str) -> str:
    a, b = format(lo, fmt), format(hi, fmt)
    return a if a == b else f"{a}–{b}"


def table(devices: int) -> str:
    head = ("| model | branch | category | verdict | power W | waveform family | PF | THD % | I3 % | inrush × "
            "| §10 trips | sources |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, m in APPLIANCES.items():
        p = produced(m, devices)
        lines.append("| " + " | ".join([
            f"`{name}`", BRANCHES[m.branch], m.category, "banned" if m.mischief else "allowed",
            _span(*m.rated_w, ".0f"), _families(m),
            _span(p.pf[0] / 1000, p.pf[1] / 1000, ".3f"), _span(p.thd[0] / 10, p.thd[1] / 10, ".1f"),
            _span(p.i3[0] / 10, p.i3[1] / 10, ".1f"), _span(p.inrush[0] / 100, p.inrush[1] / 100, ".2f"),
            f"{p.trips:.0%}", "; ".join(m.sources)]) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--devices", type=int, default=200)
    ap.add_argument("--write", action="store_true", help="also write the table into " + str(DOC))
    args = ap.parse_args()
    text = table(args.devices)
    print(text)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
        DOC.write_text(doc[:a] + "\n" + text + "\n" + doc[b:], encoding="utf-8")


if __name__ == "__main__":
    main()
