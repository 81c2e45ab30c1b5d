"""Framing-independent Modbus slave dispatch shared by the simulated meters.

``handle_pdu`` takes one request PDU (function code + data, no address, no CRC) and returns the
reply PDU, or None when no reply is due (broadcast). It applies the profiles' check order
(DDSY spec §1): busy (06), function code (01), quantity and byte count (03), addresses (02),
write protection (04), values (03); the first failing check decides and a refused request
changes nothing. The device behind it supplies the register image and the value-level rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from drivers.profiles.base import TYPE_RANGE, Profile, Register

READ_HOLDING = 0x03
READ_INPUT = 0x04
WRITE_SINGLE = 0x06
WRITE_MULTIPLE = 0x10

ILLEGAL_FUNCTION = 0x01
ILLEGAL_ADDRESS = 0x02
ILLEGAL_VALUE = 0x03
DEVICE_FAILURE = 0x04
BUSY = 0x06

MAX_READ = 125
MAX_WRITE = 123


class SlaveDevice(Protocol):
    """What a simulated meter offers the dispatcher.

    ``read_values`` returns raw values (signed where the type is) by register name for at least
    every readable register overlapping the span; missing names read 0. ``write`` is called only
    after every generic check passed and returns None when it applied the write, or an exception
    code (03) having changed nothing.
    """

    profile: Profile
    functions: frozenset[int]
    input_span: tuple[int, int] | None

    def is_busy(self) -> bool: ...

    def protection_refuses(self, regs: Sequence[Register], broadcast: bool) -> bool: ...

    def read_values(self, start: int, count: int) -> dict[str, int]: ...

    def write(self, start: int, words: Sequence[int], regs: Sequence[Register],
              broadcast: bool) -> int | None: ...


def exception_pdu(function: int, code: int) -> bytes:
    """The exception reply PDU: function | 0x80 and the one exception byte."""
    return bytes((function | 0x80, code))


def saturate(reg: Register, raw: int) -> int:
    """Clamp ``raw`` to ``reg``'s type limits (measured values saturate, spec §1)."""
    lo, hi = TYPE_RANGE[reg.type]
    return lo if raw < lo else hi if raw > hi else raw


def register_words(profile: Profile, start: int, count: int, values: dict[str, int]) -> list[int]:
    """The words of [start, start+count) from named raw values; reserved and write-only read 0."""
    words = [0] * count
    for reg in profile.registers_in(start, count):
        if not reg.readable:
            continue
        regw = reg.to_words(saturate(reg, int(values.get(reg.name, 0))))
        for k, w in enumerate(regw):
            a = reg.address + k - start
            if 0 <= a < count:
                words[a] = w
    return words


def handle_pdu(device: SlaveDevice, pdu: bytes, *, broadcast: bool = False) -> bytes | None:
    """Answer one request PDU; None for broadcasts (which are applied only if a unicast would be)."""
    if not pdu:
        return None
    fc = pdu[0]
    reply = _dispatch(device, fc, pdu, broadcast)
    return None if broadcast else reply


def _dispatch(device: SlaveDevice, fc: int, pdu: bytes, broadcast: bool) -> bytes:
    if device.is_busy():
        return exception_pdu(fc, BUSY)
    if fc not in device.functions:
        return exception_pdu(fc, ILLEGAL_FUNCTION)
    if fc in (READ_HOLDING, READ_INPUT):
        return _read(device, fc, pdu, broadcast)
    if fc == WRITE_SINGLE:
        if len(pdu) != 5:
            return exception_pdu(fc, ILLEGAL_VALUE)
        start = int.from_bytes(pdu[1:3], "big")
        return _write(device, fc, pdu, start, [int.from_bytes(pdu[3:5], "big")], broadcast)
    # WRITE_MULTIPLE
    if len(pdu) < 6:
        return exception_pdu(fc, ILLEGAL_VALUE)
    start = int.from_bytes(pdu[1:3], "big")
    qty = int.from_bytes(pdu[3:5], "big")
    nbytes = pdu[5]
    data = pdu[6:]
    if not 1 <= qty <= MAX_WRITE or nbytes != 2 * qty or len(data) != nbytes:
        return exception_pdu(fc, ILLEGAL_VALUE)
    words = [int.from_bytes(data[2 * k : 2 * k + 2], "big") for k in range(qty)]
    return _write(device, fc, pdu, start, words, broadcast)


def _read(device: SlaveDevice, fc: int, pdu: bytes, broadcast: bool) -> bytes:
    if len(pdu) != 5:
        return exception_pdu(fc, ILLEGAL_VALUE)
    start = int.from_bytes(pdu[1:3], "big")
    qty = int.from_bytes(pdu[3:5], "big")
    if not 1 <= qty <= MAX_READ:
        return exception_pdu(fc, ILLEGAL_VALUE)
    profile = device.profile
    end = start + qty - 1
    if end > 0xFFFF or not all(profile.is_defined(a) for a in range(start, end + 1)):
        return exception_pdu(fc, ILLEGAL_ADDRESS)
    if fc == READ_INPUT:
        span = device.input_span
        if span is None or start < span[0] or end > span[1]:
            return exception_pdu(fc, ILLEGAL_ADDRESS)
    if broadcast:  # reads are never broadcast; nothing to apply
        return b""
    words = register_words(profile, start, qty, device.read_values(start, qty))
    return bytes((fc, 2 * qty)) + b"".join(w.to_bytes(2, "big") for w in words)


def _write(device: SlaveDevice, fc: int, pdu: bytes, start: int, words: list[int],
           broadcast: bool) -> bytes:
    profile = device.profile
    end = start + len(words) - 1
    if end > 0xFFFF or not all(profile.is_defined(a) for a in range(start, end + 1)):
        return exception_pdu(fc, ILLEGAL_ADDRESS)
    regs = profile.registers_in(start, len(words))
    # a write of reserved registers alone, or one touching a read-only register, gets 02
    if not regs or any(not r.writable for r in regs):
        return exception_pdu(fc, ILLEGAL_ADDRESS)
    if device.protection_refuses(regs, broadcast):
        return exception_pdu(fc, DEVICE_FAILURE)
    if broadcast and not all(r.broadcast for r in regs):
        return b""  # broadcast to an area that does not accept it: ignored silently
    if any(r.address < start or r.end > end for r in regs):
        return exception_pdu(fc, ILLEGAL_VALUE)  # covers one half of a 32-bit value
    code = device.write(start, words, regs, broadcast)
    if code is not None:
        return exception_pdu(fc, code)
    if fc == WRITE_SINGLE:
        return bytes(pdu)
    return bytes((fc,)) + start.to_bytes(2, "big") + len(words).to_bytes(2, "big")


def range_refusal(regs: Sequence[Register], values: dict[str, int]) -> bool:
    """True when a written value lies outside its register's documented range."""
    return any(r.name in values and not r.accepts(values[r.name]) for r in regs)
