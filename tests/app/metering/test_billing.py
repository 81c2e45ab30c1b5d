"""Host billing against the simulated meter's own deduction: they agree to the fen."""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import alarms, tariffs
from app.metering.billing import ElectricReading, WaterReadingIn
from app.metering.billing_electricity import bill_electricity
from app.metering.billing_water import bill_water
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import BuildingPolicy, ElectricityMeter, ReconciliationFinding, Room, WaterMeter
from drivers.ddsy_records import PurchaseRecord, PurchaseResult
from drivers.sim.ddsy_meter import DdsyMeter

T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


class SimGateway:
    """Delivers purchases straight into a simulated meter's prepaid logic (no wire here)."""

    def __init__(self, meter: DdsyMeter) -> None:
        self.m = meter

    def purchase_count(self, meter_id):
        return self.m.purchase_count

    def deliver(self, meter_id, order, sequence):
        rec = self.m.prepaid.purchase(sequence, int(order.kind), order.amount, order.tag, self.m.clock)
        return PurchaseResult(sequence, order, rec.balance_after if hasattr(rec, "balance_after") else None, False, 1)

    def purchase_records(self, meter_id):
        return [PurchaseRecord(r.sequence, r.kind, r.amount, r.balance_after, r.tag) for r in self.m.prepaid.records]


@pytest.fixture
def billed_room(store):
    from tests.factories import make_campus

    campus = make_campus(store)
    rid, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 9, 1))
    tariffs.set_price(store, campus.admin, "water", 45_000, date(2026, 9, 1))
    with store.read() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == rid))
        water_id = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == rid))
    sim = DdsyMeter(1)
    sim.prepaid.unit_price = 5883
    return campus, rid, a, meter_id, water_id, sim


def _reading(meter_id, sim, at):
    return ElectricReading(meter_id, at, sim.incoming_energy_cwh, (0, 0, 0), sim.balance_fen, sim.free_energy_cwh,
                           sim.purchase_count, 0)


def test_hours_of_consumption_keep_ledger_and_meter_equal_to_the_fen(store, billed_room):
    campus, rid, a, meter_id, _, sim = billed_room
    engine = PurchaseDelivery(store, SimGateway(sim))
    acc = payments.account_for(store, rid, "electricity")
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))       # the cursor starts here
    payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(20000), method="cash",
                     payer_id=a, key="start")
    engine.deliver_pending()
    rng = random.Random(5)
    for minute in range(1, 24 * 60, 15):                       # a day of 15-minute billing readings
        sim.energy_steps(rng.randrange(0, 40))                 # 0 – 1.6 kW
        if minute % 240 == 1:                                  # a recharge now and then, still in flight
            payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(1000),
                             method="cash", payer_id=a, key=f"r{minute}")
        with store.write() as s:
            bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(minutes=minute)))
        if minute % 240 == 121:
            engine.deliver_pending()
    engine.deliver_pending()
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(days=1)))
    assert Ledger(store).balance(acc) == Money(sim.balance_fen)
    assert sim.prepaid.charged_fen > 0
    with store.read() as s:
        assert s.scalars(select(ReconciliationFinding)).all() == []
    assert Ledger(store).verify() == []


def test_free_energy_is_used_before_money(store, billed_room):
    campus, rid, a, meter_id, _, sim = billed_room
    acc = payments.account_for(store, rid, "electricity")
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))
    sim.prepaid.free_energy_cwh = 500       # granted before the cursor: the host saw it in the first reading
    with store.write() as s:
        from db.models import BillingCursor
        s.scalar(select(BillingCursor)).last_free = 500
    sim.energy_steps(700)                   # 5 kWh free, then 2 kWh charged
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(hours=2)))
    assert res.charged_fen == 200 * 5883 // 10000 == sim.prepaid.charged_fen
    assert Ledger(store).balance(acc) == Money(sim.balance_fen)


def test_replacement_or_jump_is_flagged_not_billed(store, billed_room):
    campus, rid, a, meter_id, _, sim = billed_room
    acc = payments.account_for(store, rid, "electricity")
    sim.incoming_energy_cwh = 500_000
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))
    sim.incoming_energy_cwh = 120                                   # a new meter starts low
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(hours=1)))
    assert res.finding == "reading_review" and res.charged_fen == 0
    sim.incoming_energy_cwh = 120 + 900_000                         # 9,000 kWh in an hour
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(hours=2)))
    assert res.finding == "reading_review" and res.charged_fen == 0
    assert Ledger(store).balance(acc) == Money(0)
    with store.read() as s:
        assert [f.kind for f in s.scalars(select(ReconciliationFinding))] == ["reading_review", "reading_review"]
    assert [al.kind for al in alarms.open_alarms(store, rid)] == ["reading_review"]   # one open alarm per meter
    sim.incoming_energy_cwh += 150                                  # normal use resumes from the new value
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(hours=3)))
    assert res.charged_fen == 150 * 5883 // 10000


def test_a_second_reading_of_the_same_interval_is_not_stored_or_billed(store, billed_room):
    campus, rid, a, meter_id, _, sim = billed_room
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))
    sim.energy_steps(100)
    with store.write() as s:
        assert bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(minutes=1))).stored
    with store.write() as s:
        assert not bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(minutes=1))).stored


def test_disagreement_becomes_a_finding_with_both_figures(store, billed_room):
    campus, rid, a, meter_id, _, sim = billed_room
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))
    sim.prepaid.balance_fen = 777      # someone credited the meter behind the office's back
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(minutes=5)))
    assert res.finding == "balance"
    with store.read() as s:
        f = s.scalar(select(ReconciliationFinding))
        assert (f.host_value, f.meter_value) == (0, 777)
    assert "Ledger says ¥0.00, meter says ¥7.77" in alarms.open_alarms(store, rid)[0].message


def test_water_is_billed_by_volume_and_drives_valve_and_linkage(store, billed_room):
    campus, rid, a, meter_id, water_id, sim = billed_room
    with store.write() as s:
        b = s.get(Room, rid).building_id
        s.add(BuildingPolicy(building_id=b, water_linkage=True, water_limit_fen=0, close_valve_on_arrears=True))
    acc = payments.account_for(store, rid, "water")
    with store.write() as s:
        bill_water(s, WaterReadingIn(water_id, T0, 10_000, 0, 0))
    with store.write() as s:
        res = bill_water(s, WaterReadingIn(water_id, T0 + timedelta(hours=1), 10_333, 0, 0))
    # 333 L at 4.50 CNY/m³ = 1.4985 CNY → 149 fen, the 0.85 fen stays in the remainder
    assert res.charged_fen == 149 and Ledger(store).balance(acc) == Money(-149)
    assert {(i.action, i.value) for i in res.intents} == {("valve", False), ("linkage", True)}
    payments.recharge(store, campus.clerk, room_id=rid, utility="water", amount=Money(1000), method="cash",
                     payer_id=a, key="w")
    with store.write() as s:
        res = bill_water(s, WaterReadingIn(water_id, T0 + timedelta(hours=2), 10_334, 0, 0))
    assert res.charged_fen == 1        # 0.85 + 0.45 fen
    assert {(i.action, i.value) for i in res.intents} == {("valve", True), ("linkage", False)}


def test_a_balance_being_set_on_the_meter_is_not_a_disagreement(store, billed_room):
    from db.models import Purchase

    campus, rid, a, meter_id, _, sim = billed_room
    with store.write() as s:
        bill_electricity(s, _reading(meter_id, sim, T0))
        s.add(Purchase(meter_id=meter_id, kind=3, amount=4242, status="pending"))   # commissioning
    sim.prepaid.balance_fen = 0
    with store.write() as s:
        res = bill_electricity(s, _reading(meter_id, sim, T0 + timedelta(minutes=5)))
    assert res.finding is None


def test_a_set_balance_restarts_the_remainder_as_the_meter_does(store, billed_room):
    from app import clock
    from db.models import Purchase

    campus, rid, a, meter_id, _, sim = billed_room
    engine = PurchaseDelivery(store, SimGateway(sim))
    acc = payments.account_for(store, rid, "electricity")
    with clock.use(clock.FixedClock(T0)) as now:
        payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(5000),
                          method="cash", payer_id=a, key="start")
        engine.deliver_pending()
        with store.write() as s:
            bill_electricity(s, _reading(meter_id, sim, now.now()))
        sim.energy_steps(1)                         # 0.5883 fen: nobody is charged yet, both keep the rest
        now.advance(minutes=15)
        with store.write() as s:
            assert bill_electricity(s, _reading(meter_id, sim, now.now())).charged_fen == 0
        assert sim.accumulator == 5883
        # the meter is replaced in place (or re-commissioned): its balance is set to the ledger's
        with store.write() as s:
            s.add(Purchase(meter_id=meter_id, kind=3, amount=Ledger(store).balance(acc).fen, status="pending"))
        now.advance(minutes=1)
        assert [o.status for o in engine.deliver_pending()] == ["delivered"]
        assert sim.accumulator == 0                 # the meter starts its remainder afresh (spec §5)
        sim.energy_steps(1)                         # another 0.5883 fen: still nothing due on the meter
        now.advance(minutes=14)
        with store.write() as s:
            assert bill_electricity(s, _reading(meter_id, sim, now.now())).charged_fen == 0
        assert Ledger(store).balance(acc) == Money(sim.balance_fen) == Money(5000)
        rng = random.Random(8)
        for _ in range(40):                         # and they stay together to the fen
            sim.energy_steps(rng.randrange(0, 40))
            now.advance(minutes=15)
            with store.write() as s:
                bill_electricity(s, _reading(meter_id, sim, now.now()))
            assert Ledger(store).balance(acc) == Money(sim.balance_fen)
    assert sim.balance_fen < 5000
    with store.read() as s:
        assert s.scalars(select(ReconciliationFinding)).all() == []


def test_a_new_meters_readings_twice_in_one_batch_start_one_cursor_and_bill_once(store, billed_room):
    """A batch of reports may hold a meter's reading twice (polled again as it came back online) or two
    readings of a meter never billed before: one cursor, the repeat neither stored nor billed twice, the
    later reading billed from the first (before: a unique-constraint error lost the whole batch)."""
    from app.metering.billing_electricity import bill_electricity_many
    from app.metering.billing_water import bill_water_many
    from db.models_counter import BillingCursor

    campus, rid, a, meter_id, water_id, sim = billed_room
    acc_e, acc_w = payments.account_for(store, rid, "electricity"), payments.account_for(store, rid, "water")
    first = _reading(meter_id, sim, T0)
    sim.energy_steps(100)
    later = _reading(meter_id, sim, T0 + timedelta(minutes=10))
    w0, w1 = WaterReadingIn(water_id, T0, 10_000, 0, 0), WaterReadingIn(water_id, T0 + timedelta(hours=1), 10_333, 0, 0)
    with store.write() as s:
        e = bill_electricity_many(s, [first, first, later])
        w = bill_water_many(s, [w0, w0, w1])
    assert [r.charged_fen for r in e] == [0, 0, 58] and [r.stored for r in e] == [True, True, True]
    assert [r.charged_fen for r in w] == [0, 0, 149]
    with store.read() as s:
        cursors = {(c.utility, c.meter_id): c.last_register for c in s.scalars(select(BillingCursor))}
    assert cursors == {("electricity", meter_id): later.incoming_cwh, ("water", water_id): 10_333}
    assert Ledger(store).balance(acc_e) == Money(-58) and Ledger(store).balance(acc_w) == Money(-149)
