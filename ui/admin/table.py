"""`AdminList`: the list every administration page shows — sortable by any column (numbers and
dates sort as such), filtered as you type (every word must appear in some column), a count of what
is shown, and "Export…" to an .xlsx of exactly the rows and columns shown, in that order.

Columns are `Col(header, text, key=None, value=None)`: `text(row)` is what the cell shows, `key(row)`
what it sorts by (default: the text), `value(row)` what the export writes (default: the text; give
a number or a Decimal so the office can sum it). Rows are any objects; `selected()` gives the rows
selected, `activated` the row double-clicked or entered.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.files.export import write_xlsx
from ui.history_views import RowsModel, rows_table
from ui.i18n import _, tr_message
from ui.tasks import run_task

SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Col:
    header: str
    text: Callable[[Any], str]
    key: Callable[[Any], Any] | None = None
    value: Callable[[Any], object] | None = None


class _Model(RowsModel):
    def __init__(self, cols: Sequence[Col], parent=None) -> None:
        super().__init__([(c.header, c.text) for c in cols], parent)
        self.cols = list(cols)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == SORT_ROLE and index.isValid():
            col, row = self.cols[index.column()], self.rows[index.row()]
            key = col.key(row) if col.key is not None else col.text(row)
            return _sortable(key)
        return super().data(index, role)


def _sortable(key: Any) -> Any:
    """A value QSortFilterProxyModel compares sensibly: numbers as numbers, None first, the rest as text."""
    if key is None:
        return ""
    if isinstance(key, bool):
        return int(key)
    if isinstance(key, (int, float)):
        return key
    if hasattr(key, "isoformat"):
        return key.isoformat()
    return str(key).casefold()


class _Filter(QSortFilterProxyModel):
    def __init__(self, source: _Model, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(source)
        self.setSortRole(SORT_ROLE)
        self.words: list[str] = []

    def set_words(self, text: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.words:
            return True
        model: _Model = self.sourceModel()   # type: ignore[assignment]
        texts = " ".join(model.text(source_row, c) for c in range(len(model.cols))).casefold()
        return all(w in texts for w in self.words)


class AdminList(QWidget):
    activated = Signal(object)         # a row double-clicked or entered
    selection_changed = Signal()

    def __init__(self, cols: Sequence[Col], parent: QWidget | None = None, *, name: str = "list",
                 export_title: str = "DormWatt") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.export_title = export_title
        self.model = _Model(cols, self)
        self.proxy = _Filter(self.model, self)
        self.table: QTableView = rows_table(self.model, self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # the service's order until a header is clicked
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.doubleClicked.connect(lambda idx: self._activate(idx))
        self.table.activated.connect(lambda idx: self._activate(idx))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit())
        self.filter = QLineEdit(self)
        self.filter.setObjectName(name + "Filter")
        self.filter.setPlaceholderText(_("Filter: type any words shown in the list"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.count = QLabel("", self)
        self.count.setObjectName(name + "Count")
        self.export_button = QPushButton(_("Export to Excel…"), self)
        self.export_button.setObjectName(name + "Export")
        self.export_button.clicked.connect(self.export_dialog)
        self.message = QLabel("", self)
        self.message.setObjectName(name + "Message")
        self.message.setWordWrap(True)
        self.message.hide()
        self.tools = QHBoxLayout()      # pages add their buttons here, before the filter
        bar = QHBoxLayout()
        bar.addLayout(self.tools)
        bar.addStretch(1)
        bar.addWidget(self.filter, 2)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.message)
        self._update_count()

    def add_button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        """A button in the list's tool bar (before the filter), calling `slot()` when clicked."""
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        self.tools.addWidget(button)
        return button

    # ----- rows ---------------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show `rows`, keeping the sort and the filter."""
        self.model.set_rows(rows)
        self._update_count()

    def rows(self) -> list[Any]:
        return list(self.model.rows)

    def shown(self) -> list[Any]:
        """The rows as the list shows them now: filtered and in the sorted order."""
        return [self.model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]

    def selected(self) -> list[Any]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows]

    def current(self) -> Any | None:
        chosen = self.selected()
        return chosen[0] if len(chosen) == 1 else None

    def select_where(self, test: Callable[[Any], bool]) -> bool:
        """Select the first shown row `test` accepts; False when none."""
        for r in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            if test(self.model.rows[src]):
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return True
        return False

    def show_message(self, text: str | None, *, error: bool = False) -> None:
        self.message.setText(text or "")
        self.message.setStyleSheet("color:#b02a37;" if error else "color:#1a7f37;")
        self.message.setVisible(bool(text))

    # ----- export -------------------------------------------------------------------------------

    def export_dialog(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Export to Excel"), self.export_title + ".xlsx",
                                                    _("Excel workbook (*.xlsx)"))
        if path:
            self.export(path)

    def export(self, path: str, on_done: Callable[[int], None] | None = None) -> None:
        """Write what the list shows (filtered, sorted) to `path` in the background."""
        headers = [c.header for c in self.model.cols]
        data = [[(c.value or c.text)(row) for c in self.model.cols] for row in self.shown()]
        title = self.export_title

        def done(n: int) -> None:
            self.show_message(_("{n} rows exported to {path}.").format(n=n, path=path))
            if on_done is not None:
                on_done(n)

        run_task(lambda: write_xlsx(path, headers, data, title=title), done,
                 lambda exc: self.show_message(tr_message(str(exc)), error=True), kind="cpu", owner=self)

    # ----- internals ----------------------------------------------------------------------------

    def _filter(self, text: str) -> None:
        self.proxy.set_words(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = len(self.model.rows), self.proxy.rowCount()
        self.count.setText(_("{n} shown").format(n=shown) if shown == total
                           else _("{shown} of {total} shown").format(shown=shown, total=total))

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(self.model.rows[self.proxy.mapToSource(index).row()])
