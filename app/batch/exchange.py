"""Batch exchange (调宿): moves, swaps and cycles (A→B, B→C, C→A), checked as a whole and applied in
one transaction — all of them, or none.

`plan_moves` checks the whole list against the store *after* all its moves: a target bed counts as
free once everyone listed has left their bed (so swaps and cycles are valid), two rows may not give
one bed, a bed given must exist, a row without a bed gets the first free bed of the room (by label,
after the beds the rows name), the room's gender must be the student's, the student must be active,
checked in, listed once, and moved somewhere else. Every row says what is wrong with it; one wrong
row refuses the whole list (`ExchangeRefused`, nothing changes).

`apply_moves` (and `apply_in`, inside a caller's write transaction: the Excel import) locks the
students' stays and the target rooms, checks again, ends every moving student's stay, then begins
the new ones (the store allows one open stay per student and per bed, so ending first is what lets a
cycle through), writes one "occupancy.move" audit record per student, and stages
"occupancy_changed" for every room touched. A repeated `key` returns the first result and changes
nothing: the result is kept in one "occupancy.exchange" audit record under the key (no table of its
own; the lookup goes through the indexed action and the key's hash as the entity id).

Money. Each mover's share of the room they leave is computed by the settlement policy at the move
time, with the very function check-out uses (`app.counter.settlement.settle_room_in`), before anyone
moves:
- water (no money on the meter): the refundable share is transferred, in the student's name, from
  the old room's water account to the new room's, in the same transaction (`ledger.post_in`, keyed,
  no overdraw). Under "paid_minus_share" the transfer counts in the student's paid-in in both rooms,
  so the old room no longer owes it to them and the new room does. Several movers leaving one room
  are capped in row order by what the room can refund, as settling them one after another would;
- electricity: the money sits in the old room's meter and the ledger moves only with the meter, so
  the share goes through both meters (`app.counter.share_transfers`): in the same transaction a
  transfer "awaiting_meter" and a negative credit for the old meter are queued; once that meter gave
  the share back, the transfer is posted in the student's name and the new room's meter is credited,
  as a recharge is. Meanwhile the share counts as gone from the old room (no refund or second
  carry can take it). When either room has no electricity meter, nothing is carried: the share is
  shown (`Share.left_fen`) for a refund at the counter, as when the old meter refuses the debit;
- a debt share (`Share.owed_fen`) is listed, not collected.
A move within the same room moves no money.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from app import audit, clock, events, settings_store
from app.access import Actor, require
from app.campus import occupancy
from app.counter import settlement, share_transfers
from app.counter.ledger import Line, lock_money, post_in
from app.counter.money import Money
from app.counter.settlement_policy import DEFAULT_POLICY
from app.errors import DormWattError, IdempotencyConflict, InvalidInput
from app.imports.spec import norm
from db import retry
from db.engine import Store
from db.models import (
    UTILITIES,
    Account,
    AuditRecord,
    Bed,
    Building,
    ElectricityMeter,
    Occupancy,
    Room,
    Student,
)

ACTION = "occupancy.exchange"
CARRIED = ("water",)            # utilities whose share moves with the student in the ledger at once
THROUGH_METERS = ("electricity",)   # and those whose share moves through both rooms' meters (see above)
MAX_KEY = 200


@dataclass(frozen=True)
class Move:
    """One row: the student (by number) to a room ("B1-101") and bed (None: the first free one).
    `row`: the number to name in messages (a spreadsheet's row); default its place in the list, from 1."""

    student_no: str
    room_code: str
    bed_label: str | None = None
    row: int | None = None


@dataclass(frozen=True)
class Share:
    """A mover's share of one utility of the room they leave, under the settlement policy at the move."""

    utility: str
    policy: str
    due_fen: int            # signed: what the policy gives back (<0: what the student owes)
    refundable_fen: int     # of it, what the room can pay back now
    owed_fen: int           # a debt: listed, not collected
    carried_fen: int        # carried to the new room's account in the student's name (electricity: on its
                            # way through both meters, `Moved.meter_transfers`)

    @property
    def left_fen(self) -> int:
        """Refundable but not carried: stays in the old room's account (electricity; a capped share)."""
        return self.refundable_fen - self.carried_fen


@dataclass
class MovePlan:
    row: int
    student_no: str
    room_code: str                          # as asked
    bed_label: str | None                   # as asked
    student_id: int | None = None
    student_name: str = ""
    from_room_id: int | None = None
    from_room_code: str = ""
    from_bed: str = ""
    occupancy_id: int | None = None         # the stay that ends
    to_room_id: int | None = None
    to_room_code: str = ""
    to_bed: str = ""                        # the bed given (picked when none was asked)
    to_bed_id: int | None = None
    errors: list[str] = field(default_factory=list)
    shares: dict[str, Share] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes_room(self) -> bool:
        return self.to_room_id is not None and self.to_room_id != self.from_room_id

    @property
    def who(self) -> str:
        return f"{self.student_name} ({self.student_no})" if self.student_name else self.student_no


@dataclass(frozen=True)
class Moved:
    row: int
    student_id: int
    student_no: str
    student_name: str
    from_room_id: int
    from_room_code: str
    from_bed: str
    to_room_id: int
    to_room_code: str
    to_bed: str
    occupancy_id: int                       # the new stay
    shares: dict[str, Share]
    transfers: dict[str, int]               # utility -> the money operation that carried the share
    meter_transfers: dict[str, int] = field(default_factory=dict)   # utility -> its ShareTransfer (meters)


@dataclass(frozen=True)
class ExchangeResult:
    key: str
    at: datetime
    moved: tuple[Moved, ...]
    replayed: bool = False

    @property
    def rooms(self) -> set[int]:
        return {m.from_room_id for m in self.moved} | {m.to_room_id for m in self.moved}

    def carried_fen(self, utility: str) -> int:
        return sum(m.shares[utility].carried_fen for m in self.moved if utility in m.shares)

    def debts(self) -> list[tuple[str, str, int]]:
        """(student number, utility, fen owed to the room left), listed not collected."""
        return [(m.student_no, u, sh.owed_fen) for m in self.moved for u, sh in m.shares.items() if sh.owed_fen]

    def left(self) -> list[tuple[str, str, int]]:
        """(student number, utility, fen refundable but left in the old room's account)."""
        return [(m.student_no, u, sh.left_fen) for m in self.moved for u, sh in m.shares.items() if sh.left_fen]


class ExchangeRefused(InvalidInput):
    """The list cannot be applied as a whole; nothing changed. `plans`: every row with its reasons."""

    def __init__(self, plans: Sequence[MovePlan]) -> None:
        self.plans = list(plans)
        super().__init__(refusal(self.plans) or "The exchange cannot be applied.")


def refusal(plans: Sequence[MovePlan]) -> str | None:
    """The sentence that refuses the list (None when every row can be applied)."""
    bad = [p for p in plans if p.errors]
    if not bad:
        return None
    parts = [f"row {p.row} ({p.who}): {' '.join(p.errors)}" for p in bad[:10]]
    more = f" And {len(bad) - 10} more rows." if len(bad) > 10 else ""
    return ("The exchange was not applied; nothing changed. An exchange is applied whole or not at all: "
            + "; ".join(parts) + more)


# ----- the whole-set check ----------------------------------------------------------------------------


def _rooms(s: Session) -> tuple[dict[int, tuple[str, str]], dict[str, int]]:
    """Room id -> (code "B1-101", gender); normalised code -> room id."""
    rooms, by_code = {}, {}
    for rid, number, gender, bcode in s.execute(select(Room.id, Room.number, Room.gender, Building.code)
                                                .join(Building, Building.id == Room.building_id)):
        code = f"{bcode}-{number}"
        rooms[rid] = (code, gender)
        by_code[norm(code)] = rid
    return rooms, by_code


def _chunks(items: list, n: int = 500):
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _check(s: Session, moves: Sequence[Move], at: datetime) -> list[MovePlan]:
    rooms, by_code = _rooms(s)
    plans = [MovePlan(m.row if m.row is not None else i, str(m.student_no or "").strip(), str(m.room_code or ""),
                      (str(m.bed_label).strip() or None) if m.bed_label is not None else None)
             for i, m in enumerate(moves, 1)]
    nos = sorted({p.student_no for p in plans if p.student_no})
    students: dict[str, Student] = {}
    stays: dict[int, tuple] = {}                # student id -> (occupancy id, start, bed id, label, room id)
    for part in _chunks(nos):
        students.update({st.student_no: st for st in s.scalars(select(Student).where(Student.student_no.in_(part)))})
    ids = [st.id for st in students.values()]
    for part in _chunks(ids):
        for oid, sid, start, bid, label, rid in s.execute(
                select(Occupancy.id, Occupancy.student_id, Occupancy.start_at, Bed.id, Bed.label, Bed.room_id)
                .join(Bed, Bed.id == Occupancy.bed_id)
                .where(Occupancy.student_id.in_(part), Occupancy.end_at.is_(None))):
            stays[sid] = (oid, start, bid, label, rid)

    first_row: dict[str, int] = {}
    leaving: set[int] = set()                   # students listed (once) who are checked in: their beds free up
    for p in plans:
        if not p.student_no:
            p.errors.append("The student number is empty.")
            continue
        if p.student_no in first_row:
            p.errors.append(f"The student {p.student_no} is also on row {first_row[p.student_no]}; list each "
                            "student once.")
            continue
        first_row[p.student_no] = p.row
        st = students.get(p.student_no)
        if st is None:
            p.errors.append(f"There is no student with number {p.student_no}.")
            continue
        p.student_id, p.student_name = st.id, st.name
        stay = stays.get(st.id)
        if stay is not None:
            leaving.add(st.id)
            p.occupancy_id, start, _bid, p.from_bed, p.from_room_id = stay
            p.from_room_code = rooms[p.from_room_id][0]
        if st.status != "active":
            p.errors.append(f"{p.who} has status “{st.status}” and cannot move.")
        if stay is None:
            p.errors.append(f"{p.who} is not checked in anywhere, so there is nothing to move; check them in "
                            "instead.")
        elif start > at:
            p.errors.append(f"{p.who} moved into {p.from_room_code} on {clock.campus_date(start).isoformat()}, "
                            "after the time of this exchange.")
        rid = by_code.get(norm(p.room_code)) if p.room_code.strip() else None
        if rid is None:
            p.errors.append(f"There is no room “{p.room_code.strip()}”." if p.room_code.strip()
                            else "The target room is empty.")
            continue
        p.to_room_id, (p.to_room_code, gender) = rid, rooms[rid]
        if st.gender != gender:
            p.errors.append(f"{p.to_room_code} is a {occupancy.GENDER_WORD[gender]} room; {p.who} is "
                            f"{occupancy.GENDER_WORD[st.gender]}.")
        if stay is not None and rid == p.from_room_id and p.bed_label in (None, p.from_bed):
            p.errors.append(f"{p.who} already lives in {p.to_room_code}, bed {p.from_bed}.")

    # The beds of the target rooms, and who keeps a bed there after everyone listed has left theirs.
    targets = sorted({p.to_room_id for p in plans if p.to_room_id is not None})
    beds: dict[int, list[tuple[int, str]]] = defaultdict(list)
    stayer: dict[int, str] = {}                 # bed id -> who keeps it (not listed)
    for part in _chunks(targets):
        for bid, rid, label in s.execute(select(Bed.id, Bed.room_id, Bed.label).where(Bed.room_id.in_(part))
                                         .order_by(Bed.room_id, Bed.label)):
            beds[rid].append((bid, label))
        for bid, sid, no, name in s.execute(
                select(Occupancy.bed_id, Student.id, Student.student_no, Student.name)
                .join(Student, Student.id == Occupancy.student_id).join(Bed, Bed.id == Occupancy.bed_id)
                .where(Bed.room_id.in_(part), Occupancy.end_at.is_(None))):
            if sid not in leaving:
                stayer[bid] = f"{name} ({no})"
    claimed: dict[int, MovePlan] = {}           # bed id -> the row given it

    def placeable(p: MovePlan) -> bool:
        return p.to_room_id is not None and not p.errors

    for p in plans:                             # the beds the rows name, first
        if p.to_room_id is None or p.bed_label is None:
            continue
        bed = next((b for b in beds[p.to_room_id] if b[1] == p.bed_label), None)
        if bed is None:
            p.errors.append(f"{p.to_room_code} has no bed {p.bed_label}.")
            continue
        if not placeable(p):
            continue
        if bed[0] in stayer:
            p.errors.append(f"Bed {bed[1]} of {p.to_room_code} is taken by {stayer[bed[0]]}, who is not part of "
                            "this exchange.")
        elif bed[0] in claimed:
            other = claimed[bed[0]]
            p.errors.append(f"Bed {bed[1]} of {p.to_room_code} is also given to {other.who} on row {other.row}; "
                            "one bed cannot take two students.")
        else:
            claimed[bed[0]] = p
            p.to_bed_id, p.to_bed = bed
    for p in plans:                             # then a free bed for the rows that name none
        if not placeable(p) or p.bed_label is not None:
            continue
        free = [b for b in beds[p.to_room_id] if b[0] not in stayer and b[0] not in claimed]
        if not free:
            kept = sum(1 for b in beds[p.to_room_id] if b[0] in stayer)
            given = sorted({claimed[b[0]].row for b in beds[p.to_room_id] if b[0] in claimed})
            p.errors.append(f"{p.to_room_code} has no free bed left for {p.who} after this exchange "
                            f"({len(beds[p.to_room_id])} beds: {kept} kept by students who stay, {len(given)} given "
                            f"on rows {', '.join(map(str, given)) or '-'}).")
            continue
        claimed[free[0][0]] = p
        p.to_bed_id, p.to_bed = free[0]
    return plans


def _policy_in(s: Session) -> str:
    return str(settings_store.get(s, settlement.POLICY_SETTING, DEFAULT_POLICY))


def _shares(s: Session, plans: Sequence[MovePlan], at: datetime, policy: str) -> None:
    """Each room-changing mover's share of the room left, by the check-out's own settlement, before anyone
    moves; water carried in row order up to what the room can refund (see the module docstring)."""
    room_left: dict[tuple[int, str], int] = {}
    leavers: dict[int, list[MovePlan]] = defaultdict(list)
    for p in plans:
        p.shares = {}
        if not p.errors and p.changes_room and p.student_id is not None:
            leavers[p.from_room_id].append(p)
    settled: dict[int, dict] = {}
    leaving = [p for group in leavers.values() for p in group]
    rooms = sorted({r for p in leaving for r in (p.from_room_id, p.to_room_id)})
    metered = set()
    for part in _chunks(rooms):
        metered.update(s.scalars(select(ElectricityMeter.room_id).where(ElectricityMeter.room_id.in_(part),
                                                                        ElectricityMeter.replaced_on.is_(None))))
    for room_id, group in leavers.items():
        try:        # one read of the room for all its leavers; each settled as if leaving alone, as check-out does
            settled.update(settlement.settle_room_in(s, room_id, [p.student_id for p in group], at, policy))
        except InvalidInput as exc:
            for p in group:
                p.errors.append(f"Their share of {p.from_room_code} cannot be settled: {exc}")
    for p in plans:
        if p.student_id not in settled or p.errors or not p.changes_room:
            continue
        for utility in UTILITIES:
            st = settled[p.student_id][utility]
            carried = 0
            movable = utility in CARRIED or (utility in THROUGH_METERS and p.from_room_id in metered
                                              and p.to_room_id in metered)
            if movable and st.refundable_fen > 0:
                left = room_left.setdefault((p.from_room_id, utility), st.room_refundable_fen)
                carried = min(st.refundable_fen, left)
                room_left[(p.from_room_id, utility)] = left - carried
            p.shares[utility] = Share(utility, policy, st.due_fen, st.refundable_fen, st.owed_fen, carried)


def plan_moves(s: Session, moves: Sequence[Move], *, at: datetime | None = None,
               policy: str | None = None) -> list[MovePlan]:
    """Every row of `moves` checked as a whole against the store as it is in `s` (see the module
    docstring), with each room-changing mover's share per utility at `at` (default now) under the
    office's settlement policy (or `policy`). Reads only. The list can be applied when no row has errors."""
    at = at or clock.now()
    plans = _check(s, moves, at)
    _shares(s, plans, at, policy or _policy_in(s))
    return plans


def preview(store: Store, actor: Actor, moves: Sequence[Move], *, at: datetime | None = None) -> list[MovePlan]:
    """`plan_moves` in a read transaction of its own (the window's dry run)."""
    require(actor, "occupancy.change")
    with store.read() as s:
        return plan_moves(s, moves, at=at)


# ----- applying ------------------------------------------------------------------------------------------


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_KEY:
        raise InvalidInput(f"An exchange needs an idempotency key of 1 to {MAX_KEY} characters.")
    return key


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _key_id(key: str) -> int:
    return int(_digest(key)[:7], 16)          # fits an INTEGER column; the key itself is compared too


def _fingerprint(moves: Sequence[Move]) -> str:
    body = [[str(m.student_no).strip(), norm(m.room_code), None if m.bed_label is None else str(m.bed_label).strip()]
            for m in moves]
    return hashlib.sha256(json.dumps(body).encode()).hexdigest()[:32]


def _prior(s: Session, key: str, fingerprint: str) -> ExchangeResult | None:
    for rec in s.scalars(select(AuditRecord).where(AuditRecord.action == ACTION, AuditRecord.entity_id == _key_id(key))
                         .order_by(AuditRecord.id)):
        after = rec.after or {}
        if after.get("key") != key:
            continue
        if after.get("fingerprint") != fingerprint:
            raise IdempotencyConflict(f"The key {key} was already used for a different exchange; nothing was "
                                      "changed.")
        return _result_from(after, replayed=True)
    return None


def _result_json(res: ExchangeResult) -> dict:
    return {"key": res.key, "at": res.at.isoformat(),
            "moved": [{**asdict(m), "shares": {u: asdict(sh) for u, sh in m.shares.items()}} for m in res.moved]}


def _result_from(d: dict, *, replayed: bool) -> ExchangeResult:
    moved = []
    for m in d["moved"]:
        shares = {u: Share(**sh) for u, sh in m["shares"].items()}
        moved.append(Moved(**{**m, "shares": shares, "transfers": dict(m["transfers"]),
                              "meter_transfers": dict(m.get("meter_transfers") or {})}))
    return ExchangeResult(d["key"], datetime.fromisoformat(d["at"]), tuple(moved), replayed=replayed)


@retry.retrying
def apply_moves(store: Store, actor: Actor, moves: Sequence[Move], *, at: datetime | None = None,
                key: str) -> ExchangeResult:
    """Apply the whole list in one transaction, or nothing (ExchangeRefused, with every row's reasons).
    A repeated `key` returns the first result and changes nothing; the same key with another list raises
    IdempotencyConflict."""
    require(actor, "occupancy.change")
    key = _check_key(key)
    at = at or clock.now()
    try:
        with store.write() as s:
            return apply_in(s, actor, moves, at=at, key=key)
    except (DormWattError, IntegrityError):
        # Another workstation may have applied the same key while this one waited for the stays.
        with store.read() as s:
            prior = _prior(s, key, _fingerprint(moves))
        if prior is not None:
            return prior
        raise


def apply_in(s: Session, actor: Actor, moves: Sequence[Move], *, at: datetime, key: str) -> ExchangeResult:
    """`apply_moves` inside the caller's write transaction (the Excel import applies its rows in its own).
    Raises ExchangeRefused before writing anything when a row cannot be applied."""
    require(actor, "occupancy.change")
    key = _check_key(key)
    if not moves:
        raise InvalidInput("The exchange lists nobody to move.")
    fingerprint = _fingerprint(moves)
    prior = _prior(s, key, fingerprint)
    if prior is not None:
        return prior
    # 1. the lock order's first step: the stays that end, then the rooms that are moved into
    nos = sorted({str(m.student_no).strip() for m in moves})
    for part in _chunks(nos):
        s.execute(select(Occupancy.id).join(Student, Student.id == Occupancy.student_id)
                  .where(Student.student_no.in_(part), Occupancy.end_at.is_(None))
                  .order_by(Occupancy.id).with_for_update(of=Occupancy)).all()
    prior = _prior(s, key, fingerprint)          # committed elsewhere while this one waited
    if prior is not None:
        return prior
    _known, by_code = _rooms(s)
    wanted = sorted({by_code[norm(m.room_code)] for m in moves if norm(m.room_code) in by_code})
    for part in _chunks(wanted):
        s.execute(select(Room.id).where(Room.id.in_(part)).order_by(Room.id).with_for_update()).all()
    plans = _check(s, moves, at)
    if any(p.errors for p in plans):
        raise ExchangeRefused(plans)
    # 2./3. the accounts of every room touched, opened when missing, locked in one statement
    money_rooms = sorted({p.from_room_id for p in plans if p.changes_room} | {p.to_room_id for p in plans
                                                                              if p.changes_room})
    for rid in money_rooms:
        occupancy.ensure_accounts(s, rid)
    accounts: dict[tuple[int, str], int] = {}
    for part in _chunks(money_rooms):
        accounts.update({(rid, u): aid for aid, rid, u in s.execute(
            select(Account.id, Account.room_id, Account.utility).where(Account.room_id.in_(part)))})
    lock_money(s, accounts.values())
    _shares(s, plans, at, _policy_in(s))        # on the locked accounts, before anyone moves
    if any(p.errors for p in plans):
        raise ExchangeRefused(plans)
    if any(sh.carried_fen for p in plans for sh in p.shares.values()):
        require(actor, "money.transfer")
    # 4. everyone leaves, then everyone arrives (stays, students, beds and rooms loaded at once, not row by row)
    place = (joinedload(Bed.room).joinedload(Room.building),)
    stays: dict[int, Occupancy] = {}
    beds: dict[int, Bed] = {}
    for part in _chunks([p.occupancy_id for p in plans]):
        stays.update({o.id: o for o in s.scalars(select(Occupancy).where(Occupancy.id.in_(part)).options(
            joinedload(Occupancy.student), joinedload(Occupancy.bed).joinedload(Bed.room).joinedload(Room.building)))})
    for part in _chunks(sorted({p.to_bed_id for p in plans})):
        beds.update({b.id: b for b in s.scalars(select(Bed).where(Bed.id.in_(part)).options(*place))})
    ended = {}
    for p in plans:
        ended[p.row] = occupancy.close_stay_in(s, stays[p.occupancy_id], at)[0]
    moved = []
    digest = _digest(key)[:20]
    for p in plans:
        occ = occupancy.begin_stay_in(s, stays[p.occupancy_id].student, beds[p.to_bed_id], at)
        stay = occupancy.stay_in(s, occ.id)
        transfers, through = {}, {}
        for utility, sh in p.shares.items():
            if sh.carried_fen > 0 and utility in THROUGH_METERS:
                t = share_transfers.request_in(
                    s, actor, key=f"xchg-{digest}-{p.student_id}-{utility}", student_id=p.student_id,
                    from_account_id=accounts[(p.from_room_id, utility)], to_account_id=accounts[(p.to_room_id, utility)],
                    amount=Money(sh.carried_fen),
                    memo=f"exchange: share carried from {p.from_room_code} to {p.to_room_code}")
                through[utility] = t.id
            elif sh.carried_fen > 0:
                memo = f"exchange: share carried from {p.from_room_code} to {p.to_room_code}"
                res = post_in(s, actor, f"xchg-{digest}-{p.student_id}-{utility}", "transfer", [
                    Line(accounts[(p.from_room_id, utility)], "transfer", Money(-sh.carried_fen), p.student_id,
                         memo=memo),
                    Line(accounts[(p.to_room_id, utility)], "transfer", Money(sh.carried_fen), p.student_id,
                         memo=memo)], no_overdraw=True)
                transfers[utility] = res.operation_id
        audit.record(s, actor, "occupancy.move", "occupancy", occ.id, ended[p.row].__dict__,
                     {**stay.__dict__, "exchange": key,
                      "shares": {u: asdict(sh) for u, sh in p.shares.items()}, "transfers": transfers,
                      "meter_transfers": through})
        moved.append(Moved(p.row, p.student_id, p.student_no, p.student_name, p.from_room_id, p.from_room_code,
                           p.from_bed, p.to_room_id, p.to_room_code, p.to_bed, occ.id, dict(p.shares), transfers,
                           through))
    result = ExchangeResult(key, at, tuple(moved))
    audit.record(s, actor, ACTION, "exchange", _key_id(key), None,
                 {**_result_json(result), "fingerprint": fingerprint})
    events.stage(s, "occupancy_changed", rooms=result.rooms)
    return result
