"""The money settings page of the administration window (issue 10, item 4): one tab each for tariffs,
quota rules, payment methods, the settlement policy, building policies and the counter's limits.

Each tab loads in the background when it is first shown and each time the page is shown again;
every change goes through an app service that checks the operator's permission and audits it.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.admin.money_limits import LimitsTab
from ui.admin.money_methods import MethodsTab
from ui.admin.money_policies import PoliciesTab, SettlementTab
from ui.admin.money_quota import QuotaTab
from ui.admin.money_tariffs import TariffsTab
from ui.admin.tabbed_page import TabbedPage
from ui.app_context import AppContext
from ui.i18n import _


class MoneyPage(TabbedPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "money")
        self.ctx = ctx
        self.tariffs = TariffsTab(ctx, self)
        self.quota = QuotaTab(ctx, self)
        self.methods = MethodsTab(ctx, self)
        self.settlement = SettlementTab(ctx, self)
        self.policies = PoliciesTab(ctx, self)
        self.limits = LimitsTab(ctx, self)
        self.add_tabs((
            ("tariffs", self.tariffs, _("Tariffs")), ("quota", self.quota, _("Quota rules")),
            ("methods", self.methods, _("Payment methods")),
            ("settlement", self.settlement, _("Settlement policy")),
            ("policies", self.policies, _("Building policies")), ("limits", self.limits, _("Limits"))))
