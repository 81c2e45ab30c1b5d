"""The Building policies tab (per building: the water–electricity linkage and its water limit, an
electricity recharge paying the water debt first, the valve closing on arrears; "Edit…") and the
Settlement policy tab (the office's choice, each policy with what it means)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.counter import money_settings, settlement
from app.counter.settlement_policy import POLICIES
from app.metering import building_policies
from app.metering.building_policies import Policy
from ui.admin.money_tab import MoneyTab, ServiceForm, yes_no
from ui.admin.table import Col
from ui.app_context import AppContext
from ui.dialogs import error_text, money_edit
from ui.i18n import N_, _
from ui.tasks import run_task

POLICY_EXPLANATIONS = {
    "paid_minus_share": N_("At check-out a student gets back what they paid in, less their share of the room's "
                           "consumption: each day's use is split among the students present that day. Free quota "
                           "and subsidies are spent first and never paid out."),
    "equal_split": N_("At check-out the room's refundable balance is split equally among everyone living in the "
                      "room at that moment, whoever paid it in."),
}


class PoliciesTab(MoneyTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        cols = [
            Col(_("Building"), lambda p: p.building_code),
            Col(_("Building name"), lambda p: p.building_name),
            Col(_("Water–electricity linkage"), lambda p: yes_no(p.water_linkage)),
            Col(_("Water limit"), lambda p: p.water_limit.display(), key=lambda p: p.water_limit.fen,
                value=lambda p: p.water_limit.to_decimal()),
            Col(_("Recharge pays water debt first"), lambda p: yes_no(p.recharge_pays_water_debt)),
            Col(_("Valve closes on arrears"), lambda p: yes_no(p.close_valve_on_arrears)),
        ]
        super().__init__(ctx, parent, cols=cols, name="buildingPolicies", export_title=_("Building policies"))
        self.note.setText(_("Linkage locks a room's electricity while its water balance is below the water limit. "
                            "A change applies to each room at its next reading or payment."))
        self.edit_button = self.button(_("Edit…"), "editPolicy", lambda: self.edit(self.list.current()))
        self.list.activated.connect(self.edit)
        self.list.selection_changed.connect(lambda: self.edit_button.setEnabled(self.list.current() is not None))
        self.edit_button.setEnabled(False)

    def fetch(self) -> Any:
        return building_policies.policies(self.ctx.store)

    def edit(self, p: Policy | None) -> ServiceForm | None:
        if p is None:
            return None
        store, actor = self.ctx.store, self.ctx.actor

        def call(f: ServiceForm):
            args = dict(water_linkage=linkage.isChecked(), recharge_pays_water_debt=pays.isChecked(),
                        close_valve_on_arrears=valve.isChecked())
            text = limit.text()
            return lambda: building_policies.set_policy(
                store, actor, p.building_id, water_limit=money_settings.money_field("water_limit", text), **args)

        form = ServiceForm(self.ctx, _("Policy of {building}").format(building=f"{p.building_code} {p.building_name}"),
                           self, call)
        linkage = QCheckBox(_("Lock electricity while the water balance is below the limit"), form)
        linkage.setChecked(p.water_linkage)
        limit = money_edit(form, "water_limit")
        limit.setText(str(p.water_limit))
        pays = QCheckBox(_("An electricity recharge pays the room's water debt first"), form)
        pays.setChecked(p.recharge_pays_water_debt)
        valve = QCheckBox(_("Close the water valve while the water balance is negative"), form)
        valve.setChecked(p.close_valve_on_arrears)
        form.field("water_linkage", _("Linkage"), linkage)
        form.field("water_limit", _("Water limit (CNY)"), limit)
        form.field("recharge_pays_water_debt", _("Water debt"), pays)
        form.field("close_valve_on_arrears", _("Valve"), valve)
        return self.open_form(form, lambda saved: _("The policy of {building} is saved.").format(
            building=saved.building_code))


class SettlementTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settlementTab")
        lay = QVBoxLayout(self)
        intro = QLabel(_("How a student's share of the room's money is worked out at check-out:"), self)
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        for key, label in POLICIES.items():
            radio = QRadioButton(_(label), self)
            radio.setObjectName("policy_" + key)
            radio.setStyleSheet("font-weight:bold;")
            self.group.addButton(radio)
            self.choices[key] = radio
            explanation = QLabel(_(POLICY_EXPLANATIONS[key]), self)
            explanation.setWordWrap(True)
            explanation.setContentsMargins(24, 0, 0, 8)
            lay.addWidget(radio)
            lay.addWidget(explanation)
        self.save = QPushButton(_("Save"), self)
        self.save.setObjectName("saveSettlementPolicy")
        self.save.clicked.connect(lambda _c=False: self.apply())
        self.message = QLabel("", self)
        self.message.setObjectName("settlementMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addStretch(1)

    def chosen(self) -> str | None:
        return next((k for k, r in self.choices.items() if r.isChecked()), None)

    def refresh(self) -> None:
        run_task(lambda: settlement.policy(self.ctx.store), self._loaded, self._failed, owner=self)

    def _loaded(self, name: str) -> None:
        if name in self.choices:
            self.choices[name].setChecked(True)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color:#b02a37;")
        self.message.setText(error_text(exc))

    def apply(self) -> None:
        name = self.chosen()
        if name is None:
            return
        store, actor = self.ctx.store, self.ctx.actor

        def done(_r: Any) -> None:
            self.message.setStyleSheet("color:#1a7f37;")
            self.message.setText(_("Check-outs from now on use: {policy}.").format(policy=_(POLICIES[name])))

        run_task(lambda: settlement.set_policy(store, actor, name), done, self._failed, owner=self)
