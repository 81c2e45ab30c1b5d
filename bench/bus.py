"""Bus worker benchmark: 64 simulated DDSY meters at 9600 baud with line-rate emulation.

Prints ONE JSON line (ratios are to a floor measured in the same run; <= target meets it):

- ``round_s``: mean duration of a billing round (one 48-register read of every meter),
  back-to-back rounds, no live polls;
- ``wire_s``: mean wire time of those rounds, computed from the bytes sent and received at the
  line's baud rate plus the 3.5-character gaps (what the line could not go faster than);
- ``round_ratio`` = round_s / wire_s (target <= 1.10);
- ``command_latency_ms``: mean time from queuing a relay command during polling to its reply
  (target <= one billing transaction + 20 ms; ``billing_txn_ms`` is that transaction's time);
- ``dead4_inflation``: mean round with 4 dead meters (offline, probed with backoff) / without
  (target <= 1.10); ``dead4_inflation_per_poll`` divides each by the meters it polled;
- ``cpu_ms_per_txn``: CPU time of the bus worker thread per transaction (billing polls of the
  rounds above), measured as that thread's own time (``time.thread_time``, user + system, so
  its system calls and wake-ups count and the simulator's thread, which shares the process,
  does not);
- ``minimalmodbus_cpu_ms_per_txn``: what minimalmodbus alone costs for the same request, the
  48-register measurement read of a DDSY: a plain ``minimalmodbus.Instrument`` whose serial
  object is an in-memory fake answering the simulator's reply to that very request, timed by
  ``time.thread_time`` in this thread before the line and the bus start (nothing else runs).
  The fake line needs no silence, so minimalmodbus's silent-period sleep is skipped: its
  wake-up is not the library's work and would make the reference dearer (the ratio easier);
- ``cpu_overhead_ratio`` = cpu_ms_per_txn / minimalmodbus_cpu_ms_per_txn (target <= 2.5);
- ``minimalmodbus_core_cpu_ms_per_txn``: the same for minimalmodbus's transaction core alone
  (``Instrument._perform_command``: request framing, CRC, the reply's checks), which is what the
  drivers' span reads call: ``read_registers`` spends most of its time converting each register,
  which the profile's compiled layout does in one struct call. ``cpu_core_ratio`` =
  cpu_ms_per_txn / that (what the runtime costs around the part of the library it uses);
- ``lxsy_*``: the same three figures for a line of LXSY water meters (8-register reads), in a
  short phase of their own; a short read makes the wake-ups every transaction needs on a real
  line (the inter-frame silence, the reply's start, its end) weigh more than the decoding.

Run: ``.venv/bin/python bench/bus.py [--meters 64] [--water 16] [--baud 9600] [--rounds 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import minimalmodbus  # noqa: E402

from drivers import rtu  # noqa: E402
from drivers.bus import Bus  # noqa: E402
from drivers.bus_listener import BusListener  # noqa: E402
from drivers.bus_queue import Priority  # noqa: E402
from drivers.ddsy_records import ForceMode  # noqa: E402
from drivers.profiles import DDSY1946A13, LXSY20, Block  # noqa: E402
from drivers.sim.fleet import Fleet  # noqa: E402
from drivers.sim.line import VirtualLine  # noqa: E402


class _Offline(BusListener):
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.offline: set[int] = set()

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        with self.cond:
            (self.offline.discard if online else self.offline.add)(address)
            self.cond.notify_all()


class _InstantPort:
    """An in-memory serial port answering each known request with its precomputed reply."""

    port = "bench-fake"
    baudrate = 9600
    timeout = 0.1
    is_open = True

    def __init__(self, replies: dict[bytes, bytes]) -> None:
        self._replies = replies
        self._pending = b""

    def write(self, data: bytes) -> int:
        self._pending = self._replies.get(bytes(data), b"")
        return len(data)

    def read(self, size: int = 1) -> bytes:
        reply, self._pending = self._pending[:size], self._pending[size:]
        return reply

    def reset_input_buffer(self) -> None:
        self._pending = b""

    def reset_output_buffer(self) -> None:
        pass

    def flush(self) -> None:
        pass

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass


def _minimalmodbus_ms(fleet: Fleet, address: int, block: Block, calls: int = 400, *,
                     core: bool = False) -> float:
    """CPU ms of one ``read_registers`` of ``block`` by minimalmodbus against an instant port
    (the median of five batches); ``core``: of its transaction core only (``_perform_command``,
    what ``read_registers`` calls before converting the registers)."""
    request = rtu.frame(bytes((address, 3, block.start >> 8, block.start & 0xFF, 0, block.count)))
    reply = fleet.handle_frame(request)
    assert reply is not None, "the simulated meter did not answer"
    port = _InstantPort({request: reply})
    inst = minimalmodbus.Instrument(port, address)  # type: ignore[arg-type]
    words = inst.read_registers(block.start, block.count)
    assert len(words) == block.count
    payload = bytes((block.start >> 8, block.start & 0xFF, 0, block.count))
    batches = []
    for _ in range(5):
        t0 = time.thread_time()
        for _ in range(calls):
            minimalmodbus._latest_read_times.pop(port.port, None)  # no silent-period sleep
            if core:
                inst._perform_command(3, payload)
            else:
                inst.read_registers(block.start, block.count)
        batches.append(1000 * (time.thread_time() - t0) / calls)
    return statistics.median(batches)


def _lxsy_phase(args: argparse.Namespace, seconds: float = 6.0) -> tuple[float, int]:
    """CPU ms per transaction of a bus polling ``args.water`` LXSY meters back to back."""
    fleet = Fleet(meters=0, water=args.water, seed=12, physics=True)
    line = VirtualLine(fleet, baud=args.baud, line_rate=True)
    line.start()
    bus = Bus(line.client_path, baud=args.baud, billing_interval_s=0.0)
    for k in range(args.water):
        bus.add_meter(101 + k, "lxsy")
    bus.start()
    try:
        _rounds(bus, 1)  # warm-up
        s0 = bus.stats()
        time.sleep(seconds)  # a benchmark's window: the bus works, this thread only watches
        s1 = bus.stats()
    finally:
        bus.stop()
        line.stop()
    txns = s1.transactions - s0.transactions
    return 1000 * (s1.cpu_s - s0.cpu_s) / max(txns, 1), txns


def _rounds(bus: Bus, n: int) -> tuple[list[float], list[float]]:
    """Wait for ``n`` complete rounds after the current one; their durations and wire times."""
    durations: list[float] = []
    wires: list[float] = []
    seen = bus.stats().rounds + 1  # skip the round in progress
    deadline = time.monotonic() + 60 * n
    while len(durations) < n and time.monotonic() < deadline:
        stats = bus.stats()
        if stats.rounds > seen:
            seen = stats.rounds
            assert stats.last_round_s is not None and stats.last_round_wire_s is not None
            durations.append(stats.last_round_s)
            wires.append(stats.last_round_wire_s)
        time.sleep(0.05)  # a benchmark's observer: polling bus counters is the point
    return durations, wires


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meters", type=int, default=64)
    ap.add_argument("--baud", type=int, default=9600)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--commands", type=int, default=12)
    ap.add_argument("--water", type=int, default=16, help="LXSY meters of the water phase")
    args = ap.parse_args()

    probe_fleet = Fleet(meters=1, water=1, seed=11, physics=True)
    mm_ddsy_ms = _minimalmodbus_ms(probe_fleet, 1, DDSY1946A13.block("measurement"))
    mm_lxsy_ms = _minimalmodbus_ms(probe_fleet, 101, LXSY20.block("measurement"))
    mm_core_ms = _minimalmodbus_ms(probe_fleet, 1, DDSY1946A13.block("measurement"), core=True)

    fleet = Fleet(meters=args.meters, water=0, seed=11, physics=True)
    line = VirtualLine(fleet, baud=args.baud, line_rate=True)
    line.start()
    listener = _Offline()
    bus = Bus(line.client_path, baud=args.baud, listener=listener, billing_interval_s=0.0,
              password=1946, probe_backoff_s=5.0)
    for address in range(1, args.meters + 1):
        bus.add_meter(address, "ddsy")
    bus.start()
    try:
        command_meter = args.meters // 2
        bus.submit(command_meter, lambda d: d.unlock(), priority=Priority.CONFIG).result(30)
        _rounds(bus, 1)  # warm-up
        s0 = bus.stats()
        durations, wires = _rounds(bus, args.rounds)
        s1 = bus.stats()
        round_s = statistics.mean(durations)
        wire_s = statistics.mean(wires)
        txns = s1.transactions - s0.transactions
        cpu_ms = 1000 * (s1.cpu_s - s0.cpu_s) / max(txns, 1)

        latencies = []
        for k in range(args.commands):
            time.sleep(0.061 + 0.017 * (k % 7))  # land at different points of a poll
            t0 = time.monotonic()
            mode = ForceMode.OPEN if k % 2 == 0 else ForceMode.AUTO
            bus.set_forced_control(command_meter, 0, mode).result(10)
            latencies.append(time.monotonic() - t0)
        request, reply = 8, 5 + 2 * 48
        billing_txn_s = (rtu.wire_time_s(request + reply, args.baud) + 2 * rtu.gap_35_s(args.baud)
                         + fleet.reply_delay_s(1))

        dead = [a for a in (3, 17, 33, 49) if a < args.meters]
        for address in dead:
            line.faults.set_dead(address, True)
        with listener.cond:
            listener.cond.wait_for(lambda: set(dead) <= listener.offline, timeout=120)
        _rounds(bus, 1)
        dead_durations, _ = _rounds(bus, args.rounds)
        errors = bus.stats().errors
    finally:
        bus.stop()
        line.stop()
    lxsy_cpu_ms, lxsy_txns = _lxsy_phase(args) if args.water > 0 else (0.0, 0)
    result = {
        "bench": "bus",
        "meters": args.meters,
        "baud": args.baud,
        "round_s": round(round_s, 3),
        "wire_s": round(wire_s, 3),
        "round_ratio": round(round_s / wire_s, 3),
        "billing_txn_ms": round(1000 * billing_txn_s, 1),
        "command_latency_ms": round(1000 * statistics.mean(latencies), 1),
        "command_latency_max_ms": round(1000 * max(latencies), 1),
        "dead4_inflation": round(statistics.mean(dead_durations) / round_s, 3),
        "dead4_round_s": round(statistics.mean(dead_durations), 3),
        # The rounds above poll 4 meters fewer; per polled meter the cost of the probes shows.
        "dead4_inflation_per_poll": round(
            statistics.mean(dead_durations) / (args.meters - len(dead))
            / (round_s / args.meters), 3),
        "cpu_ms_per_txn": round(cpu_ms, 3),
        "minimalmodbus_cpu_ms_per_txn": round(mm_ddsy_ms, 3),
        "cpu_overhead_ratio": round(cpu_ms / mm_ddsy_ms, 3),
        "minimalmodbus_core_cpu_ms_per_txn": round(mm_core_ms, 3),
        "cpu_core_ratio": round(cpu_ms / mm_core_ms, 3),
        "lxsy_meters": args.water,
        "lxsy_txns": lxsy_txns,
        "lxsy_cpu_ms_per_txn": round(lxsy_cpu_ms, 3),
        "lxsy_minimalmodbus_cpu_ms_per_txn": round(mm_lxsy_ms, 3),
        "lxsy_cpu_overhead_ratio": round(lxsy_cpu_ms / mm_lxsy_ms, 3),
        "errors": errors,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
