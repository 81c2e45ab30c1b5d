"""Re-emits what the meter service reports (on its own threads) as Qt signals on the GUI thread."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.metering.runtime.service import ServiceListener


class ServiceBridge(QObject, ServiceListener):
    """Signals are emitted from service threads; Qt queues them to receivers on the GUI thread."""

    rooms_changed = Signal(object)          # set[int] of room ids whose stored state changed
    live = Signal(int, object)              # room id, drivers LiveBlock
    alarm = Signal(object, str, str)        # room id or None, alarm kind, message
    bus_state = Signal(str, bool, str)      # bus url, port open, detail

    def on_rooms_changed(self, room_ids: set[int]) -> None:
        self.rooms_changed.emit(set(room_ids))

    def on_live(self, room_id: int, live) -> None:
        self.live.emit(room_id, live)

    def on_alarm(self, room_id: int | None, kind: str, message: str) -> None:
        self.alarm.emit(room_id, kind, message)

    def on_bus_state(self, url: str, is_open: bool, detail: str) -> None:
        self.bus_state.emit(url, is_open, detail)
