"""Policy templates in the store: saving, versions, names, plan checks, retiring, permissions, audit."""
from __future__ import annotations

from dataclasses import replace

import pytest

from app import audit, events
from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from app.policies import policies
from app.policies.model import BranchPlan, Period, PolicyPlan
from tests.factories import make_campus

LIGHTS_OFF = (Period(23 * 60, 6 * 60),)
REST_OFF = (Period(30, 6 * 60),)


def undergraduate() -> PolicyPlan:
    """The issue's "Undergraduate lights-off"."""
    return PolicyPlan((
        BranchPlan(schedule=True, holiday_off=True, workday=LIGHTS_OFF, restday=REST_OFF),
        BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=LIGHTS_OFF,
                   restday=REST_OFF),
        BranchPlan(standby=True, standby_ma=80, standby_s=120)))


def test_a_saved_policy_reads_back_as_written(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    pid = policies.save_policy(store, campus.admin, "  Undergraduate lights-off ", undergraduate())
    with store.read() as s:
        rows = policies.list_policies(s)
    assert [(r.id, r.name, r.version, r.retired) for r in rows] == [(pid, "Undergraduate lights-off", 1, False)]
    assert rows[0].plan == undergraduate()
    assert rows[0].plan.branches[1].block().low_power_limit_w == 300


def test_versions_count_plan_changes_only_and_each_change_is_audited(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    seen: list[events.Event] = []
    events.hub(store).subscribe(seen.append, "policies_changed")
    pid = policies.save_policy(store, campus.admin, "Undergraduate lights-off", undergraduate())
    assert policies.save_policy(store, campus.admin, "Undergraduate lights-off", undergraduate(), pid) == pid
    later = replace(undergraduate().branches[0], workday=(Period(22 * 60 + 30, 6 * 60),))
    changed = PolicyPlan((later,) + undergraduate().branches[1:])
    policies.save_policy(store, campus.admin, "Undergraduate lights-off", changed, pid)
    policies.save_policy(store, campus.admin, "Undergraduate (2026)", changed, pid)
    with store.read() as s:
        row = policies.list_policies(s)[0]
        trail = audit.history(s, entity="power_policy", entity_id=pid)
    assert (row.name, row.version, row.plan) == ("Undergraduate (2026)", 2, changed)
    assert [r.action for r in trail] == ["policy.save"] * 3          # the unchanged save left no record
    rename, change, create = trail
    assert change.before["plan"]["branches"][0]["workday"] == [[1380, 360]]
    assert change.after["plan"]["branches"][0]["workday"] == [[1350, 360]]
    assert (rename.before["name"], rename.after["name"]) == ("Undergraduate lights-off", "Undergraduate (2026)")
    assert create.before is None and create.after["version"] == 1
    assert [e.ids for e in seen] == [(pid,)] * 3


@pytest.mark.parametrize("name", ["", "   ", "x" * 65])
def test_a_name_is_1_to_64_characters(store, name):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    with pytest.raises(FieldInvalid) as err:
        policies.save_policy(store, campus.admin, name, undergraduate())
    assert err.value.field == "name"


def test_a_name_is_unique(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    policies.save_policy(store, campus.admin, "Undergraduate lights-off", undergraduate())
    other = policies.save_policy(store, campus.admin, "Graduate", PolicyPlan())
    for pid in (None, other):
        with pytest.raises(FieldInvalid, match="already a policy named “Undergraduate lights-off”") as err:
            policies.save_policy(store, campus.admin, "Undergraduate lights-off", PolicyPlan(), pid)
        assert err.value.field == "name"
    with store.read() as s:
        assert sorted(r.name for r in policies.list_policies(s)) == ["Graduate", "Undergraduate lights-off"]


def test_overlapping_periods_are_refused_and_nothing_is_saved(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    overlapping = BranchPlan(schedule=True, workday=(Period(22 * 60, 6 * 60), Period(5 * 60, 7 * 60)))
    with pytest.raises(FieldInvalid):
        policies.save_policy(store, campus.admin, "Broken", PolicyPlan((overlapping, BranchPlan(), BranchPlan())))
    too_many = BranchPlan(schedule=True, workday=tuple(Period(h * 60, h * 60 + 30) for h in range(9)))
    with pytest.raises(FieldInvalid):
        policies.save_policy(store, campus.admin, "Broken", PolicyPlan((too_many, BranchPlan(), BranchPlan())))
    with store.read() as s:
        assert policies.list_policies(s, retired=True) == []


def test_a_clerk_may_not_change_policies(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    with pytest.raises(PermissionDenied):
        policies.save_policy(store, campus.clerk, "Undergraduate lights-off", undergraduate())
    pid = policies.save_policy(store, campus.admin, "Undergraduate lights-off", undergraduate())
    with pytest.raises(PermissionDenied):
        policies.retire_policy(store, campus.tech, pid)
    with pytest.raises(PermissionDenied):
        policies.assign(store, campus.clerk, "campus", policy_id=pid)
    with store.read() as s:
        assert not policies.list_policies(s)[0].retired
        assert policies.assignments(s) == []


def test_retiring_is_refused_while_assigned_and_a_retired_policy_is_not_assigned(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=0)
    pid = policies.save_policy(store, campus.admin, "Undergraduate lights-off", undergraduate())
    aid = policies.assign(store, campus.admin, "campus", policy_id=pid)
    with pytest.raises(InvalidInput, match="still assigned to Campus"):
        policies.retire_policy(store, campus.admin, pid)
    policies.remove_assignment(store, campus.admin, aid)
    policies.retire_policy(store, campus.admin, pid)
    with store.read() as s:
        assert policies.list_policies(s) == []
        assert [(r.name, r.retired) for r in policies.list_policies(s, retired=True)] == [
            ("Undergraduate lights-off", True)]
        assert [r.action for r in audit.history(s, entity="power_policy", entity_id=pid)] == [
            "policy.retire", "policy.save"]
    with pytest.raises(FieldInvalid, match="retired") as err:
        policies.assign(store, campus.admin, "campus", policy_id=pid)
    assert err.value.field == "policy_id"
    with pytest.raises(InvalidInput, match="retired"):
        policies.save_policy(store, campus.admin, "Undergraduate lights-off", PolicyPlan(), pid)
