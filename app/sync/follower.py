"""The follower: other processes' committed events, read from the change log and published here.

`Follower(store, origin).start()` runs one daemon thread. On PostgreSQL it LISTENs on a connection of
its own (NOTIFY carries only the newest id) and reads the rows through the store; on SQLite it polls.
Either way it also catches up every `catch_up_s` without being told, so a lost notification costs at
most that long.

What a caller may rely on:
- it publishes every row committed after `start()` returned, except its own origin's, once, as
  `events.Event(topic, rooms, ids, origin=<row id>, extra=...)`, on the follower's thread, rows read
  together in id order;
- a lost connection is reopened with back-off (0.5 s doubling to 10 s) and reading resumes after the
  last id seen, so nothing committed meanwhile is missed or repeated;
- ids are handed out before commit, so a transaction can commit a lower id after a higher one was
  read (PostgreSQL; SQLite writers are serialised). An id skipped over is remembered for
  `gap_window_s` and read when it appears; an id that never appears (a rolled-back transaction
  consumed it) is forgotten after that window;
- `stop()` returns once the thread has ended (within about 0.25 s plus one read).
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import psycopg
from sqlalchemy import or_, select

from app import events
from app.sync.change_log import CHANNEL, max_id
from db.engine import Store
from db.models_sync import ChangeLogRow

log = logging.getLogger(__name__)

BACKOFF_MIN_S = 0.5
BACKOFF_MAX_S = 10.0
_SLICE_S = 0.2            # longest uninterrupted wait, so that stop() is prompt
_MAX_GAP = 1000           # a larger jump in ids is not a set of late commits (a sequence reset, a restore)
_MISSING_CAP = 5000


class Follower:
    """Publishes the change log's new rows of other origins on the store's hub (see module docstring)."""

    def __init__(self, store: Store, origin: str, publish: Callable[[events.Event], None] | None = None, *,
                 poll_s: float = 0.3, catch_up_s: float = 5.0, gap_window_s: float = 60.0,
                 batch: int = 500) -> None:
        self.store = store
        self.origin = origin
        self.publish = publish if publish is not None else events.hub(store).publish
        self.poll_s = poll_s
        self.catch_up_s = catch_up_s
        self.gap_window_s = gap_window_s
        self.batch = batch
        self.reconnects = 0                        # connections lost (read failures included)
        self._pg = store.dialect == "postgresql"
        self._last: int | None = None              # highest id read
        self._missing: dict[int, float] = {}       # id skipped over -> monotonic time it was noticed
        self._expected = 0                         # highest id a notification announced
        self._expected_at = 0.0
        self._conn: psycopg.Connection | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def last_id(self) -> int | None:
        return self._last

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def awaited_ids(self) -> set[int]:
        """Ids skipped over that may still commit (see the module's docstring)."""
        return set(self._missing.copy())

    @property
    def application_name(self) -> str:
        """The name the LISTEN connection gives PostgreSQL (pg_stat_activity.application_name)."""
        return f"dormwatt-follower {self.origin}"[:63]

    def start(self) -> Follower:
        if self._thread is not None:
            raise RuntimeError("a follower starts once")
        try:
            with self.store.read() as s:
                self._last = max_id(s)
        except Exception:   # the thread starts from the max id once the store answers
            log.warning("change-log follower: the store is not reachable yet", exc_info=True)
        self._thread = threading.Thread(target=self._run, name="dormwatt-follower", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._close()

    # -- the thread ---------------------------------------------------------------------------------

    def _run(self) -> None:
        delay = BACKOFF_MIN_S
        while not self._stop.is_set():
            try:
                if self._pg and self._conn is None:
                    self._listen()
                if self._last is None:
                    with self.store.read() as s:
                        self._last = max_id(s)
                self._catch_up()
                delay = BACKOFF_MIN_S
                self._wait()
            except Exception as exc:
                if self._stop.is_set():
                    break
                self.reconnects += 1
                log.warning("change-log follower lost the store (%s); again in %.1f s", exc, delay)
                self._close()
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX_S)
        self._close()

    def _listen(self) -> None:
        url = self.store.engine.url.set(drivername="postgresql")
        conn = psycopg.connect(url.render_as_string(hide_password=False), autocommit=True,
                               application_name=self.application_name, connect_timeout=5,
                               keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3)
        try:
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:
            conn.close()
            raise
        self._conn = conn

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    def _wait(self) -> None:
        """Return when there may be something to read: a notification, the poll, the catch-up."""
        if not self._pg:
            self._stop.wait(self.poll_s)
            return
        now = time.monotonic()
        if self._expected > (self._last or 0) and now - self._expected_at < 2.0:
            deadline = now + 0.05    # announced but not yet visible to our snapshot: look again soon
        else:
            deadline = now + self.catch_up_s
        conn = self._conn
        assert conn is not None
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                conn.execute("SELECT 1")    # a quiet connection is checked at each catch-up
                return
            got = [n for n in conn.notifies(timeout=min(remaining, _SLICE_S), stop_after=1)]
            if got:
                got += list(conn.notifies(timeout=0))    # drain a burst: one read serves them all
                self._announce(got)
                return

    def _announce(self, notes: list) -> None:
        for note in notes:
            try:
                announced = int(note.payload)
            except ValueError:
                continue
            if announced > self._expected:
                self._expected, self._expected_at = announced, time.monotonic()

    def _catch_up(self) -> None:
        while not self._stop.is_set():
            last = self._last or 0
            self._forget_old_gaps()
            cond = ChangeLogRow.id > last
            if self._missing:
                cond = or_(cond, ChangeLogRow.id.in_(list(self._missing)))
            with self.store.read() as s:
                rows = s.execute(select(ChangeLogRow.id, ChangeLogRow.origin, ChangeLogRow.topic,
                                        ChangeLogRow.rooms, ChangeLogRow.ids, ChangeLogRow.extra)
                                 .where(cond).order_by(ChangeLogRow.id).limit(self.batch)).all()
            for row in rows:
                self._take(row)
            if len(rows) < self.batch:
                return

    def _take(self, row) -> None:
        last = self._last or 0
        if row.id > last:
            if row.id - last <= _MAX_GAP:
                noticed = time.monotonic()
                for skipped in range(last + 1, row.id):
                    self._missing[skipped] = noticed
            self._last = row.id
        elif self._missing.pop(row.id, None) is None:
            return                     # already published
        if row.origin == self.origin:
            return
        event = events.Event(row.topic, frozenset(row.rooms or ()), tuple(row.ids or ()), origin=row.id,
                             extra=dict(row.extra or {}))
        try:
            self.publish(event)
        except Exception:  # an unknown topic from a newer version, or a broken publish: skip the row
            log.exception("change-log follower could not publish row %s (%s)", row.id, row.topic)

    def _forget_old_gaps(self) -> None:
        if not self._missing:
            return
        too_old = time.monotonic() - self.gap_window_s
        for gap in [i for i, noticed in self._missing.items() if noticed < too_old]:
            del self._missing[gap]
        if len(self._missing) > _MISSING_CAP:
            for gap in sorted(self._missing)[:len(self._missing) - _MISSING_CAP]:
                del self._missing[gap]
