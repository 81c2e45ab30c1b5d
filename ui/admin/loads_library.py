"""The Library tab of the Malignant loads page: the signature library and whitelist in force — each
appliance with its verdict (block / allow), category, brand and model, scope (the campus, a building,
or one room: a certified medical device allowed in its room only reaches that room's meter), captures
and their spread — and the version it is. New…, Edit… (details and scope) and Delete each save the
next version of the library (`app.loads.store.save`, which refuses when someone saved in between);
Add from room events… adds a room's logged switch-ons (features, no waveform) to the selected
appliance (ui/admin/loads_events.py). Export library… writes the version in force to a file, Import library… makes a file the next version
whole, after asking (a file of a newer format is refused with the reason, nothing stored).

Every store and file call runs in a background task; `loaded` after each load.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.campus import campus_admin
from app.errors import FieldInvalid
from app.loads import store as library_store
from app.loads.library import Appliance, Library, LibraryError, Scope, ScopeLevel, Verdict
from app.loads.slots import boxes
from ui.admin.money_tab import ServiceForm
from ui.admin.power_assign import target_text
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.history_views import campus_time
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

VERDICTS = {Verdict.BLOCK: N_("Block"), Verdict.ALLOW: N_("Allow")}
FILE_FILTER = N_("Signature libraries (*.json)")


def verdict_label(verdict: Verdict) -> str:
    return _(VERDICTS[verdict])


def scope_text(scope: Scope) -> str:
    """"Campus", "Building B1", "Room B1-102" (as the power policies' assignments say it)."""
    return target_text(scope.level.value, scope.ref)


def room_combo(parent: QWidget, rooms: list[Any], name: str) -> QComboBox:
    """An editable list of room codes that completes what is typed anywhere in the code."""
    box = QComboBox(parent)
    box.setObjectName(name)
    box.setEditable(True)
    for r in rooms:
        box.addItem(r.code, r.id)
    box.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    box.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return box


def chosen_room(box: QComboBox) -> tuple[int | None, str]:
    """(room id or None when nothing listed matches, the code as listed or as typed)."""
    found = box.findText(box.currentText().strip(), Qt.MatchFlag.MatchFixedString)
    return (box.itemData(found), box.itemText(found)) if found >= 0 else (None, box.currentText().strip())


def text_area(parent: QWidget, labels: list[tuple[QLabel, int]], lines: int) -> QScrollArea:
    """Word-wrapped labels side by side (with their stretch) in a frameless area at least `lines` lines
    high that scrolls when the text is longer: a long text is never cut off, whatever the language."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    inner = QWidget(area)
    row = QHBoxLayout(inner)
    row.setContentsMargins(0, 0, 0, 0)
    for label, stretch in labels:
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        row.addWidget(label, stretch)
    area.setWidget(inner)
    area.viewport().setAutoFillBackground(False)      # the box's own background, not the viewport's
    inner.setAutoFillBackground(False)
    area.setMinimumHeight(parent.fontMetrics().lineSpacing() * lines + 6)
    return area


def open_wide(form: ServiceForm) -> None:
    """Open `form` at least as wide as its rows need: a dialog's fixed minimum width (CounterDialog's)
    otherwise wins over its layout, and rows get cut off."""
    form.setMinimumWidth(max(form.minimumWidth(), form.minimumSizeHint().width()))
    form.open()


def _range(values: list[int], scale: int, digits: int) -> str:
    lo, hi = min(values), max(values)
    if scale == 1:
        return str(lo) if lo == hi else f"{lo}–{hi}"
    a, b = f"{lo / scale:.{digits}f}", f"{hi / scale:.{digits}f}"
    return a if lo == hi else f"{a}–{b}"


def spread_text(app: Appliance) -> str:
    """The captures' spread in one line: "ΔP 1600–1680 W · PF 0.930 · THD 26.0–27.5 %"."""
    feats = [c.features for c in app.captures]
    if not feats:
        return _("no captures")
    return _("ΔP {dp} W · PF {pf} · THD {thd} %").format(
        dp=_range([f.dp for f in feats], 1, 0), pf=_range([f.pf for f in feats], 1000, 3),
        thd=_range([f.thd for f in feats], 10, 1))


def devices(app: Appliance) -> int:
    """Physical devices captured (captures without a device name count one each)."""
    named = {c.device for c in app.captures if c.device}
    return len(named) + sum(1 for c in app.captures if not c.device)


def details_text(app: Appliance) -> str:
    """What the details box says of one appliance: its captures feature by feature, and its slots."""
    feats = [c.features for c in app.captures]
    head = _("{name}: {verdict}, {scope}, priority {priority}.").format(
        name=app.name, verdict=verdict_label(app.verdict), scope=scope_text(app.scope), priority=app.priority)
    if not feats:
        lines = [head, _("No captures yet: the appliance gets no slot until one is captured.")]
    else:
        n_boxes = len(boxes(feats))
        lines = [head, _("{n} captures of {devices} devices: ΔP {dp} W, PF {pf}, I3/I1 {i3} %, I5/I1 {i5} %, "
                         "THD {thd} %.").format(
            n=len(feats), devices=devices(app), dp=_range([f.dp for f in feats], 1, 0),
            pf=_range([f.pf for f in feats], 1000, 3), i3=_range([f.i3 for f in feats], 10, 1),
            i5=_range([f.i5 for f in feats], 10, 1), thd=_range([f.thd for f in feats], 10, 1)),
                 _("The captures fit {n} slot(s) of a meter.").format(n=n_boxes)]
    if app.notes:
        lines.append(_("Notes: {notes}").format(notes=app.notes))
    return "\n".join(lines)


def _refuse(text: str, field: str):
    """A service call that refuses at once: a field's problem found on the GUI thread, shown under it."""
    def call() -> Any:
        raise FieldInvalid(text, field=field)
    return call


class LibraryTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("libraryTab")
        self.library: Library | None = None          # None until loaded; Library() when none was saved
        self.info: library_store.VersionInfo | None = None
        self.buildings: list[Any] = []
        self.rooms: list[Any] = []
        self.confirmation: QMessageBox | None = None
        self.version = QLabel("", self)
        self.version.setObjectName("libraryVersion")
        self.version.setStyleSheet("font-weight:bold;")
        self.version.setWordWrap(True)
        self.list = AdminList([
            Col(_("Appliance"), lambda a: a.name),
            Col(_("Verdict"), lambda a: verdict_label(a.verdict)),
            Col(_("Category"), lambda a: a.category),
            Col(_("Brand / model"), lambda a: a.brand_model),
            Col(_("Scope"), lambda a: scope_text(a.scope)),
            Col(_("Captures"), lambda a: str(len(a.captures)), key=lambda a: len(a.captures),
                value=lambda a: len(a.captures)),
            Col(_("Spread"), spread_text),
        ], self, name="appliances", export_title=_("Signature library"))
        may = ctx.actor.can("signature.manage")
        self.new_button = self.list.add_button(_("New…"), "newAppliance", lambda: self.edit(None))
        self.edit_button = self.list.add_button(_("Edit…"), "editAppliance", lambda: self.edit(self.list.current()))
        self.delete_button = self.list.add_button(_("Delete"), "deleteAppliance", self.ask_to_delete)
        self.events_button = self.list.add_button(_("Add from room events…"), "addFromEvents",
                                                  lambda: self.add_from_events(self.list.current()))
        self.export_file_button = self.list.add_button(_("Export library…"), "exportLibrary", self.export_dialog)
        self.import_button = self.list.add_button(_("Import library…"), "importLibrary", self.import_dialog)
        for b in (self.new_button, self.edit_button, self.delete_button, self.events_button, self.import_button):
            b.setProperty("needs", may)
        self.list.activated.connect(lambda row: self.edit(row) if may else None)
        self.list.selection_changed.connect(self._selected)
        box = QGroupBox(_("Captures"), self)
        self.details = QLabel(_("Select an appliance to see its captures."), box)
        self.details.setObjectName("applianceDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        QVBoxLayout(box).addWidget(text_area(box, [(self.details, 1)], 4))
        lay = QVBoxLayout(self)
        lay.addWidget(self.version)
        lay.addWidget(self.list, 1)
        lay.addWidget(box)
        self._selected()

    def _selected(self) -> None:
        row = self.list.current()
        ready = self.library is not None
        for b in (self.new_button, self.import_button):
            b.setEnabled(ready and b.property("needs"))
        for b in (self.edit_button, self.delete_button, self.events_button):
            b.setEnabled(row is not None and b.property("needs"))
        self.export_file_button.setEnabled(bool(self.info))
        self.details.setText(details_text(row) if row is not None else _("Select an appliance to see its captures."))

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def fetch() -> Any:
            with store.read() as s:
                lib, info = library_store.current_info(s)
            return lib, info, campus_admin.list_buildings(store), campus_admin.list_rooms(store)
        run_task(fetch, self._show, lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def _show(self, data: Any) -> None:
        lib, self.info, self.buildings, self.rooms = data
        self.library = lib if lib is not None else Library()
        if self.info is None:
            self.version.setText(_("No signature library has been saved yet: the meters' slots are not managed."))
        else:
            self.version.setText(_("Library version {version}: {n} appliances, saved {when} by {who}{note}").format(
                version=self.info.version, n=self.info.appliances, when=campus_time(self.info.saved_at),
                who=self.info.saved_by or _("the system"),
                note=_(" ({note})").format(note=self.info.note) if self.info.note else ""))
        chosen = self.list.current()
        self.list.set_rows(self.library.appliances)
        if chosen is not None:
            self.list.select_where(lambda a: a.ident == chosen.ident)
        self._selected()
        self.loaded.emit()

    # ----- changes: each saves the next version -------------------------------------------------

    def _save(self, new: Library, note: str, message: Callable[[int], str]) -> None:
        store, actor = self.ctx.store, self.ctx.actor

        def done(version: int) -> None:
            self.list.show_message(message(version))
            self.refresh()
        run_task(lambda: library_store.save(store, actor, new, note), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def edit(self, row: Appliance | None) -> ServiceForm | None:
        """The form of a new appliance (row None) or of `row`: details, verdict and scope."""
        if self.library is None:
            return None
        base = self.library
        store, actor = self.ctx.store, self.ctx.actor

        def call(_f: ServiceForm):
            name_ = name.text().strip()
            other = base.by_name(name_)
            if not name_:
                return _refuse(_("Give the appliance a name."), "name")
            if other is not None and (row is None or other.ident != row.ident):
                return _refuse(_("The library already has an appliance named “{name}”.").format(name=name_), "name")
            level = ScopeLevel(level_box.currentData())
            ref = ""
            if level is ScopeLevel.BUILDING:
                ref = building.currentText()
                if not ref:
                    return _refuse(_("There is no building to choose."), "building")
            elif level is ScopeLevel.ROOM:
                room_id, ref = chosen_room(room)
                if room_id is None:
                    return _refuse(_("There is no room “{room}”.").format(room=ref), "room")
            details = dict(verdict=Verdict(verdict.currentData()), category=category.text().strip(),
                           brand_model=brand.text().strip(), notes=notes.text().strip(), scope=Scope(level, ref),
                           priority=priority.value())
            try:
                if row is None:
                    new, _app = base.with_appliance(name_, **details)
                else:
                    new = base.with_details(row.ident, name=name_, **details)
            except LibraryError as exc:
                return _refuse(tr_message(str(exc)), "name")
            note = f"{'added' if row is None else 'changed'} “{name_}”"
            return lambda: library_store.save(store, actor, new, note)

        form = ServiceForm(self.ctx, _("New appliance") if row is None else _("Edit appliance"), self, call)
        form.setObjectName("applianceForm")
        form.header.setText(_("Each change saves the next version of the library; the meters take it at the next "
                              "push. A room's own entry goes only to that room's meter."))
        form.header.setStyleSheet("")
        name = QLineEdit(row.name if row else "", form)
        verdict = QComboBox(form)
        for v in Verdict:
            verdict.addItem(verdict_label(v), v.value)
        category = QLineEdit(row.category if row else "", form)
        category.setPlaceholderText(_("kettle, heater, medical device…"))
        brand = QLineEdit(row.brand_model if row else "", form)
        level_box = QComboBox(form)
        for lv in ScopeLevel:
            level_box.addItem(target_text(lv.value, ""), lv.value)
        building = QComboBox(form)
        for b in self.buildings:
            building.addItem(b.code, b.id)
        room = room_combo(form, self.rooms, "room")
        priority = QSpinBox(form)
        priority.setRange(-99, 99)
        notes = QLineEdit(row.notes if row else "", form)
        notes.setPlaceholderText(_("certificate number, who asked…"))
        if row is not None:
            verdict.setCurrentIndex(verdict.findData(row.verdict.value))
            level_box.setCurrentIndex(level_box.findData(row.scope.level.value))
            if row.scope.level is ScopeLevel.BUILDING:
                building.setCurrentIndex(max(0, building.findText(row.scope.ref)))
            elif row.scope.level is ScopeLevel.ROOM:
                room.setCurrentText(row.scope.ref)
            priority.setValue(row.priority)
        form.field("name", _("Name"), name)
        form.field("verdict", _("Verdict"), verdict)
        form.field("category", _("Category"), category)
        form.field("brand_model", _("Brand / model"), brand)
        form.field("scope", _("Applies to"), level_box)
        form.field("building", _("Building"), building)
        form.field("room", _("Room"), room)
        form.field("priority", _("Priority"), priority)
        form.field("notes", _("Notes"), notes)

        def shape() -> None:
            form.form.setRowVisible(building, level_box.currentData() == ScopeLevel.BUILDING.value)
            form.form.setRowVisible(room, level_box.currentData() == ScopeLevel.ROOM.value)
        level_box.currentIndexChanged.connect(lambda _i: shape())
        shape()

        def succeeded() -> None:
            self.list.show_message(_("Library version {version} saved: {name}.").format(
                version=form.result_, name=name.text().strip()))
            self.refresh()
        form.accepted.connect(succeeded)
        open_wide(form)
        return form

    def add_from_events(self, row: Appliance | None) -> ServiceForm | None:
        """Add from room events…: a room's logged switch-ons as captures of `row` (ui/admin/loads_events.py)."""
        from ui.admin.loads_events import add_from_events  # it builds on this module's helpers
        return add_from_events(self, row) if row is not None else None

    def ask_to_delete(self) -> QMessageBox | None:
        row = self.list.current()
        if row is None or self.library is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, _("Delete an appliance"),
                          _("Delete “{name}” from the library? The library becomes version {version}; the meters "
                            "lose its slots at the next push. Earlier versions are kept.").format(
                              name=row.name, version=self.library.version + 1),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmDelete")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.delete(row))
        box.finished.connect(lambda _r: box.deleteLater())
        self.confirmation = box
        box.open()
        return box

    def delete(self, row: Appliance) -> None:
        if self.library is None:
            return
        self._save(self.library.without(row.ident), f"deleted “{row.name}”",
                   lambda v: _("Library version {version} saved: {name} deleted.").format(version=v, name=row.name))

    # ----- files --------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export the signature library"), "signature-library.json",
                                                    _(FILE_FILTER))
        if path:
            self.export_file(path)

    def export_file(self, path: str) -> None:
        """Write the library in force to `path` in the background (a name without .json gets it)."""
        store, target = self.ctx.store, Path(path) if Path(path).suffix else Path(path).with_suffix(".json")

        def done(lib: Library) -> None:
            self.list.show_message(_("Library version {version} ({n} appliances) exported to {path}.").format(
                version=lib.version, n=len(lib.appliances), path=str(target)))
        run_task(lambda: library_store.export_file(store, target), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a signature library"), "", _(FILE_FILTER))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Read the library file at `path` (in the background), then ask before it replaces the library."""
        self.list.show_message(None)
        run_task(lambda: library_store.read_file(path), lambda lib: self.ask_to_import(lib, Path(path).name),
                 lambda exc: self.list.show_message(error_text(exc), error=True), kind="cpu", owner=self)

    def ask_to_import(self, incoming: Library, name: str) -> QMessageBox:
        now = self.library.version if self.library is not None else 0
        box = QMessageBox(QMessageBox.Icon.Question, _("Import a signature library"),
                          _("{file} holds {n} appliances. It becomes version {version} of the library, whole, in "
                            "place of the {old} appliances of version {now}; the meters take it at the next push. "
                            "Import it?").format(file=name, n=len(incoming.appliances), version=now + 1,
                                                 old=len(self.library.appliances) if self.library else 0, now=now),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmImport")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Import"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.import_library(incoming, name))
        box.finished.connect(lambda _r: box.deleteLater())
        self.confirmation = box
        box.open()
        return box

    def import_library(self, incoming: Library, name: str) -> None:
        store, actor = self.ctx.store, self.ctx.actor

        def done(version: int) -> None:
            self.list.show_message(_("{file} imported: the library is now version {version} with {n} appliances.")
                                   .format(file=name, version=version, n=len(incoming.appliances)))
            self.refresh()
        run_task(lambda: library_store.import_library(store, actor, incoming, f"imported {name}"[:255]), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)
