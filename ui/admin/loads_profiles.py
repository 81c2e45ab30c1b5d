"""The Profiles tab of the Malignant loads page: load-control profiles (spec §10 per branch — the
over-power limit, the resistive rule and its thresholds, block and allow slots, the decision delay,
the recovery time, the trips allowed per day — and the host's part: release a trip of an allowed
appliance by itself, the power from which an unknown step is suspect), and who gets which: the
campus, a building, a floor or a room (a room takes its room's assignment, else its floor's, else its
building's, else the campus's; an exemption turns load control off).

Changes go through `app.loads.profiles` ("policy.change": an administrator's; a technician sees them
read-only) in background tasks; the meters take them at the next push (the Meters tab).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.campus import campus_admin
from app.loads import profiles, rule_tuning
from app.loads import store as library_store
from app.loads.profiles import LoadPlan
from drivers.ddsy_records import LoadControl, LoadFlag
from ui.admin.loads_library import open_wide
from ui.admin.money_tab import ServiceForm, yes_no
from ui.admin.power_assign import TargetPicker, scope_label, target_text
from ui.admin.power_page import BRANCH_SHORT
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _
from ui.tasks import run_task

EXEMPT = -1
# The editor's rows: (key, label, a LoadFlag or the LoadControl field, scale: 1 whole, 1000 or 10 decimals,
# the unit after the value, what the lowest value means when it means something else)
ROWS: tuple[tuple[str, str, Any, int, str, str], ...] = (
    ("over_power", N_("Over-power limit"), LoadFlag.OVER_POWER, 0, "", ""),
    ("max_power_w", N_("Max power"), "max_power_w", 1, " W", ""),
    ("max_power_delay_s", N_("Over-power delay"), "max_power_delay_s", 1, " s", ""),
    ("resistive_rule", N_("Resistive rule"), LoadFlag.RESISTIVE_RULE, 0, "", ""),
    ("resistive_pf_milli", N_("Resistive: PF at least"), "resistive_pf_milli", 1000, "", ""),
    ("resistive_thd_permille", N_("Resistive: THD at most"), "resistive_thd_permille", 10, " %", ""),
    ("block_slots", N_("Block slots"), LoadFlag.BLOCK_SLOTS, 0, "", ""),
    ("allow_slots", N_("Allow slots"), LoadFlag.ALLOW_SLOTS, 0, "", ""),
    ("increment_threshold_w", N_("Examine steps from"), "increment_threshold_w", 1, " W", ""),
    ("decision_delay_s", N_("Decision delay"), "decision_delay_s", 1, " s", ""),
    ("recovery_time_s", N_("Recovery time"), "recovery_time_s", 1, " s", N_("stays open")),
    ("allowed_trips", N_("Trips allowed a day"), "allowed_trips", 1, "", N_("no limit")),
)


def _slots_text(slots: int) -> str:
    if slots == LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS:
        return _("block and allow slots")
    return _("block slots") if slots == LoadFlag.BLOCK_SLOTS else _("allow slots")


def branch_short(lc: LoadControl) -> str:
    """One branch in a list cell: "≤ 1500 W · resistive rule · block and allow slots · 3 trips a day"."""
    parts = []
    if lc.flags & LoadFlag.OVER_POWER:
        parts.append(_("≤ {watts} W").format(watts=lc.max_power_w))
    if lc.flags & LoadFlag.RESISTIVE_RULE:
        parts.append(_("resistive rule"))
    slots = lc.flags & (LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS)
    if slots:
        parts.append(_slots_text(slots))
    if not parts:
        return _("off")
    if lc.allowed_trips:
        parts.append(_("{n} trips a day").format(n=lc.allowed_trips))
    return " · ".join(parts)


def branch_text(branch: int, lc: LoadControl) -> str:
    """One branch in full, for a room's preview."""
    name = _(BRANCH_SHORT[branch])
    if not lc.flags:
        return _("{branch}: load control off").format(branch=name)
    parts = []
    if lc.flags & LoadFlag.OVER_POWER:
        parts.append(_("trips above {watts} W for {s} s").format(watts=lc.max_power_w, s=lc.max_power_delay_s))
    if lc.flags & LoadFlag.RESISTIVE_RULE:
        parts.append(_("resistive rule PF ≥ {pf:.3f}, THD ≤ {thd:.1f} %").format(
            pf=lc.resistive_pf_milli / 1000, thd=lc.resistive_thd_permille / 10))
    slots = lc.flags & (LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS)
    if slots:
        parts.append(_slots_text(slots))
    if lc.flags & profiles.EXAMINE:
        parts.append(_("steps from {watts} W decided in {s} s").format(watts=lc.increment_threshold_w,
                                                                     s=lc.decision_delay_s))
    parts.append(_("closes again after {s} s").format(s=lc.recovery_time_s) if lc.recovery_time_s
                 else _("stays open until reset"))
    parts.append(_("locked out after {n} trips a day").format(n=lc.allowed_trips) if lc.allowed_trips
                 else _("no daily trip limit"))
    return _("{branch}: {what}").format(branch=name, what=", ".join(parts))


def host_text(plan: LoadPlan) -> str:
    return _("auto-release: {yes}; suspect from {watts} W").format(yes=yes_no(plan.auto_release),
                                                                  watts=plan.suspect_w)


def tuning_text(lib: Any, info: Any, found: dict[int, rule_tuning.RuleTuning], ruled: list[int]) -> str:
    """What "Tune the resistive rule from the library" found, in a sentence or three."""
    if lib is None:
        return _("No signature library has been saved yet: there is nothing to tune the rule from.")
    if not ruled:
        return _("No branch of this profile has the resistive rule on.")
    t = next(iter(found.values()))
    if not t.tuned:
        return _("Library version {v} has no blocked appliance that the rule trips: the thresholds are left as "
                 "they are.").format(v=info.version)
    parts = [_("Library version {v}: the captures of {names} have PF ≥ {pf:.3f} and THD ≤ {thd:.1f} %. The rule "
               "of {branches} is set to PF ≥ {tpf:.3f} and THD ≤ {tthd:.1f} %.").format(
        v=info.version, names=", ".join(t.heaters), pf=t.heater_pf_low / 1000, thd=t.heater_thd_high / 10,
        branches=", ".join(_(BRANCH_SHORT[b]) for b in ruled), tpf=t.pf_milli / 1000, tthd=t.thd_permille / 10)]
    if t.spared:
        parts.append(_("No longer tripped by the rule: {names}.").format(names=", ".join(t.spared)))
    if t.still_tripped:
        parts.append(_("Still tripped by the rule: {names} — give them a room scope where they are registered, "
                       "or let the host release them.").format(names=", ".join(t.still_tripped)))
    parts.append(_("A heater unlike those captured may pass the rule; the slots and the host's second line are "
                   "there for it."))
    return " ".join(parts)


class BranchGrid(QWidget):
    """The §10 settings of the three branches side by side; `plan_branches()` reads them back."""

    def __init__(self, branches: tuple[LoadControl, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.cells: dict[tuple[str, int], QWidget] = {}
        for b in range(3):
            head = QLabel(_(BRANCH_SHORT[b]), self)
            head.setStyleSheet("font-weight:bold;")
            grid.addWidget(head, 0, b + 1)
        for r, (key, label, what, scale, unit, lowest) in enumerate(ROWS, 1):
            grid.addWidget(QLabel(_(label), self), r, 0)
            for b, lc in enumerate(branches):
                cell = self._cell(lc, what, scale, unit, lowest)
                cell.setObjectName(f"{key}{b}")
                self.cells[key, b] = cell
                grid.addWidget(cell, r, b + 1)

    def _cell(self, lc: LoadControl, what: Any, scale: int, unit: str, lowest: str) -> QWidget:
        if isinstance(what, LoadFlag):
            box = QCheckBox(self)
            box.setChecked(bool(lc.flags & what))
            return box
        lo, hi = profiles.RANGES[what]
        if scale == 1:
            spin: QSpinBox | QDoubleSpinBox = QSpinBox(self)
            spin.setRange(lo, hi)
            spin.setValue(getattr(lc, what))
        else:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(3 if scale == 1000 else 1)
            spin.setRange(lo / scale, hi / scale)
            spin.setSingleStep(1 / scale if scale == 1000 else 0.5)
            spin.setValue(getattr(lc, what) / scale)
        spin.setSuffix(unit)
        if lowest:
            spin.setSpecialValueText(_(lowest))
        return spin

    def set_rule(self, branch: int, pf_milli: int, thd_permille: int) -> None:
        self.cells["resistive_pf_milli", branch].setValue(pf_milli / 1000)
        self.cells["resistive_thd_permille", branch].setValue(thd_permille / 10)

    def plan_branches(self) -> tuple[LoadControl, LoadControl, LoadControl]:
        out = []
        for b in range(3):
            flags, values = 0, {}
            for key, _label, what, scale, _unit, _lowest in ROWS:
                cell = self.cells[key, b]
                if isinstance(what, LoadFlag):
                    flags |= int(what) if cell.isChecked() else 0
                else:
                    values[what] = int(cell.value()) if scale == 1 else round(cell.value() * scale)
            out.append(LoadControl(flags=flags, **values))
        return out[0], out[1], out[2]


class ProfilesTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loadProfilesTab")
        self.profile_rows: list[profiles.ProfileRow] = []
        self.buildings: list[Any] = []
        self.rooms: list[Any] = []
        self.may = ctx.actor.can("policy.change")
        self.list = AdminList([
            Col(_("Profile"), lambda p: p.name),
            Col(_("Version"), lambda p: str(p.version), key=lambda p: p.version, value=lambda p: p.version),
            *(Col(_(BRANCH_SHORT[b]), lambda p, b=b: branch_short(p.plan.branches[b])) for b in range(3)),
            Col(_("Host"), lambda p: host_text(p.plan)),
        ], self, name="loadProfiles", export_title=_("Load-control profiles"))
        self.new_button = self.list.add_button(_("New…"), "newProfile", lambda: self.edit(None))
        self.edit_button = self.list.add_button(_("Edit…"), "editProfile", lambda: self.edit(self.list.current()))
        self.list.activated.connect(lambda row: self.edit(row) if self.may else None)
        self.assigned = AdminList([
            Col(_("Scope"), lambda a: scope_label(a.scope)),
            Col(_("Target"), lambda a: target_text(a.scope, a.target_label)),
            Col(_("Profile"), lambda a: a.profile_name if a.profile_id is not None else _("Exempt (load control off)")),
            Col(_("Reason"), lambda a: a.reason),
        ], self, name="loadAssignments", export_title=_("Load-control assignments"))
        self.add_button = self.assigned.add_button(_("Add assignment…"), "addLoadAssignment", self.assign)
        self.remove_button = self.assigned.add_button(_("Remove"), "removeLoadAssignment", self.remove)
        self.list.selection_changed.connect(self._update_buttons)
        self.assigned.selection_changed.connect(self._update_buttons)
        note = QLabel(_("A room takes its room's assignment, else its floor's, else its building's, else the "
                        "campus's; a room no assignment reaches keeps its meter's own settings. Changes reach the "
                        "meters at the next push (Meters tab); the Room tab shows what one room's meter gets."), self)
        note.setWordWrap(True)
        if not self.may:
            note.setText(note.text() + " " + _("Only an administrator changes profiles and assignments."))
        split = QSplitter(Qt.Orientation.Vertical, self)
        for title, lst in ((_("Load-control profiles"), self.list), (_("Who gets which profile"), self.assigned)):
            part = QWidget(split)
            inner = QVBoxLayout(part)
            inner.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(title, part)
            heading.setStyleSheet("font-weight:bold;")
            inner.addWidget(heading)
            inner.addWidget(lst, 1)
            split.addWidget(part)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(split, 1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.new_button.setEnabled(self.may)
        self.edit_button.setEnabled(self.may and self.list.current() is not None)
        self.add_button.setEnabled(self.may)
        self.remove_button.setEnabled(self.may and self.assigned.current() is not None)

    def _failed(self, lst: AdminList):
        return lambda exc: lst.show_message(error_text(exc), error=True)

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def fetch() -> Any:
            with store.read() as s:
                rows, assigned = profiles.list_profiles(s), profiles.assignments(s)
            return rows, assigned, campus_admin.list_buildings(store), campus_admin.list_rooms(store)
        run_task(fetch, self._show, self._failed(self.list), owner=self)

    def _show(self, data: Any) -> None:
        self.profile_rows, assigned, self.buildings, self.rooms = data
        self.list.set_rows(self.profile_rows)
        self.assigned.set_rows(assigned)
        self._update_buttons()
        self.loaded.emit()

    # ----- profiles -----------------------------------------------------------------------------

    def edit(self, row: profiles.ProfileRow | None) -> ServiceForm:
        """The profile editor: a new profile (row None) or `row`, the three branches side by side."""
        plan = row.plan if row is not None else LoadPlan()
        store, actor, profile_id = self.ctx.store, self.ctx.actor, row.id if row is not None else None

        def call(_f: ServiceForm):
            new = LoadPlan(grid.plan_branches(), auto_release.isChecked(), suspect.value())
            return lambda: profiles.save_profile(store, actor, name.text(), new, profile_id)

        form = ServiceForm(self.ctx, _("New load-control profile") if row is None else _("Edit load-control profile"),
                           self, call)
        form.setObjectName("profileForm")
        form.header.setText(_("The meter examines a switch-on of at least the threshold: an allow slot lets it run, a "
                              "block slot trips it, then the resistive rule trips a pure heater."))
        form.header.setStyleSheet("")
        name = QLineEdit(row.name if row else "", form)
        grid = BranchGrid(plan.branches, form)
        auto_release = QCheckBox(_("Release a trip the host names as an allowed appliance"), form)
        auto_release.setChecked(plan.auto_release)
        suspect = QSpinBox(form)
        suspect.setRange(20, 32767)
        suspect.setSuffix(" W")
        suspect.setValue(plan.suspect_w)
        form.field("name", _("Name"), name)
        form.field("branches", _("Branches"), grid)
        form.field("auto_release", _("Host"), auto_release)
        form.field("suspect_w", _("Unknown step suspect from"), suspect)
        tune = QPushButton(_("Tune the resistive rule from the library"), form)
        tune.setObjectName("tuneRule")
        tuned = QLabel("", form)
        tuned.setObjectName("tunedRule")
        tuned.setWordWrap(True)
        form.field("tune", _("Resistive rule"), tune)
        form.field("tuned", "", tuned)
        form.tune_button, form.tuned_text = tune, tuned

        def tune_clicked() -> None:
            branches = grid.plan_branches()
            ruled = [b for b, lc in enumerate(branches) if lc.flags & LoadFlag.RESISTIVE_RULE]

            def work() -> Any:
                with store.read() as s:
                    lib, info = library_store.current_info(s)
                if lib is None:
                    return None, None, {}
                return lib, info, {b: rule_tuning.tune(lib, branches[b]) for b in ruled}

            def show(result: Any) -> None:
                lib, info, found = result
                tune.setEnabled(True)
                tuned.setText(tuning_text(lib, info, found, ruled))
                for b, t in found.items():
                    if t.tuned:
                        grid.set_rule(b, t.pf_milli, t.thd_permille)
                form.tuned_done = True

            def failed(exc: BaseException) -> None:
                tune.setEnabled(True)
                tuned.setText(error_text(exc))
                form.tuned_done = True
            tune.setEnabled(False)
            form.tuned_done = False
            run_task(work, show, failed, owner=form)
        tune.clicked.connect(tune_clicked)

        def succeeded() -> None:
            self.list.show_message(_("Profile {name} saved.").format(name=name.text().strip()))
            self.refresh()
        form.accepted.connect(succeeded)
        open_wide(form)
        return form

    # ----- assignments --------------------------------------------------------------------------

    def assign(self) -> ServiceForm:
        """The form of a new assignment: scope and target, profile or exempt, reason."""
        store, actor = self.ctx.store, self.ctx.actor

        def call(_f: ServiceForm):
            chosen, pid = target.chosen(), profile.currentData()
            args: dict[str, Any] = dict(profile_id=None if pid == EXEMPT else pid, reason=reason.text().strip(),
                                        **target.kwargs())
            return lambda: profiles.assign(store, actor, chosen, **args)

        form = ServiceForm(self.ctx, _("Add a load-control assignment"), self, call)
        form.setObjectName("loadAssignmentForm")
        form.header.setText(_("A room takes the assignment of its room, else its floor, else its building, else "
                              "the campus."))
        form.header.setStyleSheet("")
        target = TargetPicker(form, self.buildings, self.rooms)
        profile = QComboBox(form)
        for p in self.profile_rows:
            profile.addItem(p.name, p.id)
        profile.addItem(_("Exempt (load control off)"), EXEMPT)
        reason = QLineEdit(form)
        reason.setPlaceholderText(_("medical exemption, graduate floor…"))
        target.add_to(form)
        form.field("profile_id", _("Profile"), profile)
        form.field("reason", _("Reason"), reason)

        def succeeded() -> None:
            self.assigned.show_message(_("Assignment added: {target}: {profile}.").format(
                target=target.scope.currentText(), profile=profile.currentText()))
            self.refresh()
        form.accepted.connect(succeeded)
        open_wide(form)
        return form

    def remove(self) -> None:
        row = self.assigned.current()
        if row is None:
            return
        store, actor = self.ctx.store, self.ctx.actor

        def done(_r: Any) -> None:
            self.assigned.show_message(_("Assignment removed: {target}.").format(
                target=target_text(row.scope, row.target_label)))
            self.refresh()
        run_task(lambda: profiles.remove_assignment(store, actor, row.id), done, self._failed(self.assigned),
                 owner=self)
