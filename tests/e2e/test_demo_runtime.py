"""The live demo end to end: a small demo store, the simulator subprocess on its buses, the meter
service commissioning the meters, a counter recharge reaching a simulated meter, and a clean stop."""
from __future__ import annotations

import os
import socket
from functools import partial

import pytest
from sqlalchemy import select

from app import operators
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.demo.campus import DEMO_PASSWORDS, create_demo_store
from app.demo.runtime import DemoRuntime, start_demo_meters
from db.models import ElectricityMeter, Purchase, ReconciliationFinding
from tests import waiting

wait_for = partial(waiting.wait_for, timeout=60.0, step=0.1)   # processes and lines need longer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers kill(0); it is gone for our purpose once reaped or defunct
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.fixture
def demo(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store, summary = create_demo_store(url, rooms=6, days=3, seed=5, bus_base_port=_free_port())
    assert summary.buses == 1
    svc = start_demo_meters(store, billing_interval_s=2.0, delivery_interval_s=0.5)
    yield store, svc
    svc.stop()
    store.dispose()


def _balance(store, room_id, utility) -> int:
    return Ledger(store).balance(payments.account_for(store, room_id, utility)).fen


def _purchases(store, kind=None):
    with store.read() as s:
        q = select(Purchase.meter_id, Purchase.kind, Purchase.status, Purchase.amount)
        if kind is not None:
            q = q.where(Purchase.kind == kind)
        return s.execute(q).all()


def test_meters_come_online_commissioned_and_a_recharge_reaches_a_simulated_meter(demo):
    store, svc = demo
    assert isinstance(svc, DemoRuntime) and svc.simulator.running()
    with store.read() as s:
        meters = s.execute(select(ElectricityMeter.id, ElectricityMeter.room_id)).all()
    assert len(meters) == 6

    # Every meter answers and is commissioned: the set-balance purchases land, the meter says the ledger's balance.
    assert wait_for(lambda: all(st == "delivered" for _, _, st, _ in _purchases(store, kind=3)))
    assert len(_purchases(store, kind=3)) == 6
    for _mid, room_id in meters:
        snap = svc.read_now(room_id).result(15)
        assert snap.balance_fen == _balance(store, room_id, "electricity")

    def all_seen():
        svc.flush()
        with store.read() as s:
            return all(s.scalars(select(ElectricityMeter.last_seen_at)).all())

    assert wait_for(all_seen)

    # A recharge at the counter reaches the simulated meter.
    clerk = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
    shifts.open_shift(store, clerk, Money(0))
    room = next(r for _m, r in meters if occupancy.occupants(store, r)
                and _balance(store, r, "water") >= 0)
    payer = occupancy.occupants(store, room)[0].student_id
    before = svc.read_now(room).result(15).balance_fen
    r = payments.recharge(store, clerk, room_id=room, utility="electricity", amount=Money.parse("25.00"),
                         method="cash", payer_id=payer, key="demo-runtime-1")

    def delivered():
        with store.read() as s:
            return s.get(Purchase, r.purchase_id).status == "delivered"

    assert wait_for(delivered)
    after = svc.read_now(room).result(15).balance_fen
    assert 2400 <= after - before <= 2500            # 25.00 landed (the room may have used a few fen since)

    # Ledger and meters agree: billing passes ran while commissioning and since, and found nothing.
    acc = payments.account_for(store, room, "electricity")
    for bus in svc.buses.values():
        bus.poll_now()

    def agreed():
        svc.flush()
        meter = svc.read_now(room).result(15).balance_fen
        return abs(Ledger(store).balance(acc).fen - meter) <= 1

    assert wait_for(agreed, timeout=30)
    with store.read() as s:
        assert [(f.kind, f.details) for f in s.scalars(select(ReconciliationFinding))] == []


def test_stop_leaves_no_child_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    store, _ = create_demo_store(url, rooms=6, days=2, seed=6, bus_base_port=_free_port())
    svc = start_demo_meters(store)
    pid = svc.simulator.pid
    assert _alive(pid)
    svc.stop()
    assert not _alive(pid)
    port = svc.simulator.ports[0]
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    svc.stop()                                           # idempotent
    store.dispose()
