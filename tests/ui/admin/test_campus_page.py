"""The Buildings and rooms page: a building added and filled with rooms in bulk through its forms, a
room number that exists refused under its field, a building in use not deleted, the layout imported
from Excel after its preview, and the lists exported as shown."""
from __future__ import annotations

import os

import openpyxl
import pytest
from admin_pages import open_page
from PySide6.QtWidgets import QApplication

from app.campus import campus_admin as ca
from app.campus import occupancy
from tests.factories import make_campus
from ui import i18n
from ui.admin.campus_page import CampusPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    return make_campus(store)


def _page(qtbot, store, actor) -> CampusPage:
    return open_page(qtbot, CampusPage, store, actor)


def test_a_building_is_added_and_filled_with_rooms_in_bulk(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert [b.code for b in page.buildings.shown()] == ["B1"] and len(page.rooms.shown()) == 4
    form = page.add_building()
    qtbot.keyClicks(form.code, "n2")
    form.name.setText("二号楼")
    form.gender_policy.setCurrentIndex(form.gender_policy.findData("F"))
    form.floors.setValue(6)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert not form.isVisible()
    assert page.buildings.message.text() == "Building N2 is added."
    assert page.building().code == "N2" and page.buildings.current().code == "N2" and page.rooms.shown() == []

    bulk = page.bulk()
    assert not bulk.gender.isEnabled() and bulk.gender.currentData() == "F"     # a women's building
    bulk.room_to.setValue(12)
    qtbot.waitUntil(lambda: bulk.summary.text().startswith("Rooms to create: 72."), timeout=10000)
    assert bulk.summary.text() == "Rooms to create: 72. Already there (skipped): 0."
    assert [r[0].number for r in bulk.planned.shown()[:3]] == ["101", "102", "103"]
    bulk.floor_to.setValue(2)
    qtbot.waitUntil(lambda: bulk.summary.text().startswith("Rooms to create: 24."), timeout=10000)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        bulk.accept()
    assert len(page.rooms.shown()) == 24 and page.rooms.shown()[-1].code == "N2-212"
    assert page.rooms.message.text() == "Rooms created in N2: 24. Already there (skipped): 0."
    assert page.buildings.current().rooms == 24 and page.buildings.current().beds == 96

    bulk = page.bulk()                        # again, one floor more: the existing rooms are skipped
    bulk.room_to.setValue(12)
    bulk.floor_to.setValue(3)
    qtbot.waitUntil(lambda: bulk.summary.text().startswith("Rooms to create: 12."), timeout=10000)
    assert bulk.summary.text() == "Rooms to create: 12. Already there (skipped): 24."
    assert sum(1 for _p, made in bulk.planned.shown() if not made) == 24
    bulk.reject()


def test_a_room_number_that_exists_is_refused_under_the_field(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    form = page.add_room()
    qtbot.keyClicks(form.number, "101")
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("number")), timeout=10000)
    assert form.field_error("number") == "Room B1-101 already exists."
    assert form.isVisible() and len(ca.list_rooms(store)) == 4
    form.number.setText("103")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert page.rooms.current().code == "B1-103" and page.rooms.message.text() == "Room B1-103 is added."


def test_a_building_in_use_is_not_deleted_and_the_dialog_says_why(qtbot, store, campus):
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], campus.rooms["B1-102"])
    page = _page(qtbot, store, campus.admin)
    form = page.delete_building()
    form.accept()
    qtbot.waitUntil(lambda: form.error.isVisibleTo(form), timeout=10000)
    assert form.error.text() == "B1 cannot be deleted: students live in room(s) 102 now."
    form.reject()
    assert [b.code for b in ca.list_buildings(store)] == ["B1"]


def test_the_layout_is_previewed_with_its_problems_then_imported(qtbot, store, campus, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["楼栋编号", "楼栋名称", "房间号", "楼层", "床位数", "性别"],
                ["N6", "六号楼", 101, 1, 4, "男"], ["N6", None, 102, 1, "four", "男"], ["N6", None, 201, 2, 4, "女"]):
        ws.append(row)
    wb.save(tmp_path / "layout.xlsx")
    page = _page(qtbot, store, campus.admin)
    dialog = page.import_layout(str(tmp_path / "layout.xlsx"))
    qtbot.waitUntil(lambda: dialog.preview_result is not None, timeout=10000)
    assert [(p.row, p.cell) for p in dialog.problems.shown()] == [(3, "E3")]
    assert "Rooms to create: 2." in dialog.summary.text()
    assert "New building N6 六号楼, floors: 2." in dialog.summary.text()
    assert dialog.ok.isEnabled() and [b.code for b in ca.list_buildings(store)] == ["B1"]   # nothing yet
    with qtbot.waitSignal(page.loaded, timeout=10000):
        dialog.accept()
    assert [b.code for b in page.buildings.shown()] == ["B1", "N6"]
    assert page.buildings.message.text() == "Imported from layout.xlsx. Buildings created: 1. Rooms created: 2."
    [n6] = [b for b in ca.list_buildings(store) if b.code == "N6"]
    assert (n6.rooms, n6.beds) == (2, 8)


def test_the_rooms_export_writes_the_rows_shown(qtbot, store, campus, tmp_path):
    page = _page(qtbot, store, campus.admin)
    qtbot.keyClicks(page.rooms.filter, "B1-20")
    assert [r.code for r in page.rooms.shown()] == ["B1-201", "B1-202"]
    done = []
    page.rooms.export(str(tmp_path / "rooms.xlsx"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    rows = list(openpyxl.load_workbook(tmp_path / "rooms.xlsx").active.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Room")
    assert rows[header][:5] == ("Room", "Floor", "Beds", "In use", "Gender")
    assert [r[:3] for r in rows[header + 1:] if r and r[0]] == [("B1-201", 2, 4), ("B1-202", 2, 4)]


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_campus_page_screenshots(qtbot, qapp, store, campus, language, tmp_path):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    ca.change_building(store, campus.admin, ca.list_buildings(store)[0].id, floors=2)   # the factory leaves 1
    bid = ca.add_building(store, campus.admin, code="B2", name="二号楼", gender_policy="F", floors=6)
    ca.BulkPlan(bid, 1, 6, 1, 24, beds=4).apply(store, campus.admin)
    occupancy.check_in(store, campus.clerk, campus.students["202620000"], campus.rooms["B1-201"])
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("campus")
        qtbot.waitUntil(lambda: page.rooms.rows() != [], timeout=10000)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-campus-{language}-{width}.png"))
        page.buildings.select_where(lambda b: b.code == "B2")
        qtbot.waitUntil(lambda: len(page.rooms.rows()) == 144, timeout=10000)
        bulk = page.bulk()
        bulk.room_to.setValue(26)
        qtbot.waitUntil(lambda: bulk.preview_result is not None and len(bulk.preview_result.create) == 12,
                        timeout=10000)
        QApplication.processEvents()
        bulk.grab().save(os.path.join(FOLDER, f"admin-campus-bulk-{language}.png"))
        bulk.reject()
        wb = openpyxl.Workbook()
        for row in (["Building code", "Building name", "Room number", "Floor", "Beds", "Gender"],
                    ["B3", "三号楼", 101, 1, 4, "M"], ["B3", None, 102, 1, "four", "M"], ["B3", None, 101, 1, 4, "M"],
                    ["B1", "一号楼", 101, 1, 4, "M"]):
            wb.active.append(row)
        wb.save(tmp_path / "layout.xlsx")
        dialog = page.import_layout(str(tmp_path / "layout.xlsx"))
        qtbot.waitUntil(lambda: dialog.preview_result is not None, timeout=10000)
        QApplication.processEvents()
        dialog.grab().save(os.path.join(FOLDER, f"admin-campus-import-{language}.png"))
        dialog.reject()
    finally:
        i18n.remove_translations(qapp)
