"""The installed folder as an office PC gets it: PyInstaller builds DormWatt/ from installer.spec, and
its two programs start as a person starts them, with no Python and no checkout behind them — the window
on the demo campus with its simulated meters, the service's version, the command line and the meter
service on a line behind a gateway.

Marked `installer` and so left out of the suite (pyproject's addopts): .ci/run builds once with
`make installer` and runs `pytest -m installer tests/e2e/test_installer.py` with
DORMWATT_INSTALLER_DIST=dist/DormWatt. Without that variable the test builds into a temporary folder
(about a minute of both cores).
"""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest

from app import clock
from drivers.sim.fleet import Fleet
from drivers.sim.server import TcpGateway
from tests.waiting import wait_for

pytestmark = pytest.mark.installer

ROOT = Path(__file__).resolve().parent.parent.parent
EXE = ".exe" if sys.platform == "win32" else ""


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The built folder: DORMWATT_INSTALLER_DIST, else a fresh build of installer.spec."""
    given = os.environ.get("DORMWATT_INSTALLER_DIST")
    if given:
        folder = Path(given).resolve()
        assert (folder / f"DormWatt{EXE}").is_file(), f"no build at {folder} (run `make installer`)"
        return folder
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: `make installer` installs it (the `installer` extra)")
    out = tmp_path_factory.mktemp("pyinstaller")
    started = time.monotonic()
    built = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                            "--distpath", str(out / "dist"), "--workpath", str(out / "build"), "installer.spec"],
                           cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert built.returncode == 0, built.stderr[-5000:]
    print(f"installer built in {time.monotonic() - started:.0f} s")
    return out / "dist" / "DormWatt"


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    """The environment of a user of the installed program: an empty home, no Python of ours around."""
    dirs = {name: tmp_path / name for name in ("home", "data", "config", "cache")}
    for path in dirs.values():
        path.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "DORMWATT_", "XDG_", "QT_"))}
    env.update(HOME=str(dirs["home"]), XDG_DATA_HOME=str(dirs["data"]), XDG_CONFIG_HOME=str(dirs["config"]),
               XDG_CACHE_HOME=str(dirs["cache"]), QT_QPA_PLATFORM="offscreen",
               DORMWATT_CLOCK_START=clock.now().isoformat())       # the suite's pinned day
    return env


def run(bundle: Path, program: str, *args: str, env: dict[str, str], timeout: float = 300,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(bundle / f"{program}{EXE}"), *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=cwd)


def test_the_window_opens_the_demo_campus_with_its_simulated_meters_in_chinese(bundle, home, tmp_path):
    # the clerk chose Chinese: the window loads the shipped catalogue and the CJK font
    settings = Path(home["XDG_CONFIG_HOME"]) / "DormWatt" / "DormWatt.conf"
    settings.parent.mkdir()
    settings.write_text("[ui]\nlanguage=zh_CN\n", encoding="utf-8")
    # started away from the folder, as a shortcut starts it: nothing may be looked up from the cwd
    win = run(bundle, "DormWatt", "demo", "--rooms", "24", "--smoke-exit", env=home, cwd=tmp_path)
    assert win.returncode == 0, win.stderr[-5000:]
    assert "Creating the demo campus" in win.stdout and "ready: 24 rooms" in win.stdout
    # the migrations shipped in the folder made the demo store
    assert (Path(home["XDG_DATA_HOME"]) / "DormWatt" / "demo.db").stat().st_size > 0
    logs = win.stderr + "".join(p.read_text(errors="replace")
                                for p in Path(home["XDG_DATA_HOME"]).rglob("*.log"))
    assert "no catalogue for zh_CN" not in logs and "could not load the CJK font" not in logs
    assert "Traceback" not in logs


def test_the_service_says_its_version(bundle, home):
    done = run(bundle, "dormwatt-serve", "--version", env=home, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"DormWatt {metadata.version('dormwatt')}"


def test_the_command_line_and_the_service_reach_the_meters_behind_a_gateway(bundle, home, tmp_path):
    url = f"sqlite:///{tmp_path / 'office.db'}"
    fleet = Fleet(meters=2, water=0, physics=False)
    with TcpGateway(fleet, "127.0.0.1", 0, 9600, False, speed=0) as gateway:
        up = run(bundle, "dormwatt-serve", "db", "upgrade", "--db", url, env=home)
        assert up.returncode == 0, up.stderr
        added = run(bundle, "dormwatt-serve", "bus", "add", "--port", gateway.url, "--db", url, env=home)
        assert added.returncode == 0, added.stderr
        scanned = run(bundle, "dormwatt-serve", "bus", "scan", "1", "--addresses", "1-3", "--db", url, env=home)
        assert scanned.returncode == 0, scanned.stderr
        lines = scanned.stdout.splitlines()
        assert lines[1].startswith("address 1: ddsy (DDSY1946A-13), serial ")
        assert lines[2].startswith("address 2: ddsy (DDSY1946A-13), serial ")
        assert lines[-1].startswith("bus 1: 2 answered (2 ddsy, 0 lxsy, 0 other)")
        # the service (what the Windows task starts) opens the line and stops cleanly on SIGTERM
        log = tmp_path / "serve.log"
        serve = subprocess.Popen([str(bundle / f"dormwatt-serve{EXE}"), "--db", url, "--log-file", str(log)],
                                 env=home, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            opened = wait_for(lambda: log.exists() and f"line {gateway.url}: port open" in log.read_text(),
                              timeout=60)
            assert opened, log.read_text() if log.exists() else serve.stderr
            serve.send_signal(signal.SIGTERM)
            assert serve.wait(30) == 0
        finally:
            if serve.poll() is None:
                serve.kill()
                serve.wait(10)
        assert "stopped" in log.read_text()
