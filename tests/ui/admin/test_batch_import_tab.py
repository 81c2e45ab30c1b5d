"""The Batch work page's roster import as a clerk uses it: the template saved with its drop-downs, a file
previewed (counts per status, errors shown first, a page of rows at a time), nothing written before
"Import", the valid rows imported with progress, the rows with errors saved to a workbook that imports
once corrected, an import that stopped offered as "Continue", and the import's log listed."""
from __future__ import annotations

import os
from datetime import date

import openpyxl
import pytest
from admin_pages import open_page
from sqlalchemy import func, select

from app.campus import students
from app.imports import engine
from app.imports.roster import ROSTER
from app.policies import calendar_admin
from db.models import Occupancy, Student
from tests.factories import make_campus
from ui import i18n
from ui.admin.batch_page import BatchPage
from ui.admin.pages import pages_for
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")
HEADER = ["学号\nStudent no.", "姓名\nName", "性别\nGender", "学院\nCollege", "班级\nClass", "手机号\nPhone",
          "楼栋\nBuilding", "房间\nRoom", "床位\nBed", "入住日期\nCheck-in date"]


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=0)
    calendar_admin.add_term(store, c.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 15))
    students.register_student(store, c.admin, student_no="2025000001", name="老生", gender="M",
                              college="物理学院", class_name="物理2501")
    return c


def xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


ROWS = [
    ("002026001", "张三", "男", "计算机学院", "计科2601", "13800000001", "B1", "101", "1", None),
    ("002026002", "李四", "男", "计算机学院", "计科2601", None, "B1", "101", "2", None),
    ("002026003", "赵敏", "女", "外语学院", "英语2601", None, "B1", "201", None, None),
    ("002026004", "王五", "男", "机械学院", "机械2601", None, "B1", "201", None, None),     # a man in a women's room
    ("002026005", "钱七", "男", "外语学院", "英语2601", None, "B1", "909", None, None),     # no such room
]


def _tab(qtbot, store, actor):
    return open_page(qtbot, BatchPage, store, actor, loaded=("tab_loaded",)).roster


def _preview(qtbot, tab, path):
    with qtbot.waitSignal(tab.previewed, timeout=20000):
        tab.preview_file(path)


def _count(store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_clerk_opens_batch_work_and_reports_only(store, campus):
    assert [p.key for p in pages_for(campus.clerk)] == ["batch", "reports"]
    assert "batch" in {p.key for p in pages_for(campus.admin)}
    assert "batch" not in {p.key for p in pages_for(campus.tech)}


def test_a_roster_is_previewed_then_imported_and_its_errors_saved(qtbot, store, campus, tmp_path):
    tab = _tab(qtbot, store, campus.clerk)
    template = tmp_path / "template.xlsx"
    tab.save_template(template)
    # the file is in place (renamed) a moment before the window says so: wait for what the clerk reads
    qtbot.waitUntil(lambda: "template" in tab.status.text().lower() or "模板" in tab.status.text(), timeout=20000)
    wb = openpyxl.load_workbook(template)
    assert [c.value for c in wb["roster"][1]][:3] == HEADER[:3]
    assert "物理学院" in [c.value for c in wb["lists"]["D"]]          # the colleges the register has

    students_before, stays_before = _count(store, Student), _count(store, Occupancy)
    _preview(qtbot, tab, xlsx(tmp_path / "roster.xlsx", ROWS))
    # errors first: the two rows that cannot be imported, each saying why
    assert tab.filter.currentData() == "error"
    assert [r.number for r in tab.rows.rows()] == [5, 6]
    why = {r.number: tab.rows.model.text(i, 4) for i, r in enumerate(tab.rows.rows())}
    assert "women" in why[5] or "female" in why[5]
    assert "909" in why[6]
    assert tab.page_label.text() == "Rows 1–2 of 2"
    assert "5 rows: 3 new" in tab.summary_label.text() and "2 with errors" in tab.summary_label.text()
    assert "B1: 3 new" in tab.summary_label.text()
    assert tab.import_button.text() == "Import 3 rows" and tab.import_button.isEnabled()
    tab.filter.setCurrentIndex(tab.filter.findData("new"))
    assert [r.key for r in tab.rows.rows()] == ["002026001", "002026002", "002026003"]
    assert "B1-101/1" in tab.rows.model.text(0, 3)
    # the dry run wrote nothing
    assert (_count(store, Student), _count(store, Occupancy)) == (students_before, stays_before)

    with qtbot.waitSignal(tab.finished, timeout=30000):
        tab.import_button.click()
    assert tab.status.text() == "Imported: 3 rows applied, 0 failed."
    assert tab.progress.value() == 3 and tab.progress.maximum() == 3
    assert _count(store, Student) == students_before + 3 and _count(store, Occupancy) == stays_before + 3
    assert not tab.import_button.isEnabled()
    qtbot.waitUntil(lambda: [j.status for j in tab.jobs.rows()] == ["done"], timeout=10000)
    assert tab.jobs.model.text(0, 3) == "3 / 3"

    errors = tmp_path / "errors.xlsx"
    tab.save_errors(errors)
    qtbot.waitUntil(lambda: errors.exists(), timeout=20000)
    ws = openpyxl.load_workbook(errors).active
    assert [r[0].value for r in ws.iter_rows(min_row=2)] == ["002026004", "002026005"]
    # corrected, the error workbook imports as it is
    ws["H2"], ws["H3"] = "102", "202"
    ws.parent.save(errors)
    _preview(qtbot, tab, errors)
    assert tab.preview.counts()["error"] == 1 and tab.preview.counts()["new"] == 1       # 钱七 is a man: 202 is not
    assert tab.import_button.text() == "Import 1 rows"


def test_a_big_file_is_shown_a_page_at_a_time(qtbot, store, campus, tmp_path):
    rows = [(f"2026{n:05d}", f"学生{n}", "男", "计算机学院", "计科2601", None, None, None, None, None)
            for n in range(450)]
    tab = _tab(qtbot, store, campus.clerk)
    _preview(qtbot, tab, xlsx(tmp_path / "big.xlsx", rows))
    assert tab.filter.currentData() is None
    assert len(tab.rows.rows()) == 200 and tab.page_label.text() == "Rows 1–200 of 450"
    assert not tab.prev_button.isEnabled()
    tab.next_button.click()
    tab.next_button.click()
    assert tab.page_label.text() == "Rows 401–450 of 450" and tab.rows.rows()[0].number == 402
    assert not tab.next_button.isEnabled()
    tab.prev_button.click()
    assert tab.page_label.text() == "Rows 201–400 of 450"


def test_an_import_that_stopped_is_continued_from_the_same_file(qtbot, store, campus, tmp_path):
    path = xlsx(tmp_path / "roster.xlsx", ROWS[:3])
    pv = engine.preview(store, campus.clerk, ROSTER, path)
    job = engine.start(store, campus.clerk, ROSTER, pv)
    assert engine.run(store, campus.clerk, ROSTER, job, cancel=lambda: True).status == "cancelled"
    tab = _tab(qtbot, store, campus.clerk)
    assert tab.jobs.model.text(0, 2) == "Cancelled"
    _preview(qtbot, tab, path)
    assert tab.import_button.text() == "Continue (3 rows left)"
    assert "stopped after 0 of 3 rows" in tab.status.text()
    with qtbot.waitSignal(tab.finished, timeout=30000):
        tab.import_button.click()
    assert tab.status.text() == "Imported: 3 rows applied, 0 failed."
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Student).where(Student.student_no.like("002026%"))) == 3
    qtbot.waitUntil(lambda: [j.status for j in tab.jobs.rows()] == ["done"], timeout=10000)


def test_a_file_that_is_not_a_roster_says_why(qtbot, store, campus, tmp_path):
    tab = _tab(qtbot, store, campus.clerk)
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with qtbot.waitSignal(tab.failed, timeout=20000) as sig:
        tab.preview_file(bad)
    assert ".xls" in sig.args[0] and tab.preview is None and not tab.import_button.isEnabled()


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_batch_import_screenshots(qtbot, qapp, store, campus, tmp_path, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("batch")
        tab = page.roster
        _preview(qtbot, tab, xlsx(tmp_path / "roster.xlsx", ROWS))
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            qtbot.wait(50)
            window.grab().save(os.path.join(FOLDER, f"batch-import-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
