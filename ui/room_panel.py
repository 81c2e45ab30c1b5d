"""The selected room: occupants, balances, and (in the full panel) curves, history and actions."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app import occupancy
from app.cards import load_cards
from app.money import Money
from ui.app_context import AppContext
from ui.i18n import _
from ui.tasks import run_task


class RoomPanel(QWidget):
    room_changed = Signal(int)       # something was done to the room: refresh its card

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.room_id: int | None = None
        form = QFormLayout(self)
        self.title = QLabel("—", self)
        self.title.setObjectName("roomTitle")
        self.people = QLabel("", self)
        self.people.setWordWrap(True)
        self.electricity = QLabel("", self)
        self.water = QLabel("", self)
        form.addRow(_("Room"), self.title)
        form.addRow(_("Occupants"), self.people)
        form.addRow(_("Electricity"), self.electricity)
        form.addRow(_("Water"), self.water)

    def show_room(self, room_id: int | None) -> None:
        self.room_id = room_id
        if room_id is None:
            return
        store = self.ctx.store

        def work():
            return load_cards(store, [room_id])[0], occupancy.occupants(store, room_id)

        run_task(work, self._show)

    def _show(self, result) -> None:
        card, stays = result
        if card.room_id != self.room_id:
            return
        self.title.setText(f"{card.building_name} {card.code}")
        self.people.setText("\n".join(f"{s.bed_label}: {s.student_name} ({s.student_no})" for s in stays) or _("Empty"))
        for label, fen in ((self.electricity, card.electricity_fen), (self.water, card.water_fen)):
            label.setText("—" if fen is None else Money(fen).display())

    def on_live(self, room_id: int, live) -> None:
        pass
