"""Closing a shift whose drawer does not match asks first; the menu offers only the shift action that applies."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.dialogs.shift_dialogs import CloseShiftDialog, show_shift_actions


@pytest.fixture
def campus(store):
    c = make_campus(store)
    room = c.rooms["B1-101"]
    occupancy.check_in(store, c.clerk, c.students["202610000"], room, "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    payments.recharge(store, c.clerk, room_id=room, utility="water", amount=Money(2500), method="cash",
                      key="close-confirm-1")
    return c


@pytest.fixture
def dialog(qtbot, store, campus):
    d = CloseShiftDialog(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.ok.isEnabled(), timeout=5000)
    return d


def test_a_drawer_that_is_short_asks_before_closing(qtbot, dialog, store, campus):
    qtbot.keyClicks(dialog.amount, "120")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question.isVisible(), timeout=5000)
    assert dialog.question.text() == ("The drawer is ¥5.00 short: ¥125.00 expected, ¥120.00 counted. "
                                      "Count again, or close the shift with this difference.")
    assert dialog.ok.text() == "Close with the difference" and dialog.ok.isEnabled()
    assert shifts.current_shift(store, campus.clerk) is not None        # nothing closed yet
    with qtbot.waitSignal(dialog.closed, timeout=5000):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert shifts.current_shift(store, campus.clerk) is None
    assert dialog.difference.text() == "Difference: -¥5.00"
    assert not dialog.question.isVisible()


def test_counting_again_after_the_question_asks_about_the_new_count(qtbot, dialog, store, campus):
    qtbot.keyClicks(dialog.amount, "130")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.question.isVisible(), timeout=5000)
    assert dialog.question.text().startswith("The drawer is ¥5.00 over: ¥125.00 expected, ¥130.00 counted.")
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "126")            # a new count: the old answer no longer applies
    assert not dialog.question.isVisible() and dialog.ok.text() == "Close shift"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "¥126.00 counted" in dialog.question.text(), timeout=5000)
    assert shifts.current_shift(store, campus.clerk) is not None


def test_a_drawer_that_matches_closes_at_once(qtbot, dialog, store, campus):
    qtbot.keyClicks(dialog.amount, "125")
    with qtbot.waitSignal(dialog.closed, timeout=5000):
        qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert shifts.current_shift(store, campus.clerk) is None
    assert dialog.difference.text() == "Difference: none, the drawer is right."


def test_the_menu_offers_only_the_shift_action_that_applies(qtbot, store, campus):
    open_action, close_action = QAction("Open shift…"), QAction("Close shift…")
    show_shift_actions(open_action, close_action, shifts.current_shift(store, campus.clerk))
    assert (open_action.isVisible(), close_action.isVisible()) == (False, True)
    shifts.close_shift(store, campus.clerk, Money(12500))
    show_shift_actions(open_action, close_action, shifts.current_shift(store, campus.clerk))
    assert (open_action.isVisible(), close_action.isVisible()) == (True, False)
