"""The lease keeper: holds a runtime's bus leases and tells it when to open or close a bus.

`LeaseKeeper(leases, bus_ids, on_gained, on_lost).start()` runs one daemon thread that, every
`interval_s` (a third of the lease by default), renews the leases it holds and takes those of its
buses that are free or expired (so a standby runtime takes a bus over by itself). A `buses_changed`
event on the store's hub (a release, another process's takeover, a bus added) makes it look at once.

What a caller may rely on:
- `on_gained(ids)` is called before the runtime may use those buses, `on_lost(ids)` as soon as they
  must be closed; both on the keeper's thread, with non-empty sets, never for a bus twice in a row;
- a bus is given up (`on_lost`) no later than `ttl_s - margin_s` after the start of its last
  successful renewal, whatever the database does: the database work runs on a helper thread, so a
  hung connection cannot hold the keeper past that moment. Another owner can take the bus only once
  the lease expired on the server, `ttl_s` after that renewal started at the earliest; so, as long as
  `on_lost` closes the port within `margin_s`, two runtimes never drive one bus;
- `bus_ids` is a set or a callable giving one (say, the enabled buses read from the store); it is
  called each round on the helper thread, and a failing call keeps the buses that are open;
- a bus dropped from `bus_ids` is closed (`on_lost`) before its lease is released;
- `stop()` calls `on_lost` for what it holds, then releases the owner's leases (unless
  `release=False`, which leaves them to expire, as a crash would).

Defaults: a round every `ttl_s / 3`, `margin_s = ttl_s / 5` (3.3 s and 2 s for a 10 s lease). The
guarantee assumes the server's clock is not stepped by more than the margin while a lease runs
(the keeper times itself on the monotonic clock, the lease runs on the server's wall clock).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from app import events
from app.sync.leases import BusLeases

log = logging.getLogger(__name__)

BusIds = Iterable[int] | Callable[[], Iterable[int]]


class _Exchange:
    """One round trip to the database on a helper thread (the bus list too: it may read the store)."""

    def __init__(self, leases: BusLeases, bus_ids: BusIds, open_now: set[int], release: set[int],
                 done: threading.Event) -> None:
        self.t0 = time.monotonic()        # before the server stamps anything
        self.wanted: set[int] = set(open_now)
        self.result: set[int] | None = None
        self.error: BaseException | None = None
        self.finished = False
        self._args = (leases, bus_ids, open_now, release, done)
        threading.Thread(target=self._run, name="dormwatt-lease-db", daemon=True).start()

    def _run(self) -> None:
        leases, bus_ids, open_now, release, done = self._args
        try:
            try:
                self.wanted = set(bus_ids() if callable(bus_ids) else bus_ids)
            except Exception:   # keep what is open rather than drop it on a failed query
                log.warning("lease keeper: the list of buses failed; keeping %s", sorted(open_now),
                            exc_info=True)
            held = leases.renew()
            # Leases nobody here has open can go now; an open bus is closed by the keeper first.
            stray = (held - self.wanted - open_now) | release
            if stray:
                leases.release(stray)
            held -= stray
            free = self.wanted - held
            self.result = held | (leases.acquire(free) if free else set())
        except BaseException as exc:
            self.error = exc
        finally:
            self.finished = True
            done.set()


class LeaseKeeper:
    """Keeps `leases` for `bus_ids` and reports gains and losses (see the module's docstring)."""

    def __init__(self, leases: BusLeases, bus_ids: BusIds, on_gained: Callable[[set[int]], None],
                 on_lost: Callable[[set[int]], None], interval_s: float | None = None,
                 margin_s: float | None = None) -> None:
        self.leases = leases
        self.on_gained = on_gained
        self.on_lost = on_lost
        self.interval_s = interval_s if interval_s is not None else leases.ttl_s / 3
        self.margin_s = margin_s if margin_s is not None else leases.ttl_s * 0.2
        if not 0 < self.interval_s < leases.ttl_s - self.margin_s:
            raise ValueError("the keeper must renew more often than its leases run out")
        self._bus_ids = bus_ids
        self._held: set[int] = set()
        self._deadline = 0.0
        self._wake = threading.Event()
        self._soon = False
        self._stop = False
        self._to_release: set[int] = set()
        self._exchange: _Exchange | None = None
        self._thread: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    @property
    def held(self) -> set[int]:
        return set(self._held)

    def set_buses(self, bus_ids: BusIds) -> None:
        """Serve these buses from now on (the next round closes and releases the others)."""
        self._bus_ids = bus_ids
        self.wake()

    def wake(self) -> None:
        """Renew and look for free buses now rather than at the next interval."""
        self._soon = True
        self._wake.set()

    def start(self) -> LeaseKeeper:
        if self._thread is not None:
            raise RuntimeError("a lease keeper starts once")
        self._unsubscribe = events.hub(self.leases.store).subscribe(self._on_event, "buses_changed")
        self._thread = threading.Thread(target=self._run, name="dormwatt-lease-keeper", daemon=True)
        self._thread.start()
        return self

    def stop(self, release: bool = True, timeout: float = 10.0) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._stop = True
        self._wake.set()
        deadline = time.monotonic() + timeout
        if self._thread is not None:
            self._thread.join(timeout)
        held, self._held = self._held, set()
        if held:
            self._call(self.on_lost, held)
        if not release:
            return
        exchange = self._exchange
        while exchange is not None and not exchange.finished and time.monotonic() < deadline:
            self._wake.wait(max(0.0, deadline - time.monotonic()))
            self._wake.clear()
        try:
            self.leases.release()    # all of this owner's, including what a last round just took
        except Exception:   # they expire by themselves
            log.warning("could not release the bus leases of %s", self.leases.owner, exc_info=True)

    # -- the thread ---------------------------------------------------------------------------------

    def _on_event(self, event: events.Event) -> None:
        if event.extra.get("owner") != self.leases.owner:
            self.wake()

    def _run(self) -> None:
        next_round = time.monotonic()
        while not self._stop:
            exchange = self._exchange
            now = time.monotonic()
            if self._held and now >= self._deadline:
                log.warning("bus leases %s not renewed in time: giving them up", sorted(self._held))
                self._lose(set(self._held))
            if exchange is not None and exchange.finished:
                self._apply(exchange)
                next_round = exchange.t0 + self.interval_s
                exchange = self._exchange = None
            if exchange is None and (self._soon or now >= next_round):
                self._soon = False
                release, self._to_release = self._to_release, set()
                self._exchange = _Exchange(self.leases, self._bus_ids, set(self._held), release, self._wake)
                continue
            waits = [self._deadline - now] if self._held else []
            if exchange is None:
                waits.append(next_round - now)
            self._wake.wait(max(0.0, min(waits)) if waits else None)
            self._wake.clear()

    def _apply(self, exchange: _Exchange) -> None:
        if exchange.error is not None:
            log.warning("lease keeper cannot reach the store: %s", exchange.error)
            return
        assert exchange.result is not None
        deadline = exchange.t0 + self.leases.ttl_s - self.margin_s
        if time.monotonic() >= deadline:
            return            # an answer too late to trust; the next round asks again
        result, wanted = exchange.result, exchange.wanted
        lost = self._held - result
        if lost:
            self._lose(lost)
        dropped = self._held - wanted
        if dropped:
            self._lose(dropped)            # closed now, released by the next round
        unwanted = result - wanted
        if unwanted:
            self._to_release |= unwanted
            self._soon = True
        gained = (result & wanted) - self._held
        self._deadline = deadline
        if gained:
            self._held |= gained
            self._call(self.on_gained, gained)

    def _lose(self, ids: set[int]) -> None:
        self._held -= ids
        self._call(self.on_lost, ids)

    def _call(self, fn: Callable[[set[int]], None], ids: set[int]) -> None:
        try:
            fn(set(ids))
        except Exception:
            log.exception("lease keeper callback failed for buses %s", sorted(ids))
