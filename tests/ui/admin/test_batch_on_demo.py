"""Issue 13's "done when", on the demo campus and through the window as its clerk logs in: term start (new
students into the free beds from a roster spreadsheet), term end (an exchange spreadsheet: a swap of two
students applied whole) and graduation (a class of 2023 checked out with its settlements and slips)."""
from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app import operators
from app.counter import shifts
from app.counter.money import Money
from app.demo.campus import DEMO_PASSWORDS, create_demo_store
from db.models import Bed, Building, Occupancy, Room, Student
from ui.admin.window import AdminWindow
from ui.app_context import AppContext


@pytest.fixture
def demo(tmp_path):
    store, _summary = create_demo_store(f"sqlite:///{tmp_path / 'demo.db'}", rooms=48, days=3, seed=11)
    clerk = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
    yield store, clerk
    store.dispose()


def _free_beds(store, n: int) -> list[tuple[str, str, str, str]]:
    """(building code, room number, bed label, the room's gender) of `n` free beds."""
    with store.read() as s:
        taken = set(s.scalars(select(Occupancy.bed_id).where(Occupancy.end_at.is_(None))))
        rows = s.execute(select(Bed.id, Building.code, Room.number, Bed.label, Room.gender)
                         .join(Room, Room.id == Bed.room_id).join(Building, Building.id == Room.building_id)
                         .order_by(Building.code, Room.number, Bed.label)).all()
    return [(code, number, label, g) for bed_id, code, number, label, g in rows if bed_id not in taken][:n]


def _window(qtbot, store, clerk):
    window = AdminWindow(AppContext(store=store, actor=clerk, school="东华理工大学", demo=True))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("batch")
    qtbot.waitSignal(page.tab_loaded, timeout=20000).wait()
    return window, page


def test_term_start_term_end_and_graduation_on_the_demo_campus(qtbot, demo, tmp_path):
    store, clerk = demo
    _keep, page = _window(qtbot, store, clerk)

    # term start: six new students into free beds, from the office's roster
    beds = _free_beds(store, 6)
    assert len(beds) == 6
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026级新生名单"])
    ws.append(["学号", "姓名", "性别", "学院", "班级", "楼栋", "房间", "床位"])
    for i, (code, number, label, gender) in enumerate(beds):
        ws.append([f"2026990{i:03d}", f"新生{i}", "男" if gender == "M" else "女", "计算机学院", "计科2699", code, number,
                   label])
    roster = tmp_path / "新生.xlsx"
    wb.save(roster)
    tab = page.roster
    with qtbot.waitSignal(tab.previewed, timeout=30000):
        tab.preview_file(roster)
    assert tab.preview.counts()["new"] == 6 and tab.preview.counts()["error"] == 0
    with qtbot.waitSignal(tab.finished, timeout=60000):
        tab.import_button.click()
    assert tab.status.text() == "Imported: 6 rows applied, 0 failed."

    # term end: two students of the same gender swap rooms, from an exchange sheet
    with store.read() as s:
        a, b = s.execute(select(Student.student_no, Building.code, Room.number).join(Occupancy, Occupancy.student_id == Student.id)
                         .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
                         .join(Building, Building.id == Room.building_id)
                         .where(Occupancy.end_at.is_(None), Student.gender == "M", Room.beds > 0)
                         .order_by(Building.code, Room.number)).all()[::7][:2]
    assert (a[1], a[2]) != (b[1], b[2])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["学号", "目标楼栋", "目标房间"])
    ws.append([a[0], b[1], b[2]])
    ws.append([b[0], a[1], a[2]])
    swap = tmp_path / "调宿.xlsx"
    wb.save(swap)
    with qtbot.waitSignal(page.tab_loaded, timeout=20000):
        page.show_tab("exchange_file")
    tab = page.exchange_file
    with qtbot.waitSignal(tab.previewed, timeout=30000):
        tab.preview_file(swap)
    assert tab.preview.counts()["error"] == 0, [r.messages() for r in tab.preview.rows]
    with qtbot.waitSignal(tab.finished, timeout=60000):
        tab.import_button.click()
    assert tab.status.text() == "Imported: 2 rows applied, 0 failed."

    # graduation: the first class of 2023 checks out (refunds are paid out of the clerk's shift)
    shifts.open_shift(store, clerk, Money(0))
    with qtbot.waitSignal(page.tab_loaded, timeout=20000):
        page.show_tab("checkout")
    tab = page.checkout
    with store.read() as s:
        college, class_name = s.execute(select(Student.college, Student.class_name).where(Student.class_name.like("%23%"))
                                        .order_by(Student.class_name)).first()
        size = s.scalar(select(func.count()).select_from(Student).join(Occupancy, Occupancy.student_id == Student.id)
                        .where(Student.class_name == class_name, Occupancy.end_at.is_(None)))
    assert size > 0
    tab.picker.choose(college=college, class_name=class_name)
    with qtbot.waitSignal(tab.planned, timeout=30000):
        tab.plan_button.click()
    assert len(tab.plan.lines) == size
    tab.run_button.click()
    with qtbot.waitSignal(tab.finished, timeout=120000):
        tab.confirmation.button(QMessageBox.StandardButton.Yes).click()
    assert tab.run.count("done") + tab.run.count("debt") == size, [r.reason for r in tab.run.results]
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Student).join(Occupancy, Occupancy.student_id == Student.id)
                        .where(Student.class_name == class_name, Occupancy.end_at.is_(None))) == 0
    slips = tmp_path / "slips.pdf"
    with qtbot.waitSignal(tab.saved, timeout=60000):
        tab.save_slips(slips)
    assert len(PdfReader(io.BytesIO(slips.read_bytes())).pages) == size
