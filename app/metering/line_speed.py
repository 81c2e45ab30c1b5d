"""Change a whole RS-485 line from one baud rate to another ("Change line speed…" on the Lines page).

Why: the host reads every meter's events-pending register in turn, and on 64 meters a cycle takes
2.0 s at 9600 baud but 1.3 s at 19200; malignant-load detection needs events within 2 s, so offices
move load-controlled lines to 19200.

A meter's speed is its baud code (DDSY §3 0x0011, protected: unlocked with the office's meter
password; LXSY 0x0011, not protected, parity fixed N), and a new code takes effect after the reply:
from then on the meter understands frames at its new rate only. A line whose meters run at two
speeds loses the ones the host does not talk to, so `change_line_speed` moves the line as a whole or
not at all, as far as the wire allows:

(a) every active meter the store has on the line must answer at the old speed (identity and line
    settings); one that does not is refused before anything is written (`SpeedCheckFailed` names
    the addresses: a meter left at the old speed would be lost);
(b) the new code is written to each meter at the old speed (a refused write stops the writing);
(c) the port is reopened at the new speed and every meter must answer at it; when one does not (or
    the writing stopped, was cancelled, or the lease was lost), every meter that answers at the new
    speed is put back (the old code is written at the new speed) and the line is checked at the old
    speed again, so it is never left split;
(d) only when every meter answers at the new speed is the store's line changed
    (commissioning.change_bus, audited there); the attempt itself is audited ("bus.speed") with each
    meter's outcome whenever something was written.

Like `commissioning.scan_line`, it requires "bus.change", holds the line's lease while it runs
(renewed as it goes, released at the end) so no window or `serve` polls the line meanwhile, refuses a
line one of them runs (`LineTaken`: disable the line first), and runs on the caller's thread: a
window calls it in a background task. No Qt here.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app import audit
from app.access import Actor, require
from app.errors import DormWattError, FieldInvalid, InvalidInput, StoreError
from app.metering.commissioning import (
    BAUDS,
    Assignment,
    BusSummary,
    LineTaken,
    assignments,
    change_bus,
    get_bus,
    meter_password,
    try_port,
)
from db.engine import Store
from drivers.ddsy import DdsyDriver
from drivers.ddsy_records import LineSettings
from drivers.errors import (
    MeterError,
    MeterException,
    PortError,
    ProfileMismatch,
    TransientError,
    UnlockBlocked,
    WrongPassword,
)
from drivers.lxsy import LxsyDriver
from drivers.modbus_driver import ModbusDriver
from drivers.port import SharedPort

BAUD_CODES = {baud: code for code, baud in enumerate(BAUDS)}    # spec §3: 0 = 2400 … 3 = 19200
LEASE_TTL_S = 15.0


@dataclass(frozen=True)
class Step:
    """Progress: `phase` ("check" at the old speed, "write" the new code, "verify" at the new speed,
    "undo" put a meter back) has just handled the meter at `address`, the `done`-th of `total`."""

    phase: str
    address: int
    done: int
    total: int


@dataclass(frozen=True)
class MeterOutcome:
    """What became of the meter at `address`: `baud` is the speed it answers at now (None: at
    neither, as far as could be told); `done` when that is the new speed; `message` one sentence."""

    address: int
    kind: str
    done: bool
    baud: int | None
    message: str


@dataclass(frozen=True)
class SpeedChange:
    """The outcome of a line speed change. `changed`: every meter answers at `new_baud` and the
    store's line says so; otherwise the line still runs at `old_baud` (the store was not touched).
    `message` is one sentence about the whole line."""

    bus_id: int
    name: str
    old_baud: int
    new_baud: int
    meters: tuple[MeterOutcome, ...]
    changed: bool
    cancelled: bool
    message: str

    @property
    def done(self) -> list[int]:
        return [m.address for m in self.meters if m.done]

    @property
    def failed(self) -> list[MeterOutcome]:
        return [m for m in self.meters if not m.done]

    @property
    def astray(self) -> list[int]:
        """Meters that do not answer at the speed the store's line says (they need a visit)."""
        line = self.new_baud if self.changed else self.old_baud
        return [m.address for m in self.meters if m.baud != line]


class SpeedCheckFailed(InvalidInput):
    """Refused before anything was written: meters of the line do not answer at its speed.
    `meters` says, for each, whether it answered."""

    def __init__(self, message: str, *, meters: tuple[MeterOutcome, ...]) -> None:
        super().__init__(message)
        self.meters = meters


def _addresses(addresses: Iterable[int]) -> str:
    return ", ".join(str(a) for a in sorted(addresses))


def _sentence(*, message: str) -> str:
    """`message` as it is: the keyword marks it as an app message for the catalogue
    (resources/translations/extract.py), so the window can translate it."""
    return message


def change_line_speed(store: Store, actor: Actor, bus_id: int, baud: int, *,
                      on_progress: Callable[[Step], None] | None = None,
                      cancel: threading.Event | Callable[[], bool] | None = None) -> SpeedChange:
    """Move bus `bus_id` and all its active meters to `baud` (see the module docstring).

    FieldInvalid(field="baud") for a rate not in 2400/4800/9600/19200, InvalidInput when the line
    already runs at it, LineTaken when a window or `serve` runs the line, FieldInvalid(field="port")
    when its port cannot be opened, SpeedCheckFailed when a meter does not answer at the old speed:
    nothing is written in all these cases. `on_progress(step)` follows each meter of each phase;
    `cancel` is looked at before each meter while checking and writing (a cancelled change is
    undone). Returns the outcome; the store changes only when every meter answers at `baud`."""
    from app.sync.change_log import new_origin
    from app.sync.leases import BusLeases

    require(actor, "bus.change")
    bus = get_bus(store, bus_id)
    if baud not in BAUDS:
        raise FieldInvalid("The baud rate is one of 2400, 4800, 9600 or 19200.", field="baud")
    if baud == bus.baud:
        raise InvalidInput(f"Line {bus.name} already runs at {baud} baud.")
    meters = sorted(assignments(store, bus_id).values(), key=lambda a: a.address)
    leases = BusLeases(store, new_origin("speed"), LEASE_TTL_S)
    if (who := leases.take(bus_id)) is not None:
        raise LineTaken(f"Line {bus.name} is run by {who}: disable the line first, then change its speed (its "
                        "polls would not understand the meters while they change).")
    try:
        job = _SpeedJob(store, actor, bus, baud, meters, meter_password(store), leases, on_progress, cancel)
        return job.run()
    finally:
        leases.release([bus_id])


class _SpeedJob:
    """One change of one line's speed (the module docstring's steps)."""

    def __init__(self, store: Store, actor: Actor, bus: BusSummary, new: int, meters: list[Assignment],
                 password: int, leases, on_progress: Callable[[Step], None] | None,
                 cancel: threading.Event | Callable[[], bool] | None) -> None:
        self.store, self.actor, self.bus = store, actor, bus
        self.old, self.new = bus.baud, new
        self.meters = meters
        self.password = password
        self.leases = leases
        self.on_progress = on_progress
        self.stop = cancel.is_set if isinstance(cancel, threading.Event) else cancel
        self.renewed = time.monotonic()
        self.lease_lost = False
        self.why: dict[int, str] = {}       # address -> why the meter did not take the new speed
        self.writing = False                # the first write may have been sent

    # ----- the steps ------------------------------------------------------------------------

    def run(self) -> SpeedChange:
        b = self.bus
        try_port(b.port, self.old, b.parity)
        if not self.meters:
            self._commit()
            return self._result((), True, False, message=f"Line {b.name} now runs at {self.new} baud (it has no "
                                                         "meters yet).")
        try:
            with self._port(self.old) as port:
                drivers, parities = self._check(port)
                if drivers is None:
                    return self._result(tuple(self._outcome(a, self.old) for a in self.meters), False, True,
                                        message=f"The change of line {b.name} was cancelled before anything was "
                                                f"written: it still runs at {self.old} baud.")
                written, stopped = self._write(drivers, parities)
            return self._settle(written, stopped)
        except PortError as exc:
            if not self.writing:
                raise InvalidInput(f"The port of line {b.name} failed before its meters were changed ({exc}); "
                                   "nothing was changed.") from None
            raise InvalidInput(f"The port of line {b.name} failed while its meters were being changed ({exc}): "
                               f"some may answer at {self.new} baud and others at {self.old}. Scan the line at "
                               "each speed once the port works.") from None

    def _check(self, port: SharedPort) -> tuple[dict[int, ModbusDriver] | None, dict[int, int]]:
        """(a) Every meter answers at the old speed; None when cancelled. SpeedCheckFailed otherwise."""
        drivers: dict[int, ModbusDriver] = {}
        parities: dict[int, int] = {}
        problems: dict[int, str] = {}
        for i, a in enumerate(self.meters, 1):
            if self._stopped():
                return None, parities
            self._keep_lease()
            driver = self._driver(port, a)
            try:
                driver.identify()
                settings = driver.read_line_settings()       # type: ignore[attr-defined]
            except PortError:
                raise
            except MeterError as exc:
                problems[a.address] = self._silence(exc, self.old)
            else:
                drivers[a.address] = driver
                parities[a.address] = settings.parity
            self._progress("check", a.address, i)
        if self.lease_lost:
            raise LineTaken(f"Line {self.bus.name} was taken by another program while it was being checked; "
                            "nothing was changed.")
        if problems:
            outcomes = tuple(MeterOutcome(a.address, a.kind, False, None, message=problems[a.address])
                             if a.address in problems else self._outcome(a, self.old) for a in self.meters)
            raise SpeedCheckFailed(f"Line {self.bus.name} was not changed: the meter(s) at {_addresses(problems)} "
                                   f"do not answer at {self.old} baud, and a meter left at the old speed would be "
                                   "lost to the line. Bring them back, or decommission them, then change the speed.",
                                   meters=outcomes)
        return drivers, parities

    def _write(self, drivers: dict[int, ModbusDriver], parities: dict[int, int]) -> tuple[set[int], bool]:
        """(b) The new code to each meter at the old speed. Returns the meters written (a lost reply
        counts: the meter may have switched) and whether the writing stopped before the last one."""
        code = BAUD_CODES[self.new]
        written: set[int] = set()
        for i, a in enumerate(self.meters, 1):
            if self._stopped() or not self._keep_lease():
                return written, True
            driver = drivers[a.address]
            self.writing = True
            try:
                if isinstance(driver, DdsyDriver):
                    driver.unlock()
                    driver.write_line_settings(LineSettings(a.address, code, parities[a.address]))
                else:
                    driver.write_baud_code(code)                  # type: ignore[attr-defined]
            except PortError:
                raise
            except TransientError:
                written.add(a.address)          # no reply: the verification at the new speed tells
            except MeterError as exc:
                self.why[a.address] = self._refusal(exc)
                self._progress("write", a.address, i)
                return written, True
            else:
                written.add(a.address)
            self._progress("write", a.address, i)
        return written, False

    def _settle(self, written: set[int], stopped: bool) -> SpeedChange:
        """(c) and (d): verify at the new speed, then record, or put everything back."""
        b = self.bus
        failure: Exception | None = None
        with self._port(self.new) as port:
            at_new = self._answering(port, [a for a in self.meters if a.address in written], self.new, "verify")
            for a in self.meters:
                if a.address in written and a.address not in at_new:
                    self.why.setdefault(a.address, _sentence(message=f"Did not take {self.new} baud."))
            if not stopped and not self.lease_lost and len(at_new) == len(self.meters):
                try:
                    self._commit()
                except Exception as exc:        # noqa: BLE001 — the meters go back first, then it is told
                    failure = exc
                else:
                    outcomes = tuple(MeterOutcome(a.address, a.kind, True, self.new,
                                                  message=f"Answers at {self.new} baud.") for a in self.meters)
                    self._audit(outcomes, changed=True)
                    return self._result(outcomes, True, False, message=f"Line {b.name} now runs at {self.new} "
                                        f"baud: all {len(outcomes)} meter(s) answer at it.")
            self._undo(port, at_new)
        final = self._final()
        self._audit(final, changed=False)
        if failure is not None and not isinstance(failure, (DormWattError, StoreError)):
            raise failure
        astray = [m.address for m in final if m.baud != self.old]
        cancelled = stopped and not self.why and not self.lease_lost
        if astray:
            message = _sentence(message=f"Line {b.name} still runs at {self.old} baud, but the meter(s) at "
                                        f"{_addresses(astray)} could not be put back: see each meter, and set them "
                                        f"to {self.old} baud on site.")
        elif failure is not None:
            message = _sentence(message=f"The new speed of line {b.name} could not be recorded ({failure}); its "
                                        f"meters were put back to {self.old} baud.")
        elif self.lease_lost:
            message = _sentence(message=f"Line {b.name} was taken by another program during the change; the change "
                                        f"was undone and it still runs at {self.old} baud.")
        elif cancelled:
            message = _sentence(message=f"The change of line {b.name} was cancelled and undone: it still runs at "
                                        f"{self.old} baud.")
        else:
            message = _sentence(message=f"Line {b.name} still runs at {self.old} baud: not every meter took "
                                        f"{self.new} baud, so the change was undone (see each meter).")
        return self._result(final, False, cancelled, message=message)

    def _undo(self, port: SharedPort, at_new: set[int]) -> None:
        """Put the meters that answer at the new speed back to the old one (on `port`, at the new speed)."""
        code = BAUD_CODES[self.old]
        for i, a in enumerate([a for a in self.meters if a.address in at_new], 1):
            self._keep_lease()
            driver = self._driver(port, a)
            try:
                if isinstance(driver, DdsyDriver):
                    driver.unlock()
                    settings = driver.read_line_settings()
                    driver.write_line_settings(LineSettings(a.address, code, settings.parity))
                else:
                    driver.write_baud_code(code)                  # type: ignore[attr-defined]
            except PortError:
                raise
            except MeterError:
                pass        # the check at the old speed tells where it is
            self._progress("undo", a.address, i)

    def _final(self) -> tuple[MeterOutcome, ...]:
        """Where every meter answers after an undo: at the old speed, else at the new, else neither."""
        with self._port(self.old) as port:
            at_old = self._answering(port, self.meters, self.old, None)
        rest = [a for a in self.meters if a.address not in at_old]
        at_new: set[int] = set()
        if rest:
            with self._port(self.new) as port:
                at_new = self._answering(port, rest, self.new, None)
        out = []
        for a in self.meters:
            why = self.why.get(a.address)
            if a.address in at_old:
                if why is None:
                    out.append(MeterOutcome(a.address, a.kind, False, self.old, message=f"Answers at {self.old} baud: "
                                            "the change was undone for the whole line."))
                else:
                    out.append(MeterOutcome(a.address, a.kind, False, self.old,
                                            message=f"{why} It answers at {self.old} baud."))
            elif a.address in at_new:
                out.append(MeterOutcome(a.address, a.kind, False, self.new, message=f"Could not be put back: it "
                                        f"answers at {self.new} baud only. Set it to {self.old} baud on site."))
            else:
                out.append(MeterOutcome(a.address, a.kind, False, None, message=f"Answers at neither {self.old} nor "
                                        f"{self.new} baud: check it on site."))
        return tuple(out)

    def _commit(self) -> None:
        change_bus(self.store, self.actor, self.bus.id, baud=self.new)

    def _audit(self, outcomes: tuple[MeterOutcome, ...], *, changed: bool) -> None:
        with self.store.write() as s:
            audit.record(s, self.actor, "bus.speed", "bus", self.bus.id, {"baud": self.old},
                         {"baud": self.new, "changed": changed,
                          "meters": [{"address": m.address, "kind": m.kind, "baud": m.baud, "done": m.done}
                                     for m in outcomes]})

    # ----- helpers --------------------------------------------------------------------------

    @contextmanager
    def _port(self, baud: int) -> Iterator[SharedPort]:
        port = SharedPort(self.bus.port, baud=baud, parity=self.bus.parity)
        port.open()
        try:
            yield port
        finally:
            port.close()

    def _driver(self, port: SharedPort, a: Assignment) -> ModbusDriver:
        if a.kind == "ddsy":
            return DdsyDriver(port, a.address, password=self.password, retries=1)
        return LxsyDriver(port, a.address, retries=1)

    def _answering(self, port: SharedPort, meters: list[Assignment], baud: int, phase: str | None) -> set[int]:
        """The meters of `meters` that answer on `port` (at `baud`) with that baud code."""
        out: set[int] = set()
        for i, a in enumerate(meters, 1):
            self._keep_lease()
            driver = self._driver(port, a)
            try:
                driver.identify()
                if driver.read_line_settings().baud_code == BAUD_CODES[baud]:     # type: ignore[attr-defined]
                    out.add(a.address)
            except PortError:
                raise
            except MeterError:
                pass
            if phase is not None:
                self._progress(phase, a.address, i, len(meters))
        return out

    def _silence(self, exc: MeterError, baud: int) -> str:
        if isinstance(exc, ProfileMismatch):
            return _sentence(message=f"Answers at {baud} baud, but as another kind of device (model code "
                                     f"0x{exc.model_code or 0:04X}).")
        if isinstance(exc, MeterException):
            return _sentence(message=f"Answers at {baud} baud, but refuses to be read (exception {exc.code}).")
        if isinstance(exc, TransientError) and exc.kind != "timeout":
            return _sentence(message=f"Answers at {baud} baud, but its reply cannot be read ({exc.kind}).")
        return _sentence(message=f"Does not answer at {baud} baud.")

    def _refusal(self, exc: MeterError) -> str:
        if isinstance(exc, WrongPassword):
            return _sentence(message="Refused the office's meter password, so it kept its speed.")
        if isinstance(exc, UnlockBlocked):
            return _sentence(message="Its unlocking is blocked (five wrong passwords in a row), so it kept its "
                                     "speed.")
        if isinstance(exc, MeterException):
            return _sentence(message=f"Refused the new speed (exception {exc.code}).")
        return _sentence(message=f"The new speed could not be written ({exc.kind}).")

    def _outcome(self, a: Assignment, baud: int) -> MeterOutcome:
        return MeterOutcome(a.address, a.kind, False, baud, message=f"Answers at {baud} baud; left unchanged.")

    def _result(self, meters: tuple[MeterOutcome, ...], changed: bool, cancelled: bool, *,
                message: str) -> SpeedChange:
        b = self.bus
        return SpeedChange(b.id, b.name, self.old, self.new, meters, changed, cancelled, message=message)

    def _stopped(self) -> bool:
        return self.stop is not None and bool(self.stop())

    def _keep_lease(self) -> bool:
        """Renew the lease when a third of its time has passed; False once it is lost."""
        if not self.lease_lost and time.monotonic() - self.renewed > LEASE_TTL_S / 3:
            self.renewed = time.monotonic()
            if self.bus.id not in self.leases.renew():
                self.lease_lost = True
        return not self.lease_lost

    def _progress(self, phase: str, address: int, done: int, total: int | None = None) -> None:
        if self.on_progress is not None:
            self.on_progress(Step(phase, address, done, len(self.meters) if total is None else total))


__all__ = ["BAUD_CODES", "MeterOutcome", "SpeedChange", "SpeedCheckFailed", "Step",
           "change_line_speed"]
