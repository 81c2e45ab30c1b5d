from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.cards import load_cards
from db.engine import Store
from ui.room_table_model import SORT_ROLE
from ui.rooms_window import RoomsWindow


def test_window_lists_every_room_with_balances_loaded_off_the_gui_thread(qtbot, demo_db):
    store = Store(demo_db)
    w = RoomsWindow(store, school="东华理工大学", demo=True)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.loaded, timeout=10000) as blocker:
        w.reload()
    assert blocker.args == [60]
    assert w.proxy.rowCount() == 60
    cards = {c.room_id: c for c in load_cards(store)}
    first = w.proxy.index(0, 0)
    card = cards[w.proxy.data(first, SORT_ROLE)]
    elec = w.proxy.data(w.proxy.index(0, 4), Qt.ItemDataRole.DisplayRole)
    assert elec.replace("¥", "").replace(",", "") == f"{card.electricity_fen / 100:.2f}"
    assert "60 rooms" in w.statusBar().currentMessage()
    banner = w.findChild(QLabel, "demoBanner")
    assert banner is not None and banner.text().startswith("DEMO")
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:  # `DORMWATT_SCREENSHOTS=docs/screenshots make test` refreshes the README's pictures
        w.resize(1100, 640)
        w.grab().save(os.path.join(shots, "rooms-window.png"))
    w.search.setText("105")
    assert w.proxy.rowCount() == 1
    assert w.proxy.data(w.proxy.index(0, 1)) == "105"
    store.dispose()


def test_window_reports_an_unreachable_store(qtbot, tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'empty.db'}")  # no schema: the query fails
    w = RoomsWindow(store)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.failed, timeout=10000):
        w.reload()
    assert w.statusBar().currentMessage().startswith("Could not load the rooms")
    assert w.proxy.rowCount() == 0
    store.dispose()
