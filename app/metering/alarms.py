"""Alarms: stored, shown, acknowledged by an operator with a note.

A condition that stays true raises one alarm, not one per poll: `open_key` names the condition.
- An alarm raised on a change (the meter stopped answering, an event) releases its key when it is
  acknowledged, so the next change raises a new one.
- An alarm raised from a state the meter reports on every reading (`HELD_KINDS`: arrears, low
  balance) keeps its key when acknowledged, so the next reading does not raise it again; the key is
  released when the state is gone (`release_cleared`, called by billing), so the state coming back
  is a new alarm.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.errors import InvalidInput, NotFound
from app.metering.runtime import vocabulary
from db.engine import Store
from db.models import Alarm

KINDS = {
    "low_balance_1": "Low balance",
    "low_balance_2": "Balance about to run out",
    "arrears": "Arrears",
    "meter_offline": "Meter offline",
    "valve_fault": "Valve fault",
    "reconciliation": "Ledger and meter disagree",
    "reading_review": "Reading needs review",
    "purchase_refused": "Meter refused a credit",
    "malignant_load": "Illegal appliance tripped",
    "malignant_host": "Illegal appliance switched off by DormWatt",
    "whitelist_suggest": "Allowed appliance tripped",
    "suspect_load": "Unknown appliance",
    "standby_trip": "Air conditioner unplugged",
    "over_power": "Over-power trip",
    "low_power_trip": "Low-power limit trip",
    "lockout": "Branch locked out",
    "unlock_blocked": "Meter password blocked",
    "meter_password": "Wrong meter password",
    "vacant_use": "Power used in an empty room",        # app.metering.usage_alarms
    "use_jump": "Use jumped against the room's usual",  # app.metering.usage_alarms
    "backup_failed": "Daily backup failed",             # app.care.backup_schedule
}


# Raised from a state reported on every reading (the meter's status alarms): acknowledged, they stay
# so until the state ends.
HELD_KINDS = frozenset(rule.kind for _flag, rule in vocabulary.STATUS_ALARMS)


@dataclass(frozen=True)
class AlarmView:
    id: int
    kind: str
    level: int
    room_id: int | None
    meter_id: int | None
    raised_at: datetime
    message: str
    acknowledged_at: datetime | None
    note: str


def _view(a: Alarm) -> AlarmView:
    return AlarmView(a.id, a.kind, a.level, a.room_id, a.meter_id, a.raised_at, a.message, a.acknowledged_at, a.note)


def raise_alarm(s: Session, kind: str, *, message: str, level: int = 1, room_id: int | None = None,
                meter_id: int | None = None, details: dict[str, Any] | None = None,
                open_key: str | None = None) -> Alarm | None:
    """Add an alarm in the caller's transaction; None when the same open condition is already raised."""
    if kind not in KINDS:
        raise ValueError(f"unknown alarm kind {kind}")
    if open_key is not None and s.scalar(select(Alarm.id).where(Alarm.open_key == open_key)) is not None:
        return None
    a = Alarm(kind=kind, level=level, room_id=room_id, meter_id=meter_id, message=message, details=details,
              open_key=open_key)
    s.add(a)
    s.flush()
    events.stage(s, "alarm_raised", rooms={room_id}, ids=[a.id])
    return a


def release_cleared(s: Session, keys: set[str]) -> int:
    """In the caller's transaction: the conditions named by `keys` are no longer true, so their
    acknowledged alarms give up their keys (an unacknowledged one keeps its key and stays on screen
    until someone acknowledges it). Returns how many were released."""
    if not keys:
        return 0
    released = 0
    ordered = sorted(keys)
    for i in range(0, len(ordered), 500):
        released += s.execute(update(Alarm).where(Alarm.open_key.in_(ordered[i:i + 500]),
                                                 Alarm.acknowledged_at.is_not(None))
                              .values(open_key=None)).rowcount or 0
    return released


def open_alarms(store: Store, room_id: int | None = None, limit: int = 500) -> list[AlarmView]:
    with store.read() as s:
        q = select(Alarm).where(Alarm.acknowledged_at.is_(None)).order_by(Alarm.level.desc(), Alarm.id.desc())
        if room_id is not None:
            q = q.where(Alarm.room_id == room_id)
        return [_view(a) for a in s.scalars(q.limit(limit))]


def acknowledge(store: Store, actor: Actor, alarm_id: int, note: str) -> AlarmView:
    require(actor, "report.view")
    if not note.strip():
        raise InvalidInput("Say what was done about the alarm.")
    with store.write() as s:
        a = s.get(Alarm, alarm_id, with_for_update=True)
        if a is None:
            raise NotFound(f"No alarm {alarm_id}.")
        if a.acknowledged_at is not None:
            raise InvalidInput("That alarm was already acknowledged.")
        a.acknowledged_at, a.acknowledged_by, a.note = clock.now(), actor.id, note.strip()
        if a.kind not in HELD_KINDS:
            a.open_key = None
        audit.record(s, actor, "alarm.acknowledge", "alarm", a.id, None, {"note": a.note})
        events.stage(s, "alarm_cleared", rooms={a.room_id}, ids=[a.id])
        return _view(a)
