"""Batch exchange in the window: a swap and a move typed as a list, checked as a whole (a move that breaks
the gender rule refuses the list with the row's reason, nothing changes), then applied; and a three-room
cycle from an .xlsx through the exchange file tab, applied whole."""
from __future__ import annotations

import openpyxl
import pytest
from admin_pages import open_page

from app.campus import occupancy
from tests.factories import make_campus
from ui.admin.batch_page import BatchPage


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=3, beds=1, students_per_gender=3)
    for i, room in enumerate(("B1-101", "B1-102", "B1-103")):
        occupancy.check_in(store, c.clerk, c.students[f"20261000{i}"], c.rooms[room])
    occupancy.check_in(store, c.clerk, c.students["202620000"], c.rooms["B1-201"])
    return c


def _page(qtbot, store, actor):
    return open_page(qtbot, BatchPage, store, actor, loaded=("tab_loaded",))


def _room(store, no) -> str:
    with store.read() as s:
        from db.models import Student
        sid = s.query(Student).filter_by(student_no=no).one().id
    return occupancy.current_stay(store, sid).room_code


def test_a_list_is_checked_as_a_whole_then_applied(qtbot, store, campus):
    page = _page(qtbot, store, campus.clerk)
    tab = page.exchange_list
    page.show_tab("exchange_list")
    tab.add("202610000", "B1-102")
    tab.add("202610001", "B1-101")                 # a swap: both rooms have one bed
    tab.add("202610002", "B1-202")                 # a man to a women's room
    with qtbot.waitSignal(tab.checked, timeout=20000):
        tab.check_button.click()
    assert not tab.apply_button.isEnabled()
    why = tab.list.model.text(2, 5)
    assert why and "B1-202" in why
    assert tab.list.model.text(0, 5) == "" and "1 rows cannot be done" in tab.status.text()
    tab.list.table.selectRow(2)
    tab.remove_selected()
    with qtbot.waitSignal(tab.checked, timeout=20000):
        tab.check_button.click()
    assert tab.apply_button.isEnabled() and "All 2 moves" in tab.status.text()
    assert tab.list.model.text(0, 3) == "B1-102 / 1"
    with qtbot.waitSignal(tab.applied, timeout=20000):
        tab.apply_button.click()
    assert (_room(store, "202610000"), _room(store, "202610001")) == ("B1-102", "B1-101")
    assert "2 students moved" in tab.status.text() and not tab.apply_button.isEnabled()


def test_a_cycle_from_a_file_is_applied_whole(qtbot, store, campus, tmp_path):
    page = _page(qtbot, store, campus.clerk)
    with qtbot.waitSignal(page.tab_loaded, timeout=20000):
        page.show_tab("exchange_file")
    tab = page.exchange_file
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["学号", "目标房间"])
    for no, room in (("202610000", "B1-102"), ("202610001", "B1-103"), ("202610002", "B1-101")):
        ws.append([no, room])
    path = tmp_path / "cycle.xlsx"
    wb.save(path)
    with qtbot.waitSignal(tab.previewed, timeout=20000):
        tab.preview_file(path)
    assert tab.preview.counts()["update"] == 3 and tab.import_button.text() == "Import 3 rows"
    assert "B1-101/1 → B1-102/1" in tab.rows.model.text(0, 3)
    with qtbot.waitSignal(tab.finished, timeout=30000):
        tab.import_button.click()
    assert [_room(store, f"20261000{i}") for i in range(3)] == ["B1-102", "B1-103", "B1-101"]
    assert tab.status.text() == "Imported: 3 rows applied, 0 failed."
