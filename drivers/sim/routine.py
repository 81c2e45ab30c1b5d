"""A dormitory room's daily routine: who is in, what they switch on and when, deterministic per seed.

:class:`Routine` owns the room's devices and turns calendar, weather and the occupants' days into
on/off intervals at whole seconds. ``segments(day)`` gives the day as constant stretches (each with
the set of active devices and when each of them switched on), which the physics caches per day.

The calendar is a Chinese university's: classes on weekdays, winter vacation mid-January to late
February, summer vacation 8 July – 31 August, National Day week; the weather (shared by all rooms
of a seed-independent campus) is warm from May to September, coolest in January.
"""
from __future__ import annotations

import datetime as _dt
import math
import random
from collections.abc import Callable

import numpy as np

from drivers.sim.appliances import APPLIANCES, Appliance, make_appliance

DAY_S = 86400
_H = 3600
_M64 = (1 << 64) - 1
_EPOCH = _dt.date(2000, 1, 1)
Span = tuple[int, int]
# the banned models every room has had from the start (drawn from the room's first generator)
_FIRST_BANNED = frozenset({"kettle", "heater", "hair_dryer", "hair_dryer_half", "induction_cooker", "rice_cooker",
                           "rice_cooker_warm", "electric_blanket"})


def unit(key: int, t: int) -> float:
    """A uniform number in [0, 1) that depends only on (key, t) (splitmix64 finaliser)."""
    x = (key + t * 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return (x ^ (x >> 31)) / 18446744073709551616.0


def mix(*parts: int) -> int:
    """A 64-bit key from integers, stable across runs (no use of hash())."""
    key = 0x2545F4914F6CDD1D
    for p in parts:
        key = int(unit(key, p) * 18446744073709551616.0)
    return key


def _union(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _intersect(xs: list[Span], ys: list[Span]) -> list[Span]:
    return _union([(max(a, c), min(b, d)) for a, b in xs for c, d in ys if min(b, d) > max(a, c)])


def _subtract(span: Span, holes: list[Span]) -> list[Span]:
    out, start = [], span[0]
    for a, b in _union(holes):
        if a > start:
            out.append((start, min(a, span[1])))
        start = max(start, b)
    if start < span[1]:
        out.append((start, span[1]))
    return [s for s in out if s[1] > s[0]]


def _cycles(r: random.Random, span: Span, on: tuple[int, int], off: tuple[int, int]) -> list[Span]:
    """A thermostat or compressor: on/off cycles filling span, starting with an on period."""
    out, t = [], span[0]
    while t < span[1]:
        end = min(t + r.randint(*on), span[1])
        out.append((t, end))
        t = end + r.randint(*off)
    return out


class _Calendar:
    """Facts about one day number: weekday, vacation, daylight and the campus weather."""

    def __init__(self, day: int) -> None:
        date = _EPOCH + _dt.timedelta(days=day)
        doy = date.timetuple().tm_yday
        md = (date.month, date.day)
        self.rest = date.weekday() >= 5
        self.vacation = ((1, 15) <= md <= (2, 25) or (7, 8) <= md <= (8, 31) or (10, 1) <= md <= (10, 7))
        season = math.cos(2 * math.pi * (doy - 172) / 365.25)
        self.sunrise = int((6.4 - 0.7 * season) * _H)
        self.sunset = int((18.4 + 1.0 * season) * _H)
        weather = random.Random(mix(7, day))     # seed-independent: one campus, one weather
        self.t_mean = 16.5 + 12.5 * math.cos(2 * math.pi * (doy - 201) / 365.25) + weather.uniform(-2.5, 2.5)

    def temperature(self, sec_of_day: float) -> float:
        return self.t_mean + 4.0 * math.cos(2 * math.pi * (sec_of_day / _H - 15.0) / 24.0)


class Routine:
    """The room's devices and their on/off intervals; everything is a pure function of the seed."""

    def __init__(self, seed: int, occupants: int, has_ac: bool, mischief: float, supply: np.ndarray) -> None:
        self.seed, self.occupants, self.has_ac, self.mischief = seed, occupants, has_ac, mischief
        self.devices: list[Appliance] = []
        r = random.Random(mix(seed, 1))

        def add(name: str, branch: int | None = None, rng: random.Random = r) -> int:
            dev = make_appliance(APPLIANCES[name], len(self.devices), supply, rng, branch)
            self.devices.append(dev)
            return dev.ident

        self.lamp = add("lamp")
        self.people = []
        for _ in range(occupants):
            self.people.append({"phone": add("phone_charger"),
                                "laptop": add("laptop") if r.random() < 0.9 else None,
                                "monitor": add("monitor") if r.random() < 0.3 else None,
                                "desk_lamp": add("desk_lamp") if r.random() < 0.5 else None})
        self.fan = add("fan") if occupants and r.random() < 0.8 else None
        self.always = [add("router")] if occupants and r.random() < 0.7 else []
        self.ac = self.ac_standby = self.ac_kettle = None
        if has_ac:
            self.ac, self.ac_standby = add("air_conditioner"), add("ac_standby")
            self.always.append(self.ac_standby)
            self.ac_kettle = add("kettle", 2)       # the classic: AC unplugged, kettle in its outlet
        # models added to the catalogue later draw from a generator of their own: the devices and
        # draws of rooms built before them stay as they were
        extra = random.Random(mix(seed, 4))
        self.banned = {name: add(name, rng=r if name in _FIRST_BANNED else extra)
                       for name, m in APPLIANCES.items() if m.mischief}
        self.ac_threshold = r.uniform(26.0, 28.0)
        self.dispenser = add("water_dispenser", rng=extra) if occupants and extra.random() < 0.35 else None
        self._plans: dict[int, list[tuple[int, int, int, int]]] = {}
        self._people_days: dict[tuple[int, int], tuple[bool, int, int, list[Span]]] = {}

    # -- one occupant's day ---------------------------------------------------------------------
    def _person_day(self, who: int, day: int) -> tuple[bool, int, int, list[Span]]:
        """(present, wake, sleep, away spans), seconds from the day's midnight; sleep may pass 24 h."""
        key = (who, day)
        known = self._people_days.get(key)
        if known is None:
            if len(self._people_days) > 64:
                self._people_days.clear()
            cal, r = _Calendar(day), random.Random(mix(self.seed, 2, who, day))
            present = r.random() < (0.08 if cal.vacation else 0.97)
            free = cal.rest or cal.vacation
            wake = int(r.uniform(8.5, 11.0) * _H) if free else int(r.uniform(6.6, 7.8) * _H)
            sleep = int(r.uniform(23.5, 26.0) * _H) if free else int(r.uniform(23.0, 25.5) * _H)
            away: list[Span] = []

            def out(p: float, a: float, b: float) -> None:
                if r.random() < p:
                    away.append((int(a * _H), int(b * _H)))
            if not free:
                out(0.85, r.uniform(7.7, 7.95), r.uniform(11.8, 12.2))
                out(0.5, 12.0, r.uniform(12.4, 12.9))
                out(0.7, r.uniform(13.7, 13.95), r.uniform(17.3, 17.9))
                out(0.35, 18.9, r.uniform(21.0, 21.6))
            else:
                start = r.uniform(wake / _H + 1.0, 15.0)
                out(0.6, start, start + r.uniform(2.0, 6.0))
                out(0.3, 19.0, r.uniform(21.5, 22.5))
            out(0.6, r.uniform(17.4, 17.8), r.uniform(18.2, 18.7))      # dinner at the canteen
            known = self._people_days[key] = (present, wake, sleep, away)
        return known

    # -- one day's plan: intervals (device, start, end, +1 | -1 for a gap in an always-on device) ---
    def _plan(self, day: int) -> list[tuple[int, int, int, int]]:
        known = self._plans.get(day)
        if known is not None:
            return known
        if len(self._plans) > 8:
            self._plans.clear()
        cal, nxt = _Calendar(day), _Calendar(day + 1)
        r = random.Random(mix(self.seed, 3, day))
        d0 = day * DAY_S
        plan: list[tuple[int, int, int, int]] = []

        def on(dev: int | None, spans: list[Span], delta: int = 1) -> None:
            if dev is not None:
                plan.extend((dev, a, b, delta) for a, b in spans if b > a)

        def hot(threshold: float) -> list[Span]:
            step = 600
            return _union([(d0 + s, d0 + s + step) for s in range(0, 2 * DAY_S, step)
                           if (cal if s < DAY_S else nxt).temperature(s % DAY_S + step / 2) > threshold])

        awake_all: list[Span] = []
        home_all: list[Span] = []
        for who, gear in enumerate(self.people):
            present, wake, sleep, away = self._person_day(who, day)
            if not present:
                continue
            wake, sleep = d0 + wake, d0 + sleep
            next_wake = max(d0 + DAY_S + self._person_day(who, day + 1)[1], sleep + 4 * _H)
            awake = _subtract((wake, sleep), [(d0 + a, d0 + b) for a, b in away])
            awake_all += awake
            home_all += awake + [(sleep, next_wake)]
            evening = _intersect(awake, [(d0 + cal.sunset, sleep)])
            on(gear["desk_lamp"], [s for s in evening if r.random() < 0.6])
            if r.random() < 0.25:
                on(gear["desk_lamp"], [(sleep, sleep + r.randint(900, 3600))])
            sessions = []
            for a, b in awake:
                if b - a >= 1200 and r.random() < 0.75:
                    n = b - a
                    sessions.append((a + int(r.random() * 0.25 * n), b - int(r.random() * 0.15 * n)))
            on(gear["laptop"], sessions)
            on(gear["monitor"], sessions)
            on(gear["phone"], [(sleep - r.randint(0, 1800), sleep + r.randint(3600, 9000))])
            if awake and r.random() < 0.5:
                a, b = r.choice(awake)
                start = r.randint(a, b)
                on(gear["phone"], [(start, min(b, start + r.randint(1800, 5400)))])
            if r.random() < self.mischief:
                self._banned_use(r, cal, awake, sleep, on)
        dark = [(d0, d0 + cal.sunrise + 900), (d0 + cal.sunset - 1800, d0 + DAY_S + nxt.sunrise + 900)]
        lit = _intersect(_union(awake_all), dark) + [s for s in _union(awake_all) if r.random() < 0.2]
        on(self.lamp, _union(lit))
        home = _union(home_all)
        if self.dispenser is not None:       # on while anyone is up in the room; its thermostat cycles
            heat = random.Random(mix(self.seed, 5, day))
            for span in _union(awake_all):
                on(self.dispenser, _cycles(heat, span, (150, 420), (1200, 2700)))
        if cal.t_mean >= 22.0:
            on(self.fan, _intersect(home, hot(25.0)))
            if self.ac is not None:
                for span in _intersect(home, hot(self.ac_threshold)):
                    on(self.ac, _cycles(r, span, (600, 1200), (180, 480)))
        long_awake = [s for s in _union(awake_all) if s[1] - s[0] >= 1800]
        if self.ac is not None and long_awake and r.random() < self.mischief:
            a, b = r.choice(long_awake)
            gap_start = r.randint(a, b - 1800)
            gap = (gap_start, gap_start + r.randint(600, 2400))
            on(self.ac_standby, [gap], -1)
            boil = gap[0] + r.randint(20, 120)
            on(self.ac_kettle, [(boil, min(gap[1], boil + r.randint(150, 300)))])
        self._plans[day] = plan
        return plan

    def _banned_use(self, r: random.Random, cal: _Calendar, awake: list[Span], sleep: int,
                    on: Callable[[int | None, list[Span]], None]) -> None:
        cold = cal.t_mean < 12.0
        weights = {"kettle": 3.0, "hair_dryer": 2.0, "induction_cooker": 1.0, "rice_cooker": 1.0,
                   "heater": 2.0 if cold else 0.0, "electric_blanket": 2.0 if cold else 0.0}
        choice = r.choices(list(weights), list(weights.values()))[0]
        dev = self.banned
        if choice == "electric_blanket":
            night = (sleep - 1800, sleep + r.randint(7200, 21600))
            on(dev[choice], _cycles(r, night, (600, 1200), (300, 900)))
            return
        dur = {"kettle": (150, 300), "hair_dryer": (240, 600), "induction_cooker": (900, 2400),
               "rice_cooker": (1500, 2400), "heater": (1800, 7200)}[choice]
        fits = [s for s in awake if s[1] - s[0] > dur[1]]
        if not fits:
            return
        a, b = r.choice(fits)
        start = r.randint(a, b - dur[1])
        span = (start, start + r.randint(*dur))
        if choice == "heater":
            on(dev[choice], _cycles(r, span, (300, 600), (120, 300)))
        elif choice == "hair_dryer" and r.random() < 0.4:
            on(dev["hair_dryer_half"], [span])
        else:
            on(dev[choice], [span])
        if choice == "rice_cooker":
            on(dev["rice_cooker_warm"], [(span[1], span[1] + r.randint(1800, 5400))])

    # -- the day as constant stretches ------------------------------------------------------------
    def segments(self, day: int) -> tuple[list[int], list[tuple[int, ...]], list[dict[int, int]]]:
        """Starts of the day's constant stretches, each one's active device ids, and switch-on times.

        The first start is the day's midnight. A device active across midnight keeps its switch-on
        time from the day before; an always-on device counts as switched on an hour before midnight.
        """
        d0, d1 = day * DAY_S, (day + 1) * DAY_S
        changes: dict[int, list[tuple[int, int, int]]] = {}
        for dev, start, end, delta in self._plan(day - 1) + self._plan(day):
            a, b = max(start, d0), min(end, d1)
            if b <= a:
                continue
            # third field: the switch-on time if this change turns the device on (a gap's end re-plugs)
            changes.setdefault(a, []).append((dev, delta, start))
            if b < d1:
                changes.setdefault(b, []).append((dev, -delta, start if delta > 0 else end))
        count = dict.fromkeys(self.always, 1)
        since: dict[int, int] = {dev: d0 - _H for dev in self.always}
        starts: list[int] = []
        sets: list[tuple[int, ...]] = []
        ons: list[dict[int, int]] = []
        for t in sorted(changes.keys() | {d0}):
            for dev, delta, start in changes.get(t, ()):
                was = count.get(dev, 0) > 0
                count[dev] = count.get(dev, 0) + delta
                if count[dev] > 0 and not was:
                    since[dev] = start
            active = tuple(sorted(dev for dev, c in count.items() if c > 0))
            if sets and active == sets[-1]:
                continue
            starts.append(t)
            sets.append(active)
            ons.append({dev: since[dev] for dev in active})
        return starts, sets, ons
