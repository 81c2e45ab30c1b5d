"""The Power policies page of the administration window (issue 11): four tabs — Calendar (terms, rest
days, holidays, what the meters hold today; ui.admin.power_calendar), Policies (the templates, New /
Edit through the policy editor, Retire; here), Assignments (who gets which policy, "Which policy
applies?"; ui.admin.power_assign) and Meters (sync state per line, push with progress and cancel;
ui.admin.power_sync).

Each tab loads in the background when it is shown; every change goes through an app service that
checks the operator's permission, audits and publishes "policies_changed". The page follows that
event (this window's, another workstation's, the meter runtime's) and reloads the tab shown.
"""
from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.policies import calendar_admin, policies
from app.policies.model import NO_POLICY, BranchPlan, PolicyPlan
from ui.admin.power_assign import AssignmentsTab
from ui.admin.power_calendar import CalendarTab, campus_today
from ui.admin.power_sync import MetersTab
from ui.admin.tabbed_page import TabbedPage
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _
from ui.tasks import run_task

BRANCH_SHORT = (N_("Lighting"), N_("Sockets"), N_("AC"))      # branches 0, 1, 2 in a one-line summary


def _periods(periods) -> str:
    return ", ".join(p.label() for p in periods)


def branch_summary(branch: int, b: BranchPlan) -> list[str]:
    """What one branch of a policy does, in short phrases ("Sockets low-power 300 W")."""
    name = _(BRANCH_SHORT[branch])
    out = []
    times = [_("workdays {periods}").format(periods=_periods(b.workday))] if b.workday else []
    if b.restday:
        times.append(_("rest days {periods}").format(periods=_periods(b.restday)))
    if b.schedule and not b.low_power:
        out.append(_("{branch} off {times}").format(branch=name, times=", ".join(times) or _("never")))
    if b.low_power:
        out.append(_("{branch} low-power {watts} W {times}").format(branch=name, watts=b.low_power_w,
                                                                    times=", ".join(times) or _("never")))
    if b.holiday_off:
        out.append(_("{branch} off on holidays").format(branch=name))
    if b.standby:
        out.append(_("{branch} standby {ma} mA").format(branch=name, ma=b.standby_ma))
    return out


def plan_summary(plan: PolicyPlan) -> str:
    """A policy in one line: "Lighting off workdays 23:00–06:00 · Sockets low-power 300 W · AC standby 80 mA"."""
    parts = [p for i, b in enumerate(plan.branches) for p in branch_summary(i, b)]
    return " · ".join(parts) if parts else _("No control")


class PoliciesTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("policiesTab")
        self.calendar = None
        self.list = AdminList([
            Col(_("Power policy"), lambda p: p.name),
            Col(_("Version"), lambda p: str(p.version), key=lambda p: p.version, value=lambda p: p.version),
            Col(_("What it does"), lambda p: plan_summary(p.plan)),
        ], self, name="policies", export_title=_("Power policies"))
        self.new_button = self.list.add_button(_("New…"), "newPolicy", lambda: self.edit(None))
        self.edit_button = self.list.add_button(_("Edit…"), "editPolicy", lambda: self.edit(self.list.current()))
        self.retire_button = self.list.add_button(_("Retire"), "retirePolicy", self.retire)
        self.list.activated.connect(self.edit)
        self.list.selection_changed.connect(self._update_buttons)
        note = QLabel(_("A policy is a template: assign it to the campus, a building, a floor or a room on the "
                        "Assignments tab. A change reaches the meters at the next push."), self)
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.list, 1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.list.current() is not None
        self.new_button.setEnabled(self.calendar is not None)
        self.edit_button.setEnabled(chosen)
        self.retire_button.setEnabled(chosen)

    def refresh(self) -> None:
        store, today = self.ctx.store, campus_today()

        def fetch() -> Any:
            with store.read() as s:
                return policies.list_policies(s), calendar_admin.calendar_plan(s, today).calendar
        run_task(fetch, self._show, lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def _show(self, data: Any) -> None:
        rows, self.calendar = data
        self.list.set_rows(rows)
        self._update_buttons()
        self.loaded.emit()

    def edit(self, row: Any | None) -> None:
        """Open the policy editor on `row` (None: a new policy); what it returns is saved."""
        editor = importlib.import_module("ui.policies.policy_editor")
        if self.calendar is None:
            return          # not loaded yet: the editor previews against the calendar of today
        got = editor.edit_policy(self, name=row.name if row is not None else "",
                                 plan=row.plan if row is not None else NO_POLICY,
                                 calendar=self.calendar, preview_day=campus_today())
        if got is None:
            return
        name, plan = got
        store, actor, policy_id = self.ctx.store, self.ctx.actor, row.id if row is not None else None

        def done(_id: int) -> None:
            self.list.show_message(_("Policy {name} saved.").format(name=name))
            self.refresh()
        run_task(lambda: policies.save_policy(store, actor, name, plan, policy_id), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def retire(self) -> None:
        row = self.list.current()
        if row is None:
            return
        store, actor = self.ctx.store, self.ctx.actor

        def done(_r: Any) -> None:
            self.list.show_message(_("Policy {name} retired.").format(name=row.name))
            self.refresh()
        run_task(lambda: policies.retire_policy(store, actor, row.id), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)


class PowerPage(TabbedPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "power")
        self.ctx = ctx
        self.calendar = CalendarTab(ctx, self)
        self.policies = PoliciesTab(ctx, self)
        self.assignments = AssignmentsTab(ctx, self)
        self.meters = MetersTab(ctx, self)
        self.add_tabs((("calendar", self.calendar, _("Calendar")), ("policies", self.policies, _("Policies")),
                       ("assignments", self.assignments, _("Assignments")), ("meters", self.meters, _("Meters"))))
        self.follow_policy_changes(ctx, self.meters)
