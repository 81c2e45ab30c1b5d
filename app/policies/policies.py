"""Power policy templates, their assignments to the campus, a building, a floor or a room, and what
each room and meter must hold on a day as a result (the precedence rules are in
app/policies/inheritance.py).

Every change takes the acting operator, needs `policy.change`, writes one audit record in the same
transaction and stages "policies_changed" (ids: the policy or the assignment; rooms: those an
assignment touches when they are few to name, i.e. for a building, floor or room). Bad input raises
`FieldInvalid(sentence, field=<keyword argument>)` and writes nothing.

What a caller may rely on:
- a policy name is 1 to 64 characters and unique; a plan is checked with `schedule.check_plan`;
  saving the same plan again makes no new version (and no audit record), a changed plan makes
  version + 1; a retired policy is neither changed nor assigned, and is retired only while nothing
  assigns it;
- assignments are never edited: `remove_assignment` sets `removed_at`, a change is a new assignment;
- an exemption (policy None) and any room's own assignment carry a reason;
- `resolve_rooms` reads the store in two statements whatever the number of rooms, and
  `desired_configs` adds one for the meters plus what the calendar takes.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app import audit, events
from app.access import Actor, require
from app.errors import FieldInvalid, InvalidInput, NotFound, UnknownRoom
from app.policies import calendar_admin
from app.policies.inheritance import LEVELS, Assigned, ChainLink, Place, Touching, chain, target_label
from app.policies.model import NO_POLICY, MeterConfig, PolicyPlan
from app.policies.schedule import check_plan
from db.base import utcnow
from db.engine import Store
from db.models import Building, ElectricityMeter, PolicyAssignment, PowerPolicy, Room

__all__ = ["AssignmentRow", "ChainLink", "PolicyRow", "Resolution", "assign", "assignments", "desired_configs",
           "list_policies", "remove_assignment", "resolve", "resolve_rooms", "retire_policy", "save_policy"]

MAX_NAME = 64
MAX_REASON = 255
_FEW_ROOMS = 500          # above this many room ids, read every room and pick (no huge IN lists)


@dataclass(frozen=True)
class PolicyRow:
    id: int
    name: str
    plan: PolicyPlan
    version: int
    retired: bool


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    scope: str
    building_id: int | None
    floor: int | None
    room_id: int | None
    target_label: str
    policy_id: int | None          # None: exempt
    policy_name: str | None
    first_day: date | None
    last_day: date | None
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class Resolution:
    """What a room holds on a day: `policy_name` None and `plan` NO_POLICY when nothing applies or it is exempt."""

    room_id: int
    policy_id: int | None
    policy_name: str | None
    plan: PolicyPlan
    chain: tuple[ChainLink, ...]


# ----- templates ------------------------------------------------------------------------------------

def list_policies(s: Session, *, retired: bool = False) -> list[PolicyRow]:
    """The policies in force by name; with `retired=True` the retired ones too."""
    q = select(PowerPolicy).order_by(PowerPolicy.name)
    if not retired:
        q = q.where(PowerPolicy.retired.is_(False))
    return [_row(p) for p in s.scalars(q)]


def _row(p: PowerPolicy) -> PolicyRow:
    return PolicyRow(p.id, p.name, PolicyPlan.from_json(p.plan), p.version, p.retired)


def _check_name(name: object) -> str:
    text = str(name or "").strip()
    if not 1 <= len(text) <= MAX_NAME:
        raise FieldInvalid("A policy name is 1 to 64 characters long.", field="name")
    return text


def save_policy(store: Store, actor: Actor, name: str, plan: PolicyPlan, policy_id: int | None = None) -> int:
    """Create a policy (policy_id None) or change one; returns its id."""
    require(actor, "policy.change")
    name = _check_name(name)
    check_plan(plan)
    doc = plan.to_json()
    with store.write() as s:
        clash = s.scalar(select(PowerPolicy.id).where(PowerPolicy.name == name))
        if clash is not None and clash != policy_id:
            raise FieldInvalid(f"There is already a policy named “{name}”.", field="name")
        if policy_id is None:
            p = PowerPolicy(name=name, plan=doc, version=1, retired=False, updated_at=utcnow())
            s.add(p)
            s.flush()
            audit.record(s, actor, "policy.save", "power_policy", p.id, None, {"name": name, "plan": doc, "version": 1})
            events.stage(s, "policies_changed", ids=(p.id,))
            return p.id
        p = s.get(PowerPolicy, policy_id)
        if p is None:
            raise NotFound(f"There is no policy {policy_id}.")
        if p.retired:
            raise InvalidInput(f"The policy “{p.name}” is retired: it can no longer be changed.")
        same_plan = PolicyPlan.from_json(p.plan) == plan
        if same_plan and p.name == name:
            return p.id
        before = {"name": p.name, "plan": p.plan, "version": p.version}
        p.name = name
        if not same_plan:
            p.plan = doc
            p.version += 1
        p.updated_at = utcnow()
        audit.record(s, actor, "policy.save", "power_policy", p.id, before,
                     {"name": name, "plan": p.plan, "version": p.version})
        events.stage(s, "policies_changed", ids=(p.id,))
        return p.id


def retire_policy(store: Store, actor: Actor, policy_id: int) -> None:
    """Retire a policy nothing assigns any more (it stays for the history); refused while assigned."""
    require(actor, "policy.change")
    with store.write() as s:
        p = s.get(PowerPolicy, policy_id)
        if p is None:
            raise NotFound(f"There is no policy {policy_id}.")
        if p.retired:
            return
        used = [a.target_label for a in assignments(s) if a.policy_id == policy_id]
        if used:
            raise InvalidInput(f"The policy “{p.name}” is still assigned to {', '.join(used)}: remove those "
                               "assignments before retiring it.")
        p.retired = True
        p.updated_at = utcnow()
        audit.record(s, actor, "policy.retire", "power_policy", p.id, {"retired": False}, {"retired": True})
        events.stage(s, "policies_changed", ids=(p.id,))


# ----- assignments ----------------------------------------------------------------------------------

def check_target(s: Session, scope: str, building_id: int | None, floor: int | None,
                  room_id: int | None) -> tuple[int | None, int | None, int | None, list[int]]:
    """(building_id, floor, room_id) as stored for `scope`, and the room ids it touches (none for the campus).
    Shared with the load-control assignments (app/loads/profiles.py)."""
    if scope not in LEVELS:
        raise FieldInvalid("Choose where the policy applies: the campus, a building, a floor or a room.",
                           field="scope")
    if scope == "campus":
        return None, None, None, []
    if scope == "room":
        room = s.get(Room, room_id) if isinstance(room_id, int) else None
        if room is None:
            raise FieldInvalid(f"There is no room {room_id}.", field="room_id")
        return None, None, room.id, [room.id]
    b = s.get(Building, building_id) if isinstance(building_id, int) else None
    if b is None:
        raise FieldInvalid(f"There is no building {building_id}.", field="building_id")
    q = select(Room.id).where(Room.building_id == b.id)
    if scope == "building":
        return b.id, None, None, list(s.scalars(q))
    if not isinstance(floor, int) or isinstance(floor, bool) or not 1 <= floor <= b.floors:
        raise FieldInvalid(f"{b.code} has {b.floors} floor(s): choose a floor from 1 to {b.floors}.", field="floor")
    return b.id, floor, None, list(s.scalars(q.where(Room.floor == floor)))


def _check_days(first_day: date | None, last_day: date | None) -> None:
    if (first_day is None) != (last_day is None):
        raise FieldInvalid("Give both the first and the last day of the date range, or neither.",
                           field="last_day" if last_day is None else "first_day")
    if first_day is not None and last_day is not None and last_day < first_day:
        raise FieldInvalid(f"The last day ({last_day.isoformat()}) is before the first day "
                           f"({first_day.isoformat()}).", field="last_day")


def _check_reason(reason: str, scope: str, policy_id: int | None) -> str:
    text = (reason or "").strip()
    if len(text) > MAX_REASON:
        raise FieldInvalid("A reason is at most 255 characters long.", field="reason")
    if not text and policy_id is None:
        raise FieldInvalid("Say why this exemption is granted (for example “graduate floor”).", field="reason")
    if not text and scope == "room":
        raise FieldInvalid("Say why this room has its own assignment (for example “medical exemption”).",
                           field="reason")
    return text


def assign(store: Store, actor: Actor, scope: str, *, building_id: int | None = None, floor: int | None = None,
           room_id: int | None = None, policy_id: int | None, first_day: date | None = None,
           last_day: date | None = None, reason: str = "") -> int:
    """Assign a policy (None: exempt) to the campus, a building, a floor of a building or a room,
    for a date range (both ends included) or for good; returns the assignment's id."""
    require(actor, "policy.change")
    _check_days(first_day, last_day)
    reason = _check_reason(reason, scope, policy_id)
    with store.write() as s:
        building_id, floor, room_id, rooms = check_target(s, scope, building_id, floor, room_id)
        name = None
        if policy_id is not None:
            p = s.get(PowerPolicy, policy_id) if isinstance(policy_id, int) else None
            if p is None:
                raise FieldInvalid(f"There is no policy {policy_id}.", field="policy_id")
            if p.retired:
                raise FieldInvalid(f"The policy “{p.name}” is retired: choose another one.", field="policy_id")
            name = p.name
        a = PolicyAssignment(scope=scope, building_id=building_id, floor=floor, room_id=room_id, policy_id=policy_id,
                             first_day=first_day, last_day=last_day, reason=reason, created_at=utcnow(),
                             created_by=actor.id)
        s.add(a)
        s.flush()
        audit.record(s, actor, "policy.assign", "policy_assignment", a.id, None,
                     {"scope": scope, "building_id": building_id, "floor": floor, "room_id": room_id,
                      "policy_id": policy_id, "policy": name, "first_day": first_day, "last_day": last_day,
                      "reason": reason})
        events.stage(s, "policies_changed", rooms=rooms, ids=(a.id,))
        return a.id


def remove_assignment(store: Store, actor: Actor, assignment_id: int) -> None:
    """End an assignment (it stays in the store with `removed_at`); removing it twice changes nothing."""
    require(actor, "policy.change")
    with store.write() as s:
        a = s.get(PolicyAssignment, assignment_id)
        if a is None:
            raise NotFound(f"There is no assignment {assignment_id}.")
        if a.removed_at is not None:
            return
        rooms = [] if a.scope == "campus" else check_target(s, a.scope, a.building_id, a.floor, a.room_id)[3]
        a.removed_at = utcnow()
        audit.record(s, actor, "policy.unassign", "policy_assignment", a.id, {"removed_at": None},
                     {"removed_at": a.removed_at})
        events.stage(s, "policies_changed", rooms=rooms, ids=(a.id,))


def _load(s: Session) -> tuple[list[tuple[Assigned, datetime]], dict[int, PolicyPlan]]:
    """Every assignment not removed (one statement), with the plans of the policies they name."""
    rb = aliased(Building)
    q = (select(PolicyAssignment, PowerPolicy.name, PowerPolicy.plan, Building.code, Room.number, rb.code)
         .outerjoin(PowerPolicy, PowerPolicy.id == PolicyAssignment.policy_id)
         .outerjoin(Building, Building.id == PolicyAssignment.building_id)
         .outerjoin(Room, Room.id == PolicyAssignment.room_id)
         .outerjoin(rb, rb.id == Room.building_id)
         .where(PolicyAssignment.removed_at.is_(None)).order_by(PolicyAssignment.id))
    found, plans = [], {}
    for a, name, plan, code, number, room_building in s.execute(q):
        room_code = f"{room_building}-{number}" if number is not None else None
        label = target_label(a.scope, building_code=code, floor=a.floor, room_code=room_code)
        found.append((Assigned(a.id, a.scope, a.building_id, a.floor, a.room_id, a.policy_id, name, a.first_day,
                               a.last_day, a.reason, label), a.created_at))
        if a.policy_id is not None and a.policy_id not in plans:
            plans[a.policy_id] = PolicyPlan.from_json(plan)
    return found, plans


def assignments(s: Session) -> list[AssignmentRow]:
    """Every assignment not removed: most general level first, then by target, oldest first."""
    rank = {scope: n for n, scope in enumerate(LEVELS)}
    found, _ = _load(s)
    found.sort(key=lambda f: (rank[f[0].scope], f[0].target_label, f[0].id))
    return [AssignmentRow(a.id, a.scope, a.building_id, a.floor, a.room_id, a.target_label, a.policy_id,
                          a.policy_name, a.first_day, a.last_day, a.reason, created_at) for a, created_at in found]


# ----- resolution -----------------------------------------------------------------------------------

def resolve_rooms(s: Session, day: date, room_ids: Iterable[int] | None = None) -> dict[int, Resolution]:
    """What each room (every room when None) holds on `day`, with the chain of why; unknown ids are left out.
    Two statements whatever the number of rooms; rooms of one floor without their own assignment
    share the work."""
    found, plans = _load(s)
    index = Touching(a for a, _ in found)
    wanted = None if room_ids is None else set(room_ids)
    q = select(Room.id, Room.building_id, Room.floor)
    if wanted is not None and len(wanted) <= _FEW_ROOMS:
        q = q.where(Room.id.in_(wanted))
    shared: dict[tuple[int, int], tuple[Assigned | None, tuple[ChainLink, ...]]] = {}
    out: dict[int, Resolution] = {}
    for rid, bid, floor in s.execute(q):
        if wanted is not None and rid not in wanted:
            continue
        place = Place(rid, bid, floor)
        own = index.own(place)
        if own:
            won, links = chain(index.shared(place) + own, day)
        else:
            key = (bid, floor)
            if key not in shared:
                shared[key] = chain(index.shared(place), day)
            won, links = shared[key]
        if won is None or won.policy_id is None:
            out[rid] = Resolution(rid, None, None, NO_POLICY, links)
        else:
            out[rid] = Resolution(rid, won.policy_id, won.policy_name, plans[won.policy_id], links)
    return out


def resolve(s: Session, room_id: int, day: date) -> Resolution:
    """What one room holds on `day` and why (UnknownRoom when there is no such room)."""
    found = resolve_rooms(s, day, [room_id])
    if room_id not in found:
        raise UnknownRoom(f"No room with id {room_id}.")
    return found[room_id]


def desired_configs(s: Session, day: date, meter_ids: Iterable[int] | None = None) -> dict[int, MeterConfig]:
    """The configuration each active electricity meter (replaced_on IS NULL; only `meter_ids` when
    given) must hold on `day`: the campus calendar block and its room's three schedule blocks
    (NO_POLICY's for a meter in no room, an exempt room or a room no policy reaches)."""
    q = select(ElectricityMeter.id, ElectricityMeter.room_id).where(ElectricityMeter.replaced_on.is_(None))
    wanted = None if meter_ids is None else set(meter_ids)
    if wanted is not None and len(wanted) <= _FEW_ROOMS:
        q = q.where(ElectricityMeter.id.in_(wanted))
    meters = [(mid, rid) for mid, rid in s.execute(q) if wanted is None or mid in wanted]
    if not meters:
        return {}
    calendar = calendar_admin.calendar_plan(s, day).calendar
    rooms = {rid for _, rid in meters if rid is not None}
    resolved = resolve_rooms(s, day, rooms) if rooms else {}
    blocks: dict[int | None, tuple] = {None: NO_POLICY.blocks()}
    out: dict[int, MeterConfig] = {}
    for mid, rid in meters:
        r = resolved.get(rid) if rid is not None else None
        pid = r.policy_id if r is not None else None
        if pid not in blocks:
            blocks[pid] = r.plan.blocks()
        out[mid] = MeterConfig(calendar, blocks[pid])
    return out
