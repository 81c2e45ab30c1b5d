"""The Lines and meters page of the administration window (issue 10, item 5).

Above, the office's RS-485 lines (name, port, baud, parity, enabled, meters, who runs it now) with
Add line…, Edit…, Enable / Disable, Scan…, Change line speed…, Import meter map… and Decommission…; below, for the line
selected, its meters (address, kind, serial number, room, online) with Replace meter… and
Decommission meter… (ui.admin.meter_actions), and the line panel (ui.admin.line_panel) in a tab
beside them. The office's flow: add the line disabled, scan it, assign the meters to rooms, enable
it. Every store, port and bus call runs in a background task through app.metering.commissioning,
which enforces "bus.change" and "meter.assign"; the page follows `buses_changed` events (a window
or `serve` taking a line, another workstation's change).
"""
from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.metering import commissioning
from app.metering.commissioning import Assignment, LineRow
from ui.admin.forms import AdminForm
from ui.admin.lines_forms import LineForm, LineSpeedForm, MeterMapDialog, kind_names, parity_names
from ui.admin.scan_dialog import ScanDialog
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

log = logging.getLogger(__name__)
EVENT_DELAY_MS = 300


class DecommissionLineForm(AdminForm):
    """Confirm taking a line out of service (refused while it has active meters)."""

    def __init__(self, ctx: AppContext, row: LineRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Decommission line"), parent)
        self.setObjectName("decommissionLineForm")
        self.row = row
        self.deleted: bool | None = None
        self.header.setText(_("Take line {name} ({port}) out of service? A line without any meter history is "
                              "removed; one whose meters' history refers to it is kept, disabled.").format(
            name=row.bus.name, port=row.bus.port))
        self.header.setStyleSheet("")
        self.ok.setText(_("Decommission"))

    def confirm(self) -> None:
        store, actor, bus_id = self.ctx.store, self.ctx.actor, self.row.bus.id
        self.run(lambda: commissioning.decommission_line(store, actor, bus_id), self._done)

    def _done(self, deleted: bool) -> None:
        self.deleted = deleted
        self.finish()


class LinesPage(QWidget):
    loaded = Signal()
    meters_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("linesPage")
        self._select_id: int | None = None
        self._meters_for: int | None = None
        parities = parity_names()
        yes, no = _("Yes"), _("No")
        self.lines = AdminList([
            Col(_("Name"), lambda r: r.bus.name),
            Col(_("Port"), lambda r: r.bus.port),
            Col(_("Baud"), lambda r: str(r.bus.baud), key=lambda r: r.bus.baud, value=lambda r: r.bus.baud),
            Col(_("Parity"), lambda r: parities.get(r.bus.parity, r.bus.parity)),
            Col(_("Enabled"), lambda r: yes if r.bus.enabled else no, key=lambda r: r.bus.enabled),
            Col(_("Meters"), lambda r: _("{e} electricity, {w} water").format(e=r.bus.electricity, w=r.bus.water),
                key=lambda r: r.meters, value=lambda r: r.meters),
            Col(_("Run by"), lambda r: _("this window") if r.runner == ctx.origin else r.runner or _("nobody")),
        ], self, name="lines", export_title=_("Lines"))
        self.add_button = self.lines.add_button(_("Add line…"), "addLine", self.add)
        self.edit_button = self.lines.add_button(_("Edit…"), "editLine", self.edit)
        self.enable_button = self.lines.add_button(_("Enable"), "enableLine", self.toggle_enabled)
        self.scan_button = self.lines.add_button(_("Scan…"), "scanLine", self.scan)
        self.speed_button = self.lines.add_button(_("Change line speed…"), "changeLineSpeed", self.change_speed)
        self.import_button = self.lines.add_button(_("Import meter map…"), "importMeterMap", self.import_map)
        self.decommission_button = self.lines.add_button(_("Decommission…"), "decommissionLine",
                                                self.decommission)
        self.lines.activated.connect(lambda _row: self.edit())
        self.lines.selection_changed.connect(self._line_selected)

        kinds = kind_names()
        online, offline = _("Online"), _("Offline")
        self.meters = AdminList([
            Col(_("Address"), lambda m: str(m.address), key=lambda m: m.address, value=lambda m: m.address),
            Col(_("Kind"), lambda m: kinds.get(m.kind, m.kind)),
            Col(_("Serial number"), lambda m: m.serial_no),
            Col(_("Room"), lambda m: m.room_code or ""),
            Col(_("Online"), lambda m: online if m.online else offline, key=lambda m: m.online),
        ], self, name="meters", export_title=_("Meters"))
        self.replace_button = self.meters.add_button(_("Replace meter…"), "replaceMeter", self.replace_meter)
        self.decommission_meter_button = self.meters.add_button(_("Decommission meter…"), "decommissionMeter",
                                                      self.decommission_meter)
        self.meters.selection_changed.connect(self._update_buttons)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("lineTabs")
        self.tabs.addTab(self.meters, _("Meters"))
        self.panel = self._line_panel()
        self.tabs.addTab(self.panel, _("Line panel"))

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.lines)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EVENT_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.bridge.event.connect(self._on_event)
        self._update_buttons()

    def _line_panel(self) -> QWidget:
        # Another module (A6) draws the line panel; until it is there the tab says so.
        try:
            cls = importlib.import_module("ui.admin.line_panel").LinePanel
            return cls(self.ctx, self)
        except Exception:      # noqa: BLE001 — a missing or broken panel must not take the page down
            log.warning("the line panel is not available", exc_info=True)
            label = QLabel(_("The line panel is not available in this version."), self)
            label.setObjectName("linePanelPlaceholder")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            return label

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the lines again (the window calls this when the page is shown)."""
        store = self.ctx.store
        run_task(lambda: commissioning.line_rows(store), self._show, self._failed, owner=self)

    def _show(self, rows: list[LineRow]) -> None:
        current = self.lines.current()
        keep = self._select_id if self._select_id is not None else (current.bus.id if current else None)
        self._select_id = None
        self.lines.set_rows(rows)
        if keep is None or not self.lines.select_where(lambda r: r.bus.id == keep):
            if rows and keep is None:
                self.lines.select_where(lambda r: True)
        self._line_selected()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.lines.show_message(error_text(exc), error=True)

    def _on_event(self, event) -> None:
        if event.topic in ("buses_changed", "rooms_changed") and self.isVisible():
            self._timer.start()

    def _line_selected(self) -> None:
        row = self.lines.current()
        bus_id = row.bus.id if row is not None else None
        set_bus = getattr(self.panel, "set_bus", None)
        if callable(set_bus):
            set_bus(bus_id)
        self._update_buttons()
        self.reload_meters(bus_id)

    def reload_meters(self, bus_id: int | None) -> None:
        self._meters_for = bus_id
        if bus_id is None:
            self.meters.set_rows([])
            self._update_buttons()
            self.meters_loaded.emit()
            return
        store = self.ctx.store

        def show(rows: dict[int, Assignment]) -> None:
            if self._meters_for != bus_id:
                return          # another line was selected meanwhile
            self.meters.set_rows(sorted(rows.values(), key=lambda a: a.address))
            self._update_buttons()
            self.meters_loaded.emit()

        run_task(lambda: commissioning.assignments(store, bus_id), show,
                 lambda exc: self.meters.show_message(error_text(exc), error=True), owner=self)

    def _update_buttons(self) -> None:
        row = self.lines.current()
        for b in (self.edit_button, self.enable_button, self.scan_button, self.speed_button,
                  self.decommission_button):
            b.setEnabled(row is not None)
        self.enable_button.setText(_("Disable") if row is not None and row.bus.enabled else _("Enable"))
        meter = self.meters.current()
        self.replace_button.setEnabled(meter is not None)
        self.decommission_meter_button.setEnabled(meter is not None)

    # ----- actions ------------------------------------------------------------------------------

    def _open(self, form, done_message) -> None:
        def closed(result: int) -> None:
            if result:
                self.lines.show_message(done_message(form))
                self.refresh()
        form.finished.connect(closed)
        form.open()

    def add(self) -> LineForm:
        form = LineForm(self.ctx, None, self)

        def message(f: LineForm) -> str:
            self._select_id = f.saved_id
            return _("Line added. Scan it for meters, assign them to rooms, then enable it.")
        self._open(form, message)
        return form

    def edit(self) -> LineForm | None:
        row = self.lines.current()
        if row is None:
            return None
        form = LineForm(self.ctx, row, self)
        self._open(form, lambda f: _("Line {name} saved.").format(name=f.name.text() or row.bus.name))
        return form

    def toggle_enabled(self) -> None:
        row = self.lines.current()
        if row is None:
            return
        store, actor, bus_id, enable = self.ctx.store, self.ctx.actor, row.bus.id, not row.bus.enabled
        call = commissioning.enable_line if enable else commissioning.disable_line

        def done(_bus) -> None:
            self.lines.show_message(_("Line {name} enabled: a window or service will run it.").format(name=row.bus.name)
                                    if enable else _("Line {name} disabled.").format(name=row.bus.name))
            self.refresh()
        self.enable_button.setEnabled(False)
        run_task(lambda: call(store, actor, bus_id), done, self._failed_action, owner=self)

    def _failed_action(self, exc: BaseException) -> None:
        self._update_buttons()
        self._failed(exc)

    def scan(self) -> ScanDialog | None:
        row = self.lines.current()
        if row is None:
            return None
        dialog = ScanDialog(self.ctx, row, self)
        dialog.assigned.connect(lambda _n: self.refresh())
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog

    def change_speed(self) -> LineSpeedForm | None:
        """Change the selected line's baud rate, meters and all (the form says how)."""
        row = self.lines.current()
        if row is None:
            return None
        form = LineSpeedForm(self.ctx, row, self)

        def closed(_result: int) -> None:
            if form.result is not None:
                self.lines.show_message(tr_message(form.result.message), error=not form.result.changed)
            self.refresh()
        form.finished.connect(closed)
        form.open()
        return form

    def import_map(self, path: str | None = None) -> MeterMapDialog:
        dialog = MeterMapDialog(self.ctx, self, path)
        self._open(dialog, lambda d: _("{n} meters recorded from the map.").format(n=d.imported))
        return dialog

    def decommission(self) -> DecommissionLineForm | None:
        row = self.lines.current()
        if row is None:
            return None
        form = DecommissionLineForm(self.ctx, row, self)
        self._open(form, lambda f: (_("Line {name} removed.") if f.deleted else
                                    _("Line {name} taken out of service; it stays, disabled, for its meters' "
                                      "history.")).format(name=row.bus.name))
        return form

    def _meter_action(self, name: str) -> None:
        meter = self.meters.current()
        if meter is None:
            return
        try:
            action = getattr(importlib.import_module("ui.admin.meter_actions"), name)
        except (ImportError, AttributeError):
            log.warning("ui.admin.meter_actions.%s is not available", name, exc_info=True)
            self.meters.show_message(_("This action is not available in this version."), error=True)
            return
        bus_id = self._meters_for
        action(self, self.ctx, meter.kind, meter.meter_id, lambda: (self.refresh(), self.reload_meters(bus_id)))

    def replace_meter(self) -> None:
        self._meter_action("replace_meter")

    def decommission_meter(self) -> None:
        self._meter_action("decommission_meter")
