"""What makes a runtime one of several processes on one store: the change log (its changes reach the
other processes, theirs reach it), the bus leases (a bus is driven by one runtime at a time; a
standby takes over the buses of one that died), and the live values it shares with windows elsewhere.

`Ownership(store, origin, runtime).start()` is used by `python main.py serve` and by the window
alike; `stop()` closes the buses, releases the leases and stops following.
"""
from __future__ import annotations

import logging
import threading

from sqlalchemy import select

from app.metering.runtime.live_share import LivePublisher
from app.sync.change_log import ChangeLog, prune
from app.sync.follower import Follower
from app.sync.lease_keeper import LeaseKeeper
from app.sync.leases import BusLeases
from db.engine import Store
from db.models import Bus as BusRow

log = logging.getLogger(__name__)
LEASE_TTL_S = 10.0
PRUNE_EVERY_S = 3600.0


class Ownership:
    def __init__(self, store: Store, origin: str, runtime, *, lease_ttl_s: float = LEASE_TTL_S,
                 take_buses: bool = True) -> None:
        self.store = store
        self.origin = origin
        self.runtime = runtime
        self.change_log = ChangeLog(store, origin)
        self.follower = Follower(store, origin)
        self.keeper = LeaseKeeper(BusLeases(store, origin, lease_ttl_s), self._enabled_buses,
                                  self._gained, self._lost) if take_buses else None
        self.publisher = LivePublisher(store, runtime) if take_buses else None
        self._stopping = threading.Event()
        self._pruner = threading.Thread(target=self._prune_loop, name="change-log-prune", daemon=True)

    def _enabled_buses(self) -> set[int]:
        with self.store.read() as s:
            return set(s.scalars(select(BusRow.id).where(BusRow.enabled.is_(True))))

    def _gained(self, bus_ids: set[int]) -> None:
        log.info("%s: now runs bus(es) %s", self.origin, sorted(bus_ids))
        self.runtime.add_buses(bus_ids)

    def _lost(self, bus_ids: set[int]) -> None:
        log.info("%s: gives up bus(es) %s", self.origin, sorted(bus_ids))
        self.runtime.remove_buses(bus_ids)

    def start(self) -> Ownership:
        self.change_log.install()
        self.follower.start()
        if self.keeper is not None:
            self.keeper.start()
            self.publisher.start()
            self._pruner.start()
        return self

    def _prune_loop(self) -> None:
        while not self._stopping.wait(PRUNE_EVERY_S):
            try:
                n = prune(self.store)
                if n:
                    log.info("change log: %d old rows pruned", n)
            except Exception:
                log.warning("pruning the change log failed", exc_info=True)

    def stop(self) -> None:
        self._stopping.set()
        if self.keeper is not None:
            self.publisher.stop()
            self.keeper.stop()          # closes the buses (on_lost), then releases the leases
        self.follower.stop()
        self.change_log.uninstall()
