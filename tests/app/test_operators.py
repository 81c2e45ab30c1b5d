from __future__ import annotations

import pytest
from sqlalchemy import select

from app import operators
from app.access import Actor, require
from app.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from db.models import AuditRecord, Operator


def test_first_operator_must_be_admin_then_only_admins_add(store):
    with pytest.raises(InvalidInput, match="first operator"):
        operators.create_operator(store, None, "c", "C", "secret1", "clerk")
    admin = operators.create_operator(store, None, "root", "Root", "secret1", "admin")
    with pytest.raises(AuthenticationFailed):
        operators.create_operator(store, None, "c", "C", "secret1", "clerk")
    clerk = operators.create_operator(store, admin, "c", "C", "secret1", "clerk")
    with pytest.raises(PermissionDenied, match="needs the Administrator role"):
        operators.create_operator(store, clerk, "d", "D", "secret1", "clerk")
    with pytest.raises(InvalidInput, match="already taken"):
        operators.create_operator(store, admin, "c", "C2", "secret1", "clerk")
    with pytest.raises(InvalidInput, match="at least 6"):
        operators.create_operator(store, admin, "e", "E", "123", "clerk")


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
    admin = operators.create_operator(store, None, "root", "Root", "secret1", "admin")
    clerk = operators.create_operator(store, admin, "c", "C", "secret1", "clerk")
    operators.set_role(store, admin, clerk.id, "technician")
    operators.set_active(store, admin, clerk.id, False)
    with pytest.raises(AuthenticationFailed, match="deactivated"):
        operators.authenticate(store, "c", "secret1")
    with pytest.raises(InvalidInput, match="yourself"):
        operators.set_active(store, admin, admin.id, False)
    with store.read() as s:
        rows = s.scalars(select(AuditRecord).where(AuditRecord.entity_id == clerk.id,
                                                   AuditRecord.entity == "operator").order_by(AuditRecord.id)).all()
    assert [r.action for r in rows] == ["operator.create", "operator.role", "operator.deactivate"]
    assert rows[1].before["role"] == "clerk" and rows[1].after["role"] == "technician"
    assert rows[2].operator_id == admin.id and rows[2].after["active"] is False


def test_clerk_cannot_change_roles_or_passwords_of_others(store):
    admin = operators.create_operator(store, None, "root", "Root", "secret1", "admin")
    clerk = operators.create_operator(store, admin, "c", "C", "secret1", "clerk")
    with pytest.raises(PermissionDenied):
        operators.set_role(store, clerk, clerk.id, "admin")
    with pytest.raises(PermissionDenied):
        operators.set_password(store, clerk, admin.id, "hijacked")
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
