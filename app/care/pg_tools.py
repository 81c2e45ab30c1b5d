"""PostgreSQL's own client programs for backups: `pg_dump -Fc` writes one, `pg_restore` reads one back.

What a caller may rely on:
- the connection comes from the store's URL as a libpq connection string without the password; the
  password reaches the program through the PGPASSWORD environment variable only, never its command line;
- a program missing from PATH raises `BackupError` naming it; a program that fails raises
  `BackupError` with the first error line it printed.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from app.care.backup_files import BackupError


def program(name: str) -> str:
    """The path of PostgreSQL's `name` program (pg_dump, pg_restore) or a BackupError saying it is missing."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"PostgreSQL backups need the program {name} (PostgreSQL's client tools), and it "
                          "is not on PATH. Install the PostgreSQL client of the server's version and try again.")
    return found


def _quoted(value: object) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def connection(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for `url` without its password, and the environment to run a program
    in (the password in PGPASSWORD when the URL has one; otherwise ~/.pgpass or the like applies)."""
    parts = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    for key, value in url.query.items():      # sslmode=require, host=/run/postgresql, ...
        parts[key] = value[-1] if isinstance(value, tuple) else value
    conninfo = " ".join(f"{k}={_quoted(v)}" for k, v in parts.items() if v not in (None, ""))
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return conninfo, env


def first_error(stderr: str) -> str:
    """The line of a program's complaint worth showing: its first error, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "error:" in line or "FATAL:" in line or "ERROR:" in line:
            return line
    return lines[-1] if lines else "no reason given"


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          stdin=subprocess.DEVNULL)


def dump(url: URL, out: Path, shown: str) -> None:
    """Write the database at `url` to `out` in pg_dump's custom format (a consistent snapshot: the
    service goes on writing meanwhile)."""
    conninfo, env = connection(url)
    done = run([program("pg_dump"), "--format=custom", f"--file={out}", f"--dbname={conninfo}"], env)
    if done.returncode != 0:
        raise BackupError(f"pg_dump could not back up the store at {shown}: {first_error(done.stderr)}")


def listing(file: Path) -> str:
    """pg_restore's table of contents of `file` (BackupError if it is no archive pg_restore can read)."""
    done = run([program("pg_restore"), "--list", str(file)])
    if done.returncode != 0:
        raise BackupError(f"{file} is not a DormWatt backup: pg_restore cannot read it "
                          f"({first_error(done.stderr)}).")
    return done.stdout


def table_rows(file: Path, table: str) -> list[str]:
    """The rows of `table` in the archive `file`, as COPY text lines."""
    done = run([program("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(file)])
    if done.returncode != 0:
        raise BackupError(f"{file} is not a DormWatt backup: pg_restore cannot read it "
                          f"({first_error(done.stderr)}).")
    rows, inside = [], False
    for line in done.stdout.splitlines():
        if line.startswith("COPY "):
            inside = True
        elif inside and line == "\\.":
            break
        elif inside:
            rows.append(line)
    return rows


def restore(file: Path, url: URL, shown: str) -> None:
    """Load the archive `file` into the empty database at `url`, in one transaction (on any error
    nothing of it stays). Objects belong to the URL's role; the archive's grants are restored."""
    conninfo, env = connection(url)
    done = run([program("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner",
                f"--dbname={conninfo}", str(file)], env)
    if done.returncode != 0:
        raise BackupError(f"pg_restore could not restore {file} onto {shown} (nothing of it was kept): "
                          f"{first_error(done.stderr)}")
