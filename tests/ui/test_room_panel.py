"""The room panel offscreen: what a clerk sees of a room, live curves, branch commands, alarms."""
from __future__ import annotations

import os
from datetime import timedelta

import numpy as np
import pytest

from app import clock, events
from app.campus import occupancy
from app.clock import day_start
from app.counter import payments, shifts
from app.counter.money import Money
from app.metering import alarms
from db.models import ElectricityMeter, ElectricityReading, MeterCommand, MeterEvent
from drivers.ddsy_records import BranchReading, BranchState, ForceMode, LiveBlock
from drivers.errors import MeterTimeout
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.live_curves import SAMPLES
from ui.room_panel import RoomPanel

ON = BranchState.RELAY_CLOSED


def live(address: int, incoming: int, branches=(10, 20, 30), states=(ON, ON, ON)) -> LiveBlock:
    return LiveBlock(address, 2201, 5000, 100, incoming, 0, 990, 123456,
                     tuple(BranchReading(10, p, 0, 990, 100, s, 0) for p, s in zip(branches, states, strict=True)))


class FakeRunner:
    """Stands in for the meter runtime that owns the room's bus: carries out each committed meter
    command at once (done, or failed with `fail`) and records it."""

    def __init__(self, store) -> None:
        self.store = store
        self.calls: list[tuple] = []
        self.fail: BaseException | None = None
        events.hub(store).subscribe(self._on_command, "meter_command")

    def _on_command(self, event) -> None:
        for cid in event.ids:
            with self.store.write() as s:
                c = s.get(MeterCommand, cid)
                if c.status != "pending":
                    continue
                if c.action == "branch_power":
                    self.calls.append(("set_branch", c.room_id, c.params["branch"], ForceMode[c.params["mode"]]))
                else:
                    self.calls.append(("reset_trips", c.room_id, sum(1 << b for b in c.params["branches"])))
                c.status, c.reason = ("failed", str(self.fail)) if self.fail else ("done", "")
                events.stage(s, "meter_command", rooms={c.room_id}, ids=[cid])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def campus_room(store):
    campus = make_campus(store, beds=4)
    room = campus.rooms["B1-101"]
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], room, bed_label="1")
    occupancy.check_in(store, campus.clerk, campus.students["202610001"], room, bed_label="3")
    shifts.open_shift(store, campus.clerk, Money.parse("200"))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                     method="cash", payer_id=campus.students["202610000"], key="e1")
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("5"),
                     method="cash", key="w1")
    return campus, room


def make_panel(qtbot, store, campus, service=None) -> RoomPanel:
    panel = RoomPanel(AppContext(store=store, actor=campus.clerk, runtime=service))
    qtbot.addWidget(panel)
    panel.resize(560, 900)
    panel.show()
    return panel


def press(panel: RoomPanel, branch: int, cmd: str) -> None:
    """Click a branch button; Power off asks first, and the clerk says yes."""
    panel.controls.buttons[(branch, cmd)].click()
    if cmd == "open":
        panel.controls.confirm.findChild(type(panel.controls.release), "powerOffConfirm").click()


def load(qtbot, panel: RoomPanel, room_id: int) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show_room(room_id)
    # Laid out again for the new texts (what a screenshot must wait for).
    qtbot.waitUntil(lambda: all(lbl.width() >= lbl.sizeHint().width()
                                for lbl in (panel.title, panel.electricity, panel.water)), timeout=3000)


def test_panel_shows_beds_balances_purchases_history_and_consumption(qtbot, store, campus_room):
    campus, room = campus_room
    today = clock.today()
    with store.write() as s:
        meter_id = s.query(ElectricityMeter.id).filter_by(room_id=room).scalar()
        start = day_start(today - timedelta(days=1))
        for k, cwh in enumerate((10_000, 10_800, 11_500, 11_600)):
            s.add(ElectricityReading(meter_id=meter_id, taken_at=start + timedelta(hours=6 * k), incoming_cwh=cwh,
                                     branch0_cwh=0, branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=0,
                                     purchase_count=0, status=0))
        s.add(MeterEvent(meter_id=meter_id, seq=1, type=4, branch=1, meter_time=5, payload={}))
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    assert panel.title.text().startswith("B1-101")
    assert "Floor 1" in panel.subtitle.text() and "2 of 4 beds taken" in panel.subtitle.text()
    assert panel.people.text().splitlines() == [
        "Bed 1: 学生M0 (202610000)", "Bed 2: empty", "Bed 3: 学生M1 (202610001)", "Bed 4: empty"]
    assert panel.electricity.text() == "Electricity: ¥50.00" and "#1a7f37" in panel.electricity.styleSheet()
    assert panel.water.text() == "Water: ¥5.00" and "#9a6700" in panel.water.styleSheet()   # low: amber
    assert panel.purchases.isVisible() and "¥50.00 (Money) pending" in panel.purchases.text()
    assert not panel.alarm_box.isVisible()
    ledger = panel.ledger.model
    assert ledger.rowCount() == 2
    assert [ledger.text(r, 1) for r in range(2)] == ["Water", "Electricity"]
    assert ledger.text(1, 3) == "¥50.00" and ledger.text(1, 7) == "学生M0 (202610000)"
    panel.ledger.filter.setCurrentIndex(2)     # water only
    assert ledger.rowCount() == 1 and ledger.text(0, 4) == "¥5.00"
    assert panel.events.model.rowCount() == 1
    assert panel.events.model.text(0, 1) == "Over-power trip" and panel.events.model.text(0, 2) == "Sockets"
    assert panel.bars.heights()[-2:] == [16.0, 0.0] and len(panel.bars.heights()) == 30
    assert "today 0.00 kWh" in panel.bars.summary.text()
    assert all(b.isEnabled() for b in panel.action_buttons.values())
    with qtbot.waitSignal(panel.action_requested) as sig:
        panel.action_buttons["recharge"].click()
    assert sig.args == ["recharge", room]
    with qtbot.waitSignal(panel.action_requested) as sig:
        panel.action_buttons["check_out"].click()
    assert sig.args == ["check_out", room]
    # A dialog recharged the room: the panel reloads when told about it.
    payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money.parse("10"), method="cash",
                     key="w2")
    panel.refresh_room(room + 1)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.refresh_room(room)
    assert panel.water.text() == "Water: ¥15.00" and "#1a7f37" in panel.water.styleSheet()


def test_empty_room_disables_what_cannot_be_done(qtbot, store, campus_room):
    campus, _room = campus_room
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, campus.rooms["B1-201"])
    assert panel.electricity.text() == "Electricity: no account"
    assert panel.action_buttons["check_in"].isEnabled()
    for name in ("recharge", "refund", "exchange", "check_out"):
        assert not panel.action_buttons[name].isEnabled() and panel.action_buttons[name].toolTip()
    panel.show_room(None)
    assert panel.title.text() == "—" and not panel.action_buttons["check_in"].isEnabled()


def test_the_last_selected_room_wins(qtbot, store, campus_room):
    campus, room = campus_room
    panel = make_panel(qtbot, store, campus)
    panel.show_room(room)
    with qtbot.waitSignal(panel.loaded, timeout=10000, check_params_cb=lambda rid: rid == campus.rooms["B1-102"]):
        panel.show_room(campus.rooms["B1-102"])
    qtbot.wait(50)   # a late result for B1-101 would land now
    assert panel.title.text().startswith("B1-102") and panel.detail.room_id == campus.rooms["B1-102"]


def test_live_blocks_fill_ring_buffers_and_curves_redraw_at_most_once_a_second(qtbot, store, campus_room):
    campus, room = campus_room
    panel = make_panel(qtbot, store, campus)
    clock = Clock()
    panel.history.clock = clock
    load(qtbot, panel, room)
    for k in range(5):
        clock.now += 1
        panel.on_live(room, live(1, 1000 + k, branches=(100 + k, 200 + k, 300 + k)))
        panel.on_live(room + 1, live(2, 50))          # another room on screen
    x, y = panel.curves.curves[0].getData()
    assert x is None or len(x) == 0                   # nothing drawn until the timer comes round
    qtbot.waitUntil(lambda: panel.curves.curves[0].getData()[1] is not None
                    and len(panel.curves.curves[0].getData()[1]) == 5, timeout=3000)
    x, y = panel.curves.curves[0].getData()
    assert list(y) == [1000, 1001, 1002, 1003, 1004]
    assert list(x) == [-4.0, -3.0, -2.0, -1.0, 0.0]
    assert list(panel.curves.curves[2].getData()[1]) == [200, 201, 202, 203, 204]   # sockets
    assert panel.history.get(room + 1).count == 5
    assert list(panel.history.get(room + 1).ordered()[1][0]) == [50] * 5
    assert panel.controls.state_labels[1].text() == "On · 204 W"
    assert "1004 W incoming at 220.1 V" in panel.live_now.text()

    # The buffer is a fixed ring of 600: after 650 more seconds it holds the newest 600, oldest first.
    for k in range(650):
        clock.now += 1
        panel.on_live(room, live(1, k))
    buf = panel.history.get(room)
    assert buf.t.size == SAMPLES and buf.count == SAMPLES
    t, v = buf.ordered()
    assert v[0, 0] == 50 and v[0, -1] == 649 and np.all(np.diff(t) == 1.0)
    panel.redraw_live()
    x, y = panel.curves.curves[0].getData()
    assert len(y) == SAMPLES and y[-1] == 649 and x[0] == -599.0
    tripped = live(1, 0, states=(ON, BranchState.TRIP_MALIGNANT, BranchState.LOCKED_OUT))
    panel.on_live(room, tripped)
    panel.redraw_live()
    assert [lbl.text().split(" · ")[0] for lbl in panel.controls.state_labels] == ["On", "Tripped", "Locked out"]
    qtbot.waitUntil(lambda: all(lbl.width() >= lbl.sizeHint().width() for lbl in panel.controls.state_labels),
                    timeout=3000)
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        panel.grab().save(os.path.join(shots, "room-panel-live.png"))


def test_branch_buttons_and_release_are_meter_commands_carried_out_by_the_runtime(qtbot, store, campus_room):
    campus, room = campus_room
    svc = FakeRunner(store)
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    expected = []
    for branch, cmd, mode in ((1, "open", ForceMode.OPEN), (2, "keep", ForceMode.CLOSED), (0, "auto", ForceMode.AUTO)):
        with qtbot.waitSignal(panel.room_changed, timeout=5000) as sig:
            press(panel, branch, cmd)
        assert sig.args == [room]
        expected.append(("set_branch", room, branch, mode))
        assert svc.calls == expected
    assert panel.message.text() == "Lighting: automatic control."
    with qtbot.waitSignal(panel.room_changed, timeout=5000):
        panel.controls.buttons[(1, "close")].click()
    assert svc.calls[-2:] == [("set_branch", room, 1, ForceMode.AUTO), ("reset_trips", room, 0b010)]
    assert panel.message.text() == "Sockets: back to automatic, trips released."
    with qtbot.waitSignal(panel.room_changed, timeout=5000):
        panel.controls.release.click()
    assert svc.calls[-1] == ("reset_trips", room, 0x7)
    assert panel.message.text() == "Trips released on every branch."

    svc.fail = MeterTimeout("Meter 1 did not answer.")
    with qtbot.waitSignal(panel.command_finished, timeout=5000) as sig:
        press(panel, 0, "open")
    assert sig.args == [room, False]
    assert panel.message.text() == "Meter 1 did not answer." and "#cf222e" in panel.message.styleSheet()
    assert all(b.isEnabled() for b in panel.controls.buttons.values())


def test_a_command_nobody_carries_out_is_cancelled_with_a_clear_message(qtbot, store, campus_room, monkeypatch):
    """No runtime owns the room's line (no service runs, or it is down): the clerk hears so, and the
    power-off is cancelled rather than carried out whenever a service comes back."""
    monkeypatch.setattr("ui.live_curves.COMMAND_TIMEOUT_S", 0.3)
    campus, room = campus_room
    panel = make_panel(qtbot, store, campus, None)
    load(qtbot, panel, room)
    assert all(b.isEnabled() for b in [*panel.controls.buttons.values(), panel.controls.release])
    with qtbot.waitSignal(panel.command_finished, timeout=10_000) as sig:
        press(panel, 1, "open")
    assert sig.args == [room, False]
    assert "did not carry out the command in time" in panel.message.text()
    with store.read() as s:
        assert [(c.action, c.status) for c in s.query(MeterCommand)] == [("branch_power", "failed")]


def test_acknowledge_an_alarm_with_a_note(qtbot, store, campus_room, monkeypatch):
    campus, room = campus_room
    with store.write() as s:
        alarms.raise_alarm(s, "malignant_load", level=3, room_id=room,
                           message="An illegal appliance was detected on branch sockets; the branch is off.")
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    assert panel.alarm_box.isVisible() and panel.alarm_list.count() == 1
    assert "illegal appliance" in panel.alarm_list.item(0).text()
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        panel.grab().save(os.path.join(shots, "room-panel.png"))
    from ui import room_panel

    monkeypatch.setattr(room_panel.QInputDialog, "getText", staticmethod(lambda *a, **k: ("   ", True)))
    with qtbot.waitSignal(panel.command_finished, timeout=5000):
        panel.ack_button.click()
    assert panel.message.text() == "Say what was done about the alarm."
    assert len(alarms.open_alarms(store, room)) == 1

    monkeypatch.setattr(room_panel.QInputDialog, "getText",
                        staticmethod(lambda *a, **k: ("Kettle taken to the office", True)))
    with qtbot.waitSignal(panel.room_changed, timeout=5000):
        panel.ack_button.click()
    assert alarms.open_alarms(store, room) == []
    qtbot.waitUntil(lambda: not panel.alarm_box.isVisible(), timeout=5000)
    assert panel.message.text() == "Alarm acknowledged."


def test_panel_on_the_demo_campus(qtbot, demo_db):
    """A lived-in room of the demo campus: ledger and daily bars filled (and the screenshots)."""
    from app import operators
    from app.campus.cards import load_cards
    from app.demo.campus import DEMO_PASSWORDS
    from db.engine import Store

    store = Store(demo_db)
    try:
        actor = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
        card = next(c for c in load_cards(store) if c.occupants >= 3)
        panel = RoomPanel(AppContext(store=store, actor=actor, runtime=None))
        qtbot.addWidget(panel)
        panel.resize(560, 900)
        panel.show()
        load(qtbot, panel, card.room_id)
        assert panel.ledger.model.rowCount() > 5
        assert any(h > 0 for h in panel.bars.heights())
        assert panel.people.text().count("Bed ") == card.beds
        shots = os.environ.get("DORMWATT_SCREENSHOTS")
        if shots:
            for k, name in ((1, "daily"), (2, "ledger")):
                panel.tabs.setCurrentIndex(k)
                panel.grab().save(os.path.join(shots, f"room-panel-{name}.png"))
    finally:
        store.dispose()


def test_the_panel_says_how_long_the_money_lasts_and_prints_the_daily_readings(qtbot, store, campus_room):
    """Two weeks at 2.50 kWh a day (¥0.59 at 0.5883): the ¥50.00 lasts 33 days; the room's daily readings
    come out as a PDF with its days and kWh, for a student who disputes the bill."""
    import io
    from datetime import date, datetime, timedelta

    from pypdf import PdfReader

    from app import clock
    from app.metering import tariffs
    from db.models import ElectricityMeter, ElectricityReading

    campus, _room = campus_room
    room = campus.rooms["B1-102"]          # lived in since October: its use counts
    occupancy.check_in(store, campus.clerk, campus.students["202610002"], room,
                       at=datetime(2026, 10, 1, 12, tzinfo=clock.CAMPUS_TZ))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                      method="cash", key="e2")
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 9, 1))
    with store.write() as s:
        meter = s.query(ElectricityMeter).filter_by(room_id=room).one().id
        for i in range(15):
            at = datetime(2026, 11, 1, 20, tzinfo=clock.CAMPUS_TZ) + timedelta(days=i)
            s.add(ElectricityReading(meter_id=meter, taken_at=at, incoming_cwh=10_000 + 250 * i, branch0_cwh=0,
                                     branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=0, purchase_count=1,
                                     status=0))
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    assert panel.electricity.text() == "Electricity: ¥50.00  ≈33d"
    assert "about 33 days" in panel.electricity.toolTip()
    assert "≈" not in panel.water.text()          # no water readings: nothing is promised
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(panel.daily_readings_pdf())).pages)
    assert "B1-102" in text and "2026-11-15" in text and "2.50" in text
