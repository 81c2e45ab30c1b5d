"""The calendar block a meter holds (spec §8) from terms, holidays and 调休, and holiday files."""
from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.errors import FieldInvalid
from app.policies.calendar import (
    ALL_YEAR,
    HolidayEntry,
    TermSpan,
    meter_calendar,
    parse_holiday_file,
)
from drivers.bus_clock import day_date, day_number
from drivers.sim.ddsy_schedule import Calendar as SimCalendar

HOLIDAYS = Path(__file__).resolve().parents[3] / "resources" / "holidays"
AUTUMN = TermSpan("2026 autumn", date(2026, 9, 7), date(2027, 1, 22))
SPRING = TermSpan("2027 spring", date(2027, 2, 22), date(2027, 7, 2))
SAT, SUN = 1 << 5, 1 << 6


def off(name: str, a: date, b: date | None = None) -> HolidayEntry:
    return HolidayEntry(name, a, b or a, "off")


def sim(block) -> SimCalendar:
    return SimCalendar(block.term_enabled, block.term_start_day, block.term_end_day, block.rest_day_mask,
                       block.holidays)


# --- term selection --------------------------------------------------------------------------------

def test_the_term_in_force_is_sent():
    plan = meter_calendar([SPRING, AUTUMN], [], 0x60, date(2026, 11, 16))
    assert plan.term == AUTUMN
    assert plan.calendar.term_enabled
    assert (day_date(plan.calendar.term_start_day), day_date(plan.calendar.term_end_day)) == \
        (date(2026, 9, 7), date(2027, 1, 22))
    assert plan.notes == ()


def test_between_terms_the_next_term_is_sent_and_today_is_a_holiday():
    today = date(2027, 2, 1)
    plan = meter_calendar([AUTUMN, SPRING], [], 0x60, today)
    assert plan.term == SPRING
    assert sim(plan.calendar).is_holiday(day_number(today))          # winter vacation
    assert not sim(plan.calendar).is_holiday(day_number(date(2027, 2, 22)))
    assert any("2027-02-22" in n for n in plan.notes)


def test_without_a_term_a_synthetic_year_keeps_official_holidays():
    today = date(2027, 8, 1)                       # after every term
    plan = meter_calendar([AUTUMN, SPRING], [off("国庆节", date(2027, 10, 1), date(2027, 10, 7))], 0x60, today)
    assert plan.term == TermSpan(ALL_YEAR, today, today + timedelta(days=365))
    assert plan.calendar.term_enabled
    meter = sim(plan.calendar)
    assert not meter.is_holiday(day_number(today))
    assert meter.is_holiday(day_number(date(2027, 10, 3)))
    assert plan.sent == ((date(2027, 10, 1), date(2027, 10, 7), "国庆节"),)
    assert any("all year" in n for n in plan.notes)


# --- holiday ranges --------------------------------------------------------------------------------

def test_eighteen_ranges_send_sixteen_and_the_rest_as_earlier_ones_pass():
    weekly = [off(f"day {k + 1}", AUTUMN.first_day + timedelta(days=2 + 7 * k)) for k in range(18)]
    first, seventeenth, eighteenth = weekly[0].first_day, weekly[16].first_day, weekly[17].first_day
    plan = meter_calendar([AUTUMN], weekly, 0x60, AUTUMN.first_day)
    assert len(plan.sent) == len(plan.calendar.holidays) == 16
    assert [name for *_, name in plan.dropped] == ["day 17", "day 18"]
    assert any("sent once earlier ones have passed" in n for n in plan.notes)
    assert not sim(plan.calendar).is_holiday(day_number(seventeenth))   # the meter does not know it yet

    plan = meter_calendar([AUTUMN], weekly, 0x60, first + timedelta(days=1))     # day 1 is over
    assert [name for *_, name in plan.sent][-1] == "day 17"
    assert [name for *_, name in plan.dropped] == ["day 18"]
    assert sim(plan.calendar).is_holiday(day_number(seventeenth))

    plan = meter_calendar([AUTUMN], weekly, 0x60, weekly[1].first_day + timedelta(days=1))
    assert [name for *_, name in plan.sent] == [f"day {k}" for k in range(3, 19)]
    assert plan.dropped == ()
    assert sim(plan.calendar).is_holiday(day_number(eighteenth))
    assert not any("sent once" in n for n in plan.notes)


def test_ranges_are_clipped_merged_and_past_ones_left_out():
    entries = [
        off("暑假尾", date(2026, 8, 20), date(2026, 9, 8)),          # starts before the term: clipped
        off("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
        off("校庆", date(2026, 9, 27), date(2026, 9, 28)),            # overlaps 中秋节
        off("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
        off("运动会", date(2026, 10, 8), date(2026, 10, 9)),          # adjacent to 国庆节
        off("元旦", date(2027, 1, 1), date(2027, 1, 3)),
        off("寒假", date(2027, 1, 20), date(2027, 2, 28)),            # ends after the term: clipped
        off("明年", date(2027, 5, 1), date(2027, 5, 5)),              # outside the term
        HolidayEntry("国庆节", date(2026, 10, 10), date(2026, 10, 10), "work"),
    ]
    plan = meter_calendar([AUTUMN], entries, 0x60, date(2026, 9, 1))
    assert plan.sent == (
        (date(2026, 9, 7), date(2026, 9, 8), "暑假尾"),
        (date(2026, 9, 25), date(2026, 9, 28), "中秋节 / 校庆"),
        (date(2026, 10, 1), date(2026, 10, 9), "国庆节 / 运动会"),
        (date(2027, 1, 1), date(2027, 1, 3), "元旦"),
        (date(2027, 1, 20), date(2027, 1, 22), "寒假"),
    )
    later = meter_calendar([AUTUMN], entries, 0x60, date(2026, 10, 9))
    assert [r[2] for r in later.sent] == ["国庆节 / 运动会", "元旦", "寒假"]      # the last day still counts


# --- swapped working days (调休) ---------------------------------------------------------------------

def test_a_swapped_saturday_clears_saturday_from_the_day_before_to_the_day_itself():
    entries = [off("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
               HolidayEntry("国庆节", date(2026, 10, 10), date(2026, 10, 10), "work")]
    masks = {d: meter_calendar([AUTUMN], entries, 0x60, date(2026, 10, d)).calendar.rest_day_mask
             for d in (8, 9, 10, 11)}
    assert masks == {8: 0x60, 9: 0x60 & ~SAT, 10: 0x60 & ~SAT, 11: 0x60}    # Thu, Fri, Sat, Sun
    saturday = day_number(date(2026, 10, 10))
    on_saturday = meter_calendar([AUTUMN], entries, 0x60, date(2026, 10, 10))
    assert not sim(on_saturday.calendar).is_rest_day(saturday)            # the meter uses workday tables
    assert sim(on_saturday.calendar).is_rest_day(day_number(date(2026, 10, 11)))   # Sunday still rests
    assert on_saturday.swapped == (date(2026, 10, 10),)
    assert meter_calendar([AUTUMN], entries, 0x60, date(2026, 10, 11)).swapped == ()


def test_a_swapped_day_outside_the_term_or_inside_a_holiday_changes_nothing():
    entries = [off("假期", date(2026, 11, 20), date(2026, 11, 22)),
               HolidayEntry("补班", date(2026, 11, 21), date(2026, 11, 21), "work"),      # inside a holiday
               HolidayEntry("补班", date(2027, 1, 23), date(2027, 1, 23), "work")]        # after the term
    for today in (date(2026, 11, 20), date(2026, 11, 21), date(2027, 1, 22)):
        plan = meter_calendar([AUTUMN], entries, 0x60, today)
        assert plan.calendar.rest_day_mask == 0x60
        assert plan.swapped == ()
    assert any("inside a holiday" in n for n in meter_calendar([AUTUMN], entries, 0x60, date(2026, 11, 20)).notes)


def test_the_meter_agrees_with_the_office_on_every_day_of_the_term():
    entries = [e for year in (2026, 2027) for e in
               parse_holiday_file((HOLIDAYS / f"cn-{year}.json").read_bytes(), f"cn-{year}.json").entries]
    entries.append(off("校运会", date(2026, 11, 12), date(2026, 11, 13)))
    offs = [e for e in entries if e.kind == "off"]
    works = {e.first_day for e in entries if e.kind == "work"}
    day, checked = AUTUMN.first_day, 0
    while day <= AUTUMN.last_day:
        meter = sim(meter_calendar([AUTUMN], entries, 0x60, day).calendar)
        holiday = any(e.first_day <= day <= e.last_day for e in offs)
        rest = not holiday and day.weekday() >= 5 and day not in works
        assert meter.is_holiday(day_number(day)) == holiday, day
        assert meter.is_rest_day(day_number(day)) == rest, day
        day += timedelta(days=1)
        checked += 1
    assert checked == 138
    assert date(2026, 9, 20) in works and date(2026, 10, 10) in works   # two swapped days in this term


# --- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("terms,holidays,mask,field", [
    ([TermSpan("backwards", date(2026, 9, 7), date(2026, 9, 6))], [], 0x60, "last_day"),
    ([TermSpan(" ", date(2026, 9, 7), date(2026, 9, 8))], [], 0x60, "name"),
    ([AUTUMN], [off("backwards", date(2026, 10, 7), date(2026, 10, 1))], 0x60, "last_day"),
    ([AUTUMN], [HolidayEntry("odd", date(2026, 10, 1), date(2026, 10, 1), "half")], 0x60, "kind"),
    ([AUTUMN], [], 0x80, "rest_mask"),
    ([AUTUMN], [], -1, "rest_mask"),
])
def test_bad_input_is_refused_naming_the_field(terms, holidays, mask, field):
    with pytest.raises(FieldInvalid) as e:
        meter_calendar(terms, holidays, mask, date(2026, 11, 16))
    assert e.value.field == field


# --- holiday files -------------------------------------------------------------------------------------

def test_the_shipped_tables_parse():
    t26 = parse_holiday_file((HOLIDAYS / "cn-2026.json").read_bytes(), "cn-2026.json")
    assert t26.source == "cn-2026"
    assert HolidayEntry("国庆节", date(2026, 10, 1), date(2026, 10, 7), "off") in t26.entries
    assert any(e.kind == "work" for e in t26.entries)
    t27 = parse_holiday_file((HOLIDAYS / "cn-2027.json").read_bytes(), "cn-2027.json")
    assert t27.source == "cn-2027"
    assert any(e.name == "国庆节" and e.first_day == date(2027, 10, 1) for e in t27.entries)


CSV = "name,first_day,last_day,kind\n国庆节,2026-10-01,2026-10-07,off\n国庆节,2026-10-10,2026-10-10,work\n"


@pytest.mark.parametrize("data", [CSV.encode("utf-8"), CSV.encode("utf-8-sig"), CSV.encode("gbk")])
def test_csv_in_utf8_bom_or_gbk(data):
    table = parse_holiday_file(data, "campus-2026.csv")
    assert table.source == "campus-2026"
    assert table.entries == (HolidayEntry("国庆节", date(2026, 10, 1), date(2026, 10, 7), "off"),
                             HolidayEntry("国庆节", date(2026, 10, 10), date(2026, 10, 10), "work"))


def test_json_with_its_own_source():
    doc = {"source": "school-2026", "holidays": [{"name": "校庆", "first_day": "2026-05-20",
                                                  "last_day": "2026-05-20"}]}
    table = parse_holiday_file(json.dumps(doc).encode(), "whatever.json")
    assert table == parse_holiday_file(json.dumps(doc).encode(), "no-extension")
    assert table.source == "school-2026" and table.entries[0].kind == "off"


@pytest.mark.parametrize("data,filename,words", [
    (b'{"source": "x", "holidays": [', "x.json", "not valid JSON"),
    (b'{"source": "x"}', "x.json", "holidays"),
    (b"name,first_day,kind\nA,2026-10-01,off\n", "x.csv", "Line 1: the header lacks the column(s) last_day"),
    (b"name,first_day,last_day,kind\nA,2026-10-01,2026-10-02,off\nB,2026-13-01,2026-13-02,off\n", "x.csv",
     "Line 3: “2026-13-01” is not a date"),
    (b"name,first_day,last_day,kind\nA,2026-10-07,2026-10-01,off\n", "x.csv", "Line 2: “A” ends before it starts"),
    (b'{"holidays": [{"name": "A", "first_day": "2026-10-01", "last_day": "2026-10-01"},'
     b' {"name": "B", "first_day": "2026-10-01", "last_day": "2026-10-01", "kind": "x"}]}', "x.json",
     "Entry 2: the kind “x”"),
    (b"", "x.csv", "empty"),
    (b"name,first_day,last_day,kind\n", "x.csv", "no holidays"),
    (b"just some text", "notes.txt", "neither JSON nor CSV"),
    (b"name,first_day,last_day,kind\n" + b"A,2026-10-01,2026-10-01,off\n" * 40_000, "big.csv", "1 MB"),
])
def test_a_bad_file_is_refused_naming_the_place(data, filename, words):
    with pytest.raises(FieldInvalid, match=re.escape(words)) as e:
        parse_holiday_file(data, filename)
    assert e.value.field == "file"
