"""The hub publishes what an operation staged only after its transaction committed."""
from __future__ import annotations

import pytest

from app import events
from db.models import Setting


def test_staged_events_are_published_after_commit_and_never_inside_it(store):
    seen = []

    def listener(event: events.Event) -> None:
        # a subscriber may read the store: the change is committed and no transaction is open
        with store.read() as s:
            seen.append((event.topic, sorted(event.rooms), event.local, s.get(Setting, "hub-test").value))

    events.hub(store).subscribe(listener, "money_moved")
    with store.write() as s:
        s.add(Setting(key="hub-test", value="committed"))
        events.stage(s, "money_moved", rooms={7, None})
        events.stage(s, "alarm_raised", rooms={7})          # nobody listens to this one
        assert seen == []
    assert seen == [("money_moved", [7], True, "committed")]


def test_a_rolled_back_transaction_publishes_nothing(store):
    seen = []
    events.hub(store).subscribe(seen.append)
    with pytest.raises(RuntimeError), store.write() as s:
        events.stage(s, "occupancy_changed", rooms={1})
        raise RuntimeError("the operation failed")
    assert seen == []


def test_a_failing_subscriber_neither_stops_others_nor_undoes_the_change(store):
    seen = []
    hub = events.hub(store)
    hub.subscribe(lambda e: 1 / 0, "rooms_changed")
    unsubscribe = hub.subscribe(seen.append, "rooms_changed")
    with store.write() as s:
        s.add(Setting(key="kept", value="yes"))
        events.stage(s, "rooms_changed", rooms={3})
    with store.read() as s:
        assert s.get(Setting, "kept").value == "yes"
    assert [e.rooms for e in seen] == [frozenset({3})]
    unsubscribe()
    with store.write() as s:
        events.stage(s, "rooms_changed", rooms={4})
    assert len(seen) == 1


def test_unknown_topics_are_refused(store):
    with pytest.raises(ValueError, match="unknown event topic"):
        events.hub(store).subscribe(print, "money_moves")
    with pytest.raises(ValueError, match="unknown event topic"), store.write() as s:
        events.stage(s, "money_moves")


def test_change_log_writers_run_inside_the_transaction(store):
    written = []
    events.hub(store).before_commit.append(lambda s, staged: written.extend(e.topic for e in staged))
    with store.write() as s:
        events.stage(s, "purchase_state_changed", ids=[5])
        events.stage(s, "money_moved", rooms={2})
    assert written == ["purchase_state_changed", "money_moved"]
