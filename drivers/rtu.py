"""Modbus RTU framing: CRC-16, frame building and checking, line timing.

Pure functions shared by the drivers, the simulated meters and the virtual line. Nothing here
touches a port or keeps state. Timing counts 11 bit times per character at every parity setting,
as the Modbus serial line specification does (DDSY spec §1 note), so every figure is a safe upper
bound for 8N1.
"""

from __future__ import annotations

BITS_PER_CHAR = 11
"""Bit times per character used for all timing arithmetic (start + 8 data + parity/stop + stop)."""

_GAP_FLOOR_S = 0.00175
"""Modbus spec: above 19200 baud the inter-frame gap is fixed at 1.75 ms."""

_CRC_POLY = 0xA001


def _make_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ _CRC_POLY if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC_TABLE = _make_table()


def crc16(data: bytes) -> int:
    """Modbus CRC-16 of ``data`` (reflected poly 0xA001, init 0xFFFF) as an int 0..0xFFFF.

    On the wire the CRC is sent low byte first; ``frame`` does that for you.
    """
    crc = 0xFFFF
    table = _CRC_TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def frame(payload: bytes) -> bytes:
    """Return ``payload`` followed by its CRC, low byte first: a complete RTU frame."""
    crc = crc16(payload)
    return bytes(payload) + bytes((crc & 0xFF, crc >> 8))


def check(frame: bytes) -> bytes | None:
    """Return the payload of ``frame`` (without its CRC) if the CRC is right, else None.

    Frames shorter than 4 bytes (address + function + CRC) are never valid and give None.
    """
    if len(frame) < 4:
        return None
    payload = bytes(frame[:-2])
    crc = crc16(payload)
    if frame[-2] != crc & 0xFF or frame[-1] != crc >> 8:
        return None
    return payload


def char_time_s(baud: int) -> float:
    """Seconds one character occupies on the wire: 11 bit times at ``baud``."""
    if baud <= 0:
        raise ValueError(f"baud must be positive, got {baud}")
    return BITS_PER_CHAR / baud


def wire_time_s(nbytes: int, baud: int) -> float:
    """Seconds ``nbytes`` characters occupy on the wire back to back at ``baud``."""
    if nbytes < 0:
        raise ValueError(f"nbytes must be >= 0, got {nbytes}")
    return nbytes * char_time_s(baud)


def gap_35_s(baud: int) -> float:
    """The inter-frame silence: 3.5 character times, but 1.75 ms at rates above 19200 baud."""
    if baud > 19200:
        return _GAP_FLOOR_S
    return 3.5 * char_time_s(baud)


def gap_15_s(baud: int) -> float:
    """The intra-frame limit: a silence longer than this ends a frame (1.5 character times,
    0.75 ms at rates above 19200 baud)."""
    if baud > 19200:
        return _GAP_FLOOR_S / 2
    return 1.5 * char_time_s(baud)


def request_length(buf: bytes) -> int | None:
    """Length of the RTU request frame that starts ``buf``, once enough of it is known.

    Covers function codes 0x03, 0x04, 0x06 (8 bytes) and 0x10 (9 + byte count). Returns None
    when the length cannot be known yet (too few bytes) or the function code has no fixed rule;
    the caller then ends the frame by silence.
    """
    if len(buf) < 2:
        return None
    fc = buf[1]
    if fc in (0x03, 0x04, 0x05, 0x06):
        return 8
    if fc in (0x0F, 0x10):
        if len(buf) < 7:
            return None
        return 9 + buf[6]
    return None


def reply_length(buf: bytes) -> int | None:
    """Length of the RTU reply frame that starts ``buf``, once enough of it is known.

    Covers exception replies (5 bytes), 0x03/0x04 (5 + byte count) and 0x06/0x10 echoes
    (8 bytes). Returns None when the length cannot be known yet or the function is not covered.
    """
    if len(buf) < 2:
        return None
    fc = buf[1]
    if fc & 0x80:
        return 5
    if fc in (0x03, 0x04):
        if len(buf) < 3:
            return None
        return 5 + buf[2]
    if fc in (0x05, 0x06, 0x0F, 0x10):
        return 8
    return None
