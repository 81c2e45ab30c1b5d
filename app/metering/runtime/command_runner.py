"""Carries out the meter commands of the buses this runtime owns (see commands.py for the rows).

Woken by the hub when a command is committed (here or, through the change log, in another
process) and by a sweep every few seconds, it claims each pending command of its buses
(pending → running, one UPDATE so two runners never both take one), puts it on the bus at control
priority, and records the outcome (done, or failed with the meter's reason) in a thread of its own,
never on the bus thread. Commands older than `commands.PENDING_TTL` are failed, not run.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime

from sqlalchemy import select, update

from app import events
from app.metering.runtime import commands, vocabulary
from app.metering.runtime.duties import prepaid_parameters
from app.metering.runtime.meters import MeterMap, MeterRef
from db.engine import Store
from db.models import MeterCommand
from drivers.bus import Bus
from drivers.ddsy_records import ForceMode

log = logging.getLogger(__name__)


class CommandRunner:
    def __init__(self, store: Store, meters: MeterMap, buses: Mapping[int, Bus], *,
                 now: Callable[[], datetime]) -> None:
        self.store = store
        self.meters = meters
        self.buses = buses                 # bus id -> Bus (the ones this runtime owns)
        self.now = now
        self._finisher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="command-finish")

    def stop(self) -> None:
        self._finisher.shutdown(wait=True, cancel_futures=False)

    def run_pending(self) -> int:
        """Start every pending command of our buses; returns how many were started."""
        bus_ids = list(self.buses)
        if not bus_ids:
            return 0
        commands.expire(self.store, reason="no meter service carried it out in time")
        with self.store.read() as s:
            pending = s.execute(select(MeterCommand.id, MeterCommand.meter_kind, MeterCommand.meter_id,
                                       MeterCommand.action, MeterCommand.params)
                                .where(MeterCommand.status == "pending", MeterCommand.bus_id.in_(bus_ids))
                                .order_by(MeterCommand.id)).all()
        started = 0
        for cid, kind, meter_id, action, params in pending:
            ref = self.meters.meter(kind, meter_id)
            bus = self.buses.get(ref.bus_id) if ref is not None else None
            if bus is None:
                continue      # the meter moved or was replaced since: another runtime's, or nobody's
            if not self._claim(cid):
                continue
            try:
                fut = self._submit(bus, ref, action, params or {})
            except Exception as exc:   # a bad row must not stop the others
                self._finish(cid, ref, exc)
                continue
            fut.add_done_callback(lambda f, cid=cid, ref=ref: self._finisher.submit(
                self._finish, cid, ref, f.exception()))
            started += 1
        return started

    def _claim(self, command_id: int) -> bool:
        with self.store.write() as s:
            n = s.execute(update(MeterCommand).where(MeterCommand.id == command_id, MeterCommand.status == "pending")
                          .values(status="running")).rowcount
        return n == 1

    @staticmethod
    def _submit(bus: Bus, ref: MeterRef, action: str, params: dict) -> Future:
        if action == "branch_power":
            return bus.set_forced_control(ref.address, int(params["branch"]), ForceMode[params["mode"]])
        if action == "load_open":
            return bus.set_forced_control(ref.address, int(params["branch"]), ForceMode.OPEN)
        if action in ("release_trips", "load_release"):
            return bus.reset_trips(ref.address, vocabulary.branch_mask(params["branches"]))
        if action == "linkage":
            return bus.set_linkage_lock(ref.address, bool(params["locked"]))
        if action == "prepaid":
            return bus.write_prepaid(ref.address, prepaid_parameters(int(params["unit_price"])))
        if action == "valve":
            return bus.set_valve(ref.address, bool(params["open"]))
        raise ValueError(f"unknown meter command {action!r}")

    def _finish(self, command_id: int, ref: MeterRef, exc: BaseException | None) -> None:
        try:
            with self.store.write() as s:
                s.execute(update(MeterCommand).where(MeterCommand.id == command_id).values(
                    status="done" if exc is None else "failed", reason="" if exc is None else str(exc)[:255],
                    finished_at=self.now()))
                events.stage(s, "meter_command", rooms={ref.room_id}, ids=[command_id])
                events.stage(s, "rooms_changed", rooms={ref.room_id}, ids=[ref.meter_id])
        except Exception:
            log.exception("recording the outcome of meter command %s failed", command_id)
