"""The command line: the same app services the window uses, without Qt.

    python main.py db upgrade [--db URL]
    python main.py demo-data --rooms N --out URL [--days D] [--seed S]
    python main.py ledger verify [--db URL]
"""
from __future__ import annotations

import argparse
import sys
import time

from app.config import database_url
from app.errors import DormWattError, StoreError
from db import migrate
from db.engine import Store


def add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help="database URL (default: config file, then the local SQLite file)")
    p.add_argument("--config", metavar="FILE", help="config file (INI with [database] url=...)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dormwatt", description="DormWatt: prepaid electricity and water "
                                     "for dormitories.")
    add_common(parser)
    parser.add_argument("--user", metavar="LOGIN", help="log in as LOGIN without the dialog (password from "
                        "the DORMWATT_PASSWORD environment variable)")
    parser.add_argument("--smoke-exit", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="upgrade the store to the newest schema")
    add_common(up)
    demo = sub.add_parser("demo-data", help="create a demo campus in an empty store")
    demo.add_argument("--rooms", type=int, default=864)
    demo.add_argument("--days", type=int, default=21, help="days of history")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--out", metavar="URL", required=True, help="database URL of an empty store")
    ledger = sub.add_parser("ledger", help="ledger checks")
    ledger_sub = ledger.add_subparsers(dest="ledger_command", required=True)
    verify = ledger_sub.add_parser("verify", help="check that every balance equals the sum of its entries")
    add_common(verify)
    run_demo = sub.add_parser("demo", help="open the window on the demo campus (created when missing)")
    run_demo.add_argument("--rooms", type=int, default=864)
    run_demo.add_argument("--no-meters", action="store_true", help="do not start the simulated meters")
    run_demo.add_argument("--smoke-exit", action="store_true", help=argparse.SUPPRESS)
    return parser


def _cmd_upgrade(args) -> int:
    url = database_url(args.db, args.config)
    store = Store(url)
    before = migrate.current_revision(store.engine)
    migrate.upgrade(store.engine)
    print(f"store at {store.engine.url.render_as_string(hide_password=True)}: "
          f"{before or 'empty'} -> {migrate.current_revision(store.engine)}")
    return 0


def _cmd_demo_data(args) -> int:
    from app.demo.campus import create_demo_store
    from db.models import Room

    store = Store(args.out)
    migrate.upgrade(store.engine)
    with store.read() as s:
        if s.query(Room.id).first() is not None:
            print("demo-data: the store already has rooms; give an empty one.", file=sys.stderr)
            return 2
    t = time.perf_counter()
    _, summary = create_demo_store(args.out, rooms=args.rooms, days=args.days, seed=args.seed)
    print(f"demo campus: {summary.buildings} buildings, {summary.rooms} rooms, {summary.students} students, "
          f"{summary.buses} buses, {summary.ledger_entries} ledger entries, {summary.readings} readings "
          f"in {time.perf_counter() - t:.1f} s")
    return 0


def _cmd_verify(args) -> int:
    from app.counter.ledger import Ledger

    store = Store(database_url(args.db, args.config))
    if not migrate.is_current(store.engine):
        print("ledger verify: the store is not at the newest schema; run `db upgrade` first.", file=sys.stderr)
        return 2
    drifts = Ledger(store).verify()
    for d in drifts:
        print(f"account {d.account_id}: cached {d.cached_fen} fen, entries sum to {d.summed_fen} fen, "
              f"last running balance {d.last_balance_after_fen}, count {d.cached_count} vs {d.counted}")
    print(f"ledger verify: {len(drifts)} account(s) drifted")
    return 1 if drifts else 0


def run(args: argparse.Namespace) -> int:
    """Run a headless command; returns the process exit code."""
    try:
        if args.command == "db":
            return _cmd_upgrade(args)
        if args.command == "demo-data":
            return _cmd_demo_data(args)
        if args.command == "ledger":
            return _cmd_verify(args)
    except (DormWattError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raise SystemExit(f"unknown command {args.command!r}")
