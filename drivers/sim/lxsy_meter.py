"""A simulated LXSY-20 water meter with valve (spec water-meter-lxsy.md).

``LxsyMeter`` is a Modbus slave device for :func:`drivers.sim.slave.handle_pdu`, advanced one
simulated second at a time by :meth:`LxsyMeter.step`. Water use follows a simple day/night model
of sinks, toilets and showers drawn from the meter's own seeded generator, so a fleet built with
the same seed and advanced the same way reads the same volumes. Tests may rely on the attributes
``volume_l`` (float litres), ``flow_lph``, ``valve_state``, ``clock``, ``clock_set``,
``battery_cv``, ``tamper``, ``reverse_seen``, ``natural_use`` (False silences the usage model so
only scripted taps and leaks flow) and on :meth:`set_valve_fault`, :meth:`set_leak`, :meth:`open_tap`.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from drivers.profiles.base import Register
from drivers.profiles.lxsy20 import LXSY20, VALVE_CLOSED, VALVE_FAULT, VALVE_MOVING, VALVE_OPEN
from drivers.sim.slave import ILLEGAL_VALUE, range_refusal

LEAK_S = 3600
BATTERY_LOW_CV = 330
VALVE_MIN_S, VALVE_MAX_S = 3, 8

# (name, litres per hour while running, shortest and longest run in seconds)
_USES = (("sink", 360.0, 15, 60), ("toilet", 540.0, 35, 50), ("shower", 480.0, 300, 720))


def _rates(hour: int) -> tuple[float, float, float]:
    """Chance per second that a sink, toilet or shower use starts at this local hour."""
    if hour < 6:
        return 1 / 20000, 1 / 14000, 0.0
    if hour in (7, 8, 21, 22):
        return 1 / 500, 1 / 900, 1 / 2400
    if hour == 23:
        return 1 / 900, 1 / 1500, 1 / 5000
    return 1 / 1100, 1 / 2000, 1 / 20000


class LxsyMeter:
    """One simulated LXSY-20."""

    profile = LXSY20
    functions = frozenset({0x03, 0x06, 0x10})
    input_span: tuple[int, int] | None = None

    def __init__(self, address: int = 1, *, seed: int = 0, serial_number: int | None = None,
                 clock: int = 0) -> None:
        self.rng = random.Random(seed)
        self.params = {"address": address, "baud_code": 2, "valve_command": 0}
        self.serial_number = 0x5820_0000 + address if serial_number is None else serial_number
        self.firmware_version = 0x0103
        self.clock = clock & 0xFFFF_FFFF
        self.clock_set = False
        self.volume_l = float(self.rng.randrange(2_000, 60_000))
        self.flow_lph = 0.0
        self.valve_state = VALVE_OPEN
        self.battery_cv = 355 + self.rng.randrange(0, 10)
        self.tamper = False
        self.reverse_seen = False
        self.natural_use = True
        self.powered = True
        self.busy_until = 0.0
        self._valve_fault = False
        self._valve_target = VALVE_OPEN
        self._valve_left = 0
        self._uses: list[tuple[int, int, float]] = []   # (first second, last second, L/h)
        self._leak_lph = 0.0
        self._continuous_s = 0

    @property
    def address(self) -> int:
        return self.params["address"]

    # -- faults and scripted conditions -------------------------------------------------------

    def set_valve_fault(self, fault: bool) -> None:
        """While set, every valve motion that ends ends in state 3 (fault)."""
        self._valve_fault = fault

    def set_leak(self, lph: float) -> None:
        """A constant extra flow (a running toilet); 0 stops it."""
        self._leak_lph = max(0.0, lph)

    def open_tap(self, lph: float, seconds: int, t: int) -> None:
        """Scripted use for tests and demos: ``lph`` litres per hour for ``seconds`` from second t."""
        self._uses.append((t, t + seconds - 1, lph))

    # -- simulated time -----------------------------------------------------------------------

    def step(self, t: int) -> None:
        """Run second ``t`` (fleet time, local): valve motion, water use, volume, clock."""
        if not self.powered:
            return
        if self._valve_left:
            self._valve_left -= 1
            if not self._valve_left:
                self.valve_state = VALVE_FAULT if self._valve_fault else self._valve_target
        rng = self.rng
        if self.natural_use:
            for (_, lph, lo, hi), rate in zip(_USES, _rates(t % 86400 // 3600), strict=True):
                if rate and rng.random() < rate:
                    self._uses.append((t, t + rng.randint(lo, hi) - 1, lph * (0.8 + 0.4 * rng.random())))
        demand = self._leak_lph + sum(lph for first, _, lph in self._uses if first <= t)
        if self._uses:
            self._uses = [u for u in self._uses if u[1] > t]
        state = self.valve_state
        # a faulted valve may still pass water (§4); a moving one passes about half
        opening = 0.0 if state == VALVE_CLOSED else 0.5 if state == VALVE_MOVING else 1.0
        self.flow_lph = demand * opening
        self.volume_l += self.flow_lph / 3600.0
        self._continuous_s = self._continuous_s + 1 if self.flow_lph > 0.0 else 0
        self.clock = (self.clock + 1) & 0xFFFF_FFFF

    def power_loss(self) -> None:
        self.powered = False

    def power_up(self) -> None:
        self.powered = True
        self.clock_set = False

    def status_word(self) -> int:
        bits = 0
        if self.battery_cv < BATTERY_LOW_CV:
            bits |= 1 << 0
        if self.valve_state == VALVE_FAULT:
            bits |= 1 << 1
        if self.tamper:
            bits |= 1 << 2
        if self.reverse_seen:
            bits |= 1 << 3
        if self._continuous_s > LEAK_S:
            bits |= 1 << 4
        if not self.clock_set:
            bits |= 1 << 5
        return bits

    # -- slave device -------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return False

    def protection_refuses(self, regs: Sequence[Register], broadcast: bool) -> bool:
        return False  # no password and no write protection

    def read_values(self, start: int, count: int) -> Mapping[str, int]:
        return {
            "model_code": self.profile.model_code, "profile_version": 1,
            "firmware_version": self.firmware_version, "serial_number": self.serial_number,
            "address": self.address, "baud_code": self.params["baud_code"],
            "volume": int(self.volume_l) & 0xFFFF_FFFF, "flow_rate": math.floor(self.flow_lph + 0.5),
            "valve_state": self.valve_state, "status": self.status_word(),
            "battery_voltage": self.battery_cv, "meter_clock": self.clock, "clock": self.clock,
            "valve_command": self.params["valve_command"],
        }

    def write(self, start: int, words: Sequence[int], regs: Sequence[Register],
              broadcast: bool) -> int | None:
        values = self.profile.decode(start, words)
        if range_refusal(regs, values):
            return ILLEGAL_VALUE
        for name in ("address", "baud_code"):
            if name in values:
                self.params[name] = values[name]
        if "clock" in values:
            self.clock = values["clock"]
            self.clock_set = True
        if "valve_command" in values:
            cmd = values["valve_command"]
            self.params["valve_command"] = cmd
            # a command while moving replaces the target; after a fault it retries the motion
            self._valve_target = VALVE_CLOSED if cmd == 1 else VALVE_OPEN
            self._valve_left = self.rng.randint(VALVE_MIN_S, VALVE_MAX_S)
            self.valve_state = VALVE_MOVING
        return None
