"""An acknowledged alarm stays acknowledged while its condition lasts; the condition clearing and
coming back is a new alarm (issue 9 item 11)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.metering import alarms
from app.metering.billing import ElectricReading
from app.metering.billing_electricity import bill_electricity
from db.models import Alarm, ElectricityMeter
from drivers.ddsy_records import MeterStatus
from tests.factories import make_campus

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


def _reading(meter_id: int, minute: int, status: int, balance_fen: int = -500) -> ElectricReading:
    return ElectricReading(meter_id, T0 + timedelta(minutes=minute), 10_000 + minute, (0, 0, 0), balance_fen, 0, 0,
                           status)


def _arrears_room(store):
    campus = make_campus(store)
    rid = campus.rooms["B1-101"]
    with store.read() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == rid))
    return campus, rid, meter_id


def _kinds_open(store, rid) -> list[str]:
    return [a.kind for a in alarms.open_alarms(store, rid)]


def test_an_acknowledged_arrears_alarm_is_not_raised_again_while_the_room_stays_in_arrears(store):
    campus, rid, meter_id = _arrears_room(store)
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, 0, int(MeterStatus.ARREARS)))
    [alarm] = alarms.open_alarms(store, rid)
    assert alarm.kind == "arrears"
    alarms.acknowledge(store, campus.clerk, alarm.id, "Called the students")
    for minute in (1, 2, 15, 30):       # the meter keeps reporting arrears on every reading
        with store.write() as s:
            bill_electricity(s, _reading(meter_id, minute, int(MeterStatus.ARREARS)))
    assert _kinds_open(store, rid) == []
    with store.read() as s:
        assert len(s.scalars(select(Alarm).where(Alarm.kind == "arrears")).all()) == 1


def test_arrears_that_end_and_come_back_is_a_new_alarm(store):
    campus, rid, meter_id = _arrears_room(store)
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, 0, int(MeterStatus.ARREARS)))
    [alarm] = alarms.open_alarms(store, rid)
    alarms.acknowledge(store, campus.clerk, alarm.id, "Called the students")
    with store.write() as s:            # recharged: the condition is gone
        bill_electricity(s, _reading(meter_id, 15, 0, balance_fen=5000))
    assert _kinds_open(store, rid) == []
    with store.write() as s:            # and back a week later
        bill_electricity(s, _reading(meter_id, 60, int(MeterStatus.ARREARS)))
    assert _kinds_open(store, rid) == ["arrears"]


def test_a_low_balance_alarm_acknowledged_stays_acknowledged_until_the_balance_gets_worse(store):
    campus, rid, meter_id = _arrears_room(store)
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, 0, int(MeterStatus.ALARM1), balance_fen=900))
    [low] = alarms.open_alarms(store, rid)
    assert low.kind == "low_balance_1"
    alarms.acknowledge(store, campus.clerk, low.id, "Told them at the desk")
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, 15, int(MeterStatus.ALARM1), balance_fen=800))
    assert _kinds_open(store, rid) == []
    with store.write() as s:            # a worse condition is a new one
        bill_electricity(s, _reading(meter_id, 30, int(MeterStatus.ALARM1 | MeterStatus.ALARM2), balance_fen=100))
    assert _kinds_open(store, rid) == ["low_balance_2"]


def test_an_acknowledged_offline_alarm_still_makes_room_for_the_next_outage(store):
    """Offline is raised when the meter stops answering (a transition), so acknowledging releases it."""
    campus, rid, _meter = _arrears_room(store)
    with store.write() as s:
        first = alarms.raise_alarm(s, "meter_offline", level=2, room_id=rid, message="offline", open_key="offline-1")
    alarms.acknowledge(store, campus.clerk, first.id, "Cable replaced")
    with store.write() as s:
        assert alarms.raise_alarm(s, "meter_offline", level=2, room_id=rid, message="offline",
                                  open_key="offline-1") is not None
