"""The student register: registering, editing, deactivating and listing students (administration).

What a caller may rely on:
- every call needs "student.manage" (a clerk holds it not); every change is audited in its own
  transaction, with the student's fields before and after;
- bad input in one field raises `FieldInvalid(sentence, field=<keyword argument>)` and writes nothing:
  a student number already registered, an empty name, a gender other than M/F, a phone that is not
  a phone number;
- a student who lives in a bed now cannot be deactivated (check them out first); a student who left
  may be reactivated;
- `list_students` reads only; `text` finds a student number by its beginning, a name by any part, the
  pinyin initials of a name ("zs" finds 张三) or its full pinyin ("zhangsan", "zhang san").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app import audit, events
from app.access import Actor, require
from app.campus.search import full_pinyin, initials
from app.errors import FieldInvalid, UnknownStudent
from db.engine import Store
from db.models import Bed, Building, Occupancy, Room, Student

GENDERS = ("M", "F")
STATUSES = ("active", "graduated", "left")
_PHONE = re.compile(r"^\+?[0-9][0-9 -]{4,30}$")
# Column widths of the students table: longer input is refused, not cut.
_LIMITS = {"student_no": 32, "name": 64, "college": 64, "class_name": 64, "phone": 32}


@dataclass(frozen=True)
class StudentRow:
    id: int
    student_no: str
    name: str
    gender: str
    college: str
    class_name: str
    phone: str
    status: str                  # active, graduated, left
    room: str | None             # "B1-101" where they live now, None when not checked in
    bed: str | None


def _snapshot(st: Student) -> dict:
    return {"student_no": st.student_no, "name": st.name, "gender": st.gender, "college": st.college,
            "class_name": st.class_name, "phone": st.phone, "status": st.status}


def _clean(student_no: str, name: str, gender: str, college: str, class_name: str,
           phone: str | None) -> dict:
    """The fields as they will be stored, or FieldInvalid naming the first bad one."""
    values = {"student_no": (student_no or "").strip(), "name": (name or "").strip(),
              "gender": (gender or "").strip().upper(), "college": (college or "").strip(),
              "class_name": (class_name or "").strip(), "phone": (phone or "").strip()}
    if not values["student_no"]:
        raise FieldInvalid("Enter the student number.", field="student_no")
    if not (values["student_no"].isascii() and values["student_no"].isalnum()):
        raise FieldInvalid("A student number has only letters and digits.", field="student_no")
    if not values["name"]:
        raise FieldInvalid("Enter the student's name.", field="name")
    if values["gender"] not in GENDERS:
        raise FieldInvalid("Choose the student's gender: M or F.", field="gender")
    if not values["college"]:
        raise FieldInvalid("Enter the student's college.", field="college")
    if not values["class_name"]:
        raise FieldInvalid("Enter the student's class.", field="class_name")
    if values["phone"] and not _PHONE.match(values["phone"]):
        raise FieldInvalid("A phone number has digits only (spaces, dashes and a leading + allowed).",
                           field="phone")
    for key, limit in _LIMITS.items():
        if len(values[key]) > limit:
            raise FieldInvalid(f"This is too long: at most {limit} characters.", field=key)
    values["phone"] = values["phone"] or None
    return values


def _taken(s: Session, student_no: str, other_than: int | None = None) -> None:
    q = select(Student.id).where(Student.student_no == student_no)
    if other_than is not None:
        q = q.where(Student.id != other_than)
    if s.scalar(q) is not None:
        raise FieldInvalid(f"The student number {student_no} is already registered.", field="student_no")


def _open_room(s: Session, student_id: int) -> int | None:
    return s.scalar(select(Bed.room_id).join(Occupancy, Occupancy.bed_id == Bed.id)
                    .where(Occupancy.student_id == student_id, Occupancy.end_at.is_(None)))


def _load(s: Session, student_id: int) -> Student:
    st = s.get(Student, student_id, with_for_update=True)
    if st is None:
        raise UnknownStudent(f"No student with id {student_id}.")
    return st


def register_student(store: Store, actor: Actor, *, student_no: str, name: str, gender: str, college: str,
                     class_name: str, phone: str | None = None) -> int:
    """Register a student (status "active"); returns the new id."""
    require(actor, "student.manage")
    values = _clean(student_no, name, gender, college, class_name, phone)
    with store.write() as s:
        _taken(s, values["student_no"])
        st = Student(status="active", **values)
        s.add(st)
        s.flush()
        audit.record(s, actor, "student.register", "student", st.id, None, _snapshot(st))
        return st.id


def edit_student(store: Store, actor: Actor, student_id: int, *, student_no: str, name: str, gender: str,
                 college: str, class_name: str, phone: str | None = None) -> None:
    """Change a student's fields (not the status: see `set_status`). A checked-in student's gender
    must still fit the room they live in."""
    require(actor, "student.manage")
    values = _clean(student_no, name, gender, college, class_name, phone)
    with store.write() as s:
        st = _load(s, student_id)
        _taken(s, values["student_no"], other_than=st.id)
        room_id = _open_room(s, st.id)
        if room_id is not None and values["gender"] != st.gender:
            room_gender = s.scalar(select(Room.gender).where(Room.id == room_id))
            if room_gender in GENDERS and room_gender != values["gender"]:
                raise FieldInvalid("The student lives in a room for the other gender: move them first.",
                                   field="gender")
        before = _snapshot(st)
        for key, value in values.items():
            setattr(st, key, value)
        if before == _snapshot(st):
            return
        audit.record(s, actor, "student.edit", "student", st.id, before, _snapshot(st))
        if room_id is not None:       # the room's card and panel show the student's name
            events.stage(s, "occupancy_changed", rooms={room_id})


def set_status(store: Store, actor: Actor, student_id: int, status: str) -> None:
    """Deactivate ("left", "graduated") or reactivate ("active") a student. Refused while the student
    lives in a bed: they are checked out first."""
    require(actor, "student.manage")
    if status not in STATUSES:
        raise FieldInvalid("A student's status is active, graduated or left.", field="status")
    with store.write() as s:
        st = _load(s, student_id)
        if st.status == status:
            return
        if status != "active" and _open_room(s, st.id) is not None:
            raise FieldInvalid(f"{st.name} ({st.student_no}) still lives in a room: check them out before "
                               "deactivating.", field="status")
        before = _snapshot(st)
        st.status = status
        audit.record(s, actor, "student.reactivate" if status == "active" else "student.deactivate", "student",
                     st.id, before, _snapshot(st))


def deactivate_student(store: Store, actor: Actor, student_id: int, status: str = "left") -> None:
    set_status(store, actor, student_id, status)


def reactivate_student(store: Store, actor: Actor, student_id: int) -> None:
    set_status(store, actor, student_id, "active")


def _matches(text: str, student_no: str, name: str) -> bool:
    q = text.strip().lower()
    if student_no.lower().startswith(q) or q in name.lower():
        return True
    letters = q.replace(" ", "")
    if letters.isascii() and letters.isalpha():
        return initials(name).startswith(letters) or (len(letters) > 1 and full_pinyin(name).startswith(letters))
    return False


def list_students(store: Store, actor: Actor, *, text: str = "", college: str | None = None,
                  class_name: str | None = None, status: str | None = None,
                  checked_in: bool | None = None) -> list[StudentRow]:
    """Students in student-number order, with where they live now; each filter given narrows the list."""
    require(actor, "student.manage")
    rows = _rows(store, college=college, class_name=class_name, status=status, checked_in=checked_in)
    if text.strip():
        rows = [r for r in rows if _matches(text, r.student_no, r.name)]
    return rows


def _rows(store: Store, *, student_id: int | None = None, college: str | None = None,
          class_name: str | None = None, status: str | None = None,
          checked_in: bool | None = None) -> list[StudentRow]:
    stmt = (select(Student, Building.code, Room.number, Bed.label)
            .outerjoin(Occupancy, and_(Occupancy.student_id == Student.id, Occupancy.end_at.is_(None)))
            .outerjoin(Bed, Bed.id == Occupancy.bed_id).outerjoin(Room, Room.id == Bed.room_id)
            .outerjoin(Building, Building.id == Room.building_id)
            .order_by(Student.student_no))
    if student_id is not None:
        stmt = stmt.where(Student.id == student_id)
    if college:
        stmt = stmt.where(Student.college == college)
    if class_name:
        stmt = stmt.where(Student.class_name == class_name)
    if status:
        stmt = stmt.where(Student.status == status)
    if checked_in is True:
        stmt = stmt.where(Occupancy.id.is_not(None))
    elif checked_in is False:
        stmt = stmt.where(Occupancy.id.is_(None))
    with store.read() as s:
        rows = [StudentRow(st.id, st.student_no, st.name, st.gender, st.college, st.class_name, st.phone or "",
                           st.status, f"{code}-{number}" if code else None, label)
                for st, code, number, label in s.execute(stmt)]
    return rows


def colleges_and_classes(store: Store, actor: Actor) -> dict[str, list[str]]:
    """Each college with its classes, sorted: what the list's filters offer."""
    require(actor, "student.manage")
    with store.read() as s:
        pairs = s.execute(select(Student.college, Student.class_name).distinct()).all()
    out: dict[str, list[str]] = {}
    for college, class_name in sorted(pairs):
        out.setdefault(college, []).append(class_name)
    return out


def get_student(store: Store, actor: Actor, student_id: int) -> StudentRow:
    require(actor, "student.manage")
    for row in _rows(store, student_id=student_id):
        return row
    raise UnknownStudent(f"No student with id {student_id}.")
