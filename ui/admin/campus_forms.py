"""The forms of the Buildings and rooms page: a building, a room, rooms in bulk (with a live preview of
what will be made and what is skipped), the layout from Excel (a preview with each row's problems,
nothing written until Import), and the confirmation of a delete.

Every call goes through `app.campus.campus_admin` in a background task; a refusal shows under the
field it names, or in the form's error line.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from app.campus import campus_admin as ca
from app.campus.campus_admin import BuildingRow, BulkPlan, BulkPreview, LayoutPreview, RoomRow
from app.errors import FieldInvalid
from ui.admin.forms import AdminForm
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, error_text
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

PREVIEW_DELAY_MS = 150

# The words for genders and building policies: shown through `_` (the one place they are named).
ROOM_GENDERS = {"M": N_("Male"), "F": N_("Female")}
POLICIES = {"mixed": N_("Mixed"), "M": N_("Men only"), "F": N_("Women only")}


def gender_label(code: str) -> str:
    return _(ROOM_GENDERS[code]) if code in ROOM_GENDERS else code


def policy_label(code: str) -> str:
    return _(POLICIES[code]) if code in POLICIES else code


def _spin(parent: QWidget, low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    return box


def _gender_box(parent: QWidget, building: BuildingRow, current: str | None = None) -> QComboBox:
    """Male / Female; in a single-gender building only its gender, fixed."""
    box = QComboBox(parent)
    codes = [building.gender_policy] if building.gender_policy in ROOM_GENDERS else list(ROOM_GENDERS)
    for code in codes:
        box.addItem(gender_label(code), code)
    if current is not None and box.findData(current) >= 0:
        box.setCurrentIndex(box.findData(current))
    box.setEnabled(len(codes) > 1)
    return box


class BuildingForm(AdminForm):
    """Add a building (`row` None) or edit one."""

    def __init__(self, ctx: AppContext, row: BuildingRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add a building") if row is None else _("Edit building"), parent)
        self.setObjectName("buildingForm")
        self.row = row
        self.saved_id: int | None = None
        self.code = self.field("code", _("Building code"), QLineEdit(self))
        self.code.setMaxLength(16)
        self.code.setPlaceholderText(_("e.g. B1 (letters and digits)"))
        self.name = self.field("name", _("Building name"), QLineEdit(self))
        self.name.setMaxLength(64)
        self.gender_policy = self.field("gender_policy", _("Who lives there"), QComboBox(self))
        for code in POLICIES:
            self.gender_policy.addItem(policy_label(code), code)
        self.floors = self.field("floors", _("Floors"), _spin(self, 1, ca.MAX_FLOORS, 6))
        if row is not None:
            self.header.setText(_("{code} {name}").format(code=row.code, name=row.name))
            self.code.setText(row.code)
            self.name.setText(row.name)
            self.gender_policy.setCurrentIndex(max(0, self.gender_policy.findData(row.gender_policy)))
            self.floors.setValue(row.floors)
        self.code.setFocus()

    def confirm(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        values = {"code": self.code.text(), "name": self.name.text(),
                  "gender_policy": self.gender_policy.currentData(), "floors": self.floors.value()}
        if self.row is None:
            self.run(lambda: ca.add_building(store, actor, **values), self._saved)
        else:
            bid = self.row.id
            self.run(lambda: ca.change_building(store, actor, bid, **values).id, self._saved)

    def _saved(self, building_id: int) -> None:
        self.saved_id = building_id
        self.finish()


class RoomForm(AdminForm):
    """Add a room to `building` (`row` None) or edit one; only what changed is sent."""

    def __init__(self, ctx: AppContext, building: BuildingRow, row: RoomRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add a room") if row is None else _("Edit room"), parent)
        self.setObjectName("roomForm")
        self.building, self.row = building, row
        self.saved_id: int | None = None
        self.header.setText(_("Building {code} {name}").format(code=building.code, name=building.name)
                            if row is None else row.code)
        self.number = self.field("number", _("Room number"), QLineEdit(self))
        self.number.setMaxLength(16)
        self.number.setPlaceholderText(_("e.g. 101"))
        top = max(building.floors, row.floor if row is not None else 1)
        self.floor = self.field("floor", _("Floor"), _spin(self, 1, top, row.floor if row is not None else 1))
        self.beds = self.field("beds", _("Beds"), _spin(self, 1, ca.MAX_BEDS, row.beds if row is not None else 4))
        self.gender = self.field("gender", _("Gender"), _gender_box(self, building, row.gender if row else None))
        if row is not None:
            self.number.setText(row.number)
        self.number.setFocus()

    def confirm(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        number, floor, beds, gender = (self.number.text(), self.floor.value(), self.beds.value(),
                                       self.gender.currentData())
        if self.row is None:
            bid = self.building.id
            self.run(lambda: ca.add_room(store, actor, building_id=bid, number=number, floor=floor, beds=beds,
                                         gender=gender), self._saved)
            return
        r = self.row
        changes = {k: v for k, v, old in (("number", number, r.number), ("floor", floor, r.floor),
                                          ("beds", beds, r.beds), ("gender", gender, r.gender))
                   if (v.strip().upper() if isinstance(v, str) else v) != old}
        self.run(lambda: ca.change_room(store, actor, r.id, **changes).id, self._saved)

    def _saved(self, room_id: int) -> None:
        self.saved_id = room_id
        self.finish()


def _planned_list(parent: QWidget) -> AdminList:
    return AdminList([
        Col(_("Room"), lambda p: p[0].code, key=lambda p: (p[0].floor, p[0].number)),
        Col(_("Floor"), lambda p: str(p[0].floor), key=lambda p: p[0].floor, value=lambda p: p[0].floor),
        Col(_("Beds"), lambda p: str(p[0].beds), key=lambda p: p[0].beds, value=lambda p: p[0].beds),
        Col(_("Gender"), lambda p: gender_label(p[0].gender)),
        Col(_("What happens"), lambda p: _("To create") if p[1] else _("Already there: skipped")),
    ], parent, name="planned", export_title=_("Rooms to create"))


class BulkForm(AdminForm):
    """Rooms floor by floor in one go: "floors 1–6, rooms 01–24, 4 beds each", numbered 101…624. The
    list below shows, as the numbers change, which rooms will be made and which exist (skipped)."""

    previewed = Signal()

    def __init__(self, ctx: AppContext, building: BuildingRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Create rooms in bulk"), parent)
        self.setObjectName("bulkForm")
        self.building = building
        self.result: BulkPreview | None = None
        self.preview_result: BulkPreview | None = None
        self.header.setText(_("Building {code} {name}: rooms are numbered floor and two digits (floor 3, room 7: "
                              "307).").format(code=building.code, name=building.name))
        self.floor_from = self.field("floor_from", _("From floor"), _spin(self, 1, building.floors, 1))
        self.floor_to = self.field("floor_to", _("To floor"), _spin(self, 1, building.floors, building.floors))
        self.room_from = self.field("room_from", _("First room on each floor"), _spin(self, 1, ca.MAX_ROOMS_PER_FLOOR, 1))
        self.room_to = self.field("room_to", _("Last room on each floor"), _spin(self, 1, ca.MAX_ROOMS_PER_FLOOR, 24))
        self.beds = self.field("beds", _("Beds in each room"), _spin(self, 1, ca.MAX_BEDS, 4))
        self.gender = self.field("gender", _("Gender"), _gender_box(self, building))
        self.summary = QLabel("", self)
        self.summary.setObjectName("bulkSummary")
        self.summary.setWordWrap(True)
        self.planned = _planned_list(self)
        self._tail.addWidget(self.summary)
        self._tail.addWidget(self.planned, 1)
        self._outer.setStretchFactor(self._tail, 10)     # the list takes the height, not the blank below
        self.ok.setText(_("Create"))
        self.setMinimumSize(640, 620)
        self._asked = 0
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview)
        for box in (self.floor_from, self.floor_to, self.room_from, self.room_to, self.beds):
            box.valueChanged.connect(lambda _v: self._timer.start())
        self.gender.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.preview()

    def plan(self) -> BulkPlan:
        return BulkPlan(self.building.id, self.floor_from.value(), self.floor_to.value(), self.room_from.value(),
                        self.room_to.value(), self.beds.value(), self.gender.currentData())

    def preview(self) -> None:
        """Ask what the plan would do now (the newest answer wins)."""
        self._timer.stop()
        self._asked += 1
        asked, plan, store = self._asked, self.plan(), self.ctx.store

        def shown(result: BulkPreview) -> None:
            if asked == self._asked and self.alive():
                self.clear_errors()
                self._show(result)

        def refused(exc: BaseException) -> None:
            if asked != self._asked or not self.alive():
                return
            self.clear_errors()
            self._show(None)
            if isinstance(exc, FieldInvalid) and exc.field in self.fields:
                self.show_field_error(exc.field, error_text(exc))
            else:
                self.show_error(error_text(exc))
            self.previewed.emit()

        run_task(lambda: plan.preview(store), shown, refused, owner=self)

    def _show(self, result: BulkPreview | None) -> None:
        self.preview_result = result
        if result is None:
            self.summary.setText("")
            self.planned.set_rows([])
            self.ok.setEnabled(False)
            return
        rows = [(p, True) for p in result.create]
        existing = set(result.existing)
        plan = self.plan()
        rows += [(ca.PlannedRoom(result.building_code, n, int(n[:-2]), plan.beds, plan.gender or ""), False)
                 for n in sorted(existing)]
        self.planned.set_rows(rows)
        self.summary.setText(_("Rooms to create: {n}. Already there (skipped): {m}.").format(
            n=len(result.create), m=len(result.existing)))
        self.ok.setEnabled(bool(result.create) and not self.busy)
        self.previewed.emit()

    def confirm(self) -> None:
        if self._timer.isActive():
            self.preview()
        plan, store, actor = self.plan(), self.ctx.store, self.ctx.actor
        self.run(lambda: plan.apply(store, actor), self._created)

    def _created(self, result: BulkPreview) -> None:
        self.result = result
        self.finish()


class LayoutImportDialog(CounterDialog):
    """The layout from an .xlsx or .csv file: read in the background, then what importing would do —
    buildings and rooms to create, rooms already there, and every row left out with its cell and
    why. Nothing is written until Import."""

    previewed = Signal()

    def __init__(self, ctx: AppContext, path: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Import the campus layout"), parent)
        self.setObjectName("layoutImport")
        self.path = path
        self.preview_result: LayoutPreview | None = None
        self.result: LayoutPreview | None = None
        self.header.setText(_("Reading {file}…").format(file=Path(path).name))
        self.summary = QLabel("", self)
        self.summary.setObjectName("layoutSummary")
        self.summary.setWordWrap(True)
        self.problems = AdminList([
            Col(_("Row"), lambda p: str(p.row), key=lambda p: p.row, value=lambda p: p.row),
            Col(_("Cell"), lambda p: p.cell),
            Col(_("Problem"), lambda p: tr_message(p.message)),
        ], self, name="layoutProblems", export_title=_("Layout problems"))
        self.problems.table.horizontalHeader().setStretchLastSection(True)
        self._tail.addWidget(self.summary)
        self._tail.addWidget(self.problems, 1)
        self._outer.setStretchFactor(self._tail, 10)
        self.ok.setText(_("Import"))
        self.ok.setEnabled(False)
        self.setMinimumSize(720, 520)
        store = ctx.store
        # Parsing a large workbook takes a while: on the CPU pool, so the writer queue stays free.
        self.load(lambda: ca.preview_layout(store, path), self._show, kind="cpu")

    def show_error(self, text: str | None) -> None:
        super().show_error(text)
        if text and self.preview_result is None:
            self.previewed.emit()      # reading the file failed: that is the preview's outcome

    def _show(self, preview: LayoutPreview) -> None:
        self.preview_result = preview
        self.header.setText(_("Layout from {file}").format(file=preview.file_name))
        lines = []
        for b in preview.new_buildings:
            lines.append(_("New building {code} {name}, floors: {floors}.").format(code=b.code, name=b.name,
                                                                                  floors=b.floors))
        lines.append(_("Rooms to create: {n}.").format(n=len(preview.create)))
        if preview.existing:
            lines.append(_("Rooms already there as the file says (skipped): {n}.").format(n=len(preview.existing)))
        if preview.problems:
            lines.append(_("Rows left out whole because of a problem (listed below): {n}. Correct them in the "
                           "file and import it again.").format(n=preview.rows_with_problems))
        else:
            lines.append(_("No problems found."))
        self.summary.setText("\n".join(lines))
        self.problems.set_rows(list(preview.problems))
        self.problems.setVisible(bool(preview.problems))
        self.ok.setEnabled(bool(preview.create or preview.new_buildings))
        self.previewed.emit()

    def confirm(self) -> None:
        preview = self.preview_result
        if preview is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.submit(lambda: ca.import_layout(store, actor, preview), self._imported)

    def _imported(self, result: LayoutPreview) -> None:
        self.result = result
        self.finish()


class DeleteForm(CounterDialog):
    """Asks before a delete; the service's refusal (rooms in use, history) shows here."""

    def __init__(self, ctx: AppContext, title: str, text: str, fn: Callable[[], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.setObjectName("deleteForm")
        self.fn = fn
        self.header.setText(text)
        self.ok.setText(_("Delete"))

    def confirm(self) -> None:
        self.submit(self.fn, lambda _r: self.finish())
