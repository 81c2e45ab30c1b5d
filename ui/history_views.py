"""The room's history: ledger entries of both accounts and meter events, as read-only tables.

`LedgerView.set_entries(entries)` and `EventView.set_events(events)` take the tuples of
`app.campus.room_view.RoomDetail`; the tables show them newest first, times in campus time. The ledger view
can be narrowed to one utility. Models hold plain rows; nothing here reads the store.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.campus.room_view import EventView as EventRow
from app.campus.room_view import HistoryEntry
from app.clock import local
from app.counter.money import Money
from ui.i18n import _

Column = tuple[str, Callable[[Any], str]]


def campus_time(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return local(moment).strftime("%Y-%m-%d %H:%M")


def utility_names() -> dict[str, str]:
    return {"electricity": _("Electricity"), "water": _("Water")}


def entry_kind_names() -> dict[str, str]:
    return {"recharge": _("Recharge"), "refund": _("Refund"), "consumption": _("Consumption"),
            "subsidy": _("Subsidy"), "transfer": _("Transfer"), "reversal": _("Reversal")}


class RowsModel(QAbstractTableModel):
    """A read-only table of rows described by `columns` (header, text of a row)."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.colour: Callable[[Any, int], str | None] = lambda _row, _col: None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.colour(row, index.column())
            return QColor(colour) if colour else None
        return None

    def text(self, row: int, column: int) -> str:
        return self.columns[column][1](self.rows[row])


def rows_table(model: RowsModel, parent: QWidget) -> QTableView:
    """A read-only, row-selecting table of `model` sized to its contents (every history list)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


class LedgerView(QWidget):
    """Ledger entries; the combo narrows to electricity or water."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        kinds, utilities = entry_kind_names(), utility_names()
        self.model = RowsModel([
            (_("Time"), lambda e: campus_time(e.created_at)),
            (_("Account"), lambda e: utilities.get(e.utility, e.utility)),
            (_("Kind"), lambda e: kinds.get(e.kind, e.kind)),
            (_("Amount"), lambda e: Money(e.amount_fen).display()),
            (_("Balance after"), lambda e: Money(e.balance_after_fen).display()),
            (_("Method"), lambda e: e.method),
            (_("Reference"), lambda e: e.reference),
            (_("Student"), lambda e: e.student),
            (_("Operator"), lambda e: e.operator),
            (_("Memo"), lambda e: e.memo),
        ], self)
        self.model.colour = lambda e, col: ("#cf222e" if e.amount_fen < 0 else "#1a7f37") if col == 3 else None
        self.filter = QComboBox(self)
        self.filter.addItem(_("Both accounts"), None)
        self.filter.addItem(_("Electricity"), "electricity")
        self.filter.addItem(_("Water"), "water")
        self.filter.currentIndexChanged.connect(lambda _i: self._apply())
        self.table = rows_table(self.model, self)
        self._entries: tuple[HistoryEntry, ...] = ()
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        self._entries = tuple(entries)
        self._apply()

    def _apply(self) -> None:
        utility = self.filter.currentData()
        self.model.set_rows([e for e in self._entries if utility is None or e.utility == utility])


class EventsView(QWidget):
    """Meter events: received time, what happened, which branch, which meter."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.model = RowsModel([
            (_("Time"), lambda e: campus_time(e.received_at)),
            (_("Event"), lambda e: _(e.name)),
            (_("Branch"), lambda e: _(e.branch) if e.branch else ""),
            (_("Meter"), lambda e: e.meter_serial),
        ], self)
        self.model.colour = lambda e, col: "#cf222e" if col == 1 and e.type in (3, 4, 5, 6, 13, 15) else None
        self.table = rows_table(self.model, self)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        lay.addWidget(self.table, 1)

    def set_events(self, events: Sequence[EventRow]) -> None:
        self.model.set_rows(events)
