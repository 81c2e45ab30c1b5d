"""Opening the store for a command, and saying in one line why it cannot be opened.

Three ways to open it: `read` (the store must exist and be at this version's schema: a read-only
command creates nothing, no file and no directory, and migrates nothing), `write` (it must exist;
it is upgraded to this version's schema, as the window does at start) and `create` (made when
missing, then upgraded). A store migrated by a newer DormWatt is never touched. A store opened to
be changed writes the command's events to the change log, for the other processes on it.
"""
from __future__ import annotations

import argparse
import os
from typing import Literal

from sqlalchemy.exc import SQLAlchemyError

from app import operators
from app.access import Actor
from app.config import database_url
from app.sync.change_log import ChangeLog, new_origin
from db import migrate
from db.engine import Store, reason, shown  # noqa: F401 (reason, shown: the commands' interface)
from db.errors import StoreError

Mode = Literal["read", "write", "create"]


class CommandFailed(Exception):
    """A command cannot go on: the message is one line for the person, `code` the exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def store_url(args: argparse.Namespace) -> str:
    """The store named by --db, else DORMWATT_DB, else the config file (--config), else the default."""
    return database_url(getattr(args, "db", None), getattr(args, "config", None))


def open_store(args: argparse.Namespace, mode: Mode, url: str | None = None, *, upgrade: bool = True,
               change_log: bool = True) -> Store:
    """The store for this command (see the module docstring); raises CommandFailed. With
    `upgrade=False` a `write`/`create` store is checked but left at its schema (for `db upgrade`).
    With `change_log=False` the caller installs its own (the window and `serve` do, under their name)."""
    url = url or store_url(args)
    try:
        store = Store(url, create=mode == "create")
    except StoreError as exc:
        raise CommandFailed(str(exc)) from None
    except (SQLAlchemyError, ValueError, ImportError) as exc:   # not a URL, or no such database driver
        raise CommandFailed(f"cannot use the database URL {shown(url)}: {reason(exc)}") from None
    try:
        _check_schema(store, url, mode, upgrade)
    except SQLAlchemyError as exc:
        store.dispose()
        raise CommandFailed(f"cannot open the store at {shown(url)}: {reason(exc)}") from None
    except BaseException:
        store.dispose()
        raise
    if mode != "read" and change_log:
        # What this command changes reaches a running meter service and the windows through the
        # change log, like a change made at any workstation.
        ChangeLog(store, new_origin("cli")).install()
    return store


def _check_schema(store: Store, url: str, mode: Mode, upgrade: bool) -> None:
    newer = migrate.unknown_revision(store.engine)
    if newer is not None:
        raise CommandFailed(f"the store at {shown(url)} was migrated by a newer version of DormWatt (schema "
                            f"{newer}; this version knows up to {migrate.head_revision()}): use that version")
    if mode != "read":
        if upgrade:
            migrate.upgrade(store.engine)
        return
    current = migrate.current_revision(store.engine)
    if current is None:
        raise CommandFailed(f"the store at {shown(url)} is empty (no DormWatt schema); run `dormwatt db upgrade` "
                            "first")
    if current != migrate.head_revision():
        raise CommandFailed(f"the store at {shown(url)} is at schema {current}, this version needs "
                            f"{migrate.head_revision()}; run `dormwatt db upgrade` first")


def actor(args: argparse.Namespace, store: Store) -> Actor:
    """Who a changing command acts for: the operator named by --user (password from
    DORMWATT_PASSWORD), or else the local system."""
    login = getattr(args, "user", None)
    if not login:
        return Actor.system()
    return operators.authenticate(store, login, os.environ.get("DORMWATT_PASSWORD", ""))
