"""Terms, holidays and rest days in the store: permissions, audit, events, imports that replace."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app import audit, events
from app.errors import FieldInvalid, NotFound, PermissionDenied
from app.policies import calendar_admin as cal
from drivers.bus_clock import day_date
from tests.factories import make_campus

HOLIDAYS = Path(__file__).resolve().parents[3] / "resources" / "holidays"


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=1, students_per_gender=1)


def published(store) -> list:
    seen: list = []
    events.hub(store).subscribe(seen.append, "policies_changed")
    return seen


def test_rest_days_default_to_the_weekend_and_change_audited(store, campus):
    seen = published(store)
    assert cal.rest_mask(store) == 0x60
    cal.set_rest_mask(store, campus.admin, 0x40)          # Sunday only
    assert cal.rest_mask(store) == 0x40
    assert cal.calendar_plan(store, date(2026, 11, 16)).calendar.rest_day_mask == 0x40
    with store.read() as s:
        rec = audit.history(s, action="settings.calendar.rest_day_mask")[0]
        assert (rec.before, rec.after) == ({"value": 0x60}, {"value": 0x40})
    assert len(seen) == 1
    with pytest.raises(FieldInvalid) as e:
        cal.set_rest_mask(store, campus.admin, 0x80)
    assert e.value.field == "rest_mask"
    assert cal.rest_mask(store) == 0x40


def test_terms_are_added_listed_and_removed(store, campus):
    seen = published(store)
    autumn = cal.add_term(store, campus.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 22))
    cal.add_term(store, campus.admin, "2027 spring", date(2027, 2, 22), date(2027, 7, 2))
    assert [t.name for t in cal.terms(store)] == ["2026 autumn", "2027 spring"]
    plan = cal.calendar_plan(store, date(2026, 11, 16))
    assert plan.term.name == "2026 autumn"
    assert day_date(plan.calendar.term_end_day) == date(2027, 1, 22)
    with pytest.raises(FieldInvalid) as e:
        cal.add_term(store, campus.admin, "2026 autumn", date(2027, 9, 6), date(2028, 1, 21))
    assert e.value.field == "name"
    with pytest.raises(FieldInvalid) as e:
        cal.add_term(store, campus.admin, "backwards", date(2027, 9, 6), date(2027, 9, 5))
    assert e.value.field == "last_day"
    cal.remove_term(store, campus.admin, autumn)
    assert [t.name for t in cal.terms(store)] == ["2027 spring"]
    assert cal.calendar_plan(store, date(2026, 11, 16)).term.name == "2027 spring"
    with pytest.raises(NotFound):
        cal.remove_term(store, campus.admin, autumn)
    with store.read() as s:
        assert [r.action for r in audit.history(s, entity="term")] == \
            ["calendar.term.remove", "calendar.term.add", "calendar.term.add"]
    assert len(seen) == 3


def test_campus_holidays_reach_the_meter_block(store, campus):
    cal.add_term(store, campus.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 22))
    sports = cal.add_holiday(store, campus.admin, "校运会", date(2026, 11, 19), date(2026, 11, 20))
    cal.add_holiday(store, campus.admin, "补课", date(2026, 11, 21), date(2026, 11, 21), kind="work")
    plan = cal.calendar_plan(store, date(2026, 11, 20))
    assert plan.sent == ((date(2026, 11, 19), date(2026, 11, 20), "校运会"),)
    assert plan.swapped == (date(2026, 11, 21),)
    assert plan.calendar.rest_day_mask == 0x60 & ~(1 << 5)      # Saturday the 21st is a working day
    with pytest.raises(FieldInvalid) as e:
        cal.add_holiday(store, campus.admin, "半天", date(2026, 12, 1), date(2026, 12, 1), kind="half")
    assert e.value.field == "kind"
    cal.remove_holiday(store, campus.admin, sports)
    assert [h.name for h in cal.holidays(store)] == ["补课"]


def test_importing_a_file_again_replaces_its_rows_only(store, campus):
    seen = published(store)
    cal.add_holiday(store, campus.admin, "校庆", date(2026, 5, 20), date(2026, 5, 20))
    data = (HOLIDAYS / "cn-2026.json").read_bytes()
    first = cal.import_holidays(store, campus.admin, data, "cn-2026.json")
    assert first == cal.ImportResult("cn-2026", 13, 0)
    doc = json.loads(data)
    doc["holidays"] = [h for h in doc["holidays"] if h["name"] == "国庆节"]      # a corrected table
    again = cal.import_holidays(store, campus.admin, json.dumps(doc).encode(), "cn-2026-fixed.json")
    assert again == cal.ImportResult("cn-2026", 3, 13)
    rows = cal.holidays(store)
    assert sorted((h.source, h.name, h.kind) for h in rows) == [
        ("campus", "校庆", "off"), ("cn-2026", "国庆节", "off"), ("cn-2026", "国庆节", "work"),
        ("cn-2026", "国庆节", "work")]
    with store.read() as s:
        rec = audit.history(s, action="calendar.holiday.import")[0]
        assert rec.before["rows"] == 13 and rec.after["rows"] == 3
    assert len(seen) == 3


def test_the_shipped_tables_import(store, campus):
    assert [p.name for p in cal.shipped_tables()] == ["cn-2026.json", "cn-2027.json"]
    for path in cal.shipped_tables():
        cal.import_holidays(store, campus.admin, path.read_bytes(), path.name)
    rows = cal.holidays(store)
    assert {h.source for h in rows} == {"cn-2026", "cn-2027"}
    assert any(h.name == "国庆节" and h.first_day == date(2026, 10, 1) and h.kind == "off" for h in rows)


def test_a_bad_file_stores_nothing(store, campus):
    cal.import_holidays(store, campus.admin, (HOLIDAYS / "cn-2026.json").read_bytes(), "cn-2026.json")
    bad = b'{"source": "cn-2026", "holidays": [{"name": "A", "first_day": "2026-10-01", "last_day": "oops"}]}'
    with pytest.raises(FieldInvalid, match="Entry 1"):
        cal.import_holidays(store, campus.admin, bad, "cn-2026.json")
    with pytest.raises(FieldInvalid, match="campus"):
        cal.import_holidays(store, campus.admin, b"name,first_day,last_day,kind\nA,2026-10-01,2026-10-01,off\n",
                            "campus.csv")
    assert len(cal.holidays(store)) == 13


def test_a_clerk_may_change_nothing(store, campus):
    term = cal.add_term(store, campus.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 22))
    day = cal.add_holiday(store, campus.admin, "校运会", date(2026, 11, 19), date(2026, 11, 20))
    clerk = campus.clerk
    for attempt in (lambda: cal.set_rest_mask(store, clerk, 0x40),
                    lambda: cal.add_term(store, clerk, "x", date(2027, 9, 6), date(2028, 1, 21)),
                    lambda: cal.remove_term(store, clerk, term),
                    lambda: cal.add_holiday(store, clerk, "x", date(2026, 12, 1), date(2026, 12, 1)),
                    lambda: cal.remove_holiday(store, clerk, day),
                    lambda: cal.import_holidays(store, clerk, (HOLIDAYS / "cn-2026.json").read_bytes(),
                                                "cn-2026.json")):
        with pytest.raises(PermissionDenied):
            attempt()
    assert cal.rest_mask(store) == 0x60
    assert [t.name for t in cal.terms(store)] == ["2026 autumn"]
    assert [h.name for h in cal.holidays(store)] == ["校运会"]
