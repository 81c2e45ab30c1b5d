"""Every shortcut the window shows works (issue 9 item 11): the Counter menu's function keys open
their dialogs on the selected room, and the room panel's buttons name the same keys."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from app.campus import occupancy
from ui.dialogs.check_in_dialog import CheckInDialog
from ui.dialogs.check_out_dialog import CheckOutDialog
from ui.dialogs.exchange_dialog import ExchangeDialog
from ui.dialogs.recharge_dialog import RechargeDialog
from ui.dialogs.refund_dialog import RefundDialog

KEYS = {Qt.Key.Key_F2: RechargeDialog, Qt.Key.Key_F3: RefundDialog, Qt.Key.Key_F6: CheckInDialog,
        Qt.Key.Key_F7: ExchangeDialog, Qt.Key.Key_F8: CheckOutDialog}


@pytest.fixture
def window(demo_window):
    return demo_window


@pytest.mark.parametrize("key", list(KEYS), ids=lambda k: QKeySequence(k).toString())
def test_each_function_key_opens_its_dialog_on_the_selected_room(qtbot, window, key):
    store = window.ctx.store
    room = next(r for r in range(1, 61) if occupancy.occupants(store, r))
    window.show_room(room)
    qtbot.waitUntil(lambda: window.room_panel.room_id == room, timeout=5000)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, key)
    QApplication.processEvents()
    dialog = window.counter.current
    assert isinstance(dialog, KEYS[key])
    assert dialog.room_id == room if hasattr(dialog, "room_id") else True
    assert dialog.isVisible()
    dialog.reject()


def test_every_shortcut_in_the_menus_is_one_that_works(window):
    shown = {a.shortcut().toString() for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
             for a in menu.actions() if not a.shortcut().isEmpty()}
    assert {"F2", "F3", "F6", "F7", "F8"} <= shown
    for kind, act in window.counter_actions.items():
        assert act.shortcut().toString() in shown, kind


def test_the_room_panel_buttons_name_their_keys(qtbot, window):
    store = window.ctx.store
    room = next(r for r in range(1, 61) if occupancy.occupants(store, r))
    window.show_room(room)
    qtbot.waitUntil(lambda: window.room_panel.detail is not None, timeout=5000)
    tips = {k: b.toolTip() for k, b in window.room_panel.action_buttons.items()}
    assert "F2" in tips["recharge"] and "F3" in tips["refund"] and "F8" in tips["check_out"]


def test_student_history_opens_on_the_student_searched_for(qtbot, window):
    if "student_history" not in window.window_actions:
        pytest.skip("ui/student_history.py is not there yet")
    from ui.student_history import StudentHistoryDialog

    store = window.ctx.store
    room = next(r for r in range(1, 61) if occupancy.occupants(store, r))
    student = occupancy.occupants(store, room)[0]
    qtbot.waitUntil(lambda: window.index is not None, timeout=15000)
    window.search.setText(student.student_no)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.room_panel.room_id == room, timeout=5000)
    qtbot.keyClick(window.grid, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialogs = [d for d in window.findChildren(StudentHistoryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].close()


def test_the_counter_menu_offers_only_the_shift_action_that_applies(qtbot, window):
    from app.counter import shifts
    from app.counter.money import Money

    qtbot.waitUntil(lambda: window.open_shift_action.isVisible() != window.close_shift_action.isVisible(),
                    timeout=5000)
    has_shift = shifts.current_shift(window.ctx.store, window.ctx.actor) is not None
    assert window.close_shift_action.isVisible() == has_shift
    if not has_shift:
        shifts.open_shift(window.ctx.store, window.ctx.actor, Money(0))
        window.status_panel.refresh_shift()
        qtbot.waitUntil(lambda: window.close_shift_action.isVisible(), timeout=5000)
    assert not window.open_shift_action.isVisible()
