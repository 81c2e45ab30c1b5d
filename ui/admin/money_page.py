"""The money settings page of the administration window (issue 10, item 4): one tab each for tariffs,
quota rules, payment methods, the settlement policy, building policies and the counter's limits.

Each tab loads in the background when it is first shown and each time the page is shown again;
every change goes through an app service that checks the operator's permission and audits it.
"""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ui.admin.money_limits import LimitsTab
from ui.admin.money_methods import MethodsTab
from ui.admin.money_policies import PoliciesTab, SettlementTab
from ui.admin.money_quota import QuotaTab
from ui.admin.money_tariffs import TariffsTab
from ui.app_context import AppContext
from ui.i18n import _


class MoneyPage(QWidget):
    tab_loaded = Signal(str)          # the tab's key, after each load

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("moneyPage")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("moneyTabs")
        self.tariffs = TariffsTab(ctx, self)
        self.quota = QuotaTab(ctx, self)
        self.methods = MethodsTab(ctx, self)
        self.settlement = SettlementTab(ctx, self)
        self.policies = PoliciesTab(ctx, self)
        self.limits = LimitsTab(ctx, self)
        self.keys: dict[QWidget, str] = {}
        for key, widget, title in (("tariffs", self.tariffs, _("Tariffs")), ("quota", self.quota, _("Quota rules")),
                                   ("methods", self.methods, _("Payment methods")),
                                   ("settlement", self.settlement, _("Settlement policy")),
                                   ("policies", self.policies, _("Building policies")),
                                   ("limits", self.limits, _("Limits"))):
            self.tabs.addTab(widget, title)
            self.keys[widget] = key
            widget.loaded.connect(lambda k=key: self.tab_loaded.emit(k))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tabs)
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
