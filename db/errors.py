"""Store errors a person can act on, raised instead of raw driver exceptions."""
from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked; the message says why, nothing was half-written."""


class StoreReadOnly(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class StoreConflict(StoreError):
    """Another workstation changed the same records at the same moment (a deadlock or a
    serialization failure); the transaction was rolled back whole and may simply run again
    (db.retry does so)."""


class StoreUnavailable(StoreError):
    pass


class StoreOutdated(StoreError):
    pass
