"""Store errors a person can act on, raised instead of raw driver exceptions."""
from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked; the message says why, nothing was half-written."""


class StoreReadOnly(StoreError):
    pass


class StoreLocked(StoreError):
    pass


class StoreUnavailable(StoreError):
    pass


class StoreOutdated(StoreError):
    pass
