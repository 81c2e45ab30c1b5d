"""The room panel's malignant-load box: the load-control profile in force and the signature slots the
room's meter holds (app.loads.room_loads).

What a caller may rely on:
- `RoomLoadsBox(ctx, parent)`; `show_room(room_id)` loads in the background (None hides the box); it
  reloads by itself on "policies_changed" for its room or the whole campus;
- `profile_label` and `slots_label` show it; `loaded(room_id)` once it is on screen.
"""
from __future__ import annotations

from app.loads.room_loads import RoomLoads, load_room_loads
from ui.app_context import AppContext
from ui.i18n import _, tr_message
from ui.room_box import RoomBox

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


class RoomLoadsBox(RoomBox):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, "loadsBox", ("loadProfile", "loadSlots"), parent)
        self.profile_label, self.slots_label = self.labels

    @property
    def loads(self) -> RoomLoads | None:
        return self.result

    def load(self, store, room_id: int) -> RoomLoads:
        return load_room_loads(store, room_id)

    def present(self, r: RoomLoads) -> None:
        self.profile_label.setText(profile_text(r))
        self.slots_label.setText(slots_text(r))
        self.slots_label.show()

    def failed_text(self, error: str) -> str:
        return _("Could not load the load control: {error}").format(error=error)
