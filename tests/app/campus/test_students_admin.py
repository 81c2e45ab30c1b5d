"""The student register (issue 10, item 2): register, edit, deactivate, reactivate, list and search."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.campus import occupancy, students
from app.errors import FieldInvalid, PermissionDenied
from db.models import AuditRecord, Student
from tests.factories import make_campus


def _student_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Student.id)))


def _new(store, actor, **over):
    fields = dict(student_no="2026300001", name="张三丰", gender="M", college="物理学院", class_name="物理2601",
                  phone="138 0000 1111")
    fields.update(over)
    return students.register_student(store, actor, **fields)


def test_register_then_edit_is_listed_and_audited(store):
    c = make_campus(store, students_per_gender=1)
    sid = _new(store, c.admin)
    row = students.get_student(store, c.admin, sid)
    assert (row.student_no, row.name, row.gender, row.college, row.class_name, row.phone, row.status, row.room) == \
        ("2026300001", "张三丰", "M", "物理学院", "物理2601", "138 0000 1111", "active", None)
    students.edit_student(store, c.admin, sid, student_no="2026300001", name="张三", gender="M",
                          college="物理学院", class_name="物理2602", phone="")
    row = students.get_student(store, c.admin, sid)
    assert (row.name, row.class_name, row.phone) == ("张三", "物理2602", "")
    with store.read() as s:
        recs = s.scalars(select(AuditRecord).where(AuditRecord.entity == "student", AuditRecord.entity_id == sid)
                         .order_by(AuditRecord.id)).all()
    assert [r.action for r in recs] == ["student.register", "student.edit"]
    assert recs[1].before["class_name"] == "物理2601" and recs[1].after["class_name"] == "物理2602"
    assert recs[1].operator_id == c.admin.id


def test_a_student_number_is_registered_once(store):
    c = make_campus(store, students_per_gender=1)
    before = _student_count(store)
    with pytest.raises(FieldInvalid, match="already registered") as err:
        _new(store, c.admin, student_no="202610000")          # the factory's first student
    assert err.value.field == "student_no"
    other = _new(store, c.admin)
    with pytest.raises(FieldInvalid, match="already registered") as err:
        students.edit_student(store, c.admin, other, student_no="202610000", name="张三丰", gender="M",
                              college="物理学院", class_name="物理2601")
    assert err.value.field == "student_no"
    assert _student_count(store) == before + 1
    assert students.get_student(store, c.admin, other).student_no == "2026300001"


@pytest.mark.parametrize(("over", "field"), [
    ({"student_no": " "}, "student_no"), ({"student_no": "2026-01"}, "student_no"), ({"student_no": "学号1"}, "student_no"),
    ({"name": ""}, "name"),
    ({"gender": "X"}, "gender"), ({"college": ""}, "college"), ({"class_name": " "}, "class_name"),
    ({"phone": "call me"}, "phone"), ({"name": "名" * 65}, "name"),
])
def test_bad_input_names_its_field_and_writes_nothing(store, over, field):
    c = make_campus(store, students_per_gender=1)
    before = _student_count(store)
    with pytest.raises(FieldInvalid) as err:
        _new(store, c.admin, **over)
    assert err.value.field == field
    assert _student_count(store) == before


def test_deactivate_is_refused_while_the_student_lives_in_a_room_and_reactivate_works(store):
    c = make_campus(store, students_per_gender=1)
    sid = c.students["202610000"]
    occupancy.check_in(store, c.clerk, sid, c.rooms["B1-101"], "1")
    with pytest.raises(FieldInvalid, match="still lives in a room: check them out") as err:
        students.deactivate_student(store, c.admin, sid)
    assert err.value.field == "status"
    assert students.get_student(store, c.admin, sid).status == "active"
    occupancy.check_out(store, c.clerk, sid)
    students.deactivate_student(store, c.admin, sid)
    assert students.get_student(store, c.admin, sid).status == "left"
    students.reactivate_student(store, c.admin, sid)
    assert students.get_student(store, c.admin, sid).status == "active"
    with store.read() as s:
        actions = s.scalars(select(AuditRecord.action).where(AuditRecord.entity == "student",
                                                             AuditRecord.entity_id == sid).order_by(AuditRecord.id)).all()
    assert actions == ["student.deactivate", "student.reactivate"]


def test_a_checked_in_student_keeps_a_gender_that_fits_the_room(store):
    c = make_campus(store, students_per_gender=1)
    sid = c.students["202610000"]
    occupancy.check_in(store, c.clerk, sid, c.rooms["B1-101"], "1")       # a men's room
    with pytest.raises(FieldInvalid, match="other gender") as err:
        students.edit_student(store, c.admin, sid, student_no="202610000", name="学生M0", gender="F",
                              college="计算机学院", class_name="计科2601")
    assert err.value.field == "gender"
    assert students.get_student(store, c.admin, sid).gender == "M"


def test_a_clerk_can_neither_list_nor_change_students(store):
    c = make_campus(store, students_per_gender=1)
    sid = c.students["202610000"]
    before = _student_count(store)
    for call in (lambda: _new(store, c.clerk),
                 lambda: students.edit_student(store, c.clerk, sid, student_no="202610000", name="x", gender="M",
                                               college="c", class_name="k"),
                 lambda: students.deactivate_student(store, c.clerk, sid),
                 lambda: students.list_students(store, c.clerk)):
        with pytest.raises(PermissionDenied):
            call()
    assert _student_count(store) == before
    assert students.get_student(store, c.admin, sid).name == "学生M0"


def test_list_filters_and_search_by_number_name_and_pinyin(store):
    c = make_campus(store, students_per_gender=2)
    zs = _new(store, c.admin, student_no="2026300001", name="张三丰")
    _new(store, c.admin, student_no="2026300002", name="李四", gender="F", class_name="物理2602", phone=None)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"], "1")
    students.deactivate_student(store, c.admin, c.students["202620001"], "graduated")

    def nos(**kw):
        return [r.student_no for r in students.list_students(store, c.admin, **kw)]

    assert len(nos()) == 6
    assert nos(college="物理学院") == ["2026300001", "2026300002"]
    assert nos(college="物理学院", class_name="物理2602") == ["2026300002"]
    assert nos(status="graduated") == ["202620001"]
    assert nos(checked_in=True) == ["202610000"]
    assert "202610000" not in nos(checked_in=False) and len(nos(checked_in=False)) == 5
    row = students.list_students(store, c.admin, checked_in=True)[0]
    assert (row.room, row.bed) == ("B1-101", "1")
    for text in ("zsf", "zs", "zhangsanfeng", "zhang san", "三丰", "20263000"):
        assert zs in [r.id for r in students.list_students(store, c.admin, text=text)], text
    assert nos(text="ls") == ["2026300002"]
    assert students.colleges_and_classes(store, c.admin) == {"物理学院": ["物理2601", "物理2602"],
                                                            "计算机学院": ["计科2601"]}
