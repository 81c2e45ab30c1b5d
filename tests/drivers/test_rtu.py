"""RTU framing and timing arithmetic against published Modbus vectors."""

from __future__ import annotations

import pytest

from drivers import rtu


@pytest.mark.parametrize(
    ("payload", "crc_bytes"),
    [
        ("01 03 00 00 00 0A", "C5 CD"),  # the brief's vector
        ("01 03 00 00 00 01", "84 0A"),  # common read of one register
        ("11 03 00 6B 00 03", "76 87"),  # Modbus over serial line spec, example
        ("01 06 00 01 00 03", "98 0B"),  # write single register
        ("01 10 00 01 00 02 04 00 0A 01 02", "92 30"),  # write multiple
    ],
)
def test_frame_appends_known_crc_low_byte_first(payload: str, crc_bytes: str) -> None:
    data = bytes.fromhex(payload)
    assert rtu.frame(data) == data + bytes.fromhex(crc_bytes)
    assert rtu.check(rtu.frame(data)) == data


def test_crc16_check_value() -> None:
    # CRC-16/MODBUS catalogue check value for "123456789".
    assert rtu.crc16(b"123456789") == 0x4B37
    assert rtu.crc16(b"") == 0xFFFF


def test_check_rejects_corruption_and_short_frames() -> None:
    good = rtu.frame(bytes.fromhex("01 03 00 00 00 0A"))
    for i in range(len(good)):
        bad = bytearray(good)
        bad[i] ^= 0x01
        assert rtu.check(bytes(bad)) is None
    assert rtu.check(b"\x01\x03\x00") is None
    assert rtu.check(b"") is None


def test_timing_figures() -> None:
    assert rtu.char_time_s(9600) == pytest.approx(11 / 9600)
    assert rtu.wire_time_s(101, 9600) == pytest.approx(101 * 11 / 9600)  # 48-register reply
    assert rtu.gap_35_s(9600) == pytest.approx(3.5 * 11 / 9600)
    assert rtu.gap_35_s(2400) == pytest.approx(3.5 * 11 / 2400)
    assert rtu.gap_35_s(19200) == pytest.approx(3.5 * 11 / 19200)
    assert rtu.gap_35_s(38400) == pytest.approx(0.00175)
    assert rtu.gap_35_s(115200) == pytest.approx(0.00175)
    assert rtu.gap_15_s(9600) == pytest.approx(1.5 * 11 / 9600)
    with pytest.raises(ValueError):
        rtu.char_time_s(0)


def test_request_and_reply_lengths() -> None:
    read = rtu.frame(bytes.fromhex("01 03 01 00 00 30"))
    assert rtu.request_length(read[:1]) is None
    assert rtu.request_length(read[:2]) == 8
    write = rtu.frame(bytes.fromhex("01 10 02 20 00 06 0C") + bytes(12))
    assert rtu.request_length(write[:6]) is None
    assert rtu.request_length(write[:7]) == len(write) == 21
    assert rtu.request_length(b"\x01\x2b") is None  # unknown function: framed by silence

    reply = rtu.frame(bytes([1, 3, 96]) + bytes(96))
    assert rtu.reply_length(reply[:2]) is None
    assert rtu.reply_length(reply[:3]) == len(reply) == 101
    assert rtu.reply_length(rtu.frame(b"\x01\x83\x02")) == 5
    assert rtu.reply_length(b"\x01\x10") == 8
    assert rtu.reply_length(b"\x01\x06") == 8
