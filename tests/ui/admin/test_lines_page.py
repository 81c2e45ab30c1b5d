"""The Lines and meters page: a line added on the simulator's pty through the form (port tested first),
scanned with progress and cancel, a meter assigned to a room through the scan dialog, the meter map
previewed and imported, a held port refused under its field; screenshots admin-lines-*."""
from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import serial
from admin_pages import open_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.metering import commissioning
from app.sync.leases import BusLeases
from db.models import Bed, Building, Room
from tests.drivers.test_sim_main import sim_on_link
from tests.factories import make_campus
from ui import i18n
from ui.admin.lines_page import LinesPage
from ui.admin.scan_dialog import ScanDialog
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.i18n import _ as _tr

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture(scope="module")
def sim_link(tmp_path_factory) -> Iterator[Path]:
    with sim_on_link(tmp_path_factory.mktemp("line") / "ttyDORM", meters=3, water=1) as link:
        yield link


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with store.write() as s:
        b = s.query(Building).one()
        for number in ("301", "302", "303"):
            room = Room(building_id=b.id, number=number, floor=3, beds=2, gender="M")
            s.add(room)
            s.flush()
            s.add(Bed(room_id=room.id, label="1"))
    return c


def _page(qtbot, store, actor) -> LinesPage:
    return open_page(qtbot, LinesPage, store, actor)


def _add_line(qtbot, page: LinesPage, port: str, name: str = "Block 3"):
    form = page.add()
    with qtbot.waitSignal(form.ports_loaded, timeout=10000):
        pass
    form.port.setEditText(port)
    form.name.setText(name)
    return form


def test_add_a_line_on_the_simulator_scan_it_and_assign_a_meter(qtbot, store, campus, sim_link):
    page = _page(qtbot, store, campus.admin)
    assert [r.bus.name for r in page.lines.shown()] == ["bus-1"]
    form = _add_line(qtbot, page, str(sim_link))
    with qtbot.waitSignal(form.tested, timeout=10000) as tested:
        qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
    assert tested.args == [True]
    assert form.test_result.text() == f"The port {sim_link} opened at 9600 baud, 8N1."
    assert not form.enabled.isChecked()          # added disabled: scan and assign first
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    line = page.lines.current()
    assert (line.bus.name, line.bus.port, line.bus.enabled, line.runner) == ("Block 3", str(sim_link), False, "")
    assert page.lines.message.text() == "Line added. Scan it for meters, assign them to rooms, then enable it."

    dialog = page.scan()
    dialog.addresses.setText("1-5,101")
    with qtbot.waitSignal(dialog.scan_finished, timeout=30000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.value() == dialog.progress.maximum() == 6
    assert dialog.status.text() == "Scan finished: 4 of 6 addresses answered."
    table = dialog.table
    assert [[table.item(r, c).text() for c in range(5)] for r in range(table.rowCount())] == [
        ["1", "Electricity (DDSY)", "24001001", "1.12", "Not assigned"],
        ["2", "Electricity (DDSY)", "24001002", "1.12", "Not assigned"],
        ["3", "Electricity (DDSY)", "24001003", "1.12", "Not assigned"],
        ["101", "Water (LXSY)", "25001101", "1.03", "Not assigned"]]
    qtbot.waitUntil(lambda: dialog.table.cellWidget(0, 5).count() > 1, timeout=5000)
    # B1-101 has its meters on bus-1: only the new rooms are offered
    assert [dialog.table.cellWidget(0, 5).itemText(i) for i in range(dialog.table.cellWidget(0, 5).count())] == [
        "", "B1-301", "B1-302", "B1-303"]
    dialog.choose_room(1, "B1-301")
    dialog.choose_room(2, "B1-101")      # has an electricity meter already: refused in its row
    with qtbot.waitSignal(dialog.assigned, timeout=10000) as assigned:
        qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert assigned.args == [1]
    assert table.item(0, 4).text() == "Assigned to B1-301"
    assert table.item(1, 4).text() == "Room B1-101 already has an active electricity meter (address 1 on bus 1)."
    assert dialog.status.text() == "1 meters assigned; 1 refused (the reason is in their row)."
    got = commissioning.assignments(store, line.bus.id)
    assert {a: (m.kind, m.room_code, m.serial_no) for a, m in got.items()} == {1: ("ddsy", "B1-301", "24001001")}
    dialog.reject()
    qtbot.waitUntil(lambda: [m.address for m in page.meters.shown()] == [1], timeout=10000)
    assert page.meters.model.text(0, 3) == "B1-301"

    # cancel: a whole-line scan stopped at once
    dialog = page.scan()
    dialog._relay.progressed.connect(lambda _a: dialog.cancel())
    with qtbot.waitSignal(dialog.scan_finished, timeout=30000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Scan cancelled after ")
    assert dialog.progress.value() < 10
    dialog.reject()


def test_a_held_port_is_refused_under_its_field_and_nothing_is_written(qtbot, store, campus, sim_link):
    page = _page(qtbot, store, campus.admin)
    held = serial.Serial(str(sim_link), exclusive=True)
    try:
        form = _add_line(qtbot, page, str(sim_link))
        with qtbot.waitSignal(form.tested, timeout=10000) as tested:
            qtbot.mouseClick(form.test_button, Qt.MouseButton.LeftButton)
        assert tested.args == [False]
        assert form.test_result.text().startswith(f"The port {sim_link} is in use by another program")
        form.accept()
        qtbot.waitUntil(lambda: bool(form.field_error("port")), timeout=10000)
        assert form.field_error("port") == (f"The port {sim_link} is in use by another program; close it, or "
                                            "choose another port.")
        assert form.isVisible()
    finally:
        held.close()
    assert [b.name for b in commissioning.list_buses(store)] == ["bus-1"]
    form.reject()


def test_the_meter_map_is_previewed_then_imported(qtbot, store, campus, tmp_path):
    commissioning.add_bus(store, campus.admin, port="/dev/ttyUSB3", name="Block 3", enabled=False)
    page = _page(qtbot, store, campus.admin)
    path = tmp_path / "map.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Line", "Address", "Kind", "Room", "Serial number"])
    book.active.append(["Block 3", 1, "ddsy", "B1-301", 24001001])
    book.active.append(["Block 3", 1, "ddsy", "B1-302", None])
    book.save(path)
    dialog = page.import_map(str(path))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10000)
    assert not dialog.ok.isEnabled()
    assert dialog.rows.model.text(1, 6) == "B3: address 1 on line Block 3 is already in row 2."
    book.active.delete_rows(3)
    book.save(path)
    with qtbot.waitSignal(dialog.previewed, timeout=10000):
        dialog.read(str(path))
    assert dialog.ok.isEnabled() and dialog.summary.text() == "1 meters will be recorded."
    with qtbot.waitSignal(page.loaded, timeout=10000):
        dialog.accept()
    assert page.lines.message.text() == "1 meters recorded from the map."
    block3 = next(r for r in page.lines.shown() if r.bus.name == "Block 3")
    assert block3.bus.electricity == 1


def test_enable_disable_and_decommission_a_line_from_the_page(qtbot, store, campus):
    spare = commissioning.add_bus(store, campus.admin, port="/dev/ttyUSB9", name="Spare", enabled=False)
    page = _page(qtbot, store, campus.admin)
    page.lines.select_where(lambda r: r.bus.id == spare)
    assert page.enable_button.text() == "Enable"
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(page.enable_button, Qt.MouseButton.LeftButton)
    assert commissioning.get_bus(store, spare).enabled
    assert page.lines.current().bus.enabled and page.enable_button.text() == "Disable"
    assert page.lines.message.text() == "Line Spare enabled: a window or service will run it."
    # bus-1 carries the campus's meters: refused, the sentence says how many
    page.lines.select_where(lambda r: r.bus.name == "bus-1")
    form = page.decommission()
    form.accept()
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=10000)
    assert form.error.text() == "Line bus-1 still has 4 active meter(s): decommission or move them first."
    form.reject()
    page.lines.select_where(lambda r: r.bus.id == spare)
    form = page.decommission()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert [r.bus.name for r in page.lines.shown()] == ["bus-1"]
    assert page.lines.message.text() == "Line Spare removed."


def test_a_clerk_has_no_lines_page(qtbot, store, campus):
    window = AdminWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
    qtbot.addWidget(window)
    assert window.show_page("lines") is None


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_lines_screenshots(qtbot, qapp, store, campus, sim_link, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    by_id = "/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K3XYZ-if00-port0"
    bus_id = commissioning.add_bus(store, campus.admin, port=str(sim_link), name="Block 3", enabled=False)
    commissioning.assign_meter(store, campus.admin, bus_id=bus_id, address=1, room_code="B1-301",
                               serial_no="24001001")
    BusLeases(store, "serve@office-pc:4242.ab12").acquire([1])
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("lines")
        qtbot.waitUntil(lambda: len(page.lines.shown()) == 2, timeout=10000)
        # the scan runs on the simulator's pty; the dialog shows the line as an office would have it
        line = next(r for r in page.lines.shown() if r.bus.id == bus_id)
        dialog = ScanDialog(page.ctx, replace(line, bus=replace(line.bus, port=by_id)), page)
        dialog.show()
        dialog.addresses.setText("1-5,101")
        with qtbot.waitSignal(dialog.scan_finished, timeout=30000):
            dialog.start()
        qtbot.waitUntil(lambda: dialog.table.cellWidget(1, 5) is not None, timeout=5000)
        dialog.choose_room(2, "B1-302")
        dialog.choose_room(3, "B1-303")
        QApplication.processEvents()
        dialog.grab().save(os.path.join(FOLDER, f"admin-lines-scan-{language}.png"))
        dialog.reject()

        commissioning.change_bus(store, campus.admin, bus_id, port=by_id)
        with qtbot.waitSignal(page.loaded, timeout=10000):
            page.refresh()
        page.lines.select_where(lambda r: r.bus.id == bus_id)
        qtbot.waitUntil(lambda: len(page.meters.shown()) == 1, timeout=10000)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-lines-{language}-{width}.png"))
        form = page.add()
        qtbot.waitSignal(form.ports_loaded, timeout=10000).wait()
        form.port.setEditText("socket://192.168.1.50:4196")
        form.show_test_result(_tr("The gateway {port} accepted a connection.").format(
            port="socket://192.168.1.50:4196"), ok=True)
        QApplication.processEvents()
        form.grab().save(os.path.join(FOLDER, f"admin-lines-add-{language}.png"))
        form.reject()
    finally:
        i18n.remove_translations(qapp)
