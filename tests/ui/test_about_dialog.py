"""Help → About: the version, the store with its password hidden, the folders, "Copy diagnostics" and
"Open log folder"; in both languages on the office's 1366×768 screens."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from sqlalchemy.engine import make_url

from app.care.diagnostics import app_version
from db.engine import Store
from db.migrate import head_revision
from ui import about_dialog, i18n
from ui.about_dialog import AboutDialog

SHOTS = os.environ.get("DORMWATT_SCREENSHOTS")


def _texts(dialog) -> str:
    return "\n".join(w.text() for kind in (QLabel, QLineEdit) for w in dialog.findChildren(kind))


def test_about_shows_the_version_the_store_and_its_schema(qtbot, store):
    dialog = AboutDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "(current)" in dialog.schema.text(), timeout=10000)
    shown = _texts(dialog)
    assert app_version() in dialog.version.text() and app_version() != "unknown"
    assert dialog.schema.text() == f"{head_revision()} (current)"
    password = make_url(store.url).password
    if password:                       # the PostgreSQL backend logs in with one: never on the screen
        assert f":{password}@" not in shown and ":***@" in dialog.store.text()
    assert os.environ["XDG_DATA_HOME"] in dialog.data_folder.text()
    assert dialog.reports_folder.text().endswith("crash-reports")


def test_a_postgresql_password_is_hidden_even_when_the_server_is_away(qtbot):
    store = Store("postgresql+psycopg://dw_app:Zx9-secret@127.0.0.1:1/dormwatt?connect_timeout=3")
    dialog = AboutDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.schema.text().startswith("not readable"), timeout=10000)
    assert dialog.store.text() == "postgresql+psycopg://dw_app:***@127.0.0.1:1/dormwatt?connect_timeout=3"
    assert "Zx9-secret" not in _texts(dialog)
    store.dispose()


def test_copy_diagnostics_puts_the_page_on_the_clipboard(qtbot, store):
    QApplication.clipboard().clear()
    dialog = AboutDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.copied, timeout=10000):
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    assert text.startswith("DormWatt diagnostics")
    assert f"Version: {app_version()}" in text and f"Store schema: {head_revision()} (current)" in text
    assert "Qt: Qt 6." in text and "PySide6" in text
    password = make_url(store.url).password
    assert not password or f":{password}@" not in text
    assert "clipboard" in dialog.status.text() and dialog.copy_button.isEnabled()


def test_open_log_folder_opens_the_folder_or_says_it_could_not(qtbot, store, monkeypatch):
    opened = []
    monkeypatch.setattr(about_dialog, "open_folder", lambda path: opened.append(path) or False)
    dialog = AboutDialog(store)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.open_logs_button, Qt.MouseButton.LeftButton)
    assert opened and opened[0].name == "logs"
    assert str(opened[0]) in dialog.status.text()


def test_help_about_in_the_main_window(qtbot, demo_window):
    demo_window.about_action.trigger()
    dialog = demo_window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_about_fits_the_office_screen_in_both_languages(qtbot, qapp, store, language):
    i18n.install_translations(qapp, language)
    try:
        dialog = AboutDialog(store)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: "(current)" in dialog.schema.text(), timeout=10000)
        hint = dialog.sizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768 - 60      # the task bar and title
        assert dialog.width() <= 1366 and dialog.height() <= 768 - 60
        if SHOTS and store.url.startswith("sqlite"):
            QApplication.processEvents()
            dialog.grab().save(os.path.join(SHOTS, f"about-{language}.png"))
    finally:
        i18n.remove_translations(qapp)
