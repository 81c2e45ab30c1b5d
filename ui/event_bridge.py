"""The one Qt adapter for the app's events: what the hub publishes (on any thread: a runtime's, the
change-log follower's) and what a runtime's buses report live, re-emitted as signals that Qt queues
to receivers on the GUI thread."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from app import events
from app.metering.runtime.recorder import LiveListener
from db.engine import Store

# Topics after which a room's card or panel must be read again.
ROOM_TOPICS = ("money_moved", "rooms_changed", "occupancy_changed", "alarm_raised", "alarm_cleared",
               "purchase_state_changed", "meter_command")


class EventBridge(QObject, LiveListener):
    event = Signal(object)                  # app.events.Event, any topic
    rooms_changed = Signal(object)          # set[int]: rooms whose stored state changed
    alarm = Signal(object, str, str)        # room id or None, "raised"/"cleared", "" (the panel reloads)
    live = Signal(int, object)              # room id, drivers LiveBlock
    bus_state = Signal(str, bool, str)      # bus url, port open, detail

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, store: Store) -> None:
        """Listen to the store's hub (once; a second call is ignored)."""
        if self._unsubscribe is None:
            self._unsubscribe = events.hub(store).subscribe(self._on_event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _on_event(self, event: events.Event) -> None:       # any thread
        self.event.emit(event)
        if event.topic in ROOM_TOPICS and event.rooms:
            self.rooms_changed.emit(set(event.rooms))
        if event.topic in ("alarm_raised", "alarm_cleared"):
            for room in event.rooms or {None}:
                self.alarm.emit(room, event.topic.removeprefix("alarm_"), "")

    # ----- LiveListener (bus threads) ----------------------------------------------------------

    def on_live(self, room_id: int | None, live) -> None:
        if room_id is not None:
            self.live.emit(room_id, live)

    def on_bus_state(self, url: str, is_open: bool, detail: str) -> None:
        self.bus_state.emit(url, is_open, detail)
