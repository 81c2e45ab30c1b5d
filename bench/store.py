"""Store benchmark: room-card load and recharge throughput on a demo campus (SQLite).

    python bench/store.py [--rooms 10000] [--recharges 2000] [--db URL]

Prints one JSON line: rooms, load_cards_ms (median of 7 loads of every room's card: room, occupants
count, both balances, status), recharges_per_s (Ledger.recharge with its entry, audit record and
idempotency key, each its own transaction), and the ratio of each figure to its target
(10,000 rooms: load_cards_ms ≤ 150, recharges_per_s ≥ 500; a ratio ≤ 1 meets the target).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app.campus.cards import load_cards  # noqa: E402
from app.counter.ledger import Ledger  # noqa: E402
from app.counter.money import Money  # noqa: E402
from app.demo.campus import (
    DEMO_PASSWORDS,  # noqa: E402
    create_demo_store,  # noqa: E402
)
from app.operators import authenticate  # noqa: E402
from db.models import Account  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=10000)
    parser.add_argument("--recharges", type=int, default=2000)
    parser.add_argument("--days", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t = time.perf_counter()
        store, summary = create_demo_store(url, rooms=args.rooms, days=args.days, seed=1)
        generate_s = time.perf_counter() - t
        load_cards(store)  # warm the page cache as a running program would have it
        times = []
        for _ in range(7):
            t = time.perf_counter()
            cards = load_cards(store)
            times.append((time.perf_counter() - t) * 1000)
        assert len(cards) == args.rooms
        clerk = authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])
        with store.read() as s:
            accounts = list(s.scalars(select(Account.id).where(Account.utility == "electricity")))
        ledger = Ledger(store)
        t = time.perf_counter()
        for i in range(args.recharges):
            ledger.recharge(clerk, accounts[i % len(accounts)], Money(5000), key=f"bench-{i}", method="cash")
        rps = args.recharges / (time.perf_counter() - t)
        drift = len(ledger.verify())
        store.dispose()
    load_ms = statistics.median(times)
    print(json.dumps({
        "rooms": args.rooms, "load_cards_ms": round(load_ms, 1), "recharges_per_s": round(rps, 1),
        "load_cards_ratio": round(load_ms / 150, 3), "recharges_ratio": round(500 / rps, 3),
        "students": summary.students, "ledger_entries": summary.ledger_entries + args.recharges,
        "generate_s": round(generate_s, 1), "drifted_accounts": drift,
    }))


if __name__ == "__main__":
    main()
