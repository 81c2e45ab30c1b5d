"""Six workstations on one room (PostgreSQL): the workload of tests/app/counter/test_concurrency_pg.py.

    python bench/counter_concurrency.py [--url postgresql+psycopg://...] [--workers 6] [--rounds 34]

Creates a throwaway database next to the one `--url` names (default: .pg-test-url), migrates it,
runs the workstations as processes and prints one JSON line: workers, operations, seconds (wall),
ops_per_s, errors (reached a clerk), deadlocks (PostgreSQL's count for the database), ledger_drift
(accounts `ledger verify` finds), receipt_gaps, and per operation its count and mean milliseconds.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app import clock  # noqa: E402
from app.counter.ledger import Ledger  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Store  # noqa: E402
from db.models import Receipt  # noqa: E402
from tests.app.counter.test_concurrency_pg import ROUNDS, WORKERS, deadlocks, prepare, run_workstations  # noqa: E402
from tests.conftest import PINNED_START  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default=(ROOT / ".pg-test-url").read_text().strip()
                        if (ROOT / ".pg-test-url").exists() else None)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    name = f"dw_bench_concurrency_{os.getpid()}"
    admin = create_engine(make_url(args.url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        from datetime import datetime

        with clock.use(clock.RunningClock(datetime.fromisoformat(PINNED_START))):
            store = Store(url)
            migrate.upgrade(store.engine)
            room = prepare(store, args.workers)
            started = time.monotonic()
            with tempfile.TemporaryDirectory() as tmp:
                results = run_workstations(url, room, Path(tmp), workers=args.workers, rounds=args.rounds,
                                           timeout=3600)
            seconds = time.monotonic() - started
            per_op: dict[str, list[float]] = {}
            for r in results:
                for what, (count, spent) in r["timing"].items():
                    agg = per_op.setdefault(what, [0, 0.0])
                    agg[0] += count
                    agg[1] += spent
            with store.read() as s:
                numbers = list(s.scalars(select(Receipt.number).order_by(Receipt.number)))
            ops = sum(int(c) for c, _ in per_op.values())
            print(json.dumps({
                "workers": args.workers, "operations": ops, "seconds": round(seconds, 2),
                "ops_per_s": round(ops / seconds, 1), "errors": sum(len(r["errors"]) for r in results),
                "deadlocks": deadlocks(store), "ledger_drift": len(Ledger(store).verify()),
                "receipt_gaps": len(numbers) - len(set(numbers)) + (numbers[-1] - len(numbers) if numbers else 0),
                "per_operation": {k: {"count": int(c), "mean_ms": round(1000 * t / c, 1)}
                                  for k, (c, t) in sorted(per_op.items())}}))
            store.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
