"""What the room panel says of a room's power policy (app/policies/room_policy.py), and the words the
window uses for the policy's branch state bits (vocabulary.branch_marks)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.metering.runtime import vocabulary
from app.metering.runtime.vocabulary import BranchLook, BranchMark, branch_look, branch_marks
from app.policies import policies
from app.policies.model import BranchPlan, Period, PolicyPlan
from app.policies.room_policy import load_room_policy, room_policy, when_word
from app.policies.schedule import BranchMode, Change
from db.models import ElectricityMeter
from db.models_power import MeterPolicyState
from drivers.ddsy_records import BranchState, EventType
from tests.factories import make_campus

LIGHTS_OFF = BranchPlan(schedule=True, holiday_off=True, workday=(Period(23 * 60, 6 * 60),),
                        restday=(Period(30, 6 * 60),))
UNDERGRAD = PolicyPlan((LIGHTS_OFF,
                        BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60,
                                   workday=LIGHTS_OFF.workday, restday=LIGHTS_OFF.restday),
                        BranchPlan(standby=True, standby_ma=80, standby_s=120)))
TUESDAY_22 = datetime(2026, 12, 1, 22, 0)        # a Tuesday, campus time


# ----- the words for the bits ---------------------------------------------------------------------

@pytest.mark.parametrize(("bit", "mark"), [(BranchState.SCHEDULE_OPEN, BranchMark.LIGHTS_OFF),
                                           (BranchState.LOW_POWER_MODE, BranchMark.LOW_POWER),
                                           (BranchState.TRIP_STANDBY, BranchMark.STANDBY_TRIP),
                                           (BranchState.HOLIDAY_OPEN, BranchMark.HOLIDAY_OFF),
                                           (BranchState.TRIP_LOW_POWER, BranchMark.LOW_POWER_TRIP)])
def test_each_policy_bit_is_one_mark_with_a_name(bit, mark):
    assert branch_marks(int(bit)) == (mark,)
    assert branch_marks(int(bit | BranchState.RELAY_CLOSED | BranchState.TRIP_OVER_POWER)) == (mark,)
    assert vocabulary.branch_mark_name(mark) == vocabulary.BRANCH_MARK_NAMES[mark]


def test_marks_come_in_drawing_order_and_trip_latches_are_drawn_tripped():
    both = int(BranchState.TRIP_LOW_POWER | BranchState.SCHEDULE_OPEN | BranchState.LOW_POWER_MODE)
    assert branch_marks(both) == (BranchMark.LIGHTS_OFF, BranchMark.LOW_POWER, BranchMark.LOW_POWER_TRIP)
    assert branch_marks(int(BranchState.RELAY_CLOSED)) == ()
    assert vocabulary.BRANCH_MARK_NAMES[BranchMark.LIGHTS_OFF] == "Lights-off"
    assert vocabulary.BRANCH_MARK_NAMES[BranchMark.STANDBY_TRIP] == "AC unplugged — tripped"
    # A trip latch seen in a reading shows the branch tripped (not merely off).
    assert branch_look(int(BranchState.TRIP_STANDBY)) == BranchLook.TRIPPED
    assert branch_look(int(BranchState.TRIP_LOW_POWER | BranchState.LOW_POWER_MODE)) == BranchLook.TRIPPED
    assert branch_look(int(BranchState.LOW_POWER_MODE | BranchState.RELAY_CLOSED)) == BranchLook.ON


def test_standby_and_low_power_alarms_name_the_branch():
    for event, branch, word in ((EventType.STANDBY_TRIP, 2, "air conditioning"), (EventType.LOW_POWER_TRIP, 1,
                                                                                  "sockets")):
        rule = vocabulary.event_alarm(event)
        assert "{b}" in rule.message
        assert word in rule.message.format(b=vocabulary.branch_word(branch))
        assert rule.kind in vocabulary.RELEASABLE_ALARMS
    assert vocabulary.alarm_branch({"branch": 2}) is vocabulary.Branch.AIR_CONDITIONING
    assert vocabulary.alarm_branch({"branch": 0xFFFF}) is None and vocabulary.alarm_branch(None) is None


def test_when_word():
    assert when_word(datetime(2026, 12, 1, 23, 0), TUESDAY_22) == "tonight"
    assert when_word(datetime(2026, 12, 1, 12, 0), datetime(2026, 12, 1, 7, 0)) == "today"
    assert when_word(datetime(2026, 12, 2, 6, 0), TUESDAY_22) == "tomorrow"
    assert when_word(datetime(2026, 12, 4, 6, 0), TUESDAY_22) == "later"


# ----- the room's policy --------------------------------------------------------------------------

@pytest.fixture
def campus_policy(store):
    campus = make_campus(store)
    pid = policies.save_policy(store, campus.admin, "Undergraduate lights-off", UNDERGRAD)
    return campus, pid


def _meter_state(store, room_id: int, state: str, reason: str = "") -> None:
    with store.write() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id))
        s.merge(MeterPolicyState(meter_id=meter_id, digest="x", state=state, reason=reason))


def test_no_policy_until_one_is_assigned(store, campus_policy):
    campus, _pid = campus_policy
    with store.read() as s:
        p = room_policy(s, campus.rooms["B1-101"], TUESDAY_22)
    assert (p.kind, p.policy_name, p.source_label, p.next_change) == ("none", None, "", None)


def test_policy_from_the_campus_and_the_next_change(store, campus_policy):
    campus, pid = campus_policy
    room = campus.rooms["B1-101"]
    policies.assign(store, campus.admin, "campus", policy_id=pid)
    _meter_state(store, room, "failed", "no answer")
    p = load_room_policy(store, room, TUESDAY_22)
    assert (p.kind, p.policy_name, p.source_label) == ("policy", "Undergraduate lights-off", "Campus")
    assert p.next_change == Change(datetime(2026, 12, 1, 23, 0), 0, BranchMode.OFF)
    assert p.next_changes == (Change(datetime(2026, 12, 1, 23, 0), 0, BranchMode.OFF),
                              Change(datetime(2026, 12, 1, 23, 0), 1, BranchMode.LOW_POWER))
    assert (p.sync_state, p.sync_reason) == ("failed", "no answer")
    late = load_room_policy(store, room, datetime(2026, 12, 1, 23, 30))
    assert late.next_changes == (Change(datetime(2026, 12, 2, 6, 0), 0, BranchMode.ON),
                                 Change(datetime(2026, 12, 2, 6, 0), 1, BranchMode.ON))
    # Friday night: Saturday is a rest day, its off period starts at 00:30 (the meter's own rule).
    friday = load_room_policy(store, room, datetime(2026, 12, 4, 23, 30))
    assert [(c.at, c.branch, c.mode) for c in friday.next_changes] == [
        (datetime(2026, 12, 5, 0, 0), 0, BranchMode.ON), (datetime(2026, 12, 5, 0, 0), 1, BranchMode.ON)]


def test_an_exempt_room_says_why_and_changes_nothing(store, campus_policy):
    campus, pid = campus_policy
    room = campus.rooms["B1-201"]
    policies.assign(store, campus.admin, "campus", policy_id=pid)
    policies.assign(store, campus.admin, "room", room_id=room, policy_id=None, reason="medical exemption")
    _meter_state(store, room, "sync")
    p = load_room_policy(store, room, TUESDAY_22)
    assert (p.kind, p.policy_name, p.exempt_reason, p.source_label) == ("exempt", None, "medical exemption",
                                                                        "B1-201")
    assert p.next_change is None and p.next_changes == ()
    assert p.sync_state == "sync"
    # A dated assignment counts on its days only.
    policies.assign(store, campus.admin, "building", building_id=_building(store, room), policy_id=pid,
                    first_day=date(2026, 12, 7), last_day=date(2026, 12, 20))
    other = load_room_policy(store, campus.rooms["B1-101"], datetime(2026, 12, 8, 22, 0))
    assert (other.kind, other.source_label) == ("policy", "B1")


def _building(store, room_id: int) -> int:
    from db.models import Room

    with store.read() as s:
        return s.get(Room, room_id).building_id
