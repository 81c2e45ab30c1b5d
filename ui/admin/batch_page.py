"""The Batch work page: term start, term end and graduation from a spreadsheet.

Tabs: "Roster import" (students with their rooms and beds before term: batch account opening, see
ui/admin/batch_import.py); "Exchange from a file" (the same import tab with the exchange kind: moves,
swaps and cycles applied whole or not at all) and "Exchange list" (the same, typed in the window;
ui/admin/batch_exchange.py); "Check-out by class" (graduation and term end: a dry run, the check-outs
with their settlements, the slips and the summary; ui/admin/batch_checkout.py); "Operations on rooms"
(branch power, subsidy, linkage lock for every room of a selection; ui/admin/batch_operations.py).
Opened by clerks and administrators ("batch.import"); every service checks its own permission again.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.imports.exchange_kind import EXCHANGE
from app.imports.roster import ROSTER
from ui.admin.batch_checkout import CheckoutTab
from ui.admin.batch_exchange import ExchangeListTab
from ui.admin.batch_import import ImportTab
from ui.admin.batch_operations import OperationsTab
from ui.admin.tabbed_page import TabbedPage
from ui.app_context import AppContext
from ui.i18n import _


class BatchPage(TabbedPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "batch")
        self.ctx = ctx
        self.roster = ImportTab(ctx, ROSTER, "roster", self)
        self.exchange_file = ImportTab(ctx, EXCHANGE, "exchange", self)
        self.exchange_list = ExchangeListTab(ctx, self)
        self.checkout = CheckoutTab(ctx, self)
        self.operations = OperationsTab(ctx, self)
        self.add_tabs([("roster", self.roster, _("Roster import")),
                       ("exchange_file", self.exchange_file, _("Exchange from a file")),
                       ("exchange_list", self.exchange_list, _("Exchange list")),
                       ("checkout", self.checkout, _("Check-out by class")),
                       ("operations", self.operations, _("Operations on rooms"))])
