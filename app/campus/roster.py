"""Looking people and beds up for the counter: students by number or name with where they live, and a
room's beds with who sleeps in each."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from db.engine import Store
from db.models import Bed, Building, Occupancy, Room, Student

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class StudentHit:
    id: int
    student_no: str
    name: str
    gender: str
    status: str
    room_code: str | None      # where they live now, None when not checked in
    bed_label: str | None


@dataclass(frozen=True)
class BedInfo:
    label: str
    student_name: str | None   # who sleeps there now, None when free


@dataclass(frozen=True)
class RoomBeds:
    room_id: int
    code: str
    gender: str
    beds: tuple[BedInfo, ...]

    @property
    def free(self) -> int:
        return sum(1 for b in self.beds if b.student_name is None)


def find_students(store: Store, text: str, *, checked_in: bool | None = None,
                  limit: int = SEARCH_LIMIT) -> list[StudentHit]:
    """Students whose number starts with `text` or whose name contains it, numbers in order."""
    q = text.strip()
    if not q:
        return []
    like = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    stmt = (select(Student, Building.code, Room.number, Bed.label)
            .outerjoin(Occupancy, and_(Occupancy.student_id == Student.id, Occupancy.end_at.is_(None)))
            .outerjoin(Bed, Bed.id == Occupancy.bed_id).outerjoin(Room, Room.id == Bed.room_id)
            .outerjoin(Building, Building.id == Room.building_id)
            .where(or_(Student.student_no.like(f"{like}%", escape="\\"), Student.name.like(f"%{like}%", escape="\\")))
            .order_by(Student.student_no).limit(limit))
    if checked_in is True:
        stmt = stmt.where(Occupancy.id.is_not(None))
    elif checked_in is False:
        stmt = stmt.where(Occupancy.id.is_(None))
    with store.read() as s:
        return [StudentHit(st.id, st.student_no, st.name, st.gender, st.status,
                           f"{code}-{number}" if code else None, label)
                for st, code, number, label in s.execute(stmt)]


def room_beds(store: Store, room_id: int | None = None, *, code: str | None = None) -> RoomBeds | None:
    """Every bed of a room (by id or by code such as "B1-101") with who sleeps there; None if no such room."""
    with store.read() as s:
        stmt = select(Room.id, Building.code, Room.number, Room.gender).join(Building, Building.id == Room.building_id)
        if room_id is not None:
            stmt = stmt.where(Room.id == room_id)
        else:
            b, _sep, n = (code or "").strip().upper().partition("-")
            stmt = stmt.where(Building.code == b, Room.number == n)
        row = s.execute(stmt).first()
        if row is None:
            return None
        rid, bcode, number, gender = row
        beds = s.execute(select(Bed.label, Student.name).select_from(Bed)
                         .outerjoin(Occupancy, and_(Occupancy.bed_id == Bed.id, Occupancy.end_at.is_(None)))
                         .outerjoin(Student, Student.id == Occupancy.student_id)
                         .where(Bed.room_id == rid).order_by(Bed.label)).all()
        return RoomBeds(rid, f"{bcode}-{number}", gender, tuple(BedInfo(label, name) for label, name in beds))


