"""The scan dialog of the Lines page: scan a line for meters with progress and Cancel, see what
answered beside what the store has there, and assign meters to rooms.

The scan (app.metering.commissioning.scan_line) runs in the background pool, never on the GUI
thread; its progress and each meter found come back through queued signals. Cancel stops it at the
next address; closing the dialog cancels it too. "Assign selected" records the ticked meters, each
in its own transaction (commissioning.assign_meter): a refused row says why in its own line and the
others are recorded.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import DormWattError
from app.metering import commissioning
from app.metering.commissioning import Assignment, LineRow, ScanResult
from drivers.scan import Found, parse_addresses
from ui.admin.lines_forms import OK_STYLE, kind_names
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

COLUMNS = 6
ADDRESS, KIND, SERIAL, FIRMWARE, STATE, ROOM = range(COLUMNS)


class _Relay(QObject):
    """Emitted on the scan's thread, delivered on the GUI thread (queued)."""

    progressed = Signal(int)
    found = Signal(object)


@dataclass
class ScanLine:
    """One row of the results: a device that answered (or a store meter that did not)."""

    address: int
    found: Found | None
    assigned: Assignment | None = None
    room: str = ""          # set once assigned from this dialog


class ScanDialog(QDialog):
    scan_finished = Signal()
    assigned = Signal(int)        # how many meters were assigned by one "Assign selected"

    def __init__(self, ctx: AppContext, line: LineRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line = line
        self.setObjectName("scanDialog")
        self.setWindowTitle(_("Scan line {name}").format(name=line.bus.name))
        self.setMinimumSize(860, 560)
        self.cancel_event: threading.Event | None = None
        self.lines: list[ScanLine] = []
        self.result: ScanResult | None = None
        self.rooms: dict[str, list[str]] = {}
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self._relay.found.connect(self._found)

        b = line.bus
        header = QLabel(_("Line {name} on {port}, {baud} baud 8{parity}1. A scan reads each address's identity; it "
                          "writes nothing to the meters.").format(name=b.name, port=b.port, baud=b.baud,
                                                                  parity=b.parity), self)
        header.setWordWrap(True)
        self.addresses = QLineEdit("1-247", self)
        self.addresses.setObjectName("scanAddresses")
        self.addresses.setToolTip(_("For example 1-247, or 1-64,101-116"))
        self.address_error = QLabel("", self)
        self.address_error.setStyleSheet(ERROR_STYLE)
        self.address_error.hide()
        form = QFormLayout()
        form.addRow(_("Addresses"), self.addresses)
        form.addRow("", self.address_error)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("scanProgress")
        self.progress.setRange(0, 247)
        self.progress.setValue(0)
        self.progress.setFormat(_("%v of %m addresses"))
        self.status = QLabel("", self)
        self.status.setObjectName("scanStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("scanResults")
        self.table.setHorizontalHeaderLabels([_("Address"), _("Kind"), _("Serial number"), _("Firmware"),
                                              _("In the store / problem"), _("Assign to room")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        head.setMinimumSectionSize(60)

        self.buttons = QDialogButtonBox(self)
        self.start_button = self._button(_("Start scan"), "startScan", self.start)
        self.cancel_button = self._button(_("Cancel scan"), "cancelScan", self.cancel)
        self.cancel_button.setEnabled(False)
        self.assign_button = self._button(_("Assign selected"), "assignSelected", self.assign_selected)
        self.assign_button.setEnabled(False)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(header)
        lay.addLayout(form)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.buttons)
        store = ctx.store
        run_task(lambda: commissioning.rooms_without_meter(store), self._rooms, owner=self)

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _rooms(self, rooms: dict[str, list[str]]) -> None:
        self.rooms = rooms
        for row, line in enumerate(self.lines):
            self._room_picker(row, line)

    # ----- scanning ---------------------------------------------------------------------------

    @property
    def scanning(self) -> bool:
        return self.cancel_event is not None

    def start(self) -> None:
        if self.scanning:
            return
        try:
            wanted = parse_addresses(self.addresses.text())
        except ValueError:
            self.address_error.setText(_("Give addresses from 1 to 247, like 1-247 or 1-64,101-116."))
            self.address_error.show()
            return
        self.address_error.hide()
        self.lines.clear()
        self.table.setRowCount(0)
        self.result = None
        self.progress.setRange(0, len(wanted))
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText(_("Scanning {n} addresses…").format(n=len(wanted)))
        self.cancel_event = cancel = threading.Event()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.assign_button.setEnabled(False)
        self.addresses.setEnabled(False)
        store, actor, bus_id, relay = self.ctx.store, self.ctx.actor, self.line.bus.id, self._relay
        self._wanted = wanted

        def job() -> ScanResult:
            return commissioning.scan_line(store, actor, bus_id, addresses=wanted, on_progress=relay.progressed.emit,
                                           on_found=relay.found.emit, cancel=cancel)

        run_task(job, self._done, self._failed, kind="cpu", owner=self)

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(_("Stopping the scan…"))

    def _progressed(self, address: int) -> None:
        self.progress.setValue(self.progress.value() + 1)
        self.progress.setToolTip(_("Last address probed: {address}").format(address=address))

    def _found(self, hit: Found) -> None:
        self._add_line(ScanLine(hit.address, hit))

    def _finish_scan(self) -> None:
        self.cancel_event = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.addresses.setEnabled(True)

    def _done(self, result: ScanResult) -> None:
        self._finish_scan()
        self.result = result
        # the rows as found, with what the store has there; then the store's meters that were silent
        self.lines.clear()
        self.table.setRowCount(0)
        for hit in result.found:
            self._add_line(ScanLine(hit.address, hit, result.assigned.get(hit.address)))
        for silent in result.silent_assigned:
            self._add_line(ScanLine(silent.address, None, silent))
        answered = len(result.found)
        if result.cancelled:
            text = _("Scan cancelled after {probed} of {total} addresses: {n} answered.").format(
                probed=len(result.probed), total=len(self._wanted), n=answered)
        else:
            text = _("Scan finished: {n} of {total} addresses answered.").format(n=answered, total=len(self._wanted))
        self.status.setStyleSheet("")
        self.status.setText(text)
        self.assign_button.setEnabled(any(self._assignable(line) for line in self.lines))
        self.scan_finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._finish_scan()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error_text(exc))
        self.scan_finished.emit()

    def reject(self) -> None:
        self.cancel()       # closing stops a running scan at its next address
        super().reject()

    # ----- the rows -----------------------------------------------------------------------------

    @staticmethod
    def _assignable(line: ScanLine) -> bool:
        return line.found is not None and line.found.kind is not None and line.assigned is None and not line.room

    def _add_line(self, line: ScanLine) -> None:
        row = self.table.rowCount()
        self.lines.append(line)
        self.table.insertRow(row)
        kinds = kind_names()
        hit = line.found
        address = QTableWidgetItem(str(line.address))
        address.setData(Qt.ItemDataRole.UserRole, line.address)
        if self._assignable(line):
            address.setFlags(address.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            address.setCheckState(Qt.CheckState.Unchecked)
        kind = hit.kind if hit is not None else (line.assigned.kind if line.assigned else None)
        cells = [address, QTableWidgetItem(kinds.get(kind or "", hit.model if hit else "")),
                 QTableWidgetItem("" if hit is None or hit.serial_number is None else str(hit.serial_number)),
                 QTableWidgetItem(hit.firmware if hit else ""), QTableWidgetItem(self._state(line))]
        for col, item in enumerate(cells):
            self.table.setItem(row, col, item)
        if hit is None or hit.problem or (line.assigned and hit and line.assigned.kind != hit.kind):
            cells[STATE].setForeground(Qt.GlobalColor.darkRed)
        self._room_picker(row, line)

    def _state(self, line: ScanLine) -> str:
        hit, a = line.found, line.assigned
        if line.room:
            return _("Assigned to {room}").format(room=line.room)
        if hit is None and a is not None:
            return _("No answer; the store has it in {room}").format(room=a.room_code or _("no room"))
        if hit is not None and hit.problem:
            return tr_message(hit.problem)
        if a is None:
            return _("Not assigned")
        if hit is not None and a.kind != hit.kind:
            return _("The store has a {kind} at this address ({room})").format(
                kind=kind_names()[a.kind], room=a.room_code or _("no room"))
        return _("Assigned to {room}").format(room=a.room_code or _("no room"))

    def _room_picker(self, row: int, line: ScanLine) -> None:
        if not self._assignable(line) or line.found is None:
            self.table.removeCellWidget(row, ROOM)
            return
        box = self.table.cellWidget(row, ROOM)
        if not isinstance(box, QComboBox):
            box = QComboBox(self.table)
            box.setObjectName(f"room{line.address}")
            box.setEditable(True)
            box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            box.setMinimumContentsLength(10)
            self.table.setCellWidget(row, ROOM, box)
            box.currentTextChanged.connect(lambda text, r=row: self._room_typed(r, text))
        typed = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem("")
        box.addItems(self.rooms.get(line.found.kind or "", []))
        box.setEditText(typed)
        box.blockSignals(False)

    def _room_typed(self, row: int, text: str) -> None:
        item = self.table.item(row, ADDRESS)
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsUserCheckable and text.strip():
            item.setCheckState(Qt.CheckState.Checked)

    def choose_room(self, address: int, room: str) -> None:
        """Pick `room` for the meter at `address` (ticks it)."""
        for row, line in enumerate(self.lines):
            if line.address == address and line.found is not None:
                box = self.table.cellWidget(row, ROOM)
                if isinstance(box, QComboBox):
                    box.setCurrentText(room)

    # ----- assigning ----------------------------------------------------------------------------

    def assign_selected(self) -> None:
        chosen: list[tuple[int, int, str, str, str]] = []
        for row, line in enumerate(self.lines):
            item, box = self.table.item(row, ADDRESS), self.table.cellWidget(row, ROOM)
            if (item is None or not self._assignable(line) or item.checkState() != Qt.CheckState.Checked
                    or not isinstance(box, QComboBox) or line.found is None):
                continue
            hit = line.found
            chosen.append((row, hit.address, hit.kind or "", box.currentText().strip(),
                           "" if hit.serial_number is None else str(hit.serial_number)))
        if not chosen:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(_("Tick the meters to assign and choose a room for each."))
            return
        store, actor, bus_id = self.ctx.store, self.ctx.actor, self.line.bus.id

        def job() -> list[tuple[int, str, str | None]]:
            out = []
            for row, address, kind, room, serial in chosen:
                try:
                    commissioning.assign_meter(store, actor, bus_id=bus_id, address=address, room_code=room,
                                               kind=kind, serial_no=serial)
                    out.append((row, room.upper(), None))
                except DormWattError as exc:
                    out.append((row, room, error_text(exc)))
            return out

        self.assign_button.setEnabled(False)
        run_task(job, self._assigned, self._assign_failed, owner=self)

    def _assigned(self, outcome: list[tuple[int, str, str | None]]) -> None:
        done = 0
        for row, room, problem in outcome:
            line = self.lines[row]
            state = self.table.item(row, STATE)
            if problem is None:
                line.room = room
                done += 1
                self.table.item(row, ADDRESS).setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.item(row, ADDRESS).setData(Qt.ItemDataRole.CheckStateRole, None)
                state.setText(self._state(line))
                state.setForeground(Qt.GlobalColor.darkGreen)
                self._room_picker(row, line)
            else:
                state.setText(problem)
                state.setForeground(Qt.GlobalColor.darkRed)
        refused = len(outcome) - done
        self.status.setStyleSheet(OK_STYLE if not refused else ERROR_STYLE)
        self.status.setText(_("{n} meters assigned.").format(n=done) if not refused else
                            _("{n} meters assigned; {bad} refused (the reason is in their row).").format(
                                n=done, bad=refused))
        self.assign_button.setEnabled(any(self._assignable(line) for line in self.lines))
        if done:
            self.assigned.emit(done)
        store = self.ctx.store
        run_task(lambda: commissioning.rooms_without_meter(store), self._rooms, owner=self)

    def _assign_failed(self, exc: BaseException) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(error_text(exc))
        self.assign_button.setEnabled(True)
