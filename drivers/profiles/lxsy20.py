"""LXSY-20 dormitory water meter with valve, Modbus-RTU profile version 1 (spec water-meter-lxsy.md).

The one place that spells this meter's register addresses. No register is write-protected; the
only broadcast a water meter accepts is the clock write.
"""

from __future__ import annotations

from drivers.profiles.base import Block, Profile, Register

MODEL_CODE = 0x5820

AREAS = (
    (0x0000, 0x0005),  # identity (0x0005 reserved)
    (0x0010, 0x0011),  # line settings (parity is fixed 8N1)
    (0x0100, 0x0107),  # measurement
    (0x0800, 0x0801),  # clock
    (0x0C00, 0x0C00),  # valve command
)

VALVE_OPEN, VALVE_CLOSED, VALVE_MOVING, VALVE_FAULT = 0, 1, 2, 3


def _r(name: str, address: int, type_: str, scale: str, unit: str, access: str,
       lo: int | None = None, hi: int | None = None, broadcast: bool = False) -> Register:
    return Register(name, address, type_, scale, unit, access, protected=False,
                    broadcast=broadcast, lo=lo, hi=hi)


LXSY20 = Profile(
    name="LXSY-20",
    model_code=MODEL_CODE,
    registers=[
        _r("model_code", 0x0000, "U16", "1", "", "R"),
        _r("profile_version", 0x0001, "U16", "1", "", "R"),
        _r("firmware_version", 0x0002, "U16", "1", "", "R"),
        _r("serial_number", 0x0003, "U32", "1", "", "R"),
        _r("address", 0x0010, "U16", "1", "", "RW", 1, 247),
        _r("baud_code", 0x0011, "U16", "1", "", "RW", 0, 3),
        _r("volume", 0x0100, "U32", "1", "L", "R"),
        _r("flow_rate", 0x0102, "U16", "1", "L/h", "R"),
        _r("valve_state", 0x0103, "U16", "1", "", "R"),
        _r("status", 0x0104, "U16", "1", "", "R"),
        _r("battery_voltage", 0x0105, "U16", "0.01", "V", "R"),
        _r("meter_clock", 0x0106, "U32", "1", "s", "R"),
        _r("clock", 0x0800, "U32", "1", "s", "RW", broadcast=True),
        _r("valve_command", 0x0C00, "U16", "1", "", "RW", 0, 1),
    ],
    areas=AREAS,
    blocks={
        "identity": [Block("identity", 0x0000, 5)],
        "line_settings": [Block("line_settings", 0x0010, 2)],
        "measurement": [Block("measurement", 0x0100, 8)],
        "clock": [Block("clock", 0x0800, 2)],
        "valve": [Block("valve", 0x0C00, 1)],
    },
)
