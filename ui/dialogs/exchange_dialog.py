"""Exchange (调宿): move a student of this room to another room and bed, or swap beds with another student.

A caller may rely on:
- "Move" takes a target room code ("B1-102"); its beds appear (taken ones greyed out) once the
  code names a room, else the field says there is no such room;
- "Swap" searches students who are checked in (number or name) and swaps the two beds;
- the app's refusals (bed taken, room full, gender mismatch) show inline and nothing changes;
- on success `exchanged(set[int])` is emitted with every room whose occupants changed, and the
  dialog closes.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QRadioButton, QWidget

from app.campus import occupancy
from ui.app_context import AppContext
from ui.dialogs import CounterDialog
from ui.dialogs.check_in_dialog import RoomBeds, StudentSearch, fill_beds, room_beds
from ui.i18n import _
from ui.tasks import run_task


class ExchangeDialog(CounterDialog):
    exchanged = Signal(object)       # set of room ids whose occupants changed

    def __init__(self, ctx: AppContext, room_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Exchange"), parent)
        self.setObjectName("exchangeDialog")
        self.room_id = room_id
        self.target: RoomBeds | None = None
        self.loaded = False

        self.student = QComboBox(self)
        self.student.setObjectName("student")
        self.student_error = self.add_row(_("Student"), self.student)
        modes = QWidget(self)
        row = QHBoxLayout(modes)
        row.setContentsMargins(0, 0, 0, 0)
        self.move_mode = QRadioButton(_("Move to a room and bed"), modes)
        self.move_mode.setObjectName("moveMode")
        self.swap_mode = QRadioButton(_("Swap beds with another student"), modes)
        self.swap_mode.setObjectName("swapMode")
        group = QButtonGroup(self)
        group.addButton(self.move_mode)
        group.addButton(self.swap_mode)
        row.addWidget(self.move_mode)
        row.addWidget(self.swap_mode)
        self.move_mode.setChecked(True)
        self.add_row(_("Exchange"), modes)
        self.room_code = QLineEdit(self)
        self.room_code.setObjectName("targetRoom")
        self.room_code.setPlaceholderText(_("Room code, e.g. B1-102"))
        self.room_error = self.add_row(_("Target room"), self.room_code)
        self.bed = QComboBox(self)
        self.bed.setObjectName("targetBed")
        self.add_row(_("Target bed"), self.bed)
        self.other = StudentSearch(ctx.store, self, checked_in=True)
        self.other_error = self.add_row(_("Swap with"), self.other)
        self.ok.setText(_("Exchange"))
        self.ok.setEnabled(False)

        self._lookup = QTimer(self, singleShot=True, interval=200)
        self._lookup.timeout.connect(self.look_up_room)
        self.room_code.textChanged.connect(lambda _t: (self._lookup.start(), self.set_error(self.room_error, None)))
        self.move_mode.toggled.connect(self._mode_changed)
        self._mode_changed()
        store = ctx.store
        self.load(lambda: (room_beds(store, room_id), occupancy.occupants(store, room_id)), self._loaded)

    def _loaded(self, result) -> None:
        room, stays = result
        if room is not None:
            self.header.setText(_("From room {room}").format(room=room.code))
        for st in stays:
            self.student.addItem(_("{name} ({number}), bed {bed}").format(
                name=st.student_name, number=st.student_no, bed=st.bed_label), st.student_id)
        if not stays:
            self.show_error(_("Nobody lives in this room; there is nobody to move."))
            return
        self.loaded = True
        self.ok.setEnabled(True)
        self.room_code.setFocus()

    def _mode_changed(self) -> None:
        moving = self.move_mode.isChecked()
        for w in (self.room_code, self.bed):
            w.setEnabled(moving)
        self.other.setEnabled(not moving)
        self.clear_errors()

    def look_up_room(self, then=None) -> None:
        self._lookup.stop()
        code, store = self.room_code.text().strip(), self.ctx.store
        if not code:
            self.target = None
            self.bed.clear()
            return

        def shown(room: RoomBeds | None) -> None:
            if not self.alive() or self.room_code.text().strip() != code:
                return
            self.target = room
            if room is None:
                self.bed.clear()
                self.set_error(self.room_error, _("There is no room {code}.").format(code=code))
            else:
                fill_beds(self.bed, room)
                self.set_error(self.room_error, None)
            if then is not None:
                then()

        run_task(lambda: room_beds(store, code=code), shown)

    def confirm(self) -> None:
        if not self.loaded:
            return
        self.clear_errors()
        store, actor, student = self.ctx.store, self.ctx.actor, self.student.currentData()
        if self.move_mode.isChecked():
            code = self.room_code.text().strip()
            if self.target is None or self.target.code.upper() != code.upper():
                if not code:
                    self.set_error(self.room_error, _("Type the code of the room to move to."))
                    self.room_code.setFocus()
                    return
                self.look_up_room(then=lambda: self.target is not None and self.confirm())
                return
            target, bed = self.target.room_id, self.bed.currentData()
            self.submit(lambda: occupancy.move(store, actor, student, target, bed),
                        lambda stay: self._done({self.room_id, stay.room_id}))
            return
        if self.other.pending() and self.other.box.text().strip():
            self.other.search(then=lambda: self.alive() and self.confirm())
            return
        hit = self.other.chosen()
        if hit is None:
            self.set_error(self.other_error, _("Find the student to swap with: type a student number or a name."))
            return
        self.submit(lambda: occupancy.swap(store, actor, student, hit.id),
                    lambda stays: self._done({self.room_id, *(s.room_id for s in stays)}))

    def _done(self, rooms: set[int]) -> None:
        self.exchanged.emit(rooms)
        self.finish()
