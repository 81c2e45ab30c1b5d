from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.campus import occupancy
from app.errors import (
    AlreadyCheckedIn,
    BedTaken,
    GenderMismatch,
    InvalidInput,
    NotCheckedIn,
    PermissionDenied,
    RoomFull,
    UnknownRoom,
    UnknownStudent,
)
from db.models import Account, AuditRecord, Occupancy
from tests.factories import make_campus


@pytest.fixture
def campus(store):
    return make_campus(store, beds=2)


def _sid(campus, i, g="M"):
    return campus.students[f"2026{'1' if g == 'M' else '2'}{i:04d}"]


def test_check_in_assigns_a_bed_and_opens_accounts(store, campus):
    room = campus.rooms["B1-101"]
    stay = occupancy.check_in(store, campus.clerk, _sid(campus, 0), room)
    assert (stay.room_code, stay.bed_label, stay.end_at) == ("B1-101", "1", None)
    with store.read() as s:
        assert sorted(a.utility for a in s.scalars(select(Account).where(Account.room_id == room))) == [
            "electricity", "water"]
        rec = s.scalars(select(AuditRecord).where(AuditRecord.action == "occupancy.check_in")).one()
        assert rec.operator_id == campus.clerk.id and rec.after["bed_label"] == "1"
    second = occupancy.check_in(store, campus.clerk, _sid(campus, 1), room)
    assert second.bed_label == "2"
    assert [o.student_no for o in occupancy.occupants(store, room)] == ["202610000", "202610001"]
    with store.read() as s:  # accounts are opened once, not per check-in
        assert s.scalar(select(func.count(Account.id)).where(Account.room_id == room)) == 2


def test_check_in_errors_are_typed_and_readable(store, campus):
    room = campus.rooms["B1-101"]
    occupancy.check_in(store, campus.clerk, _sid(campus, 0), room)
    with pytest.raises(AlreadyCheckedIn, match=r"学生M0 \(202610000\) is already checked in to B1-101, bed 1"):
        occupancy.check_in(store, campus.clerk, _sid(campus, 0), campus.rooms["B1-102"])
    with pytest.raises(BedTaken, match="Bed 1 of B1-101 is already taken"):
        occupancy.check_in(store, campus.clerk, _sid(campus, 1), room, bed_label="1")
    occupancy.check_in(store, campus.clerk, _sid(campus, 1), room)
    with pytest.raises(RoomFull, match="B1-101 is full"):
        occupancy.check_in(store, campus.clerk, _sid(campus, 2), room)
    with pytest.raises(GenderMismatch, match="B1-201 is a female room"):
        occupancy.check_in(store, campus.clerk, _sid(campus, 2), campus.rooms["B1-201"])
    with pytest.raises(UnknownStudent):
        occupancy.check_in(store, campus.clerk, 999999, room)
    with pytest.raises(UnknownRoom):
        occupancy.check_in(store, campus.clerk, _sid(campus, 2), 999999)
    with pytest.raises(InvalidInput, match="has no bed 9"):
        occupancy.check_in(store, campus.clerk, _sid(campus, 2), campus.rooms["B1-102"], bed_label="9")
    with pytest.raises(PermissionDenied):
        occupancy.check_in(store, campus.tech, _sid(campus, 2), campus.rooms["B1-102"])
    with store.read() as s:  # none of the refused operations left anything behind
        assert s.scalar(select(func.count(Occupancy.id))) == 2


def test_move_and_swap(store, campus):
    a, b, c = _sid(campus, 0), _sid(campus, 1), _sid(campus, 2)
    occupancy.check_in(store, campus.clerk, a, campus.rooms["B1-101"])
    occupancy.check_in(store, campus.clerk, b, campus.rooms["B1-102"])
    moved = occupancy.move(store, campus.clerk, a, campus.rooms["B1-102"])
    assert (moved.room_code, moved.bed_label) == ("B1-102", "2")
    assert occupancy.occupants(store, campus.rooms["B1-101"]) == []
    occupancy.check_in(store, campus.clerk, c, campus.rooms["B1-101"])
    new_a, new_c = occupancy.swap(store, campus.clerk, a, c)
    assert (new_a.room_code, new_a.bed_label) == ("B1-101", "1")
    assert (new_c.room_code, new_c.bed_label) == ("B1-102", "2")
    with store.read() as s:  # history kept: ended stays remain
        assert s.scalar(select(func.count(Occupancy.id)).where(Occupancy.end_at.is_not(None))) == 3
    with pytest.raises(RoomFull):
        occupancy.move(store, campus.clerk, a, campus.rooms["B1-102"])
    with pytest.raises(InvalidInput, match="already lives in"):
        occupancy.move(store, campus.clerk, a, campus.rooms["B1-101"])
    assert occupancy.current_stay(store, a).room_code == "B1-101"  # refused move changed nothing


def test_swap_refuses_gender_mismatch_and_unhoused(store, campus):
    m, f, m2 = _sid(campus, 0), _sid(campus, 0, "F"), _sid(campus, 5)
    occupancy.check_in(store, campus.clerk, m, campus.rooms["B1-101"])
    occupancy.check_in(store, campus.clerk, f, campus.rooms["B1-201"])
    with pytest.raises(GenderMismatch):
        occupancy.swap(store, campus.clerk, m, f)
    with pytest.raises(NotCheckedIn):
        occupancy.swap(store, campus.clerk, m, m2)
    assert occupancy.current_stay(store, m).room_code == "B1-101"
    assert occupancy.current_stay(store, f).room_code == "B1-201"


def test_check_out_ends_the_stay_and_frees_the_bed(store, campus):
    a, b = _sid(campus, 0), _sid(campus, 1)
    occupancy.check_in(store, campus.clerk, a, campus.rooms["B1-101"], bed_label="2")
    out = occupancy.check_out(store, campus.clerk, a)
    assert out.end_at is not None and occupancy.current_stay(store, a) is None
    assert occupancy.check_in(store, campus.clerk, b, campus.rooms["B1-101"], bed_label="2").bed_label == "2"
    with pytest.raises(NotCheckedIn):
        occupancy.check_out(store, campus.clerk, a)


def test_the_database_itself_refuses_two_open_stays_in_one_bed(store, campus):
    from sqlalchemy.exc import IntegrityError

    occupancy.check_in(store, campus.clerk, _sid(campus, 0), campus.rooms["B1-101"], bed_label="1")
    stay = occupancy.current_stay(store, _sid(campus, 0))
    with pytest.raises(IntegrityError):
        with store.write() as s:
            s.add(Occupancy(student_id=_sid(campus, 1), bed_id=stay.bed_id))
