"""Alarms: stored, shown, acknowledged by an operator with a note.

A condition that stays true raises one alarm, not one per poll: `open_key` names the condition and
is released when the alarm is acknowledged (so a condition that comes back raises a new one).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.errors import InvalidInput, NotFound
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
    "standby_trip": "Air conditioner unplugged",
    "over_power": "Over-power trip",
    "low_power_trip": "Low-power limit trip",
    "lockout": "Branch locked out",
    "unlock_blocked": "Meter password blocked",
    "meter_password": "Wrong meter password",
}


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
        a.acknowledged_at, a.acknowledged_by, a.note, a.open_key = clock.now(), actor.id, note.strip(), None
        audit.record(s, actor, "alarm.acknowledge", "alarm", a.id, None, {"note": a.note})
        events.stage(s, "alarm_cleared", rooms={a.room_id}, ids=[a.id])
        return _view(a)
