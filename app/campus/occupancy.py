"""Who lives where: check-in, exchange (move or swap), check-out.

Each operation is one transaction: it either happens whole, with its audit record, or raises a
typed error whose message a clerk can read and changes nothing. Settlement of money at check-out
belongs to the prepaid service; here check-out only ends the stay.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.errors import (
    AlreadyCheckedIn,
    BedTaken,
    GenderMismatch,
    InvalidInput,
    NotCheckedIn,
    RoomFull,
    UnknownRoom,
    UnknownStudent,
)
from db import retry
from db.engine import Store
from db.models import UTILITIES, Account, Bed, Occupancy, Room, Student

GENDER_WORD = {"M": "male", "F": "female"}


@dataclass(frozen=True)
class Stay:
    occupancy_id: int
    student_id: int
    student_no: str
    student_name: str
    room_id: int
    room_code: str
    bed_id: int
    bed_label: str
    start_at: datetime
    end_at: datetime | None


def _stay(occ: Occupancy) -> Stay:
    st, bed = occ.student, occ.bed
    return Stay(occ.id, st.id, st.student_no, st.name, bed.room_id, bed.room.code, bed.id, bed.label,
                occ.start_at, occ.end_at)


def _who(st: Student) -> str:
    return f"{st.name} ({st.student_no})"


def _student(s: Session, student_id: int) -> Student:
    st = s.get(Student, student_id)
    if st is None:
        raise UnknownStudent(f"No student with id {student_id}.")
    return st


def _room(s: Session, room_id: int) -> Room:
    room = s.get(Room, room_id, with_for_update=True)
    if room is None:
        raise UnknownRoom(f"No room with id {room_id}.")
    return room


def _open_stay(s: Session, student_id: int) -> Occupancy | None:
    return s.scalar(select(Occupancy).where(Occupancy.student_id == student_id, Occupancy.end_at.is_(None)))


def ensure_accounts(s: Session, room_id: int) -> list[Account]:
    """The room's electricity and water accounts, opened when missing."""
    have = {a.utility: a for a in s.scalars(select(Account).where(Account.room_id == room_id))}
    for utility in UTILITIES:
        if utility not in have:
            have[utility] = Account(room_id=room_id, utility=utility, balance_fen=0, entry_count=0)
            s.add(have[utility])
    s.flush()
    return [have[u] for u in UTILITIES]


def _pick_bed(s: Session, room: Room, bed_label: str | None, st: Student) -> Bed:
    if st.gender != room.gender:
        raise GenderMismatch(
            f"{room.code} is a {GENDER_WORD[room.gender]} room; {_who(st)} is {GENDER_WORD[st.gender]}.")
    taken = set(s.scalars(select(Occupancy.bed_id).join(Bed).where(Bed.room_id == room.id,
                                                                      Occupancy.end_at.is_(None))))
    beds = list(s.scalars(select(Bed).where(Bed.room_id == room.id).order_by(Bed.label)))
    if bed_label is not None:
        bed = next((b for b in beds if b.label == str(bed_label)), None)
        if bed is None:
            raise InvalidInput(f"{room.code} has no bed {bed_label}.")
        if bed.id in taken:
            raise BedTaken(f"Bed {bed.label} of {room.code} is already taken.")
        return bed
    free = [b for b in beds if b.id not in taken]
    if not free:
        raise RoomFull(f"{room.code} is full ({len(beds)} of {len(beds)} beds taken).")
    return free[0]


def begin_stay_in(s: Session, st: Student, bed: Bed, at: datetime) -> Occupancy:
    """Start a stay in the caller's write transaction (no audit record: the caller writes its own), opening
    the room's accounts; BedTaken when another workstation took the bed between the check and the insert
    (the caller's transaction is then rolled back whole). The open stays of every student and bed that
    should be free must have been ended and flushed first (`close_stay_in`): the database allows one
    open stay per student and per bed, which is what lets a batch end everyone's stay, then begin the new
    ones, so that swaps and cycles work."""
    occ = Occupancy(student_id=st.id, bed_id=bed.id, start_at=at)
    s.add(occ)
    try:
        s.flush()
    except IntegrityError:  # another workstation took the bed between our check and insert
        raise BedTaken(f"Bed {bed.label} of {bed.room.code} was just taken at another workstation.") from None
    ensure_accounts(s, bed.room_id)
    return occ


def close_stay_in(s: Session, occ: Occupancy, at: datetime) -> tuple[Stay, Stay]:
    """End a stay at `at` in the caller's write transaction, flushed, without an audit record (the
    caller writes the one that says why: check-out, move, swap, exchange). Returns (before, after)."""
    before = _stay(occ)
    occ.end_at = at
    s.flush()
    return before, _stay(occ)


@retry.retrying
def check_in(store: Store, actor: Actor, student_id: int, room_id: int, bed_label: str | None = None,
             at: datetime | None = None) -> Stay:
    """Put a student in a bed (the first free one unless `bed_label`), opening the room's accounts."""
    require(actor, "occupancy.change")
    at = at or clock.now()
    with store.write() as s:
        st = _student(s, student_id)
        room = _room(s, room_id)
        current = _open_stay(s, st.id)
        if current is not None:
            raise AlreadyCheckedIn(
                f"{_who(st)} is already checked in to {current.bed.room.code}, bed {current.bed.label}.")
        if st.status != "active":
            raise InvalidInput(f"{_who(st)} has status “{st.status}” and cannot be checked in.")
        bed = _pick_bed(s, room, bed_label, st)
        occ = begin_stay_in(s, st, bed, at)
        stay = _stay(occ)
        audit.record(s, actor, "occupancy.check_in", "occupancy", occ.id, None, stay.__dict__)
        events.stage(s, "occupancy_changed", rooms={bed.room_id})
        return stay


@retry.retrying
def move(store: Store, actor: Actor, student_id: int, room_id: int, bed_label: str | None = None,
         at: datetime | None = None) -> Stay:
    """Exchange: end the student's stay and start one in the target room and bed, in one transaction."""
    require(actor, "occupancy.change")
    at = at or clock.now()
    with store.write() as s:
        st = _student(s, student_id)
        current = _open_stay(s, st.id)
        if current is None:
            raise NotCheckedIn(f"{_who(st)} is not checked in anywhere.")
        room = _room(s, room_id)
        if current.bed.room_id == room.id and (bed_label is None or bed_label == current.bed.label):
            raise InvalidInput(f"{_who(st)} already lives in {room.code}, bed {current.bed.label}.")
        before, _ended = close_stay_in(s, current, at)
        bed = _pick_bed(s, room, bed_label, st)
        occ = begin_stay_in(s, st, bed, at)
        stay = _stay(occ)
        audit.record(s, actor, "occupancy.move", "occupancy", occ.id, before.__dict__, stay.__dict__)
        events.stage(s, "occupancy_changed", rooms={current.bed.room_id, bed.room_id})
        return stay


@retry.retrying
def swap(store: Store, actor: Actor, student_a: int, student_b: int, at: datetime | None = None
         ) -> tuple[Stay, Stay]:
    """Exchange two students' beds in one transaction."""
    require(actor, "occupancy.change")
    if student_a == student_b:
        raise InvalidInput("Choose two different students to swap.")
    at = at or clock.now()
    with store.write() as s:
        sa, sb = _student(s, student_a), _student(s, student_b)
        oa, ob = _open_stay(s, sa.id), _open_stay(s, sb.id)
        for st, occ in ((sa, oa), (sb, ob)):
            if occ is None:
                raise NotCheckedIn(f"{_who(st)} is not checked in anywhere.")
        assert oa is not None and ob is not None
        bed_a, bed_b = oa.bed, ob.bed
        for st, bed in ((sa, bed_b), (sb, bed_a)):
            if st.gender != bed.room.gender:
                raise GenderMismatch(f"{bed.room.code} is a {GENDER_WORD[bed.room.gender]} room; "
                                     f"{_who(st)} is {GENDER_WORD[st.gender]}.")
        before = (close_stay_in(s, oa, at)[0].__dict__, close_stay_in(s, ob, at)[0].__dict__)
        na, nb = begin_stay_in(s, sa, bed_b, at), begin_stay_in(s, sb, bed_a, at)
        after = (_stay(na), _stay(nb))
        audit.record(s, actor, "occupancy.swap", "occupancy", na.id, {"a": before[0], "b": before[1]},
                     {"a": after[0].__dict__, "b": after[1].__dict__})
        events.stage(s, "occupancy_changed", rooms={bed_a.room_id, bed_b.room_id})
        return after


@retry.retrying
def check_out(store: Store, actor: Actor, student_id: int, at: datetime | None = None) -> Stay:
    """End the student's stay (money is settled by the prepaid service before this is called)."""
    require(actor, "occupancy.change")
    at = at or clock.now()
    with store.write() as s:
        st = _student(s, student_id)
        occ = open_stay_in(s, st.id)
        if occ is None:
            raise NotCheckedIn(f"{_who(st)} is not checked in anywhere.")
        return end_stay_in(s, actor, occ, at)


def open_stay_in(s: Session, student_id: int) -> Occupancy | None:
    """The student's open stay, locked for the caller's write transaction (None: not checked in)."""
    return s.scalar(select(Occupancy).where(Occupancy.student_id == student_id, Occupancy.end_at.is_(None))
                    .with_for_update())


def end_stay_in(s: Session, actor: Actor, occ: Occupancy, at: datetime) -> Stay:
    """End a stay inside the caller's write transaction (check-out with its settlement is one)."""
    require(actor, "occupancy.change")
    before, after = close_stay_in(s, occ, at)
    audit.record(s, actor, "occupancy.check_out", "occupancy", occ.id, before.__dict__, after.__dict__)
    events.stage(s, "occupancy_changed", rooms={occ.bed.room_id})
    return after


def stay_in(s: Session, occupancy_id: int) -> Stay:
    return _stay(s.get(Occupancy, occupancy_id))


def occupants(store: Store, room_id: int) -> list[Stay]:
    with store.read() as s:
        rows = s.scalars(select(Occupancy).join(Bed).where(Bed.room_id == room_id, Occupancy.end_at.is_(None))
                         .order_by(Bed.label))
        return [_stay(o) for o in rows]


def current_stay(store: Store, student_id: int) -> Stay | None:
    with store.read() as s:
        occ = _open_stay(s, student_id)
        return _stay(occ) if occ else None


def student_by_number(store: Store, student_no: str) -> Student:
    with store.read() as s:
        st = s.scalar(select(Student).where(Student.student_no == student_no.strip()))
        if st is None:
            raise UnknownStudent(f"No student with number {student_no.strip()}.")
        return st
