"""Load-control profiles (spec §10) and their assignments to the campus, a building, a floor or a room.

A profile holds the three branches' §10 settings and what the host does beyond the meter: release a
trip automatically when the matcher names an allowed appliance (`auto_release`), and the power from
which an unknown step is "suspect". Assignments follow the power policies' precedence rules
(app/policies/inheritance.py: room > floor > building > campus, newest first within a level; no
date ranges). A room no assignment reaches is not managed: its meter keeps whatever §10 settings it
has. An exemption (profile None) sets the meter's defaults: load control off.

Every change takes the acting operator, needs `policy.change`, writes one audit record in the same
transaction and stages "policies_changed", which the runtime's sync answers by pushing the §10 blocks.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app import audit, events
from app.access import Actor, require
from app.errors import FieldInvalid, InvalidInput, NotFound, UnknownRoom
from app.policies.inheritance import LEVELS, Assigned, ChainLink, Place, Touching, chain, target_label
from app.policies.policies import check_target
from db.base import utcnow
from db.engine import Store
from db.models import Building, Room
from db.models_loads import LoadAssignment, LoadProfile
from drivers.ddsy_records import LoadControl, LoadFlag

MAX_NAME = 64
_ANY_DAY = date(2000, 1, 1)      # load assignments have no date ranges: every day is alike
# §10 ranges, by LoadControl field: (low, high)
RANGES = {"flags": (0, 15), "max_power_w": (1, 32767), "max_power_delay_s": (1, 600),
          "increment_threshold_w": (20, 32767), "resistive_pf_milli": (0, 1000), "resistive_thd_permille": (0, 1000),
          "decision_delay_s": (1, 10), "recovery_time_s": (0, 3600), "allowed_trips": (0, 255)}
EXAMINE = LoadFlag.RESISTIVE_RULE | LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS
# A sensible start: lighting and air conditioning with the over-power limit, sockets with everything.
SOCKETS = LoadControl(flags=int(LoadFlag.OVER_POWER | EXAMINE), max_power_w=1500)
QUIET = LoadControl(flags=int(LoadFlag.OVER_POWER), max_power_w=3000)


@dataclass(frozen=True)
class LoadPlan:
    """A profile's content: the §10 block of each branch, and the host's part."""

    branches: tuple[LoadControl, LoadControl, LoadControl] = field(default_factory=lambda: (QUIET, SOCKETS, QUIET))
    auto_release: bool = False       # release a trip the matcher names as an allowed appliance
    suspect_w: int = 300             # an unknown step of at least this much raises a "suspect" alarm

    def to_json(self) -> dict[str, Any]:
        return {"branches": [asdict(b) for b in self.branches], "auto_release": self.auto_release,
                "suspect_w": self.suspect_w}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> LoadPlan:
        names = {f.name for f in fields(LoadControl)}
        branches = tuple(LoadControl(**{k: int(v) for k, v in b.items() if k in names}) for b in d["branches"])
        return cls(branches, bool(d.get("auto_release", False)), int(d.get("suspect_w", 300)))  # type: ignore[arg-type]

    def examines(self) -> LoadControl | None:
        """The branch block whose switch-ons the meter examines with the lowest threshold (slots' filter)."""
        looking = [b for b in self.branches if b.flags & EXAMINE]
        return min(looking, key=lambda b: b.increment_threshold_w) if looking else None


METER_DEFAULTS = LoadPlan((LoadControl(), LoadControl(), LoadControl()))
"""What an exempt room's meter holds: the meter's own defaults, load control off."""


def check_plan(plan: LoadPlan) -> None:
    """Refuse settings outside §10's ranges, naming the branch and the setting."""
    if len(plan.branches) != 3:
        raise FieldInvalid("A load-control profile has settings for three branches.", field="branches")
    for b, lc in enumerate(plan.branches):
        for name, (lo, hi) in RANGES.items():
            value = getattr(lc, name)
            if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
                raise FieldInvalid(f"Branch {b}: {name.replace('_', ' ')} must be {lo} to {hi}, not {value!r}.",
                                   field="branches")
    if not 20 <= plan.suspect_w <= 32767:
        raise FieldInvalid("The suspect threshold is 20 to 32767 W.", field="suspect_w")


@dataclass(frozen=True)
class ProfileRow:
    id: int
    name: str
    plan: LoadPlan
    version: int
    retired: bool


def list_profiles(s: Session, *, retired: bool = False) -> list[ProfileRow]:
    q = select(LoadProfile).order_by(LoadProfile.name)
    if not retired:
        q = q.where(LoadProfile.retired.is_(False))
    return [ProfileRow(p.id, p.name, LoadPlan.from_json(p.settings), p.version, p.retired) for p in s.scalars(q)]


def save_profile(store: Store, actor: Actor, name: str, plan: LoadPlan, profile_id: int | None = None) -> int:
    """Create a profile (profile_id None) or change one; returns its id. The same plan again is no change."""
    require(actor, "policy.change")
    name = (name or "").strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise FieldInvalid("A profile name is 1 to 64 characters long.", field="name")
    check_plan(plan)
    doc = plan.to_json()
    with store.write() as s:
        clash = s.scalar(select(LoadProfile.id).where(LoadProfile.name == name))
        if clash is not None and clash != profile_id:
            raise FieldInvalid(f"There is already a load-control profile named “{name}”.", field="name")
        if profile_id is None:
            p = LoadProfile(name=name, settings=doc, version=1, retired=False, updated_at=utcnow())
            s.add(p)
            s.flush()
            audit.record(s, actor, "loads.profile", "load_profile", p.id, None, {"name": name, "settings": doc})
            events.stage(s, "policies_changed", ids=(p.id,))
            return p.id
        p = s.get(LoadProfile, profile_id)
        if p is None:
            raise NotFound(f"There is no load-control profile {profile_id}.")
        if p.retired:
            raise InvalidInput(f"The profile “{p.name}” is retired: it can no longer be changed.")
        if p.settings == doc and p.name == name:
            return p.id
        before = {"name": p.name, "settings": p.settings, "version": p.version}
        p.version += p.settings != doc
        p.name, p.settings, p.updated_at = name, doc, utcnow()
        audit.record(s, actor, "loads.profile", "load_profile", p.id, before,
                     {"name": name, "settings": doc, "version": p.version})
        events.stage(s, "policies_changed", ids=(p.id,))
        return p.id


def assign(store: Store, actor: Actor, scope: str, *, building_id: int | None = None, floor: int | None = None,
           room_id: int | None = None, profile_id: int | None, reason: str = "") -> int:
    """Assign a profile (None: exempt, load control off) to the campus, a building, a floor or a room."""
    require(actor, "policy.change")
    reason = (reason or "").strip()
    if len(reason) > 255:
        raise FieldInvalid("A reason is at most 255 characters long.", field="reason")
    if not reason and (profile_id is None or scope == "room"):
        raise FieldInvalid("Say why (for example “medical exemption”).", field="reason")
    with store.write() as s:
        building_id, floor, room_id, rooms = check_target(s, scope, building_id, floor, room_id)
        name = None
        if profile_id is not None:
            p = s.get(LoadProfile, profile_id) if isinstance(profile_id, int) else None
            if p is None or p.retired:
                raise FieldInvalid(f"There is no load-control profile {profile_id} in use.", field="profile_id")
            name = p.name
        a = LoadAssignment(scope=scope, building_id=building_id, floor=floor, room_id=room_id, profile_id=profile_id,
                           reason=reason, created_at=utcnow(), created_by=actor.id)
        s.add(a)
        s.flush()
        audit.record(s, actor, "loads.assign", "load_assignment", a.id, None,
                     {"scope": scope, "building_id": building_id, "floor": floor, "room_id": room_id,
                      "profile_id": profile_id, "profile": name, "reason": reason})
        events.stage(s, "policies_changed", rooms=rooms, ids=(a.id,))
        return a.id


def remove_assignment(store: Store, actor: Actor, assignment_id: int) -> None:
    require(actor, "policy.change")
    with store.write() as s:
        a = s.get(LoadAssignment, assignment_id)
        if a is None:
            raise NotFound(f"There is no load-control assignment {assignment_id}.")
        if a.removed_at is not None:
            return
        a.removed_at = utcnow()
        audit.record(s, actor, "loads.unassign", "load_assignment", a.id, {"removed_at": None},
                     {"removed_at": a.removed_at})
        events.stage(s, "policies_changed", ids=(a.id,))


@dataclass(frozen=True)
class RoomLoads:
    """What a room's meter must hold: `plan` None when nothing reaches the room (not managed)."""

    room_id: int
    building_code: str
    room_code: str
    profile_name: str | None
    plan: LoadPlan | None


def resolve_rooms(s: Session, room_ids: Iterable[int] | None = None) -> dict[int, RoomLoads]:
    """The profile in force for each room (every room when None); two statements."""
    rb = aliased(Building)
    q = (select(LoadAssignment, LoadProfile.name, LoadProfile.settings, Building.code, Room.number, rb.code)
         .outerjoin(LoadProfile, LoadProfile.id == LoadAssignment.profile_id)
         .outerjoin(Building, Building.id == LoadAssignment.building_id)
         .outerjoin(Room, Room.id == LoadAssignment.room_id)
         .outerjoin(rb, rb.id == Room.building_id)
         .where(LoadAssignment.removed_at.is_(None)))
    found, plans = [], {}
    for a, name, settings, code, number, room_building in s.execute(q):
        label = target_label(a.scope, building_code=code, floor=a.floor,
                             room_code=f"{room_building}-{number}" if number is not None else None)
        found.append(Assigned(a.id, a.scope, a.building_id, a.floor, a.room_id, a.profile_id, name, None, None,
                              a.reason, label))
        if a.profile_id is not None:
            plans[a.profile_id] = LoadPlan.from_json(settings)
    index = Touching(found)
    wanted = None if room_ids is None else set(room_ids)
    out: dict[int, RoomLoads] = {}
    rooms = select(Room.id, Room.building_id, Room.floor, Building.code, Room.number).join(
        Building, Building.id == Room.building_id)
    for rid, bid, floor, bcode, number in s.execute(rooms):
        if wanted is not None and rid not in wanted:
            continue
        place = Place(rid, bid, floor)
        won, _links = chain(index.shared(place) + index.own(place), _ANY_DAY)
        plan = None if won is None else (METER_DEFAULTS if won.policy_id is None else plans[won.policy_id])
        out[rid] = RoomLoads(rid, bcode, f"{bcode}-{number}", None if won is None else won.policy_name, plan)
    return out


# ----- what the administration page lists: the assignments, and one room's chain ------------------------

@dataclass(frozen=True)
class LoadAssignmentRow:
    """An assignment in force (profile None: exempt, load control off)."""

    id: int
    scope: str
    building_id: int | None
    floor: int | None
    room_id: int | None
    target_label: str
    profile_id: int | None
    profile_name: str | None
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class LoadResolution:
    """What one room's meter holds and why: every assignment touching the room, most general first,
    each in force or overridden (the power policies' ChainLink; no dates)."""

    room: RoomLoads
    chain: tuple[ChainLink, ...]


def _assigned(s: Session) -> list[tuple[Assigned, datetime]]:
    rb = aliased(Building)
    q = (select(LoadAssignment, LoadProfile.name, Building.code, Room.number, rb.code)
         .outerjoin(LoadProfile, LoadProfile.id == LoadAssignment.profile_id)
         .outerjoin(Building, Building.id == LoadAssignment.building_id)
         .outerjoin(Room, Room.id == LoadAssignment.room_id)
         .outerjoin(rb, rb.id == Room.building_id)
         .where(LoadAssignment.removed_at.is_(None)).order_by(LoadAssignment.id))
    out = []
    for a, name, code, number, room_building in s.execute(q):
        label = target_label(a.scope, building_code=code, floor=a.floor,
                             room_code=f"{room_building}-{number}" if number is not None else None)
        out.append((Assigned(a.id, a.scope, a.building_id, a.floor, a.room_id, a.profile_id, name, None, None,
                             a.reason, label), a.created_at))
    return out


def assignments(s: Session) -> list[LoadAssignmentRow]:
    """Every assignment not removed: most general level first, then by target, oldest first."""
    rank = {scope: n for n, scope in enumerate(LEVELS)}
    found = sorted(_assigned(s), key=lambda f: (rank[f[0].scope], f[0].target_label, f[0].id))
    return [LoadAssignmentRow(a.id, a.scope, a.building_id, a.floor, a.room_id, a.target_label, a.policy_id,
                              a.policy_name, a.reason, created_at) for a, created_at in found]


def resolve(s: Session, room_id: int) -> LoadResolution:
    """The profile in force for one room with the chain of why (UnknownRoom when there is no such room)."""
    found = resolve_rooms(s, [room_id]).get(room_id)
    if found is None:
        raise UnknownRoom(f"No room with id {room_id}.")
    place = s.execute(select(Room.id, Room.building_id, Room.floor).where(Room.id == room_id)).one()
    index = Touching(a for a, _ in _assigned(s))
    _won, links = chain(index.shared(Place(*place)) + index.own(Place(*place)), _ANY_DAY)
    return LoadResolution(found, links)
