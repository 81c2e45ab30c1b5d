"""The bus worker: one thread owns one port or gateway and does all of its I/O.

A ``Bus`` polls every meter on its line and runs the commands it is given, in this order:
control (relays, linkage lock, trip reset) before purchase delivery before configuration before
event draining before polling. Commands return ``concurrent.futures.Future`` objects; results,
events and state changes go to a ``BusListener`` (called on the worker thread: a listener must
not block; the UI re-emits them on its own thread).

Polling classes: the billing poll reads every online meter once per ``billing_interval_s``
(a measurement snapshot for DDSY, the 8-register block for LXSY); the live poll reads the live
block of the meters given to ``set_live`` every ``live_interval_s``; the event watch (``event_watch_s``)
reads the events-pending register of every electricity meter that often, so a meter's switch-on
decision reaches the listener within about that time (see ``drivers.bus_schedule``). A meter is offline after
``offline_after`` consecutive failed jobs and is then only probed (one short read) with
exponential backoff, so a dead meter never slows the others' round by more than one probe per
backoff period. Commands for an offline meter (control, purchase, configuration, event draining)
are not sent: their futures fail at once with ``MeterOffline`` (nothing reached the meter), so a
queue of retries for dead meters costs the line nothing and a clerk hears "offline" at once.
Billing rounds start on a fixed grid of ``billing_interval_s`` (a late start does not push the
following rounds back). After an I/O error (adapter pulled, gateway gone) the port is closed,
reopened with backoff, and polling resumes by itself. Bad replies of any kind become typed errors that are
counted; the worker itself never dies of them.

Clocks (``meter_time`` given, see ``drivers.bus_clock``): the bus broadcasts the clock when it
starts and every ``clock_broadcast_s`` (None: never; then each meter is set on its own), and sets
one meter's clock when its billing snapshot shows the clock not set or more than 60 s off. Every
clock write is reported with ``BusListener.on_clock_set``. Without ``meter_time`` the bus leaves
the clocks alone.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from functools import partial
from typing import Any, TypeVar

from drivers.bus_clock import DAY_S, ClockKeeper, ClockSet
from drivers.bus_listener import BusListener
from drivers.bus_queue import Job, JobQueue, Priority
from drivers.bus_schedule import BILLING, LIVE, PROBE, WATCH, PollSchedule
from drivers.bus_stats import BusStats, MeterLink
from drivers.ddsy import DdsyDriver, broadcast_clock
from drivers.ddsy_records import (
    ForceMode,
    MeasurementSnapshot,
    PrepaidParameters,
    PurchaseOrder,
    PurchaseResult,
)
from drivers.errors import (
    MeterError,
    MeterException,
    MeterOffline,
    OperationTimeout,
    PortError,
    TransientError,
)
from drivers.lxsy import LxsyDriver, ValveState, WaterSnapshot, WaterStatus, valve_settled
from drivers.modbus_driver import ModbusDriver
from drivers.port import SharedPort

log = logging.getLogger(__name__)
T = TypeVar("T")
KINDS = ("ddsy", "lxsy")


class Bus:
    """The worker of one port or gateway (see the module docstring). Methods are thread-safe."""

    def __init__(self, url: str, *, baud: int = 9600, parity: str = "N",
                 listener: BusListener | None = None, billing_interval_s: float = 60.0,
                 live_interval_s: float = 1.0, offline_after: int = 3,
                 probe_backoff_s: float = 5.0, probe_backoff_max_s: float = 300.0,
                 port_backoff_s: float = 0.5, port_backoff_max_s: float = 5.0,
                 password: int | None = None, retries: int = 1, event_batch: int = 8,
                 valve_timeout_s: float = 15.0, meter_time: Callable[[], int] | None = None,
                 clock_broadcast_s: float | None = DAY_S, event_watch_s: float | None = None) -> None:
        self.url = url
        self.port = SharedPort(url, baud=baud, parity=parity)
        self.listener = listener or BusListener()
        self.schedule = PollSchedule(billing_interval_s=billing_interval_s,
                                     live_interval_s=live_interval_s,
                                     probe_backoff_s=probe_backoff_s,
                                     watch_interval_s=event_watch_s)
        self.offline_after = offline_after
        self.probe_backoff_s = probe_backoff_s
        self.probe_backoff_max_s = probe_backoff_max_s
        self.port_backoff_s = port_backoff_s
        self.port_backoff_max_s = port_backoff_max_s
        self.password = password
        self.retries = retries
        self.event_batch = event_batch
        self.valve_timeout_s = valve_timeout_s
        self.clock = (ClockKeeper(meter_time, broadcast_every_s=clock_broadcast_s)
                      if meter_time is not None else None)
        self._queue = JobQueue()
        self._cond = self._queue.cond
        self._drivers: dict[int, ModbusDriver] = {}
        self._links = self.schedule.links
        self._timers: list[tuple[float, int, Job]] = []
        self._timer_seq = itertools.count()
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._started_at = 0.0
        self._cpu_s = 0.0
        self._bus_errors: dict[str, int] = {}
        self._port_reopens = 0
        self._port_reported_open: bool | None = None
        self._polls: dict[str, Callable[[Any], None]] = {
            LIVE: self._poll_live, PROBE: self._probe, WATCH: self._poll_watch, BILLING: self._poll_billing}

    # -- configuration -----------------------------------------------------------------------
    def add_meter(self, address: int, kind: str = "ddsy") -> None:
        """Put a meter on the bus ("ddsy" or "lxsy"); it is identified before its first write."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        driver: ModbusDriver
        if kind == "ddsy":
            driver = DdsyDriver(self.port, address, password=self.password, retries=self.retries)
        else:
            driver = LxsyDriver(self.port, address, retries=self.retries)
        with self._cond:
            self._drivers[address] = driver
            self.schedule.add(address, kind)
            self._cond.notify_all()

    def remove_meter(self, address: int) -> None:
        with self._cond:
            self._drivers.pop(address, None)
            self.schedule.remove(address)
            if self.clock is not None:
                self.clock.forget(address)

    def set_password(self, password: int | None) -> None:
        """Use ``password`` to unlock the DDSY meters from now on (after a ``WrongPassword``, the
        drivers try unlocking again only with a new password)."""
        with self._cond:
            self.password = password
            for driver in self._drivers.values():
                if isinstance(driver, DdsyDriver):
                    driver.password = password

    def set_live(self, addresses: Iterable[int]) -> None:
        """Poll the live block of these DDSY meters every ``live_interval_s`` (replaces the set)."""
        now = time.monotonic()
        with self._cond:
            wanted = [a for a in addresses if isinstance(self._drivers.get(a), DdsyDriver)]
            self.schedule.set_live(wanted, now)
            self._cond.notify_all()

    def poll_now(self) -> None:
        """Start a billing round now (if none is running)."""
        with self._cond:
            self.schedule.start_round_now(time.monotonic())
            self._cond.notify_all()

    @property
    def billing_interval_s(self) -> float:
        return self.schedule.billing_interval_s

    @billing_interval_s.setter
    def billing_interval_s(self, value: float) -> None:
        with self._cond:
            self.schedule.billing_interval_s = value
            self._cond.notify_all()

    @property
    def live_interval_s(self) -> float:
        return self.schedule.live_interval_s

    def link(self, address: int) -> MeterLink:
        """A copy of the meter's link state."""
        with self._cond:
            link = self._links[address]
            return MeterLink(**vars(link))

    def driver(self, address: int) -> ModbusDriver:
        """The meter's driver: use it only inside a job submitted to this bus."""
        return self._drivers[address]

    # -- running -----------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker thread (it opens the port itself, retrying until it can)."""
        if self._thread is not None:
            raise RuntimeError("bus already started")
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=f"bus {self.url}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the worker, fail queued commands with ``PortError`` and close the port."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- commands ----------------------------------------------------------------------------
    def submit(self, address: int, operation: Callable[[Any], T], *,
               priority: Priority = Priority.CONFIG, label: str = "") -> Future[T]:
        """Run ``operation(driver)`` on the worker for the meter at ``address``."""
        if address not in self._drivers:
            raise KeyError(f"no meter {address} on {self.url}")
        future: Future[T] = Future()
        self._put(Job(priority, address, operation, label, future, time.monotonic()))
        return future

    def submit_broadcast(self, operation: Callable[[SharedPort], T], *,
                         priority: Priority = Priority.CONFIG, label: str = "") -> Future[T]:
        """Run ``operation(port)`` on the worker (for broadcast frames)."""
        future: Future[T] = Future()
        self._put(Job(priority, None, operation, label, future, time.monotonic()))
        return future

    def _put(self, job: Job) -> None:
        """Queue a job; once the bus is stopping it fails at once (no worker would ever run it, and a
        caller waiting on its future would wait for its whole timeout)."""
        with self._cond:
            if self._stopping:
                job.future.set_exception(PortError(f"bus {self.url} stopped"))
                return
            self._queue.put(job)

    def set_forced_control(self, address: int, branch: int, mode: ForceMode) -> Future[None]:
        return self.submit(address, lambda d: d.set_forced_control(branch, mode),
                           priority=Priority.CONTROL, label="force")

    def set_linkage_lock(self, address: int, locked: bool) -> Future[None]:
        return self.submit(address, lambda d: d.set_linkage_lock(locked),
                           priority=Priority.CONTROL, label="linkage")

    def write_prepaid(self, address: int, params: PrepaidParameters) -> Future[None]:
        return self.submit(address, lambda d: d.write_prepaid(params), priority=Priority.CONFIG, label="prepaid")

    def reset_trips(self, address: int, mask: int = 0x7) -> Future[None]:
        return self.submit(address, lambda d: d.reset_trips(mask),
                           priority=Priority.CONTROL, label="reset")

    def deliver_purchase(self, address: int, order: PurchaseOrder, *,
                         sequence: int | None = None) -> Future[PurchaseResult]:
        """Deliver ``order`` exactly once (``DdsyDriver.deliver_purchase``)."""
        return self.submit(address, lambda d: d.deliver_purchase(order, sequence=sequence),
                           priority=Priority.PURCHASE, label="purchase")

    def set_clock_all(self, seconds: int) -> Future[None]:
        """Broadcast the clock to every meter on the line (DDSY and LXSY)."""
        return self.submit_broadcast(lambda port: broadcast_clock(port, seconds), label="clock")

    def set_valve(self, address: int, open_: bool) -> Future[ValveState]:
        """Command a water valve; the future resolves when the valve reports the target state.

        The line is not held while the valve moves: its state is polled by short queued jobs.
        """
        future: Future[ValveState] = Future()
        target = ValveState.OPEN if open_ else ValveState.CLOSED
        deadline = time.monotonic() + self.valve_timeout_s

        def check(driver: LxsyDriver) -> None:
            state = driver.valve_state()
            if valve_settled(state, target, address):
                future.set_result(state)
            elif time.monotonic() > deadline:
                raise OperationTimeout(f"valve still {state.name}", address=address)
            else:
                self._later(0.5, Job(Priority.CONFIG, address, check, "valve", future))

        def command(driver: LxsyDriver) -> None:
            driver.command_valve(open_)
            self._later(0.5, Job(Priority.CONFIG, address, check, "valve", future))

        # The job chain resolves the future itself, so it is marked running here (not cancellable).
        future.set_running_or_notify_cancel()
        self._queue.put(Job(Priority.CONTROL, address, command, "valve", future, time.monotonic(),
                            internal=True))
        return future

    def _later(self, delay_s: float, job: Job) -> None:
        """Queue ``job`` after ``delay_s`` (its future is resolved by the job itself)."""
        job.internal = True
        with self._cond:
            heapq.heappush(self._timers, (time.monotonic() + delay_s, next(self._timer_seq), job))
            self._cond.notify_all()

    # -- statistics --------------------------------------------------------------------------
    def stats(self) -> BusStats:
        c = self.port.counters
        now = time.monotonic()
        with self._cond:
            elapsed = now - self._started_at if self._started_at else 0.0
            errors = dict(c.errors)
            for kind, n in self._bus_errors.items():
                errors[kind] = errors.get(kind, 0) + n
            online = sum(1 for link in self._links.values() if link.online)
            return BusStats(
                url=self.url, port_open=self.port.is_open, transactions=c.frames_out,
                bytes_out=c.bytes_out, bytes_in=c.bytes_in, errors=errors, wire_s=c.wire_s,
                elapsed_s=elapsed, wire_busy=c.wire_s / elapsed if elapsed > 0 else 0.0,
                rounds=self.schedule.rounds, last_round_s=self.schedule.last_round_s,
                last_round_wire_s=self.schedule.last_round_wire_s,
                last_round_polls=self.schedule.last_round_polls,
                cpu_s=self._cpu_s, online=online, offline=len(self._links) - online,
                port_reopens=self._port_reopens)

    # -- the worker --------------------------------------------------------------------------
    def _run(self) -> None:
        self._started_at = time.monotonic()
        cpu0 = time.thread_time()
        backoff = self.port_backoff_s
        try:
            while not self._stopping:
                if not self.port.is_open:
                    if self._port_reported_open:
                        self._report_port(False, "closed after an I/O error")
                    if self._open_port():
                        backoff = self.port_backoff_s
                    else:
                        self._fail_commands(PortError(f"{self.url} is not open"))
                        with self._cond:
                            self._cond.wait_for(lambda: self._stopping, timeout=backoff)
                        backoff = min(backoff * 2, self.port_backoff_max_s)
                    continue
                job = self._next_job()
                if job is not None:
                    self._execute(job)
                self._cpu_s = time.thread_time() - cpu0
        finally:
            self._fail_commands(PortError(f"bus {self.url} stopped"))
            self.port.close()
            self._cpu_s = time.thread_time() - cpu0

    def _open_port(self) -> bool:
        try:
            self.port.open()
        except PortError as exc:
            self._report_port(False, str(exc))
            return False
        if self._port_reported_open is not None:
            self._port_reopens += 1
        self._report_port(True, "")
        return True

    def _report_port(self, is_open: bool, detail: str) -> None:
        if self._port_reported_open == is_open:
            return
        self._port_reported_open = is_open
        self._notify("on_port_state", is_open, detail)

    def _fail_commands(self, exc: MeterError) -> None:
        jobs = self._queue.drain()
        with self._cond:
            jobs += [entry[2] for entry in self._timers]
            self._timers.clear()
        for job in jobs:
            if job.future is not None and not job.future.done():
                job.future.set_exception(exc)

    def _next_job(self) -> Job | None:
        with self._cond:
            while not self._stopping:
                now = time.monotonic()
                while self._timers and self._timers[0][0] <= now:
                    self._queue.put(heapq.heappop(self._timers)[2])
                self._queue_clock_broadcast(now)
                job = self._queue.pop()
                if job is not None:
                    return job
                job, wake = self._due_poll(now)
                if job is not None:
                    return job
                if self._timers:
                    wake = min(wake, self._timers[0][0])
                if self.clock is not None:
                    wake = min(wake, self.clock.next_broadcast_at)
                # Asleep until the next poll, timer or broadcast is due; every change that
                # could make one due sooner (a command, a meter, live set, stop) notifies.
                self._cond.wait(None if wake == math.inf else max(0.0, wake - now))
        return None

    def _due_poll(self, now: float) -> tuple[Job | None, float]:
        """The next poll that is due as a job, else (None, when the next one will be)."""
        due, wake = self.schedule.due(now, self.port.counters.wire_s)
        if due is None:
            return None, wake
        kind, address = due
        return Job(Priority.POLL, address, self._polls[kind], kind, internal=True), wake

    # -- jobs --------------------------------------------------------------------------------
    def _execute(self, job: Job) -> None:
        if job.future is not None and not job.internal and not job.future.set_running_or_notify_cancel():
            return
        target: Any = self.port if job.address is None else self._drivers.get(job.address)
        if target is None:
            self._resolve(job, exc=KeyError(f"meter {job.address} was removed"))
            return
        if self._offline_refuses(job):
            with self._cond:
                self._bus_errors["offline"] = self._bus_errors.get("offline", 0) + 1
            self._resolve(job, exc=MeterOffline(
                f"meter {job.address} is offline (not answering); {job.label or 'command'} not sent",
                address=job.address))
            return
        try:
            result = job.run(target)
        except PortError as exc:
            self.port.close()
            self._report_port(False, str(exc))
            self._resolve(job, exc=exc)
            return
        except MeterError as exc:
            self._job_failed(job, exc)
            self._resolve(job, exc=exc)
            return
        except Exception as exc:  # a bug or an unexpected reply must not kill the worker
            log.exception("bus %s: job %s failed", self.url, job.label)
            self._bus_errors["internal"] = self._bus_errors.get("internal", 0) + 1
            self._resolve(job, exc=exc)
            return
        if job.address is not None:
            self._link_ok(job.address)
        if not job.internal:
            self._resolve(job, result=result)

    def _resolve(self, job: Job, *, result: Any = None, exc: BaseException | None = None) -> None:
        fut = job.future
        if fut is None or fut.done():
            return
        if exc is not None:
            fut.set_exception(exc)
        else:
            fut.set_result(result)

    def _offline_refuses(self, job: Job) -> bool:
        """Whether ``job`` is a command for a meter that is offline (probes and polls are not)."""
        if job.address is None or job.priority >= Priority.POLL:
            return False
        link = self._links.get(job.address)
        return link is not None and not link.online

    def _link_ok(self, address: int) -> None:
        if self.schedule.link_ok(address, time.monotonic()):
            self._notify("on_online_changed", address, True)

    def _job_failed(self, job: Job, exc: MeterError) -> None:
        address = job.address
        if address is not None and address in self._links:
            if isinstance(exc, MeterException):
                self._link_ok(address)  # it answered: the meter is alive
            elif isinstance(exc, TransientError) or job.label == "probe":
                went = self.schedule.link_failed(
                    address, time.monotonic(), str(exc), offline_after=self.offline_after,
                    first_backoff_s=self.probe_backoff_s, max_backoff_s=self.probe_backoff_max_s)
                if went:
                    self._notify("on_online_changed", address, False)
        if job.label != "probe":
            self._notify("on_error", address, exc)

    def _poll_billing(self, driver: ModbusDriver) -> None:
        snapshot = driver.read_measurement()  # type: ignore[attr-defined]
        self._notify("on_snapshot", snapshot)
        self._check_clock(driver.address, snapshot)
        pending = getattr(snapshot, "events_pending", None)
        if pending is not None:
            with self._cond:
                self.schedule.checked(driver.address, time.monotonic())
        self._maybe_drain(driver, pending or 0)

    def _poll_watch(self, driver: DdsyDriver) -> None:
        """The event watch: one register; a pending event is drained next (events before polls)."""
        self._maybe_drain(driver, driver.events_pending())

    # -- clocks (drivers.bus_clock) ----------------------------------------------------------
    def _queue_clock_broadcast(self, now: float) -> None:
        """Queue the clock broadcast when one is due (called with the lock held)."""
        if self.clock is None:
            return
        reason = self.clock.broadcast_due(now)
        if reason is not None:
            self._queue.put(Job(Priority.CONFIG, None, partial(self._broadcast_clock, reason),
                                "clock", internal=True))

    def _broadcast_clock(self, reason: str, port: SharedPort) -> None:
        assert self.clock is not None
        seconds = self.clock.meter_time()  # read when the frame goes out, not when queued
        broadcast_clock(port, seconds)
        self._notify("on_clock_set", ClockSet(None, seconds, reason))

    def _check_clock(self, address: int, snapshot: MeasurementSnapshot | WaterSnapshot) -> None:
        if self.clock is None:
            return
        if isinstance(snapshot, MeasurementSnapshot):
            not_set = snapshot.clock_not_set
        else:
            not_set = bool(snapshot.status & WaterStatus.CLOCK_NOT_SET)
        with self._cond:
            reason = self.clock.check(address, not_set=not_set,
                                      meter_clock_s=snapshot.meter_clock_s, now=time.monotonic())
            if reason is None or self._queue.has(
                    lambda j: j.address == address and j.label == "clock"):
                return
            self._queue.put(Job(Priority.CONFIG, address,
                                partial(self._set_clock, reason, snapshot.meter_clock_s), "clock",
                                internal=True))

    def _set_clock(self, reason: str, before: int, driver: DdsyDriver | LxsyDriver) -> None:
        assert self.clock is not None
        seconds = self.clock.meter_time()
        driver.set_clock(seconds)
        self._notify("on_clock_set", ClockSet(driver.address, seconds, reason, before))

    def _poll_live(self, driver: DdsyDriver) -> None:
        self._notify("on_live", driver.read_live())

    def _probe(self, driver: ModbusDriver) -> None:
        driver.probe()
        with self._cond:
            self.schedule.came_back(driver.address)

    def _maybe_drain(self, driver: ModbusDriver, pending: int) -> None:
        if pending <= 0 or not isinstance(driver, DdsyDriver):
            return
        address = driver.address
        if not self._queue.has(lambda j: j.address == address and j.label == "events"):
            self._queue.put(Job(Priority.EVENTS, address, self._drain_events, "events",
                                internal=True))

    def _drain_events(self, driver: DdsyDriver) -> None:
        # Report before acknowledging: a crash in between repeats an event, never loses one.
        for _ in range(self.event_batch):
            pending, event = driver.read_event()
            if event is None:
                return
            # The listener stores the event; only when it returns normally is the event removed
            # from the meter. If it raises (the store is locked, say), the event stays on the
            # meter and is read again at the next drain: exactly once in the store, never lost.
            try:
                self.listener.on_event(self.url, event)
            except Exception:
                log.exception("bus %s: event %s of meter %s not taken; left on the meter", self.url,
                              event.sequence, driver.address)
                return
            driver.acknowledge_event(event.sequence)
            pending -= 1
        if pending > 0:
            self._maybe_drain(driver, pending)

    def _notify(self, method: str, *args: Any) -> None:
        try:
            getattr(self.listener, method)(self.url, *args)
        except Exception:  # a listener's bug must not stop the line
            log.exception("bus %s: listener %s failed", self.url, method)
