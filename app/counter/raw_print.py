"""Sending a raw job (ESC/POS bytes) to a receipt printer, past the system's driver.

A target is written the way an installer reads it off the printer:
- "192.168.1.50:9100", "tcp://printer.local:9100" or a bare IPv4 address (port 9100): a network
  printer's raw port;
- "COM3", "/dev/ttyUSB0", "COM3@19200" (9600 baud unless given), "serial:<pyserial URL>": a serial port;
- "/dev/usb/lp0", "LPT1", "\\\\.\\USB001": a device written as a file;
- "queue:<name>", any other word, or nothing (the receipt printer chosen in the preferences): a
  system printer queue in raw mode (`lp -o raw` with CUPS; win32print on Windows when pywin32 is
  installed).

A caller may rely on:
- `parse_target(text, default_queue)` gives a RawTarget or raises InvalidInput;
- `send(target, data)` returns once the bytes are with the printer (or its queue) and raises
  RawPrintFailed otherwise: cannot connect, refused, no such device, a write that does not finish
  within `timeout` seconds; PaperOutError (a RawPrintFailed) when the printer reports its roll empty or
  its cover open before anything is sent. Nothing is sent twice; a failure sends nothing further.
- What is detected: network and serial printers are asked for their status first (DLE EOT 2 and 4;
  a printer that does not answer within `status_timeout` is printed to anyway); a Linux USB printer
  (usblp) reports paper out through LPGETSTATUS; a CUPS queue that is stopped is refused. A printer
  that runs out during the job, or a queue that holds the job, is not seen here.
Blocking: call it from a background task.
"""
from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass

from app.errors import DormWattError, InvalidInput

DEFAULT_TCP_PORT = 9100
DEFAULT_BAUD = 9600
DLE_EOT = b"\x10\x04"
LPGETSTATUS = 0x060B                 # linux/lp.h: the parallel status byte, which usblp fills in
LP_PERRORP, LP_POUTPA = 0x08, 0x20   # not-error (active low), paper out


class RawPrintFailed(DormWattError):
    """The printer did not take the job; the message says what to check."""


class PaperOutError(RawPrintFailed):
    """The printer reports its roll empty (or its cover open): nothing was sent."""


@dataclass(frozen=True)
class RawTarget:
    kind: str              # "tcp", "serial", "device" or "queue"
    address: str           # host, serial port or URL, device path, queue name ("" the system default)
    port: int = 0          # TCP port, or serial baud rate

    def __str__(self) -> str:
        if self.kind == "tcp":
            return f"{self.address}:{self.port}"
        if self.kind == "serial":
            return f"{self.address}@{self.port}"
        return self.address or "default"


_HOST_PORT = re.compile(r"^\[?(?P<host>[A-Za-z0-9_.\-:]+?)\]?:(?P<port>\d+)$")
_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_SERIAL = re.compile(r"^(?P<port>COM\d+|/dev/(tty|cu\.|serial/)[^@\s]*)(@(?P<baud>\S*))?$", re.IGNORECASE)
_DEVICE = re.compile(r"^(/|\\\\|LPT\d$)", re.IGNORECASE)


def parse_target(text: str, default_queue: str = "") -> RawTarget:
    """The target written in `text` (see the module's list); empty: the queue `default_queue`."""
    text = text.strip()
    lower = text.lower()
    if not text:
        return RawTarget("queue", default_queue)
    if lower.startswith("queue:"):
        return RawTarget("queue", text[6:].strip())
    if lower.startswith("serial:"):
        url, at, baud = text[7:].strip().partition("@")
        return RawTarget("serial", url, _number(baud, text) if at else DEFAULT_BAUD)
    if lower.startswith("tcp://"):
        text = text[6:].rstrip("/")
        if ":" not in text:
            text += f":{DEFAULT_TCP_PORT}"
    if (m := _SERIAL.match(text)) is not None:
        baud = m.group("baud")
        return RawTarget("serial", m.group("port"), DEFAULT_BAUD if baud is None else _number(baud, text))
    if _DEVICE.match(text):
        return RawTarget("device", text)
    if _IPV4.match(text):
        return RawTarget("tcp", text, DEFAULT_TCP_PORT)
    if (m := _HOST_PORT.match(text)) is not None:
        port = int(m.group("port"))
        if not 1 <= port <= 65535:
            raise InvalidInput(f"A printer address is host:port with a port from 1 to 65535, not “{text}”.")
        return RawTarget("tcp", m.group("host"), port)
    return RawTarget("queue", text)


def _number(digits: str, text: str) -> int:
    if not digits.isdigit() or int(digits) <= 0:
        raise InvalidInput(f"A serial printer is written as COM3 or COM3@19200, not “{text}”.")
    return int(digits)


def send(target: RawTarget, data: bytes, *, timeout: float = 10.0, status_timeout: float = 1.0,
         title: str = "DormWatt") -> None:
    """Send `data` to `target` as it is (see the module's docstring for what may be raised)."""
    senders = {"tcp": _send_tcp, "serial": _send_serial, "device": _send_device, "queue": _send_queue}
    senders[target.kind](target, data, timeout=timeout, status_timeout=status_timeout, title=title)


# --- status: DLE EOT n answers one byte 0xx1xx10 ---------------------------------------------------

def _check_status(ask, target: RawTarget) -> None:
    """Ask the offline cause (n=2) and the roll sensor (n=4); `ask(n)` gives the answer byte or None."""
    cause = ask(2)
    if cause is None:
        return                       # no answer: a printer without status, or one that answers late
    roll = ask(4)
    if roll is not None and roll & 0x60:
        raise PaperOutError(f"The receipt printer at {target} is out of paper.")
    if cause & 0x20:
        raise PaperOutError(f"The receipt printer at {target} stopped at the end of its paper.")
    if cause & 0x04:
        raise PaperOutError(f"The receipt printer at {target} has its cover open.")
    if cause & 0x40:
        raise RawPrintFailed(f"The receipt printer at {target} reports an error (a paper jam or the cutter).")


def _status_byte(reply: bytes) -> int | None:
    return reply[0] if len(reply) == 1 and reply[0] & 0x93 == 0x12 else None


# --- the four ways --------------------------------------------------------------------------------

def _send_tcp(target: RawTarget, data: bytes, *, timeout: float, status_timeout: float, title: str) -> None:
    try:
        sock = socket.create_connection((target.address, target.port), timeout=min(timeout, 5.0))
    except OSError as exc:
        raise RawPrintFailed(f"The receipt printer at {target} cannot be reached ({_reason(exc)}): is it "
                             f"switched on and on the network?") from exc
    with sock:
        def ask(n: int) -> int | None:
            try:
                sock.settimeout(status_timeout)
                sock.sendall(DLE_EOT + bytes([n]))
                return _status_byte(sock.recv(1))
            except (TimeoutError, OSError):
                return None
        _check_status(ask, target)
        try:
            sock.settimeout(timeout)
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)
        except OSError as exc:
            raise RawPrintFailed(f"The receipt printer at {target} stopped taking the receipt "
                                 f"({_reason(exc)}).") from exc


def _send_serial(target: RawTarget, data: bytes, *, timeout: float, status_timeout: float, title: str) -> None:
    import serial

    try:
        port = serial.serial_for_url(target.address, baudrate=target.port, timeout=status_timeout,
                                     write_timeout=timeout)
    except (serial.SerialException, ValueError) as exc:
        raise RawPrintFailed(f"The receipt printer's port {target.address} cannot be opened ({_reason(exc)}).") \
            from exc
    with port:
        def ask(n: int) -> int | None:
            port.reset_input_buffer()
            port.write(DLE_EOT + bytes([n]))
            return _status_byte(port.read(1))
        try:
            _check_status(ask, target)
            port.reset_input_buffer()
            port.write(data)
            port.flush()
        except serial.SerialTimeoutException as exc:
            raise RawPrintFailed(f"The receipt printer on {target.address} did not take the receipt within "
                                 f"{timeout:g} seconds: is it switched on?") from exc
        except serial.SerialException as exc:
            raise RawPrintFailed(f"The receipt printer's port {target.address} failed ({_reason(exc)}).") from exc


def _send_device(target: RawTarget, data: bytes, *, timeout: float, status_timeout: float, title: str) -> None:
    path = target.address
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError as exc:
        raise RawPrintFailed(f"There is no printer device {path}: is the printer plugged in and "
                             f"switched on?") from exc
    except PermissionError as exc:
        raise RawPrintFailed(f"This user may not write to {path} (on Linux, add the user to the lp "
                             f"group).") from exc
    except OSError as exc:           # ENXIO: nothing at the other end (a device gone, a pipe unread)
        raise RawPrintFailed(f"No printer answers at {path} ({_reason(exc)}).") from exc
    try:
        _device_status(fd, target)
        _write_all(fd, data, time.monotonic() + timeout, target, timeout)
    finally:
        os.close(fd)


def _device_status(fd: int, target: RawTarget) -> None:
    if not sys.platform.startswith("linux") or not stat.S_ISCHR(os.fstat(fd).st_mode):
        return
    import fcntl
    import struct

    try:
        raw = fcntl.ioctl(fd, LPGETSTATUS, struct.pack("i", 0))
    except OSError:
        return                       # not a printer port: say nothing
    status = struct.unpack("i", raw)[0]
    if status & LP_POUTPA:
        raise PaperOutError(f"The receipt printer at {target} is out of paper.")
    if not status & LP_PERRORP:
        raise RawPrintFailed(f"The receipt printer at {target} reports an error: is it offline or its "
                             f"cover open?")


def _write_all(fd: int, data: bytes, deadline: float, target: RawTarget, timeout: float) -> None:
    view = memoryview(data)
    while view:
        left = deadline - time.monotonic()
        if left <= 0:
            raise RawPrintFailed(f"The receipt printer at {target} did not take the receipt within "
                                 f"{timeout:g} seconds: is it switched on and loaded with paper?")
        if os.name == "posix":
            with contextlib.suppress(OSError, ValueError):
                select.select([], [fd], [], left)
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            continue
        except OSError as exc:
            raise RawPrintFailed(f"The receipt printer at {target} stopped taking the receipt "
                                 f"({_reason(exc)}).") from exc
        view = view[n:]


def _send_queue(target: RawTarget, data: bytes, *, timeout: float, status_timeout: float, title: str) -> None:
    if sys.platform == "win32":
        try:
            import win32print  # type: ignore[import-not-found]
        except ImportError:
            win32print = None
        if win32print is not None:
            _send_win32(win32print, target, data, title)
            return
    lp = shutil.which("lp")
    if lp is None:
        raise RawPrintFailed("Printing raw to a printer queue needs the lp command (CUPS), which is not "
                             "installed; give the printer's address (host:9100) or device (/dev/usb/lp0) instead.")
    name = target.address
    _queue_stopped(name, target, status_timeout)
    command = [lp, "-o", "raw", "-t", title] + (["-d", name] if name else [])
    try:
        proc = subprocess.run(command, input=data, capture_output=True, timeout=timeout,
                              env={**os.environ, "LC_ALL": "C"})
    except subprocess.TimeoutExpired as exc:
        raise RawPrintFailed(f"The printer queue {target} did not take the receipt within {timeout:g} "
                             f"seconds.") from exc
    if proc.returncode != 0:
        error = proc.stderr.decode(errors="replace").strip() or f"exit status {proc.returncode}"
        raise RawPrintFailed(f"The printer queue {target} refused the receipt: {error}")


def _queue_stopped(name: str, target: RawTarget, wait: float) -> None:
    """A CUPS queue that is disabled (stopped: the printer went offline or an administrator paused it)."""
    lpstat = shutil.which("lpstat")
    if lpstat is None or not name:
        return
    try:
        proc = subprocess.run([lpstat, "-p", name], capture_output=True, timeout=max(wait, 3.0),
                              env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return
    if proc.returncode == 0 and " disabled" in proc.stdout.decode(errors="replace"):
        raise RawPrintFailed(f"The printer queue {target} is stopped (the printer is offline, out of paper "
                             f"or paused).")


def _send_win32(win32print, target: RawTarget, data: bytes, title: str) -> None:   # pragma: no cover - Windows
    name = target.address or win32print.GetDefaultPrinter()
    try:
        handle = win32print.OpenPrinter(name)
        try:
            win32print.StartDocPrinter(handle, 1, (title, None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        finally:
            win32print.ClosePrinter(handle)
    except Exception as exc:         # pywin32 raises pywintypes.error
        raise RawPrintFailed(f"The printer queue {target} refused the receipt: {_reason(exc)}") from exc


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
