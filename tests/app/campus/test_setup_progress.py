"""The set-up checklist (issue 10 item 8): each step done from what the store holds, skipped steps kept
listed until done, the first building made by the wizard with its rooms and beds, audited."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.campus import campus_setup, setup_progress
from app.campus.first_building import create_first_building
from app.counter.payments import PURCHASE_MONEY
from app.errors import FieldInvalid, PermissionDenied
from app.metering import tariffs
from db.models import AuditRecord, Bed, Building, Purchase, Room, Setting, WaterMeter
from tests.factories import make_campus


def _states(store) -> dict[str, str]:
    return {step.key: step.state for step in setup_progress.progress(store)}


def _missing(store, key: str) -> str:
    return next(step.missing for step in setup_progress.progress(store) if step.key == key)


def _first_start(store):
    return campus_setup.first_start(store, school="东华理工大学", login="root", display_name="管理员",
                                    password="secret12", port="socket://127.0.0.1:5020")


def test_an_empty_store_has_every_step_missing_and_the_wizard_does_the_first(store):
    # the default payment methods are in force from the start; nothing else is there
    assert {k for k, v in _states(store).items() if v != "missing"} == {"payment_methods"}
    assert [s.key for s in setup_progress.progress(store)] == list(setup_progress.STEP_TITLES)
    admin = _first_start(store)
    states = _states(store)
    assert states["school"] == "done" and states["line"] == "missing"     # added disabled: scan, assign, enable
    assert _missing(store, "line") == ("The line is added but not enabled yet: scan it, assign its meters to rooms, "
                                       "then enable it.")
    assert states["buildings"] == states["meters"] == states["tariffs"] == states["students"] == "missing"
    assert _missing(store, "buildings") == "No building yet."
    assert _missing(store, "meters") == "Add rooms first, then assign their meters."
    assert _missing(store, "tariffs") == "No electricity or water price is in force today."
    assert setup_progress.needs_attention(store)
    assert admin.role == "admin" and admin.standing is not None


def test_each_step_turns_done_from_what_is_in_the_store(store):
    c = make_campus(store)            # a building with rooms, meters in every room, students, a clerk
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    states = _states(store)
    for key in ("school", "buildings", "line", "meters", "payment_methods", "students", "clerk"):
        assert states[key] == "done", key
    assert states["tariffs"] == "missing" and states["first_recharge"] == "missing"

    # a room without its water meter, another without either meter: the step says how many
    with store.write() as s:
        b = s.scalar(select(Building))
        s.add(Room(building_id=b.id, number="301", floor=3, beds=4, gender="M"))
        room = s.get(Room, c.rooms["B1-101"])
        s.scalar(select(WaterMeter).where(WaterMeter.room_id == room.id)).replaced_on = date(2026, 11, 1)
    assert _states(store)["meters"] == "missing"
    assert _missing(store, "meters") == "1 rooms have no electricity meter and 2 no water meter."
    assert _missing(store, "buildings") == "1 rooms have no beds."

    tariffs.set_price(store, c.admin, "electricity", 5883, date(2026, 11, 1))
    assert _missing(store, "tariffs") == "No water price is in force today."
    tariffs.set_price(store, c.admin, "water", 35000, date(2026, 11, 16))
    assert _states(store)["tariffs"] == "done"


def test_a_delivered_recharge_completes_the_optional_step(store):
    from app.campus import occupancy
    from app.counter import payments, shifts
    from app.counter.money import Money

    c = make_campus(store)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"], "1")
    shifts.open_shift(store, c.clerk, Money(0))
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="electricity", amount=Money(5000),
                      method="cash", payer_id=c.students["202610000"], key="first")
    assert _states(store)["first_recharge"] == "missing"      # a credit not delivered yet does not count
    with store.write() as s:
        s.scalar(select(Purchase).where(Purchase.kind == PURCHASE_MONEY)).status = "delivered"
    assert _states(store)["first_recharge"] == "done"


def test_a_skipped_step_stays_listed_as_skipped_until_done_and_the_skip_is_audited(store):
    admin = _first_start(store)
    setup_progress.skip(store, admin, "tariffs")
    setup_progress.skip(store, admin, "tariffs")          # twice is once
    steps = {s.key: s for s in setup_progress.remaining(store)}
    assert steps["tariffs"].state == "skipped" and steps["tariffs"].missing
    assert steps["buildings"].state == "missing"
    with store.read() as s:
        assert s.scalar(select(func.count(AuditRecord.id)).where(
            AuditRecord.action == "settings.setup_skipped")) == 1
    setup_progress.set_first_prices(store, admin, electricity="0.5883", water="3.5")
    assert "tariffs" not in {s.key for s in setup_progress.remaining(store)}
    assert tariffs.price_on(store, "water", date(2026, 11, 16)).unit_price == 35000


def test_bad_prices_name_their_field_and_write_nothing(store):
    admin = _first_start(store)
    with pytest.raises(FieldInvalid) as refused:
        setup_progress.set_first_prices(store, admin, electricity="0.5883", water="3.55555")
    assert refused.value.field == "water" and "four decimals" in refused.value.message
    with pytest.raises(FieldInvalid) as refused:
        setup_progress.set_first_prices(store, admin, electricity="", water="3")
    assert refused.value.field == "electricity"
    assert _states(store)["tariffs"] == "missing"       # not even the electricity price was written


def test_the_first_building_is_created_with_its_rooms_and_beds_audited(store):
    admin = _first_start(store)
    made = create_first_building(store, admin, " 1号楼 ", "一号学生公寓", 6, 24, 4, "F")
    assert (made.rooms, made.beds) == (144, 576)
    with store.read() as s:
        b = s.get(Building, made.building_id)
        numbers = [r.number for r in b.rooms]
        assert b.code == "1号楼" and len(numbers) == 144 and {"101", "124", "601", "624"} <= set(numbers)
        assert {r.gender for r in b.rooms} == {"F"} and {r.beds for r in b.rooms} == {4}
        assert s.scalar(select(func.count(Bed.id))) == 576
        record = s.scalar(select(AuditRecord).where(AuditRecord.action == "campus.building_create"))
        assert record.operator_id == admin.id and record.after["rooms"] == 144
    assert _states(store)["buildings"] == "done"
    assert _missing(store, "meters") == "144 rooms have no electricity meter and 144 no water meter."


@pytest.mark.parametrize("args, field", [
    (("", "楼", 1, 1, 1, "M"), "code"),
    (("B2", " ", 1, 1, 1, "M"), "name"),
    (("B2", "楼", 0, 1, 1, "M"), "floors"),
    (("B2", "楼", 1, 100, 1, "M"), "rooms_per_floor"),
    (("B2", "楼", 1, 1, 13, "M"), "beds"),
    (("B2", "楼", 1, 1, 4, "X"), "gender"),
    (("B1", "楼", 1, 1, 4, "M"), "code"),        # the code exists already
])
def test_bad_building_input_names_the_field_and_writes_nothing(store, args, field):
    admin = _first_start(store)
    create_first_building(store, admin, "B1", "一号楼", 1, 2, 4, "M")
    with pytest.raises(FieldInvalid) as refused:
        create_first_building(store, admin, *args)
    assert refused.value.field == field
    with store.read() as s:
        assert s.scalar(select(func.count(Building.id))) == 1 and s.scalar(select(func.count(Room.id))) == 2


def test_a_clerk_can_neither_create_the_building_nor_skip_a_step(store):
    c = make_campus(store)
    with pytest.raises(PermissionDenied):
        create_first_building(store, c.clerk, "B9", "九号楼", 2, 2, 2, "M")
    with pytest.raises(PermissionDenied):
        setup_progress.skip(store, c.clerk, "tariffs")
    with pytest.raises(PermissionDenied):
        setup_progress.set_first_prices(store, c.clerk, electricity="0.5", water="3")
    with store.read() as s:
        assert s.scalar(select(func.count(Building.id))) == 1
        assert s.get(Setting, setup_progress.SKIPPED_SETTING) is None
