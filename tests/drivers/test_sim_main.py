"""``python -m drivers.sim`` as a subprocess: it says where it listens, answers, and stops cleanly."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from drivers import rtu
from drivers.profiles import DDSY1946A13, LXSY20

REPO = Path(__file__).resolve().parents[2]
IDENTITY = DDSY1946A13.block("identity")
WATER_IDENTITY = LXSY20.block("identity")


def start_sim(*args: str) -> tuple[subprocess.Popen[str], str]:
    """Start the simulator; return it and the one line it printed (within a deadline)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "drivers.sim", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    if not ready:
        proc.kill()
        raise AssertionError("simulator printed nothing within 30 s")
    line = proc.stdout.readline()
    if not line:
        proc.wait(5)
        raise AssertionError(f"simulator exited {proc.returncode}: {proc.stderr.read()}")
    return proc, line


def stop_sim(proc: subprocess.Popen[str], sig: int = signal.SIGTERM) -> int:
    """Stop the simulator; its exit code (negative when it had to be killed: it did not stop within
    30 s, which a test of a clean stop sees as a failure and a fixture's teardown need not)."""
    proc.send_signal(sig)
    try:
        return proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait(10)


@contextlib.contextmanager
def sim_on_link(link: Path, meters: int, water: int = 0) -> Iterator[Path]:
    """A frozen simulated line (no physics, clock stopped) in its own process, reached through the
    symlink `link` as a `/dev/serial/by-id/…` name would be: `meters` electricity meters at 1.., `water`
    water meters at 101..; stopped (killed if it must be) when the block ends."""
    proc, line = start_sim("--meters", str(meters), "--water", str(water), "--speed", "0", "--no-physics",
                           "--link", str(link))
    assert "listening" in line, line
    try:
        yield link
    finally:
        stop_sim(proc)


@pytest.fixture
def procs() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)


def read_words(port: serial.SerialBase, address: int, start: int, count: int) -> list[int]:
    port.reset_input_buffer()
    port.write(rtu.frame(bytes([address, 3]) + start.to_bytes(2, "big") + count.to_bytes(2, "big")))
    want = 5 + 2 * count
    reply = bytearray()
    deadline = time.monotonic() + 1.0
    while len(reply) < want and time.monotonic() < deadline:
        port.timeout = max(0.0, deadline - time.monotonic())
        reply += port.read(want - len(reply))
    payload = rtu.check(bytes(reply))
    assert payload is not None, f"bad reply {bytes(reply).hex(' ')}"
    assert payload[:3] == bytes([address, 3, 2 * count])
    return [int.from_bytes(payload[3 + 2 * i:5 + 2 * i], "big") for i in range(count)]


def model_code(port: serial.SerialBase, address: int, profile=DDSY1946A13) -> int:
    block = profile.block("identity")
    words = read_words(port, address, block.start, block.count)
    return profile.decode(block.start, words)["model_code"]


def test_link_mode_answers_both_meter_kinds_and_stops_on_sigterm(tmp_path, procs) -> None:
    link = tmp_path / "ttyDORM"
    proc, line = start_sim("--meters", "3", "--water", "2", "--baud", "19200", "--speed", "0",
                           "--seed", "7", "--link", str(link))
    procs.append(proc)
    assert str(link) in line and "19200" in line
    assert os.path.islink(link)
    port = serial.Serial(str(link), 19200, timeout=1)
    assert model_code(port, 1) == DDSY1946A13.model_code
    assert model_code(port, 3) == DDSY1946A13.model_code
    assert model_code(port, 102, LXSY20) == LXSY20.model_code
    port.close()
    assert stop_sim(proc) == 0
    assert not os.path.lexists(link)


def test_tcp_mode_answers_and_stops_on_sigint(procs) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    proc, line = start_sim("--meters", "2", "--water", "1", "--speed", "0",
                           "--tcp", f"127.0.0.1:{free_port}")
    procs.append(proc)
    url = f"socket://127.0.0.1:{free_port}"
    assert url in line
    port = serial.serial_for_url(url, timeout=1)
    assert model_code(port, 2) == DDSY1946A13.model_code
    assert model_code(port, 101, LXSY20) == LXSY20.model_code
    port.close()
    assert stop_sim(proc, signal.SIGINT) == 0


def test_bad_arguments_exit_with_usage_error() -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "drivers.sim", "--meters", "3"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and "--link" in done.stderr
