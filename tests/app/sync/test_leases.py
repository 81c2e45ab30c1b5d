"""Each bus is served by one runtime at a time: leases by the database server's clock, and keepers
that hand a bus over when its owner stops, and give it up before anyone else can take it."""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete
from sync_bench import Collector, make_buses, poll

from app import clock
from app.sync import BusLeases, ChangeLog, Follower, LeaseKeeper, server_now
from db.errors import StoreUnavailable
from db.models import Bus


def test_two_owners_one_gets_the_bus_and_owners_lists_who_serves_it(open_store):
    a, b = open_store(), open_store()
    bus1, bus2, bus3 = make_buses(a, 3)
    host_a, host_b = BusLeases(a, "serve@host-a"), BusLeases(b, "serve@host-b")
    assert host_a.acquire([bus1, bus2]) == {bus1, bus2}
    assert host_b.acquire([bus1, bus2, bus3]) == {bus3}
    assert host_a.acquire([bus1]) == {bus1}            # its own lease: extended, still held
    owners = host_b.owners()
    assert {bus: info.owner for bus, info in owners.items()} == {
        bus1: "serve@host-a", bus2: "serve@host-a", bus3: "serve@host-b"}
    info = owners[bus1]
    assert not info.expired
    assert info.expires_at - info.heartbeat_at == timedelta(seconds=10)
    assert info.acquired_at <= info.heartbeat_at


def test_racing_owners_get_a_bus_exactly_once(open_store):
    stores = [open_store() for _ in range(4)]
    [bus] = make_buses(stores[0], 1)
    gate = threading.Barrier(len(stores))
    won: dict[str, set[int]] = {}

    def race(i: int) -> None:
        leases = BusLeases(stores[i], f"serve@host-{i}")
        gate.wait(5)
        won[leases.owner] = leases.acquire([bus])
    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert sorted(len(ids) for ids in won.values()) == [0, 0, 0, 1]
    [winner] = [owner for owner, ids in won.items() if ids]
    assert BusLeases(stores[0], "viewer").owners()[bus].owner == winner


def test_an_expired_lease_is_taken_over_and_lost_by_its_old_owner(open_store):
    a, b = open_store(), open_store()
    [bus] = make_buses(a, 1)
    old, new = BusLeases(a, "serve@host-a", ttl_s=0.3), BusLeases(b, "serve@host-b")
    assert old.acquire([bus]) == {bus}
    assert new.acquire([bus]) == set()
    assert poll(lambda: new.owners()[bus].expired, 3.0)
    assert new.acquire([bus]) == {bus}
    assert old.renew() == set()                        # lost: the old owner must stop the bus now
    assert old.acquire([bus]) == set()
    assert new.owners()[bus].owner == "serve@host-b"


def test_release_hands_a_bus_over_at_once(open_store):
    a, b = open_store(), open_store()
    bus1, bus2 = make_buses(a, 2)
    host_a, host_b = BusLeases(a, "serve@host-a"), BusLeases(b, "serve@host-b")
    assert host_a.acquire([bus1, bus2]) == {bus1, bus2}
    assert host_b.acquire([bus1, bus2]) == set()
    assert host_a.release([bus1]) == {bus1}
    assert host_b.acquire([bus1, bus2]) == {bus1}
    assert host_a.release() == {bus2}
    assert host_a.renew() == set()
    assert set(host_b.owners()) == {bus1}


def test_buses_that_do_not_exist_are_never_held_and_a_deleted_bus_loses_its_lease(store):
    [bus] = make_buses(store, 1)
    leases = BusLeases(store, "serve@host-a")
    assert leases.acquire([bus, bus + 100]) == {bus}
    with store.write() as s:
        s.execute(delete(Bus).where(Bus.id == bus))
    assert leases.renew() == set()
    assert leases.owners() == {}


def test_expiry_follows_the_database_servers_clock_not_the_programs(store):
    [bus] = make_buses(store, 1)
    leases = BusLeases(store, "serve@host-a")
    with clock.use(clock.FixedClock(datetime(2041, 1, 1, tzinfo=UTC))):    # a workstation far off
        assert leases.acquire([bus]) == {bus}
        assert leases.renew() == {bus}
        info = leases.owners()[bus]
    with store.read() as s:
        server = server_now(s)
    assert abs(info.heartbeat_at - server) < timedelta(seconds=5)
    assert not info.expired


# -- keepers -----------------------------------------------------------------------------------------

class Runtime:
    """What the meter runtime does with a keeper's callbacks: open and close buses, never one twice."""

    def __init__(self) -> None:
        self.open: set[int] = set()
        self.gained, self.lost = Collector(), Collector()
        self.errors: list[str] = []

    def on_gained(self, ids: set[int]) -> None:
        if ids & self.open:
            self.errors.append(f"opened twice: {ids & self.open}")
        self.open |= ids
        self.gained(ids)

    def on_lost(self, ids: set[int]) -> None:
        if ids - self.open:
            self.errors.append(f"closed unopened: {ids - self.open}")
        self.open -= ids
        self.lost(ids)


def _keeper(leases, buses, runtime: Runtime, **kw) -> LeaseKeeper:
    return LeaseKeeper(leases, buses, runtime.on_gained, runtime.on_lost, **kw)


def test_a_standby_takes_the_bus_within_ttl_and_an_interval_after_the_holder_stops_renewing(
        open_store, started):
    a, b = open_store(), open_store()
    [bus] = make_buses(a, 1)
    ttl, interval = 1.5, 0.3
    first, standby = Runtime(), Runtime()
    holder = _keeper(BusLeases(a, "serve@host-a", ttl), [bus], first, interval_s=interval)
    started(holder.start())
    assert first.gained.wait_count(1, 2.0)
    started(_keeper(BusLeases(b, "serve@host-b", ttl), [bus], standby, interval_s=interval).start())
    assert not standby.gained.wait_count(1, 3 * interval)     # a live holder keeps it
    holder.stop(release=False)                 # as good as a crash: the lease stays until it expires
    stopped = time.perf_counter()
    assert standby.gained.wait_count(1, ttl + interval + 1.0)
    assert standby.gained.times[0] - stopped <= ttl + interval + 0.5
    assert standby.open == {bus} and first.open == set()
    assert first.errors == standby.errors == []


class _Unreachable(BusLeases):
    """A store that stops answering: calls fail at once, or hang like a dead TCP connection."""

    def __init__(self, *args, mode: str, **kw) -> None:
        super().__init__(*args, **kw)
        self.mode = mode
        self.down = threading.Event()
        self.back = threading.Event()

    def _gate(self) -> None:
        if self.down.is_set():
            if self.mode == "hang":
                self.back.wait(30)
            raise StoreUnavailable("The database cannot be reached")

    def renew(self):
        self._gate()
        return super().renew()

    def acquire(self, bus_ids):
        self._gate()
        return super().acquire(bus_ids)


@pytest.mark.parametrize("mode", ["fail", "hang"])
def test_a_holder_that_cannot_renew_gives_the_bus_up_before_anyone_else_can_take_it(
        open_store, started, mode):
    a, b = open_store(), open_store()
    [bus] = make_buses(a, 1)
    ttl, interval, margin = 1.5, 0.3, 0.4
    first, standby = Runtime(), Runtime()
    cut_off = _Unreachable(a, "serve@host-a", ttl, mode=mode)
    # the bus list is read from the store as well, as the runtime's is (enabled buses)
    started(_keeper(cut_off, lambda: cut_off._gate() or [bus], first, interval_s=interval,
                    margin_s=margin).start())
    assert first.gained.wait_count(1, 2.0)
    started(_keeper(BusLeases(b, "serve@host-b", ttl), [bus], standby, interval_s=0.1).start())
    cut_off.down.set()
    try:
        assert first.lost.wait_count(1, ttl + 1.0)
        assert standby.gained.wait_count(1, ttl + 2.0)
        assert first.lost.times[0] < standby.gained.times[0]     # closed before the other could open it
    finally:
        cut_off.back.set()
    assert first.open == set() and standby.open == {bus}
    assert first.errors == standby.errors == []


def test_a_keeper_stopping_hands_over_at_once_through_the_change_log(open_store, started):
    a, b = open_store(), open_store()
    [bus] = make_buses(a, 1)
    ChangeLog(a, "serve-a").install()          # the release is a buses_changed event for the others
    started(Follower(b, "serve-b").start())
    first, standby = Runtime(), Runtime()
    holder = started(_keeper(BusLeases(a, "serve@host-a"), [bus], first).start())   # 10 s, every 3.3 s
    assert first.gained.wait_count(1, 2.0)
    started(_keeper(BusLeases(b, "serve@host-b"), [bus], standby).start())
    holder.stop()
    stopped = time.perf_counter()
    assert first.lost.items == [{bus}]
    assert standby.gained.wait_count(1, 2.0)        # well within one 3.3 s interval
    assert standby.gained.times[0] - stopped < 1.5


def test_a_bus_dropped_from_the_keepers_list_is_closed_then_released(open_store, started):
    a = open_store()
    bus1, bus2 = make_buses(a, 2)
    runtime = Runtime()
    leases = BusLeases(a, "serve@host-a")
    keeper = started(_keeper(leases, [bus1, bus2], runtime).start())
    assert runtime.gained.wait_count(1, 2.0)
    assert runtime.gained.items == [{bus1, bus2}]
    released_after_close = []
    runtime.lost = Collector()
    original = runtime.on_lost

    def on_lost(ids):
        released_after_close.append(set(leases.owners()) & ids)     # still leased while closing
        original(ids)
    keeper.on_lost = on_lost
    keeper.set_buses([bus2])
    assert runtime.lost.wait_count(1, 2.0)
    assert runtime.lost.items == [{bus1}] and released_after_close == [{bus1}]
    assert poll(lambda: set(leases.owners()) == {bus2}, 2.0)
    assert keeper.held == {bus2}
    keeper.stop()
    assert runtime.lost.items == [{bus1}, {bus2}]
    assert leases.owners() == {}
    assert runtime.errors == []
