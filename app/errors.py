"""Errors a clerk can read. Every message is a whole sentence that says what is wrong; the
operation that raised it changed nothing.

Messages are English source strings; the window translates them through its catalogue.
"""
from __future__ import annotations

from db.errors import StoreError, StoreLocked, StoreReadOnly, StoreUnavailable  # noqa: F401 (re-exported)


class DormWattError(Exception):
    """Base of every business error."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else type(self).__name__


class InvalidAmount(DormWattError, ValueError):
    pass


class InvalidInput(DormWattError, ValueError):
    pass


class FieldInvalid(InvalidInput):
    """Input refused because of one field: `FieldInvalid("Room 101 already exists.", field="number")`;
    `field` names the service's keyword argument, so a form shows the sentence under that field.
    Nothing was written."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class NotFound(DormWattError, LookupError):
    pass


class UnknownStudent(NotFound):
    pass


class UnknownRoom(NotFound):
    pass


class UnknownAccount(NotFound):
    pass


class UnknownEntry(NotFound):
    pass


class UnknownOperator(NotFound):
    pass


class OccupancyError(DormWattError):
    pass


class RoomFull(OccupancyError):
    pass


class BedTaken(OccupancyError):
    pass


class GenderMismatch(OccupancyError):
    pass


class AlreadyCheckedIn(OccupancyError):
    pass


class NotCheckedIn(OccupancyError):
    pass


class PermissionDenied(DormWattError, PermissionError):
    pass


class AuthenticationFailed(DormWattError):
    pass


class LedgerError(DormWattError):
    pass


class AlreadyReversed(LedgerError):
    pass


class DuplicateReference(LedgerError):
    pass


class IdempotencyConflict(LedgerError):
    """The key was used before for a different operation."""


class ShiftError(DormWattError):
    """No open shift, a second open shift, or a shift that cannot close yet."""


class DeliveryError(DormWattError):
    """A credit could not be delivered to a meter (the reason says why); nothing was credited twice."""
