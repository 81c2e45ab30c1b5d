"""Operations on a selection of rooms: branch power, subsidy grant, free quota grant, linkage lock, price
push — dry run, run, follow.

Every operation has the same shape:
- `plan_<op>(store, actor, room_ids, **params) -> OpPlan` is the dry run: one `PlanLine` per room, "do"
  (with what will happen and, where it matters, a note) or "skip" with the reason (no meter, meter not
  on a line or its line switched off, already in that state, no account, no such room). Nothing is
  written. The permission of the service that will do the work is checked here already.
- `run_<op>(store, actor, plan, *, key, progress=None, cancel=None) -> OpRun` goes through the plan's
  rooms in order, each through the existing service, in a transaction of its own, and gives one
  `RoomResult` per room: "done", "pending" (a meter command asked for; the runtime carries it out),
  "failed" with the reason, "skipped" (the plan's reason) or "cancelled" (not reached before `cancel`
  was set). `progress(done, total)` is called after each room; `cancel` is looked at before each one:
  what was done stays done.
- The audit records are the services' own, one per room (`meter.<action>` for a command,
  `ledger.subsidy` for a subsidy and for water quota, `quota.grant` for free energy): nothing is recorded
  twice.
- Idempotent by `key`: running the same plan (or a new plan of the same operation) with the same key
  again does nothing twice. A subsidy posts under the room's key `f"{key}-room{room_id}"` (the ledger
  replays it: no second entry, no second purchase for the meter); a free quota grant is kept under
  `f"{key}-quota{room_id}"` (the grant's own key, and the water subsidy's). A meter command carries the
  key in its params (`MeterCommand.params["batch"]`): a room with a command of this batch that is pending,
  running or done is not asked again (its command is followed); one whose command failed is asked
  again. A key reused for different parameters (another amount, another branch) fails those rooms
  with a sentence saying so; nothing is posted, granted or sent for them.
- `follow(store, run) -> OpRun` reads what became of the run's commands (pending / done / failed with
  the meter's or the runtime's reason) and of a subsidy's or free energy's credit on the electricity
  meter (`RoomResult.delivery`: pending / delivered / failed). A command of the run still pending after
  `commands.PENDING_TTL` is failed as `commands.wait` does (the runtime would not run it late either).

What exists and what does not (see the lead's issue 13 item 5):
- branch power off / on per branch: `plan_branch_power` / `run_branch_power` (ForceMode OPEN = power
  off, AUTO = back to the meter's own rules, CLOSED = keep on whatever), permission meter.control;
- subsidy: `plan_subsidy` / `run_subsidy`, a fixed amount per room to the electricity or water account
  (permission money.subsidy: administrators). On electricity the money must reach the meter, as a
  recharge's does: it is posted with a money purchase in the outbox, in the same transaction
  (`payments.recharge`'s path); water holds no money on its meter, so a water subsidy is the ledger
  entry only (`Ledger.subsidy`);
- linkage lock: `plan_linkage` / `run_linkage` through the "linkage" meter command (permission
  money.consume: administrators and the system). For a room in a building with a prepaid policy,
  billing sets the lock back to what the room's water balance says at the room's next water reading;
  the plan says so per room;
- price push: `plan_price_push` / `run_price_push` through the "prepaid" meter command (the price in
  force at the dry run and the §5 prepaid block written again; permission meter.control);
- free quota: `plan_free_quota` / `run_free_quota`, a one-off grant to the chosen rooms, made as the quota
  rules' grants are (app.metering.quota; permission quota.change: administrators): electricity as free
  energy on the meter (a kind-2 purchase in the outbox, in 0.01 kWh, used before money), water as a
  subsidy worth the litres at the water tariff in force at the dry run (whole fen, rounded down). It is
  recorded as a grant without a rule, so the reports' "subsidies and free quota" section counts it, and
  it does not expire at a period's end (a rule's kind-4 clear of the same meter still takes what is
  left of it: the plan line says so where that can happen). The amount is typed in kWh (at most two
  decimals) or whole litres, read by `parse_free_quota`. A room needs the utility's account, and its
  meter: for electricity one on a line that is switched on.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, clock, events
from app.access import Actor, require
from app.counter.ledger import Ledger, Line, OperationResult, PostedEntry
from app.counter.money import Money
from app.counter.payments import PURCHASE_MONEY
from app.errors import DormWattError, InvalidAmount, InvalidInput
from app.metering import quota
from app.metering.runtime import commands
from app.metering.runtime.vocabulary import BRANCH_WORDS, Branch, linkage_locked
from app.metering.tariffs import price_at, yuan
from db import retry
from db.engine import Store
from db.models import (
    Account,
    Building,
    BuildingPolicy,
    ElectricityMeter,
    MeterCommand,
    Purchase,
    QuotaGrant,
    QuotaRule,
    Room,
    WaterMeter,
)
from db.models import Bus as BusRow
from drivers.ddsy_records import BranchState, ForceMode

OPERATIONS = ("branch_power", "subsidy", "free_quota", "linkage", "price_push")
MAX_BATCH_KEY = 60          # a room's key, f"{key}-room{room_id}" or f"{key}-quota{room_id}": at most 80 characters
_CHUNK = 500                # ids per IN (…) list

DO, SKIP = "do", "skip"
DONE, PENDING, FAILED, SKIPPED, CANCELLED = "done", "pending", "failed", "skipped", "cancelled"
RUN_STATUSES = (DONE, PENDING, FAILED, SKIPPED, CANCELLED)

NO_ROOM = "There is no such room."
NO_METER = "This room has no electricity meter."
NO_WATER_METER = "This room has no water meter."
NO_ACCOUNT = "This room has no account yet; check a student in first."
NO_LINE = "This room's meter is not on any line yet; assign it to a bus first."
LINE_OFF = "This room's meter is on a line that is switched off; nobody would carry the command out."
CANCELLED_REASON = "The batch was cancelled before this room."
ALREADY_REQUESTED = "Already asked for by this batch; not asked again."
ALREADY_POSTED = "Already granted by this batch; not posted again."
LINKAGE_POLICY_NOTE = ("This building has a prepaid policy: billing sets the lock back to what the water balance "
                       "says at the room's next water reading.")
ONE_OFF_NOTE = "A one-off grant: it does not expire at the end of a quota period."
ONE_OFF_CLEARED_NOTE = ("A one-off grant does not expire, but this room is under an electricity quota rule without "
                        "carry-over: when that rule's period ends, the meter clears all the free energy left, this "
                        "grant's included.")
# The fixed texts of the room lines, for translation (resources/translations/extract.py reads this table)
ROOM_TEXTS = (NO_ROOM, NO_METER, NO_WATER_METER, NO_ACCOUNT, NO_LINE, LINE_OFF, CANCELLED_REASON, ALREADY_REQUESTED,
              ALREADY_POSTED, LINKAGE_POLICY_NOTE, ONE_OFF_NOTE, ONE_OFF_CLEARED_NOTE)

Progress = Callable[[int, int], object]


@dataclass(frozen=True)
class PlanLine:
    room_id: int
    room_code: str                  # "B1-101" ("" for a room that does not exist)
    status: str                     # "do" | "skip"
    reason: str = ""                # why it is skipped
    action: str = ""                # what will be done, in words ("Sockets: power off")
    note: str = ""                  # a warning that goes with a "do"
    meter_id: int | None = None
    account_id: int | None = None


@dataclass(frozen=True)
class OpPlan:
    op: str                         # one of OPERATIONS
    # branch_power {branch, mode}; subsidy {utility, amount_fen, memo}; free_quota {utility, amount, unit_price,
    # memo}; linkage {locked}; price_push {unit_price}
    params: dict[str, Any]
    lines: tuple[PlanLine, ...]
    made_at: datetime

    def count(self, status: str) -> int:
        return sum(1 for ln in self.lines if ln.status == status)

    @property
    def to_do(self) -> tuple[PlanLine, ...]:
        return tuple(ln for ln in self.lines if ln.status == DO)

    @property
    def skipped(self) -> tuple[PlanLine, ...]:
        return tuple(ln for ln in self.lines if ln.status == SKIP)


@dataclass(frozen=True)
class RoomResult:
    room_id: int
    room_code: str
    status: str                     # done | pending | failed | skipped | cancelled
    reason: str = ""                # why failed / skipped / cancelled, or "already … by this batch"
    command_id: int | None = None   # the meter command (branch power, linkage)
    operation_id: int | None = None  # the money operation (subsidy, water quota)
    entry_id: int | None = None     # its ledger entry
    purchase_id: int | None = None  # an electricity subsidy's credit or free energy in the outbox
    grant_id: int | None = None     # a free quota's grant (quota_grants)
    delivery: str = ""              # that credit: pending | delivered | failed ("" when there is none)
    repeated: bool = False          # found done (or under way) from an earlier run with this key


@dataclass(frozen=True)
class OpRun:
    op: str
    key: str
    plan: OpPlan
    results: tuple[RoomResult, ...]
    cancelled: bool
    at: datetime = field(default_factory=clock.now)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def finished(self) -> bool:
        """No room waits for its meter command any more."""
        return not any(r.status == PENDING for r in self.results)

    def result(self, room_id: int) -> RoomResult:
        return next(r for r in self.results if r.room_id == room_id)


# ----- what the store says of the rooms --------------------------------------------------------

@dataclass(frozen=True)
class _Facts:
    code: str
    building_id: int
    meter_id: int | None
    water_meter_id: int | None
    bus_id: int | None
    bus_enabled: bool
    status_word: int
    branch_states: tuple[int, int, int]
    accounts: dict[str, int]
    policy: bool

    @property
    def read_once(self) -> bool:
        """The meter has reported its state at least once (the words are 0 until its first reading)."""
        return bool(self.status_word or any(self.branch_states))


def _unique(room_ids: Iterable[int]) -> list[int]:
    ids = list(room_ids)
    if any(type(r) is not int for r in ids):
        raise InvalidInput("Rooms are given by their numbers (ids).")
    return list(dict.fromkeys(ids))


def _facts(s: Session, room_ids: Sequence[int]) -> dict[int, _Facts]:
    out: dict[int, _Facts] = {}
    for k in range(0, len(room_ids), _CHUNK):
        part = list(room_ids[k:k + _CHUNK])
        accounts: dict[int, dict[str, int]] = {}
        for rid, utility, aid in s.execute(select(Account.room_id, Account.utility, Account.id)
                                           .where(Account.room_id.in_(part))):
            accounts.setdefault(rid, {})[utility] = aid
        rows = s.execute(
            select(Room.id, Building.code, Room.number, Room.building_id, ElectricityMeter.id, WaterMeter.id,
                   ElectricityMeter.bus_id, BusRow.enabled, ElectricityMeter.status_word, ElectricityMeter.branch0_state,
                   ElectricityMeter.branch1_state, ElectricityMeter.branch2_state, BuildingPolicy.building_id)
            .join(Building, Building.id == Room.building_id)
            .outerjoin(ElectricityMeter, and_(ElectricityMeter.room_id == Room.id,
                                              ElectricityMeter.replaced_on.is_(None)))
            .outerjoin(WaterMeter, and_(WaterMeter.room_id == Room.id, WaterMeter.replaced_on.is_(None)))
            .outerjoin(BusRow, BusRow.id == ElectricityMeter.bus_id)
            .outerjoin(BuildingPolicy, BuildingPolicy.building_id == Room.building_id)
            .where(Room.id.in_(part))).all()
        for rid, code, number, building_id, mid, wid, bus_id, enabled, word, b0, b1, b2, policy in rows:
            out[rid] = _Facts(f"{code}-{number}", building_id, mid, wid, bus_id, bool(enabled), int(word or 0),
                              (int(b0 or 0), int(b1 or 0), int(b2 or 0)), accounts.get(rid, {}), policy is not None)
    return out


def _meter_skip(f: _Facts) -> str:
    """Why a command cannot go to the room's electricity meter ("" when it can)."""
    if f.meter_id is None:
        return NO_METER
    if f.bus_id is None:
        return NO_LINE
    if not f.bus_enabled:
        return LINE_OFF
    return ""


def _plan(store: Store, op: str, params: dict[str, Any], room_ids: Iterable[int],
          line_for: Callable[[int, _Facts], PlanLine]) -> OpPlan:
    ids = _unique(room_ids)
    with store.read() as s:
        facts = _facts(s, ids)
    lines = tuple(line_for(rid, facts[rid]) if rid in facts else PlanLine(rid, "", SKIP, NO_ROOM) for rid in ids)
    return OpPlan(op, params, lines, clock.now())


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not key.strip():
        raise InvalidInput("A batch needs a key, so that running it again does nothing twice.")
    if key != key.strip() or len(key) > MAX_BATCH_KEY:
        raise InvalidInput(f"A batch key has at most {MAX_BATCH_KEY} characters and no spaces around it.")
    return key


def _check_plan(plan: OpPlan, op: str) -> None:
    if not isinstance(plan, OpPlan) or plan.op != op:
        raise InvalidInput(f"This is not a plan for {op.replace('_', ' ')}; make the dry run first.")


def _run(plan: OpPlan, key: str, progress: Progress | None, cancel: threading.Event | None,
         do: Callable[[PlanLine], RoomResult]) -> OpRun:
    results: list[RoomResult] = []
    total = len(plan.lines)
    cancelled = False
    for ln in plan.lines:
        if ln.status == DO and cancel is not None and cancel.is_set():
            cancelled = True
            break
        if ln.status == SKIP:
            results.append(RoomResult(ln.room_id, ln.room_code, SKIPPED, ln.reason))
        else:
            try:
                results.append(do(ln))
            except DormWattError as exc:      # one room's refusal; the others go on
                results.append(RoomResult(ln.room_id, ln.room_code, FAILED, exc.message))
        if progress is not None:
            progress(len(results), total)
    for ln in plan.lines[len(results):]:
        results.append(RoomResult(ln.room_id, ln.room_code, SKIPPED if ln.status == SKIP else CANCELLED,
                                  ln.reason if ln.status == SKIP else CANCELLED_REASON))
    return OpRun(plan.op, key, plan, tuple(results), cancelled)


# ----- meter commands (branch power, linkage) ---------------------------------------------------

def _batch_commands(store: Store, action: str, key: str) -> dict[int, MeterCommand]:
    """room id -> the newest command of this batch for the room."""
    with store.read() as s:
        rows = s.scalars(select(MeterCommand).where(MeterCommand.action == action,
                                                    MeterCommand.params["batch"].as_string() == key)
                         .order_by(MeterCommand.id)).all()
        s.expunge_all()
    return {c.room_id: c for c in rows if c.room_id is not None}


def _command_result(ln: PlanLine, c: MeterCommand, *, repeated: bool) -> RoomResult:
    status = {"done": DONE, "failed": FAILED}.get(c.status, PENDING)
    reason = c.reason if status == FAILED else (ALREADY_REQUESTED if repeated else "")
    return RoomResult(ln.room_id, ln.room_code, status, reason or "", command_id=c.id, repeated=repeated)


def _run_commands(store: Store, actor: Actor, plan: OpPlan, key: str, action: str, permission: str,
                  params: dict[str, Any], progress: Progress | None, cancel: threading.Event | None) -> OpRun:
    key = _check_key(key)
    require(actor, permission)
    earlier = _batch_commands(store, action, key)

    def do(ln: PlanLine) -> RoomResult:
        prior = earlier.get(ln.room_id)
        if prior is not None:
            asked = {k: v for k, v in (prior.params or {}).items() if k != "batch"}
            if asked != params:
                return RoomResult(ln.room_id, ln.room_code, FAILED,
                                  f"The batch key {key} was already used for a different command on this room; "
                                  "nothing was sent. Use a new key.", command_id=prior.id)
            if prior.status != "failed":
                return _command_result(ln, prior, repeated=True)
        cid = commands.request(store, actor, room_id=ln.room_id, action=action, batch=key, **params)
        return RoomResult(ln.room_id, ln.room_code, PENDING, command_id=cid)

    return _run(plan, key, progress, cancel, do)


def plan_branch_power(store: Store, actor: Actor, room_ids: Iterable[int], *, branch: Branch | int,
                      mode: ForceMode | int) -> OpPlan:
    """Dry run of forcing `branch` to `mode` in each room (OPEN: power off; AUTO: back to the meter's
    rules; CLOSED: keep on). Skips rooms without a meter, with a meter off the lines, and those whose
    meter last reported the branch already so."""
    require(actor, "meter.control")
    try:
        b, m = Branch(branch), ForceMode(mode)
    except ValueError:
        raise InvalidInput("Choose a branch (lighting, sockets or air conditioning) and what to do with it.") from None
    word = BRANCH_WORDS[b]
    forced = BranchState.FORCED_OPEN | BranchState.FORCED_CLOSED
    want = {ForceMode.OPEN: BranchState.FORCED_OPEN, ForceMode.CLOSED: BranchState.FORCED_CLOSED}.get(m)

    def line(rid: int, f: _Facts) -> PlanLine:
        why = _meter_skip(f)
        if why:
            return PlanLine(rid, f.code, SKIP, why, meter_id=f.meter_id)
        state = BranchState(f.branch_states[int(b)])
        if f.read_once and ((want is not None and state & want) or (want is None and not state & forced)):
            return PlanLine(rid, f.code, SKIP, {ForceMode.OPEN: f"The {word} branch is already forced off.",
                                                ForceMode.CLOSED: f"The {word} branch is already kept on.",
                                                ForceMode.AUTO: f"The {word} branch already follows the meter's "
                                                                "own rules."}[m], meter_id=f.meter_id)
        # one whole sentence per mode, the branch word its only value (both translated: tr_message)
        return PlanLine(rid, f.code, DO, action={ForceMode.OPEN: f"Power off the {word} branch.",
                                                 ForceMode.AUTO: f"Give the {word} branch back to the meter's "
                                                                 "own rules.",
                                                 ForceMode.CLOSED: f"Keep the {word} branch on whatever "
                                                                   "happens."}[m], meter_id=f.meter_id)

    return _plan(store, "branch_power", {"branch": int(b), "mode": m.name}, room_ids, line)


def run_branch_power(store: Store, actor: Actor, plan: OpPlan, *, key: str, progress: Progress | None = None,
                     cancel: threading.Event | None = None) -> OpRun:
    """One branch-power command per room of the plan (`commands.request_branch_power`'s command, with the
    batch key in its params); the rooms end "pending" until `follow` sees the runtime finish them."""
    _check_plan(plan, "branch_power")
    params = {"branch": int(Branch(plan.params["branch"])), "mode": ForceMode[plan.params["mode"]].name}
    return _run_commands(store, actor, plan, key, "branch_power", commands.ACTIONS["branch_power"][1], params,
                         progress, cancel)


def plan_linkage(store: Store, actor: Actor, room_ids: Iterable[int], *, locked: bool) -> OpPlan:
    """Dry run of setting the water–electricity linkage lock (electricity off until water is paid) on or
    off in each room. Skips rooms without a reachable meter and those whose meter last said so already;
    warns where billing will set it back (a building with a prepaid policy)."""
    require(actor, commands.ACTIONS["linkage"][1])
    if not isinstance(locked, bool):
        raise InvalidInput("Say whether the linkage lock is to be set or released.")

    def line(rid: int, f: _Facts) -> PlanLine:
        why = _meter_skip(f)
        if why:
            return PlanLine(rid, f.code, SKIP, why, meter_id=f.meter_id)
        if f.read_once and linkage_locked(f.status_word) == locked:
            return PlanLine(rid, f.code, SKIP, "The linkage lock is already set." if locked else
                            "The linkage lock is already released.", meter_id=f.meter_id)
        return PlanLine(rid, f.code, DO, action="Set the linkage lock." if locked else "Release the linkage lock.",
                        note=LINKAGE_POLICY_NOTE if f.policy else "", meter_id=f.meter_id)

    return _plan(store, "linkage", {"locked": locked}, room_ids, line)


def run_linkage(store: Store, actor: Actor, plan: OpPlan, *, key: str, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> OpRun:
    """One "linkage" command per room of the plan (see `run_branch_power`)."""
    _check_plan(plan, "linkage")
    return _run_commands(store, actor, plan, key, "linkage", commands.ACTIONS["linkage"][1],
                         {"locked": bool(plan.params["locked"])}, progress, cancel)


# ----- price push --------------------------------------------------------------------------------

def plan_price_push(store: Store, actor: Actor, room_ids: Iterable[int]) -> OpPlan:
    """Dry run of writing the electricity price in force (and the rest of the §5 prepaid block) to each
    room's meter again. The service writes it to a meter it does not know to hold it; this is for the
    meters it believes hold it but may not (a meter reset or set by hand at the meter, a replacement's
    settings in doubt). Skips rooms without a reachable meter. No tariff in force: InvalidInput."""
    require(actor, commands.ACTIONS["prepaid"][1])
    with store.read() as s:
        price = price_at(s, "electricity", clock.now())
    if not price:
        raise InvalidInput("No electricity tariff is in force: there is no price to write to the meters.")

    def line(rid: int, f: _Facts) -> PlanLine:
        why = _meter_skip(f)
        if why:
            return PlanLine(rid, f.code, SKIP, why, meter_id=f.meter_id)
        return PlanLine(rid, f.code, DO, meter_id=f.meter_id,
                        action=f"Write the price {price / 10000:.4f} CNY/kWh and the prepaid settings to the meter.")

    return _plan(store, "price_push", {"unit_price": int(price)}, room_ids, line)


def run_price_push(store: Store, actor: Actor, plan: OpPlan, *, key: str, progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> OpRun:
    """One "prepaid" command per room of the plan, with the price the dry run found (see `run_branch_power`)."""
    _check_plan(plan, "price_push")
    return _run_commands(store, actor, plan, key, "prepaid", commands.ACTIONS["prepaid"][1],
                         {"unit_price": int(plan.params["unit_price"])}, progress, cancel)


# ----- subsidy -----------------------------------------------------------------------------------

UTILITIES = ("electricity", "water")


def room_key(key: str, room_id: int) -> str:
    """The ledger's idempotency key of one room's part of the batch `key`."""
    return f"{key}-room{room_id}"


def plan_subsidy(store: Store, actor: Actor, room_ids: Iterable[int], *, utility: str, amount: Money,
                 memo: str = "") -> OpPlan:
    """Dry run of granting `amount` to each room's `utility` account. Skips rooms without that account
    (nobody was ever checked in) and, for electricity, rooms without a meter to take the money."""
    require(actor, "money.subsidy")
    if utility not in UTILITIES:
        raise InvalidInput("A subsidy goes to the electricity or the water account.")
    if not isinstance(amount, Money):
        raise InvalidInput("Give the subsidy as an amount of money.")
    amount.positive("A subsidy")
    memo = (memo or "").strip()[:255]

    def line(rid: int, f: _Facts) -> PlanLine:
        acc = f.accounts.get(utility)
        if acc is None:
            return PlanLine(rid, f.code, SKIP, NO_ACCOUNT)
        if utility == "electricity" and f.meter_id is None:
            return PlanLine(rid, f.code, SKIP, "This room has no electricity meter; the money could not reach "
                                               "the room.", account_id=acc)
        return PlanLine(rid, f.code, DO, action=f"Subsidy of {amount.display()} to the {utility} account.",
                        meter_id=f.meter_id if utility == "electricity" else None, account_id=acc)

    return _plan(store, "subsidy", {"utility": utility, "amount_fen": amount.fen, "memo": memo}, room_ids, line)


def _meter_credit(room_id: int, amount: Money) -> Callable[[Session, int, tuple[PostedEntry, ...]], dict]:
    """The electricity subsidy's credit for the meter, in the outbox with the entry (as a recharge's)."""
    def after(s: Session, _operation_id: int, entries: tuple[PostedEntry, ...]) -> dict:
        meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id,
                                                           ElectricityMeter.replaced_on.is_(None)))
        if meter is None:
            raise InvalidInput("This room has no electricity meter; the money could not reach the room. "
                               "Nothing was posted.")
        p = Purchase(meter_id=meter, ledger_entry_id=entries[0].id, kind=PURCHASE_MONEY, amount=amount.fen,
                     status="pending")
        s.add(p)
        s.flush()
        events.stage(s, "purchase_state_changed", rooms={room_id}, ids=[p.id])
        return {"purchase_id": p.id}
    return after


def run_subsidy(store: Store, actor: Actor, plan: OpPlan, *, key: str, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> OpRun:
    """Post the plan's subsidy to each room, each under `room_key(key, room_id)`; an electricity subsidy
    is queued for the meter in the same transaction. Rooms end "done" (posted) or "failed"."""
    _check_plan(plan, "subsidy")
    key = _check_key(key)
    require(actor, "money.subsidy")
    utility, amount, memo = plan.params["utility"], Money(int(plan.params["amount_fen"])), plan.params["memo"]
    amount.positive("A subsidy")
    ledger = Ledger(store)

    def do(ln: PlanLine) -> RoomResult:
        if ln.account_id is None:
            raise InvalidInput(NO_ACCOUNT)
        rkey = room_key(key, ln.room_id)
        res: OperationResult
        if utility == "electricity":
            res = ledger.post(actor, rkey, "subsidy", [Line(ln.account_id, "subsidy", amount, memo=memo)],
                              after=_meter_credit(ln.room_id, amount))
        else:
            res = ledger.subsidy(actor, ln.account_id, amount, key=rkey, memo=memo)
        purchase = res.extra.get("purchase_id")
        return RoomResult(ln.room_id, ln.room_code, DONE, ALREADY_POSTED if res.replayed else "",
                          operation_id=res.operation_id, entry_id=res.entry.id, purchase_id=purchase,
                          delivery=PENDING if purchase is not None else "", repeated=res.replayed)

    return _run(plan, key, progress, cancel, do)


# ----- free quota --------------------------------------------------------------------------------

# How a free quota is typed: electricity in kWh (stored in 0.01 kWh), water in whole litres.
FREE_QUOTA_UNITS = {"electricity": ("kWh", 100), "water": ("L", 1)}
MAX_FREE_QUOTA = 10**9      # stored units, as for a quota rule
_TYPED_QUOTA = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)
# Full-width digits and dot, and the ideographic full stop a Chinese input method types for ".", read
# as ASCII (as Money.parse reads them).
_FULL_WIDTH = {**{0xFF10 + d: ord("0") + d for d in range(10)}, 0xFF0E: ord("."), 0x3002: ord(".")}


def quota_key(key: str, room_id: int) -> str:
    """The key of one room's free quota grant of the batch `key` (the grant's, and a water grant's ledger key)."""
    return f"{key}-quota{room_id}"


def parse_free_quota(utility: str, text: str) -> int:
    """A free quota as typed, in stored units: kWh with at most two decimals for electricity ("12.5" ->
    1250, in 0.01 kWh), whole litres for water ("500" -> 500). Full-width digits and dots are read as
    ASCII and the unit may follow the number. Nothing is guessed at: "12,5", "1e3", a third decimal, a
    part of a litre, zero or less raise InvalidAmount saying what is accepted; a float raises TypeError."""
    if utility not in UTILITIES:
        raise InvalidInput("Free quota is granted on electricity or on water.")
    if not isinstance(text, str):
        raise TypeError(f"parse_free_quota takes text, not {type(text).__name__}")
    unit, scale = FREE_QUOTA_UNITS[utility]
    shown = text.strip()
    cleaned = shown.translate(_FULL_WIDTH)
    if cleaned.lower().endswith(unit.lower()):
        cleaned = cleaned[:-len(unit)].strip()
    if not cleaned:
        raise InvalidAmount("Enter the free quota per room.")
    if not _TYPED_QUOTA.fullmatch(cleaned):
        if utility == "electricity":
            raise InvalidAmount(f"“{shown}” is not an amount of energy: type the kWh as digits with an optional "
                                "decimal point and at most two decimals, such as 12.5.")
        raise InvalidAmount(f"“{shown}” is not a number of litres: type whole litres as digits, such as 500.")
    stored = Decimal(cleaned) * scale
    if stored != stored.to_integral_value():
        if utility == "electricity":
            raise InvalidAmount(f"“{shown}” has more than two decimals; the meter counts 0.01 kWh.")
        raise InvalidAmount(f"“{shown}” is not a whole number of litres.")
    if stored <= 0:
        raise InvalidAmount("The free quota must be more than zero.")
    if stored > MAX_FREE_QUOTA:
        raise InvalidAmount(f"“{shown}” is more than any room could use.")
    return int(stored)


def free_quota_text(utility: str, amount: int) -> str:
    """A free quota in stored units as a person reads it: 1250 electricity -> "12.5 kWh", 500 water -> "500 L"."""
    return quota.amount_text(utility, amount) if utility == "electricity" else f"{amount} L"


def plan_free_quota(store: Store, actor: Actor, room_ids: Iterable[int], *, utility: str, amount: int,
                    memo: str = "") -> OpPlan:
    """Dry run of a one-off free quota of `amount` for each room: 0.01 kWh of free energy on the meter
    for electricity, litres for water (worth their price at the water tariff in force now, which the
    run keeps). Skips rooms without the utility's meter (for electricity: or with it off the lines or on
    a line switched off) and rooms without the utility's account. Every line notes that the grant does
    not expire; an electricity line warns where a rule's kind-4 clear will take what is left of it. Bad
    input: InvalidInput / InvalidAmount, nothing written."""
    require(actor, "quota.change")
    if utility not in UTILITIES:
        raise InvalidInput("Free quota is granted on electricity or on water.")
    if type(amount) is not int:
        raise InvalidInput("Give the free quota in 0.01 kWh or in litres, as a whole number (see parse_free_quota).")
    if amount <= 0:
        raise InvalidAmount("The free quota must be more than zero.")
    if amount > MAX_FREE_QUOTA:
        raise InvalidAmount("That is more free quota than any room could use.")
    memo = (memo or "").strip()[:255]
    shown = free_quota_text(utility, amount)
    today = clock.today()
    with store.read() as s:
        price = price_at(s, "water", clock.now()) if utility == "water" else 0
        clearing = set(s.scalars(select(QuotaRule.building_id).where(
            QuotaRule.utility == "electricity", QuotaRule.carry_over.is_(False),
            QuotaRule.valid_to.is_(None) | (QuotaRule.valid_to >= today))))
    worth = Money(quota.litres_to_fen(amount, price))
    if utility == "water" and not price:
        raise InvalidInput("No water tariff is in force: the litres have no worth to grant.")
    if utility == "water" and not worth.fen:
        raise InvalidAmount(f"{shown} is worth less than 0.01 CNY at the water tariff in force; nothing would be "
                            "granted.")

    def line(rid: int, f: _Facts) -> PlanLine:
        acc = f.accounts.get(utility)
        if utility == "electricity":
            why = _meter_skip(f)
            if why:
                return PlanLine(rid, f.code, SKIP, why, meter_id=f.meter_id, account_id=acc)
            if acc is None:
                return PlanLine(rid, f.code, SKIP, NO_ACCOUNT, meter_id=f.meter_id)
            cleared = None in clearing or f.building_id in clearing
            return PlanLine(rid, f.code, DO, action=f"Free quota of {shown}, as free energy on the meter.",
                            note=ONE_OFF_CLEARED_NOTE if cleared else ONE_OFF_NOTE, meter_id=f.meter_id,
                            account_id=acc)
        if f.water_meter_id is None:
            return PlanLine(rid, f.code, SKIP, NO_WATER_METER, account_id=acc)
        if acc is None:
            return PlanLine(rid, f.code, SKIP, NO_ACCOUNT)
        return PlanLine(rid, f.code, DO, action=f"Free quota of {shown}, worth {worth.display()} at {yuan(price)} "
                                                "CNY/m³, to the water account.", note=ONE_OFF_NOTE, account_id=acc)

    return _plan(store, "free_quota", {"utility": utility, "amount": amount, "unit_price": int(price), "memo": memo},
                 room_ids, line)


def run_free_quota(store: Store, actor: Actor, plan: OpPlan, *, key: str, progress: Progress | None = None,
                   cancel: threading.Event | None = None) -> OpRun:
    """Grant the plan's free quota to each room, each under `quota_key(key, room_id)`, in a transaction
    of its own: electricity as a free-energy purchase in the outbox (audit `quota.grant`), water as a
    subsidy entry (the ledger's `ledger.subsidy`), recorded as a grant without a rule. Rooms end "done"
    (granted; an electricity grant's `delivery` follows its purchase) or "failed"."""
    _check_plan(plan, "free_quota")
    key = _check_key(key)
    require(actor, "quota.change")
    utility, amount = plan.params["utility"], int(plan.params["amount"])
    unit_price, memo = int(plan.params["unit_price"]), plan.params["memo"]
    if utility not in UTILITIES or amount <= 0:
        raise InvalidInput("This is not a plan for free quota; make the dry run first.")

    def do(ln: PlanLine) -> RoomResult:
        def grant() -> RoomResult:
            return _grant_once(store, actor, ln, quota_key(key, ln.room_id), key, utility, amount, unit_price, memo)

        try:
            return retry.run(grant)
        except IntegrityError:      # another workstation granted under this key at the same moment
            return retry.run(grant)

    return _run(plan, key, progress, cancel, do)


def _grant_once(store: Store, actor: Actor, ln: PlanLine, gkey: str, key: str, utility: str, amount: int,
                unit_price: int, memo: str) -> RoomResult:
    with store.write() as s:
        prior = s.scalar(select(QuotaGrant).where(QuotaGrant.idempotency_key == gkey))
        if prior is not None:
            if (prior.utility, int(prior.amount)) != (utility, amount):
                return RoomResult(ln.room_id, ln.room_code, FAILED,
                                  f"The batch key {key} was already used for a different free quota on this room; "
                                  "nothing was granted. Use a new key.", grant_id=prior.id)
            return RoomResult(ln.room_id, ln.room_code, DONE, ALREADY_POSTED, entry_id=prior.ledger_entry_id,
                              purchase_id=prior.purchase_id, grant_id=prior.id,
                              delivery=PENDING if prior.purchase_id is not None else "", repeated=True)
        g = QuotaGrant(rule_id=None, utility=utility, idempotency_key=gkey, room_id=ln.room_id,
                       period_key=clock.today().isoformat(), amount=amount, granted_at=clock.now())
        operation = None
        if utility == "electricity":
            g.purchase_id = quota.free_energy_in(s, ln.room_id, amount)
            if g.purchase_id is None:
                raise InvalidInput("This room has no electricity meter; nothing was granted.")
            events.stage(s, "purchase_state_changed", rooms={ln.room_id}, ids=[g.purchase_id])
        else:
            res = quota.water_quota_in(s, actor, ln.room_id, quota.litres_to_fen(amount, unit_price), key=gkey,
                                       memo=memo or f"free water quota {amount} L")
            if res is None:
                raise InvalidInput(NO_ACCOUNT)
            g.ledger_entry_id, operation = res.entry.id, res.operation_id
        s.add(g)
        s.flush()
        if utility == "electricity":       # a water grant's record is the ledger's own
            audit.record(s, actor, "quota.grant", "quota_grant", g.id, None, {
                "room": ln.room_id, "utility": utility, "amount": amount, "purchase": g.purchase_id, "key": gkey,
                "memo": memo})
        return RoomResult(ln.room_id, ln.room_code, DONE, operation_id=operation, entry_id=g.ledger_entry_id,
                          purchase_id=g.purchase_id, grant_id=g.id,
                          delivery=PENDING if g.purchase_id is not None else "")


# ----- following ---------------------------------------------------------------------------------

def follow(store: Store, run: OpRun) -> OpRun:
    """The run with what its meter commands and meter credits have become since (see the module text)."""
    cids = [r.command_id for r in run.results if r.command_id is not None and r.status == PENDING]
    pids = [r.purchase_id for r in run.results if r.purchase_id is not None and r.delivery == PENDING]
    if not cids and not pids:
        return run
    cmds: dict[int, tuple[str, str, datetime]] = {}
    buys: dict[int, str] = {}
    with store.read() as s:
        for k in range(0, len(cids), _CHUNK):
            cmds.update({i: (st, reason, at) for i, st, reason, at in s.execute(
                select(MeterCommand.id, MeterCommand.status, MeterCommand.reason, MeterCommand.created_at)
                .where(MeterCommand.id.in_(cids[k:k + _CHUNK])))})
        for k in range(0, len(pids), _CHUNK):
            buys.update(dict(s.execute(select(Purchase.id, Purchase.status)
                                       .where(Purchase.id.in_(pids[k:k + _CHUNK]))).all()))
    stale = [i for i, (st, _r, at) in cmds.items() if st == "pending" and at < clock.now() - commands.PENDING_TTL]
    if stale and commands.expire(store, stale, reason="no meter service carried it out in time"):
        with store.read() as s:
            cmds.update({i: (st, reason, at) for i, st, reason, at in s.execute(
                select(MeterCommand.id, MeterCommand.status, MeterCommand.reason, MeterCommand.created_at)
                .where(MeterCommand.id.in_(stale)))})
    out = []
    for r in run.results:
        if r.command_id in cmds and r.status == PENDING:
            st, reason, _at = cmds[r.command_id]
            if st == "done":
                r = replace(r, status=DONE)
            elif st == "failed":
                r = replace(r, status=FAILED, reason=reason or "The meter did not carry out the command.")
        if r.purchase_id in buys and r.delivery == PENDING:
            r = replace(r, delivery=buys[r.purchase_id])
        out.append(r)
    return replace(run, results=tuple(out))
