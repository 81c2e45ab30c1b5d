"""One lock order for every money operation (app.counter.ledger's docstring), and lost races retried.

The first tests watch every row lock each transaction takes (SELECT ... FOR UPDATE, recorded as the
statement is executed, on both backends) while a room's ordinary work goes on, and check that no
transaction ever goes back to an earlier step of the order; two transactions that both follow it
cannot deadlock. The others make a transaction lose a race and check that the clerk sees the
operation done once, not an error.
"""
from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger, Line
from app.counter.money import Money
from app.errors import InvalidAmount
from app.metering import tariffs
from app.metering.billing import WaterReadingIn
from app.metering.billing_water import bill_water
from app.metering.runtime.delivery import PurchaseDelivery
from db import retry
from db.errors import StoreConflict
from db.models import BuildingPolicy, LedgerEntry, MoneyOperation, Room, WaterMeter
from tests.app.counter.test_concurrency_pg import AlwaysAccepts
from tests.factories import make_campus

# The steps of the lock order, by the table whose rows are locked.
STEP = {"rooms": 1, "occupancies": 1, "shifts": 2, "billing_cursors": 3, "accounts": 3,
        "purchases": 4, "refund_requests": 4, "sequences": 5, "chain_head": 6}
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


class LockWatch:
    """Every row lock each session asks for, in order: {session: [table, ...]}."""

    def __init__(self) -> None:
        self.by_session: dict[int, list[str]] = {}
        self.names: dict[int, str] = {}
        self.doing = ""

    def __call__(self, state) -> None:
        stmt = state.statement
        lock = getattr(stmt, "_for_update_arg", None)
        if lock is None or not state.is_select:
            return
        tables = lock.of or stmt.get_final_froms()
        names = sorted({getattr(t, "table", t).name for t in tables if hasattr(getattr(t, "table", t), "name")})
        key = state.session.info.setdefault("lock_watch", len(self.names))   # one per transaction
        self.names.setdefault(key, self.doing)
        self.by_session.setdefault(key, []).extend(names)

    def out_of_order(self) -> list[str]:
        bad = []
        for key, tables in self.by_session.items():
            # Asking again for a table's rows the transaction already holds waits for nothing (the
            # shift taken first for the lock order, then again where the shift is used).
            tables = list(dict.fromkeys(tables))
            steps = [STEP.get(t, 0) for t in tables]
            unknown = [t for t in tables if t not in STEP]
            if unknown:
                bad.append(f"{self.names[key]}: locks {unknown}, which have no place in the lock order")
            elif steps != sorted(steps):
                bad.append(f"{self.names[key]}: {' -> '.join(tables)}")
        return bad


@pytest.fixture
def room(store):
    campus = make_campus(store, rooms_per_gender=1, beds=4)
    rid = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    tariffs.set_price(store, campus.admin, "water", 45_000, date(2026, 9, 1))
    with store.write() as s:
        s.add(BuildingPolicy(building_id=s.get(Room, rid).building_id, recharge_pays_water_debt=True))
        water_meter = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == rid))
    return campus, rid, a, b, water_meter


@pytest.fixture
def watch():
    w = LockWatch()
    event.listen(Session, "do_orm_execute", w)
    yield w
    event.remove(Session, "do_orm_execute", w)


def test_every_money_operation_takes_its_locks_in_the_one_order(store, room, watch):
    campus, rid, a, b, water_meter = room
    clerk = campus.clerk
    elec = payments.account_for(store, rid, "electricity")
    water = payments.account_for(store, rid, "water")
    outbox = PurchaseDelivery(store, AlwaysAccepts())

    def doing(what, fn, *args, **kw):
        watch.doing = what
        return fn(*args, **kw)

    doing("first recharge", payments.recharge, store, clerk, room_id=rid, utility="electricity",
          amount=Money(5000), method="cash", key="r1")
    doing("delivery of the recharge", outbox.deliver_pending)
    for k, volume in enumerate((0, 4000)):     # 4 m³ of water: the water account goes into debt
        doing("water billing", _bill, store, water_meter, T0 + timedelta(hours=2 * k), volume)
    assert Ledger(store).balance(water) < Money(0)
    paid = doing("recharge paying the water debt", payments.recharge, store, clerk, room_id=rid,
                 utility="electricity", amount=Money(3000), method="cash", key="r2")
    assert paid.water_debt_paid > Money(0)
    refund = doing("refund request", payments.request_refund, store, clerk, account_id=elec, amount=Money(500),
                   student_id=a, key="f1")
    doing("delivery completing the refund", outbox.deliver_pending)
    assert payments.refund_status(store, refund.refund_id).status == "paid"
    doing("water recharge", payments.recharge, store, clerk, room_id=rid, utility="water", amount=Money(5000),
          method="cash", key="wr1")
    doing("water refund", payments.request_refund, store, clerk, account_id=water, amount=Money(100),
          student_id=a, key="wf1")
    doing("check-in", occupancy.check_in, store, clerk, b, rid)
    doing("check-out", occupancy.check_out, store, clerk, b)
    doing("check-out with settlement", settlement.check_out, store, clerk, a, key="co1")

    assert watch.out_of_order() == []
    assert len(watch.by_session) >= 12          # the watch saw the operations' transactions
    assert Ledger(store).verify() == []


def _bill(store, meter_id, at, volume):
    with store.write() as s:
        bill_water(s, WaterReadingIn(meter_id, at, volume, 1, 0))


# ----- lost races --------------------------------------------------------------------------------

def _lose_a_race(s: Session) -> None:
    """Make this transaction lose a race the way the backend does: PostgreSQL aborts it as a deadlock
    victim (a real SQLSTATE 40P01 from the server), SQLite's busy timeout runs out."""
    if s.get_bind().dialect.name == "postgresql":
        s.execute(text("DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$"))
    raise OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def quick_retries(monkeypatch):
    monkeypatch.setattr(retry, "BASE_DELAY_S", 0.001)


def test_a_lost_race_is_run_again_with_the_same_key(store, room, quick_retries):
    campus, rid, *_ = room
    acc = payments.account_for(store, rid, "electricity")
    attempts = []

    def after(s, operation_id, entries):
        attempts.append(operation_id)
        if len(attempts) == 1:
            _lose_a_race(s)
        return {"attempt": len(attempts)}

    res = Ledger(store).post(campus.clerk, "race-1", "recharge", [Line(acc, "recharge", Money(700))], after=after)
    assert len(attempts) == 2 and not res.replayed and res.extra["attempt"] == 2
    assert Ledger(store).balance(acc) == Money(700)
    again = Ledger(store).post(campus.clerk, "race-1", "recharge", [Line(acc, "recharge", Money(700))], after=after)
    assert again.replayed and len(attempts) == 2 and Ledger(store).balance(acc) == Money(700)
    with store.read() as s:
        assert len(s.scalars(select(MoneyOperation).where(MoneyOperation.idempotency_key == "race-1")).all()) == 1


def test_a_race_lost_every_time_ends_in_one_sentence_and_nothing_posted(store, room, quick_retries):
    campus, rid, *_ = room
    acc = payments.account_for(store, rid, "electricity")
    attempts = []

    def after(s, operation_id, entries):
        attempts.append(operation_id)
        _lose_a_race(s)

    with pytest.raises(Exception) as caught:
        Ledger(store).post(campus.clerk, "race-2", "recharge", [Line(acc, "recharge", Money(700))], after=after)
    if store.dialect == "postgresql":
        assert len(attempts) == retry.ATTEMPTS
        assert isinstance(caught.value, StoreConflict)
        assert str(caught.value) == ("Another workstation was changing the same records at the same moment; "
                                     "nothing was saved. Try again.")
    else:   # each attempt already waited the busy timeout
        assert len(attempts) == retry.LOCKED_ATTEMPTS
        assert "locked by another program; nothing was saved" in str(caught.value)
    assert Ledger(store).balance(acc) == Money(0)
    with store.read() as s:
        assert s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == acc)).all() == []


def test_other_errors_are_not_retried(store, room, quick_retries):
    campus, rid, *_ = room
    acc = payments.account_for(store, rid, "electricity")
    attempts = []

    def after(s, operation_id, entries):
        attempts.append(operation_id)
        raise InvalidAmount("No.")

    with pytest.raises(InvalidAmount):
        Ledger(store).post(campus.clerk, "race-3", "recharge", [Line(acc, "recharge", Money(700))], after=after)
    assert len(attempts) == 1
