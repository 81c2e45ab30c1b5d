"""The backup folder: what a backup is called, which files are ours, keeping the newest N, and making
a folder so that a failure leaves none of it behind (app.care.backup writes and reads the files)."""
from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from app import clock
from app.errors import DormWattError
from db.engine import reason, shown, user_data_dir  # noqa: F401 (reason, shown: used by backup)

NAME = re.compile(r"^dormwatt-(\d{8})-(\d{4})(?:-(\d+))?\.(sqlite|pgdump)$")


class BackupError(DormWattError):
    """A backup could not be written or restored; the message says why. A half-written backup never
    carries a backup's name, and a refused restore changed nothing."""


def default_dir() -> Path:
    """Where backups go unless told otherwise: the user data folder's `backups`."""
    return user_data_dir() / "backups"


def backup_name(moment: datetime, kind: str, n: int = 1) -> str:
    """The file name of the `n`th backup of `kind` ("sqlite" or "pgdump") made in `moment`'s minute."""
    return f"dormwatt-{clock.local(moment):%Y%m%d-%H%M}{f'-{n}' if n > 1 else ''}.{kind}"


def backups_in(folder: Path) -> list[Path]:
    """The backups in `folder` (files named like ours), oldest first."""
    found = []
    for p in folder.iterdir() if folder.is_dir() else ():
        m = NAME.match(p.name)
        if m and p.is_file():
            found.append(((m[1], m[2], int(m[3] or 1)), p))
    return [p for _key, p in sorted(found)]


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete the oldest backups in `folder` beyond the newest `keep`; returns those deleted."""
    if keep < 1:
        raise BackupError("Keep at least one backup.")
    gone = backups_in(folder)[:-keep]
    for p in gone:
        p.unlink(missing_ok=True)
    return gone


def make_folder(folder: Path) -> list[Path]:
    """Make `folder` and the parents it lacks; returns those made (deepest last), or raises BackupError
    having made none."""
    missing, p = [], folder
    while not p.exists() and p != p.parent:
        missing.append(p)
        p = p.parent
    made: list[Path] = []
    try:
        for d in reversed(missing):
            d.mkdir()
            made.append(d)
    except OSError as exc:
        unmake(made)
        raise BackupError(f"Cannot make the backup folder {folder}: {reason(exc)}. Choose a folder "
                          "DormWatt may write to.") from None
    if not folder.is_dir():
        raise BackupError(f"Cannot write backups to {folder}: it is not a folder.")
    return made


def unmake(made: list[Path]) -> None:
    for d in reversed(made):
        try:
            d.rmdir()
        except OSError:
            pass


def sync_file(path: Path) -> None:
    """Make `path`'s content durable before it is renamed (opened for writing: Windows flushes only so)."""
    with path.open("r+b") as f:
        os.fsync(f.fileno())
