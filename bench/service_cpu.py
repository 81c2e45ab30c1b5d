"""Meter service CPU benchmark: a MeterRuntime running 40 lines of simulated meters (SQLite).

    python bench/service_cpu.py [--buses 40] [--seconds 60] [--billing-interval 30]

A demo campus of 48 rooms per line (one DDSY1946A-13 at 1..48 and one LXSY-20 at 101..148 per
room, 1,920 rooms at 40 lines) is served by ONE simulator subprocess, as ``make demo`` does
(``app.demo.runtime``: an RTU-over-TCP gateway per line at 9600 baud, line-rate timing, room
physics), and this process runs the meter service on it: a bus worker per line, the recorder
storing and billing every reading, the purchase delivery and command loops. The simulator's CPU is
not counted: it is another process.

The window starts once the meters are commissioned (every set-balance purchase delivered and
the prepaid parameters pushed) and one billing interval has passed. The service's default billing
interval (60 s) is shortened in proportion to the window: by default two whole intervals of 30 s
fall in the 60 s window, so every meter is polled twice as often as in service and the figure is
an upper bound of the service's own.

Prints ONE JSON line:

- ``service_cpu_share_40_lines``: CPU seconds of this process (``time.process_time``: user +
  system of every thread; the main thread only sleeps in the window) / wall seconds of the window
  (target < 0.25 of one core; ``service_cpu_ratio`` = share / 0.25, <= 1 meets it);
- ``cpu_share_by_thread``: the same share split by thread role (bus workers, the recorder's store
  writer, delivery, commands, the rest), from the kernel's per-thread counters (10 ms ticks);
- ``polls``, ``polls_per_s``: transactions of every bus in the window, and
  ``cpu_ms_per_poll`` = CPU / polls (everything the service spends per reading, storing and
  billing included);
- ``errors``: the buses' error counters in the window (a timed-out poll costs CPU too);
- ``idle_cpu_share``: the same process between rounds (every line's next round more than the
  idle window away, set by lengthening the billing interval after the window), over
  ``--idle-seconds`` (20): what the service costs while it waits (target: near nothing);
  ``idle_polls`` counts the transactions in it (0 expected).
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from app.demo.campus import ROOMS_PER_BUS, create_demo_store  # noqa: E402
from app.demo.runtime import start_demo_meters  # noqa: E402
from db.models import Purchase  # noqa: E402

TARGET_SHARE = 0.25
READY_TIMEOUT_S = 600.0


def _free_port_base(count: int) -> int:
    """A base port with ``count`` free ports after it (checked by binding each)."""
    for base in range(21000, 60000, 997):
        socks = []
        try:
            for port in range(base, base + count):
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                socks.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def _thread_ticks() -> dict[int, int]:
    """utime + stime (clock ticks) of every thread of this process, by native thread id."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended
        out[int(tid)] = int(fields[11]) + int(fields[12])
    return out


def _role(name: str) -> str:
    if name.startswith("bus "):
        return "bus_workers"
    if name == "meter-store":
        return "recorder"
    if name.startswith(("purchase-delivery", "deliver")):
        return "delivery"
    if name.startswith(("meter-commands", "command-finish")):
        return "commands"
    return "other"


def _wait(what: str, predicate, timeout: float = READY_TIMEOUT_S, step: float = 1.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(step)  # a benchmark's set-up: the service works, this thread only watches


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buses", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--billing-interval", type=float, default=30.0)
    ap.add_argument("--idle-seconds", type=float, default=20.0)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store, summary = create_demo_store(
            f"sqlite:///{Path(tmp) / 'campus.db'}", rooms=args.buses * ROOMS_PER_BUS, days=1,
            seed=1, bus_base_port=_free_port_base(args.buses))
        svc = start_demo_meters(store, max_buses=args.buses,
                                billing_interval_s=args.billing_interval)
        try:
            def pending() -> int:
                with store.read() as s:
                    return s.scalar(select(func.count()).select_from(Purchase)
                                    .where(Purchase.status == "pending")) or 0

            _wait("the meters' commissioning", lambda: pending() == 0 and svc.prepaid_pushed())
            time.sleep(args.billing_interval)  # one whole interval of steady polling first

            names = {t.native_id: t.name for t in threading.enumerate()}
            before = [b.stats() for b in svc.buses.values()]
            ticks0 = _thread_ticks()
            c0, t0 = time.process_time(), time.monotonic()
            time.sleep(args.seconds)  # the window: the service works, this thread sleeps
            c1, t1 = time.process_time(), time.monotonic()
            ticks1 = _thread_ticks()
            after = [b.stats() for b in svc.buses.values()]
            names.update({t.native_id: t.name for t in threading.enumerate()})

            buses = list(svc.buses.values())
            for bus in buses:
                bus.billing_interval_s = 3600.0  # the rounds already on the grid still run

            def idle() -> bool:
                later = time.monotonic() + args.idle_seconds + 5
                return all(not b.schedule.round_active and b.schedule.next_round_at > later
                           for b in buses)

            _wait("the lines to fall idle", idle, timeout=4 * args.billing_interval + 60)
            idle_before = sum(b.stats().transactions for b in buses)
            ic0, it0 = time.process_time(), time.monotonic()
            time.sleep(args.idle_seconds)  # the idle window: nothing is due on any line
            ic1, it1 = time.process_time(), time.monotonic()
            idle_polls = sum(b.stats().transactions for b in buses) - idle_before
        finally:
            svc.stop()
            store.engine.dispose()

    wall = t1 - t0
    share = (c1 - c0) / wall
    hz = os.sysconf("SC_CLK_TCK")
    by_role: Counter[str] = Counter()
    for tid, ticks in ticks1.items():
        by_role[_role(names.get(tid, ""))] += ticks - ticks0.get(tid, 0)
    polls = sum(a.transactions - b.transactions for a, b in zip(after, before, strict=True))
    errors: Counter[str] = Counter()
    for a, b in zip(after, before, strict=True):
        for kind, n in a.errors.items():
            if n - b.errors.get(kind, 0):
                errors[kind] += n - b.errors.get(kind, 0)
    print(json.dumps({
        "bench": "service_cpu",
        "buses": len(after),
        "rooms": summary.rooms,
        "meters": 2 * summary.rooms,
        "billing_interval_s": args.billing_interval,
        "window_s": round(wall, 1),
        f"service_cpu_share_{args.buses}_lines": round(share, 4),
        "service_cpu_ratio": round(share / TARGET_SHARE, 3),
        "cpu_share_by_thread": {role: round(n / hz / wall, 4) for role, n in sorted(by_role.items())},
        "polls": polls,
        "polls_per_s": round(polls / wall, 1),
        "cpu_ms_per_poll": round(1000 * (c1 - c0) / max(polls, 1), 3),
        "errors": dict(errors),
        "idle_cpu_share": round((ic1 - ic0) / (it1 - it0), 4),
        "idle_polls": idle_polls,
    }))


if __name__ == "__main__":
    main()
