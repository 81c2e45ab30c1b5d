"""Run the meter simulator on a virtual serial line or an RTU-over-TCP gateway.

    python -m drivers.sim --meters 64 --water 16 --baud 9600 --speed 1 --link /tmp/ttyDORM
    python -m drivers.sim --tcp 127.0.0.1:5020

Electricity meters answer at addresses 1..meters, water meters at 101..100+water. The program
prints one line saying where it listens, then serves until SIGINT or SIGTERM and exits with 0.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from drivers.sim.line import VirtualLine
from drivers.sim.line_engine import RtuLineEngine
from drivers.sim.server import TcpGateway

_BAUDS = (2400, 4800, 9600, 19200)


def _host_port(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def build_parser() -> argparse.ArgumentParser:
    """The command line of ``python -m drivers.sim``."""
    parser = argparse.ArgumentParser(prog="python -m drivers.sim", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--link", metavar="PATH",
                       help="create a symlink at PATH to the pty a client should open")
    where.add_argument("--tcp", metavar="HOST:PORT", type=_host_port,
                       help="serve a transparent RTU-over-TCP gateway instead of a pty")
    parser.add_argument("--meters", type=int, default=64, help="electricity meters (default 64)")
    parser.add_argument("--water", type=int, default=16, help="water meters (default 16)")
    parser.add_argument("--baud", type=int, default=9600, choices=_BAUDS)
    parser.add_argument("--parity", choices=("N", "E", "O"), default="N")
    parser.add_argument("--speed", type=float, default=1.0,
                        help="simulated seconds per real second (0 freezes the clock)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start-clock", type=int, default=None,
                        help="simulated clock at start, seconds since 2000-01-01 00:00 local")
    parser.add_argument("--no-physics", action="store_true",
                        help="meters draw no load (cheap, for wire tests)")
    parser.add_argument("--no-line-rate", action="store_true",
                        help="deliver replies without line-rate pacing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the simulator until SIGINT/SIGTERM; returns the exit code."""
    args = build_parser().parse_args(argv)
    if args.meters < 0 or args.water < 0 or args.meters > 100 or args.water > 147:
        print("meters must be 0..100 and water 0..147 (addresses 1..100 and 101..247)",
              file=sys.stderr)
        return 2
    from drivers.sim.fleet import Fleet  # heavy import (physics, numpy) after argument checks

    fleet = Fleet(meters=args.meters, water=args.water, seed=args.seed,
                  start_clock=args.start_clock, physics=not args.no_physics)
    # The line tells the fleet its baud and parity, which commissions every meter to them.
    if args.parity != "N" and args.water:
        print("note: water meters are 8N1 only; they will not answer on a parity line",
              file=sys.stderr)
    line_rate = not args.no_line_rate
    engine: RtuLineEngine
    if args.tcp:
        host, port = args.tcp
        engine = TcpGateway(fleet, host, port, args.baud, line_rate, speed=args.speed,
                            parity=args.parity)
    else:
        engine = VirtualLine(fleet, baud=args.baud, line_rate=line_rate, speed=args.speed,
                             link=args.link, parity=args.parity)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        engine.start()
    except OSError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 1
    try:
        where = (engine.url if isinstance(engine, TcpGateway)
                 else f"{engine.client_path} -> {engine.pty_path}")
        water = f"101..{100 + args.water}" if args.water else "none"
        print(f"drivers.sim: {args.meters} electricity meters (1..{args.meters}), "
              f"{args.water} water meters ({water}) at {args.baud} 8{args.parity}1, "
              f"speed {args.speed:g}, listening on {where}", flush=True)
        while not stop.wait(0.5):
            pass
    finally:
        engine.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
