"""Graduation check-out by class in the window: a class picked, the dry run lists each student's refund or
debt (nothing written), the check-out asked for and done with progress, each student's result shown, the
slips saved as one PDF and the summary as .xlsx."""
from __future__ import annotations

import io
import os

import openpyxl
import pytest
from admin_pages import open_page
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from db.models import Occupancy, RefundRequest, Student
from tests.factories import make_campus
from ui import i18n
from ui.admin.batch_page import BatchPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=4)
    with store.write() as s:        # the first three men graduate with class 计科2201; the others stay
        for st in s.scalars(select(Student)):
            if st.student_no in ("202610000", "202610001", "202610002"):
                st.class_name = "计科2201"
    rid = c.rooms["B1-101"]
    for no in ("202610000", "202610001", "202610002", "202610003"):
        occupancy.check_in(store, c.clerk, c.students[no], rid)
    shifts.open_shift(store, c.clerk, Money(0))
    payments.recharge(store, c.clerk, room_id=rid, utility="electricity", amount=Money(4000), method="cash",
                      payer_id=c.students["202610000"], key="pay-0")
    payments.recharge(store, c.clerk, room_id=rid, utility="water", amount=Money(1000), method="cash",
                      payer_id=c.students["202610001"], key="pay-1")
    return c


def _tab(qtbot, store, actor):
    page = open_page(qtbot, BatchPage, store, actor, loaded=("tab_loaded",))
    with qtbot.waitSignal(page.tab_loaded, timeout=20000):
        page.show_tab("checkout")
    return page.checkout


def _open(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Occupancy).where(Occupancy.end_at.is_(None)))


def test_a_class_is_checked_out_with_its_slips_and_summary(qtbot, store, campus, tmp_path):
    tab = _tab(qtbot, store, campus.clerk)
    classes = [tab.picker.class_name.itemText(i) for i in range(tab.picker.class_name.count())]
    assert "计科2201 (3)" in classes and "计科2601 (1)" in classes
    tab.picker.choose(college="计算机学院", class_name="计科2201")
    with qtbot.waitSignal(tab.planned, timeout=20000):
        tab.plan_button.click()
    rows = tab.list.rows()
    assert [r.line.student_no for r in rows] == ["202610000", "202610001", "202610002"]
    # the payers get back what they paid in: nothing was consumed
    assert tab.list.model.text(0, 6) == "¥40.00" and tab.list.model.text(1, 7) == "¥10.00"
    assert tab.list.model.text(2, 9) == "Nothing to settle"
    assert "3 students: refunds ¥50.00" in tab.summary.text()
    assert _open(store) == 4                                   # the dry run wrote nothing
    assert tab.run_button.text() == "Check out 3 students…"

    tab.run_button.click()
    box = tab.confirmation
    assert isinstance(box, QMessageBox) and "3 students" in box.text()
    with qtbot.waitSignal(tab.finished, timeout=60000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert [tab.list.model.text(i, 9) for i in range(3)] == ["Checked out"] * 3
    assert "Checked out 3 students (0 with a debt); 0 failed" in tab.summary.text()
    assert _open(store) == 1 and tab.progress.value() == 3
    with store.read() as s:
        assert s.scalar(select(func.sum(RefundRequest.amount_fen))) == 5000
    assert not tab.run_button.isEnabled()

    slips = tmp_path / "slips.pdf"
    with qtbot.waitSignal(tab.saved, timeout=30000):
        tab.save_slips(slips)
    pages = PdfReader(io.BytesIO(slips.read_bytes())).pages
    assert len(pages) == 3
    assert "202610001" in pages[1].extract_text()
    summary = tmp_path / "summary.xlsx"
    with qtbot.waitSignal(tab.saved, timeout=30000):
        tab.save_summary(summary)
    ws = openpyxl.load_workbook(summary)["Students"]
    assert [ws.cell(row=r, column=1).value for r in (2, 3, 4)] == ["202610000", "202610001", "202610002"]
    assert ws.cell(row=2, column=7).value == 40 and ws.cell(row=3, column=8).value == 10


def test_nothing_chosen_is_refused_and_nothing_happens(qtbot, store, campus):
    tab = _tab(qtbot, store, campus.clerk)
    with qtbot.waitSignal(tab.failed, timeout=20000) as sig:
        tab.plan_button.click()
    assert "whole campus" in sig.args[0] and tab.plan is None and _open(store) == 4


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_batch_checkout_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("batch")
        with qtbot.waitSignal(page.tab_loaded, timeout=20000):
            page.show_tab("checkout")
        tab = page.checkout
        tab.picker.choose(college="计算机学院", class_name="计科2201")
        with qtbot.waitSignal(tab.planned, timeout=20000):
            tab.plan_button.click()
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            qtbot.wait(50)
            window.grab().save(os.path.join(FOLDER, f"batch-checkout-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
