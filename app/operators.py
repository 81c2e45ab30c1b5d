"""Operators: accounts of the people at the counter, hashed passwords, roles, logins.

What a caller may rely on:
- an Actor from `authenticate` or `create_operator` carries the operator's standing in the store:
  `access.require` re-reads the role and active flag on every call, so deactivating or demoting
  someone takes effect on their open session's next action;
- there is always an active administrator: the last one can be neither demoted nor deactivated;
- a password has at least MIN_PASSWORD characters and is not blank;
- bad input in one field raises `FieldInvalid(sentence, field=<keyword argument>)` (a login taken, a
  password too short, a wrong current password, the last administrator's role) and writes nothing;
- an administrator resets anyone else's password (`reset_password`); an operator changes their own
  only by giving the current one (`change_own_password`);
- a login opens a session (`start_session`) that the window keeps alive (`touch_session`, every
  HEARTBEAT) and ends at logout (`end_session`); `sessions` lists who is logged in where: sessions not
  ended and seen within SESSION_TIMEOUT by the program's clock (a crashed window drops out by itself);
- `authenticate` gives one message for an unknown login and a wrong password, and does the same work
  for both (a hash check); every failure is audited; LOCK_AFTER failures in a row lock the login,
  known or not, for 1, 2, 4 … minutes (at most LOCK_LONGEST); a good login, a new password or a
  reactivation starts the count afresh; on a store that refuses writes (read-only) logging in
  still works and the bookkeeping is skipped, with a warning in the log.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, Standing, current_role, require
from app.errors import AuthenticationFailed, FieldInvalid, InvalidInput, StoreError, UnknownOperator
from db.engine import Store
from db.models import ROLES, AuditRecord, Operator  # ROLES: the roles the window offers
from db.models_ops import OperatorSession

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
# A window reports every HEARTBEAT; a session unseen for SESSION_TIMEOUT no longer counts as logged in.
HEARTBEAT = timedelta(seconds=60)
SESSION_TIMEOUT = timedelta(minutes=3)


def hash_password(password: str, field: str = "password") -> str:
    """The hash of a password that obeys the rules; FieldInvalid(field=`field`) says which rule not."""
    _check_password(password, field)
    return _hasher.hash(password)


def _check_password(password: str, field: str = "password") -> None:
    if not password.strip():
        raise FieldInvalid("A password cannot be blank.", field=field)
    if len(password) < MIN_PASSWORD:
        raise FieldInvalid(f"A password needs at least {MIN_PASSWORD} characters.", field=field)


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
        raise FieldInvalid("A login name is required.", field="login")
    if len(login) > 64 or len(display_name.strip()) > 64:
        raise FieldInvalid("This is too long: at most 64 characters.",
                           field="login" if len(login) > 64 else "display_name")
    if role not in ROLES:
        raise FieldInvalid(f"Unknown role “{role}”: choose clerk, technician or admin.", field="role")
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
            raise FieldInvalid(f"The login “{login}” is already taken.", field="login")
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


def _keep_an_administrator(s: Session, op: Operator, role: str, active: bool, field: str = "role") -> None:
    """Refuse a change that would leave the store without an active administrator."""
    if op.role != "admin" or not op.active or (role == "admin" and active):
        return
    others = s.scalar(select(func.count(Operator.id)).where(
        Operator.role == "admin", Operator.active, Operator.id != op.id))
    if not others:
        raise FieldInvalid(f"“{op.login}” is the last active administrator: make another operator an "
                           "administrator first.", field=field)


def set_role(store: Store, actor: Actor, operator_id: int, role: str) -> None:
    require(actor, "operator.manage")
    if role not in ROLES:
        raise FieldInvalid(f"Unknown role “{role}”: choose clerk, technician or admin.", field="role")
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
        raise FieldInvalid("You cannot deactivate yourself.", field="active")
    with store.write() as s:
        _lock_administrators(s)
        op = _load(s, operator_id)
        _keep_an_administrator(s, op, op.role, active, "active")
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


def reset_password(store: Store, actor: Actor, operator_id: int, password: str) -> None:
    """An administrator gives another operator a new password (which also lifts a login lock); the old
    one stops working at once. For one's own password see `change_own_password`."""
    require(actor, "operator.manage")
    if actor.id == operator_id:
        raise FieldInvalid("Change your own password with “Change my password”: it asks for the current one.",
                           field="password")
    set_password(store, actor, operator_id, password)


def change_own_password(store: Store, actor: Actor, current: str, new: str) -> None:
    """`actor` changes their own password, proving who they are with the current one."""
    if actor.id is None:
        raise InvalidInput("The system has no password to change.")
    current_role(actor)             # refuses a session whose operator has been deactivated
    with store.read() as s:
        pw_hash = s.scalar(select(Operator.password_hash).where(Operator.id == actor.id))
    if pw_hash is None:
        raise UnknownOperator(f"No operator with id {actor.id}.")
    if not _verify(pw_hash, current):
        raise FieldInvalid("The current password is wrong.", field="current")
    _check_password(new, "new")
    if new == current:
        raise FieldInvalid("The new password is the one you have now: choose another.", field="new")
    set_password(store, actor, actor.id, new)


# ----- who is logged in where ---------------------------------------------------------------------

@dataclass(frozen=True)
class LiveSession:
    id: int
    operator_id: int
    login: str
    display_name: str
    workstation: str
    origin: str
    started_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class OperatorRow:
    id: int
    login: str
    display_name: str
    role: str
    active: bool
    last_login: datetime | None
    logged_in_at: tuple[str, ...]       # the workstations where the operator is logged in now


def start_session(store: Store, actor: Actor, workstation: str, origin: str) -> int:
    """Record that `actor` logged in at `workstation` (this window: `origin`); returns the session id."""
    if actor.id is None:
        raise InvalidInput("The system does not log in.")
    now = clock.now()
    with store.write() as s:
        row = OperatorSession(operator_id=actor.id, workstation=workstation[:255], origin=origin[:64],
                              started_at=now, last_seen_at=now)
        s.add(row)
        s.flush()
        return row.id


def touch_session(store: Store, session_id: int) -> None:
    """The window is still there: a session seen now counts as logged in (an ended one stays ended)."""
    with store.write() as s:
        row = s.get(OperatorSession, session_id)
        if row is not None and row.ended_at is None:
            row.last_seen_at = clock.now()


def end_session(store: Store, session_id: int) -> None:
    """Logout or quit: the session no longer counts (ending it twice changes nothing)."""
    with store.write() as s:
        row = s.get(OperatorSession, session_id)
        if row is not None and row.ended_at is None:
            row.ended_at = clock.now()


def sessions(store: Store) -> list[LiveSession]:
    """Who is logged in where now: sessions not ended and seen within SESSION_TIMEOUT, oldest first."""
    since = clock.now() - SESSION_TIMEOUT
    with store.read() as s:
        rows = s.execute(select(OperatorSession, Operator.login, Operator.display_name)
                         .join(Operator, Operator.id == OperatorSession.operator_id)
                         .where(OperatorSession.ended_at.is_(None), OperatorSession.last_seen_at >= since)
                         .order_by(OperatorSession.started_at, OperatorSession.id)).all()
    return [LiveSession(r.id, r.operator_id, login, name, r.workstation, r.origin, r.started_at, r.last_seen_at)
            for r, login, name in rows]


def operator_rows(store: Store, actor: Actor) -> list[OperatorRow]:
    """Every operator by login, with their last login and where they are logged in now (administrators)."""
    require(actor, "operator.manage")
    live: dict[int, list[str]] = {}
    for sess in sessions(store):
        where = live.setdefault(sess.operator_id, [])
        if sess.workstation not in where:
            where.append(sess.workstation)
    with store.read() as s:
        last = dict(s.execute(select(AuditRecord.entity_id, func.max(AuditRecord.at))
                              .where(AuditRecord.action == LOGGED_IN, AuditRecord.entity == "operator")
                              .group_by(AuditRecord.entity_id)).all())
        ops = list(s.scalars(select(Operator).order_by(Operator.login)))
    return [OperatorRow(op.id, op.login, op.display_name, op.role, bool(op.active), last.get(op.id),
                        tuple(live.get(op.id, ()))) for op in ops]
