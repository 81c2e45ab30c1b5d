"""The command line: the same app services the window uses, without Qt.

    python main.py [--db URL] [--config FILE] [--user LOGIN] COMMAND ...
    python main.py --version
    python main.py db upgrade
    python main.py demo-data --rooms N --out URL [--days D] [--seed S]
    python main.py ledger verify
    python main.py audit verify [--anchors FILE]
    python main.py bus list | add --port URL [...] | set ID [...] | scan ID [--addresses 1-64]
    python main.py meter assign --bus ID --address N --room CODE [--kind ddsy|lxsy]
    python main.py serve [--log-file PATH] [--log-level LEVEL]
    python main.py demo | training [--rooms N] [--no-meters]   (the window; training: practice, never a real line)
    python main.py loads enroll --library DIR CAPTURES.jsonl | classify --library DIR EVENTS.jsonl

--db, --config and --user may stand before or after the command's name. Exit codes: 0 done,
1 a check found a problem (ledger verify, audit verify), 2 refused or impossible (one line on stderr says why).
Read-only commands (bus list, bus scan, ledger verify, audit verify) never create or migrate a store.
"""
from __future__ import annotations

import argparse
import sys
from importlib import metadata

from sqlalchemy.exc import SQLAlchemyError

from app.cli import bus, care, loads, maintenance, meter
from app.cli.stores import CommandFailed, reason
from app.errors import DormWattError, StoreError

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _common(default) -> argparse.ArgumentParser:
    """The options every command takes. On subcommands their default is SUPPRESS, so a value
    given before the command's name is not overwritten by the subcommand's own default."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", metavar="URL", default=default,
                   help="database URL (default: DORMWATT_DB, then the config file, then the local SQLite file)")
    p.add_argument("--config", metavar="FILE", default=default, help="config file (INI with [database] url=...)")
    p.add_argument("--user", metavar="LOGIN", default=default,
                   help="act as (or log the window in as) LOGIN, password from DORMWATT_PASSWORD; commands "
                        "act as the local system without it")
    return p


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dormwatt", parents=[_common(None)],
                                     description="DormWatt: prepaid electricity and water for dormitories.")
    parser.add_argument("--smoke-exit", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"DormWatt {version()}")
    common = _common(argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command")
    maintenance.add_parsers(sub, common)
    bus.add_parsers(sub, common)
    meter.add_parsers(sub, common)
    loads.add_parsers(sub, common)
    care.add_parsers(sub, common)
    serve = sub.add_parser("serve", help="run the meter service without a window", parents=[common])
    serve.add_argument("--log-file", metavar="PATH", help="log to PATH instead of stderr")
    serve.add_argument("--log-level", choices=LOG_LEVELS, default="INFO", type=str.upper)
    serve.add_argument("--billing-interval", metavar="SECONDS", type=maintenance.count(1), default=60,
                       help="how often every meter is read for billing (default 60)")
    serve.set_defaults(handler=_serve)
    run_demo = sub.add_parser("demo", help="open the window on the demo campus (created when missing)")
    run_demo.add_argument("--rooms", type=maintenance.count(1), default=864)
    run_demo.add_argument("--no-meters", action="store_true", help="do not start the simulated meters")
    run_demo.add_argument("--smoke-exit", action="store_true", help=argparse.SUPPRESS)
    run_training = sub.add_parser(
        "training", help="open the window on the training store (培训 TRAINING: the demo campus with newcomers to "
                         "house, simulated meters; created once as training.db in the user data folder)")
    run_training.add_argument("--rooms", type=maintenance.count(1), default=864)
    run_training.add_argument("--no-meters", action="store_true", help="do not start the simulated meters")
    run_training.add_argument("--smoke-exit", action="store_true", help=argparse.SUPPRESS)
    return parser


def version() -> str:
    """The installed package's version (the frozen build carries the package's metadata too)."""
    try:
        return metadata.version("dormwatt")
    except metadata.PackageNotFoundError:      # a checkout run without `pip install -e .`
        return "unknown"


def _serve(args: argparse.Namespace) -> int:
    try:
        from app.metering.runtime.headless import serve
    except ModuleNotFoundError as exc:
        if exc.name != "app.metering.runtime.headless":
            raise
        raise CommandFailed("serve: this build has no headless meter service") from None
    return serve(args)


def is_command(args: argparse.Namespace) -> bool:
    """True for a headless command (`run` it); False for the window (no command, `demo` or `training`)."""
    return getattr(args, "handler", None) is not None


def run(args: argparse.Namespace) -> int:
    """Run a headless command; returns the process exit code. Whatever goes wrong is said in one
    line on stderr (no traceback) with exit code 2."""
    try:
        return args.handler(args)
    except CommandFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except (DormWattError, StoreError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except SQLAlchemyError as exc:
        print(f"error: the store refused: {reason(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
