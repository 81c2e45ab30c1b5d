"""One serial port or RTU gateway shared by every instrument on it.

``SharedPort`` owns the pyserial object (``/dev/serial/by-id/...``, ``COM3`` or
``socket://host:port`` through ``serial.serial_for_url``) and does every byte of I/O on it: it
keeps the 3.5-character silence between frames (measured from the last byte seen or sent),
reads a reply frame by frame (stops as soon as the frame's own length is known and complete,
so an exception reply never waits for the timeout), checks CRC, address and function, and turns
every failure into a typed error from ``drivers.errors``. It also counts frames, bytes and the
wire time they occupy, remembers the last error, and, when asked (``start_trace``), keeps the last
frames it sent and received in a ``FrameTrace`` for troubleshooting; off, that costs one attribute
test per transaction. It looks for a reply's bytes when they can have arrived (``ReplyClock``)
rather than at every chunk an adapter or gateway hands over: a wake-up of the worker thread
costs more CPU than everything else a transaction does.

``MeterInstrument`` is a minimalmodbus ``Instrument`` whose transport is the shared port: all
instruments on one port share one serial object, nothing is closed after a call, each call has
its own reply timeout, and minimalmodbus's expected reply length times the port's waiting.
minimalmodbus builds every request and checks every reply (the drivers decode register spans
with the profile's compiled layouts, ``drivers.profiles.base.SpanLayout``, in one struct call).

A ``SharedPort`` is not thread-safe: exactly one thread (the bus worker) may use it.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field

import minimalmodbus
import serial

from drivers import hardware_ids, rtu
from drivers.errors import BadReply, CrcError, MeterError, MeterException, MeterTimeout, PortError

_PARITIES = {"N": serial.PARITY_NONE, "O": serial.PARITY_ODD, "E": serial.PARITY_EVEN}
_FINISH_SLACK_S = 0.020
"""Extra time a reply that has started gets beyond its remaining wire time."""
_DRAIN_LIMIT_S = 0.25
"""Longest time spent discarding a late or overlong reply after an error."""


def _select_timeout_classes() -> tuple[type, ...]:
    if "_timeout" not in vars(serial.SerialBase()):
        return ()  # another pyserial: use its public setter everywhere
    classes: list[type] = []
    try:
        from serial.serialposix import Serial as PosixSerial
        classes.append(PosixSerial)
    except ImportError:  # Windows: timeouts are applied to the port itself there
        pass
    from serial.urlhandler.protocol_socket import Serial as SocketSerial
    classes.append(SocketSerial)
    return tuple(classes)


_SELECT_TIMEOUTS = _select_timeout_classes()
"""pyserial classes whose ``read`` honours ``_timeout`` through select and nothing else (3.5)."""


def _plain_fd_class() -> type | None:
    try:
        from serial.serialposix import Serial as PosixSerial
    except ImportError:  # Windows
        return None
    return PosixSerial if _SELECT_TIMEOUTS else None


_PLAIN_FD = _plain_fd_class()
"""pyserial's POSIX class, whose descriptor is non-blocking: a read of what has arrived and a
write the driver can take at once are one system call each on it (pyserial adds a select and
timeout bookkeeping to both, which costs a transaction more CPU than the calls themselves)."""


def open_serial(url: str, *, baud: int = 9600, parity: str = "N") -> serial.SerialBase:
    """Open ``url`` (device path, COM name, ``hwid:VID:PID[:SERIAL]`` or pyserial URL such as
    ``socket://host:port``) 8x1.

    Raises ``PortError`` when it cannot be opened.
    """
    device = hardware_ids.resolve(url)      # an adapter named by hardware ID: its name today
    try:
        return serial.serial_for_url(device, baudrate=baud, bytesize=8, parity=_PARITIES[parity],
                                     stopbits=1, timeout=0.1, write_timeout=2.0)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise PortError(f"cannot open {url}: {exc}") from exc


class ReplyClock:
    """When the port looks for the bytes of a reply it is waiting for (not thread-safe).

    - The rest of a reply whose start has arrived: at the fastest characters can come (10 bits
      at 8N1, so a real line loses no time), then at 11 bits (the Modbus timing model, parity).
      A line whose bytes come slower than 10 bits each (an adapter's latency timer, a gateway or
      simulator pacing at 11 bits) makes that first look a wasted wake-up: remembered, and tried
      again every ``EARLY_RETRY`` replies.
    - A whole reply of known length, in one look, when the replies of that length (one poll of
      one meter model) have started after a steady delay (the last ``STEADY_N`` observed starts
      within ``STEADY_SPREAD_S``): at the end it would have had after the slowest of those
      starts, plus ``MARGIN_S``. Every ``OBSERVE_EVERY``-th such reply is awaited from its start
      again, so meters that became quicker are noticed. A reply not complete by then is read as
      any other; if nothing of it had come, its start is observed (a slow meter among quick ones
      stops the prediction until the starts are steady again).
    """

    EARLY_RETRY = 64
    STEADY_N = 8
    STEADY_SPREAD_S = 0.002
    MARGIN_S = 0.0005
    OBSERVE_EVERY = 16

    def __init__(self, baud: int, parity: str) -> None:
        self.char_s = rtu.char_time_s(baud)
        self.floor_s = (10 if parity == "N" else 11) / baud  # start, 8 data bits, stop
        self._early_pays = True
        self._early_countdown = 0
        self._starts: dict[int, deque[float]] = {}
        self._predicted: dict[int, int] = {}

    def predicted_end(self, tx_end: float, expect: int) -> float | None:
        """When a whole reply of ``expect`` bytes to a request that ended at ``tx_end`` can be
        looked for in one go, or None (await its start)."""
        starts = self._starts.get(expect)
        if not expect or starts is None or len(starts) < self.STEADY_N:
            return None
        runs = self._predicted.get(expect, 0) + 1
        self._predicted[expect] = 0 if runs >= self.OBSERVE_EVERY else runs
        slowest = max(starts)
        if runs >= self.OBSERVE_EVERY or slowest - min(starts) > self.STEADY_SPREAD_S:
            return None
        char = self.floor_s if self._early_pays else self.char_s
        return tx_end + slowest + expect * char + self.MARGIN_S

    def note_start(self, expect: int, delay_s: float) -> None:
        """The first bytes of a reply expected ``expect`` bytes long came ``delay_s`` after the
        end of the request (observed)."""
        if not expect:
            return
        starts = self._starts.get(expect)
        if starts is None:
            starts = self._starts[expect] = deque(maxlen=self.STEADY_N)
        starts.append(delay_s)

    def rest_arrives(self, missing: int) -> list[float]:
        """When to look for the ``missing`` rest of a reply whose start has just arrived."""
        now = time.monotonic()
        late = now + missing * self.char_s
        if self.floor_s >= self.char_s:
            return [late]
        self._early_countdown -= 1
        if not self._early_pays and self._early_countdown > 0:
            return [late]
        return [now + missing * self.floor_s, late]

    def note_early_wake(self, complete: bool) -> None:
        """Whether the early look found the reply complete."""
        self._early_pays = complete
        if not complete:
            self._early_countdown = self.EARLY_RETRY


@dataclass
class WireCounters:
    """Running totals of what went over one port; ``wire_s`` is computed from bytes and gaps."""

    frames_out: int = 0
    frames_in: int = 0
    bytes_out: int = 0
    bytes_in: int = 0
    discarded_bytes: int = 0
    wire_s: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    """Failed transactions by error kind (``MeterError.kind``), retried ones included."""

    def count_error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


@dataclass(frozen=True, slots=True)
class TracedFrame:
    """One frame a port sent or received (or awaited in vain).

    ``at`` is ``time.monotonic()`` when the request's first byte was written ("out") or when the
    reply was read whole ("in"); ``latency_s`` (replies only) is the time from the end of the
    request on the wire to the end of the reply. ``note`` is "" for a good frame, else what went
    wrong with it: an error kind of ``drivers.errors`` ("timeout" with empty ``data`` when nothing
    came, "crc", "bad_reply", "exception", "port"), "broadcast" or "discarded" (stale bytes).
    """

    at: float
    direction: str
    data: bytes
    latency_s: float | None = None
    note: str = ""


class FrameTrace:
    """The last ``size`` frames of one port, oldest first. The port's thread writes; any thread may
    read ``frames()``."""

    def __init__(self, size: int = 200) -> None:
        self.size = size
        self._frames: deque[TracedFrame] = deque(maxlen=size)
        self._lock = threading.Lock()

    def exchange(self, t_write: float, request: bytes, tx_end: float, done: float, reply: bytes) -> None:
        """A request and what came back (nothing: a timeout)."""
        answer = TracedFrame(done, "in", reply, done - tx_end, "" if reply else "timeout")
        with self._lock:
            self._frames.append(TracedFrame(t_write, "out", request))
            self._frames.append(answer)

    def add(self, frame: TracedFrame) -> None:
        with self._lock:
            self._frames.append(frame)

    def mark(self, note: str) -> None:
        """Say what was wrong with the last frame received (kept when it already says so)."""
        with self._lock:
            if self._frames and self._frames[-1].direction == "in" and not self._frames[-1].note:
                last = self._frames.pop()
                self._frames.append(TracedFrame(last.at, last.direction, last.data, last.latency_s, note))

    def frames(self) -> list[TracedFrame]:
        with self._lock:
            return list(self._frames)


class SharedPort:
    """The port or gateway at ``url`` and the line timing on it (see the module docstring)."""

    def __init__(self, url: str, *, baud: int = 9600, parity: str = "N") -> None:
        self.url = url
        self.baud = baud
        self.parity = parity
        self.serial: serial.SerialBase | None = None
        self.counters = WireCounters()
        self.last_reply_delay_s: float | None = None
        """Time from the end of our request to the start of the last good reply (estimated;
        None when the reply arrived too early to be timed, see ``_note_delay``)."""
        self.last_wire_s = 0.0
        """Wire time (bytes and mandatory gaps) of the last transaction or broadcast."""
        self._quiet_at = 0.0  # monotonic time from which the next request may start
        self._quiet_on_return = False  # the reply just read was looked for after the gap
        self.clock = ReplyClock(baud, parity)
        self._instruments: dict[int, MeterInstrument] = {}
        self.trace: FrameTrace | None = None
        """The frames of the last transactions while tracing is on (``start_trace``), else None."""
        self.last_error: tuple[float, str, str] | None = None
        """(``time.monotonic()``, error kind, message) of the last failed transaction, or None."""

    # -- tracing ---------------------------------------------------------------------------
    def start_trace(self, size: int = 200) -> FrameTrace:
        """Keep the last ``size`` frames from now on (the trace kept when already on; any thread
        may call it)."""
        trace = self.trace
        if trace is None or trace.size != size:
            trace = self.trace = FrameTrace(size)
        return trace

    def stop_trace(self) -> None:
        """Keep no more frames (any thread may call it)."""
        self.trace = None

    # -- opening and closing ---------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.serial is not None and self.serial.is_open

    def open(self) -> None:
        """Open the port (no-op when open). Raises ``PortError``."""
        if self.is_open:
            return
        self.serial = open_serial(self.url, baud=self.baud, parity=self.parity)
        for inst in self._instruments.values():
            inst.serial = self.serial
        self._quiet_at = time.monotonic() + rtu.gap_35_s(self.baud)

    def close(self) -> None:
        """Close the port, ignoring errors (the adapter may already be gone)."""
        ser, self.serial = self.serial, None
        if ser is not None:
            try:
                ser.close()
            except (serial.SerialException, OSError):
                pass

    def instrument(self, address: int) -> MeterInstrument:
        """The minimalmodbus instrument for ``address`` on this port (created once, then cached)."""
        inst = self._instruments.get(address)
        if inst is None:
            inst = MeterInstrument(self, address)
            self._instruments[address] = inst
        return inst

    def _require_open(self) -> serial.SerialBase:
        if self.serial is None or not self.serial.is_open:
            raise PortError(f"{self.url} is not open")
        return self.serial

    # -- timing ----------------------------------------------------------------------------
    def char_s(self) -> float:
        return rtu.char_time_s(self.baud)

    def wire_s(self, nbytes: int) -> float:
        """Seconds ``nbytes`` characters occupy on this line."""
        return rtu.wire_time_s(nbytes, self.baud)

    def _wait_quiet(self) -> None:
        # Why sleep: the line must be silent for 3.5 characters before a new frame, measured
        # from the last byte we saw or sent; there is nothing else to wait on.
        delay = self._quiet_at - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    # -- I/O -------------------------------------------------------------------------------
    def transact(self, request: bytes, reply_timeout_s: float, *, expect: int = 0) -> bytes:
        """Send one whole RTU request frame and return the whole reply frame.

        ``reply_timeout_s`` is the budget from the end of the request's transmission to the end
        of the reply; a reply already under way at that moment may finish at line rate. Raises ``MeterTimeout`` (nothing arrived), ``CrcError``, ``BadReply``
        (wrong address, wrong function, truncated, garbage), ``MeterException`` (a valid
        exception reply), ``PortError`` (I/O failure; the port is closed). ``expect`` is the
        length of a normal reply when the caller knows it (it only times the waiting).
        """
        ser = self._require_open()
        address, function = request[0], request[1]
        self._wait_quiet()
        gap = rtu.gap_35_s(self.baud)
        try:
            if ser.in_waiting:
                # Stale bytes (a late reply to an earlier request) would spoil this frame.
                stale = ser.read(ser.in_waiting)
                self.counters.discarded_bytes += len(stale)
                if (trace := self.trace) is not None:
                    trace.add(TracedFrame(time.monotonic(), "in", stale, None, "discarded"))
            t_write = time.monotonic()
            self._write(ser, request)
            tx_end = t_write + self.wire_s(len(request))
            self.counters.frames_out += 1
            self.counters.bytes_out += len(request)
            reply = self._read_frame(ser, tx_end + reply_timeout_s, tx_end, expect)
        except (serial.SerialException, OSError) as exc:
            self.close()
            self.counters.count_error(PortError.kind)
            self.last_error = (time.monotonic(), PortError.kind, f"{self.url}: {exc}")
            if (trace := self.trace) is not None:
                trace.add(TracedFrame(time.monotonic(), "out", request, None, PortError.kind))
            raise PortError(f"{self.url}: {exc}") from exc
        done = time.monotonic()
        self._quiet_at = done if self._quiet_on_return else done + gap
        self.counters.bytes_in += len(reply)
        self.last_wire_s = self.wire_s(len(request) + len(reply)) + 2 * gap
        self.counters.wire_s += self.last_wire_s
        if (trace := self.trace) is not None:   # another thread may stop tracing meanwhile
            trace.exchange(t_write, request, tx_end, done, reply)
        try:
            return self._judge(reply, address, function, tx_end, done, reply_timeout_s)
        except MeterError as exc:
            self.counters.count_error(exc.kind)
            self.last_error = (done, exc.kind, str(exc))
            if (trace := self.trace) is not None:
                trace.mark(exc.kind)
            raise

    def _read_frame(self, ser: serial.SerialBase, deadline: float, tx_end: float,
                    expect: int) -> bytes:
        # Each wake-up costs far more CPU than the Python around it, so the port sleeps until
        # bytes can have arrived instead of waking for every chunk an adapter or gateway hands
        # over (see ``ReplyClock``): one wake-up for the start of the reply and one for its end,
        # or one for both when the meter's replies start after a steady delay.
        clock = self.clock
        buf = bytearray()
        predicted = clock.predicted_end(tx_end, expect)
        self._quiet_on_return = False
        if predicted is not None:
            # Looked for 3.5 characters after its predicted end, a complete reply has left the
            # line silent for the gap the next request needs: one wake-up serves both.
            self._sleep_until(predicted + rtu.gap_35_s(self.baud), deadline)
            buf += self._read(ser, 3, 0.0)  # its start if it came; never past the frame's end
        need = None
        while need is None:  # address, function and (for reads) the byte count decide the length
            if len(buf) >= 2:
                need = rtu.reply_length(bytes(buf[:3]))
                if need is None and len(buf) >= 3:
                    return bytes(buf)  # unknown function: cannot frame it
                if need is not None:
                    break
            left = deadline - time.monotonic()
            if left <= 0:
                return bytes(buf)
            first = not buf
            chunk = self._read(ser, 3 - len(buf), left)
            if not chunk:
                return bytes(buf)
            if first:
                clock.note_start(expect, time.monotonic() - tx_end - len(chunk) * clock.char_s)
            buf += chunk
        if len(buf) < need:
            buf += self._read(ser, need - len(buf), 0.0)  # what came with the start
        if predicted is not None and len(buf) >= need:
            self._quiet_on_return = True
        # A reply that has started is let finish at line rate (plus slack), even past the
        # deadline: cutting it off would only make it garbage.
        deadline = max(deadline, time.monotonic() + self.wire_s(need - len(buf)) + _FINISH_SLACK_S)
        wake_at = clock.rest_arrives(need - len(buf)) if len(buf) < need else []
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if wake_at:
                self._sleep_until(wake_at.pop(0), deadline)
                early = bool(wake_at)
                chunk = self._read(ser, need - len(buf), 0.0 if early else left)
                if early:
                    clock.note_early_wake(len(buf) + len(chunk) >= need)
            else:
                chunk = self._read(ser, need - len(buf), left)
                if not chunk:
                    break
            buf += chunk
            if chunk:
                deadline = max(deadline, time.monotonic() + self.wire_s(need - len(buf))
                               + _FINISH_SLACK_S)
        return bytes(buf)

    @staticmethod
    def _sleep_until(at: float, deadline: float) -> None:
        delay = min(at, deadline) - time.monotonic()
        if delay > 0:
            time.sleep(delay)  # why: the bytes awaited are still on the wire (see _read_frame)

    @staticmethod
    def _write(ser: serial.SerialBase, data: bytes) -> None:
        if type(ser) is _PLAIN_FD:
            try:
                written = os.write(ser.fd, data)
            except BlockingIOError:
                written = 0
            if written == len(data):
                return
            data = data[written:]
        ser.write(data)  # the rest, waiting for the driver's buffer within the write timeout

    @staticmethod
    def _read(ser: serial.SerialBase, size: int, timeout_s: float) -> bytes:
        """Read up to ``size`` bytes, waiting at most ``timeout_s`` (0: only what is there)."""
        if timeout_s <= 0 and type(ser) is _PLAIN_FD:
            try:
                return os.read(ser.fd, size)
            except BlockingIOError:
                return b""
        if type(ser) in _SELECT_TIMEOUTS:
            # These classes time their reads with select on ``_timeout`` alone; the public setter
            # also re-applies every tty setting (tcgetattr/tcsetattr) at each change.
            ser._timeout = timeout_s
        else:
            ser.timeout = timeout_s
        return ser.read(size)

    def _judge(self, reply: bytes, address: int, function: int, tx_end: float, done: float,
               reply_timeout_s: float) -> bytes:
        if not reply:
            raise MeterTimeout(f"no reply within {reply_timeout_s * 1000:.0f} ms", address=address)
        length = rtu.reply_length(reply)
        if length is None or len(reply) < length:
            self._drain()
            raise BadReply(f"truncated or unframeable reply {reply.hex(' ')}", address=address)
        payload = rtu.check(reply)
        if payload is None:
            self._drain()
            raise CrcError(f"CRC error in reply {reply.hex(' ')}", address=address)
        self.counters.frames_in += 1
        if payload[0] != address:
            self._drain()
            raise BadReply(f"reply from address {payload[0]}, expected {address}", address=address)
        if payload[1] == function | 0x80:
            self._note_delay(tx_end, done, len(reply))
            raise MeterException(payload[2], address=address)
        if payload[1] != function:
            raise BadReply(f"reply function 0x{payload[1]:02X}, expected 0x{function:02X}",
                           address=address)
        self._note_delay(tx_end, done, len(reply))
        return reply

    def _note_delay(self, tx_end: float, done: float, nbytes: int) -> None:
        delay = done - tx_end - self.wire_s(nbytes)
        # A reply that finished sooner than its own transmission time after our request cannot
        # be the answer to it on a real line: a late reply to an earlier, timed-out request (or
        # a gateway that does not pace the line). Its timing tells nothing: report unknown.
        self.last_reply_delay_s = delay if delay >= -0.002 else None

    def _drain(self) -> None:
        """Discard bytes until the line has been silent for a few characters (bounded)."""
        ser = self.serial
        if ser is None:
            return
        quiet = max(4 * self.char_s(), 0.005)
        limit = time.monotonic() + _DRAIN_LIMIT_S
        try:
            while time.monotonic() < limit:
                chunk = self._read(ser, 256, quiet)
                if not chunk:
                    break
                self.counters.discarded_bytes += len(chunk)
        except (serial.SerialException, OSError):
            return
        self._quiet_at = time.monotonic() + rtu.gap_35_s(self.baud)

    def broadcast(self, request: bytes, *, turnaround_s: float = 0.1) -> None:
        """Send a request frame addressed to 0 and wait for no reply.

        The next frame starts no earlier than ``turnaround_s`` after this one ended, so slow
        meters can apply it (the Modbus serial line spec's broadcast turnaround delay).
        """
        if request[0] != 0:
            raise ValueError("broadcast frames are addressed to 0")
        ser = self._require_open()
        self._wait_quiet()
        try:
            ser.write(request)
            ser.flush()
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise PortError(f"{self.url}: {exc}") from exc
        tx_end = time.monotonic() + self.wire_s(len(request))
        if (trace := self.trace) is not None:
            trace.add(TracedFrame(tx_end - self.wire_s(len(request)), "out", request, None, "broadcast"))
        # Return once the frame is off the wire, so "sent" means the meters have it.
        time.sleep(max(0.0, tx_end - time.monotonic()))
        self.counters.frames_out += 1
        self.counters.bytes_out += len(request)
        self.last_wire_s = self.wire_s(len(request)) + rtu.gap_35_s(self.baud)
        self.counters.wire_s += self.last_wire_s
        self._quiet_at = tx_end + max(turnaround_s, rtu.gap_35_s(self.baud))


class MeterInstrument(minimalmodbus.Instrument):
    """A minimalmodbus instrument whose bytes go through a ``SharedPort``.

    ``reply_timeout_s`` is used for the next call; the driver sets it per request.
    """

    def __init__(self, port: SharedPort, address: int) -> None:
        ser = port._require_open()
        super().__init__(ser, address, close_port_after_each_call=False)
        self.clear_buffers_before_each_transaction = False  # the port discards stale input itself
        self.port = port
        self.reply_timeout_s = 0.2

    def _communicate(self, request: bytes, number_of_bytes_to_read: int) -> bytes:
        # minimalmodbus calls this for every request with the length of a normal reply; the
        # shared port does timing and checks, and that length lets it wake once per reply.
        return self.port.transact(request, self.reply_timeout_s, expect=number_of_bytes_to_read)
