"""The money settings page, driven as an administrator would: a tariff added through its form, a
tariff starting in the past refused under its date with nothing written, a building policy and the
counter's limits changed through theirs, a clerk refused by the services even with the page open.
With DORMWATT_SCREENSHOTS set, pictures of the tabs go there (docs/screenshots/admin-money-*)."""
from __future__ import annotations

import os
from datetime import timedelta

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from app import clock
from app.counter import money_settings, payment_methods, settlement
from app.counter.money import Money
from app.metering import building_policies, quota, tariffs
from db.models import Tariff
from tests.factories import make_campus
from ui import i18n
from ui.admin.money_page import MoneyPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2, students_per_gender=2)


def _page(qtbot, store, actor, tab="tariffs") -> MoneyPage:
    page = MoneyPage(AppContext(store=store, actor=actor, school="东华理工大学"))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.waitSignal(page.tab_loaded, timeout=10000, check_params_cb=lambda k: k == tab):
        page.show_tab(tab)
    return page


def _tariff_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Tariff.id))) or 0


def test_a_tariff_added_through_the_form_is_listed_in_force(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    tab = page.tariffs
    assert "No electricity price is in force" in tab.note.text()
    form = tab.new_tariff()
    form.fields["unit_price"][0].setText("0.5883")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert not form.isVisible()
    [row] = tab.list.shown()
    assert (row.utility, row.unit_price, row.valid_from) == ("electricity", 5883, clock.today())
    assert tab.list.model.text(0, 1) == "0.5883 CNY/kWh" and tab.list.model.text(0, 4) == "In force"
    assert "0.5883 CNY/kWh today" in tab.note.text()
    assert "starts on " + clock.today().isoformat() in tab.list.message.text()


def test_a_tariff_starting_yesterday_is_refused_under_its_date_and_nothing_is_written(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    form = page.tariffs.new_tariff()
    form.fields["unit_price"][0].setText("0.61")
    form.fields["valid_from"][0].setDate(QDate(clock.today() - timedelta(days=1)))
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("valid_from")), timeout=10000)
    assert "cannot start in the past" in form.field_error("valid_from")
    assert clock.today().isoformat() in form.field_error("valid_from")
    assert form.isVisible() and form.field_error("unit_price") == ""
    assert _tariff_count(store) == 0
    form.fields["unit_price"][0].setText("0")
    form.fields["valid_from"][0].setDate(QDate(clock.today()))
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("unit_price")), timeout=10000)
    assert form.field_error("valid_from") == "" and _tariff_count(store) == 0
    form.reject()


def test_a_clerk_with_the_page_open_is_refused_by_the_service(qtbot, store, campus):
    page = _page(qtbot, store, campus.clerk)
    form = page.tariffs.new_tariff()
    form.fields["unit_price"][0].setText("0.5883")
    form.ok.click()
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=10000)
    assert "may not do this" in form.error.text()
    assert _tariff_count(store) == 0
    form.reject()


def test_a_building_policy_is_changed_through_its_form(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "policies")
    tab = page.policies
    assert tab.list.select_where(lambda p: p.building_code == "B1")
    form = tab.edit(tab.list.current())
    form.fields["water_linkage"][0].setChecked(True)
    form.fields["recharge_pays_water_debt"][0].setChecked(True)
    form.fields["water_limit"][0].setText("5.001")
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("water_limit")), timeout=10000)
    assert not building_policies.policies(store)[0].stored
    form.fields["water_limit"][0].setText("5")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    [p] = building_policies.policies(store)
    assert p.water_linkage and p.recharge_pays_water_debt and p.water_limit == Money(500)
    assert tab.list.model.text(0, 2) == "Yes" and tab.list.model.text(0, 3) == "¥5.00"


def test_the_limits_form_names_the_limit_at_fault(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "limits")
    tab = page.limits
    assert tab.values["ceiling"].text() == "¥5,000.00"
    form = tab.edit()
    assert form.fields["refund_threshold"][0].text() == "200.00"
    form.fields["confirm_above"][0].setText("6000")
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("confirm_above")), timeout=10000)
    assert "¥5,000.00" in form.field_error("confirm_above")
    form.fields["ceiling"][0].setText("8000")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert money_settings.limits(store).ceiling == Money(800_000) and tab.values["ceiling"].text() == "¥8,000.00"


def test_a_quota_rule_is_added_and_retired_from_the_list(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "quota")
    tab = page.quota
    form = tab.new_rule()
    qtbot.waitUntil(lambda: form.fields["building_id"][0].count() == 2, timeout=10000)
    form.fields["amount"][0].setText("10.5")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert tab.list.model.text(0, 1) == "10.5 kWh" and tab.list.model.text(0, 8) == "Active"
    assert tab.list.select_where(lambda r: True)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.retire_button.click()
    assert tab.list.model.text(0, 8) == "Retired" and not quota.rules(store)[0].active(clock.today())


def test_a_payment_method_is_added_and_another_disabled(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "methods")
    tab = page.methods
    form = tab.edit(None)
    form.fields["code"][0].setText("wechat")
    form.fields["label"][0].setText("云闪付 UnionPay")
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("code")), timeout=10000)
    assert "already a payment method" in form.field_error("code")
    form.fields["code"][0].setText("unionpay")
    form.fields["requires_reference"][0].setChecked(True)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert [m.code for m in tab.list.rows()][-1] == "unionpay"
    assert tab.list.select_where(lambda m: m.code == "wechat") and tab.toggle_button.text() == "Disable"
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.toggle_button.click()
    offered = [m.code for m in payment_methods.offered_methods(store)]
    assert "unionpay" in offered and "wechat" not in offered
    assert "no longer offered" in tab.list.message.text()


def test_the_settlement_policy_is_chosen_with_its_explanation(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "settlement")
    tab = page.settlement
    assert tab.chosen() == "paid_minus_share"
    tab.choices["equal_split"].setChecked(True)
    tab.save.click()
    qtbot.waitUntil(lambda: bool(tab.message.text()), timeout=10000)
    assert settlement.policy(store) == "equal_split"
    assert "Balance split equally" in tab.message.text()


class _Runtime:
    """What the page asks of the meter runtime this window runs: the push of the price in force."""

    def __init__(self) -> None:
        self.listeners: list = []
        self.pushes = 0

    def push_prepaid(self, price=None):
        self.pushes += 1
        return ["write-1", "write-2"]


def test_the_price_is_sent_to_the_meters_now_when_this_window_runs_them(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    assert page.tariffs.push_button.isHidden()      # no meter service in this window: it does it by itself
    runtime = _Runtime()
    page = MoneyPage(AppContext(store=store, actor=campus.admin, runtime=runtime))
    qtbot.addWidget(page)
    page.show()
    assert not page.tariffs.push_button.isHidden()
    with qtbot.waitSignal(page.tariffs.loaded, timeout=10000):
        page.tariffs.push_button.click()
    assert runtime.pushes == 1 and "2 meter(s)" in page.tariffs.list.message.text()


# ----- screenshots ------------------------------------------------------------------------------

def _save(widget, name: str) -> None:
    QApplication.processEvents()
    widget.grab().save(os.path.join(FOLDER, f"{name}.png"))


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_money_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    today = clock.today()
    tariffs.set_price(store, campus.admin, "electricity", 5600, today - timedelta(days=90))
    tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.5883", valid_from=today)
    tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.61", valid_from=today + timedelta(45))
    tariffs.add_tariff(store, campus.admin, utility="water", unit_price="4.5", valid_from=today)
    quota.add_rule(store, campus.admin, utility="electricity", scope="student", period="month", amount=1000,
                   valid_from=today)
    r = quota.add_rule(store, campus.admin, utility="water", scope="room", period="month", amount=3000,
                       carry_over=True, valid_from=today - timedelta(days=60))
    quota.retire_rule(store, campus.admin, r)
    building_policies.set_policy(store, campus.admin, building_policies.policies(store)[0].building_id,
                                 water_linkage=True, water_limit=Money(0), recharge_pays_water_debt=True,
                                 close_valve_on_arrears=True)
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("money")
        qtbot.waitUntil(lambda: bool(page.tariffs.list.rows()), timeout=10000)
        for key in ("tariffs", "quota", "methods", "settlement", "policies", "limits"):
            with qtbot.waitSignal(page.tab_loaded, timeout=10000):
                page.show_tab(key)
            sizes = ((1366, 768), (1920, 1080)) if key == "tariffs" else ((1366, 768),)
            for width, height in sizes:
                window.resize(width, height)
                name = "admin-money" if key == "tariffs" else f"admin-money-{key}"   # the page opens on tariffs
                _save(window, f"{name}-{language}-{width}")
        page.show_tab("tariffs")
        form = page.tariffs.new_tariff()
        form.fields["unit_price"][0].setText("0.61")
        form.fields["valid_from"][0].setDate(QDate(today - timedelta(days=1)))
        form.ok.click()
        qtbot.waitUntil(lambda: bool(form.field_error("valid_from")), timeout=10000)
        _save(form, f"admin-money-tariff-form-{language}")
        form.reject()
    finally:
        i18n.remove_translations(qapp)
