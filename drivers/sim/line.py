"""A virtual RS-485 line: a pty a client opens with pyserial, served in-process by a Fleet.

``VirtualLine`` makes a pseudo-terminal; its slave side (``client_path``, optionally behind a
stable symlink ``link``) is the "USB adapter" a driver opens, and its master side is the bus with
the simulated meters on it. One thread owns the master side and the fleet: it frames requests by
timing, hands them to ``fleet.handle_frame``, waits the meter's reply delay and writes the reply at
line rate, and in idle moments advances the fleet's simulated clock in real time x ``speed``.

Timing model (``line_rate=True``): a pty delivers a client's write at once, so the line treats
bytes as starting on the wire when they arrive and being received by the meter ``11 / baud``
seconds per character later. A frame ends when its length (FC 03/04/06/10) is complete and its last
byte is off the wire, or after a silence of 1.5 character times otherwise; bytes arriving within
that silence belong to the same frame. The reply starts ``fleet.reply_delay_s(address)`` after the
end of the request and is written in small chunks, each when its last character would have
arrived. A transaction therefore takes request wire time + reply delay + reply wire time, plus the
scheduling latency of this process (measured well under a millisecond on an idle machine).

The engine (``RtuLineEngine``) is shared with the TCP gateway in ``server.py``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import queue
import select
import termios
import threading
import time
import tty
from collections.abc import Callable
from typing import Any

from drivers import rtu
from drivers.sim.faults import FaultInjector

__all__ = ["RtuLineEngine", "VirtualLine"]

_CHUNK_S = 0.004
"""Reply pacing granularity: one write per ~4 ms of wire time keeps wake-ups cheap."""

_MAX_STEP_COST_S = 0.004
"""Longest the clock may hold the fleet in one go, so a request is never kept waiting long."""

_STAT_KEYS = (
    "frames_in", "frames_out", "bytes_in", "bytes_out", "discarded", "broadcasts", "no_reply",
    "dropped", "lost_replies", "corrupted", "garbled", "wrong_address", "truncated", "noise",
    "mismatched",
)


class RtuLineEngine:
    """The bus side of a simulated line: framing, meter calls, line-rate pacing, faults, clock.

    Subclasses provide the transport (``_open_transport``, ``_close_transport``,
    ``_transport_fds``, ``_transport_read``, ``_transport_write``). Callers may rely on:
    ``faults`` (a ``FaultInjector``), ``stats`` (counters named in ``_STAT_KEYS``, updated by the
    serving thread), and ``fleet_lock``, which the serving thread holds whenever it touches the
    fleet: hold it yourself to inspect or change the fleet while the line runs.
    """

    def __init__(self, fleet: Any, *, baud: int = 9600, line_rate: bool = True,
                 speed: float = 1.0, name: str = "rtu-line") -> None:
        self.fleet = fleet
        self.baud = baud
        self.line_rate = line_rate
        self.fleet_lock = threading.RLock()
        self.stats: dict[str, int] = dict.fromkeys(_STAT_KEYS, 0)
        self.faults = FaultInjector(fleet, self.fleet_lock, pull=self._pull, restore=self._restore,
                                    noise=self._noise)
        self._name = name
        self._ct = rtu.char_time_s(baud) if line_rate else 0.0
        self._gap15 = rtu.gap_15_s(baud)
        self._buf = bytearray()
        self._buf_end = 0.0         # when the last buffered byte is off the virtual wire
        self._wire_busy = 0.0       # when the line is free again (half duplex)
        self._speed = speed
        self._clock_origin = 0.0
        self._clock_steps = 0
        self._step_cost = 0.0005    # running estimate of real seconds per simulated second
        self._present = False       # the adapter (pty or listening socket) exists
        self._restore_at: float | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._commands: queue.SimpleQueue[tuple[Callable[[], None], threading.Event]] = \
            queue.SimpleQueue()
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Create the transport and start serving; the client side is usable when this returns."""
        if self._thread is not None:
            raise RuntimeError("line already started")
        self._open_transport()
        self._present = True
        self._clock_origin = time.monotonic()
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, close the transport and release its path. Idempotent."""
        self._stopping = True
        self._wake()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._present:
            self._present = False
            self._close_transport()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def __enter__(self) -> RtuLineEngine:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def speed(self) -> float:
        """Simulated seconds per real second; 0 freezes the fleet's clock."""
        return self._speed

    @speed.setter
    def speed(self, value: float) -> None:
        def change() -> None:
            self._speed = value
            self._clock_origin = time.monotonic()
            self._clock_steps = 0
        self._call(change)

    @property
    def adapter_present(self) -> bool:
        """False while the adapter is pulled."""
        return self._present

    # -- transport hooks (subclasses) ------------------------------------------------------------

    def _open_transport(self) -> None:
        raise NotImplementedError

    def _close_transport(self) -> None:
        raise NotImplementedError

    def _transport_fds(self) -> list[int]:
        raise NotImplementedError

    def _transport_read(self, fd: int) -> bytes:
        """Read what the client sent on ``fd`` (b"" when nothing arrived for the framer)."""
        raise NotImplementedError

    def _transport_write(self, data: bytes) -> None:
        raise NotImplementedError

    def _client_settings_match(self) -> bool:
        return True

    # -- commands from other threads -------------------------------------------------------------

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"\0")

    def _call(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the serving thread (it owns the fds) and wait until it has run."""
        thread = self._thread
        if thread is None or not thread.is_alive() or thread is threading.current_thread():
            fn()
            return
        done = threading.Event()
        self._commands.put((fn, done))
        self._wake()
        if not done.wait(timeout=5):
            raise TimeoutError("line thread did not answer")

    def _run_commands(self) -> None:
        with contextlib.suppress(OSError):
            while os.read(self._wake_r, 512):
                pass
        while True:
            try:
                fn, done = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                fn()
            finally:
                done.set()

    def _pull(self, duration_s: float | None) -> None:
        def pull() -> None:
            if self._present:
                self._present = False
                self._buf.clear()
                self._close_transport()
            self._restore_at = None if duration_s is None else time.monotonic() + duration_s
        self._call(pull)

    def _restore(self) -> None:
        def restore() -> None:
            self._restore_at = None
            if not self._present:
                self._open_transport()
                self._present = True
        self._call(restore)

    def _noise(self, data: bytes) -> None:
        def noise() -> None:
            if self._present:
                self.stats["noise"] += 1
                self._send_paced(data, max(time.monotonic(), self._wire_busy))
        self._call(noise)

    # -- the serving thread ----------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stopping:
            now = time.monotonic()
            timeout = 3600.0
            if self._buf:
                due = self._frame_due()
                if now >= due:
                    self._end_frame(bytes(self._buf), self._buf_end)
                    self._buf.clear()
                    continue
                timeout = due - now
            elif self._speed > 0:
                timeout = max(0.0, self._clock_next_due() - now)
            if self._restore_at is not None:
                if now >= self._restore_at:
                    self._restore()
                    continue
                timeout = min(timeout, self._restore_at - now)
            fds = [self._wake_r, *self._transport_fds()] if self._present else [self._wake_r]
            readable, _, _ = select.select(fds, [], [], timeout)
            if self._wake_r in readable:
                self._run_commands()
            for fd in readable:
                if fd != self._wake_r and self._present and fd in self._transport_fds():
                    self._receive(self._transport_read(fd))
            if not self._buf and self._speed > 0 and time.monotonic() >= self._clock_next_due():
                self._step_clock()

    def _receive(self, data: bytes) -> None:
        if not data:
            return
        t = time.monotonic()
        if self._buf and t > self._buf_end + self._gap15:
            # Arrived after a silence: the buffered bytes were a frame of their own.
            self._end_frame(bytes(self._buf), self._buf_end)
            self._buf.clear()
        start = max(t, self._buf_end if self._buf else self._wire_busy)
        self._buf += data
        self._buf_end = start + len(data) * self._ct
        self._wire_busy = self._buf_end

    def _frame_due(self) -> float:
        need = rtu.request_length(self._buf)
        if need is not None and len(self._buf) == need:
            return self._buf_end
        return self._buf_end + self._gap15

    def _end_frame(self, frame: bytes, end_t: float) -> None:
        self.stats["bytes_in"] += len(frame)
        if not self._client_settings_match():
            self.stats["mismatched"] += 1   # wrong baud: the meters hear noise
            return
        if rtu.check(frame) is None:
            self.stats["discarded"] += 1
            return
        self.stats["frames_in"] += 1
        if self.faults.take_drop():
            self.stats["dropped"] += 1
            return
        if not self._sleep_until(end_t):
            return
        address = frame[0]
        with self.fleet_lock:
            reply = self.fleet.handle_frame(frame)
            delay = self.fleet.reply_delay_s(address) if reply is not None else 0.0
        if reply is None:
            self.stats["broadcasts" if address == 0 else "no_reply"] += 1
            return
        out, fault = self.faults.apply_to_reply(reply)
        if fault is not None:
            self.stats[fault] += 1
        if out is None:
            return
        if self._send_paced(out, max(end_t + delay, self._wire_busy)):
            self.stats["frames_out"] += 1

    def _sleep_until(self, deadline: float) -> bool:
        """Sleep until ``deadline`` while still obeying commands; False if the line went away."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self._present and not self._stopping
            readable, _, _ = select.select([self._wake_r], [], [], remaining)
            if readable:
                self._run_commands()
                if not self._present or self._stopping:
                    return False

    def _send_paced(self, data: bytes, start: float) -> bool:
        """Put ``data`` on the wire from ``start``: each chunk is written when its last character
        would have arrived. Returns False if the line went away meanwhile."""
        ct = self._ct
        chunk = max(1, int(_CHUNK_S / ct)) if ct else len(data)
        sent = 0
        while sent < len(data):
            upto = min(len(data), sent + chunk)
            if not self._sleep_until(start + upto * ct):
                return False
            self._transport_write(data[sent:upto])
            self.stats["bytes_out"] += upto - sent
            sent = upto
        self._wire_busy = max(self._wire_busy, start + len(data) * ct)
        return True

    def _clock_next_due(self) -> float:
        return self._clock_origin + (self._clock_steps + 1) / self._speed

    def _step_clock(self) -> None:
        behind = int((time.monotonic() - self._clock_origin) * self._speed) - self._clock_steps
        if behind <= 0:
            return
        # Catch up in slices short enough that a request arriving meanwhile waits only briefly.
        seconds = max(1, min(behind, int(_MAX_STEP_COST_S / max(self._step_cost, 1e-6))))
        t0 = time.monotonic()
        with self.fleet_lock:
            self.fleet.advance(seconds)
        self._step_cost = 0.8 * self._step_cost + 0.2 * (time.monotonic() - t0) / seconds
        self._clock_steps += seconds


class VirtualLine(RtuLineEngine):
    """A pty pair standing in for a USB RS-485 adapter with ``fleet`` on the bus.

    ``client_path`` is what a client opens with pyserial (the ``link`` symlink when given, which
    keeps its name across a pulled and restored adapter; otherwise the current /dev/pts path).
    The client must use the line's ``baud``; a client at another rate gets no replies, as on a
    real bus. (Linux ptys do not keep parity flags, so ``parity`` is informational.)
    """

    def __init__(self, fleet: Any, *, baud: int = 9600, line_rate: bool = True,
                 speed: float = 1.0, link: str | None = None, parity: str = "N") -> None:
        super().__init__(fleet, baud=baud, line_rate=line_rate, speed=speed, name="virtual-line")
        self.link = link
        self.parity = parity
        self._master = -1
        self._slave = -1
        self._pty_name = ""
        self._baud_code = getattr(termios, f"B{baud}", None)

    @property
    def client_path(self) -> str:
        """The path a client opens (the symlink if ``link`` was given)."""
        return self.link or self._pty_name

    @property
    def pty_path(self) -> str:
        """The current /dev/pts path behind ``client_path`` (changes on every restore)."""
        return self._pty_name

    def _open_transport(self) -> None:
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
            if os.path.lexists(self.link) and not os.path.islink(self.link):
                os.unlink(tmp)
                raise FileExistsError(f"{self.link} exists and is not a symlink")
            os.replace(tmp, self.link)

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

    def _client_settings_match(self) -> bool:
        if self._baud_code is None:
            return True
        try:
            attrs = termios.tcgetattr(self._master)
        except termios.error:
            return True
        return attrs[5] == self._baud_code   # on Linux the master reports the slave's settings
