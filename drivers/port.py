"""One serial port or RTU gateway shared by every instrument on it.

``SharedPort`` owns the pyserial object (``/dev/serial/by-id/...``, ``COM3`` or
``socket://host:port`` through ``serial.serial_for_url``) and does every byte of I/O on it: it
keeps the 3.5-character silence between frames (measured from the last byte seen or sent),
reads a reply frame by frame (stops as soon as the frame's own length is known and complete,
so an exception reply never waits for the timeout), checks CRC, address and function, and turns
every failure into a typed error from ``drivers.errors``. It also counts frames, bytes and the
wire time they occupy.

``MeterInstrument`` is a minimalmodbus ``Instrument`` whose transport is the shared port: all
instruments on one port share one serial object, nothing is closed after a call, and each call
has its own reply timeout. minimalmodbus builds the requests and parses the payloads.

A ``SharedPort`` is not thread-safe: exactly one thread (the bus worker) may use it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import minimalmodbus
import serial

from drivers import rtu
from drivers.errors import BadReply, CrcError, MeterError, MeterException, MeterTimeout, PortError

_PARITIES = {"N": serial.PARITY_NONE, "O": serial.PARITY_ODD, "E": serial.PARITY_EVEN}
_FINISH_SLACK_S = 0.020
"""Extra time a reply that has started gets beyond its remaining wire time."""
_DRAIN_LIMIT_S = 0.25
"""Longest time spent discarding a late or overlong reply after an error."""


def open_serial(url: str, *, baud: int = 9600, parity: str = "N") -> serial.SerialBase:
    """Open ``url`` (device path, COM name or pyserial URL such as ``socket://host:port``) 8x1.

    Raises ``PortError`` when it cannot be opened.
    """
    try:
        return serial.serial_for_url(url, baudrate=baud, bytesize=8, parity=_PARITIES[parity],
                                     stopbits=1, timeout=0.1, write_timeout=2.0)
    except (serial.SerialException, OSError, ValueError) as exc:
        raise PortError(f"cannot open {url}: {exc}") from exc


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
        self._instruments: dict[int, MeterInstrument] = {}

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
    def transact(self, request: bytes, reply_timeout_s: float) -> bytes:
        """Send one whole RTU request frame and return the whole reply frame.

        ``reply_timeout_s`` is the budget from the end of the request's transmission to the end
        of the reply; a reply already under way at that moment may finish at line rate. Raises ``MeterTimeout`` (nothing arrived), ``CrcError``, ``BadReply``
        (wrong address, wrong function, truncated, garbage), ``MeterException`` (a valid
        exception reply), ``PortError`` (I/O failure; the port is closed).
        """
        ser = self._require_open()
        address, function = request[0], request[1]
        self._wait_quiet()
        gap = rtu.gap_35_s(self.baud)
        try:
            if ser.in_waiting:
                # Stale bytes (a late reply to an earlier request) would spoil this frame.
                self.counters.discarded_bytes += len(ser.read(ser.in_waiting))
            t_write = time.monotonic()
            ser.write(request)
            tx_end = t_write + self.wire_s(len(request))
            self.counters.frames_out += 1
            self.counters.bytes_out += len(request)
            reply = self._read_frame(ser, tx_end + reply_timeout_s)
        except (serial.SerialException, OSError) as exc:
            self.close()
            self.counters.count_error(PortError.kind)
            raise PortError(f"{self.url}: {exc}") from exc
        done = time.monotonic()
        self._quiet_at = done + gap
        self.counters.bytes_in += len(reply)
        self.last_wire_s = self.wire_s(len(request) + len(reply)) + 2 * gap
        self.counters.wire_s += self.last_wire_s
        try:
            return self._judge(reply, address, function, tx_end, done, reply_timeout_s)
        except MeterError as exc:
            self.counters.count_error(exc.kind)
            raise

    def _read_frame(self, ser: serial.SerialBase, deadline: float) -> bytes:
        buf = bytearray()
        need = 3  # address, function and (for reads) the byte count decide the length
        while len(buf) < need:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ser.timeout = left
            chunk = ser.read(need - len(buf))
            if not chunk:
                break
            buf += chunk
            if len(buf) >= 2:
                length = rtu.reply_length(bytes(buf))
                if length is None and len(buf) >= 3:
                    break  # unknown function: cannot frame it
                if length is not None:
                    need = length
                    # A reply that has started is let finish at line rate (plus slack), even
                    # past the deadline: cutting it off would only make it garbage.
                    deadline = max(deadline, time.monotonic() + self.wire_s(need - len(buf))
                                   + _FINISH_SLACK_S)
        return bytes(buf)

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
                ser.timeout = quiet
                chunk = ser.read(256)
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
        # minimalmodbus calls this for every request; the shared port does timing and checks.
        return self.port.transact(request, self.reply_timeout_s)
