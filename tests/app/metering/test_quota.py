from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from app.campus import occupancy
from app.counter import payments
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import quota, tariffs
from db.models import ElectricityMeter, ElectricityReading, Purchase, QuotaGrant, WaterMeter, WaterReading
from tests.factories import make_campus


def _setup(store, carry=False):
    campus = make_campus(store)
    room = campus.rooms["B1-101"]
    for no in ("202610000", "202610001"):
        occupancy.check_in(store, campus.clerk, campus.students[no], room)
    occupancy.check_in(store, campus.clerk, campus.students["202610002"], campus.rooms["B1-102"])
    tariffs.set_price(store, campus.admin, "water", 45_000, date(2026, 9, 1))
    quota.add_rule(store, campus.admin, utility="electricity", scope="student", period="month", amount=1000,
                   carry_over=carry, valid_from=date(2026, 9, 1))
    quota.add_rule(store, campus.admin, utility="water", scope="room", period="month", amount=3000,
                   valid_from=date(2026, 9, 1))
    with store.read() as s:
        em = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        wm = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == room))
    return campus, room, em, wm


def _purchases(store, meter):
    with store.read() as s:
        return [(p.kind, p.amount) for p in s.scalars(select(Purchase).where(Purchase.meter_id == meter)
                                                      .order_by(Purchase.id))]


def test_grants_once_per_period_and_clears_unused_at_rollover(store):
    campus, room, em, wm = _setup(store)
    run = quota.run_quota(store, date(2026, 11, 1))
    assert run == quota.QuotaRun(granted=4, expired=0)          # 2 rooms × 2 rules
    assert _purchases(store, em) == [(2, 2000)]                   # 10 kWh × 2 occupants of free energy
    water = payments.account_for(store, room, "water")
    assert Ledger(store).balance(water) == Money(1350)           # 3,000 L at 4.50 CNY/m³
    assert payments.refundable(store, water) == Money(0)          # a subsidy is never refundable
    assert quota.run_quota(store, date(2026, 11, 20)) == quota.QuotaRun(0, 0)   # once per period
    with store.write() as s:
        s.add(ElectricityReading(meter_id=em, taken_at=datetime(2026, 11, 30, 12, tzinfo=UTC), incoming_cwh=5000,
                                 branch0_cwh=0, branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=600,
                                 purchase_count=1, status=0))
        grant_time = s.scalar(select(QuotaGrant.granted_at).where(QuotaGrant.room_id == room).limit(1))
        s.add(WaterReading(meter_id=wm, taken_at=grant_time, volume_l=10_000, valve_state=0, status=0))
        s.add(WaterReading(meter_id=wm, taken_at=datetime(2026, 11, 30, 12, tzinfo=UTC), volume_l=11_000,
                           valve_state=0, status=0))
    run = quota.run_quota(store, date(2026, 12, 1))
    assert run.expired == 4 and run.granted == 4
    # what is left on the meter (6 kWh at the last reading) is cleared by the meter itself (kind 4)
    # before December's grant arrives
    assert _purchases(store, em) == [(2, 2000), (4, 0), (2, 2000)]
    # 2,000 L unused: −9.00, then December's 13.50
    assert Ledger(store).balance(water) == Money(1350 - 900 + 1350)


def test_carry_over_keeps_the_unused_free_energy(store):
    campus, room, em, wm = _setup(store, carry=True)
    quota.run_quota(store, date(2026, 11, 1))
    with store.write() as s:
        s.add(ElectricityReading(meter_id=em, taken_at=datetime(2026, 11, 30, 12, tzinfo=UTC), incoming_cwh=5000,
                                 branch0_cwh=0, branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=600,
                                 purchase_count=1, status=0))
    quota.run_quota(store, date(2026, 12, 1))
    assert _purchases(store, em) == [(2, 2000), (2, 2000)]       # nothing cleared, the 6 kWh stay
