"""Several workstations on one store with the office's meter service: what one clerk does shows at the
other's window at once, and no window opens a line the service runs."""
from __future__ import annotations

import signal

from app.counter import payments
from app.counter.money import Money
from app.metering.runtime.headless import Service
from app.sync.change_log import new_origin
from app.sync.leases import BusLeases
from db.engine import Store
from db.models import Purchase
from tests.e2e.office import start_serve, wait_for
from ui.app_context import AppContext
from ui.main_window import MainWindow


def open_window(qtbot, db_url: str, actor) -> tuple[MainWindow, Service]:
    """A workstation as `python main.py` makes it: its own store connection and service."""
    store = Store(db_url)
    origin = new_origin("window")
    service = Service(store, origin).start()
    ctx = AppContext(store=store, actor=actor, school="测试大学", runtime=service.runtime, origin=origin)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15000):
        window.reload()
    return window, service


def test_a_recharge_at_one_workstation_shows_on_both_and_the_service_delivers_it(qtbot, store, db_url, office,
                                                                               tmp_path):
    campus, room, a, procs = office
    serve = start_serve(db_url, tmp_path / "serve.log")
    procs.append(serve)
    assert wait_for(lambda: len(BusLeases(store, "observer").owners()) == 1, timeout=60)
    win_a, svc_a = open_window(qtbot, db_url, campus.clerk)
    win_b, svc_b = open_window(qtbot, db_url, campus.admin)
    try:
        before = win_b.model.cards[room].electricity_fen
        r = payments.recharge(win_a.ctx.store, campus.clerk, room_id=room, utility="electricity",
                              amount=Money(4200), method="cash", payer_id=a, key="ws-a-1")
        qtbot.waitUntil(lambda: win_a.model.cards[room].electricity_fen == before + 4200, timeout=3000)
        qtbot.waitUntil(lambda: win_b.model.cards[room].electricity_fen == before + 4200, timeout=3000)

        def delivered():
            with store.read() as s:
                return s.get(Purchase, r.purchase_id).status == "delivered"
        assert wait_for(delivered, timeout=30)                    # by the service: the windows hold no line
        assert svc_a.runtime.buses == {} and svc_b.runtime.buses == {}
        (lease,) = BusLeases(store, "observer").owners().values()
        assert lease.owner.startswith("serve@")
        qtbot.waitUntil(lambda: win_b.model.cards[room].online, timeout=10000)   # the service's readings
        qtbot.waitUntil(lambda: "1 line(s) run by serve@" in win_b.status_panel.no_buses.text(), timeout=5000)
    finally:
        for w, svc in ((win_a, svc_a), (win_b, svc_b)):
            w.close()
            svc.stop()
            w.ctx.store.dispose()
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(30) == 0
