"""Who may do what. Every service checks here, so the window is not the only guard."""
from __future__ import annotations

from dataclasses import dataclass

from app.errors import PermissionDenied

# permission -> roles that hold it. "system" is the headless meter service and billing, never a person.
PERMISSIONS: dict[str, frozenset[str]] = {
    "money.recharge": frozenset({"clerk", "admin"}),
    "money.refund": frozenset({"clerk", "admin"}),
    "money.reverse": frozenset({"clerk", "admin"}),
    "money.transfer": frozenset({"clerk", "admin"}),
    "money.consume": frozenset({"system", "admin"}),
    "money.subsidy": frozenset({"system", "admin"}),
    "occupancy.change": frozenset({"clerk", "admin"}),
    "meter.control": frozenset({"clerk", "technician", "admin"}),
    "meter.configure": frozenset({"technician", "admin", "system"}),
    # Commissioning; "system" is also the local command line run without --user.
    "bus.change": frozenset({"technician", "admin", "system"}),
    "meter.assign": frozenset({"technician", "admin", "system"}),
    "signature.manage": frozenset({"technician", "admin"}),
    "tariff.change": frozenset({"admin"}),
    "quota.change": frozenset({"admin"}),
    "calendar.change": frozenset({"admin"}),
    "operator.manage": frozenset({"admin"}),
    "settings.change": frozenset({"admin"}),
    "refund.approve": frozenset({"admin"}),
    "shift.work": frozenset({"clerk", "admin"}),
    "day.close": frozenset({"clerk", "admin"}),
    "campus.edit": frozenset({"admin", "system"}),
    "report.view": frozenset({"clerk", "technician", "admin"}),
}

ROLE_LABELS = {"clerk": "Clerk", "technician": "Technician", "admin": "Administrator", "system": "System"}


@dataclass(frozen=True)
class Actor:
    """The operator on whose behalf a service acts (id None for the system)."""

    id: int | None
    login: str
    role: str
    display_name: str = ""

    @classmethod
    def system(cls) -> Actor:
        return cls(id=None, login="system", role="system", display_name="System")

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


def require(actor: Actor, permission: str) -> None:
    """Raise PermissionDenied unless `actor` holds `permission`."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if not actor.can(permission):
        label = ROLE_LABELS.get(actor.role, actor.role)
        raise PermissionDenied(
            f"{actor.display_name or actor.login} ({label}) may not do this: it needs the "
            f"{_holders(permission)} role."
        )


def _holders(permission: str) -> str:
    roles = sorted(r for r in PERMISSIONS[permission] if r != "system")
    return " or ".join(ROLE_LABELS[r] for r in roles)
