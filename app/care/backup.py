"""Backups of the store, and a backup restored onto an empty store. No Qt: the command line
(`python main.py backup`, `python main.py restore`) and the service's daily backup
(app.care.backup_schedule) use the same two functions.

What a caller may rely on:
- `backup(store_or_url, to_dir, keep=N)` writes one file and returns its path. SQLite goes through
  sqlite3's online backup API, PostgreSQL through `pg_dump -Fc` (app.care.pg_tools): both give a
  consistent copy while the service goes on writing. The name carries the campus time (app.clock):
  `dormwatt-20261203-0300.sqlite` or `.pgdump`, then `-2`, `-3`... when that minute has one already.
  The file is written under a hidden temporary name in `to_dir` and renamed once whole: a file with a
  backup's name is always complete. `keep=N` then deletes the oldest backups in `to_dir` beyond the
  newest N, touching only files named like ours. A folder that cannot be made or written raises
  BackupError and leaves nothing behind (no folder made, no temporary file).
- `restore(file, target_url)` loads a backup onto an EMPTY store and brings it to this version's
  schema. Empty means no tables at all (a new SQLite file, a new PostgreSQL database), or a DormWatt
  schema whose tables hold no rows besides those every new store starts with (a new database after
  `db upgrade`). A store holding anything else is refused, naming what it holds, and left as it was.
  A file that is not a DormWatt backup (another file, garbage, a damaged copy, a backup made by a newer
  DormWatt, a SQLite backup for a PostgreSQL store or the other way round) is refused before anything
  is touched. The restored store is then checked as `ledger verify` and `audit verify` check a store.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from app import clock
from app.care import pg_tools
from app.care.backup_files import (  # noqa: F401 (BackupError, backups_in, rotate: the module's interface)
    BackupError,
    backup_name,
    backups_in,
    default_dir,
    make_folder,
    reason,
    rotate,
    shown,
    sync_file,
    unmake,
)
from db import migrate
from db.engine import Store

log = logging.getLogger(__name__)
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
FRESH_TABLES = frozenset({"alembic_version", "chain_head", "sequences"})   # rows a new store starts with
SIGN_TABLES = ("alembic_version", "ledger_entries")                      # what makes a file a DormWatt store
NAMED_HOLDINGS = {"rooms": "rooms", "students": "students", "ledger_entries": "ledger entries",
                  "operators": "operators"}


@dataclass(frozen=True)
class Restored:
    """What `restore` did, and what the checks of `ledger verify` and `audit verify` found after."""

    file: Path
    target: str                          # the store's URL, password hidden
    from_revision: str                   # the backup's schema
    revision: str                        # the store's schema now (this version's)
    drifted: tuple[int, ...]             # accounts whose cached balance differs from their entries
    links: int                           # links in the hash chain
    problems: tuple[str, ...]            # the chain's own problems (edited, deleted, inserted records)
    anchor_problems: tuple[str, ...]     # anchors of the target's anchor file past the restored chain
    anchors_path: Path | None

    @property
    def ok(self) -> bool:
        return not self.drifted and not self.problems


def backup(store_or_url: Store | str, to_dir: str | os.PathLike[str], *, keep: int | None = None) -> Path:
    """Write a backup of the store into `to_dir` (see the module docstring); returns its path."""
    own = not isinstance(store_or_url, Store)
    store = Store(store_or_url, create=False) if own else store_or_url
    try:
        kind = {"sqlite": "sqlite", "postgresql": "pgdump"}.get(store.dialect)
        if kind is None:
            raise BackupError(f"DormWatt cannot back up a {store.dialect} store.")
        if migrate.current_revision(store.engine) is None:
            raise BackupError(f"The store at {shown(store.url)} is empty (no DormWatt schema): "
                              "there is nothing to back up.")
        if keep is not None and keep < 1:
            raise BackupError("Keep at least one backup.")
        folder = Path(to_dir)
        made = make_folder(folder)
        moment, n = clock.now(), 1
        while (folder / backup_name(moment, kind, n)).exists():
            n += 1
        final = folder / backup_name(moment, kind, n)
        partial = folder / f".{final.name}.partial"
        try:
            try:
                partial.open("xb").close()
            except OSError as exc:
                raise BackupError(f"Cannot write a backup in {folder}: {reason(exc)}. Choose a folder "
                                  "DormWatt may write to.") from None
            if kind == "sqlite":
                _copy_sqlite(store, partial)
            else:
                pg_tools.dump(store.engine.url, partial, shown(store.url))
            sync_file(partial)
            os.replace(partial, final)
        except BaseException:
            partial.unlink(missing_ok=True)
            unmake(made)
            raise
        if keep is not None:
            try:
                rotate(folder, keep)
            except OSError as exc:      # the backup is written; the old ones wait for the next rotation
                log.warning("backup %s written, but deleting older backups failed: %s", final, exc)
        return final
    finally:
        if own:
            store.dispose()


def _copy_sqlite(store: Store, out: Path) -> None:
    raw = store.engine.raw_connection()
    try:
        dest = sqlite3.connect(out)
        try:
            raw.driver_connection.backup(dest)       # one step: a snapshot, writers go on (WAL)
            dest.execute("PRAGMA journal_mode=DELETE")   # the copy is one self-contained file
        finally:
            dest.close()
    except sqlite3.Error as exc:
        raise BackupError(f"Could not copy the store to {out.parent}: {exc}.") from None
    finally:
        raw.close()


# ----- restore -------------------------------------------------------------------------------------

def restore(file: str | os.PathLike[str], target_url: str) -> Restored:
    """Restore the backup `file` onto the empty store at `target_url` (see the module docstring)."""
    file = Path(file)
    kind = _kind_of(file)
    try:
        target = make_url(target_url)
    except ArgumentError:
        raise BackupError(f"{shown(target_url)} is not a database URL.") from None
    backend = target.get_backend_name()
    if (kind, backend) not in (("sqlite", "sqlite"), ("pgdump", "postgresql")):
        made_for = "SQLite" if kind == "sqlite" else "PostgreSQL"
        raise BackupError(f"{file} is a backup of a {made_for} store; it restores only onto a {made_for} "
                          f"store, not onto {shown(target)}.")
    from_revision = _sqlite_revision(file) if kind == "sqlite" else _pgdump_revision(file)
    if not set(from_revision.split(",")) <= _known_revisions():
        raise BackupError(f"{file} was made by a newer version of DormWatt (schema {from_revision}; this "
                          f"version knows up to {migrate.head_revision()}): restore it with that version.")
    if kind == "sqlite":
        _restore_sqlite(file, target)
    else:
        _restore_pgdump(file, target)
    return _upgrade_and_check(file, target, from_revision)


def _kind_of(file: Path) -> str:
    if not file.is_file():
        raise BackupError(f"There is no backup file at {file}.")
    with file.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "pgdump"
    raise BackupError(f"{file} is not a DormWatt backup (neither a SQLite store nor a pg_dump archive).")


def _known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions()}


def _sqlite_revision(file: Path) -> str:
    con = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        check = con.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"{file} is damaged ({check}); it cannot be restored.")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not set(SIGN_TABLES) <= tables:
            raise BackupError(f"{file} is not a DormWatt backup (a SQLite file without DormWatt's tables).")
        revision = ",".join(sorted(r[0] for r in con.execute("SELECT version_num FROM alembic_version")))
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{file} is not a DormWatt backup ({exc}).") from None
    finally:
        con.close()
    if not revision:
        raise BackupError(f"{file} is not a DormWatt backup (its schema has no version).")
    return revision


def _pgdump_revision(file: Path) -> str:
    toc = pg_tools.listing(file)
    if not all(f"TABLE DATA public {t} " in toc for t in SIGN_TABLES):
        raise BackupError(f"{file} is not a DormWatt backup (a pg_dump archive without DormWatt's tables).")
    revision = ",".join(sorted(r.strip() for r in pg_tools.table_rows(file, "alembic_version") if r.strip()))
    if not revision:
        raise BackupError(f"{file} is not a DormWatt backup (its schema has no version).")
    return revision


def _holdings(engine: Engine, where: str) -> bool:
    """Whether the target has DormWatt's (empty) schema; raises BackupError when it is not empty."""
    try:
        names = set(inspect(engine).get_table_names())
        if not names:
            return False
        if "alembic_version" not in names:
            listed = ", ".join(sorted(names)[:5]) + (", ..." if len(names) > 5 else "")
            raise BackupError(f"The database at {where} holds tables that are not a DormWatt store ({listed}); "
                              "a backup is restored only onto an empty store. Nothing was changed.")
        newer = migrate.unknown_revision(engine)
        if newer is not None:
            raise BackupError(f"The store at {where} was migrated by a newer version of DormWatt (schema "
                              f"{newer}); a backup is restored only onto an empty store. Nothing was changed.")
        named, others = {}, 0
        with engine.connect() as c:
            for name in sorted(names - FRESH_TABLES):
                if c.execute(text(f'SELECT 1 FROM "{name}" LIMIT 1')).first() is None:
                    continue
                if name in NAMED_HOLDINGS:
                    named[name] = c.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
                else:
                    others += 1
    except SQLAlchemyError as exc:
        raise BackupError(f"Cannot open the store at {where}: {reason(exc)}.") from None
    if named or others:
        parts = [f"{label} ({named[t]})" for t, label in NAMED_HOLDINGS.items() if t in named]
        parts += [f"rows in {others} other table(s)"] if others else []
        what = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
        raise BackupError(f"The store at {where} is not empty: it holds {what}. A backup is restored only "
                          "onto an empty store (a new SQLite file or a new PostgreSQL database); nothing "
                          "was changed.")
    return True


def _restore_sqlite(file: Path, target: URL) -> None:
    where = shown(target)
    if not target.database or target.database == ":memory:" or target.database.startswith("file:"):
        raise BackupError(f"A backup is restored into a SQLite file, not into {where}.")
    path = Path(target.database)
    existed = path.exists()
    if existed:
        if not path.is_file():
            raise BackupError(f"Cannot restore onto {path}: it is not a file.")
        engine = create_engine(target)
        try:
            _holdings(engine, where)
        finally:
            engine.dispose()
    made = make_folder(path.parent)
    try:
        src = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(path, timeout=15)
            try:
                src.backup(dest)
            finally:
                dest.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        if not existed:
            for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
                p.unlink(missing_ok=True)
            unmake(made)
        raise BackupError(f"Could not restore {file} onto {path}: {reason(exc)}.") from None


def _restore_pgdump(file: Path, target: URL) -> None:
    where = shown(target)
    engine = create_engine(target)
    try:
        if _holdings(engine, where):
            # An empty DormWatt schema: its migrations take away what they made, so the archive's own
            # objects (tables, the append-only functions) can be created as they were.
            try:
                migrate.downgrade(engine, "base")
                with engine.begin() as c:
                    c.execute(text("DROP TABLE alembic_version"))
            except SQLAlchemyError as exc:
                raise BackupError(f"Cannot clear the empty schema of {where} for the restore: "
                                  f"{reason(exc)} (restore as the database's owner).") from None
    finally:
        engine.dispose()
    pg_tools.restore(file, target, where)


def _upgrade_and_check(file: Path, target: URL, from_revision: str) -> Restored:
    from app.counter.ledger import Ledger
    from app.integrity.verify import verify

    store = Store(target.render_as_string(hide_password=False), create=False)
    try:
        migrate.upgrade(store.engine)
        revision = migrate.current_revision(store.engine) or ""
        drifts = Ledger(store).verify()
        verdict = verify(store)
    finally:
        store.dispose()
    return Restored(file, shown(target), from_revision, revision, tuple(d.account_id for d in drifts),
                    verdict.links, tuple(p.text for p in verdict.problems if p.kind != "anchor"),
                    tuple(p.text for p in verdict.problems if p.kind == "anchor"), verdict.anchors_path)
