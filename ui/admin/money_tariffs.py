"""The Tariffs tab: every price of electricity and water with its validity (ended, in force,
upcoming), where the electricity price stands on the meters, "New tariff…" (price and first day;
a day in the past is refused under the date) and, when this window runs the meter service, "Send the
price to the meters now"."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

from app import clock
from app.metering import tariffs
from app.metering.tariffs import Price
from ui.admin.money_tab import MoneyTab, ServiceForm
from ui.admin.table import Col
from ui.app_context import AppContext
from ui.dialogs import utility_label
from ui.history_views import campus_time
from ui.i18n import N_, _

STATE_LABELS = {"past": N_("Ended"), "in force": N_("In force"), "upcoming": N_("Upcoming")}


def price_text(p: Price) -> str:
    return _("{price} CNY/{unit}").format(price=tariffs.yuan(p.unit_price), unit=p.unit)


class TariffsTab(MoneyTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        today = clock.today
        cols = [
            Col(_("Utility"), lambda p: utility_label(p.utility)),
            Col(_("Unit price"), price_text, key=lambda p: (p.utility, p.unit_price),
                value=lambda p: Decimal(tariffs.yuan(p.unit_price))),
            Col(_("From"), lambda p: p.valid_from.isoformat(), key=lambda p: p.valid_from),
            Col(_("Until"), lambda p: p.valid_to.isoformat() if p.valid_to else _("until changed"),
                key=lambda p: p.valid_to or p.valid_from.replace(year=9999)),
            Col(_("Status"), lambda p: _(STATE_LABELS[p.state(today())])),
        ]
        super().__init__(ctx, parent, cols=cols, name="tariffs", export_title=_("Tariffs"))
        self.new_button = self.button(_("New tariff…"), "newTariff", self.new_tariff)
        self.push_button = self.button(_("Send the price to the meters now"), "pushPrice", self.push_now)
        self.push_button.setVisible(ctx.runtime is not None)
        self.push_button.setToolTip(_("The meter service also does it by itself within seconds of a change."))

    def fetch(self) -> Any:
        return tariffs.history(self.ctx.store), tariffs.meter_push(self.ctx.store)

    def show_data(self, data: Any) -> None:
        rows, push = data
        self.list.set_rows(rows)
        self.note.setText(push_text(push))

    def new_tariff(self) -> ServiceForm:
        store, actor = self.ctx.store, self.ctx.actor
        form = ServiceForm(self.ctx, _("New tariff"), self, lambda f: lambda: tariffs.add_tariff(
            store, actor, utility=utility.currentData(), unit_price=price.text().strip(),
            valid_from=start.date().toPython()))
        form.header.setText(_("A new price starts on its first day; the price in force before it ends the day "
                              "before. A price cannot start in the past."))
        utility = QComboBox(form)
        for u in ("electricity", "water"):
            utility.addItem(utility_label(u), u)
        price = QLineEdit(form)
        price.setPlaceholderText("0.5883")
        start = QDateEdit(form)
        start.setCalendarPopup(True)
        start.setDisplayFormat("yyyy-MM-dd")
        start.setDate(QDate(clock.today()))

        def unit() -> None:
            price.setToolTip(_("CNY per {unit}, at most four decimals.").format(
                unit=tariffs.UNITS[utility.currentData()]))
        utility.currentIndexChanged.connect(lambda _i: unit())
        unit()
        form.field("utility", _("Utility"), utility)
        form.field("unit_price", _("Price (CNY per kWh or m³)"), price)
        form.field("valid_from", _("First day"), start)
        return self.open_form(form, lambda p: _("The {utility} price {price} starts on {day}.").format(
            utility=utility_label(p.utility), price=price_text(p), day=p.valid_from.isoformat()))

    def push_now(self) -> None:
        runtime = self.ctx.runtime
        if runtime is None:
            return
        self.run(lambda: len(runtime.push_prepaid()), lambda n: (
            _("The price in force is on its way to {n} meter(s).").format(n=n) if n
            else _("Every meter that answers already holds the price in force.")))


def push_text(push: tariffs.MeterPush) -> str:
    """Where the electricity price stands on the meters, in a sentence or three."""
    parts = []
    if push.price_in_force:
        parts.append(_("Electricity meters deduct {price} CNY/kWh today.").format(price=tariffs.yuan(push.price_in_force)))
    else:
        parts.append(_("No electricity price is in force today: set one, or the meters cannot deduct."))
    if push.next_change is not None:
        parts.append(_("The next price starts on {day}: the meters take it from midnight that day.").format(
            day=push.next_change.isoformat()))
    if push.last_at is not None:
        parts.append(_("Last written to {n} meter(s) at {time} ({price} CNY/kWh).").format(
            n=push.last_meters, time=campus_time(push.last_at), price=tariffs.yuan(push.last_price or 0)))
    else:
        parts.append(_("The meter service writes the price in force to every meter on its next pass."))
    parts.append(_("Water meters hold no price: water is billed here from the readings."))
    return " ".join(parts)
