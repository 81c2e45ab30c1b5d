"""The card grid: a QListView in icon mode over the CardModel, painted by the CardDelegate."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QListView

from ui.card_delegate import CARD_SIZE, CardDelegate
from ui.card_model import CardModel, RoomIdRole


class CardGrid(QListView):
    room_selected = Signal(int)
    visible_rooms_changed = Signal(object)     # set of room ids on screen (for the live poll)

    def __init__(self, model: CardModel, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("cardGrid")
        self.setModel(model)
        self.setItemDelegate(CardDelegate(self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(CARD_SIZE)
        self.setSpacing(0)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.selectionModel().currentChanged.connect(self._current)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        model.modelReset.connect(self._rebind)

    def _rebind(self) -> None:
        # A model reset replaces the selection model's rows; keep listening to the same model.
        self._scrolled()

    def _current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.room_selected.emit(current.data(RoomIdRole))

    def select_room(self, room_id: int) -> bool:
        model: CardModel = self.model()
        row = model.row_of(room_id)
        if row is None:
            return False
        index = model.index(row)
        self.setCurrentIndex(index)
        self.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def on_screen(self) -> set[int]:
        """Room ids of the cards in the viewport."""
        vp = self.viewport().rect()
        first = self.indexAt(vp.topLeft())
        if not first.isValid():
            return set()
        model: CardModel = self.model()
        per_row = max(1, vp.width() // CARD_SIZE.width())
        rows = vp.height() // CARD_SIZE.height() + 2
        ids = model.visible_ids()
        return set(ids[first.row(): first.row() + per_row * rows])

    def _scrolled(self) -> None:
        self.visible_rooms_changed.emit(self.on_screen())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._scrolled()
