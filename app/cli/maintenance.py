"""Store maintenance: `db upgrade`, `demo-data`, `ledger verify`, `audit verify`."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import select

from app.cli.stores import CommandFailed, open_store, shown, store_url
from db import migrate


def count(minimum: int):
    """An argparse type: a whole number of at least `minimum`."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value
    return parse


def add_parsers(sub, common: argparse.ArgumentParser) -> None:
    db = sub.add_parser("db", help="database maintenance", parents=[common])
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="upgrade the store to the newest schema (creating it if missing)",
                           parents=[common])
    up.set_defaults(handler=upgrade)

    demo = sub.add_parser("demo-data", help="create a demo campus in an empty store", parents=[common])
    demo.add_argument("--rooms", type=count(1), default=864, help="rooms to create (at least 1)")
    demo.add_argument("--days", type=count(0), default=21, help="days of history")
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument("--out", metavar="URL", help="database URL of an empty store (or give --db URL)")
    demo.set_defaults(handler=demo_data)

    ledger = sub.add_parser("ledger", help="ledger checks", parents=[common])
    ledger_sub = ledger.add_subparsers(dest="ledger_command", required=True)
    verify = ledger_sub.add_parser("verify", help="check that every balance equals the sum of its entries "
                                   "(exit code 1 if one does not)", parents=[common])
    verify.set_defaults(handler=ledger_verify)

    audit = sub.add_parser("audit", help="tamper evidence", parents=[common])
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    check = audit_sub.add_parser(
        "verify", parents=[common],
        help="check the hash chain over money and audit records against the anchors written at shift and "
             "day closes (exit code 1 if a record was edited, deleted or inserted, or the chain rewritten)")
    check.add_argument("--anchors", metavar="FILE", type=Path,
                       help="the anchor file to check against (default: beside a SQLite store, or "
                            "DORMWATT_ANCHOR_FILE, or the user data directory for PostgreSQL)")
    check.set_defaults(handler=audit_verify)


def upgrade(args: argparse.Namespace) -> int:
    url = store_url(args)
    store = open_store(args, "create", url, upgrade=False)   # refuses a store of a newer version
    try:
        before = migrate.current_revision(store.engine)
        migrate.upgrade(store.engine)
        print(f"store at {shown(url)}: {before or 'empty'} -> {migrate.current_revision(store.engine)}")
    finally:
        store.dispose()
    return 0


def demo_data(args: argparse.Namespace) -> int:
    from app.demo.campus import generate
    from db.models import Room

    # Only a store named on the command line: never the office's default store by accident.
    url = args.out or getattr(args, "db", None)
    if not url:
        raise CommandFailed("demo-data: name the store to fill with --out URL (or --db URL)")
    store = open_store(args, "create", url)
    try:
        with store.read() as s:
            if s.scalar(select(Room.id).limit(1)) is not None:
                raise CommandFailed("demo-data: the store already has rooms; give an empty one.")
        t = time.perf_counter()
        summary = generate(store, rooms=args.rooms, days=args.days, seed=args.seed)
    finally:
        store.dispose()
    print(f"demo campus: {summary.buildings} buildings, {summary.rooms} rooms, {summary.students} students, "
          f"{summary.buses} buses, {summary.ledger_entries} ledger entries, {summary.readings} readings "
          f"in {time.perf_counter() - t:.1f} s")
    return 0


def ledger_verify(args: argparse.Namespace) -> int:
    from app.counter.ledger import Ledger

    store = open_store(args, "read")
    try:
        drifts = Ledger(store).verify()
    finally:
        store.dispose()
    for d in drifts:
        print(f"account {d.account_id}: cached {d.cached_fen} fen, entries sum to {d.summed_fen} fen, "
              f"last running balance {d.last_balance_after_fen}, count {d.cached_count} vs {d.counted}")
    print(f"ledger verify: {len(drifts)} account(s) drifted")
    return 1 if drifts else 0


def audit_verify(args: argparse.Namespace) -> int:
    from app.integrity.verify import verify

    store = open_store(args, "read")
    try:
        try:
            v = verify(store, args.anchors)
        except ValueError as exc:      # an anchor file that is not one
            raise CommandFailed(f"audit verify: {exc}") from None
    finally:
        store.dispose()
    print(f"chain: {v.links} link(s), head #{v.head_seq} {v.head_hash}")
    if v.anchors_path is None or not v.anchors_checked:
        print(f"anchors: none found{f' at {v.anchors_path}' if v.anchors_path else ''}; only the chain's own "
              "consistency was checked")
    else:
        print(f"anchors: {v.anchors_checked} checked in {v.anchors_path}")
    if v.pending:
        print(f"{v.pending} record(s) wait to enter the chain (the next write links them)")
    if v.problems:
        print(f"first broken link: {v.problems[0].text}")
        for p in v.problems[1:]:
            print(f"  {p.text}")
    print(f"audit verify: {len(v.problems)} problem(s)")
    return 1 if v.problems else 0
