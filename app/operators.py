"""Operators: accounts of the people at the counter, hashed passwords, roles."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select

from app import audit
from app.access import Actor, require
from app.errors import AuthenticationFailed, InvalidInput, UnknownOperator
from db.engine import Store
from db.models import ROLES, Operator

_hasher = PasswordHasher()
MIN_PASSWORD = 6


def hash_password(password: str) -> str:
    _check_password(password)
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")


def _actor(op: Operator) -> Actor:
    return Actor(id=op.id, login=op.login, role=op.role, display_name=op.display_name)


def _snapshot(op: Operator) -> dict:
    return {"login": op.login, "display_name": op.display_name, "role": op.role, "active": op.active}


def has_operators(store: Store) -> bool:
    with store.read() as s:
        return bool(s.scalar(select(func.count(Operator.id))))


def create_operator(store: Store, actor: Actor | None, login: str, display_name: str, password: str,
                    role: str) -> Actor:
    """Create an operator. `actor` must be an administrator, except for the very first
    operator of an empty store, which must be an administrator itself (the set-up wizard)."""
    login = login.strip()
    if not login:
        raise InvalidInput("A login name is required.")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role “{role}”: choose clerk, technician or admin.")
    pw_hash = hash_password(password)
    with store.write() as s:
        first = not s.scalar(select(func.count(Operator.id)))
        if first:
            if role != "admin":
                raise InvalidInput("The first operator of a new store must be an administrator.")
        else:
            if actor is None:
                raise AuthenticationFailed("Log in as an administrator to add operators.")
            require(actor, "operator.manage")
        if s.scalar(select(Operator.id).where(Operator.login == login)) is not None:
            raise InvalidInput(f"The login “{login}” is already taken.")
        op = Operator(login=login, display_name=display_name.strip() or login, password_hash=pw_hash,
                      role=role, active=True)
        s.add(op)
        s.flush()
        who = actor if actor is not None else _actor(op)
        audit.record(s, who, "operator.create", "operator", op.id, None, _snapshot(op))
        return _actor(op)


def authenticate(store: Store, login: str, password: str) -> Actor:
    """The operator for these credentials; the same message whether the login or password is wrong."""
    with store.write() as s:
        op = s.scalar(select(Operator).where(Operator.login == login.strip()))
        try:
            if op is None:
                raise VerificationError
            _hasher.verify(op.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise AuthenticationFailed("Wrong login name or password.") from None
        if not op.active:
            raise AuthenticationFailed(f"The operator “{op.login}” is deactivated.")
        if _hasher.check_needs_rehash(op.password_hash):
            op.password_hash = _hasher.hash(password)
        audit.record(s, _actor(op), "operator.login", "operator", op.id)
        return _actor(op)


def _load(s, operator_id: int) -> Operator:
    op = s.get(Operator, operator_id, with_for_update=True)
    if op is None:
        raise UnknownOperator(f"No operator with id {operator_id}.")
    return op


def set_role(store: Store, actor: Actor, operator_id: int, role: str) -> None:
    require(actor, "operator.manage")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role “{role}”: choose clerk, technician or admin.")
    with store.write() as s:
        op = _load(s, operator_id)
        before = _snapshot(op)
        op.role = role
        audit.record(s, actor, "operator.role", "operator", op.id, before, _snapshot(op))


def set_active(store: Store, actor: Actor, operator_id: int, active: bool) -> None:
    require(actor, "operator.manage")
    if actor.id == operator_id and not active:
        raise InvalidInput("You cannot deactivate yourself.")
    with store.write() as s:
        op = _load(s, operator_id)
        before = _snapshot(op)
        op.active = active
        audit.record(s, actor, "operator.activate" if active else "operator.deactivate", "operator", op.id,
                     before, _snapshot(op))


def set_password(store: Store, actor: Actor, operator_id: int, password: str) -> None:
    """An administrator sets anyone's password; every operator may change their own."""
    if actor.id != operator_id:
        require(actor, "operator.manage")
    pw_hash = hash_password(password)
    with store.write() as s:
        op = _load(s, operator_id)
        op.password_hash = pw_hash
        audit.record(s, actor, "operator.password", "operator", op.id)


def list_operators(store: Store) -> list[Operator]:
    with store.read() as s:
        return list(s.scalars(select(Operator).order_by(Operator.login)))
