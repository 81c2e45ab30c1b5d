"""Several processes on one store: the change log that carries events between them, and the bus
leases that give each RS-485 bus to exactly one runtime.

- `ChangeLog(store, origin).install()` writes this process's committed events to `change_log`;
  `Follower(store, origin).start()` publishes the other processes' rows on this process's hub;
  `prune(store)` deletes rows older than a week (change_log.py, follower.py).
- `BusLeases(store, owner)` takes, renews, releases and lists leases by the database server's clock;
  `LeaseKeeper(leases, bus_ids, on_gained, on_lost).start()` keeps them and says when to open or close
  a bus (leases.py, lease_keeper.py).
"""
from __future__ import annotations

from app.sync.change_log import CHANNEL, ChangeLog, new_origin, prune
from app.sync.follower import Follower
from app.sync.lease_keeper import LeaseKeeper
from app.sync.leases import BusLeases, LeaseInfo, server_now

__all__ = ["CHANNEL", "ChangeLog", "Follower", "BusLeases", "LeaseInfo", "LeaseKeeper", "new_origin", "prune",
           "server_now"]
