"""The administration window's start page (issue 10 item 8): the set-up checklist from the store, "Do it"
showing the page that does a step, skipped steps kept listed, reread each time the page is shown."""
from __future__ import annotations

import gc
import os
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from sqlalchemy import func, select

from app.campus import campus_setup, setup_progress
from app.campus.first_building import create_first_building
from app.metering import tariffs
from db.models import AuditRecord, Setting
from tests.factories import make_campus
from ui import i18n
from ui.admin import pages
from ui.admin.start_page import open_when_needed
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.tasks import TaskRunner

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture(autouse=True)
def _pages_not_written_yet(monkeypatch):
    """The pages a step leads to are written at the same time as this one: one not there yet is a label."""
    make = pages.Page.make

    def made(self, ctx, parent=None):
        try:
            return make(self, ctx, parent)
        except ImportError:
            return QLabel(self.title, parent)

    monkeypatch.setattr(pages.Page, "make", made)
    yield
    gc.collect()


def _window(qtbot, store, actor) -> AdminWindow:
    window = AdminWindow(AppContext(store=store, actor=actor, school="东华理工大学"))
    qtbot.addWidget(window)
    window.show()
    return window


def _start(qtbot, window: AdminWindow):
    page = window.page_widget("start")
    if page is None:
        page = window.show_page("start")
        qtbot.waitUntil(lambda: bool(page.steps), timeout=10000)
        return page
    with qtbot.waitSignal(page.loaded, timeout=10000):
        window.show_page("start")
    return page


def test_the_checklist_shows_what_is_missing_leads_to_the_page_and_refreshes_when_shown(qtbot, store):
    c = make_campus(store)
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    window = _window(qtbot, store, c.admin)
    page = _start(qtbot, window)
    assert page.state_of("tariffs") == "No electricity or water price is in force today."
    assert page.state_of("meters") == "Done" and page.state_of("students") == "Done"
    assert page.state_of("first_recharge") == "No recharge has reached a meter yet."
    assert page.summary.text() == "7 of 9 steps done; 1 still needed before the office can work."

    with qtbot.waitSignal(window.page_shown, timeout=5000, check_params_cb=lambda key: key == "money"):
        page.buttons["tariffs"].click()
    assert window.stack.currentWidget() is window.page_widget("money")

    tariffs.set_price(store, c.admin, "electricity", 5883, date(2026, 11, 1))
    tariffs.set_price(store, c.admin, "water", 35000, date(2026, 11, 1))
    page = _start(qtbot, window)                       # shown again: read again
    assert page.state_of("tariffs") == "Done" and page.buttons["tariffs"].text() == "Show"
    assert page.summary.text() == "8 of 9 steps done. The office is ready to work."


def test_a_step_skipped_from_the_page_stays_listed_until_done(qtbot, store):
    admin = campus_setup.first_start(store, school="东华理工大学", login="root", display_name="管理员",
                                     password="secret12", port="socket://127.0.0.1:5020")
    window = _window(qtbot, store, admin)
    page = _start(qtbot, window)
    assert page.state_of("buildings") == "No building yet."
    with qtbot.waitSignal(page.loaded, timeout=10000):
        page.skip_buttons["buildings"].click()
    assert page.state_of("buildings") == "Skipped: No building yet." and "buildings" not in page.skip_buttons
    with store.read() as s:
        assert s.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "settings.setup_skipped")) == 1
    create_first_building(store, admin, "B1", "一号楼", 1, 2, 4, "M")
    page = _start(qtbot, window)
    assert page.state_of("buildings") == "Done"
    assert page.state_of("meters") == "2 rooms have no electricity meter and 2 no water meter."


def test_a_clerk_has_no_start_page_and_cannot_skip(qtbot, store):
    c = make_campus(store)
    window = _window(qtbot, store, c.clerk)
    assert window.show_page("start") is None and [p.key for p in window.pages] == ["batch", "reports"]
    assert "start" not in {p.key for p in pages.pages_for(c.tech)}


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_start_page_screenshots(qtbot, qapp, store, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    admin = campus_setup.first_start(store, school="东华理工大学", login="root", display_name="管理员",
                                     password="secret12", port="socket://127.0.0.1:5020")
    create_first_building(store, admin, "B1", "一号学生公寓", 6, 24, 4, "M")
    setup_progress.skip(store, admin, "tariffs")
    i18n.install_translations(qapp, language)
    try:
        window = _window(qtbot, store, admin)
        _start(qtbot, window)
        for width, height in ((1366, 768), (1920, 1080)):
            window.resize(width, height)
            QApplication.processEvents()
            window.grab().save(os.path.join(FOLDER, f"admin-start-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)


def _settled() -> None:
    """Every background task has answered and its answer has been delivered."""
    assert TaskRunner.instance().wait(10000)
    QApplication.processEvents()


def test_after_login_an_administrator_gets_the_start_page_while_steps_remain(qtbot, store):
    c = make_campus(store)
    mains: list[QWidget] = []           # the "main windows", alive until the test ends

    def opened(actor, page=None) -> AdminWindow | None:
        main = QWidget()
        qtbot.addWidget(main)
        mains.append(main)
        open_when_needed(main, AppContext(store=store, actor=actor), page)
        _settled()
        return main.findChild(AdminWindow)

    assert opened(c.clerk) is None
    window = opened(c.admin)                                 # no prices yet, no school name
    assert window is not None and window.stack.currentWidget() is window.page_widget("start")
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    tariffs.set_price(store, c.admin, "electricity", 5883, date(2026, 11, 1))
    tariffs.set_price(store, c.admin, "water", 35000, date(2026, 11, 1))
    assert opened(c.admin) is None                           # only optional steps are left
    window = opened(c.admin, "lines")                        # the wizard chose to scan the line next
    assert window is not None and window.stack.currentWidget() is window.page_widget("lines")
