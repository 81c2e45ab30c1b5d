"""The Quota rules tab: every free-quota rule (active and retired), "New quota rule…" and "Retire"
(the rule grants nothing from today; what it granted stays until its period ends)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLineEdit, QWidget

from app import clock
from app.metering import building_policies, quota
from app.metering.quota import Rule
from ui.admin.money_tab import MoneyTab, ServiceForm, yes_no
from ui.admin.table import Col
from ui.app_context import AppContext
from ui.dialogs import utility_label
from ui.i18n import N_, _

SCOPE_LABELS = {"room": N_("Per room"), "student": N_("Per occupant")}
PERIOD_LABELS = {"month": N_("Each month"), "term": N_("Each term")}


class QuotaTab(MoneyTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        today = clock.today
        cols = [
            Col(_("Utility"), lambda r: utility_label(r.utility)),
            Col(_("Free amount"), lambda r: r.amount_text, key=lambda r: (r.utility, r.amount), value=lambda r: r.amount_text),
            Col(_("Given"), lambda r: _(SCOPE_LABELS[r.scope])),
            Col(_("Period"), lambda r: _(PERIOD_LABELS[r.period])),
            Col(_("Unused carried over"), lambda r: yes_no(r.carry_over)),
            Col(_("Building"), lambda r: r.building or _("All buildings")),
            Col(_("From"), lambda r: r.valid_from.isoformat(), key=lambda r: r.valid_from),
            Col(_("Until"), lambda r: r.valid_to.isoformat() if r.valid_to else "", key=lambda r: r.valid_to),
            Col(_("Status"), lambda r: _("Active") if r.active(today()) else _("Retired")),
        ]
        super().__init__(ctx, parent, cols=cols, name="quotaRules", export_title=_("Quota rules"))
        self.note.setText(_("Free quota is granted to every occupied room at the start of each period: electricity "
                            "as free energy on the meter, water as a subsidy worth the litres at the water price. "
                            "Unused quota is cleared at the period's end unless it is carried over."))
        self.button(_("New quota rule…"), "newQuotaRule", self.new_rule)
        self.retire_button = self.button(_("Retire"), "retireQuotaRule", self.retire)
        self.retire_button.setEnabled(False)
        self.list.selection_changed.connect(self._selection)

    def fetch(self) -> Any:
        return quota.rules(self.ctx.store)

    def _selection(self) -> None:
        r = self.list.current()
        self.retire_button.setEnabled(r is not None and r.active(clock.today()))

    def retire(self) -> None:
        rule: Rule | None = self.list.current()
        if rule is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.run(lambda: quota.retire_rule(store, actor, rule.id),
                 lambda _r: _("The rule ({amount}, {utility}) is retired: it grants nothing from today.").format(
                     amount=rule.amount_text, utility=utility_label(rule.utility)))

    def new_rule(self) -> ServiceForm:
        store, actor = self.ctx.store, self.ctx.actor

        def call(f: ServiceForm):
            u, text, b = utility.currentData(), amount.text().strip(), building.currentData()
            args = dict(utility=u, scope=scope.currentData(), period=period.currentData(),
                        carry_over=carry.isChecked(), building_id=b if b else None, valid_from=start.date().toPython())
            return lambda: quota.add_rule(store, actor, amount=quota.parse_amount(u, text), **args)

        form = ServiceForm(self.ctx, _("New quota rule"), self, call)
        utility = QComboBox(form)
        for u in ("electricity", "water"):
            utility.addItem(utility_label(u), u)
        amount = QLineEdit(form)
        scope = QComboBox(form)
        for key, label in SCOPE_LABELS.items():
            scope.addItem(_(label), key)
        period = QComboBox(form)
        for key, label in PERIOD_LABELS.items():
            period.addItem(_(label), key)
        carry = QCheckBox(_("Carry the unused part over to the next period"), form)
        building = QComboBox(form)
        building.addItem(_("All buildings"), 0)
        start = QDateEdit(form)
        start.setCalendarPopup(True)
        start.setDisplayFormat("yyyy-MM-dd")
        start.setDate(QDate(clock.today()))

        def unit() -> None:
            amount.setPlaceholderText(quota.AMOUNT_UNITS[utility.currentData()][0])
        utility.currentIndexChanged.connect(lambda _i: unit())
        unit()
        form.field("utility", _("Utility"), utility)
        form.field("amount", _("Free amount (kWh or m³)"), amount)
        form.field("scope", _("Given"), scope)
        form.field("period", _("Period"), period)
        form.field("carry_over", "", carry)
        form.field("building_id", _("Building"), building)
        form.field("valid_from", _("First day"), start)
        form.load(lambda: building_policies.policies(store), lambda rows: [
            building.addItem(f"{p.building_code} {p.building_name}", p.building_id) for p in rows])
        return self.open_form(form, lambda _id: _("The quota rule is added; it grants from its first day."))
