"""Only app/clock.py (and db/base.py beneath it) reads the wall clock: everything else asks app.clock,
so a test that installs a FixedClock moves every date-dependent path with it.

The scan resolves import aliases (`import datetime as dt`, `from time import time`) and flags
references as well as calls (`default=datetime.now` reads the clock later just the same).
time.monotonic and time.perf_counter measure durations, not dates, and are allowed.
The database server's clock (`func.now()`, `server_default=...CURRENT_TIMESTAMP`, `'now'` in SQL text)
escapes a FixedClock just the same: only the bus leases use it, on purpose (machines whose clocks
disagree must still agree on who holds a bus).
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = {"app/clock.py", "db/base.py"}
SERVER_CLOCK_ALLOWED = {"app/sync/leases.py"}

# Read the wall clock whether called or passed along as a function.
WALL_CLOCK = {
    "datetime.datetime.now", "datetime.datetime.utcnow", "datetime.datetime.today", "datetime.date.today",
    "time.time", "time.time_ns",
    "PySide6.QtCore.QDateTime.currentDateTime", "PySide6.QtCore.QDateTime.currentDateTimeUtc",
    "PySide6.QtCore.QDateTime.currentMSecsSinceEpoch", "PySide6.QtCore.QDateTime.currentSecsSinceEpoch",
    "PySide6.QtCore.QDate.currentDate", "PySide6.QtCore.QTime.currentTime",
}
# Read the wall clock only when called without the time to convert.
WALL_CLOCK_WITHOUT_ARGS = {"time.localtime", "time.gmtime", "time.ctime", "time.asctime"}
# The database server's clock, through SQLAlchemy or in SQL text.
SERVER_CLOCK = {f"sqlalchemy.func.{name}" for name in (
    "now", "current_timestamp", "current_date", "current_time", "localtimestamp", "localtime", "sysdate",
    "clock_timestamp", "statement_timestamp", "transaction_timestamp")}
SERVER_CLOCK_SQL = re.compile(r"\b(clock_timestamp|statement_timestamp|transaction_timestamp|current_timestamp|"
                              r"current_date|current_time|localtimestamp|now\s*\(\s*\))|'now'", re.IGNORECASE)


def _sources() -> list[Path]:
    paths = [p for pkg in ("app", "db", "ui") for p in (ROOT / pkg).rglob("*.py")]
    return sorted(paths + [p for p in (ROOT / "main.py",) if p.exists()])


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted name it was imported as, for every import in the module."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    names[a.asname] = a.name
                else:
                    top = a.name.split(".")[0]
                    names[top] = top
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:
                names[a.asname or a.name] = f"{node.module}.{a.name}"
    return names


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def _qualifier(tree: ast.Module):
    aliases = _aliases(tree)

    def qualified(node: ast.expr) -> str | None:
        name = _dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head not in aliases:
            return None
        return aliases[head] + ("." + rest if rest else "")

    return qualified


def wall_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, qualified name) of every wall-clock read in `source`."""
    tree = ast.parse(source)
    qualified = _qualifier(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and not node.args and not node.keywords:
            q = qualified(node.func)
            if q in WALL_CLOCK_WITHOUT_ARGS:
                found.append((node.lineno, q))
        if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
            q = qualified(node)
            if q in WALL_CLOCK:
                found.append((node.lineno, q))
    return sorted(set(found))


def server_clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) of every use of the database server's clock in `source`: SQLAlchemy's `func.now`
    and its kin, and SQL text (a `text(...)` argument, an `execute` or `exec_driver_sql` string, a
    `server_default`) that asks the server for the time."""
    tree = ast.parse(source)
    qualified = _qualifier(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and qualified(node) in SERVER_CLOCK:
            found.append((node.lineno, qualified(node)))
        if not isinstance(node, ast.Call):
            continue
        name = _dotted(node.func) or ""
        sql_args = list(node.args[:1]) if name.split(".")[-1] in ("text", "execute", "exec_driver_sql") else []
        sql_args += [k.value for k in node.keywords if k.arg == "server_default"]
        for arg in sql_args:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and SERVER_CLOCK_SQL.search(arg.value):
                found.append((arg.lineno, f"SQL {arg.value!r}"))
    return sorted(set(found))


@pytest.mark.parametrize("source, expected", [
    ("from datetime import datetime\nx = datetime.now()", ["datetime.datetime.now"]),
    ("import datetime as dt\nx = dt.datetime.utcnow()", ["datetime.datetime.utcnow"]),
    ("from datetime import date as D\nx = D.today()", ["datetime.date.today"]),
    ("from time import time\nx = time()", ["time.time"]),
    ("import time\nf = time.time", ["time.time"]),                      # a reference reads it later
    ("import time\nx = time.localtime()", ["time.localtime"]),
    ("from PySide6.QtCore import QDateTime\nx = QDateTime.currentDateTime()",
     ["PySide6.QtCore.QDateTime.currentDateTime"]),
    ("import time\nx = time.monotonic() + time.perf_counter()", []),
    ("import time\nx = time.localtime(0)", []),
    ("from app import clock\nx = clock.now(); y = clock.today()", []),
    ("from datetime import datetime\nx = datetime.fromisoformat('2026-01-01')", []),
])
def test_the_scan_recognises_wall_clock_reads(source, expected):
    assert [q for _line, q in wall_clock_reads(source)] == expected


def test_nothing_but_app_clock_reads_the_wall_clock():
    offenders = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED:
            continue
        for line, name in wall_clock_reads(path.read_text(encoding="utf-8")):
            offenders.append(f"{rel}:{line}: {name}")
    assert offenders == [], "read the time through app.clock instead:\n" + "\n".join(offenders)


@pytest.mark.parametrize("source, expected", [
    ("from sqlalchemy import func\nc = Column(DateTime, server_default=func.now())", ["sqlalchemy.func.now"]),
    ("import sqlalchemy as sa\nq = sa.select(sa.func.current_timestamp())", ["sqlalchemy.func.current_timestamp"]),
    ("from sqlalchemy import text\nq = text('SELECT clock_timestamp()')", ["SQL 'SELECT clock_timestamp()'"]),
    ("s.execute(\"SELECT strftime('%s', 'now')\")", ["SQL \"SELECT strftime('%s', 'now')\""]),
    ("c = Column(Integer, server_default='CURRENT_TIMESTAMP')", ["SQL 'CURRENT_TIMESTAMP'"]),
    ("from sqlalchemy import func\nq = select(func.count(T.id))", []),
    ("c = Column(Integer, server_default='0')", []),
    ('"""Times come from clock.now(), never the server."""', []),
])
def test_the_scan_recognises_the_database_servers_clock(source, expected):
    assert [what for _line, what in server_clock_reads(source)] == expected


def test_only_the_bus_leases_read_the_database_servers_clock():
    offenders = []
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel in SERVER_CLOCK_ALLOWED:
            continue
        for line, what in server_clock_reads(path.read_text(encoding="utf-8")):
            offenders.append(f"{rel}:{line}: {what}")
    assert offenders == [], "write times from app.clock (db.base.utcnow for column defaults):\n" + "\n".join(offenders)


def test_the_bus_leases_still_need_their_exception():
    # if leases stop using the server's clock, drop them from SERVER_CLOCK_ALLOWED
    assert server_clock_reads((ROOT / "app/sync/leases.py").read_text(encoding="utf-8"))
