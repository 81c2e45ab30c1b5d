"""A store, a simulated line in its own process, and `python main.py serve`: the office's way to run,
for the end-to-end tests of serve and of several workstations."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import update

from app import clock
from app.campus import occupancy
from app.counter import shifts
from app.counter.money import Money
from app.metering import tariffs
from db.models import Bus as BusRow
from tests import waiting
from tests.drivers.test_sim_main import start_sim, stop_sim
from tests.factories import make_campus

wait_for = partial(waiting.wait_for, timeout=30.0, step=0.1)   # processes and lines need longer

REPO = Path(__file__).resolve().parents[2]




def start_serve(db_url: str, log: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO), DORMWATT_CLOCK_START=clock.now().isoformat(),
               QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "main.py", "--db", db_url, "serve", "--log-file", str(log),
                             "--billing-interval", "2", *extra], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def office(store, tmp_path):
    """A store with one bus on a simulated line (a separate process), a student checked in, a shift open."""
    campus = make_campus(store, rooms_per_gender=1)
    link = tmp_path / "ttyDORM"
    sim, line = start_sim("--meters", "2", "--water", "2", "--baud", "19200", "--speed", "600",
                          "--link", str(link))
    with store.write() as s:
        s.execute(update(BusRow).values(port=str(link), baud=19200))
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 1, 1))
    procs: list[subprocess.Popen] = []
    yield campus, room, a, procs
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait(10)
    stop_sim(sim)
