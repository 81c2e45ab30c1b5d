"""The change log: every committed event, stored for the other processes on the same store.

`ChangeLog(store, origin).install()` registers a writer on the store's hub (`Hub.before_commit`):
each event staged in a `Store.write()` transaction becomes one `change_log` row inserted in that same
transaction, just before it commits, so the row exists exactly when the change does (a rolled-back
operation leaves neither). On PostgreSQL the writer also runs `pg_notify('dormwatt_changes', <id>)`
in the transaction; the server delivers it at commit, and it carries only the newest row's id (Odoo's
`bus.bus` does the same: store the message, then notify). `app.sync.follower` reads the rows.

What a caller may rely on:
- one row per staged event, in the order staged, with the event's topic, rooms, ids and extra (the
  extra is stored as JSON: values that JSON cannot hold are stored as their `str`);
- ids only grow (AUTOINCREMENT on SQLite, a sequence on PostgreSQL), even after pruning;
- `at` is the program's clock (app.clock), like every other time the program writes;
- `prune(store)` deletes rows older than seven days and nothing newer.
"""
from __future__ import annotations

import json
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.orm import Session

from app import clock, events
from db.engine import Store
from db.models_sync import ChangeLogRow

CHANNEL = "dormwatt_changes"
KEEP = timedelta(days=7)
ORIGIN_MAX = 64


def new_origin(role: str = "ws") -> str:
    """A name for this process that no other process shares: `role@host:pid.xxxx` (at most 64 chars)."""
    host = socket.gethostname().split(".")[0][:32]
    return f"{role}@{host}:{os.getpid()}.{uuid.uuid4().hex[:4]}"[:ORIGIN_MAX]


def _plain(extra: dict) -> dict:
    # Extra is meant to hold small plain values; a stray object must not fail the operation itself.
    return json.loads(json.dumps(extra, default=str))


class ChangeLog:
    """Writes this process's committed events to the change log (see the module's docstring)."""

    def __init__(self, store: Store, origin: str) -> None:
        if not origin or len(origin) > ORIGIN_MAX:
            raise ValueError(f"an origin is 1 to {ORIGIN_MAX} characters, not {origin!r}")
        self.store = store
        self.origin = origin
        self._notify = store.dialect == "postgresql"

    def install(self) -> ChangeLog:
        writers = events.hub(self.store).before_commit
        if self._write not in writers:
            writers.append(self._write)
        return self

    def uninstall(self) -> None:
        writers = events.hub(self.store).before_commit
        while self._write in writers:
            writers.remove(self._write)

    def _write(self, session: Session, staged: list[events.Event]) -> None:
        if not staged:
            return
        at = clock.now()
        rows = [{"at": at, "origin": self.origin, "topic": e.topic, "rooms": sorted(e.rooms),
                 "ids": list(e.ids), "extra": _plain(e.extra)} for e in staged]
        ids = session.scalars(insert(ChangeLogRow).returning(ChangeLogRow.id, sort_by_parameter_order=True),
                              rows).all()
        if self._notify:
            session.execute(text("SELECT pg_notify(:channel, :payload)"),
                            {"channel": CHANNEL, "payload": str(max(ids))})


def max_id(session: Session) -> int:
    """The newest change-log id, 0 when the log is empty."""
    return session.scalar(select(func.max(ChangeLogRow.id))) or 0


def prune(store: Store, keep: timedelta = KEEP) -> int:
    """Delete rows older than `keep` (by app.clock); returns how many went."""
    cutoff = clock.now() - keep
    with store.write() as s:
        return s.execute(delete(ChangeLogRow).where(ChangeLogRow.at < cutoff)).rowcount or 0
