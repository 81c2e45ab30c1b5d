"""The technician's capture (spec §14) as short bus jobs: arm, wait for the meter to say ready, read the
three cycles, compute the features on the host.

Each step is its own job on the meter's bus (a bench dongle's or a room line's), so a capture that
waits for the technician to switch the appliance on never holds the line: polls and other meters'
commands run in between. `submit(fn)` runs ``fn(driver)`` on the meter's bus and returns a Future.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any

from app.loads.features import FeatureError, Features, from_waveform
from drivers.ddsy_records import Waveform

CAPTURE_IDLE, CAPTURE_ARMED, CAPTURE_READY = 0, 1, 2      # §14 0x0A01
JOB_TIMEOUT_S = 30.0


class CaptureCancelled(Exception):
    """The technician cancelled the capture (the meter was told to cancel too)."""


class CaptureTimedOut(Exception):
    """No switch-on came within the time given."""


@dataclass(frozen=True)
class CaptureResult:
    waveform: Waveform
    features: Features


def features_of(w: Waveform) -> Features:
    """§13 features of a §14 capture; FeatureError says what is wrong with it (no step, clipped)."""
    return from_waveform(list(w.voltage_dv), list(w.current_post_ma), list(w.current_pre_ma))


class CaptureSession:
    """Captures on one bench meter's branch; `take` may be called again and again (repeat captures)."""

    def __init__(self, submit: Callable[[Callable[[Any], Any]], Future], *, poll_s: float = 0.3,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.submit = submit
        self.poll_s = poll_s
        self.sleep = sleep
        self.cancelled = threading.Event()

    def _run(self, fn: Callable[[Any], Any]) -> Any:
        return self.submit(fn).result(JOB_TIMEOUT_S)

    def arm(self, branch: int) -> None:
        self.cancelled.clear()
        self._run(lambda d: d.arm_capture(branch))

    def cancel(self) -> None:
        self.cancelled.set()

    def wait_ready(self, timeout_s: float) -> Waveform:
        deadline = time.monotonic() + timeout_s
        while True:
            if self.cancelled.is_set():
                self._run(lambda d: d.cancel_capture())
                raise CaptureCancelled("capture cancelled")
            if self._run(lambda d: d.capture_state()) == CAPTURE_READY:
                return self._run(lambda d: d.read_waveform())
            if time.monotonic() > deadline:
                self._run(lambda d: d.cancel_capture())
                raise CaptureTimedOut("no switch-on of 20 W or more came in time: is the appliance plugged into "
                                      "the right branch of the bench meter?")
            self.sleep(self.poll_s)

    def take(self, branch: int, timeout_s: float = 60.0, *, armed: bool = False) -> CaptureResult:
        """Arm (unless already armed), wait for the switch-on, read and compute. FeatureError when the
        capture is unusable (the reason says why)."""
        if not armed:
            self.arm(branch)
        wave = self.wait_ready(timeout_s)
        return CaptureResult(wave, features_of(wave))


__all__ = ["CaptureCancelled", "CaptureResult", "CaptureSession", "CaptureTimedOut", "FeatureError", "features_of"]
