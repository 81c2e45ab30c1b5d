"""The campus tree (building, floor, with room counts) and the quick filters above the grid."""
from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.campus.cards import RoomCard
from ui.i18n import _

PLACE_ROLE = Qt.ItemDataRole.UserRole + 1


def quick_filter_labels() -> dict[str, str]:
    return {"arrears": _("Arrears"), "low": _("Low balance"), "offline": _("Offline"), "alarm": _("Alarm"),
            "lights_off": _("Lights-off active"), "linkage": _("Linkage lock")}


class CampusTree(QTreeWidget):
    place_chosen = Signal(object, object)     # building code or None, floor or None

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderLabels([_("Campus"), _("Rooms")])
        self.setUniformRowHeights(True)
        # Names are never squeezed: the columns take their contents' width, the tree at least that.
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemSelectionChanged.connect(self._chosen)

    def set_cards(self, cards: list[RoomCard]) -> None:
        self.blockSignals(True)
        self.clear()
        rooms = Counter(c.building for c in cards)
        floors = Counter((c.building, c.floor) for c in cards)
        names = {c.building: c.building_name for c in cards}
        everything = QTreeWidgetItem(self, [_("All buildings"), str(len(cards))])
        everything.setData(0, PLACE_ROLE, (None, None))
        for code in dict.fromkeys(c.building for c in cards):
            b = QTreeWidgetItem(everything, [names[code], str(rooms[code])])
            b.setData(0, PLACE_ROLE, (code, None))
            for (bc, floor), n in sorted(floors.items()):
                if bc == code:
                    f = QTreeWidgetItem(b, [_("Floor {n}").format(n=floor), str(n)])
                    f.setData(0, PLACE_ROLE, (code, floor))
        everything.setExpanded(True)
        self.setCurrentItem(everything)
        self.blockSignals(False)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """At least as wide as the longest name (floors included) and its count."""
        metrics, depth = self.fontMetrics(), self.indentation()
        widest = 0
        stack = [(self.topLevelItem(i), 1) for i in range(self.topLevelItemCount())]
        while stack:
            item, level = stack.pop()
            widest = max(widest, metrics.horizontalAdvance(item.text(0)) + level * depth)
            stack.extend((item.child(k), level + 1) for k in range(item.childCount()))
        counts = max(metrics.horizontalAdvance(self.headerItem().text(1)), metrics.horizontalAdvance("99999"))
        first = max(widest + 24, metrics.horizontalAdvance(self.headerItem().text(0)) + 16)
        self.setMinimumWidth(first + counts + 24 + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth())

    def _chosen(self) -> None:
        items = self.selectedItems()
        if items:
            building, floor = items[0].data(0, PLACE_ROLE)
            self.place_chosen.emit(building, floor)


class QuickFilters(QWidget):
    changed = Signal(object)                  # set of filter names

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for name, label in quick_filter_labels().items():
            box = QCheckBox(label, self)
            box.setObjectName(f"filter_{name}")
            box.toggled.connect(self._emit)
            row.addWidget(box)
            self.boxes[name] = box
        row.addStretch(1)

    def _emit(self) -> None:
        self.changed.emit({n for n, b in self.boxes.items() if b.isChecked()})
