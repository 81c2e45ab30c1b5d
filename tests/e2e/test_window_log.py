"""The window's log file (app.care.logs), as a person starts the program: `python main.py demo`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_the_window_logs_to_window_log_in_the_user_data_folder(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "main.py", "demo", "--rooms", "20", "--no-meters", "--smoke-exit"],
                          cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)
    assert done.returncode == 0, done.stderr
    assert "ready: 20 rooms" in done.stdout
    log = tmp_path / "data" / "DormWatt" / "logs" / "window.log"
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines, "window.log is empty"
    first = lines[0]
    assert f"logging to {log}" in first and " INFO [" in first and " MainThread] " in first
    assert first.split(" INFO [", 1)[1].split(" ", 1)[0].isdigit()      # the process id
    assert not (tmp_path / "data" / "DormWatt" / "crash-reports").exists()   # a clean run leaves no report
