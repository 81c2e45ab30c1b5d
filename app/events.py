"""The hub: what changed, told to whoever listens, only after it was committed.

Operations stage events inside their transaction (`stage(session, "money_moved", rooms={room_id})`);
the hub of the store publishes them once the transaction has committed, never if it rolled back, and
never while a transaction is open (in the style of Electrum's callback manager: ids, not objects,
from any thread). Subscribers run on the publishing thread and must not block: the window re-emits on
its GUI thread (ui/event_bridge.py), the meter runtime wakes its own threads.

Across processes (several workstations, a window beside a headless service) the same events travel
through the change log (app.sync.change_log): it registers as a `before_commit` writer here, so a
staged event and its change-log row commit together, and it publishes other processes' rows on this
hub with `origin` set to the row's id.

What a caller may rely on:
- one `Hub` per `Store` (`hub(store)`), made on first use;
- an event is published at most once per commit, in the order staged, with the room ids it names;
- a subscriber that raises is logged and does not stop the others or the operation;
- `Event.local` is true for events committed by this process.
"""
from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from db.engine import Store, on_commit

log = logging.getLogger(__name__)

# The topics, each with what it means. One place: a new topic is added here.
TOPICS = {
    "money_moved": "an account's balance changed (recharge, refund, void, billing, subsidy)",
    "rooms_changed": "what the store knows of a room's meters changed (readings, online, branch states)",
    "occupancy_changed": "a student checked in, moved or checked out",
    "alarm_raised": "an alarm was raised",
    "alarm_cleared": "an alarm was acknowledged or resolved",
    "purchase_state_changed": "a purchase was queued for a meter, delivered, failed or cancelled",
    "meter_command": "a command was sent to a meter (branch power, trip release, valve, clock)",
    "buses_changed": "a bus was added, changed, enabled, disabled, or changed owner",
    "policies_changed": "a term, holiday, power policy or assignment changed, or what a meter holds of them",
    "loads_identified": "the host's matcher named (or could not name) an appliance a meter saw switch on",
}
ALL = "*"


@dataclass(frozen=True)
class Event:
    topic: str
    rooms: frozenset[int] = frozenset()
    ids: tuple[int, ...] = ()              # the rows concerned: purchase, alarm, meter or bus ids
    origin: int | None = None              # None: this process; else the change-log id it came from
    extra: dict = field(default_factory=dict, compare=False)   # small plain values (no objects)

    @property
    def local(self) -> bool:
        return self.origin is None


Subscriber = Callable[[Event], None]


class Hub:
    """Subscribers per topic; `publish` calls them on the caller's thread."""

    def __init__(self) -> None:
        self._subs: dict[str, list[Subscriber]] = {}
        self._lock = threading.Lock()
        self.before_commit: list[Callable[[Session, list[Event]], None]] = []   # change-log writers

    def subscribe(self, fn: Subscriber, topics: Iterable[str] | str = ALL) -> Callable[[], None]:
        """Call `fn(event)` for each event of `topics` (ALL for every topic); returns an unsubscribe."""
        names = [topics] if isinstance(topics, str) else list(topics)
        for name in names:
            if name != ALL and name not in TOPICS:
                raise ValueError(f"unknown event topic {name!r}")
        with self._lock:
            for name in names:
                self._subs.setdefault(name, []).append(fn)

        def unsubscribe() -> None:
            with self._lock:
                for name in names:
                    if fn in self._subs.get(name, []):
                        self._subs[name].remove(fn)
        return unsubscribe

    def publish(self, event: Event) -> None:
        if event.topic not in TOPICS:
            raise ValueError(f"unknown event topic {event.topic!r}")
        with self._lock:
            targets = list(self._subs.get(event.topic, ())) + list(self._subs.get(ALL, ()))
        for fn in targets:
            try:
                fn(event)
            except Exception:
                log.exception("event subscriber failed on %s", event.topic)


_hubs: weakref.WeakKeyDictionary[Store, Hub] = weakref.WeakKeyDictionary()
_hubs_lock = threading.Lock()
_STAGED = "dormwatt.events"


def hub(store: Store) -> Hub:
    with _hubs_lock:
        h = _hubs.get(store)
        if h is None:
            h = _hubs[store] = Hub()
        return h


def stage(session: Session, topic: str, *, rooms: Iterable[int | None] = (), ids: Iterable[int] = (),
          **extra) -> None:
    """Publish `topic` on the store's hub once the session's `Store.write()` transaction commits."""
    if topic not in TOPICS:
        raise ValueError(f"unknown event topic {topic!r}")
    store: Store | None = session.info.get("store")
    if store is None:
        raise RuntimeError("events can only be staged inside Store.write()")
    staged: list[Event] | None = session.info.get(_STAGED)
    if staged is None:
        staged = session.info[_STAGED] = []
        h = hub(store)

        def before(s: Session) -> None:
            for writer in list(h.before_commit):
                writer(s, staged)

        def after() -> None:
            for event in staged:
                h.publish(event)
        on_commit(session, before=before, after=after)
    staged.append(Event(topic, frozenset(r for r in rooms if r is not None), tuple(ids), None, extra))
