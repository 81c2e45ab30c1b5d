"""An electricity share carried at a batch exchange, through both meters over real RTU bytes on a pty.

Room B1-101's meter holds ¥70.00; 学生M0 paid ¥100.00 of it and their share of the use is ¥15.00, so
moving them to B1-102 carries ¥70.00 (what the room can give back). The old meter gives it back first,
then the ledger moves it in their name and the new meter is credited — the meters and the ledger agree
at every step; meanwhile nobody can refund it. A meter that cannot give it back (the money was used
up meanwhile) refuses: nothing moves, the office is told to refund it at the counter.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.access import Actor
from app.batch import exchange
from app.batch.exchange import Move
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering import alarms
from app.metering.runtime.delivery import PurchaseDelivery
from db.models import ElectricityMeter, Purchase, ShareTransfer
from drivers.bus import Bus
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.app.metering.test_delivery_on_the_wire import PASSWORD, BusGateway
from tests.factories import make_campus

BAUD = 19200
M0, M1 = "202610000", "202610001"


class Rig:
    def __init__(self, store: Any, tmp_path: Any) -> None:
        self.store = store
        self.c = make_campus(store)
        for no, room in ((M0, "B1-101"), (M1, "B1-101")):
            occupancy.check_in(store, self.c.clerk, self.c.students[no], self.c.rooms[room])
        shifts.open_shift(store, self.c.clerk, Money(0))
        with store.read() as s:
            self.meters = {room: (m.id, m.address) for room, rid in self.c.rooms.items()
                           for m in s.scalars(select(ElectricityMeter).where(ElectricityMeter.room_id == rid))}
        self.fleet = Fleet(meters=4, water=0, seed=9, start_clock=800_000_000, physics=False)
        self.line = VirtualLine(self.fleet, baud=BAUD, link=str(tmp_path / "ttyRS485"))
        self.line.start()
        self.bus = Bus(self.line.client_path, baud=BAUD, password=PASSWORD, billing_interval_s=60.0,
                       probe_backoff_s=0.5, probe_backoff_max_s=1.0)
        for _mid, address in self.meters.values():
            self.bus.add_meter(address, "ddsy")
        self.bus.start()
        self.engine = PurchaseDelivery(store, BusGateway(self.bus, dict(self.meters.values())))
        # 学生M0 pays ¥100.00, delivered to the meter; the room then uses ¥30.00 (meter and ledger alike)
        payments.recharge(store, self.c.clerk, room_id=self.c.rooms["B1-101"], utility="electricity",
                          amount=Money(10000), method="cash", payer_id=self.c.students[M0], key="pay")
        assert [o.status for o in self.engine.deliver_pending()] == ["delivered"]
        with self.line.fleet_lock:
            self.meter("B1-101").prepaid.balance_fen -= 3000
        Ledger(store).consumption(Actor.system(), self.account("B1-101"), Money(3000), key="use")

    def meter(self, room: str) -> Any:
        return self.fleet.meters[self.meters[room][1]]

    def meter_balance(self, room: str) -> int:
        with self.line.fleet_lock:
            return self.meter(room).balance_fen

    def account(self, room: str) -> int:
        return payments.account_for(self.store, self.c.rooms[room], "electricity")

    def balance(self, room: str) -> int:
        return Ledger(self.store).balance(self.account(room)).fen

    def transfer(self, tid: int) -> ShareTransfer:
        with self.store.read() as s:
            t = s.get(ShareTransfer, tid)
            s.expunge(t)
            return t

    def close(self) -> None:
        self.bus.stop()
        self.line.stop()


@pytest.fixture
def rig(store, tmp_path) -> Iterator[Rig]:
    r = Rig(store, tmp_path)
    yield r
    r.close()


def test_the_share_leaves_the_old_meter_then_reaches_the_new_one(rig: Rig) -> None:
    assert (rig.meter_balance("B1-101"), rig.balance("B1-101")) == (7000, 7000)
    res = exchange.apply_moves(rig.store, rig.c.clerk, [Move(M0, "B1-102")], key="term-end")
    [moved] = res.moved
    assert moved.shares["electricity"].carried_fen == 7000 and res.left() == []
    tid = moved.meter_transfers["electricity"]
    # waiting for the old meter: the money is still there, but nobody can refund it twice
    assert rig.transfer(tid).status == "awaiting_meter"
    assert payments.refundable(rig.store, rig.account("B1-101")) == Money(0)
    m1 = settlement.preview(rig.store, rig.c.students[M1])["electricity"]
    assert m1.refundable_fen == 0                     # M1 who stays is not given M0's share meanwhile

    outcomes = rig.engine.deliver_pending()           # the old meter's debit, then (queued by it) the credit
    outcomes += rig.engine.deliver_pending()
    assert [o.status for o in outcomes] == ["delivered", "delivered"]
    t = rig.transfer(tid)
    assert t.status == "credited" and t.credit_purchase_id is not None
    assert (rig.meter_balance("B1-101"), rig.balance("B1-101")) == (0, 0)
    assert (rig.meter_balance("B1-102"), rig.balance("B1-102")) == (7000, 7000)
    with rig.store.read() as s:
        assert s.get(Purchase, t.credit_purchase_id).amount == 7000
    assert Ledger(rig.store).verify() == []
    # in the new room the share is M0's paid-in: checking out there gives it back
    new = settlement.preview(rig.store, rig.c.students[M0])["electricity"]
    assert (new.transferred_fen, new.refundable_fen) == (7000, 7000)
    # delivering again changes nothing
    assert rig.engine.deliver_pending() == []
    assert (rig.meter_balance("B1-102"), rig.balance("B1-102")) == (7000, 7000)


def test_a_meter_that_cannot_give_the_share_back_refuses_and_nothing_moves(rig: Rig) -> None:
    res = exchange.apply_moves(rig.store, rig.c.clerk, [Move(M0, "B1-102")], key="term-end")
    tid = res.moved[0].meter_transfers["electricity"]
    with rig.line.fleet_lock:                         # the room used ¥25.00 the ledger has not billed yet
        rig.meter("B1-101").prepaid.balance_fen -= 2500
    [out] = rig.engine.deliver_pending()
    assert out.status == "failed"
    t = rig.transfer(tid)
    assert t.status == "failed" and t.credit_purchase_id is None
    assert (rig.meter_balance("B1-101"), rig.balance("B1-101")) == (4500, 7000)     # the ledger bills it later
    assert (rig.meter_balance("B1-102"), rig.balance("B1-102")) == (0, 0)
    [alarm] = alarms.open_alarms(rig.store, rig.c.rooms["B1-101"])
    assert "¥70.00" in alarm.message and M0 in alarm.message and "refund it at the counter" in alarm.message
    # the share is refundable again, to the student who left
    assert payments.refundable(rig.store, rig.account("B1-101")) == Money(7000)
    assert Ledger(rig.store).verify() == []
