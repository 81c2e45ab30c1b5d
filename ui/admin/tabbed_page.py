"""An administration page made of tabs, each a widget with `refresh()` and a `loaded` signal.

What a subclass may rely on: `TabbedPage(parent, name)`, then `add_tabs(tabs)` with `tabs` as (key,
widget, title); `tab(key)`, `show_tab(key)` (shows it, and reloads it when it is shown already), `refresh()` (reloads
the tab shown: the window calls it each time the page is shown; switching tabs does too) and
`tab_loaded(key)` after each load of a tab; `follow_policy_changes(ctx, meters)` reloads the shown tab
(debounced) when any workstation changes policies, and has the Meters tab follow a push.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

EVENT_DELAY_MS = 300      # events arrive in bursts (one per meter): reload once they settle


class TabbedPage(QWidget):
    tab_loaded = Signal(str)          # the tab's key, after each load

    def __init__(self, parent: QWidget | None, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Page")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName(f"{name}Tabs")
        self.keys: dict[QWidget, str] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)

    def add_tabs(self, tabs: Iterable[tuple[str, QWidget, str]]) -> None:
        for key, widget, title in tabs:
            self.tabs.addTab(widget, title)
            self.keys[widget] = key
            widget.loaded.connect(lambda *_a, k=key: self.tab_loaded.emit(k))
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def tab(self, key: str) -> QWidget:
        return next(w for w, k in self.keys.items() if k == key)

    def show_tab(self, key: str) -> QWidget:
        """Show tab `key` (it reloads)."""
        widget = self.tab(key)
        if self.tabs.currentWidget() is widget:
            self.refresh()
        else:
            self.tabs.setCurrentWidget(widget)
        return widget

    def refresh(self) -> None:
        """Reload the tab shown (the window calls this each time the page is shown)."""
        self.tabs.currentWidget().refresh()

    def follow_policy_changes(self, ctx, meters) -> None:
        """On "policies_changed" from any workstation: `meters.follow(push)` for a push, and reload the
        tab shown (once, EVENT_DELAY_MS after the last event) while the page is visible."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EVENT_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._meters = meters
        ctx.bridge.event.connect(self._on_policy_event)

    def _on_policy_event(self, event) -> None:
        if event.topic != "policies_changed":
            return
        push = event.extra.get("push") if isinstance(event.extra, dict) else None
        if isinstance(push, int):
            self._meters.follow(push)
        if self.isVisible():
            self._timer.start()
