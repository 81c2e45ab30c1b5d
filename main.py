"""DormWatt composition root: logging, settings, the store, and then the window or a command."""
from __future__ import annotations

import faulthandler
import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    from app.cli import build_parser, is_command, run
    from app.config import demo_url

    args = build_parser().parse_args(argv)
    _pin_clock()
    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    if args.command == "serve":
        return run(args)          # it sets up its own log (a rotating file and stderr) from its options
    if is_command(args):
        # A command's output is its printed lines; the log says only what went wrong.
        logging.basicConfig(level=logging.WARNING, format=log_format)
        return run(args)
    missing = _no_display()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    _window_log()
    from ui import crash

    crash.install()        # an unhandled exception: a report in crash-reports/, a box telling the clerk

    from app.cli.stores import CommandFailed, open_store
    from db import migrate
    from db.engine import Store
    from db.models import Room, Setting

    demo, practice = args.command == "demo", args.command == "training"
    if practice:
        from app.care.training import TrainingDenied, open_training_store

        try:
            opened = open_training_store(rooms=args.rooms, progress=lambda text: print(text, flush=True))
        except TrainingDenied as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        store = opened.store
        if opened.created:
            print(f"The newcomers' roster for practising batch opening: {opened.roster}", flush=True)
    elif demo:
        store = Store(demo_url())
        migrate.upgrade(store.engine)
    else:
        try:
            store = open_store(args, "create", change_log=False)   # the window's service writes its own
        except CommandFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    _window_started(store, crash)
    from app.care.training import is_training

    training = is_training(store)      # however it was opened: a training store's window says so
    with store.read() as s:
        empty = s.query(Room.id).first() is None
        school_row = s.get(Setting, "school_name")
    if demo and empty:
        from app.demo.campus import generate

        print("Creating the demo campus (once)…", flush=True)
        generate(store, rooms=args.rooms)
        with store.read() as s:
            school_row = s.get(Setting, "school_name")

    from app.sync.change_log import new_origin
    from ui.application import run_window

    user, password, runtime, stop = getattr(args, "user", None), None, None, None
    origin = new_origin("window")
    if demo or practice:
        from app.demo.campus import DEMO_PASSWORDS

        user, password = "clerk", DEMO_PASSWORDS["clerk"]
        if not args.no_meters:
            from app.demo.runtime import start_demo_meters

            runtime = start_demo_meters(store)
    else:
        # The window runs the lines no other runtime runs (an office PC alone); where the office's
        # `serve` holds them, it opens no port and shows that service's data.
        from app.metering.runtime.headless import Service
        from app.metering.runtime.runtime import OFFICE_EVENT_WATCH_S

        service = Service(store, origin, event_watch_s=OFFICE_EVENT_WATCH_S).start()
        runtime, stop = service.runtime, service.stop
    return run_window(store, school=school_row.value if school_row else "", demo=demo, training=training,
                      smoke_exit=bool(getattr(args, "smoke_exit", False)), user=user, password=password,
                      runtime=runtime, stop=stop, origin=origin)


def _window_log() -> None:
    """The window logs to the user data folder's logs/window.log (rotating) and stderr (app.care.logs)."""
    from app.care import logs

    try:
        logs.setup_logging(logs.default_log_file("window"))
    except OSError as exc:     # a read-only home: the window still opens, logging to stderr only
        logging.basicConfig(level=logging.INFO, format=logs.LOG_FORMAT)
        logging.warning("cannot write the log file: %s", exc)


def _window_started(store, crash) -> None:
    """The store the crash reports describe, and the first line of this window's log."""
    from app.care.diagnostics import app_version, hidden_url, schema_revision
    from app.care.logs import current_log_file

    schema = schema_revision(store)
    crash.describe_store(store.url, schema)
    logging.getLogger("dormwatt").info("DormWatt %s window on %s (schema %s), logging to %s", app_version(),
                                       hidden_url(store.url), schema, current_log_file() or "stderr only")


def _no_display() -> str:
    """One line saying why the window cannot open here ("" when it can): on Linux and the BSDs a
    window needs an X11 or Wayland session, unless Qt is told to draw elsewhere (QT_QPA_PLATFORM)."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return ""
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"):
        return ""
    return ("error: no display: the DormWatt window needs a desktop session (DISPLAY or WAYLAND_DISPLAY is not "
            "set); start it from the desktop, or run the meter service with `python main.py serve`")


def _pin_clock() -> None:
    """DORMWATT_CLOCK_START=2026-11-16T10:00:00+08:00 runs this process as if it started then (the test
    suite's subprocesses share its pinned date; a training room can replay a day)."""
    start = os.environ.get("DORMWATT_CLOCK_START")
    if start:
        from datetime import datetime

        from app import clock

        clock.install(clock.RunningClock(datetime.fromisoformat(start)))


if __name__ == "__main__":
    # A crash in Qt or a driver prints the Python stacks of every thread to stderr instead of nothing.
    faulthandler.enable()
    sys.exit(main())
