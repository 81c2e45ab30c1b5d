"""What the installed programs are given to run (packaging/, frozen by installer.spec), checked here
from the checkout; tests/e2e/test_installer.py starts the frozen programs themselves."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def _entry(name: str):
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", ROOT / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dormwatt_serve_is_the_service_unless_a_command_or_version_is_asked_for():
    line = _entry("serve").command_line
    assert line([]) == ["serve"]
    assert line(["--db", "sqlite:///x.db", "--log-file", "s.log"]) == ["serve", "--db", "sqlite:///x.db",
                                                                       "--log-file", "s.log"]
    assert line(["-h"]) == ["serve", "-h"]
    assert line(["--version"]) == ["--version"]
    assert line(["db", "upgrade", "--config", "d.ini"]) == ["db", "upgrade", "--config", "d.ini"]
    assert line(["bus", "list"]) == ["bus", "list"]


def test_version_is_the_installed_packages():
    done = subprocess.run([sys.executable, "main.py", "--version"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == f"DormWatt {metadata.version('dormwatt')}"
