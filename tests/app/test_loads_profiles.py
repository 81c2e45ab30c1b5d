"""Load-control profiles, their assignments, the library's versions in the store, and what each meter
must hold as a result (the §10 blocks and §11 slots beside the power policy's blocks)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from app.loads import profiles
from app.loads import store as library_store
from app.loads.features import Features
from app.loads.library import Capture, Library, Scope, ScopeLevel, Verdict
from app.loads.meter_config import desired_configs, room_slots
from app.policies import policies
from db.models import AuditRecord, Building, ElectricityMeter
from drivers.ddsy_records import LoadControl, SlotClass
from tests.factories import make_campus

DAY = date(2026, 11, 16)


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2)


def _meters(store) -> dict[str, int]:
    """room code -> meter id"""
    with store.read() as s:
        from db.models import Room
        rows = s.execute(select(ElectricityMeter.id, Building.code, Room.number)
                         .join(Room, Room.id == ElectricityMeter.room_id)
                         .join(Building, Building.id == Room.building_id)).all()
    return {f"{b}-{n}": mid for mid, b, n in rows}


def test_a_profile_is_checked_against_the_meter_ranges_and_versioned(store, campus) -> None:
    bad = profiles.LoadPlan((LoadControl(), replace(profiles.SOCKETS, decision_delay_s=11), LoadControl()))
    with pytest.raises(FieldInvalid, match="Branch 1: decision delay s must be 1 to 10"):
        profiles.save_profile(store, campus.admin, "Sockets", bad)
    with pytest.raises(PermissionDenied):
        profiles.save_profile(store, campus.clerk, "Sockets", profiles.LoadPlan())
    pid = profiles.save_profile(store, campus.admin, "Undergraduate", profiles.LoadPlan())
    assert profiles.save_profile(store, campus.admin, "Undergraduate", profiles.LoadPlan(), pid) == pid
    profiles.save_profile(store, campus.admin, "Undergraduate", replace(profiles.LoadPlan(), auto_release=True), pid)
    with store.read() as s:
        [row] = profiles.list_profiles(s)
        assert (row.version, row.plan.auto_release) == (2, True)
        assert len(s.scalars(select(AuditRecord).where(AuditRecord.action == "loads.profile")).all()) == 2


def test_room_beats_building_beats_campus_and_nothing_assigned_is_not_managed(store, campus) -> None:
    base = profiles.save_profile(store, campus.admin, "Campus", profiles.LoadPlan())
    strict = profiles.save_profile(store, campus.admin, "Strict",
                                   replace(profiles.LoadPlan(), suspect_w=100))
    meters = _meters(store)
    with store.read() as s:
        assert all(c.loads is None for c in desired_configs(s, DAY).values())     # nothing assigned yet
    with store.read() as s:
        b1 = s.scalar(select(Building.id).where(Building.code == "B1"))
    profiles.assign(store, campus.admin, "campus", profile_id=base)
    profiles.assign(store, campus.admin, "building", building_id=b1, profile_id=strict)
    room = campus.rooms["B1-101"]
    with pytest.raises(FieldInvalid, match="Say why"):
        profiles.assign(store, campus.admin, "room", room_id=room, profile_id=None)
    profiles.assign(store, campus.admin, "room", room_id=room, profile_id=None, reason="medical exemption")
    with store.read() as s:
        found = profiles.resolve_rooms(s)
        configs = desired_configs(s, DAY)
    assert found[room].plan == profiles.METER_DEFAULTS                         # exempt: load control off
    others = [r for code, r in campus.rooms.items() if code != "B1-101"]
    assert {found[r].profile_name for r in others} == {"Strict"}
    assert configs[meters["B1-101"]].loads == profiles.METER_DEFAULTS.branches
    assert configs[meters["B1-102"]].loads == profiles.LoadPlan().branches
    # the power policy's part is untouched
    with store.read() as s:
        plain = policies.desired_configs(s, DAY)
    assert all(configs[m].calendar == plain[m].calendar and configs[m].schedules == plain[m].schedules
               for m in plain)


def test_library_versions_are_kept_and_a_stale_save_is_refused(store, campus) -> None:
    lib, kettle = Library().with_appliance("kettle", Verdict.BLOCK)
    lib = lib.with_captures(kettle.ident, [Capture(Features(dp=1600, pf=998, i3=20, i5=10, thd=30), device="a")])
    with pytest.raises(PermissionDenied):
        library_store.save(store, campus.clerk, Library(1, lib.appliances))
    assert library_store.save(store, campus.tech, Library(1, lib.appliances), "first kettle") == 1
    with pytest.raises(InvalidInput, match="changed elsewhere"):
        library_store.save(store, campus.tech, Library(1, lib.appliances))
    assert library_store.import_library(store, campus.admin, lib) == 2
    with store.read() as s:
        current = library_store.current(s)
    assert current.version == 2 and current.by_name("kettle").captures[0].features.dp == 1600


def test_slots_follow_the_library_and_a_room_level_allow_reaches_only_that_room(store, campus) -> None:
    meters = _meters(store)
    lib, kettle = Library().with_appliance("kettle", Verdict.BLOCK)
    lib = lib.with_captures(kettle.ident, [Capture(Features(dp=1600 + 40 * k, pf=930, i3=200, i5=90, thd=260),
                                                   device=f"k{k}") for k in range(3)])
    lib, med = lib.with_appliance("oxygen concentrator", Verdict.ALLOW, scope=Scope(ScopeLevel.ROOM, "B1-102"))
    lib = lib.with_captures(med.ident, [Capture(Features(dp=420, pf=995, i3=30, i5=15, thd=60), device="m")])
    with store.read() as s:
        assert all(c.slots is None for c in desired_configs(s, DAY).values())     # no library saved
    library_store.save(store, campus.tech, Library(1, lib.appliances))
    with store.read() as s:
        configs = desired_configs(s, DAY)
        listed = room_slots(s, campus.rooms["B1-102"])
    own = configs[meters["B1-102"]].slots
    other = configs[meters["B1-101"]].slots
    assert len(own) == len(other) == 32
    assert [z.cls for z in own[:2]] == [SlotClass.ALLOW, SlotClass.BLOCK]       # allow first, then block
    assert [z.cls for z in other[:2]] == [SlotClass.BLOCK, SlotClass.EMPTY]
    assert [c.appliance.name for c in listed.chosen] == ["oxygen concentrator", "kettle"]
    assert configs[meters["B1-102"]].digest() != configs[meters["B1-101"]].digest()
