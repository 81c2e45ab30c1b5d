from __future__ import annotations

from app.campus import occupancy
from app.campus.search import SearchIndex, initials
from tests.factories import make_campus


def test_initials():
    assert initials("张三丰") == "zsf"
    assert initials("欧阳思琪") == "oysq"


def test_find_by_room_student_number_name_and_initials(store):
    campus = make_campus(store)
    occupancy.check_in(store, campus.clerk, campus.students["202610003"], campus.rooms["B1-102"])
    with store.write() as s:
        from db.models import Student
        s.get(Student, campus.students["202610003"]).name = "张三丰"
    idx = SearchIndex.build(store)
    room = campus.rooms["B1-102"]
    assert idx.find("B1-102")[0].room_id == room
    assert idx.find("102")[0].room_id == room
    assert [h.room_id for h in idx.find("202610003")] == [room]
    assert [h.room_id for h in idx.find("三丰")] == [room]
    assert [(h.room_id, h.why) for h in idx.find("zsf")] == [(room, "initials")]
    assert idx.find("   ") == []
    assert idx.find("nobody-here") == []
