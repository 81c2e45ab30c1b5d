from __future__ import annotations

import pytest
from sqlalchemy import select

from app import operators
from app.access import Actor, require
from app.campus import occupancy
from app.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from db.models import AuditRecord, Operator
from tests.factories import make_campus


def test_first_operator_must_be_admin_then_only_admins_add(store):
    with pytest.raises(InvalidInput, match="first operator"):
        operators.create_operator(store, None, "c", "C", "secret12", "clerk")
    admin = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    with pytest.raises(AuthenticationFailed):
        operators.create_operator(store, None, "c", "C", "secret12", "clerk")
    clerk = operators.create_operator(store, admin, "c", "C", "secret12", "clerk")
    with pytest.raises(PermissionDenied, match="needs the Administrator role"):
        operators.create_operator(store, clerk, "d", "D", "secret12", "clerk")
    with pytest.raises(InvalidInput, match="already taken"):
        operators.create_operator(store, admin, "c", "C2", "secret12", "clerk")
    with pytest.raises(InvalidInput, match="at least 8"):
        operators.create_operator(store, admin, "e", "E", "1234567", "clerk")


def test_passwords_are_hashed_and_checked(store):
    operators.create_operator(store, None, "root", "Root", "correct horse", "admin")
    with store.read() as s:
        h = s.scalar(select(Operator.password_hash))
    assert h.startswith("$argon2") and "correct horse" not in h
    actor = operators.authenticate(store, "root", "correct horse")
    assert actor.role == "admin"
    for login, pw in (("root", "wrong"), ("nobody", "correct horse")):
        with pytest.raises(AuthenticationFailed, match="Wrong login name or password"):
            operators.authenticate(store, login, pw)


def test_deactivated_operator_cannot_log_in_and_changes_are_audited(store):
    admin = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    clerk = operators.create_operator(store, admin, "c", "C", "secret12", "clerk")
    operators.set_role(store, admin, clerk.id, "technician")
    operators.set_active(store, admin, clerk.id, False)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        operators.authenticate(store, "c", "secret12")
    with pytest.raises(InvalidInput, match="yourself"):
        operators.set_active(store, admin, admin.id, False)
    with store.read() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.entity_id == clerk.id,
                                                   AuditRecord.entity == "operator").order_by(AuditRecord.id)).all()
    assert [r.action for r in rows] == ["operator.create", "operator.role", "operator.deactivate"]
    assert rows[1].before["role"] == "clerk" and rows[1].after["role"] == "technician"
    assert rows[2].operator_id == admin.id and rows[2].after["active"] is False


def test_clerk_cannot_change_roles_or_passwords_of_others(store):
    admin = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    clerk = operators.create_operator(store, admin, "c", "C", "secret12", "clerk")
    with pytest.raises(PermissionDenied):
        operators.set_role(store, clerk, clerk.id, "admin")
    with pytest.raises(PermissionDenied):
        operators.set_password(store, clerk, admin.id, "hijacked!")
    operators.set_password(store, clerk, clerk.id, "new-secret")
    assert operators.authenticate(store, "c", "new-secret").id == clerk.id


def test_permission_matrix():
    clerk = Actor(1, "c", "clerk")
    admin = Actor(2, "a", "admin")
    tech = Actor(3, "t", "technician")
    for perm in ("tariff.change", "operator.manage", "quota.change"):
        with pytest.raises(PermissionDenied):
            require(clerk, perm)
        require(admin, perm)
    require(tech, "meter.configure")
    with pytest.raises(PermissionDenied):
        require(clerk, "meter.configure")
    with pytest.raises(PermissionDenied):
        require(tech, "money.recharge")


# ----- rights follow the store, not the session ----------------------------------------------------

def test_a_deactivated_clerks_open_session_is_refused_at_the_next_action(store):
    campus = make_campus(store)
    room = campus.rooms["B1-101"]
    session = operators.authenticate(store, "clerk", "clerk-pass")
    occupancy.check_in(store, session, campus.students["202610000"], room, "1")
    operators.set_active(store, campus.admin, session.id, False)
    with pytest.raises(PermissionDenied, match="deactivated"):
        occupancy.check_in(store, session, campus.students["202610001"], room, "2")
    assert [st.student_id for st in occupancy.occupants(store, room)] == [campus.students["202610000"]]
    operators.set_active(store, campus.admin, session.id, True)
    occupancy.check_in(store, session, campus.students["202610001"], room, "2")
    assert len(occupancy.occupants(store, room)) == 2


def test_a_demoted_administrators_open_session_loses_the_rights_at_once(store):
    root = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    operators.create_operator(store, root, "boss", "Boss", "boss-pass", "admin")
    boss = operators.authenticate(store, "boss", "boss-pass")
    operators.create_operator(store, boss, "c1", "C1", "secret12", "clerk")
    operators.set_role(store, root, boss.id, "clerk")
    with pytest.raises(PermissionDenied, match="needs the Administrator role"):
        operators.create_operator(store, boss, "c2", "C2", "secret12", "clerk")
    with pytest.raises(PermissionDenied):
        operators.set_role(store, boss, boss.id, "admin")
    assert [o.login for o in operators.list_operators(store)] == ["boss", "c1", "root"]
    with store.read() as s:
        assert s.get(Operator, boss.id).role == "clerk"


def test_the_last_active_administrator_cannot_be_demoted_or_deactivated(store):
    root = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    second = operators.create_operator(store, root, "second", "Second", "secret12", "admin")
    second_session = operators.authenticate(store, "second", "secret12")
    operators.set_active(store, root, second.id, False)         # root is now the only active administrator
    with pytest.raises(InvalidInput, match="last active administrator"):
        operators.set_role(store, root, root.id, "clerk")
    with pytest.raises(PermissionDenied, match="deactivated"):  # the deactivated one's open session
        operators.set_active(store, second_session, root.id, False)
    with store.read() as s:
        assert (s.get(Operator, root.id).role, s.get(Operator, root.id).active) == ("admin", True)
    operators.set_active(store, root, second.id, True)
    operators.set_role(store, root, root.id, "clerk")            # another administrator remains
    with pytest.raises(InvalidInput, match="last active administrator"):
        operators.set_role(store, second_session, second.id, "technician")
    with pytest.raises(InvalidInput, match="yourself"):
        operators.set_active(store, second_session, second.id, False)
    with store.read() as s:
        admins = s.scalars(select(Operator.login).where(Operator.role == "admin", Operator.active)).all()
    assert admins == ["second"]


@pytest.mark.parametrize("password, says", [
    ("", "cannot be blank"),
    ("        ", "cannot be blank"),
    ("1234567", "at least 8 characters"),
])
def test_passwords_need_eight_characters_and_cannot_be_blank(store, password, says):
    root = operators.create_operator(store, None, "root", "Root", "secret12", "admin")
    with pytest.raises(InvalidInput, match=says):
        operators.create_operator(store, root, "c", "C", password, "clerk")
    with pytest.raises(InvalidInput, match=says):
        operators.set_password(store, root, root.id, password)
    assert [o.login for o in operators.list_operators(store)] == ["root"]
    assert operators.authenticate(store, "root", "secret12").id == root.id
