"""app.policies.schedule: the day kinds, branch modes, timelines and next change the office sees must be
what the meters do (compared with the simulator's §8/§9 evaluation), and every mistake an editor can
make in a plan is refused with its own sentence and field."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from app.errors import FieldInvalid
from app.policies.model import BranchPlan, Period, PolicyPlan
from app.policies.schedule import (
    PROBLEMS,
    BranchMode,
    Change,
    DayKind,
    Segment,
    branch_mode,
    check_plan,
    day_kind,
    day_timeline,
    next_change,
    next_changes,
    plan_problems,
    table_problems,
)
from drivers.bus_clock import day_number
from drivers.ddsy_records import Calendar
from drivers.sim import ddsy_schedule as sim

ON, OFF, LOW, HOL = BranchMode.ON, BranchMode.OFF, BranchMode.LOW_POWER, BranchMode.HOLIDAY_OFF
TUESDAY = dt.date(2026, 12, 1)          # pinned: a Tuesday
FRIDAY, SATURDAY = dt.date(2026, 12, 4), dt.date(2026, 12, 5)
NO_TERM = Calendar(False, 0, 0)


def hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def P(a: str, b: str) -> Period:  # noqa: N802 (reads like the editor's "23:00–06:00")
    return Period(hm(a), hm(b))


LIGHTS = BranchPlan(schedule=True, workday=(P("23:00", "06:00"),), restday=(P("00:30", "06:00"),))
SOCKETS = BranchPlan(schedule=True, low_power=True, workday=(P("23:00", "06:00"),), restday=(P("00:30", "06:00"),))
AIRCON = BranchPlan(standby=True)
DORM = PolicyPlan((LIGHTS, SOCKETS, AIRCON))


def term_calendar(first: dt.date, last: dt.date, *holidays: tuple[dt.date, dt.date], mask: int = 0x60) -> Calendar:
    return Calendar(True, day_number(first), day_number(last), mask,
                    tuple((day_number(a), day_number(b)) for a, b in holidays))


# --- the meter's own evaluation, as the reference ---------------------------------------------------

def sim_mode(calendar: Calendar, plan: BranchPlan, day: dt.date, minute: int) -> BranchMode:
    cal = sim.Calendar(calendar.term_enabled, calendar.term_start_day, calendar.term_end_day,
                       calendar.rest_day_mask, calendar.holidays[:16])
    block = plan.block()
    state = sim.evaluate(cal, sim.BranchSchedule(flags=block.flags, workday=block.workday, restday=block.restday),
                         day_number(day), minute)
    if state.holiday_off:
        return HOL
    if state.off_period:
        return LOW if state.low_power else OFF
    return ON


def random_calendar(rng: random.Random, first: dt.date) -> Calendar:
    start = first + dt.timedelta(days=rng.randrange(-10, 20))
    end = start + dt.timedelta(days=rng.randrange(5, 60))
    holidays = []
    for _ in range(rng.randrange(0, 18)):      # sometimes more than 16: the meter ignores the rest
        a = first + dt.timedelta(days=rng.randrange(0, 60))
        holidays.append((day_number(a), day_number(a + dt.timedelta(days=rng.randrange(0, 7)))))
    return Calendar(rng.random() < 0.7, day_number(start), day_number(end), rng.randrange(0, 128), tuple(holidays))


def random_periods(rng: random.Random) -> tuple[Period, ...]:
    # Any periods the meter accepts, overlapping and empty ones included: the modes must agree anyway.
    return tuple(Period(rng.randrange(0, 1440), rng.randrange(0, 1440)) for _ in range(rng.randrange(0, 5)))


def random_branch(rng: random.Random) -> BranchPlan:
    return BranchPlan(schedule=rng.random() < 0.7, holiday_off=rng.random() < 0.4, low_power=rng.random() < 0.5,
                      standby=rng.random() < 0.3, workday=random_periods(rng), restday=random_periods(rng))


def test_branch_mode_matches_the_meter_every_7th_minute_of_60_days():
    rng = random.Random(1946)
    first = dt.date(2026, 8, 20)
    compared, seen = 0, set()
    for _ in range(6):
        calendar = random_calendar(rng, first)
        plans = [random_branch(rng) for _ in range(3)]
        for step in range(0, 60 * 1440, 7):
            day = first + dt.timedelta(days=step // 1440)
            minute = step % 1440
            for plan in plans:
                mode = branch_mode(calendar, plan, day, minute)
                assert mode == sim_mode(calendar, plan, day, minute), (calendar, plan, day, minute)
                seen.add((mode, day_kind(calendar, day)))
                compared += 1
    assert compared == 6 * 3 * len(range(0, 60 * 1440, 7))
    # The random cases reach every mode on every kind of day it can occur on.
    assert seen >= {(m, k) for m in (ON, OFF, LOW) for k in DayKind} | {(HOL, DayKind.HOLIDAY)}


def test_day_kind_matches_the_meter_and_counts_only_16_ranges():
    rng = random.Random(11)
    first = dt.date(2027, 2, 20)
    for _ in range(20):
        calendar = random_calendar(rng, first)
        cal = sim.Calendar(calendar.term_enabled, calendar.term_start_day, calendar.term_end_day,
                           calendar.rest_day_mask, calendar.holidays[:16])
        for k in range(60):
            day = first + dt.timedelta(days=k)
            n = day_number(day)
            expected = (DayKind.HOLIDAY if cal.is_holiday(n) else
                        DayKind.RESTDAY if cal.is_rest_day(n) else DayKind.WORKDAY)
            assert day_kind(calendar, day) == expected
    seventeenth = day_number(dt.date(2026, 10, 1))
    ranges = ((seventeenth - 100, seventeenth - 100),) * 16 + ((seventeenth, seventeenth),)
    calendar = Calendar(True, 0, 60000, 0x60, ranges)
    assert day_kind(calendar, dt.date(2026, 10, 1)) == DayKind.WORKDAY   # a Thursday; range 17 not counted


def test_day_kinds_of_a_term_week():
    calendar = term_calendar(dt.date(2026, 9, 1), dt.date(2027, 1, 15), (dt.date(2026, 10, 1), dt.date(2026, 10, 7)))
    assert day_kind(calendar, TUESDAY) == DayKind.WORKDAY
    assert day_kind(calendar, SATURDAY) == DayKind.RESTDAY
    assert day_kind(calendar, dt.date(2026, 10, 5)) == DayKind.HOLIDAY      # a Monday inside National Day
    assert day_kind(calendar, dt.date(2027, 1, 18)) == DayKind.HOLIDAY      # a Monday after the term
    assert day_kind(calendar, dt.date(2026, 8, 31)) == DayKind.HOLIDAY      # the Monday before it
    assert day_kind(NO_TERM, dt.date(2026, 10, 5)) == DayKind.WORKDAY       # term calendar off: no holidays
    sunday_only = Calendar(False, 0, 0, 0x40)
    assert day_kind(sunday_only, SATURDAY) == DayKind.WORKDAY
    assert day_kind(sunday_only, SATURDAY + dt.timedelta(days=1)) == DayKind.RESTDAY


def test_holiday_power_off_without_the_schedule_and_rest_table_on_holidays():
    holiday = dt.date(2026, 10, 5)
    calendar = term_calendar(dt.date(2026, 9, 1), dt.date(2027, 1, 15), (holiday, holiday))
    only_holiday = BranchPlan(holiday_off=True)
    assert {branch_mode(calendar, only_holiday, holiday, m) for m in range(0, 1440, 30)} == {HOL}
    assert branch_mode(calendar, only_holiday, holiday + dt.timedelta(days=1), 0) == ON
    disabled = BranchPlan(schedule=False, workday=(P("00:00", "12:00"),), restday=(P("00:00", "12:00"),))
    assert branch_mode(calendar, disabled, holiday, hm("01:00")) == ON
    # Without holiday power-off a holiday (a Monday here) follows the rest-day table.
    assert branch_mode(calendar, LIGHTS, holiday, hm("00:15")) == ON
    assert branch_mode(calendar, LIGHTS, holiday, hm("00:45")) == OFF
    assert branch_mode(calendar, LIGHTS, holiday, hm("23:30")) == ON
    with pytest.raises(ValueError):
        branch_mode(calendar, LIGHTS, holiday, 1440)


# --- timelines -------------------------------------------------------------------------------------

def assert_covers_the_day(segments: tuple[Segment, ...]) -> None:
    assert segments[0].start == 0 and segments[-1].end == 1440
    for a, b in zip(segments, segments[1:], strict=False):
        assert a.end == b.start and a.start < a.end and a.mode != b.mode


def test_friday_night_period_and_saturday_rest_table():
    friday = day_timeline(NO_TERM, DORM, FRIDAY)
    assert friday[0] == (Segment(0, hm("06:00"), OFF), Segment(hm("06:00"), hm("23:00"), ON),
                         Segment(hm("23:00"), 1440, OFF))
    assert friday[1] == (Segment(0, hm("06:00"), LOW), Segment(hm("06:00"), hm("23:00"), ON),
                         Segment(hm("23:00"), 1440, LOW))
    assert friday[2] == (Segment(0, 1440, ON),)
    saturday = day_timeline(NO_TERM, DORM, SATURDAY)
    # Friday's 23:00–06:00 does not reach into Saturday: Saturday is dark only by its own table.
    assert saturday[0] == (Segment(0, 30, ON), Segment(30, hm("06:00"), OFF), Segment(hm("06:00"), 1440, ON))
    assert saturday[1] == (Segment(0, 30, ON), Segment(30, hm("06:00"), LOW), Segment(hm("06:00"), 1440, ON))


def test_timelines_cover_the_day_merge_and_agree_with_branch_mode():
    rng = random.Random(7)
    first = dt.date(2026, 11, 1)
    for _ in range(15):
        calendar = random_calendar(rng, first)
        plan = PolicyPlan(tuple(random_branch(rng) for _ in range(3)))
        day = first + dt.timedelta(days=rng.randrange(0, 60))
        timeline = day_timeline(calendar, plan, day)
        assert len(timeline) == 3
        for branch, segments in zip(plan.branches, timeline, strict=True):
            assert_covers_the_day(segments)
            for s in segments:
                for minute in range(s.start, s.end):
                    assert branch_mode(calendar, branch, day, minute) == s.mode


def test_adjacent_periods_merge_into_one_segment():
    plan = PolicyPlan((BranchPlan(schedule=True, workday=(P("22:00", "23:00"), P("23:00", "00:00"),
                                                          P("00:00", "01:00"))), BranchPlan(), BranchPlan()))
    assert day_timeline(NO_TERM, plan, TUESDAY)[0] == (Segment(0, 60, OFF), Segment(60, hm("22:00"), ON),
                                                       Segment(hm("22:00"), 1440, OFF))


# --- next change -----------------------------------------------------------------------------------

def test_next_change_at_lights_out():
    at = dt.datetime.combine(TUESDAY, dt.time(22, 59))
    eleven = dt.datetime.combine(TUESDAY, dt.time(23, 0))
    assert next_change(NO_TERM, DORM, at) == Change(eleven, 0, OFF)
    assert next_changes(NO_TERM, DORM, at) == (Change(eleven, 0, OFF), Change(eleven, 1, LOW))
    # Seconds do not matter; at 23:00 itself the change has happened and the next is 06:00 Wednesday.
    assert next_change(NO_TERM, DORM, at.replace(second=59)).at == eleven
    wednesday_six = dt.datetime(2026, 12, 2, 6, 0)
    assert next_changes(NO_TERM, DORM, eleven) == (Change(wednesday_six, 0, ON), Change(wednesday_six, 1, ON))


def test_next_change_friday_night_into_the_weekend():
    friday_night = dt.datetime.combine(FRIDAY, dt.time(23, 30))
    # Friday's table ends at midnight; Saturday begins lit, and goes dark at 00:30 by its own table.
    assert next_changes(NO_TERM, DORM, friday_night) == (Change(dt.datetime(2026, 12, 5, 0, 0), 0, ON),
                                                         Change(dt.datetime(2026, 12, 5, 0, 0), 1, ON))
    assert next_change(NO_TERM, DORM, dt.datetime(2026, 12, 5, 0, 0)) == Change(dt.datetime(2026, 12, 5, 0, 30), 0, OFF)


def test_next_change_across_a_holiday():
    # National Day week 1–7 October 2026 (Thursday to Wednesday); sockets keep holiday power-off.
    calendar = term_calendar(dt.date(2026, 9, 1), dt.date(2027, 1, 15), (dt.date(2026, 10, 1), dt.date(2026, 10, 7)))
    sockets = BranchPlan(schedule=True, holiday_off=True, low_power=True, workday=(P("23:00", "06:00"),))
    plan = PolicyPlan((LIGHTS, sockets, BranchPlan()))
    eve = dt.datetime(2026, 9, 30, 23, 30)
    assert next_changes(calendar, plan, eve) == (Change(dt.datetime(2026, 10, 1, 0, 0), 0, ON),
                                                 Change(dt.datetime(2026, 10, 1, 0, 0), 1, HOL))
    # During the holiday the sockets stay off; only the lights follow the rest-day table.
    assert next_change(calendar, plan, dt.datetime(2026, 10, 3, 12, 0)) == Change(dt.datetime(2026, 10, 4, 0, 30), 0, OFF)
    assert next_changes(calendar, plan, dt.datetime(2026, 10, 7, 6, 0)) == (
        Change(dt.datetime(2026, 10, 8, 0, 0), 0, OFF), Change(dt.datetime(2026, 10, 8, 0, 0), 1, LOW))
    sockets_only = PolicyPlan((BranchPlan(), sockets, BranchPlan()))
    assert next_change(calendar, sockets_only, eve) == Change(dt.datetime(2026, 10, 1, 0, 0), 1, HOL)
    assert next_change(calendar, sockets_only, dt.datetime(2026, 10, 1, 0, 0)) == \
        Change(dt.datetime(2026, 10, 8, 0, 0), 1, LOW)


def test_next_change_none_within_the_horizon():
    assert next_change(NO_TERM, PolicyPlan(), dt.datetime(2026, 12, 1, 12, 0)) is None
    # A long holiday with holiday power-off: nothing changes for three weeks.
    calendar = term_calendar(dt.date(2026, 9, 1), dt.date(2027, 1, 15), (dt.date(2026, 12, 1), dt.date(2026, 12, 21)))
    plan = PolicyPlan((BranchPlan(schedule=True, holiday_off=True, workday=(P("23:00", "06:00"),)),
                       BranchPlan(), BranchPlan()))
    at = dt.datetime(2026, 12, 1, 8, 0)
    assert next_change(calendar, plan, at) is None
    assert next_change(calendar, plan, at, horizon_days=21) == Change(dt.datetime(2026, 12, 22, 0, 0), 0, OFF)
    # The horizon is inclusive to the minute: a change at exactly at + horizon is found.
    assert next_change(calendar, plan, dt.datetime(2026, 12, 14, 0, 0), horizon_days=8) == \
        Change(dt.datetime(2026, 12, 22, 0, 0), 0, OFF)
    assert next_change(calendar, plan, dt.datetime(2026, 12, 14, 0, 1), horizon_days=8) == \
        Change(dt.datetime(2026, 12, 22, 0, 0), 0, OFF)
    assert next_change(calendar, plan, dt.datetime(2026, 12, 13, 23, 59), horizon_days=8) is None


def test_next_change_agrees_with_a_minute_by_minute_walk():
    rng = random.Random(3)
    first = dt.date(2026, 11, 1)
    for _ in range(12):
        calendar = random_calendar(rng, first)
        plan = PolicyPlan(tuple(random_branch(rng) for _ in range(3)))
        at = dt.datetime.combine(first + dt.timedelta(days=rng.randrange(0, 30)), dt.time()) + \
            dt.timedelta(minutes=rng.randrange(0, 1440))

        def modes(t: dt.datetime, plan=plan, calendar=calendar):
            return [branch_mode(calendar, b, t.date(), t.hour * 60 + t.minute) for b in plan.branches]

        now, expected, t = modes(at), (), at
        while t < at + dt.timedelta(days=2):
            t += dt.timedelta(minutes=1)
            later = modes(t)
            if later != now:
                expected = tuple(Change(t, b, m) for b, (m, was) in enumerate(zip(later, now, strict=True))
                                 if m != was)
                break
        assert next_changes(calendar, plan, at, horizon_days=2) == expected


# --- problems --------------------------------------------------------------------------------------

def kinds(problems) -> list[tuple[str, int | None]]:
    return [(p.kind, p.index) for p in problems]


def test_a_good_table_has_no_problems():
    assert table_problems((P("23:00", "06:00"), P("12:00", "13:00"), P("06:00", "07:00"), P("22:00", "23:00"))) == []
    assert table_problems(()) == []
    assert table_problems(tuple(Period(k * 60, k * 60 + 30) for k in range(8))) == []
    check_plan(DORM)
    assert plan_problems(DORM) == []


def test_every_problem_kind_of_a_table():
    nine = tuple(Period(k * 60, k * 60 + 30) for k in range(9))
    (too_many,) = table_problems(nine)
    assert (too_many.kind, too_many.index, too_many.message) == (
        "too_many", None, "At most 8 off periods per table; this one has 9.")
    found = table_problems((P("22:00", "00:00"), Period(1320, 1440), Period(1440, 10), Period(-5, 10),
                            Period(0xFFFF, 0xFFFF), P("07:30", "07:30")))
    assert kinds(found) == [("bad_end", 1), ("bad_start", 2), ("bad_start", 3), ("bad_start", 4), ("bad_end", 4),
                            ("empty", 5)]
    assert found[0].message == "Period 2 ends outside 00:00–23:59; a period until midnight ends at 00:00."
    assert found[1].message == "Period 3 starts outside 00:00–23:59."
    assert found[-1].message == "Period 6 is empty: it starts and ends at 07:30."
    assert all(p.branch is None and p.table is None for p in found)


@pytest.mark.parametrize(("periods", "pairs"), [
    ((P("23:00", "06:00"), P("05:00", "07:00")), [(1, 2)]),          # the morning half of a night period
    ((P("23:00", "06:00"), P("23:30", "23:45")), [(1, 2)]),          # the evening half
    ((P("22:00", "02:00"), P("23:00", "01:00")), [(1, 2)]),          # two night periods
    ((P("12:00", "14:00"), P("08:00", "09:00"), P("13:00", "15:00")), [(1, 3)]),
    ((P("00:00", "23:59"), P("10:00", "11:00"), P("20:00", "21:00")), [(1, 2), (1, 3)]),
    ((P("23:00", "06:00"), P("06:00", "23:00")), []),                # touching is not overlapping
    ((P("22:00", "00:00"), P("00:00", "01:00")), []),
])
def test_overlaps_including_midnight_crossing(periods, pairs):
    found = table_problems(periods)
    assert [p.kind for p in found] == ["overlap"] * len(pairs)
    assert [(p.index + 1) for p in found] == [b for _a, b in pairs]
    for p, (a, b) in zip(found, pairs, strict=True):
        assert p.message == PROBLEMS["overlap"].format(a=a, b=b, first=periods[a - 1].label(),
                                                       second=periods[b - 1].label())


def test_overlap_sentence_names_both_periods():
    (found,) = table_problems((P("23:00", "06:00"), P("05:00", "07:00")))
    assert (found.index, found.message) == (1, "Periods 1 (23:00–06:00) and 2 (05:00–07:00) overlap.")


def test_plan_problems_name_branch_table_and_setting():
    plan = PolicyPlan((
        BranchPlan(),
        BranchPlan(low_power_w=0, low_power_s=601, workday=(P("08:00", "10:00"), P("09:00", "11:00")),
                   restday=(P("07:00", "07:00"),)),
        BranchPlan(standby_ma=1001, standby_s=0),
    ))
    found = plan_problems(plan)
    assert [(p.branch, p.table, p.index, p.kind, p.field) for p in found] == [
        (1, None, None, "low_power_w", "branch1.low_power_w"),
        (1, None, None, "low_power_s", "branch1.low_power_s"),
        (1, "workday", 1, "overlap", "branch1.workday.1"),
        (1, "restday", 0, "empty", "branch1.restday.0"),
        (2, None, None, "standby_ma", "branch2.standby_ma"),
        (2, None, None, "standby_s", "branch2.standby_s"),
    ]
    assert [p.message for p in found if p.table is None] == [
        "The low-power limit must be 1–5000 W.", "The low-power delay must be 1–600 s.",
        "The standby threshold must be 1–1000 mA.", "The standby delay must be 1–600 s."]
    edges = PolicyPlan((BranchPlan(low_power_w=5000, low_power_s=1, standby_ma=1000, standby_s=600),
                        BranchPlan(low_power_w=1, low_power_s=600, standby_ma=1, standby_s=1), BranchPlan()))
    assert plan_problems(edges) == []


def test_check_plan_raises_the_first_problem_on_its_field():
    plan = PolicyPlan((BranchPlan(), BranchPlan(schedule=True, workday=(P("08:00", "10:00"), P("23:00", "23:00"))),
                       BranchPlan()))
    with pytest.raises(FieldInvalid) as caught:
        check_plan(plan)
    assert caught.value.field == "branch1.workday.1"
    assert caught.value.message == "Period 2 is empty: it starts and ends at 23:00."
    too_many = PolicyPlan((BranchPlan(restday=tuple(Period(k * 10, k * 10 + 5) for k in range(9))),
                           BranchPlan(), BranchPlan()))
    with pytest.raises(FieldInvalid) as caught:
        check_plan(too_many)
    assert caught.value.field == "branch0.restday"
    with pytest.raises(FieldInvalid) as caught:
        check_plan(PolicyPlan((BranchPlan(low_power_w=6000), BranchPlan(), BranchPlan())))
    assert (caught.value.field, caught.value.message) == ("branch0.low_power_w", "The low-power limit must be 1–5000 W.")


def test_every_template_is_a_whole_sentence_used_by_some_check():
    assert all(t[0].isupper() and t.endswith(".") for t in PROBLEMS.values())
    produced = {p.kind for p in plan_problems(PolicyPlan((
        BranchPlan(low_power_w=0, low_power_s=0, standby_ma=0, standby_s=0,
                   workday=(Period(1500, 1500), Period(10, 2000), Period(5, 5), P("01:00", "03:00"),
                            P("02:00", "04:00"), *(Period(k * 60 + 600, k * 60 + 630) for k in range(4)))),
        BranchPlan(), BranchPlan())))}
    assert produced == set(PROBLEMS)
