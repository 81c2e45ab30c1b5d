"""The demo campus: a deterministic, realistic store for demos, benchmarks and screenshots.

Default 6 buildings × 6 floors × 24 rooms × 4 beds (864 rooms, about 3,000 students), one
DDSY1946A-13 and one LXSY-20 per room on buses of 48 rooms, tariffs, operators, and a few weeks of
history (recharges, daily readings and consumption) posted so that every ledger invariant holds
(`ledger verify` finds nothing). `rooms=N` scales the campus. Bulk inserts go through SQLAlchemy
Core for speed; the rows are the same the services would write.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, select

from app import clock, operators
from app.access import Actor
from app.demo import power
from app.demo.names import (
    COLLEGES,
    COMPOUND_SURNAMES,
    FEMALE_LEANING,
    GIVEN_FEMALE,
    GIVEN_MALE,
    PAYMENT_METHODS,
    SURNAMES,
)
from db import migrate
from db.engine import Store
from db.models import (
    Account,
    AuditRecord,
    Bed,
    Building,
    Bus,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    MoneyOperation,
    Occupancy,
    QuotaRule,
    Room,
    Setting,
    Student,
    Tariff,
    WaterMeter,
    WaterReading,
)

FLOORS = 6
ROOMS_PER_FLOOR = 24
BEDS = 4
ROOMS_PER_BUS = 48
ELECTRICITY_PRICE = 5883        # 0.5883 CNY/kWh, in 0.0001 CNY
WATER_PRICE = 45_000            # 4.50 CNY/m³
DEMO_PASSWORDS = {"admin": "admin-demo", "clerk": "clerk-demo", "tech": "tech-demo"}
NEWCOMERS = 40                  # registered, not housed: the arrivals a clerk checks in (training)
NEWCOMER_YEAR = 2026            # the newest year of the demo's classes


@dataclass(frozen=True)
class DemoSummary:
    buildings: int
    rooms: int
    students: int
    occupied_beds: int
    buses: int
    ledger_entries: int
    readings: int
    newcomers: int = 0          # students registered but not housed yet (no check-in): the term's arrivals


class _Names:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.weights = [1 / (i + 4) for i in range(len(SURNAMES))]

    def name(self, gender: str) -> str:
        rng = self.rng
        surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.01 else rng.choices(SURNAMES, self.weights)[0]
        pool = GIVEN_MALE if gender == "M" else GIVEN_FEMALE
        given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.7 else "")
        return surname + given


def _class_names(year: int) -> list[tuple[str, str]]:
    return [(college, f"{major}{year % 100:02d}{k:02d}") for college, majors in COLLEGES.items()
            for major in majors for k in (1, 2)]


def generate(store: Store, *, rooms: int = FLOORS * ROOMS_PER_FLOOR * 6, days: int = 21, seed: int = 2026,
             today: date | None = None, occupancy: float = 0.87, bus_base_port: int = 5020,
             newcomers: int = NEWCOMERS) -> DemoSummary:
    """Fill an empty, migrated store with the demo campus. Deterministic for a given seed and `today`.

    Besides the housed students the campus has `newcomers` students of the newest year registered but
    not housed (no check-in, no money), at most as many of each gender as there are free beds in rooms
    of that gender, so every one of them can be checked in or imported into a free bed (training)."""
    rng = random.Random(seed)
    names = _Names(rng)
    today = today or clock.today()
    term_start = today - timedelta(days=days)
    t0 = datetime(term_start.year, term_start.month, term_start.day, 8, tzinfo=UTC)

    admin = operators.create_operator(store, None, "admin", "管理员", DEMO_PASSWORDS["admin"], "admin")
    clerk = operators.create_operator(store, admin, "clerk", "王芳", DEMO_PASSWORDS["clerk"], "clerk")
    operators.create_operator(store, admin, "tech", "李建国", DEMO_PASSWORDS["tech"], "technician")

    per_building = FLOORS * ROOMS_PER_FLOOR
    n_buildings = max(1, math.ceil(rooms / per_building))
    with store.write() as s:
        s.add_all([Setting(key="school_name", value="东华理工大学"), Setting(key="demo", value=True)])
        s.add_all([
            Tariff(utility="electricity", name="居民生活用电", unit_price=ELECTRICITY_PRICE, valid_from=term_start),
            Tariff(utility="water", name="生活用水", unit_price=WATER_PRICE, valid_from=term_start),
            QuotaRule(utility="electricity", scope="student", period="month", amount=1000, valid_from=term_start),
        ])
        buildings = [Building(code=f"{i + 1}", name=f"{'东西南北中'[i % 5]}苑{i + 1}号楼", floors=FLOORS)
                     for i in range(n_buildings)]
        s.add_all(buildings)
        s.flush()
        room_rows, left = [], rooms
        for bi, b in enumerate(buildings):
            gender = "M" if bi % 2 == 0 else "F"
            for floor in range(1, FLOORS + 1):
                for k in range(1, ROOMS_PER_FLOOR + 1):
                    if left == 0:
                        break
                    room_rows.append({"building_id": b.id, "number": f"{floor}{k:02d}", "floor": floor,
                                      "beds": BEDS, "gender": gender})
                    left -= 1
        s.execute(insert(Room), room_rows)
        room_list = s.execute(select(Room.id, Room.building_id, Room.gender).order_by(Room.id)).all()
        s.execute(insert(Bed), [{"room_id": r.id, "label": str(i + 1)} for r in room_list for i in range(BEDS)])
        beds_by_room: dict[int, list[int]] = {}
        for bed_id, room_id in s.execute(select(Bed.id, Bed.room_id).order_by(Bed.id)):
            beds_by_room.setdefault(room_id, []).append(bed_id)

        # Buses of 48 rooms each; electricity meters at 1..48, water meters at 101..148.
        n_buses = math.ceil(len(room_list) / ROOMS_PER_BUS)
        s.execute(insert(Bus), [{"name": f"RS485-{i + 1:02d}", "port": f"socket://127.0.0.1:{bus_base_port + i}",
                                 "baud": 9600, "parity": "N", "enabled": True} for i in range(n_buses)])
        bus_ids = list(s.scalars(select(Bus.id).order_by(Bus.id)))
        e_rows, w_rows = [], []
        for idx, r in enumerate(room_list):
            bus, addr = bus_ids[idx // ROOMS_PER_BUS], idx % ROOMS_PER_BUS + 1
            e_rows.append({"bus_id": bus, "address": addr, "serial_no": f"1946{seed % 100:02d}{idx:06d}",
                           "room_id": r.id, "installed_on": term_start - timedelta(days=400), "online": True,
                           "initial_reading_cwh": 0, "branch0_state": 1, "branch1_state": 1, "branch2_state": 1})
            w_rows.append({"bus_id": bus, "address": 100 + addr, "serial_no": f"5820{seed % 100:02d}{idx:06d}",
                           "room_id": r.id, "installed_on": term_start - timedelta(days=400), "online": True,
                           "initial_reading_l": 0})
        s.execute(insert(ElectricityMeter), e_rows)
        s.execute(insert(WaterMeter), w_rows)

        # Students, grouped by class into rooms of their gender, as a housing office would.
        students, occupancies = [], []
        free_rooms = {g: [r for r in room_list if r.gender == g] for g in ("M", "F")}
        classes = [c for year in (2023, 2024, 2025, 2026) for c in _class_names(year)]
        target = int(len(room_list) * BEDS * occupancy)
        seq: dict[int, int] = {}
        cursor = {"M": 0, "F": 0}
        while len(students) < target:
            college, cls = rng.choice(classes)
            year = 2000 + int(cls[-4:-2])
            lean = 0.7 if college in FEMALE_LEANING else 0.3
            gender = "F" if rng.random() < lean else "M"
            pool = free_rooms[gender]
            if cursor[gender] >= len(pool):
                gender = "M" if gender == "F" else "F"
                pool = free_rooms[gender]
                if cursor[gender] >= len(pool):
                    break
            room = pool[cursor[gender]]
            cursor[gender] += 1
            take = min(BEDS, target - len(students))
            take = take - (1 if rng.random() < 0.5 and take > 1 else 0)  # some rooms keep an empty bed
            for bed_id in beds_by_room[room.id][:take]:
                seq[year] = seq.get(year, 0) + 1
                no = f"{year}{list(COLLEGES).index(college) + 1:02d}{seq[year]:05d}"
                students.append({"student_no": no, "name": names.name(gender), "gender": gender,
                                 "college": college, "class_name": cls,
                                 "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", "status": "active"})
                occupancies.append((no, bed_id, room.id))
        s.execute(insert(Student), students)
        sid = dict(s.execute(select(Student.student_no, Student.id)).all())
        s.execute(insert(Occupancy), [{"student_id": sid[no], "bed_id": bed, "start_at": t0}
                                      for no, bed, _ in occupancies])
        s.execute(insert(Account), [{"room_id": r.id, "utility": u, "balance_fen": 0, "entry_count": 0,
                                     "opened_at": t0} for r in room_list for u in ("electricity", "water")])
        accounts = {(room_id, u): acc_id for acc_id, room_id, u in
                    s.execute(select(Account.id, Account.room_id, Account.utility))}
        occupants_by_room: dict[int, list[int]] = {}
        for no, _bed, room_id in occupancies:
            occupants_by_room.setdefault(room_id, []).append(sid[no])
        meters = dict(s.execute(select(ElectricityMeter.room_id, ElectricityMeter.id)).all())
        wmeters = dict(s.execute(select(WaterMeter.room_id, WaterMeter.id)).all())
        history = _History(rng, clerk, t0, days, accounts, occupants_by_room, meters, wmeters,
                           until=clock.now() if today == clock.today() else None)
        history.build([r.id for r in room_list])
        history.write(s)
        # The arrivals come from their own generator: the housed campus is the same with or without them.
        taken = {bed for _no, bed, _room in occupancies}
        free = {g: sum(1 for r in room_list if r.gender == g for bed in beds_by_room[r.id] if bed not in taken)
                for g in ("M", "F")}
        arrivals = _newcomers(random.Random(f"{seed}-newcomers"), newcomers, free, seq)
        if arrivals:
            s.execute(insert(Student), arrivals)
        s.add(AuditRecord(operator_id=admin.id, action="demo.generate", entity="campus", entity_id=None,
                          after={"rooms": len(room_list), "students": len(students), "seed": seed,
                                 "newcomers": len(arrivals)}))
    power.seed(store, admin, term_start, buildings=[b.id for b in buildings], floors=FLOORS)
    return DemoSummary(n_buildings, len(room_list), len(students), len(occupancies), n_buses,
                       history.entry_count, history.reading_count, len(arrivals))


def _newcomers(rng: random.Random, wanted: int, free: dict[str, int], seq: dict[int, int]) -> list[dict]:
    """Student rows of the newest year's classes, numbered on from that year's last number; no more of a
    gender than `free` beds of it."""
    names = _Names(rng)
    classes = _class_names(NEWCOMER_YEAR)
    left = dict(free)
    number = seq.get(NEWCOMER_YEAR, 0)
    rows: list[dict] = []
    while len(rows) < wanted and (left["M"] or left["F"]):
        college, cls = rng.choice(classes)
        gender = "F" if rng.random() < (0.7 if college in FEMALE_LEANING else 0.3) else "M"
        if not left[gender]:
            gender = "M" if gender == "F" else "F"
        left[gender] -= 1
        number += 1
        rows.append({"student_no": f"{NEWCOMER_YEAR}{list(COLLEGES).index(college) + 1:02d}{number:05d}",
                     "name": names.name(gender), "gender": gender, "college": college, "class_name": cls,
                     "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}", "status": "active"})
    return rows


class _History:
    """Recharges and daily consumption, with running balances computed as the ledger would."""

    def __init__(self, rng: random.Random, clerk: Actor, t0: datetime, days: int, accounts, occupants, meters,
                 wmeters, until: datetime | None = None) -> None:
        self.rng, self.clerk, self.t0, self.days = rng, clerk, t0, days
        # Nothing after this moment (the demo's "now"): today's recharges and readings that have not
        # happened yet are not written — a settlement at "now" must see the same money as the account.
        self.until = until
        self.accounts, self.occupants, self.meters, self.wmeters = accounts, occupants, meters, wmeters
        self.ops: list[dict] = []
        self.entries: list[dict] = []
        self.ereadings: list[dict] = []
        self.wreadings: list[dict] = []
        self.balances: dict[int, int] = {}
        self.counts: dict[int, int] = {}
        self.entry_count = 0
        self.reading_count = 0

    def _post(self, account: int, kind: str, amount: int, when: datetime, *, student: int | None = None,
              method: str | None = None, ref: str | None = None, operator: int | None = None) -> None:
        op_index = len(self.ops)
        self.ops.append({"idempotency_key": f"demo-{op_index}", "kind": kind, "operator_id": operator,
                         "created_at": when, "result": {"demo": True}})
        after = self.balances.get(account, 0) + amount
        self.balances[account] = after
        self.counts[account] = self.counts.get(account, 0) + 1
        self.entries.append({"account_id": account, "op_index": op_index, "kind": kind, "amount_fen": amount,
                             "balance_after_fen": after, "student_id": student, "operator_id": operator,
                             "payment_method": method, "external_ref": ref, "memo": "", "created_at": when})

    def build(self, room_ids: list[int]) -> None:
        rng = self.rng
        for room_id in room_ids:
            people = self.occupants.get(room_id, [])
            e_acc, w_acc = self.accounts[(room_id, "electricity")], self.accounts[(room_id, "water")]
            energy, volume = rng.randrange(100_000, 900_000), rng.randrange(50_000, 400_000)
            thrift = rng.uniform(0.4, 1.6)
            forgetful = rng.random() < 0.06  # a few rooms let their balance run out
            for day in range(self.days + 1):
                when = self.t0 + timedelta(days=day)
                for acc, low, scale, hour in ((e_acc, 2000, 1, 10), (w_acc, 1000, 2, 11)):
                    balance = self.balances.get(acc, 0)
                    due = day == 0 or (balance < low and rng.random() < (0.15 if forgetful else 0.6))
                    if people and (due or rng.random() < 0.02):
                        payer = rng.choice(people)
                        method = rng.choice(PAYMENT_METHODS)
                        amount = rng.choice((3000, 5000, 5000, 10000, 10000, 20000)) // scale
                        ref = None if method == "cash" else f"{method[:2].upper()}{rng.randrange(10**12):012d}"
                        at = when + timedelta(hours=hour, minutes=rng.randrange(600))
                        if self.until is None or at <= self.until:
                            self._post(acc, "recharge", amount, at, student=payer, method=method, ref=ref,
                                       operator=self.clerk.id)
                if day == 0 or (self.until is not None and when > self.until):
                    continue
                kwh_c = int(len(people) * rng.uniform(80, 260) * thrift) if people else rng.randrange(0, 10)
                litres = int(len(people) * rng.uniform(60, 140)) if people else 0
                energy += kwh_c
                volume += litres
                cost = kwh_c * 5883 // 100 // 100   # 0.01 kWh × 0.0001 CNY/kWh → fen, truncated
                wcost = litres * 45_000 // 1000 // 100
                if cost:
                    self._post(e_acc, "consumption", -cost, when)
                if wcost:
                    self._post(w_acc, "consumption", -wcost, when)
                split = (rng.uniform(0.15, 0.3), rng.uniform(0.3, 0.5))
                self.ereadings.append({
                    "meter_id": self.meters[room_id], "taken_at": when, "incoming_cwh": energy,
                    "branch0_cwh": int(energy * split[0]), "branch1_cwh": int(energy * split[1]),
                    "branch2_cwh": energy - int(energy * split[0]) - int(energy * split[1]),
                    "balance_fen": self.balances.get(e_acc, 0), "free_cwh": 0,
                    "purchase_count": self.counts.get(e_acc, 0), "status": 0})
                self.wreadings.append({"meter_id": self.wmeters[room_id], "taken_at": when, "volume_l": volume,
                                       "valve_state": 0, "status": 0})

    def write(self, s) -> None:
        from sqlalchemy import update

        if self.ops:
            s.execute(insert(MoneyOperation), self.ops)
            op_ids = {key: i for key, i in s.execute(
                select(MoneyOperation.idempotency_key, MoneyOperation.id)
                .where(MoneyOperation.idempotency_key.like("demo-%")))}
            for e in self.entries:
                e["operation_id"] = op_ids[f"demo-{e.pop('op_index')}"]
            s.execute(insert(LedgerEntry), self.entries)
        for acc, bal in self.balances.items():
            s.execute(update(Account).where(Account.id == acc).values(balance_fen=bal, entry_count=self.counts[acc]))
        if self.ereadings:
            s.execute(insert(ElectricityReading), self.ereadings)
            s.execute(insert(WaterReading), self.wreadings)
        self.entry_count = len(self.entries)
        self.reading_count = len(self.ereadings) + len(self.wreadings)


def create_demo_store(url: str, **kwargs) -> tuple[Store, DemoSummary]:
    """Migrate the store at `url` and fill it with the demo campus."""
    store = Store(url)
    migrate.upgrade(store.engine)
    return store, generate(store, **kwargs)
