"""A step run every few seconds on a thread of its own, surviving a failed step (the store away for a
moment): the base of the publishers that share a runtime's lines and live values with other processes."""
from __future__ import annotations

import logging
import threading
from typing import Self

log = logging.getLogger(__name__)


class Periodic:
    """Subclasses define `step()`; `start()` runs it every `interval_s` until `stop()`.
    A step that raises is logged with `failure` and tried again at the next interval."""

    name = "periodic"
    failure = "a periodic step failed"

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def step(self) -> int:
        raise NotImplementedError

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.step()
            except Exception:
                log.warning(self.failure, exc_info=True)
