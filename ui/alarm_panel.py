"""The open alarms of the campus: a table to read, acknowledge with a note, and jump to the room.

The table reloads from the store in a background task when the meter service reports an alarm or a
changed room (coalesced: at most one reload every 500 ms, so a burst of events costs one query) and
every 10 s in any case; an alarm stored by the service therefore shows within about half a second
of its report. Acknowledging asks a note inline (the selected alarms, one note) and, once stored,
reports the rooms on `ctx.bridge.rooms_changed` so that their cards lose the alarm badge.
"Release trip" answers the selected trip alarms (standby, low-power, illegal appliance, over-power,
lockout): one meter command per room (`commands.request_release_trips`, permission "meter.control",
audited) for the branches the alarms name, waited for in the background; `released(room ids)` after.
The alarm stays open until someone acknowledges it with a note.
"""
from __future__ import annotations

import time
from datetime import datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.campus.cards import load_cards
from app.clock import local
from app.errors import DormWattError
from app.metering import alarms
from app.metering.alarms import AlarmView
from app.metering.runtime import commands
from app.metering.runtime.vocabulary import RELEASABLE_ALARMS
from ui.app_context import AppContext
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

COALESCE_MS = 500
RELEASE_TIMEOUT_S = 30.0
PERIODIC_MS = 10_000
ALARM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (N_("Level"), N_("Raised"), N_("Room"), N_("Kind"), N_("Message"))
LEVELS = {1: N_("Notice"), 2: N_("Warning"), 3: N_("Urgent")}
LEVEL_COLOURS = {2: QColor("#fff3cd"), 3: QColor("#f8d7da")}
def kind_label(kind: str) -> str:
    """The kind's name from app.metering.alarms.KINDS (the one place), in the window's language."""
    return _(alarms.KINDS.get(kind, kind))


def local_time(at: datetime) -> str:
    """The campus's local time of a stored (UTC) instant, as the room history and receipts show it."""
    return local(at).strftime("%m-%d %H:%M:%S")


class AlarmPanel(QWidget):
    """Public: `alarms` (the rows shown, most urgent first), `refresh()` (coalesced reload),
    `begin_acknowledge()`, `acknowledge_selected(note)`, `release_selected()`, signals
    `jump_to_room(room id)`, `alarms_shown(count)` after every reload, `acknowledged(alarm ids)` once
    notes are stored and `released(room ids)` once trip releases are carried out (or failed)."""

    jump_to_room = Signal(int)
    alarms_shown = Signal(int)
    acknowledged = Signal(object)
    released = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("alarmPanel")
        self.alarms: list[AlarmView] = []
        self._codes: dict[int, str] = {}
        self._busy = self._again = False
        self._last_start = float("-inf")
        self._ack_ids: list[int] = []
        self._last_jump: tuple[int | None, float] = (None, float("-inf"))

        self.count = QLabel("", self)
        self.count.setObjectName("alarmCount")
        self.ack_button = QPushButton(_("Acknowledge…"), self)
        self.ack_button.setEnabled(False)
        self.jump_button = QPushButton(_("Go to room"), self)
        self.jump_button.setEnabled(False)
        self.release_button = QPushButton(_("Release trip"), self)
        self.release_button.setObjectName("alarmRelease")
        self.release_button.setToolTip(_("Reset the trip or lockout of the branch the selected alarms name "
                                         "(the meter gives the power back)."))
        self.release_button.setEnabled(False)
        self._releasing = False
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.jump_button)
        top.addWidget(self.release_button)
        top.addWidget(self.ack_button)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.note_bar = QWidget(self)
        self.note_prompt = QLabel("", self.note_bar)
        self.note = QLineEdit(self.note_bar)
        self.note.setObjectName("alarmNote")
        self.note.setPlaceholderText(_("What was done about it (required)"))
        self.note_ok = QPushButton(_("Acknowledge"), self.note_bar)
        self.note_ok.setDefault(True)
        self.note_cancel = QPushButton(_("Cancel"), self.note_bar)
        row = QHBoxLayout(self.note_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.note_prompt)
        row.addWidget(self.note, 1)
        row.addWidget(self.note_ok)
        row.addWidget(self.note_cancel)
        self.note_bar.hide()
        self.error = QLabel("", self)
        self.error.setObjectName("alarmError")
        self.error.setStyleSheet("color:#b02a37;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel("", self)
        self.notice.setObjectName("alarmNotice")
        self.notice.setStyleSheet("color:#1a7f37;")
        self.notice.setWordWrap(True)
        self.notice.hide()

        col = QVBoxLayout(self)
        col.setContentsMargins(4, 4, 4, 4)
        col.addLayout(top)
        col.addWidget(self.table, 1)
        col.addWidget(self.note_bar)
        col.addWidget(self.error)
        col.addWidget(self.notice)

        ack_action = QAction(_("Acknowledge…"), self.table)
        ack_action.setShortcut(QKeySequence("Ctrl+K"))
        ack_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ack_action.triggered.connect(self.begin_acknowledge)
        jump_action = QAction(_("Go to room"), self.table)
        jump_action.triggered.connect(self._jump_current)
        release_action = QAction(_("Release trip"), self.table)
        release_action.triggered.connect(self.release_selected)
        self.table.addActions([jump_action, release_action, ack_action])
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Enter activates a row; a double click activates it too on most platforms, and in any case
        # emits doubleClicked: both jump, and `_jump` lets only the first of the pair through.
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        self.ack_button.clicked.connect(self.begin_acknowledge)
        self.jump_button.clicked.connect(self._jump_current)
        self.release_button.clicked.connect(self.release_selected)
        self.note.returnPressed.connect(lambda: self.acknowledge_selected(self.note.text()))
        self.note_ok.clicked.connect(lambda: self.acknowledge_selected(self.note.text()))
        self.note_cancel.clicked.connect(self.cancel_acknowledge)

        self._coalesce = QTimer(self, singleShot=True)
        self._coalesce.timeout.connect(self._reload)
        self._periodic = QTimer(self, interval=PERIODIC_MS)
        self._periodic.timeout.connect(self.refresh)
        self._periodic.start()
        ctx.bridge.alarm.connect(self._on_alarm)
        ctx.bridge.rooms_changed.connect(self._on_rooms_changed)
        self._show_count()
        self.refresh()

    def sizeHint(self) -> QSize:
        # A bottom dock: a few rows high, so that the card grid keeps the room.
        return QSize(720, 170)

    # ----- loading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload soon: at once if the last reload started 500 ms ago or more, else when it has."""
        if self._busy:
            self._again = True
            return
        if self._coalesce.isActive():
            return
        since_ms = (time.monotonic() - self._last_start) * 1000
        self._coalesce.start(int(max(0.0, COALESCE_MS - since_ms)))

    def _on_alarm(self, _room_id, _kind: str, _message: str) -> None:
        self.refresh()

    def _on_rooms_changed(self, _room_ids) -> None:
        self.refresh()

    def _reload(self) -> None:
        self._busy, self._last_start = True, time.monotonic()
        store = self.ctx.store

        def work() -> tuple[list[AlarmView], dict[int, str]]:
            rows = alarms.open_alarms(store)
            rooms = {a.room_id for a in rows if a.room_id is not None}
            return rows, {c.room_id: c.code for c in load_cards(store, rooms)} if rooms else {}

        run_task(work, self._loaded, self._load_failed)

    def _loaded(self, result: tuple[list[AlarmView], dict[int, str]]) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self._busy = False
        self.alarms, self._codes = result
        self._fill()
        self.alarms_shown.emit(len(self.alarms))
        if self._again:
            self._again = False
            self.refresh()

    def _load_failed(self, exc: BaseException) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self._busy = False
        self._show_error(_("Could not load the alarms: {error}").format(error=_message(exc)))
        if self._again:
            self._again = False
            self.refresh()

    def _fill(self) -> None:
        selected = set(self.selected_ids())
        self.table.setUpdatesEnabled(False)
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.setRowCount(len(self.alarms))
        for r, a in enumerate(self.alarms):
            room = self._codes.get(a.room_id, "—") if a.room_id is not None else "—"
            cells = (_(LEVELS.get(a.level, "")) or str(a.level), local_time(a.raised_at), room,
                     kind_label(a.kind), tr_message(a.message))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ALARM_ID_ROLE, a.id)
                if a.level in LEVEL_COLOURS:
                    item.setBackground(QBrush(LEVEL_COLOURS[a.level]))
                if c == len(cells) - 1:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
            if a.id in selected:
                self.table.selectRow(r)
        self.table.blockSignals(False)
        self.table.setUpdatesEnabled(True)
        self._selection_changed()
        self._show_count()

    def _show_count(self) -> None:
        self.count.setText(_("Open alarms: {n}").format(n=len(self.alarms)) if self.alarms
                           else _("No open alarms"))

    # ----- selection and jumping ---------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.alarms[r].id for r in rows if r < len(self.alarms)]

    def select_alarm(self, alarm_id: int) -> bool:
        for r, a in enumerate(self.alarms):
            if a.id == alarm_id:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.ack_button.setEnabled(bool(ids))
        self.release_button.setEnabled(not self._releasing and bool(self._releasable()))
        self.jump_button.setEnabled(len(ids) == 1 and self._room_at(self.table.currentRow()) is not None)

    def _room_at(self, row: int) -> int | None:
        return self.alarms[row].room_id if 0 <= row < len(self.alarms) else None

    def _jump(self, row: int) -> None:
        room = self._room_at(row)
        now = time.monotonic()
        if room is None or (room, now - self._last_jump[1] < 0.4) == (self._last_jump[0], True):
            return
        self._last_jump = (room, now)
        self.jump_to_room.emit(room)

    def _activated(self, index) -> None:
        self._jump(index.row())

    def _jump_current(self) -> None:
        self._jump(self.table.currentRow())

    # ----- releasing trips ---------------------------------------------------------------------------

    def _releasable(self) -> list[AlarmView]:
        chosen = set(self.selected_ids())
        return [a for a in self.alarms if a.id in chosen and a.kind in RELEASABLE_ALARMS and a.room_id is not None]

    def release_selected(self) -> None:
        """Release the trips the selected trip alarms name: one command per room, for their branches (the
        whole meter's when an alarm names none)."""
        chosen = self._releasable()
        if not chosen or self._releasing:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self._releasing = True
        self.release_button.setEnabled(False)
        self.error.hide()
        self.notice.hide()

        def work() -> tuple[set[int], list[str]]:
            return commands.release_alarm_trips(store, actor, [a.id for a in chosen], RELEASE_TIMEOUT_S)

        # A meter command waits for the bus: the CPU pool, so the single database queue never waits on it.
        run_task(work, self._released, self._release_failed, kind="cpu")

    def _released(self, result: tuple[set[int], list[str]]) -> None:
        if not isValid(self):
            return
        done, errors = result
        self._releasing = False
        self._selection_changed()
        if errors:
            self._show_error(" ".join(tr_message(e) for e in errors))
        if done:
            codes = ", ".join(sorted(self._codes.get(r, str(r)) for r in done))
            self.notice.setText(_("Trips released in {rooms}.").format(rooms=codes))
            self.notice.show()
            self.ctx.bridge.rooms_changed.emit(set(done))
        self.released.emit(sorted(done))

    def _release_failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self._releasing = False
        self._selection_changed()
        self._show_error(_message(exc))
        self.released.emit([])

    # ----- acknowledging -----------------------------------------------------------------------------

    def begin_acknowledge(self) -> None:
        """Ask a note for the selected alarms in the inline editor (nothing happens with none selected)."""
        ids = self.selected_ids()
        if not ids:
            return
        self._ack_ids = ids
        self.note_prompt.setText(_("Note for {n} alarm(s):").format(n=len(ids)))
        self.note.clear()
        self.error.hide()
        self.note_bar.show()
        self.note.setFocus()

    def cancel_acknowledge(self) -> None:
        self._ack_ids = []
        self.note_bar.hide()
        self.error.hide()
        self.table.setFocus()

    def acknowledge_selected(self, note: str) -> None:
        """Store `note` on the alarms chosen by `begin_acknowledge` (or the selection); the app's own
        message shows when it refuses (an empty note, an alarm acknowledged elsewhere)."""
        ids = self._ack_ids or self.selected_ids()
        if not ids:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.note_ok.setEnabled(False)

        def work() -> tuple[list[AlarmView], list[str]]:
            done, errors = [], []
            for alarm_id in ids:
                try:
                    done.append(alarms.acknowledge(store, actor, alarm_id, note))
                except DormWattError as exc:
                    if exc.message not in errors:
                        errors.append(exc.message)
            return done, errors

        run_task(work, self._acknowledged, self._ack_failed)

    def _acknowledged(self, result: tuple[list[AlarmView], list[str]]) -> None:
        if not isValid(self):   # closed while the task ran
            return
        done, errors = result
        self.note_ok.setEnabled(True)
        if errors:
            self._show_error(" ".join(tr_message(e) for e in errors))
        if done:
            gone = {a.id for a in done}
            self._ack_ids = [i for i in self._ack_ids if i not in gone]
            if not errors:
                self.cancel_acknowledge()
            self.acknowledged.emit(sorted(gone))
            rooms = {a.room_id for a in done if a.room_id is not None}
            self.ctx.bridge.rooms_changed.emit(rooms)   # cards drop the badge; this panel reloads
            self.refresh()

    def _ack_failed(self, exc: BaseException) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self.note_ok.setEnabled(True)
        self._show_error(_message(exc))

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


def _message(exc: BaseException) -> str:
    return tr_message(exc.message if isinstance(exc, DormWattError) else str(exc))
