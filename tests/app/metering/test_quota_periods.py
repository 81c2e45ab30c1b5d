from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.errors import InvalidInput
from app.metering.quota_periods import (
    Expiry,
    Period,
    QuotaRule,
    Term,
    check_terms,
    expire,
    format_quota,
    grant_for,
    next_period,
    occupancy_day,
    period_by_key,
    period_for,
)

TERMS = [("2026-T1", date(2026, 9, 1), date(2027, 1, 17)),
         ("2026-T2", date(2027, 2, 22), date(2027, 7, 4))]


def test_month_boundaries_and_leap_years():
    assert period_for(date(2026, 11, 1), "month") == Period("month", "2026-11", date(2026, 11, 1), date(2026, 11, 30))
    assert period_for(date(2026, 11, 30), "month").key == "2026-11"
    assert period_for(date(2026, 12, 1), "month").key == "2026-12"
    assert period_for(date(2028, 2, 29), "month").end == date(2028, 2, 29)
    assert period_for(date(2027, 2, 14), "month").end == date(2027, 2, 28)
    assert period_for(date(2100, 2, 1), "month").end == date(2100, 2, 28)    # not a leap year
    assert period_for(date(2000, 2, 1), "month").days == 29
    assert next_period(period_for(date(2026, 12, 5), "month")).key == "2027-01"


def test_a_moment_is_placed_on_its_campus_day():
    # 16:30 UTC on 31 October is already 00:30 on 1 November in Shanghai.
    assert period_for(datetime(2026, 10, 31, 16, 30, tzinfo=UTC), "month").key == "2026-11"
    assert period_for(datetime(2026, 10, 31, 15, 59, tzinfo=UTC), "month").key == "2026-10"
    with pytest.raises(InvalidInput, match="time zone"):
        period_for(datetime(2026, 10, 31, 16, 30), "month")


def test_term_boundaries_and_holidays():
    assert period_for(date(2026, 9, 1), "term", TERMS).key == "2026-T1"
    assert period_for(date(2027, 1, 17), "term", TERMS).key == "2026-T1"
    assert period_for(date(2027, 1, 18), "term", TERMS) is None          # winter holiday
    assert period_for(date(2027, 2, 22), "term", TERMS).key == "2026-T2"
    assert period_for(date(2027, 7, 5), "term", TERMS) is None
    t1 = period_by_key("2026-T1", TERMS)
    assert (t1.start, t1.end, t1.days) == (date(2026, 9, 1), date(2027, 1, 17), 139)
    assert t1.expires_at == datetime(2027, 1, 17, 16, 0, tzinfo=UTC)       # midnight in Shanghai
    assert next_period(t1, TERMS).key == "2026-T2"
    assert next_period(period_by_key("2026-T2", TERMS), TERMS) is None
    assert period_by_key("2028-02").days == 29


def test_bad_calendars_and_keys_are_refused():
    with pytest.raises(InvalidInput, match="overlap"):
        check_terms(TERMS + [("2027-T1", date(2027, 7, 1), date(2027, 12, 31))])
    with pytest.raises(InvalidInput, match="twice"):
        check_terms(TERMS + [TERMS[0]])
    with pytest.raises(InvalidInput, match="before it starts"):
        check_terms([Term("2026-T1", date(2026, 9, 1), date(2026, 8, 1))])
    with pytest.raises(InvalidInput, match="not a term key"):
        check_terms([("autumn", date(2026, 9, 1), date(2027, 1, 17))])
    with pytest.raises(InvalidInput, match="not a month"):
        period_by_key("2026-13")
    with pytest.raises(InvalidInput, match="neither"):
        period_by_key("2027-T1", TERMS)
    with pytest.raises(InvalidInput, match="not a quota period"):
        period_for(date(2026, 9, 1), "week")


def test_grant_per_room_and_per_student():
    nov = period_for(date(2026, 11, 1), "month")
    room = QuotaRule("electricity", "room", "month", 3000)
    per_head = QuotaRule("water", "student", "month", 1500)
    assert grant_for(room, nov, occupants=3).total == 3000
    g = grant_for(per_head, nov, occupants=3)
    assert (g.period_key, g.base, g.carried_in, g.total) == ("2026-11", 4500, 0, 4500)
    assert grant_for(per_head, nov, occupants=0).total == 0
    with pytest.raises(InvalidInput, match="grants per month"):
        grant_for(per_head, period_by_key("2026-T1", TERMS), occupants=1)


def test_occupants_are_counted_on_the_first_day_or_when_granted_later():
    nov = period_for(date(2026, 11, 1), "month")
    assert occupancy_day(nov, date(2026, 10, 31)) == date(2026, 11, 1)
    assert occupancy_day(nov, date(2026, 11, 1)) == date(2026, 11, 1)
    assert occupancy_day(nov, date(2026, 11, 9)) == date(2026, 11, 9)
    assert occupancy_day(nov, date(2026, 12, 3)) == date(2026, 11, 30)


def test_without_carry_over_unused_quota_is_cleared():
    rule = QuotaRule("electricity", "student", "month", 1000)
    assert expire(rule, 1234) == Expiry(1234, 0, 1234)
    with pytest.raises(InvalidInput, match="does not carry"):
        grant_for(rule, period_for(date(2026, 12, 1), "month"), 2, carried_in=10)


def test_carry_over_adds_the_rest_to_the_next_grant_up_to_the_cap():
    rule = QuotaRule("electricity", "student", "month", 1000, carry_over=True, carry_cap=1500)
    nov = period_for(date(2026, 11, 15), "month")
    granted = grant_for(rule, nov, occupants=2)                     # 20.00 kWh
    left = granted.total - 350                                      # 3.50 kWh used
    e = expire(rule, left)
    assert (e.left, e.carried, e.cleared) == (1650, 1500, 150)
    dec = grant_for(rule, next_period(nov), occupants=1, carried_in=e.carried)
    assert (dec.period_key, dec.base, dec.carried_in, dec.total) == ("2026-12", 1000, 1500, 2500)

    uncapped = QuotaRule("water", "room", "term", 5000, carry_over=True)
    assert expire(uncapped, 4999).carried == 4999
    assert expire(uncapped, 0).carried == 0


def test_rules_are_checked():
    with pytest.raises(InvalidInput, match="utility"):
        QuotaRule("gas", "room", "month", 1)
    with pytest.raises(InvalidInput, match="scope"):
        QuotaRule("water", "floor", "month", 1)
    with pytest.raises(InvalidInput, match="whole number"):
        QuotaRule("water", "room", "month", 1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="whole number"):
        QuotaRule("water", "room", "month", 10, carry_over=True, carry_cap=-1)


def test_amounts_are_shown_in_their_units():
    assert format_quota("electricity", 1250) == "12.50 kWh"
    assert format_quota("electricity", 123456) == "1,234.56 kWh"
    assert format_quota("water", 1500) == "1,500 L"
