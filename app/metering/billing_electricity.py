"""One billing interval for many meters in a few set-based statements.

The rules are those of `app.metering.billing` (`bill_electricity` is this with one reading): the
reading is stored at most once per meter and interval; consumption is posted from the register
delta at the tariff with the meter's sub-fen remainder, free energy first; a kind-3 purchase (set
balance) resets the remainder as it resets the meter's accumulator R (spec §5): when a reading is
the first to include it (its purchase count reached the set-balance's sequence), that interval's
steps are charged from a remainder of 0 (exact when the room drew nothing between the reading
before and the set-balance landing, which is what set-balance is for: installation and
replacement); a kind-4 purchase (clear free energy) counts as a free-energy credit of its stored
amount (minus what it cleared, see runtime.delivery); a register that goes
backwards or jumps implausibly is flagged, not billed; the ledger balance is compared with the
meter's. The ledger's invariants hold as for any posting: every entry has its operation and key
and its running balance, the account rows are locked and their cached balances move in the same
transaction. One audit record covers the pass.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor
from app.counter.ledger import Line, _fingerprint
from app.counter.money import Money
from app.metering import alarms
from app.metering.billing import MAX_ROOM_POWER_W, BillResult, ElectricReading, in_meter_already
from app.metering.runtime import vocabulary
from app.metering.tariffs import price_at
from db.models import (
    Account,
    Alarm,
    BillingCursor,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    MoneyOperation,
    Purchase,
    ReconciliationFinding,
)

CHUNK = 2000


@dataclass
class _Cursor:
    id: int | None
    last_register: int
    last_free: int
    remainder: int
    last_at: object


def dialect_insert(s: Session, model):
    return (pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert)(model)


def chunks(seq: Sequence, n: int = CHUNK):
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


def allocate_ids(s: Session, model, n: int) -> list[int]:
    """`n` primary keys for a bulk insert without RETURNING (which SQLite can only do row by row when
    the order matters). SQLite: after the current maximum, safe because a write transaction holds
    the database's write lock; PostgreSQL: from the table's own sequence."""
    table = model.__table__
    if s.get_bind().dialect.name == "postgresql":
        return list(s.scalars(text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                              {"t": table.name, "n": n}))
    start = s.scalar(select(func.coalesce(func.max(table.c.id), 0)))
    return list(range(start + 1, start + 1 + n))


def store_readings(s: Session, model, rows: Sequence[dict]) -> set[tuple[int, object]]:
    """Insert reading rows, skipping any whose (meter, interval) is already stored; returns the
    (meter_id, taken_at) pairs that were new."""
    stored: set[tuple[int, object]] = set()
    for part in chunks(rows):
        stmt = dialect_insert(s, model).on_conflict_do_nothing().returning(model.meter_id, model.taken_at)
        stored.update((m, t) for m, t in s.execute(stmt, list(part)).all())
    return stored


def first_of_each(readings: Sequence, stored: set[tuple[int, object]]) -> list:
    """The readings just stored, each (meter, time) once: a batch may hold one reading twice (a meter
    polled again as it came back online) and it is billed once."""
    fresh, out = set(stored), []
    for r in readings:
        key = (r.meter_id, r.taken_at)
        if key in fresh:
            fresh.discard(key)
            out.append(r)
    return out


def retired_meters(s: Session, model, meter_ids: set[int]) -> set[int]:
    """Those of `meter_ids` taken out of service (app.metering.replacement): a late reading of one (a
    runtime that has not followed the swap yet) is stored but never billed or compared — the swap
    billed up to its final reading, and the new meter is billed from its own initial reading."""
    out: set[int] = set()
    for part in chunks(sorted(meter_ids)):
        out.update(s.scalars(select(model.id).where(model.id.in_(part), model.replaced_on.is_not(None))))
    return out


class _Pass:
    def __init__(self, s: Session, readings: list[ElectricReading]) -> None:
        self.s = s
        self.readings = readings
        self.room: dict[int, int | None] = {}
        self.cursor: dict[int, _Cursor] = {}
        self.account: dict[int, int] = {}                  # meter -> account id
        self.balance: dict[int, int] = {}                  # account -> balance (fen)
        self.count: dict[int, int] = {}                    # account -> entry count
        self.free_in: dict[int, list] = defaultdict(list)
        self.in_flight: dict[int, list] = defaultdict(list)
        self.set_balance: dict[int, list] = defaultdict(list)
        ids = [r.meter_id for r in readings]
        for part in chunks(ids):
            self.room.update(s.execute(select(ElectricityMeter.id, ElectricityMeter.room_id)
                                       .where(ElectricityMeter.id.in_(part))).all())
            for c in s.execute(select(BillingCursor.id, BillingCursor.meter_id, BillingCursor.last_register,
                                      BillingCursor.last_free, BillingCursor.remainder, BillingCursor.last_at)
                               .where(BillingCursor.utility == "electricity", BillingCursor.meter_id.in_(part))
                               .with_for_update()):
                self.cursor[c.meter_id] = _Cursor(c.id, c.last_register, c.last_free, c.remainder, c.last_at)
            for mid, aid, bal, cnt in s.execute(
                    select(ElectricityMeter.id, Account.id, Account.balance_fen, Account.entry_count)
                    .join(Account, and_(Account.room_id == ElectricityMeter.room_id, Account.utility == "electricity"))
                    .where(ElectricityMeter.id.in_(part)).order_by(Account.id).with_for_update(of=Account)):
                self.account[mid], self.balance[aid], self.count[aid] = aid, bal, cnt
            for mid, kind, status, seq, amount, when, entry in s.execute(select(
                    Purchase.meter_id, Purchase.kind, Purchase.status, Purchase.sequence, Purchase.amount,
                    Purchase.delivered_at, Purchase.ledger_entry_id).where(
                    Purchase.meter_id.in_(part), Purchase.status.in_(("pending", "delivered")))):
                if kind in (2, 4) and status == "delivered":   # 4: amount is minus what it cleared
                    self.free_in[mid].append((when, amount))
                if kind == 1 and entry is not None:
                    self.in_flight[mid].append((status, seq, amount))
                if kind == 3:   # a balance being set (commissioning, replacement)
                    self.set_balance[mid].append((status, seq, when))
        self.previous_count = self._previous_counts()

    def _recent_set_balances(self, meter_id: int) -> list[int]:
        """Sequences of set-balances that may have landed after the cursor's reading: numbered, and
        not confirmed before that reading's interval began (readings are stamped no later than
        they are taken, so one confirmed earlier is inside it)."""
        cur = self.cursor.get(meter_id)
        if cur is None:
            return []
        return [seq for status, seq, when in self.set_balance[meter_id]
                if seq is not None and (status == "pending" or when is None or when >= cur.last_at)]

    def _previous_counts(self) -> dict[int, int]:
        """The purchase count of the reading each cursor stands on, for meters with a recent
        set-balance (rare: one query each)."""
        out: dict[int, int] = {}
        for r in self.readings:
            cur = self.cursor.get(r.meter_id)
            if cur is None or not self._recent_set_balances(r.meter_id):
                continue
            count = self.s.scalar(select(ElectricityReading.purchase_count).where(
                ElectricityReading.meter_id == r.meter_id, ElectricityReading.taken_at == cur.last_at))
            if count is not None:
                out[r.meter_id] = count
        return out

    def balance_set_since(self, r: ElectricReading) -> bool:
        """Whether a set-balance landed on the meter between the cursor's reading and `r`."""
        before = self.previous_count.get(r.meter_id)
        if before is None:
            return False
        return any(in_meter_already("delivered", seq, r.purchase_count)
                   and not in_meter_already("delivered", seq, before)
                   for seq in self._recent_set_balances(r.meter_id))


def bill_electricity(s: Session, r: ElectricReading) -> BillResult:
    """Store one billing reading and post its consumption, in the caller's transaction."""
    return bill_electricity_many(s, [r])[0]


def bill_electricity_many(s: Session, readings: Sequence[ElectricReading]) -> list[BillResult]:
    """Store and bill one reading per meter (in the caller's transaction); results in input order."""
    if not readings:
        return []
    stored = store_readings(s, ElectricityReading, [dict(
        meter_id=r.meter_id, taken_at=r.taken_at, incoming_cwh=r.incoming_cwh, branch0_cwh=r.branch_cwh[0],
        branch1_cwh=r.branch_cwh[1], branch2_cwh=r.branch_cwh[2], balance_fen=r.balance_fen, free_cwh=r.free_cwh,
        purchase_count=r.purchase_count, status=r.status) for r in readings])
    todo = first_of_each(readings, stored)
    retired = retired_meters(s, ElectricityMeter, {r.meter_id for r in todo})
    out: dict[tuple[int, object], BillResult] = {(r.meter_id, r.taken_at): BillResult(stored=True)
                                                 for r in todo if r.meter_id in retired}
    todo = [r for r in todo if r.meter_id not in retired]
    p = _Pass(s, todo)
    price = price_at(s, "electricity", readings[0].taken_at)
    posts, findings = [], []
    for r in todo:
        cur, charged, finding = p.cursor.get(r.meter_id), 0, None
        if cur is None:     # the meter's first reading: where its billing starts (later ones in the batch bill from it)
            p.cursor[r.meter_id] = _Cursor(None, r.incoming_cwh, r.free_cwh, 0, r.taken_at)
            out[(r.meter_id, r.taken_at)] = BillResult(stored=True)
            continue
        if p.balance_set_since(r):
            cur.remainder = 0   # the meter's R restarted at 0 with the set-balance (spec §5)
        delta = r.incoming_cwh - cur.last_register
        hours = max((r.taken_at - cur.last_at).total_seconds() / 3600, 1 / 60)
        if delta < 0 or delta > int(hours * MAX_ROOM_POWER_W / 10) + 100:
            finding = "reading_review"
            why = "went backwards (meter replaced or register rolled over?)" if delta < 0 else "jumped implausibly"
            findings.append((r, "reading_review", cur.last_register, r.incoming_cwh,
                             {"from_cwh": cur.last_register, "to_cwh": r.incoming_cwh, "hours": round(hours, 3)},
                             f"Energy register {why}: {cur.last_register / 100:.2f} → {r.incoming_cwh / 100:.2f} kWh; "
                             "not billed.", "reading_review"))
        else:
            credited = sum(a for when, a in p.free_in[r.meter_id] if cur.last_at < when <= r.taken_at)
            steps = delta - min(delta, max(0, cur.last_free + credited - r.free_cwh))
            charged, cur.remainder = divmod(cur.remainder + steps * price, 10_000)
            if charged and r.meter_id in p.account:
                posts.append((r, p.account[r.meter_id], -charged, f"{steps / 100:.2f} kWh"))
        cur.last_register, cur.last_free, cur.last_at = r.incoming_cwh, r.free_cwh, r.taken_at
        out[(r.meter_id, r.taken_at)] = BillResult(stored=True, charged_fen=charged, finding=finding)
    new_cursors = [dict(utility="electricity", meter_id=mid, last_register=c.last_register, last_free=c.last_free,
                        remainder=c.remainder, last_at=c.last_at) for mid, c in p.cursor.items() if c.id is None]
    if new_cursors:
        s.execute(dialect_insert(s, BillingCursor), new_cursors)
    if any(c.id is not None for c in p.cursor.values()):
        s.execute(update(BillingCursor.__table__).where(BillingCursor.__table__.c.id == bindparam("cid")).values(
            last_register=bindparam("reg"), last_free=bindparam("free"), remainder=bindparam("rem"),
            last_at=bindparam("at")),
            [dict(cid=c.id, reg=c.last_register, free=c.last_free, rem=c.remainder, at=c.last_at)
             for c in p.cursor.values() if c.id is not None])
    entry_ids = post_consumption(s, p.balance, p.count, [
        (f"bill-e-{r.meter_id}-{r.taken_at.isoformat()}", aid, amount, memo) for r, aid, amount, memo in posts])
    new_alarms, open_keys = [], set(s.scalars(select(Alarm.open_key).where(Alarm.open_key.is_not(None))))

    def known(meter_id: int) -> bool:
        """A meter billed before this batch: one whose first reading this was has no balance to compare yet."""
        c = p.cursor.get(meter_id)
        return c is not None and c.id is not None
    cleared: dict[str, None] = {}      # acknowledged status alarms whose state has ended (alarms.HELD_KINDS)
    for r in todo:
        res = out[(r.meter_id, r.taken_at)]
        aid = p.account.get(r.meter_id)
        setting = any(not in_meter_already(st, seq, r.purchase_count) for st, seq, _ in p.set_balance[r.meter_id])
        if aid is not None and res.finding is None and known(r.meter_id) and not setting:
            host = p.balance[aid] - sum(amount for status, seq, amount in p.in_flight[r.meter_id]
                                        if not in_meter_already(status, seq, r.purchase_count))
            if abs(host - r.balance_fen) > 1:
                out[(r.meter_id, r.taken_at)] = BillResult(True, res.charged_fen, "balance")
                findings.append((r, "balance", host, r.balance_fen, {"host_fen": host, "meter_fen": r.balance_fen},
                                 f"Ledger says {Money(host).display()}, meter says "
                                 f"{Money(r.balance_fen).display()}.", "reconciliation"))
        status_keys = {f"{rule.kind}-{r.meter_id}" for _flag, rule in vocabulary.STATUS_ALARMS}
        for flag, rule in vocabulary.STATUS_ALARMS:
            if r.status & flag:
                key = f"{rule.kind}-{r.meter_id}"
                status_keys.discard(key)
                cleared.pop(key, None)
                if key not in open_keys:
                    open_keys.add(key)
                    new_alarms.append(dict(kind=rule.kind, level=rule.level, room_id=p.room.get(r.meter_id),
                                           meter_id=r.meter_id,
                                           message=f"{rule.message}: {Money(r.balance_fen).display()}.",
                                           open_key=key, raised_at=clock.now(), note=""))
                break
        cleared.update(dict.fromkeys(status_keys & open_keys))   # states this reading no longer reports
    if findings:
        s.execute(dialect_insert(s, ReconciliationFinding), [
            dict(kind=kind, meter_id=r.meter_id, account_id=p.account.get(r.meter_id), host_value=host,
                 meter_value=meter, details=details, found_at=clock.now(), note="")
            for r, kind, host, meter, details, _message, _alarm in findings])
    for r, kind, _host, _meter, details, message, alarm_kind in findings:
        key = f"{kind}-{r.meter_id}"
        if key not in open_keys:   # one open alarm per meter and condition
            open_keys.add(key)
            new_alarms.append(dict(kind=alarm_kind, level=2, room_id=p.room.get(r.meter_id), meter_id=r.meter_id,
                                   message=message, details=details, open_key=key, raised_at=clock.now(), note=""))
    if cleared:
        alarms.release_cleared(s, set(cleared))
        open_keys -= set(cleared)
    if new_alarms:
        s.execute(dialect_insert(s, Alarm), new_alarms)
    if entry_ids:
        audit.record(s, Actor.system(), "billing.pass", "ledger_entry", entry_ids[0], None, {
            "meters": len(todo), "entries": len(entry_ids), "first_entry": entry_ids[0], "last_entry": entry_ids[-1],
            "charged_fen": -sum(amount for _, _, amount, _ in posts)})
    return [out.get((r.meter_id, r.taken_at), BillResult(stored=False)) for r in readings]


def post_consumption(s: Session, balance: dict[int, int], count: dict[int, int],
                     posts: list[tuple[str, int, int, str]]) -> list[int]:
    """Insert consumption operations and entries in bulk: `posts` are (idempotency key, account id,
    amount in fen (negative), memo); `balance` and `count` hold the locked accounts' cached values
    and are moved along with every entry, then written back."""
    if not posts:
        return []
    now = clock.now()
    ops = [dict(idempotency_key=key, kind="consumption", operator_id=None, created_at=now,
                result={"fingerprint": _fingerprint("consumption", [Line(aid, "consumption", Money(amount), memo=memo)])})
           for key, aid, amount, memo in posts]
    op_ids = allocate_ids(s, MoneyOperation, len(ops))
    for op_id, op in zip(op_ids, ops, strict=True):
        op["id"] = op_id
    s.execute(insert(MoneyOperation.__table__), ops)
    entries = []
    for op_id, (_key, aid, amount, memo) in zip(op_ids, posts, strict=True):
        balance[aid] += amount
        count[aid] += 1
        entries.append(dict(account_id=aid, operation_id=op_id, kind="consumption", amount_fen=amount,
                            balance_after_fen=balance[aid], memo=memo, created_at=now))
    entry_ids = allocate_ids(s, LedgerEntry, len(entries))
    for entry_id, e in zip(entry_ids, entries, strict=True):
        e["id"] = entry_id
    s.execute(insert(LedgerEntry.__table__), entries)
    touched = {aid for _, aid, _, _ in posts}
    s.execute(update(Account.__table__).where(Account.__table__.c.id == bindparam("aid")).values(
        balance_fen=bindparam("bal"), entry_count=bindparam("cnt")),
        [dict(aid=a, bal=balance[a], cnt=count[a]) for a in touched])
    return entry_ids
