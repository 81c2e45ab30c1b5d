"""Commands for meters, as operations: an actor, a permission, an audit record and an event.

A command is a row (db.models.MeterCommand) written by whoever asks — a clerk's window, the
scheduler, billing ("system") — and carried out by the runtime that owns the meter's bus, in this
process or another one on another machine (command_runner.py). `wait` follows the row until it is
done or failed; a command nobody carried out in time is failed, never carried out late (a power-off
an hour after the clerk gave up would surprise everyone).

What a caller may rely on:
- `request_*` validate, check the permission, record the audit and return the command id; nothing
  reaches the wire before the row is committed;
- `wait(store, id, timeout)` returns the finished `CommandView`, raises `CommandFailed` with the
  meter's or the runtime's reason, or `CommandTimedOut` (and then the command will not run);
- `release_alarm_trips` releases what trip alarms name, one command per room, and waits for them.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from app import audit, clock, events
from app.access import Actor, require
from app.errors import DormWattError, InvalidInput, NotFound
from app.metering.runtime.vocabulary import BRANCHES, Branch, alarm_branch
from db.engine import Store
from db.models import Alarm, ElectricityMeter, MeterCommand, WaterMeter
from drivers.ddsy_records import ForceMode

# action -> (meter kind, permission)
ACTIONS = {
    "branch_power": ("ddsy", "meter.control"),      # params: branch, mode (ForceMode name)
    "release_trips": ("ddsy", "meter.control"),     # params: branches
    "linkage": ("ddsy", "money.consume"),           # params: locked   (billing's water-arrears lock)
    "prepaid": ("ddsy", "meter.control"),           # params: unit_price (0.0001 CNY/kWh): the §5 block written again
    "valve": ("lxsy", "meter.control"),             # params: open
    "load_open": ("ddsy", "loads.enforce"),         # params: branch, appliance (the host's second line)
    "load_release": ("ddsy", "loads.enforce"),      # params: branches, appliance (a whitelisted appliance tripped)
}
FINAL = ("done", "failed")
PENDING_TTL = timedelta(seconds=60)     # a command not started within this is failed, never run late
RUNNING_GRACE = timedelta(seconds=35)   # a started command's bus timeout (30 s) and a little more


class CommandFailed(DormWattError):
    """The meter or the runtime refused or could not carry out a command."""


class CommandTimedOut(CommandFailed):
    """No runtime finished the command in time; it will not be carried out."""


@dataclass(frozen=True)
class CommandView:
    id: int
    action: str
    room_id: int | None
    status: str
    reason: str
    created_at: datetime
    finished_at: datetime | None


def _view(c: MeterCommand) -> CommandView:
    return CommandView(c.id, c.action, c.room_id, c.status, c.reason, c.created_at, c.finished_at)


def request(store: Store, actor: Actor, *, room_id: int, action: str, **params) -> int:
    """Ask for `action` on the room's meter; returns the command id (see module doc)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown meter command {action!r}")
    kind, permission = ACTIONS[action]
    require(actor, permission)
    model = ElectricityMeter if kind == "ddsy" else WaterMeter
    with store.write() as s:
        meter = s.scalar(select(model).where(model.room_id == room_id, model.replaced_on.is_(None)))
        if meter is None:
            what = "electricity" if kind == "ddsy" else "water"
            raise NotFound(f"This room has no {what} meter.")
        if meter.bus_id is None:
            raise InvalidInput("This room's meter is not on any line yet; assign it to a bus first.")
        cmd = MeterCommand(operator_id=actor.id, room_id=room_id, meter_kind=kind, meter_id=meter.id,
                           bus_id=meter.bus_id, action=action, params=params, status="pending",
                           created_at=clock.now())
        s.add(cmd)
        s.flush()
        audit.record(s, actor, f"meter.{action}", "meter_command", cmd.id, None,
                     {"room": room_id, "meter": meter.id, **params})
        events.stage(s, "meter_command", rooms={room_id}, ids=[cmd.id], bus=meter.bus_id)
        return cmd.id


def request_branch_power(store: Store, actor: Actor, room_id: int, branch: Branch, mode: ForceMode) -> int:
    """Power a branch off (OPEN), keep it on whatever happens (CLOSED) or give it back to the meter's
    own rules (AUTO)."""
    return request(store, actor, room_id=room_id, action="branch_power", branch=int(Branch(branch)),
                   mode=ForceMode(mode).name)


def request_release_trips(store: Store, actor: Actor, room_id: int, branches: Iterable[Branch] = BRANCHES) -> int:
    chosen = sorted({int(Branch(b)) for b in branches})
    if not chosen:
        raise InvalidInput("Choose at least one branch to release.")
    return request(store, actor, room_id=room_id, action="release_trips", branches=chosen)


def request_load_open(store: Store, actor: Actor, room_id: int, branch: Branch, appliance: str) -> int:
    """The host's matcher named a blocked appliance the meter let through: force the branch open."""
    return request(store, actor, room_id=room_id, action="load_open", branch=int(Branch(branch)), appliance=appliance)


def request_load_release(store: Store, actor: Actor, room_id: int, branch: Branch, appliance: str) -> int:
    """The meter tripped an appliance the matcher names as allowed, and the profile releases it."""
    return request(store, actor, room_id=room_id, action="load_release", branches=[int(Branch(branch))],
                   appliance=appliance)


def request_valve(store: Store, actor: Actor, room_id: int, open_: bool) -> int:
    return request(store, actor, room_id=room_id, action="valve", open=bool(open_))


def get(store: Store, command_id: int) -> CommandView:
    with store.read() as s:
        c = s.get(MeterCommand, command_id)
        if c is None:
            raise NotFound(f"No meter command {command_id}.")
        return _view(c)


def expire(store: Store, command_ids: Iterable[int] | None = None, *, reason: str) -> int:
    """Fail pending commands older than PENDING_TTL (or exactly these, if still pending)."""
    with store.write() as s:
        q = update(MeterCommand).where(MeterCommand.status == "pending")
        if command_ids is not None:
            q = q.where(MeterCommand.id.in_(list(command_ids)))
        else:
            q = q.where(MeterCommand.created_at < clock.now() - PENDING_TTL)
        rows = s.execute(q.values(status="failed", reason=reason[:255], finished_at=clock.now())
                         .returning(MeterCommand.id, MeterCommand.room_id)).all()
        if rows:
            events.stage(s, "meter_command", rooms={r for _, r in rows}, ids=[i for i, _ in rows])
        return len(rows)


def wait(store: Store, command_id: int, timeout: float = 30.0) -> CommandView:
    """Follow the command until it is finished (see module doc). Woken by the hub, polled as well."""
    woken = threading.Event()
    unsubscribe = events.hub(store).subscribe(
        lambda e: woken.set() if command_id in e.ids else None, "meter_command")
    try:
        deadline = clock.now() + timedelta(seconds=timeout)
        started_late = False
        while True:
            view = get(store, command_id)
            if view.status in FINAL:
                break
            left = (deadline - clock.now()).total_seconds()
            if left <= 0:
                if expire(store, [command_id], reason="no meter service carried it out in time"):
                    raise CommandTimedOut("The meter service did not carry out the command in time; it was "
                                          "cancelled. Check that the line is connected and the service runs.")
                if started_late:
                    raise CommandTimedOut("The meter has not answered the command yet; look at the room again "
                                          "in a minute.")
                started_late = True     # it is on the wire now: give the bus its own timeout to finish
                deadline = clock.now() + RUNNING_GRACE
                continue
            woken.wait(min(left, 0.5))
            woken.clear()
    finally:
        unsubscribe()
    if view.status == "failed":
        raise CommandFailed(view.reason or "The meter did not carry out the command.")
    return view


def release_alarm_trips(store: Store, actor: Actor, alarm_ids: Iterable[int],
                        timeout: float = 30.0) -> tuple[set[int], list[str]]:
    """Release the trips that these alarms name: one command per room, for the branches their events
    named (every branch when an alarm names none); waits for each. Returns the rooms released and the
    distinct reasons of those that were not (English templates, for `tr_message`)."""
    ids = sorted(set(alarm_ids))
    if not ids:
        return set(), []
    with store.read() as s:
        rows = s.execute(select(Alarm.room_id, Alarm.details).where(Alarm.id.in_(ids))).all()
    per_room: dict[int, set[int]] = {}
    for room_id, details in rows:
        if room_id is None:
            continue
        branch = alarm_branch(details)
        per_room.setdefault(room_id, set()).update(BRANCHES if branch is None else (branch,))
    done: set[int] = set()
    errors: list[str] = []
    for room_id, wanted in sorted(per_room.items()):
        try:
            wait(store, request_release_trips(store, actor, room_id, sorted(wanted)), timeout)
            done.add(room_id)
        except DormWattError as exc:
            if exc.message not in errors:
                errors.append(exc.message)
    return done, errors
