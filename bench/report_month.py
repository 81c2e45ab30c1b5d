"""The month's report at campus scale (issue 13, item 8: `report_month_s`).

    .venv/bin/python bench/report_month.py [--rooms 10000] [--recharges 20000] [--engine openpyxl|xlsxwriter|both]
                                           [--db URL]

A fresh SQLite store (or the empty PostgreSQL database at URL) with `--rooms` rooms in buildings of
1,000 (20 floors of 50), each with an electricity and a water meter and both accounts; a daily
reading of every meter from the last day of September to the last of October 2026 (32 per meter:
the opening one and one for each of October's 31 days: 640,000 readings for 10,000 rooms), `--recharges`
recharges over the month by five methods and three clerks (a few refunds and reversals among them),
and one consumption charge per room. All of it is inserted with bulk core statements; that set-up is
not measured. Measured: `month_report` for October 2026 to .xlsx (the queries and the file), with
each engine asked for, in wall time and in this process's CPU time (the wall time on a machine shared
with other work is mostly waiting for a core). Prints one JSON line; target ≤ 3 s.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from app import operators  # noqa: E402
from app.access import Actor  # noqa: E402
from app.reports import xlsx  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Store  # noqa: E402
from db.models import (  # noqa: E402
    Account,
    Building,
    Bus,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    MoneyOperation,
    Room,
    WaterMeter,
    WaterReading,
)

PER_BUILDING, FLOORS, PER_BUS = 1000, 20, 200
YEAR, MONTH = 2026, 10
METHODS = ("cash", "campus_card", "wechat", "alipay", "bank_card")
TARGET_S = 3.0


def populate(store: Store, rooms: int, recharges: int, clerks: list[int]) -> None:
    first = datetime(YEAR, MONTH, 1, tzinfo=UTC) - timedelta(hours=8)          # campus midnight, Oct 1
    with store.write() as s:
        buses = (rooms + PER_BUS - 1) // PER_BUS
        s.execute(insert(Bus), [{"id": i + 1, "name": f"line-{i + 1}", "port": f"socket://10.0.0.{i % 250}:{5000 + i}",
                                 "baud": 9600, "parity": "N", "enabled": True} for i in range(2 * buses)])
        nb = (rooms + PER_BUILDING - 1) // PER_BUILDING
        s.execute(insert(Building), [{"id": b + 1, "code": f"B{b + 1}", "name": f"{b + 1}号楼", "floors": FLOORS,
                                      "gender_policy": "mixed"} for b in range(nb)])
        per_floor = PER_BUILDING // FLOORS
        s.execute(insert(Room), [{"id": r + 1, "building_id": r // PER_BUILDING + 1,
                                  "number": f"{(r % PER_BUILDING) // per_floor + 1}{r % per_floor + 1:02d}",
                                  "floor": (r % PER_BUILDING) // per_floor + 1, "beds": 4,
                                  "gender": "M" if (r // PER_BUILDING) % 2 == 0 else "F"} for r in range(rooms)])
        installed = date(2026, 9, 1)
        s.execute(insert(ElectricityMeter), [{"id": r + 1, "bus_id": r // PER_BUS + 1, "address": r % PER_BUS + 1,
                                              "serial_no": f"E{r:07d}", "room_id": r + 1, "installed_on": installed,
                                              "online": r % 50 != 0, "initial_reading_cwh": 0}
                                             for r in range(rooms)])
        s.execute(insert(WaterMeter), [{"id": r + 1, "bus_id": buses + r // PER_BUS + 1, "address": r % PER_BUS + 1,
                                        "serial_no": f"W{r:07d}", "room_id": r + 1, "installed_on": installed,
                                        "online": True, "initial_reading_l": 0} for r in range(rooms)])
        s.execute(insert(Account), [{"id": 2 * r + u + 1, "room_id": r + 1, "utility": ("electricity", "water")[u],
                                     "balance_fen": 0, "entry_count": 0} for r in range(rooms) for u in (0, 1)])
    # the readings: the opening one at 00:05 on Sep 30, then one each day of October
    for day in range(-1, 31):
        at = first + timedelta(days=day, minutes=5)
        with store.write() as s:
            s.execute(insert(ElectricityReading), [
                {"meter_id": r + 1, "taken_at": at, "incoming_cwh": (day + 1) * (300 + r % 700), "branch0_cwh": 0,
                 "branch1_cwh": 0, "branch2_cwh": 0, "balance_fen": 0, "free_cwh": 0, "purchase_count": 0, "status": 0}
                for r in range(rooms)])
            s.execute(insert(WaterReading), [
                {"meter_id": r + 1, "taken_at": at, "volume_l": (day + 1) * (50 + r % 150), "valve_state": 1, "status": 0}
                for r in range(rooms)])
    # the money: recharges (every 97th refunded in part, every 211th reversed) and one charge per room
    ops, entries = [], []
    balance: dict[int, int] = {}
    op_id = 0
    span = 31 * 24 * 3600

    def post(kind: str, account: int, amount: int, at: datetime, method: str | None, operator: int | None,
             reverses: int | None = None) -> int:
        nonlocal op_id
        op_id += 1
        ops.append({"id": op_id, "idempotency_key": f"bench-{op_id}", "kind": kind, "operator_id": operator,
                    "created_at": at, "result": {}})
        balance[account] = balance.get(account, 0) + amount
        entries.append({"id": op_id, "account_id": account, "operation_id": op_id, "kind": kind, "amount_fen": amount,
                        "balance_after_fen": balance[account], "operator_id": operator, "payment_method": method,
                        "reverses_id": reverses, "memo": "", "created_at": at})
        return op_id

    for n in range(recharges):
        account = 2 * (n * 7919 % rooms) + 1 + (n % 5 == 0)
        at = first + timedelta(seconds=(n * 104729) % span)
        amount = 1000 * (1 + n % 20)
        method, clerk = METHODS[n % len(METHODS)], clerks[n % len(clerks)]
        eid = post("recharge", account, amount, at, method, clerk)
        if n % 97 == 0:
            post("refund", account, -amount // 2, at + timedelta(minutes=30), "cash", clerk)
        elif n % 211 == 0:
            post("reversal", account, -amount, at + timedelta(minutes=10), None, clerk, reverses=eid)
    for r in range(rooms):
        post("consumption", 2 * r + 1, -(300 + r % 700) * 31 * 6, first + timedelta(days=30, hours=12), None, None)
    entries.sort(key=lambda e: e["id"])
    with store.write() as s:
        for i in range(0, len(ops), 5000):
            s.execute(insert(MoneyOperation), ops[i:i + 5000])
            s.execute(insert(LedgerEntry), entries[i:i + 5000])
        for account, fen in balance.items():
            s.execute(Account.__table__.update().where(Account.id == account).values(balance_fen=fen))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rooms", type=int, default=10_000)
    ap.add_argument("--recharges", type=int, default=20_000)
    ap.add_argument("--engine", default=xlsx.available_engines()[0], choices=(*xlsx.ENGINES, "both"))
    ap.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    ap.add_argument("--keep", help="a SQLite file to fill once and reuse on later runs (profiling)")
    args = ap.parse_args()
    engines = xlsx.available_engines() if args.engine == "both" else (args.engine,)
    with tempfile.TemporaryDirectory() as tmp:
        reuse = bool(args.keep) and Path(args.keep).exists()
        url = args.db or f"sqlite:///{Path(args.keep) if args.keep else Path(tmp) / 'report.db'}"
        store = Store(url)
        t = time.perf_counter()
        if reuse:
            admin = Actor(id=None, login="bench", role="admin")
        else:
            migrate.upgrade(store.engine)
            admin = operators.create_operator(store, None, "admin", "Admin", "admin-pass", "admin")
            clerks = [operators.create_operator(store, admin, f"clerk{i}", f"收费员{i}", "clerk-pass", "clerk").id
                      for i in range(3)]
            populate(store, args.rooms, args.recharges, clerks)
        setup_s = time.perf_counter() - t
        figures: dict[str, float] = {}
        cpu: dict[str, float] = {}
        rows = 0
        for engine in engines:
            path = Path(tmp) / f"month-{engine}.xlsx"
            t, c = time.perf_counter(), time.process_time()
            report = xlsx.month_report(store, admin, YEAR, MONTH, path, engine=engine)
            figures[engine] = round(time.perf_counter() - t, 2)
            cpu[engine] = round(time.process_time() - c, 2)
            rows = report.rows
            assert report.consumption.total.rooms == args.rooms, report.consumption.total
            assert report.takings.total.recharges == args.recharges, report.takings.total
        store.dispose()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    default = xlsx.available_engines()[0]
    main = default if default in figures else next(iter(figures))
    print(json.dumps({
        "rooms": args.rooms, "report_month_s": figures[main], "report_month_cpu_s": cpu[main], "engine": main,
        "rows": rows, "target_s": TARGET_S, "ratio": round(figures[main] / TARGET_S, 3),
        "by_engine_s": figures, "by_engine_cpu_s": cpu, "setup_s": round(setup_s, 1),
        "peak_rss_mb": round(rss_mb, 1), "backend": "postgresql" if args.db else "sqlite",
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
