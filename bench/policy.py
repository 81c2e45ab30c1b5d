"""Policy push benchmark: calendar + three branch schedules to 64 simulated DDSY meters on one
9600-baud line with line-rate emulation, verified by reading every meter back.

Prints ONE JSON line:

- ``push_s``: wall time of the push as the runtime's line pass makes it (clock broadcast, each block
  by broadcast with its unlock, every meter read back, fix-ups), from the first frame to the last;
- ``wire_s``: the wire time of the transactions that push made, from the port's counters: the bytes
  sent and received at the line's baud rate plus the 3.5-character gaps (what the line could not go
  faster than; the meters' reply delay and the 100 ms broadcast turnaround are not in it);
- ``push_ratio`` = push_s / wire_s (target <= 1.2);
- ``verified``: meters whose registers, read from the simulator itself, equal what was pushed;
- ``frames`` / ``broadcast_frames``: frames the push sent (from the port's frame trace);
- ``campus_estimate_s``: 10,000 meters on 40 lines run in parallel (250 per line): push_s x 250 / 64.

The billing poll is quiet during the push (its first round runs before, the next is an hour away),
so the figures are the push's alone; in service the push yields to a due poll between batches.

Run: ``.venv/bin/python bench/policy.py [--meters 64] [--baud 9600]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.metering.runtime.meters import MeterRef  # noqa: E402
from app.policies.model import BranchPlan, MeterConfig, Period, PolicyPlan  # noqa: E402
from app.policies.sync import BLOCKS, LineMeter, LinePass  # noqa: E402
from drivers.bus import Bus  # noqa: E402
from drivers.bus_clock import day_number  # noqa: E402
from drivers.ddsy_params import calendar_values, schedule_values  # noqa: E402
from drivers.ddsy_records import Calendar  # noqa: E402
from drivers.sim.fleet import Fleet  # noqa: E402
from drivers.sim.line import VirtualLine  # noqa: E402

CAMPUS_METERS, CAMPUS_LINES = 10_000, 40
START_CLOCK = 850_000_000


def config() -> MeterConfig:
    """An undergraduate term: lights-off, socket low-power, air-conditioner standby, two holidays."""
    cal = Calendar(True, day_number(date(2026, 9, 1)), day_number(date(2027, 1, 17)), 0x60,
                   ((day_number(date(2026, 10, 1)), day_number(date(2026, 10, 7))),
                    (day_number(date(2027, 1, 1)), day_number(date(2027, 1, 3)))))
    plan = PolicyPlan((
        BranchPlan(schedule=True, holiday_off=True, workday=(Period(1380, 360),), restday=(Period(30, 360),)),
        BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=(Period(1380, 360),)),
        BranchPlan(standby=True, standby_ma=80, standby_s=120)))
    return MeterConfig(cal, plan.blocks())


def holds(fleet: Fleet, address: int, want: MeterConfig) -> bool:
    p = fleet.meters[address].params
    images = (calendar_values(want.calendar), *(schedule_values(b, want.schedules[b]) for b in range(3)))
    return all(p[k] == v for image in images for k, v in image.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meters", type=int, default=64)
    ap.add_argument("--baud", type=int, default=9600)
    args = ap.parse_args()

    want = config()
    fleet = Fleet(meters=args.meters, water=0, seed=11, start_clock=START_CLOCK, physics=False)
    line = VirtualLine(fleet, baud=args.baud, line_rate=True, speed=0)
    line.start()
    bus = Bus(line.client_path, baud=args.baud, password=1946, billing_interval_s=3600.0)
    for address in range(1, args.meters + 1):
        bus.add_meter(address, "ddsy")
    bus.start()
    try:
        deadline = time.monotonic() + 120
        while bus.stats().rounds < 1 and time.monotonic() < deadline:
            time.sleep(0.05)     # a benchmark's observer: the first billing round runs before the push
        meters = [LineMeter(MeterRef("ddsy", a, a, 1, bus.url, a), want, True) for a in range(1, args.meters + 1)]
        trace = bus.port.start_trace(20 * args.meters + 100)
        c0 = bus.port.counters
        frames0, wire0 = c0.frames_out, c0.wire_s
        t0 = time.monotonic()
        LinePass(bus, meters, seconds=lambda: START_CLOCK + 60, batch=16, cancelled=lambda: False,
                 settle=lambda done: None).run()
        push_s = time.monotonic() - t0
        c1 = bus.port.counters
        wire_s = c1.wire_s - wire0
        frames = [f for f in trace.frames() if f.direction == "out" and f.at >= t0]
        with line.fleet_lock:
            verified = sum(1 for m in meters if m.state == "sync" and m.ok == set(BLOCKS)
                           and holds(fleet, m.ref.address, want))
        errors = bus.stats().errors
    finally:
        bus.stop()
        line.stop()
    per_line = CAMPUS_METERS / CAMPUS_LINES
    print(json.dumps({
        "bench": "policy", "meters": args.meters, "baud": args.baud,
        "push_s": round(push_s, 3), "wire_s": round(wire_s, 3), "push_ratio": round(push_s / wire_s, 3),
        "verified": verified, "frames": c1.frames_out - frames0,
        "broadcast_frames": sum(1 for f in frames if f.note == "broadcast"),
        "campus_estimate_s": round(push_s * per_line / args.meters, 1),
        "errors": errors,
    }))


if __name__ == "__main__":
    main()
