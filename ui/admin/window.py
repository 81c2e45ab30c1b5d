"""The administration window: the pages the operator's role may open, listed on the left.

`open_admin(parent, ctx, key)` opens (or raises) the one window of `parent` on page `key`. Pages are
made the first time they are shown; a page with `refresh()` reloads each time it is shown.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget, QWidget

from ui.admin.pages import Page, pages_for
from ui.app_context import AppContext
from ui.i18n import _
from ui.training_banner import add_training_strip, training_title


class AdminWindow(QMainWindow):
    page_shown = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("adminWindow")
        self.setWindowTitle(_("DormWatt — administration"))
        self.resize(1200, 720)
        self.pages: list[Page] = pages_for(ctx.actor)
        self.widgets: dict[str, QWidget] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("adminNav")
        for p in self.pages:
            item = QListWidgetItem(p.label())
            item.setData(Qt.ItemDataRole.UserRole, p.key)
            self.nav.addItem(item)
        self.nav.setFixedWidth(max(180, self.nav.sizeHintForColumn(0) + 24))
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        if ctx.training:
            add_training_strip(self)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)

    def setWindowTitle(self, title: str) -> None:  # noqa: N802  (Qt's name)
        """Every title this window takes is marked 培训 TRAINING in a training store."""
        super().setWindowTitle(training_title(title) if self.ctx.training else title)

    def show_page(self, key: str) -> QWidget | None:
        """Show page `key` (made on first use); None when this operator may not open it."""
        for row, p in enumerate(self.pages):
            if p.key == key:
                if self.nav.currentRow() == row:
                    self._show_row(row)
                else:
                    self.nav.setCurrentRow(row)
                return self.widgets[key]
        return None

    def page_widget(self, key: str) -> QWidget | None:
        return self.widgets.get(key)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        p = self.pages[row]
        widget = self.widgets.get(p.key)
        if widget is None:
            widget = p.make(self.ctx, self.stack)
            self.widgets[p.key] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self.setWindowTitle(_("DormWatt — administration — {page}").format(page=p.label()))
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()
        self.page_shown.emit(p.key)


_open: dict[int, AdminWindow] = {}


def open_admin(parent: QWidget | None, ctx: AppContext, key: str | None = None) -> AdminWindow:
    existing = _open.get(id(parent))
    if existing is not None:
        try:
            existing.show()
            existing.raise_()
            existing.activateWindow()
        except RuntimeError:      # deleted with its parent
            _open.pop(id(parent), None)
            existing = None
    if existing is None:
        existing = AdminWindow(ctx, parent)
        existing.setWindowFlag(Qt.WindowType.Window, True)
        existing.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        pid = id(parent)
        existing.destroyed.connect(lambda *_a: _open.pop(pid, None))
        _open[pid] = existing
        existing.show()
    if key is not None:
        existing.show_page(key)
    elif existing.nav.currentRow() < 0 and existing.pages:
        existing.nav.setCurrentRow(0)
    return existing
