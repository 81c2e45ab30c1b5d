"""The Buildings and rooms page of the administration window.

Above, the buildings (code, name, who lives there, floors, rooms, beds, beds in use) with Add, Edit,
Delete and "Import layout from Excel…"; below, the rooms of the chosen building (beds, in use,
gender, meters assigned) with Add, Edit, Delete and "Bulk create rooms…". Both lists sort, filter
and export to .xlsx. Every read and write runs in a background task through
app.campus.campus_admin, which enforces "campus.edit" and audits; after a change both lists reload.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QSplitter, QVBoxLayout, QWidget

from app.campus import campus_admin as ca
from app.campus.campus_admin import BuildingRow, RoomRow
from ui.admin.campus_forms import (
    BuildingForm,
    BulkForm,
    DeleteForm,
    LayoutImportDialog,
    RoomForm,
    gender_label,
    policy_label,
)
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, error_text
from ui.i18n import _
from ui.tasks import run_task


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


class CampusPage(QWidget):
    loaded = Signal()          # both lists were read (again)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("campusPage")
        self._building_id: int | None = None     # the building whose rooms are shown
        self._select_room: int | None = None
        self._asked = 0
        self.buildings = AdminList([
            Col(_("Building code"), lambda b: b.code),
            Col(_("Building name"), lambda b: b.name),
            Col(_("Who lives there"), lambda b: policy_label(b.gender_policy)),
            Col(_("Floors"), lambda b: str(b.floors), key=lambda b: b.floors, value=lambda b: b.floors),
            Col(_("Rooms"), lambda b: str(b.rooms), key=lambda b: b.rooms, value=lambda b: b.rooms),
            Col(_("Beds"), lambda b: str(b.beds), key=lambda b: b.beds, value=lambda b: b.beds),
            Col(_("In use"), lambda b: str(b.occupied), key=lambda b: b.occupied, value=lambda b: b.occupied),
        ], self, name="buildings", export_title=_("Buildings"))
        self.rooms = AdminList([
            Col(_("Room"), lambda r: r.code, key=lambda r: (r.floor, len(r.number), r.number)),
            Col(_("Floor"), lambda r: str(r.floor), key=lambda r: r.floor, value=lambda r: r.floor),
            Col(_("Beds"), lambda r: str(r.beds), key=lambda r: r.beds, value=lambda r: r.beds),
            Col(_("In use"), lambda r: str(r.in_use), key=lambda r: r.in_use, value=lambda r: r.in_use),
            Col(_("Gender"), lambda r: gender_label(r.gender)),
            Col(_("Electricity meter"), lambda r: _yes(r.electricity_meter)),
            Col(_("Water meter"), lambda r: _yes(r.water_meter)),
        ], self, name="rooms", export_title=_("Room list"))
        self.add_building_button = self.buildings.add_button(_("Add building…"), "addBuilding", self.add_building)
        self.edit_building_button = self.buildings.add_button(_("Edit building…"), "editBuilding", self.edit_building)
        self.delete_building_button = self.buildings.add_button(_("Delete building…"), "deleteBuilding",
                                                   self.delete_building)
        self.import_button = self.buildings.add_button(_("Import layout from Excel…"), "importLayout",
                                          self.import_dialog)
        self.rooms_title = QLabel("", self)
        self.rooms_title.setObjectName("roomsTitle")
        self.rooms_title.setStyleSheet("font-weight:bold;")
        self.rooms.tools.addWidget(self.rooms_title)
        self.add_room_button = self.rooms.add_button(_("Add room…"), "addRoom", self.add_room)
        self.edit_room_button = self.rooms.add_button(_("Edit room…"), "editRoom", self.edit_room)
        self.delete_room_button = self.rooms.add_button(_("Delete room…"), "deleteRoom", self.delete_room)
        self.bulk_button = self.rooms.add_button(_("Bulk create rooms…"), "bulkRooms", self.bulk)
        self.buildings.selection_changed.connect(self._building_chosen)
        self.buildings.activated.connect(lambda _b: self.edit_building())
        self.rooms.selection_changed.connect(self._update_buttons)
        self.rooms.activated.connect(lambda _r: self.edit_room())
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.buildings)
        split.addWidget(self.rooms)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(split)
        self._update_buttons()

    # ----- loading ------------------------------------------------------------------------------

    def building(self) -> BuildingRow | None:
        """The building whose rooms are shown."""
        return next((b for b in self.buildings.rows() if b.id == self._building_id), None)

    def refresh(self) -> None:
        """Read both lists again (the window calls this each time the page is shown)."""
        store = self.ctx.store
        self._asked += 1
        asked, wanted = self._asked, self._building_id

        def read():
            buildings = ca.list_buildings(store)
            chosen = wanted if any(b.id == wanted for b in buildings) else (buildings[0].id if buildings else None)
            return buildings, chosen, (ca.list_rooms(store, chosen) if chosen is not None else [])

        run_task(read, lambda res: self._show(asked, *res), self._failed, owner=self)

    def _show(self, asked: int, buildings: list[BuildingRow], chosen: int | None, rooms: list[RoomRow]) -> None:
        if asked != self._asked:
            return
        self._building_id = chosen
        self.buildings.blockSignals(True)
        self.buildings.set_rows(buildings)
        if chosen is not None:
            self.buildings.select_where(lambda b: b.id == chosen)
        self.buildings.blockSignals(False)
        self.rooms.set_rows(rooms)
        shown = self.building()
        self.rooms_title.setText(_("Rooms of {code} {name}").format(code=shown.code, name=shown.name)
                                 if shown is not None else _("No building yet: add one or import a layout."))
        if self._select_room is not None:
            rid, self._select_room = self._select_room, None
            self.rooms.select_where(lambda r: r.id == rid)
        self._update_buttons()
        self.loaded.emit()

    def _building_chosen(self) -> None:
        row = self.buildings.current()
        if row is None or row.id == self._building_id:
            self._update_buttons()
            return
        self._building_id = row.id
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.buildings.show_message(error_text(exc), error=True)

    def _update_buttons(self) -> None:
        has_building = self.building() is not None
        self.edit_building_button.setEnabled(has_building)
        self.delete_building_button.setEnabled(has_building)
        self.add_room_button.setEnabled(has_building)
        self.bulk_button.setEnabled(has_building)
        room = self.rooms.current()
        self.edit_room_button.setEnabled(room is not None)
        self.delete_room_button.setEnabled(room is not None)

    # ----- actions ------------------------------------------------------------------------------

    def _open(self, form: CounterDialog, message: Callable[[], str], where: AdminList) -> CounterDialog:
        def closed(result: int) -> None:
            if result:
                where.show_message(message())
                self.refresh()
        form.finished.connect(closed)
        form.open()
        return form

    def add_building(self) -> BuildingForm:
        form = BuildingForm(self.ctx, None, self)

        def chosen() -> str:
            self._building_id = form.saved_id
            return _("Building {code} is added.").format(code=form.code.text().strip().upper())
        return self._open(form, chosen, self.buildings)

    def edit_building(self) -> BuildingForm | None:
        row = self.building()
        if row is None:
            return None
        form = BuildingForm(self.ctx, row, self)
        return self._open(form, lambda: _("Building {code} is saved.").format(code=form.code.text().strip().upper()),
                          self.buildings)

    def delete_building(self) -> DeleteForm | None:
        row = self.building()
        if row is None:
            return None
        store, actor, bid = self.ctx.store, self.ctx.actor, row.id
        form = DeleteForm(self.ctx, _("Delete building"), _(
            "Delete building {code} {name} with its {rooms} rooms and their beds? A building whose rooms have "
            "students or history cannot be deleted.").format(code=row.code, name=row.name, rooms=row.rooms),
            lambda: ca.delete_building(store, actor, bid), self)
        form.finished.connect(lambda result: result and setattr(self, "_building_id", None))
        return self._open(form, lambda: _("Building {code} is deleted.").format(code=row.code), self.buildings)

    def add_room(self) -> RoomForm | None:
        building = self.building()
        if building is None:
            return None
        form = RoomForm(self.ctx, building, None, self)
        form.finished.connect(lambda result: result and setattr(self, "_select_room", form.saved_id))
        return self._open(form, lambda: _("Room {code}-{number} is added.").format(
            code=building.code, number=form.number.text().strip().upper()), self.rooms)

    def edit_room(self) -> RoomForm | None:
        building, row = self.building(), self.rooms.current()
        if building is None or row is None:
            return None
        form = RoomForm(self.ctx, building, row, self)
        self._select_room = row.id
        return self._open(form, lambda: _("Room {code}-{number} is saved.").format(
            code=building.code, number=form.number.text().strip().upper()), self.rooms)

    def delete_room(self) -> DeleteForm | None:
        row = self.rooms.current()
        if row is None:
            return None
        store, actor, rid = self.ctx.store, self.ctx.actor, row.id
        form = DeleteForm(self.ctx, _("Delete room"), _(
            "Delete room {room} and its {beds} beds? A room with students or history cannot be deleted.").format(
            room=row.code, beds=row.beds), lambda: ca.delete_room(store, actor, rid), self)
        return self._open(form, lambda: _("Room {room} is deleted.").format(room=row.code), self.rooms)

    def bulk(self) -> BulkForm | None:
        building = self.building()
        if building is None:
            return None
        form = BulkForm(self.ctx, building, self)

        def message() -> str:
            made = form.result
            n = len(made.create) if made is not None else 0
            skipped = len(made.existing) if made is not None else 0
            return _("Rooms created in {code}: {n}. Already there (skipped): {m}.").format(
                n=n, code=building.code, m=skipped)
        return self._open(form, message, self.rooms)

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import the campus layout"), "",
                                                    _("Spreadsheets (*.xlsx *.csv)"))
        if path:
            self.import_layout(path)

    def import_layout(self, path: str) -> LayoutImportDialog:
        """Preview `path` in a dialog; Import there writes it."""
        dialog = LayoutImportDialog(self.ctx, path, self)

        def message() -> str:
            done = dialog.result
            return _("Imported from {file}. Buildings created: {buildings}. Rooms created: {rooms}.").format(
                file=done.file_name if done else "", buildings=len(done.new_buildings) if done else 0,
                rooms=len(done.create) if done else 0)
        return self._open(dialog, message, self.buildings)
