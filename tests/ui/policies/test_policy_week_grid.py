"""The weekly off-period editor driven as a person drives it: mouse drags paint, wrap past midnight,
move and resize bars; a 9th period and an overlap are refused with the reason under the grid; Tab
reaches the grid and the arrow keys move the selected bar; what is drawn is what the meter applies."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.policies.model import RESTDAY, WORKDAY, Period
from ui.policies.week_grid import BAR, BAR_SELECTED, ROW_BG, WeekGrid

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def grid(qtbot) -> WeekGrid:
    g = WeekGrid()
    qtbot.addWidget(g)
    g.resize(84 + 720 + 10, 170)     # half a pixel per minute
    g.show()
    qtbot.waitExposed(g)
    return g


def drag(grid: WeekGrid, table: str, start: float, end: float, *, release: bool = True) -> None:
    """Press at minute `start` of `table`'s row, move in steps to `end` (past 1440 = beyond the right
    edge), release."""
    QTest.mousePress(grid, LEFT, Qt.KeyboardModifier.NoModifier, grid.point_for(table, start))
    steps = 8
    for i in range(1, steps + 1):
        QTest.mouseMove(grid, grid.point_for(table, start + (end - start) * i / steps))
    if release:
        QTest.mouseRelease(grid, LEFT, Qt.KeyboardModifier.NoModifier, grid.point_for(table, end))


def colour_at(grid: WeekGrid, table: str, minute: float) -> QColor:
    return grid.grab().toImage().pixelColor(grid.point_for(table, minute) + QPoint(0, -8))


def test_dragging_past_the_right_edge_paints_a_period_across_midnight(qtbot, grid):
    with qtbot.waitSignal(grid.changed):
        drag(grid, WORKDAY, 23 * 60, 24 * 60 + 6 * 60)
    assert grid.tables() == ((Period(1380, 360),), ())
    assert grid.problems() == [] and not grid.message.isVisible()
    # drawn as the meter applies it: two pieces on the workday row, nothing on the rest-day row
    assert colour_at(grid, WORKDAY, 3 * 60) == BAR_SELECTED
    assert colour_at(grid, WORKDAY, 23 * 60 + 30) == BAR_SELECTED
    assert colour_at(grid, WORKDAY, 12 * 60 + 30) == ROW_BG
    assert colour_at(grid, RESTDAY, 3 * 60 + 30) == ROW_BG


def test_a_period_painted_up_to_midnight_joins_the_morning_one(qtbot, grid):
    drag(grid, RESTDAY, 0, 6 * 60)
    drag(grid, RESTDAY, 23 * 60, 24 * 60)
    assert grid.tables() == ((), (Period(1380, 360),))
    drag(grid, WORKDAY, 6 * 60, 30)        # leftwards paints backwards, snapped to 15 minutes
    assert grid.tables()[0] == (Period(30, 360),)


def test_a_ninth_period_is_refused_with_the_reason_under_the_grid(qtbot, grid):
    eight = tuple(Period(h * 60, h * 60 + 60) for h in range(0, 16, 2))
    grid.set_tables(eight, ())
    drag(grid, WORKDAY, 18 * 60, 19 * 60, release=False)
    assert "At most 8 off periods per table; this one has 9." in grid.message.text()
    assert colour_at(grid, WORKDAY, 18 * 60 + 30) != ROW_BG          # shown (red) while dragging
    QTest.mouseRelease(grid, LEFT, Qt.KeyboardModifier.NoModifier, grid.point_for(WORKDAY, 19 * 60))
    assert grid.tables() == (eight, ())
    assert grid.message.isVisible()
    assert grid.message.text() == "Not changed: At most 8 off periods per table; this one has 9."
    assert colour_at(grid, WORKDAY, 18 * 60 + 30) == ROW_BG


def test_an_overlapping_drag_or_move_is_refused(qtbot, grid):
    grid.set_tables((Period(1380, 360), Period(12 * 60, 13 * 60)), ())
    drag(grid, WORKDAY, 20 * 60, 23 * 60 + 30)
    assert grid.tables()[0] == (Period(720, 780), Period(1380, 360))
    assert "overlap" in grid.message.text() and grid.message.text().startswith("Not changed:")
    # moving the noon bar onto the night one is refused too
    drag(grid, WORKDAY, 12 * 60 + 30, 23 * 60 + 30)
    assert grid.tables()[0] == (Period(720, 780), Period(1380, 360))
    assert "overlap" in grid.message.text()
    # a move that fits is taken, and the message goes
    drag(grid, WORKDAY, 12 * 60 + 30, 14 * 60 + 30)
    assert grid.tables()[0] == (Period(840, 900), Period(1380, 360))
    assert not grid.message.isVisible()


def test_bars_move_across_midnight_and_resize_by_their_ends(qtbot, grid):
    grid.set_tables((Period(21 * 60, 22 * 60),), ())
    drag(grid, WORKDAY, 21 * 60 + 30, 24 * 60)               # body: +150 minutes, wraps past 24:00
    assert grid.tables()[0] == (Period(1410, 30),)
    drag(grid, WORKDAY, 30, 6 * 60)                           # its end, on the morning piece
    assert grid.tables()[0] == (Period(1410, 360),)
    drag(grid, WORKDAY, 1410, 23 * 60)                        # its start, on the evening piece
    assert grid.tables()[0] == (Period(1380, 360),)


def test_right_click_removes_a_bar(qtbot, grid):
    grid.set_tables((Period(1380, 360),), (Period(30, 360),))
    with qtbot.waitSignal(grid.changed):
        QTest.mouseClick(grid, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                         grid.point_for(RESTDAY, 120))
    assert grid.tables() == ((Period(1380, 360),), ())


def test_tab_reaches_the_grid_and_arrows_move_the_selected_bar(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    name = QLineEdit(host)
    grid = WeekGrid(host)
    lay = QVBoxLayout(host)
    lay.addWidget(name)
    lay.addWidget(grid)
    grid.set_tables((Period(1380, 360),), (Period(30, 360),))
    host.resize(820, 220)
    host.show()
    qtbot.waitExposed(host)
    name.setFocus()
    qtbot.waitUntil(name.hasFocus)
    QTest.keyClick(name, Qt.Key.Key_Tab)
    qtbot.waitUntil(grid.hasFocus)
    assert grid.selected() == (WORKDAY, Period(1380, 360))
    with qtbot.waitSignal(grid.changed):
        QTest.keyClick(grid, Qt.Key.Key_Right)
    assert grid.tables()[0] == (Period(1395, 375),)
    QTest.keyClick(grid, Qt.Key.Key_Left)
    QTest.keyClick(grid, Qt.Key.Key_Left)
    assert grid.tables()[0] == (Period(1365, 345),)
    QTest.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)       # one step longer
    assert grid.tables()[0] == (Period(1365, 360),)
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert grid.selected() == (RESTDAY, Period(30, 360))
    QTest.keyClick(grid, Qt.Key.Key_Delete)
    assert grid.tables() == ((Period(1365, 360),), ())
    QTest.keyClick(grid, Qt.Key.Key_Insert)        # the first free hour of the workday row
    assert grid.tables()[0] == (Period(360, 420), Period(1365, 360))


def test_a_wrong_table_given_is_shown_not_hidden(qtbot, grid):
    grid.set_tables((Period(600, 700), Period(650, 800)), ())
    assert [p.table for p in grid.problems()] == [WORKDAY]
    assert grid.message.isVisible() and "overlap" in grid.message.text()
    assert colour_at(grid, WORKDAY, 620) == BAR
