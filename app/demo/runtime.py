"""The live demo: simulated meters behind the demo store's buses, and the meter service on them.

`start_demo_meters(store)` starts ONE simulator subprocess (``python -m app.demo.runtime``) that
serves every enabled bus of a demo store as a transparent RTU-over-TCP gateway on the bus's own
``socket://127.0.0.1:PORT`` (one `drivers.sim.server.TcpGateway` and `Fleet` per bus: electricity
meters at the store's addresses 1..48, water meters at 101..148), waits until every port accepts
connections, commissions the meters through the outbox and returns a started `MeterRuntime`.

What a caller may rely on:
- The simulated meters resume where the store left them: energy registers and free energy from the
  billing cursor (else the newest reading), the purchase count from the last delivered purchase,
  the prepaid parameters of the tariff in force, and the ledger's electricity balance. Then one
  kind-3 purchase (set balance = the ledger's electricity balance) per meter goes into the outbox
  before the service starts, so the meters are commissioned the way a replaced meter would be.
  A room draws no power until its set-balance record has landed: consumption before it would be
  billed by the store yet wiped on the meter by the set-balance, and would show as a ledger/meter
  difference. Ledger and meters therefore agree from the first reading.
- At most `max_buses` buses are simulated (default 24, 1,152 rooms: one process with a serving
  thread per bus stays light); the store's buses beyond that are set disabled (logged) so the
  service does not try ports nobody serves.
- The subprocess ends when the service stops (`stop()` is wrapped), at interpreter exit (atexit),
  and by itself when this process dies (it exits at the end of its stdin, which only this process
  holds): it is never left running.
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sqlalchemy import func, select, update

from app import clock
from app.access import Actor
from app.metering import commissioning
from app.metering.runtime.duties import ALARM1_FEN, ALARM2_FEN
from app.metering.runtime.runtime import OFFICE_EVENT_WATCH_S, MeterRuntime
from app.metering.tariffs import price_at
from db.engine import Store
from db.models import Account, BillingCursor, ElectricityMeter, ElectricityReading, Purchase, WaterMeter
from db.models import Bus as BusRow

log = logging.getLogger(__name__)

BUS_PASSWORD = 1946
MAX_BUSES = 24
READY_TIMEOUT_S = 30.0
SET_BALANCE = 3            # purchase kind: set the meter's balance (commissioning)


@dataclass
class _BusPlan:
    host: str
    port: int
    seed: int
    meters: int = 0                      # highest electricity address (1..meters)
    water: int = 0                       # number of water addresses from 101
    state: dict[int, dict] = field(default_factory=dict)   # address -> resume state


class DemoSimulator:
    """The simulator subprocess. `stop()` is idempotent and waits for the process to end."""

    def __init__(self, proc: subprocess.Popen, ports: list[int]) -> None:
        self.proc = proc
        self.ports = ports
        self._lock = threading.Lock()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            if self.proc.stdin is not None and not self.proc.stdin.closed:
                try:
                    self.proc.stdin.close()          # the lifeline: the child exits at EOF
                except OSError:
                    pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait(5)
            if self.proc.stdout is not None:
                self.proc.stdout.close()


class DemoRuntime(MeterRuntime):
    """A MeterRuntime whose `stop()` also ends the simulator subprocess."""

    simulator: DemoSimulator | None = None

    def stop(self) -> None:
        try:
            super().stop()
        finally:
            if self.simulator is not None:
                self.simulator.stop()


def start_demo_meters(store: Store, *, speed: float = 1.0, max_buses: int = MAX_BUSES,
                      billing_interval_s: float = 60.0, **runtime_options) -> MeterRuntime:
    """Serve the demo store's buses with simulated meters, commission them, start the service."""
    plans = _plan(store, max_buses)
    if not plans:
        raise ValueError("The store has no enabled bus on a local socket:// port to simulate.")
    sim = _spawn(plans, speed)
    try:
        _commission(store)
        runtime_options.setdefault("event_watch_s", OFFICE_EVENT_WATCH_S)
        svc = DemoRuntime(store, billing_interval_s=billing_interval_s,
                               bus_options={"password": BUS_PASSWORD}, **runtime_options)
        svc.simulator = sim
        svc.start()
    except BaseException:
        sim.stop()
        raise
    return svc


# ----- planning (in this process) -------------------------------------------------------------


def _plan(store: Store, max_buses: int) -> list[_BusPlan]:
    with store.read() as s:
        buses = s.execute(select(BusRow.id, BusRow.port).where(BusRow.enabled.is_(True))
                          .order_by(BusRow.id)).all()
    local = []
    for bus_id, url in buses:
        parts = urlsplit(url)
        if parts.scheme == "socket" and parts.hostname in ("127.0.0.1", "localhost") and parts.port:
            local.append((bus_id, parts.hostname, parts.port))
    if len(local) > max_buses:
        dropped = [bus_id for bus_id, _, _ in local[max_buses:]]
        with store.write() as s:
            s.execute(update(BusRow).where(BusRow.id.in_(dropped)).values(enabled=False))
        log.warning("demo: simulating the first %d buses; %d more were set disabled", max_buses, len(dropped))
        local = local[:max_buses]
    plans = {bus_id: _BusPlan(host, port, seed=i + 1) for i, (bus_id, host, port) in enumerate(local)}
    with store.read() as s:
        now = clock.now()
        price = price_at(s, "electricity", now)
        for bus_id, address in s.execute(select(WaterMeter.bus_id, WaterMeter.address).where(
                WaterMeter.bus_id.in_(list(plans)), WaterMeter.replaced_on.is_(None))):
            plan = plans[bus_id]
            plan.water = max(plan.water, address - 100)
        meters = s.execute(select(ElectricityMeter.id, ElectricityMeter.bus_id, ElectricityMeter.address,
                                  ElectricityMeter.room_id).where(
            ElectricityMeter.bus_id.in_(list(plans)), ElectricityMeter.replaced_on.is_(None))).all()
        cursors = {c.meter_id: c for c in s.execute(
            select(BillingCursor.meter_id, BillingCursor.last_register, BillingCursor.last_free)
            .where(BillingCursor.utility == "electricity"))}
        newest = (select(ElectricityReading.meter_id, func.max(ElectricityReading.taken_at).label("at"))
                  .group_by(ElectricityReading.meter_id).subquery())
        readings = {r.meter_id: r for r in s.execute(
            select(ElectricityReading.meter_id, ElectricityReading.incoming_cwh, ElectricityReading.branch0_cwh,
                   ElectricityReading.branch1_cwh, ElectricityReading.branch2_cwh, ElectricityReading.free_cwh)
            .join(newest, (newest.c.meter_id == ElectricityReading.meter_id)
                  & (newest.c.at == ElectricityReading.taken_at)))}
        last_seq: dict[int, int] = {}
        for mid, seq in s.execute(select(Purchase.meter_id, Purchase.sequence).where(
                Purchase.status == "delivered", Purchase.sequence.is_not(None)).order_by(Purchase.id)):
            last_seq[mid] = seq
        balances = dict(s.execute(select(Account.room_id, Account.balance_fen)
                                  .where(Account.utility == "electricity")).all())
    for m in meters:
        plan = plans[m.bus_id]
        plan.meters = max(plan.meters, m.address)
        reading, cursor = readings.get(m.id), cursors.get(m.id)
        branches = [0, 0, 0] if reading is None else [reading.branch0_cwh, reading.branch1_cwh, reading.branch2_cwh]
        incoming = cursor.last_register if cursor else (reading.incoming_cwh if reading else 0)
        free = cursor.last_free if cursor else (reading.free_cwh if reading else 0)
        plan.state[m.address] = {"incoming_cwh": incoming, "branch_cwh": branches, "free_cwh": free,
                                 "purchase_count": last_seq.get(m.id, 0),
                                 "balance_fen": balances.get(m.room_id, 0), "unit_price": price}
    return list(plans.values())


def _commission(store: Store) -> int:
    """One set-balance purchase per electricity meter on an enabled bus (the ledger's balance)."""
    return commissioning.commission_meters(store, Actor.system())


def _spawn(plans: list[_BusPlan], speed: float) -> DemoSimulator:
    config = {"speed": speed, "buses": [
        {"host": p.host, "port": p.port, "seed": p.seed, "meters": p.meters, "water": p.water,
         "state": {str(a): st for a, st in p.state.items()}} for p in plans]}
    # the folder holding the app package (the checkout; frozen, the bundle's own folder)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "app.demo.runtime"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=None, cwd=root, env=env, text=True)
    sim = DemoSimulator(proc, [p.port for p in plans])
    atexit.register(sim.stop)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(config) + "\n")
        proc.stdin.flush()
        line = _read_line(proc, READY_TIMEOUT_S)
        if not line.startswith("ready"):
            raise RuntimeError(f"The meter simulator did not start: {line.strip() or 'no output'}")
        deadline = time.monotonic() + READY_TIMEOUT_S
        for p in plans:
            _wait_port(p.host, p.port, deadline)
    except BaseException:
        sim.stop()
        raise
    return sim


def _read_line(proc: subprocess.Popen, timeout: float) -> str:
    out: list[str] = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return out[0] if out else ""


def _wait_port(host: str, port: int, deadline: float) -> None:
    while True:
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"The simulated bus on {host}:{port} does not accept connections.") from None
            time.sleep(0.05)


# ----- the simulator subprocess -------------------------------------------------------------------


class _UntilCommissioned:
    """Room physics that stays quiet until the meter holds a set-balance record (see module doc)."""

    def __init__(self, physics, meter) -> None:
        from drivers.sim.quiet_room import QuietRoom

        self._physics, self._meter, self._quiet, self._open = physics, meter, QuietRoom(), False

    def _live(self) -> bool:
        if not self._open:
            self._open = any(r.kind == SET_BALANCE for r in self._meter.prepaid.records)
        return self._open

    def second(self, t: int):
        return self._physics.second(t) if self._live() else self._quiet.second(t)

    def cycle(self, branch: int, t: float):
        return self._physics.cycle(branch, t) if self._live() else self._quiet.cycle(branch, t)


def _resume(meter, st: dict) -> None:
    """Put a fresh simulated meter in the state the store last knew of it."""
    p = meter.params
    p.update(prepaid_mode=1, unit_price=st["unit_price"] or p["unit_price"], alarm1_amount=ALARM1_FEN,
             alarm2_amount=ALARM2_FEN, overdraft_limit=0, prepaid_trip_mask=0x7)
    meter._apply_params()              # the sim's own hook from parameter registers to behaviour
    meter.incoming_energy_cwh = st["incoming_cwh"]
    for b, cwh in zip(meter.branches, st["branch_cwh"], strict=True):
        b.energy_cwh = cwh
    pre = meter.prepaid
    pre.free_energy_cwh, pre.purchase_count, pre.balance_fen = st["free_cwh"], st["purchase_count"], st["balance_fen"]
    pre.check_trip(meter.clock)
    meter._refresh()
    meter.physics = _UntilCommissioned(meter.physics, meter)


def serve(config: dict) -> int:
    """Run one gateway per bus in `config` until stdin ends; prints one "ready" line."""
    from drivers.sim.fleet import Fleet
    from drivers.sim.server import TcpGateway

    gateways = []
    try:
        for bus in config["buses"]:
            fleet = Fleet(meters=bus["meters"], water=bus["water"], seed=bus["seed"], physics=True)
            by_address = fleet.meters
            for address, st in bus["state"].items():
                _resume(by_address[int(address)], st)
            gw = TcpGateway(fleet, bus["host"], bus["port"], 9600, True, speed=config["speed"])
            gw.start()
            gateways.append(gw)
        print(f"ready: {len(gateways)} buses", flush=True)
        sys.stdin.read()               # until the parent closes it or dies
    except KeyboardInterrupt:          # Ctrl-C in the demo's terminal reaches us too
        return 0
    except OSError as exc:
        print(f"cannot start: {exc}", flush=True)
        return 1
    finally:
        for gw in gateways:
            gw.stop()
    return 0


if __name__ == "__main__":
    sys.exit(serve(json.loads(sys.stdin.readline())))
