"""Which assignment of a power policy is in force for a room on a day, and why: the pure precedence
rules behind `app.policies.policies.resolve` (no store, no clock: everything comes in as arguments).

The rules a caller may rely on:
- an assignment touches a room when it is for the campus, the room's building, the room's floor of
  that building, or the room itself;
- an assignment counts on `day` when it has no date range, or its range (both ends included)
  contains `day`;
- the most specific level with an assignment that counts wins: room > floor > building > campus;
- within one level a date-limited assignment that counts beats one without a range, and among equals
  the newest (highest id) wins;
- an exemption (policy None) wins like any assignment: the room then holds no policy;
- the chain lists every assignment touching the room, most general level first (oldest first within
  a level), each with `in_force` and a note saying why it is or is not in force.

Notes and target labels are English templates in the module-level tables `NOTES` and `LABELS`,
registered for translation (resources/translations/extract.py APP_MESSAGE_TABLES).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

LEVELS = ("campus", "building", "floor", "room")     # most general first
_RANK = {scope: n for n, scope in enumerate(LEVELS)}

# What the chain says of each assignment (filled with str.format; dates as YYYY-MM-DD).
NOTES = {
    "in_force": "in force",
    "from": "from {day}",
    "ended": "ended {day}",
    "building": "overridden by the building's assignment",
    "floor": "overridden by the floor's assignment",
    "room": "overridden by the room's assignment",
    "dated": "overridden by the assignment for {first} – {last}",
    "newer": "overridden by a newer assignment",
}
# How an assignment's target is named: the campus, a building's code, a floor of a building, a room's code.
LABELS = {"campus": "Campus", "floor": "{building} floor {floor}"}


def target_label(scope: str, *, building_code: str | None = None, floor: int | None = None,
                 room_code: str | None = None) -> str:
    """"Campus", "A", "A floor 3" or "A-315" (a room as the rest of the window names it)."""
    if scope == "campus":
        return LABELS["campus"]
    if scope == "building":
        return building_code or ""
    if scope == "floor":
        return LABELS["floor"].format(building=building_code or "", floor=floor)
    return room_code or ""


@dataclass(frozen=True)
class Place:
    """Where a room is: what assignments can touch it."""

    room_id: int
    building_id: int
    floor: int


@dataclass(frozen=True)
class Assigned:
    """One assignment as the rules see it (policy None: exempt)."""

    id: int
    scope: str
    building_id: int | None
    floor: int | None
    room_id: int | None
    policy_id: int | None
    policy_name: str | None
    first_day: date | None
    last_day: date | None
    reason: str
    target_label: str

    @property
    def dated(self) -> bool:
        return self.first_day is not None

    def counts_on(self, day: date) -> bool:
        """No date range, or `day` within it (both ends included)."""
        if self.first_day is not None and day < self.first_day:
            return False
        return self.last_day is None or day <= self.last_day

    def touches(self, place: Place) -> bool:
        if self.scope == "campus":
            return True
        if self.scope == "building":
            return self.building_id == place.building_id
        if self.scope == "floor":
            return self.building_id == place.building_id and self.floor == place.floor
        return self.room_id == place.room_id


@dataclass(frozen=True)
class ChainLink:
    """One step of "why this room holds this policy" (policy_name None: an exemption)."""

    assignment_id: int
    scope: str
    target_label: str
    policy_name: str | None
    first_day: date | None
    last_day: date | None
    reason: str
    in_force: bool
    note: str


def _precedence(a: Assigned) -> tuple[int, bool, int]:
    return _RANK[a.scope], a.dated, a.id


def winner(touching: Iterable[Assigned], day: date) -> Assigned | None:
    """The assignment in force on `day` among those touching one room (None: nothing applies)."""
    counting = [a for a in touching if a.counts_on(day)]
    return max(counting, key=_precedence) if counting else None


def _note(a: Assigned, won: Assigned | None, day: date) -> str:
    if a is won:
        return NOTES["in_force"]
    if a.first_day is not None and day < a.first_day:
        return NOTES["from"].format(day=a.first_day.isoformat())
    if a.last_day is not None and day > a.last_day:
        return NOTES["ended"].format(day=a.last_day.isoformat())
    assert won is not None           # a that counts lost to someone
    if won.scope != a.scope:
        return NOTES[won.scope]
    if won.dated and not a.dated:
        return NOTES["dated"].format(first=won.first_day.isoformat(), last=won.last_day.isoformat())
    return NOTES["newer"]


def chain(touching: Iterable[Assigned], day: date) -> tuple[Assigned | None, tuple[ChainLink, ...]]:
    """(the assignment in force or None, the chain most general first) for one room's assignments."""
    ordered = sorted(touching, key=lambda a: (_RANK[a.scope], a.id))
    won = winner(ordered, day)
    links = tuple(ChainLink(a.id, a.scope, a.target_label, a.policy_name, a.first_day, a.last_day, a.reason,
                            a is won, _note(a, won, day)) for a in ordered)
    return won, links


class Touching:
    """The assignments indexed by what they touch, so one room's are found without scanning them all."""

    def __init__(self, assigned: Iterable[Assigned]) -> None:
        self.campus: list[Assigned] = []
        self.building: dict[int, list[Assigned]] = {}
        self.floor: dict[tuple[int, int], list[Assigned]] = {}
        self.room: dict[int, list[Assigned]] = {}
        for a in assigned:
            if a.scope == "campus":
                self.campus.append(a)
            elif a.scope == "building" and a.building_id is not None:
                self.building.setdefault(a.building_id, []).append(a)
            elif a.scope == "floor" and a.building_id is not None and a.floor is not None:
                self.floor.setdefault((a.building_id, a.floor), []).append(a)
            elif a.scope == "room" and a.room_id is not None:
                self.room.setdefault(a.room_id, []).append(a)

    def shared(self, place: Place) -> list[Assigned]:
        """Those touching every room of the place's floor (campus, building, floor)."""
        return (self.campus + self.building.get(place.building_id, [])
                + self.floor.get((place.building_id, place.floor), []))

    def own(self, place: Place) -> list[Assigned]:
        """Those for the room itself."""
        return self.room.get(place.room_id, [])
