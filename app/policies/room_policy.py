"""What the room panel says of a room's power policy: the policy in force and where it comes from
(or that the room is exempt, or under no policy), the next change the meter will make by itself, and
whether the room's meter holds what it should (in sync / pending / failed, with the reason).

What a caller may rely on:
- `room_policy(s, room_id, at)` reads, never writes; `at` is naive local campus time (what the meter's
  clock shows), and the policy is the one in force on `at.date()` (`policies.resolve`);
- `kind` is "policy" (a policy is in force: `policy_name`, `source_label` say which and from which
  assignment, e.g. "Campus", "A", "A floor 3", "A-315"), "exempt" (an exemption is in force:
  `exempt_reason`, `source_label`) or "none" (no assignment touches the room);
- `next_change` is the first minute after `at` at which some branch's mode changes under the room's
  policy and the campus calendar of `at`'s day, None when nothing changes within 8 days (always None
  for an exempt room or one under no policy); `next_changes` are all the branches changing then,
  in branch order (`next_change` is the first of them);
- `sync_state` is "sync", "pending" or "failed" with `sync_reason` (the meter's refusal, "no answer",
  "push cancelled", ...), or None when the room has no active electricity meter;
- `when_word(change_at, at)` names the day of a change relative to `at`: "today", "tonight" (the same
  day from 18:00), "tomorrow" or "later", so the window can say "Lighting off at 23:00 tonight".
No Qt; runs in a background task (`load_room_policy(store, room_id)` opens its own read session).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app import clock
from app.policies import calendar_admin, policies, push, schedule
from app.policies.schedule import Change
from db.engine import Store

TONIGHT_FROM_HOUR = 18      # a change on the same day from 18:00 is "tonight"


@dataclass(frozen=True)
class RoomPolicy:
    room_id: int
    kind: str                           # "policy", "exempt" or "none"
    policy_name: str | None
    source_label: str                   # the target of the assignment in force, "" for none
    exempt_reason: str
    next_change: Change | None
    sync_state: str | None              # "sync", "pending", "failed"; None: no active meter
    sync_reason: str
    next_changes: tuple[Change, ...] = ()
    at: datetime | None = None          # the campus time it was worked out for


def _in_force(resolution: policies.Resolution):
    """The assignment that decides (the chain runs most general first; the in-force link is the last)."""
    return next((link for link in reversed(resolution.chain) if link.in_force), None)


def room_policy(s: Session, room_id: int, at: datetime) -> RoomPolicy:
    """The room's power policy at `at` (naive local campus time); see the module doc."""
    at = at.replace(tzinfo=None)
    day = at.date()
    resolution = policies.resolve(s, room_id, day)
    link = _in_force(resolution)
    if resolution.policy_name is not None:
        kind = "policy"
    elif link is not None:
        kind = "exempt"
    else:
        kind = "none"
    changes: tuple[Change, ...] = ()
    if kind == "policy":
        calendar = calendar_admin.calendar_plan(s, day).calendar
        changes = schedule.next_changes(calendar, resolution.plan, at)
    sync = push.room_sync(s, room_id)
    return RoomPolicy(
        room_id=room_id, kind=kind, policy_name=resolution.policy_name,
        source_label=link.target_label if link is not None else "",
        exempt_reason=(link.reason or "") if kind == "exempt" and link is not None else "",
        next_change=changes[0] if changes else None,
        sync_state=sync.state if sync is not None else None,
        sync_reason=(sync.reason or "") if sync is not None else "",
        next_changes=changes, at=at)


def campus_now() -> datetime:
    """Now as naive local campus time (what the meters' clocks show)."""
    return clock.local(clock.now()).replace(tzinfo=None)


def load_room_policy(store: Store, room_id: int, at: datetime | None = None) -> RoomPolicy:
    """`room_policy` in its own read session; `at` defaults to now (campus time)."""
    with store.read() as s:
        return room_policy(s, room_id, at or campus_now())


def when_word(change_at: datetime, at: datetime) -> str:
    """"today", "tonight", "tomorrow" or "later": the day of `change_at` seen from `at`."""
    if change_at.date() == at.date():
        return "tonight" if change_at.hour >= TONIGHT_FROM_HOUR else "today"
    if change_at.date() == at.date() + timedelta(days=1):
        return "tomorrow"
    return "later"
