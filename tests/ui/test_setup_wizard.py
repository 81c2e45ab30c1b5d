"""The first-start wizard (issue 10 item 8): administrator, school and line; then a building, the line's
scan, the prices, each skippable; what was skipped is listed on the start page until done."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import operators
from app.campus import setup_progress
from db.engine import Store
from db.models import Bed, Building, Room, Tariff
from ui import i18n
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.setup_wizard import SetupWizard

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"


@pytest.fixture
def wizard(qtbot, db_url):
    store = Store(db_url)
    w = SetupWizard(store)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    store.dispose()


def _focused(wizard):
    return wizard.focusWidget()


def _type(qtbot, wizard, text: str) -> None:
    widget = _focused(wizard)
    if hasattr(widget, "selectAll"):
        widget.selectAll()
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:                       # Chinese comes from the input method, as a committed string
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def _key(qtbot, wizard, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(wizard), key, modifier)


def _enter_and_wait(qtbot, wizard, page: str) -> None:
    with qtbot.waitSignal(wizard.page_changed, timeout=10000, check_params_cb=lambda key: key == page):
        _key(qtbot, wizard, Qt.Key.Key_Return)


def _first_page_by_keyboard(qtbot, wizard) -> None:
    assert _focused(wizard) is wizard.school_edit           # the first field has the focus from the start
    _type(qtbot, wizard, "东华理工大学")
    _key(qtbot, wizard, Qt.Key.Key_Tab)                     # login: "admin" stays
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    _type(qtbot, wizard, "管理员")
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    _type(qtbot, wizard, "secret12")
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    _type(qtbot, wizard, "secret12")
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    assert _focused(wizard) is wizard.port
    _type(qtbot, wizard, "/dev/serial/by-id/usb-FTDI-if00")
    _enter_and_wait(qtbot, wizard, "building")


def test_wizard_refuses_mismatched_passwords_then_sets_up_the_store(qtbot, wizard):
    store = wizard.store
    wizard.school_edit.setText("东华理工大学")
    wizard.name.setText("管理员")
    wizard.password.setText("secret12")
    wizard.password2.setText("secret2")
    wizard.port.setText("/dev/serial/by-id/usb-FTDI-if00")
    wizard.advance()
    assert wizard.pages["first"].field_error("password2") == "The two passwords differ."
    assert not operators.has_operators(store) and wizard.page_key == "first"
    wizard.password2.setText("secret12")
    wizard.port.setText("  ")
    wizard.advance()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10000)
    assert wizard.pages["first"].field_error("port") == "Enter the first bus: a serial port or a gateway address."
    assert not operators.has_operators(store)
    wizard.port.setText("/dev/serial/by-id/usb-FTDI-if00")
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):
        wizard.advance()
    assert wizard.page_key == "building" and wizard.school == "东华理工大学"
    assert wizard.actor.role == "admin"
    assert operators.authenticate(store, "admin", "secret12").role == "admin"


def test_every_page_by_keyboard_a_skipped_step_stays_on_the_start_page(qtbot, wizard):
    store = wizard.store
    _first_page_by_keyboard(qtbot, wizard)

    # Add a building: code and name typed, the layout changed with the arrow keys, Enter creates it
    assert _focused(wizard) is wizard.building_code
    _type(qtbot, wizard, "B1")
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    _type(qtbot, wizard, "一号楼")
    _key(qtbot, wizard, Qt.Key.Key_Tab)                     # floors
    _type(qtbot, wizard, "2")
    _key(qtbot, wizard, Qt.Key.Key_Tab)                     # rooms per floor
    _type(qtbot, wizard, "3")
    _key(qtbot, wizard, Qt.Key.Key_Tab)                     # beds per room
    _key(qtbot, wizard, Qt.Key.Key_Down)                    # 4 -> 3
    assert wizard.building_preview.text() == "6 rooms (101 to 203), 18 beds"
    _enter_and_wait(qtbot, wizard, "line")
    with store.read() as s:
        assert s.scalar(select(Building.code)) == "B1"
        assert sorted(s.scalars(select(Room.number))) == ["101", "102", "103", "201", "202", "203"]
        assert s.scalar(select(func.count(Bed.id))) == 18

    # Add a line and scan it: Enter means "open the Lines page when set-up ends"
    assert "/dev/serial/by-id/usb-FTDI-if00" in wizard.line_text.text()
    _enter_and_wait(qtbot, wizard, "tariffs")
    assert wizard.open_page == "lines"

    # Set tariffs: skipped with Alt+S; the wizard ends
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        _key(qtbot, wizard, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    assert wizard.skipped == ["tariffs"]
    with store.read() as s:
        assert s.scalar(select(func.count(Tariff.id))) == 0

    # the start page lists the skipped step, marked skipped, with the way to do it
    admin = AdminWindow(AppContext(store=store, actor=wizard.actor, school=wizard.school))
    qtbot.addWidget(admin)
    admin.show()
    page = admin.show_page("start")
    qtbot.waitUntil(lambda: bool(page.steps), timeout=10000)
    assert page.state_of("tariffs") == "Skipped: No electricity or water price is in force today."
    assert page.state_of("buildings") == "Done" and page.state_of("school") == "Done"
    assert page.state_of("meters") == "6 rooms have no electricity meter and 6 no water meter."
    assert page.buttons["tariffs"].isEnabled() and "tariffs" not in page.skip_buttons
    assert setup_progress.needs_attention(store)


def test_a_bad_building_says_why_under_its_field_and_esc_ends_the_wizard_after_the_first_page(qtbot, wizard):
    store = wizard.store
    _first_page_by_keyboard(qtbot, wizard)
    _key(qtbot, wizard, Qt.Key.Key_Return)                   # no code typed
    qtbot.waitUntil(lambda: bool(wizard.pages["building"].field_error("code")), timeout=10000)
    assert wizard.pages["building"].field_error("code") == "Enter the building's code."
    assert _focused(wizard) is wizard.building_code and wizard.page_key == "building"
    with store.read() as s:
        assert s.scalar(select(func.count(Building.id))) == 0
    with qtbot.waitSignal(wizard.accepted, timeout=5000):   # the store exists: Esc ends, it does not cancel
        _key(qtbot, wizard, Qt.Key.Key_Escape)
    assert {s.key for s in setup_progress.remaining(store)} >= {"buildings", "meters", "tariffs"}


def test_prices_typed_in_the_wizard_are_in_force_from_today(qtbot, wizard):
    store = wizard.store
    _first_page_by_keyboard(qtbot, wizard)
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):
        wizard.skip()
    with qtbot.waitSignal(wizard.page_changed, timeout=10000):
        wizard.skip()
    assert wizard.skipped == ["buildings", "meters"] and wizard.open_page == "start"
    assert _focused(wizard) is wizard.electricity_price
    _type(qtbot, wizard, "0.58831")
    _key(qtbot, wizard, Qt.Key.Key_Tab)
    _type(qtbot, wizard, "3.5")
    _key(qtbot, wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(wizard.pages["tariffs"].field_error("electricity")), timeout=10000)
    assert "four decimals" in wizard.pages["tariffs"].field_error("electricity")
    wizard.electricity_price.setText("0.5883")
    with qtbot.waitSignal(wizard.accepted, timeout=10000):
        wizard.advance()
    states = {s.key: s.state for s in setup_progress.progress(store)}
    assert states["tariffs"] == "done" and states["buildings"] == "skipped" and states["meters"] == "skipped"


def test_the_chinese_catalogue_covers_the_wizard_and_the_checklist():
    """Every text of the wizard, the start page and the checklist's sentences has Chinese."""
    import sys

    from app.campus.setup_progress import STEP_TITLES

    sys.path.insert(0, str(TRANSLATIONS))
    try:
        import extract
    finally:
        sys.path.remove(str(TRANSLATIONS))
    root = TRANSLATIONS.parent.parent
    texts = {key[0] for path in ("ui/setup_wizard.py", "ui/admin/start_page.py")
             for key, _line in extract.strings_in(root / path)} | set(STEP_TITLES.values())
    classes = extract.error_classes()
    messages = {text for path in ("app/campus/setup_progress.py", "app/campus/first_building.py",
                                  "app/campus/campus_setup.py")
                for text, _line in extract.templates_in(root / path, classes)}
    for found, context in ((texts, extract.CONTEXT), (messages, extract.MESSAGE_CONTEXT)):
        known = {key[0] for key, tr in extract.read_ts(context=context).items() if tr}
        assert sorted(found - known) == [], context


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_wizard_screenshots(qtbot, qapp, wizard, language):
    if not wizard.store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        w = SetupWizard(wizard.store)
        qtbot.addWidget(w)
        w.show()
        w.school_edit.setText("东华理工大学")
        w.name.setText("管理员")
        w.password.setText("secret12")
        w.password2.setText("secret12")
        w.port.setText("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K5XYZ-if00-port0")
        _save(w, f"setup-wizard-first-{language}")
        with qtbot.waitSignal(w.page_changed, timeout=10000):
            w.advance()
        w.building_code.setText("B1")
        w.building_name.setText("一号学生公寓")
        _save(w, f"setup-wizard-building-{language}")
        with qtbot.waitSignal(w.page_changed, timeout=10000):
            w.advance()
        _save(w, f"setup-wizard-line-{language}")
        with qtbot.waitSignal(w.page_changed, timeout=10000):
            w.advance()
        w.electricity_price.setText("0.5883")
        w.water_price.setText("3.50")
        _save(w, f"setup-wizard-tariffs-{language}")
    finally:
        i18n.remove_translations(qapp)


def _save(widget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(os.path.join(FOLDER, f"{name}.png"))
