"""The Students administration page: the register listed and filtered, a student registered, edited,
deactivated and reactivated through its forms, refusals shown under the field concerned."""
from __future__ import annotations

import os

import pytest
from admin_pages import open_page
from PySide6.QtWidgets import QApplication

from app.campus import occupancy, students
from tests.factories import make_campus
from ui import i18n
from ui.admin.students_page import StudentsPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    c = make_campus(store, students_per_gender=3)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"], "1")
    students.register_student(store, c.admin, student_no="2026300001", name="张三丰", gender="M",
                              college="物理学院", class_name="物理2601", phone="13800001111")
    return c


def _page(qtbot, store, actor) -> StudentsPage:
    return open_page(qtbot, StudentsPage, store, actor)


def _nos(page) -> list[str]:
    return [r.student_no for r in page.list.shown()]


def _choose(qtbot, page, box, data) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10000):
        box.setCurrentIndex(box.findData(data))
        box.activated.emit(box.currentIndex())


def test_the_register_is_listed_with_rooms_and_filters(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert len(_nos(page)) == 7
    row = next(r for r in page.list.shown() if r.student_no == "202610000")
    assert page.list.model.text(page.list.rows().index(row), 7) == "B1-101, bed 1"
    assert page.list.count.text() == "7 shown"
    _choose(qtbot, page, page.college, "物理学院")
    assert _nos(page) == ["2026300001"]
    assert [page.class_name.itemText(i) for i in range(page.class_name.count())] == ["All classes", "物理2601"]
    _choose(qtbot, page, page.college, None)
    _choose(qtbot, page, page.checked_in, True)
    assert _nos(page) == ["202610000"]
    _choose(qtbot, page, page.checked_in, None)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.keyClicks(page.search, "zsf")
    assert _nos(page) == ["2026300001"]


def test_the_filtered_list_exports_to_excel_as_shown(qtbot, store, campus, tmp_path):
    from openpyxl import load_workbook

    page = _page(qtbot, store, campus.admin)
    _choose(qtbot, page, page.checked_in, True)
    path = tmp_path / "students.xlsx"
    with qtbot.waitCallback(timeout=10000) as written:
        page.list.export(str(path), written)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Student number", "Name") and rows[0][-1] == "Room"
    assert [r[:2] for r in rows[1:]] == [("202610000", "学生M0")] and rows[1][-1] == "B1-101, bed 1"


def test_register_refuses_a_taken_number_under_its_field_then_registers(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    form = page.add()
    qtbot.keyClicks(form.student_no, "202610001")           # already registered
    form.name.setText("李四")                                 # (keyClicks types ASCII only)
    form.gender.setCurrentIndex(form.gender.findData("F"))
    form.college.setCurrentText("物理学院")
    form.class_name.setCurrentText("物理2602")
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("student_no")), timeout=10000)
    assert form.field_error("student_no") == "The student number 202610001 is already registered."
    assert form.isVisible() and len(students.list_students(store, campus.admin)) == 7
    form.student_no.setText("2026300002")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert not form.isVisible()
    assert "2026300002" in _nos(page)
    assert page.list.current().name == "李四"                 # the new student is selected
    assert page.list.message.text() == "2026300002 李四 is registered."


def test_edit_then_deactivate_refused_while_checked_in_and_reactivate(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert page.list.select_where(lambda r: r.student_no == "202610000")
    form = page.edit()
    form.phone.setText("139 1234 5678")
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert page.list.current().phone == "139 1234 5678"

    form = page.deactivate()                                 # lives in B1-101
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("status")), timeout=10000)
    assert "still lives in a room: check them out" in form.field_error("status")
    form.reject()
    assert students.get_student(store, campus.admin, campus.students["202610000"]).status == "active"

    assert page.list.select_where(lambda r: r.student_no == "202610001")
    assert page.deactivate_button.isEnabled() and not page.reactivate_button.isEnabled()
    form = page.deactivate()
    form.status.setCurrentIndex(form.status.findData("graduated"))
    with qtbot.waitSignal(page.loaded, timeout=10000):
        form.accept()
    assert page.list.current().status == "graduated"
    assert page.reactivate_button.isEnabled() and not page.deactivate_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.reactivate_button.click()
    assert page.list.current().status == "active"


def test_a_check_in_at_the_counter_shows_in_the_open_list(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        occupancy.check_in(store, campus.clerk, campus.students["202620000"], campus.rooms["B1-201"], "2")
    row = next(r for r in page.list.rows() if r.student_no == "202620000")
    assert (row.room, row.bed) == ("B1-201", "2")


def test_history_opens_on_the_chosen_student(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert page.list.select_where(lambda r: r.student_no == "202610000")
    dialog = page.history()                                  # the page's child, deleted when closed
    qtbot.waitUntil(lambda: "202610000" in dialog.header.text(), timeout=10000)
    dialog.close()


def test_a_clerk_sees_the_refusal_not_the_students(qtbot, store, campus):
    page = StudentsPage(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.message.isVisibleTo(page), timeout=10000)
    assert "Administrator" in page.list.message.text() and page.list.rows() == []


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_students_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("students")
        qtbot.waitSignal(page.loaded, timeout=10000).wait()
        qtbot.waitUntil(lambda: page.list.rows() != [], timeout=10000)
        page.list.select_where(lambda r: r.student_no == "202610000")
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-students-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
