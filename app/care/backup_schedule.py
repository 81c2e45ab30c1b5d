"""The service's daily backup: once a campus day, at `backup.at` campus time or as soon after as a
service runs, one backup of the store into `backup.dir`, keeping the newest `backup.keep`.

Settings are business settings in the store (app.settings_store), shared by every workstation:
`backup.enabled` (default true), `backup.dir` (default: the user data folder's `backups` on the machine
whose service makes the backup), `backup.keep` (default 14), `backup.at` ("03:00").

What a caller may rely on:
- however many services run on one store, a day's backup is made once: a service claims the day in
  the store (the `backup.last` row, locked) before it starts, and the others see the claim;
- a backup that fails is logged as an error and raises one "backup_failed" alarm for the day; the day
  is tried again an hour later (by any service). Nothing here ever stops the service;
- `DailyBackup.run_if_due()` is the whole step; `start()` runs it every `interval_s` on its own thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from app import audit, clock, settings_store
from app.access import Actor, require
from app.care.backup import BackupError, backup, default_dir
from app.care.backup_files import backups_in
from app.errors import DormWattError, InvalidInput, StoreError
from app.metering.alarms import raise_alarm
from app.metering.runtime.periodic import Periodic
from db.engine import Store
from db.models import Setting

log = logging.getLogger(__name__)

ENABLED_KEY, DIR_KEY, KEEP_KEY, AT_KEY = "backup.enabled", "backup.dir", "backup.keep", "backup.at"
LAST_KEY = "backup.last"          # the day last claimed: {"day", "state", "by", "at", "file" | "error"}
DEFAULT_KEEP, DEFAULT_AT = 14, time(3, 0)
CHECK_EVERY_S = 60.0
RETRY_AFTER = timedelta(hours=1)
STALE_AFTER = timedelta(hours=6)  # a claim still "running" this long: its service died in the middle
ALARM_KIND = "backup_failed"


@dataclass(frozen=True)
class BackupSettings:
    enabled: bool = True
    folder: str | None = None       # None: the user data folder's backups, on the machine making it
    keep: int = DEFAULT_KEEP
    at: time = DEFAULT_AT           # campus time

    def directory(self) -> Path:
        return Path(self.folder) if self.folder else default_dir()


def _time(text: object) -> time:
    try:
        hour, minute = str(text).split(":")
        return time(int(hour), int(minute))
    except ValueError:
        raise InvalidInput(f"A backup time is hours and minutes such as 03:00, not “{text}”.") from None


def backup_settings(s) -> BackupSettings:
    """The daily backup's settings as the store holds them (defaults where none is set)."""
    return BackupSettings(bool(settings_store.get(s, ENABLED_KEY, True)),
                          settings_store.get(s, DIR_KEY) or None,
                          int(settings_store.get(s, KEEP_KEY, DEFAULT_KEEP)),
                          _time(settings_store.get(s, AT_KEY, DEFAULT_AT.strftime("%H:%M"))))


def set_backup_settings(store: Store, actor: Actor, new: BackupSettings) -> None:
    """Change the daily backup's settings (permission "settings.change"; one audit record per change)."""
    require(actor, "settings.change")
    if new.keep < 1:
        raise InvalidInput("Keep at least one backup.")
    with store.write() as s:
        now = backup_settings(s)
        for key, old, value, default in (
                (ENABLED_KEY, now.enabled, new.enabled, True),
                (DIR_KEY, now.folder, new.folder or None, None),
                (KEEP_KEY, now.keep, new.keep, DEFAULT_KEEP),
                (AT_KEY, now.at, new.at, DEFAULT_AT)):
            if old != value:
                settings_store.put(s, actor, key, value.strftime("%H:%M") if isinstance(value, time) else value,
                                   default=default.strftime("%H:%M") if isinstance(default, time) else default)


@dataclass(frozen=True)
class BackupFile:
    name: str
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class BackupOverview:
    """What the Backups page shows: the settings, the last daily backup (its day, "done" / "failed" /
    "running", the file or the error), and the backups in the folder as this computer sees it."""

    settings: BackupSettings
    folder: Path
    last: dict
    files: tuple[BackupFile, ...]


def overview(store: Store, actor: Actor) -> BackupOverview:
    """The daily backup's settings and state and the folder's backups, newest first (permission
    "settings.change": the backups are the whole store)."""
    require(actor, "settings.change")
    with store.read() as s:
        settings = backup_settings(s)
        last = settings_store.get(s, LAST_KEY)
    folder = settings.directory()
    files = []
    for p in reversed(backups_in(folder)):
        try:
            files.append(BackupFile(p.name, p, p.stat().st_size))
        except OSError:              # deleted meanwhile (another service's rotation)
            continue
    return BackupOverview(settings, folder, dict(last) if isinstance(last, dict) else {}, tuple(files))


def back_up_now(store: Store, actor: Actor) -> Path:
    """A backup made now into the daily backup's folder, keeping its number (permission
    "settings.change"); audited. BackupError says what went wrong; nothing half-written is left."""
    require(actor, "settings.change")
    with store.read() as s:
        settings = backup_settings(s)
    path = backup(store, settings.directory(), keep=settings.keep)
    with store.write() as s:
        audit.record(s, actor, "backup.made", "setting", None, None, {"file": str(path)})
    log.info("backup made by %s: %s", actor.login, path)
    return path


class DailyBackup(Periodic):
    """One service's side of the daily backup (see the module docstring)."""

    name = "daily-backup"
    failure = "checking the daily backup failed"

    def __init__(self, store: Store, owner: str, *, interval_s: float = CHECK_EVERY_S,
                 now: Callable[[], datetime] = clock.now) -> None:
        super().__init__(interval_s)
        self.store = store
        self.owner = owner
        self.now = now
        self._settled: date | None = None       # the campus day this service knows is done
        self._not_before: datetime | None = None

    def step(self) -> int:
        return 1 if self.run_if_due() is not None else 0

    def run_if_due(self) -> Path | None:
        """Make today's backup if it is due and no service has made or is making it; the file, or None."""
        moment = self.now()
        day = clock.campus_date(moment)
        if self._settled == day or (self._not_before is not None and moment < self._not_before):
            return None
        with self.store.read() as s:
            settings = backup_settings(s)
        if not settings.enabled or clock.local(moment).time() < settings.at:
            return None
        claim = self._claim(day, moment)
        if claim == "done":
            self._settled = day
            return None
        if claim == "busy":
            self._not_before = moment + RETRY_AFTER
            return None
        try:
            path = backup(self.store, settings.directory(), keep=settings.keep)
        except Exception as exc:        # whatever went wrong, the service goes on
            self._failed(day, moment, settings, exc)
            return None
        self._settled = day
        self._record(day, {"state": "done", "file": str(path)})
        log.info("daily backup written: %s", path)
        return path

    def _claim(self, day: date, moment: datetime) -> str:
        """"ours" once this service holds the day, "done" when it was made, "busy" when another
        service is making it (or it failed and waits for its retry)."""
        try:
            with self.store.write() as s:
                row = s.get(Setting, LAST_KEY, with_for_update=True)
                last = dict(row.value) if row is not None and isinstance(row.value, dict) else {}
                if last.get("day", "") > day.isoformat():
                    return "done"             # another service's clock is ahead: that day's backup covers this
                if last.get("day") == day.isoformat():
                    state, at = last.get("state"), datetime.fromisoformat(last.get("at", moment.isoformat()))
                    if state == "done":
                        return "done"
                    if state == "running" and last.get("by") != self.owner and moment - at < STALE_AFTER:
                        return "busy"
                    if state == "failed" and moment < at + RETRY_AFTER:
                        return "busy"
                value = {"day": day.isoformat(), "state": "running", "by": self.owner, "at": moment.isoformat()}
                if row is None:
                    s.add(Setting(key=LAST_KEY, value=value))
                else:
                    row.value = value
        except IntegrityError:      # PostgreSQL: another service inserted the first claim at the same moment
            return "busy"
        return "ours"

    def _record(self, day: date, fields: dict) -> None:
        try:
            with self.store.write() as s:
                row = s.get(Setting, LAST_KEY, with_for_update=True)
                if row is not None and isinstance(row.value, dict) and row.value.get("day") == day.isoformat():
                    row.value = {**row.value, **fields}
        except Exception:
            log.warning("recording the daily backup's outcome failed", exc_info=True)

    def _failed(self, day: date, moment: datetime, settings: BackupSettings, exc: Exception) -> None:
        clear = isinstance(exc, (BackupError, DormWattError, StoreError, OSError))
        reason = str(exc) if clear else f"{type(exc).__name__}: {exc}"
        log.error("daily backup into %s failed: %s", settings.directory(), reason, exc_info=not clear)
        self._not_before = moment + RETRY_AFTER
        self._record(day, {"state": "failed", "error": reason, "at": moment.isoformat()})
        try:
            with self.store.write() as s:
                raise_alarm(s, ALARM_KIND, level=2, open_key=f"{ALARM_KIND}-{day.isoformat()}",
                            message=f"The daily backup of {day.isoformat()} failed: {reason}",
                            details={"day": day.isoformat(), "folder": str(settings.directory()),
                                     "error": reason, "by": self.owner})
        except Exception:
            log.warning("raising the backup alarm failed", exc_info=True)
