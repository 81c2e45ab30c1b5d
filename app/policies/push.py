"""Pushes of the power configuration to the meters, and what each meter holds, for the window.

A push is a `PolicyPush` row: asked for from the window (or `main.py`), carried out by every runtime
for the lines it owns (app.policies.sync), cancelled from the window. Progress per line is derived
from `meter_policy_states` (a meter counts once its row was checked after the push was asked for),
so processes owning different lines need no shared counter. The push's scope (a building, or the
whole campus) is kept in its `progress` column as {"building_id": id or None}.

What a caller may rely on:
- `request_push` and `cancel_push` check the permission `policy.push`, write one audit record and
  stage "policies_changed" with extra {"push": id} (a cancel also {"cancelled": True});
- `request_push` marks the scope's meters pending; `cancel_push` marks the meters not reached yet
  pending with the reason `CANCELLED_REASON` (they wait for the next push or change);
- a push is "done" once every meter of its scope on an enabled line was checked after it was asked.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.errors import InvalidInput, NotFound
from db.engine import Store
from db.models import Building, ElectricityMeter, Room
from db.models import Bus as BusRow
from db.models_power import MeterPolicyState, PolicyPush

CANCELLED_REASON = "Push cancelled."
RUNNING, DONE, CANCELLED = "running", "done", "cancelled"


@dataclass(frozen=True)
class LineProgress:
    bus_id: int
    bus_name: str
    total: int
    done: int          # in sync, checked since the push was asked for
    failed: int        # checked since then and not in sync (refused, no answer)


@dataclass(frozen=True)
class PushStatus:
    push_id: int
    status: str        # "running" | "done" | "cancelled"
    lines: tuple[LineProgress, ...]


@dataclass(frozen=True)
class SyncRow:
    meter_id: int
    room_id: int | None
    room_label: str
    building_code: str
    bus_id: int
    bus_name: str
    state: str          # "sync" | "pending" | "failed" (a meter never checked is "pending")
    reason: str
    checked_at: datetime | None


def _scope_meters(s: Session, building_id: int | None) -> list[tuple[int, int, str]]:
    """(meter id, bus id, bus name) of the active electricity meters of the scope on enabled lines."""
    q = (select(ElectricityMeter.id, BusRow.id, BusRow.name)
         .join(BusRow, BusRow.id == ElectricityMeter.bus_id)
         .where(ElectricityMeter.replaced_on.is_(None), BusRow.enabled.is_(True)))
    if building_id is not None:
        q = q.join(Room, Room.id == ElectricityMeter.room_id).where(Room.building_id == building_id)
    return [tuple(r) for r in s.execute(q)]  # type: ignore[misc]


def _states(s: Session, meter_ids: Iterable[int]) -> dict[int, MeterPolicyState]:
    ids = list(meter_ids)
    out: dict[int, MeterPolicyState] = {}
    for k in range(0, len(ids), 1000):
        out.update({r.meter_id: r for r in s.scalars(
            select(MeterPolicyState).where(MeterPolicyState.meter_id.in_(ids[k:k + 1000])))})
    return out


def request_push(store: Store, actor: Actor, *, building_id: int | None = None) -> int:
    """Ask every runtime to push the configuration to the scope's meters; returns the push id."""
    require(actor, "policy.push")
    with store.write() as s:
        if building_id is not None and s.get(Building, building_id) is None:
            raise NotFound("No such building.")
        push = PolicyPush(requested_by=actor.id, status=RUNNING, progress={"building_id": building_id})
        s.add(push)
        s.flush()
        meters = _scope_meters(s, building_id)
        have = _states(s, (m for m, _b, _n in meters))
        for mid, _bus, _name in meters:
            row = have.get(mid)
            if row is None:
                s.add(MeterPolicyState(meter_id=mid, digest="", state="pending", reason=""))
            else:
                row.state, row.reason = "pending", ""
        audit.record(s, actor, "policy.push", "policy_push", push.id, None,
                     {"building_id": building_id, "meters": len(meters)})
        events.stage(s, "policies_changed", ids=[push.id], push=push.id)
        return push.id


def cancel_push(store: Store, actor: Actor, push_id: int) -> None:
    """Stop a running push between blocks; meters not reached stay pending ("Push cancelled.")."""
    require(actor, "policy.push")
    with store.write() as s:
        push = s.get(PolicyPush, push_id)
        if push is None:
            raise NotFound("No such push.")
        if push.status != RUNNING:
            raise InvalidInput("This push has already finished.")
        push.status, push.finished_at = CANCELLED, clock.now()
        scope = (push.progress or {}).get("building_id")
        have = _states(s, (m for m, _b, _n in _scope_meters(s, scope)))
        for row in have.values():
            if row.state == "pending" and (row.checked_at is None or row.checked_at < push.requested_at):
                row.reason = CANCELLED_REASON
        audit.record(s, actor, "policy.push_cancel", "policy_push", push.id, {"status": RUNNING},
                     {"status": CANCELLED})
        events.stage(s, "policies_changed", ids=[push.id], push=push.id, cancelled=True)


def push_status(s: Session, push_id: int) -> PushStatus:
    """The push's status and its progress per line (see the module docstring)."""
    push = s.get(PolicyPush, push_id)
    if push is None:
        raise NotFound("No such push.")
    meters = _scope_meters(s, (push.progress or {}).get("building_id"))
    have = _states(s, (m for m, _b, _n in meters))
    lines: dict[int, list] = {}
    for mid, bid, name in meters:
        line = lines.setdefault(bid, [name, 0, 0, 0])
        line[1] += 1
        row = have.get(mid)
        if row is not None and row.checked_at is not None and row.checked_at >= push.requested_at:
            line[2 if row.state == "sync" else 3] += 1
    progress = tuple(LineProgress(bid, v[0], v[1], v[2], v[3]) for bid, v in sorted(lines.items()))
    status = push.status
    if status == RUNNING and all(p.done + p.failed >= p.total for p in progress):
        status = DONE
    return PushStatus(push.id, status, progress)


def finish_if_complete(store: Store, push_id: int) -> bool:
    """Mark a running push done when every meter of its scope was checked since; True if it is done."""
    with store.write() as s:
        status = push_status(s, push_id)
        push = s.get(PolicyPush, push_id)
        if push.status == RUNNING and status.status == DONE:
            push.status, push.finished_at = DONE, clock.now()
            events.stage(s, "policies_changed", ids=[push_id], push=push_id, source="policy_sync")
        return push.status == DONE


def running_pushes(s: Session) -> dict[int, tuple[datetime, int | None]]:
    """push id -> (requested at, building id or None for the campus) of the running pushes."""
    return {p.id: (p.requested_at, (p.progress or {}).get("building_id"))
            for p in s.scalars(select(PolicyPush).where(PolicyPush.status == RUNNING))}


def any_cancelled(s: Session, push_ids: Iterable[int]) -> bool:
    ids = list(push_ids)
    return bool(ids) and s.scalar(select(PolicyPush.id).where(
        PolicyPush.id.in_(ids), PolicyPush.status == CANCELLED).limit(1)) is not None


def meter_buildings(s: Session, meter_ids: Iterable[int]) -> dict[int, int]:
    """meter id -> building id of its room (meters without a room left out)."""
    ids = list(meter_ids)
    out: dict[int, int] = {}
    for k in range(0, len(ids), 1000):
        out.update(dict(s.execute(select(ElectricityMeter.id, Room.building_id)
                                  .join(Room, Room.id == ElectricityMeter.room_id)
                                  .where(ElectricityMeter.id.in_(ids[k:k + 1000]))).all()))
    return out


def sync_rows(s: Session, *, out_of_sync_only: bool = False, room_id: int | None = None) -> list[SyncRow]:
    """What every active electricity meter holds of its configuration, by building, room."""
    q = (select(ElectricityMeter.id, ElectricityMeter.room_id, Room.number, Building.code, BusRow.id,
                BusRow.name, MeterPolicyState.state, MeterPolicyState.reason, MeterPolicyState.checked_at)
         .join(BusRow, BusRow.id == ElectricityMeter.bus_id)
         .outerjoin(Room, Room.id == ElectricityMeter.room_id)
         .outerjoin(Building, Building.id == Room.building_id)
         .outerjoin(MeterPolicyState, MeterPolicyState.meter_id == ElectricityMeter.id)
         .where(ElectricityMeter.replaced_on.is_(None))
         .order_by(Building.code, Room.number, ElectricityMeter.id))
    if room_id is not None:
        q = q.where(ElectricityMeter.room_id == room_id)
    out = []
    for mid, rid, number, code, bid, bname, state, reason, checked in s.execute(q):
        state = state or "pending"
        if out_of_sync_only and state == "sync":
            continue
        label = f"{code}-{number}" if code is not None else ""
        out.append(SyncRow(mid, rid, label, code or "", bid, bname, state, reason or "", checked))
    return out


def room_sync(s: Session, room_id: int) -> SyncRow | None:
    """The sync state of the room's electricity meter (None when it has none)."""
    rows = sync_rows(s, room_id=room_id)
    return rows[0] if rows else None


def line_counts(s: Session) -> list[tuple[int, str, int, int, int]]:
    """(bus id, name, in sync, pending, failed) per line with electricity meters."""
    counts: dict[int, list] = {}
    for r in sync_rows(s):
        c = counts.setdefault(r.bus_id, [r.bus_name, 0, 0, 0])
        c[{"sync": 1, "pending": 2}.get(r.state, 3)] += 1
    return [(bid, v[0], v[1], v[2], v[3]) for bid, v in sorted(counts.items())]
