"""Prepaid-service benchmark on a demo campus (SQLite).

    python bench/billing.py [--meters 10000] [--recharges 1000] [--receipts 300]

Prints one JSON line: meters, billing_pass_s (storing and billing one interval's readings of every
electricity meter; water_pass_s is the same for the rooms' water meters, reported beside it, in the steady state: cursors exist, most meters consumed something, ledger entries posted),
recharges_per_s (payments.recharge: ledger entry, receipt number and payload, shift money, outbox
purchase, audit, idempotency key; one transaction each), receipts_per_s (receipt PDF from the store,
print count updated), and each figure's ratio to its target (10,000 meters: billing_pass_s ≤ 1.0,
recharges_per_s ≥ 300, receipts_per_s ≥ 100; a ratio ≤ 1 meets it).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app.counter import documents, payments, shifts
from app.counter.ledger import Ledger  # noqa: E402
from app.counter.money import Money  # noqa: E402
from app.demo.campus import DEMO_PASSWORDS, ELECTRICITY_PRICE, create_demo_store  # noqa: E402
from app.metering.billing import ElectricReading, WaterReadingIn  # noqa: E402
from app.metering.billing_electricity import bill_electricity_many  # noqa: E402
from app.metering.billing_water import bill_water_many  # noqa: E402
from app.operators import authenticate  # noqa: E402
from db.models import Account, Bed, ElectricityMeter, Occupancy, WaterMeter  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meters", type=int, default=10000)
    parser.add_argument("--recharges", type=int, default=1000)
    parser.add_argument("--receipts", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = create_demo_store(f"sqlite:///{Path(tmp) / 'bench.db'}", rooms=args.meters, days=1, seed=1)
        with store.read() as s:
            meters = list(s.scalars(select(ElectricityMeter.id).order_by(ElectricityMeter.id)))
            water_meters = list(s.scalars(select(WaterMeter.id).order_by(WaterMeter.id)))
            balance = dict(s.execute(select(ElectricityMeter.id, Account.balance_fen).join(
                Account, (Account.room_id == ElectricityMeter.room_id) & (Account.utility == "electricity"))).all())
        volume = {m: rng.randrange(10_000, 900_000) for m in water_meters}
        energy = {m: rng.randrange(10_000, 900_000) for m in meters}
        remainder = dict.fromkeys(meters, 0)
        t0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)   # after the demo history

        def consume(m: int, steps: int) -> None:   # what the meter itself deducts (spec §5)
            energy[m] += steps
            fen, remainder[m] = divmod(remainder[m] + steps * ELECTRICITY_PRICE, 10_000)
            balance[m] -= fen

        def readings(at):
            return [ElectricReading(m, at, energy[m], (0, 0, 0), balance[m], 0, 0, 0) for m in meters]

        def water(at):
            return [WaterReadingIn(m, at, volume[m], 0, 0) for m in water_meters]

        with store.write() as s:                      # first interval: every meter gets its cursor
            bill_electricity_many(s, readings(t0))
            bill_water_many(s, water(t0))
        passes, water_passes = [], []
        for k in range(1, 4):
            for m in meters:
                consume(m, rng.randrange(0, 30))      # up to 1.8 kW over the minute
            for m in water_meters:
                volume[m] += rng.choice((0, 0, 0, rng.randrange(1, 12)))
            batch, wbatch = readings(t0 + timedelta(minutes=k)), water(t0 + timedelta(minutes=k))
            t = time.perf_counter()
            with store.write() as s:
                results = bill_electricity_many(s, batch)
            passes.append(time.perf_counter() - t)
            t = time.perf_counter()
            with store.write() as s:
                assert all(r.stored for r in bill_water_many(s, wbatch))
            water_passes.append(time.perf_counter() - t)
            bad = [r for r in results if not r.stored or r.finding]
            assert not bad, (len(bad), bad[:3])
        billing_pass_s = sorted(passes)[len(passes) // 2]
        water_pass_s = sorted(water_passes)[len(water_passes) // 2]

        clerk = authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
        shifts.open_shift(store, clerk, Money(0))
        with store.read() as s:
            payers = s.execute(select(Bed.room_id, Occupancy.student_id).join(Occupancy, Occupancy.bed_id == Bed.id)
                               .where(Occupancy.end_at.is_(None))).all()
        t = time.perf_counter()
        receipt_ids = []
        for i in range(args.recharges):
            room, student = payers[i % len(payers)]
            r = payments.recharge(store, clerk, room_id=room, utility="electricity", amount=Money(5000),
                                 method="cash", payer_id=student, key=f"bench-{i}")
            receipt_ids.append(r.receipt_id)
        recharges_per_s = args.recharges / (time.perf_counter() - t)

        documents.receipt_pdf(store, clerk, receipt_ids[0])   # fonts registered once per process
        t = time.perf_counter()
        for rid in receipt_ids[1:args.receipts + 1]:
            documents.receipt_pdf(store, clerk, rid)
        receipts_per_s = args.receipts / (time.perf_counter() - t)
        drift = len(Ledger(store).verify())
        store.dispose()
    print(json.dumps({
        "meters": args.meters, "billing_pass_s": round(billing_pass_s, 3),
        "water_meters": len(water_meters), "water_pass_s": round(water_pass_s, 3),
        "recharges_per_s": round(recharges_per_s, 1), "receipts_per_s": round(receipts_per_s, 1),
        "billing_ratio": round(billing_pass_s / 1.0, 3), "recharges_ratio": round(300 / recharges_per_s, 3),
        "receipts_ratio": round(100 / receipts_per_s, 3), "drifted_accounts": drift,
    }))


if __name__ == "__main__":
    main()
