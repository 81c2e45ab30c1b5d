"""Test bench for the simulated meters: a scripted room, an injectable clock and a PDU client.

Shared by test_sim_ddsy.py and test_sim_slave.py. Registers are named, never addressed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from drivers.profiles import DDSY1946A13
from drivers.profiles.base import Profile
from drivers.sim.ddsy_meter import DdsyMeter
from drivers.sim.physics import BranchSecond, RoomSecond
from drivers.sim.slave import handle_pdu

DAY = 86400
# Day 9000 since 2000-01-01 is a Thursday (a workday under the default rest-day mask).
CLOCK0 = 9000 * DAY + 12 * 3600


class ManualClock:
    """A monotonic clock a test moves by hand."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Load:
    p_w: float
    pf: float = 1.0          # displacement power factor of the fundamental
    h3: float = 0.0          # 3rd and 5th harmonic current ratios
    h5: float = 0.0
    inrush: float = 1.0      # current multiplier in the first 100 ms
    on: int = 0
    off: int | None = None


class FakeRoom:
    """Scripted loads per branch with analytic one-second means and sine-based cycles."""

    V = 220.0
    F = 50.0

    def __init__(self) -> None:
        self.loads: dict[int, list[Load]] = {0: [], 1: [], 2: []}

    def plug(self, branch: int, t: int, p_w: float, **kw: float) -> Load:
        load = Load(p_w, on=t, **kw)  # type: ignore[arg-type]
        self.loads[branch].append(load)
        return load

    def _on(self, branch: int, t: float) -> list[Load]:
        return [ld for ld in self.loads[branch] if ld.on <= t and (ld.off is None or t < ld.off)]

    def second(self, t: int) -> RoomSecond:
        out = []
        q1 = []
        for b in range(3):
            p = q = i2 = 0.0
            for ld in self._on(b, t):
                i1 = ld.p_w / (self.V * ld.pf)
                p += ld.p_w
                q += ld.p_w * math.tan(math.acos(ld.pf))
                i2 += i1 * i1 * (1 + ld.h3 ** 2 + ld.h5 ** 2)
            out.append(BranchSecond(p, q, math.sqrt(i2)))
            q1.append(q)
        return RoomSecond(self.V, self.F, (out[0], out[1], out[2]), (0.0, 0.0, 0.0), tuple(q1))

    def cycle(self, branch: int, t: float) -> tuple[np.ndarray, np.ndarray]:
        start = math.ceil(t * self.F - 1e-9) / self.F
        theta = 2 * np.pi * np.arange(128) / 128
        v = self.V * math.sqrt(2) * np.sin(theta)
        i = np.zeros(128)
        for ld in self._on(branch, start):
            i1 = ld.p_w / (self.V * ld.pf)
            phi = math.acos(ld.pf)
            gain = ld.inrush if start - ld.on < 0.1 else 1.0
            i = i + gain * math.sqrt(2) * i1 * (np.sin(theta - phi) + ld.h3 * np.sin(3 * theta)
                                               + ld.h5 * np.sin(5 * theta))
        return v, i


class Bench:
    """One DDSY meter on a fake room, driven through PDUs; each request moves the real clock 0.1 s."""

    def __init__(self, room: FakeRoom | None = None, *, clock: int = CLOCK0, set_clock: bool = True) -> None:
        self.mono = ManualClock()
        self.room = room or FakeRoom()
        self.meter = DdsyMeter(1, physics=self.room, clock=clock, monotonic=self.mono)
        self.profile: Profile = DDSY1946A13
        self.t = clock
        if set_clock:
            assert self.write({"clock": clock}) is None

    # -- requests -----------------------------------------------------------------------------

    def pdu(self, pdu: bytes, *, broadcast: bool = False) -> bytes | None:
        reply = handle_pdu(self.meter, pdu, broadcast=broadcast)
        self.mono.now += 0.1  # past any busy window
        return reply

    def read_span(self, start: int, count: int, fc: int = 3) -> list[int]:
        r = self.pdu(bytes((fc,)) + start.to_bytes(2, "big") + count.to_bytes(2, "big"))
        assert r is not None and r[0] == fc, r
        return [int.from_bytes(r[2 + 2 * k : 4 + 2 * k], "big") for k in range(count)]

    def _groups(self, names: tuple[str, ...] | list[str]) -> list[list[str]]:
        """Names split into runs that one request can span (defined, at most 120 registers)."""
        regs = sorted((self.profile.reg(n) for n in names), key=lambda r: r.address)
        groups: list[list] = []
        for r in regs:
            g = groups[-1] if groups else None
            if g and r.end - g[0].address < 120 and all(
                    self.profile.is_defined(a) for a in range(g[-1].end + 1, r.address)):
                g.append(r)
            else:
                groups.append([r])
        return [[r.name for r in g] for g in groups]

    def read(self, *names: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for group in self._groups(names):
            regs = [self.profile.reg(n) for n in group]
            start = regs[0].address
            count = regs[-1].end - start + 1
            values = self.profile.decode(start, self.read_span(start, count))
            out.update({n: values[n] for n in group})
        return out

    def value(self, name: str) -> int:
        return self.read(name)[name]

    def read_block(self, name: str, index: int = 0) -> dict[str, int]:
        b = self.profile.block(name, index)
        return self.profile.decode(b.start, self.read_span(b.start, b.count))

    def write(self, values: dict[str, int], *, single: bool = False, broadcast: bool = False) -> int | None:
        """Write named values with 0x10 (or 0x06 when ``single``); the exception code or None."""
        start, words = self.profile.encode(values)
        return self.write_words(start, words, single=single, broadcast=broadcast)

    def write_words(self, start: int, words: list[int], *, single: bool = False,
                    broadcast: bool = False) -> int | None:
        if single:
            assert len(words) == 1
            pdu = bytes((6,)) + start.to_bytes(2, "big") + words[0].to_bytes(2, "big")
        else:
            pdu = (bytes((0x10,)) + start.to_bytes(2, "big") + len(words).to_bytes(2, "big")
                   + bytes((2 * len(words),)) + b"".join(w.to_bytes(2, "big") for w in words))
        r = self.pdu(pdu, broadcast=broadcast)
        if broadcast:
            assert r is None
            return None
        assert r is not None
        if r[0] & 0x80:
            return r[1]
        return None

    def unlock(self) -> None:
        assert self.write({"unlock": self.meter.password}) is None

    def setp(self, values: dict[str, int]) -> None:
        """Unlock and write parameters (gaps filled with their current values), asserting success."""
        for group in self._groups(list(values)):
            regs = [self.profile.reg(n) for n in group]
            start = regs[0].address
            count = regs[-1].end - start + 1
            current = self.profile.decode(start, self.read_span(start, count))
            merged = {n: v for n, v in current.items() if self.profile.reg(n).writable}
            merged.update({n: values[n] for n in group})
            self.unlock()
            code = self.write(merged)
            assert code is None, (code, group)

    def purchase(self, seq: int, kind: int, amount: int, tag: int = 0) -> int | None:
        self.unlock()
        return self.write({"purchase_sequence": seq, "purchase_kind": kind, "purchase_amount": amount,
                           "purchase_tag": tag})

    # -- time ---------------------------------------------------------------------------------

    def run(self, seconds: int) -> None:
        for _ in range(seconds):
            self.meter.step(self.t)
            self.t += 1

    def run_until(self, cond, limit: int) -> int:  # type: ignore[no-untyped-def]
        """Step until cond() holds; the number of seconds it took (fails past ``limit``)."""
        for n in range(limit + 1):
            if cond():
                return n
            self.run(1)
        raise AssertionError(f"condition not reached in {limit} s")

    def events(self) -> list[tuple[int, int]]:
        """(type, branch) of every event in the log, oldest first."""
        return [(e.type, e.branch) for e in self.meter.log.records]

    def state(self, b: int) -> int:
        return self.value(f"branch{b}_state")
