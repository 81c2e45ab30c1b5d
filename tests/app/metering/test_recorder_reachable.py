"""Which meters the runtime sends work to: an electricity meter and a water meter are two tables, so
the same id can name one of each. A room's electricity meter that lost power must not count as
answering because the water meter with the same id still does (purchases, parameters and policy
writes would go to a dead meter at a timeout each, and a power-loss check would never see it go)."""
from __future__ import annotations

from app import clock
from app.metering.runtime.meters import MeterMap, MeterRef
from app.metering.runtime.recorder import Recorder
from drivers.ddsy_records import BranchReading, BranchState, MeasurementSnapshot
from drivers.lxsy import ValveState, WaterSnapshot, WaterStatus

URL = "/dev/ttyUSB0"


def electricity(address: int) -> MeasurementSnapshot:
    branch = BranchReading(0, 0, 0, 1000, 0, BranchState.RELAY_CLOSED, 0)
    return MeasurementSnapshot(address, 2200, 5000, 0, 0, 0, 1000, 0, (branch, branch, branch))


def water(address: int) -> WaterSnapshot:
    return WaterSnapshot(address, 0, 0, ValveState.OPEN, WaterStatus(0), 360, 0)


def test_a_dead_electricity_meter_is_not_reachable_because_its_namesake_water_meter_answers(store):
    power = MeterRef("ddsy", 2, 7, 1, URL, 2)
    tap = MeterRef("lxsy", 2, 7, 1, URL, 102)          # same id, other table
    flagged: list[tuple[int, str]] = []
    rec = Recorder(store, MeterMap([power, tap]), now=clock.now, billing_interval_s=60,
                   carry_out=lambda intents: None, policy_flag=lambda mid, why: flagged.append((mid, why)))
    rec.on_snapshot(URL, electricity(2))
    rec.on_snapshot(URL, water(102))
    assert rec.reachable(power) and rec.reachable(tap)

    rec.on_online_changed(URL, 2, False)                # the room's mains are off: the bus gives up on it
    rec.on_snapshot(URL, water(102))                    # the battery-powered water meter still answers
    assert not rec.reachable(power)
    assert rec.reachable(tap)

    rec.on_snapshot(URL, electricity(2))                # power is back
    assert rec.reachable(power)
    assert flagged == [(2, "back_online"), (2, "back_online")]   # verified again after coming back


def test_a_water_meter_going_offline_leaves_the_electricity_meter_reachable(store):
    power = MeterRef("ddsy", 5, 7, 1, URL, 5)
    tap = MeterRef("lxsy", 5, 7, 1, URL, 105)
    rec = Recorder(store, MeterMap([power, tap]), now=clock.now, billing_interval_s=60,
                   carry_out=lambda intents: None)
    rec.on_snapshot(URL, electricity(5))
    rec.on_snapshot(URL, water(105))
    rec.on_online_changed(URL, 105, False)
    assert rec.reachable(power) and not rec.reachable(tap)
    rec.forget(power)                                    # its line was handed to another workstation
    assert not rec.reachable(power)
