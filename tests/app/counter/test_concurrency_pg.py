"""Six workstations doing ordinary work on one room at once, on PostgreSQL: nobody sees an error.

Each worker process is a workstation where one of three clerks (two workstations each, one shift
per clerk) does a mix on the same room: recharges (paying
the room's water debt where there is one, so two accounts move together), refund requests whose
completion comes from the outbox (delivery, often by another workstation), water billing, and
check-in / check-out of a spare student. The clerk-facing functions must never raise (deadlocks
are avoided by the one lock order, and a lost race is retried transparently), and afterwards the
ledger verifies clean, receipt numbers are gapless and every balance is the sum of its entries.
bench/counter_concurrency.py runs the same workload and prints its figures.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

WORKERS = 6
CLERKS = 3           # each clerk works at two workstations (the counter and the back office), in one shift
ROUNDS = 37          # a round is 3 to 6 operations, 4.2 on average: 6 x 37 x 4.2 = 932
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


class AlwaysAccepts:
    """A meter gateway that takes every purchase (the wire is not what this test is about)."""

    def purchase_count(self, meter_id):
        return 0

    def deliver(self, meter_id, order, sequence):
        from drivers.ddsy_records import PurchaseResult

        return PurchaseResult(sequence, order, None, False, 1)

    def purchase_records(self, meter_id):
        return []


@dataclass(frozen=True)
class SharedRoom:
    room_id: int
    water_meter: int
    spares: tuple[int, ...]       # one spare student per workstation, checked in and out


def prepare(store, workers: int = WORKERS) -> SharedRoom:
    """One room of eight beds with two students, water debt paid by recharges, and CLERKS clerks
    with open shifts (logins clerk0, clerk1, ...; workstation n is clerk n % CLERKS)."""
    from app import operators
    from app.campus import occupancy
    from app.counter import payments, shifts
    from app.counter.money import Money
    from app.metering import tariffs
    from db.models import BuildingPolicy, Room, WaterMeter
    from tests.factories import make_campus

    campus = make_campus(store, rooms_per_gender=1, beds=8)
    rid = campus.rooms["B1-101"]
    males = sorted(no for no in campus.students if no.startswith("20261"))
    for no in males[:2]:
        occupancy.check_in(store, campus.clerk, campus.students[no], rid)
    tariffs.set_price(store, campus.admin, "water", 45_000, date(2026, 9, 1))
    with store.write() as s:
        s.add(BuildingPolicy(building_id=s.get(Room, rid).building_id, recharge_pays_water_debt=True))
        water_meter = s.scalar(select(WaterMeter.id).where(WaterMeter.room_id == rid))
    clerks = []
    for n in range(min(workers, CLERKS)):
        clerks.append(operators.create_operator(store, campus.admin, f"clerk{n}", f"柜员{n}", "clerk-pass", "clerk"))
        shifts.open_shift(store, clerks[-1], Money(0))
    payments.recharge(store, clerks[0], room_id=rid, utility="electricity", amount=Money(50_000), method="cash",
                      key="opening")
    return SharedRoom(rid, water_meter, tuple(campus.students[no] for no in males[2:2 + workers]))


def _worker(url: str, n: int, room: SharedRoom, rounds: int, reading_lock, reading_no, report: str) -> None:
    """One workstation: every error a clerk would see is sent back as text."""
    from app import clock
    from app.access import Actor
    from app.campus import occupancy
    from app.counter import payments
    from app.counter.money import Money
    from app.metering.billing import WaterReadingIn
    from app.metering.billing_water import bill_water
    from app.metering.runtime.delivery import PurchaseDelivery
    from db.engine import Store
    from db.models import Operator
    from tests.conftest import PINNED_START

    errors, timing, started = [], {}, time.monotonic()
    with clock.use(clock.RunningClock(datetime.fromisoformat(PINNED_START))):
        store = Store(url)
        with store.read() as s:
            op = s.scalar(select(Operator).where(Operator.login == f"clerk{n % CLERKS}"))
            clerk = Actor(op.id, op.login, op.role, op.display_name)
        outbox = PurchaseDelivery(store, AlwaysAccepts())
        acc = payments.account_for(store, room.room_id, "electricity")

        def clerk_does(what, fn, *args, **kw):
            t = time.monotonic()
            try:
                fn(*args, **kw)
            except Exception as exc:   # anything here reached a clerk's screen
                errors.append(f"{what}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}")
            count, seconds = timing.get(what, (0, 0.0))
            timing[what] = (count + 1, seconds + time.monotonic() - t)

        def bill() -> None:
            # A meter's readings come from the one process that owns its bus, in order: the lock stands for that.
            with reading_lock:
                reading_no.value += 1
                k = reading_no.value
                with store.write() as s:
                    bill_water(s, WaterReadingIn(room.water_meter, T0 + timedelta(minutes=k), 40 * k, 1, 0))

        for i in range(rounds):
            clerk_does("recharge", payments.recharge, store, clerk, room_id=room.room_id, utility="electricity",
                       amount=Money(1000), method="cash", key=f"w{n}-r{i}")
            clerk_does("refund", payments.request_refund, store, clerk, account_id=acc, amount=Money(50),
                       student_id=None, key=f"w{n}-f{i}")
            clerk_does("billing", bill)
            if i % 2:   # deliveries come from whichever workstation looks next, often not the requester's
                clerk_does("delivery", outbox.deliver_pending)
            if i % 4 == 0:
                clerk_does("check-in", occupancy.check_in, store, clerk, room.spares[n], room.room_id)
            elif i % 4 == 2:
                clerk_does("check-out", occupancy.check_out, store, clerk, room.spares[n])
            if i % 5 == 0:
                clerk_does("water recharge", payments.recharge, store, clerk, room_id=room.room_id, utility="water",
                           amount=Money(50), method="cash", key=f"w{n}-wr{i}")
        clerk_does("delivery", outbox.deliver_pending)
        store.dispose()
    Path(report).write_text(json.dumps({"errors": errors, "timing": timing, "seconds": time.monotonic() - started}))


def run_workstations(url: str, room: SharedRoom, report_dir: Path, *, workers: int = WORKERS, rounds: int = ROUNDS,
                     timeout: float = 300) -> list[dict]:
    """Run the workstations as processes; each one's report (errors, timing per operation, seconds)."""
    ctx = mp.get_context("spawn")
    reading_lock, reading_no = ctx.Lock(), ctx.Value("i", 0, lock=False)
    reports = [report_dir / f"worker{n}.json" for n in range(workers)]
    procs = [ctx.Process(target=_worker, args=(url, n, room, rounds, reading_lock, reading_no, str(reports[n])))
             for n in range(workers)]
    deadline = time.monotonic() + timeout
    try:
        for p in procs:
            p.start()
        for p in procs:
            p.join(timeout=max(0.1, deadline - time.monotonic()))
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
    assert all(r.exists() for r in reports), "a workstation did not finish in time"
    return [json.loads(r.read_text()) for r in reports]


def deadlocks(store) -> int:
    """Deadlocks PostgreSQL has detected in this database so far."""
    with store.engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_force_next_flush()"))
        return conn.execute(text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")
                            ).scalar_one()


@pytest.mark.slow
def test_six_workstations_on_one_room_see_no_errors(store, tmp_path):
    if store.dialect != "postgresql":
        pytest.skip("the six-process test runs on PostgreSQL")
    from app.counter import payments
    from app.counter.ledger import Ledger
    from app.counter.money import Money
    from db.models import Account, LedgerEntry, Purchase, Receipt, RefundRequest

    room = prepare(store)
    results = run_workstations(store.url, room, tmp_path)

    errors = [e for r in results for e in r["errors"]]
    kinds = sorted({e.split("\n", 1)[0] for e in errors})
    assert errors == [], f"{len(errors)} error(s) reached a clerk: {kinds[:8]}; the first:\n{errors[0]}"
    assert sum(count for r in results for count, _ in r["timing"].values()) >= 900
    assert Ledger(store).verify() == []
    with store.read() as s:
        numbers = list(s.scalars(select(Receipt.number).order_by(Receipt.number)))
        assert numbers == list(range(1, len(numbers) + 1))
        assert s.scalar(select(func.count(RefundRequest.id)).where(RefundRequest.status == "paid")) == WORKERS * ROUNDS
        assert s.scalar(select(func.count(Purchase.id)).where(Purchase.status != "delivered")) == 0
        for acc in s.scalars(select(Account).where(Account.room_id == room.room_id)):
            total = s.scalar(select(func.coalesce(func.sum(LedgerEntry.amount_fen), 0))
                             .where(LedgerEntry.account_id == acc.id))
            assert acc.balance_fen == total
    assert payments.refundable(store, payments.account_for(store, room.room_id, "electricity")) > Money(0)
    assert deadlocks(store) == 0, "the lock order should leave PostgreSQL nothing to break"
