"""What a batch selection can be made of, for the window's pickers: the buildings with their floors, the
colleges and classes of the students checked in now (each with how many live on campus), and the roster
imports whose rooms can be chosen together ("the rooms of an import")."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.access import Actor, require
from db.engine import Store
from db.models import Bed, Building, Occupancy, Room, Student
from db.models_imports import ImportJob

IMPORTS = 20       # the latest roster imports offered


@dataclass(frozen=True)
class BuildingChoice:
    code: str
    name: str
    floors: tuple[int, ...]          # the floors that have rooms


@dataclass(frozen=True)
class ImportChoice:
    id: int
    file_name: str
    rows: int                        # rows applied


@dataclass(frozen=True)
class Choices:
    buildings: tuple[BuildingChoice, ...]
    classes: dict[str, dict[str, int]]          # college -> class -> students checked in
    imports: tuple[ImportChoice, ...] = ()      # roster imports, newest first

    def class_count(self, college: str | None, class_name: str | None = None) -> int:
        if college is None:
            return sum(n for classes in self.classes.values() for n in classes.values())
        classes = self.classes.get(college, {})
        return classes.get(class_name, 0) if class_name is not None else sum(classes.values())


def choices(store: Store, actor: Actor) -> Choices:
    require(actor, "occupancy.change")
    with store.read() as s:
        floors: dict[int, set[int]] = {}
        for building_id, floor in s.execute(select(Room.building_id, Room.floor).distinct()):
            floors.setdefault(building_id, set()).add(floor)
        buildings = tuple(BuildingChoice(b.code, b.name, tuple(sorted(floors.get(b.id, ()))))
                          for b in s.scalars(select(Building).order_by(Building.code)))
        classes: dict[str, dict[str, int]] = {}
        for college, class_name, n in s.execute(
                select(Student.college, Student.class_name, func.count(Occupancy.id))
                .join(Occupancy, Occupancy.student_id == Student.id).join(Bed, Bed.id == Occupancy.bed_id)
                .where(Occupancy.end_at.is_(None)).group_by(Student.college, Student.class_name)
                .order_by(Student.college, Student.class_name)):
            classes.setdefault(college, {})[class_name] = n
        imports = tuple(ImportChoice(j.id, j.file_name, j.rows_done) for j in s.scalars(
            select(ImportJob).where(ImportJob.kind == "roster", ImportJob.rows_done > 0)
            .order_by(ImportJob.id.desc()).limit(IMPORTS)))
    return Choices(buildings, classes, imports)
