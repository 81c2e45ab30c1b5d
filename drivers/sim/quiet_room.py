"""The physics of an empty room: 220 V, 50 Hz and nothing drawing (the default of a simulated meter)."""
from __future__ import annotations

import math
from typing import Any

import numpy as np


class _Second:
    __slots__ = ("p_w", "q_var", "i_rms_a")

    def __init__(self) -> None:
        self.p_w = self.q_var = self.i_rms_a = 0.0


class _QuietSecond:
    _idle = _Second()
    v_rms = 220.0
    freq_hz = 50.0
    branches = (_idle, _idle, _idle)

    def incoming(self, closed: Any) -> _Second:
        return self._idle


class QuietRoom:
    """Physics stand-in for an empty room: 220 V, 50 Hz, nothing drawing on any branch."""

    _second = _QuietSecond()
    _theta = 2.0 * np.pi * np.arange(128) / 128

    def second(self, t: int) -> _QuietSecond:
        return self._second

    def cycle(self, branch: int, t: float) -> tuple[np.ndarray, np.ndarray]:
        return 220.0 * math.sqrt(2.0) * np.sin(self._theta), np.zeros(128)
