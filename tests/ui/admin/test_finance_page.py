"""The Statements and day close page (issue 10 item 6): a real statement file imported through the
page gives its lists with what to do; a bad file says why and imports nothing; the day close is
refused while a shift is open, then closes and prints its numbered report, and a reprint is a COPY."""
from __future__ import annotations

import io
import os

import openpyxl
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from app import clock
from app.campus import occupancy
from app.counter import finance_admin, payments, shifts
from app.counter.money import Money
from db.models import Setting
from tests.factories import make_campus
from ui import i18n, printing
from ui.admin.finance_page import FinancePage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.transactions_view import TransactionsDialog

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def printed(monkeypatch):
    out: list[tuple[str, bytes]] = []
    monkeypatch.setattr(printing, "print_pdf", lambda pdf, parent, *, preview=True, title="": out.append((title, pdf)))
    return out


@pytest.fixture
def office(store):
    """The clerk's open shift took WX001 50.00, WX002 30.00 and WX003 20.00 by WeChat in B1-101."""
    c = make_campus(store, students_per_gender=2)
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    rid, a = c.rooms["B1-101"], c.students["202610000"]
    occupancy.check_in(store, c.clerk, a, rid, "1")
    shifts.open_shift(store, c.clerk, Money(0))
    for ref, fen in (("WX001", 5000), ("WX002", 3000), ("WX003", 2000)):
        payments.recharge(store, c.clerk, room_id=rid, utility="electricity", amount=Money(fen),
                          method="wechat", reference=ref, payer_id=a, key=ref)
    return c


def _xlsx(tmp_path):
    now = clock.local(clock.now()).replace(tzinfo=None)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["微信支付对账单"])
    sheet.append(["交易时间", "商户单号", "交易金额"])
    sheet.append([now, "WX001", 50.00])
    sheet.append([now, "WX002", 30.50])
    sheet.append([now, "WX009", 12.00])
    path = tmp_path / "wechat-statement.xlsx"
    book.save(path)
    return str(path)


def _page(qtbot, store, actor) -> FinancePage:
    page = FinancePage(AppContext(store=store, actor=actor, school="东华理工大学"))
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    with qtbot.waitSignal(page.statements.imports_loaded, timeout=10000):
        page.refresh()
    qtbot.waitUntil(lambda: page.statements.method.count() > 0, timeout=10000)
    return page


def _refs(lst) -> list[str]:
    return [r.reference for r in lst.shown()]


def test_a_statement_imported_through_the_page_shows_its_lists(qtbot, store, office, tmp_path):
    page = _page(qtbot, store, office.admin)
    tab = page.statements
    tab.method.setCurrentIndex(tab.method.findData("wechat"))
    with qtbot.waitSignal(tab.imported, timeout=10000):
        tab.import_file(_xlsx(tmp_path))
    assert _refs(tab.matched) == ["WX001", "WX002"]
    assert _refs(tab.not_on_statement) == ["WX003"]
    assert _refs(tab.not_in_ledger) == ["WX009"]
    assert tab.lists.currentWidget() is tab.not_in_ledger
    assert tab.todo.text() == ("What to do about WX009: Paid at the provider but never posted: find the student and "
                               "post the recharge with this reference.")
    texts = [tab.lists.tabText(i) for i in range(tab.lists.count())]
    assert texts == ["Matched (2)", "Not on the statement (1)", "Not in our ledger (1)", "Rows not read (0)"]
    todo = {r.reference: tab.matched.model.text(i, 8) for i, r in enumerate(tab.matched.rows())}
    assert todo["WX001"].startswith("Nothing") and "¥0.50 more" in todo["WX002"]
    assert "void the recharge" in tab.not_on_statement.model.text(0, 6)
    assert "post the recharge with this reference" in tab.not_in_ledger.model.text(0, 3)
    assert "wechat-statement.xlsx" in tab.summary.text() and "2 matched" in tab.summary.text()

    # the import is listed, and reopens as it was
    qtbot.waitUntil(lambda: len(tab.past.rows()) == 1, timeout=10000)
    assert tab.past.model.text(0, 1) == "wechat-statement.xlsx" and tab.past.model.text(0, 7) == "1"
    tab.matched.set_rows([])
    tab.past.select_where(lambda p: True)
    with qtbot.waitSignal(tab.imported, timeout=10000):
        qtbot.mouseClick(tab.reopen, Qt.MouseButton.LeftButton)
    assert _refs(tab.matched) == ["WX001", "WX002"]

    # a missing one opens in the transaction list, found by its receipt
    tab.lists.setCurrentWidget(tab.not_on_statement)
    tab.not_on_statement.select_where(lambda r: True)
    qtbot.mouseClick(tab.open_transaction, Qt.MouseButton.LeftButton)
    dialog = page.window().findChild(TransactionsDialog) or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, TransactionsDialog))
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.table.item(0, 0).text() == "00000003"


def test_a_bad_file_says_why_and_imports_nothing(qtbot, store, office, tmp_path):
    page = _page(qtbot, store, office.admin)
    tab = page.statements
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(tab.failed, timeout=10000):
        tab.import_file(str(bad))
    assert "notes.csv has no header row" in tab.error.text() and tab.error.isVisible()
    assert finance_admin.imports(store, office.admin) == [] and tab.matched.rows() == []


def test_day_close_refused_while_a_shift_is_open_then_printed_and_reprinted(qtbot, store, office, printed):
    page = _page(qtbot, store, office.admin)
    tab = page.day_close
    with qtbot.waitSignal(tab.state_loaded, timeout=10000):
        page.setCurrentWidget(tab)
    assert "Shifts still open" in tab.status.text() and "王芳" in tab.status.text()

    box = tab.ask_to_close()
    with qtbot.waitSignal(tab.failed, timeout=10000):
        box.button(QMessageBox.StandardButton.Yes).click()
    assert "still open" in tab.error.text() and printed == []

    shifts.close_shift(store, office.clerk, Money(0))
    with qtbot.waitSignal(tab.state_loaded, timeout=10000):
        tab.load_state()
    assert "every shift is closed" in tab.status.text()
    box = tab.ask_to_close()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert finance_admin.day_closes(store, office.admin) == []          # cancelled: nothing closed
    box = tab.ask_to_close()
    with qtbot.waitSignal(tab.printed, timeout=10000):
        box.button(QMessageBox.StandardButton.Yes).click()
    title, pdf = printed[-1]
    assert title == "Day close No. 000001" and "COPY" not in _text(pdf) and "100.00" in _text(pdf)
    qtbot.waitUntil(lambda: [r.prints for r in tab.closes.rows()] == [1], timeout=10000)
    assert "is closed: day close No. 000001" in tab.status.text() and not tab.close_button.isEnabled()

    tab.closes.select_where(lambda r: r.number == 1)
    with qtbot.waitSignal(tab.printed, timeout=10000):
        qtbot.mouseClick(tab.reprint, Qt.MouseButton.LeftButton)
    title, pdf = printed[-1]
    assert "copy, print 2" in title and "副本" in _text(pdf) and "COPY" in _text(pdf)
    qtbot.waitUntil(lambda: [r.prints for r in tab.closes.rows()] == [2], timeout=10000)


def test_a_clerk_is_refused_by_the_services(qtbot, store, office):
    page = FinancePage(AppContext(store=store, actor=office.clerk))
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.statements.failed, timeout=10000):
        page.refresh()
    assert "may not do this" in page.statements.error.text()


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_finance_page_screenshots(qtbot, qapp, store, office, tmp_path, printed, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=office.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("finance")
        tab = page.statements
        qtbot.waitUntil(lambda: tab.method.findData("wechat") >= 0, timeout=10000)
        tab.method.setCurrentIndex(tab.method.findData("wechat"))
        with qtbot.waitSignal(tab.imported, timeout=10000):
            tab.import_file(_xlsx(tmp_path))
        tab.lists.setCurrentWidget(tab.matched)
        tab.matched.select_where(lambda r: r.kind == "differs")
        qtbot.waitUntil(lambda: len(tab.past.rows()) == 1, timeout=10000)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-finance-{language}-{width}.png"))
        shifts.close_shift(store, office.clerk, Money(0))
        finance_admin.close_day(store, office.admin, clock.today())
        with qtbot.waitSignal(page.day_close.closes_loaded, timeout=10000):
            page.setCurrentWidget(page.day_close)
        qtbot.waitUntil(lambda: page.day_close.state is not None, timeout=10000)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-finance-dayclose-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
