"""The room panel's malignant-load box: the load-control profile in force and the signature slots the
room's meter holds (app.loads.room_loads).

What a caller may rely on:
- `RoomLoadsBox(ctx, parent)`; `show_room(room_id)` loads in the background (None hides the box); it
  reloads by itself on "policies_changed" for its room or the whole campus;
- `label` says it in one line (the slots by name in its tooltip); the box is hidden while there is
  nothing to say; `loaded(room_id)` once it is loaded.
"""
from __future__ import annotations

from app.loads.room_loads import RoomLoads, load_room_loads
from ui.app_context import AppContext
from ui.i18n import _, tr_message
from ui.room_box import RoomBox


def profile_text(r: RoomLoads) -> str:
    if r.profile_name:
        return _("Load control: {name}").format(name=r.profile_name)
    if r.managed:
        return _("Load control: off (exempt)")
    return _("Load control: the meter's own settings")


def slots_text(r: RoomLoads) -> str:
    """One line for the panel (the office's smallest screen has room for no more)."""
    if not r.library:
        return _("no signature library yet")
    if not r.slots:
        return _("no signature slots in force")
    allowed = sum(1 for s in r.slots if s.allow)
    return _("{n} of 32 signature slots ({allowed} allowed, {blocked} blocked)").format(
        n=len(r.slots), allowed=allowed, blocked=len(r.slots) - allowed)


def slots_tip(r: RoomLoads) -> str:
    """Every slot by name, and what was left out: the line's tooltip."""
    lines = [(_("{name} (allowed)") if s.allow else _("{name} (blocked)")).format(name=s.appliance)
             for s in r.slots]
    if r.left_out:
        lines.append(_("Left out: {names}: {reason}").format(
            names=", ".join(n for n, _why in r.left_out), reason=tr_message(r.left_out[0][1])))
    return "\n".join(lines)


class RoomLoadsBox(RoomBox):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, "loadsBox", ("loadControl",), parent)
        self.label = self.labels[0]

    @property
    def loads(self) -> RoomLoads | None:
        return self.result

    @staticmethod
    def load(store, room_id: int) -> RoomLoads:
        return load_room_loads(store, room_id)

    def present(self, r: RoomLoads) -> bool:
        """Hidden when there is nothing to say (no profile reaches the room and no library exists)."""
        self.label.setText(f"{profile_text(r)} · {slots_text(r)}")
        self.label.setToolTip(slots_tip(r))
        return r.managed or r.library

    def failed_text(self, error: str) -> str:
        return _("Could not load the load control: {error}").format(error=error)
