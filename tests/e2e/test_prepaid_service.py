"""The prepaid service end to end: the store, the meter service, a bus worker, real RTU bytes on a
virtual RS-485 line, and simulated meters with room physics."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import tariffs
from app.metering.runtime.runtime import MeterRuntime
from db.models import Bus as BusRow
from db.models import Purchase, ReconciliationFinding
from drivers.bus_clock import meter_seconds
from drivers.ddsy_records import BranchState, MeterStatus
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from tests.waiting import wait_for

BAUD = 19200




@pytest.fixture
def rig(store):
    campus = make_campus(store, rooms_per_gender=1)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 1, 1))
    # the meters' clocks agree with the office's (the runtime would set them, moving the room's day)
    fleet = Fleet(meters=2, water=2, seed=11, start_clock=meter_seconds(clock.local(clock.now())), physics=True)
    line = VirtualLine(fleet, baud=BAUD, speed=0)          # simulated time starts paused
    line.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=line.client_path, baud=BAUD))
    svc = MeterRuntime(store, billing_interval_s=1.0, delivery_interval_s=0.5,
                       bus_options={"password": 1946, "probe_backoff_s": 0.5})
    svc.start()
    yield campus, room, a, fleet, line, svc
    svc.stop()
    line.stop()


def test_recharge_reaches_the_meter_and_closes_the_relays_and_billing_agrees(store, rig):
    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    snap = svc.read_now(room).result(10)
    assert snap.balance_fen == 0 and snap.status & MeterStatus.PREPAID_TRIP
    assert not any(b.state & BranchState.RELAY_CLOSED for b in snap.branches)   # no credit, no power

    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("30.00"),
                         method="cash", payer_id=a, key="e2e-1")
    svc.wake_delivery()
    assert wait_for(lambda: _status(store, r.purchase_id) == "delivered")
    snap = svc.read_now(room).result(10)
    assert snap.balance_fen == 3000 and snap.purchase_count == 1
    assert all(b.state & BranchState.RELAY_CLOSED for b in snap.branches)        # read from the meter

    line.speed = 900                                 # a quarter of an hour of room life per second
    assert wait_for(lambda: fleet.meters[1].incoming_energy_cwh >= 3, timeout=30)
    line.speed = 0
    acc = payments.account_for(store, room, "electricity")
    interval = svc.recorder.interval_start()
    assert wait_for(lambda: svc.recorder.interval_start() != interval, timeout=5)   # a fresh billing interval
    svc.bus(line.client_path).poll_now()

    def agreed():
        svc.flush()
        with line.fleet_lock:
            meter_balance = fleet.meters[1].balance_fen
        return Ledger(store).balance(acc) == Money(meter_balance) < Money(3000)

    assert wait_for(agreed, timeout=20)
    with store.read() as s:
        assert s.scalars(select(ReconciliationFinding)).all() == []
    assert Ledger(store).verify() == []


def _status(store, purchase_id):
    with store.read() as s:
        return s.get(Purchase, purchase_id).status


def _on_purchase_write(fleet, action):
    """Call `action()` on the serving thread right after a meter has taken a purchase record."""
    from drivers.profiles import DDSY1946A13

    start = DDSY1946A13.block("purchase").start
    original = fleet.handle_frame

    def handle(frame: bytes):
        reply = original(frame)
        if len(frame) > 4 and frame[1] == 0x10 and int.from_bytes(frame[2:4], "big") == start:
            action()
        return reply

    fleet.handle_frame = handle
    return lambda: setattr(fleet, "handle_frame", original)


def test_lost_reply_during_delivery_credits_exactly_once(store, rig):
    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    undo = _on_purchase_write(fleet, lambda: line.faults.lose_reply_next(1))
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(4567),
                         method="cash", payer_id=a, key="lost")
    svc.wake_delivery()
    assert wait_for(lambda: _status(store, r.purchase_id) == "delivered")
    undo()
    with line.fleet_lock:
        m = fleet.meters[1]
        assert (m.balance_fen, m.purchase_count) == (4567, 1)
        assert [(rec.sequence, rec.amount, rec.tag) for rec in m.prepaid.records] == [(1, 4567, r.purchase_id)]


def test_restart_during_delivery_credits_exactly_once(store, rig):
    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)

    def crash():   # the record lands, then the meter goes silent before anyone hears back
        line.faults.lose_reply_next(1)
        fleet.set_dead(1, True)

    undo = _on_purchase_write(fleet, crash)
    r = payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(2500),
                         method="cash", payer_id=a, key="restart")
    svc.wake_delivery()

    def numbered_and_stuck():
        with store.read() as s:
            p = s.get(Purchase, r.purchase_id)
            return p.sequence == 1 and p.status == "pending" and "will retry" in p.reason
    assert wait_for(numbered_and_stuck, timeout=30)
    svc.stop()                                          # the program goes down mid-delivery
    undo()
    fleet.set_dead(1, False)
    with line.fleet_lock:
        assert fleet.meters[1].balance_fen == 2500     # the credit did land
    again = MeterRuntime(store, billing_interval_s=1.0, delivery_interval_s=0.5,
                         bus_options={"password": 1946, "probe_backoff_s": 0.5})
    again.start()
    try:
        assert wait_for(lambda: _status(store, r.purchase_id) == "delivered", timeout=30)
    finally:
        again.stop()
    with line.fleet_lock:
        m = fleet.meters[1]
        assert (m.balance_fen, m.purchase_count) == (2500, 1)   # and only once


def test_refund_takes_the_money_back_from_the_meter_first(store, rig):
    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000), method="cash",
                     payer_id=a, key="in")
    svc.wake_delivery()
    acc = payments.account_for(store, room, "electricity")
    info = payments.request_refund(store, campus.clerk, account_id=acc, amount=Money(2000), student_id=a, key="out")
    svc.wake_delivery()
    assert wait_for(lambda: payments.refund_status(store, info.refund_id).status == "paid")
    with line.fleet_lock:
        m = fleet.meters[1]
        assert m.balance_fen == 3000 and [rec.amount for rec in m.prepaid.records] == [-2000, 5000]
    assert Ledger(store).balance(acc) == Money(3000)


def test_kettle_trips_the_socket_branch_and_the_event_is_stored_once_with_an_alarm(store, rig):
    from app.metering import alarms
    from db.models import MeterEvent
    from drivers.bus_queue import Priority
    from drivers.ddsy_records import EventType, LoadControl

    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000), method="cash",
                     payer_id=a, key="power")
    svc.wake_delivery()
    bus = svc.bus(line.client_path)
    bus.submit(1, lambda d: d.write_load_control(1, LoadControl(flags=0b010)), priority=Priority.CONFIG).result(10)
    # The store refuses the first event it is given: it must stay on the meter and come again.
    original, refused = svc.recorder.on_event, []

    def flaky(url, event):
        if not refused:
            refused.append((svc.meters.at(url, event.address).meter_id, event.sequence))
            raise RuntimeError("database is locked")
        return original(url, event)

    bus.listener = type("L", (), {})()
    for name in ("on_snapshot", "on_live", "on_online_changed", "on_port_state", "on_error"):
        setattr(bus.listener, name, getattr(svc.recorder, name))
    bus.listener.on_event = flaky
    with line.fleet_lock:
        m = fleet.meters[1]
        m.physics.plug(1, "kettle", True, m.clock + 1)
    line.speed = 1

    def tripped_and_alarmed():
        return any(al.kind == "malignant_load" for al in alarms.open_alarms(store, room))
    assert wait_for(tripped_and_alarmed, timeout=40)
    line.speed = 0
    assert refused, "the first event was refused once"
    with line.fleet_lock:
        state = fleet.meters[1].branches[1].state_word
    assert state & BranchState.TRIP_MALIGNANT and not state & BranchState.RELAY_CLOSED

    def drained():
        svc.bus(line.client_path).poll_now()
        with line.fleet_lock:
            return all(len(m.log) == 0 for m in fleet.meters.values())
    assert wait_for(drained, timeout=20)
    with store.read() as s:
        rows = s.execute(select(MeterEvent.meter_id, MeterEvent.seq, MeterEvent.type)).all()
    keys = [(mid, seq) for mid, seq, _ in rows]
    assert len(keys) == len(set(keys))                          # each event once
    assert refused[0] in keys                                     # the refused one came back
    assert EventType.MALIGNANT_TRIP in {t for _, _, t in rows}


def test_water_arrears_lock_the_rooms_electricity_until_water_is_paid(store, rig):
    from app.access import Actor
    from db.models import BuildingPolicy, Room

    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5000), method="cash",
                     payer_id=a, key="power")
    svc.wake_delivery()
    with store.write() as s:
        s.add(BuildingPolicy(building_id=s.get(Room, room).building_id, water_linkage=True, water_limit_fen=0,
                             close_valve_on_arrears=False))
    water = payments.account_for(store, room, "water")
    Ledger(store).consumption(Actor.system(), water, Money(300), key="water-debt")

    def meter_state():
        snap = svc.read_now(room).result(10)
        locked = bool(snap.status & MeterStatus.LINKAGE_LOCK)
        return locked, all(b.state & BranchState.RELAY_CLOSED for b in snap.branches)

    svc.bus(line.client_path).poll_now()             # the next water reading finds the arrears
    assert wait_for(lambda: meter_state() == (True, False), timeout=20)
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(1000), method="cash",
                     payer_id=a, key="water-paid")
    # the runtime hears of the payment from the hub and lifts the lock: nobody tells it
    assert wait_for(lambda: meter_state() == (False, True), timeout=20)


def test_a_new_price_is_pushed_to_the_meters(store, rig):
    campus, room, a, fleet, line, svc = rig
    assert wait_for(svc.prepaid_pushed)
    with line.fleet_lock:
        assert fleet.meters[1].prepaid.unit_price == 5883 and fleet.meters[1].prepaid.mode == 1
    today = clock.today()
    tariffs.set_price(store, campus.admin, "electricity", 6100, today)
    svc.wake_delivery()                                   # wake the service's loop
    assert wait_for(svc.prepaid_pushed)

    def priced():
        with line.fleet_lock:
            return [m.prepaid.unit_price for m in fleet.meters.values()] == [6100, 6100]
    assert wait_for(priced)
    from app import audit

    with store.read() as s:
        pushes = [r.after["unit_price"] for r in reversed(audit.history(s, action="meter.prepaid_push"))]
    assert pushes[0] == 5883 and pushes[-1] == 6100           # each round of writes is on the record


def test_a_clerks_power_off_is_an_audited_command_the_runtime_carries_out_on_the_meter(store, rig):
    from app import audit
    from app.access import Actor
    from app.errors import PermissionDenied
    from app.metering.runtime import commands
    from app.metering.runtime.vocabulary import Branch
    from drivers.ddsy_records import ForceMode

    campus, room, a, fleet, line, svc = rig
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(3000), method="cash",
                      payer_id=a, key="power-for-commands")
    assert wait_for(lambda: svc.read_now(room).result(10).balance_fen == 3000)
    done = commands.wait(store, commands.request_branch_power(store, campus.clerk, room, Branch.SOCKETS,
                                                              ForceMode.OPEN), timeout=20)
    assert done.status == "done"
    with line.fleet_lock:
        states = [b.state_word for b in fleet.meters[1].branches]
    assert not states[1] & BranchState.RELAY_CLOSED and states[1] & BranchState.FORCED_OPEN
    assert states[0] & BranchState.RELAY_CLOSED                     # the other branches keep power
    with store.read() as s:
        rec = audit.history(s, entity="meter_command", entity_id=done.id)[0]
        assert (rec.action, rec.operator_id, rec.after["branch"], rec.after["mode"]) == (
            "meter.branch_power", campus.clerk.id, 1, "OPEN")
    commands.wait(store, commands.request_branch_power(store, campus.clerk, room, Branch.SOCKETS, ForceMode.AUTO),
                  timeout=20)
    with line.fleet_lock:
        assert fleet.meters[1].branches[1].state_word & BranchState.RELAY_CLOSED
    with pytest.raises(PermissionDenied):
        commands.request_branch_power(store, Actor.system(), room, Branch.SOCKETS, ForceMode.OPEN)


def test_a_command_the_meter_cannot_carry_out_fails_with_the_meters_reason(store, rig):
    from app.metering.runtime import commands

    campus, room, a, fleet, line, svc = rig
    with line.fleet_lock:
        fleet.meters[1].powered = False                             # the meter stops answering
    cid = commands.request_release_trips(store, campus.clerk, room)
    with pytest.raises(commands.CommandFailed) as failed:
        commands.wait(store, cid, timeout=40)
    assert commands.get(store, cid).status == "failed" and str(failed.value)
