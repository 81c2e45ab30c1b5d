"""Who may do what. Every service checks here, so the window is not the only guard."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from app.errors import PermissionDenied

# operator id -> (role, active) as the store holds them now, or None when the operator is gone.
Standing = Callable[[int], "tuple[str, bool] | None"]

# permission -> roles that hold it. "system" is the headless meter service and billing, never a person.
PERMISSIONS: dict[str, frozenset[str]] = {
    "money.recharge": frozenset({"clerk", "admin"}),
    "money.refund": frozenset({"clerk", "admin"}),
    "money.reverse": frozenset({"clerk", "admin"}),
    "money.transfer": frozenset({"clerk", "admin"}),
    "money.consume": frozenset({"system", "admin"}),
    "money.subsidy": frozenset({"system", "admin"}),
    "occupancy.change": frozenset({"clerk", "admin"}),
    "batch.import": frozenset({"clerk", "admin"}),   # roster and other imports before term (they register students)
    "meter.control": frozenset({"clerk", "technician", "admin"}),
    "loads.enforce": frozenset({"system"}),      # the host's matcher opening an illegal load, releasing a whitelisted one
    "meter.configure": frozenset({"technician", "admin", "system"}),
    # Commissioning; "system" is also the local command line run without --user.
    "bus.change": frozenset({"technician", "admin", "system"}),
    "meter.assign": frozenset({"technician", "admin", "system"}),
    "signature.manage": frozenset({"technician", "admin"}),
    "tariff.change": frozenset({"admin"}),
    "quota.change": frozenset({"admin"}),
    "calendar.change": frozenset({"admin"}),
    "policy.change": frozenset({"admin"}),
    "policy.push": frozenset({"technician", "admin", "system"}),
    "operator.manage": frozenset({"admin"}),
    "settings.change": frozenset({"admin"}),
    "refund.approve": frozenset({"admin"}),
    "shift.work": frozenset({"clerk", "admin"}),
    "day.close": frozenset({"clerk", "admin"}),
    "campus.edit": frozenset({"admin", "system"}),
    "report.view": frozenset({"clerk", "technician", "admin"}),
    # Administration screens (issue 10): a clerk opens none of them.
    "student.manage": frozenset({"admin", "system"}),
    "finance.reconcile": frozenset({"admin"}),
    "audit.view": frozenset({"admin"}),
}

ROLE_LABELS = {"clerk": "Clerk", "technician": "Technician", "admin": "Administrator", "system": "System"}


@dataclass(frozen=True)
class Actor:
    """The operator on whose behalf a service acts (id None for the system).

    `role` is the role at login, for what the window shows. An actor made by a login carries
    `standing`, which reads the operator's role and active flag from the store: `require` asks it on
    every call, so a deactivated or demoted operator's open session loses its rights at once.

    Inside one transaction's worth of work `pinned()` gives the same actor with its standing read
    once: there "at once" means at the next such block (the next transaction), not the next call."""

    id: int | None
    login: str
    role: str
    display_name: str = ""
    standing: Standing | None = field(default=None, compare=False, repr=False)

    @classmethod
    def system(cls) -> Actor:
        return cls(id=None, login="system", role="system", display_name="System")

    @classmethod
    def of(cls, operator) -> Actor:
        """The operator row (id, login, role, display_name) as the actor of work the store finishes on
        their behalf later, such as a refund paid once the meter answered: their role as it is now,
        with no standing to check again."""
        return cls(operator.id, operator.login, operator.role, operator.display_name)

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    @contextmanager
    def pinned(self) -> Iterator[Actor]:
        """This actor with its standing read from the store once (at the first check inside the block)
        and kept until the block ends; for work done in one transaction (a batch's chunk of students),
        whose every `require` would otherwise open a read transaction of its own. A deactivated or
        demoted operator loses their rights at the next block. After the block the actor it gave reads
        the store on every call again. An actor without standing (the system, a test's actor), or one
        already pinned, is given as it is."""
        if self.standing is None or self.id is None or isinstance(self.standing, _PinnedStanding):
            yield self
            return
        memo = _PinnedStanding(self.standing)
        try:
            yield replace(self, standing=memo)
        finally:
            memo.close()


class _PinnedStanding:
    """A standing read once per operator while open, then asked afresh on every call."""

    __slots__ = ("_read", "_seen", "_open")

    def __init__(self, read: Standing) -> None:
        self._read = read
        self._seen: dict[int, tuple[str, bool] | None] = {}
        self._open = True

    def __call__(self, operator_id: int) -> tuple[str, bool] | None:
        if not self._open:
            return self._read(operator_id)
        if operator_id not in self._seen:
            self._seen[operator_id] = self._read(operator_id)
        return self._seen[operator_id]

    def close(self) -> None:
        self._open = False
        self._seen.clear()


def current_role(actor: Actor) -> str:
    """The role `actor` holds now (one read of the store for a logged-in operator); PermissionDenied
    when the operator has been deactivated or removed since logging in."""
    if actor.standing is None or actor.id is None:
        return actor.role
    now = actor.standing(actor.id)
    if now is None:
        raise PermissionDenied(f"The operator “{actor.login}” no longer exists: log in again.")
    role, active = now
    if not active:
        raise PermissionDenied(f"The operator “{actor.login}” has been deactivated: log in again as an active "
                               "operator.")
    return role


def holds(actor: Actor, permission: str) -> bool:
    """Whether `actor` holds `permission` now (see `current_role`)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return current_role(actor) in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` now: the role and active flag of a
    logged-in operator are read from the store on every call, not taken from the session."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    role = current_role(actor)
    if role not in PERMISSIONS[permission]:
        label = ROLE_LABELS.get(role, role)
        raise PermissionDenied(
            f"{actor.display_name or actor.login} ({label}) may not do this: it needs the "
            f"{_holders(permission)} role."
        )


def _holders(permission: str) -> str:
    roles = sorted(r for r in PERMISSIONS[permission] if r != "system")
    return " or ".join(ROLE_LABELS[r] for r in roles)
