"""Batch work at campus scale (issue 13): a 10,000-row roster previewed and committed.

    .venv/bin/python bench/batch.py [--rows 10000] [--db URL]

A fresh SQLite store (or the empty PostgreSQL database at URL) with 10 buildings of 260 four-bed rooms,
half of them for men; a roster .xlsx of `--rows` new students, each with a building, a room and a bed,
written with openpyxl as an office's sheet is. Measured: the dry run (`import_preview_s`: read, convert,
plan every row against the store) and the commit (`import_commit_s`: register, check in, open the
accounts, 500 rows a transaction), each against its target, and the peak resident memory. Then, each in
a process of its own so its store and memory are its own, bench/checkout_class.py (a class of 300
students checked out with their settlements, slips and summary; meter time excluded) and
bench/report_month.py (a month's takings and consumption report of 10,000 rooms to .xlsx); their figures
join this line (`--quick` leaves them out). Prints one JSON line; `peak_rss_mb` is the largest of the
three processes.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import operators  # noqa: E402
from app.imports import engine  # noqa: E402
from app.imports.roster import ROSTER  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Store  # noqa: E402
from db.models import Bed, Building, Room  # noqa: E402

BUILDINGS, ROOMS, BEDS = 10, 260, 4


def campus(store: Store) -> None:
    with store.write() as s:
        for b in range(1, BUILDINGS + 1):
            building = Building(code=f"B{b}", name=f"{b}号楼", floors=6)
            s.add(building)
            s.flush()
            for r in range(ROOMS):
                floor = r // 50 + 1
                room = Room(building_id=building.id, number=f"{floor}{r % 50 + 1:02d}", floor=floor, beds=BEDS,
                            gender="M" if b % 2 else "F")
                s.add(room)
                s.flush()
                s.add_all([Bed(room_id=room.id, label=str(k + 1)) for k in range(BEDS)])


def roster(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("roster")
    ws.append([c.title for c in ROSTER.spec.columns])
    for n in range(rows):
        b = n // (ROOMS * BEDS) % BUILDINGS + 1
        r = n // BEDS % ROOMS
        floor = r // 50 + 1
        ws.append([f"2026{n:06d}", f"学生{n}", "男" if b % 2 else "女", "计算机学院", f"计科26{n % 30:02d}",
                   f"138{n:08d}", f"B{b}", f"{floor}{r % 50 + 1:02d}", str(n % BEDS + 1), None])
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    ap.add_argument("--quick", action="store_true", help="the roster only (no class check-out, no month's report)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'batch.db'}"
        store = Store(url)
        migrate.upgrade(store.engine)
        admin = operators.create_operator(store, None, "admin", "Admin", "admin-pass", "admin")
        campus(store)
        path = Path(tmp) / "roster.xlsx"
        roster(path, args.rows)
        t = time.perf_counter()
        pv = engine.preview(store, admin, ROSTER, path)
        preview_s = time.perf_counter() - t
        assert pv.counts()["new"] == args.rows, pv.counts()
        t = time.perf_counter()
        job = engine.start(store, admin, ROSTER, pv)
        done = engine.run(store, admin, ROSTER, job)
        commit_s = time.perf_counter() - t
        assert done.rows_done == args.rows and done.failed == 0
        store.dispose()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    checkout = {} if args.quick else _child("checkout_class.py")
    report = {} if args.quick else _child("report_month.py")
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    checkout_s, report_s = checkout.get("checkout_class_s"), report.get("report_month_s")
    print(json.dumps({
        "roster_rows": args.rows, "import_preview_s": round(preview_s, 2), "import_commit_s": round(commit_s, 2),
        "preview_ratio": round(preview_s / 5.0, 3), "commit_ratio": round(commit_s / 10.0, 3),
        "checkout_class_s": checkout_s, "checkout_ratio": round(checkout_s / 10.0, 3) if checkout_s else None,
        "checkout_class_cpu_s": checkout.get("checkout_class_cpu_s"),
        "checkout_run_statements_per_student": checkout.get("run_statements_per_student"),
        "report_month_s": report_s, "report_month_cpu_s": report.get("report_month_cpu_s"),
        "report_ratio": round(report_s / 3.0, 3) if report_s else None,
        "peak_rss_mb": round(max(rss_mb, children_mb), 1), "backend": "postgresql" if args.db else "sqlite",
    }, separators=(",", ":")))


def _child(script: str) -> dict:
    """The JSON line another bench prints (its last line), run in a process of its own."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name(script))], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
