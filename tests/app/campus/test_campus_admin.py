"""The campus layout as the office edits it (issue 10, item 1): buildings, rooms, beds, rooms in bulk,
the layout from Excel. Every refusal says why and writes nothing; every change is audited."""
from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import func, select, text

from app import events
from app.campus import campus_admin as ca
from app.campus import occupancy
from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from db.models import AuditRecord, Bed, Building, Room
from tests.factories import make_campus


@pytest.fixture
def campus(store):
    return make_campus(store)


def _counts(store) -> tuple[int, int, int, int]:
    """Buildings, rooms, beds and audit records in the store."""
    with store.read() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Building, Room, Bed, AuditRecord))


def _actions(store, action: str) -> list[AuditRecord]:
    with store.read() as s:
        return list(s.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


def _sid(campus, i, g="M"):
    return campus.students[f"2026{'1' if g == 'M' else '2'}{i:04d}"]


def test_a_building_and_its_rooms_are_added_audited_and_announced(store, campus):
    seen = []
    events.hub(store).subscribe(seen.append, "rooms_changed")
    bid = ca.add_building(store, campus.admin, code="n2", name="二号楼", gender_policy="F", floors=6)
    rid = ca.add_room(store, campus.admin, building_id=bid, number="101", floor=1, beds=4)   # gender: the building's
    [b] = [b for b in ca.list_buildings(store) if b.id == bid]
    assert (b.code, b.name, b.gender_policy, b.floors, b.rooms, b.beds, b.occupied) == ("N2", "二号楼", "F", 6, 1, 4, 0)
    [room] = ca.list_rooms(store, bid)
    assert (room.code, room.floor, room.beds, room.in_use, room.gender, room.electricity_meter) == (
        "N2-101", 1, 4, 0, "F", False)
    with store.read() as s:
        assert sorted(s.scalars(select(Bed.label).where(Bed.room_id == rid))) == ["1", "2", "3", "4"]
    [add_b] = _actions(store, "building.add")
    [add_r] = _actions(store, "room.add")
    assert add_b.operator_id == campus.admin.id and add_b.after["code"] == "N2"
    assert add_r.after == {"building": "N2", "number": "101", "floor": 1, "beds": 4, "gender": "F"}
    assert any(rid in e.rooms and e.extra.get("layout") for e in seen)
    # Meters assigned in the factory's building show on its rooms.
    assert all(r.electricity_meter and r.water_meter for r in ca.list_rooms(store, ca.list_buildings(store)[0].id))


def test_a_room_number_that_exists_is_refused_under_its_field_and_nothing_is_written(store, campus):
    bid = ca.add_building(store, campus.admin, code="N2", name="二号楼", floors=3)
    ca.add_room(store, campus.admin, building_id=bid, number="101", floor=1, beds=4, gender="M")
    before = _counts(store)
    with pytest.raises(FieldInvalid) as err:
        ca.add_room(store, campus.admin, building_id=bid, number=" 101 ", floor=1, beds=2, gender="M")
    assert err.value.field == "number" and err.value.message == "Room N2-101 already exists."
    assert _counts(store) == before
    other = ca.add_room(store, campus.admin, building_id=bid, number="102", floor=1, beds=4, gender="M")
    before = _counts(store)
    with pytest.raises(FieldInvalid) as err:
        ca.change_room(store, campus.admin, other, number="101")
    assert err.value.field == "number"
    assert _counts(store) == before
    assert [r.number for r in ca.list_rooms(store, bid)] == ["101", "102"]
    assert len(_actions(store, "room.add")) == 2 and not _actions(store, "room.change")


def test_fewer_beds_than_are_in_use_is_refused_naming_how_many_and_nothing_is_written(store, campus):
    room = campus.rooms["B1-101"]
    for i in range(3):
        occupancy.check_in(store, campus.clerk, _sid(campus, i), room)
    before = _counts(store)
    with pytest.raises(FieldInvalid) as err:
        ca.change_room(store, campus.admin, room, beds=2)
    assert err.value.field == "beds"
    assert err.value.message == "B1-101 has 3 bed(s) in use: it cannot have fewer than 3 beds."
    assert _counts(store) == before
    assert ca.get_room(store, room).beds == 4


def test_beds_follow_the_count_and_beds_with_stays_are_kept(store, campus):
    room = campus.rooms["B1-101"]
    occupancy.check_in(store, campus.clerk, _sid(campus, 0), room, "4")
    assert ca.change_room(store, campus.admin, room, beds=2).beds == 2
    with store.read() as s:
        assert sorted(s.scalars(select(Bed.label).where(Bed.room_id == room))) == ["1", "4"]   # 4 is slept in
    assert ca.change_room(store, campus.admin, room, beds=5).beds == 5
    with store.read() as s:
        assert sorted(s.scalars(select(Bed.label).where(Bed.room_id == room))) == ["1", "2", "3", "4", "5"]
    # A bed someone slept in and left keeps its history: the count cannot go below the beds with stays.
    occupancy.check_in(store, campus.clerk, _sid(campus, 1), room, "1")
    occupancy.check_out(store, campus.clerk, _sid(campus, 1))
    with pytest.raises(FieldInvalid) as err:
        ca.change_room(store, campus.admin, room, beds=1)
    assert err.value.field == "beds" and "cannot have fewer than 2 beds" in err.value.message
    assert ca.change_room(store, campus.admin, room, beds=2).beds == 2
    with store.read() as s:
        assert sorted(s.scalars(select(Bed.label).where(Bed.room_id == room))) == ["1", "4"]
    [change] = _actions(store, "room.change")[-1:]
    assert (change.before["beds"], change.after["beds"]) == (5, 2)


def test_deleting_a_building_with_rooms_in_use_is_refused_saying_which_and_nothing_is_deleted(store, campus):
    occupancy.check_in(store, campus.clerk, _sid(campus, 0), campus.rooms["B1-102"])
    bid = ca.list_buildings(store)[0].id
    before = _counts(store)
    with pytest.raises(InvalidInput) as err:
        ca.delete_building(store, campus.admin, bid)
    assert err.value.message == "B1 cannot be deleted: students live in room(s) 102 now."
    occupancy.check_out(store, campus.clerk, _sid(campus, 0))
    with pytest.raises(InvalidInput) as err:     # stays, money and meters are history
        ca.delete_building(store, campus.admin, bid)
    assert "room(s) 101, 102, 201, 202 have history" in err.value.message
    assert _counts(store)[:3] == before[:3]


def test_a_building_without_history_is_deleted_with_its_rooms_and_beds(store, campus):
    bid = ca.add_building(store, campus.admin, code="N3", name="三号楼", gender_policy="M", floors=2)
    ca.BulkPlan(bid, 1, 2, 1, 3, beds=4).apply(store, campus.admin)
    assert _counts(store)[1:3] == (4 + 6, 16 + 24)
    ca.delete_building(store, campus.admin, bid)
    assert [b.code for b in ca.list_buildings(store)] == ["B1"]
    assert _counts(store)[1:3] == (4, 16)
    [rec] = _actions(store, "building.delete")
    assert rec.before["rooms"] == ["101", "102", "103", "201", "202", "203"]


def test_a_room_with_history_is_not_deleted_a_new_one_is(store, campus):
    with pytest.raises(InvalidInput) as err:
        ca.delete_room(store, campus.admin, campus.rooms["B1-201"])
    assert err.value.message == "B1-201 cannot be deleted: meters have been assigned to it; their history is kept."
    rid = ca.add_room(store, campus.admin, building_id=ca.list_buildings(store)[0].id, number="103", floor=1,
                      beds=2, gender="M")
    ca.delete_room(store, campus.admin, rid)
    assert "B1-103" not in {r.code for r in ca.list_rooms(store)}
    assert _actions(store, "room.delete")[0].before["number"] == "103"


def test_a_single_gender_building_holds_rooms_of_its_gender_only(store, campus):
    bid = ca.add_building(store, campus.admin, code="N4", name="四号楼", gender_policy="M", floors=3)
    with pytest.raises(FieldInvalid) as err:
        ca.add_room(store, campus.admin, building_id=bid, number="101", floor=1, beds=4, gender="F")
    assert err.value.field == "gender" and "single-gender" in err.value.message
    with pytest.raises(FieldInvalid) as err:
        ca.add_room(store, campus.admin, building_id=bid, number="401", floor=4, beds=4)
    assert err.value.field == "floor" and err.value.message.startswith("N4 has 3 floor(s)")
    b1 = ca.list_buildings(store)[0].id
    with pytest.raises(FieldInvalid) as err:      # B1 has rooms for women
        ca.change_building(store, campus.admin, b1, gender_policy="M")
    assert err.value.field == "gender_policy" and "201, 202" in err.value.message
    assert ca.get_building(store, b1).gender_policy == "mixed"
    with pytest.raises(FieldInvalid) as err:
        ca.add_building(store, campus.admin, code="B-1", name="x")
    assert err.value.field == "code"
    with pytest.raises(FieldInvalid) as err:
        ca.add_building(store, campus.admin, code="b1", name="again")
    assert err.value.field == "code" and err.value.message == "There is already a building B1."


def test_bulk_plan_previews_then_creates_the_missing_rooms_in_one_go(store, campus):
    bid = ca.add_building(store, campus.admin, code="N5", name="五号楼", gender_policy="F", floors=6)
    ca.add_room(store, campus.admin, building_id=bid, number="305", floor=3, beds=2)
    plan = ca.BulkPlan(bid, floor_from=1, floor_to=6, room_from=1, room_to=24, beds=4)
    before = _counts(store)
    preview = plan.preview(store)
    assert _counts(store) == before                    # a preview writes nothing
    assert preview.existing == ("305",) and len(preview.create) == 143
    assert (preview.create[0].number, preview.create[-1].number, preview.create[0].gender) == ("101", "624", "F")
    done = plan.apply(store, campus.admin)
    assert done.create == preview.create
    rooms = ca.list_rooms(store, bid)
    assert len(rooms) == 144 and sum(r.beds for r in rooms) == 143 * 4 + 2
    assert next(r for r in rooms if r.number == "305").beds == 2        # skipped, never changed
    [rec] = _actions(store, "room.bulk_add")
    assert len(rec.after["rooms"]) == 143 and rec.after["skipped"] == ["305"]
    assert plan.apply(store, campus.admin).create == ()                # again: nothing left to make
    with pytest.raises(FieldInvalid) as err:
        ca.BulkPlan(bid, 1, 7, 1, 24, beds=4).preview(store)
    assert err.value.field == "floor_to"
    with pytest.raises(FieldInvalid) as err:
        ca.BulkPlan(bid, 1, 2, 5, 3, beds=4).preview(store)
    assert err.value.field == "room_to"
    with pytest.raises(FieldInvalid) as err:
        ca.BulkPlan(bid, 1, 2, 1, 3, beds=0).preview(store)
    assert err.value.field == "beds"


def _layout(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Building code", "Building name", "Room number", "Floor", "Beds", "Gender"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_layout_from_excel_is_previewed_with_its_problems_and_imported_whole_rows_only(store, campus, tmp_path):
    path = _layout(tmp_path / "layout.xlsx", [
        ["N6", "六号楼", 101, 1, 4, "M"],          # row 2: new building, new room
        ["N6", None, "102", 1, 4, "男"],           # row 3
        ["N6", None, 103, 1, "four", "M"],         # row 4: beds not a number (E4)
        ["N6", None, 201, None, 4, "F"],           # row 5: no floor (D5)
        ["N6", None, 101, 1, 4, "M"],              # row 6: twice in the file (C6)
        ["B1", "一号楼", 101, 1, 4, "M"],          # row 7: exists exactly so: skipped
        ["B1", None, 102, 1, 6, "M"],              # row 8: exists with other beds (C8)
        ["N6", None, 202, 2, 4, "x"],              # row 9: gender (F9)
        ["N6", None, 203, 2, 2.5, "F"],            # row 10: beds (E10)
        ["N6", None, 204, 2, 2, "F"],              # row 11
        ["N6", None, 205, 2, "=2+2", "F"],         # row 12: a formula never calculated (E12)
    ])
    before = _counts(store)
    preview = ca.preview_layout(store, path)
    assert _counts(store) == before
    assert [(p.row, p.cell) for p in preview.problems] == [(4, "E4"), (5, "D5"), (6, "C6"), (8, "C8"), (9, "F9"),
                                                           (10, "E10"), (12, "E12")]
    assert preview.problems[0].message == "A room has 1 to 12 beds."
    assert preview.problems[2].message == "Room N6-101 is also in row 2."
    assert preview.problems[-1].message.startswith("cell E12 holds a formula (=2+2) without a saved value")
    assert preview.existing == ("B1-101",)
    assert [p.code for p in preview.create] == ["N6-101", "N6-102", "N6-204"]
    assert preview.new_buildings == (ca.NewBuilding("N6", "六号楼", 2),)
    done = ca.import_layout(store, campus.admin, preview)
    assert done.create == preview.create
    [n6] = [b for b in ca.list_buildings(store) if b.code == "N6"]
    assert (n6.name, n6.floors, n6.rooms, n6.beds) == ("六号楼", 2, 3, 10)
    assert {r.number: r.gender for r in ca.list_rooms(store, n6.id)} == {"101": "M", "102": "M", "204": "F"}
    assert ca.get_room(store, campus.rooms["B1-102"]).beds == 4          # the bad row changed nothing
    [imp] = _actions(store, "room.import")
    assert imp.after == {"file": "layout.xlsx", "rooms": ["101", "102", "204"]}
    assert _actions(store, "building.add")[-1].after["code"] == "N6"


def test_an_import_is_refused_whole_when_the_campus_changed_since_its_preview(store, campus, tmp_path):
    path = _layout(tmp_path / "layout.xlsx", [["N7", "七号楼", 101, 1, 4, "M"], ["N7", None, 102, 1, 4, "M"]])
    preview = ca.preview_layout(store, path)
    bid = ca.add_building(store, campus.admin, code="N7", name="七号楼", floors=1)
    ca.add_room(store, campus.admin, building_id=bid, number="102", floor=1, beds=2, gender="M")
    before = _counts(store)
    with pytest.raises(InvalidInput) as err:
        ca.import_layout(store, campus.admin, preview)
    assert "changed since layout.xlsx was previewed" in err.value.message
    assert _counts(store) == before


def test_a_file_without_the_layout_header_is_refused(store, campus, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Amount"])
    wb.save(tmp_path / "other.xlsx")
    with pytest.raises(InvalidInput) as err:
        ca.preview_layout(store, tmp_path / "other.xlsx")
    assert err.value.message.startswith("other.xlsx has no header row")


def test_a_clerk_changes_nothing(store, campus, tmp_path):
    bid = ca.list_buildings(store)[0].id
    room = campus.rooms["B1-101"]
    before = _counts(store)
    preview = ca.preview_layout(store, _layout(tmp_path / "l.xlsx", [["N8", "八号楼", 101, 1, 4, "M"]]))
    for call in (lambda: ca.add_building(store, campus.clerk, code="N9", name="九号楼"),
                 lambda: ca.change_building(store, campus.clerk, bid, name="x"),
                 lambda: ca.delete_building(store, campus.clerk, bid),
                 lambda: ca.add_room(store, campus.clerk, building_id=bid, number="109", floor=1, beds=1, gender="M"),
                 lambda: ca.change_room(store, campus.clerk, room, beds=1),
                 lambda: ca.delete_room(store, campus.clerk, room),
                 lambda: ca.BulkPlan(bid, 1, 1, 10, 12, beds=2, gender="M").apply(store, campus.clerk),
                 lambda: ca.import_layout(store, campus.clerk, preview)):
        with pytest.raises(PermissionDenied):
            call()
    assert _counts(store) == before


def test_the_migration_gives_existing_buildings_a_policy_and_their_floors(db_url):
    from db import migrate
    from db.engine import make_engine

    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "0007")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO buildings (id, code, name) VALUES (1, 'B1', 'one'), (2, 'B2', 'two')"))
            conn.execute(text("INSERT INTO rooms (building_id, number, floor, beds, gender) VALUES "
                              "(1, '101', 1, 4, 'M'), (1, '601', 6, 4, 'M')"))
        migrate.upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT code, gender_policy, floors FROM buildings ORDER BY code")).all()
        assert [tuple(r) for r in rows] == [("B1", "mixed", 6), ("B2", "mixed", 1)]
    finally:
        engine.dispose()
