"""The workbench offscreen on a demo campus: cards, tree, search, filters, room panel."""
from __future__ import annotations

import os

import pytest

from app.campus.cards import load_cards
from ui.card_model import CardRole


@pytest.fixture
def window(demo_window):
    return demo_window


def test_cards_tree_and_banner(window):
    assert window.model.rowCount() == 60
    card = window.model.index(0).data(CardRole)
    assert card.code.endswith("-101")
    assert window.tree.topLevelItem(0).text(1) == "60"
    assert window.findChild(type(window.room_panel.title), "demoBanner").text().startswith("DEMO")
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        window.resize(1400, 880)
        window.grab().save(os.path.join(shots, "workbench.png"))


def test_search_by_room_and_student_number_selects_the_room(qtbot, window):
    store = window.ctx.store
    target = next(c for c in load_cards(store) if c.occupants)
    window.search.setText(target.number)
    qtbot.waitUntil(lambda: window.model.rowCount() >= 1 and window.room_panel.room_id == target.room_id,
                    timeout=5000)
    from app.campus import occupancy

    student = occupancy.occupants(store, target.room_id)[0]
    window.search.setText(student.student_no)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.index(0).data(CardRole).room_id == target.room_id
    qtbot.waitUntil(lambda: student.student_name in window.room_panel.people.text(), timeout=5000)
    window.search.clear()
    qtbot.waitUntil(lambda: window.model.rowCount() == 60, timeout=5000)


def test_quick_filter_and_tree_narrow_the_grid(qtbot, window):
    arrears = sum(1 for c in load_cards(window.ctx.store) if c.status == "arrears")
    window.filters.boxes["arrears"].setChecked(True)
    assert window.model.rowCount() == arrears
    window.filters.boxes["arrears"].setChecked(False)
    building = window.tree.topLevelItem(0).child(0)
    floor = building.child(1)
    window.tree.setCurrentItem(floor)
    assert window.model.rowCount() == int(floor.text(1))
    assert all(window.model.index(i).data(CardRole).floor == 2 for i in range(window.model.rowCount()))
