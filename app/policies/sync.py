"""Keeping what the meters hold (spec §8 calendar, §9 schedules) equal to what the store wants.

`PolicySync` runs inside `MeterRuntime`, one thread of its own, for the buses that runtime owns
(several processes owning different lines each sync their own). No Qt.

What a caller may rely on:
- A pass runs on `check_now()`, on the hub topic "policies_changed" (not its own), when the campus
  date changes (daily drift check: every meter is read back), every `recheck_s` for meters not in
  sync, and for a meter flagged with `flag()` (back online, clock not set, power-up event, replaced):
  that meter is read back and fixed.
- A running push is marked done at the end of every pass, also one with nothing to write.
- A meter needs writing when its state row is missing, its digest differs from the desired one, or it
  is not in sync (a meter left pending by a cancelled push waits for the next push or change).
- Per line: the clock first (broadcast; the meter suspends schedules without it, §12); then each
  block — calendar, schedule 0, 1, 2 — is written once by broadcast when two or more meters want the
  same value and that costs fewer frames than one write each (every other meter of the line that
  wants another value is written back by unicast before the next block), else one write per meter.
  Each block is one 0x10 write: a meter holds the old block or the new one, never half of each.
- Every meter written or verified is read back (broadcasts get no reply); one that differs or missed
  the broadcast is written on its own and read again. Its `MeterPolicyState` row then says "sync",
  "failed" (the meter refused: the reason says what) or "pending" (no answer, push cancelled).
- A cancel (the running `PolicyPush` row set to "cancelled") is honoured between blocks.
- Bus jobs go at priority CONFIG in batches of `batch`: between batches a due billing poll runs, so
  a long push never stops billing.
"""
from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from app import clock, events
from app.loads.meter_config import desired_configs
from app.metering.runtime.meters import MeterMap, MeterRef
from app.policies import push as pushes
from app.policies.model import MeterConfig
from db import retry
from db.engine import Store
from db.models_power import MeterPolicyState
from drivers.bus import Bus
from drivers.bus_clock import meter_seconds
from drivers.bus_queue import Priority
from drivers.ddsy import broadcast_clock
from drivers.ddsy_params import calendar_values, load_control_values, schedule_values, slot_values
from drivers.errors import MeterError, MeterException, UnlockBlocked, WrongPassword

log = logging.getLogger(__name__)
SOURCE = "policy_sync"          # extra["source"] of the events it stages itself
# Blocks in the order they are pushed: the calendar, the schedules of branches 0-2 (these four go by
# broadcast when meters share them), the load-control blocks of branches 0-2 and the signature slots in
# three writes (§10 and §11 take no broadcast). A configuration covers the first four, and the others
# when the office manages them (MeterConfig.block_ids).
BLOCKS = tuple(range(10))
BROADCASTABLE = frozenset({0, 1, 2, 3})
SLOT_WRITES = {7: (0, 15), 8: (15, 15), 9: (30, 2)}     # block -> (first slot, count)
LABEL = "policy"
JOB_TIMEOUT_S = 60.0
BLOCK_WORDS = {0: "calendar", 1: "lighting schedule", 2: "socket schedule", 3: "air-conditioning schedule",
               4: "lighting load control", 5: "socket load control", 6: "air-conditioning load control",
               7: "signature slots", 8: "signature slots", 9: "signature slots"}
REASONS = {"no_answer": "No answer from the meter.",
           "cancelled": pushes.CANCELLED_REASON,
           "refused": "The meter refused the {block} (exception {code}).",
           "password": "The meter refused the password.",
           "blocked": "The meter blocks unlocking after wrong passwords.",
           "differs": "The meter still holds other values in the {block} after it was written."}
Desired = Callable[[Any, date, Iterable[int]], dict[int, MeterConfig]]


def block_image(block: int, value: Any) -> tuple:
    """The register values of one block's value (a Calendar, a branch's schedule or load control, or a
    run of signature slots), comparable."""
    if block == 0:
        values = calendar_values(value)
    elif block <= 3:
        values = schedule_values(block - 1, value)
    elif block <= 6:
        values = load_control_values(block - 4, value)
    else:
        first, _count = SLOT_WRITES[block]
        values = {}
        for k, slot in enumerate(value):
            values.update(slot_values(first + k, slot))
    return tuple(sorted(values.items()))


def _value(block: int, config: MeterConfig) -> Any:
    if block == 0:
        return config.calendar
    if block <= 3:
        return config.schedules[block - 1]
    if block <= 6:
        return config.loads[block - 4]          # type: ignore[index]
    first, count = SLOT_WRITES[block]
    return list(config.slots[first:first + count])          # type: ignore[index]


def image(block: int, config: MeterConfig) -> tuple:
    """The register values of one block of `config` (what a meter holds, compared as registers)."""
    return block_image(block, _value(block, config))


def _read_job(block: int) -> Callable[[Any], Any]:
    if block == 0:
        return lambda d: d.read_calendar()
    if block <= 3:
        return lambda d: d.read_schedule(block - 1)
    if block <= 6:
        return lambda d: d.read_load_control(block - 4)
    first, count = SLOT_WRITES[block]
    return lambda d: d.read_signature_slots(first, count)


def _write_job(block: int, config: MeterConfig, *, broadcast: bool = False) -> Callable[[Any], Any]:
    value = _value(block, config)
    if block == 0:
        return lambda d: d.write_calendar(value, broadcast=broadcast)
    if block <= 3:
        return lambda d: d.write_schedule(block - 1, value, broadcast=broadcast)
    if block <= 6:
        return lambda d: d.write_load_control(block - 4, value)
    first, _count = SLOT_WRITES[block]
    return lambda d: d.write_signature_slots(first, value)


def refusal(exc: MeterError, block: int) -> tuple[str, str]:
    """(state, reason) for an error of a job on `block`: a refusal fails, silence stays pending."""
    if isinstance(exc, WrongPassword):
        return "failed", REASONS["password"]
    if isinstance(exc, UnlockBlocked):
        return "failed", REASONS["blocked"]
    if isinstance(exc, MeterException):
        return "failed", REASONS["refused"].format(block=BLOCK_WORDS[block], code=f"{exc.code:02d}")
    return "pending", REASONS["no_answer"]


@dataclass(eq=False)
class LineMeter:
    """One meter of a line pass: what it must hold and what the pass learnt of it."""

    ref: MeterRef
    want: MeterConfig
    target: bool                     # in this pass for its own sake (else only touched by a broadcast)
    verify_first: bool = False       # read before writing (a drift check) instead of writing at once
    live: bool = True                # reachable and not lost during this pass
    need: set[int] = field(default_factory=set)      # blocks still to write
    written: set[int] = field(default_factory=set)   # blocks written, not yet read back
    ok: set[int] = field(default_factory=set)        # blocks read back equal to `want`
    state: str = ""
    reason: str = ""
    recorded: bool = False
    covered: bool = False            # a running push covers it (its row is refreshed whatever happens)

    def fail(self, state: str, reason: str) -> None:
        if not self.reason or (state == "failed" and self.state != "failed"):
            self.state, self.reason = state, reason
        if state == "pending":
            self.live = False        # no answer: nothing more is sent to it in this pass


class LinePass:
    """One pass over one line (see the module docstring); `outcomes` are the rows to record."""

    def __init__(self, bus: Bus, meters: list[LineMeter], *, seconds: Callable[[], int], batch: int,
                 cancelled: Callable[[], bool], settle: Callable[[list[LineMeter]], None]) -> None:
        self.bus = bus
        self.meters = meters
        self.seconds = seconds
        self.batch = batch
        self.cancelled = cancelled
        self.settle = settle
        self.broadcasts = 0

    def run(self) -> None:
        targets = [m for m in self.meters if m.target]
        for m in targets:
            if not m.live:
                m.fail("pending", REASONS["no_answer"])
        if not any(m.live for m in targets):
            return
        try:
            # the time is read when the broadcast goes out, not when the pass began (§12)
            self.bus.submit_broadcast(lambda port: broadcast_clock(port, self.seconds()),
                                      label="clock").result(JOB_TIMEOUT_S)
        except Exception:    # the port is gone: nothing reached any meter
            for m in targets:
                m.fail("pending", REASONS["no_answer"])
            return
        for m in targets:
            m.need = set() if m.verify_first else set(m.want.block_ids())
        self._read([(m, b) for m in targets if m.verify_first for b in m.want.block_ids()])
        for block in BLOCKS:
            if self.cancelled():
                for m in targets:
                    if not m.state:
                        m.state, m.reason = (("sync", "") if m.ok == set(m.want.block_ids())
                                             else ("pending", REASONS["cancelled"]))
                return
            self._write_block(block)
        self._read([(m, b) for m in self.meters for b in sorted(m.written)], settle=True)
        again = [(m, b) for m in self.meters if m.live for b in sorted(m.need)]
        self._unicast(again)
        self._read([(m, b) for m in self.meters for b in sorted(m.written)])
        for m in self.meters:
            if m.state:
                continue
            missing = sorted(set(m.want.block_ids()) - m.ok) if m.target else sorted(m.need | m.written)
            if missing:
                m.state, m.reason = "failed", REASONS["differs"].format(block=BLOCK_WORDS[missing[0]])
            elif m.target:
                m.state = "sync"

    def _write_block(self, block: int) -> None:
        needers = [m for m in self.meters if m.live and block in m.need]
        if not needers:
            return
        if block not in BROADCASTABLE:
            self._unicast([(m, block) for m in needers])
            return
        value, count = Counter(image(block, m.want) for m in needers).most_common(1)[0]
        line = [m for m in self.meters if m.live]
        others = [m for m in line if image(block, m.want) != value]
        if count >= 2 and len(others) + 2 < len(needers):
            model = next(m for m in needers if image(block, m.want) == value)
            driver = self.bus.driver(model.ref.address)
            job = _write_job(block, model.want, broadcast=True)
            try:
                self.bus.submit_broadcast(lambda _port: job(driver), priority=Priority.CONFIG,
                                          label=LABEL).result(JOB_TIMEOUT_S)
            except Exception:
                for m in needers:
                    m.fail("pending", REASONS["no_answer"])
                return
            self.broadcasts += 1
            for m in line:
                if image(block, m.want) == value:
                    m.need.discard(block)
                    if m.target:
                        m.written.add(block)
                else:
                    m.need.add(block)      # the broadcast reached it too: write its own value back
            self._unicast([(m, block) for m in others])
        else:
            self._unicast([(m, block) for m in needers])

    def _unicast(self, pairs: list[tuple[LineMeter, int]]) -> None:
        def done(m: LineMeter, block: int, result: Any) -> None:
            m.need.discard(block)
            m.ok.discard(block)
            m.written.add(block)
        self._run(pairs, lambda m, b: _write_job(b, m.want), done)

    def _read(self, pairs: list[tuple[LineMeter, int]], *, settle: bool = False) -> None:
        def done(m: LineMeter, block: int, value: Any) -> None:
            m.written.discard(block)
            if block_image(block, value) == image(block, m.want):
                m.ok.add(block)
                m.need.discard(block)
            else:
                m.ok.discard(block)
                m.need.add(block)
        self._run(pairs, lambda m, b: _read_job(b), done, settle=settle)

    def _run(self, pairs: list[tuple[LineMeter, int]], job: Callable[[LineMeter, int], Callable[[Any], Any]],
             done: Callable[[LineMeter, int, Any], None], *, settle: bool = False) -> None:
        """Run one job per (meter, block) in batches; a meter that stops answering drops out."""
        for start in range(0, len(pairs), self.batch):
            chunk = [(m, b) for m, b in pairs[start:start + self.batch] if m.live]
            futures: list[tuple[LineMeter, int, Future]] = [
                (m, b, self.bus.submit(m.ref.address, job(m, b), priority=Priority.CONFIG, label=LABEL))
                for m, b in chunk]
            for m, b, fut in futures:
                try:
                    done(m, b, fut.result(JOB_TIMEOUT_S))
                except MeterError as exc:   # refused (failed) or silent (pending): not retried here
                    m.need.discard(b)
                    m.written.discard(b)
                    m.fail(*refusal(exc, b))
                except Exception as exc:   # the bus stopped or a bug: not reached
                    log.warning("policy job on meter %s failed: %s", m.ref.address, exc)
                    m.fail("pending", REASONS["no_answer"])
            if settle:
                finished = {m for m, _b, _f in futures
                            if m.target and m.ok == set(m.want.block_ids()) and not m.state}
                for m in finished:
                    m.state = "sync"
                if finished:
                    self.settle(list(finished))


class PolicySync:
    """The runtime's policy keeper (see the module docstring)."""

    def __init__(self, store: Store, meters: MeterMap, buses: Mapping[int, Bus], *,
                 now: Callable[[], datetime], reachable: Callable[[MeterRef], bool],
                 desired: Desired | None = None, recheck_s: float = 300.0, settle_s: float = 0.2,
                 batch: int = 16) -> None:
        self.store = store
        self.meters = meters
        self.buses = buses
        self.now = now
        self.reachable = reachable
        self.desired: Desired = desired or desired_configs     # what each meter must hold (tests replace it)
        self.recheck_s = recheck_s
        self.settle_s = settle_s
        self.batch = batch
        self.passes = 0                      # passes finished
        self._day: date | None = None
        self._flagged: dict[int, str] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # ----- life cycle and triggers ----------------------------------------------------------------

    def start(self) -> None:
        self._day = clock.campus_date(self.now())
        self._unsubscribe = events.hub(self.store).subscribe(self._on_event, "policies_changed")
        self._thread = threading.Thread(target=self._loop, name="policy-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def check_now(self, meter_ids: Iterable[int] | None = None) -> None:
        """Run a pass soon; the meters of `meter_ids` are read back and fixed whatever their state."""
        with self._lock:
            for mid in meter_ids or ():
                self._flagged[mid] = "check"
        self._wake.set()

    def flag(self, meter_id: int, why: str) -> None:
        """A meter came back, reports its clock not set, or was replaced: verify it soon."""
        with self._lock:
            self._flagged[meter_id] = why
        self._wake.set()

    def _on_event(self, event: events.Event) -> None:
        if event.extra.get("source") != SOURCE and not event.extra.get("cancelled"):
            self._wake.set()

    def _loop(self) -> None:
        next_recheck = time.monotonic() + self.recheck_s
        while not self._stop.is_set():
            self._wake.wait(max(0.0, next_recheck - time.monotonic()))
            if self._stop.is_set():
                return
            if self._wake.is_set() and self._stop.wait(self.settle_s):   # gather what comes with it
                return
            self._wake.clear()
            if time.monotonic() >= next_recheck:
                next_recheck = time.monotonic() + self.recheck_s
            with self._lock:
                flagged, self._flagged = set(self._flagged), {}
            day = clock.campus_date(self.now())
            daily, self._day = day != self._day, day
            try:
                self.run_pass(day, flagged=flagged, verify_all=daily)
            except Exception:      # the next trigger tries again
                log.exception("policy sync pass failed")
            self.passes += 1

    # ----- a pass -----------------------------------------------------------------------------------

    def run_pass(self, day: date, *, flagged: Iterable[int] = (), verify_all: bool = False) -> None:
        """One pass over every owned line (lines in parallel); returns when all are done. The meters of
        `flagged` (every meter with `verify_all`) are read back even when their rows say in sync."""
        flagged = set(flagged)
        owned = dict(self.buses)
        refs = [r for r in self.meters.all("ddsy") if r.bus_id in owned]
        if not refs:
            return
        ids = [r.meter_id for r in refs]
        with self.store.read() as s:
            want = self.desired(s, day, ids)
            rows = {r.meter_id: (r.digest, r.state, r.reason, r.checked_at)
                    for r in s.scalars(select(MeterPolicyState).where(MeterPolicyState.meter_id.in_(ids)))}
            running = pushes.running_pushes(s)
            building = pushes.meter_buildings(s, ids) if running else {}
        lines: dict[int, list[LineMeter]] = {}
        covering: dict[int, set[int]] = {}
        for ref in refs:
            config = want.get(ref.meter_id)
            if config is None:
                continue
            row = rows.get(ref.meter_id)
            must_write = (row is None or row[0] != config.digest()
                          or (row[1] != "sync" and row[2] != pushes.CANCELLED_REASON))
            verify = verify_all or ref.meter_id in flagged
            m = LineMeter(ref, config, must_write or verify, verify and not must_write,
                          live=self.reachable(ref))
            lines.setdefault(ref.bus_id, []).append(m)
            for pid, (_at, bid) in running.items():
                if m.target and (bid is None or building.get(ref.meter_id) == bid):
                    covering.setdefault(ref.bus_id, set()).add(pid)
                    m.covered = True
        def seconds() -> int:
            return meter_seconds(clock.local(self.now()))
        work = [(bid, ms) for bid, ms in lines.items() if any(m.target for m in ms)]
        if work:
            with ThreadPoolExecutor(max_workers=len(work), thread_name_prefix="policy-line") as pool:
                for bid, ms in work:
                    pool.submit(self._run_line, owned[bid], ms, seconds, covering.get(bid, set()), rows)
        # also with nothing to write: a pass that began before a push was asked may have done its work
        for pid in running:
            retry.run(lambda p=pid: pushes.finish_if_complete(self.store, p))

    def _run_line(self, bus: Bus, meters: list[LineMeter], seconds: Callable[[], int], push_ids: set[int],
                  rows: dict[int, tuple]) -> None:
        def cancelled() -> bool:
            if not push_ids:
                return False
            with self.store.read() as s:
                return pushes.any_cancelled(s, push_ids)
        try:
            line = LinePass(bus, meters, seconds=seconds, batch=self.batch, cancelled=cancelled,
                            settle=lambda done: self._record(done, rows))
            line.run()
            self._record([m for m in meters if m.state], rows)
        except Exception:
            log.exception("policy sync of line %s failed", bus.url)

    def _record(self, meters: list[LineMeter], rows: dict[int, tuple]) -> None:
        """Store the outcomes (each meter once per pass) and tell who listens when one changed."""
        fresh = [m for m in meters if not m.recorded and not (
            m.reason == REASONS["no_answer"] and not m.covered and _same(rows.get(m.ref.meter_id), m))]
        if not fresh:
            return
        now = self.now()

        def write() -> None:
            with self.store.write() as s:
                have = {r.meter_id: r for r in s.scalars(select(MeterPolicyState).where(
                    MeterPolicyState.meter_id.in_([m.ref.meter_id for m in fresh])))}
                changed = []
                for m in fresh:
                    row = have.get(m.ref.meter_id)
                    if row is None:
                        row = MeterPolicyState(meter_id=m.ref.meter_id)
                        s.add(row)
                    digest = m.want.digest() if m.target else row.digest or m.want.digest()
                    state = m.state if m.target or m.state != "sync" else row.state or "sync"
                    before = rows.get(m.ref.meter_id)
                    if before is None or before[:3] != (digest, state, m.reason):
                        changed.append(m)
                    row.digest, row.state, row.reason, row.checked_at = digest, state, m.reason, now
                if changed:
                    events.stage(s, "policies_changed", rooms={m.ref.room_id for m in changed},
                                 ids=[m.ref.meter_id for m in changed], source=SOURCE)
        retry.run(write)
        for m in fresh:
            m.recorded = True


def _same(row: tuple | None, m: LineMeter) -> bool:
    return row is not None and row[:3] == (m.want.digest(), m.state, m.reason)
