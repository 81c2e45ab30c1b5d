"""Events committed by one process reach the others through the change log, once, and only if committed.

"Workstation A" and "workstation B" are two Stores on one database (own engines, pools and hubs), as
two programs on two PCs would be; on PostgreSQL B hears of A's commits by NOTIFY, on SQLite it polls.
"""
from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, text
from sync_bench import Collector, poll

from app import clock, events
from app.sync import ChangeLog, Follower, new_origin, prune
from db.errors import StoreUnavailable
from db.models import Setting
from db.models_sync import ChangeLogRow


def _commit(store, n: int, **extra) -> None:
    with store.write() as s:
        events.stage(s, "alarm_raised", rooms={100 + n}, ids=[n], **extra)


def _row_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(ChangeLogRow))


def test_a_change_at_workstation_a_reaches_b_within_a_second_and_is_not_echoed_to_a(open_store, started):
    a, b = open_store(), open_store()
    ChangeLog(a, "A").install()
    at_a, at_b, seen_by_b = Collector(), Collector(), []
    events.hub(a).subscribe(at_a)
    events.hub(b).subscribe(at_b)

    def b_reads_the_change(event: events.Event) -> None:
        with b.read() as s:      # the change is committed and visible when the event arrives
            seen_by_b.append(s.get(Setting, "school").value)
    events.hub(b).subscribe(b_reads_the_change, "money_moved")
    follower_a = started(Follower(a, "A").start())
    started(Follower(b, "B").start())

    committed = time.perf_counter()
    with a.write() as s:
        s.add(Setting(key="school", value="东区"))
        events.stage(s, "money_moved", rooms={7, None}, ids=[42], amount_fen=5000)
    assert at_b.wait_count(1, 2.0)
    assert at_b.times[0] - committed <= 1.0
    [event] = at_b.items
    assert (event.topic, event.rooms, event.ids, event.extra) == ("money_moved", frozenset({7}), (42,),
                                                                    {"amount_fen": 5000})
    assert not event.local and event.origin is not None
    assert seen_by_b == ["东区"]

    # A published its own event once, locally, and its follower passed over the row without echoing it.
    assert poll(lambda: follower_a.last_id == event.origin, 2.0)
    assert [(e.topic, e.local) for e in at_a.items] == [("money_moved", True)]


def test_a_rolled_back_transaction_writes_no_row_and_reaches_nobody(open_store, started):
    a, b = open_store(), open_store()
    ChangeLog(a, "A").install()
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    started(Follower(b, "B").start())

    with pytest.raises(RuntimeError), a.write() as s:
        events.stage(s, "money_moved", rooms={1})
        raise RuntimeError("the recharge failed")
    assert _row_count(a) == 0
    _commit(a, 2)                       # a marker: once it arrived, anything before it would have too
    assert at_b.wait_count(1, 2.0)
    assert [e.ids for e in at_b.items] == [(2,)]
    assert _row_count(a) == 1


def test_each_staged_event_is_one_row_and_extra_is_stored_as_plain_json(store):
    log = ChangeLog(store, new_origin("serve")).install()
    with store.write() as s:
        events.stage(s, "purchase_state_changed", ids=[5, 6], state="delivered")
        events.stage(s, "rooms_changed", rooms={3, 1}, day=datetime(2026, 11, 16, tzinfo=UTC).date())
    with store.read() as s:
        rows = s.scalars(select(ChangeLogRow).order_by(ChangeLogRow.id)).all()
    assert [(r.origin, r.topic, r.rooms, r.ids, r.extra) for r in rows] == [
        (log.origin, "purchase_state_changed", [], [5, 6], {"state": "delivered"}),
        (log.origin, "rooms_changed", [1, 3], [], {"day": "2026-11-16"}),
    ]
    assert rows[0].at == rows[1].at
    log.uninstall()
    _commit(store, 1)
    assert _row_count(store) == 2      # uninstalled: nothing more is logged


def test_a_follower_starts_at_the_end_of_the_log(open_store, started):
    a, b = open_store(), open_store()
    ChangeLog(a, "A").install()
    _commit(a, 1)
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    follower = started(Follower(b, "B").start())
    _commit(a, 2)
    assert at_b.wait_count(1, 2.0)
    assert [e.ids for e in at_b.items] == [(2,)]
    follower.stop()
    assert not follower.running


def test_a_follower_that_cannot_read_for_a_while_misses_nothing(open_store, started, monkeypatch):
    a, b = open_store(), open_store()
    ChangeLog(a, "A").install()
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    follower = started(Follower(b, "B").start())
    down = threading.Event()
    real_read = b.read

    def read():
        if down.is_set():
            raise StoreUnavailable("The database cannot be reached")
        return real_read()
    monkeypatch.setattr(b, "read", read)

    down.set()
    for n in range(1, 4):
        _commit(a, n)
    assert poll(lambda: follower.reconnects >= 1, 5.0)
    assert at_b.items == []
    down.clear()
    assert at_b.wait_count(3, 5.0)
    _commit(a, 4)
    assert at_b.wait_count(4, 2.0)
    assert [e.ids for e in at_b.items] == [(1,), (2,), (3,), (4,)]


def _listeners(store, follower: Follower) -> list[int]:
    with store.read() as s:
        return list(s.scalars(text("SELECT pid FROM pg_stat_activity WHERE application_name = :n"),
                              {"n": follower.application_name}))


def test_after_its_connection_is_killed_a_follower_reconnects_and_gets_everything_once_in_order(
        open_store, started):
    a, b = open_store(), open_store()
    if a.dialect != "postgresql":
        pytest.skip("LISTEN connections are PostgreSQL's (SQLite followers poll through the store)")
    ChangeLog(a, "A").install()
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    # A long catch-up period: what arrives quickly arrived by NOTIFY or by the reconnect's own read.
    follower = started(Follower(b, "B", catch_up_s=60.0).start())
    _commit(a, 1)
    assert at_b.wait_count(1, 2.0)
    [pid] = _listeners(a, follower)

    with a.write() as s:
        assert s.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}) is True
    assert poll(lambda: follower.reconnects >= 1, 5.0)
    for n in range(2, 7):                   # committed while the follower has no connection
        _commit(a, n)
    assert at_b.wait_count(6, 5.0)
    assert poll(lambda: len(_listeners(a, follower)) == 1, 5.0)
    assert _listeners(a, follower) != [pid]
    for n in range(7, 10):                  # and it listens again: these come by NOTIFY, promptly
        _commit(a, n)
    assert at_b.wait_count(9, 2.0)
    assert [e.ids for e in at_b.items] == [(n,) for n in range(1, 10)]
    origins = [e.origin for e in at_b.items]
    assert origins == sorted(set(origins))


def test_a_lower_id_committed_after_a_higher_one_is_delivered_too(open_store, started):
    """Ids are handed out before commit: with two interleaved transactions the one holding the lower id
    can commit second. PostgreSQL lets that happen; on SQLite the second writer waits for the first."""
    a, b = open_store(), open_store()
    ChangeLog(a, "A").install()
    inside, go = threading.Event(), threading.Event()

    def hold_the_first(_session, staged) -> None:      # runs after the change-log row is written
        if any(e.extra.get("hold") for e in staged):
            inside.set()
            assert go.wait(10)
    events.hub(a).before_commit.append(hold_the_first)
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    follower = started(Follower(b, "B", catch_up_s=60.0).start())

    first = threading.Thread(target=_commit, args=(a, 1), kwargs={"hold": True})
    first.start()
    assert inside.wait(5)                    # the first holds its id, uncommitted
    second = threading.Thread(target=_commit, args=(a, 2))
    second.start()
    if a.dialect == "postgresql":
        second.join(5)
        assert not second.is_alive()
        assert at_b.wait_count(1, 2.0)
        assert [e.ids for e in at_b.items] == [(2,)]
        assert follower.awaited_ids == {at_b.items[0].origin - 1}
    else:
        second.join(0.3)
        assert second.is_alive()            # queued on the write lock behind the first
    go.set()
    first.join(5)
    second.join(5)
    assert at_b.wait_count(2, 2.0)
    got = [(e.ids, e.origin) for e in at_b.items]
    if a.dialect == "postgresql":
        assert [ids for ids, _ in got] == [(2,), (1,)] and got[0][1] > got[1][1]
    else:
        assert [ids for ids, _ in got] == [(1,), (2,)] and got[0][1] < got[1][1]
    assert follower.awaited_ids == set()


def _insert_row(store, row_id: int) -> None:
    """A row with a chosen id and no notification (as if its NOTIFY were lost)."""
    with store.write() as s:
        s.execute(insert(ChangeLogRow).values(id=row_id, at=clock.now(), origin="X", topic="alarm_raised",
                                              rooms=[], ids=[row_id], extra={}))


def test_gaps_are_filled_when_they_commit_and_forgotten_when_they_never_do(open_store, started):
    b = open_store()
    at_b = Collector()
    events.hub(b).subscribe(at_b)
    follower = started(Follower(b, "B", poll_s=0.1, catch_up_s=0.2, gap_window_s=1.0).start())
    _insert_row(b, 3)                       # found by the periodic catch-up, without a notification
    assert at_b.wait_count(1, 2.0)
    assert follower.awaited_ids == {1, 2}
    _insert_row(b, 1)
    assert at_b.wait_count(2, 2.0)
    assert [e.origin for e in at_b.items] == [3, 1]
    assert follower.awaited_ids == {2}
    assert poll(lambda: follower.awaited_ids == set(), 3.0)    # id 2 never came (a rollback took it)
    _insert_row(b, 4)
    assert at_b.wait_count(3, 2.0)
    assert [e.origin for e in at_b.items] == [3, 1, 4]


def test_prune_deletes_rows_older_than_a_week(store):
    ChangeLog(store, "A").install()
    start = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    with clock.use(clock.FixedClock(start)) as c:
        _commit(store, 1)
        c.advance(timedelta(days=6))
        _commit(store, 2)
        c.advance(timedelta(days=1, hours=1))
        assert prune(store) == 1
        assert prune(store, keep=timedelta(days=30)) == 0
    with store.read() as s:
        assert list(s.scalars(select(ChangeLogRow.ids))) == [[2]]
