"""Several runtimes on one store: each bus is driven by one of them, a standby takes over the buses
of one that died, and a recharge committed by another process is delivered at once."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import update

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.metering.runtime.headless import Service
from app.sync.change_log import ChangeLog
from db.engine import Store
from db.models import Bus as BusRow
from db.models import Purchase
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from tests.waiting import wait_for

TTL = 2.0




@pytest.fixture
def line(store):
    campus = make_campus(store, rooms_per_gender=1)
    fleet = Fleet(meters=2, water=2, seed=5)
    line = VirtualLine(fleet, baud=19200, speed=0)
    line.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=line.client_path, baud=19200))
    yield campus, fleet, line
    line.stop()


def service(db_url: str, name: str, **kw) -> Service:
    return Service(Store(db_url), name, lease_ttl_s=TTL, billing_interval_s=1.0,
                   bus_options={"probe_backoff_s": 0.5}, **kw)


def test_one_runtime_drives_the_bus_and_a_standby_takes_over_when_it_dies(store, db_url, line):
    first = service(db_url, "serve@a:1").start()
    second = None
    try:
        assert wait_for(lambda: len(first.runtime.buses) == 1)
        second = service(db_url, "serve@b:2").start()
        time.sleep(TTL)                     # a few of the standby's rounds: it must not open the port
        assert second.runtime.buses == {}
        first.ownership.keeper.stop(release=False)     # the first one dies: no release, no renewal
        first.runtime.stop()
        t0 = time.monotonic()
        assert wait_for(lambda: len(second.runtime.buses) == 1, timeout=15)
        took = time.monotonic() - t0
        assert took <= 15
        assert wait_for(lambda: second.runtime.meters.at(line[2].client_path, 1) is not None)
    finally:
        first.stop()
        if second is not None:
            second.stop()


def test_a_recharge_at_another_workstation_is_delivered_without_waiting_for_a_pass(store, db_url, line):
    campus, fleet, _line = line
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    svc = service(db_url, "serve@a:1", delivery_interval_s=3600).start()   # passes never come by themselves
    workstation = Store(db_url)
    log = ChangeLog(workstation, "ws@counter:7").install()
    try:
        assert wait_for(lambda: len(svc.runtime.buses) == 1)
        r = payments.recharge(workstation, campus.clerk, room_id=room, utility="electricity",
                              amount=Money(2500), method="cash", payer_id=a, key="from-the-counter")

        def status():
            with store.read() as s:
                return s.get(Purchase, r.purchase_id).status
        assert wait_for(lambda: status() == "delivered", timeout=20)
        with _line.fleet_lock:
            assert fleet.meters[1].prepaid.balance_fen == 2500
    finally:
        log.uninstall()
        svc.stop()
        workstation.dispose()


def test_running_lines_follow_a_changed_bus_and_meter_password_at_once(store, db_url, line):
    from app.metering import commissioning

    campus, fleet, _line = line
    svc = service(db_url, "serve@a:1").start()
    admin_desk = ChangeLog(store, "ws@admin:3").install()       # the administrator's workstation
    try:
        assert wait_for(lambda: len(svc.runtime.buses) == 1)
        (bus_id, before), = svc.runtime.buses.items()
        commissioning.set_meter_password(store, campus.admin, 4321)     # from another process
        assert wait_for(lambda: all(b.password == 4321 for b in svc.runtime.buses.values()), timeout=10)
        commissioning.change_bus(store, campus.admin, bus_id, baud=9600)
        assert wait_for(lambda: svc.runtime.buses.get(bus_id) not in (None, before), timeout=10)
        assert svc.runtime.buses[bus_id].port.baud == 9600 and svc.runtime.buses[bus_id].password == 4321
        with pytest.raises(Exception, match="1 to 9999"):
            commissioning.set_meter_password(store, campus.admin, 0)
    finally:
        admin_desk.uninstall()
        svc.stop()
