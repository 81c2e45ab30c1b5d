from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> str:
    """A small demo campus on SQLite, shared read-only by the window tests."""
    from app.demo.campus import create_demo_store

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    store, _ = create_demo_store(url, rooms=60, days=5, seed=7)
    store.dispose()
    return url


@pytest.fixture(scope="session", autouse=True)
def _cjk_font(qapp):
    """The window installs the shipped CJK font at start; so do the tests, for true screenshots."""
    from ui.application import install_fonts

    install_fonts(qapp)


@pytest.fixture(scope="session", autouse=True)
def _private_settings(tmp_path_factory, qapp):
    """Window layouts and preferences go to a temporary folder, never the user's own settings."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


@pytest.fixture(autouse=True)
def _default_layout():
    """Each test opens the main window in its default layout: a window an earlier test closed saved its
    geometry and docks (as it does for an office), which would otherwise carry over."""
    from PySide6.QtCore import QSettings

    settings = QSettings()
    for key in ("main/geometry", "main/state"):
        settings.remove(key)
    yield


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """As the application does (ui.application.make_app): no cyclic collection on worker threads,
    where freeing a widget would crash Qt; collect on the GUI thread after each test (closed dialogs
    sit in reference cycles: signals to their own methods). What survives is frozen, as the window
    freezes what its start-up made, so the next test's collection walks only that test's objects
    (a full walk of everything the session holds took a worker most of its time). The one fixture
    for every Qt test: test modules do not add their own."""
    import gc

    was = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    gc.freeze()
    if was:
        gc.enable()


@pytest.fixture
def demo_window(qtbot, demo_db):
    """The main window on the demo campus, logged in as its clerk, once its rooms and search are loaded."""
    from app import operators
    from app.demo.campus import DEMO_PASSWORDS
    from db.engine import Store
    from ui.app_context import AppContext
    from ui.main_window import MainWindow

    store = Store(demo_db)
    actor = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
    w = MainWindow(AppContext(store=store, actor=actor, school="东华理工大学", demo=True))
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignals([w.ready, w.search_ready], timeout=15000):
        w.reload()
    yield w
    store.dispose()
