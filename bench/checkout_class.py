"""A graduating class checked out at once (issue 13, item 4): dry run, check-out, slips, summary.

    .venv/bin/python bench/checkout_class.py [--students 300] [--db URL]

A fresh SQLite store (or the empty PostgreSQL database at URL): two buildings of four-bed rooms, each
room with its meters (no line runs: electricity refunds just queue for the meter, meter time is not
measured), the class's students checked in four to a room with a few students of another class among
them, recharges on both utilities and a few days' consumption; every tenth room has a student who
never paid (a debt). Measured: `plan_s` (the dry run), `run_s` (settle and check out everyone, one
transaction each, a clerk with an administrator approving refunds above the daily limit), `slips_s`
(every statement in one PDF), `summary_s` (the .xlsx) and their sum `checkout_class_s` (target ≤ 10 s).
Prints one JSON line, with each phase's wall time and this process's CPU time (`*_cpu_s`: on a machine
whose cores are shared, the wall time also counts other programs' turns), and the SQL statements the
store was asked to run: per student in the run (`run_statements_per_student`) and for all the slips
(`slips_statements`); unlike the times, they do not depend on the machine.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import clock, operators  # noqa: E402
from app.access import Actor  # noqa: E402
from app.batch import checkout  # noqa: E402
from app.batch.selection import Selection  # noqa: E402
from app.campus.occupancy import ensure_accounts  # noqa: E402
from app.counter import shifts  # noqa: E402
from app.counter.ledger import Ledger  # noqa: E402
from app.counter.money import Money  # noqa: E402
from db import migrate  # noqa: E402
from db.engine import Store  # noqa: E402
from db.models import Bed, Building, Bus, ElectricityMeter, Occupancy, Room, Student, WaterMeter  # noqa: E402

CLASS, COLLEGE = "计科2201", "计算机学院"
BEDS = 4


def campus(store: Store, students: int) -> dict[int, list[int]]:
    """Rooms for the class and a few others; room id -> student ids (the first bed's student first)."""
    start = clock.now() - timedelta(days=60)
    rooms: dict[int, list[int]] = {}
    with store.write() as s:
        bus = Bus(name="bus-1", port="socket://127.0.0.1:5020", baud=9600, parity="N")
        s.add(bus)
        s.flush()
        n_rooms = (students + BEDS - 1) // BEDS + students // 40      # room for a few of another class
        n = 0
        for b in (1, 2):
            building = Building(code=f"B{b}", name=f"{b}号楼", floors=6)
            s.add(building)
            s.flush()
            for r in range(n_rooms // 2 + n_rooms % 2 * (b == 1)):
                floor = r // 20 + 1
                room = Room(building_id=building.id, number=f"{floor}{r % 20 + 1:02d}", floor=floor, beds=BEDS,
                            gender="M")
                s.add(room)
                s.flush()
                n += 1
                s.add_all([Bed(room_id=room.id, label=str(k + 1)) for k in range(BEDS)])
                s.add(ElectricityMeter(bus_id=bus.id, address=n % 247 + 1, serial_no=f"E{n:06d}", room_id=room.id,
                                       installed_on=date(2026, 9, 1)))
                s.add(WaterMeter(bus_id=bus.id, address=n % 247 + 1, serial_no=f"W{n:06d}", room_id=room.id,
                                 installed_on=date(2026, 9, 1)))
                rooms[room.id] = []
        s.flush()
        beds = {rid: [bid for (bid,) in s.execute(Bed.__table__.select().with_only_columns(Bed.id)
                                                  .where(Bed.room_id == rid).order_by(Bed.label))]
                for rid in rooms}
        order = list(rooms)
        placed = 0
        for i, rid in enumerate(order):
            for k in range(BEDS):
                other = k == BEDS - 1 and i % 5 == 4                   # every fifth room: one of another class
                if not other and placed >= students:
                    continue
                st = Student(student_no=f"{'3' if other else '2'}022{i:04d}{k}", name=f"学生{i}-{k}", gender="M",
                             college=COLLEGE, class_name="软工2201" if other else CLASS, phone=None, status="active")
                s.add(st)
                s.flush()
                s.add(Occupancy(student_id=st.id, bed_id=beds[rid][k], start_at=start))
                rooms[rid].append(st.id)
                placed += 0 if other else 1
            ensure_accounts(s, rid)
    return {rid: sids for rid, sids in rooms.items() if sids}


def money(store: Store, clerk: Actor, rooms: dict[int, list[int]]) -> None:
    from sqlalchemy import select

    from db.models import Account

    ledger, system = Ledger(store), Actor.system()
    with store.read() as s:
        accounts = {(a.room_id, a.utility): a.id for a in s.scalars(select(Account))}
    for i, (rid, sids) in enumerate(rooms.items()):
        for k, sid in enumerate(sids):
            if i % 10 == 3 and k == 0:
                continue                                                # never paid: owes their share
            ledger.recharge(clerk, accounts[(rid, "electricity")], Money(4000 + 137 * k + i), key=f"e-{sid}",
                            method="cash", student_id=sid)
            ledger.recharge(clerk, accounts[(rid, "water")], Money(2000 + i), key=f"w-{sid}", method="cash",
                            student_id=sid)
        ledger.consumption(system, accounts[(rid, "electricity")], Money(5003 + i), key=f"use-e-{rid}")
        ledger.consumption(system, accounts[(rid, "water")], Money(1201), key=f"use-w-{rid}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--students", type=int, default=300)
    ap.add_argument("--db", help="an empty database URL (default: a fresh SQLite file)")
    ap.add_argument("--profile", help="write a cProfile of the measured part to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'checkout.db'}"
        store = Store(url)
        migrate.upgrade(store.engine)
        admin = operators.create_operator(store, None, "admin", "Admin", "admin-pass", "admin")
        clerk = operators.create_operator(store, admin, "clerk", "王芳", "clerk-pass", "clerk")
        rooms = campus(store, args.students)
        money(store, clerk, rooms)
        shifts.open_shift(store, clerk, Money(0))
        at = clock.now()
        profiler = None
        if args.profile:
            import cProfile
            profiler = cProfile.Profile()
            profiler.enable()
        wall, cpu, statements = [time.perf_counter()], [time.process_time()], [0]
        event.listen(store.engine, "before_cursor_execute", lambda *_: statements.__setitem__(0, statements[0] + 1))
        counted = [0]

        def lap() -> None:
            wall.append(time.perf_counter())
            cpu.append(time.process_time())
            counted.append(statements[0])

        p = checkout.plan(store, clerk, Selection(classes=(CLASS,)), at=at)
        lap()
        r = checkout.run(store, clerk, p, at=at, approver=admin)
        lap()
        pdf = checkout.slips_pdf(store, r.settlement_ids)
        lap()
        checkout.summary_xlsx(r, Path(tmp) / "summary.xlsx")
        lap()
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        assert len(p.lines) == args.students, len(p.lines)
        assert r.count("failed") == 0, [x.reason for x in r.results if x.status == "failed"][:3]
        store.dispose()
    phases = ("plan_s", "run_s", "slips_s", "summary_s")
    print(json.dumps({
        "students": args.students, "checkout_class_s": round(wall[-1] - wall[0], 2),
        **{k: round(wall[i + 1] - wall[i], 2) for i, k in enumerate(phases)},
        # this process's CPU time: what the figures would be on an idle machine (the bench shares its cores)
        "checkout_class_cpu_s": round(cpu[-1] - cpu[0], 2),
        **{k.replace("_s", "_cpu_s"): round(cpu[i + 1] - cpu[i], 2) for i, k in enumerate(phases)},
        "run_statements_per_student": round((counted[2] - counted[1]) / args.students, 1),
        "slips_statements": counted[3] - counted[2],
        "target_s": 10.0, "settled": r.totals.count, "debts": r.count("debt"),
        "refunds_fen": r.totals.refunds_fen, "pdf_kb": len(pdf) // 1024,
        "backend": "postgresql" if args.db else "sqlite",
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
