"""A training store's window is visibly not the real counter: the title starts with 培训 TRAINING, a
striped strip across the top says practice only (in both languages, whatever the window speaks), and
the administration window (where a clerk practises batch opening) says it too. `python main.py training`
makes the training store once and opens the window on it. Screenshots into DORMWATT_SCREENSHOTS
(training-1366-en.png, training-1366-zh_CN.png) when that is set."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea

from app import operators
from app.campus.cards import load_cards
from app.care import training
from app.demo.campus import DEMO_PASSWORDS
from ui import i18n
from ui.admin.window import AdminWindow
from ui.app_context import AppContext
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent.parent
SHOTS = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    folder = tmp_path_factory.mktemp("training")
    opened = training.open_training_store(f"sqlite:///{folder / 'training.db'}", folder=folder, rooms=60, days=2,
                                          seed=7)
    clerk = operators.authenticate(opened.store, "clerk", DEMO_PASSWORDS["clerk"])
    yield opened.store, clerk
    opened.store.dispose()


def _window(qtbot, ctx: AppContext, size=(1366, 768)) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(*size)
    w.show()
    with qtbot.waitSignal(w.ready, timeout=15000):
        w.reload()
    return w


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_training_window_says_training_in_its_title_and_a_strip_across_the_top(qtbot, qapp, practice,
                                                                                   language):
    store, clerk = practice
    if language != "en":
        assert i18n.install_translations(qapp, language) == language
    try:
        w = _window(qtbot, AppContext(store=store, actor=clerk, school="东华理工大学", training=True))
        assert w.windowTitle().startswith("培训 TRAINING — ")
        assert "东华理工大学" in w.windowTitle()
        banner = w.findChild(QLabel, "trainingBanner")
        assert banner is not None and banner.isVisible()
        assert banner.text().startswith("培训模式 TRAINING") and "practice only" in banner.text()
        assert "练习用，不是真实收款" in banner.text()
        # across the top of the window, above the search box, and not cut off
        top = banner.mapTo(w, banner.rect().topLeft()).y()
        assert top < w.search.mapTo(w, w.search.rect().topLeft()).y()
        assert banner.width() >= banner.fontMetrics().horizontalAdvance(banner.text())
        mark = w.findChild(QLabel, "trainingMark")
        assert mark is not None and mark.isVisible() and mark.text() == "培训 TRAINING"
        assert w.findChild(QLabel, "demoBanner") is None
        # the strip costs the room panel no button on the office's smaller screen
        card = next(c for c in load_cards(store) if c.occupants >= 3)
        with qtbot.waitSignal(w.room_panel.loaded, timeout=10000):
            w.show_room(card.room_id)
        qtbot.wait(50)
        viewport = w.room_panel.findChild(QScrollArea).viewport()
        buttons = [b for b in w.room_panel.findChildren(QPushButton) if b.isVisible()]
        assert buttons
        below = [b.text() for b in buttons
                 if not viewport.rect().contains(QRect(b.mapTo(viewport, QPoint(0, 0)), b.size()))]
        assert below == [], f"out of sight: {below}"
        QApplication.processEvents()
        if SHOTS:
            w.grab().save(os.path.join(SHOTS, f"training-1366-{language}.png"))
    finally:
        if language != "en":
            i18n.remove_translations(qapp)


def test_the_administration_window_of_a_training_store_says_so_too(qtbot, practice):
    store, clerk = practice
    admin = AdminWindow(AppContext(store=store, actor=clerk, school="东华理工大学", training=True))
    qtbot.addWidget(admin)
    admin.show()
    admin.show_page("batch")
    assert admin.windowTitle().startswith("培训 TRAINING — ")
    banner = admin.findChild(QLabel, "trainingBanner")
    assert banner is not None and banner.isVisible()


def test_a_real_stores_window_has_no_training_mark(qtbot, demo_db):
    from db.engine import Store

    store = Store(demo_db)
    try:
        clerk = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
        w = _window(qtbot, AppContext(store=store, actor=clerk, school="东华理工大学"))
        assert "TRAINING" not in w.windowTitle() and "培训" not in w.windowTitle()
        assert w.findChild(QLabel, "trainingBanner") is None and w.findChild(QLabel, "trainingMark") is None
    finally:
        store.dispose()


def test_the_training_command_makes_the_store_once_and_opens_the_window(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=180, env=env)

    first = run("training", "--rooms", "30", "--no-meters", "--smoke-exit")
    assert first.returncode == 0, first.stderr
    assert "Creating the training store" in first.stdout and "ready: 30 rooms" in first.stdout
    assert (tmp_path / "DormWatt" / "training.db").exists()
    roster = tmp_path / "DormWatt" / "training" / training.ROSTER_NAME
    assert roster.exists() and str(roster) in first.stdout
    second = run("training", "--no-meters", "--smoke-exit")
    assert second.returncode == 0 and "Creating" not in second.stdout and "ready: 30 rooms" in second.stdout
    # the demo's store is another file: the demo never becomes the training store, nor the other way round
    assert not (tmp_path / "DormWatt" / "demo.db").exists()
