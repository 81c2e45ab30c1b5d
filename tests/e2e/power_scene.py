"""The power-policy scene of the end-to-end tests: a store with a small campus, simulated DDSY meters
with empty rooms (scripted appliances only) on a virtual RS-485 line (a pty, real RTU bytes), and the
app's own `MeterRuntime` running on the simulator's clock.

What a test may rely on:
- `Scene.now()` is the simulated time as an aware datetime; it is installed as the program's clock
  (`app.clock`) and given to the runtime as `now=`, so the bus sets the meters' clocks, the store's
  timestamps and the policies' "today" all follow simulated time.
- The line's own clock is frozen (`line.speed = 0`); `run_to(moment)` moves simulated time to exactly
  `moment` inside one job of the runtime's own bus worker, so no transaction of the runtime spans the
  jump: the bus never reads a clock before a jump and compares it after (it would "correct" a drift
  that is not there and leave the meter behind by the jump), and `now()` waits while a jump runs, so
  nothing in the app sees (and later writes to a meter) a time from the middle of one. A jump into a new campus date then
  waits for the runtime's daily policy pass (`settle`), as a slow line around midnight would.
  `line.speed` may be set for a live stretch.
- `snapshot(address)` reads the measurement block through the runtime's own bus (real Modbus bytes);
  `meter_config(address)` reads the calendar and the three schedule blocks back from the meter.
- `plug(address, branch, appliance, on)` scripts an appliance from the current simulated second.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from app import clock
from app.metering.runtime.runtime import MeterRuntime
from app.policies.model import MeterConfig
from db.engine import Store
from db.models import Bus as BusRow
from db.models import ElectricityMeter
from drivers.bus_clock import CLOCK_EPOCH, meter_seconds
from drivers.bus_queue import Priority
from drivers.ddsy_records import MeasurementSnapshot
from drivers.errors import MeterError
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from drivers.sim.physics import RoomPhysics
from tests.factories import Campus, make_campus
from tests.waiting import wait_for

BAUD = 19200
PASSWORD = 1946                  # the simulated meters' factory password
TIMEOUT_S = 60.0                 # the machine is shared: conditions get generous time


class SimClock:
    """The program's clock reading the fleet's simulated clock (meter seconds, campus local time)."""

    def __init__(self, fleet: Fleet) -> None:
        self.fleet = fleet
        self.moving = threading.Lock()
        """Held for the whole of a jump: a reader waits and sees the time after it, never one inside."""

    def local(self) -> datetime:
        """Simulated campus time, naive."""
        with self.moving:
            return CLOCK_EPOCH + timedelta(seconds=self.fleet.clock)

    def now(self) -> datetime:
        return self.local().replace(tzinfo=clock.CAMPUS_TZ).astimezone(UTC)


class Scene:
    """One bus, the campus's two rooms' electricity meters (addresses 1, 2) and water meters (101, 102)."""

    def __init__(self, store: Store, tmp_path: Path, start: datetime, *, seed: int = 7,
                 recheck_s: float = 2.0) -> None:
        self.store = store
        self.campus: Campus = make_campus(store, rooms_per_gender=1)
        self.fleet = Fleet(meters=2, water=2, seed=seed, start_clock=meter_seconds(start), physics=True)
        for address, meter in self.fleet.meters.items():
            # an empty room: nobody's routine switches anything; only the air conditioner's standby draws
            meter.physics = RoomPhysics(seed * 1000 + address, occupants=0)
        self.clock = SimClock(self.fleet)
        self._previous_clock = clock.install(self.clock)
        self.line = VirtualLine(self.fleet, baud=BAUD, speed=0, link=str(tmp_path / "ttyPOWER"))
        self.line.start()
        with store.write() as s:
            s.execute(update(BusRow).values(port=self.line.client_path, baud=BAUD))
            self.bus_id = s.scalar(select(BusRow.id))
            rows = s.execute(select(ElectricityMeter.address, ElectricityMeter.id, ElectricityMeter.room_id)).all()
        self.meter_ids = {a: mid for a, mid, _ in rows}          # address -> meter id
        self.rooms = {a: rid for a, _, rid in rows}              # address -> room id
        self.runtime = MeterRuntime(store, billing_interval_s=0.5, delivery_interval_s=0.5, now=self.now,
                                    bus_options={"password": PASSWORD, "probe_backoff_s": 0.3,
                                                 "probe_backoff_max_s": 1.0})
        # The policy keeper notices a new campus date on its next pass (every five minutes in the
        # office); a simulated day lasts seconds here, so its passes come every `recheck_s`.
        self.runtime.policy_sync.recheck_s = recheck_s
        self.runtime.start()

    # -- time -----------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def local(self) -> datetime:
        return self.clock.local()

    def today(self) -> date:
        return self.local().date()

    def run_to(self, moment: datetime) -> None:
        """Move simulated time forward to exactly `moment` (naive campus time); no-op if past."""
        target = meter_seconds(moment)

        def jump(_port: Any) -> None:
            with self.clock.moving, self.line.fleet_lock:
                if self.fleet.clock < target:
                    self.fleet.advance(target - self.fleet.clock)

        day = self.today()
        bus = self.runtime.buses[self.bus_id]
        bus.submit_broadcast(jump, priority=Priority.CONFIG, label="e2e-time").result(TIMEOUT_S)
        if self.today() != day:
            self.settle()

    def settle(self) -> None:
        """Wait until the policy keeper has run a whole pass that started after now (a new campus
        date: its daily check), so none of its work is queued across the next jump."""
        sync = self.runtime.policy_sync
        first = sync.passes
        assert self.wait(lambda: sync.passes >= first + 2), "the policy keeper ran no pass"

    def run_for(self, seconds: float) -> None:
        self.run_to(self.local() + timedelta(seconds=seconds))

    # -- the room -------------------------------------------------------------------------------

    def plug(self, address: int, branch: int, appliance: str, on: bool = True) -> None:
        """From the next simulated second on, `appliance` is plugged in (or out) on `branch`."""
        with self.line.fleet_lock:
            self.fleet.meters[address].physics.plug(branch, appliance, on, self.fleet.clock)

    # -- the wire, through the runtime's own bus ----------------------------------------------

    def submit(self, address: int, fn: Callable[[Any], Any], timeout: float = 30.0) -> Any:
        bus = self.runtime.buses[self.bus_id]
        return bus.submit(address, fn, priority=Priority.CONFIG, label="e2e").result(timeout)

    def snapshot(self, address: int) -> MeasurementSnapshot:
        return self.submit(address, lambda d: d.read_measurement())

    def answers(self, address: int) -> MeasurementSnapshot | None:
        """The measurement block, or None while the meter does not answer (or the bus holds it offline)."""
        try:
            return self.snapshot(address)
        except MeterError:
            return None

    def states(self, address: int) -> tuple[int, int, int]:
        """The three branch state words as the meter reports them now."""
        return tuple(int(b.state) for b in self.snapshot(address).branches)  # type: ignore[return-value]

    def meter_config(self, address: int) -> MeterConfig:
        """The calendar and schedule blocks the meter holds, read over the wire."""
        return self.submit(address, lambda d: MeterConfig(d.read_calendar(),
                                                          tuple(d.read_schedule(b) for b in range(3))))

    def write_config(self, config: MeterConfig) -> None:
        """Write a configuration to every meter by broadcast through a DdsyDriver (no policy code)."""
        def write(d: Any) -> None:
            d.write_calendar(config.calendar, broadcast=True)
            for b, block in enumerate(config.schedules):
                d.write_schedule(b, block, broadcast=True)
        self.submit(min(self.meter_ids), write)

    def wait(self, cond: Callable[[], object], timeout: float = TIMEOUT_S) -> bool:
        return wait_for(cond, timeout=timeout, step=0.1)

    def close(self) -> None:
        self.runtime.stop()
        self.line.stop()
        clock.install(self._previous_clock)
