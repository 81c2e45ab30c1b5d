"""A reply lost on the bench line is asked for once more; a meter that stays silent is reported."""
from __future__ import annotations

from concurrent.futures import Future

import pytest

from app.loads.capture import CaptureSession
from drivers.errors import MeterTimeout


class Line:
    """submit(fn): fails the first `lost` jobs with a timeout, then runs fn on a fake driver."""

    def __init__(self, lost: int) -> None:
        self.lost, self.jobs = lost, 0

    def submit(self, fn) -> Future:
        self.jobs += 1
        f: Future = Future()
        if self.lost:
            self.lost -= 1
            f.set_exception(MeterTimeout("no reply within 145 ms", address=7))
        else:
            f.set_result(fn("driver"))
        return f


def test_one_lost_reply_is_asked_again():
    line = Line(lost=1)
    session = CaptureSession(line.submit)
    assert session._run(lambda d: f"{d} armed") == "driver armed" and line.jobs == 2


def test_a_silent_meter_is_reported_after_the_second_try():
    line = Line(lost=5)
    with pytest.raises(MeterTimeout, match="no reply"):
        CaptureSession(line.submit)._run(lambda d: d)
    assert line.jobs == 2
