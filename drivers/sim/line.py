"""A virtual RS-485 line: a pty a client opens with pyserial, served in-process by a Fleet.

``VirtualLine`` makes a pseudo-terminal; its slave side (``client_path``, optionally behind a
stable symlink ``link``) is the "USB adapter" a driver opens, and its master side is the bus with
the simulated meters on it, served by the engine in line_engine.py (framing by timing, reply delay,
line-rate pacing, faults, the simulated clock). A pulled adapter closes the pty (open handles fail
with I/O errors, the /dev/pts node and the symlink vanish); a restored one is a new pty behind the
same symlink.
"""

from __future__ import annotations

import contextlib
import errno
import os
import termios
import tty
from typing import Any

from drivers.sim.line_engine import RtuLineEngine

__all__ = ["RtuLineEngine", "VirtualLine"]

_SPEEDS = {getattr(termios, name): int(name[1:]) for name in dir(termios) if name[:1] == "B" and name[1:].isdigit()}
"""termios speed codes and the rates they stand for."""


class VirtualLine(RtuLineEngine):
    """A pty pair standing in for a USB RS-485 adapter with ``fleet`` on the bus.

    ``client_path`` is what a client opens with pyserial (the ``link`` symlink when given, which
    keeps its name across a pulled and restored adapter; otherwise the current /dev/pts path).
    The client should use the line's ``baud``: a frame sent at another rate (the pty's termios
    speed when the frame starts) is understood only by meters set to that rate (a meter whose baud
    code was changed over the wire), and by none on a fleet that does not model per-meter speeds,
    as on a real bus. ``parity`` tells the fleet which meters can hear the line. Linux ptys refuse
    parity settings (tcsetattr fails with EINVAL), so a client opens the pty with parity N
    whatever the line's parity; use the TCP gateway to exercise a client's parity option.
    """

    def __init__(self, fleet: Any, *, baud: int = 9600, line_rate: bool = True,
                 speed: float = 1.0, link: str | None = None, parity: str = "N") -> None:
        super().__init__(fleet, baud=baud, line_rate=line_rate, speed=speed, parity=parity,
                         name="virtual-line")
        self.link = link
        self._master = -1
        self._slave = -1
        self._pty_name = ""

    @property
    def client_path(self) -> str:
        """The path a client opens (the symlink if ``link`` was given)."""
        return self.link or self._pty_name

    @property
    def pty_path(self) -> str:
        """The current /dev/pts path behind ``client_path`` (changes on every restore)."""
        return self._pty_name

    def _open_transport(self) -> None:
        if self.link and os.path.lexists(self.link) and not os.path.islink(self.link):
            raise FileExistsError(f"{self.link} exists and is not a symlink")
        master, slave = os.openpty()
        # Raw on our side too: no echo, no CR/LF translation, before any client has opened it.
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._pty_name = os.ttyname(slave)
        if self.link:
            tmp = f"{self.link}.{os.getpid()}.tmp"
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            os.symlink(self._pty_name, tmp)
            os.replace(tmp, self.link)   # atomic: a client never sees the link missing

    def _close_transport(self) -> None:
        if self.link and os.path.islink(self.link) and os.readlink(self.link) == self._pty_name:
            os.unlink(self.link)
        # Closing the master hangs up the slave: an open client's reads and writes fail and
        # the /dev/pts node disappears.
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = -1

    def _transport_fds(self) -> list[int]:
        return [self._master]

    def _transport_read(self, fd: int) -> bytes:
        try:
            return os.read(fd, 4096)
        except BlockingIOError:
            return b""
        except OSError as exc:
            if exc.errno == errno.EIO:
                return b""
            raise

    def _transport_write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                n = os.write(self._master, view)
            except BlockingIOError:
                return   # the client is not reading and its buffer is full: bytes fall off the line
            view = view[n:]

    def _client_baud(self) -> int:
        if getattr(termios, f"B{self.baud}", None) is None:
            return self.baud        # a rate termios cannot name: the client cannot be told apart
        try:
            attrs = termios.tcgetattr(self._master)
        except termios.error:
            return self.baud
        # On Linux the master reports the slave's settings: the rate the client opened the port at.
        return _SPEEDS.get(attrs[5], 0)
