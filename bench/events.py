"""How soon a meter's switch-on decision reaches the host: the bus's event watch on a 64-meter line.

    .venv/bin/python bench/events.py [--meters 64] [--baud 9600] [--watch 1.0] [--events 40]

64 simulated DDSY meters on a line-rate virtual line at 9600 baud, billing every 60 s as `serve`
does. An event (a switch-on decision) is put into a random meter's log at a random moment; the
figure is the time until the bus hands it to the listener (what the host's matcher then sees).
Prints one JSON line: latency p50 / p95 / max, the watch cycle (every meter's events-pending
register read once), and the floor: one 1-register read per meter (`watch_floor_s`: request 8
bytes + reply 7 bytes at 11 bits per character, the meter's reply delay and the 3.5-character gap
before the next request).

The floor is why the baud rate matters: at 9600 baud a 64-meter watch cycle is 64 × 31 ms ≈ 2.0 s
of wire and reply delay (10 ms, the simulator's default within §1's 5–20 ms), so a decision made
just after its meter was polled waits that long whatever the host does; at 19200 baud (§1 supports
it) the cycle is about 1.3 s. Run both: the README quotes both lines.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from drivers.bus import Bus  # noqa: E402
from drivers.bus_listener import BusListener  # noqa: E402
from drivers.ddsy_records import EventType  # noqa: E402
from drivers.rtu import gap_35_s  # noqa: E402
from drivers.sim.fleet import DDSY_REPLY_DELAY_S, Fleet  # noqa: E402
from drivers.sim.line import VirtualLine  # noqa: E402

START = 850_000_000


class Seen(BusListener):
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.at: dict[tuple[int, int], float] = {}

    def on_event(self, url: str, event) -> None:
        with self.cond:
            self.at[(event.address, event.time_s)] = time.monotonic()
            self.cond.notify_all()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meters", type=int, default=64)
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--watch", type=float, default=1.0, help="event watch interval, s")
    ap.add_argument("--events", type=int, default=40)
    args = ap.parse_args()
    fleet = Fleet(meters=args.meters, water=0, seed=3, start_clock=START, physics=False)
    line = VirtualLine(fleet, baud=args.baud, line_rate=True, speed=0)
    line.start()
    seen = Seen()
    bus = Bus(line.client_path, baud=args.baud, listener=seen, password=1946, billing_interval_s=60.0,
              event_watch_s=args.watch)
    for a in range(1, args.meters + 1):
        bus.add_meter(a, "ddsy")
    bus.start()
    rng = random.Random(4)
    lat = []
    try:
        time.sleep(3.0)      # past the first billing round's start: billing and watch share the line
        for n in range(args.events):
            time.sleep(rng.uniform(0.2, 1.5))
            address = rng.randint(1, args.meters)
            stamp = START + 10_000 + n
            with line.fleet_lock:
                fleet.meters[address].log.log(EventType.SWITCH_ON, 1, stamp, dp=1500, pf=999)
            t0 = time.monotonic()
            with seen.cond:
                if not seen.cond.wait_for(lambda a=address, s=stamp: (a, s) in seen.at, timeout=30):
                    raise SystemExit(f"event on meter {address} not read in 30 s")
                lat.append(seen.at[(address, stamp)] - t0)
        polls_before = bus.stats()
    finally:
        bus.stop()
        line.stop()
    char_s = 11 / args.baud
    floor = args.meters * ((8 + 7) * char_s + DDSY_REPLY_DELAY_S + gap_35_s(args.baud))
    lat.sort()
    print(json.dumps({
        "meters": args.meters, "baud": args.baud, "watch_s": args.watch, "events": len(lat),
        "latency_p50_s": round(statistics.median(lat), 3), "latency_p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3),
        "latency_max_s": round(lat[-1], 3), "watch_floor_s": round(floor, 3),
        "p95_to_floor": round(lat[int(0.95 * (len(lat) - 1))] / floor, 2),
        "billing_rounds": getattr(polls_before, "rounds", None),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
