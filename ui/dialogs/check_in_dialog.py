"""Check a student in: search by student number or name, pick a bed of the room, confirm.

A caller may rely on:
- typing in the search box lists matching students (number prefix or part of the name) with
  where they live now; Enter in the search box takes the first result;
- the bed list shows every bed of the room, taken ones greyed out with their occupant, and
  "first free bed" first;
- the app's refusals (room full, bed taken, gender mismatch, already checked in) show inline in
  its words, and nothing changes; on success `checked_in(Stay)` is emitted and the dialog closes.

The two lookups here (`find_students`, `room_beds`) read the store directly because app/ has no
such query yet; they belong in app/occupancy.py and should move there.
"""
from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.campus import occupancy
from app.campus.roster import BedInfo, RoomBeds, StudentHit, find_students, room_beds  # noqa: F401 (re-exported)
from db.engine import Store
from ui.app_context import AppContext
from ui.dialogs import CounterDialog
from ui.i18n import _
from ui.tasks import run_task


def student_line(hit: StudentHit) -> str:
    gender = _("male") if hit.gender == "M" else _("female")
    where = (_("lives in {room}, bed {bed}").format(room=hit.room_code, bed=hit.bed_label) if hit.room_code
             else _("not checked in"))
    return _("{number}  {name} ({gender}) — {where}").format(number=hit.student_no, name=hit.name, gender=gender,
                                                           where=where)


def fill_beds(combo: QComboBox, room: RoomBeds, *, first_free: bool = True) -> None:
    """Beds of `room` into `combo` (data: label, None for the first free one); taken beds disabled."""
    combo.clear()
    if first_free:
        combo.addItem(_("First free bed"), None)
    model = combo.model()
    for bed in room.beds:
        if bed.student_name is None:
            combo.addItem(_("Bed {bed} — free").format(bed=bed.label), bed.label)
        else:
            combo.addItem(_("Bed {bed} — {name}").format(bed=bed.label, name=bed.student_name), bed.label)
            if isinstance(model, QStandardItemModel):
                model.item(combo.count() - 1).setEnabled(False)


class StudentSearch(QWidget):
    """A search box and a results list; `chosen()` is the selected StudentHit."""

    def __init__(self, store: Store, parent: QWidget, *, checked_in: bool | None = None) -> None:
        super().__init__(parent)
        self.store, self.checked_in = store, checked_in
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        self.box = QLineEdit(self)
        self.box.setObjectName("studentSearch")
        self.box.setPlaceholderText(_("Student number or name"))
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("studentResults")
        self.results.setMinimumHeight(90)
        self.results.setMaximumHeight(160)
        col.addWidget(self.box)
        col.addWidget(self.results)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.search)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.hits: list[StudentHit] = []      # the list rows hold indexes into this, not Python objects
        self._asked: str | None = None
        self._shown: str | None = None

    def pending(self) -> bool:
        """The list does not yet show the results for what is typed."""
        return self._shown != self.box.text()

    def search(self, then: Callable[[], None] | None = None) -> None:
        self._timer.stop()
        text, store, checked_in = self.box.text(), self.store, self.checked_in
        self._asked = text
        run_task(lambda: find_students(store, text, checked_in=checked_in), lambda hits: self._show(text, hits, then))

    def _show(self, text: str, hits: list[StudentHit], then: Callable[[], None] | None) -> None:
        if not shiboken6.isValid(self) or text != self._asked:
            return
        self._shown = text
        self.results.clear()
        self.hits = list(hits)
        for i, hit in enumerate(hits):
            item = QListWidgetItem(student_line(hit))
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
        elif text.strip():
            self.results.addItem(QListWidgetItem(_("No student found.")))
        if then is not None:
            then()

    def chosen(self) -> StudentHit | None:
        item = self.results.currentItem()
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return self.hits[index] if isinstance(index, int) and index < len(self.hits) else None


class CheckInDialog(CounterDialog):
    checked_in = Signal(object)      # app.campus.occupancy.Stay

    def __init__(self, ctx: AppContext, room_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Check in"), parent)
        self.setObjectName("checkInDialog")
        self.room_id = room_id
        self.room: RoomBeds | None = None
        self.search = StudentSearch(ctx.store, self)
        self.student_error = self.add_row(_("Student"), self.search)
        self.bed = QComboBox(self)
        self.bed.setObjectName("bed")
        self.bed_error = self.add_row(_("Bed"), self.bed)
        self.ok.setText(_("Check in"))
        self.ok.setEnabled(False)
        self.search.results.currentItemChanged.connect(lambda *_a: self.clear_errors())
        self.search.box.setFocus()
        self.load(lambda: room_beds(ctx.store, room_id), self._loaded)

    def _loaded(self, room: RoomBeds | None) -> None:
        if room is None:
            self.show_error(_("This room no longer exists."))
            return
        self.room = room
        gender = _("male") if room.gender == "M" else _("female")
        self.header.setText(_("Room {room} · {gender} · {free} of {beds} beds free").format(
            room=room.code, gender=gender, free=room.free, beds=len(room.beds)))
        fill_beds(self.bed, room)
        self.ok.setEnabled(True)

    def confirm(self) -> None:
        if self.room is None:
            return
        self.clear_errors()
        if self.search.pending() and self.search.box.text().strip():
            self.search.search(then=lambda: self.alive() and self.confirm())
            return
        hit = self.search.chosen()
        if hit is None:
            self.set_error(self.student_error, _("Find the student first: type a student number or a name."))
            self.search.box.setFocus()
            return
        store, actor, room_id, bed = self.ctx.store, self.ctx.actor, self.room_id, self.bed.currentData()
        self.submit(lambda: occupancy.check_in(store, actor, hit.id, room_id, bed), self._done)

    def _done(self, stay: occupancy.Stay) -> None:
        self.checked_in.emit(stay)
        self.finish()

