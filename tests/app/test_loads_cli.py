"""`python main.py loads enroll|classify`: the stable commands recordings from elsewhere go through."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.physics import RoomPhysics

ROOT = Path(__file__).parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "loads", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def capture(model: str, seed: int) -> dict:
    """A §14 capture of one simulated device, as the meter's registers hold it (0.1 V, mA)."""
    room = RoomPhysics(seed, occupants=0, has_ac=False)
    t = 9500 * 86400
    dev = room.add_device(model, random.Random(seed))
    room.switch(dev, True, t + 5)
    v, post = room.cycle(dev.branch, t + 6.0)
    _, pre = room.cycle_before(dev.branch, t + 5)
    return {"v": [round(x * 10) for x in v], "i_after": [round(x * 1000) for x in post],
            "i_before": [round(x * 1000) for x in pre]}


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("lib")
    rows = [{"name": "kettle", "class": "block", "device": f"k{s}", **capture("kettle", s)} for s in range(4)]
    rows += [{"name": "induction cooker", "class": "block", "device": f"i{s}", **capture("induction_cooker", s)}
             for s in range(4)]
    rows += [{"name": "laptop", "class": "allow", "dp": 60, "pf": 580, "i3": 800, "i5": 520, "thd": 1150,
              "dq": -20, "i7": 300, "crest": 320, "device": "l0"}]
    done = run("enroll", "--library", str(d), str(jsonl(d / "caps.jsonl", rows)))
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert {o["appliance"]: o["captures"] for o in out} == {"kettle": 4, "induction cooker": 4, "laptop": 1}
    return d


def test_classify_names_trips_and_rejects(library: Path, tmp_path: Path) -> None:
    kettle = {"dp": 1650, "dq": 5, "pf": 998, "i3": 25, "i5": 12, "i7": 3, "thd": 30, "crest": 137,
              "fluctuation": 3, "inrush": 104, "power_after": 1700}
    fridge = {"dp": 420, "dq": 300, "pf": 640, "i3": 90, "i5": 20, "i7": 10, "thd": 95, "crest": 150,
              "fluctuation": 20, "inrush": 600, "power_after": 450}
    small = {"dp": 45, "pf": 600, "i3": 780, "i5": 500, "thd": 1100, "dq": -20, "i7": 290, "crest": 310,
             "fluctuation": 10, "inrush": 900, "power_after": 80}
    done = run("classify", "--library", str(library), str(jsonl(tmp_path / "ev.jsonl", [kettle, fridge, small])))
    assert done.returncode == 0, done.stderr
    got = [json.loads(line) for line in done.stdout.splitlines()]
    assert got[0]["appliance"] == "kettle" and got[0]["decision"] == "trip"
    assert got[1]["appliance"] == "unknown" and got[1]["decision"] == "suspect" and got[1]["distance"] > 0
    assert got[2]["decision"] == "allow"



def test_classify_trips_a_half_wave_load_the_library_does_not_know(library: Path, tmp_path: Path) -> None:
    """A hair dryer on its low setting (a diode in series with the element): far from everything enrolled,
    so "unknown" — and tripped all the same, as no allowed appliance conducts on one half-cycle."""
    dryer_low = {"dp": 700, "dq": 40, "pf": 735, "i3": 30, "i5": 14, "i7": 6, "thd": 390, "crest": 191,
                 "fluctuation": 8, "inrush": 180, "power_after": 700}
    done = run("classify", "--library", str(library), str(jsonl(tmp_path / "ev.jsonl", [dryer_low])))
    assert done.returncode == 0, done.stderr
    [got] = [json.loads(line) for line in done.stdout.splitlines()]
    assert (got["appliance"], got["decision"]) == ("unknown", "trip") and got["distance"] > 0

def test_a_bad_line_enrolls_nothing_and_names_every_bad_line(library: Path, tmp_path: Path) -> None:
    before = (library / "library.json").read_bytes()
    flat = capture("kettle", 9)
    flat["i_after"] = flat["i_before"]                          # the appliance was already on
    rows = [{"name": "kettle", "class": "block", **capture("kettle", 8)},
            {"name": "kettle", "class": "block", **flat},
            {"name": "heater", "class": "block", "dp": 900, "pf": 999, "i3": 10, "i5": 5},
            {"name": "laptop", "class": "block", "dp": 60, "pf": 580, "i3": 800, "i5": 520, "thd": 1150}]
    path = jsonl(tmp_path / "bad.jsonl", rows)
    path.write_text(path.read_text() + "{not json\n")
    done = run("enroll", "--library", str(library), str(path))
    assert done.returncode == 2
    err = done.stderr
    assert "4 bad line(s); nothing was enrolled" in err
    assert "line 2" in err and "already on" in err
    assert "line 3: missing field 'thd'" in err
    assert "'laptop' is marked allow in the library but block in the file" in err
    assert "line 5: not JSON" in err
    assert (library / "library.json").read_bytes() == before


def test_classify_refuses_a_newer_library_and_a_missing_field(library: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer"
    newer.mkdir()
    data = json.loads((library / "library.json").read_text())
    data["format_version"] = 99
    (newer / "library.json").write_text(json.dumps(data))
    ev = jsonl(tmp_path / "e.jsonl", [{"dp": 500, "pf": 990, "i3": 1, "i5": 1, "thd": 1}])
    done = run("classify", "--library", str(newer), str(ev))
    assert done.returncode == 2 and "newer DormWatt" in done.stderr
    done = run("classify", "--library", str(library), str(jsonl(tmp_path / "m.jsonl", [{"dp": 500, "pf": 990}])))
    assert done.returncode == 2 and "line 1: missing field 'i3'" in done.stderr and not done.stdout
