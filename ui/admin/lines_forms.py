"""The forms of the Lines page: add or edit a line (with the port picker and "Test connection"), import
the meter–room map from a spreadsheet (a preview of every row first, then one transaction), and change
a line's speed (app.metering.line_speed, in a background task with progress, Stop and the outcome of
each meter).

The port picker lists the machine's serial ports under their stable names (commissioning.serial_ports,
read in the background) and takes a typed gateway URL (socket://HOST:PORT) as well. Saving a new or
moved port opens it first (commissioning's `test_port`): a port that cannot be opened, or that
another program holds, is refused under the port field and nothing is written.
"""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.errors import FieldInvalid
from app.metering import commissioning, line_speed
from app.metering.commissioning import BAUDS, PARITIES, LineRow, MeterMap
from app.metering.line_speed import SpeedChange, SpeedCheckFailed, Step
from ui.admin.forms import AdminForm
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

OK_STYLE = "color:#1a7f37;"


def parity_names() -> dict[str, str]:
    names = {"N": _("None (N)"), "E": _("Even (E)"), "O": _("Odd (O)")}
    return {code: names[code] for code in PARITIES}


def kind_names() -> dict[str, str]:
    return {"ddsy": _("Electricity (DDSY)"), "lxsy": _("Water (LXSY)")}


class LineForm(AdminForm):
    """Add a line (`row` None) or edit one: name, port, baud, parity (and, when adding, enabled)."""

    ports_loaded = Signal()
    tested = Signal(bool)

    def __init__(self, ctx: AppContext, row: LineRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add a line") if row is None else _("Edit line"), parent)
        self.setObjectName("lineForm")
        self.setMinimumWidth(620)
        self.row = row
        self.saved_id: int | None = None
        self.name = self.field("name", _("Name"), QLineEdit(self))
        self.name.setMaxLength(64)
        self.name.setPlaceholderText(_("Leave empty for the next free RS485-NN"))
        self.port = self.field("port", _("Port or gateway"), QComboBox(self))
        self.port.setEditable(True)
        self.port.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.port.lineEdit().setPlaceholderText(_("/dev/serial/by-id/…, COM3 or socket://192.168.1.50:4196"))
        self.port.activated.connect(self._port_chosen)
        self.baud = self.field("baud", _("Baud rate"), QComboBox(self))
        for baud in BAUDS:
            self.baud.addItem(str(baud), baud)
        self.parity = self.field("parity", _("Parity"), QComboBox(self))
        for code, label in parity_names().items():
            self.parity.addItem(label, code)
        self.enabled = QCheckBox(_("Enable the line now (leave it off to scan and assign meters first)"), self)
        self.enabled.setObjectName("enabled")
        if row is None:
            self.field("enabled", "", self.enabled)
        self.test_button = QPushButton(_("Test connection"), self)
        self.test_button.setObjectName("testConnection")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.test)
        self.test_result = QLabel("", self)
        self.test_result.setObjectName("testResult")
        self.test_result.setWordWrap(True)
        button_row = QWidget(self)
        lay = QHBoxLayout(button_row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.test_button)
        lay.addStretch(1)
        self.add_row("", button_row)
        self.form.addRow("", self.test_result)
        if row is not None:
            b = row.bus
            self.header.setText(_("Line {name}").format(name=b.name))
            self.name.setText(b.name)
            self.port.setEditText(b.port)
            self.baud.setCurrentIndex(max(0, self.baud.findData(b.baud)))
            self.parity.setCurrentIndex(max(0, self.parity.findData(b.parity)))
        else:
            self.header.setText(_("A line is one RS-485 port of this computer, or a gateway on the network."))
            self.header.setStyleSheet("")
            self.port.setEditText("")
            self.baud.setCurrentIndex(self.baud.findData(9600))
        self.load(commissioning.serial_ports, self._ports, kind="cpu")

    def _ports(self, found: list) -> None:
        typed = self.port.currentText()
        self.port.clear()
        for info in found:
            self.port.addItem(info.label, info.name)
        self.port.setEditText(typed if typed or not found else "")
        self.port.setToolTip(_("{n} serial ports on this computer").format(n=len(found)))
        self.ports_loaded.emit()

    def _port_chosen(self, index: int) -> None:
        name = self.port.itemData(index)
        if name:
            self.port.setEditText(name)

    def port_text(self) -> str:
        """The port as it will be stored: a listed port's stable name, or what was typed."""
        text = self.port.currentText().strip()
        for i in range(self.port.count()):
            if text == self.port.itemText(i):
                return self.port.itemData(i)
        return text

    def test(self) -> None:
        url, baud, parity = self.port_text(), self.baud.currentData(), self.parity.currentData()
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(_("Opening {port}…").format(port=url))

        def done(_none: None) -> None:
            self.test_button.setEnabled(True)
            self.show_test_result(_("The gateway {port} accepted a connection.").format(port=url) if "://" in url
                                  else _("The port {port} opened at {baud} baud, 8{parity}1.").format(
                                      port=url, baud=baud, parity=parity), ok=True)
            self.tested.emit(True)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self.show_test_result(error_text(exc), ok=False)
            self.tested.emit(False)

        run_task(lambda: commissioning.try_port(url, baud, parity), lambda r: self.alive() and done(r),
                 lambda e: self.alive() and failed(e), kind="cpu")

    def show_test_result(self, text: str, *, ok: bool) -> None:
        self.test_result.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)
        self.test_result.setText(text)
        self.adjustSize()      # a long sentence wraps: the dialog grows to show all of it

    def confirm(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        name = self.name.text().strip()
        values = {"port": self.port_text(), "baud": self.baud.currentData(), "parity": self.parity.currentData()}
        if self.row is None:
            enabled = self.enabled.isChecked()
            self.run(lambda: commissioning.add_bus(store, actor, name=name or None, enabled=enabled, test_port=True,
                                                   **values), self._saved)
        else:
            bus_id = self.row.bus.id
            self.run(lambda: commissioning.change_bus(store, actor, bus_id, name=name or None, test_port=True,
                                                      **values).id, self._saved)

    def _saved(self, bus_id: int) -> None:
        self.saved_id = bus_id
        self.finish()


class MeterMapDialog(AdminForm):
    """Import the meter–room map: choose the file, see every row (to record, or its problem), import."""

    previewed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | None = None) -> None:
        super().__init__(ctx, _("Import the meter–room map"), parent)
        self.setObjectName("meterMapDialog")
        self.setMinimumSize(760, 480)
        self.path = path or ""
        self.preview: MeterMap | None = None
        self.imported = 0
        self.header.setText(_("An .xlsx or .csv file with the columns line (name or port), address, kind "
                              "(ddsy or lxsy), room (e.g. B1-101) and, if known, serial number."))
        self.header.setStyleSheet("")
        chooser = QWidget(self)
        lay = QHBoxLayout(chooser)
        lay.setContentsMargins(0, 0, 0, 0)
        self.file = QLineEdit(chooser)
        self.file.setObjectName("mapFile")
        self.file.setReadOnly(True)
        browse = QPushButton(_("Choose file…"), chooser)
        browse.setObjectName("chooseMapFile")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.choose)
        lay.addWidget(self.file, 1)
        lay.addWidget(browse)
        self.field("path", _("File"), chooser)
        kinds = kind_names()
        self.rows = AdminList([
            Col(_("Row"), lambda r: str(r.row), key=lambda r: r.row, value=lambda r: r.row),
            Col(_("Line"), lambda r: getattr(r, "line", "")),
            Col(_("Address"), lambda r: str(getattr(r, "address", "")), key=lambda r: getattr(r, "address", 0)),
            Col(_("Kind"), lambda r: kinds.get(getattr(r, "kind", ""), "")),
            Col(_("Room"), lambda r: getattr(r, "room_code", "")),
            Col(_("Serial number"), lambda r: getattr(r, "serial_no", "")),
            Col(_("Problem"), lambda r: _cell_problem(r)),
        ], self, name="mapRows", export_title=_("Meter map"))
        self._tail.addWidget(self.rows, 1)
        self.summary = QLabel("", self)
        self.summary.setObjectName("mapSummary")
        self.summary.setWordWrap(True)
        self._tail.addWidget(self.summary)
        self.ok.setText(_("Import"))
        self.ok.setEnabled(False)
        if self.path:
            self.read(self.path)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Meter–room map"), "",
                                                    _("Tables (*.xlsx *.csv)"))
        if path:
            self.read(path)

    def read(self, path: str) -> None:
        """Preview the map at `path` (in the background)."""
        self.path = path
        self.file.setText(path)
        self.ok.setEnabled(False)
        self.clear_errors()
        store, actor = self.ctx.store, self.ctx.actor
        self.load(lambda: commissioning.preview_meter_map(store, actor, path), self._previewed, kind="cpu")

    def _previewed(self, preview: MeterMap) -> None:
        self.preview = preview
        self.rows.set_rows(sorted([*preview.rows, *preview.problems], key=lambda r: r.row))
        if preview.problems:
            self.summary.setStyleSheet(ERROR_STYLE)
            self.summary.setText(_("{bad} rows have a problem: fix them in the file and choose it again. Nothing is "
                                   "imported while one row is wrong.").format(bad=len(preview.problems)))
        else:
            self.summary.setStyleSheet(OK_STYLE)
            self.summary.setText(_("{n} meters will be recorded.").format(n=len(preview.rows)))
        self.ok.setEnabled(bool(preview.rows) and not preview.problems)
        self.previewed.emit()

    def confirm(self) -> None:
        if self.preview is None or self.preview.problems or not self.preview.rows:
            return
        store, actor, path = self.ctx.store, self.ctx.actor, self.path
        self.run(lambda: commissioning.import_meter_map(store, actor, path), self._imported)

    def _imported(self, n: int) -> None:
        self.imported = n
        self.finish()


def _cell_problem(row: object) -> str:
    if not hasattr(row, "message"):
        return ""
    cell = getattr(row, "cell", "")
    text = tr_message(row.message)                      # type: ignore[attr-defined]
    return f"{cell}: {text}" if cell else text


class _SpeedRelay(QObject):
    """Emitted on the change's thread, delivered on the GUI thread (queued)."""

    stepped = Signal(object)


class LineSpeedForm(AdminForm):
    """Change line `row`'s speed: the new baud rate, what happens, progress and Stop, then each meter's
    outcome. The change runs in the background (app.metering.line_speed.change_line_speed); the
    dialog cannot be closed while it runs (Stop undoes what was written)."""

    speed_finished = Signal()

    PHASE_ORDER = {"check": 0, "write": 1, "verify": 2}

    def __init__(self, ctx: AppContext, row: LineRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Change line speed"), parent)
        self.setObjectName("lineSpeedForm")
        self.setMinimumSize(760, 480)
        self.row = row
        self.result: SpeedChange | None = None
        self.cancel_event: threading.Event | None = None
        self._relay = _SpeedRelay(self)
        self._relay.stepped.connect(self._stepped)
        b = row.bus
        self._describe(b.baud)
        self.explain = QLabel(_("DormWatt first checks that every meter of the line answers at {baud} baud (if one "
                                "does not, nothing is written), then writes the new speed to each meter, checks "
                                "that each one answers at it, and only then records it for the line. If a meter "
                                "does not take the new speed, every meter is put back to {baud} baud. Disable the "
                                "line first: no window or service may poll it while its meters change.").format(
            baud=b.baud), self)
        self.explain.setObjectName("speedExplanation")
        self.explain.setWordWrap(True)
        self.form.addRow(self.explain)
        self.baud = self.field("baud", _("New speed"), QComboBox(self))
        for baud in BAUDS:
            if baud != b.baud:
                self.baud.addItem(_("{baud} baud").format(baud=baud), baud)
        self.baud.setCurrentIndex(max(0, self.baud.findData(19200 if b.baud != 19200 else 9600)))
        self.progress = QProgressBar(self)
        self.progress.setObjectName("speedProgress")
        self.progress.setRange(0, 3 * max(1, row.meters))
        self.progress.setValue(0)
        self.progress.hide()
        self._tail.addWidget(self.progress)
        self.status = QLabel("", self)
        self.status.setObjectName("speedStatus")
        self.status.setWordWrap(True)
        self._tail.addWidget(self.status)
        kinds = kind_names()
        none = _("neither")
        self.meters = AdminList([
            Col(_("Address"), lambda m: str(m.address), key=lambda m: m.address, value=lambda m: m.address),
            Col(_("Kind"), lambda m: kinds.get(m.kind, m.kind)),
            Col(_("Answers at"), lambda m: _("{baud} baud").format(baud=m.baud) if m.baud else none,
                key=lambda m: m.baud or 0),
            Col(_("Result"), lambda m: tr_message(m.message)),
        ], self, name="speedResults", export_title=_("Line speed"))
        self.meters.table.setWordWrap(True)        # a meter's result is a sentence: shown whole
        self.meters.hide()
        self._tail.addWidget(self.meters, 1)
        self.ok.setText(_("Change speed"))
        self.stop_button = self.add_button(_("Stop"), "stopSpeedChange", self.stop)
        self.stop_button.setEnabled(False)
        if self.baud.count() == 0:
            self.ok.setEnabled(False)

    def _describe(self, baud: int) -> None:
        b = self.row.bus
        self.header.setText(_("Line {name} ({port}) runs at {baud} baud with {n} meters.").format(
            name=b.name, port=b.port, baud=baud, n=self.row.meters))

    def confirm(self) -> None:
        if self.busy or self.done_:
            return
        baud = self.baud.currentData()
        store, actor, bus_id, relay = self.ctx.store, self.ctx.actor, self.row.bus.id, self._relay
        self.cancel_event = cancel = threading.Event()
        self.busy = True
        self.clear_errors()
        self.ok.setEnabled(False)
        self.baud.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.meters.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.status.setStyleSheet("")
        self.status.setText(_("Checking the meters at {baud} baud…").format(baud=self.row.bus.baud))

        def job() -> SpeedChange:
            return line_speed.change_line_speed(store, actor, bus_id, baud, on_progress=relay.stepped.emit,
                                                cancel=cancel)

        run_task(job, self._done, self._failed, kind="cpu", owner=self)

    def stop(self) -> None:
        """Stop a running change at its next meter; what was written is put back."""
        if self.cancel_event is not None and self.busy:
            self.cancel_event.set()
            self.stop_button.setEnabled(False)
            self.status.setText(_("Stopping: the meters already changed are put back…"))

    def _stepped(self, step: Step) -> None:
        old, new = self.row.bus.baud, self.baud.currentData()
        if step.phase in self.PHASE_ORDER:
            self.progress.setRange(0, 3 * step.total)
            self.progress.setValue(self.PHASE_ORDER[step.phase] * step.total + step.done)
        if self.cancel_event is not None and self.cancel_event.is_set():
            return          # the status says it is stopping
        texts = {"check": _("Checked {done} of {total} meters at {baud} baud."),
                 "write": _("Wrote the new speed to {done} of {total} meters."),
                 "verify": _("Checked {done} of {total} meters at {baud} baud."),
                 "undo": _("Put {done} of {total} meters back to {baud} baud.")}
        baud = new if step.phase == "verify" else old
        self.status.setText(texts[step.phase].format(done=step.done, total=step.total, baud=baud))

    def _finish_run(self) -> None:
        self.busy = False
        self.cancel_event = None
        self.stop_button.setEnabled(False)
        self.progress.hide()

    def _done(self, result: SpeedChange) -> None:
        self._finish_run()
        self.ok.setEnabled(True)
        self.result = result
        self._show_meters(result.meters)
        self.status.setStyleSheet(OK_STYLE if result.changed else ERROR_STYLE)
        self.status.setText(tr_message(result.message))
        self._describe(result.new_baud if result.changed else result.old_baud)
        self.stop_button.hide()
        self.show_result()
        self.speed_finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self._finish_run()
        self.ok.setEnabled(True)
        self.baud.setEnabled(True)
        self.status.setText("")
        if isinstance(exc, SpeedCheckFailed):
            self._show_meters(exc.meters)
        if isinstance(exc, FieldInvalid) and exc.field in self.fields:
            self.show_field_error(exc.field, error_text(exc))
        else:
            self.show_error(error_text(exc))
        self.speed_finished.emit()

    def _show_meters(self, meters) -> None:
        self.meters.set_rows(list(meters))
        self.meters.show()
        self.meters.table.resizeRowsToContents()
