"""The search box as a clerk meets it (issue 9 item 11): no hit says so and leaves no room selected,
several hits wait for the clerk's choice, a student searched for is the payer, full pinyin works."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.campus import occupancy
from app.campus.search import SearchIndex
from db.engine import Store


@pytest.fixture
def window(demo_window):
    return demo_window


def _search(qtbot, w, text: str) -> None:
    w.search.setText(text)
    qtbot.keyClick(w.search, Qt.Key.Key_Return)


def _press_f2(qtbot, w) -> None:
    qtbot.keyClick(w, Qt.Key.Key_F2)
    QApplication.processEvents()


def test_no_hit_says_so_and_clears_the_room_panel_so_f2_does_nothing_to_the_old_room(qtbot, window):
    _search(qtbot, window, "101")
    qtbot.waitUntil(lambda: window.room_panel.room_id is not None, timeout=5000)
    _search(qtbot, window, "qqqq9")
    qtbot.waitUntil(lambda: window.room_panel.room_id is None, timeout=5000)
    assert window.model.rowCount() == 0
    assert window.search_note.isVisible()
    assert "qqqq9" in window.search_note.text()
    assert window.room_panel.title.text() == "—"
    _press_f2(qtbot, window)
    assert window.counter.current is None                   # no recharge for the room chosen before
    assert "Select a room first" in window.statusBar().currentMessage()


def test_several_hits_wait_for_the_clerks_choice(qtbot, window):
    _search(qtbot, window, "10")      # 101 … 110 on the demo campus's first floors
    qtbot.waitUntil(lambda: window.model.rowCount() > 1, timeout=5000)
    n = window.model.rowCount()
    assert window.room_panel.room_id is None                # Enter did not take the first
    assert str(n) in window.search_note.text()
    _press_f2(qtbot, window)
    assert window.counter.current is None
    # The clerk picks one with the arrow keys; that one is shown.
    qtbot.keyClick(window.grid, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: window.room_panel.room_id is not None, timeout=5000)


def test_a_single_hit_is_selected(qtbot, window):
    _search(qtbot, window, "1-101")
    qtbot.waitUntil(lambda: window.room_panel.room_id is not None, timeout=5000)
    assert window.model.rowCount() == 1
    assert not window.search_note.isVisible() or not window.search_note.text()


def test_the_payer_defaults_to_the_student_searched_for(qtbot, window):
    store = window.ctx.store
    room = next(r for r in range(1, 61) if len(occupancy.occupants(store, r)) >= 2)
    student = occupancy.occupants(store, room)[-1]          # not the first in the list
    _search(qtbot, window, student.student_no)
    qtbot.waitUntil(lambda: window.room_panel.room_id == room, timeout=5000)
    qtbot.waitUntil(lambda: window.room_panel.detail is not None, timeout=5000)
    _press_f2(qtbot, window)
    dialog = window.counter.current
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    assert dialog.payer.currentData() == student.student_id
    dialog.reject()


def test_full_pinyin_finds_a_name(demo_db):
    store = Store(demo_db)
    try:
        index = SearchIndex.build(store)
    finally:
        store.dispose()
    rid, _no, name, _ini = next(p for p in index.people if p[2] == "崔飞涛")
    for text in ("cuifeitao", "CuiFeiTao", "cui fei tao", "cuifei", "cft"):
        assert rid in [h.room_id for h in index.find(text)], text
    assert name == "崔飞涛"
