"""The recorder: what the buses report, into the store.

- Billing readings: every snapshot is stored at most once per meter per billing interval (its time
  is the start of the interval) and billed set-based (app.metering.billing_*); the valve and
  linkage intents that follow go to `carry_out`.
- Events are stored (idempotently) *before* the bus worker acknowledges them on the meter, so each
  event lands in the store exactly once even across a restart; trips raise alarms (vocabulary).
- Online/offline per meter; an electricity meter that stops answering raises an alarm.
- Live blocks are kept in memory (`live`) and handed to the live listeners; they never touch the
  store.
Everything that changed is staged on the hub (rooms_changed, money_moved, alarm_raised) and
published after its transaction commits. Readings and online changes are written by one thread of
its own, many per transaction: after the first report it gathers what comes within `LINGER_S` (a
transaction and its billing queries cost far more than one more row in them); `flush` and `stop` do
not wait for that. Events are written on the bus thread that drained them (the bus must not
acknowledge before the store has them).
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, update
from sqlalchemy.exc import IntegrityError

from app import audit, events
from app.access import Actor
from app.loads.watch import Examined, examined_from_row
from app.metering import alarms
from app.metering.billing import ElectricReading, Intent, WaterReadingIn
from app.metering.billing_electricity import bill_electricity_many
from app.metering.billing_water import bill_water_many
from app.metering.runtime import vocabulary
from app.metering.runtime.meters import MeterMap, MeterRef
from db import retry
from db.engine import Store
from db.models import ElectricityMeter, MeterEvent, WaterMeter
from drivers.bus_clock import ClockSet
from drivers.bus_listener import BusListener
from drivers.ddsy_records import EventType, LiveBlock, MeasurementSnapshot
from drivers.ddsy_records import MeterEvent as WireEvent
from drivers.errors import MeterError
from drivers.lxsy import ValveState, WaterSnapshot

log = logging.getLogger(__name__)
BATCH = 5000
LINGER_S = 0.5          # a campus's lines report hundreds of readings a second during a pass


@dataclass(frozen=True, slots=True)
class Reading:
    ref: MeterRef
    snapshot: MeasurementSnapshot | WaterSnapshot
    at: datetime                      # start of the billing interval it stands for


@dataclass(frozen=True, slots=True)
class OnlineChange:
    ref: MeterRef
    online: bool


@dataclass(frozen=True, slots=True)
class Flush:
    done: threading.Event


@dataclass(frozen=True, slots=True)
class Stop:
    pass


Item = Reading | OnlineChange | Flush | Stop


class LiveListener:
    """Who hears live values and port states (called on bus threads; must not block)."""

    def on_live(self, room_id: int | None, live: LiveBlock) -> None: ...
    def on_bus_state(self, url: str, is_open: bool, detail: str) -> None: ...


class Recorder(BusListener):
    def __init__(self, store: Store, meters: MeterMap, *, now: Callable[[], datetime],
                 billing_interval_s: float, carry_out: Callable[[tuple[Intent, ...]], None],
                 back_online: Callable[[], None] = lambda: None,
                 policy_flag: Callable[[int, str], None] = lambda _mid, _why: None,
                 switch_on: Callable[[Examined], None] = lambda _item: None) -> None:
        self.store = store
        self.meters = meters
        self.now = now
        self.billing_interval_s = billing_interval_s
        self.carry_out = carry_out
        self.back_online = back_online       # a meter answers again: what waited for it can go now
        self.policy_flag = policy_flag       # (meter id, why): verify its power configuration soon
        self.switch_on = switch_on           # a stored switch-on or malignant-load trip: the host's matcher
        self.live: dict[int, LiveBlock] = {}                 # meter id -> newest live block
        self.listeners: list[LiveListener] = []
        self.errors: list[str] = []
        # what the meters last said of the things billing may change: ("linkage", meter id) -> locked,
        # ("valve", meter id) -> open
        self.known: dict[tuple[str, int], bool] = {}
        # meters that answered since the start and have not gone offline since: only these are sent
        # purchases and parameters (a line of meters that never answered must not cost a timeout each).
        # Keyed by MeterRef.key: an electricity meter and a water meter can share an id.
        self._answering: set[tuple[str, int]] = set()
        self._items: queue.Queue[Item] = queue.Queue()
        self._hurry = threading.Event()         # flush or stop waits: store what is queued now
        self._thread: threading.Thread | None = None

    # ----- life cycle -------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._write_loop, name="meter-store", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        if self._thread is not None:
            self._items.put(Stop())
            self._hurry.set()
            self._thread.join(timeout)
            self._thread = None

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every report handed over so far is stored (tests, shutdown)."""
        done = threading.Event()
        self._items.put(Flush(done))
        self._hurry.set()
        return done.wait(timeout)

    # ----- which meters answer -------------------------------------------------------------------

    def reachable(self, ref: MeterRef) -> bool:
        """Whether this meter answered since the start and has not gone offline since."""
        return ref.key in self._answering

    def forget(self, ref: MeterRef) -> None:
        """Its line is no longer served here: it counts as not answering until it answers again."""
        self._answering.discard(ref.key)

    # ----- BusListener (bus worker threads) -------------------------------------------------------

    def interval_start(self) -> datetime:
        now = self.now().timestamp()
        return datetime.fromtimestamp(now - now % self.billing_interval_s, UTC)

    def on_snapshot(self, url: str, snapshot: MeasurementSnapshot | WaterSnapshot) -> None:
        ref = self.meters.at(url, snapshot.address)
        if ref is not None:
            self._items.put(Reading(ref, snapshot, self.interval_start()))
            if ref.key not in self._answering:
                self._answering.add(ref.key)
                self.back_online()
                if ref.kind == "ddsy":
                    self.policy_flag(ref.meter_id, "back_online")
            if ref.kind == "ddsy" and snapshot.clock_not_set:   # status bit 8: power was lost (§12)
                self.policy_flag(ref.meter_id, "clock_not_set")

    def on_live(self, url: str, live: LiveBlock) -> None:
        ref = self.meters.at(url, live.address)
        if ref is None:
            return
        self.live[ref.meter_id] = live
        for lst in self.listeners:
            lst.on_live(ref.room_id, live)

    def on_event(self, url: str, event: WireEvent) -> None:
        """Store the event before the worker acknowledges it; raising here keeps it on the meter."""
        ref = self.meters.at(url, event.address)
        if ref is None:
            return
        payload = {k: getattr(event, k) for k in event.__dataclass_fields__ if k != "address"}
        rule = vocabulary.event_alarm(event.type)
        try:
            with self.store.write() as s:
                with s.begin_nested():
                    row = MeterEvent(meter_id=ref.meter_id, seq=event.sequence, type=event.type,
                                     branch=None if event.branch == vocabulary.WHOLE_METER else event.branch,
                                     meter_time=event.time_s, payload=payload)
                    s.add(row)
                    s.flush()
                if rule is not None:
                    alarms.raise_alarm(s, rule.kind, level=rule.level, room_id=ref.room_id, meter_id=ref.meter_id,
                                       message=rule.message.format(b=vocabulary.branch_word(event.branch)),
                                       details=payload)
                events.stage(s, "rooms_changed", rooms={ref.room_id}, ids=[ref.meter_id])
                examined = examined_from_row(row, ref.room_id)
        except IntegrityError:
            return   # stored before a restart, not acknowledged then: acknowledge it now
        if examined is not None:
            self.switch_on(examined)           # committed: the matcher may record against it
        if event.type == EventType.POWER_UP and ref.kind == "ddsy":
            # the power loss's lasting trace: status bit 8 is gone once any clock write lands (a policy
            # pass begins with a broadcast), the event stays in the meter's log until taken (§12, §13)
            self.policy_flag(ref.meter_id, "power_up")

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        ref = self.meters.at(url, address)
        if ref is not None:
            self._items.put(OnlineChange(ref, online))
            if online:
                self._answering.add(ref.key)
                self.back_online()
                if ref.kind == "ddsy":
                    self.policy_flag(ref.meter_id, "back_online")
            else:
                self._answering.discard(ref.key)

    def on_clock_set(self, url: str, setting: ClockSet) -> None:
        """The bus set a clock: a broadcast is logged; a meter found unset or off is audited (a
        technician looks for meters whose clock keeps drifting)."""
        if setting.address is None:
            log.info("bus %s: clocks set by broadcast (%s)", url, setting.reason)
            return
        ref = self.meters.at(url, setting.address)
        if ref is None:
            return
        log.info("bus %s meter %s: clock set (%s, drift %s s)", url, setting.address, setting.reason,
                 setting.drift_s)
        try:
            with self.store.write() as s:
                audit.record(s, Actor.system(), "meter.clock_set", "meter", ref.meter_id, None,
                             {"kind": ref.kind, "room": ref.room_id, "reason": setting.reason,
                              "drift_s": setting.drift_s})
        except Exception:      # the clock is set; only its record is missing
            log.warning("recording a clock set failed", exc_info=True)

    def on_port_state(self, url: str, is_open: bool, detail: str) -> None:
        for lst in self.listeners:
            lst.on_bus_state(url, is_open, detail)

    def on_error(self, url: str, address: int | None, error: MeterError) -> None:
        log.debug("bus %s meter %s: %s", url, address, error)

    # ----- the store writer ----------------------------------------------------------------------

    def _write_loop(self) -> None:
        """Many reports per transaction: a billing pass of a whole campus arrives within seconds."""
        while True:
            batch = [self._items.get()]
            if not isinstance(batch[0], Flush | Stop):
                self._hurry.wait(LINGER_S)      # gather the reports that follow into this transaction
            self._hurry.clear()
            while not isinstance(batch[-1], Stop) and len(batch) < BATCH:
                try:
                    batch.append(self._items.get_nowait())
                except queue.Empty:
                    break
            try:
                # a transaction that lost a race with a workstation was rolled back whole: run it again
                retry.run(lambda b=batch: self._write_batch(b))
            except Exception as exc:   # logged; later reports are still stored
                log.exception("storing %d reports failed", len(batch))
                self.errors.append(str(exc))
            finally:
                for item in batch:
                    if isinstance(item, Flush):
                        item.done.set()
            if isinstance(batch[-1], Stop):
                return

    def _write_batch(self, items: list[Item]) -> None:
        for item in items:
            if isinstance(item, OnlineChange):
                self._write_online(item)
        readings = [i for i in items if isinstance(i, Reading)]
        if readings:
            self._write_readings(readings)

    def _write_online(self, item: OnlineChange) -> None:
        ref = item.ref
        model = ElectricityMeter if ref.kind == "ddsy" else WaterMeter
        with self.store.write() as s:
            m = s.get(model, ref.meter_id)
            m.online = item.online
            if item.online:
                m.last_seen_at = self.now()
            elif ref.kind == "ddsy":
                rule = vocabulary.METER_OFFLINE
                alarms.raise_alarm(s, rule.kind, level=rule.level, room_id=ref.room_id, meter_id=ref.meter_id,
                                   message=rule.message, open_key=f"offline-{ref.meter_id}")
            events.stage(s, "rooms_changed", rooms={ref.room_id}, ids=[ref.meter_id])

    def _write_readings(self, items: list[Reading]) -> None:
        elec = [i for i in items if i.ref.kind == "ddsy"]
        water = [i for i in items if i.ref.kind == "lxsy"]
        intents: list[Intent] = []
        with self.store.write() as s:
            results = bill_electricity_many(s, [ElectricReading(
                i.ref.meter_id, i.at, i.snapshot.incoming_energy_cwh, tuple(b.energy_cwh for b in i.snapshot.branches),
                i.snapshot.balance_fen, i.snapshot.free_energy_cwh, i.snapshot.purchase_count, int(i.snapshot.status))
                for i in elec])
            for res in bill_water_many(s, [WaterReadingIn(i.ref.meter_id, i.at, i.snapshot.volume_l,
                                                          int(i.snapshot.valve), int(i.snapshot.status))
                                           for i in water]):
                if res.stored:
                    intents.extend(res.intents)
            now = self.now()
            em, wm = ElectricityMeter.__table__, WaterMeter.__table__
            if elec:
                s.execute(update(em).where(em.c.id == bindparam("mid")).values(
                    online=True, last_seen_at=now, status_word=bindparam("st"), branch0_state=bindparam("b0"),
                    branch1_state=bindparam("b1"), branch2_state=bindparam("b2")),
                    [dict(mid=i.ref.meter_id, st=int(i.snapshot.status), b0=int(i.snapshot.branches[0].state),
                          b1=int(i.snapshot.branches[1].state), b2=int(i.snapshot.branches[2].state)) for i in elec])
            if water:
                s.execute(update(wm).where(wm.c.id == bindparam("mid")).values(
                    online=True, last_seen_at=now, valve_state=bindparam("vs")),
                    [dict(mid=i.ref.meter_id, vs=int(i.snapshot.valve)) for i in water])
            stored = {i.ref.room_id for i, res in zip(elec, results, strict=True) if res.stored}
            charged = {i.ref.room_id for i, res in zip(elec, results, strict=True) if res.charged_fen}
            events.stage(s, "rooms_changed", rooms=stored | {i.ref.room_id for i in water})
            if charged:
                events.stage(s, "money_moved", rooms=charged, source="billing")
        for i in elec:
            self.known[("linkage", i.ref.meter_id)] = vocabulary.linkage_locked(int(i.snapshot.status))
        for i in water:
            self.known[("valve", i.ref.meter_id)] = i.snapshot.valve == ValveState.OPEN
        self.carry_out(tuple(intents))
