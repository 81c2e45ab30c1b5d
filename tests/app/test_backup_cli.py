"""`python main.py backup` and `python main.py restore` as an administrator runs them, in real processes:
the file written is printed, the restored store passes `ledger verify` and `audit verify`, and a refusal
is one line on stderr with exit code 2."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests import homes
from tests.app.test_backup import books, money_moved, new_store, run_main
from tests.conftest import as_app_role

PINNED = {"DORMWATT_CLOCK_START": "2026-12-03T07:00:00+08:00"}


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch) -> Path:
    return homes.private_home(tmp_path, monkeypatch)


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in lines[0], lines
    return lines[0]


def test_backup_then_restore_onto_an_empty_store_from_the_command_line(store, db_url, tmp_path, private_home):
    money_moved(store)
    before = books(store.url)
    kind = "sqlite" if store.dialect == "sqlite" else "pgdump"

    done = run_main("backup", "--db", store.url, **PINNED)               # the default folder
    assert (done.returncode, done.stderr) == (0, "")
    default = private_home / "data" / "DormWatt" / "backups" / f"dormwatt-20261203-0700.{kind}"
    assert done.stdout.strip() == str(default) and default.is_file()

    folder = tmp_path / "elsewhere"
    done = run_main("backup", "--db", store.url, "--to", str(folder), "--keep", "1", **PINNED)
    assert done.returncode == 0, done.stderr
    file = Path(done.stdout.strip())
    assert file.parent == folder and [p.name for p in folder.iterdir()] == [file.name]

    with new_store(db_url, tmp_path) as target:
        done = run_main("restore", str(file), "--db", target)
        assert done.returncode == 0, done.stdout + done.stderr
        out = done.stdout.splitlines()
        assert out[0].startswith(f"restored {file} onto ")
        assert "ledger verify: 0 account(s) drifted" in out
        for check in (("ledger", "verify"), ("audit", "verify")):
            verified = run_main(*check, "--db", as_app_role(target))
            assert verified.returncode == 0, verified.stdout + verified.stderr
        assert books(as_app_role(target)) == before

        again = run_main("restore", str(file), "--db", target)          # it holds the campus now
        assert again.returncode == 2
        assert "is not empty: it holds rooms (4)" in one_error_line(again.stderr)
        assert books(as_app_role(target)) == before


def test_refusals_are_one_line_and_exit_2(store, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a backup")
    done = run_main("backup", "--db", store.url, "--to", str(a_file / "backups"))
    assert done.returncode == 2
    assert one_error_line(done.stderr).startswith(f"error: Cannot make the backup folder {a_file / 'backups'}")

    done = run_main("restore", str(a_file), "--db", f"sqlite:///{tmp_path / 'new.db'}")
    assert done.returncode == 2 and "is not a DormWatt backup" in one_error_line(done.stderr)
    assert not (tmp_path / "new.db").exists()

    done = run_main("backup", "--db", f"sqlite:///{tmp_path / 'nowhere.db'}", "--to", str(tmp_path / "b"))
    assert done.returncode == 2 and "no store at" in one_error_line(done.stderr)
    assert not os.path.exists(tmp_path / "b") and not os.path.exists(tmp_path / "nowhere.db")

    done = run_main("backup", "--db", store.url, "--keep", "0")
    assert done.returncode == 2 and "must be at least 1" in done.stderr
