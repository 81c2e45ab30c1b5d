"""The meter runtime: the buses one process owns, and everything that turns their reports into the
store and the store's wishes into commands on the wire. No Qt: the window, `python main.py serve`
and the tests run the same object.

Parts (each a module of this package): `meters` (where each meter is), `recorder` (readings,
events, online state into the store), `delivery_runner` + `delivery` (the outbox), `command_runner`
+ `commands` (meter commands as audited operations), `duties` (prices, free quota), `vocabulary`
(what the meters' numbers mean); `policy_sync` (app.policies.sync) keeps the meters' calendar and
schedules as the store wants them.

What a caller may rely on:
- `start()` opens a bus worker per enabled bus (or per id in `bus_ids`) and returns at once; a port
  that cannot be opened is retried by its worker and reported to the live listeners.
- It listens on the store's hub: a purchase queued anywhere is delivered without waiting for the
  next pass; a command is started as soon as it is committed; a water balance that changed at the
  counter sets the valve and the linkage lock at once.
- `stop()` is idempotent and never waits on a stopped bus for more than a short step.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from app import clock, events
from app.access import Actor
from app.care import training
from app.loads.watch import LoadWatch
from app.metering import commissioning
from app.metering.billing import Intent
from app.metering.billing_water import water_intents
from app.metering.runtime import commands
from app.metering.runtime import meters as meter_map
from app.metering.runtime.command_runner import CommandRunner
from app.metering.runtime.delivery_runner import DeliveryRunner
from app.metering.runtime.duties import Duties
from app.metering.runtime.line_share import LineView, LineWatch
from app.metering.runtime.meters import MeterRef
from app.metering.runtime.recorder import LiveListener, Recorder
from app.policies.sync import PolicySync
from db.engine import Store
from drivers.bus import Bus
from drivers.bus_clock import meter_seconds
from drivers.bus_queue import Priority

log = logging.getLogger(__name__)
COMMAND_SWEEP_S = 2.0
OFFICE_EVENT_WATCH_S = 1.0   # serve, the window and the demo: every meter's events-pending read once a second
BUS_CLOSE_S = 1.5       # a lost lease's port is closed well within the keeper's margin (2 s)


class MeterRuntime:
    def __init__(self, store: Store, *, bus_ids: Iterable[int] | None = None, billing_interval_s: float = 60.0,
                 live_interval_s: float = 1.0, bus_factory: Callable[..., Bus] = Bus,
                 bus_options: dict[str, Any] | None = None, delivery_interval_s: float = 5.0,
                 now: Callable[[], datetime] = clock.now, event_watch_s: float | None = None) -> None:
        self.store = store
        self.event_watch_s = event_watch_s     # the buses read every meter's events-pending this often
        self.bus_ids = None if bus_ids is None else set(bus_ids)
        self.billing_interval_s = billing_interval_s
        self.live_interval_s = live_interval_s
        self.bus_factory = bus_factory
        self.bus_options = bus_options or {}
        self.delivery_interval_s = delivery_interval_s
        self.now = now
        self.buses: dict[int, Bus] = {}                  # bus id -> worker
        self.meters = meter_map.MeterMap()
        self._stop = threading.Event()
        self._wake_delivery = threading.Event()
        self._wake_commands = threading.Event()
        self._threads: list[threading.Thread] = []
        self._unsubscribe: list[Callable[[], None]] = []
        self.recorder = Recorder(store, self.meters, now=now, billing_interval_s=billing_interval_s,
                                 carry_out=self.carry_out, back_online=self._wake_delivery.set,
                                 policy_flag=lambda mid, why: self.policy_sync.flag(mid, why),
                                 switch_on=lambda item: self.load_watch.submit(item))
        self.load_watch = LoadWatch(store)
        reachable = self.recorder.reachable
        self.policy_sync = PolicySync(store, self.meters, self.buses, now=now, reachable=reachable)
        self.duties = Duties(store, self.meters, self.buses, now=now, quota_ran=self._wake_delivery.set,
                             reachable=reachable)
        self.delivery = DeliveryRunner(store, self.meters, self.buses, self._stop, reachable)
        self.commands = CommandRunner(store, self.meters, self.buses, now=now)
        self._loaded = False
        self._stopped = False
        self._bus_lock = threading.Lock()
        self._live_sources: dict[str, set[int]] = {}
        self._setup: dict[int, tuple] = {}       # bus id -> the line settings and meters it was opened with
        self.lines = LineWatch(self)             # the line panel's figures and frame traces

    # ----- life cycle -------------------------------------------------------------------------

    def load(self) -> None:
        """Read this runtime's buses and meters from the store (`start` does it when needed)."""
        self.add_buses(self.bus_ids, start=False)
        self._loaded = True

    def add_buses(self, bus_ids: Iterable[int] | None, *, start: bool = True) -> list[int]:
        """Take on these enabled buses (None: every enabled bus) not run yet; returns the ids added.
        With `start`, their workers start at once (a lease was gained while running)."""
        wanted = None if bus_ids is None else set(bus_ids) - set(self.buses)
        if wanted is not None and not wanted:
            return []
        configs, found = meter_map.load(self.store, wanted)
        configs = training.refuse_real_lines(self.store, configs)     # a training store opens no real line
        options = dict(self.bus_options)
        options.setdefault("meter_time", lambda: meter_seconds(clock.local(self.now())))
        options.setdefault("event_watch_s", self.event_watch_s)
        if "password" not in options:
            options["password"] = commissioning.meter_password(self.store)
        added = []
        with self._bus_lock:
            for b in configs:
                if b.id in self.buses:
                    continue
                for ref in found.all():
                    if ref.bus_id == b.id:
                        self.meters.add(ref)
                bus = self.bus_factory(b.port, baud=b.baud, parity=b.parity, listener=self.recorder,
                                       billing_interval_s=self.billing_interval_s,
                                       live_interval_s=self.live_interval_s, **options)
                for ref in found.all():
                    if ref.bus_id == b.id:
                        bus.add_meter(ref.address, ref.kind)
                self.buses[b.id] = bus
                self._setup[b.id] = _setup([b], found, b.id)
                added.append(b.id)
                if start:
                    bus.start()
        if added:
            log.info("running buses %s (%d meters)", added, len(self.meters))
            self._wake_delivery.set()
            self._wake_commands.set()
        return added

    def remove_buses(self, bus_ids: Iterable[int]) -> None:
        """Stop these buses' workers and forget their meters (a lease was lost or released)."""
        with self._bus_lock:
            for bid in bus_ids:
                bus = self.buses.pop(bid, None)
                self._setup.pop(bid, None)
                if bus is not None:
                    bus.stop(timeout=BUS_CLOSE_S)
                    for ref in self.meters.all():
                        if ref.bus_id == bid:
                            self.recorder.forget(ref)
                    self.meters.remove_bus(bid)
                    log.info("stopped bus %s (%s)", bid, bus.url)

    def start(self) -> None:
        if not self._loaded:
            self.load()
        hub = events.hub(self.store)
        self._unsubscribe = [
            hub.subscribe(lambda e: self._wake_delivery.set(), "purchase_state_changed"),
            hub.subscribe(self._on_command, "meter_command"),
            hub.subscribe(self._on_money, "money_moved"),
            hub.subscribe(self._on_buses_changed, "buses_changed"),
        ]
        self.recorder.start()
        self.load_watch.start()
        for target, name in ((self._delivery_loop, "purchase-delivery"), (self._command_loop, "meter-commands")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        for bus in list(self.buses.values()):
            bus.start()
        self.policy_sync.start()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._stop.set()
        self._wake_delivery.set()
        self._wake_commands.set()
        self.policy_sync.stop()
        for bus in list(self.buses.values()):
            bus.stop()
        for t in self._threads:
            t.join(timeout=10)
        self._threads.clear()
        self.recorder.stop()
        self.load_watch.stop()
        self.delivery.stop()
        self.commands.stop()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every reading handed over so far is stored (tests and shutdown)."""
        return self.recorder.flush(timeout)

    # ----- what the window asks -----------------------------------------------------------------

    @property
    def live(self):
        return self.recorder.live

    @property
    def listeners(self) -> list[LiveListener]:
        return self.recorder.listeners

    def bus(self, url: str) -> Bus:
        """The worker of the bus on `url` (KeyError if this runtime does not own it)."""
        for bus in self.buses.values():
            if bus.url == url:
                return bus
        raise KeyError(url)

    def room_meter(self, room_id: int, kind: str = "ddsy") -> MeterRef:
        ref = self.meters.of_room(room_id, kind)
        if ref is None or ref.bus_id not in self.buses:
            raise KeyError(f"room {room_id} has no {kind} meter on a running bus")
        return ref

    def set_live_rooms(self, room_ids: set[int], source: str = "window") -> None:
        """Poll the live block of these rooms' meters every second. Each source (this process's window,
        the windows of other processes through live_share) sets its own rooms; the union is polled."""
        self._live_sources[source] = set(room_ids)
        wanted = set().union(*self._live_sources.values())
        per_bus: dict[int, list[int]] = {bid: [] for bid in list(self.buses)}
        for ref in self.meters.all("ddsy"):
            if ref.room_id in wanted and ref.bus_id in per_bus:
                per_bus[ref.bus_id].append(ref.address)
        for bid, addresses in per_bus.items():
            bus = self.buses.get(bid)
            if bus is not None:
                bus.set_live(addresses)

    def line_view(self, bus_id: int) -> LineView:
        """A line's figures and last frames (its trace on while looked at; KeyError if not run here)."""
        return self.lines.view(bus_id)

    def read_now(self, room_id: int) -> Future:
        ref = self.room_meter(room_id)
        return self.buses[ref.bus_id].submit(ref.address, lambda d: d.read_measurement(),
                                             priority=Priority.CONFIG, label="read")

    def push_prepaid(self, price: int | None = None) -> list[Future]:
        return self.duties.push_prepaid(price)

    def prepaid_pushed(self) -> bool:
        return self.duties.prepaid_pushed()

    def wake_delivery(self) -> None:
        self._wake_delivery.set()

    # ----- the store's wishes, on the wire ---------------------------------------------------------

    def carry_out(self, intents: tuple[Intent, ...]) -> None:
        """Billing's valve and linkage wishes, as system commands where the meter says otherwise."""
        for intent in intents:
            kind = "ddsy" if intent.action == "linkage" else "lxsy"
            ref = self.meters.meter(kind, intent.meter_id)
            if ref is None or ref.bus_id not in self.buses or ref.room_id is None:
                continue
            known = self.recorder.known
            if known.get((intent.action, intent.meter_id)) == intent.value:
                continue   # already so on the meter
            known[(intent.action, intent.meter_id)] = intent.value
            param = {"locked": intent.value} if intent.action == "linkage" else {"open": intent.value}
            try:
                commands.request(self.store, Actor.system(), room_id=ref.room_id, action=intent.action, **param)
            except Exception:
                known.pop((intent.action, intent.meter_id), None)
                log.exception("could not ask for %s on meter %s", intent.action, intent.meter_id)

    def _on_money(self, event: events.Event) -> None:
        if event.extra.get("source") == "billing":
            return       # billing's own intents were carried out with its readings
        rooms = {r for r in event.rooms if self.meters.of_room(r, "lxsy") or self.meters.of_room(r, "ddsy")}
        if not rooms:
            return
        try:
            with self.store.read() as s:
                intents = tuple(i for r in rooms for i in water_intents(s, r))
            self.carry_out(intents)
        except Exception:
            log.exception("water intents after a payment failed")

    def _on_buses_changed(self, event: events.Event) -> None:
        """A bus's line settings or the meter password changed (this process or another): running
        buses follow at once; a new or re-enabled bus comes through the lease keeper."""
        try:
            if event.extra.get("setting") == commissioning.METER_PASSWORD_SETTING:
                if "password" not in self.bus_options:
                    password = commissioning.meter_password(self.store)
                    for bus in list(self.buses.values()):
                        bus.set_password(password)
                return
            changed = []
            for bid in event.ids:
                bus = self.buses.get(bid)
                if bus is None:
                    continue
                configs, found = meter_map.load(self.store, [bid])
                if self._setup.get(bid) != _setup(configs, found):
                    changed.append(bid)
            if changed:
                self.remove_buses(changed)
                self.add_buses(changed)     # still enabled and leased: open with the new settings
        except Exception:
            log.exception("following a bus change failed")

    def _on_command(self, event: events.Event) -> None:
        if event.extra.get("bus") is None or event.extra.get("bus") in self.buses:
            self._wake_commands.set()

    # ----- threads ---------------------------------------------------------------------------------

    def _delivery_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.duties.run()
            except Exception:   # retried on the next pass
                log.exception("daily duties failed")
            try:
                self.delivery.deliver_pass()
            except Exception:   # the loop must survive a bad pass; the purchases stay pending
                log.exception("purchase delivery pass failed")
            self._wake_delivery.wait(self.delivery_interval_s)
            self._wake_delivery.clear()

    def _command_loop(self) -> None:
        while not self._stop.is_set():
            self._wake_commands.clear()
            try:
                self.commands.run_pending()
            except Exception:
                log.exception("starting meter commands failed")
            self._wake_commands.wait(COMMAND_SWEEP_S)


def _setup(configs, found: meter_map.MeterMap, bus_id: int | None = None) -> tuple | None:
    """A bus's line settings and meters, to tell whether it must be reopened."""
    config = next((c for c in configs if bus_id is None or c.id == bus_id), None)
    if config is None:
        return None
    meters = sorted((r.address, r.kind, r.meter_id, r.room_id) for r in found.all() if r.bus_id == config.id)
    return (config.port, config.baud, config.parity, tuple(meters))
