"""The administration pages, in the order the window lists them, and who may open each.

One row per page: its key, its title (translated when shown), the permission that opens it (the
window lists only the pages the operator's role holds; the services enforce the same permission on
every call), and where its widget lives. A page is a QWidget made as `cls(ctx, parent)`; when it has a
`refresh()` method the window calls it each time the page is shown.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from app.access import PERMISSIONS, Actor
from ui.app_context import AppContext
from ui.i18n import N_, _


@dataclass(frozen=True)
class Page:
    key: str
    title: str          # English source; `label()` translates
    permission: str
    module: str
    cls: str

    def label(self) -> str:
        return _(self.title)

    def make(self, ctx: AppContext, parent: QWidget | None = None) -> QWidget:
        return getattr(importlib.import_module(self.module), self.cls)(ctx, parent)


PAGES: tuple[Page, ...] = (
    Page("start", N_("Getting started"), "campus.edit", "ui.admin.start_page", "StartPage"),
    Page("campus", N_("Buildings and rooms"), "campus.edit", "ui.admin.campus_page", "CampusPage"),
    Page("students", N_("Students"), "student.manage", "ui.admin.students_page", "StudentsPage"),
    Page("batch", N_("Batch work"), "batch.import", "ui.admin.batch_page", "BatchPage"),
    Page("operators", N_("Operators"), "operator.manage", "ui.admin.operators_page", "OperatorsPage"),
    Page("money", N_("Tariffs and money settings"), "settings.change", "ui.admin.money_page", "MoneyPage"),
    Page("lines", N_("Lines and meters"), "bus.change", "ui.admin.lines_page", "LinesPage"),
    Page("power", N_("Power policies"), "policy.change", "ui.admin.power_page", "PowerPage"),
    Page("loads", N_("Malignant loads"), "signature.manage", "ui.admin.loads_page", "LoadsPage"),
    Page("reports", N_("Reports"), "report.view", "ui.admin.reports_page", "ReportsPage"),
    Page("finance", N_("Statements and day close"), "finance.reconcile", "ui.admin.finance_page", "FinancePage"),
    Page("audit", N_("Audit trail"), "audit.view", "ui.admin.audit_page", "AuditPage"),
    Page("backup", N_("Backups"), "settings.change", "ui.admin.backup_page", "BackupPage"),
)


def page(key: str) -> Page:
    for p in PAGES:
        if p.key == key:
            return p
    raise KeyError(key)


def pages_for(actor: Actor) -> list[Page]:
    """The pages `actor`'s role (as logged in) may open: what the menu lists."""
    return [p for p in PAGES if actor.role in PERMISSIONS[p.permission]]
