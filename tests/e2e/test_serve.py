"""The office's way to run: `python main.py serve` against a simulated line, another process at the
counter, windows on the same store; not through the demo."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select, text, update

from app import audit
from app.counter import payments
from app.counter.money import Money
from app.sync.change_log import ChangeLog, new_origin
from app.sync.leases import BusLeases
from db.models import Bus as BusRow
from db.models import ElectricityMeter, ElectricityReading, LedgerEntry, Purchase
from tests.e2e.office import REPO, start_serve, wait_for
from tests.factories import make_campus


def _readings(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(ElectricityReading.id))) or 0


def test_serve_polls_bills_delivers_another_processes_recharge_and_stops_on_sigterm(store, db_url, office,
                                                                                     tmp_path):
    campus, room, a, procs = office
    with store.read() as s:
        meters = set(s.scalars(select(ElectricityMeter.id)))
    log = tmp_path / "serve.log"
    serve = start_serve(db_url, log)
    procs.append(serve)
    assert wait_for(lambda: _readings(store) >= 4, timeout=60), log.read_text() if log.exists() else ""
    # the counter is another process: its recharge reaches the service through the change log
    counter = ChangeLog(store, new_origin("counter")).install()
    try:
        r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000),
                              method="cash", payer_id=a, key="serve-1")
    finally:
        counter.uninstall()

    def purchase_status():
        with store.read() as s:
            return s.get(Purchase, r.purchase_id).status
    assert wait_for(lambda: purchase_status() == "delivered", timeout=30)

    def meter_balance():
        with store.read() as s:
            return s.scalar(select(ElectricityReading.balance_fen).join(Purchase, Purchase.meter_id ==
                                                                         ElectricityReading.meter_id)
                            .where(Purchase.id == r.purchase_id).order_by(ElectricityReading.taken_at.desc())
                            .limit(1))
    assert wait_for(lambda: (meter_balance() or 0) > 0, timeout=30)      # the credit is on the meter

    def consumption_posted():
        with store.read() as s:
            return s.scalar(select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "consumption")) or 0
    assert wait_for(lambda: consumption_posted() > 0, timeout=60)        # the room draws power: billed
    # the simulator's meters keep the machine's time, not campus time: the service set their clocks
    with store.read() as s:
        sets = audit.history(s, action="meter.clock_set")
    assert {r.entity_id for r in sets} >= set(meters) and {r.after["reason"] for r in sets} <= {"drift", "not_set"}
    owners = BusLeases(store, "observer").owners()
    assert [o.owner.startswith("serve@") for o in owners.values()] == [True]
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0
    assert BusLeases(store, "observer").owners() == {}                   # released on the way out
    assert "stopped" in log.read_text()


def test_a_second_service_waits_as_standby_and_takes_over_within_15_s_when_the_first_is_killed(
        store, db_url, office, tmp_path):
    campus, room, a, procs = office
    first = start_serve(db_url, tmp_path / "first.log")
    procs.append(first)
    assert wait_for(lambda: len(BusLeases(store, "observer").owners()) == 1, timeout=60)
    second = start_serve(db_url, tmp_path / "second.log")
    procs.append(second)
    time.sleep(3)                                   # the standby has had its rounds
    (held,) = BusLeases(store, "observer").owners().values()
    assert f":{first.pid}." in held.owner           # the first keeps the line; the second opens no port
    first.kill()
    first.wait(10)
    t0 = time.monotonic()
    assert wait_for(lambda: any(f":{second.pid}." in o.owner for o in BusLeases(store, "observer")
                                .owners().values()), timeout=20)
    assert time.monotonic() - t0 <= 15.0
    before = _readings(store)
    assert wait_for(lambda: _readings(store) > before + 2, timeout=30)   # and it polls the line
    second.send_signal(signal.SIGINT)
    assert second.wait(30) == 0


def _refusing_gateway() -> str:
    with socket.socket() as sock:            # a port nobody listens on: connections are refused
        sock.bind(("127.0.0.1", 0))
        return f"socket://127.0.0.1:{sock.getsockname()[1]}"


@pytest.mark.parametrize("where", ["missing adapter", "refusing gateway"])
def test_serve_on_a_port_it_cannot_open_keeps_trying_says_so_and_stops_cleanly(store, db_url, tmp_path, where):
    make_campus(store, rooms_per_gender=1)
    port = str(tmp_path / "no-such-adapter") if where == "missing adapter" else _refusing_gateway()
    with store.write() as s:
        s.execute(update(BusRow).values(port=port))
    log = tmp_path / "serve.log"
    serve = start_serve(db_url, log)
    try:
        assert wait_for(lambda: log.exists() and "port not usable" in log.read_text(), timeout=30)
        assert serve.poll() is None                          # still running, retrying the port
        assert len(BusLeases(store, "observer").owners()) == 1
    finally:
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(30) == 0


def test_serve_and_the_window_refuse_a_store_from_a_newer_version_in_one_line(owner_store, db_url, tmp_path):
    with owner_store.write() as s:        # a newer DormWatt, run by the owner, migrated it
        s.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    serve = start_serve(db_url, tmp_path / "serve.log")
    assert serve.wait(60) == 2
    window = subprocess.run([sys.executable, "main.py", "--db", db_url, "--smoke-exit"], cwd=REPO,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), capture_output=True, text=True,
                            timeout=60)
    assert window.returncode == 2
    lines = window.stderr.strip().splitlines()
    assert len(lines) == 1 and "newer version of DormWatt" in lines[0]
