"""The line panel (issue 10, lines and meters): figures and raw frames of a line run by this window's
runtime on a simulated line; pause, copy, export; a clerk refused; tracing stops when hidden;
screenshots admin-line-panel-*."""
from __future__ import annotations

import os
import struct
from datetime import timedelta

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app import clock
from app.metering.runtime.headless import Service
from app.metering.runtime.line_share import FrameRow, LineRead, LineView, OfflineMeter
from db.engine import Store
from db.models import Bus as BusRow
from drivers import rtu
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from tests.waiting import wait_for
from ui import i18n
from ui.admin.line_panel import LinePanel
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def running(store, db_url):
    """A campus whose line (meters 1-4, 101-104) is run by this window's runtime; 3, 4, 103 and 104
    are not on the wire."""
    campus = make_campus(store, rooms_per_gender=2, students_per_gender=1)
    vline = VirtualLine(Fleet(meters=2, water=2, seed=5), baud=19200, speed=0)
    vline.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=vline.client_path, baud=19200))
        bus_id = s.scalar(select(BusRow.id))
    svc = Service(Store(db_url), "window@office:1", lease_ttl_s=2.0, billing_interval_s=1.0,
                  bus_options={"probe_backoff_s": 0.5, "offline_after": 2}).start()
    assert wait_for(lambda: len(svc.runtime.buses) == 1)
    yield campus, bus_id, vline, svc
    svc.stop()
    vline.stop()


def _panel(qtbot, store, actor, runtime=None) -> LinePanel:
    panel = LinePanel(AppContext(store=store, actor=actor, school="东华理工大学", runtime=runtime))
    qtbot.addWidget(panel)
    panel.resize(1200, 600)
    panel.show()
    return panel


def test_the_panel_shows_the_figures_and_frames_of_a_line_this_window_runs(qtbot, store, running, tmp_path):
    campus, bus_id, vline, svc = running
    panel = _panel(qtbot, store, campus.tech, svc.runtime)
    assert panel.source.text() == "Choose a line above to see its figures and frames."
    panel.set_bus(bus_id)
    qtbot.waitUntil(lambda: panel.view is not None and panel.view.offline == 4 and len(panel.frames.rows()) >= 6,
                    timeout=30000)
    f = panel.figures
    assert f["online"].text() == "4 of 8" and f["offline"].text() == "4"
    assert panel.source.text() == f"{vline.client_path} · run by this window · live"
    assert "no reply" in f["errors"].text() and "no reply — " in f["last_error"].text()
    assert f["busy"].text().endswith("%")
    assert [(m.address, m.room) for m in panel.offline.shown()] == [(3, "B1-201"), (4, "B1-202"), (103, "B1-201"),
                                                                     (104, "B1-202")]
    rows = panel.frames.shown()
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)        # newest first
    model = panel.frames.model
    good = next(i for i, r in enumerate(rows) if r.direction == "in" and not r.note)
    assert rtu.check(bytes.fromhex(model.text(good, 5))) is not None                # a real reply, in hex
    assert model.text(good, 2) == "← received" and float(model.text(good, 3)) > 0   # with its latency
    if any(r.note == "timeout" for r in rows):
        lost = next(i for i, r in enumerate(rows) if r.note == "timeout")
        assert (model.text(lost, 4), model.text(lost, 5)) == ("no reply", "—")

    # pause holds the list still while the figures go on; resume catches up
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.pause_button.text() == "Resume"
    held = panel.frames.rows()
    with qtbot.waitSignal(panel.updated, timeout=5000):
        pass
    with qtbot.waitSignal(panel.updated, timeout=5000):
        pass
    assert panel.frames.rows() == held and panel.view.frames != tuple(held)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.pause_button.text() == "Pause" and panel.frames.rows() == list(panel.view.frames)

    # copy: one line per frame shown, time first, the bytes as shown
    panel.frames.filter.setText("received")
    text = panel.copy_frames()
    assert QGuiApplication.clipboard().text() == text
    lines = text.splitlines()
    assert len(lines) == len(panel.frames.shown()) and all("← received" in line for line in lines)
    done = []
    panel.frames.export(str(tmp_path / "frames.xlsx"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    sheet = openpyxl.load_workbook(tmp_path / "frames.xlsx").active
    assert [c.value for c in sheet[1]][:3] == ["Time", "Address", "Direction"] and sheet.max_row == done[0] + 1

    # hidden (another tab, the window closed): the line stops keeping frames
    port = svc.runtime.buses[bus_id].port
    assert port.trace is not None
    panel.hide()
    assert wait_for(lambda: port.trace is None, timeout=10)


def test_a_clerk_sees_why_the_line_is_not_shown(qtbot, store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with store.read() as s:
        bus_id = s.scalar(select(BusRow.id))
    panel = _panel(qtbot, store, campus.clerk)
    panel.set_bus(bus_id)
    qtbot.waitUntil(lambda: "may not do this" in panel.source.text(), timeout=10000)
    assert panel.view is None and panel.frames.rows() == []


# ----- screenshots -------------------------------------------------------------------------------------


class SharedLine:
    """What a window beside `serve` reads: a busy 64-meter line with two meters down."""

    def __init__(self) -> None:
        now = clock.now()
        frames: list[FrameRow] = []
        t = now - timedelta(seconds=5)
        for n in range(60):
            address = n % 12 + 1
            request = rtu.frame(struct.pack(">BBHH", address, 3, 0, 24))
            frames.append(FrameRow(t, "out", request.hex(" "), None, "", address))
            t += timedelta(milliseconds=9)
            if address == 7:
                frames.append(FrameRow(t + timedelta(milliseconds=200), "in", "", 200.3, "timeout", address))
                t += timedelta(milliseconds=210)
                continue
            body = bytes([address, 3, 48]) + bytes((address * 7 + i * 13) % 256 for i in range(48))
            reply = rtu.frame(body)
            note = "crc" if n == 55 else ""
            if note:
                reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
            latency = 48.0 + (n * 7) % 11 + 0.4
            t += timedelta(milliseconds=latency)
            frames.append(FrameRow(t, "in", reply.hex(" "), latency, note, address))
            t += timedelta(milliseconds=5)
        self.view = LineView(
            bus_id=1, url="/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10K3QZ9-if00-port0", at=now, port_open=True,
            online=62, offline=2,
            offline_meters=(OfflineMeter(7, "ddsy", "B3-407", "no reply within 200 ms"),
                            OfflineMeter(107, "lxsy", "B3-407", "no reply within 200 ms")),
            errors_per_min={"timeout": 2.4, "crc": 0.2}, errors_total={"timeout": 311, "crc": 17, "offline": 4},
            wire_busy_pct=71.6, window_s=300.0, last_error="CRC error in reply 08 03 30 38 45 52 5f 6c …", last_error_kind="crc",
            last_error_at=now - timedelta(seconds=1), tracing=True, frames=tuple(reversed(frames)))

    def read(self, bus_id: int) -> LineRead:
        return LineRead(self.view, "shared")

    def release(self, bus_id: int) -> None:
        pass


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_line_panel_screenshots(qtbot, qapp, store, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    i18n.install_translations(qapp, language)
    try:
        panel = LinePanel(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(panel)
        panel.reader = SharedLine()
        panel.show()
        with qtbot.waitSignal(panel.updated, timeout=10000):
            panel.set_bus(1)
        online = panel.figures["online"].text()
        assert "62" in online and "64" in online and len(panel.frames.rows()) == 120
        for width, height in ((1366, 768), (1920, 1080)):
            panel.resize(width, height)
            QApplication.processEvents()
            panel.grab().save(os.path.join(FOLDER, f"admin-line-panel-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
