"""Backup and restore (app.care.backup) as an administrator relies on them: money moved, backed up,
restored onto an empty store, and the restored store passes `ledger verify` and `audit verify` with the
same balances; a store that holds anything, a file that is no backup and a folder that cannot be written
are refused with a sentence and change nothing; the newest N backups are kept. On both backends."""
from __future__ import annotations

import itertools
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app import clock
from app.campus import occupancy
from app.care import backup as care
from app.care.backup import BackupError, backup, backups_in, restore
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from db import migrate
from db.engine import Store, make_engine
from db.models import Account, Building, LedgerEntry, Room
from tests import homes
from tests.conftest import _drop_database, _pg_admin, as_app_role, owner_url, pg_url
from tests.factories import make_campus
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parent.parent.parent
AT = datetime.fromisoformat("2026-12-03T07:00:00+08:00")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch) -> Path:
    return homes.private_home(tmp_path, monkeypatch)


_blank = itertools.count()


@contextmanager
def new_store(db_url: str, tmp_path: Path, revision: str | None = None) -> Iterator[str]:
    """The URL of a new store on the backend of `db_url`: a SQLite file, or a new PostgreSQL database
    (the owner's URL: a restore creates tables). No tables, or migrated to `revision` when given."""
    n = next(_blank)
    if db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / f'new{n}' / 'dormwatt.db'}"
        admin = name = None
    else:
        admin, name = _pg_admin(pg_url()), f"dw_new_{os.getpid()}_{n}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(owner_url(db_url)).set(database=name).render_as_string(hide_password=False)
    try:
        if revision is not None:
            engine = make_engine(url)
            migrate.upgrade(engine, revision)
            engine.dispose()
        yield url
    finally:
        if admin is not None:
            _drop_database(admin, name)
            admin.dispose()


@pytest.fixture
def blank_url(db_url, tmp_path):
    """An empty store (no tables; SQLite: no file yet) on the backend under test."""
    with new_store(db_url, tmp_path) as url:
        yield url


def money_moved(store: Store):
    """A shift's recharge, a consumption after the shift closed: balances, entries and anchors to keep."""
    campus = make_campus(store)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money.parse("100"))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                      method="cash", payer_id=a, key="r1")
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("12.34"),
                      method="cash", payer_id=a, key="r2")
    shifts.close_shift(store, campus.clerk, Money.parse("162.34"))
    Ledger(store).consumption(campus.admin, payments.account_for(store, room, "electricity"), Money(77), key="c1")
    return campus


def books(url: str) -> dict:
    """What a person would compare: every account's balance and entry count, rooms, entries."""
    store = Store(url, create=False)
    try:
        with store.read() as s:
            return {"accounts": sorted(s.execute(select(Account.room_id, Account.utility, Account.balance_fen,
                                                        Account.entry_count)).all()),
                    "rooms": s.scalar(select(func.count(Room.id))),
                    "entries": s.scalar(select(func.count(LedgerEntry.id)))}
    finally:
        store.dispose()


def run_main(*argv: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **env))


def folder_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ----- the round trip ----------------------------------------------------------------------------

def test_money_moved_is_backed_up_and_restored_whole(store, blank_url, tmp_path):
    money_moved(store)
    before = books(store.url)
    assert before["entries"] >= 3 and any(balance for _r, _u, balance, _n in before["accounts"])
    with clock.use(clock.FixedClock(AT)):
        file = backup(store, tmp_path / "backups")
    kind = "sqlite" if store.dialect == "sqlite" else "pgdump"
    assert file == tmp_path / "backups" / f"dormwatt-20261203-0700.{kind}"
    assert folder_files(file.parent) == [file.name]          # no temporary file left beside it

    r = restore(file, blank_url)
    assert r.ok and (r.drifted, r.problems, r.anchor_problems) == ((), (), ())
    assert r.revision == migrate.head_revision() and r.links > 0
    # The program's own role works on the restored store (PostgreSQL: the grants came back too).
    assert books(as_app_role(blank_url)) == before

    for check in (("ledger", "verify"), ("audit", "verify")):
        done = run_main(*check, "--db", as_app_role(blank_url))
        assert done.returncode == 0, done.stdout + done.stderr
    assert "ledger verify: 0 account(s) drifted" in run_main("ledger", "verify", "--db", blank_url).stdout


def test_backups_taken_while_money_moves_are_each_whole(store, db_url, tmp_path):
    """The service goes on posting while a backup is made: every backup restores to books that balance."""
    campus = money_moved(store)
    account = payments.account_for(store, campus.rooms["B1-101"], "electricity")
    ledger, stop, posted = Ledger(store), threading.Event(), []

    def post() -> None:
        while not stop.is_set():
            ledger.consumption(campus.admin, account, Money(1), key=f"busy-{len(posted)}")
            posted.append(1)

    writer = threading.Thread(target=post)
    writer.start()
    try:
        assert wait_for(lambda: len(posted) >= 5)
        files = []
        for _ in range(3):
            files.append(backup(store, tmp_path / "backups"))
            seen = len(posted)
            assert wait_for(lambda seen=seen: len(posted) > seen)     # posting went on meanwhile
    finally:
        stop.set()
        writer.join(30)
    entries = []
    for file in files:
        with new_store(db_url, tmp_path) as url:
            r = restore(file, url)
            assert r.ok, (r.drifted, r.problems)
            entries.append(books(url)["entries"])
    assert entries == sorted(entries) and entries[0] < entries[-1] <= books(store.url)["entries"]


def test_a_store_that_holds_rooms_and_money_is_refused_and_left_as_it_was(store, db_url, tmp_path):
    money_moved(store)
    file = backup(store, tmp_path)
    before = books(store.url)
    target = owner_url(db_url)
    with pytest.raises(BackupError) as refused:
        restore(file, target)
    message = refused.value.message
    assert "is not empty: it holds rooms (4)" in message and f"ledger entries ({before['entries']})" in message
    assert "nothing was changed" in message
    assert books(store.url) == before
    assert Ledger(store).verify() == []


def test_a_migrated_but_empty_store_takes_a_backup(store, db_url, tmp_path):
    """`db upgrade` on a new database first, then restore: the empty schema makes way for the backup's."""
    money_moved(store)
    before = books(store.url)
    file = backup(store, tmp_path / "backups")
    with new_store(db_url, tmp_path, "heads") as url:
        r = restore(file, url)
        assert r.ok and books(as_app_role(url)) == before


def test_a_backup_of_an_older_schema_is_brought_to_this_version(db_url, blank_url, tmp_path):
    old = "0013"
    with new_store(db_url, tmp_path, old) as source:
        engine = create_engine(source)
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO buildings (code, name) VALUES ('B9', '九号楼')"))
        engine.dispose()
        file = backup(source, tmp_path / "backups")
    r = restore(file, blank_url)
    assert (r.from_revision, r.revision) == (old, migrate.head_revision())
    # The program's role reads the old data and writes a table a later migration made (PostgreSQL:
    # the restored default privileges reached it).
    restored = Store(as_app_role(blank_url), create=False)
    try:
        with restored.read() as s:
            assert s.scalars(select(Building.name)).all() == ["九号楼"]
        with restored.write() as s:
            s.execute(text("DELETE FROM import_jobs"))
    finally:
        restored.dispose()


def test_restoring_where_the_store_was_lost_notes_the_anchors_past_the_backup(tmp_path, sqlite_template):
    """Disaster: the store file is gone, its anchor file beside it is not. The restored store is whole;
    the anchors written after the backup are named (what the backup lacks), not taken for damage."""
    path = tmp_path / "office" / "dormwatt.db"
    path.parent.mkdir()
    path.write_bytes(sqlite_template.read_bytes())
    store = Store(f"sqlite:///{path}")
    campus = money_moved(store)
    file = backup(store, tmp_path / "backups")
    shifts.open_shift(store, campus.clerk, Money.parse("10"))
    shifts.close_shift(store, campus.clerk, Money.parse("10"))      # one more anchor, after the backup
    store.dispose()
    for p in path.parent.glob("dormwatt.db*"):
        if not p.name.endswith(".anchors"):
            p.unlink()
    r = restore(file, f"sqlite:///{path}")
    assert r.ok and r.problems == ()
    assert len(r.anchor_problems) == 1 and "is gone" in r.anchor_problems[0]
    assert r.anchors_path == path.with_name("dormwatt.db.anchors")


# ----- refusals ----------------------------------------------------------------------------------

def test_garbage_and_foreign_files_are_refused_before_anything_is_made(tmp_path, blank_url):
    target = blank_url
    garbage = tmp_path / "dormwatt-20261203-0700.sqlite"
    garbage.write_bytes(os.urandom(4096))
    with pytest.raises(BackupError, match="is not a DormWatt backup"):
        restore(garbage, target)

    foreign = tmp_path / "notes.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    refusal = "not a DormWatt backup" if target.startswith("sqlite") else "restores only onto a SQLite store"
    with pytest.raises(BackupError, match=refusal):
        restore(foreign, target)

    fake_dump = tmp_path / "dormwatt-20261203-0700.pgdump"
    fake_dump.write_bytes(b"PGDMP" + os.urandom(1000))
    refusal = "not a DormWatt backup" if target.startswith("postgresql") else "restores only onto a PostgreSQL"
    with pytest.raises(BackupError, match=refusal):
        restore(fake_dump, target)

    with pytest.raises(BackupError, match="There is no backup file at"):
        restore(tmp_path / "missing.sqlite", target)
    if target.startswith("sqlite"):
        assert not Path(make_url(target).database).parent.exists()      # no folder, no file made


def test_a_cut_off_sqlite_backup_is_refused(store, tmp_path):
    if store.dialect != "sqlite":
        pytest.skip("a SQLite backup")
    money_moved(store)
    file = backup(store, tmp_path)
    half = tmp_path / "half.sqlite"
    half.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    target = tmp_path / "restored.db"
    with pytest.raises(BackupError, match="damaged|not a DormWatt backup"):
        restore(half, f"sqlite:///{target}")
    assert not target.exists()


def test_a_folder_that_cannot_be_made_is_refused_and_nothing_is_left(store, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    a_file = work / "notes.txt"
    a_file.write_text("not a folder")
    with pytest.raises(BackupError) as refused:
        backup(store, a_file / "backups" / "daily")
    assert refused.value.message.startswith(f"Cannot make the backup folder {a_file / 'backups' / 'daily'}:")
    assert folder_files(work) == ["notes.txt"] and a_file.read_text() == "not a folder"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into any folder")
def test_a_read_only_folder_is_refused(store, tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(BackupError, match=f"Cannot write a backup in {folder}"):
            backup(store, folder)
        assert folder_files(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_a_copy_that_fails_halfway_leaves_no_file_and_no_folder(store, tmp_path, monkeypatch):
    def breaks(_store, out):
        out.write_bytes(b"SQLite format 3\x00 half")
        raise BackupError("Could not copy the store: the disk is full.")

    def breaks_pg(_url, out, _shown):
        breaks(None, out)

    monkeypatch.setattr(care, "_copy_sqlite", breaks)
    from app.care import pg_tools
    monkeypatch.setattr(pg_tools, "dump", breaks_pg)
    with pytest.raises(BackupError, match="disk is full"):
        backup(store, tmp_path / "new" / "backups")
    assert not (tmp_path / "new").exists()


# ----- keeping N ---------------------------------------------------------------------------------

def test_keep_n_deletes_the_oldest_of_our_backups_only(store, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("the office's own file")
    (folder / "dormwatt-old.sqlite").write_text("named almost like ours")
    kind = "sqlite" if store.dialect == "sqlite" else "pgdump"
    fixed = clock.FixedClock(datetime.fromisoformat("2026-12-01T03:00:00+08:00"))
    with clock.use(fixed):
        for _ in range(4):
            backup(store, folder, keep=3)
            fixed.advance(timedelta(days=1))
        fixed.advance(timedelta(days=-1))
        backup(store, folder, keep=3)                  # the same minute again: "-2", the newest
    ours = [p.name for p in backups_in(folder)]
    assert ours == [f"dormwatt-20261203-0300.{kind}", f"dormwatt-20261204-0300.{kind}",
                    f"dormwatt-20261204-0300-2.{kind}"]
    assert sorted(folder_files(folder)) == sorted([*ours, "notes.txt", "dormwatt-old.sqlite"])


# ----- PostgreSQL's programs ---------------------------------------------------------------------

def test_pg_dump_gets_the_password_from_the_environment_only(store, tmp_path, monkeypatch):
    if store.dialect != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL stores")
    import shutil

    real = shutil.which("pg_dump")
    seen = tmp_path / "seen"
    wrapper = tmp_path / "bin" / "pg_dump"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\necho "PGPASSWORD=${{PGPASSWORD:+set}}" >> {seen}\n'
                       f'exec {real} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    file = backup(store, tmp_path / "backups")
    assert file.suffix == ".pgdump" and file.read_bytes().startswith(b"PGDMP")
    *args, env = seen.read_text().splitlines()
    password = make_url(store.url).password
    assert password and env == "PGPASSWORD=set"
    assert "--format=custom" in args
    assert not [a for a in args if "password=" in a.lower() or f":{password}@" in a]


def test_without_pg_dump_the_message_names_it_and_nothing_is_left(store, tmp_path, monkeypatch):
    if store.dialect != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL stores")
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    with pytest.raises(BackupError, match="need the program pg_dump"):
        backup(store, tmp_path / "backups")
    assert not (tmp_path / "backups").exists()
