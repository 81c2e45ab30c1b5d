"""Assignments with inheritance: the issue's example (campus lights-off, a graduate floor exempt, an
exam-week extension on a building, a medical exemption), the chain a room shows, bad input, the
statements resolution costs, and the configurations the meters must hold."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest
from sqlalchemy import event, insert, select

from app import audit, events
from app.errors import FieldInvalid, PermissionDenied
from app.policies import calendar_admin, policies
from app.policies.inheritance import Assigned, Place, chain
from app.policies.model import NO_POLICY, BranchPlan, Period, PolicyPlan
from db.models import Building, Bus, ElectricityMeter, Room
from tests.factories import make_campus

LIGHTS_OFF, REST_OFF = (Period(23 * 60, 6 * 60),), (Period(30, 6 * 60),)
EXAM_FIRST, EXAM_LAST = date(2027, 1, 4), date(2027, 1, 15)
BEFORE, DURING, AFTER = date(2026, 12, 28), date(2027, 1, 6), date(2027, 1, 20)


def undergraduate() -> PolicyPlan:
    """The issue's "Undergraduate lights-off" (as in test_policy_templates)."""
    return PolicyPlan((
        BranchPlan(schedule=True, holiday_off=True, workday=LIGHTS_OFF, restday=REST_OFF),
        BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=LIGHTS_OFF,
                   restday=REST_OFF),
        BranchPlan(standby=True, standby_ma=80, standby_s=120)))


def exam_week() -> PolicyPlan:
    """Lights stay on until 00:30 during the exams (the extension)."""
    late = (Period(30, 6 * 60),)
    u = undergraduate().branches
    return PolicyPlan((BranchPlan(schedule=True, holiday_off=True, workday=late, restday=late),
                       BranchPlan(schedule=True, low_power=True, workday=late, restday=late), u[2]))


@dataclass
class Site:
    admin: object
    clerk: object
    buildings: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)      # "A-315" -> room id
    meters: dict[str, int] = field(default_factory=dict)     # "A-315" -> meter id, "spare" -> meter in no room
    ids: dict[str, int] = field(default_factory=dict)        # policies and assignments by name


def make_site(store) -> Site:
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    site = Site(campus.admin, campus.clerk)
    with store.write() as s:
        bus = s.scalar(select(Bus.id))
        address = 20
        for code, floors, numbers in (("A", 6, ("301", "302", "315", "401", "402")), ("C", 2, ("101", "201"))):
            b = Building(code=code, name=f"{code}栋", floors=floors)
            s.add(b)
            s.flush()
            site.buildings[code] = b.id
            for number in numbers:
                room = Room(building_id=b.id, number=number, floor=int(number[0]), beds=4, gender="M")
                s.add(room)
                s.flush()
                address += 1
                m = ElectricityMeter(bus_id=bus, address=address, serial_no=f"E{address}", room_id=room.id,
                                     installed_on=date(2026, 9, 1))
                s.add(m)
                s.flush()
                site.rooms[f"{code}-{number}"], site.meters[f"{code}-{number}"] = room.id, m.id
        spare = ElectricityMeter(bus_id=bus, address=90, serial_no="E90", room_id=None, installed_on=date(2026, 9, 1))
        old = ElectricityMeter(bus_id=bus, address=91, serial_no="E91", room_id=site.rooms["C-101"],
                               installed_on=date(2026, 9, 1), replaced_on=date(2026, 10, 1))
        s.add_all([spare, old])
        s.flush()
        site.meters["spare"], site.meters["replaced"] = spare.id, old.id
    return site


def issue_example(store) -> Site:
    site = make_site(store)
    a = site.admin
    site.ids["undergraduate"] = ug = policies.save_policy(store, a, "Undergraduate lights-off", undergraduate())
    site.ids["exam"] = ex = policies.save_policy(store, a, "Exam week", exam_week())
    site.ids["campus"] = policies.assign(store, a, "campus", policy_id=ug)
    site.ids["graduate"] = policies.assign(store, a, "floor", building_id=site.buildings["A"], floor=4, policy_id=None,
                                           reason="graduate floor")
    site.ids["exams"] = policies.assign(store, a, "building", building_id=site.buildings["A"], policy_id=ex,
                                        first_day=EXAM_FIRST, last_day=EXAM_LAST, reason="exam week")
    site.ids["medical"] = policies.assign(store, a, "room", room_id=site.rooms["A-315"], policy_id=None,
                                          reason="medical exemption")
    return site


def said(resolution) -> list[tuple[str, str | None, bool, str]]:
    return [(link.target_label, link.policy_name, link.in_force, link.note) for link in resolution.chain]


def test_each_room_says_which_policy_applies_and_why(store):
    site = issue_example(store)
    r = site.rooms
    with store.read() as s:
        before = policies.resolve_rooms(s, BEFORE)
        during = policies.resolve_rooms(s, DURING)
        after = policies.resolve_rooms(s, AFTER)
    for day in (before, during, after):
        assert day[r["C-101"]].policy_name == "Undergraduate lights-off"
        assert day[r["C-101"]].plan == undergraduate()
        assert day[r["A-401"]].policy_name is None and day[r["A-401"]].plan == NO_POLICY     # graduate floor
        assert day[r["A-315"]].policy_id is None and day[r["A-315"]].plan == NO_POLICY       # medical
    assert before[r["A-301"]].policy_name == after[r["A-301"]].policy_name == "Undergraduate lights-off"
    assert (during[r["A-301"]].policy_name, during[r["A-301"]].plan) == ("Exam week", exam_week())
    assert during[r["A-302"]].policy_id == site.ids["exam"]

    assert said(before[r["A-301"]]) == [("Campus", "Undergraduate lights-off", True, "in force"),
                                        ("A", "Exam week", False, "from 2027-01-04")]
    assert said(during[r["A-301"]]) == [
        ("Campus", "Undergraduate lights-off", False, "overridden by the building's assignment"),
        ("A", "Exam week", True, "in force")]
    assert said(after[r["A-301"]])[1] == ("A", "Exam week", False, "ended 2027-01-15")
    assert said(during[r["A-401"]]) == [
        ("Campus", "Undergraduate lights-off", False, "overridden by the floor's assignment"),
        ("A", "Exam week", False, "overridden by the floor's assignment"),
        ("A floor 4", None, True, "in force")]
    assert during[r["A-401"]].chain[-1].reason == "graduate floor"
    assert said(during[r["A-315"]])[-1] == ("A-315", None, True, "in force")
    assert during[r["A-315"]].chain[-2].note == "overridden by the room's assignment"
    assert [link.note for link in before[r["A-315"]].chain] == [
        "overridden by the room's assignment", "from 2027-01-04", "in force"]
    assert said(during[r["C-101"]]) == [("Campus", "Undergraduate lights-off", True, "in force")]

    with store.read() as s:
        one = policies.resolve(s, r["A-301"], DURING)
        listed = policies.assignments(s)
    assert one == during[r["A-301"]]
    assert [(a.target_label, a.policy_name, a.first_day, a.reason) for a in listed] == [
        ("Campus", "Undergraduate lights-off", None, ""), ("A", "Exam week", EXAM_FIRST, "exam week"),
        ("A floor 4", None, None, "graduate floor"), ("A-315", None, None, "medical exemption")]


def test_removing_an_exemption_brings_the_inherited_policy_back(store):
    site = issue_example(store)
    seen: list[events.Event] = []
    events.hub(store).subscribe(seen.append, "policies_changed")
    policies.remove_assignment(store, site.admin, site.ids["graduate"])
    policies.remove_assignment(store, site.admin, site.ids["graduate"])      # twice: nothing more
    with store.read() as s:
        assert policies.resolve(s, site.rooms["A-401"], BEFORE).policy_name == "Undergraduate lights-off"
        assert policies.resolve(s, site.rooms["A-402"], DURING).policy_name == "Exam week"
        assert [a.id for a in policies.assignments(s)] == [site.ids[k] for k in ("campus", "exams", "medical")]
        trail = audit.history(s, entity="policy_assignment", entity_id=site.ids["graduate"])
    assert [t.action for t in trail] == ["policy.unassign", "policy.assign"]
    assert trail[1].after["reason"] == "graduate floor"
    assert [(e.rooms, e.ids) for e in seen] == [
        (frozenset({site.rooms["A-401"], site.rooms["A-402"]}), (site.ids["graduate"],))]


def test_an_assignment_names_the_rooms_it_touches(store):
    site = make_site(store)
    pid = policies.save_policy(store, site.admin, "Undergraduate lights-off", undergraduate())
    seen: list[events.Event] = []
    events.hub(store).subscribe(seen.append, "policies_changed")
    policies.assign(store, site.admin, "campus", policy_id=pid)
    policies.assign(store, site.admin, "building", building_id=site.buildings["C"], policy_id=pid)
    policies.assign(store, site.admin, "floor", building_id=site.buildings["A"], floor=3, policy_id=pid)
    policies.assign(store, site.admin, "room", room_id=site.rooms["A-401"], policy_id=pid, reason="night nurse")
    r = site.rooms
    assert [e.rooms for e in seen] == [frozenset(), frozenset({r["C-101"], r["C-201"]}),
                                       frozenset({r["A-301"], r["A-302"], r["A-315"]}), frozenset({r["A-401"]})]


def test_within_a_level_a_dated_assignment_beats_an_undated_one_and_the_newest_wins():
    place = Place(7, 1, 3)

    def a(id_, name, first=None, last=None, scope="campus"):
        return Assigned(id_, scope, 1, 3, 7, id_, name, first, last, "", scope)

    old, new, dated = a(1, "old"), a(2, "new"), a(3, "dated", EXAM_FIRST, EXAM_LAST)
    assert all(x.touches(place) for x in (old, new, dated))
    won, links = chain([dated, new, old], DURING)
    assert won is dated
    assert [link.note for link in links] == ["overridden by the assignment for 2027-01-04 – 2027-01-15"] * 2 + [
        "in force"]
    won, links = chain([dated, new, old], AFTER)
    assert won is new and [link.note for link in links] == [
        "overridden by a newer assignment", "in force", "ended 2027-01-15"]
    assert chain([], DURING) == (None, ())
    assert not a(4, "elsewhere", scope="floor").touches(Place(8, 1, 4))


def test_bad_assignments_are_refused_and_nothing_is_written(store):
    site = make_site(store)
    pid = policies.save_policy(store, site.admin, "Undergraduate lights-off", undergraduate())
    A = site.buildings["A"]
    bad = [
        (dict(scope="wing", policy_id=pid), "scope"),
        (dict(scope="building", building_id=9999, policy_id=pid), "building_id"),
        (dict(scope="floor", building_id=9999, floor=1, policy_id=pid), "building_id"),
        (dict(scope="floor", building_id=A, floor=7, policy_id=pid), "floor"),
        (dict(scope="floor", building_id=A, floor=0, policy_id=pid), "floor"),
        (dict(scope="floor", building_id=A, policy_id=pid), "floor"),
        (dict(scope="room", room_id=9999, policy_id=pid, reason="x"), "room_id"),
        (dict(scope="campus", policy_id=9999), "policy_id"),
        (dict(scope="building", building_id=A, policy_id=pid, first_day=EXAM_LAST, last_day=EXAM_FIRST), "last_day"),
        (dict(scope="building", building_id=A, policy_id=pid, first_day=EXAM_FIRST), "last_day"),
        (dict(scope="building", building_id=A, policy_id=pid, last_day=EXAM_LAST), "first_day"),
        (dict(scope="floor", building_id=A, floor=4, policy_id=None), "reason"),
        (dict(scope="floor", building_id=A, floor=4, policy_id=None, reason="   "), "reason"),
        (dict(scope="room", room_id=site.rooms["A-315"], policy_id=pid), "reason"),
        (dict(scope="campus", policy_id=pid, reason="x" * 256), "reason"),
    ]
    for kwargs, name in bad:
        scope = kwargs.pop("scope")
        with pytest.raises(FieldInvalid) as err:
            policies.assign(store, site.admin, scope, **kwargs)
        assert err.value.field == name, (scope, kwargs)
    with pytest.raises(FieldInvalid, match="A has 6 floor"):
        policies.assign(store, site.admin, "floor", building_id=A, floor=7, policy_id=pid)
    with pytest.raises(PermissionDenied):
        policies.assign(store, site.clerk, "floor", building_id=A, floor=4, policy_id=None, reason="graduate floor")
    with store.read() as s:
        assert policies.assignments(s) == []
        assert policies.resolve(s, site.rooms["A-401"], DURING).chain == ()


def _counting(store):
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    return statements


def test_resolving_thousands_of_rooms_takes_a_few_statements(store):
    site = issue_example(store)
    with store.write() as s:
        s.execute(insert(Room), [{"building_id": site.buildings["C"], "number": f"{f}{n:03d}", "floor": f, "beds": 4,
                                  "gender": "F"} for f in (1, 2) for n in range(1000)])
        s.execute(insert(Room), [{"building_id": site.buildings["A"], "number": f"9{n:03d}", "floor": 4, "beds": 4,
                                  "gender": "F"} for n in range(10)])
    statements = _counting(store)
    with store.read() as s:
        s.execute(select(1))          # the transaction's own BEGIN is not resolution's
        statements.clear()
        found = policies.resolve_rooms(s, DURING)
        assert len(statements) <= 3, statements
        statements.clear()
        some = policies.resolve_rooms(s, DURING, list(found)[:1500])
        assert len(statements) <= 3, statements
    assert len(found) == 2019 and len(some) == 1500
    names = [res.policy_name for res in found.values()]
    assert names.count("Undergraduate lights-off") == 2004        # B1, building C and C's new rooms
    assert names.count("Exam week") == 2
    assert names.count(None) == 13                                # floor 4 of A (12 rooms) and A-315


def test_equal_policies_give_equal_meter_configurations(store):
    site = issue_example(store)
    m = site.meters
    with store.read() as s:
        plan = calendar_admin.calendar_plan(s, DURING)
        configs = policies.desired_configs(s, DURING)
        some = policies.desired_configs(s, DURING, [m["A-301"], m["spare"], m["replaced"]])
        before = policies.desired_configs(s, BEFORE, [m["A-301"], m["C-101"]])
    assert m["replaced"] not in configs and set(some) == {m["A-301"], m["spare"]}
    assert some[m["A-301"]] == configs[m["A-301"]]
    assert all(c.calendar == plan.calendar for c in configs.values())
    digest = {room: configs[m[room]].digest() for room in site.rooms}
    assert digest["C-101"] == digest["C-201"]
    assert digest["A-301"] == digest["A-302"] != digest["C-101"]         # the exam week
    assert digest["A-401"] == digest["A-402"] == digest["A-315"] != digest["C-101"]
    assert before[m["A-301"]].digest() == before[m["C-101"]].digest()       # before the exam week
    assert configs[m["A-401"]].schedules == NO_POLICY.blocks() == configs[m["spare"]].schedules
    assert configs[m["C-101"]].schedules == undergraduate().blocks()
    assert configs[m["C-101"]].schedules[1].low_power_limit_w == 300
    assert configs[m["C-101"]].schedules[2].standby_threshold_ma == 80
