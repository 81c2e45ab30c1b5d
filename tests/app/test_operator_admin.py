"""Operators administration (issue 10, item 3): passwords reset and changed, field errors, who is
logged in where."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from app import clock, operators
from app.errors import AuthenticationFailed, FieldInvalid, PermissionDenied
from db.models import AuditRecord, Operator
from db.models_ops import OperatorSession
from tests.factories import make_campus

AT = datetime.fromisoformat("2026-11-16T10:00:00+08:00")


def _count(store, model) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_reset_password_then_the_new_one_logs_in_and_the_old_one_not(store):
    c = make_campus(store, students_per_gender=0)
    operators.reset_password(store, c.admin, c.clerk.id, "counter-2026")
    assert operators.authenticate(store, "clerk", "counter-2026").id == c.clerk.id
    with pytest.raises(AuthenticationFailed, match="Wrong login name or password"):
        operators.authenticate(store, "clerk", "clerk-pass")
    with store.read() as s:
        rec = s.scalars(select(AuditRecord).where(AuditRecord.action == "operator.password")).one()
    assert (rec.operator_id, rec.entity_id) == (c.admin.id, c.clerk.id)


def test_reset_password_refuses_a_clerk_a_short_password_and_oneself(store):
    c = make_campus(store, students_per_gender=0)
    with pytest.raises(PermissionDenied):
        operators.reset_password(store, c.clerk, c.tech.id, "hijacked-1")
    with pytest.raises(FieldInvalid, match="at least 8") as err:
        operators.reset_password(store, c.admin, c.clerk.id, "short")
    assert err.value.field == "password"
    with pytest.raises(FieldInvalid, match="current one") as err:
        operators.reset_password(store, c.admin, c.admin.id, "whatever-1")
    for login, password in (("tech", "tech-pass"), ("clerk", "clerk-pass"), ("admin", "admin-pass")):
        operators.authenticate(store, login, password)           # nothing changed


def test_changing_ones_own_password_needs_the_current_one(store):
    c = make_campus(store, students_per_gender=0)
    clerk = operators.authenticate(store, "clerk", "clerk-pass")
    with pytest.raises(FieldInvalid, match="current password is wrong") as err:
        operators.change_own_password(store, clerk, "not-my-pass", "brand-new-1")
    assert err.value.field == "current"
    with pytest.raises(FieldInvalid, match="at least 8") as err:
        operators.change_own_password(store, clerk, "clerk-pass", "short")
    assert err.value.field == "new"
    with pytest.raises(FieldInvalid, match="choose another") as err:
        operators.change_own_password(store, clerk, "clerk-pass", "clerk-pass")
    assert err.value.field == "new"
    operators.authenticate(store, "clerk", "clerk-pass")       # still the old one after the refusals
    operators.change_own_password(store, clerk, "clerk-pass", "brand-new-1")
    assert operators.authenticate(store, "clerk", "brand-new-1").id == c.clerk.id
    with pytest.raises(AuthenticationFailed):
        operators.authenticate(store, "clerk", "clerk-pass")


def test_input_errors_name_their_field_and_write_nothing(store):
    c = make_campus(store, students_per_gender=0)
    before = _count(store, Operator)
    for kwargs, field in (({"login": "clerk"}, "login"), ({"login": " "}, "login"), ({"password": "1234"}, "password"),
                          ({"role": "boss"}, "role")):
        args = {"login": "new", "display_name": "New", "password": "long-enough", "role": "clerk", **kwargs}
        with pytest.raises(FieldInvalid) as err:
            operators.create_operator(store, c.admin, **args)
        assert err.value.field == field, kwargs
    with pytest.raises(FieldInvalid, match="last active administrator") as err:
        operators.set_role(store, c.admin, c.admin.id, "clerk")
    assert err.value.field == "role"
    assert _count(store, Operator) == before
    assert [r.role for r in operators.operator_rows(store, c.admin) if r.login == "admin"] == ["admin"]


def test_operator_list_shows_last_login_and_is_for_administrators(store):
    c = make_campus(store, students_per_gender=0)
    with clock.use(clock.FixedClock(AT)):
        operators.authenticate(store, "tech", "tech-pass")
    rows = {r.login: r for r in operators.operator_rows(store, c.admin)}
    assert list(rows) == ["admin", "clerk", "tech"]
    assert rows["tech"].last_login == AT and rows["clerk"].last_login is None
    assert (rows["clerk"].role, rows["clerk"].active) == ("clerk", True)
    with pytest.raises(PermissionDenied):
        operators.operator_rows(store, c.clerk)


def test_sessions_show_who_is_logged_in_where_until_logout_or_three_quiet_minutes(store):
    c = make_campus(store, students_per_gender=0)
    with clock.use(clock.FixedClock(AT)) as fixed:
        clerk_at_desk = operators.start_session(store, c.clerk, "desk-1", "window@desk-1:100.ab12")
        tech_in_lab = operators.start_session(store, c.tech, "lab-pc", "window@lab-pc:200.cd34")
        assert [(s.login, s.workstation) for s in operators.sessions(store)] == [("clerk", "desk-1"),
                                                                                ("tech", "lab-pc")]
        rows = {r.login: r for r in operators.operator_rows(store, c.admin)}
        assert rows["clerk"].logged_in_at == ("desk-1",) and rows["admin"].logged_in_at == ()

        fixed.advance(minutes=2)
        operators.touch_session(store, clerk_at_desk)            # the clerk's window still beats
        fixed.advance(minutes=1, seconds=30)                    # the technician's went quiet 3.5 minutes ago
        assert [s.login for s in operators.sessions(store)] == ["clerk"]

        operators.end_session(store, clerk_at_desk)              # logout
        assert operators.sessions(store) == []
        operators.touch_session(store, clerk_at_desk)            # a late heartbeat does not log back in
        operators.end_session(store, clerk_at_desk)
        assert operators.sessions(store) == []
        operators.touch_session(store, tech_in_lab)              # a window back from sleep is there again
        assert [s.workstation for s in operators.sessions(store)] == ["lab-pc"]
    with store.read() as s:
        ended = s.get(OperatorSession, clerk_at_desk).ended_at
    assert ended == AT + timedelta(minutes=3, seconds=30)
