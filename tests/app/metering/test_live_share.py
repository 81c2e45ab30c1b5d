"""Live values reach a window in another process through the store: interest in, blocks out."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app import clock
from app.metering.runtime import live_share
from app.metering.runtime.meters import MeterMap, MeterRef
from db.engine import Store
from db.models import ElectricityMeter
from drivers.ddsy_records import BranchReading, BranchState, LiveBlock
from tests.factories import make_campus


def block(address: int, watts: int) -> LiveBlock:
    on = BranchState.RELAY_CLOSED
    return LiveBlock(address, 2203, 5000, 150, watts, 0, 990, 12345,
                     tuple(BranchReading(10, watts // 3, 0, 990, 100, on, 0) for _ in range(3)))


class OwnerRuntime:
    """What the publisher needs of the runtime that owns the bus."""

    def __init__(self, refs) -> None:
        self.meters = MeterMap(refs)
        self.live: dict[int, LiveBlock] = {}
        self.live_rooms: dict[str, set[int]] = {}

    def set_live_rooms(self, rooms, source="window") -> None:
        self.live_rooms[source] = set(rooms)


def test_a_window_in_another_process_gets_the_live_values_of_the_rooms_it_shows(store, db_url):
    campus = make_campus(store, rooms_per_gender=2)
    rooms = sorted(campus.rooms.values())
    with store.read() as s:
        meters = dict(s.execute(select(ElectricityMeter.room_id, ElectricityMeter.id)).all())
    owner = OwnerRuntime([MeterRef("ddsy", meters[r], r, 1, "socket://x", i + 1) for i, r in enumerate(rooms)])
    publisher = live_share.LivePublisher(store, owner)
    other = Store(db_url)                       # the window's own connection, as another process has
    shown = []
    reader = live_share.LiveReader(other, "window@b:1", lambda room, blk: shown.append((room, blk.incoming_power_w)))

    reader.show(rooms[:2])                      # the window shows two rooms
    publisher.step()
    assert owner.live_rooms["live_share"] == set(rooms[:2])      # the owner now polls them live
    owner.live = {meters[rooms[0]]: block(1, 300), meters[rooms[2]]: block(3, 999)}
    assert publisher.step() == 1                # only the wanted room's block is shared
    assert reader.poll() == [(rooms[0], block(1, 300))] and shown == [(rooms[0], 300)]
    assert reader.poll() == []                  # each block once
    assert publisher.step() == 0                # nothing new from the meter, nothing written
    with clock.use(clock.FixedClock(clock.now() + timedelta(seconds=1))):
        owner.live[meters[rooms[0]]] = block(1, 2100)   # a kettle
        publisher.step()
        assert [(r, b.incoming_power_w) for r, b in reader.poll()] == [(rooms[0], 2100)]
    reader.stop()                                # the window closed: interest gone
    publisher.step()
    assert owner.live_rooms["live_share"] == set()
    other.dispose()


def test_interest_of_a_window_that_died_expires_by_itself(store):
    campus = make_campus(store, rooms_per_gender=1)
    room = next(iter(campus.rooms.values()))
    t0 = datetime.fromisoformat("2026-11-16T10:00:00+08:00")
    with clock.use(clock.FixedClock(t0)):
        live_share.want_rooms(store, "window@dead:9", [room])
        assert live_share.wanted_rooms(store) == {room}
    with clock.use(clock.FixedClock(t0 + live_share.INTEREST_TTL + timedelta(seconds=1))):
        assert live_share.wanted_rooms(store) == set()


def test_blocks_survive_the_trip_through_json_exactly():
    b = block(7, 1234)
    assert live_share.decode(live_share.encode(b)) == b
    assert isinstance(live_share.decode(live_share.encode(b)).branches[0].state, BranchState)
