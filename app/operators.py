"""Operators: accounts of the people at the counter, hashed passwords, roles, logins.

What a caller may rely on:
- an Actor from `authenticate` or `create_operator` carries the operator's standing in the store:
  `access.require` re-reads the role and active flag on every call, so deactivating or demoting
  someone takes effect on their open session's next action;
- there is always an active administrator: the last one can be neither demoted nor deactivated;
- a password has at least MIN_PASSWORD characters and is not blank;
- `authenticate` gives one message for an unknown login and a wrong password, and does the same work
  for both (a hash check); every failure is audited; LOCK_AFTER failures in a row lock the login,
  known or not, for 1, 2, 4 … minutes (at most LOCK_LONGEST); a good login, a new password or a
  reactivation starts the count afresh; on a store that refuses writes (read-only) logging in
  still works and the bookkeeping is skipped, with a warning in the log.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, Standing, current_role, require
from app.errors import AuthenticationFailed, InvalidInput, StoreError, UnknownOperator
from db.engine import Store
from db.models import ROLES, AuditRecord, Operator

log = logging.getLogger(__name__)

_hasher = PasswordHasher()
MIN_PASSWORD = 8
LOCK_AFTER = 5
LOCK_FIRST = timedelta(minutes=1)
LOCK_LONGEST = timedelta(hours=1)
# A login nobody has never logs in well: its failures count for this long.
UNKNOWN_LOGIN_MEMORY = timedelta(days=1)
FAILED, LOCKED, LOGGED_IN = "operator.login_failed", "operator.login_locked", "operator.login"
# Audit actions after which a login's failures no longer count.
_FRESH_START = (LOGGED_IN, "operator.password", "operator.activate")


def hash_password(password: str) -> str:
    _check_password(password)
    return _hasher.hash(password)


def _check_password(password: str) -> None:
    if not password.strip():
        raise InvalidInput("A password cannot be blank.")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"A password needs at least {MIN_PASSWORD} characters.")


def _standing(store: Store) -> Standing:
    def standing(operator_id: int) -> tuple[str, bool] | None:
        with store.read() as s:
            row = s.execute(select(Operator.role, Operator.active).where(Operator.id == operator_id)).first()
        return None if row is None else (row.role, bool(row.active))

    return standing


def _actor(op: Operator, store: Store | None = None) -> Actor:
    return Actor(id=op.id, login=op.login, role=op.role, display_name=op.display_name,
                 standing=_standing(store) if store is not None else None)


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
        return _actor(op, store)


# ----- logging in ---------------------------------------------------------------------------------

@cache
def _dummy_hash() -> str:
    """A hash to check an unknown login's password against, so that it costs what a known one does."""
    return _hasher.hash("not an operator's password")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def lock_time(failures: int) -> timedelta:
    """How long a login stays locked after `failures` failures in a row (a multiple of LOCK_AFTER)."""
    return min(LOCK_FIRST * 2 ** min(failures // LOCK_AFTER - 1, 16), LOCK_LONGEST)


def _locked_until(s: Session, op: Operator | None, login: str, now: datetime) -> datetime | None:
    if op is not None:
        fresh = s.scalar(select(func.max(AuditRecord.id)).where(
            AuditRecord.action.in_(_FRESH_START), AuditRecord.entity == "operator", AuditRecord.entity_id == op.id))
        count, last = s.execute(select(func.count(AuditRecord.id), func.max(AuditRecord.at)).where(
            AuditRecord.action == FAILED, AuditRecord.entity == "operator", AuditRecord.entity_id == op.id,
            AuditRecord.id > (fresh or 0))).one()
    else:
        rows = s.execute(select(AuditRecord.at, AuditRecord.after).where(
            AuditRecord.action == FAILED, AuditRecord.entity == "operator", AuditRecord.entity_id.is_(None),
            AuditRecord.at >= now - UNKNOWN_LOGIN_MEMORY)).all()
        times = [at for at, after in rows if (after or {}).get("login") == login]
        count, last = len(times), max(times, default=None)
    if not count or count % LOCK_AFTER:
        return None
    until = last + lock_time(count)
    return until if now < until else None


def _note(store: Store, op: Operator | None, login: str, action: str, new_hash: str | None = None) -> None:
    """Audit a login attempt (and store a stronger hash). A store that refuses the write (read-only,
    locked) does not stop the login: the attempt goes unrecorded and the log says so."""
    try:
        with store.write() as s:
            if action == LOGGED_IN:
                if new_hash is not None:
                    s.get(Operator, op.id).password_hash = new_hash
                audit.record(s, _actor(op), action, "operator", op.id)
            else:
                audit.record(s, Actor.system(), action, "operator", op.id if op is not None else None,
                             None, {"login": login})
    except (StoreError, DBAPIError) as exc:
        log.warning("%s for “%s” not recorded: %s", action, login, exc)


def authenticate(store: Store, login: str, password: str) -> Actor:
    """The operator for these credentials; the same message, and the same work, whether the login or
    the password is wrong. Refused while the login is locked (see the module's docstring)."""
    login = login.strip()
    now = clock.now()
    with store.read() as s:
        op = s.scalar(select(Operator).where(Operator.login == login))
        until = _locked_until(s, op, login, now)
    good = _verify(op.password_hash if op is not None else _dummy_hash(), password) and op is not None
    if until is not None:
        _note(store, op, login, LOCKED)
        at = clock.local(until).strftime("%H:%M")
        raise AuthenticationFailed(f"Too many failed logins: this login is locked until {at}. Try again then, "
                                   "or ask an administrator to set a new password.")
    if not good:
        _note(store, op, login, FAILED)
        raise AuthenticationFailed("Wrong login name or password.")
    if not op.active:
        raise AuthenticationFailed(f"The operator “{op.login}” is deactivated.")
    _note(store, op, login, LOGGED_IN, _hasher.hash(password) if _hasher.check_needs_rehash(op.password_hash)
          else None)
    return _actor(op, store)


# ----- managing operators -------------------------------------------------------------------------

def _load(s, operator_id: int) -> Operator:
    op = s.get(Operator, operator_id, with_for_update=True)
    if op is None:
        raise UnknownOperator(f"No operator with id {operator_id}.")
    return op


def _lock_administrators(s: Session) -> None:
    """Lock the active administrators' rows, always in the same order, so that two administrators
    demoting each other at once cannot both succeed (PostgreSQL; SQLite writers queue anyway)."""
    s.execute(select(Operator.id).where(Operator.role == "admin", Operator.active)
              .order_by(Operator.id).with_for_update())


def _keep_an_administrator(s: Session, op: Operator, role: str, active: bool) -> None:
    """Refuse a change that would leave the store without an active administrator."""
    if op.role != "admin" or not op.active or (role == "admin" and active):
        return
    others = s.scalar(select(func.count(Operator.id)).where(
        Operator.role == "admin", Operator.active, Operator.id != op.id))
    if not others:
        raise InvalidInput(f"“{op.login}” is the last active administrator: make another operator an "
                           "administrator first.")


def set_role(store: Store, actor: Actor, operator_id: int, role: str) -> None:
    require(actor, "operator.manage")
    if role not in ROLES:
        raise InvalidInput(f"Unknown role “{role}”: choose clerk, technician or admin.")
    with store.write() as s:
        _lock_administrators(s)
        op = _load(s, operator_id)
        _keep_an_administrator(s, op, role, op.active)
        before = _snapshot(op)
        op.role = role
        audit.record(s, actor, "operator.role", "operator", op.id, before, _snapshot(op))


def set_active(store: Store, actor: Actor, operator_id: int, active: bool) -> None:
    require(actor, "operator.manage")
    if actor.id == operator_id and not active:
        raise InvalidInput("You cannot deactivate yourself.")
    with store.write() as s:
        _lock_administrators(s)
        op = _load(s, operator_id)
        _keep_an_administrator(s, op, op.role, active)
        before = _snapshot(op)
        op.active = active
        audit.record(s, actor, "operator.activate" if active else "operator.deactivate", "operator", op.id,
                     before, _snapshot(op))


def set_password(store: Store, actor: Actor, operator_id: int, password: str) -> None:
    """An administrator sets anyone's password (which also lifts a login lock); every active operator
    may change their own."""
    if actor.id != operator_id:
        require(actor, "operator.manage")
    else:
        current_role(actor)         # refuses a session whose operator has been deactivated
    pw_hash = hash_password(password)
    with store.write() as s:
        op = _load(s, operator_id)
        op.password_hash = pw_hash
        audit.record(s, actor, "operator.password", "operator", op.id)


def list_operators(store: Store) -> list[Operator]:
    with store.read() as s:
        return list(s.scalars(select(Operator).order_by(Operator.login)))
