"""The student history window: a student who checked out is found and their history is shown."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app import clock
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.money import Money
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.student_history import open_student_history


@pytest.fixture
def left(store):
    """202610000: B1-101, moved to B1-102, paid twice, checked out with a settlement and a refund."""
    c = make_campus(store)
    a = c.students["202610000"]
    shifts.open_shift(store, c.clerk, Money(0))
    start = clock.now() - timedelta(days=20)
    occupancy.check_in(store, c.clerk, a, c.rooms["B1-101"], "2", at=start)
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="water", amount=Money(5000),
                      method="cash", payer_id=a, key="u-1")
    occupancy.move(store, c.clerk, a, c.rooms["B1-102"], "1", at=start + timedelta(days=10))
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-102"], utility="water", amount=Money(2000),
                      method="wechat", reference="WX-77", payer_id=a, key="u-2")
    settlement.check_out(store, c.clerk, a, key="u-out")
    occupancy.check_in(store, c.clerk, c.students["202610001"], c.rooms["B1-101"])
    return c, a


def _cells(view, row):
    model = view.model()
    return [model.text(row, c) for c in range(model.columnCount())]


def _open(qtbot, store, campus, student_id=None):
    d = open_student_history(None, AppContext(store=store, actor=campus.clerk, school="东华理工大学"), student_id)
    qtbot.addWidget(d)
    return d


def test_a_student_who_checked_out_is_found_and_shown(qtbot, store, left):
    campus, a = left
    d = _open(qtbot, store, campus)
    assert d.focusWidget() is d.search              # typing goes straight into the search
    qtbot.keyClicks(d.search, "202610000")
    qtbot.keyClick(d.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.results.count() == 1, timeout=5000)
    assert d.results.item(0).text() == "202610000  学生M0  · checked out of B1-102"
    qtbot.waitUntil(lambda: d.history is not None, timeout=5000)       # one match: shown at once
    assert d.header.text() == "学生M0  202610000"
    assert "Checked out of B1-102 on" in d.details.text()
    assert [d.tabs.tabText(i) for i in range(4)] == ["Rooms lived in (2)", "Payments (2)", "Refunds (1)", "Settlements (1)"]
    rooms, pays, refunds, settled = (d.tabs.widget(i) for i in range(4))
    assert [_cells(rooms, r)[:2] for r in range(2)] == [["B1-102", "1"], ["B1-101", "2"]]
    assert _cells(pays, 0)[1:7] == ["B1-102", "Water", "¥20.00", "微信支付 WeChat Pay", "WX-77", _cells(pays, 0)[6]]
    assert _cells(pays, 1)[1:4] == ["B1-101", "Water", "¥50.00"]
    assert _cells(refunds, 0)[1] == "B1-102" and _cells(refunds, 0)[5] == "paid"
    assert _cells(settled, 0)[1] == "B1-102"


def test_the_settlement_statement_prints_from_the_history(qtbot, store, left, monkeypatch):
    import io

    from pypdf import PdfReader

    from ui import printing

    printed = []
    monkeypatch.setattr(printing, "print_pdf", lambda pdf, parent, *, preview=True, title="": printed.append(pdf))
    campus, a = left
    d = _open(qtbot, store, campus, a)
    qtbot.waitUntil(lambda: d.print_statement.isEnabled(), timeout=5000)
    d.print_statement.click()
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(printed[0])).pages)
    assert "202610000" in text


def test_opened_on_a_student_from_the_room_panel(qtbot, store, left):
    campus, _a = left
    still_here = campus.students["202610001"]
    d = _open(qtbot, store, campus, still_here)
    qtbot.waitUntil(lambda: d.history is not None, timeout=5000)
    assert "Lives in B1-101." in d.details.text()
    assert d.tabs.tabText(0) == "Rooms lived in (1)" and _cells(d.tabs.widget(0), 0)[3] == "now"
    assert not d.print_statement.isEnabled()          # no settlement to print


def test_a_search_without_matches_says_so(qtbot, store, left):
    campus, _a = left
    d = _open(qtbot, store, campus)
    qtbot.keyClicks(d.search, "nobody")
    qtbot.keyClick(d.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.search_note.text() != "", timeout=5000)
    assert d.search_note.text() == "No student matches “nobody”." and d.results.count() == 0


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_screenshots(qtbot, qapp, store, left, language):
    """Renders docs/screenshots/student-history-{language}-{1366,1920}.png when DORMWATT_SCREENSHOTS is set."""
    from ui import i18n

    folder = os.environ.get("DORMWATT_SCREENSHOTS")
    if not folder or not store.url.startswith("sqlite"):
        pytest.skip("screenshots only when DORMWATT_SCREENSHOTS is set")
    campus, a = left
    i18n.install_translations(qapp, language)
    try:
        d = _open(qtbot, store, campus)
        qtbot.keyClicks(d.search, "202610000")
        qtbot.keyClick(d.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: d.history is not None, timeout=5000)
        d.tabs.setCurrentIndex(1)
        for width, height in ((1366, 768), (1920, 1080)):
            d.resize(width, height)
            QApplication.processEvents()
            d.grab().save(os.path.join(folder, f"student-history-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
