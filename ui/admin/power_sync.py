"""The Meters tab of the Power policies page: per line, how many meters hold their power configuration
(in sync), wait for it (pending) or refused or missed it (failed); the meters not in sync with the
reason; "Push to all meters" (`push.request_push`) with a progress bar per line, polled every second
from `push.push_status` in a background task, and "Cancel" (`push.cancel_push`: each meter keeps its old
or its new configuration, never half of one).

The page reloads this tab on "policies_changed", and hands it the push id such an event carries, so a
push started elsewhere shows its progress here too.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QProgressBar, QSplitter, QVBoxLayout, QWidget

from app.policies import push
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.history_views import campus_time
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

POLL_MS = 1000
SYNC_STATES = {"sync": N_("In sync"), "pending": N_("Pending"), "failed": N_("Failed")}
PUSH_STATES = {"running": N_("Push {id} running…"), "done": N_("Push {id} finished."),
               "cancelled": N_("Push {id} cancelled: each meter keeps its old or its new settings.")}


def state_label(state: str) -> str:
    return _(SYNC_STATES[state]) if state in SYNC_STATES else state


class MetersTab(QWidget):
    loaded = Signal()
    progressed = Signal(str)          # the push's status after each poll

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("metersTab")
        self.push_id: int | None = None
        self.status: Any = None
        self._polling = False
        self.bars: dict[int, QProgressBar] = {}
        self.lines = AdminList([
            Col(_("Line"), lambda r: r[1]),
            Col(_("In sync"), lambda r: str(r[2]), key=lambda r: r[2], value=lambda r: r[2]),
            Col(_("Pending"), lambda r: str(r[3]), key=lambda r: r[3], value=lambda r: r[3]),
            Col(_("Failed"), lambda r: str(r[4]), key=lambda r: r[4], value=lambda r: r[4]),
        ], self, name="syncLines", export_title=_("Power settings by line"))
        self.push_button = self.lines.add_button(_("Push to all meters"), "pushPolicies", self.push)
        self.cancel_button = self.lines.add_button(_("Cancel"), "cancelPush", self.cancel)
        self.cancel_button.setEnabled(False)
        self.meters = AdminList([
            Col(_("Room"), lambda r: r.room_label or ""),
            Col(_("Building"), lambda r: r.building_code or ""),
            Col(_("Line"), lambda r: r.bus_name),
            Col(_("State"), lambda r: state_label(r.state)),
            Col(_("Reason"), lambda r: tr_message(r.reason) if r.reason else ""),
            Col(_("Checked"), lambda r: campus_time(r.checked_at), key=lambda r: r.checked_at),
        ], self, name="unsynced", export_title=_("Meters not in sync"))
        self.progress_box = QGroupBox(_("Push"), self)
        self.progress_box.setObjectName("pushProgress")
        self.push_state = QLabel("", self.progress_box)
        self.push_state.setObjectName("pushState")
        self.push_state.setWordWrap(True)
        self.bars_layout = QVBoxLayout(self.progress_box)
        self.bars_layout.addWidget(self.push_state)
        self.progress_box.hide()
        below = QWidget(self)
        inner = QVBoxLayout(below)
        inner.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Meters not in sync"), below)
        heading.setStyleSheet("font-weight:bold;")
        inner.addWidget(heading)
        inner.addWidget(self.meters, 1)
        split = QSplitter(self)
        split.setOrientation(split.orientation().Vertical)
        top = QWidget(self)
        top_lay = QVBoxLayout(top)
        top_lay.setContentsMargins(0, 0, 0, 0)
        top_lay.addWidget(self.lines, 1)
        top_lay.addWidget(self.progress_box)
        split.addWidget(top)
        split.addWidget(below)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def fetch() -> Any:
            with store.read() as s:
                return push.line_counts(s), push.sync_rows(s, out_of_sync_only=True)
        run_task(fetch, self._show, lambda exc: self.lines.show_message(error_text(exc), error=True), owner=self)

    def _show(self, data: Any) -> None:
        counts, rows = data
        self.lines.set_rows(counts)
        self.meters.set_rows(rows)
        self.loaded.emit()

    # ----- push ---------------------------------------------------------------------------------

    def push(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        self.push_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.push_button.setEnabled(True)
            self.lines.show_message(error_text(exc), error=True)

        def done(push_id: int) -> None:
            self.lines.show_message(_("The settings are on their way to the meters."))
            self.follow(push_id)
            self.refresh()
        run_task(lambda: push.request_push(store, actor), done, failed, owner=self)

    def follow(self, push_id: int) -> None:
        """Show the progress of push `push_id`, polled every second until it ends."""
        if self.push_id != push_id:
            self.push_id = push_id
            self._clear_bars()
        self.progress_box.show()
        if not self.timer.isActive():
            self.timer.start()
        self.poll()          # the buttons follow the status polled (a finished push offers no Cancel)

    def poll(self) -> None:
        if self.push_id is None or self._polling:
            return
        self._polling = True
        store, push_id = self.ctx.store, self.push_id

        def fetch() -> Any:
            with store.read() as s:
                return push.push_status(s, push_id)

        def failed(exc: BaseException) -> None:
            self._polling = False
            self.push_state.setText(error_text(exc))
        run_task(fetch, self._show_status, failed, owner=self)

    def _show_status(self, status: Any) -> None:
        self._polling = False
        if status.push_id != self.push_id:
            return
        self.status = status
        text = PUSH_STATES.get(status.status)
        self.push_state.setText(_(text).format(id=status.push_id) if text else status.status)
        for line in status.lines:
            bar = self.bars.get(line.bus_id)
            if bar is None:
                bar = QProgressBar(self.progress_box)
                bar.setObjectName(f"pushBar{line.bus_id}")
                self.bars[line.bus_id] = bar
                self.bars_layout.addWidget(bar)
            bar.setRange(0, max(1, line.total))
            bar.setValue(min(line.total, line.done + line.failed))
            bar.setFormat(_("{line}: {done} of {total} done, {failed} failed").format(
                line=line.bus_name, done=line.done, total=line.total, failed=line.failed))
        if status.status == "running":
            self.cancel_button.setEnabled(True)
            self.push_button.setEnabled(False)
        else:
            self.timer.stop()
            self.cancel_button.setEnabled(False)
            self.push_button.setEnabled(True)
            self.refresh()
        self.progressed.emit(status.status)

    def cancel(self) -> None:
        if self.push_id is None:
            return
        store, actor, push_id = self.ctx.store, self.ctx.actor, self.push_id
        self.cancel_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.cancel_button.setEnabled(True)
            self.lines.show_message(error_text(exc), error=True)

        def done(_r: Any) -> None:
            self.lines.show_message(_("Push cancelled."))
            self.poll()
        run_task(lambda: push.cancel_push(store, actor, push_id), done, failed, owner=self)

    def _clear_bars(self) -> None:
        for bar in self.bars.values():
            bar.deleteLater()
        self.bars.clear()
