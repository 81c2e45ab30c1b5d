"""The forms of the Lines page: add or edit a line (with the port picker and "Test connection"), and
import the meter–room map from a spreadsheet (a preview of every row first, then one transaction).

The port picker lists the machine's serial ports under their stable names (commissioning.serial_ports,
read in the background) and takes a typed gateway URL (socket://HOST:PORT) as well. Saving a new or
moved port opens it first (commissioning's `test_port`): a port that cannot be opened, or that
another program holds, is refused under the port field and nothing is written.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.metering import commissioning
from app.metering.commissioning import BAUDS, PARITIES, LineRow, MeterMap
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
