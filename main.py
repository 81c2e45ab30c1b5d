"""DormWatt composition root: logging, settings, the store, and then the window or a command."""
from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    from app.cli import build_parser, run
    from app.config import database_url, demo_url

    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command in ("db", "demo-data", "ledger"):
        return run(args)

    from db import migrate
    from db.engine import Store
    from db.models import Room, Setting

    demo = args.command == "demo"
    url = demo_url() if demo else database_url(args.db, args.config)
    store = Store(url)
    migrate.upgrade(store.engine)
    with store.read() as s:
        empty = s.query(Room.id).first() is None
        school_row = s.get(Setting, "school_name")
    if demo and empty:
        from app.demo.campus import generate

        print("Creating the demo campus (once)…", flush=True)
        generate(store, rooms=args.rooms)
        with store.read() as s:
            school_row = s.get(Setting, "school_name")

    from ui.application import run_window

    user, password, service = getattr(args, "user", None), None, None
    if demo:
        from app.demo.campus import DEMO_PASSWORDS

        user, password = "clerk", DEMO_PASSWORDS["clerk"]
        if not args.no_meters:
            from app.demo.runtime import start_demo_meters

            service = start_demo_meters(store)
    return run_window(store, school=school_row.value if school_row else "", demo=demo,
                      smoke_exit=bool(getattr(args, "smoke_exit", False)), user=user, password=password,
                      meter_service=service)


if __name__ == "__main__":
    sys.exit(main())
