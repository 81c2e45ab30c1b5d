"""Branch buttons speak of power, and cutting power asks first (issue 9 item 11)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from db.models import MeterCommand
from drivers.ddsy_records import ForceMode
from tests.factories import make_campus
from tests.ui.test_room_panel import FakeRunner, load, make_panel


@pytest.fixture
def campus_room(store):
    campus = make_campus(store, beds=4)
    room = campus.rooms["B1-101"]
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], room, bed_label="1")
    shifts.open_shift(store, campus.clerk, Money.parse("200"))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money.parse("50"),
                      method="cash", payer_id=campus.students["202610000"], key="e1")
    return campus, room


def _commands(store) -> list[tuple[str, dict]]:
    with store.read() as s:
        return [(c.action, dict(c.params)) for c in s.query(MeterCommand).order_by(MeterCommand.id)]


def test_the_buttons_say_power_off_and_power_on(qtbot, store, campus_room):
    campus, room = campus_room
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    texts = {cmd: panel.controls.buttons[(0, cmd)].text() for cmd in panel.controls.COMMANDS}
    assert texts["open"] == "Power off" and texts["close"] == "Power on"
    assert not any(word in " ".join(texts.values()) for word in ("Open", "Close", "relay"))


def test_power_off_asks_and_a_no_sends_nothing(qtbot, store, campus_room):
    campus, room = campus_room
    FakeRunner(store)
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    panel.controls.buttons[(1, "open")].click()
    box = panel.controls.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Sockets" in box.text() and "B1-101" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: panel.controls.confirm is None, timeout=2000)
    assert _commands(store) == []


def test_power_off_confirmed_cuts_the_branch(qtbot, store, campus_room):
    campus, room = campus_room
    svc = FakeRunner(store)
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    panel.controls.buttons[(1, "open")].click()
    box = panel.controls.confirm
    with qtbot.waitSignal(panel.room_changed, timeout=5000):
        box.findChild(type(panel.controls.release), "powerOffConfirm").click()
    assert svc.calls == [("set_branch", room, 1, ForceMode.OPEN)]
    assert panel.message.text() == "Sockets: power off."


def test_power_on_acts_at_once(qtbot, store, campus_room):
    campus, room = campus_room
    svc = FakeRunner(store)
    panel = make_panel(qtbot, store, campus)
    load(qtbot, panel, room)
    with qtbot.waitSignal(panel.room_changed, timeout=5000):
        panel.controls.buttons[(1, "close")].click()
    assert svc.calls == [("set_branch", room, 1, ForceMode.AUTO), ("reset_trips", room, 0b010)]


# ----- the main window with the room panel at the office's screen sizes, in both languages -----------
PENDING = Path(__file__).resolve().parents[2] / "resources" / "translations" / "pending"


class _PendingTranslator(QTranslator):
    """Translations not merged into the catalogue yet (resources/translations/pending/*.json)."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.table: dict[str, str] = {}
        for path in sorted(PENDING.glob("*.json")):
            if not path.name.endswith("-messages.json"):
                self.table.update(json.loads(path.read_text(encoding="utf-8")))

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.table.get(source)       # None: not ours, ask the next catalogue

    def isEmpty(self) -> bool:
        return False


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    from ui import i18n

    extra = None
    if request.param != "en":
        assert i18n.install_translations(qapp, request.param) == request.param
        extra = _PendingTranslator(qapp)
        qapp.installTranslator(extra)
    yield request.param
    if extra is not None:
        qapp.removeTranslator(extra)
    i18n.remove_translations(qapp)


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_the_room_panel_fits_the_office_screens(qtbot, demo_db, language, size):
    from app import operators
    from app.campus.cards import load_cards
    from app.demo.campus import DEMO_PASSWORDS
    from db.engine import Store
    from ui.app_context import AppContext
    from ui.main_window import MainWindow

    store = Store(demo_db)
    try:
        actor = operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
        w = MainWindow(AppContext(store=store, actor=actor, school="东华理工大学", demo=True))
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        with qtbot.waitSignal(w.ready, timeout=15000):
            w.reload()
        card = next(c for c in load_cards(store) if c.occupants >= 3)
        with qtbot.waitSignal(w.room_panel.loaded, timeout=10000):
            w.show_room(card.room_id)
        panel = w.room_panel
        qtbot.waitUntil(lambda: panel.title.width() >= panel.title.sizeHint().width(), timeout=3000)
        qtbot.wait(50)
        buttons = [b for b in panel.findChildren(QPushButton) if b.isVisible()]
        cut = [b.text() for b in buttons if b.width() < b.fontMetrics().horizontalAdvance(b.text()) + 8]
        assert cut == [], f"buttons cut at {size}: {cut}"
        # On screen without scrolling: every button and the whole plot inside the panel's viewport.
        from PySide6.QtCore import QPoint, QRect
        from PySide6.QtWidgets import QScrollArea

        viewport = panel.findChild(QScrollArea).viewport()
        seen = viewport.rect()
        below = [getattr(b, "text", b.objectName)() or type(b).__name__ for b in [*buttons, panel.curves.plot]
                 if not seen.contains(QRect(b.mapTo(viewport, QPoint(0, 0)), b.size()))]
        assert below == [], f"out of sight at {size}: {below}"
        plot = panel.curves.plot
        assert plot.width() >= 300 and plot.height() >= 150, (plot.width(), plot.height())
        low, _high = plot.getPlotItem().getViewBox().viewRange()[1]
        assert low >= 0, "a power axis below zero"
        tree = w.tree
        for i in range(tree.topLevelItem(0).childCount()):
            item = tree.topLevelItem(0).child(i)
            need = tree.fontMetrics().horizontalAdvance(item.text(0)) + 2 * tree.indentation()
            assert tree.columnWidth(0) >= need, item.text(0)
        assert tree.viewport().width() >= tree.columnWidth(0) + tree.fontMetrics().horizontalAdvance("999")
        shots = os.environ.get("DORMWATT_SCREENSHOTS")
        if shots:
            w.grab().save(os.path.join(shots, f"counter-main-{language}-{size[0]}.png"))
    finally:
        store.dispose()


def test_a_zero_load_never_shows_negative_watts(qtbot):
    from ui.live_curves import LiveCurves, RingBuffer

    curves = LiveCurves()
    qtbot.addWidget(curves)
    curves.resize(480, 240)
    curves.show()
    buf = RingBuffer()
    for t in range(30):
        buf.append(float(t), (0.0, 0.0, 0.0, 0.0))
    curves.show_buffer(buf, 30.0)
    qtbot.wait(20)
    low, high = curves.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low >= 0 and high > 0
    for t in range(30, 40):
        buf.append(float(t), (1800.0, 60.0, 240.0, 1500.0))
    curves.show_buffer(buf, 40.0)
    qtbot.wait(20)
    low, high = curves.plot.getPlotItem().getViewBox().viewRange()[1]
    assert low >= 0 and high >= 1800
