"""The Batch work page: term start, term end and graduation from a spreadsheet.

Tabs: "Roster import" (students with their rooms and beds before term: batch account opening, see
ui/admin/batch_import.py). Opened by clerks and administrators ("batch.import"); every service checks
its own permission again.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.imports.roster import ROSTER
from ui.admin.batch_import import ImportTab
from ui.admin.tabbed_page import TabbedPage
from ui.app_context import AppContext
from ui.i18n import _


class BatchPage(TabbedPage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, "batch")
        self.ctx = ctx
        self.roster = ImportTab(ctx, ROSTER, "roster", self)
        self.add_tabs([("roster", self.roster, _("Roster import"))])
