"""The clerk's workbench end to end: the window, the meter service, real RTU bytes on a virtual line,
simulated meters with room physics. A recharge typed into the dialog reaches the meter and the card
shows the new balance and the branches powered; a kettle trips the socket branch and its alarm is
acknowledged in the alarm panel."""
from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import update

from app import clock
from app.campus import occupancy
from app.counter import shifts
from app.counter.money import Money
from app.metering import tariffs
from app.metering.runtime.runtime import MeterRuntime
from app.metering.runtime.vocabulary import branch_look
from db.models import Bus as BusRow
from drivers.bus_clock import meter_seconds
from drivers.bus_queue import Priority
from drivers.ddsy_records import LoadControl
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.main_window import MainWindow


@pytest.fixture(params=[1.0])
def bench(qtbot, store, request):
    campus = make_campus(store, rooms_per_gender=1)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 1, 1))
    fleet = Fleet(meters=2, water=2, seed=11, start_clock=meter_seconds(clock.local(clock.now())), physics=True)
    line = VirtualLine(fleet, baud=19200, speed=0)
    line.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=line.client_path, baud=19200))
    svc = MeterRuntime(store, billing_interval_s=request.param, delivery_interval_s=0.5,
                       bus_options={"password": 1946, "probe_backoff_s": 0.5})
    ctx = AppContext(store=store, actor=campus.clerk, school="测试大学", runtime=svc)
    svc.start()
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15000):
        window.reload()
    yield campus, room, fleet, line, svc, window
    window.close()
    svc.stop()
    line.stop()


def test_recharge_through_the_dialog_powers_the_room_and_a_kettle_alarm_is_acknowledged(qtbot, bench):
    campus, room, fleet, line, svc, window = bench
    qtbot.waitUntil(svc.prepaid_pushed, timeout=20000)
    window.search.setText("B1-101")
    qtbot.waitUntil(lambda: window.room_panel.room_id == room, timeout=5000)

    def card():
        return window.model.cards[room]

    # no money, no power: the card shows the meter online and every branch off
    qtbot.waitUntil(lambda: card().online and card().electricity_fen == 0
                    and all(branch_look(s) == "off" for s in card().branch_states), timeout=20000)

    dialog = window.counter.open("recharge", room)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=5000)
    dialog.print_receipt.setChecked(False)
    dialog.amount.setText("30")
    dialog.method.setCurrentIndex(next(i for i in range(dialog.method.count()) if dialog.method.itemData(i) == "cash"))
    dialog.confirm()
    qtbot.waitUntil(lambda: card().electricity_fen == 3000, timeout=10000)
    qtbot.waitUntil(lambda: all(branch_look(s) == "on" for s in card().branch_states), timeout=30000)
    with line.fleet_lock:
        assert fleet.meters[1].balance_fen == 3000

    bus = svc.bus(line.client_path)
    bus.submit(1, lambda d: d.write_load_control(1, LoadControl(flags=0b010)), priority=Priority.CONFIG).result(10)
    with line.fleet_lock:
        m = fleet.meters[1]
        m.physics.plug(1, "kettle", True, m.clock + 1)
    line.speed = 1
    panel = window.alarm_panel
    qtbot.waitUntil(lambda: any(a.kind == "malignant_load" and a.room_id == room for a in panel.alarms),
                    timeout=40000)
    line.speed = 0
    qtbot.waitUntil(lambda: branch_look(card().branch_states[1]) == "tripped", timeout=20000)
    alarm = next(a for a in panel.alarms if a.kind == "malignant_load")
    assert panel.select_alarm(alarm.id)
    panel.acknowledge_selected("Kettle taken to the office")
    qtbot.waitUntil(lambda: all(a.id != alarm.id for a in panel.alarms), timeout=10000)
    from app.metering import alarms

    assert all(a.id != alarm.id for a in alarms.open_alarms(window.ctx.store, room))


@pytest.mark.parametrize("bench", [20.0], indirect=True, ids=["billing-every-20s"])
def test_a_cards_alarm_badge_follows_the_meter_event_within_two_seconds(qtbot, bench):
    """The badge comes from the event, not from the next stored reading (20 s after the drain here)."""
    from app import events
    from app.counter import payments

    campus, room, fleet, line, svc, window = bench
    store = window.ctx.store
    raised: list[float] = []
    events.hub(store).subscribe(lambda e: raised.append(time.monotonic()) if room in e.rooms else None,
                                "alarm_raised")
    window.search.setText("B1-101")
    qtbot.waitUntil(lambda: window.room_panel.room_id == room, timeout=5000)
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(3000), method="cash",
                      payer_id=campus.students["202610000"], key="badge-power")
    qtbot.waitUntil(lambda: fleet.meters[1].balance_fen == 3000, timeout=20000)
    qtbot.waitUntil(lambda: window.model.cards[room].online, timeout=10000)
    before = window.model.cards[room].open_alarms          # the first reading's arrears alarm, if any
    svc.bus(line.client_path).submit(1, lambda d: d.write_load_control(1, LoadControl(flags=0b010)),
                                     priority=Priority.CONFIG).result(10)
    with line.fleet_lock:
        m = fleet.meters[1]
        m.physics.plug(1, "kettle", True, m.clock + 1)
    line.speed = 1
    qtbot.waitUntil(lambda: bool(raised), timeout=60000)
    qtbot.waitUntil(lambda: window.model.cards[room].open_alarms > before, timeout=5000)
    assert time.monotonic() - raised[-1] <= 2.0
