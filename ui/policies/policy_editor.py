"""`PolicyEditor`: the dialog that edits one power-policy template, and `edit_policy`, which runs it.

One tab per branch (lighting, sockets, air conditioning): schedule on/off, holiday power-off, a
`WeekGrid` of its workday and rest-day off periods, and beside it low-power mode (limit W, delay s)
and standby monitoring (threshold mA, delay s). Every branch has all of them, as the meter allows;
the policy given decides which are on. Under the tabs, a preview: a date (first `preview_day`) and
the `TimelineView` of the plan being edited on that day under the given calendar, redrawn on every
change. OK stays disabled while `app.policies.schedule.plan_problems` finds anything (or the name is
empty) and the first problem shows above the buttons. Nothing is saved here: the caller saves what
`edit_policy` returns.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch
from app.policies.model import BranchPlan, PolicyPlan
from app.policies.schedule import day_kind, day_timeline, plan_problems
from drivers.ddsy_records import Calendar
from ui.dialogs import ERROR_STYLE
from ui.i18n import _, tr_message
from ui.policies.timeline_view import TimelineView, day_title
from ui.policies.week_grid import WeekGrid

U16 = 65535   # the spin boxes take what a register holds; plan_problems says what the meter accepts


def _spin(parent: QWidget, name: str, value: int) -> QSpinBox:
    box = QSpinBox(parent)
    box.setObjectName(name)
    box.setRange(0, U16)
    box.setValue(value)
    return box


def _setting_group(parent: QWidget, name: str, title: str, fields: tuple[tuple[str, str, int], ...],
                   note: str) -> tuple[QGroupBox, QSpinBox, QSpinBox]:
    """A checkable box of two number fields with a note below: (box, first spin box, second spin box).
    `fields` are (object-name suffix, label, value); the spin boxes are named `name` + suffix."""
    box = QGroupBox(title, parent)
    box.setCheckable(True)
    box.setObjectName(name)
    form = QFormLayout(box)
    spins = []
    for suffix, label, value in fields:
        spin = _spin(box, name + suffix, value)
        form.addRow(label, spin)
        spins.append(spin)
    text = QLabel(note, box)
    text.setWordWrap(True)
    form.addRow(text)
    return box, spins[0], spins[1]


class BranchPane(QWidget):
    """One branch's settings; `plan()` is what they say now, `changed` fires on every edit."""

    changed = Signal()

    def __init__(self, branch: int, plan: BranchPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.branch = branch
        self.setObjectName(f"branch{branch}")
        self.schedule = QCheckBox(_("Off periods in force (schedule on)"), self)
        self.schedule.setObjectName(f"branch{branch}Schedule")
        self.holiday_off = QCheckBox(_("Power off all day on holidays"), self)
        self.holiday_off.setObjectName(f"branch{branch}HolidayOff")
        self.grid = WeekGrid(self)
        self.grid.setObjectName(f"branch{branch}Grid")
        hint = QLabel(_("Drag on a row to paint an off period (15-minute steps); keep dragging past 24:00 for a "
                        "period that runs past midnight. Drag a bar to move it, its ends to resize it; right-click "
                        "or Delete removes it. Each day uses only its own table."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#57606a;")

        self.low_power, self.low_power_w, self.low_power_s = _setting_group(
            self, f"branch{branch}LowPower", _("Low-power mode during off periods"),
            (("W", _("Power limit (W)"), plan.low_power_w), ("S", _("Delay before tripping (s)"), plan.low_power_s)),
            _("Small loads such as phone chargers stay on; more than the limit for longer than the "
              "delay trips the branch until the off period ends."))
        self.standby, self.standby_ma, self.standby_s = _setting_group(
            self, f"branch{branch}Standby", _("Standby monitoring (air conditioner unplugged)"),
            (("Ma", _("Current threshold (mA)"), plan.standby_ma), ("S", _("Delay before tripping (s)"), plan.standby_s)),
            _("Less current than the threshold for longer than the delay opens the branch until "
              "someone releases it."))

        left = QVBoxLayout()
        left.addWidget(self.schedule)
        left.addWidget(self.holiday_off)
        left.addWidget(self.grid)
        left.addWidget(hint)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.low_power)
        right.addWidget(self.standby)
        right.addStretch(1)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 3)
        lay.addLayout(right, 1)
        self.set_plan(plan)
        for box in (self.schedule, self.holiday_off, self.low_power, self.standby):
            box.toggled.connect(self.changed)
        for spin in (self.low_power_w, self.low_power_s, self.standby_ma, self.standby_s):
            spin.valueChanged.connect(self.changed)
        self.grid.changed.connect(self.changed)

    def set_plan(self, plan: BranchPlan) -> None:
        self.schedule.setChecked(plan.schedule)
        self.holiday_off.setChecked(plan.holiday_off)
        self.low_power.setChecked(plan.low_power)
        self.standby.setChecked(plan.standby)
        self.low_power_w.setValue(plan.low_power_w)
        self.low_power_s.setValue(plan.low_power_s)
        self.standby_ma.setValue(plan.standby_ma)
        self.standby_s.setValue(plan.standby_s)
        self.grid.set_tables(plan.workday, plan.restday)

    def plan(self) -> BranchPlan:
        workday, restday = self.grid.tables()
        return BranchPlan(self.schedule.isChecked(), self.holiday_off.isChecked(), self.low_power.isChecked(),
                          self.standby.isChecked(), self.low_power_w.value(), self.low_power_s.value(),
                          self.standby_ma.value(), self.standby_s.value(), workday, restday)


class PolicyEditor(QDialog):
    def __init__(self, parent: QWidget | None, *, name: str, plan: PolicyPlan, calendar: Calendar,
                 preview_day: dt.date) -> None:
        super().__init__(parent)
        self.setObjectName("policyEditor")
        self.setWindowTitle(_("Power policy"))
        self.calendar = calendar
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("policyName")
        self.name_edit.setMaxLength(120)
        self.tabs = QTabWidget(self)
        self.panes = [BranchPane(b, plan.branches[b], self) for b in range(3)]
        for b, pane in enumerate(self.panes):
            self.tabs.addTab(pane, _(BRANCH_NAMES[Branch(b)]))
            pane.changed.connect(self._changed)
        self.preview_date = QDateEdit(QDate(preview_day.year, preview_day.month, preview_day.day), self)
        self.preview_date.setObjectName("previewDate")
        self.preview_date.setCalendarPopup(True)
        self.preview_date.setDisplayFormat("yyyy-MM-dd")
        self.timeline = TimelineView(self)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        top = QFormLayout()
        top.addRow(_("Policy name"), self.name_edit)
        preview = QGroupBox(_("Preview"), self)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Day"), preview))
        row.addWidget(self.preview_date)
        row.addStretch(1)
        pv = QVBoxLayout(preview)
        pv.addLayout(row)
        pv.addWidget(self.timeline)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(preview)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)
        self.name_edit.textChanged.connect(self._changed)
        self.preview_date.dateChanged.connect(self._changed)
        self.resize(1100, 700)
        self._changed()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def plan(self) -> PolicyPlan:
        return PolicyPlan(tuple(p.plan() for p in self.panes))  # type: ignore[arg-type]

    def preview_day(self) -> dt.date:
        return self.preview_date.date().toPython()  # type: ignore[return-value]

    def problem_text(self) -> str:
        """The first thing that keeps OK disabled, as shown; empty when OK is enabled."""
        return self.error.text()

    def _changed(self) -> None:
        plan = self.plan()
        day = self.preview_day()
        self.timeline.set_timeline(day_timeline(self.calendar, plan, day), day_title(day, day_kind(self.calendar, day)))
        problems = plan_problems(plan)
        text = ""
        if not self.name():
            text = _("Give the policy a name.")
        elif problems:
            first = problems[0]
            where = _(BRANCH_NAMES[Branch(first.branch)]) if first.branch is not None else ""
            text = _("{branch}: {problem}").format(branch=where, problem=tr_message(first.message)) if where \
                else tr_message(first.message)
        for b in range(len(self.panes)):
            bad = any(p.branch == b for p in problems)
            self.tabs.setTabText(b, _(BRANCH_NAMES[Branch(b)]) + (" ⚠" if bad else ""))
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.ok.setEnabled(not text)

    def accept(self) -> None:
        if self.ok.isEnabled():
            super().accept()

    def result_value(self) -> tuple[str, PolicyPlan]:
        return self.name(), self.plan()


def edit_policy(parent: QWidget | None, *, name: str, plan: PolicyPlan, calendar: Calendar,
                preview_day: dt.date) -> tuple[str, PolicyPlan] | None:
    """Open the editor on `name` and `plan` (modal); the edited (name, plan) on OK, None on Cancel.
    A plan returned has no `plan_problems` and a non-empty name."""
    dialog = PolicyEditor(parent, name=name, plan=plan, calendar=calendar, preview_day=preview_day)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value()
        return None
    finally:
        dialog.deleteLater()

