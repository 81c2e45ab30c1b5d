"""Live values of the rooms on screen whose lines another process runs (the office's `serve`, another
workstation): the window says which rooms it shows and reads their newest blocks once a second
(app.metering.runtime.live_share), all in background tasks; blocks arrive on `ctx.bridge.live` like
those of a runtime in this process."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from app.metering.runtime.live_share import LiveReader
from ui.app_context import AppContext
from ui.tasks import run_task

log = logging.getLogger(__name__)
POLL_MS = 1000


class LiveFollow(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reader = LiveReader(ctx.store, ctx.origin, lambda _room, _block: None)
        self._busy = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def _remote(self, room_ids: set[int]) -> set[int]:
        """The rooms whose electricity meter is not on a line this process runs."""
        rt = self.ctx.runtime
        if rt is None:
            return set(room_ids)
        return {r for r in room_ids if (ref := rt.meters.of_room(r)) is None or ref.bus_id not in rt.buses}

    def show(self, room_ids: set[int]) -> None:
        rooms = self._remote(room_ids)
        run_task(lambda: self.reader.show(rooms), lambda _r: None,
                 lambda exc: log.warning("live interest not saved: %s", exc), owner=self)

    def _poll(self) -> None:
        if self._busy or not self.reader.rooms:
            return
        self._busy = True
        run_task(self.reader.poll, self._got, self._failed, owner=self)

    def _got(self, blocks) -> None:
        self._busy = False
        for room_id, block in blocks:
            self.ctx.bridge.live.emit(room_id, block)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        log.warning("live values not read: %s", exc)

    def stop(self) -> None:
        self._timer.stop()
        try:
            self.reader.stop()
        except Exception:      # closing on a store that is away: the interest expires by itself
            log.info("live interest left to expire", exc_info=True)
