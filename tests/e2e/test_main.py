"""The program as a person starts it: subprocesses with real exit codes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _run(*args: str, env_extra: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env_extra or {}))
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_cli_demo_data_upgrade_verify_and_window(tmp_path):
    url = f"sqlite:///{tmp_path / 'campus.db'}"
    made = _run("demo-data", "--rooms", "40", "--days", "3", "--out", url)
    assert made.returncode == 0, made.stderr
    assert "40 rooms" in made.stdout
    again = _run("demo-data", "--rooms", "40", "--out", url)
    assert again.returncode == 2 and "already has rooms" in again.stderr
    up = _run("db", "upgrade", "--db", url)
    from db.migrate import head_revision

    assert up.returncode == 0 and f"-> {head_revision()}" in up.stdout
    ok = _run("ledger", "verify", "--db", url)
    assert ok.returncode == 0 and "0 account(s) drifted" in ok.stdout
    # the app starts, paints the rooms and quits with exit code 0 (PySide6 + pyqtgraph pins still work)
    win = _run("--db", url, "--user", "clerk", "--smoke-exit", env_extra={"DORMWATT_PASSWORD": "clerk-demo"})
    assert win.returncode == 0, win.stderr
    assert "ready: 40 rooms" in win.stdout
    refused = _run("--db", url, "--user", "clerk", "--smoke-exit", env_extra={"DORMWATT_PASSWORD": "wrong"})
    assert refused.returncode != 0 and "Wrong login name or password" in refused.stderr


def test_ledger_verify_reports_drift_with_exit_code_1(tmp_path):
    import sqlite3

    url = f"sqlite:///{tmp_path / 'campus.db'}"
    assert _run("demo-data", "--rooms", "10", "--days", "2", "--out", url).returncode == 0
    con = sqlite3.connect(tmp_path / "campus.db")
    con.execute("UPDATE accounts SET balance_fen = balance_fen + 1 WHERE id = 1")
    con.commit()
    con.close()
    bad = _run("ledger", "verify", "--db", url)
    assert bad.returncode == 1
    assert "account 1: cached" in bad.stdout and "1 account(s) drifted" in bad.stdout


def test_window_on_a_new_store_upgrades_it_first(tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    win = _run("--db", url, "--smoke-exit")
    assert win.returncode == 0, win.stderr
    assert "ready: set-up wizard" in win.stdout


def test_pyqtgraph_and_pyside6_work_together():
    code = ("import pyqtgraph as pg\nfrom PySide6.QtWidgets import QApplication\napp = QApplication([])\n"
            "w = pg.PlotWidget(); c = w.plot([1, 2, 3], [3, 1, 2]); w.show(); app.processEvents()\n"
            "assert c.getData()[1].tolist() == [3, 1, 2]\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_demo_command_creates_the_demo_campus_once_and_opens_the_window(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path)}
    first = _run("demo", "--rooms", "30", "--no-meters", "--smoke-exit", env_extra=env)
    assert first.returncode == 0, first.stderr
    assert "Creating the demo campus" in first.stdout and "ready: 30 rooms" in first.stdout
    assert (tmp_path / "DormWatt" / "demo.db").exists()
    second = _run("demo", "--no-meters", "--smoke-exit", env_extra=env)
    assert second.returncode == 0 and "Creating" not in second.stdout and "ready: 30 rooms" in second.stdout


def test_pyside6_keeps_none_alive():
    """PySide6 6.12.0 on CPython 3.11 lost a reference to None per void call and aborted the app."""
    code = ("import sys\nfrom PySide6.QtCore import QObject\no = QObject()\nn = sys.getrefcount(None)\n"
            "for _ in range(20000):\n    o.setObjectName('x')\nprint(sys.getrefcount(None) - n)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert abs(int(proc.stdout.strip())) < 100


def test_the_window_without_a_display_says_so_in_one_line(tmp_path):
    """A window started over ssh or from a service manager: one line, exit code 2, no traceback, and no
    store made on the way."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "main.py", "--db", f"sqlite:///{tmp_path / 'x.db'}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: no display") and "serve" in lines[0]
    assert not (tmp_path / "x.db").exists()
