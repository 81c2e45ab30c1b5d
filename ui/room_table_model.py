"""The rooms of the campus as a table: one row per RoomCard."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.cards import RoomCard
from app.money import Money
from ui.i18n import _

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ORDER = {"arrears": 0, "alarm": 1, "offline": 2, "low": 3, "ok": 4}
STATUS_COLOURS = {"arrears": "#f8d7da", "alarm": "#fde2c8", "offline": "#e2e3e5", "low": "#fff3cd"}


def _columns():
    return (_("Building"), _("Room"), _("Gender"), _("Occupants"), _("Electricity"), _("Water"), _("Meter"),
            _("Status"))


def _status_text(status: str) -> str:
    return {"arrears": _("Arrears"), "alarm": _("Alarm"), "offline": _("Offline"), "low": _("Low balance"),
            "ok": _("OK")}[status]


class RoomTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._cards: list[RoomCard] = []
        self._headers = _columns()

    def set_cards(self, cards: list[RoomCard]) -> None:
        self.beginResetModel()
        self._cards = cards
        self.endResetModel()

    def card(self, row: int) -> RoomCard:
        return self._cards[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cards)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        c = self._cards[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return c.building_name
            if col == 1:
                return c.number
            if col == 2:
                return _("Male") if c.gender == "M" else _("Female")
            if col == 3:
                return f"{c.occupants}/{c.beds}"
            if col in (4, 5):
                fen = c.electricity_fen if col == 4 else c.water_fen
                return "—" if fen is None else Money(fen).display()
            if col == 6:
                return {True: _("Online"), False: _("Offline"), None: "—"}[c.online]
            if col == 7:
                return _status_text(c.status)
        if role == SORT_ROLE:
            return (c.room_id, c.room_id, c.gender, c.occupants, c.electricity_fen or 0, c.water_fen or 0,
                    int(bool(c.online)), STATUS_ORDER[c.status])[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (3, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and c.status in STATUS_COLOURS:
            return QColor(STATUS_COLOURS[c.status])
        return None
