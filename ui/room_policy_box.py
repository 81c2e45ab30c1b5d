"""The room panel's power-policy box: the policy in force and where it comes from, the next change,
and whether the meter holds it (app.policies.room_policy).

What a caller may rely on:
- `RoomPolicyBox(ctx, parent)`; `show_room(room_id)` loads that room's policy in the background
  (None clears and hides the box); it reloads by itself on "policies_changed" for its room;
- `policy` is the `RoomPolicy` on screen; `policy_label`, `change_label`, `sync_label` show it;
- `loaded(room_id)` once it is on screen.
Only the GUI thread touches the widgets; the store is read through `run_task`.
"""
from __future__ import annotations

from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch
from app.policies.room_policy import RoomPolicy, load_room_policy, when_word
from app.policies.schedule import BranchMode
from ui.app_context import AppContext
from ui.i18n import _, tr_message
from ui.room_box import RoomBox


def policy_text(p: RoomPolicy) -> str:
    if p.kind == "policy":
        return _("Power policy: {name} (from {source})").format(name=p.policy_name, source=tr_message(p.source_label))
    if p.kind == "exempt":
        return (_("Exempt: {reason}").format(reason=tr_message(p.exempt_reason)) if p.exempt_reason
                else _("Exempt from the power policy"))
    return _("No power policy")


def change_text(p: RoomPolicy) -> str:
    """"Lighting off at 23:00 tonight; Sockets to low-power mode at 23:00 tonight" (seen from `p.at`)."""
    if p.kind != "policy" or p.at is None:
        return ""
    if not p.next_changes:
        return _("No change in the next 8 days")
    parts = []
    for c in p.next_changes:
        time = c.at.strftime("%H:%M")
        when = {"today": _("at {time} today"), "tonight": _("at {time} tonight"),
                "tomorrow": _("at {time} tomorrow")}.get(when_word(c.at, p.at), _("at {time} on {date}"))
        when = when.format(time=time, date=c.at.strftime("%m-%d"))
        what = {BranchMode.OFF: _("{branch} off {when}"), BranchMode.LOW_POWER: _("{branch} to low-power mode {when}"),
                BranchMode.HOLIDAY_OFF: _("{branch} off for the holiday {when}")}.get(
                    c.mode, _("{branch} back to normal {when}"))
        parts.append(what.format(branch=_(BRANCH_NAMES[Branch(c.branch)]), when=when))
    return "; ".join(parts)


def sync_text(p: RoomPolicy) -> tuple[str, str]:
    """What the meter holds of it, and the colour to say it in."""
    reason = tr_message(p.sync_reason)
    if p.sync_state == "sync":
        return _("Meter: in sync"), "#1a7f37"
    if p.sync_state == "failed":
        return _("Meter: update failed: {reason}").format(reason=reason or _("unknown")), "#cf222e"
    if p.sync_state == "pending":
        return (_("Meter: update pending ({reason})").format(reason=reason) if reason
                else _("Meter: update pending")), "#9a6700"
    return "", "#57606a"


class RoomPolicyBox(RoomBox):
    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(ctx, "policyBox", ("powerPolicy", "nextChange", "policySync"), parent)
        self.policy_label, self.change_label, self.sync_label = self.labels
        self.policy_label.setStyleSheet("font-weight:bold;")

    @property
    def policy(self) -> RoomPolicy | None:
        return self.result

    @staticmethod
    def load(store, room_id: int) -> RoomPolicy:
        return load_room_policy(store, room_id)

    def present(self, p: RoomPolicy) -> None:
        self.policy_label.setText(policy_text(p))
        change = change_text(p)
        self.change_label.setText(change)
        self.change_label.setVisible(bool(change))
        text, colour = sync_text(p)
        self.sync_label.setText(text)
        self.sync_label.setStyleSheet(f"color:{colour};")
        self.sync_label.setVisible(bool(text))

    def failed_text(self, error: str) -> str:
        return _("Could not load the power policy: {error}").format(error=error)
