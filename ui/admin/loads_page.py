"""The Malignant loads page of the administration window (issue 12): five tabs — Library (the signature
library and whitelist, its versions, export and import; ui.admin.loads_library), Profiles (load-control
profiles and their assignments; ui.admin.loads_profiles), Room (what one room's meter gets: the
profile in force and why, its ≤ 32 signature slots and the appliances left out with the reason; here),
Meters (the power policies' own sync tab: the profiles and slots go to the meters with the
calendar and schedules, in one push) and Reports (a term's events, offenders and releases;
ui.admin.loads_reports).

A technician opens the page (the library is theirs to edit, and so is a push); profiles and
assignments are an administrator's, read-only to a technician; a clerk has no such page. The page
follows "policies_changed" (a library save, a profile change, a push — from this window, another
workstation or the meter runtime) and reloads the tab shown.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.campus import campus_admin
from app.loads import profiles
from app.loads.meter_config import room_slots
from app.loads.slots import SLOTS
from drivers.ddsy_records import SlotClass
from ui.admin.loads_library import LibraryTab, chosen_room, room_combo, scope_text, text_area, verdict_label
from ui.admin.loads_profiles import ProfilesTab, branch_text, host_text
from ui.admin.loads_reports import ReportsTab
from ui.admin.power_assign import chain_line
from ui.admin.power_sync import MetersTab
from ui.admin.tabbed_page import TabbedPage
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task


def _pct(permille: int) -> str:
    return f"{permille / 10:.1f} %"


def load_room(store, room_id: int) -> tuple[profiles.LoadResolution, Any]:
    """What the Room tab shows of one room (a background task): the resolution and the slot plan."""
    with store.read() as s:
        return profiles.resolve(s, room_id), room_slots(s, room_id)


class RoomTab(QWidget):
    """One room's meter: the profile in force (the chain of assignments), its §10 settings, the slots
    its meter holds and what the library could not fit in them."""

    loaded = Signal()
    shown = Signal()          # after a room was shown (or could not be)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loadRoomTab")
        self.rooms: list[Any] = []
        self.room_id: int | None = None
        self.room = room_combo(self, [], "loadRoom")
        self.room.setMinimumWidth(160)
        self.room.lineEdit().setPlaceholderText(_("Room, e.g. B1-101"))
        self.room.lineEdit().returnPressed.connect(lambda: self.show_room())
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("loadRoomShow")
        self.show_button.clicked.connect(lambda _c=False: self.show_room())
        self.message = QLabel("", self)
        self.message.setObjectName("loadRoomMessage")
        self.message.setWordWrap(True)
        box = QGroupBox(_("Load-control profile"), self)
        self.chain = QLabel(_("Choose a room to see what its meter gets."), box)
        self.chain.setObjectName("loadChain")
        self.settings = QLabel("", box)
        self.settings.setObjectName("loadSettings")
        QVBoxLayout(box).addWidget(text_area(box, [(self.chain, 2), (self.settings, 3)], 5))
        self.slots_head = QLabel("", self)
        self.slots_head.setObjectName("slotsHead")
        self.slots_head.setStyleSheet("font-weight:bold;")
        self.slots = AdminList([
            Col(_("Slot"), lambda r: str(r[0]), key=lambda r: r[0], value=lambda r: r[0]),
            Col(_("Verdict"), lambda r: _("Allow") if r[1].slot.cls == SlotClass.ALLOW else _("Block")),
            Col(_("Appliance"), lambda r: r[1].label()),
            Col(_("Scope"), lambda r: scope_text(r[1].appliance.scope)),
            Col(_("ΔP, W"), lambda r: str(r[1].slot.dp_w), key=lambda r: r[1].slot.dp_w,
                value=lambda r: r[1].slot.dp_w),
            Col(_("Tolerance"), lambda r: "± " + _pct(r[1].slot.tolerance_permille)),
            Col(_("PF"), lambda r: f"{r[1].slot.pf_milli / 1000:.3f}"),
            Col(_("I3/I1"), lambda r: _pct(r[1].slot.i3_permille)),
            Col(_("I5/I1"), lambda r: _pct(r[1].slot.i5_permille)),
            Col(_("THD"), lambda r: _pct(r[1].slot.thd_permille)),
        ], self, name="roomSlots", export_title=_("Signature slots"))
        self.left_head = QLabel("", self)
        self.left_head.setObjectName("leftOutHead")
        self.left_head.setStyleSheet("font-weight:bold;")
        self.left_out = AdminList([
            Col(_("Appliance"), lambda r: r[0].label()),
            Col(_("Verdict"), lambda r: verdict_label(r[0].appliance.verdict)),
            Col(_("Scope"), lambda r: scope_text(r[0].appliance.scope)),
            Col(_("Why it has no slot"), lambda r: tr_message(r[1])),
        ], self, name="leftOut", export_title=_("Left out of the slots"))
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Room"), self))
        row.addWidget(self.room)
        row.addWidget(self.show_button)
        row.addWidget(self.message, 1)
        top, bottom = QWidget(self), QWidget(self)
        for w, head, lst in ((top, self.slots_head, self.slots), (bottom, self.left_head, self.left_out)):
            lay = QVBoxLayout(w)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(head)
            lay.addWidget(lst, 1)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(box)
        lay.addWidget(split, 1)

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the rooms to choose from, and the room shown."""
        store = self.ctx.store
        run_task(lambda: campus_admin.list_rooms(store), self._rooms, self._failed, owner=self)

    def _rooms(self, rooms: list[Any]) -> None:
        self.rooms = rooms
        typed = self.room.currentText()
        self.room.blockSignals(True)
        self.room.clear()
        for r in rooms:
            self.room.addItem(r.code, r.id)
        self.room.setCurrentText(typed)
        self.room.blockSignals(False)
        self.loaded.emit()
        if self.room_id is not None:
            self._load(self.room_id)

    def _failed(self, exc: BaseException) -> None:
        self.message.setText(error_text(exc))
        self.message.setStyleSheet("color:#b02a37;")
        self.shown.emit()

    def show_room(self, code: str | None = None) -> None:
        """Show the room `code` names (the box's text when None)."""
        if code is not None:
            self.room.setCurrentText(code)
        room_id, typed = chosen_room(self.room)
        if room_id is None:
            self.message.setText(_("There is no room “{room}”.").format(room=typed))
            self.message.setStyleSheet("color:#b02a37;")
            self.shown.emit()
            return
        self.room_id = room_id
        self._load(room_id)

    def _load(self, room_id: int) -> None:
        store = self.ctx.store
        run_task(lambda: load_room(store, room_id), self._show, self._failed, owner=self)

    def _show(self, data: Any) -> None:
        res, plan = data
        room = res.room
        self.message.setText("")
        if room.plan is None:
            what = _("not managed: its meter keeps its own settings")
        elif room.profile_name is None:
            what = _("exempt: load control off")
        else:
            what = room.profile_name
        lines = [_("{room}: {profile}").format(room=room.room_code, profile=what)]
        lines += [chain_line(link) for link in res.chain]
        if not res.chain:
            lines.append(_("No assignment reaches this room."))
        self.chain.setText("\n".join(lines))
        if room.plan is None:
            self.settings.setText("")
        else:
            self.settings.setText("\n".join([branch_text(b, lc) for b, lc in enumerate(room.plan.branches)]
                                            + [_("Host: {what}").format(what=host_text(room.plan))]))
        if plan is None:
            self.slots_head.setText(_("No signature library has been saved yet: the meter's slots are not managed."))
            self.slots.set_rows([])
            self.left_head.setText("")
            self.left_out.set_rows([])
        else:
            allowed = sum(1 for c in plan.chosen if c.slot.cls == SlotClass.ALLOW)
            self.slots_head.setText(_("{room}: {n} of {total} signature slots ({allowed} allowed, {blocked} blocked)")
                                    .format(room=room.room_code, n=len(plan.chosen), total=SLOTS, allowed=allowed,
                                            blocked=len(plan.chosen) - allowed))
            self.slots.set_rows(list(enumerate(plan.chosen)))
            self.left_head.setText(_("Left out: {n}").format(n=len(plan.left_out)) if plan.left_out
                                   else _("Nothing in the library for this room was left out."))
            self.left_out.set_rows(list(plan.left_out))
        self.shown.emit()


class LoadsPage(TabbedPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "loads")
        self.ctx = ctx
        self.library = LibraryTab(ctx, self)
        self.profiles = ProfilesTab(ctx, self)
        self.room = RoomTab(ctx, self)
        self.meters = MetersTab(ctx, self)
        self.reports = ReportsTab(ctx, self)
        self.add_tabs((("library", self.library, _("Library")), ("profiles", self.profiles, _("Profiles")),
                       ("room", self.room, _("Room")), ("meters", self.meters, _("Meters")),
                       ("reports", self.reports, _("Reports"))))
        self.follow_policy_changes(ctx, self.meters)
