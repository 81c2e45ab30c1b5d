"""Add from room events… on the Library tab: the examined switch-ons a room's meters logged (§13
features, no waveform), newest first with what the host named each one; the technician selects the
ones that were this appliance, names the device they come from (the room and branch by default: one
student's appliance), and OK saves them as captures in the library's next version
(`app.loads.event_captures`). The list loads in a background task whenever the room or the period
changes.
"""
from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QSpinBox

from app import clock
from app.loads import event_captures
from app.loads.event_captures import RoomSwitchOn
from app.loads.library import Appliance
from app.metering.runtime.vocabulary import branch_word
from ui.admin.loads_library import _refuse, chosen_room, room_combo
from ui.admin.loads_reports import appliance_text
from ui.admin.money_tab import ServiceForm
from ui.admin.table import AdminList, Col
from ui.dialogs import error_text
from ui.history_views import campus_time
from ui.i18n import _
from ui.tasks import run_task

if TYPE_CHECKING:
    from ui.admin.loads_library import LibraryTab

DAYS = 30           # the period shown at first


def _host_named(e: RoomSwitchOn) -> str:
    if not e.named:
        return _("not examined")
    return appliance_text(e.named)


def add_from_events(tab: LibraryTab, row: Appliance) -> ServiceForm | None:
    """The form adding a room's switch-ons to ``row`` (None until the library is loaded)."""
    if tab.library is None:
        return None
    base = tab.library
    store, actor = tab.ctx.store, tab.ctx.actor

    def call(_f: ServiceForm):
        room_id, code = chosen_room(room)
        if room_id is None:
            return _refuse(_("There is no room “{room}”.").format(room=code), "room")
        picked = [e.event_id for e in events.selected()]
        if not picked:
            return _refuse(_("Choose the switch-ons that were this appliance."), "events")
        name = device.text().strip()
        return lambda: event_captures.add_to_appliance(store, actor, base, row.ident, room_id, picked, name)

    form = ServiceForm(tab.ctx, _("Add switch-ons from a room to “{name}”").format(name=row.name), tab, call)
    form.setObjectName("eventCapturesForm")
    form.header.setText(_("A room's meter logged each examined switch-on with its features (no waveform). Select "
                          "the ones that were this appliance; they become captures in the library's next version."))
    form.header.setStyleSheet("")
    room = room_combo(form, tab.rooms, "room")
    days = QSpinBox(form)
    days.setObjectName("days")
    days.setRange(1, 366)
    days.setValue(DAYS)
    days.setSuffix(_(" days"))
    events = AdminList([
        Col(_("Time"), lambda e: campus_time(e.received_at), key=lambda e: e.received_at),
        Col(_("Branch"), lambda e: branch_word(e.branch)),
        Col(_("ΔP W"), lambda e: str(e.features.dp), key=lambda e: e.features.dp, value=lambda e: e.features.dp),
        Col(_("PF"), lambda e: f"{e.features.pf / 1000:.3f}", key=lambda e: e.features.pf),
        Col(_("THD %"), lambda e: f"{e.features.thd / 10:.1f}", key=lambda e: e.features.thd),
        Col(_("Meter"), lambda e: _("tripped") if e.tripped else _("allowed")),
        Col(_("Host named it"), _host_named),
    ], form, name="events", export_title=_("Switch-ons"))
    events.setMinimumHeight(form.fontMetrics().lineSpacing() * 12)
    events.setMinimumWidth(form.fontMetrics().horizontalAdvance("0") * 88)      # every column without scrolling
    device = QLineEdit(form)
    device.setObjectName("device")
    device.setPlaceholderText(_("B1-101 sockets"))
    form.field("room", _("Room"), room)
    form.field("days", _("Logged in the last"), days)
    form.field("events", _("Switch-ons"), events)
    form.field("device", _("Device"), device)

    def load() -> None:
        room_id, code = chosen_room(room)
        if room_id is None:
            events.set_rows([])
            return
        since = clock.now() - timedelta(days=days.value())
        run_task(lambda: event_captures.room_switch_ons(store, room_id, since),
                 lambda rows: events.set_rows(rows),
                 lambda exc: events.show_message(error_text(exc), error=True), owner=form)

    def name_device() -> None:
        chosen = events.selected()
        if chosen:
            form.set_error(form.fields["events"][1], None)
        _rid, code = chosen_room(room)
        if chosen and not device.isModified():
            device.setText(f"{code} {branch_word(chosen[0].branch)}")
    room.currentIndexChanged.connect(lambda _i: load())
    room.lineEdit().editingFinished.connect(load)
    days.valueChanged.connect(lambda _v: load())
    events.selection_changed.connect(name_device)

    def succeeded() -> None:
        version, added = form.result_
        tab.list.show_message(_("Library version {version} saved: {n} switch-on(s) added to {name}.").format(
            version=version, n=added, name=row.name))
        tab.refresh()
    form.accepted.connect(succeeded)
    form.events = events          # for tests: the list of switch-ons
    load()
    form.open()
    # wide enough for every column; the header wraps rather than stretching the form across the screen
    form.resize(form.fontMetrics().horizontalAdvance("0") * 110, form.sizeHint().height())
    return form

