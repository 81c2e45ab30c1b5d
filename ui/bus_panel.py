"""The bus panel: the details behind the status bar's one-line summary of the lines.

One row per line this window runs (state, meters online, errors per minute and the share of time
the wire was busy over the last interval, errors since start), and a sentence on the lines other
processes run or nobody runs. `BusPanel(parent)` is a non-modal window; `show_lines(rows, others)`
replaces what it shows (the status panel calls it on every read while the panel is open).
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.i18n import N_, _

COLUMNS = (N_("Line"), N_("State"), N_("Meters online"), N_("Errors/min"), N_("Wire busy"), N_("Errors since start"))
STATE_COLOURS = {"ok": None, "warn": "#a15c00", "bad": "#b02a37"}


@dataclass(frozen=True)
class BusRow:
    """One line as the panel shows it; `level` is "ok", "warn" or "bad"."""

    name: str
    url: str
    state: str
    meters: str
    errors_per_min: str
    busy: str
    errors: str
    level: str
    detail: str = ""


class BusPanel(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busPanel")
        self.setWindowTitle(_("Meter lines"))
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.others = QLabel("", self)
        self.others.setObjectName("otherLines")
        self.others.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.others)
        self.resize(760, 360)

    def show_lines(self, rows: list[BusRow], others: str) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = (row.name, row.state, row.meters, row.errors_per_min, row.busy, row.errors)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(t for t in (row.url, row.detail) if t))
                if c >= 2 and c <= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                colour = STATE_COLOURS.get(row.level)
                if colour and c == 1:
                    item.setForeground(QColor(colour))
                self.table.setItem(r, c, item)
        self.others.setText(others)
        self.others.setVisible(bool(others))

    def text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""
