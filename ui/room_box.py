"""A box of the room panel that shows one thing about the room selected, loaded in the background.

`RoomBox` keeps the bookkeeping the panel's boxes share: `show_room(room_id)` (None clears and hides
the box), `refresh()` (a background load through `run_task`; only the newest request's result is
shown), a debounced reload on the hub topics named in `TOPICS` that concern the room, and a message
when loading fails. A subclass gives `load(store, room_id)` (runs off the GUI thread, no widgets),
`present(result)` (GUI thread; returning False hides the box) and `failed_text(error)`; `loaded(room_id)` is emitted once a result is
on screen.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from ui.app_context import AppContext
from ui.live_curves import command_error_text
from ui.tasks import run_task

RELOAD_DEBOUNCE_MS = 1500


class RoomBox(QFrame):
    loaded = Signal(int)
    TOPICS: frozenset[str] = frozenset({"policies_changed"})

    def __init__(self, ctx: AppContext, name: str, labels: tuple[str, ...], parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.room_id: int | None = None
        self.result: Any = None
        self._request = 0
        self.setObjectName(name)
        self.setStyleSheet(f"QFrame#{name}{{background:#f6f8fa;border:1px solid #d0d7de;border-radius:3px;}}")
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(1)
        self.labels: list[QLabel] = []
        for label_name in labels:
            lbl = QLabel("", self)
            lbl.setObjectName(label_name)
            lbl.setWordWrap(True)
            lbl.setTextFormat(Qt.TextFormat.PlainText)
            col.addWidget(lbl)
            self.labels.append(lbl)
        self._timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.bridge.event.connect(self._event)
        self.hide()

    # -- what a subclass gives --------------------------------------------------------------------
    @staticmethod
    def load(store, room_id: int) -> Any:
        """Runs in a worker thread: a static method, so the task holds no reference to the widget (a
        widget whose last reference dies in a worker thread is destroyed there, with its timers)."""
        raise NotImplementedError

    def present(self, result: Any) -> bool | None:
        raise NotImplementedError

    def failed_text(self, error: str) -> str:
        raise NotImplementedError

    # -- the shared part ----------------------------------------------------------------------------
    def show_room(self, room_id: int | None) -> None:
        if room_id != self.room_id:
            self.result = None
            self.hide()
        self.room_id = room_id
        if room_id is None:
            self._request += 1
            return
        self.refresh()

    def refresh(self) -> None:
        """Reload what the box shows of the room (in the background)."""
        room_id = self.room_id
        if room_id is None:
            return
        self._request += 1
        request, store, load = self._request, self.ctx.store, self.load
        run_task(lambda: load(store, room_id), lambda r: self._loaded(request, room_id, r),
                 lambda exc: self._failed(request, exc))

    def _loaded(self, request: int, room_id: int, result: Any) -> None:
        if request != self._request or room_id != self.room_id:
            return
        self.result = result
        self.setVisible(self.present(result) is not False)
        self.loaded.emit(room_id)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.labels[0].setText(self.failed_text(command_error_text(exc)))
            for lbl in self.labels[1:]:
                lbl.hide()
            self.show()

    def _event(self, event) -> None:
        if event.topic in self.TOPICS and self.room_id is not None and (
                not event.rooms or self.room_id in event.rooms):
            self._timer.start()
