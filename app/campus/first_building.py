"""The first building of a new store, made by the set-up wizard in one step: the building, its rooms
(floor by floor: 101, 102, … on floor 1, 1201 on floor 12) and the beds of each room.

Stands in until the campus administration's own `add_building` with a bulk plan serves the wizard
too; the rules (what a field may hold, one audit record) are the same.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import audit
from app.access import Actor, require
from app.errors import FieldInvalid
from db.engine import Store
from db.models import GENDERS, Bed, Building, Room

MAX_FLOORS = 60
MAX_ROOMS_PER_FLOOR = 99
MAX_BEDS = 12          # as the rooms table allows


@dataclass(frozen=True)
class BuildingMade:
    building_id: int
    code: str
    rooms: int
    beds: int


def room_number(floor: int, index: int) -> str:
    """The number of room `index` (1-based) on `floor`: 101, 124, 1201."""
    return f"{floor}{index:02d}"


def create_first_building(store: Store, actor: Actor, code: str, name: str, floors: int, rooms_per_floor: int,
                          beds: int, gender: str) -> BuildingMade:
    """Create a building with `floors` × `rooms_per_floor` rooms of `beds` beds each, all for `gender`
    ("M" or "F"), in one transaction with one audit record. FieldInvalid (nothing written) names the
    argument that is wrong."""
    require(actor, "campus.edit")
    code, name = code.strip(), name.strip()
    if not code:
        raise FieldInvalid("Enter the building's code.", field="code")
    if len(code) > 16:
        raise FieldInvalid("A building code has at most 16 characters.", field="code")
    if not name:
        raise FieldInvalid("Enter the building's name.", field="name")
    if len(name) > 64:
        raise FieldInvalid("A building name has at most 64 characters.", field="name")
    for value, field, top in ((floors, "floors", MAX_FLOORS), (rooms_per_floor, "rooms_per_floor", MAX_ROOMS_PER_FLOOR),
                              (beds, "beds", MAX_BEDS)):
        if type(value) is not int or not 1 <= value <= top:
            raise FieldInvalid(f"Enter a whole number from 1 to {top}.", field=field)
    if gender not in GENDERS:
        raise FieldInvalid("Choose whether the building is for men or for women.", field="gender")
    with store.write() as s:
        if s.scalar(select(Building.id).where(Building.code == code)) is not None:
            raise FieldInvalid(f"A building with the code “{code}” already exists.", field="code")
        building = Building(code=code, name=name)
        s.add(building)
        s.flush()
        rooms = [Room(building_id=building.id, number=room_number(floor, i), floor=floor, beds=beds, gender=gender)
                 for floor in range(1, floors + 1) for i in range(1, rooms_per_floor + 1)]
        s.add_all(rooms)
        s.flush()
        s.add_all(Bed(room_id=room.id, label=str(k)) for room in rooms for k in range(1, beds + 1))
        audit.record(s, actor, "campus.building_create", "building", building.id, None,
                     {"code": code, "name": name, "floors": floors, "rooms_per_floor": rooms_per_floor,
                      "beds": beds, "gender": gender, "rooms": len(rooms)})
        return BuildingMade(building.id, code, len(rooms), len(rooms) * beds)
