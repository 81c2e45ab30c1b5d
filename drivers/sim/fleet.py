"""A simulated bus full of meters: routes whole RTU frames to DDSY and LXSY models by address.

``Fleet.handle_frame`` takes one request frame (address + PDU + CRC) and returns the reply frame or
None: a bad CRC, a broadcast, an absent, dead or unpowered address, or a meter whose line settings
differ from the frame's (its rate, ``baud=``, by default the line's ``line_baud``; the line's
``line_parity``; setting those two commissions every meter to them) never gets a reply. Each meter
keeps its own baud code: one changed over the wire (it takes effect after the reply) understands
frames at its new rate only, so a line whose meters are being moved to another speed answers at both
(``listens_at`` says whether any meter is set to a rate). Broadcasts are applied
to every meter that accepts them. ``advance`` runs simulated seconds on every meter. The fleet is
not thread-safe: the line that serves it holds one lock around every call.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from typing import Any

from drivers import rtu
from drivers.sim.ddsy_meter import DdsyMeter
from drivers.sim.lxsy_meter import LxsyMeter
from drivers.sim.quiet_room import QuietRoom
from drivers.sim.slave import WRITE_MULTIPLE, handle_pdu

DDSY_REPLY_DELAY_S = 0.010
LXSY_REPLY_DELAY_S = (0.010, 0.040)
BUSY_S = 0.050
LONG_WRITE = 16
BAUD_CODES = {2400: 0, 4800: 1, 9600: 2, 19200: 3}
EPOCH = dt.datetime(2000, 1, 1)


def local_clock_now() -> int:
    """Seconds since 2000-01-01 00:00:00 local time, now (the meters' clock scale)."""
    return int((dt.datetime.now() - EPOCH).total_seconds())


Device = DdsyMeter | LxsyMeter


class Fleet:
    """Simulated DDSY meters at first_meter_address.. and LXSY meters at first_water_address..

    ``monotonic`` is the real clock used for the 50 ms busy window (inject one in tests).
    """

    def __init__(self, *, meters: int = 64, water: int = 16, seed: int = 1, start_clock: int | None = None,
                 first_meter_address: int = 1, first_water_address: int = 101, physics: bool = True,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self.clock = local_clock_now() if start_clock is None else start_clock
        self.seed = seed
        self.monotonic = monotonic
        self._line_baud = 9600
        self._line_parity = 0
        ddsy = range(first_meter_address, first_meter_address + meters)
        lxsy = range(first_water_address, first_water_address + water)
        addrs = list(ddsy) + list(lxsy)
        if len(set(addrs)) != len(addrs) or any(not 1 <= a <= 247 for a in addrs):
            raise ValueError("meter addresses must be distinct and within 1..247")
        self._ddsy: list[DdsyMeter] = []
        for a in ddsy:
            room: Any = QuietRoom()
            if physics:
                from drivers.sim.physics import RoomPhysics

                room = RoomPhysics(seed * 1000 + a)
            self._ddsy.append(DdsyMeter(a, physics=room, serial_number=2_4000_000 + seed * 1000 + a,
                                        clock=self.clock, monotonic=monotonic))
        self._lxsy = [LxsyMeter(a, seed=seed * 1000 + a, serial_number=2_5000_000 + seed * 1000 + a,
                                clock=self.clock) for a in lxsy]
        self._devices: list[Device] = [*self._ddsy, *self._lxsy]
        self._dead: set[int] = set()            # id() of dead devices
        self._slow: dict[int, float] = {}       # id() -> reply delay override
        self._delay_rng = random.Random(seed)

    # -- the line's settings -----------------------------------------------------------------

    @property
    def line_baud(self) -> int:
        """The baud rate the bus runs at (9600 unless a line says otherwise)."""
        return self._line_baud

    @line_baud.setter
    def line_baud(self, baud: int) -> None:
        """Model a bus commissioned at ``baud``: every meter is set to it (when it is a rate the
        meters support). A meter whose baud code is written later stops hearing the line."""
        self._line_baud = baud
        code = BAUD_CODES.get(baud)
        if code is not None:
            for d in self._devices:
                d.params["baud_code"] = code

    @property
    def line_parity(self) -> int:
        """The bus parity, 0 none, 1 odd, 2 even (the DDSY parity register's codes)."""
        return self._line_parity

    @line_parity.setter
    def line_parity(self, parity: int) -> None:
        """Set every DDSY meter to ``parity``; water meters are 8N1 always, so they go deaf on odd or
        even parity (spec LXSY §1)."""
        self._line_parity = parity
        for m in self._ddsy:
            m.params["parity"] = parity

    # -- lookups ------------------------------------------------------------------------------

    @property
    def meters(self) -> dict[int, DdsyMeter]:
        """DDSY meters by their current address."""
        return {m.address: m for m in self._ddsy}

    @property
    def water_meters(self) -> dict[int, LxsyMeter]:
        """LXSY meters by their current address."""
        return {m.address: m for m in self._lxsy}

    def device(self, address: int) -> Device | None:
        for d in self._devices:
            if d.address == address:
                return d
        return None

    # -- faults -------------------------------------------------------------------------------

    def set_dead(self, address: int, dead: bool) -> None:
        """A dead meter hears nothing and never replies (it still runs its clock and loads)."""
        d = self._need(address)
        (self._dead.add if dead else self._dead.discard)(id(d))

    def set_slow(self, address: int, delay_s: float | None) -> None:
        """Override the meter's reply delay; None restores the model's own."""
        d = self._need(address)
        if delay_s is None:
            self._slow.pop(id(d), None)
        else:
            self._slow[id(d)] = float(delay_s)

    def power_loss(self, address: int | None = None) -> None:
        """Mains lost at one meter, or at every meter when ``address`` is None."""
        for d in self._targets(address):
            d.power_loss()

    def power_up(self, address: int | None = None) -> None:
        for d in self._targets(address):
            d.power_up()

    def _targets(self, address: int | None) -> list[Device]:
        return list(self._devices) if address is None else [self._need(address)]

    def _need(self, address: int) -> Device:
        d = self.device(address)
        if d is None:
            raise KeyError(f"no meter at address {address}")
        return d

    # -- the wire -----------------------------------------------------------------------------

    def reply_delay_s(self, address: int) -> float:
        """Seconds from the end of a request to the start of this meter's reply."""
        d = self.device(address)
        if d is None:
            return DDSY_REPLY_DELAY_S
        if id(d) in self._slow:
            return self._slow[id(d)]
        if isinstance(d, LxsyMeter):
            return self._delay_rng.uniform(*LXSY_REPLY_DELAY_S)
        return DDSY_REPLY_DELAY_S

    def listens_at(self, baud: int) -> bool:
        """Whether a frame sent at ``baud`` can be understood by a meter: the line's own rate, or a
        rate some meter's baud code is set to."""
        if baud == self.line_baud:
            return True
        code = BAUD_CODES.get(baud)
        return code is not None and any(d.params["baud_code"] == code for d in self._devices)

    def _hears(self, d: Device, baud: int) -> bool:
        if not d.powered or id(d) in self._dead:
            return False
        code = BAUD_CODES.get(baud)
        if code is not None and d.params["baud_code"] != code:
            return False
        return d.params.get("parity", 0) == self.line_parity

    def handle_frame(self, frame: bytes, baud: int | None = None) -> bytes | None:
        """One whole request frame, sent at ``baud`` (default: the line's), in; the whole reply frame
        (at the same rate) out, or None: no reply on the line."""
        baud = self.line_baud if baud is None else baud
        payload = rtu.check(frame)
        if payload is None or len(payload) < 2:
            return None
        address, pdu = payload[0], payload[1:]
        if address == 0:
            for d in self._devices:
                if self._hears(d, baud):
                    handle_pdu(d, pdu, broadcast=True)
            return None
        replies: list[bytes] = []
        now = self.monotonic()
        for d in [d for d in self._devices if d.address == address and self._hears(d, baud)]:
            reply = handle_pdu(d, pdu)
            if reply is None:
                continue
            out = rtu.frame(bytes((address,)) + reply)
            if reply[0] == WRITE_MULTIPLE and int.from_bytes(reply[3:5], "big") >= LONG_WRITE \
                    and isinstance(d, DdsyMeter):
                # parameter memory is written: 06 for 50 ms after the reply has left the meter
                d.busy_until = (now + self.reply_delay_s(address)
                                + rtu.wire_time_s(len(out), baud) + BUSY_S)
            replies.append(out)
        if not replies:
            return None
        if len(replies) == 1:
            return replies[0]
        # two meters at one address talk over each other: the line carries the wired-AND of both
        n = max(len(r) for r in replies)
        merged = bytearray(b"\xff" * n)
        for r in replies:
            for k, byte in enumerate(r):
                merged[k] &= byte
        return bytes(merged)

    # -- simulated time -----------------------------------------------------------------------

    def advance(self, seconds: int) -> None:
        """Run ``seconds`` simulated seconds on every meter, then move ``clock`` on by that much."""
        ddsy, lxsy = self._ddsy, self._lxsy
        for _ in range(int(seconds)):
            t = self.clock
            for m in ddsy:
                m.step(t)
            for w in lxsy:
                w.step(t)
            self.clock = t + 1
