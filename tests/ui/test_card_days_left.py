"""Room cards say how long a room's electricity money lasts (issue 13, "days left"): every card's forecast
is read in the background after the grid is shown, drawn between the label and the balance, and named in
the tooltip; forecasts agree with app.metering.forecast."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app import clock
from app.metering import forecast
from ui.card_model import DaysLeftRole


def test_cards_carry_the_days_left_of_their_room(qtbot, demo_window):
    w = demo_window
    qtbot.waitUntil(lambda: len(w.model.days_left) > 0, timeout=30000)
    rid, days = next(iter(w.model.days_left.items()))
    with w.ctx.store.read() as s:
        assert forecast.days_left(s, rid, at=clock.now()).days == days
    row = w.model.row_of(rid)
    if row is not None:
        index = w.model.index(row)
        assert index.data(DaysLeftRole) == days
        assert f"about {days} days" in index.data(Qt.ItemDataRole.ToolTipRole)
