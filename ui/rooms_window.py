"""The first window: every room of the campus with its balances, loaded in the background.

(The clerk's workbench, with the card grid and counter dialogs, replaces it in its own issue.)
"""
from __future__ import annotations

import time
from collections import Counter

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

from app.cards import RoomCard, load_cards
from db.engine import Store
from ui.i18n import _
from ui.room_table_model import SORT_ROLE, RoomTableModel
from ui.tasks import run_task


class RoomsWindow(QMainWindow):
    loaded = Signal(int)     # rooms shown, after the model is filled
    failed = Signal(str)

    def __init__(self, store: Store, *, school: str = "", demo: bool = False) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(_("DormWatt — {school}").format(school=school) if school else "DormWatt")
        self.resize(1100, 720)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        if demo:
            banner = QLabel(_("DEMO — simulated campus, not real money"), central)
            banner.setObjectName("demoBanner")
            banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
            banner.setStyleSheet("background:#b02a37;color:white;font-weight:bold;padding:4px;")
            layout.addWidget(banner)
        self.search = QLineEdit(central)
        self.search.setPlaceholderText(_("Filter by building or room number"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.model = RoomTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView(central)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_("Loading rooms…"))

    def reload(self) -> None:
        started = time.perf_counter()
        run_task(lambda: load_cards(self.store), lambda cards: self._show(cards, started), self._fail)

    def _show(self, cards: list[RoomCard], started: float) -> None:
        self.model.set_cards(cards)
        counts = Counter(c.status for c in cards)
        ms = (time.perf_counter() - started) * 1000
        self.statusBar().showMessage(
            _("{rooms} rooms · {arrears} in arrears · {low} low · {offline} offline · loaded in {ms} ms").format(
                rooms=len(cards), arrears=counts["arrears"], low=counts["low"], offline=counts["offline"],
                ms=f"{ms:.0f}"))
        self.loaded.emit(len(cards))

    def _fail(self, exc: BaseException) -> None:
        self.statusBar().showMessage(_("Could not load the rooms: {error}").format(error=str(exc)))
        self.failed.emit(str(exc))
