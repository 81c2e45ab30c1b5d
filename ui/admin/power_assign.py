"""The Assignments tab of the Power policies page: which policy (or an exemption) holds for the campus,
a building, a floor or a room, optionally for a date range, and why (Add assignment…, Remove); and
"Which policy applies?": a room found by the window's room search and a day give the chain of
assignments `policies.resolve` walked (each link in force or overridden) and the room's day as a
timeline of the three branches (helper E's TimelineView).

Every call runs in a background task through `app.policies.policies` ("policy.change", audited).
"""
from __future__ import annotations

import importlib
import logging
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.campus import campus_admin
from app.campus.search import SearchIndex
from app.policies import calendar_admin, policies, schedule
from ui.admin.money_tab import ServiceForm
from ui.admin.power_calendar import campus_today, date_edit, days_text
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

log = logging.getLogger(__name__)
SCOPES = {"campus": N_("Campus"), "building": N_("Building"), "floor": N_("Floor"), "room": N_("Room")}
EXEMPT = -1          # the policy box's data for "Exempt (no policy)"


def scope_label(scope: str) -> str:
    return _(SCOPES[scope]) if scope in SCOPES else scope


def target_text(scope: str, target_label: str) -> str:
    """"Campus", "Building B1", "Floor B1-3", "Room B1-305"."""
    if scope == "campus" or not target_label:
        return scope_label(scope)
    return _("{scope} {target}").format(scope=scope_label(scope), target=target_label)


def policy_text(policy_name: str | None, reason: str) -> str:
    name = policy_name if policy_name is not None else _("Exempt")
    return _("{policy} ({reason})").format(policy=name, reason=reason) if reason else name


class TargetPicker:
    """The target of a new assignment (the power policies' and the load-control profiles'): the scope box
    (campus, building, floor, room), a building, a floor number and a room typed or picked (the list
    completes what is typed anywhere in the code). `add_to(form)` adds their rows to a ServiceForm as
    the fields scope, building_id, floor and room_id, and shows only the rows the scope needs."""

    def __init__(self, parent: QWidget, buildings: list[Any], rooms: list[Any]) -> None:
        self.scope = QComboBox(parent)
        for code in SCOPES:
            self.scope.addItem(scope_label(code), code)
        self.building = QComboBox(parent)
        for b in buildings:
            self.building.addItem(f"{b.code} {b.name}", b.id)
        self.floor = QSpinBox(parent)
        self.floor.setRange(1, campus_admin.MAX_FLOORS)
        self.room = QComboBox(parent)
        self.room.setEditable(True)
        for r in rooms:
            self.room.addItem(r.code, r.id)
        self.room.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.room.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def add_to(self, form: ServiceForm) -> None:
        form.field("scope", _("For"), self.scope)
        form.field("building_id", _("Building"), self.building)
        form.field("floor", _("Floor"), self.floor)
        form.field("room_id", _("Room"), self.room)

        def shape() -> None:
            chosen = self.chosen()
            form.form.setRowVisible(self.building, chosen in ("building", "floor"))
            form.form.setRowVisible(self.floor, chosen == "floor")
            form.form.setRowVisible(self.room, chosen == "room")
        self.scope.currentIndexChanged.connect(lambda _i: shape())
        shape()

    def chosen(self) -> str:
        """The scope's code: "campus", "building", "floor" or "room"."""
        return self.scope.currentData()

    def kwargs(self) -> dict[str, Any]:
        """The service's keyword arguments for the target: building_id (a building or a floor), floor,
        room_id (None when no listed room matches what is typed)."""
        chosen, args = self.chosen(), dict[str, Any]()
        if chosen in ("building", "floor"):
            args["building_id"] = self.building.currentData()
        if chosen == "floor":
            args["floor"] = self.floor.value()
        if chosen == "room":
            found = self.room.findText(self.room.currentText().strip(), Qt.MatchFlag.MatchFixedString)
            args["room_id"] = self.room.itemData(found) if found >= 0 else None
        return args


def chain_line(link: Any) -> str:
    """One link of a resolution: "Floor A-3: Exempt (graduate floor) — in force"."""
    what = policy_text(link.policy_name, link.reason)
    days = days_text(link.first_day, link.last_day)
    if days:
        what = _("{what}, {days}").format(what=what, days=days)
    # the note already says it ("in force", "overridden by the room's assignment", "from 2026-12-07")
    status = tr_message(link.note) if link.note else (_("in force") if link.in_force else _("overridden"))
    return _("{target}: {what} — {status}").format(target=target_text(link.scope, link.target_label), what=what,
                                                 status=status)


class AssignmentsTab(QWidget):
    loaded = Signal()
    resolved = Signal()          # after "Which policy applies?" answered (or found nothing)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("assignmentsTab")
        self.policy_rows: list[Any] = []
        self.buildings: list[Any] = []
        self.rooms: list[Any] = []
        self.index: SearchIndex | None = None
        self.list = AdminList([
            Col(_("Scope"), lambda a: scope_label(a.scope)),
            Col(_("Target"), lambda a: target_text(a.scope, a.target_label)),
            Col(_("Power policy"), lambda a: a.policy_name if a.policy_id is not None else _("Exempt")),
            Col(_("Dates"), lambda a: days_text(a.first_day, a.last_day) or _("always"),
                key=lambda a: a.first_day),
            Col(_("Reason"), lambda a: a.reason),
        ], self, name="assignments", export_title=_("Policy assignments"))
        self.add_button = self.list.add_button(_("Add assignment…"), "addAssignment", self.add)
        self.remove_button = self.list.add_button(_("Remove"), "removeAssignment", self.remove)
        self.list.selection_changed.connect(lambda: self.remove_button.setEnabled(self.list.current() is not None))
        self.remove_button.setEnabled(False)

        box = QGroupBox(_("Which policy applies?"), self)
        self.search = QLineEdit(box)
        self.search.setObjectName("whichRoom")
        self.search.setPlaceholderText(_("Room number, student number or name"))
        self.day = date_edit(box, campus_today(), "whichDay")
        self.show_button = QPushButton(_("Show"), box)
        self.show_button.setObjectName("whichShow")
        self.show_button.clicked.connect(lambda _c=False: self.which())
        self.search.returnPressed.connect(self.which)
        self.chain = QLabel("", box)
        self.chain.setObjectName("whichChain")
        self.chain.setWordWrap(True)
        self.chain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = self._timeline_view(box)
        row = QHBoxLayout()
        row.addWidget(self.search, 2)
        row.addWidget(self.day)
        row.addWidget(self.show_button)
        inner = QVBoxLayout(box)
        inner.addLayout(row)
        inner.addWidget(self.chain)
        inner.addWidget(self.timeline, 1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.list, 3)
        lay.addWidget(box, 2)

    def _timeline_view(self, parent: QWidget) -> QWidget:
        # helper E draws the timeline; a missing or broken view must not take the page down
        try:
            return importlib.import_module("ui.policies.timeline_view").TimelineView(parent)
        except Exception:      # noqa: BLE001
            log.warning("the timeline view is not available", exc_info=True)
            return QLabel("", parent)

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def fetch() -> Any:
            with store.read() as s:
                rows, pols = policies.assignments(s), policies.list_policies(s)
            return rows, pols, campus_admin.list_buildings(store), campus_admin.list_rooms(store)
        run_task(fetch, self._show, lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    def _show(self, data: Any) -> None:
        rows, self.policy_rows, self.buildings, self.rooms = data
        self.index = None          # rebuilt at the next search: rooms added since are found
        self.list.set_rows(rows)
        self.remove_button.setEnabled(self.list.current() is not None)
        self.loaded.emit()

    # ----- changes ------------------------------------------------------------------------------

    def add(self) -> ServiceForm:
        """The form of a new assignment: scope and its target, policy or exempt, dates, reason."""
        store, actor, today = self.ctx.store, self.ctx.actor, campus_today()

        def call(_f: ServiceForm):
            chosen = target.chosen()
            pid = policy.currentData()
            args = dict(policy_id=None if pid == EXEMPT else pid, reason=reason.text().strip(),
                        first_day=first.date().toPython() if ranged.isChecked() else None,
                        last_day=last.date().toPython() if ranged.isChecked() else None, **target.kwargs())
            return lambda: policies.assign(store, actor, chosen, **args)

        form = ServiceForm(self.ctx, _("Add assignment"), self, call)
        form.setObjectName("assignmentForm")
        form.header.setText(_("A room takes the assignment of its room, else its floor, else its building, else "
                              "the campus; one with a date range in force beats one without."))
        form.header.setStyleSheet("")
        target = TargetPicker(form, self.buildings, self.rooms)
        policy = QComboBox(form)
        for p in self.policy_rows:
            policy.addItem(p.name, p.id)
        policy.addItem(_("Exempt (no policy)"), EXEMPT)
        ranged = QCheckBox(_("Only from … to …"), form)
        first, last = date_edit(form, today), date_edit(form, today)
        reason = QLineEdit(form)
        reason.setPlaceholderText(_("graduate floor, medical exemption, exam week…"))
        target.add_to(form)
        form.field("policy_id", _("Power policy"), policy)
        form.field("ranged", _("Dates"), ranged)
        form.field("first_day", _("First day"), first)
        form.field("last_day", _("Last day"), last)
        form.field("reason", _("Reason"), reason)

        def shape() -> None:
            form.form.setRowVisible(first, ranged.isChecked())
            form.form.setRowVisible(last, ranged.isChecked())
        ranged.toggled.connect(lambda _c: shape())
        shape()

        def succeeded() -> None:
            self.list.show_message(_("Assignment added: {target}: {policy}.").format(
                target=target.scope.currentText(), policy=policy.currentText()))
            self.refresh()
        form.accepted.connect(succeeded)
        form.open()
        return form

    def remove(self) -> None:
        row = self.list.current()
        if row is None:
            return
        store, actor = self.ctx.store, self.ctx.actor

        def done(_r: Any) -> None:
            self.list.show_message(_("Assignment removed: {target}.").format(
                target=target_text(row.scope, row.target_label)))
            self.refresh()
        run_task(lambda: policies.remove_assignment(store, actor, row.id), done,
                 lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)

    # ----- which policy applies -----------------------------------------------------------------

    def which(self, text: str | None = None, day: date | None = None) -> None:
        """Find the room `text` names (the search box when None) and show its chain on `day`."""
        text = self.search.text() if text is None else text
        day = self.day.date().toPython() if day is None else day
        store, index = self.ctx.store, self.index

        def fetch() -> Any:
            idx = index if index is not None else SearchIndex.build(store)
            hits = idx.find(text, limit=1)
            if not hits:
                return idx, None
            room_id = hits[0].room_id
            code = campus_admin.get_room(store, room_id).code
            with store.read() as s:
                res = policies.resolve(s, room_id, day)
                calendar = calendar_admin.calendar_plan(s, day).calendar
            return idx, (code, res, schedule.day_timeline(calendar, res.plan, day))
        run_task(fetch, lambda r: self._show_which(text, day, *r), self._which_failed, owner=self)

    def _show_which(self, text: str, day: date, index: SearchIndex, found: Any) -> None:
        self.index = index
        if found is None:
            self.chain.setText(_("No room matches “{text}”.").format(text=text))
            self.resolved.emit()
            return
        code, res, timeline = found
        head = _("{room} on {day}: {policy}").format(
            room=code, day=day.isoformat(),
            policy=res.policy_name if res.policy_name is not None else _("no policy (nothing switched off)"))
        lines = [head] + [chain_line(link) for link in res.chain]
        if not res.chain:
            lines.append(_("No assignment reaches this room."))
        self.chain.setText("\n".join(lines))
        set_timeline = getattr(self.timeline, "set_timeline", None)
        if callable(set_timeline):
            set_timeline(timeline, _("{room}, {day}").format(room=code, day=day.isoformat()))
        self.resolved.emit()

    def _which_failed(self, exc: BaseException) -> None:
        self.chain.setText(error_text(exc))
        self.resolved.emit()
