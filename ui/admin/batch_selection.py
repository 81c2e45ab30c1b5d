"""`SelectionBar`: the pickers a batch tab starts from — building, floor, college, class and "the rooms of
an import" — giving an `app.batch.selection.Selection`. Classes list those of the chosen college, each with how many of its
students are checked in now. `load()` reads the choices in the background and emits `loaded`;
`changed` says the selection changed.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.batch.choices import Choices, choices
from app.batch.selection import Selection
from ui.app_context import AppContext
from ui.i18n import _
from ui.tasks import run_task


class SelectionBar(QWidget):
    loaded = Signal()
    changed = Signal()
    failed = Signal(object)          # the exception

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, students: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("selectionBar")
        self.choices: Choices | None = None
        self.building = self._combo("building")
        self.floor = self._combo("floor")
        self.college = self._combo("college")
        self.class_name = self._combo("class")
        self.import_job = self._combo("import")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, box in ((_("Building"), self.building), (_("Floor"), self.floor)):
            row.addWidget(QLabel(label, self))
            row.addWidget(box)
        if students:
            for label, box in ((_("College"), self.college), (_("Class"), self.class_name)):
                row.addWidget(QLabel(label, self))
                row.addWidget(box, 1)
        else:
            self.college.hide()
            self.class_name.hide()
        row.addWidget(QLabel(_("Import"), self))
        row.addWidget(self.import_job, 1)
        row.addStretch(1)
        self.building.activated.connect(lambda _i: self._building_chosen())
        self.college.activated.connect(lambda _i: self._college_chosen())
        self.floor.activated.connect(lambda _i: self.changed.emit())
        self.class_name.activated.connect(lambda _i: self.changed.emit())
        self.import_job.activated.connect(lambda _i: self.changed.emit())

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(f"{name}Choice")
        box.setMinimumContentsLength(12)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        return box

    def load(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: choices(store, actor), self._loaded, self.failed.emit)

    def _loaded(self, found: Choices) -> None:
        self.choices = found
        keep = self.building.currentData(), self.college.currentData()
        self.building.clear()
        self.building.addItem(_("Every building"), None)
        for b in found.buildings:
            self.building.addItem(f"{b.code} {b.name}", b.code)
        self.college.clear()
        self.college.addItem(_("Every college ({n})").format(n=found.class_count(None)), None)
        for college in found.classes:
            self.college.addItem(f"{college} ({found.class_count(college)})", college)
        for box, value in zip((self.building, self.college), keep, strict=True):
            i = box.findData(value)
            box.setCurrentIndex(max(0, i))
        self._fill_floors()
        self._fill_classes()
        keep = self.import_job.currentData()
        self.import_job.clear()
        self.import_job.addItem(_("Any room"), None)
        for job in found.imports:
            self.import_job.addItem(_("Rooms of import {n}: {file}").format(n=job.id, file=job.file_name), job.id)
        self.import_job.setCurrentIndex(max(0, self.import_job.findData(keep)))
        self.loaded.emit()

    def _fill_floors(self) -> None:
        keep = self.floor.currentData()
        self.floor.clear()
        self.floor.addItem(_("Every floor"), None)
        code = self.building.currentData()
        floors = sorted({f for b in (self.choices.buildings if self.choices else ()) if code in (None, b.code)
                         for f in b.floors})
        for f in floors:
            self.floor.addItem(str(f), f)
        self.floor.setCurrentIndex(max(0, self.floor.findData(keep)))

    def _fill_classes(self) -> None:
        keep = self.class_name.currentData()
        self.class_name.clear()
        self.class_name.addItem(_("Every class"), None)
        college = self.college.currentData()
        classes = (self.choices.classes if self.choices else {})
        for c, n in sorted(((c, n) for col, cl in classes.items() if college in (None, col) for c, n in cl.items())):
            self.class_name.addItem(f"{c} ({n})", c)
        self.class_name.setCurrentIndex(max(0, self.class_name.findData(keep)))

    def _building_chosen(self) -> None:
        self._fill_floors()
        self.changed.emit()

    def _college_chosen(self) -> None:
        self._fill_classes()
        self.changed.emit()

    def choose(self, *, building: str | None = None, floor: int | None = None, college: str | None = None,
               class_name: str | None = None, import_job: int | None = None) -> None:
        """Set the pickers as a clerk would (tests, and "the rooms of an import")."""
        self.building.setCurrentIndex(max(0, self.building.findData(building)))
        self._fill_floors()
        self.floor.setCurrentIndex(max(0, self.floor.findData(floor)))
        self.college.setCurrentIndex(max(0, self.college.findData(college)))
        self._fill_classes()
        self.class_name.setCurrentIndex(max(0, self.class_name.findData(class_name)))
        self.import_job.setCurrentIndex(max(0, self.import_job.findData(import_job)))
        self.changed.emit()

    def selection(self) -> Selection:
        def one(box: QComboBox) -> tuple:
            value = box.currentData()
            return () if value is None else (value,)

        return Selection(buildings=one(self.building), floors=one(self.floor), colleges=one(self.college),
                         classes=one(self.class_name), import_job_id=self.import_job.currentData())
