from __future__ import annotations

import pytest
from sqlalchemy import select

from app.errors import InvalidInput
from app.metering import alarms
from db.models import Alarm, AuditRecord
from tests.factories import make_campus


def test_alarm_is_raised_once_per_open_condition_and_acknowledged_with_a_note(store):
    campus = make_campus(store)
    room = campus.rooms["B1-101"]
    with store.write() as s:
        first = alarms.raise_alarm(s, "meter_offline", level=2, room_id=room, message="offline", open_key="off-1")
        again = alarms.raise_alarm(s, "meter_offline", level=2, room_id=room, message="offline", open_key="off-1")
    assert first is not None and again is None
    [open_one] = alarms.open_alarms(store, room)
    with pytest.raises(InvalidInput, match="Say what was done"):
        alarms.acknowledge(store, campus.clerk, open_one.id, "  ")
    done = alarms.acknowledge(store, campus.clerk, open_one.id, "Replaced the RS-485 cable")
    assert done.acknowledged_at is not None and done.note == "Replaced the RS-485 cable"
    assert alarms.open_alarms(store, room) == []
    with pytest.raises(InvalidInput, match="already acknowledged"):
        alarms.acknowledge(store, campus.clerk, open_one.id, "again")
    with store.write() as s:   # the condition coming back is a new alarm
        assert alarms.raise_alarm(s, "meter_offline", room_id=room, message="offline", open_key="off-1") is not None
    with store.read() as s:
        assert s.scalar(select(AuditRecord.operator_id).where(AuditRecord.action == "alarm.acknowledge")) \
            == campus.clerk.id
        assert len(s.scalars(select(Alarm)).all()) == 2
