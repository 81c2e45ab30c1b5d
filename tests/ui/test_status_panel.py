"""The status bar: per-bus figures from the bus counters, the operator, the shift button."""
from __future__ import annotations

import os
from dataclasses import replace
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from app.clock import CAMPUS_TZ
from app.counter import shifts
from app.counter.money import Money
from drivers.bus_stats import BusStats
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.status_panel import StatusPanel, figures, short_name

WIRED, GATEWAY = "/dev/ttyUSB0", "socket://10.0.0.5:4196"


class FakeBus:
    """Hands out whatever stats the test sets; counts the reads."""

    def __init__(self, stats: BusStats) -> None:
        self.current, self.reads, self.url = stats, 0, stats.url

    def stats(self) -> BusStats:
        self.reads += 1
        return self.current


def _stats(url: str, **kw) -> BusStats:
    base = dict(url=url, port_open=True, transactions=100, bytes_out=1000, bytes_in=2000, errors={},
                wire_s=3.0, elapsed_s=10.0, online=58, offline=2)
    base.update(kw)
    return BusStats(**base)


def _window(qtbot, ctx):
    win = QMainWindow()
    qtbot.addWidget(win)
    panel = StatusPanel(ctx, win.statusBar(), win)
    win.resize(1100, 120)
    win.show()
    return win, panel


def test_figures_are_rates_over_the_last_interval():
    first = _stats(WIRED, errors={"timeout": 1}, wire_s=3.0, elapsed_s=10.0)
    f = figures(first)
    assert (f.online, f.total, f.errors_per_min, f.busy_pct) == (58, 60, 6.0, 30.0)
    later = replace(first, errors={"timeout": 1, "crc": 1}, wire_s=4.0, elapsed_s=12.0)
    f = figures(later, first)
    assert (f.errors_per_min, f.busy_pct) == (30.0, 50.0)
    restarted = replace(first, errors={}, wire_s=0.5, elapsed_s=1.0)
    assert figures(restarted, later).busy_pct == 50.0
    assert (short_name(WIRED), short_name(GATEWAY), short_name("COM3")) == ("ttyUSB0", "10.0.0.5:4196", "COM3")


def test_bus_labels_follow_the_counters(qtbot, store):
    campus = make_campus(store)
    wired = FakeBus(_stats(WIRED, errors={"timeout": 1}))
    gateway = FakeBus(_stats(GATEWAY, online=120, offline=0, wire_s=1.0, elapsed_s=20.0))
    ctx = AppContext(store=store, actor=campus.clerk, runtime=SimpleNamespace(
        buses={1: wired, 2: gateway}, listeners=[]))
    win, panel = _window(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.bus_text(GATEWAY) == "10.0.0.5:4196: 120/120 online · 0.0 err/min · wire 5%",
                    timeout=3000)
    assert panel.bus_text(WIRED) == "ttyUSB0: 58/60 online · 6.0 err/min · wire 30%"
    assert "timeout 1" in next(r.errors for r in panel.bus_rows() if r.url == WIRED)

    wired.current = replace(wired.current, errors={"timeout": 1, "crc": 1}, wire_s=4.0, elapsed_s=12.0, online=60,
                            offline=0)
    panel.refresh_buses()
    qtbot.waitUntil(lambda: panel.bus_text(WIRED) == "ttyUSB0: 60/60 online · 30.0 err/min · wire 50%",
                    timeout=3000)

    # The service says the port closed: red at once, without waiting for the next read.
    ctx.bridge.bus_state.emit(WIRED, False, "[Errno 2] could not open port /dev/ttyUSB0")
    assert panel.bus_text(WIRED) == "ttyUSB0: port closed"
    assert "could not open port" in next(r.detail for r in panel.bus_rows() if r.url == WIRED)
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        qtbot.waitUntil(lambda: panel.shift_button.text() == "No open shift", timeout=3000)
        win.statusBar().showMessage("60 rooms loaded in 85 ms")
        win.statusBar().grab().save(os.path.join(shots, "status_bar.png"))
    # And the 2 s timer keeps reading without being asked.
    reads = gateway.reads
    qtbot.waitUntil(lambda: gateway.reads >= reads + 1, timeout=3000)


def test_operator_and_shift_button(qtbot, store):
    campus = make_campus(store)
    win, panel = _window(qtbot, AppContext(store=store, actor=campus.clerk))
    assert panel.operator.text() == "王芳 · Clerk"
    qtbot.waitUntil(lambda: panel.no_buses.text() == "Meters not connected: no meter service runs 1 line(s)",
                    timeout=3000)
    qtbot.waitUntil(lambda: panel.shift_button.text() == "No open shift", timeout=3000)
    with qtbot.waitSignal(panel.shift_open_requested, timeout=1000):
        qtbot.mouseClick(panel.shift_button, Qt.MouseButton.LeftButton)

    opened = shifts.open_shift(store, campus.clerk, Money(50000))
    with qtbot.waitSignal(panel.shift_changed, timeout=3000):
        panel.refresh_shift()
    since = opened.opened_at.astimezone(CAMPUS_TZ).strftime("%H:%M")
    assert panel.shift_button.text() == f"Shift open since {since}"
    with qtbot.waitSignal(panel.shift_close_requested, timeout=1000):
        qtbot.mouseClick(panel.shift_button, Qt.MouseButton.LeftButton)
    if os.environ.get("DORMWATT_SCREENSHOTS"):
        button = panel.shift_button
        qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width(), timeout=2000)   # laid out again
        win.statusBar().grab().save(os.path.join(os.environ["DORMWATT_SCREENSHOTS"], "status_bar_shift.png"))


def test_a_technician_has_no_shift_button(qtbot, store):
    campus = make_campus(store)
    _win, panel = _window(qtbot, AppContext(store=store, actor=campus.tech))
    assert panel.operator.text() == "李工 · Technician"
    assert not panel.shift_button.isVisible()


def test_a_window_beside_the_office_service_says_who_runs_the_lines(qtbot, store):
    from app.sync.leases import BusLeases
    from db.models import Bus

    campus = make_campus(store)
    with store.read() as s:
        (bus_id,) = s.query(Bus.id).all()[0]
    BusLeases(store, "serve@office-pc:4242.ab12", ttl_s=60).acquire([bus_id])
    win, panel = _window(qtbot, AppContext(store=store, actor=campus.clerk))
    qtbot.waitUntil(lambda: panel.no_buses.text() == "1 line(s) run by serve@office-pc:4242.ab12", timeout=3000)
    assert panel.figures == {}                    # this window opens no port
