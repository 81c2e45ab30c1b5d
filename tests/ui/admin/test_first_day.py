"""An office's first day, through the window only (issue 10, item 9): from an empty store to a first
recharge delivered to a meter on a simulated line — no command line, no code.

The first-start wizard makes the administrator, the school, the first line (on the simulator's pty:
`python -m drivers.sim --link`, a separate process speaking Modbus RTU), a building with its rooms and
the prices. The Lines page scans the line, assigns the meters that answered to rooms and enables it;
the window's own meter runtime (as `python main.py` starts it) takes the line. The Students page
registers a student; the counter's dialogs open a shift, check the student in and take a recharge.
The recharge is then read back from the meter itself, over the wire.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select as sql_select

from app.campus import roster
from app.counter import payments
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering.runtime.headless import Service
from app.sync.change_log import new_origin
from db.models import Purchase, Room
from drivers.bus import Bus
from tests.drivers.test_sim_main import sim_on_link
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.dialogs.check_in_dialog import CheckInDialog
from ui.dialogs.recharge_dialog import RechargeDialog
from ui.dialogs.shift_dialogs import OpenShiftDialog
from ui.setup_wizard import SetupWizard


@pytest.fixture
def sim_link(tmp_path) -> Iterator[Path]:
    with sim_on_link(tmp_path / "ttyDORM", meters=2, water=0) as link:
        yield link


def _show(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _room_id(store, code: str) -> int:
    building, number = code.split("-")
    with store.read() as s:
        return next(r.id for r in s.scalars(sql_select(Room).where(Room.number == number))
                    if r.building.code == building)


def _meter_balance(link: Path, address: int) -> int:
    """The balance the meter itself holds, read over the wire (the window's runtime has let go)."""
    bus = Bus(str(link), baud=9600, billing_interval_s=3600.0)
    bus.add_meter(address, "ddsy")
    bus.start()
    try:
        return bus.submit(address, lambda d: d.read_measurement()).result(15).balance_fen
    finally:
        bus.stop()


def test_an_office_goes_from_an_empty_store_to_a_recharged_room_using_only_the_window(qtbot, store, sim_link):
    # ----- first start: administrator, school, the first line, a building, prices -----------------
    wizard = _show(qtbot, SetupWizard(store))
    wizard.school_edit.setText("东华理工大学")
    wizard.name.setText("管理员")
    wizard.password.setText("secret12")
    wizard.password2.setText("secret12")
    wizard.port.setText(str(sim_link))
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):
        wizard.advance()
    wizard.building_code.setText("B1")
    wizard.building_name.setText("一号楼")
    wizard.floors.setValue(1)
    wizard.rooms_per_floor.setValue(2)
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):
        wizard.advance()
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):      # "add a line and scan it": next
        wizard.advance()
    assert wizard.open_page == "lines"
    wizard.electricity_price.setText("0.6")
    wizard.water_price.setText("5")
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        wizard.advance()
    admin_actor, school = wizard.actor, wizard.school

    # ----- the window as `python main.py` starts it: with its own meter runtime --------------------
    service = Service(store, new_origin("window")).start()
    try:
        ctx = AppContext(store=store, actor=admin_actor, school=school, runtime=service.runtime)
        admin = _show(qtbot, AdminWindow(ctx))

        # Lines page: the wizard's line, scanned, its meters assigned to the new rooms, enabled
        lines = admin.show_page("lines")
        qtbot.waitUntil(lambda: len(lines.lines.shown()) == 1, timeout=10000)
        assert lines.lines.select_where(lambda r: r.bus.port == str(sim_link))
        assert not lines.lines.current().bus.enabled          # added disabled: scan and assign first
        scan = lines.scan()
        scan.addresses.setText("1-3")
        with qtbot.waitSignal(scan.scan_finished, timeout=30000):
            qtbot.mouseClick(scan.start_button, Qt.MouseButton.LeftButton)
        assert scan.status.text() == "Scan finished: 2 of 3 addresses answered."
        qtbot.waitUntil(lambda: scan.table.cellWidget(0, 5).count() > 1, timeout=10000)
        scan.choose_room(1, "B1-101")
        scan.choose_room(2, "B1-102")
        with qtbot.waitSignal(scan.assigned, timeout=10000) as assigned:
            qtbot.mouseClick(scan.assign_button, Qt.MouseButton.LeftButton)
        assert assigned.args == [2]
        scan.reject()
        qtbot.waitUntil(lambda: lines.lines.current() is not None and lines.enable_button.isEnabled(), timeout=10000)
        lines.toggle_enabled()
        qtbot.waitUntil(lambda: lines.lines.current() is not None and lines.lines.current().bus.enabled,
                        timeout=10000)

        # Students page: the first student registered
        students = admin.show_page("students")
        form = students.add()
        form.student_no.setText("2026000001")
        form.name.setText("张三")
        form.gender.setCurrentIndex(form.gender.findData("M"))
        form.college.setCurrentText("物理学院")
        form.class_name.setCurrentText("物理2601")
        form.accept()
        qtbot.waitUntil(lambda: students.list.message.text() == "2026000001 张三 is registered.", timeout=10000)

        # The counter: a shift, the check-in, a recharge of ¥50.00
        room = _room_id(store, "B1-101")
        shift = _show(qtbot, OpenShiftDialog(ctx))
        qtbot.keyClicks(shift.amount, "0")
        with qtbot.waitSignal(shift.opened, timeout=10000):
            qtbot.keyClick(shift.amount, Qt.Key.Key_Return)
        check_in = _show(qtbot, CheckInDialog(ctx, room))
        qtbot.waitUntil(lambda: check_in.room is not None, timeout=10000)
        qtbot.keyClicks(check_in.search.box, "2026000001")
        qtbot.waitUntil(lambda: check_in.search.results.count() == 1, timeout=10000)
        with qtbot.waitSignal(check_in.checked_in, timeout=10000):
            qtbot.keyClick(check_in.search.box, Qt.Key.Key_Return)
        student = roster.find_students(store, "2026000001")[0]
        assert student.room_code == "B1-101"
        recharge = _show(qtbot, RechargeDialog(ctx, room))
        qtbot.waitUntil(lambda: recharge.loaded, timeout=10000)
        recharge.print_receipt.setChecked(False)
        qtbot.keyClicks(recharge.amount, "50")
        with qtbot.waitSignal(recharge.posted, timeout=10000):
            qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)

        # The window's runtime took the enabled line and delivers the credit
        def delivered() -> bool:
            with store.read() as s:
                return s.scalar(sql_select(Purchase.status).where(Purchase.amount == 5000)) == "delivered"
        qtbot.waitUntil(delivered, timeout=90000)
    finally:
        service.stop()
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(5000)
    assert _meter_balance(sim_link, 1) == 5000          # the meter itself holds the ¥50.00


def test_a_clerk_sees_batch_work_and_reports_and_an_administrator_sees_every_page(qtbot, store):
    from app.access import PERMISSIONS
    from tests.factories import make_campus
    from ui.admin.pages import PAGES, pages_for
    from ui.main_window import MainWindow

    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    clerk_window = _show(qtbot, MainWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学")))
    titles = [a.text().replace("&", "") for a in clerk_window.menuBar().actions()]
    # a clerk's administration pages are Batch work (roster import, exchange, check-out by class) and Reports
    assert "Administration" in titles and list(clerk_window.admin_actions) == ["batch", "reports"]
    assert [p.key for p in pages_for(campus.clerk)] == ["batch", "reports"]
    # and not by going round the menu: every other page's permission is one a clerk does not hold
    assert all("clerk" not in PERMISSIONS[p.permission] for p in PAGES if p.key not in ("batch", "reports"))
    admin_window = _show(qtbot, MainWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学")))
    assert list(admin_window.admin_actions) == [p.key for p in PAGES]
    window = admin_window.open_admin("audit")
    assert window.nav.count() == len(PAGES) and window.stack.currentWidget() is window.page_widget("audit")
    window.close()
