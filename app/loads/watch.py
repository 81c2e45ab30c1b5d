"""The host's second line of defence: every switch-on the meters log goes through the matcher.

`LoadWatch` runs inside `MeterRuntime` (so the window and `serve` both do it), on a thread of its
own: the recorder hands it each stored switch-on (event type 1) and malignant-load trip (type 3); it
classifies them in batches against the library in force, limited to what is in scope for the
room, and acts by the room's load-control profile:

- the meter let it through and the matcher names a blocked appliance → the branch is forced open
  through the runtime's audited commands (actor "system"), an urgent alarm, the identification
  recorded;
- the meter tripped it and the matcher names an allowed appliance → an alarm suggesting a whitelist
  entry, and a release of the trip when the profile says `auto_release`;
- an unknown step of at least the profile's `suspect_w` → a "suspect" alarm, nothing else;
- a step of at least `suspect_w` that conducts on one half-cycle → the branch forced open as for a
  blocked appliance (decide.half_wave), unless an allowed appliance fits it.

Every decision is one `LoadIdentification` row (reports read them). Nothing here touches the wire
directly; a failure to act is logged and the next event is handled all the same.
"""
from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from app import events
from app.access import Actor
from app.loads import profiles
from app.loads import store as library_store
from app.loads.decide import HostAction, MeterDecision, Outcome, outcome
from app.loads.features import Features
from app.loads.matcher import Matcher
from app.metering import alarms
from app.metering.runtime import commands
from app.metering.runtime.vocabulary import AlarmRule, Branch, branch_word
from db import retry
from db.engine import Store
from db.models import MeterEvent
from db.models_loads import LoadIdentification
from drivers.ddsy_records import EventAction, EventType

log = logging.getLogger(__name__)
EXAMINED = (EventType.SWITCH_ON, EventType.MALIGNANT_TRIP)
BATCH = 256

# What the host says, by what it did ("{a}" the appliance, "{b}" the branch word, "{p}" the step in W).
ALARMS = {
    HostAction.OPEN: AlarmRule("malignant_host", 3,
                               "DormWatt identified {a} on branch {b} (the meter let it through); the branch is off."),
    HostAction.SUGGEST_WHITELIST: AlarmRule("whitelist_suggest", 1,
                                            "The meter tripped {a} on branch {b}, an allowed appliance; consider "
                                            "a whitelist entry for this room."),
    HostAction.RELEASE: AlarmRule("whitelist_suggest", 1,
                                  "The meter tripped {a} on branch {b}, an allowed appliance; the branch was "
                                  "released automatically."),
    HostAction.SUSPECT: AlarmRule("suspect_load", 2,
                                  "An appliance DormWatt does not know switched on on branch {b} ({p} W)."),
}
# The host opened a branch for half-wave conduction (app/loads/decide.half_wave), whatever the matcher named.
HALF_WAVE_ALARM = AlarmRule("malignant_host", 3,
                            "DormWatt switched branch {b} off: a {p} W load drew current on one half-cycle only, "
                            "which no permitted appliance does (a hair dryer on low, a cheap induction cooker).")


@dataclass(frozen=True)
class Examined:
    """A stored switch-on handed over by the recorder."""

    event_row: int          # MeterEvent.id
    room_id: int | None
    meter_id: int
    branch: int
    type: int
    action: int
    slot: int
    features: Features


def meter_side(e: Examined) -> MeterDecision:
    """The meter's decision as its event record tells it."""
    slot = None if e.slot == 0xFFFF else e.slot
    return MeterDecision(True, EventAction(e.action), slot)


class LoadWatch:
    def __init__(self, store: Store, *, actor: Actor | None = None,
                 on_decided: Callable[[Examined, Outcome], None] | None = None) -> None:
        self.store = store
        self.actor = actor or Actor.system()
        self.on_decided = on_decided
        self._queue: queue.Queue[Examined | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._matcher: Matcher | None = None
        self.decided = 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="load-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
            self._thread = None

    def submit(self, item: Examined) -> None:
        self._queue.put(item)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                batch.append(more)
            try:
                self.handle(batch)
            except Exception:
                log.exception("load watch: a batch of %d switch-ons failed", len(batch))

    # ----- one batch ------------------------------------------------------------------------------

    def _current(self) -> tuple[Matcher | None, dict]:
        with self.store.read() as s:
            newest = library_store.newest_version(s)
            if newest and (self._matcher is None or self._matcher.version != newest):
                self._matcher = Matcher(library_store.current(s))
            rooms = profiles.resolve_rooms(s)
        return (self._matcher if newest else None), rooms

    def handle(self, batch: list[Examined]) -> list[Outcome]:
        matcher, rooms = self._current()
        if matcher is None:
            return []
        scopes = []
        for e in batch:
            room = rooms.get(e.room_id)
            b, r = (room.building_code, room.room_code) if room is not None else ("", "")
            scopes.append(frozenset(a.ident for a in matcher.library.in_scope(b, r)))
        matches = matcher.classify_many([e.features for e in batch], scopes)
        out = []
        for e, m in zip(batch, matches, strict=True):
            room = rooms.get(e.room_id)
            plan = (room.plan if room is not None else None) or profiles.LoadPlan()
            o = outcome(meter_side(e), m, f=e.features, auto_release=plan.auto_release, suspect_w=plan.suspect_w)
            named = m.allowed_fit if o.host in (HostAction.RELEASE, HostAction.SUGGEST_WHITELIST) else m.appliance
            self._act(e, o, named.verdict.value if named is not None else "", matcher.version)
            self.decided += 1
            if self.on_decided is not None:
                self.on_decided(e, o)
            out.append(o)
        return out

    def _act(self, e: Examined, o: Outcome, verdict: str, version: int) -> None:
        rule = HALF_WAVE_ALARM if o.half_wave else ALARMS.get(o.host)

        def record() -> None:
            with self.store.write() as s:
                if s.scalar(select(LoadIdentification.id).where(LoadIdentification.event_id == e.event_row)):
                    return          # decided before (a restart handed it over again)
                s.add(LoadIdentification(event_id=e.event_row, room_id=e.room_id, branch=e.branch,
                                         appliance=o.label[:64], verdict=verdict,
                                         distance=o.distance if o.distance != float("inf") else None,
                                         meter_action=o.meter.action.name.lower(), decision=o.decision.value,
                                         host_action=o.host.value, dp_w=e.features.dp, library_version=version))
                if rule is not None:
                    alarms.raise_alarm(s, rule.kind, level=rule.level, room_id=e.room_id, meter_id=e.meter_id,
                                       message=rule.message.format(a=o.label, b=branch_word(e.branch),
                                                                   p=e.features.dp),
                                       details={"branch": e.branch, "appliance": o.label, "event": e.event_row,
                                                "distance": None if o.distance == float("inf") else o.distance})
                events.stage(s, "loads_identified", rooms={e.room_id}, ids=[e.event_row])
        retry.run(record)
        if e.room_id is None:
            return
        try:
            if o.host is HostAction.OPEN:
                commands.request_load_open(self.store, self.actor, e.room_id, Branch(e.branch), o.label)
            elif o.host is HostAction.RELEASE:
                commands.request_load_release(self.store, self.actor, e.room_id, Branch(e.branch), o.label)
        except Exception:
            log.exception("load watch: could not act on room %s branch %s", e.room_id, e.branch)


def examined_from_row(row: MeterEvent, room_id: int | None) -> Examined | None:
    """The switch-on a stored event record describes (None for other events)."""
    if row.type not in EXAMINED or row.branch is None:
        return None
    p = row.payload or {}
    f = Features(dp=int(p.get("dp_w", 0)), pf=int(p.get("pf_milli", 0)), i3=int(p.get("i3_permille", 0)),
                 i5=int(p.get("i5_permille", 0)), thd=int(p.get("thd_permille", 0)), dq=p.get("dq_var"),
                 i7=p.get("i7_permille"), crest=p.get("crest_centi"), inrush=p.get("inrush_centi"),
                 fluctuation=p.get("fluctuation_permille"), power_after=p.get("power_after_w"))
    if f.dp < 20:
        return None
    return Examined(row.id, room_id, row.meter_id, row.branch, row.type, int(p.get("action", 0)),
                    int(p.get("slot", 0xFFFF)), f)
