"""The window's login session in the store: who is logged in where (app.operators).

`SessionHeartbeat(ctx)`: `start()` records the session (this machine's name, the window's origin),
then a timer reports every `operators.HEARTBEAT`; `stop()` ends it at logout or quit. Every store call
is a background task on the database queue, which runs them in order, so `stop()` right after
`start()` still ends the session it started. A store that refuses the writes (read-only) only costs
a line in the log: the counter works on.
"""
from __future__ import annotations

import logging
import socket

from PySide6.QtCore import QObject, QTimer

from app import operators
from ui.app_context import AppContext
from ui.tasks import run_task

log = logging.getLogger(__name__)


class SessionHeartbeat(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None, *, workstation: str | None = None,
                 interval_ms: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.workstation = workstation or socket.gethostname()
        self.session_id: int | None = None      # set on the database thread, read there too
        self._stopped = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms if interval_ms is not None
                               else int(operators.HEARTBEAT.total_seconds() * 1000))
        self.timer.timeout.connect(self.beat)

    def start(self) -> None:
        store, actor, origin, where = self.ctx.store, self.ctx.actor, self.ctx.origin, self.workstation

        def begin() -> int:
            self.session_id = operators.start_session(store, actor, where, origin)
            return self.session_id

        run_task(begin, lambda _id: None if self._stopped else self.timer.start(), self._failed)

    def beat(self) -> None:
        store = self.ctx.store
        run_task(lambda: self.session_id is not None and operators.touch_session(store, self.session_id),
                 lambda _r: None, self._failed)

    def stop(self) -> None:
        """Logout or quit: end the session (the application waits for its background tasks)."""
        self._stopped = True
        self.timer.stop()
        store = self.ctx.store
        run_task(lambda: self.session_id is not None and operators.end_session(store, self.session_id),
                 lambda _r: None, self._failed)

    @staticmethod
    def _failed(exc: BaseException) -> None:
        log.warning("the login session could not be recorded: %s", exc)
