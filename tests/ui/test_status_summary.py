"""The status bar sums the lines up in one item, details in the bus panel (issue 9 item 11): result
messages stay visible, the operator and the shift are never cut."""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from tests.factories import make_campus
from tests.ui.test_status_panel import FakeBus, _stats
from ui.app_context import AppContext
from ui.status_panel import StatusPanel

MESSAGE = "Receipt R20261201-0007: ¥200.00 taken."


def _campus_of_18_lines(store):
    campus = make_campus(store)
    buses = {}
    for i in range(18):
        offline = 1 if i in (3, 7, 11, 15) else 0
        url = f"socket://10.0.{i // 8}.{10 + i}:4196"
        buses[i + 1] = FakeBus(_stats(url, online=48 - offline, offline=offline))
    return campus, buses


def _window(qtbot, ctx, width):
    win = QMainWindow()
    qtbot.addWidget(win)
    panel = StatusPanel(ctx, win.statusBar(), win)
    win.resize(width, 300)
    win.show()
    return win, panel


def test_eighteen_lines_are_one_item_and_the_message_still_shows(qtbot, store):
    campus, buses = _campus_of_18_lines(store)
    ctx = AppContext(store=store, actor=campus.clerk, runtime=SimpleNamespace(buses=buses, listeners=[]))
    win, panel = _window(qtbot, ctx, 1366)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("18/18 lines · 860/864 meters online"), timeout=3000)
    qtbot.waitUntil(lambda: panel.shift_button.text() == "No open shift", timeout=3000)
    win.statusBar().showMessage(MESSAGE)
    qtbot.waitUntil(lambda: panel.summary.width() >= panel.summary.sizeHint().width(), timeout=2000)
    bar = win.statusBar()
    room_for_message = bar.width() - panel.width()
    assert room_for_message >= bar.fontMetrics().horizontalAdvance(MESSAGE) + 20
    for w in (panel.operator, panel.shift_button, panel.summary):
        assert w.width() >= w.sizeHint().width(), w.objectName()


def test_a_narrow_window_still_shows_operator_and_shift_whole(qtbot, store):
    campus, buses = _campus_of_18_lines(store)
    ctx = AppContext(store=store, actor=campus.clerk, runtime=SimpleNamespace(buses=buses, listeners=[]))
    win, panel = _window(qtbot, ctx, 900)
    qtbot.waitUntil(lambda: panel.shift_button.text() == "No open shift", timeout=3000)
    qtbot.waitUntil(lambda: panel.shift_button.width() >= panel.shift_button.sizeHint().width(), timeout=2000)
    assert panel.operator.width() >= panel.operator.sizeHint().width()


def test_a_click_opens_the_bus_panel_with_a_row_per_line(qtbot, store):
    campus, buses = _campus_of_18_lines(store)
    ctx = AppContext(store=store, actor=campus.clerk, runtime=SimpleNamespace(buses=buses, listeners=[]))
    win, panel = _window(qtbot, ctx, 1366)
    qtbot.waitUntil(lambda: panel.summary.text().startswith("18/18"), timeout=3000)
    qtbot.mouseClick(panel.summary, Qt.MouseButton.LeftButton)
    bus_panel = panel.bus_panel
    assert bus_panel is not None and bus_panel.isVisible()
    assert bus_panel.table.rowCount() == 18
    names = [bus_panel.text(r, 0) for r in range(18)]
    assert "10.0.0.13:4196" in names
    row = names.index("10.0.0.13:4196")                 # bus 4: one meter offline
    assert bus_panel.text(row, 2) == "47/48"

    # A port the service reports closed: the summary turns red at once, the panel says which.
    url = buses[4].url
    ctx.bridge.bus_state.emit(url, False, "[Errno 111] Connection refused")
    assert panel.summary.text().startswith("17/18 lines")
    assert "b02a37" in panel.summary.styleSheet()
    assert bus_panel.text(row, 1) == "port closed"
    buses[4].current = replace(buses[4].current, online=48, offline=0)
    ctx.bridge.bus_state.emit(url, True, "")
    qtbot.waitUntil(lambda: panel.summary.text().startswith("18/18 lines · 861/864"), timeout=3000)
