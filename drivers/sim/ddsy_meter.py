"""A simulated DDSY1946A-13 prepaid meter: the whole profile, register-level and behaviourally.

``DdsyMeter`` is a Modbus slave device for :func:`drivers.sim.slave.handle_pdu` and a state
machine advanced one simulated second at a time by :meth:`DdsyMeter.step`. Its loads come from a
physics object with ``second(t)`` and ``cycle(branch, t)`` (``drivers.sim.physics.RoomPhysics``
or any stand-in with those methods, which is how tests inject power). Its state is exposed as
attributes for tests: ``balance_fen``, ``free_energy_cwh``, ``purchase_count``, ``accumulator``,
``branches[b].state_word`` / ``.closed`` / ``.trips_today``, ``log`` (the event FIFO), ``clock``,
``clock_set``, ``unlock_left``, ``capture_state``.

Time: the unlock window, the wrong-password block and every §9/§10 delay count simulated seconds
(``step`` calls); only the 50 ms busy window after a long write uses the real ``monotonic`` clock.

Where the spec leaves room, this model chooses (and an independent implementation may differ):
busy (06) follows unicast replies only; 03 for a half 32-bit value or a malformed purchase/slot
record is decided in the value stage, after protection (04); a refused broadcast unlock does not
count as a wrong password; power loss keeps the password, line settings and every register from
0x0200 up (forced control included) and loses trips-today; an empty slot (class 0) is stored
without checking its other fields; a switch-off is examined like a switch-on (increment threshold)
and logged when confirmed; a relay reclosing onto a load is a switch-on over a baseline of 0; event
16 is logged once per accepted write of parameters (force writes log 9, resets 14, purchases 10).
Factory state: prepaid mode 0, balance 0, clock not set.
"""

from __future__ import annotations

import time
from collections import ChainMap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from drivers.profiles.base import Register
from drivers.profiles.ddsy1946a13 import (
    BRANCHES,
    DDSY1946A13,
    FACTORY_PASSWORD,
    INPUT_REGISTER_SPAN,
    SAMPLES,
    SLOTS,
)
from drivers.signature import slot_matches, step_features
from drivers.sim import ddsy_events as ev
from drivers.sim.ddsy_branch import (
    FORCED_CLOSED,
    FORCED_OPEN,
    HOLIDAY_OPEN,
    LINKAGE_OPEN,
    LOW_POWER_MODE,
    LOW_POWER_TRIP,
    PREPAID_OPEN,
    SCHEDULE_OPEN,
    Branch,
    LoadConfig,
)
from drivers.sim.ddsy_prepaid import Prepaid
from drivers.sim.ddsy_registers import (
    FORCE_NAMES,
    PARAM_NAMES,
    default_params,
    measurement_values,
    slot_names,
    wave_values,
)
from drivers.sim.ddsy_schedule import BranchSchedule, Calendar, evaluate
from drivers.sim.quiet_room import QuietRoom
from drivers.sim.slave import ILLEGAL_VALUE, range_refusal

UNLOCK_S = 60
BLOCK_S = 600
WRONG_LIMIT = 5
CLOCK_EVENT_S = 60
CAPTURE_IDLE, CAPTURE_ARMED, CAPTURE_READY = 0, 1, 2
_ARM, _NOW = 0x0100, 0x0200   # capture command families (§14 values, not addresses)


class DdsyMeter:
    """One simulated DDSY1946A-13 (see module docstring for what tests may rely on)."""

    profile = DDSY1946A13
    functions = frozenset({0x03, 0x04, 0x06, 0x10})
    input_span: tuple[int, int] | None = INPUT_REGISTER_SPAN

    def __init__(self, address: int = 1, *, physics: Any = None, serial_number: int | None = None,
                 clock: int = 0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.physics = physics if physics is not None else QuietRoom()
        self.serial_number = 0x1946_0000 + address if serial_number is None else serial_number
        self.firmware_version = 0x0112
        self.monotonic = monotonic
        self.busy_until = 0.0
        self.powered = True
        self.log = ev.EventLog()
        self.prepaid = Prepaid(self.log)
        self.branches = [Branch(b) for b in range(BRANCHES)]
        self.params = default_params()
        self.params["address"] = address
        self.password = FACTORY_PASSWORD
        self.clock = clock & 0xFFFF_FFFF
        self.clock_set = False
        self.t = clock                      # physics time of the last second stepped
        self.unlock_left = 0
        self.block_left = 0
        self.wrong_passwords = 0
        self.v_rms = 0.0
        self.freq_hz = 0.0
        self.incoming = (0.0, 0.0, 0.0)     # one-second means p_w, q_var, i_a
        self.incoming_energy_cwh = 0
        self._incoming_ws = 0.0
        self.capture_state = CAPTURE_IDLE
        self.capture_branch = 0
        self.wave: tuple[list[int], list[int], list[int]] = ([0] * SAMPLES, [0] * SAMPLES, [0] * SAMPLES)
        self._day = self.clock // 86400
        self._sched_key: tuple[int, int, int] | None = None
        self._sched_bits = [0] * BRANCHES
        self._config_version = 0
        self._apply_params()
        self._refresh()

    # -- convenient views for tests and the fleet ---------------------------------------------

    @property
    def address(self) -> int:
        return self.params["address"]

    @property
    def balance_fen(self) -> int:
        return self.prepaid.balance_fen

    @property
    def free_energy_cwh(self) -> int:
        return self.prepaid.free_energy_cwh

    @property
    def purchase_count(self) -> int:
        return self.prepaid.purchase_count

    @property
    def accumulator(self) -> int:
        return self.prepaid.accumulator

    def configure(self, values: Mapping[str, int]) -> None:
        """Set parameter registers by name at once, as an accepted write would (benches and tests
        that run a meter without a line)."""
        unknown = set(values) - set(self.params)
        if unknown:
            raise KeyError(f"no such parameters: {', '.join(sorted(unknown))}")
        self.params.update(values)
        self._apply_params()

    def state_words(self) -> list[int]:
        return [b.state_word for b in self.branches]

    # -- simulated time -----------------------------------------------------------------------

    def step(self, t: int) -> None:
        """Run physics second ``t`` (energy, deduction, schedules, load control, events)."""
        if not self.powered:
            return
        rs = self.physics.second(t)
        branches = self.branches
        closed = [b.closed for b in branches]
        for b, is_closed, s in zip(branches, closed, rs.branches, strict=True):
            if is_closed:
                b.p_w, b.q_var, b.i_a = s.p_w, s.q_var, s.i_rms_a
                if s.p_w > 0.0:
                    b.energy_ws += s.p_w
                    if b.energy_ws >= 36000.0:
                        n = int(b.energy_ws // 36000.0)
                        b.energy_cwh = (b.energy_cwh + n) & 0xFFFF_FFFF
                        b.energy_ws -= n * 36000.0
            else:
                b.p_w = b.q_var = b.i_a = 0.0
        inc = rs.incoming(closed)
        self.incoming = (inc.p_w, inc.q_var, inc.i_rms_a)
        self.v_rms, self.freq_hz = rs.v_rms, rs.freq_hz
        self.t = t
        self.clock = (self.clock + 1) & 0xFFFF_FFFF
        self._day_rollover()
        if self.unlock_left:
            self.unlock_left -= 1
        if self.block_left:
            self.block_left -= 1
            if not self.block_left:
                self.wrong_passwords = 0
        if inc.p_w > 0.0:
            self._incoming_ws += inc.p_w
            if self._incoming_ws >= 36000.0:
                n = int(self._incoming_ws // 36000.0)
                self._incoming_ws -= n * 36000.0
                self.energy_steps(n)
        self._conditions()
        for b, is_closed in zip(branches, closed, strict=True):
            b.second(self, t, is_closed, self.clock_set)
        self._refresh()

    def energy_steps(self, n: int) -> None:
        """Advance the billed register 0x0106 by ``n`` 0.01 kWh steps, deducting each (§5)."""
        self.incoming_energy_cwh = (self.incoming_energy_cwh + n) & 0xFFFF_FFFF
        was = self.prepaid.tripped
        self.prepaid.deduct(n, self.clock)
        if self.prepaid.tripped != was:
            self._refresh()

    def power_loss(self) -> None:
        """Mains lost: event 11; the meter neither steps nor replies until ``power_up``."""
        if self.powered:
            self.log.log(ev.POWER_DOWN, ev.WHOLE_METER, self.clock)
            self.powered = False

    def power_up(self) -> None:
        """Mains back: event 12, clock continues from its stored value with status bit 8 set (§12).

        Kept: registers from 0x0200 up, money, energies, the event log, latches. Lost: the unlock
        window, wrong-password count and block, trips-today, detector timers, live measurements.
        """
        if self.powered:
            return
        self.powered = True
        self.clock_set = False
        self.unlock_left = self.block_left = self.wrong_passwords = 0
        self.busy_until = 0.0
        self.v_rms = self.freq_hz = 0.0
        self.incoming = (0.0, 0.0, 0.0)
        for b in self.branches:
            b.reset_counters()
            b.trips_today = 0
            b.p_w = b.q_var = b.i_a = 0.0
        self._sched_key = None
        self.log.log(ev.POWER_UP, ev.WHOLE_METER, self.clock)
        self._refresh()

    def _day_rollover(self) -> None:
        day = self.clock // 86400
        if day != self._day:
            self._day = day
            for b in self.branches:
                b.trips_today = 0

    # -- state word inputs --------------------------------------------------------------------

    def _conditions(self) -> None:
        """Recompute state bits 1-4 and 9-11 of every branch (schedules cached per minute)."""
        if self.clock_set:
            key = (self.clock // 86400, self.clock % 86400 // 60, self._config_version)
            if key != self._sched_key:
                self._sched_key = key
                day, minute = key[0], key[1]
                for k, b in enumerate(self.branches):
                    st = evaluate(self.calendar, b.schedule, day, minute)
                    self._sched_bits[k] = ((HOLIDAY_OPEN if st.holiday_off else 0)
                                           | (0 if not st.off_period else
                                              LOW_POWER_MODE if st.low_power else SCHEDULE_OPEN))
        else:
            self._sched_key = None
            self._sched_bits = [0] * BRANCHES
        tripped = self.prepaid.tripped
        mask = self.prepaid.trip_mask
        linkage = LINKAGE_OPEN if self.params["linkage_lock"] else 0
        for k, b in enumerate(self.branches):
            force = FORCED_OPEN if b.force == 1 else FORCED_CLOSED if b.force == 2 else 0
            pre = PREPAID_OPEN if tripped and mask >> k & 1 else 0
            b.conditions = force | self._sched_bits[k] | pre | linkage
            if self.clock_set and not b.conditions & LOW_POWER_MODE:
                b.latches &= ~LOW_POWER_TRIP  # the off period ended (§9)

    def _refresh(self) -> None:
        self._conditions()
        for b in self.branches:
            b.update_relay()

    def status_word(self) -> int:
        bits = self.prepaid.status_bits()
        if self.clock_set:
            day = self.clock // 86400
            if self.calendar.is_holiday(day):
                bits |= 1 << 4
            if self.calendar.in_term(day):
                bits |= 1 << 5
            if any(b.conditions & (SCHEDULE_OPEN | LOW_POWER_MODE) for b in self.branches):
                bits |= 1 << 6
        else:
            bits |= 1 << 8
        if self.params["linkage_lock"]:
            bits |= 1 << 7
        if self.unlock_left:
            bits |= 1 << 9
        if len(self.log):
            bits |= 1 << 10
        if self.log.lost:
            bits |= 1 << 11
        if self.block_left:
            bits |= 1 << 12
        return bits

    # -- services the branches call -----------------------------------------------------------

    def match_slot(self, slot_class: int, dp: int, features: Mapping[str, int]) -> int | None:
        """§11: the first slot of ``slot_class`` in index order that the event matches."""
        for i, (cls, sdp, spf, si3, si5, sthd, tol) in enumerate(self._slots):
            if cls == slot_class and slot_matches(sdp, spf, si3, si5, sthd, tol, dp, features["pf"],
                                                  features["i3"], features["i5"], features["thd"]):
                return i
        return None

    def step_features(self, branch: int, t0: int, powers: Sequence[float]) -> dict[str, int]:
        """§13 step features of the step at physics second ``t0``; ``powers`` are the one-second
        means over the decision delay (for the fluctuation)."""
        ph = self.physics
        i_pre = self._cycle_before(branch, t0)
        v, i_post = ph.cycle(branch, t0 + 1.0)
        period = 1.0 / (self.freq_hz or 50.0)
        # one-cycle RMS of the step current in the first 100 ms (steps fall on whole seconds)
        cycles = [float(np.sqrt(np.mean((ph.cycle(branch, t0 + k * period - 1e-4)[1] - i_pre) ** 2)))
                  for k in range(5)]
        f = step_features(v, i_pre, i_post, cycles_rms=cycles, powers=powers)
        return {"pf": f.pf_milli, "i3": f.i3_permille, "i5": f.i5_permille, "i7": f.i7_permille,
                "thd": f.thd_permille, "crest": f.crest_centi, "inrush": f.inrush_centi,
                "fluctuation": f.fluctuation_permille}

    def _cycle_before(self, branch: int, t0: float) -> np.ndarray:
        ph = self.physics
        if hasattr(ph, "cycle_before"):
            return ph.cycle_before(branch, t0)[1]
        return ph.cycle(branch, t0 - 1.0 / (self.freq_hz or 50.0) - 1e-3)[1]

    def switch_on_seen(self, branch: int, t0: int) -> None:
        """A switch-on of >= 20 W: complete an armed capture of this branch (§14)."""
        if self.capture_state == CAPTURE_ARMED and self.capture_branch == branch:
            v, i_post = self.physics.cycle(branch, t0 + 1.0)
            self._store_wave(v, i_post, self._cycle_before(branch, t0))

    def _store_wave(self, v: np.ndarray, i_post: np.ndarray, i_pre: np.ndarray | None) -> None:
        def s16(x: np.ndarray) -> list[int]:
            return [int(y) for y in np.clip(np.floor(x + 0.5), -0x8000, 0x7FFF)]

        self.wave = (s16(v * 10.0), s16(i_post * 1000.0),
                     s16(i_pre * 1000.0) if i_pre is not None else [0] * SAMPLES)
        self.capture_state = CAPTURE_READY

    # -- slave device: reads ------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self.monotonic() < self.busy_until

    def read_values(self, start: int, count: int) -> Mapping[str, int]:
        end = start + count - 1
        p = self.profile
        dyn: dict[str, int] = {
            "model_code": p.model_code, "profile_version": 1, "firmware_version": self.firmware_version,
            "serial_number": self.serial_number, "branch_mask": (1 << BRANCHES) - 1,
            "unlock_seconds": self.unlock_left, "clock": self.clock,
        }
        if _overlaps(p.block("measurement"), start, end):
            dyn.update(measurement_values(self))
        recs = p.block("purchase_records", 0), p.block("purchase_records", 1)
        if _overlaps(recs[0], start, end) or _overlaps(recs[1], start, end):
            dyn.update(self.prepaid.record_values())
        if _overlaps(p.block("event"), start, end):
            dyn["event_log_pending"] = len(self.log)
            oldest = self.log.oldest()
            if oldest is not None:
                dyn.update(oldest.register_values())
        first, last = p.block("waveform", 0), p.block("waveform", p.block_count("waveform") - 1)
        if start <= last.end and end >= first.start:
            dyn["capture_state"] = self.capture_state
            dyn["samples_per_cycle"] = SAMPLES
            if self.capture_state == CAPTURE_READY:
                dyn.update(wave_values(self.wave))
        return ChainMap(dyn, self.params)

    # -- slave device: writes -----------------------------------------------------------------

    def protection_refuses(self, regs: Sequence[Register], broadcast: bool) -> bool:
        if self.block_left and any(r.name == "unlock" for r in regs):
            return True
        return not self.unlock_left and any(r.protected for r in regs)

    def write(self, start: int, words: Sequence[int], regs: Sequence[Register],
              broadcast: bool) -> int | None:
        values = self.profile.decode(start, words)
        if "unlock" in values:  # neighbours are read-only, so an unlock write is always alone
            return self._unlock(values["unlock"], broadcast)
        code = self._refusal(start, len(words), values, regs)
        if code is not None:
            return code
        self._apply(values, regs)
        return None

    def _unlock(self, value: int, broadcast: bool) -> int | None:
        if value == 0:
            self.unlock_left = 0
            return None
        if value == self.password:
            self.unlock_left = UNLOCK_S
            self.wrong_passwords = 0
            return None
        if not broadcast:  # a refused broadcast is ignored without effect
            self.wrong_passwords += 1
            if self.wrong_passwords >= WRONG_LIMIT:
                self.wrong_passwords = 0
                self.block_left = BLOCK_S
                self.log.log(ev.UNLOCK_BLOCKED, ev.WHOLE_METER, self.clock)
        return ILLEGAL_VALUE

    def _refusal(self, start: int, count: int, values: dict[str, int],
                 regs: Sequence[Register]) -> int | None:
        purchase = self.profile.block("purchase")
        if "purchase_sequence" in values or "purchase_kind" in values or "purchase_amount" in values \
                or "purchase_tag" in values:
            if (start, count) != (purchase.start, purchase.count):
                return ILLEGAL_VALUE
        for i in {int(n[4:n.index("_")]) for n in values if n.startswith("slot")}:
            names = slot_names(i)
            if not all(n in values for n in names):
                return ILLEGAL_VALUE  # slots are written whole (§11)
            if values[names[0]] == 0:
                values = dict(values)  # an empty slot's fields are not checked
                values[names[6]] = 1
        if range_refusal(regs, values):
            return ILLEGAL_VALUE
        if "event_ack" in values:
            oldest = self.log.oldest()
            if oldest is None or oldest.sequence != values["event_ack"]:
                return ILLEGAL_VALUE
        if "purchase_sequence" in values and self.prepaid.purchase_refused(
                values["purchase_sequence"], values["purchase_kind"], values["purchase_amount"]):
            return ILLEGAL_VALUE
        return None

    def _apply(self, values: dict[str, int], regs: Sequence[Register]) -> None:
        clock = self.clock
        params = self.params
        changed_params = False
        for name, value in values.items():
            if name in PARAM_NAMES:
                if name in FORCE_NAMES:
                    b = FORCE_NAMES.index(name)
                    if params[name] != value:
                        params[name] = value
                        self.log.log(ev.FORCED_CONTROL, b, clock)
                else:
                    params[name] = value
                    changed_params = True
        if "new_password" in values:
            self.password = values["new_password"]
            changed_params = True
        if "clock" in values:
            new = values["clock"]
            if abs(new - self.clock) > CLOCK_EVENT_S:
                self.log.log(ev.CLOCK_MOVED, ev.WHOLE_METER, new)
            self.clock = new
            self.clock_set = True
            self._day_rollover()
        if "purchase_sequence" in values:
            self.prepaid.purchase(values["purchase_sequence"], values["purchase_kind"],
                                  values["purchase_amount"], values["purchase_tag"], self.clock)
        if "reset_trips" in values:
            for b in self.branches:
                if values["reset_trips"] >> b.index & 1:
                    b.reset_trips()
                    self.log.log(ev.TRIPS_RESET, b.index, clock)
        if "event_ack" in values:
            self.log.acknowledge(values["event_ack"])
        if "capture_arm" in values:
            self._capture_command(values["capture_arm"])
        if changed_params:
            self.log.log(ev.PARAMETERS_CHANGED, ev.WHOLE_METER, clock)
        if any(r.protected for r in regs):
            self.unlock_left = UNLOCK_S  # every accepted protected write restarts the window
        self._apply_params()
        self.prepaid.check_trip(self.clock)
        self._refresh()

    def _capture_command(self, value: int) -> None:
        if value == 0:
            self.capture_state = CAPTURE_IDLE
        elif value & 0xFF00 == _ARM:
            self.capture_state = CAPTURE_ARMED
            self.capture_branch = value & 0xFF
        else:  # _NOW: capture the present cycle, no "before" cycle
            b = value & 0xFF
            self.capture_branch = b
            v, i = self.physics.cycle(b, self.t + 0.5)
            self._store_wave(v, i if self.branches[b].closed else i * 0.0, None)

    def _apply_params(self) -> None:
        """Push the parameter registers into the objects that act on them."""
        p = self.params
        pre = self.prepaid
        pre.unit_price = p["unit_price"]
        pre.alarm1, pre.alarm2 = p["alarm1_amount"], p["alarm2_amount"]
        pre.overdraft, pre.trip_mask = p["overdraft_limit"], p["prepaid_trip_mask"]
        if p["prepaid_mode"] != pre.mode:
            pre.set_mode(p["prepaid_mode"], self.clock)
        self.calendar = Calendar.from_params(p)
        for b in self.branches:
            b.force = p[FORCE_NAMES[b.index]]
            b.schedule = BranchSchedule.from_params(p, b.index)
            b.load = LoadConfig.from_params(p, b.index)
        self._slots = [tuple(p[n] for n in slot_names(i)[:7]) for i in range(SLOTS)]
        self._config_version += 1


def _overlaps(block: Any, start: int, end: int) -> bool:
    return start <= block.end and end >= block.start
