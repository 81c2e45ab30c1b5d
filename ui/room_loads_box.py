"""The room panel's malignant-load box: the load-control profile in force and the signature slots the
room's meter holds (app.loads.room_loads).

What a caller may rely on:
- `RoomLoadsBox(ctx, parent)`; `show_room(room_id)` loads in the background (None hides the box); it
  reloads by itself on "policies_changed" for its room or the whole campus;
- `profile_label` and `slots_label` show it; `loaded(room_id)` once it is on screen.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.loads.room_loads import RoomLoads, load_room_loads
from ui.app_context import AppContext
from ui.i18n import _, tr_message
from ui.live_curves import command_error_text
from ui.tasks import run_task

RELOAD_DEBOUNCE_MS = 1500
SHOWN = 8                      # slots listed by name; the rest are counted


def profile_text(r: RoomLoads) -> str:
    if r.profile_name:
        return _("Load control: {name}").format(name=r.profile_name)
    if r.managed:
        return _("Load control: off (exempt)")
    return _("Load control: the meter's own settings")


def slots_text(r: RoomLoads) -> str:
    if not r.library:
        return _("Signature slots: no library yet")
    if not r.slots:
        return _("Signature slots: none in force")
    names = [(_("{name} (allowed)") if s.allow else _("{name} (blocked)")).format(name=s.appliance)
             for s in r.slots[:SHOWN]]
    text = _("Signature slots ({n} of 32): {names}").format(n=len(r.slots), names=", ".join(names))
    if len(r.slots) > SHOWN:
        text += " " + _("and {n} more").format(n=len(r.slots) - SHOWN)
    if r.left_out:
        text += "\n" + _("Left out: {names}: {reason}").format(
            names=", ".join(n for n, _why in r.left_out[:SHOWN]), reason=tr_message(r.left_out[0][1]))
    return text


class RoomLoadsBox(QFrame):
    loaded = Signal(int)

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.room_id: int | None = None
        self.loads: RoomLoads | None = None
        self._request = 0
        self.setObjectName("loadsBox")
        self.setStyleSheet("QFrame#loadsBox{background:#f6f8fa;border:1px solid #d0d7de;border-radius:3px;}")
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(1)
        self.profile_label, self.slots_label = QLabel("", self), QLabel("", self)
        for name, lbl in (("loadProfile", self.profile_label), ("loadSlots", self.slots_label)):
            lbl.setObjectName(name)
            lbl.setWordWrap(True)
            lbl.setTextFormat(Qt.TextFormat.PlainText)
            col.addWidget(lbl)
        self._timer = QTimer(self, singleShot=True, interval=RELOAD_DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh)
        ctx.bridge.event.connect(self._event)
        self.hide()

    def show_room(self, room_id: int | None) -> None:
        if room_id != self.room_id:
            self.loads = None
            self.hide()
        self.room_id = room_id
        self._request += 1
        if room_id is not None:
            self.refresh()

    def refresh(self) -> None:
        room_id = self.room_id
        if room_id is None:
            return
        self._request += 1
        request, store = self._request, self.ctx.store
        run_task(lambda: load_room_loads(store, room_id), lambda r: self._loaded(request, r),
                 lambda exc: self._failed(request, exc))

    def _loaded(self, request: int, r: RoomLoads) -> None:
        if request != self._request or r.room_id != self.room_id:
            return
        self.loads = r
        self.profile_label.setText(profile_text(r))
        self.slots_label.setText(slots_text(r))
        self.show()
        self.loaded.emit(r.room_id)

    def _failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.profile_label.setText(_("Could not load the load control: {error}").format(
                error=command_error_text(exc)))
            self.slots_label.hide()
            self.show()

    def _event(self, event) -> None:
        if event.topic == "policies_changed" and self.room_id is not None and (
                not event.rooms or self.room_id in event.rooms):
            self._timer.start()
