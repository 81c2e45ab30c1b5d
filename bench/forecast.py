"""Days-left forecast and usage-alarm check on a demo campus (SQLite, or --url for another store).

    python bench/forecast.py [--rooms 10000] [--per-day 1] [--url postgresql+psycopg://...]

The demo campus has 15 days of history, one billing reading per meter and day; `--per-day N` adds
N-1 more readings a day per meter in between (24: hourly), to show the cost does not grow with the
billing interval. Prints one JSON line: rooms, readings, forecast_s (`days_left_many` for every room,
one read transaction), forecasts (rooms with a figure), usage_check_s (`check_usage` for yesterday:
the per-day use of 15 days, occupancy, holidays, alarms raised), alarms.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from app import clock  # noqa: E402
from app.demo.campus import generate  # noqa: E402
from app.errors import DormWattError  # noqa: E402
from app.metering import forecast, usage_alarms  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Store  # noqa: E402
from db.models import ElectricityReading  # noqa: E402


def densify(store, per_day: int) -> None:
    """Add per_day-1 readings between each pair of a meter's daily readings (register interpolated)."""
    if per_day <= 1:
        return
    with store.write() as s:
        rows = s.execute(select(ElectricityReading.meter_id, ElectricityReading.taken_at,
                                ElectricityReading.incoming_cwh)
                         .order_by(ElectricityReading.meter_id, ElectricityReading.taken_at)).all()
        batch, prev = [], None
        for r in rows:
            if prev is not None and prev.meter_id == r.meter_id:
                step = (r.taken_at - prev.taken_at) / per_day
                for k in range(1, per_day):
                    reg = prev.incoming_cwh + (r.incoming_cwh - prev.incoming_cwh) * k // per_day
                    batch.append({"meter_id": r.meter_id, "taken_at": prev.taken_at + step * k, "incoming_cwh": reg,
                                  "branch0_cwh": 0, "branch1_cwh": 0, "branch2_cwh": reg, "balance_fen": 0,
                                  "free_cwh": 0, "purchase_count": 0, "status": 0})
                if len(batch) >= 50_000:
                    s.execute(insert(ElectricityReading), batch)
                    batch = []
            prev = r
        if batch:
            s.execute(insert(ElectricityReading), batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=10000)
    parser.add_argument("--per-day", type=int, default=1)
    parser.add_argument("--url", default=None)
    parser.add_argument("--db", default=None, help="an SQLite file to keep the campus in (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        kept = args.db is not None and Path(args.db).exists()
        url = args.url or f"sqlite:///{args.db or Path(tmp) / 'bench.db'}"
        store = Store(url)
        if not kept:
            migrate.upgrade(store.engine)
            try:
                generate(store, rooms=args.rooms, days=15, seed=1)
            except DormWattError as exc:    # the power-policy seeding at the end; the history is written by then
                print(f"demo campus: {exc}", file=sys.stderr)
            densify(store, args.per_day)
        with store.read() as s:
            readings = s.scalar(select(func.count()).select_from(ElectricityReading))
        at = clock.now()
        t0 = time.perf_counter()
        with store.read() as s:
            result = forecast.days_left_many(s, None, at=at)
        forecast_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        check = usage_alarms.check_usage(store, clock.campus_date(at) - timedelta(days=1))
        usage_s = time.perf_counter() - t0
        print(json.dumps({
            "rooms": args.rooms, "readings": readings, "readings_per_day": args.per_day,
            "backend": store.engine.dialect.name, "forecast_s": round(forecast_s, 3),
            "forecasts": sum(1 for f in result.values() if f.days is not None), "usage_check_s": round(usage_s, 3),
            "rooms_checked": check.rooms, "alarms": check.vacant + check.jumps}))
        store.dispose()


if __name__ == "__main__":
    main()
