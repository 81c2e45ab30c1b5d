"""Driver of the LXSY-20 water meter with valve.

Reads the 8-register measurement block (volume, flow, valve state, status, battery, clock) and
moves the valve with completion polling. The host bills the volume; see the spec §4 for the
readings a host must expect (wrap, replaced meters, faulty valves still passing water).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import IntEnum, IntFlag
from operator import itemgetter

from drivers.ddsy_records import LineSettings
from drivers.errors import OperationTimeout, ValveFault
from drivers.modbus_driver import ModbusDriver, memoized
from drivers.port import SharedPort
from drivers.profiles.lxsy20 import LXSY20, VALVE_CLOSED, VALVE_FAULT, VALVE_MOVING, VALVE_OPEN


class ValveState(IntEnum):
    OPEN = VALVE_OPEN
    CLOSED = VALVE_CLOSED
    MOVING = VALVE_MOVING
    FAULT = VALVE_FAULT


class WaterStatus(IntFlag):
    """Status word (§2)."""

    BATTERY_LOW = 1 << 0
    VALVE_FAULT = 1 << 1
    MAGNETIC_TAMPER = 1 << 2
    REVERSE_FLOW = 1 << 3
    LEAK_SUSPECTED = 1 << 4
    CLOCK_NOT_SET = 1 << 5


@dataclass(frozen=True)
class WaterSnapshot:
    """The 8-register measurement block: ``volume_l`` is the billed register (litres, wraps at 2³²)."""

    address: int
    volume_l: int
    flow_lph: int
    valve: ValveState
    status: WaterStatus
    battery_cv: int
    meter_clock_s: int


class LxsyDriver(ModbusDriver):
    """One LXSY-20 water meter at ``address`` on ``port``."""

    profile = LXSY20
    reply_floor_s = 0.040 + 0.050  # spec §1: reply within 40 ms, plus 50 ms margin

    def __init__(self, port: SharedPort, address: int, *, retries: int = 1) -> None:
        super().__init__(port, address, retries=retries)

    def read_measurement(self) -> WaterSnapshot:
        """Volume, flow, valve state, status, battery and clock in one 8-register read."""
        volume, flow, valve, status, battery, clock = _MEASUREMENT(self.read_layout(_LAYOUT))
        return WaterSnapshot(self.address, volume, flow, _valve_state(valve), _water_status(status),
                             battery, clock)

    def valve_state(self) -> ValveState:
        return ValveState(self.read_names("valve_state")["valve_state"])

    def command_valve(self, open_: bool) -> None:
        """Start the valve moving (returns at once; the state reads MOVING for 3–8 s)."""
        self.write_values({"valve_command": VALVE_OPEN if open_ else VALVE_CLOSED})

    def set_valve(self, open_: bool, *, timeout_s: float = 15.0, poll_s: float = 0.5) -> ValveState:
        """Move the valve and wait until it reports the target state.

        Raises ``ValveFault`` when it reports state 3, ``OperationTimeout`` when it is still moving
        after ``timeout_s``. The bus worker does not call this (it would hold the line); it sends
        ``command_valve`` and polls ``valve_state`` as separate queued jobs.
        """
        self.command_valve(open_)
        target = ValveState.OPEN if open_ else ValveState.CLOSED
        deadline = time.monotonic() + timeout_s
        while True:
            state = self.valve_state()
            done = valve_settled(state, target, self.address)
            if done:
                return state
            if time.monotonic() > deadline:
                raise OperationTimeout(f"valve still {state.name} after {timeout_s} s",
                                       address=self.address)
            time.sleep(poll_s)  # the valve motor takes seconds; poll the meter's own state

    def read_clock(self) -> int:
        return self.read_block("clock")["clock"]

    def set_clock(self, seconds: int) -> None:
        self.write_values({"clock": seconds})

    # -- line settings (§2: 0x0010 address, 0x0011 baud code; parity is fixed none) -------------
    def read_line_settings(self) -> LineSettings:
        """Address and baud code; the parity is always 0 (none): the meter speaks 8N1 only."""
        v = self.read_block("line_settings")
        return LineSettings(v["address"], v["baud_code"], 0)

    def write_baud_code(self, code: int) -> None:
        """Set the baud code (0 = 2400, 1 = 4800, 2 = 9600, 3 = 19200; not protected). Takes effect
        after the reply: the caller must talk to the meter at the new rate after."""
        self.write_values({"baud_code": code})


_valve_state = memoized(ValveState)
_water_status = memoized(WaterStatus)
_LAYOUT = LXSY20.block_layout("measurement")
_MEASUREMENT = itemgetter(*(_LAYOUT.index[n] for n in (
    "volume", "flow_rate", "valve_state", "status", "battery_voltage", "meter_clock")))


def valve_settled(state: ValveState, target: ValveState, address: int | None = None) -> bool:
    """True when ``state`` is ``target``; False while moving (or not yet started); raises
    ``ValveFault`` on a fault."""
    if state == ValveState.FAULT:
        raise ValveFault("valve reports a fault", address=address)
    return state == target
