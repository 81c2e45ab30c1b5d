"""Which poll the bus worker does next: live polls, probes of offline meters, event watch, billing rounds.

``PollSchedule`` is the worker's bookkeeping of polling; it does no I/O and is not thread-safe
(the bus calls it with its lock held). Order when several polls are due: live polls, then probes
of offline meters whose backoff has expired, then the billing poll of a meter that has just come
back, then the next meter of the current billing round. A billing round takes every online meter
once, in address order; rounds start on a grid of ``billing_interval_s`` (at once when the
interval is 0, for back-to-back rounds): a round that starts late does not push the next one
back, unless it is more than a whole interval late (then the grid restarts from it).

The event watch (``watch_interval_s``, None: off) reads one register — events pending — of every
online electricity meter at least that often, so a meter's decision on a switch-on reaches the
host within about one watch interval instead of one billing interval. A billing poll reads the same
register and counts as a watch. With the watch on, a billing round is paced over ``billing_spread``
of the billing interval (a 64-meter round at 9600 baud is about 9 s of wire time; in one burst it
would stretch the watch cycle to half again its length for that long, and a switch-on decided
then would wait for it). A round behind its pace gets one billing poll after every
``watch_share`` watch reads, so neither starves the other; ahead of it, billing waits while a
watch read is due.

``due`` also says when the next poll falls due, so the worker sleeps until then (or until it is
told of a change): a line whose meters are polled once per billing interval costs nothing in
between. A meter's link state is changed through ``link_ok`` and ``link_failed`` so the schedule
knows which meters are offline without looking at every link on every poll.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable

from drivers.bus_stats import MeterLink

LIVE, PROBE, WATCH, BILLING = "live", "probe", "watch", "billing"


class PollSchedule:
    """Poll bookkeeping of one bus (see the module docstring)."""

    def __init__(self, *, billing_interval_s: float, live_interval_s: float,
                 probe_backoff_s: float, watch_interval_s: float | None = None, watch_share: int = 8,
                 billing_spread: float = 0.8) -> None:
        self.billing_interval_s = billing_interval_s
        self.billing_spread = billing_spread
        self.watch_interval_s = watch_interval_s
        self.watch_share = watch_share
        self.watch: dict[int, float] = {}      # electricity meter -> when its next watch read is due
        self._watch_run = 0
        self.live_interval_s = live_interval_s
        self.probe_backoff_s = probe_backoff_s
        self.links: dict[int, MeterLink] = {}
        self._offline: set[int] = set()
        self.live: dict[int, float] = {}  # address -> when its next live poll is due
        self._round: deque[int] = deque()
        self._round_active = False
        self._round_started = 0.0
        self._round_wire0 = 0.0
        self._round_polls = 0
        self._round_size = 0
        self._next_round_at = 0.0
        self._came_back: deque[int] = deque()
        self.rounds = 0
        self.last_round_s: float | None = None
        self.last_round_wire_s: float | None = None
        self.last_round_polls = 0

    def add(self, address: int, kind: str) -> None:
        self.links[address] = MeterLink(address, kind)
        self._offline.discard(address)
        if kind == "ddsy":
            self.watch[address] = 0.0

    def remove(self, address: int) -> None:
        self.links.pop(address, None)
        self.live.pop(address, None)
        self.watch.pop(address, None)
        self._offline.discard(address)

    def link_ok(self, address: int, now: float) -> bool:
        """A good reply from ``address`` (``MeterLink.note_ok``); True when it came back online."""
        link = self.links.get(address)
        if link is None or not link.note_ok(now):
            return False
        self._offline.discard(address)
        return True

    def link_failed(self, address: int, now: float, error: str, *, offline_after: int,
                    first_backoff_s: float, max_backoff_s: float) -> bool:
        """A failed job for ``address`` (``MeterLink.note_failure``); True when it went offline."""
        link = self.links.get(address)
        if link is None:
            return False
        went = link.note_failure(now, error, offline_after=offline_after,
                                 first_backoff_s=first_backoff_s, max_backoff_s=max_backoff_s)
        if not link.online:
            self._offline.add(address)
        return went

    def set_live(self, addresses: Iterable[int], now: float) -> None:
        self.live = {a: self.live.get(a, now) for a in sorted(addresses) if a in self.links}

    @property
    def round_active(self) -> bool:
        """Whether a billing round is under way."""
        return self._round_active

    @property
    def next_round_at(self) -> float:
        """When the next billing round starts (monotonic seconds)."""
        return self._next_round_at

    def start_round_now(self, now: float) -> None:
        self._next_round_at = now

    def checked(self, address: int, now: float) -> None:
        """The events-pending register of ``address`` was read (a watch or a billing poll)."""
        if address in self.watch and self.watch_interval_s is not None:
            self.watch[address] = now + self.watch_interval_s

    def _watch_due(self, now: float, billing_waiting: bool) -> tuple[int | None, float]:
        """The online meter whose watch read is most overdue, unless billing's turn has come."""
        if self.watch_interval_s is None or not self.watch:
            return None, math.inf
        links = self.links
        address, at = min(((a, t) for a, t in self.watch.items() if links[a].online),
                          key=lambda x: x[1], default=(None, math.inf))
        if address is None or at > now:
            return None, at
        if billing_waiting and self._watch_run >= self.watch_share and self._billing_behind(now):
            self._watch_run = 0
            return None, now
        self._watch_run += 1
        self.watch[address] = now + self.watch_interval_s
        return address, now

    def _close_round(self, now: float, wire_s: float) -> None:
        self._round_active = False
        self.rounds += 1
        self.last_round_s = now - self._round_started
        self.last_round_wire_s = wire_s - self._round_wire0
        self.last_round_polls = self._round_polls

    def _billing_behind(self, now: float) -> bool:
        """Whether the billing round has fallen behind its pace (a round not started yet is)."""
        if not self._round_active or not self._round_size:
            return True
        pace = self.billing_spread * self.billing_interval_s / self._round_size
        return now >= self._round_started + self._round_polls * pace

    def came_back(self, address: int) -> None:
        """A probe succeeded: bill this meter before the rest of the round."""
        self._came_back.append(address)

    def due(self, now: float, wire_s: float) -> tuple[tuple[str, int] | None, float]:
        """The next due poll as (kind, address), or None and when one will be due (``inf``:
        not before something changes).

        ``wire_s`` is the port's running wire-time counter, used for the rounds' wire time.
        """
        wake = math.inf
        links = self.links
        if self.live:
            for address, at in self.live.items():
                if at <= now and links[address].online:
                    self.live[address] = max(at + self.live_interval_s, now)
                    return (LIVE, address), now
            live_due = [at for a, at in self.live.items() if links[a].online]
            if live_due:
                wake = min(live_due)
        if self._offline:
            for link in links.values():
                if not link.online:
                    if link.next_probe_at <= now:
                        # Not again before the probe's outcome sets the real backoff.
                        link.next_probe_at = now + self.probe_backoff_s
                        return (PROBE, link.address), wake
                    wake = min(wake, link.next_probe_at)
        while self._came_back:
            address = self._came_back.popleft()
            if address in links:
                return (BILLING, address), wake
        if self._round_active and not self._round:
            self._close_round(now, wire_s)      # its last poll is taken: a busy watch must not keep it open
        billing_waiting = bool(self._round) or (not self._round_active and now >= self._next_round_at)
        watched, watch_at = self._watch_due(now, billing_waiting)
        if watched is not None:
            return (WATCH, watched), wake
        wake = min(wake, watch_at)
        # Back-to-back rounds (interval 0) of a line where no meter answers would be empty
        # rounds without end: the probes above are all there is to do until one comes back.
        rounds = bool(links) and (self.billing_interval_s > 0 or len(self._offline) < len(links))
        if rounds and not self._round_active and now >= self._next_round_at:
            self._round = deque(sorted(a for a, link in links.items() if link.online))
            self._round_active = True
            self._round_started = now
            self._round_wire0 = wire_s
            self._round_polls = 0
            self._round_size = len(self._round)
            on_grid = 0.0 <= now - self._next_round_at < self.billing_interval_s
            base = self._next_round_at if on_grid else now
            self._next_round_at = base + self.billing_interval_s
        while self._round:
            address = self._round.popleft()
            link = links.get(address)
            if link is not None and link.online:
                self._round_polls += 1
                return (BILLING, address), wake
        if self._round_active:
            self._close_round(now, wire_s)
        if rounds:
            wake = min(wake, self._next_round_at)
        return None, wake
