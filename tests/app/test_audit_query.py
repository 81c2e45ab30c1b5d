"""The audit viewer's query (issue 10 item 7): who, what, when, room and student filters applied in
the database, newest first, a page at a time; only an administrator may read it."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.errors import FieldInvalid, PermissionDenied
from app.integrity.audit_query import AuditFilter, actions, chain_status, find_records
from tests.factories import make_campus

YESTERDAY = datetime.fromisoformat("2026-11-15T09:00:00+08:00")


@pytest.fixture
def trail(store):
    """Yesterday: the clerk checks a student into B1-101. Today: another into B1-201, a shift and a
    recharge for each room."""
    c = make_campus(store)
    a, b = c.students["202610000"], c.students["202620000"]
    with clock.use(clock.FixedClock(YESTERDAY)):
        occupancy.check_in(store, c.clerk, a, c.rooms["B1-101"], "1")
    occupancy.check_in(store, c.clerk, b, c.rooms["B1-201"], "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="electricity", amount=Money(3000),
                      method="cash", payer_id=a, key="r-a")
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-201"], utility="water", amount=Money(2000),
                      method="cash", payer_id=b, key="r-b")
    return c


def _what(page) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.action, r.rooms) for r in page.rows]


def test_room_filter_finds_the_stay_and_the_money_of_that_room_only(store, trail):
    page = find_records(store, trail.admin, AuditFilter(room="B1-101"))
    assert _what(page) == [("ledger.recharge", ("B1-101",)), ("occupancy.check_in", ("B1-101",))]
    assert all(r.students == ("学生M0 (202610000)",) for r in page.rows)
    assert not page.more


def test_student_filter_by_number_or_name(store, trail):
    by_number = find_records(store, trail.admin, AuditFilter(student="202620000"))
    assert _what(by_number) == [("ledger.recharge", ("B1-201",)), ("occupancy.check_in", ("B1-201",))]
    by_name = find_records(store, trail.admin, AuditFilter(student="学生F0"))
    assert [r.id for r in by_name.rows] == [r.id for r in by_number.rows]
    assert find_records(store, trail.admin, AuditFilter(student="nobody")).rows == ()


def test_operator_action_and_date_filters(store, trail):
    clerk = find_records(store, trail.admin, AuditFilter(operator_id=trail.clerk.id))
    assert [r.action for r in clerk.rows] == ["ledger.recharge", "ledger.recharge", "shift.open",
                                              "occupancy.check_in", "occupancy.check_in"]
    assert {r.operator for r in clerk.rows} == {"王芳"}
    admin = find_records(store, trail.admin, AuditFilter(operator_id=trail.admin.id))
    assert [r.action for r in admin.rows] == ["operator.create"] * 3
    assert [r.action for r in find_records(store, trail.admin, AuditFilter(action="occupancy.check_in")).rows] == \
        ["occupancy.check_in", "occupancy.check_in"]
    family = find_records(store, trail.admin, AuditFilter(action="ledger."))
    assert [r.action for r in family.rows] == ["ledger.recharge", "ledger.recharge"]
    yesterday = YESTERDAY.date()
    only_yesterday = find_records(store, trail.admin, AuditFilter(day_from=yesterday, day_to=yesterday))
    assert _what(only_yesterday) == [("occupancy.check_in", ("B1-101",))]
    today = find_records(store, trail.admin, AuditFilter(day_from=clock.today(), operator_id=trail.clerk.id))
    assert len(today.rows) == 4
    tomorrow = clock.today() + timedelta(days=1)
    assert find_records(store, trail.admin, AuditFilter(day_from=tomorrow)).rows == ()
    assert "occupancy.check_in" in actions(store, trail.admin)


def test_newest_first_a_page_at_a_time(store, trail):
    everything = find_records(store, trail.admin)
    ids = [r.id for r in everything.rows]
    assert ids == sorted(ids, reverse=True) and not everything.more
    first = find_records(store, trail.admin, AuditFilter(limit=3))
    assert [r.id for r in first.rows] == ids[:3] and first.more
    second = find_records(store, trail.admin, AuditFilter(limit=3, before_id=first.rows[-1].id))
    assert [r.id for r in second.rows] == ids[3:6]
    recharge = next(r for r in everything.rows if r.action == "ledger.recharge")
    assert "3000" in recharge.summary or "2000" in recharge.summary


def test_a_date_range_backwards_is_refused_on_its_field(store, trail):
    with pytest.raises(FieldInvalid) as refused:
        find_records(store, trail.admin, AuditFilter(day_from=clock.today(), day_to=clock.today() - timedelta(days=1)))
    assert refused.value.field == "day_to"


def test_a_clerk_may_not_read_the_trail(store, trail):
    with pytest.raises(PermissionDenied):
        find_records(store, trail.clerk)
    with pytest.raises(PermissionDenied):
        chain_status(store, trail.clerk)


def test_chain_status_intact_then_the_first_broken_link(store, trail, tmp_path, monkeypatch):
    from app.integrity import anchors
    from tests.app.test_integrity import triggers_off

    monkeypatch.setenv(anchors.ENV_FILE, str(tmp_path / "trail.anchors"))
    shifts.close_shift(store, trail.clerk, Money(15000))        # anchors the chain
    ok = chain_status(store, trail.admin)
    assert ok.ok and ok.links > 10 and ok.anchors == 1 and ok.anchored_at is not None and ok.problem == ""
    with triggers_off(store, "audit_records") as conn:
        conn.execute(text("UPDATE audit_records SET action = 'shift.open' WHERE action = 'ledger.recharge'"))
    broken = chain_status(store, trail.admin)
    assert not broken.ok and "audit_records" in broken.problem and "edited" in broken.problem
