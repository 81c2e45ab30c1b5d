"""Serial ports named by the USB adapter's hardware ID, not by the name the system gives it today.

Windows numbers COM ports per adapter and per USB socket: the same adapter plugged into another
socket (or a replacement of the same make) comes back as another COM port, and the service would
go on opening the old one. A bus whose port is

    hwid:VID:PID            hwid:1A86:7523              (the only adapter of that make)
    hwid:VID:PID:SERIAL     hwid:0403:6001:A10K3XYZ     (that adapter, among several of its make)

(vendor and product IDs in hex, as Device Manager's "Hardware Ids" and `lsusb` show them; the serial
number as the window's port list shows it) opens that adapter wherever it is plugged in.

What a caller may rely on:
- `resolve(url)` returns the device the system calls that adapter now (`COM7`, `/dev/ttyUSB1`); any
  other URL (`COM3`, a device path, `socket://...`) comes back unchanged, without looking at ports;
- it is asked at every opening, so a line reopened after the adapter moved finds it;
- it raises a `PortError` with one sentence when no plugged-in adapter matches (`AdapterMissing`),
  when several do (`AdapterAmbiguous`: give the serial number) or when the name is malformed.

`names_by_device(comports)` gives the port picker these names on Windows (drivers.ports.list_ports),
as it gives the /dev/serial/by-id names on Linux.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import serial.tools.list_ports

from drivers.errors import PortError

PREFIX = "hwid:"
_HEX4 = re.compile(r"[0-9A-Fa-f]{1,4}")


@dataclass(frozen=True)
class HardwareId:
    vid: int
    pid: int
    serial_number: str = ""

    def __str__(self) -> str:
        text = f"{PREFIX}{self.vid:04X}:{self.pid:04X}"
        return f"{text}:{self.serial_number}" if self.serial_number else text

    def matches(self, port) -> bool:
        """True when `port` (one of pyserial's `comports()`) is this adapter."""
        if port.vid != self.vid or port.pid != self.pid:
            return False
        return not self.serial_number or _serial(port).casefold() == self.serial_number.casefold()


def is_hardware_id(url: str) -> bool:
    return url.strip().lower().startswith(PREFIX)


def parse(url: str) -> HardwareId:
    """`hwid:VID:PID[:SERIAL]` as a HardwareId; PortError when it is not one."""
    parts = url.strip()[len(PREFIX):].split(":", 2)
    if len(parts) < 2 or not all(_HEX4.fullmatch(p) for p in parts[:2]) or (len(parts) == 3 and not parts[2]):
        raise PortError(f"{url.strip()} is not a hardware ID: write hwid:VID:PID or hwid:VID:PID:SERIAL, "
                        "e.g. hwid:0403:6001:A10K3XYZ.")
    return HardwareId(int(parts[0], 16), int(parts[1], 16), parts[2] if len(parts) == 3 else "")


class AdapterMissing(PortError):
    """No adapter plugged in has this hardware ID."""

    def __init__(self, wanted: HardwareId) -> None:
        super().__init__(f"No adapter with the hardware ID {wanted} is plugged into this computer.")
        self.wanted = wanted


class AdapterAmbiguous(PortError):
    """Several adapters plugged in have this hardware ID; `devices` are their current names."""

    def __init__(self, wanted: HardwareId, devices: list[str]) -> None:
        super().__init__(f"Several adapters have the hardware ID {wanted} ({', '.join(devices)}); "
                         "add the adapter's serial number: hwid:VID:PID:SERIAL.")
        self.wanted, self.devices = wanted, devices


def _serial(port) -> str:
    text = (getattr(port, "serial_number", None) or "").strip()
    # Windows makes up an instance ID ("5&2B6D2A4B&0&3") for an adapter with no serial number; it
    # depends on the USB socket, the very thing a hardware ID is meant not to
    return "" if "&" in text or text.lower() == "n/a" else text


def names_by_device(ports: Iterable) -> dict[str, str]:
    """Device -> its `hwid:` name, for the USB adapters among `ports` (pyserial's comports()) whose
    name picks out that one adapter; two of one make with no serial number keep their COM names."""
    named = {}
    for port in ports:
        vid, pid = getattr(port, "vid", None), getattr(port, "pid", None)
        if vid is not None and pid is not None:
            named[str(port.device)] = str(HardwareId(vid, pid, _serial(port)))
    counts = Counter(named.values())
    return {device: name for device, name in named.items() if counts[name] == 1}


def resolve(url: str) -> str:
    """The device to open for `url` (see the module docstring)."""
    if not is_hardware_id(url):
        return url
    wanted = parse(url)
    devices = sorted(str(p.device) for p in serial.tools.list_ports.comports() if wanted.matches(p))
    if not devices:
        raise AdapterMissing(wanted)
    if len(devices) > 1:
        raise AdapterAmbiguous(wanted, devices)
    return devices[0]
