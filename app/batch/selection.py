"""A selection of rooms and of the students living in them, for batch work.

A `Selection` holds filters; an empty filter does not filter. Filters combine with AND:
- `buildings`: building codes;
- `floors`: floor numbers, in the selected buildings, or in every building when none is selected;
- `colleges`, `classes`: the student's college and class name (exact text);
- `room_ids`: rooms by id; `student_nos`: students by number;
- `import_job_id`: the rooms given a bed by the applied rows of that import (a roster import's rows
  carry the room in their payload).

`students_in` gives the checked-in students who match, ordered by building code, room number and bed
label. `rooms_in` gives the rooms that match, ordered by building code and room number: with a student
filter (college, class or student number) only the rooms where at least one matching student lives,
otherwise every matching room, vacant or not. A building code or import that does not exist is refused
with NotFound, so a typo never quietly selects nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput, NotFound
from db.models import Bed, Building, Occupancy, Room, Student
from db.models_imports import ImportJob, ImportRow


@dataclass(frozen=True)
class Selection:
    buildings: tuple[str, ...] = ()
    floors: tuple[int, ...] = ()
    colleges: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    room_ids: tuple[int, ...] = ()
    student_nos: tuple[str, ...] = ()
    import_job_id: int | None = None

    def __post_init__(self) -> None:
        # Lists and sets are accepted and kept as sorted tuples without duplicates; text is stripped.
        for f in fields(self):
            if f.name == "import_job_id":
                continue
            value = getattr(self, f.name)
            if isinstance(value, (str, int)):
                raise InvalidInput(f"The selection's {f.name} must be a list, not one value.")
            items = tuple(value)
            if f.name in ("floors", "room_ids"):
                if any(type(v) is not int for v in items):
                    raise InvalidInput(f"The selection's {f.name} must be whole numbers.")
            else:
                items = tuple(str(v).strip() for v in items)
                if any(not v for v in items):
                    raise InvalidInput(f"The selection's {f.name} contain an empty value.")
            object.__setattr__(self, f.name, tuple(sorted(set(items))))
        if self.import_job_id is not None and type(self.import_job_id) is not int:
            raise InvalidInput("The selection's import must be given by its number.")

    @property
    def is_empty(self) -> bool:
        """True when nothing is filtered (everyone, every room)."""
        return self == Selection()

    @property
    def filters_students(self) -> bool:
        return bool(self.colleges or self.classes or self.student_nos)


def _room_filters(q: Select, s: Session, sel: Selection) -> Select:
    if sel.buildings:
        known = set(s.scalars(select(Building.code).where(Building.code.in_(sel.buildings))))
        missing = [c for c in sel.buildings if c not in known]
        if missing:
            raise NotFound(f"There is no building “{missing[0]}”.")
        q = q.where(Building.code.in_(sel.buildings))
    if sel.floors:
        q = q.where(Room.floor.in_(sel.floors))
    if sel.room_ids:
        q = q.where(Room.id.in_(sel.room_ids))
    if sel.import_job_id is not None:
        q = q.where(Room.id.in_(_import_rooms(s, sel.import_job_id) or [-1]))
    return q


def _student_filters(q: Select, sel: Selection) -> Select:
    if sel.colleges:
        q = q.where(Student.college.in_(sel.colleges))
    if sel.classes:
        q = q.where(Student.class_name.in_(sel.classes))
    if sel.student_nos:
        q = q.where(Student.student_no.in_(sel.student_nos))
    return q


def _import_rooms(s: Session, job_id: int) -> set[int]:
    if s.get(ImportJob, job_id) is None:
        raise NotFound(f"There is no import {job_id}.")
    rooms = set()
    for payload in s.scalars(select(ImportRow.payload).where(ImportRow.job_id == job_id, ImportRow.applied.is_(True))):
        room_id = payload.get("room_id") if isinstance(payload, dict) else None
        if isinstance(room_id, int):
            rooms.add(room_id)
    return rooms


def _checked_in() -> Select:
    return (select(Occupancy.student_id, Building.code, Room.number, Bed.label)
            .join(Bed, Bed.id == Occupancy.bed_id).join(Room, Room.id == Bed.room_id)
            .join(Building, Building.id == Room.building_id).join(Student, Student.id == Occupancy.student_id)
            .where(Occupancy.end_at.is_(None)))


def students_in(s: Session, sel: Selection) -> list[int]:
    """Ids of the checked-in students the selection matches, by building code, room number, bed label."""
    rows = s.execute(_student_filters(_room_filters(_checked_in(), s, sel), sel)).all()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1], r[2], r[3], r[0]))]


def rooms_in(s: Session, sel: Selection) -> list[int]:
    """Ids of the rooms the selection matches, by building code and room number (see the module text:
    a student filter keeps only the rooms where a matching student is checked in)."""
    if sel.filters_students:
        q = (select(Room.id, Building.code, Room.number).distinct()
             .join(Building, Building.id == Room.building_id).join(Bed, Bed.room_id == Room.id)
             .join(Occupancy, Occupancy.bed_id == Bed.id).join(Student, Student.id == Occupancy.student_id)
             .where(Occupancy.end_at.is_(None)))
        q = _student_filters(q, sel)
    else:
        q = select(Room.id, Building.code, Room.number).join(Building, Building.id == Room.building_id)
    rows = s.execute(_room_filters(q, s, sel)).all()
    return [r[0] for r in sorted(rows, key=lambda r: (r[1], r[2], r[0]))]


def _words(items: Iterable[object], one: str, many: str) -> str:
    items = list(items)
    return f"{one if len(items) == 1 else many} {', '.join(str(i) for i in items)}"


def describe(sel: Selection) -> str:
    """The selection in one line, e.g. "building B1, floor 2 · college 计算机学院 · class 计科2601"."""
    if sel.is_empty:
        return "everyone checked in, every room"
    parts = []
    place = []
    if sel.buildings:
        place.append(_words(sel.buildings, "building", "buildings"))
    if sel.floors:
        floors = _words(sel.floors, "floor", "floors")
        place.append(floors if sel.buildings else f"{floors} of every building")
    if place:
        parts.append(", ".join(place))
    if sel.room_ids:
        parts.append(f"{len(sel.room_ids)} chosen room{'s' if len(sel.room_ids) != 1 else ''}")
    if sel.import_job_id is not None:
        parts.append(f"rooms of import {sel.import_job_id}")
    if sel.colleges:
        parts.append(_words(sel.colleges, "college", "colleges"))
    if sel.classes:
        parts.append(_words(sel.classes, "class", "classes"))
    if sel.student_nos:
        if len(sel.student_nos) <= 3:
            parts.append(_words(sel.student_nos, "student", "students"))
        else:
            parts.append(f"{len(sel.student_nos)} chosen students")
    return " · ".join(parts)
