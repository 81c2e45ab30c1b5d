"""room_detail: what the room panel shows, gathered from a store with stays, money, readings and events."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from app.campus import occupancy
from app.campus.room_view import DAYS, HISTORY_LIMIT, room_detail
from app.clock import day_start
from app.counter import payments, shifts
from app.counter.money import Money
from app.errors import UnknownRoom
from app.metering import alarms
from db.models import ElectricityMeter, ElectricityReading, MeterEvent, Purchase
from tests.factories import make_campus

TODAY = date(2026, 10, 20)


def _reading(meter_id: int, at: datetime, cwh: int) -> ElectricityReading:
    return ElectricityReading(meter_id=meter_id, taken_at=at, incoming_cwh=cwh, branch0_cwh=0, branch1_cwh=0,
                              branch2_cwh=cwh, balance_fen=0, free_cwh=0, purchase_count=0, status=0)


@pytest.fixture
def room(store):
    campus = make_campus(store, beds=4)
    room = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, room, bed_label="1")
    occupancy.check_in(store, campus.clerk, b, room, bed_label="3")
    shifts.open_shift(store, campus.clerk, Money.parse("200"))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                     method="cash", payer_id=a, key="e1")
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("20"),
                     method="cash", payer_id=b, key="w1")
    return campus, room


def test_header_beds_balances_and_pending_purchase(store, room):
    campus, room_id = room
    d = room_detail(store, room_id, today=TODAY)
    assert (d.code, d.building_name, d.gender, d.floor) == ("B1-101", "一号楼", "M", 1)
    assert [b.label for b in d.beds] == ["1", "2", "3", "4"]
    assert [(b.label, b.student_name) for b in d.occupants] == [("1", "学生M0"), ("3", "学生M1")]
    assert d.beds[1].student_id is None and d.beds[1].student_name == ""
    assert (d.electricity_fen, d.water_fen) == (5000, 2000)
    [p] = d.purchases
    assert (p.kind, p.amount, p.status, p.amount_text) == ("Money", 5000, "pending", "¥50.00")
    assert d.meter_serial == "E000001"
    with store.write() as s:
        s.get(Purchase, p.id).reason = "No answer from the meter"
    [p] = room_detail(store, room_id, today=TODAY).purchases
    assert p.reason == "No answer from the meter"


def test_ledger_history_of_both_accounts_newest_first_and_capped(store, room):
    campus, room_id = room
    d = room_detail(store, room_id, today=TODAY)
    assert [(h.utility, h.kind, h.amount_fen, h.balance_after_fen) for h in d.ledger] == [
        ("water", "recharge", 2000, 2000), ("electricity", "recharge", 5000, 5000)]
    assert d.ledger[0].student == "学生M1 (202610001)" and d.ledger[0].operator == "王芳"
    acc = payments.account_for(store, room_id, "electricity")
    from app.counter.ledger import Ledger

    ledger = Ledger(store)
    for i in range(HISTORY_LIMIT + 5):
        ledger.consumption(campus.admin, acc, Money(1), key=f"c{i}")
    d = room_detail(store, room_id, today=TODAY)
    elec = [h for h in d.ledger if h.utility == "electricity"]
    assert len(elec) == HISTORY_LIMIT and all(h.kind == "consumption" for h in elec)
    assert elec[0].balance_after_fen == 5000 - HISTORY_LIMIT - 5
    assert [h.utility for h in d.ledger].count("water") == 1


def test_daily_consumption_from_register_deltas(store, room):
    _campus, room_id = room
    with store.read() as s:
        meter_id = s.query(ElectricityMeter.id).filter_by(room_id=room_id).scalar()
    # Readings every 6 h over the last 3 days; 1.50 kWh per 6 h on the day before yesterday, etc.
    start = day_start(TODAY - timedelta(days=2))
    register = 100_000
    with store.write() as s:
        s.add(_reading(meter_id, start - timedelta(hours=1), register))     # the evening before the window
        for k, per_step in enumerate([150] * 4 + [300] * 4 + [25] * 2):
            register += per_step
            s.add(_reading(meter_id, start + timedelta(hours=6 * k, minutes=5), register))
    d = room_detail(store, room_id, today=TODAY)
    assert len(d.daily) == DAYS and d.daily[-1].day == TODAY and d.daily[0].day == TODAY - timedelta(days=DAYS - 1)
    # The first reading of a day belongs to the 6 h before it: the step at 00:05 counts for that day.
    assert [u.cwh for u in d.daily[-3:]] == [600, 1200, 50]
    assert d.daily[-2].kwh == 12.0
    assert all(u.cwh == 0 for u in d.daily[:-3])


def test_daily_consumption_sums_a_replaced_meter_and_starts_at_the_first_reading(store, room):
    _campus, room_id = room
    with store.write() as s:
        old = s.query(ElectricityMeter).filter_by(room_id=room_id).one()
        old.replaced_on = TODAY - timedelta(days=1)
        new = ElectricityMeter(bus_id=old.bus_id, address=99, serial_no="E999999", room_id=room_id,
                               installed_on=TODAY - timedelta(days=1))
        s.add(new)
        s.flush()
        y = day_start(TODAY - timedelta(days=1))
        s.add_all([_reading(old.id, y + timedelta(hours=1), 5_000), _reading(old.id, y + timedelta(hours=9), 5_400),
                   _reading(new.id, y + timedelta(hours=10), 0), _reading(new.id, y + timedelta(hours=20), 250),
                   _reading(new.id, y + timedelta(hours=30), 400)])
    d = room_detail(store, room_id, today=TODAY)
    assert [u.cwh for u in d.daily[-2:]] == [400 + 250, 150]
    assert d.meter_serial == "E999999"


def test_events_with_readable_names_and_open_alarms(store, room):
    campus, room_id = room
    with store.read() as s:
        meter_id = s.query(ElectricityMeter.id).filter_by(room_id=room_id).scalar()
    with store.write() as s:
        for seq, (type_, branch) in enumerate([(1, 2), (3, 1), (14, None)]):
            s.add(MeterEvent(meter_id=meter_id, seq=seq, type=type_, branch=branch, meter_time=1000 + seq,
                             payload={}))
        alarms.raise_alarm(s, "malignant_load", level=3, room_id=room_id, meter_id=meter_id,
                           message="An illegal appliance was detected on branch sockets; the branch is off.")
    d = room_detail(store, room_id, today=TODAY)
    assert [(e.name, e.branch) for e in d.events] == [
        ("Trips reset", ""), ("Illegal appliance trip", "Sockets"), ("Switched on", "Air conditioning")]
    assert d.events[0].meter_serial == "E000001"
    [a] = d.alarms
    assert a.kind == "malignant_load" and "illegal appliance" in a.message
    alarms.acknowledge(store, campus.clerk, a.id, "Kettle confiscated")
    assert room_detail(store, room_id, today=TODAY).alarms == ()


def test_empty_room_and_unknown_room(store):
    campus = make_campus(store)
    d = room_detail(store, campus.rooms["B1-201"], today=TODAY)
    assert d.gender == "F" and d.occupants == () and len(d.beds) == 4
    assert (d.electricity_fen, d.water_fen) == (None, None)
    assert d.ledger == () and d.purchases == () and d.events == ()
    assert sum(u.cwh for u in d.daily) == 0
    with pytest.raises(UnknownRoom):
        room_detail(store, 999_999, today=TODAY)
