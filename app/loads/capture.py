"""The technician's capture (spec §14) as short bus jobs: arm, wait for the meter to say ready, read the
three cycles, compute the features on the host.

Each step is its own job on the meter's bus (a bench dongle's or a room line's), so a capture that
waits for the technician to switch the appliance on never holds the line: polls and other meters'
commands run in between. `submit(fn)` runs ``fn(driver)`` on the meter's bus and returns a Future.

`open_bench` finds that bus for one meter: the bus worker of this process's runtime when it runs the
line, else a worker of its own on a line nobody runs (a bench adapter's), under the line's lease so no
runtime opens the port meanwhile. `enrol` saves a session's captures to the library as a new named
appliance.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

import numpy as np

from app.access import Actor, require
from app.errors import InvalidInput
from app.loads import store as library_store
from app.loads.features import STEP_MIN_W, FeatureError, Features, from_waveform
from app.loads.library import Capture, Library, LibraryError, Verdict
from db.engine import Store
from drivers.bus import Bus
from drivers.bus_queue import Priority
from drivers.ddsy import DdsyDriver
from drivers.ddsy_records import Waveform
from drivers.errors import MeterTimeout

log = logging.getLogger(__name__)

CAPTURE_IDLE, CAPTURE_ARMED, CAPTURE_READY = 0, 1, 2      # §14 0x0A01
JOB_TIMEOUT_S = 30.0


class CaptureCancelled(Exception):
    """The technician cancelled the capture (the meter was told to cancel too)."""


class CaptureTimedOut(Exception):
    """No switch-on came within the time given."""


@dataclass(frozen=True)
class CaptureResult:
    waveform: Waveform
    features: Features


def features_of(w: Waveform) -> Features:
    """§13 features of a §14 capture; FeatureError says what is wrong with it (no step, clipped)."""
    return from_waveform(list(w.voltage_dv), list(w.current_post_ma), list(w.current_pre_ma))


# A "step" under this share of what the branch already drew, with the current's shape unchanged, is a
# load that was on already changing its level (an induction cooker's regulation fires an armed capture
# by itself): not a switch-on, however many watts it moved.
ALREADY_ON_SHARE = 0.25
ALREADY_ON_LIKENESS = 0.98


def assess(w: Waveform) -> Features:
    """`features_of(w)`, and FeatureError too when the capture is of an appliance that was on already:
    the branch drew at least a switch-on's 20 W before the step, the step is under a quarter of that
    and the step current has the shape of the current before it."""
    f = features_of(w)
    v = np.asarray(w.voltage_dv, dtype=float) / 10.0
    pre = np.asarray(w.current_pre_ma, dtype=float) / 1000.0
    step = np.asarray(w.current_post_ma, dtype=float) / 1000.0 - pre
    before_w = float(np.mean(v * pre))
    if before_w >= STEP_MIN_W and f.dp < ALREADY_ON_SHARE * before_w:
        likeness = float(np.dot(step, pre) / (np.linalg.norm(step) * np.linalg.norm(pre) or 1.0))
        if likeness > ALREADY_ON_LIKENESS:
            raise FeatureError(f"no switch-on in the capture: the branch already drew {round(before_w)} W and the "
                               f"same load only changed by {f.dp} W: was the appliance already on when the capture "
                               "was armed? Switch it off, arm, then switch it on.")
    return f


class CaptureSession:
    """Captures on one bench meter's branch; `take` may be called again and again (repeat captures)."""

    def __init__(self, submit: Callable[[Callable[[Any], Any]], Future], *, poll_s: float = 0.3,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.submit = submit
        self.poll_s = poll_s
        self.sleep = sleep
        self.cancelled = threading.Event()

    def _run(self, fn: Callable[[Any], Any]) -> Any:
        """`fn` on the bench meter; a reply lost on the line is asked for once more (every step of a
        capture — arm, state, the cycles' reads, cancel — may be repeated without harm)."""
        try:
            return self.submit(fn).result(JOB_TIMEOUT_S)
        except MeterTimeout:
            log.info("the bench meter did not answer; asking once more")
            return self.submit(fn).result(JOB_TIMEOUT_S)

    def arm(self, branch: int) -> None:
        self.cancelled.clear()
        self._run(lambda d: d.arm_capture(branch))

    def cancel(self) -> None:
        self.cancelled.set()

    def wait_ready(self, timeout_s: float, on_ready: Callable[[], None] | None = None) -> Waveform:
        """Poll the meter's capture state until ready, then read the cycles; `on_ready()` is called
        between the two (the reads take a moment on a slow line)."""
        deadline = time.monotonic() + timeout_s
        while True:
            if self.cancelled.is_set():
                self._run(lambda d: d.cancel_capture())
                raise CaptureCancelled("capture cancelled")
            if self._run(lambda d: d.capture_state()) == CAPTURE_READY:
                if on_ready is not None:
                    on_ready()
                return self._run(lambda d: d.read_waveform())
            if time.monotonic() > deadline:
                self._run(lambda d: d.cancel_capture())
                raise CaptureTimedOut("no switch-on of 20 W or more came in time: is the appliance plugged into "
                                      "the right branch of the bench meter?")
            self.sleep(self.poll_s)

    def take(self, branch: int, timeout_s: float = 60.0, *, armed: bool = False) -> CaptureResult:
        """Arm (unless already armed), wait for the switch-on, read and compute. FeatureError when the
        capture is unusable (the reason says why)."""
        if not armed:
            self.arm(branch)
        wave = self.wait_ready(timeout_s)
        return CaptureResult(wave, features_of(wave))


# ----- the bench: which bus a capture's jobs go to --------------------------------------------------

BENCH_LEASE_TTL_S = 15.0
BENCH_CLOSE_S = 1.5


class BenchLine:
    """One meter on one line, for captures: `submit(fn)` runs ``fn(driver)`` on the line's bus;
    `close()` gives the line back (stops a worker of its own and releases its lease, or takes a meter
    it put on the runtime's bus off again). Made by `open_bench`; methods are thread-safe."""

    def __init__(self, bus: Bus, bus_id: int, address: int, *, own: bool = False, added: bool = False,
                 leases: Any = None) -> None:
        self.bus, self.bus_id, self.address = bus, bus_id, address
        self.own, self.added, self.leases = own, added, leases
        self.lost = False
        self._stop = threading.Event()
        self._keeper: threading.Thread | None = None
        if own and leases is not None:
            self._keeper = threading.Thread(target=self._keep_lease, name=f"capture lease {bus_id}", daemon=True)
            self._keeper.start()

    @property
    def key(self) -> tuple[int, int]:
        return self.bus_id, self.address

    def submit(self, fn: Callable[[Any], Any]) -> Future:
        if self.lost:
            raise InvalidInput("The line was taken over by another program during the capture; arm again.")
        return self.bus.submit(self.address, fn, priority=Priority.CONFIG, label="capture")

    def _keep_lease(self) -> None:
        while not self._stop.wait(BENCH_LEASE_TTL_S / 3):
            try:
                held = self.bus_id in self.leases.renew()
            except Exception:        # the store is away for a moment: the lease has 15 s
                log.warning("renewing the capture line's lease failed", exc_info=True)
                continue
            if not held:
                self.lost = True
                self.bus.stop(timeout=BENCH_CLOSE_S)
                return

    def close(self) -> None:
        self._stop.set()
        if self.own:
            self.bus.stop(timeout=BENCH_CLOSE_S)
            if self.leases is not None:
                try:
                    self.leases.release([self.bus_id])
                except Exception:    # it expires by itself
                    log.warning("releasing the capture line's lease failed", exc_info=True)
        elif self.added:
            self.bus.remove_meter(self.address)


def open_bench(store: Store, actor: Actor, bus_id: int, address: int, runtime: Any = None) -> BenchLine:
    """The capture line for the electricity meter at `address` on bus `bus_id`.

    A line `runtime` (this process's MeterRuntime) runs is used as it is: the capture's jobs queue
    among its polls (a meter not in the store is put on it until `close`). A line nobody runs is
    opened here under its lease. A line another program runs is refused, saying who. Does I/O: call it
    off the GUI thread."""
    from app.metering import commissioning
    from app.sync.change_log import new_origin
    from app.sync.leases import BusLeases

    require(actor, "signature.manage")
    if not 1 <= address <= 247:
        raise InvalidInput(f"A meter address is 1 to 247, not {address}.")
    line = commissioning.get_bus(store, bus_id)
    buses = getattr(runtime, "buses", None) or {}
    bus = buses.get(bus_id)
    if bus is not None:
        try:
            driver = bus.driver(address)
        except KeyError:
            bus.add_meter(address, "ddsy")
            return BenchLine(bus, bus_id, address, added=True)
        if not isinstance(driver, DdsyDriver):
            raise InvalidInput(f"Address {address} on line {line.name} is a water meter: a capture needs an "
                               "electricity meter.")
        return BenchLine(bus, bus_id, address)
    leases = BusLeases(store, new_origin("capture"), BENCH_LEASE_TTL_S)
    if (who := leases.take(bus_id)) is not None:
        raise InvalidInput(f"Line {line.name} is run by {who}: capture on a line this window runs, or on a "
                           "bench line nobody runs.")
    try:
        commissioning.try_port(line.port, line.baud, line.parity)
        own = Bus(line.port, baud=line.baud, parity=line.parity, password=commissioning.meter_password(store),
                  billing_interval_s=3600.0, clock_broadcast_s=None)
        own.add_meter(address, "ddsy")
        own.start()
    except BaseException:
        leases.release([bus_id])
        raise
    return BenchLine(own, bus_id, address, own=True, leases=leases)


# ----- the library --------------------------------------------------------------------------------

def current_library(store: Store) -> Library:
    """The library in force, or an empty one (version 0) when none was ever saved."""
    with store.read() as s:
        return library_store.current(s) or Library()


def enrol(store: Store, actor: Actor, base: Library, name: str, verdict: Verdict | str,
          captures: Iterable[Capture], *, category: str = "", brand_model: str = "", notes: str = "") -> Library:
    """Save `captures` (one physical device's) under `name` in `base` (the library as the technician
    loaded it): a new appliance, or — when the library has one of that name and verdict — another
    device of it (its details are kept). The store keeps it as version base.version + 1 and returns it.
    Refused (InvalidInput) without a capture, for a name the library has with the other verdict, and
    when somebody saved a library since `base` was read."""
    caps = tuple(captures)
    if not caps:
        raise InvalidInput("Take at least one capture of the appliance before saving it.")
    verdict = Verdict(verdict)
    known = base.by_name(name)
    try:
        if known is not None:
            if known.verdict is not verdict:
                if known.verdict is Verdict.BLOCK:
                    raise InvalidInput(f"The library has {known.name} as a blocked appliance: choose Block to add "
                                       "another device of it, or another name.")
                raise InvalidInput(f"The library has {known.name} as an allowed appliance: choose Allow to add "
                                   "another device of it, or another name.")
            lib, app = base.with_captures(known.ident, caps), known
            note = f"captured another device of {app.name}"
        else:
            lib, app = base.with_appliance(name, verdict, category=category.strip(), brand_model=brand_model.strip(),
                                           notes=notes.strip())
            lib = lib.with_captures(app.ident, caps)
            note = f"captured {app.name}"
    except LibraryError as exc:
        raise InvalidInput(str(exc)) from None
    lib = Library(base.version + 1, lib.appliances)
    library_store.save(store, actor, lib, note)
    return lib


__all__ = ["BenchLine", "CaptureCancelled", "CaptureResult", "CaptureSession", "CaptureTimedOut", "FeatureError",
           "assess", "current_library", "enrol", "features_of", "open_bench"]
