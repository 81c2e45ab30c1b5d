"""Room physics: what the three branches of one dormitory room draw, second by second and cycle by cycle.

A :class:`RoomPhysics` is deterministic from its seed. ``second(t)`` gives one-second means from the
appliance models' analytic figures (no waveforms, a few microseconds); ``cycle(branch, t)`` synthesises
the 128-sample voltage and current of one cycle from the same appliances, the same per-second power
jitter and the same switching schedule, so figures computed from cycles agree with ``second``.

Time ``t`` is simulated seconds since 2000-01-01 00:00 local. Branch 0 = lighting, 1 = sockets,
2 = air conditioning. Every appliance switches on and off at whole seconds, so a second's mean is
the steady draw of what is on at its start (the inrush of the first 100 ms shows only in ``cycle``).
"""
from __future__ import annotations

import math
import random
from bisect import bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from drivers.sim.appliances import (
    APPLIANCES,
    NOMINAL_V,
    SAMPLES,
    Appliance,
    inner,
    make_appliance,
    supply_spectrum,
    to_samples,
)
from drivers.sim.routine import DAY_S, Routine, mix, unit

SAMPLES_PER_CYCLE = SAMPLES
_PAIR_BUCKET = {(0, 1): 3, (0, 2): 4, (1, 2): 5}
_INRUSH_WINDOW_S = 0.1


@dataclass(frozen=True)
class BranchSecond:
    """One-second mean of one branch with its relay closed.

    ``q_var`` is sign × √(S² − P²) with S = V_rms × I_rms (the §13 step convention), the sign that of
    the fundamental reactive power (inductive positive); so P² + Q² = S² holds for every branch.
    """

    p_w: float
    q_var: float
    i_rms_a: float


_IDLE = BranchSecond(0.0, 0.0, 0.0)


@dataclass(frozen=True)
class RoomSecond:
    """Supply and what each branch WOULD draw during one second if its relay is closed.

    ``cross_a2`` holds mean(i0·i1), mean(i0·i2), mean(i1·i2) and ``q1_var`` the fundamental reactive
    power per branch; :meth:`incoming` uses them to give the incoming line for any relay states.
    """

    v_rms: float
    freq_hz: float
    branches: tuple[BranchSecond, BranchSecond, BranchSecond]
    cross_a2: tuple[float, float, float] = (0.0, 0.0, 0.0)
    q1_var: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def incoming(self, closed: Sequence[bool]) -> BranchSecond:
        """The incoming line's one-second mean when branch b's relay is closed exactly when closed[b]."""
        p = q1 = i2 = 0.0
        for b in range(3):
            if closed[b]:
                br = self.branches[b]
                p += br.p_w
                q1 += self.q1_var[b]
                i2 += br.i_rms_a * br.i_rms_a
        for (b, c), k in _PAIR_BUCKET.items():
            if closed[b] and closed[c]:
                i2 += 2.0 * self.cross_a2[k - 3]
        return _branch(self.v_rms, p, q1, i2)


def _jitter(key: int, t: int) -> float:
    """Zero-mean, unit-variance, bounded (|x| < 2.45) noise for second t: (u1 + u2 - 1)·√6."""
    return (unit(key, t) + unit(key, t + 0x5DEECE66D) - 1.0) * 2.449489742783178


def _branch(v: float, p: float, q1: float, i2: float) -> BranchSecond:
    if i2 <= 1e-12:
        return _IDLE
    i = math.sqrt(i2)
    s = v * i
    return BranchSecond(p, math.copysign(math.sqrt(max(s * s - p * p, 0.0)), q1), i)


class _State:
    """A set of active appliances with everything ``second`` needs precomputed (shared by many seconds)."""

    __slots__ = ("ids", "exps", "sigmas", "keys", "branches", "p0", "q0", "pairs", "by_branch")

    def __init__(self, ids: tuple[int, ...], devices: list[Appliance], noise_keys: list[int]) -> None:
        self.ids = ids
        devs = [devices[i] for i in ids]
        self.exps = [d.model.voltage_exponent for d in devs]
        self.sigmas = [d.model.fluctuation for d in devs]
        self.keys = [noise_keys[i] for i in ids]
        self.branches = [d.branch for d in devs]
        self.p0 = [d.p_w for d in devs]
        self.q0 = [d.q1_var for d in devs]
        self.by_branch = tuple([n for n, d in enumerate(devs) if d.branch == b] for b in range(3))
        pairs = []
        for a in range(len(devs)):
            for c in range(a, len(devs)):
                g = inner(devs[a].spectrum, devs[c].spectrum) * (1.0 if a == c else 2.0)
                ba, bc = devs[a].branch, devs[c].branch
                pairs.append((a, c, g, ba if ba == bc else _PAIR_BUCKET[(min(ba, bc), max(ba, bc))]))
        self.pairs = pairs


class RoomPhysics:
    """One dormitory room: occupants' routine, appliances, supply; deterministic from seed.

    ``occupants=0`` gives an empty room whose only load is the air conditioner's standby (when
    ``has_ac``): a clean bench for scripted appliances. ``mischief`` is each occupant's daily chance
    of using a banned appliance (kettle, hair dryer, heater, induction or rice cooker, blanket), and
    the room's daily chance of unplugging the air conditioner to boil a kettle in its outlet.
    Methods may be called from several threads (e.g. the fleet's clock and a waveform capture):
    shared state is only caches and append-only override lists, so the worst a race does is build
    a cache entry twice.
    """

    def __init__(self, seed: int, occupants: int = 4, *, has_ac: bool = True, mischief: float = 0.02) -> None:
        self.seed = seed
        rng_key = mix(seed, 11)
        self._v_base = 216.0 + 8.0 * unit(rng_key, 1)
        self._v_phase = [2 * math.pi * unit(rng_key, k) for k in range(2, 7)]
        self._v_key, self._f_key = mix(seed, 12), mix(seed, 13)
        self.supply = supply_spectrum(NOMINAL_V, 0.02 + 0.015 * unit(rng_key, 8),
                                      0.008 + 0.012 * unit(rng_key, 9))
        self.supply.setflags(write=False)
        self._routine = Routine(seed, occupants, has_ac, mischief, self.supply)
        self._devices = self._routine.devices
        self._noise_keys = [mix(seed, 14, d.ident) for d in self._devices]
        self._states: dict[tuple[int, ...], _State] = {}
        # day -> (segment starts, states, on-since maps); a few days kept
        self._days: dict[int, tuple[list[int], list[_State], list[dict[int, int]]]] = {}
        self._overrides: dict[tuple[int, str], list[tuple[int, int, bool]]] = {}
        self._scripted: dict[tuple[int, str], int] = {}
        self._seq = 0

    # -- supply ---------------------------------------------------------------------------------
    def _grid(self, t: int) -> tuple[float, float]:
        ph = self._v_phase
        h = (t % DAY_S) / 3600.0
        eve = (h - 20.5 + 12.0) % 24.0 - 12.0
        night = (h - 4.0 + 12.0) % 24.0 - 12.0
        v = (self._v_base - 3.0 * math.exp(-eve * eve / 4.0) + 1.5 * math.exp(-night * night / 9.0)
             + 0.4 * math.sin(t * 0.04586 + ph[0]) + 0.9 * math.sin(t * 0.006083 + ph[1])
             + 1.2 * math.sin(t * 0.001254 + ph[2]) + 0.25 * (unit(self._v_key, t) - 0.5))
        f = (50.0 + 0.028 * math.sin(t * 0.010283 + ph[3]) + 0.012 * math.sin(t * 0.064775 + ph[4])
             + 0.008 * (unit(self._f_key, t) - 0.5))
        return v, min(max(f, 49.95), 50.05)

    # -- schedule -------------------------------------------------------------------------------
    def _state(self, ids: tuple[int, ...]) -> _State:
        st = self._states.get(ids)
        if st is None:
            st = self._states[ids] = _State(ids, self._devices, self._noise_keys)
        return st

    def _day(self, day: int) -> tuple[list[int], list[_State], list[dict[int, int]]]:
        plan = self._days.get(day)
        if plan is None:
            if len(self._days) >= 6:
                self._days.pop(next(iter(self._days)), None)
            starts, sets, since = self._routine.segments(day)
            plan = self._days[day] = (starts, [self._state(s) for s in sets], since)
        return plan

    def _at(self, t: float) -> tuple[_State, dict[int, int]]:
        """Active set at t (natural schedule plus scripted overrides) and each member's switch-on time."""
        ti = math.floor(t)
        starts, states, since = self._day(ti // DAY_S)
        n = bisect_right(starts, ti) - 1
        state, on_since = states[n], since[n]
        if not self._overrides:
            return state, on_since
        forced: dict[tuple[int, str], tuple[int, bool]] = {}
        for key, marks in list(self._overrides.items()):   # snapshot: plug() may run on another thread
            k = bisect_right(marks, (ti, math.inf)) - 1
            if k >= 0:
                forced[key] = (marks[k][0], marks[k][2])
        for b in range(3):   # an air conditioner forced on or off brings its standby electronics along
            ac, sb = forced.get((b, "air_conditioner")), forced.get((b, "ac_standby"))
            if ac is not None and (sb is None or ac[0] >= sb[0]):
                forced[(b, "ac_standby")] = ac
        if not forced:
            return state, on_since
        devs = self._devices
        ids = [i for i in state.ids if (devs[i].branch, devs[i].name) not in forced]
        on_since = dict(on_since)
        for key, (t0, on) in forced.items():
            if on and key in self._scripted:
                i = self._scripted[key]
                ids.append(i)
                if on_since.get(i, t0 + 1) > t0:   # unless it was already running when forced on
                    on_since[i] = t0
        return self._state(tuple(sorted(ids))), on_since

    # -- public ---------------------------------------------------------------------------------
    def second(self, t: int) -> RoomSecond:
        """One-second means for second t (t integer): supply and each branch's would-be draw."""
        v, f = self._grid(t)
        state, _ = self._at(t)
        s = v / NOMINAL_V
        pw = (1.0 / s, 1.0, s)
        g = [pw[k] * (1.0 + sig * _jitter(key, t)) if sig else pw[k]
             for k, sig, key in zip(state.exps, state.sigmas, state.keys, strict=True)]
        p = [0.0, 0.0, 0.0]
        q = [0.0, 0.0, 0.0]
        for n, b in enumerate(state.branches):
            p[b] += s * g[n] * state.p0[n]
            q[b] += s * g[n] * state.q0[n]
        acc = [0.0] * 6
        for a, c, gram, bucket in state.pairs:
            acc[bucket] += gram * g[a] * g[c]
        return RoomSecond(v, f, (_branch(v, p[0], q[0], acc[0]), _branch(v, p[1], q[1], acc[1]),
                                 _branch(v, p[2], q[2], acc[2])),
                          (acc[3] / 2.0, acc[4] / 2.0, acc[5] / 2.0), (q[0], q[1], q[2]))

    def zero_crossing(self, t: float) -> float:
        """The first rising zero crossing of the voltage at or after t (one falls on every whole second)."""
        sec = math.floor(t)
        f = self._grid(sec)[1]
        k = math.ceil((t - sec) * f - 1e-9)
        start = sec + k / f
        return float(sec + 1) if start >= sec + 1 else start

    def cycle(self, branch: int, t: float) -> tuple[np.ndarray, np.ndarray]:
        """One cycle from the rising zero crossing at or after t: (v volts, i amperes), float64[128] each.

        Includes the inrush of appliances switched on less than 100 ms before the cycle, the second's
        power jitter (as in ``second``) and a little deterministic cycle-to-cycle noise.
        """
        start = self.zero_crossing(t)
        sec = math.floor(start)
        v_rms, f = self._grid(sec)
        s = v_rms / NOMINAL_V
        pw = (1.0 / s, 1.0, s)
        state, on_since = self._at(start)
        spec = np.zeros_like(self.supply)
        for n in state.by_branch[branch]:
            dev = self._devices[state.ids[n]]
            key, sig = state.keys[n], state.sigmas[n]
            gain = pw[state.exps[n]]
            if sig:
                gain *= 1.0 + sig * _jitter(key, sec)
            age = start - on_since.get(dev.ident, -10)
            if 0.0 <= age < _INRUSH_WINDOW_S and dev.inrush != 1.0:
                gain *= 1.0 + (dev.inrush - 1.0) * math.exp(-age / dev.model.inrush_tau_s)
            spec = spec + gain * dev.spectrum
        rng = np.random.default_rng([self.seed & 0xFFFFFFFF, branch, sec, round((start - sec) * f)])
        noise = rng.standard_normal(2 * SAMPLES + 1)
        v = to_samples(self.supply * s) + 0.05 * noise[:SAMPLES]
        i = to_samples(spec) * (1.0 + 0.002 * noise[-1]) + 0.0005 * noise[SAMPLES:-1]
        return v, i

    def cycle_before(self, branch: int, t: float) -> tuple[np.ndarray, np.ndarray]:
        """The last full cycle that ends at or before t (the "before the step" cycle of spec §14)."""
        start = self.zero_crossing(t - 0.05)
        best = start
        while True:
            nxt = self.zero_crossing(start + 1e-6)
            if nxt + 1.0 / self._grid(math.floor(nxt))[1] > t + 1e-9:
                break
            start = best = nxt
        return self.cycle(branch, best)

    def plug(self, branch: int, appliance: str, on: bool, t: int) -> None:
        """From second t on, force appliance on (or off) on branch, overriding the routine for it.

        Forcing on uses the room's own device of that name on that branch if it has one (so forcing
        off silences the routine's use of it), else a mid-range device of the model. Forcing
        ``air_conditioner`` off unplugs the whole unit (its standby too); forcing it on runs the
        compressor with the standby electronics. A later call for the same branch and appliance
        supersedes an earlier one from its own t on. Raises ValueError for an unknown name or branch.
        """
        if appliance not in APPLIANCES:
            raise ValueError(f"unknown appliance {appliance!r}; known: {', '.join(sorted(APPLIANCES))}")
        if branch not in (0, 1, 2):
            raise ValueError(f"branch must be 0, 1 or 2, not {branch}")
        names = [appliance] + (["ac_standby"] if appliance == "air_conditioner" else [])
        if on:
            for name in names:
                self._scripted_device(branch, name)
        self._seq += 1
        insort(self._overrides.setdefault((branch, appliance), []), (int(t), self._seq, bool(on)))

    def add_device(self, model: str, rng: random.Random | None = None, branch: int | None = None) -> Appliance:
        """A new device of ``model`` in this room (drawn from the model's spread with rng, the
        mid-range device without), off until :meth:`switch` turns it on. For benches that need one
        particular device, not the room's own."""
        if model not in APPLIANCES:
            raise ValueError(f"unknown appliance {model!r}; known: {', '.join(sorted(APPLIANCES))}")
        dev = make_appliance(APPLIANCES[model], len(self._devices), self.supply, rng, branch)
        self._devices.append(dev)
        self._noise_keys.append(mix(self.seed, 14, dev.ident))
        self._scripted[(dev.branch, f"#{dev.ident}")] = dev.ident
        return dev

    def switch(self, device: Appliance, on: bool, t: int) -> None:
        """From second t on, a device made by :meth:`add_device` is on (or off)."""
        key = (device.branch, f"#{device.ident}")
        if self._scripted.get(key) != device.ident:
            raise ValueError("switch() takes a device made by this room's add_device()")
        self._seq += 1
        insort(self._overrides.setdefault(key, []), (int(t), self._seq, bool(on)))

    def unplug_all_scripted(self) -> None:
        """Drop every override: the room follows its routine again."""
        self._overrides.clear()

    def active(self, t: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Names of the appliances drawing power on each branch at second t (for demos and tests)."""
        state, _ = self._at(t)
        lighting, sockets, ac = (tuple(sorted(self._devices[state.ids[n]].name for n in state.by_branch[b]))
                                 for b in range(3))
        return lighting, sockets, ac

    def _scripted_device(self, branch: int, name: str) -> int:
        key = (branch, name)
        if key not in self._scripted:
            own = [d.ident for d in self._devices if d.branch == branch and d.name == name]
            if own:
                self._scripted[key] = own[0]
            else:
                dev = make_appliance(APPLIANCES[name], len(self._devices), self.supply, branch=branch)
                self._devices.append(dev)
                self._noise_keys.append(mix(self.seed, 14, dev.ident))
                self._scripted[key] = dev.ident
        return self._scripted[key]
