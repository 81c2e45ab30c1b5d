"""The campus layout as the office keeps it: buildings, rooms and their beds; rooms made in bulk
("floors 1–6, rooms 01–24, 4 beds each") and a layout imported from Excel, each previewed first.

Every change takes the acting operator, needs `campus.edit`, writes its audit record in the same
transaction and stages `rooms_changed` (with `layout=True` in its extra) for the rooms it touched,
so windows refresh their cards. Bad input raises `FieldInvalid(sentence, field=<keyword argument>)`
and writes nothing; a refused delete raises `InvalidInput` naming what stands in the way.

What a caller may rely on:
- a single-gender building ("M" / "F") holds only rooms of its gender; a room's floor is 1 to its
  building's `floors`; a room number is unique in its building (letters upper-cased);
- a room has one bed row per bed, labelled "1".."n" when made. Raising the count adds the lowest
  free labels. Lowering it removes the highest-labelled beds that never had a stay; a bed someone
  sleeps in is never removed, and a bed with past stays is never removed either (its stays are a
  student's history and would otherwise point at nothing): when those are all that is left, the
  lower count is refused and the sentence says why;
- a room or building with history (stays, money accounts, settlements, meters, purchases, alarms,
  …: anything in the store that refers to it) is never deleted; a building's own policy row goes
  with it;
- `BulkPlan.apply` and `import_layout` create everything in one transaction, or nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from os import PathLike

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, require
from app.errors import FieldInvalid, InvalidInput, NotFound, UnknownRoom
from app.files.tables import Table, TableRow, read_table
from db.engine import Store
from db.models import Base, Bed, Building, BuildingPolicy, ElectricityMeter, Occupancy, Room, WaterMeter
from db.models_campus import GENDER_POLICIES, GENDERS

MAX_FLOORS = 99
MAX_BEDS = 12                    # as the rooms table allows
MAX_ROOMS_PER_FLOOR = 99         # room numbers are the floor and two digits
_CODE = re.compile(r"[A-Z0-9]{1,16}")
_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")


@dataclass(frozen=True)
class BuildingRow:
    id: int
    code: str
    name: str
    gender_policy: str           # "M", "F" or "mixed"
    floors: int
    rooms: int
    beds: int
    occupied: int                # beds with a stay open


@dataclass(frozen=True)
class RoomRow:
    id: int
    building_id: int
    building_code: str
    number: str
    floor: int
    beds: int
    in_use: int                  # beds with a stay open
    gender: str
    electricity_meter: bool      # an active meter of each kind is assigned
    water_meter: bool

    @property
    def code(self) -> str:
        return f"{self.building_code}-{self.number}"


# ----- reading --------------------------------------------------------------------------------------

def _in_use_by_room():
    return (select(Bed.room_id.label("room_id"), func.count(Occupancy.id).label("n"))
            .join(Occupancy, and_(Occupancy.bed_id == Bed.id, Occupancy.end_at.is_(None)))
            .group_by(Bed.room_id).subquery())


def list_buildings(store: Store) -> list[BuildingRow]:
    """Every building by code, with how many rooms, beds and occupied beds it has."""
    used = _in_use_by_room()
    rooms = (select(Room.building_id.label("bid"), func.count(Room.id).label("rooms"),
                    func.coalesce(func.sum(Room.beds), 0).label("beds"),
                    func.coalesce(func.sum(used.c.n), 0).label("occupied"))
             .outerjoin(used, used.c.room_id == Room.id).group_by(Room.building_id).subquery())
    q = (select(Building, rooms.c.rooms, rooms.c.beds, rooms.c.occupied)
         .outerjoin(rooms, rooms.c.bid == Building.id).order_by(Building.code))
    with store.read() as s:
        return [BuildingRow(b.id, b.code, b.name, b.gender_policy, b.floors, int(n or 0), int(beds or 0), int(occ or 0))
                for b, n, beds, occ in s.execute(q)]


def list_rooms(store: Store, building_id: int | None = None) -> list[RoomRow]:
    """The rooms of one building (every room when None), by building and number."""
    used = _in_use_by_room()
    elec = select(ElectricityMeter.room_id).where(ElectricityMeter.replaced_on.is_(None)).subquery()
    water = select(WaterMeter.room_id).where(WaterMeter.replaced_on.is_(None)).subquery()
    q = (select(Room.id, Room.building_id, Building.code, Room.number, Room.floor, Room.beds,
                func.coalesce(used.c.n, 0), Room.gender, elec.c.room_id, water.c.room_id)
         .join(Building, Building.id == Room.building_id)
         .outerjoin(used, used.c.room_id == Room.id)
         .outerjoin(elec, elec.c.room_id == Room.id).outerjoin(water, water.c.room_id == Room.id)
         .order_by(Building.code, Room.floor, Room.number))
    if building_id is not None:
        q = q.where(Room.building_id == building_id)
    with store.read() as s:
        return [RoomRow(rid, bid, code, number, floor, beds, int(n), gender, e is not None, w is not None)
                for rid, bid, code, number, floor, beds, n, gender, e, w in s.execute(q)]


def get_building(store: Store, building_id: int) -> BuildingRow:
    for b in list_buildings(store):
        if b.id == building_id:
            return b
    raise NotFound(f"There is no building {building_id}.")


def get_room(store: Store, room_id: int) -> RoomRow:
    with store.read() as s:
        bid = s.scalar(select(Room.building_id).where(Room.id == room_id))
    if bid is None:
        raise UnknownRoom(f"No room with id {room_id}.")
    return next(r for r in list_rooms(store, bid) if r.id == room_id)


# ----- checking what was typed ----------------------------------------------------------------------

def _whole(value: object) -> int | None:
    """An integer typed or read from a cell (1, "1", 1.0); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d{1,6}\s*", value):
        return int(value)
    return None


def check_code(code: object) -> str:
    text = str(code or "").strip().upper()
    if not _CODE.fullmatch(text):
        raise FieldInvalid("A building code is 1 to 16 letters or digits (no spaces or dashes), e.g. B1.",
                           field="code")
    return text


def check_name(name: object) -> str:
    text = str(name or "").strip()
    if not text or len(text) > 64:
        raise FieldInvalid("A building name is 1 to 64 characters long.", field="name")
    return text


def check_policy(policy: object) -> str:
    if policy not in GENDER_POLICIES:
        raise FieldInvalid("The gender policy is M (men only), F (women only) or mixed.", field="gender_policy")
    return str(policy)


def check_floors(floors: object, field_name: str = "floors") -> int:
    n = _whole(floors)
    if n is None or not 1 <= n <= MAX_FLOORS:
        raise FieldInvalid(f"The number of floors is a whole number from 1 to {MAX_FLOORS}.", field=field_name)
    return n


def check_number(number: object) -> str:
    text = (str(int(number)) if isinstance(number, float) and number.is_integer() else str(number or "")).strip().upper()
    if not _NUMBER.fullmatch(text):
        raise FieldInvalid("A room number is 1 to 16 letters, digits or dashes, e.g. 101.", field="number")
    return text


def check_beds(beds: object, field_name: str = "beds") -> int:
    n = _whole(beds)
    if n is None or not 1 <= n <= MAX_BEDS:
        raise FieldInvalid(f"A room has 1 to {MAX_BEDS} beds.", field=field_name)
    return n


def _check_floor(b: Building, floor: object, field_name: str = "floor") -> int:
    n = _whole(floor)
    if n is None or not 1 <= n <= b.floors:
        raise FieldInvalid(f"{b.code} has {b.floors} floor(s): a room's floor is 1 to {b.floors} (give the building "
                           f"more floors first).", field=field_name)
    return n


def _check_gender(b: Building, gender: object, field_name: str = "gender") -> str:
    if gender in (None, "") and b.gender_policy in GENDERS:
        return b.gender_policy
    if gender not in GENDERS:
        raise FieldInvalid("A room is for men (M) or for women (F).", field=field_name)
    if b.gender_policy in GENDERS and gender != b.gender_policy:
        raise FieldInvalid(f"{b.code} is a single-gender building ({b.gender_policy}): its rooms are all "
                           f"{b.gender_policy}.", field=field_name)
    return str(gender)


# ----- buildings ------------------------------------------------------------------------------------

def _building(s: Session, building_id: int, *, lock: bool = False) -> Building:
    b = s.get(Building, building_id, with_for_update=lock)
    if b is None:
        raise NotFound(f"There is no building {building_id}.")
    return b


def _snapshot_building(b: Building) -> dict:
    return {"code": b.code, "name": b.name, "gender_policy": b.gender_policy, "floors": b.floors}


def _code_free(s: Session, code: str, building_id: int | None = None) -> None:
    if s.scalar(select(Building.id).where(Building.code == code, Building.id != (building_id or 0))) is not None:
        raise FieldInvalid(f"There is already a building {code}.", field="code")


def add_building(store: Store, actor: Actor, *, code: str, name: str, gender_policy: str = "mixed",
                 floors: int = 1) -> int:
    """Add a building without rooms; returns its id."""
    require(actor, "campus.edit")
    code, name = check_code(code), check_name(name)
    policy, floors = check_policy(gender_policy), check_floors(floors)
    with store.write() as s:
        _code_free(s, code)
        b = Building(code=code, name=name, gender_policy=policy, floors=floors)
        s.add(b)
        try:
            s.flush()
        except IntegrityError:   # another workstation added it between the check and now
            raise FieldInvalid(f"There is already a building {code}.", field="code") from None
        audit.record(s, actor, "building.add", "building", b.id, None, _snapshot_building(b))
        events.stage(s, "rooms_changed", layout=True, buildings=[b.id])
        return b.id


def change_building(store: Store, actor: Actor, building_id: int, *, code: str | None = None,
                    name: str | None = None, gender_policy: str | None = None, floors: int | None = None) -> BuildingRow:
    """Change what is given (None keeps it). A single-gender policy is refused while the building has
    rooms of the other gender; fewer floors while rooms stand above them."""
    require(actor, "campus.edit")
    with store.write() as s:
        b = _building(s, building_id, lock=True)
        before = _snapshot_building(b)
        if code is not None:
            new_code = check_code(code)
            if new_code != b.code:
                _code_free(s, new_code, b.id)
            b.code = new_code
        if name is not None:
            b.name = check_name(name)
        if gender_policy is not None:
            policy = check_policy(gender_policy)
            if policy in GENDERS:
                other = list(s.scalars(select(Room.number).where(Room.building_id == b.id, Room.gender != policy)
                                       .order_by(Room.number)))
                if other:
                    raise FieldInvalid(f"{b.code} has {len(other)} room(s) not for {policy} ({_some(other)}): "
                                       f"change those rooms first.", field="gender_policy")
            b.gender_policy = policy
        if floors is not None:
            n = check_floors(floors)
            top = s.scalar(select(func.max(Room.floor)).where(Room.building_id == b.id)) or 0
            if n < top:
                raise FieldInvalid(f"{b.code} has rooms on floor {top}: it needs at least {top} floors.",
                                   field="floors")
            b.floors = n
        after = _snapshot_building(b)
        if after != before:
            s.flush()
            audit.record(s, actor, "building.change", "building", b.id, before, after)
            room_ids = list(s.scalars(select(Room.id).where(Room.building_id == b.id)))
            events.stage(s, "rooms_changed", rooms=room_ids, layout=True, buildings=[b.id])
    return get_building(store, building_id)


def _some(items: list[str], n: int = 5) -> str:
    shown = ", ".join(items[:n])
    return shown if len(items) <= n else f"{shown} … (+{len(items) - n})"


def _referring(target: str, skip: set[str]) -> list[tuple[str, object]]:
    """(table name, column) of every foreign key in the store that points at `target`'s id."""
    out = []
    for table in Base.metadata.sorted_tables:
        if table.name in skip:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == target:
                out.append((table.name, fk.parent))
    return out


def _room_history(s: Session, room_ids: list[int]) -> dict[int, set[str]]:
    """room id -> what refers to it: "open" (a stay open), "stays", "money", "meters" or a table name."""
    found: dict[int, set[str]] = {}
    if not room_ids:
        return found
    for rid, open_ in s.execute(select(Bed.room_id, Occupancy.end_at.is_(None)).join(Occupancy, Occupancy.bed_id == Bed.id)
                                .where(Bed.room_id.in_(room_ids))):
        found.setdefault(rid, set()).add("open" if open_ else "stays")
    kinds = {"accounts": "money", "settlements": "money", "purchases": "money", "quota_grants": "money",
             "electricity_meters": "meters", "water_meters": "meters", "meter_commands": "meters", "alarms": "meters"}
    for table, column in _referring("rooms", {"beds"}):
        for (rid,) in s.execute(select(column).where(column.in_(room_ids)).distinct()):
            found.setdefault(rid, set()).add(kinds.get(table, table))
    return found


def _bed_history(s: Session, room_id: int) -> tuple[set[int], set[int]]:
    """(bed ids with a stay open, bed ids with any stay) of a room."""
    open_, ever = set(), set()
    for bed_id, is_open in s.execute(select(Occupancy.bed_id, Occupancy.end_at.is_(None))
                                     .join(Bed, Bed.id == Occupancy.bed_id).where(Bed.room_id == room_id)):
        ever.add(bed_id)
        if is_open:
            open_.add(bed_id)
    return open_, ever


def delete_building(store: Store, actor: Actor, building_id: int) -> None:
    """Delete a building with its rooms and beds; refused (nothing deleted) while any of its rooms
    has a student or any history, or anything else (a quota rule) refers to it."""
    require(actor, "campus.edit")
    with store.write() as s:
        b = _building(s, building_id, lock=True)
        rooms = list(s.scalars(select(Room).where(Room.building_id == b.id).order_by(Room.number)))
        history = _room_history(s, [r.id for r in rooms])
        living = [r.number for r in rooms if "open" in history.get(r.id, ())]
        if living:
            raise InvalidInput(f"{b.code} cannot be deleted: students live in room(s) {_some(living)} now.")
        kept = [r.number for r in rooms if history.get(r.id)]
        if kept:
            raise InvalidInput(f"{b.code} cannot be deleted: room(s) {_some(kept)} have history (stays, money or "
                               f"meters), kept for the records.")
        for table, column in _referring("buildings", {"rooms", "building_policies"}):
            if s.scalar(select(func.count()).select_from(column.table).where(column == b.id)):
                raise InvalidInput(f"{b.code} cannot be deleted: {table} refer to it.")
        before = _snapshot_building(b) | {"rooms": [r.number for r in rooms]}
        room_ids = [r.id for r in rooms]
        for r in rooms:
            for bed in list(r.bed_list):
                s.delete(bed)
        s.flush()
        for r in rooms:
            s.delete(r)
        policy = s.get(BuildingPolicy, b.id)
        if policy is not None:
            s.delete(policy)
        s.flush()
        s.delete(b)
        s.flush()
        audit.record(s, actor, "building.delete", "building", building_id, before, None)
        events.stage(s, "rooms_changed", rooms=room_ids, layout=True, buildings=[building_id])


# ----- rooms and beds ---------------------------------------------------------------------------------

def _snapshot_room(r: Room, code: str) -> dict:
    return {"building": code, "number": r.number, "floor": r.floor, "beds": r.beds, "gender": r.gender}


def _number_free(s: Session, b: Building, number: str, room_id: int | None = None) -> None:
    if s.scalar(select(Room.id).where(Room.building_id == b.id, Room.number == number,
                                      Room.id != (room_id or 0))) is not None:
        raise FieldInvalid(f"Room {b.code}-{number} already exists.", field="number")


def _new_room(s: Session, b: Building, number: str, floor: int, beds: int, gender: str) -> Room:
    room = Room(building_id=b.id, number=number, floor=floor, beds=beds, gender=gender)
    s.add(room)
    s.flush()
    for k in range(beds):
        s.add(Bed(room_id=room.id, label=str(k + 1)))
    return room


def add_room(store: Store, actor: Actor, *, building_id: int, number: str, floor: int, beds: int,
             gender: str | None = None) -> int:
    """Add a room with beds "1".."beds"; returns its id. `gender` may be left out in a single-gender
    building (the building's)."""
    require(actor, "campus.edit")
    number, beds = check_number(number), check_beds(beds)
    with store.write() as s:
        b = _building(s, building_id, lock=True)
        floor_, gender_ = _check_floor(b, floor), _check_gender(b, gender)
        _number_free(s, b, number)
        try:
            room = _new_room(s, b, number, floor_, beds, gender_)
        except IntegrityError:
            raise FieldInvalid(f"Room {b.code}-{number} already exists.", field="number") from None
        audit.record(s, actor, "room.add", "room", room.id, None, _snapshot_room(room, b.code))
        events.stage(s, "rooms_changed", rooms=[room.id], layout=True, buildings=[b.id])
        return room.id


def _set_beds(s: Session, room: Room, code: str, beds: int) -> None:
    """Add or remove bed rows so that the room has `beds` (see the module docstring for which go)."""
    rows = list(s.scalars(select(Bed).where(Bed.room_id == room.id)))
    if beds > len(rows):
        taken = {b.label for b in rows}
        label = 0
        for _n in range(beds - len(rows)):
            label += 1
            while str(label) in taken:
                label += 1
            s.add(Bed(room_id=room.id, label=str(label)))
            taken.add(str(label))
    elif beds < len(rows):
        open_, ever = _bed_history(s, room.id)
        if beds < len(open_):
            raise FieldInvalid(f"{code} has {len(open_)} bed(s) in use: it cannot have fewer than {len(open_)} beds.",
                               field="beds")
        spare = sorted((b for b in rows if b.id not in ever), key=lambda b: (len(b.label), b.label), reverse=True)
        need = len(rows) - beds
        if need > len(spare):
            least = len(rows) - len(spare)
            raise FieldInvalid(f"{code} cannot have fewer than {least} beds: {len(ever) - len(open_)} of its beds "
                               f"have past stays, kept as the students' history.", field="beds")
        for bed in spare[:need]:
            s.delete(bed)
    room.beds = beds


def change_room(store: Store, actor: Actor, room_id: int, *, number: str | None = None, floor: int | None = None,
                beds: int | None = None, gender: str | None = None) -> RoomRow:
    """Change what is given (None keeps it). Fewer beds than are in use, or another room's number,
    are refused; so is a gender that does not fit the building or the students living there."""
    require(actor, "campus.edit")
    with store.write() as s:
        room = s.get(Room, room_id, with_for_update=True)
        if room is None:
            raise UnknownRoom(f"No room with id {room_id}.")
        b = _building(s, room.building_id)
        before = _snapshot_room(room, b.code)
        if number is not None:
            new = check_number(number)
            if new != room.number:
                _number_free(s, b, new, room.id)
            room.number = new
        if floor is not None:
            room.floor = _check_floor(b, floor)
        if gender is not None:
            new_gender = _check_gender(b, gender)
            if new_gender != room.gender:
                living = s.scalar(select(func.count(Occupancy.id)).join(Bed, Bed.id == Occupancy.bed_id)
                                  .where(Bed.room_id == room.id, Occupancy.end_at.is_(None)))
                if living:
                    raise FieldInvalid(f"{b.code}-{before['number']} has {living} student(s) living in it: its "
                                       f"gender cannot change now.", field="gender")
            room.gender = new_gender
        if beds is not None:
            _set_beds(s, room, f"{b.code}-{before['number']}", check_beds(beds))
        after = _snapshot_room(room, b.code)
        if after != before:
            try:
                s.flush()
            except IntegrityError:
                raise FieldInvalid(f"Room {b.code}-{room.number} already exists.", field="number") from None
            audit.record(s, actor, "room.change", "room", room.id, before, after)
            events.stage(s, "rooms_changed", rooms=[room.id], layout=True, buildings=[b.id])
    return get_room(store, room_id)


def delete_room(store: Store, actor: Actor, room_id: int) -> None:
    """Delete a room and its beds; refused (nothing deleted) when it has a student or any history."""
    require(actor, "campus.edit")
    with store.write() as s:
        room = s.get(Room, room_id, with_for_update=True)
        if room is None:
            raise UnknownRoom(f"No room with id {room_id}.")
        code = room.code
        found = _room_history(s, [room.id]).get(room.id, set())
        if "open" in found:
            raise InvalidInput(f"{code} cannot be deleted: students live there now.")
        if "stays" in found:
            raise InvalidInput(f"{code} cannot be deleted: students have stayed there; their stays are kept as history.")
        if "money" in found:
            raise InvalidInput(f"{code} cannot be deleted: it has money accounts or purchases, kept as history.")
        if "meters" in found:
            raise InvalidInput(f"{code} cannot be deleted: meters have been assigned to it; their history is kept.")
        if found:
            raise InvalidInput(f"{code} cannot be deleted: other records refer to it ({_some(sorted(found))}).")
        before = _snapshot_room(room, room.building.code)
        building_id = room.building_id
        for bed in list(room.bed_list):
            s.delete(bed)
        s.flush()
        s.delete(room)
        s.flush()
        audit.record(s, actor, "room.delete", "room", room_id, before, None)
        events.stage(s, "rooms_changed", rooms=[room_id], layout=True, buildings=[building_id])


# ----- many rooms at once -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PlannedRoom:
    building_code: str
    number: str
    floor: int
    beds: int
    gender: str

    @property
    def code(self) -> str:
        return f"{self.building_code}-{self.number}"


@dataclass(frozen=True)
class BulkPreview:
    building_code: str
    create: tuple[PlannedRoom, ...]      # what apply() makes (or made)
    existing: tuple[str, ...]            # room numbers of the plan that exist already: skipped


@dataclass(frozen=True)
class BulkPlan:
    """Rooms floor_from..floor_to × room_from..room_to of a building, numbered floor + two digits
    (floor 3, room 7 → "307"), each with `beds` beds and `gender` (may be left out in a single-gender
    building). Rooms that exist already are skipped, never changed."""

    building_id: int
    floor_from: int
    floor_to: int
    room_from: int
    room_to: int
    beds: int
    gender: str | None = None

    def _check(self, b: Building) -> tuple[list[PlannedRoom], str]:
        lo = _check_floor(b, self.floor_from, "floor_from")
        hi = _check_floor(b, self.floor_to, "floor_to")
        if hi < lo:
            raise FieldInvalid("The last floor cannot be below the first.", field="floor_to")
        first, last = _whole(self.room_from), _whole(self.room_to)
        if first is None or not 1 <= first <= MAX_ROOMS_PER_FLOOR:
            raise FieldInvalid(f"Rooms on a floor are numbered 1 to {MAX_ROOMS_PER_FLOOR}.", field="room_from")
        if last is None or not 1 <= last <= MAX_ROOMS_PER_FLOOR:
            raise FieldInvalid(f"Rooms on a floor are numbered 1 to {MAX_ROOMS_PER_FLOOR}.", field="room_to")
        if last < first:
            raise FieldInvalid("The last room number cannot be below the first.", field="room_to")
        beds, gender = check_beds(self.beds), _check_gender(b, self.gender)
        planned = [PlannedRoom(b.code, f"{floor}{n:02d}", floor, beds, gender)
                   for floor in range(lo, hi + 1) for n in range(first, last + 1)]
        return planned, gender

    def _split(self, s: Session) -> tuple[Building, BulkPreview]:
        b = _building(s, self.building_id)
        planned, _gender = self._check(b)
        have = set(s.scalars(select(Room.number).where(Room.building_id == b.id)))
        return b, BulkPreview(b.code, tuple(p for p in planned if p.number not in have),
                              tuple(p.number for p in planned if p.number in have))

    def preview(self, store: Store) -> BulkPreview:
        """What `apply` would create and which rooms of the plan exist already (FieldInvalid for bad input)."""
        with store.read() as s:
            return self._split(s)[1]

    def apply(self, store: Store, actor: Actor) -> BulkPreview:
        """Create the rooms the plan still lacks, in one transaction; returns what was created."""
        require(actor, "campus.edit")
        with store.write() as s:
            _building(s, self.building_id, lock=True)
            b, plan = self._split(s)
            ids = [_new_room(s, b, p.number, p.floor, p.beds, p.gender).id for p in plan.create]
            if ids:
                audit.record(s, actor, "room.bulk_add", "building", b.id, None,
                             {"rooms": [p.number for p in plan.create], "beds": self.beds, "gender": plan.create[0].gender,
                              "skipped": list(plan.existing)})
                events.stage(s, "rooms_changed", rooms=ids, layout=True, buildings=[b.id])
            return plan



# ----- the layout from Excel ------------------------------------------------------------------------

# Column -> the headers it is recognised by (case and spaces ignored), English and Chinese.
LAYOUT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("building code", "building", "楼栋编号", "楼栋代码", "楼号"),
    "name": ("building name", "楼栋名称", "楼名"),
    "number": ("room number", "room", "房间号", "房号"),
    "floor": ("floor", "楼层"),
    "beds": ("beds", "床位数", "床位"),
    "gender": ("gender", "性别"),
}
LAYOUT_REQUIRED = ("code", "number", "floor", "beds")
GENDER_CELLS = {"m": "M", "male": "M", "男": "M", "f": "F", "female": "F", "女": "F"}


def _header_key(cell: object) -> str | None:
    text = " ".join(str(cell or "").split()).casefold()
    return next((key for key, names in LAYOUT_HEADERS.items() if text in names), None)


def _is_layout_header(cells) -> bool:
    keys = {_header_key(c) for c in cells}
    return all(k in keys for k in LAYOUT_REQUIRED)


@dataclass(frozen=True)
class LayoutProblem:
    row: int              # as the spreadsheet shows it
    cell: str             # "C7", or "" for the whole row
    message: str


@dataclass(frozen=True)
class NewBuilding:
    code: str
    name: str
    floors: int


@dataclass(frozen=True)
class LayoutPreview:
    """What importing the file would do: buildings and rooms to create, rooms already there exactly
    as the file says (skipped), and the rows left out because of a problem (each named by row and cell)."""

    file_name: str
    new_buildings: tuple[NewBuilding, ...]
    create: tuple[PlannedRoom, ...]
    existing: tuple[str, ...]                 # room codes
    problems: tuple[LayoutProblem, ...]
    table: Table | None = field(default=None, compare=False, repr=False)

    @property
    def rows_with_problems(self) -> int:
        return len({p.row for p in self.problems})


def preview_layout(store: Store, path: str | PathLike[str]) -> LayoutPreview:
    """Read a layout file (.xlsx or .csv; columns building code, building name, room number, floor,
    beds, gender, in any order) and say what importing it would do. Writes nothing. InvalidInput
    when the file cannot be read or has no such header."""
    table = read_table(path, is_header=_is_layout_header)
    if not table.header_row:
        raise InvalidInput(f"{table.file_name} has no header row with the columns building code, room number, "
                           f"floor and beds (and building name, gender).")
    with store.read() as s:
        return _plan_layout(s, table)


def import_layout(store: Store, actor: Actor, preview: LayoutPreview) -> LayoutPreview:
    """Create what `preview` showed, in one transaction; rows with problems are left out whole. Refused
    (nothing written) when the campus changed since the preview in a way that changes it."""
    require(actor, "campus.edit")
    if preview.table is None:
        raise InvalidInput("Preview the layout file before importing it.")
    with store.write() as s:
        plan = _plan_layout(s, preview.table)
        if (plan.create, plan.new_buildings, plan.problems) != (preview.create, preview.new_buildings, preview.problems):
            raise InvalidInput(f"The campus changed since {preview.file_name} was previewed; nothing was imported. "
                               f"Preview the file again.")
        buildings = {b.code: b for b in s.scalars(select(Building))}
        for nb in plan.new_buildings:
            b = Building(code=nb.code, name=nb.name, gender_policy="mixed", floors=nb.floors)
            s.add(b)
            s.flush()
            buildings[b.code] = b
            audit.record(s, actor, "building.add", "building", b.id, None,
                         _snapshot_building(b) | {"file": plan.file_name})
        ids: list[int] = []
        by_building: dict[str, list[str]] = {}
        for p in plan.create:
            ids.append(_new_room(s, buildings[p.building_code], p.number, p.floor, p.beds, p.gender).id)
            by_building.setdefault(p.building_code, []).append(p.number)
        for code, numbers in by_building.items():
            audit.record(s, actor, "room.import", "building", buildings[code].id, None,
                         {"file": plan.file_name, "rooms": numbers})
        if ids or plan.new_buildings:
            events.stage(s, "rooms_changed", rooms=ids, layout=True,
                         buildings=sorted({buildings[c].id for c in by_building} | {buildings[n.code].id
                                                                                   for n in plan.new_buildings}))
        return plan


def _cell_value(row: TableRow, col: dict[str, int], key: str) -> object:
    i = col.get(key)
    if i is None or i >= len(row.cells):
        return None
    value = row.cells[i]
    return value.strip() if isinstance(value, str) else value


def _plan_layout(s: Session, table: Table) -> LayoutPreview:
    col: dict[str, int] = {}
    for i, cell in enumerate(table.header):
        key = _header_key(cell)
        if key is not None and key not in col:
            col[key] = i
    stored = {b.code: b for b in s.scalars(select(Building))}
    rooms = {(code, number): (floor, beds, gender) for code, number, floor, beds, gender in s.execute(
        select(Building.code, Room.number, Room.floor, Room.beds, Room.gender).join(Building, Building.id == Room.building_id))}
    problems: list[LayoutProblem] = []
    good: list[tuple[TableRow, str, str | None, str, int, int, object]] = []

    def where(row: TableRow, key: str) -> str:
        return row.cell_name(col[key]) if key in col else ""

    for row in table.rows:
        if row.issues:
            problems.extend(LayoutProblem(row.number, i.cell, message=i.message) for i in row.issues)
            continue
        before = len(problems)
        parsed: dict[str, object] = {}
        for key, check in (("code", check_code), ("number", check_number), ("beds", check_beds)):
            try:
                parsed[key] = check(_cell_value(row, col, key))
            except FieldInvalid as exc:
                problems.append(LayoutProblem(row.number, where(row, key), message=exc.message))
        floor = _whole(_cell_value(row, col, "floor"))
        if floor is None or not 1 <= floor <= MAX_FLOORS:
            problems.append(LayoutProblem(row.number, where(row, "floor"),
                                          message=f"A floor is a whole number from 1 to {MAX_FLOORS}."))
        raw_gender = _cell_value(row, col, "gender")
        gender = GENDER_CELLS.get(str(raw_gender).casefold()) if raw_gender not in (None, "") else None
        if raw_gender not in (None, "") and gender is None:
            problems.append(LayoutProblem(row.number, where(row, "gender"),
                                          message="A room is for men (M) or for women (F)."))
        if len(problems) == before:
            name = _cell_value(row, col, "name")
            good.append((row, str(parsed["code"]), str(name) if name not in (None, "") else None,
                         str(parsed["number"]), int(floor), int(parsed["beds"]), gender))  # type: ignore[arg-type]

    # Names and floors of the buildings the file brings; then each row against the store and the file.
    names: dict[str, str] = {}
    top: dict[str, int] = {}
    for _row, code, name, _number, floor, _beds, _gender in good:
        if code not in stored and name is not None:
            names.setdefault(code, name)
        top[code] = max(top.get(code, 1), floor)
    seen: dict[tuple[str, str], int] = {}
    create: list[PlannedRoom] = []
    existing: list[str] = []
    for row, code, name, number, floor, beds, gender in good:
        b = stored.get(code)
        policy = b.gender_policy if b is not None else "mixed"
        problem: LayoutProblem | None = None
        if b is not None and name is not None and name != b.name:
            problem = LayoutProblem(row.number, where(row, "name"),
                                    message=f"Building {code} is called “{b.name}” in the store; the file says “{name}”.")
        elif b is None and code not in names:
            problem = LayoutProblem(row.number, where(row, "name"),
                                    message=f"Building {code} is new: give its name in the building name column.")
        elif b is None and name is not None and name != names[code]:
            problem = LayoutProblem(row.number, where(row, "name"),
                                    message=f"Building {code} is called “{names[code]}” in an earlier row.")
        elif b is not None and floor > b.floors:
            problem = LayoutProblem(row.number, where(row, "floor"),
                                    message=f"{code} has {b.floors} floor(s): a room's floor is 1 to {b.floors} (give "
                                            f"the building more floors first).")
        elif gender is None and policy not in GENDERS:
            problem = LayoutProblem(row.number, where(row, "gender"), message="A room is for men (M) or for women (F).")
        elif gender is not None and policy in GENDERS and gender != policy:
            problem = LayoutProblem(row.number, where(row, "gender"),
                                    message=f"{code} is a single-gender building ({policy}): its rooms are all {policy}.")
        elif (code, number) in seen:
            problem = LayoutProblem(row.number, where(row, "number"),
                                    message=f"Room {code}-{number} is also in row {seen[(code, number)]}.")
        if problem is not None:
            problems.append(problem)
            continue
        seen[(code, number)] = row.number
        gender_ = str(gender or policy)
        have = rooms.get((code, number))
        if have is None:
            create.append(PlannedRoom(code, number, floor, beds, gender_))
        elif have == (floor, beds, gender_):
            existing.append(f"{code}-{number}")
        else:
            problems.append(LayoutProblem(row.number, where(row, "number"),
                                          message=f"Room {code}-{number} already exists with floor {have[0]}, {have[1]} "
                                                  f"beds, gender {have[2]}; change it on the rooms page instead."))
    new_codes = {p.building_code for p in create if p.building_code not in stored}
    new_buildings = tuple(NewBuilding(c, names[c], min(top[c], MAX_FLOORS)) for c in sorted(new_codes))
    problems.sort(key=lambda p: p.row)
    return LayoutPreview(table.file_name, new_buildings, tuple(create), tuple(existing), tuple(problems), table)
