"""Replacing and decommissioning a meter through their dialogs: what the technician reads before OK
(the old meter, what will be billed and carried), a refusal under the field concerned with nothing
written, and the replacement and the decommissioning as the store then holds them."""
from __future__ import annotations

import os
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.metering import tariffs
from app.metering.billing import ElectricReading
from app.metering.billing_electricity import bill_electricity
from db.models import ElectricityMeter, Purchase
from tests.factories import make_campus
from ui import i18n
from ui.admin.meter_actions import decommission_meter, replace_meter
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def line(store):
    """Room B1-101 with ¥30.00 on its meter (delivered), billed up to 100.00 kWh an hour ago."""
    c = make_campus(store)
    room = c.rooms["B1-101"]
    occupancy.check_in(store, c.clerk, c.students["202610000"], room)
    shifts.open_shift(store, c.clerk, Money(0))
    tariffs.set_price(store, c.admin, "electricity", 5883, date(2026, 9, 1))
    payments.recharge(store, c.clerk, room_id=room, utility="electricity", amount=Money(3000), method="cash",
                      payer_id=c.students["202610000"], key="r")
    with store.write() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        for p in s.scalars(select(Purchase)):
            p.status, p.sequence = "delivered", 1
        bill_electricity(s, ElectricReading(meter_id, clock.now() - timedelta(hours=1), 10_000, (0, 0, 0), 3000, 0,
                                            1, 0))
    c.meter_id = meter_id
    return c


def _meters(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(ElectricityMeter))


def _open(qtbot, store, campus, done: list):
    dlg = replace_meter(None, AppContext(store=store, actor=campus.tech, school="东华理工大学"), "ddsy",
                        campus.meter_id, lambda: done.append(dlg.replacement))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled() and dlg.plan is not None, timeout=10000)
    return dlg


def test_a_final_reading_below_the_last_is_refused_under_its_field(qtbot, store, line):
    done: list = []
    dlg = _open(qtbot, store, line, done)
    assert dlg.old.text() == "E000001 on line bus-1, address 1"
    assert dlg.last.text().startswith("100.00 kWh at 2026-11-16 ") and dlg.balance.text() == "¥30.00"
    assert dlg.header.text() == "Replace the electricity meter of room B1-101"
    qtbot.keyClicks(dlg.final_reading, "99.5")
    qtbot.waitUntil(lambda: "below" in dlg.field_error("final_reading"), timeout=10000)   # as it is typed
    qtbot.keyClicks(dlg.new_serial, "E777777")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dlg.busy, timeout=10000)
    assert dlg.field_error("final_reading") == ("The final reading 99.50 kWh is below the meter's last reading, "
                                                "100.00 kWh.")
    assert done == [] and _meters(store) == 4
    dlg.final_reading.setText("100.123")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    assert "at most two decimals" in dlg.field_error("final_reading")
    assert done == [] and _meters(store) == 4


def test_a_meter_is_replaced_through_the_dialog(qtbot, store, line):
    done: list = []
    dlg = _open(qtbot, store, line, done)
    assert dlg.summary.text().startswith("Bills 0.00 kWh, ¥0.00; ¥30.00 carried to the new meter.")
    qtbot.keyClicks(dlg.final_reading, "105")
    qtbot.waitUntil(lambda: dlg.summary.text() == "Bills 5.00 kWh, ¥2.94; ¥27.06 carried to the new meter.",
                    timeout=10000)
    qtbot.keyClicks(dlg.new_serial, "E777777")
    assert dlg.new_address.value() == 1
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    [res] = done
    assert (res.charged_fen, res.carried_fen, res.final_reading) == (294, 2706, 10_500)
    assert "¥27.06" in dlg.summary.text() and dlg.ok.text() == "Close"
    with store.read() as s:
        old, new = s.get(ElectricityMeter, line.meter_id), s.get(ElectricityMeter, res.new_meter_id)
        assert old.replaced_on is not None and old.final_reading_cwh == 10_500
        assert (new.serial_no, new.address, new.room_id, new.replaced_on) == ("E777777", 1, old.room_id, None)
        assert s.get(Purchase, res.purchase_id).amount == 2706
    assert payments.account_for(store, line.rooms["B1-101"], "electricity") is not None


def test_a_meter_is_taken_out_of_service_with_its_reason(qtbot, store, line):
    done: list = []
    dlg = decommission_meter(None, AppContext(store=store, actor=line.tech, school="东华理工大学"), "ddsy",
                             line.meter_id, lambda: done.append(dlg.replacement))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled(), timeout=10000)
    assert dlg.header.text() == "Take the electricity meter of room B1-101 out of service?"
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dlg.field_error("reason")), timeout=10000)
    assert dlg.field_error("reason") == "Say why the meter is taken out of service."
    qtbot.keyClicks(dlg.reason, "room closed for renovation")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert done[0].action == "decommission"
    with store.read() as s:
        assert s.get(ElectricityMeter, line.meter_id).replaced_on is not None


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_replace_meter_screenshot(qtbot, qapp, store, line, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    i18n.install_translations(qapp, language)
    try:
        done: list = []
        dlg = _open(qtbot, store, line, done)
        qtbot.keyClicks(dlg.final_reading, "112.34")
        qtbot.keyClicks(dlg.new_serial, "E777777")
        qtbot.waitUntil(lambda: "12.34" in dlg.summary.text(), timeout=10000)
        dlg.show()
        QApplication.processEvents()
        dlg.grab().save(os.path.join(FOLDER, f"admin-replace-meter-{language}.png"))
    finally:
        i18n.remove_translations(qapp)


def test_a_water_meter_replacement_says_the_balance_stays_with_the_room(qtbot, store, line):
    from app.metering.billing import WaterReadingIn
    from app.metering.billing_water import bill_water
    from db.models import WaterMeter

    tariffs.set_price(store, line.admin, "water", 45_000, date(2026, 9, 1))
    with store.write() as s:
        water_id = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == line.rooms["B1-101"]))
        bill_water(s, WaterReadingIn(water_id, clock.now() - timedelta(hours=1), 10_000, 0, 0))
    done: list = []
    dlg = replace_meter(None, AppContext(store=store, actor=line.tech, school="东华理工大学"), "lxsy", water_id,
                        lambda: done.append(dlg.replacement))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ok.isEnabled() and bool(dlg.summary.text()), timeout=10000)
    assert dlg.last.text().startswith("10000 L at ")
    qtbot.keyClicks(dlg.final_reading, "10333")
    qtbot.waitUntil(lambda: dlg.summary.text().startswith("Bills 333 L, ¥1.49; the room's water balance stays"),
                    timeout=10000)
    qtbot.keyClicks(dlg.new_serial, "W777777")
    qtbot.mouseClick(dlg.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert (done[0].charged_fen, done[0].carried_fen, done[0].purchase_id) == (149, None, None)
    assert dlg.summary.text() == "Replaced. Billing goes on from the new meter's reading."


class _Runtime:
    """A window's meter runtime that runs the old meter's line (the read comes off the wire there)."""

    def __init__(self, meter_id: int, cwh: int) -> None:
        from types import SimpleNamespace

        self.listeners: list = []
        self.ref = SimpleNamespace(meter_id=meter_id)
        self.cwh = cwh

    def room_meter(self, room_id: int, kind: str = "ddsy"):
        return self.ref

    def read_now(self, room_id: int):
        from concurrent.futures import Future
        from types import SimpleNamespace

        f: Future = Future()
        f.set_result(SimpleNamespace(incoming_energy_cwh=self.cwh))
        return f


def test_the_final_reading_is_read_from_the_meter_when_this_window_runs_its_line(qtbot, store, line):
    done: list = []
    ctx = AppContext(store=store, actor=line.tech, school="东华理工大学", runtime=_Runtime(line.meter_id, 10_777))
    dlg = replace_meter(None, ctx, "ddsy", line.meter_id, lambda: done.append(dlg.replacement))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.read_button.isEnabled(), timeout=10000)
    qtbot.mouseClick(dlg.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.final_reading.text() == "107.77", timeout=10000)
    qtbot.waitUntil(lambda: dlg.summary.text().startswith("Bills 7.77 kWh, ¥4.57;"), timeout=10000)
