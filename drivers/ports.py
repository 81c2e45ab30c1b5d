"""The machine's serial ports, and a quick check that a line can be opened.

``list_ports()`` is what a port picker offers: every serial port the operating system reports
(pyserial's ``serial.tools.list_ports``), each under its stable name — on Linux the
``/dev/serial/by-id/...`` link when there is one, because ``/dev/ttyUSB0`` changes when adapters
are plugged in another order; on Windows the adapter's hardware ID (``hwid:0403:6001:A10K3XYZ``,
drivers.hardware_ids) when it picks out one adapter, because Windows gives an adapter moved to
another USB socket another COM number, else the COM name. Pseudo terminals (``/dev/pts/N``) are
never listed: they are not adapters.

``test_connection(url, baud, parity)`` opens the port (or connects to the ``socket://`` gateway)
the way the line will be opened, and closes it again. What a caller may rely on:

- nothing is written to the line and nothing is left open;
- on POSIX the port is opened exclusively (pyserial's ``exclusive=True``, an advisory lock), so
  a port that another program holds is reported as such, with that program's name and process id
  when this user may see them, instead of being shared (two programs on one RS-485 line garble
  each other's frames);
- a failure raises a ``PortError`` whose message is one sentence a technician can act on:
  ``PortHeld`` (another program holds it; ``holders`` names them), ``PortMissing`` (no such port),
  ``PortUnopenable`` (anything else, with the system's ``reason``).

No Qt here: the window calls these in a background task.
"""
from __future__ import annotations

import errno
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import serial
import serial.tools.list_ports

from drivers import hardware_ids
from drivers.errors import PortError
from drivers.port import _PARITIES

BY_ID = Path("/dev/serial/by-id")


@dataclass(frozen=True)
class PortInfo:
    """A serial port of this machine. ``name`` is what to store as the line's port (stable across
    reboots where the system offers such a name); ``device`` the kernel's current name for it."""

    name: str
    device: str
    description: str = ""
    manufacturer: str = ""
    serial_number: str = ""

    @property
    def label(self) -> str:
        """One line for a picker: the stable name, then what the adapter says it is."""
        extra = [t for t in (self.description, self.manufacturer, self.serial_number) if t]
        if self.device != self.name:
            extra.insert(0, self.device)
        return f"{self.name} ({', '.join(extra)})" if extra else self.name


def _clean(text: object) -> str:
    text = "" if text is None else str(text).strip()
    return "" if text.lower() == "n/a" else text


def _stable_names(by_id: Path) -> dict[str, str]:
    """Device path -> its /dev/serial/by-id link (the first by name when several point at it)."""
    out: dict[str, str] = {}
    try:
        links = sorted(by_id.iterdir())
    except OSError:
        return out
    for link in links:
        try:
            target = str(link.resolve(strict=True))
        except OSError:
            continue
        out.setdefault(target, str(link))
    return out


def _is_pty(device: str) -> bool:
    return device.startswith("/dev/pts/") or device in ("/dev/ptmx", "/dev/tty")


def list_ports() -> list[PortInfo]:
    """The machine's serial ports, sorted by stable name (see the module docstring)."""
    comports = list(serial.tools.list_ports.comports())
    stable = (_stable_names(BY_ID) if sys.platform.startswith("linux")
              else hardware_ids.names_by_device(comports) if sys.platform == "win32" else {})
    found: dict[str, PortInfo] = {}
    for p in comports:
        device = str(p.device)
        if _is_pty(device):
            continue
        real = os.path.realpath(device) if device.startswith("/dev/") else device
        name = stable.get(real, device)
        found[name] = PortInfo(name=name, device=device, description=_clean(p.description),
                               manufacturer=_clean(p.manufacturer), serial_number=_clean(p.serial_number))
    return sorted(found.values(), key=lambda info: _natural(info.name))


def _natural(name: str) -> tuple:
    """COM2 before COM10, ttyUSB2 before ttyUSB10."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                 for part in re.split(r"(\d+)", name) if part)


def lock_holders(device: str, locks: Path = Path("/proc/locks")) -> list[tuple[int, str]]:
    """Processes (pid, program name) holding a lock on ``device``, read from Linux's /proc/locks
    (the current process is left out). Empty elsewhere or when unknown."""
    try:
        st = os.stat(device)
        table = locks.read_text()
    except OSError:
        return []
    me, out = os.getpid(), set()
    for line in table.splitlines():
        parts = line.split()
        if len(parts) < 6 or parts[-1] == "->" or parts[1] == "->":
            continue
        try:
            pid = int(parts[4])
            major, minor, inode = parts[5].split(":")
            same = (int(inode) == st.st_ino and int(major, 16) == os.major(st.st_dev)
                    and int(minor, 16) == os.minor(st.st_dev))
        except ValueError:
            continue
        if same and pid != me:
            try:
                comm = Path(f"/proc/{pid}/comm").read_text().strip()
            except OSError:
                comm = "a program"
            out.add((pid, comm))
    return sorted(out)


def _busy(exc: BaseException) -> bool:
    # pyserial: a failed exclusive lock (POSIX flock), a port opened with TIOCEXCL (EBUSY), or
    # Windows' "Access is denied" for a COM port another program has open.
    text = str(exc)
    return (getattr(exc, "errno", None) == errno.EBUSY or "exclusively lock" in text
            or "Access is denied" in text)


class PortHeld(PortError):
    """Another program holds the port. ``holders``: (pid, program name) when they could be seen."""

    def __init__(self, url: str, holders: list[tuple[int, str]]) -> None:
        if holders:
            names = ", ".join(f"{comm} (process {pid})" for pid, comm in holders)
            text = f"The port {url} is in use by another program: {names}; close it, or choose another port."
        else:
            text = f"The port {url} is in use by another program; close it, or choose another port."
        super().__init__(text)
        self.url, self.holders = url, holders


class PortMissing(PortError):
    """There is no such port on this computer."""

    def __init__(self, url: str) -> None:
        super().__init__(f"There is no port {url} on this computer (is the adapter plugged in?).")
        self.url = url


class PortUnopenable(PortError):
    """The port or gateway could not be opened; ``reason`` is the system's words for why."""

    def __init__(self, url: str, reason: str, *, gateway: bool) -> None:
        super().__init__(f"The gateway {url} did not accept a connection ({reason})." if gateway
                         else f"The port {url} cannot be opened ({reason}).")
        self.url, self.reason, self.gateway = url, reason, gateway


def test_connection(url: str, baud: int = 9600, parity: str = "N", *, timeout_s: float = 3.0) -> str:
    """Open ``url`` as the line would be opened, then close it; returns a sentence saying it opened.
    Raises ``PortError`` with one sentence when it cannot (see the module docstring)."""
    url = url.strip()
    if not url:
        raise PortError("Give a serial port or a gateway address (socket://HOST:PORT).")
    if parity not in _PARITIES:
        raise PortError("The parity is N (none), E (even) or O (odd).")
    device = hardware_ids.resolve(url)     # hwid:VID:PID[:SERIAL]: the adapter's name today
    gateway = "://" in device
    # Exclusive: a port another program holds is refused, not shared (POSIX; Windows COM ports are
    # exclusive anyway). A gateway has no such lock: it answers or not.
    extra = {"exclusive": True} if not gateway and os.name == "posix" else {}
    try:
        ser = serial.serial_for_url(device, baudrate=baud, bytesize=8, parity=_PARITIES[parity], stopbits=1,
                                    timeout=timeout_s, write_timeout=timeout_s, **extra)
    except (serial.SerialException, OSError, ValueError) as exc:
        if _busy(exc):
            raise PortHeld(url, lock_holders(device)) from exc
        if not gateway and os.name == "posix" and not os.path.exists(device):
            raise PortMissing(url) from exc
        raise PortUnopenable(url, _reason(exc), gateway=gateway) from exc
    try:
        ser.close()
    except (serial.SerialException, OSError):
        pass
    if gateway:
        return f"The gateway {url} accepted a connection."
    return f"The port {url} opened at {baud} baud, 8{parity}1."


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return str(text).strip().rstrip(".") or type(exc).__name__


test_connection.__test__ = False     # type: ignore[attr-defined]  # not a pytest test, despite its name
