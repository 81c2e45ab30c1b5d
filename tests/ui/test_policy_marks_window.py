"""The window shows the power policy: policy marks on the cards, the policy in force and its next change
in the room panel, and a trip release from the alarm panel (a meter command, audited)."""
from __future__ import annotations

import os
from datetime import datetime

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from sqlalchemy import select

from app import clock, events
from app.campus.cards import RoomCard
from app.clock import CAMPUS_TZ, FixedClock
from app.metering import alarms
from app.metering.runtime import vocabulary
from app.metering.runtime.vocabulary import BranchMark
from app.policies import policies
from app.policies.model import BranchPlan, Period, PolicyPlan
from db.models import ElectricityMeter, MeterCommand
from db.models_ops import AuditRecord
from db.models_power import MeterPolicyState
from drivers.ddsy_records import BranchState, EventType
from tests.factories import make_campus
from ui.alarm_panel import AlarmPanel
from ui.app_context import AppContext
from ui.card_delegate import CARD_SIZE, CardDelegate, card_marks, mark_legend
from ui.card_model import CardModel, CardRole
from ui.room_panel import RoomPanel

ON = int(BranchState.RELAY_CLOSED)
LOW_POWER = int(BranchState.LOW_POWER_MODE | BranchState.RELAY_CLOSED)
LIGHTS_OFF = BranchPlan(schedule=True, holiday_off=True, workday=(Period(23 * 60, 6 * 60),),
                        restday=(Period(30, 6 * 60),))
UNDERGRAD = PolicyPlan((LIGHTS_OFF, BranchPlan(schedule=True, low_power=True, workday=LIGHTS_OFF.workday,
                                               restday=LIGHTS_OFF.restday),
                        BranchPlan(standby=True)))


def card(room_id: int, states, online: bool | None = True) -> RoomCard:
    return RoomCard(room_id, "B1", "一号楼", f"{room_id}", 1, "M", 4, 1, 3000, 3000, online, 0, 0, states)


# ----- cards ----------------------------------------------------------------------------------------

def test_a_low_power_socket_branch_gets_the_low_power_mark(qtbot):
    model = CardModel()
    model.set_cards([card(1, (ON, LOW_POWER, ON)),
                     card(2, (int(BranchState.SCHEDULE_OPEN), LOW_POWER | int(BranchState.TRIP_LOW_POWER),
                              int(BranchState.TRIP_STANDBY))),
                     card(3, (ON, LOW_POWER, ON), online=False)])
    shown = [card_marks(model.index(r).data(CardRole)) for r in range(3)]
    assert shown[0] == ((), (BranchMark.LOW_POWER,), ())
    assert shown[1] == ((BranchMark.LIGHTS_OFF,), (BranchMark.LOW_POWER, BranchMark.LOW_POWER_TRIP),
                        (BranchMark.STANDBY_TRIP,))
    assert shown[2] == ((), (), ())          # an offline meter's states are old: no marks
    tip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.splitlines() == ["B1-1", "Sockets: Low-power mode"]
    assert "Air conditioning: AC unplugged — tripped" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)
    assert [name for _m, _shape, _colour, name in mark_legend()] == [
        "Lights-off", "Low-power mode", "Holiday power-off", "AC unplugged — tripped",
        "Low-power limit exceeded — tripped"]
    assert len({shape for _m, shape, _c, _n in mark_legend()}) == 5   # told apart without colour


def _painted(delegate: CardDelegate, model: CardModel, row: int) -> QImage:
    image = QImage(CARD_SIZE, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, CARD_SIZE.width(), CARD_SIZE.height())
    delegate.paint(painter, option, model.index(row))
    painter.end()
    return image


def test_the_marks_are_painted_on_the_card(qtbot):
    """A card with marks looks different from the same card without them; each mark differently.
    (Painting speed at 10,000 cards is measured by bench/ui.py, not asserted here.)"""
    model = CardModel()
    states = [(ON, ON, ON), (int(BranchState.SCHEDULE_OPEN), ON, ON), (ON, LOW_POWER, ON),
              (ON, ON, int(BranchState.TRIP_STANDBY))]
    model.set_cards([card(i, states[i]) for i in range(len(states))])
    delegate = CardDelegate()
    images = [_painted(delegate, model, r) for r in range(len(states))]
    assert len({img.bits().tobytes() for img in images}) == len(states)


@pytest.mark.skipif(not os.environ.get("DORMWATT_SCREENSHOTS"), reason="screenshots only when DORMWATT_SCREENSHOTS is set")
def test_policy_marks_screenshot(qtbot):
    model = CardModel()
    states = [(ON, ON, ON), (int(BranchState.SCHEDULE_OPEN), LOW_POWER, ON),
              (int(BranchState.HOLIDAY_OPEN), ON, ON),
              (int(BranchState.SCHEDULE_OPEN), LOW_POWER | int(BranchState.TRIP_LOW_POWER), ON),
              (ON, ON, int(BranchState.TRIP_STANDBY))]
    model.set_cards([card(101 + i, states[i]) for i in range(len(states))])
    delegate = CardDelegate()
    gap = 8
    strip = QImage((CARD_SIZE.width() + gap) * len(states) + gap, CARD_SIZE.height() + 2 * gap,
                   QImage.Format.Format_ARGB32)
    strip.fill(0xFFF6F8FA)
    painter = QPainter(strip)
    for r in range(len(states)):
        option = QStyleOptionViewItem()
        option.rect = QRect(gap + r * (CARD_SIZE.width() + gap), gap, CARD_SIZE.width(), CARD_SIZE.height())
        delegate.paint(painter, option, model.index(r))
    painter.end()
    strip.save(os.path.join(os.environ["DORMWATT_SCREENSHOTS"], "cards-policy-marks.png"))


# ----- room panel -----------------------------------------------------------------------------------

@pytest.fixture
def policy_campus(store):
    campus = make_campus(store)
    pid = policies.save_policy(store, campus.admin, "Undergraduate lights-off", UNDERGRAD)
    policies.assign(store, campus.admin, "campus", policy_id=pid)
    return campus, pid


def test_room_panel_shows_the_policy_in_force_its_next_change_and_the_meter_sync(qtbot, store, policy_campus):
    campus, _pid = policy_campus
    room = campus.rooms["B1-101"]
    with store.write() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        s.add(MeterPolicyState(meter_id=meter_id, digest="x", state="failed", reason="no answer"))
    with clock.use(FixedClock(datetime(2026, 12, 1, 22, 0, tzinfo=CAMPUS_TZ))):     # a Tuesday, 22:00
        panel = RoomPanel(AppContext(store=store, actor=campus.clerk))
        qtbot.addWidget(panel)
        panel.resize(560, 900)
        panel.show()
        with qtbot.waitSignal(panel.policy_loaded, timeout=10_000):
            panel.show_room(room)
        assert panel.policy_box.isVisible()
        assert panel.policy_label.text() == "Power policy: Undergraduate lights-off (from Campus)"
        assert panel.change_label.text() == ("Lighting off at 23:00 tonight; "
                                             "Sockets to low-power mode at 23:00 tonight")
        assert panel.sync_label.text() == "Meter: update failed: no answer"
        # An exemption for the room: the panel hears "policies_changed" and says so.
        with qtbot.waitSignal(panel.policy_loaded, timeout=10_000):
            policies.assign(store, campus.admin, "room", room_id=room, policy_id=None, reason="medical exemption")
        assert panel.policy_label.text() == "Exempt: medical exemption"
        assert not panel.change_label.isVisible()


# ----- alarm panel: release ------------------------------------------------------------------------

class FakeRunner:
    """Stands in for the runtime owning the room's bus: carries out each committed meter command at once."""

    def __init__(self, store) -> None:
        self.store = store
        events.hub(store).subscribe(self._on_command, "meter_command")

    def _on_command(self, event) -> None:
        for cid in event.ids:
            with self.store.write() as s:
                c = s.get(MeterCommand, cid)
                if c.status == "pending":
                    c.status = "done"
                    events.stage(s, "meter_command", rooms={c.room_id}, ids=[cid])


def test_release_from_a_standby_alarm_resets_the_air_conditioning_branch(qtbot, store):
    campus = make_campus(store)
    room = campus.rooms["B1-102"]
    rule = vocabulary.event_alarm(EventType.STANDBY_TRIP)
    with store.write() as s:
        alarms.raise_alarm(s, rule.kind, level=rule.level, room_id=room,
                           message=rule.message.format(b=vocabulary.branch_word(2)),
                           details={"type": int(EventType.STANDBY_TRIP), "branch": 2, "sequence": 9})
        alarms.raise_alarm(s, "meter_offline", level=2, room_id=campus.rooms["B1-101"],
                           message="The electricity meter stopped answering.")
    FakeRunner(store)
    panel = AlarmPanel(AppContext(store=store, actor=campus.clerk))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=5000)
    standby_row = next(r for r, a in enumerate(panel.alarms) if a.kind == "standby_trip")
    assert "air conditioning" in panel.table.item(standby_row, 4).text()
    panel.table.selectRow(1 - standby_row)
    assert not panel.release_button.isEnabled()         # an offline meter has no trip to release
    panel.table.selectRow(standby_row)
    assert panel.release_button.isEnabled()
    with qtbot.waitSignal(panel.released, timeout=10_000) as sig:
        panel.release_button.click()
    assert sig.args == [[room]]
    assert panel.notice.text() == "Trips released in B1-102."
    with store.read() as s:
        cmds = s.scalars(select(MeterCommand)).all()
        assert [(c.action, c.room_id, c.params, c.status, c.operator_id) for c in cmds] == [
            ("release_trips", room, {"branches": [2]}, "done", campus.clerk.id)]
        audit = s.scalars(select(AuditRecord).where(AuditRecord.action == "meter.release_trips")).all()
        assert [(a.entity, a.entity_id, a.operator_id, a.after["branches"]) for a in audit] == [
            ("meter_command", cmds[0].id, campus.clerk.id, [2])]
    assert len(alarms.open_alarms(store, room)) == 1      # acknowledging stays a person's note
