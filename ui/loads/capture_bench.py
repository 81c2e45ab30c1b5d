"""The capture tool's bench line: one capture taken on a worker thread, never on the GUI thread.

What a caller may rely on:
- `Bench` holds the line (app.loads.capture.open_bench) between captures: it reopens it when the line
  or the meter changes or the line was lost, drops it after a bus failure, and refuses new captures
  once closed. It is opened, swapped and closed on worker threads only and never holds a widget.
- `Attempt` is one Arm; its `cancel()` (from the GUI thread) stops the capture and disarms the meter.
- `Relay` carries "armed" and "reading the cycles" from the worker to the GUI thread (queued).
- `run_capture(...)` arms, waits for the switch-on (up to WAIT_S), reads the cycles and returns an
  `Outcome`: the cycles and their §13 features, or the reason they are refused (no switch-on, clipped).
  A bus failure closes the line and is raised; a cancel raises CaptureCancelled.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from app.loads.capture import BenchLine, CaptureCancelled, CaptureSession, FeatureError, assess
from app.loads.features import Features
from drivers.ddsy_records import Waveform
from drivers.errors import MeterError

WAIT_S = 120.0            # the technician has two minutes to switch the appliance on
POLL_S = 0.3


@dataclass(frozen=True)
class Outcome:
    """One capture read back: its cycles, and its features or why it is refused."""

    wave: Waveform
    features: Features | None
    problem: str = ""


class Bench:
    """The capture line, opened, swapped and closed on worker threads only (never holds a widget)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._line: BenchLine | None = None
        self._closed = False

    def get(self, key: tuple[int, int], opener) -> BenchLine:
        with self._lock:
            if self._closed:
                raise CaptureCancelled("the window was closed")
            if self._line is not None and (self._line.key != key or self._line.lost):
                self._line.close()
                self._line = None
            if self._line is None:
                self._line = opener()
            return self._line

    def drop(self) -> None:
        """Close the line after a failure: the next capture opens it afresh."""
        with self._lock:
            line, self._line = self._line, None
        if line is not None:
            line.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.drop()


@dataclass
class Attempt:
    """One Arm: what Cancel reaches from the GUI thread."""

    stop: threading.Event = field(default_factory=threading.Event)
    session: CaptureSession | None = None

    def cancel(self) -> None:
        self.stop.set()
        if self.session is not None:
            self.session.cancel()


class Relay(QObject):
    """Emitted on the capture's worker, delivered on the GUI thread (queued)."""

    armed = Signal()
    reading = Signal()


def _emit(signal) -> None:
    try:
        signal.emit()
    except RuntimeError:      # the window is gone; the capture ends by itself
        pass


def run_capture(bench: Bench, attempt: Attempt, relay: Relay, opener, key: tuple[int, int],
                branch: int) -> Outcome:
    """Arm, wait for the switch-on, read the cycles, compute the features (a worker thread)."""
    try:
        line = bench.get(key, opener)
        session = attempt.session = CaptureSession(line.submit, poll_s=POLL_S)
        if attempt.stop.is_set():
            raise CaptureCancelled("capture cancelled")
        session.arm(branch)
        if attempt.stop.is_set():
            session.cancel()
        _emit(relay.armed)
        wave = session.wait_ready(WAIT_S, on_ready=lambda: _emit(relay.reading))
    except (MeterError, OSError):
        bench.drop()
        raise
    try:
        return Outcome(wave, assess(wave))
    except FeatureError as exc:
        return Outcome(wave, None, str(exc))
