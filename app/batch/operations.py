"""Operations on a selection of rooms: branch power, subsidy grant, linkage lock, price push — dry run, run,
follow.

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
  `ledger.subsidy` for a subsidy): nothing is recorded twice.
- Idempotent by `key`: running the same plan (or a new plan of the same operation) with the same key
  again does nothing twice. A subsidy posts under the room's key `f"{key}-room{room_id}"` (the ledger
  replays it: no second entry, no second purchase for the meter). A meter command carries the key in
  its params (`MeterCommand.params["batch"]`): a room with a command of this batch that is pending,
  running or done is not asked again (its command is followed); one whose command failed is asked
  again. A key reused for different parameters (another amount, another branch) fails those rooms
  with a sentence saying so; nothing is posted or sent for them.
- `follow(store, run) -> OpRun` reads what became of the run's commands (pending / done / failed with
  the meter's or the runtime's reason) and of a subsidy's credit on the electricity meter
  (`RoomResult.delivery`: pending / delivered / failed). A command of the run still pending after
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
- free quota is not offered (`NOT_OFFERED` says why).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from app import clock, events
from app.access import Actor, require
from app.counter.ledger import Ledger, Line, OperationResult, PostedEntry
from app.counter.money import Money
from app.counter.payments import PURCHASE_MONEY
from app.errors import DormWattError, InvalidInput
from app.metering.runtime import commands
from app.metering.runtime.vocabulary import BRANCH_WORDS, Branch, linkage_locked
from app.metering.tariffs import price_at
from db.engine import Store
from db.models import (
    Account,
    Building,
    BuildingPolicy,
    ElectricityMeter,
    MeterCommand,
    Purchase,
    Room,
)
from db.models import Bus as BusRow
from drivers.ddsy_records import BranchState, ForceMode

OPERATIONS = ("branch_power", "subsidy", "linkage", "price_push")
NOT_OFFERED = {
    "free_quota": "Free quota is granted only by the quota rules (app.metering.quota.run_quota: every room of a "
                  "rule's scope, once per period, recorded as a grant of that rule); there is no one-off grant to "
                  "chosen rooms. Use a subsidy, or add a rule.",
}
MAX_BATCH_KEY = 60          # a room's ledger key is f"{key}-room{room_id}": at most 80 characters
_CHUNK = 500                # ids per IN (…) list

DO, SKIP = "do", "skip"
DONE, PENDING, FAILED, SKIPPED, CANCELLED = "done", "pending", "failed", "skipped", "cancelled"
RUN_STATUSES = (DONE, PENDING, FAILED, SKIPPED, CANCELLED)

NO_ROOM = "There is no such room."
NO_METER = "This room has no electricity meter."
NO_LINE = "This room's meter is not on any line yet; assign it to a bus first."
LINE_OFF = "This room's meter is on a line that is switched off; nobody would carry the command out."
CANCELLED_REASON = "The batch was cancelled before this room."
ALREADY_REQUESTED = "Already asked for by this batch; not asked again."
ALREADY_POSTED = "Already granted by this batch; not posted again."
LINKAGE_POLICY_NOTE = ("This building has a prepaid policy: billing sets the lock back to what the water balance "
                       "says at the room's next water reading.")
MODE_WORDS = {ForceMode.OPEN: "power off", ForceMode.AUTO: "back to the meter's own rules",
              ForceMode.CLOSED: "keep power on whatever happens"}
# The fixed texts of the room lines, for translation (resources/translations/extract.py reads this table)
ROOM_TEXTS = (NO_ROOM, NO_METER, NO_LINE, LINE_OFF, CANCELLED_REASON, ALREADY_REQUESTED, ALREADY_POSTED,
              LINKAGE_POLICY_NOTE)

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
    params: dict[str, Any]          # branch_power {branch, mode}; subsidy {utility, amount_fen, memo}; linkage {locked}
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
    operation_id: int | None = None  # the money operation (subsidy)
    entry_id: int | None = None     # its ledger entry
    purchase_id: int | None = None  # an electricity subsidy's credit in the outbox
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
    meter_id: int | None
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
            select(Room.id, Building.code, Room.number, ElectricityMeter.id, ElectricityMeter.bus_id, BusRow.enabled,
                   ElectricityMeter.status_word, ElectricityMeter.branch0_state, ElectricityMeter.branch1_state,
                   ElectricityMeter.branch2_state, BuildingPolicy.building_id)
            .join(Building, Building.id == Room.building_id)
            .outerjoin(ElectricityMeter, and_(ElectricityMeter.room_id == Room.id,
                                              ElectricityMeter.replaced_on.is_(None)))
            .outerjoin(BusRow, BusRow.id == ElectricityMeter.bus_id)
            .outerjoin(BuildingPolicy, BuildingPolicy.building_id == Room.building_id)
            .where(Room.id.in_(part))).all()
        for rid, code, number, mid, bus_id, enabled, word, b0, b1, b2, policy in rows:
            out[rid] = _Facts(f"{code}-{number}", mid, bus_id, bool(enabled), int(word or 0),
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
        return PlanLine(rid, f.code, DO, action=f"{word.capitalize()}: {MODE_WORDS[m]}.", meter_id=f.meter_id)

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
            return PlanLine(rid, f.code, SKIP, "This room has no account yet; check a student in first.")
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
            raise InvalidInput("This room has no account yet; check a student in first.")
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
