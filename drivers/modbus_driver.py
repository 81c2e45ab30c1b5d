"""What every meter driver shares: named reads and writes through a profile, retries, timeouts.

``ModbusDriver`` talks to one device at one address on a ``SharedPort``. Callers name registers
and blocks; addresses come only from the device's profile (``drivers.profiles``). Rules a caller
may rely on:

- reads are retried ``retries`` times after a transient error (timeout, CRC, bad reply);
- writes are retried only when the caller says the write is idempotent;
- exception 06 (busy) is retried after 50 ms, up to ``busy_retries`` times, for reads and writes;
- every other exception reply raises ``MeterException`` at once;
- nothing is written before the device's model code was read and matched the profile
  (``identify()``; done automatically before the first write);
- the reply timeout adapts to the replies this device has given, never below the profile's
  minimum (``reply_floor_s``: the meter's longest documented reply delay plus 50 ms).
"""

from __future__ import annotations

import struct
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import minimalmodbus

from drivers import rtu
from drivers.errors import BadReply, MeterException, MeterTimeout, ProfileMismatch, TransientError
from drivers.port import SharedPort
from drivers.profiles.base import Profile, SpanLayout

T = TypeVar("T")
V = TypeVar("V")

BUSY_RETRY_S = 0.05
"""Spec §1: a meter busy writing parameter memory answers 06 for 50 ms."""
TIMEOUT_CAP_S = 1.0
"""Upper bound of the adaptive reply-delay budget, whatever a slow device has shown."""


@dataclass(frozen=True)
class Identity:
    """The identity registers of a device (raw values)."""

    model_code: int
    profile_version: int
    firmware_bcd: int
    serial_number: int
    profile_name: str


class ReplyTiming:
    """Adaptive reply-delay budget of one device.

    The budget is the time allowed between the end of a request and the end of its reply minus
    the reply's own transmission time. It is ``floor_s`` until replies show the device is
    slower; then twice the slowest of the last 16 reply delays plus 20 ms (capped at 1 s). After
    a timeout the next attempt gets a doubled budget (``boost``) until a timed reply arrives.
    """

    def __init__(self, floor_s: float) -> None:
        self.floor_s = floor_s
        self._recent: deque[float] = deque(maxlen=16)
        self._boost = 1.0
        self._suspect = False

    def budget_s(self, *, boosted: bool = True) -> float:
        learned = 2 * max(self._recent) + 0.020 if self._recent else 0.0
        base = max(self.floor_s, learned)
        if boosted:
            base *= self._boost
        return min(base, TIMEOUT_CAP_S)

    def record_reply(self, delay_s: float | None) -> None:
        """A reply arrived after ``delay_s``; None = untimed (keeps a boost after timeouts)."""
        if self._suspect:
            # The first reply after a timeout may be the late answer to the timed-out request,
            # which makes a slow device look fast: trust only the next one.
            self._suspect = False
            return
        if delay_s is None:
            return
        self._recent.append(delay_s)
        self._boost = 1.0

    def record_timeout(self) -> None:
        self._boost = min(self._boost * 2, 8.0)
        self._suspect = True


def _converted(fn: Callable[..., T], inst: object, address: int) -> T:
    # minimalmodbus re-checks the payload (byte count, echoed address/value) after our frame
    # checks; its complaints mean the reply cannot be the answer: a BadReply.
    try:
        return fn(inst)
    except minimalmodbus.ModbusException as exc:
        raise BadReply(f"reply rejected: {exc}", address=address) from exc


def memoized(cls: Callable[[int], V]) -> Callable[[int], V]:
    """``cls(raw)`` made once per raw value and then reused: building an ``IntFlag`` or ``IntEnum``
    member from a status word costs more than the rest of decoding it (exceptions, such as an
    unknown enum value, are raised each time and not remembered)."""
    made: dict[int, V] = {}

    def value(raw: int) -> V:
        v = made.get(raw)
        if v is None:
            v = made[raw] = cls(raw)
        return v

    return value


def reply_bytes_for(function: int, count: int = 1) -> int:
    """Length of a normal reply frame to a request with ``function`` (reads: ``count`` regs)."""
    return 5 + 2 * count if function in (3, 4) else 8


class ModbusDriver:
    """Named register access to one device (see the module docstring)."""

    profile: Profile
    reply_floor_s: float = 0.070
    model_register = "model_code"

    def __init__(self, port: SharedPort, address: int, *, retries: int = 1,
                 busy_retries: int = 4) -> None:
        if not 1 <= address <= 247:
            raise ValueError(f"unicast address must be 1..247, got {address}")
        self.port = port
        self.address = address
        self.retries = retries
        self.busy_retries = busy_retries
        self.timing = ReplyTiming(self.reply_floor_s)
        self.identity: Identity | None = None

    # -- low level -------------------------------------------------------------------------
    def _call(self, fn: Callable[..., T], reply_bytes: int, *, retry_transient: bool,
              short: bool = False) -> T:
        """Run one minimalmodbus call with timeout, retries and busy handling."""
        transient_left = self.retries if retry_transient else 0
        busy_left = self.busy_retries
        inst = self.port.instrument(self.address)
        while True:
            budget = self.timing.budget_s(boosted=not short)
            inst.reply_timeout_s = budget + self.port.wire_s(reply_bytes)
            try:
                result = _converted(fn, inst, self.address)
            except MeterTimeout:
                self.timing.record_timeout()
                if transient_left <= 0:
                    raise
                transient_left -= 1
                continue
            except TransientError:
                if transient_left <= 0:
                    raise
                transient_left -= 1
                continue
            except MeterException as exc:
                self.timing.record_reply(self.port.last_reply_delay_s)
                if exc.code == 6 and busy_left > 0:
                    busy_left -= 1
                    # Why sleep: the meter is busy for a fixed 50 ms after a large write.
                    time.sleep(BUSY_RETRY_S)
                    continue
                raise
            self.timing.record_reply(self.port.last_reply_delay_s)
            return result

    def read_span(self, start: int, count: int, *, short: bool = False,
                  retries: bool = True) -> dict[str, int]:
        """Read ``count`` registers from ``start`` (FC 03) and decode them through the profile."""
        layout = self.profile.layout(start, count)
        return dict(zip(layout.names, self.read_layout(layout, short=short, retries=retries),
                        strict=True))

    def read_layout(self, layout: SpanLayout, *, short: bool = False,
                    retries: bool = True) -> tuple[int, ...]:
        """Read the span of ``layout`` (FC 03) and return its registers' raw values in the
        layout's order (``layout.index`` says where each name is): ``read_span`` without a dict."""
        count = layout.count
        request = _read_request(layout.start, count)
        address = self.address

        def read(inst: minimalmodbus.Instrument) -> bytes:
            # minimalmodbus's transaction core (the project's Modbus library) frames the
            # request, sends it through the shared port and checks the reply's address,
            # function, exception code and CRC; ``read_registers`` would then convert every
            # register through its generic checks (85% of its CPU), where the profile's
            # compiled layout decodes the whole span in one struct call.
            payload = inst._perform_command(3, request)
            if len(payload) != 1 + 2 * count or payload[0] != 2 * count:
                raise BadReply(f"reply carries {len(payload) - 1} bytes (byte count "
                               f"{payload[0] if payload else '-'}), expected {2 * count}",
                               address=address)
            return payload

        payload = self._call(read, reply_bytes_for(3, count), retry_transient=retries,
                             short=short)
        return layout.unpack(payload, 1)

    def read_words(self, start: int, count: int) -> list[int]:
        """Read raw words (for arrays such as waveforms), with the same retries as ``read_span``."""
        return self._call(lambda inst: inst.read_registers(start, count, functioncode=3),
                          reply_bytes_for(3, count), retry_transient=True)

    def read_block(self, name: str, index: int = 0) -> dict[str, int]:
        """Read the profile's block ``name`` (``index`` for per-branch/per-slot blocks)."""
        layout = self.profile.block_layout(name, index)
        return dict(zip(layout.names, self.read_layout(layout), strict=True))

    def read_names(self, *names: str) -> dict[str, int]:
        """Read the smallest span covering the named registers, in one request."""
        regs = [self.profile.reg(n) for n in names]
        start = min(r.address for r in regs)
        end = max(r.address + r.words for r in regs)
        values = self.read_span(start, end - start)
        return {n: values[n] for n in names}

    def write_values(self, values: Mapping[str, int], *, idempotent: bool = True) -> None:
        """Write named registers covering one contiguous span (FC 06 for one word, else 0x10).

        Identifies the device first if that was not done yet.
        """
        self.ensure_identified()
        start, words = self.profile.encode(values)
        self._write_words(start, words, idempotent=idempotent)

    def _write_words(self, start: int, words: list[int], *, idempotent: bool) -> None:
        words = [w & 0xFFFF for w in words]
        if len(words) == 1:
            value = words[0]
            self._call(lambda inst: inst.write_register(start, value, functioncode=6),
                       8, retry_transient=idempotent)
        else:
            self._call(lambda inst: inst.write_registers(start, words),
                       8, retry_transient=idempotent)

    def broadcast_values(self, values: Mapping[str, int], *, turnaround_s: float = 0.1) -> None:
        """Write named registers to every device on the line at once (address 0, no reply)."""
        start, words = self.profile.encode(values)
        broadcast_words(self.port, start, words, turnaround_s=turnaround_s)

    # -- identity --------------------------------------------------------------------------
    def identify(self) -> Identity:
        """Read the identity block; raise ``ProfileMismatch`` unless the model code is ours."""
        values = self.read_block("identity")
        code = values[self.model_register]
        if code != self.profile.model_code:
            raise ProfileMismatch(
                f"address {self.address}: model code 0x{code:04X}, expected "
                f"0x{self.profile.model_code:04X} ({self.profile.name})",
                address=self.address, model_code=code)
        self.identity = Identity(code, values.get("profile_version", 0),
                                 values.get("firmware_version", 0),
                                 values.get("serial_number", 0), self.profile.name)
        return self.identity

    def ensure_identified(self) -> None:
        """Identify the device unless that was already done on this driver."""
        if self.identity is None:
            self.identify()

    def probe(self) -> None:
        """One short read (the model code, no retry, base timeout): raises if no valid reply."""
        reg = self.profile.reg(self.model_register)
        self.read_span(reg.address, 1, short=True, retries=False)


def broadcast_words(port: SharedPort, start: int, words: list[int], *,
                    turnaround_s: float = 0.1) -> None:
    """Send one FC 0x10 (or FC 06 for a single word) frame to address 0 without waiting.

    minimalmodbus would wait for a reply that never comes; so the frame is built here with
    ``drivers.rtu`` and written raw.
    """
    words = [w & 0xFFFF for w in words]
    if len(words) == 1:
        payload = bytes((0, 6, start >> 8, start & 0xFF, words[0] >> 8, words[0] & 0xFF))
    else:
        body = b"".join(bytes((w >> 8, w & 0xFF)) for w in words)
        payload = bytes((0, 0x10, start >> 8, start & 0xFF, 0, len(words), len(body))) + body
    port.broadcast(rtu.frame(payload), turnaround_s=turnaround_s)


_REQUESTS: dict[tuple[int, int], bytes] = {}


def _read_request(start: int, count: int) -> bytes:
    """The FC 03 request payload after the function code (start and count, big-endian)."""
    request = _REQUESTS.get((start, count))
    if request is None:
        request = _REQUESTS[(start, count)] = struct.pack(">HH", start, count)
    return request
