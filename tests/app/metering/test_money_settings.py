"""The money settings an administrator keeps from the window (issue 10, item 4): tariffs with their
validity, quota rules, payment methods, building policies and the counter's limits. Each setter is
refused to a clerk, audited in its own transaction, and refuses bad input under the field it names
with nothing written."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.access import Actor
from app.campus import occupancy
from app.counter import money_settings, payment_methods, payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from app.metering import building_policies, quota, tariffs
from db.models import AuditRecord, Building, QuotaGrant, Tariff
from tests.factories import make_campus


def _audits(store, action: str | None = None) -> int:
    with store.read() as s:
        q = select(func.count(AuditRecord.id))
        if action is not None:
            q = q.where(AuditRecord.action == action)
        return s.scalar(q) or 0


def _tariffs(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Tariff.id))) or 0


def _building(store) -> int:
    with store.read() as s:
        return s.scalar(select(Building.id))


# ----- tariffs ----------------------------------------------------------------------------------

def test_a_tariff_starting_in_the_past_is_refused_under_its_date_and_nothing_is_written(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    today = clock.today()
    before = _audits(store)
    with pytest.raises(FieldInvalid) as refused:
        tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.5883",
                           valid_from=today - timedelta(days=1))
    assert refused.value.field == "valid_from"
    assert str(today) in refused.value.message
    assert _tariffs(store) == 0 and _audits(store) == before


@pytest.mark.parametrize("typed", ["0", "0.0000", "-1", "abc", "0.12345"])
def test_a_zero_negative_or_unreadable_price_is_refused_under_the_price(store, typed):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with pytest.raises(FieldInvalid) as refused:
        tariffs.add_tariff(store, campus.admin, utility="water", unit_price=typed, valid_from=clock.today())
    assert refused.value.field == "unit_price"
    assert _tariffs(store) == 0


def test_tariff_history_shows_what_was_in_force_what_is_and_what_is_coming(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    today = clock.today()
    tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.5883", valid_from=today)
    tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.61", valid_from=today + timedelta(5))
    tariffs.add_tariff(store, campus.admin, utility="water", unit_price="4.5", valid_from=today)
    with pytest.raises(FieldInvalid) as refused:    # an upcoming price already starts later
        tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.7", valid_from=today + timedelta(2))
    assert refused.value.field == "valid_from"
    rows = tariffs.history(store, "electricity")
    assert [(r.unit_price, r.valid_from, r.valid_to, r.state(today)) for r in rows] == [
        (6100, today + timedelta(5), None, "upcoming"),
        (5883, today, today + timedelta(4), "in force")]
    assert tariffs.price_on(store, "electricity", today + timedelta(5)).unit_price == 6100
    assert len(tariffs.history(store)) == 3
    push = tariffs.meter_push(store)
    assert push.price_in_force == 5883 and push.next_change == today + timedelta(5) and push.last_at is None


# ----- quota rules ------------------------------------------------------------------------------

def test_a_retired_quota_rule_grants_nothing_more(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], campus.rooms["B1-101"])
    rule = quota.add_rule(store, campus.admin, utility="electricity", scope="room", period="month",
                          amount=quota.parse_amount("electricity", "10.5"), valid_from=clock.today())
    [row] = quota.rules(store)
    assert row.amount == 1050 and quota.amount_text("electricity", row.amount) == "10.5 kWh" and row.active(clock.today())
    quota.retire_rule(store, campus.admin, rule)
    assert not quota.rules(store)[0].active(clock.today())
    assert quota.run_quota(store, clock.today()).granted == 0
    with store.read() as s:
        assert s.scalar(select(func.count(QuotaGrant.id))) == 0
    with pytest.raises(InvalidInput, match="already"):
        quota.retire_rule(store, campus.admin, rule)


@pytest.mark.parametrize("utility,typed", [("electricity", "1.234"), ("water", "x"), ("water", "-2")])
def test_a_quota_amount_that_cannot_be_read_is_refused_under_the_amount(utility, typed):
    with pytest.raises(FieldInvalid) as refused:
        quota.parse_amount(utility, typed)
    assert refused.value.field == "amount"


# ----- payment methods --------------------------------------------------------------------------

def test_a_disabled_payment_method_is_no_longer_offered_but_keeps_its_label(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    payment_methods.save_method(store, campus.admin, code="unionpay", label="云闪付 UnionPay",
                                requires_reference=True, new=True)
    payment_methods.set_method_active(store, campus.admin, "wechat", False)
    offered = [m.code for m in payment_methods.offered_methods(store)]
    assert "unionpay" in offered and "wechat" not in offered
    assert payment_methods.method(store, "wechat").label == "微信支付 WeChat Pay"    # old records still read
    with pytest.raises(FieldInvalid) as refused:
        payment_methods.save_method(store, campus.admin, code="unionpay", label="again", requires_reference=False,
                                    new=True)
    assert refused.value.field == "code"


def test_the_counter_refuses_a_disabled_method(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    payment_methods.set_method_active(store, campus.admin, "wechat", False)
    with pytest.raises(InvalidInput, match="wechat"):
        payments.recharge(store, campus.clerk, room_id=room, utility="water", amount=Money(1000), method="wechat",
                          reference="WX1", payer_id=a, key="k")
    assert Ledger(store).balance(payments.account_for(store, room, "water")) == Money(0)


def test_the_last_method_offered_cannot_be_disabled(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    for m in payment_methods.methods(store)[1:]:
        payment_methods.set_method_active(store, campus.admin, m.code, False)
    with pytest.raises(InvalidInput, match="at least one"):
        payment_methods.set_method_active(store, campus.admin, "cash", False)
    assert [m.code for m in payment_methods.offered_methods(store)] == ["cash"]


# ----- limits -----------------------------------------------------------------------------------

def test_limits_are_set_together_and_a_bad_one_is_named(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    money_settings.set_limits(store, campus.admin, refund_threshold=Money(30_000), confirm_above=Money(80_000),
                              ceiling=Money(900_000))
    assert money_settings.limits(store) == money_settings.Limits(Money(30_000), Money(80_000), Money(900_000))
    assert payments.refund_threshold(store) == Money(30_000)        # what refunds read
    assert payment_methods.recharge_limits(store).ceiling == Money(900_000)
    before = _audits(store)
    with pytest.raises(FieldInvalid) as refused:
        money_settings.set_limits(store, campus.admin, refund_threshold=Money(1), confirm_above=Money(90_000),
                                  ceiling=Money(80_000))
    assert refused.value.field == "confirm_above"
    with pytest.raises(FieldInvalid) as refused:
        money_settings.money_field("ceiling", "12.345")
    assert refused.value.field == "ceiling"
    assert _audits(store) == before and money_settings.limits(store).refund_threshold == Money(30_000)


# ----- who may, and the audit trail ---------------------------------------------------------------

def _setters(store, campus):
    b = _building(store)
    return {
        "tariff.create": lambda a: tariffs.add_tariff(store, a, utility="electricity", unit_price="0.6",
                                                      valid_from=clock.today()),
        "quota.rule": lambda a: quota.add_rule(store, a, utility="water", scope="room", period="month", amount=3000,
                                               valid_from=clock.today()),
        "settings.payment_methods": lambda a: payment_methods.save_method(
            store, a, code="unionpay", label="UnionPay", requires_reference=True, new=True),
        "settings.recharge_ceiling_fen": lambda a: money_settings.set_limits(
            store, a, refund_threshold=Money(20_000), confirm_above=Money(50_000), ceiling=Money(600_000)),
        "settings.refund_admin_threshold_fen": lambda a: money_settings.set_limits(
            store, a, refund_threshold=Money(10_000), confirm_above=Money(50_000), ceiling=Money(500_000)),
        "building_policy.change": lambda a: building_policies.set_policy(
            store, a, b, water_linkage=True, water_limit=Money(0), recharge_pays_water_debt=True,
            close_valve_on_arrears=True),
        "settings.settlement_policy": lambda a: settlement.set_policy(store, a, "equal_split"),
    }


@pytest.mark.parametrize("action", ["tariff.create", "quota.rule", "settings.payment_methods",
                                    "settings.recharge_ceiling_fen", "settings.refund_admin_threshold_fen",
                                    "building_policy.change", "settings.settlement_policy"])
def test_a_clerk_is_refused_and_an_administrator_is_audited(store, action):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    setter = _setters(store, campus)[action]
    before = _audits(store)
    with pytest.raises(PermissionDenied):
        setter(campus.clerk)
    assert _audits(store) == before
    setter(campus.admin)
    assert _audits(store, action) == 1


def test_retiring_a_rule_and_disabling_a_method_are_refused_to_a_clerk_and_audited(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    rule = quota.add_rule(store, campus.admin, utility="water", scope="room", period="month", amount=3000,
                          valid_from=clock.today())
    with pytest.raises(PermissionDenied):
        quota.retire_rule(store, campus.clerk, rule)
    with pytest.raises(PermissionDenied):
        payment_methods.set_method_active(store, campus.clerk, "wechat", False)
    quota.retire_rule(store, campus.admin, rule)
    payment_methods.set_method_active(store, campus.admin, "wechat", False)
    assert _audits(store, "quota.retire") == 1 and _audits(store, "settings.payment_methods") == 1


# ----- building policies ------------------------------------------------------------------------

def test_recharge_pays_the_water_debt_first_once_the_building_says_so(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    room, student = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, student, room)
    water = payments.account_for(store, room, "water")
    Ledger(store).consumption(Actor.system(), water, Money(3_000), key="water-used")     # ¥30 of water debt
    shifts.open_shift(store, campus.clerk, Money(0))
    [row] = building_policies.policies(store)
    assert not row.recharge_pays_water_debt and not row.stored

    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5_000), method="cash",
                      payer_id=student, key="before-policy")
    assert Ledger(store).balance(water) == Money(-3_000)

    building_policies.set_policy(store, campus.admin, row.building_id, water_linkage=False, water_limit=Money(0),
                                 recharge_pays_water_debt=True, close_valve_on_arrears=True)
    assert building_policies.policies(store)[0].recharge_pays_water_debt
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(5_000), method="cash",
                      payer_id=student, key="after-policy")
    assert Ledger(store).balance(water) == Money(0)
    electricity = payments.account_for(store, room, "electricity")
    assert Ledger(store).balance(electricity) == Money(7_000)


def test_a_water_limit_that_cannot_be_is_refused_under_its_field(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with pytest.raises(FieldInvalid) as refused:
        building_policies.set_policy(store, campus.admin, _building(store), water_linkage=True,
                                     water_limit=Money(-100), recharge_pays_water_debt=False,
                                     close_valve_on_arrears=True)
    assert refused.value.field == "water_limit"
    assert not building_policies.policies(store)[0].stored and _audits(store, "building_policy.change") == 0

