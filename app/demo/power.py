"""The demo campus's power policies, as an office would set them before term: the term, the official
holiday tables, an undergraduate lights-off policy for the campus, a graduate floor without lights-off
and an exam-week extension, so the administration page and the meters have something real to show."""
from __future__ import annotations

from datetime import date, timedelta

from app.access import Actor
from app.policies import calendar_admin, policies
from app.policies.model import BranchPlan, Period, PolicyPlan
from db.engine import Store

WORKDAY_OFF = (Period(23 * 60, 6 * 60),)            # 23:00–06:00
RESTDAY_OFF = (Period(30, 6 * 60),)                  # 00:30–06:00
UNDERGRADUATE = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=WORKDAY_OFF, restday=RESTDAY_OFF),
    BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=WORKDAY_OFF,
               restday=RESTDAY_OFF),
    BranchPlan(standby=True, standby_ma=80, standby_s=120),
))
EXAM_WEEK = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=(Period(30, 6 * 60),), restday=(Period(60, 6 * 60),)),
    *UNDERGRADUATE.branches[1:],
))


def seed(store: Store, admin: Actor, term_start: date, *, buildings: list[int], floors: int) -> None:
    """Term, holidays, the two policies and their assignments (idempotent only on an empty store)."""
    calendar_admin.add_term(store, admin, "Demo term", term_start, term_start + timedelta(days=140))
    for path in calendar_admin.shipped_tables():
        calendar_admin.import_holidays(store, admin, path.read_bytes(), path.name)
    lights_off = policies.save_policy(store, admin, "本科生熄灯 Undergraduate lights-off", UNDERGRADUATE)
    exam = policies.save_policy(store, admin, "考试周 Exam week", EXAM_WEEK)
    policies.assign(store, admin, "campus", policy_id=lights_off, reason="Campus rule")
    if len(buildings) > 1:
        policies.assign(store, admin, "floor", building_id=buildings[1], floor=floors, policy_id=None,
                        reason="Graduate floor: no lights-off")
    exam_start = term_start + timedelta(days=126)
    policies.assign(store, admin, "building", building_id=buildings[0], policy_id=exam,
                    first_day=exam_start, last_day=exam_start + timedelta(days=13), reason="Exam weeks")
