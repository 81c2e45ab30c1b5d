"""Workbench benchmark on a demo campus (SQLite, Qt offscreen).

    python bench/ui.py [--rooms 10000] [--db URL] [--runs 3]

Prints one JSON line:
- rooms;
- ready_s: process start to a painted main window on the store (`python main.py --db URL --user clerk
  --smoke-exit`, which prints "ready: N rooms" once the window with every card is painted); median of
  `--runs` starts, the first (cold) one reported beside it as ready_first_s;
- search_ms: the window's search (text typed, Enter) of a room number and of a student's name until the
  filtered grid is painted, median over ten searches;
- update_all_ms: fresh values for every card (CardModel.update_cards with one changed RoomCard per room)
  and the repaint that follows, median of five;
- scroll_frame_ms: one scroll step through the whole grid (scroll bar set, viewport repainted), median;
- rss_mb: peak resident memory of the window process of ready_s (getrusage of that child);
  bench_rss_mb is this process's peak after all of the above (a window plus the bench's own data);
- ratio: each figure over its target (10,000 rooms: ready_s ≤ 2.0, search_ms ≤ 50, update_all_ms ≤ 100,
  scroll_frame_ms ≤ 16, rss_mb ≤ 400); a ratio ≤ 1 meets it.
The store is built once with `python main.py demo-data --rooms N --out URL` in a temporary directory
unless --db names an existing demo store.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGETS = {"ready_s": 2.0, "search_ms": 50.0, "update_all_ms": 100.0, "scroll_frame_ms": 16.0, "rss_mb": 400.0}


def build_store(url: str, rooms: int) -> None:
    subprocess.run([sys.executable, str(ROOT / "main.py"), "demo-data", "--rooms", str(rooms), "--out", url],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def time_ready(url: str) -> tuple[float, float, int]:
    """Seconds from process start to "ready: N rooms", peak RSS of that process (MB), rooms shown."""
    env = dict(os.environ, DORMWATT_PASSWORD="clerk-demo", QT_QPA_PLATFORM="offscreen")
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", url, "--user", "clerk", "--smoke-exit"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    ready_s, rooms = float("nan"), 0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ready:"):
            ready_s = time.perf_counter() - t0
            rooms = int(line.split()[1]) if line.split()[1].isdigit() else 0
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the window exited with {proc.returncode}")
    return ready_s, usage.ru_maxrss / 1024, rooms


class Bench:
    """One MainWindow in this process on the store, driven as a clerk would."""

    def __init__(self, url: str) -> None:
        from app import operators
        from app.demo.campus import DEMO_PASSWORDS
        from db.engine import Store
        from ui.app_context import AppContext
        from ui.application import make_app
        from ui.main_window import MainWindow

        self.app = make_app()
        self.store = Store(url)
        actor = operators.authenticate(self.store, "clerk", DEMO_PASSWORDS["clerk"])
        self.window = MainWindow(AppContext(store=self.store, actor=actor, school="bench", demo=True))
        self.window.resize(1400, 880)
        self.window.show()
        rooms: list[int] = []
        self.window.ready.connect(rooms.append)
        self.window.reload()
        self.until(lambda: bool(rooms), 120)
        self.rooms = rooms[0]
        self.until(lambda: self.window.index is not None, 120)   # the search index follows the cards
        self.settle()

    def until(self, cond, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not cond():
            if time.monotonic() > deadline:
                raise SystemExit("timed out waiting for the window")
            self.app.processEvents()
            time.sleep(0.001)

    def settle(self) -> None:
        for _ in range(3):
            self.app.processEvents()
        self.window.grid.viewport().repaint()

    def search_ms(self) -> float:
        w = self.window
        index = w.index
        assert index is not None
        numbers = ["305", "1-101", "612", "4-218", "110"]
        names = [name for _rid, _no, name, _ini in index.people[:: max(1, len(index.people) // 5)]][:5]
        times = []
        for text in numbers + names:
            t0 = time.perf_counter()
            w.search.setText(text)
            w._search_enter()
            self.app.processEvents()
            w.grid.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
            assert w.model.rowCount() >= 1, text
            w.search.clear()
            w._search_enter()
            self.settle()
        return statistics.median(times)

    def update_all_ms(self) -> float:
        model = self.window.model
        base = list(model.cards.values())
        times = []
        for k in range(5):
            fresh = [replace(c, electricity_fen=(c.electricity_fen or 0) + 7 * (k + 1),
                             water_fen=(c.water_fen or 0) - 3 * (k + 1)) for c in base]
            t0 = time.perf_counter()
            changed = model.update_cards(fresh)
            self.app.processEvents()
            self.window.grid.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
            assert changed == len(fresh)
        model.update_cards(base)
        self.settle()
        return statistics.median(times)

    def scroll_frame_ms(self) -> float:
        grid = self.window.grid
        bar = grid.verticalScrollBar()
        step = max(1, bar.pageStep() // 2)
        times = []
        for value in range(bar.minimum(), bar.maximum() + 1, step):
            t0 = time.perf_counter()
            bar.setValue(value)
            grid.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
        bar.setValue(0)
        return statistics.median(times) if times else float("nan")


def run(url: str, runs: int) -> dict:
    readies = [time_ready(url) for _ in range(max(1, runs))]
    bench = Bench(url)
    out = {"rooms": bench.rooms,
           "ready_s": round(statistics.median(r[0] for r in readies), 3),
           "ready_first_s": round(readies[0][0], 3),
           "search_ms": round(bench.search_ms(), 2),
           "update_all_ms": round(bench.update_all_ms(), 2),
           "scroll_frame_ms": round(bench.scroll_frame_ms(), 2),
           "rss_mb": round(max(r[1] for r in readies), 1),
           "bench_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    if any(r[2] != bench.rooms for r in readies):
        raise SystemExit(f"the window showed {[r[2] for r in readies]} rooms, expected {bench.rooms}")
    out["ratio"] = {k: round(out[k] / t, 3) for k, t in TARGETS.items()}
    bench.window.close()
    bench.store.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=10000)
    parser.add_argument("--db", metavar="URL", help="an existing demo store (default: build one in a temp dir)")
    parser.add_argument("--runs", type=int, default=3, help="window starts timed for ready_s")
    args = parser.parse_args()
    if args.db:
        print(json.dumps(run(args.db, args.runs)), flush=True)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'ui-bench.db'}"
        build_store(url, args.rooms)
        print(json.dumps(run(url, args.runs)), flush=True)


if __name__ == "__main__":
    main()
