"""The policy editor dialog: the issue's example policy (lighting workdays 23:00–06:00, rest days
00:30–06:00, holiday off; sockets low-power 300 W / 60 s; air conditioning standby 80 mA / 120 s)
built with the mouse and the form, returned by OK unchanged, previewed on a pinned Tuesday, a
Saturday and a holiday; OK held back while the plan has a problem, which is shown. With
DORMWATT_SCREENSHOTS set, pictures policy-editor-{en,zh_CN}-1366.png go there."""
from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.policies.model import BranchPlan, Period, PolicyPlan
from app.policies.schedule import BranchMode, Segment
from drivers.bus_clock import day_number
from drivers.ddsy_records import Calendar
from ui.policies.policy_editor import PolicyEditor, edit_policy

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")
TUESDAY = dt.date(2026, 12, 8)
CALENDAR = Calendar(True, day_number(dt.date(2026, 9, 1)), day_number(dt.date(2027, 1, 20)), 0x60,
                    ((day_number(dt.date(2027, 1, 1)), day_number(dt.date(2027, 1, 3))),))
NIGHT, LATE_NIGHT = Period(23 * 60, 6 * 60), Period(30, 6 * 60)
EXAMPLE = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=(NIGHT,), restday=(LATE_NIGHT,)),
    BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=(NIGHT,),
               restday=(LATE_NIGHT,)),
    BranchPlan(standby=True, standby_ma=80, standby_s=120),
))
NAME = "Undergraduate lights-off"
OFF, ON, LOW, HOLIDAY = BranchMode.OFF, BranchMode.ON, BranchMode.LOW_POWER, BranchMode.HOLIDAY_OFF


def _editor(qtbot, plan: PolicyPlan = EXAMPLE, name: str = NAME) -> PolicyEditor:
    d = PolicyEditor(None, name=name, plan=plan, calendar=CALENDAR, preview_day=TUESDAY)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    return d


def _paint(grid, table: str, start: float, end: float) -> None:
    QTest.mousePress(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grid.point_for(table, start))
    for i in range(1, 9):
        QTest.mouseMove(grid, grid.point_for(table, start + (end - start) * i / 8))
    QTest.mouseRelease(grid, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, grid.point_for(table, end))


def test_the_example_policy_is_built_in_the_editor_and_ok_returns_it(qtbot):
    d = _editor(qtbot, PolicyPlan(), name="")
    assert not d.ok.isEnabled() and d.problem_text() == "Give the policy a name."
    qtbot.keyClicks(d.name_edit, NAME)
    lighting, sockets, aircon = d.panes
    for pane in (lighting, sockets):
        d.tabs.setCurrentWidget(pane)
        pane.schedule.setChecked(True)
        _paint(pane.grid, "workday", 23 * 60, 30 * 60)           # past the right edge: until 06:00
        _paint(pane.grid, "restday", 30, 6 * 60)
    lighting.holiday_off.setChecked(True)
    sockets.low_power.setChecked(True)
    sockets.low_power_w.setValue(300)
    sockets.low_power_s.setValue(60)
    d.tabs.setCurrentWidget(aircon)
    aircon.standby.setChecked(True)
    aircon.standby_ma.setValue(80)
    aircon.standby_s.setValue(120)
    assert d.ok.isEnabled() and d.problem_text() == ""
    assert d.result_value() == (NAME, EXAMPLE)


def test_edit_policy_returns_the_policy_unchanged_on_ok_and_none_on_cancel(qtbot):
    def press(button: str) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PolicyEditor)
        qtbot.waitExposed(dialog)
        (dialog.ok if button == "ok" else dialog.buttons.button(dialog.buttons.StandardButton.Cancel)).click()

    QTimer.singleShot(0, lambda: press("ok"))
    assert edit_policy(None, name=NAME, plan=EXAMPLE, calendar=CALENDAR, preview_day=TUESDAY) == (NAME, EXAMPLE)
    QTimer.singleShot(0, lambda: press("cancel"))
    assert edit_policy(None, name=NAME, plan=EXAMPLE, calendar=CALENDAR, preview_day=TUESDAY) is None


def test_the_preview_shows_a_tuesday_night_a_saturday_and_a_holiday(qtbot):
    d = _editor(qtbot)
    assert d.timeline.title() == "Tuesday 2026-12-08 (workday)"
    lighting, sockets, aircon = d.timeline.segments()
    assert lighting == (Segment(0, 360, OFF), Segment(360, 1380, ON), Segment(1380, 1440, OFF))
    assert sockets == (Segment(0, 360, LOW), Segment(360, 1380, ON), Segment(1380, 1440, LOW))
    assert aircon == (Segment(0, 1440, ON),)
    assert d.timeline.mode_at(0, 23 * 60) is OFF and d.timeline.mode_at(0, 22 * 60 + 59) is ON

    d.preview_date.setDate(QDate(2026, 12, 12))
    assert d.timeline.title() == "Saturday 2026-12-12 (rest day)"
    assert d.timeline.segments()[0] == (Segment(0, 30, ON), Segment(30, 360, OFF), Segment(360, 1440, ON))
    d.preview_date.setDate(QDate(2027, 1, 1))
    assert d.timeline.title() == "Friday 2027-01-01 (holiday)"
    assert d.timeline.segments()[0] == (Segment(0, 1440, HOLIDAY),)

    # live: lighting's workday night now starts at 22:00 (its start dragged an hour earlier)
    d.preview_date.setDate(QDate(2026, 12, 8))
    grid = d.panes[0].grid
    _paint(grid, "workday", 23 * 60, 22 * 60)
    assert d.timeline.segments()[0][-1] == Segment(1320, 1440, OFF)


def test_ok_is_held_back_while_the_plan_has_a_problem(qtbot):
    d = _editor(qtbot)
    d.tabs.setCurrentIndex(1)
    d.panes[1].low_power_w.setValue(0)
    assert not d.ok.isEnabled()
    assert d.problem_text() == "Sockets: The low-power limit must be 1–5000 W."
    QTest.keyClick(d, Qt.Key.Key_Return)
    assert d.isVisible() and d.result() == 0
    d.panes[1].low_power_w.setValue(5000)
    assert d.ok.isEnabled() and not d.error.isVisible()

    crowded = BranchPlan(schedule=True, workday=tuple(Period(h * 60, h * 60 + 30) for h in range(9)))
    d2 = _editor(qtbot, PolicyPlan((crowded, BranchPlan(), BranchPlan())))
    assert not d2.ok.isEnabled()
    assert d2.problem_text() == "Lighting: At most 8 off periods per table; this one has 9."
    d2.panes[0].grid.select("workday", Period(0, 30))
    QTest.keyClick(d2.panes[0].grid, Qt.Key.Key_Delete)     # removing one puts it right
    assert d2.ok.isEnabled() and len(d2.plan().branches[0].workday) == 8


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_policy_editor_screenshots(qtbot, qapp, language):
    from ui import i18n

    i18n.install_translations(qapp, language)
    try:
        d = _editor(qtbot)
        d.tabs.setCurrentIndex(1)
        d.resize(1366, 768)
        QApplication.processEvents()
        d.grab().save(os.path.join(FOLDER, f"policy-editor-{language}-1366.png"))
        d.tabs.setCurrentIndex(0)
        QApplication.processEvents()
        d.grab().save(os.path.join(FOLDER, f"policy-editor-lighting-{language}-1366.png"))
    finally:
        i18n.remove_translations(qapp)
