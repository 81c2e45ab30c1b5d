"""Usage alarms: a vacant room (or any room on a holiday) using power, and a day far above the room's median."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import InvalidInput, PermissionDenied
from app.metering import alarms, usage_alarms
from app.metering.runtime.duties import Duties
from db.models import Alarm, AuditRecord
from db.models_power import Holiday, Term
from tests.app.test_forecast import add_readings, campus_time, daily, live_in, priced_campus

DAY = date(2026, 11, 15)


@pytest.fixture
def campus(store):
    return priced_campus(store)


def history(store, room_id: int, per_day: int, last_day_use: int) -> None:
    """Readings from Oct 31 to Nov 14 at `per_day`, then `last_day_use` on the 15th."""
    points = daily(date(2026, 10, 31), date(2026, 11, 14), per_day)
    add_readings(store, room_id, points + [(campus_time(DAY), points[-1][1] + last_day_use)])


def raised(store, kind: str | None = None) -> list[Alarm]:
    with store.read() as s:
        q = select(Alarm).order_by(Alarm.id)
        return list(s.scalars(q.where(Alarm.kind == kind) if kind else q))


def test_a_vacant_room_using_power_raises_one_alarm_however_often_it_is_checked(store, campus):
    empty, lived = campus.rooms["B1-102"], campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    history(store, empty, 0, 120)          # 1.20 kWh on the 15th in an empty room
    history(store, lived, 100, 120)        # the same in a lived-in room: nothing
    result = usage_alarms.check_usage(store, DAY)
    assert (result.rooms, result.vacant, result.jumps, result.holiday) == (4, 1, 0, None)
    [a] = raised(store)
    assert (a.kind, a.room_id, a.open_key) == ("vacant_use", empty, f"vacant_use-{empty}-2026-11-15")
    assert a.details == {"day": "2026-11-15", "use_cwh": 120, "threshold_cwh": 50, "occupied": False,
                         "holiday": None}
    assert "B1-102 used 1.20 kWh on 2026-11-15 with nobody living in it" in a.message
    assert usage_alarms.check_usage(store, DAY).vacant == 0
    alarms.acknowledge(store, campus.clerk, a.id, "Cleaner left the heater on")
    assert usage_alarms.check_usage(store, DAY).vacant == 0          # acknowledged: still not raised again
    assert len(raised(store)) == 1
    with store.read() as s:
        assert s.scalar(select(AuditRecord.after).where(AuditRecord.action == "alarms.usage_check")) == {
            "day": "2026-11-15", "vacant_use": 1, "use_jump": 0}


def test_below_the_threshold_and_a_check_out_that_day_raise_nothing(store, campus):
    quiet, left = campus.rooms["B1-102"], campus.rooms["B1-101"]
    history(store, quiet, 0, 50)           # exactly the threshold: not more than it
    history(store, left, 100, 300)
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    from app.campus import occupancy
    occupancy.check_out(store, campus.clerk, campus.students["202610000"], at=campus_time(DAY, 9))
    assert usage_alarms.check_usage(store, DAY).vacant == 0             # someone lived there that morning
    assert usage_alarms.check_usage(store, DAY + timedelta(days=1)).vacant == 0   # no figure for the 16th
    add_readings(store, left, [(campus_time(DAY + timedelta(days=1)), 100_000 + 1400 + 300 + 80)])
    r = usage_alarms.check_usage(store, DAY + timedelta(days=1))
    assert (r.vacant, raised(store)[0].room_id, raised(store)[0].details["use_cwh"]) == (1, left, 80)


def test_a_jump_over_three_times_the_median(store, campus):
    jump, double, tiny = campus.rooms["B1-101"], campus.rooms["B1-102"], campus.rooms["B1-201"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    live_in(store, campus, "B1-102", campus_time(date(2026, 10, 1)), "202610001")
    live_in(store, campus, "B1-201", campus_time(date(2026, 10, 1)), "202620000")
    history(store, jump, 200, 601)         # 3.005 × its 2.00 kWh median
    history(store, double, 200, 400)       # twice: nothing
    history(store, tiny, 10, 40)           # 0.1 → 0.4 kWh: four times, but under the 1 kWh floor
    r = usage_alarms.check_usage(store, DAY)
    assert (r.vacant, r.jumps) == (0, 1)
    [a] = raised(store)
    assert (a.kind, a.room_id, a.level) == ("use_jump", jump, 1)
    assert a.details == {"day": "2026-11-15", "use_cwh": 601, "median_cwh": 200.0, "factor": "3",
                         "floor_cwh": 100, "days": 14}
    assert "B1-101 used 6.01 kWh on 2026-11-15, more than 3 times its usual 2.00 kWh" in a.message
    assert usage_alarms.check_usage(store, DAY).jumps == 0
    usage_alarms.set_thresholds(store, campus.admin, usage_alarms.Thresholds(50, Decimal("1.5"), 100))
    assert usage_alarms.check_usage(store, DAY).jumps == 1              # the doubled room, at 1.5×
    assert sorted(a.room_id for a in raised(store, "use_jump")) == sorted([jump, double])


def test_thresholds_need_the_permission_and_sense(store, campus):
    with pytest.raises(PermissionDenied):
        usage_alarms.set_thresholds(store, campus.clerk, usage_alarms.Thresholds(10))
    with pytest.raises(InvalidInput):
        usage_alarms.set_thresholds(store, campus.admin, usage_alarms.Thresholds(10, Decimal("0.5")))
    with store.read() as s:
        assert usage_alarms.thresholds(s) == usage_alarms.Thresholds()


def test_on_a_holiday_a_lived_in_room_counts_as_vacant(store, campus):
    rid = campus.rooms["B1-101"]
    live_in(store, campus, "B1-101", campus_time(date(2026, 10, 1)))
    history(store, rid, 100, 100)
    assert usage_alarms.check_usage(store, DAY).vacant == 0
    with store.write() as s:
        s.add(Holiday(name="校庆", first_day=date(2026, 11, 14), last_day=DAY, kind="off"))
    r = usage_alarms.check_usage(store, DAY)
    assert (r.vacant, r.holiday) == (1, "校庆")
    [a] = raised(store)
    assert a.details["occupied"] is True and "a holiday (校庆)" in a.message
    with store.write() as s:         # a term that ends before the day: the day after is vacation
        s.add(Term(name="2026秋", first_day=date(2026, 9, 1), last_day=DAY))
        s.add(Holiday(name="调休", first_day=DAY + timedelta(days=1), last_day=DAY + timedelta(days=1), kind="work"))
    with store.read() as s:
        assert usage_alarms.holiday_on(s, DAY + timedelta(days=2)) == "vacation"
        assert usage_alarms.holiday_on(s, DAY + timedelta(days=1)) is None     # a swapped working day
        assert usage_alarms.holiday_on(s, date(2026, 11, 2)) is None


def test_the_daily_duty_checks_yesterday_once(store, campus):
    history(store, campus.rooms["B1-102"], 0, 300)
    duties = Duties(store, meters=_NoMeters(), buses={}, now=lambda: campus_time(DAY + timedelta(days=1), 0, 5))
    duties.run()
    duties.run()
    assert [a.kind for a in raised(store)] == ["vacant_use"]


class _NoMeters:
    def all(self, kind):
        return []
