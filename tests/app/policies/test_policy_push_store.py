"""The push as the window sees it: who may ask, what a push marks, progress per line derived from the
meters' state rows, a cancel, and the campus view of rooms out of sync."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock, events
from app.errors import InvalidInput, PermissionDenied
from app.policies import push
from db.models import AuditRecord, Building, ElectricityMeter
from db.models import Bus as BusRow
from db.models_power import MeterPolicyState, PolicyPush
from tests.factories import make_campus


def _check(store, meter_ids, state: str, reason: str = "") -> None:
    """What a runtime records after it checked these meters."""
    with store.write() as s:
        for mid in meter_ids:
            row = s.get(MeterPolicyState, mid) or MeterPolicyState(meter_id=mid)
            row.state, row.reason, row.checked_at = state, reason, clock.now() + timedelta(seconds=1)
            s.add(row)


def _meters(store) -> list[int]:
    with store.read() as s:
        return list(s.scalars(select(ElectricityMeter.id).order_by(ElectricityMeter.id)))


def test_a_clerk_may_not_push_a_technician_may_and_it_is_audited(store) -> None:
    campus = make_campus(store)
    with pytest.raises(PermissionDenied):
        push.request_push(store, campus.clerk)
    seen = []
    unsubscribe = events.hub(store).subscribe(seen.append, "policies_changed")
    try:
        pid = push.request_push(store, campus.tech)
    finally:
        unsubscribe()
    assert [e.extra.get("push") for e in seen] == [pid]
    with store.read() as s:
        assert s.get(PolicyPush, pid).status == "running"
        assert [r.state for r in s.scalars(select(MeterPolicyState))] == ["pending"] * 4
        rec = s.scalar(select(AuditRecord).where(AuditRecord.action == "policy.push"))
        assert rec.after["meters"] == 4 and rec.operator_id == campus.tech.id


def test_progress_per_line_comes_from_the_meters_rows_and_the_push_ends_done(store) -> None:
    campus = make_campus(store)
    ids = _meters(store)
    pid = push.request_push(store, campus.tech)
    with store.read() as s:
        [line] = push.push_status(s, pid).lines
        assert (line.bus_name, line.total, line.done, line.failed) == ("bus-1", 4, 0, 0)
    _check(store, ids[:3], "sync")
    _check(store, ids[3:], "failed", "The meter refused the calendar (exception 03).")
    with store.read() as s:
        st = push.push_status(s, pid)
        assert st.status == "done" and (st.lines[0].done, st.lines[0].failed) == (3, 1)
    assert push.finish_if_complete(store, pid)
    with store.read() as s:
        assert s.get(PolicyPush, pid).status == "done"
        out = push.sync_rows(s, out_of_sync_only=True)
        assert [(r.meter_id, r.state, r.room_label, r.building_code) for r in out] == [
            (ids[3], "failed", "B1-202", "B1")]
        assert push.line_counts(s) == [(out[0].bus_id, "bus-1", 3, 0, 1)]
        assert push.room_sync(s, campus.rooms["B1-101"]).state == "sync"


def test_a_building_push_covers_only_that_building(store) -> None:
    campus = make_campus(store)
    with store.write() as s:
        other = Building(code="B2", name="二号楼")
        s.add(other)
        s.flush()
        b1 = s.scalar(select(Building.id).where(Building.code == "B1"))
        other_id = other.id
    pid = push.request_push(store, campus.tech, building_id=other_id)
    with store.read() as s:
        assert push.push_status(s, pid).lines == ()               # no meters there: done at once
        assert push.push_status(s, pid).status == "done"
        assert s.scalars(select(MeterPolicyState)).all() == []
    pid = push.request_push(store, campus.tech, building_id=b1)
    with store.read() as s:
        assert push.push_status(s, pid).lines[0].total == 4


def test_a_cancel_leaves_the_meters_not_reached_pending_and_cannot_be_repeated(store) -> None:
    campus = make_campus(store)
    ids = _meters(store)
    pid = push.request_push(store, campus.tech)
    _check(store, ids[:1], "sync")
    push.cancel_push(store, campus.tech, pid)
    with store.read() as s:
        rows = {r.meter_id: (r.state, r.reason) for r in s.scalars(select(MeterPolicyState))}
        assert rows[ids[0]] == ("sync", "")
        assert {rows[m] for m in ids[1:]} == {("pending", push.CANCELLED_REASON)}
        assert push.push_status(s, pid).status == "cancelled"
    with pytest.raises(InvalidInput):
        push.cancel_push(store, campus.tech, pid)
    assert not push.finish_if_complete(store, pid)


def test_meters_on_a_disabled_line_are_not_waited_for(store) -> None:
    campus = make_campus(store)
    with store.write() as s:
        s.execute(BusRow.__table__.update().values(enabled=False))
    pid = push.request_push(store, campus.tech)
    with store.read() as s:
        assert push.push_status(s, pid).status == "done"
