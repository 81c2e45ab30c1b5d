"""The bus side of a simulated RS-485 line, independent of how the client is attached.

``RtuLineEngine`` owns a fleet of simulated meters and one serving thread. It frames the client's
bytes into requests by timing, hands them to ``fleet.handle_frame``, waits the meter's reply delay,
writes the reply at line rate, applies the faults armed on ``faults``, and advances the fleet's
simulated clock in real time x ``speed``. ``VirtualLine`` (line.py, a pty) and ``TcpGateway``
(server.py, a TCP socket) supply the transport.

Timing model (``line_rate=True``): a pty or socket delivers a client's write at once, so the line
treats bytes as starting on the wire when they arrive and being received by the meter ``11 / baud``
seconds per character later. A frame ends when its length (FC 03/04/06/10) is complete and its last
byte is off the wire, or after a silence of 1.5 character times otherwise; bytes arriving within
that silence belong to the same frame. The reply starts ``fleet.reply_delay_s(address)`` after the
end of the request and is written in small chunks, each when its last character would have
arrived. A transaction therefore takes request wire time + reply delay + reply wire time, plus the
scheduling latency of this process (about 0.2 ms on an idle machine).

Line speed: the engine frames each request at the rate the client sends it (``_client_baud``: a
pty's current termios speed; the line's ``baud`` for a transport that cannot tell) and paces the
reply at that rate. A fleet that models per-meter speeds (``listens_at`` and
``handle_frame(frame, baud=...)``, see fleet.py) is handed a frame at another rate than the line's
with that rate, and only its meters set to that rate understand it; such a frame that no meter is
set to is counted ``mismatched``, as is every frame at another rate on a fleet without per-meter
speeds. So, as on a real bus, a meter whose baud code was changed over the wire answers at its new
rate only, while the others go on answering at theirs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import select
import threading
import time
from collections.abc import Callable
from typing import Any, Self

from drivers import rtu
from drivers.sim.faults import FaultInjector

__all__ = ["RtuLineEngine"]

log = logging.getLogger(__name__)

_CHUNK_S = 0.004
"""Reply pacing granularity: one write per ~4 ms of wire time keeps wake-ups cheap."""

_MAX_STEP_COST_S = 0.004
"""Longest the clock may hold the fleet in one go outside a transaction."""

_IDLE_QUIET_S = 0.030
"""Outside a transaction the clock steps only after the line was quiet this long (a client in
this process needs the GIL to handle a reply and send its next request)."""

_MAX_LAG_S = 0.5
"""...unless the simulated clock lags real time x speed by more than this (in real seconds)."""

_STEP_MARGIN_S = 0.0005
"""Slack kept before a deadline when the clock steps inside a transaction's dead time."""

_PARITY_CODES = {"N": 0, "O": 1, "E": 2}
"""Parity letters and the meters' parity register codes (DDSY spec §3)."""

_STAT_KEYS = (
    "frames_in", "frames_out", "bytes_in", "bytes_out", "discarded", "broadcasts", "no_reply",
    "dropped", "lost_replies", "corrupted", "garbled", "wrong_address", "truncated", "noise",
    "mismatched", "errors",
)


class RtuLineEngine:
    """The bus side of a simulated line: framing, meter calls, line-rate pacing, faults, clock.

    Subclasses provide the transport (``_open_transport``, ``_close_transport``,
    ``_transport_fds``, ``_transport_read``, ``_transport_write``). Callers may rely on:
    ``faults`` (a ``FaultInjector``), ``stats`` (counters named in ``_STAT_KEYS``, updated by the
    serving thread), and ``fleet_lock``, which the serving thread holds whenever it touches the
    fleet: hold it yourself to inspect or change the fleet while the line runs (but do not call
    ``faults.pull_adapter``/``restore_adapter`` or ``speed`` while holding it: those wait for the
    serving thread). A fleet exception is logged, counted in ``stats["errors"]``, kept in
    ``last_error``, and leaves that request unanswered; the line keeps serving.

    The simulated clock runs in the dead time of transactions (while a request is on the wire or
    the reply delay runs, when the client is waiting anyway), and otherwise only after the line
    has been quiet for 30 ms or lags by more than 0.5 s, so a client in the same process is not
    kept from the GIL while it handles a reply.
    """

    def __init__(self, fleet: Any, *, baud: int = 9600, line_rate: bool = True,
                 speed: float = 1.0, parity: str = "N", name: str = "rtu-line") -> None:
        if parity not in _PARITY_CODES:
            raise ValueError(f"parity must be one of N, O, E; got {parity!r}")
        self.fleet = fleet
        self.baud = baud
        self.parity = parity
        self.line_rate = line_rate
        # Telling the fleet the line's settings commissions its meters to them; a meter
        # reconfigured over the wire later stops hearing the line, as on a real bus.
        if hasattr(fleet, "line_baud"):
            fleet.line_baud = baud
            fleet.line_parity = _PARITY_CODES[parity]
        self.fleet_lock = threading.RLock()
        self.stats: dict[str, int] = dict.fromkeys(_STAT_KEYS, 0)
        self.faults = FaultInjector(fleet, self.fleet_lock, pull=self._pull, restore=self._restore,
                                    noise=self._noise)
        self._name = name
        self._rates = hasattr(fleet, "listens_at")   # the fleet models each meter's own speed
        self._ct = rtu.char_time_s(baud) if line_rate else 0.0
        self._gap15 = rtu.gap_15_s(baud)
        self._rx_baud = baud        # the rate of the frame being received
        self._rx_ct = self._ct
        self._rx_gap15 = self._gap15
        self._buf = bytearray()
        self._buf_end = 0.0         # when the last buffered byte is off the virtual wire
        self._wire_busy = 0.0       # when the line is free again (half duplex)
        self._speed = speed
        self._clock_origin = 0.0
        self._clock_steps = 0
        self._step_cost = 0.001     # running estimate of real seconds per simulated second
        self._last_activity = 0.0   # last byte in or out
        self._present = False       # the adapter (pty or listening socket) exists
        self._restore_at: float | None = None
        self._stopping = False
        self.last_error: BaseException | None = None
        """The last exception the fleet raised on this line (also logged and counted)."""
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
        if self._speed > 0:
            # The first simulated seconds are costly (lazy set-up in the models): spend them
            # now rather than in the middle of a client's first transaction.
            with self.fleet_lock:
                self.fleet.advance(1)
                t0 = time.monotonic()
                self.fleet.advance(1)
                self._step_cost = time.monotonic() - t0
            self._clock_steps = 2
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

    def __enter__(self) -> Self:
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
            self._wake()
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

    def _client_baud(self) -> int:
        """The rate the client sends at now (0 for one no meter speaks); the line's own ``baud``
        when the transport cannot tell."""
        return self.baud

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
                if self._step_clock(due - now):
                    continue   # the request is still on the wire: its dead time runs the clock
                timeout = due - now
            elif self._speed > 0:
                timeout = self._idle_clock_wait(now)
                if timeout <= 0:
                    self._step_clock(None)
                    continue
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

    def _receive(self, data: bytes) -> None:
        if not data:
            return
        t = time.monotonic()
        self._last_activity = t
        if self._buf and t > self._buf_end + self._rx_gap15:
            # Arrived after a silence: the buffered bytes were a frame of their own.
            self._end_frame(bytes(self._buf), self._buf_end)
            self._buf.clear()
        if not self._buf:
            self._start_frame()
        start = max(t, self._buf_end if self._buf else self._wire_busy)
        self._buf += data
        self._buf_end = start + len(data) * self._rx_ct
        self._wire_busy = self._buf_end

    def _start_frame(self) -> None:
        """A frame begins: it is framed, heard and answered at the client's rate of now."""
        baud = self._client_baud()
        if baud != self._rx_baud:
            self._rx_baud = baud
            self._rx_ct = rtu.char_time_s(baud) if self.line_rate and baud > 0 else self._ct
            self._rx_gap15 = rtu.gap_15_s(baud) if baud > 0 else self._gap15

    def _frame_due(self) -> float:
        need = rtu.request_length(self._buf)
        if need is not None and len(self._buf) == need:
            return self._buf_end
        return self._buf_end + self._rx_gap15

    def _heard_at(self, baud: int) -> bool:
        """Whether a frame sent at ``baud`` can be understood by some meter on the line."""
        if baud == self.baud:
            return True
        if not self._rates or baud <= 0:
            return False
        with self.fleet_lock:
            return bool(self.fleet.listens_at(baud))

    def _end_frame(self, frame: bytes, end_t: float) -> None:
        self.stats["bytes_in"] += len(frame)
        baud, ct = self._rx_baud, self._rx_ct
        if not self._heard_at(baud):
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
        try:
            with self.fleet_lock:
                # At the line's own rate the frame goes as it always did (the fleet's default rate).
                reply = self.fleet.handle_frame(frame) if baud == self.baud else self.fleet.handle_frame(frame, baud=baud)
                delay = self.fleet.reply_delay_s(address) if reply is not None else 0.0
        except Exception as exc:
            # A bug in a meter model must not take the whole line down: that meter stays silent.
            self._fleet_failed(exc, f"handling {frame.hex(' ')}")
            return
        if reply is None:
            self.stats["broadcasts" if address == 0 else "no_reply"] += 1
            return
        out, fault = self.faults.apply_to_reply(reply)
        if fault is not None:
            self.stats[fault] += 1
        if out is None:
            return
        self._send_paced(out, max(end_t + delay, self._wire_busy), frame=True, ct=ct)

    def _sleep_until(self, deadline: float) -> bool:
        """Wait until ``deadline`` while obeying commands and running the simulated clock when a
        step fits before the deadline; False if the line went away meanwhile."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return self._present and not self._stopping
            if self._step_clock(remaining):
                continue
            readable, _, _ = select.select([self._wake_r], [], [], remaining)
            if readable:
                self._run_commands()
                if not self._present or self._stopping:
                    return False

    def _send_paced(self, data: bytes, start: float, *, frame: bool = False, ct: float | None = None) -> bool:
        """Put ``data`` on the wire from ``start`` at ``ct`` seconds a character (the line's rate by
        default): each chunk is written when its last character would have arrived. Returns False if
        the line went away meanwhile."""
        ct = self._ct if ct is None else ct
        chunk = max(1, int(_CHUNK_S / ct)) if ct else len(data)
        sent = 0
        while sent < len(data):
            upto = min(len(data), sent + chunk)
            if not self._sleep_until(start + upto * ct):
                return False
            # Count before writing, so a client that has the whole reply also sees it counted.
            self.stats["bytes_out"] += upto - sent
            if frame and upto == len(data):
                self.stats["frames_out"] += 1
            self._transport_write(data[sent:upto])
            self._last_activity = time.monotonic()
            sent = upto
        self._wire_busy = max(self._wire_busy, start + len(data) * ct)
        return True

    def _fleet_failed(self, exc: Exception, what: str) -> None:
        self.stats["errors"] += 1
        self.last_error = exc
        log.exception("%s: fleet failed %s", self._name, what)

    def _behind(self, now: float) -> int:
        """Simulated seconds the fleet's clock is behind real time x speed."""
        if self._speed <= 0:
            return 0
        return int((now - self._clock_origin) * self._speed) - self._clock_steps

    def _idle_clock_wait(self, now: float) -> float:
        """Seconds until the clock may step outside a transaction (<= 0: now)."""
        due = self._clock_origin + (self._clock_steps + 1) / self._speed
        if now < due:
            return due - now
        if now - due > _MAX_LAG_S:
            return 0.0
        return self._last_activity + _IDLE_QUIET_S - now

    def _step_clock(self, budget_s: float | None) -> bool:
        """Run due simulated seconds: as many as fit in half of ``budget_s`` (None: a slice of at
        most ~4 ms). True if the clock moved."""
        behind = self._behind(time.monotonic())
        if behind <= 0:
            return False
        cost = max(self._step_cost, 1e-6)
        if budget_s is None:
            seconds = max(1, min(behind, int(_MAX_STEP_COST_S / cost)))
        else:
            seconds = min(behind, int((budget_s - _STEP_MARGIN_S) / (2 * cost)))
            if seconds < 1:
                return False
        t0 = time.monotonic()
        try:
            with self.fleet_lock:
                self.fleet.advance(seconds)
        except Exception as exc:
            self._fleet_failed(exc, f"advancing {seconds} s")
        self._step_cost = 0.8 * self._step_cost + 0.2 * (time.monotonic() - t0) / seconds
        self._clock_steps += seconds
        return True
