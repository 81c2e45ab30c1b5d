"""The meter service: runs a bus worker per configured bus and turns what they report into the store.

- Billing readings: every snapshot is stored at most once per meter per billing interval (its time
  is the start of the interval) and billed (app.metering.billing); the resulting valve and linkage intents
  go back to the meters.
- Live values: the newest live block per meter, in memory, for the window.
- Events: stored (idempotently) *before* the bus worker acknowledges them on the meter, so each
  event lands in the store exactly once even across a restart; trips raise alarms.
- Online/offline per meter; purchases in the outbox are delivered by a thread of their own.
No Qt: the window subscribes through `ServiceListener`, called on the service's threads.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from app import clock
from app.clock import campus_date
from app.metering import alarms
from app.metering.billing import (
    ElectricReading,
    Intent,
    WaterReadingIn,
)
from app.metering.billing_electricity import bill_electricity_many
from app.metering.billing_water import bill_water_many, water_intents
from app.metering.quota import run_quota
from app.metering.runtime.delivery import PurchaseDelivery
from app.metering.tariffs import price_at
from db.engine import Store
from db.models import Bus as BusRow
from db.models import ElectricityMeter, MeterEvent, WaterMeter
from drivers.bus import Bus
from drivers.bus_listener import BusListener
from drivers.bus_queue import Priority
from drivers.ddsy_records import (
    ForceMode,
    LiveBlock,
    MeasurementSnapshot,
    PrepaidParameters,
    PurchaseOrder,
    PurchaseRecord,
)
from drivers.ddsy_records import MeterEvent as WireEvent
from drivers.errors import MeterError, OperationTimeout
from drivers.lxsy import WaterSnapshot

log = logging.getLogger(__name__)

EVENT_ALARMS = {3: ("malignant_load", 3, "An illegal appliance was detected on branch {b}; the branch is off."),
                4: ("over_power", 2, "Over-power on branch {b}; the branch tripped."),
                5: ("standby_trip", 2, "The air conditioner was unplugged; branch {b} is off."),
                6: ("low_power_trip", 2, "Too much power during lights-off on branch {b}; it tripped."),
                13: ("lockout", 3, "Branch {b} is locked out after repeated trips; release it at the counter."),
                15: ("unlock_blocked", 2, "The meter blocked unlocking after wrong passwords.")}
BRANCH_NAMES = {0: "lighting", 1: "sockets", 2: "air conditioning", 0xFFFF: "meter"}
COMMAND_TIMEOUT_S = 30.0
STATUS_LINKAGE = 1 << 7


@dataclass(frozen=True)
class MeterRef:
    kind: str          # "ddsy" or "lxsy"
    meter_id: int
    room_id: int | None
    url: str
    address: int


class ServiceListener:
    """What the window hears (on the service's threads; re-emit on the GUI thread)."""

    def on_rooms_changed(self, room_ids: set[int]) -> None: ...
    def on_live(self, room_id: int, live: LiveBlock) -> None: ...
    def on_alarm(self, room_id: int | None, kind: str, message: str) -> None: ...
    def on_bus_state(self, url: str, is_open: bool, detail: str) -> None: ...


class MeterService(BusListener):
    def __init__(self, store: Store, *, billing_interval_s: float = 60.0, live_interval_s: float = 1.0,
                 bus_factory: Callable[..., Bus] = Bus, bus_options: dict[str, Any] | None = None,
                 delivery_interval_s: float = 5.0, clock: Callable[[], datetime] = clock.now) -> None:
        self.store = store
        self.billing_interval_s = billing_interval_s
        self.live_interval_s = live_interval_s
        self.bus_factory = bus_factory
        self.bus_options = bus_options or {}
        self.delivery_interval_s = delivery_interval_s
        self.clock = clock
        self.buses: dict[str, Bus] = {}
        self.refs: dict[tuple[str, int], MeterRef] = {}
        self._by_meter: dict[tuple[str, int], MeterRef] = {}
        self.live: dict[int, LiveBlock] = {}
        self.listeners: list[ServiceListener] = []
        self._writes: queue.Queue[tuple | None] = queue.Queue()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.delivery = PurchaseDelivery(store, self)
        self.errors: list[str] = []
        self._known: dict[tuple[str, int], bool] = {}   # last seen linkage lock / valve open, per meter
        self._delivery_pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="deliver")
        self._meter_params: dict[int, object] = {}       # meter -> parameters it holds ("pending": on the way)
        self._quota_day = None

    # ----- life cycle -------------------------------------------------------------------------

    def load(self) -> None:
        with self.store.read() as s:
            buses = s.scalars(select(BusRow).where(BusRow.enabled.is_(True)).order_by(BusRow.id)).all()
            for b in buses:
                bus = self.bus_factory(b.port, baud=b.baud, parity=b.parity, listener=self,
                                       billing_interval_s=self.billing_interval_s,
                                       live_interval_s=self.live_interval_s, **self.bus_options)
                self.buses[b.port] = bus
                for kind, model in (("ddsy", ElectricityMeter), ("lxsy", WaterMeter)):
                    for m in s.scalars(select(model).where(model.bus_id == b.id, model.replaced_on.is_(None))):
                        ref = MeterRef(kind, m.id, m.room_id, b.port, m.address)
                        self.refs[(b.port, m.address)] = ref
                        self._by_meter[(kind, m.id)] = ref
                        bus.add_meter(m.address, kind)

    def start(self) -> None:
        if not self.buses:
            self.load()
        for target, name in ((self._write_loop, "meter-store"), (self._delivery_loop, "purchase-delivery")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        for bus in self.buses.values():
            bus.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for bus in self.buses.values():
            bus.stop()
        self._writes.put(None)
        for t in self._threads:
            t.join(timeout=10)
        self._threads.clear()
        self._delivery_pool.shutdown(wait=True, cancel_futures=True)

    def flush(self, timeout: float = 10.0) -> None:
        """Wait until every reading handed over so far is stored (for tests and shutdown)."""
        done = threading.Event()
        self._writes.put(("flush", done))
        done.wait(timeout)

    # ----- the meters a room has ----------------------------------------------------------------

    def ref(self, kind: str, meter_id: int) -> MeterRef:
        return self._by_meter[(kind, meter_id)]

    def room_meter(self, room_id: int, kind: str = "ddsy") -> MeterRef:
        for ref in self.refs.values():
            if ref.room_id == room_id and ref.kind == kind:
                return ref
        raise KeyError(f"room {room_id} has no {kind} meter on a running bus")

    def set_live_rooms(self, room_ids: set[int]) -> None:
        """Poll the live block of these rooms' meters every second (the rooms on screen)."""
        per_bus: dict[str, list[int]] = {url: [] for url in self.buses}
        for ref in self.refs.values():
            if ref.kind == "ddsy" and ref.room_id in room_ids:
                per_bus[ref.url].append(ref.address)
        for url, addresses in per_bus.items():
            self.buses[url].set_live(addresses)

    # ----- commands (Futures; none blocks the caller) --------------------------------------------

    def _ddsy(self, room_id: int) -> tuple[Bus, int]:
        ref = self.room_meter(room_id, "ddsy")
        return self.buses[ref.url], ref.address

    def set_branch(self, room_id: int, branch: int, mode: ForceMode) -> Future:
        bus, address = self._ddsy(room_id)
        return bus.set_forced_control(address, branch, mode)

    def reset_trips(self, room_id: int, mask: int = 0x7) -> Future:
        bus, address = self._ddsy(room_id)
        return bus.reset_trips(address, mask)

    def set_linkage(self, room_id: int, locked: bool) -> Future:
        bus, address = self._ddsy(room_id)
        return bus.set_linkage_lock(address, locked)

    def set_valve(self, room_id: int, open_: bool) -> Future:
        ref = self.room_meter(room_id, "lxsy")
        return self.buses[ref.url].set_valve(ref.address, open_)

    def read_now(self, room_id: int) -> Future:
        bus, address = self._ddsy(room_id)
        return bus.submit(address, lambda d: d.read_measurement(), priority=Priority.CONFIG, label="read")

    def push_prepaid(self, *, price: int | None = None, alarm1_fen: int = 1000, alarm2_fen: int = 200,
                     overdraft_fen: int = 0) -> list[Future]:
        """Write the electricity price in force and the prepaid parameters to every electricity meter
        that does not have them yet (a meter that did not answer is tried again on the next pass).
        Returns the futures of the writes started now."""
        if price is None:
            with self.store.read() as s:
                price = price_at(s, "electricity", self.clock())
        params = PrepaidParameters(1, price, alarm1_fen, alarm2_fen, overdraft_fen, 0x7)
        out = []
        for ref in self.refs.values():
            if ref.kind != "ddsy" or self._meter_params.get(ref.meter_id) in (params, "pending"):
                continue
            self._meter_params[ref.meter_id] = "pending"
            fut = self.buses[ref.url].submit(ref.address, lambda d, p=params: d.write_prepaid(p),
                                             priority=Priority.CONFIG, label="prepaid")
            fut.add_done_callback(lambda f, mid=ref.meter_id, p=params: self._meter_params.__setitem__(
                mid, p if f.exception() is None else None))
            out.append(fut)
        return out

    def prepaid_pushed(self) -> bool:
        """Whether every electricity meter holds the prepaid parameters of the price in force."""
        with self.store.read() as s:
            price = price_at(s, "electricity", self.clock())
        return all(isinstance(p, PrepaidParameters) and p.unit_price_centifen == price
                   for p in (self._meter_params.get(r.meter_id) for r in self.refs.values() if r.kind == "ddsy"))

    def daily_duties(self) -> None:
        """Keep the meters' price equal to the tariff in force (a change, or a new price whose day has
        come, is pushed) and grant or expire free quota when a period turns. Cheap when nothing is due."""
        now = self.clock()
        with self.store.read() as s:
            price = price_at(s, "electricity", now)
        if price:
            self.push_prepaid(price=price)
        today = campus_date(now)
        if today != self._quota_day:
            run = run_quota(self.store, today)
            self._quota_day = today
            if run.granted or run.expired:
                log.info("free quota: %d granted, %d expired", run.granted, run.expired)
                self._wake.set()

    def room_money_changed(self, room_id: int) -> None:
        """A room's water balance changed at the counter: set the valve and linkage lock to match now,
        rather than at the next water reading."""
        with self.store.read() as s:
            intents = water_intents(s, room_id)
        self._carry_out(intents)

    def purchases_changed(self) -> None:
        """A purchase was added to the outbox: deliver without waiting for the next pass."""
        self._wake.set()

    # ----- PurchaseGateway (called on the delivery thread) -------------------------------------

    def _call(self, meter_id: int, fn, label: str):
        ref = self.ref("ddsy", meter_id)
        fut = self.buses[ref.url].submit(ref.address, fn, priority=Priority.PURCHASE, label=label)
        deadline = time.monotonic() + COMMAND_TIMEOUT_S
        while True:   # in short waits, so that stopping the service never waits for a stopped bus
            if self._stop.is_set():
                fut.cancel()
                raise OperationTimeout("the meter service is stopping", address=ref.address)
            try:
                return fut.result(timeout=0.2)
            except FutureTimeout:
                if time.monotonic() > deadline:
                    raise OperationTimeout(f"no answer within {COMMAND_TIMEOUT_S:.0f} s",
                                           address=ref.address) from None

    def purchase_count(self, meter_id: int) -> int:
        return self._call(meter_id, lambda d: d.read_purchase_count(), "purchase-count")

    def deliver(self, meter_id: int, order: PurchaseOrder, sequence: int):
        return self._call(meter_id, lambda d: d.deliver_purchase(order, sequence=sequence), "purchase")

    def purchase_records(self, meter_id: int) -> list[PurchaseRecord]:
        return self._call(meter_id, lambda d: d.read_purchase_records(), "purchase-records")

    def _deliver_all_buses(self) -> None:
        """One delivery pass, the buses in parallel (each bus is one line: its purchases go one at a
        time, but a campus of many buses should not wait for one line at a time)."""
        per_bus: dict[str, list[int]] = {}
        for ref in self.refs.values():
            if ref.kind == "ddsy":
                per_bus.setdefault(ref.url, []).append(ref.meter_id)
        if len(per_bus) <= 1:
            self.delivery.deliver_pending()
            return
        futures = [self._delivery_pool.submit(self.delivery.deliver_pending, meters=ids) for ids in per_bus.values()]
        for f in futures:
            f.result()

    def _delivery_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.daily_duties()
            except Exception:   # retried on the next pass
                log.exception("daily duties failed")
            try:
                self._deliver_all_buses()
            except Exception:   # the loop must survive a bad pass; the purchases stay pending
                log.exception("purchase delivery pass failed")
            self._wake.wait(self.delivery_interval_s)
            self._wake.clear()

    # ----- BusListener (called on bus worker threads) -------------------------------------------

    def _interval_start(self) -> datetime:
        now = self.clock().timestamp()
        return datetime.fromtimestamp(now - now % self.billing_interval_s, UTC)

    def on_snapshot(self, url: str, snapshot: MeasurementSnapshot | WaterSnapshot) -> None:
        ref = self.refs.get((url, snapshot.address))
        if ref is not None:
            self._writes.put(("reading", ref, snapshot, self._interval_start()))

    def on_live(self, url: str, live: LiveBlock) -> None:
        ref = self.refs.get((url, live.address))
        if ref is None:
            return
        self.live[ref.meter_id] = live
        for lst in self.listeners:
            lst.on_live(ref.room_id, live)

    def on_event(self, url: str, event: WireEvent) -> None:
        """Store the event before the worker acknowledges it; raising here keeps it on the meter."""
        ref = self.refs.get((url, event.address))
        if ref is None:
            return
        payload = {k: getattr(event, k) for k in event.__dataclass_fields__ if k != "address"}
        alarm = EVENT_ALARMS.get(event.type)
        try:
            with self.store.write() as s:
                with s.begin_nested():
                    s.add(MeterEvent(meter_id=ref.meter_id, seq=event.sequence, type=event.type,
                                     branch=None if event.branch == 0xFFFF else event.branch,
                                     meter_time=event.time_s, payload=payload))
                    s.flush()
                if alarm is not None:
                    kind, level, text = alarm
                    alarms.raise_alarm(s, kind, level=level, room_id=ref.room_id, meter_id=ref.meter_id,
                                       message=text.format(b=BRANCH_NAMES.get(event.branch, event.branch)),
                                       details=payload)
        except IntegrityError:
            return   # stored before a restart, not acknowledged then: acknowledge it now
        if alarm is not None:
            for lst in self.listeners:
                lst.on_alarm(ref.room_id, alarm[0], alarm[2])

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        ref = self.refs.get((url, address))
        if ref is not None:
            self._writes.put(("online", ref, online))

    def on_port_state(self, url: str, is_open: bool, detail: str) -> None:
        for lst in self.listeners:
            lst.on_bus_state(url, is_open, detail)

    def on_error(self, url: str, address: int | None, error: MeterError) -> None:
        log.debug("bus %s meter %s: %s", url, address, error)

    # ----- the store writer ----------------------------------------------------------------------

    def _write_loop(self) -> None:
        """Store what the buses reported, many readings per transaction (a billing pass of a whole
        campus arrives within seconds)."""
        while True:
            item = self._writes.get()
            batch = [item]
            while item is not None and len(batch) < 5000:
                try:
                    item = self._writes.get_nowait()
                except queue.Empty:
                    break
                batch.append(item)
            stop = batch[-1] is None
            items = [i for i in batch if i is not None]
            try:
                self._write_batch(items)
            except Exception as exc:   # logged; later readings are still stored
                log.exception("storing %d reports failed", len(items))
                self.errors.append(str(exc))
            if stop:
                return

    def _write_batch(self, items: list[tuple]) -> None:
        try:
            for item in items:
                if item[0] == "online":
                    self._write_online(*item[1:])
            readings = [i for i in items if i[0] == "reading"]
            if readings:
                self._write_readings(readings)
        finally:
            for item in items:
                if item[0] == "flush":
                    item[1].set()

    def _write_online(self, ref: MeterRef, online: bool) -> None:
        model = ElectricityMeter if ref.kind == "ddsy" else WaterMeter
        with self.store.write() as s:
            m = s.get(model, ref.meter_id)
            m.online = online
            if online:
                m.last_seen_at = self.clock()
            elif ref.kind == "ddsy":
                alarms.raise_alarm(s, "meter_offline", level=2, room_id=ref.room_id, meter_id=ref.meter_id,
                                   message="The electricity meter stopped answering.",
                                   open_key=f"offline-{ref.meter_id}")
        self._changed({ref.room_id})

    def _write_readings(self, items: list[tuple]) -> None:
        elec = [(ref, snap, at) for _, ref, snap, at in items if ref.kind == "ddsy"]
        water = [(ref, snap, at) for _, ref, snap, at in items if ref.kind == "lxsy"]
        intents: list[Intent] = []
        with self.store.write() as s:
            results = bill_electricity_many(s, [ElectricReading(
                ref.meter_id, at, snap.incoming_energy_cwh, tuple(b.energy_cwh for b in snap.branches),
                snap.balance_fen, snap.free_energy_cwh, snap.purchase_count, int(snap.status))
                for ref, snap, at in elec])
            for res in bill_water_many(s, [WaterReadingIn(ref.meter_id, at, snap.volume_l, int(snap.valve),
                                                          int(snap.status)) for ref, snap, at in water]):
                if res.stored:
                    intents.extend(res.intents)
            now = self.clock()
            em, wm = ElectricityMeter.__table__, WaterMeter.__table__
            if elec:
                s.execute(update(em).where(em.c.id == bindparam("mid")).values(
                    online=True, last_seen_at=now, status_word=bindparam("st"), branch0_state=bindparam("b0"),
                    branch1_state=bindparam("b1"), branch2_state=bindparam("b2")),
                    [dict(mid=ref.meter_id, st=int(snap.status), b0=int(snap.branches[0].state),
                          b1=int(snap.branches[1].state), b2=int(snap.branches[2].state)) for ref, snap, _ in elec])
            if water:
                s.execute(update(wm).where(wm.c.id == bindparam("mid")).values(
                    online=True, last_seen_at=now, valve_state=bindparam("vs")),
                    [dict(mid=ref.meter_id, vs=int(snap.valve)) for ref, snap, _ in water])
        for ref, snap, _ in elec:
            self._known[("linkage", ref.meter_id)] = bool(int(snap.status) & STATUS_LINKAGE)
        for ref, snap, _ in water:
            self._known[("valve", ref.meter_id)] = int(snap.valve) == 0
        self._carry_out(tuple(intents))
        stored = {ref.room_id for (ref, _, _), res in zip(elec, results, strict=True) if res.stored}
        self._changed(stored | {ref.room_id for ref, _, _ in water})

    def _carry_out(self, intents: tuple[Intent, ...]) -> None:
        for intent in intents:
            kind = "ddsy" if intent.action == "linkage" else "lxsy"
            ref = self._by_meter.get((kind, intent.meter_id))
            if ref is None or ref.url not in self.buses:
                continue
            if self._known.get((intent.action, intent.meter_id)) == intent.value:
                continue   # already so on the meter
            self._known[(intent.action, intent.meter_id)] = intent.value
            bus = self.buses[ref.url]
            if intent.action == "linkage":
                bus.set_linkage_lock(ref.address, intent.value)
            else:
                bus.set_valve(ref.address, intent.value)

    def _changed(self, rooms: set[int | None]) -> None:
        ids = {r for r in rooms if r is not None}
        for lst in self.listeners:
            lst.on_rooms_changed(ids)
