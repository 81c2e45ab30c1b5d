"""Per-meter link state and per-bus counters kept by the bus worker.

``MeterLink`` says whether a meter answers (online after any good reply, offline after
``offline_after`` consecutive failures) and when an offline meter is probed next (exponential
backoff). ``BusStats`` is a snapshot of the bus's counters that any thread may read.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MeterLink:
    """Link state of one meter on a bus. Times are ``time.monotonic()`` seconds."""

    address: int
    kind: str
    online: bool = True
    failures: int = 0
    """Consecutive failed transactions (reset by any good reply)."""
    next_probe_at: float = 0.0
    backoff_s: float = 0.0
    last_ok_at: float | None = None
    last_error: str = ""

    def note_ok(self, now: float) -> bool:
        """Record a good reply; True when this brings the meter back online."""
        self.failures = 0
        self.last_ok_at = now
        self.backoff_s = 0.0
        came_back = not self.online
        self.online = True
        return came_back

    def note_failure(self, now: float, error: str, *, offline_after: int, first_backoff_s: float,
                     max_backoff_s: float) -> bool:
        """Record a failure; True when this takes the meter offline."""
        self.failures += 1
        self.last_error = error
        was_online = self.online
        if self.online:
            if self.failures < offline_after:
                return False
            self.online = False
            self.backoff_s = first_backoff_s
        else:
            self.backoff_s = min(max(self.backoff_s * 2, first_backoff_s), max_backoff_s)
        self.next_probe_at = now + self.backoff_s
        return was_online


@dataclass(frozen=True)
class BusStats:
    """Counters of one bus since it started.

    ``wire_busy`` is the fraction of elapsed time the line carried our frames and their mandatory
    gaps (computed from byte counts at the line's baud rate). ``last_round_s`` is the duration of
    the last complete billing round and ``last_round_wire_s`` the wire time spent in it.
    """

    url: str
    port_open: bool
    transactions: int
    bytes_out: int
    bytes_in: int
    errors: dict[str, int] = field(default_factory=dict)
    wire_s: float = 0.0
    elapsed_s: float = 0.0
    wire_busy: float = 0.0
    rounds: int = 0
    last_round_s: float | None = None
    last_round_wire_s: float | None = None
    last_round_polls: int = 0
    cpu_s: float = 0.0
    online: int = 0
    offline: int = 0
    port_reopens: int = 0
