"""A line's figures and its last frames, for the line panel: here or from another process.

`LineView` is what the panel shows of one bus: meters online/offline (and which are offline), errors
per minute by kind and the share of time the wire was busy over the last `RATE_WINDOW_S`, the last
error with its time, and the last frames on the wire (newest first, hex, with the reply latency).

- In the process that runs the bus, `LineWatch.view(bus_id)` (the runtime's `line_view`) makes one;
  it turns the port's frame trace on, and tracing stops `TRACE_TTL_S` after the last view (or at
  `release`), so a line nobody looks at costs nothing.
- For a bus another process runs (`python main.py serve`, another workstation), the window says it
  looks at the bus (`want_line`: a `LineViewRow` whose `wanted_until` it renews), the runtime that
  runs the bus (`LinePublisher`, one pass a second) traces it while the interest is fresh and writes
  its `LineView` as JSON into the same row; the window reads it back (`published`). Interest not
  renewed for `INTEREST_TTL` lapses and the owner stops tracing. No socket between processes.

`LineReader.read(bus_id)` does whichever applies; it requires `bus.change` (the lines page's right).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app import clock
from app.access import Actor, require
from app.metering.runtime.periodic import Periodic
from db.engine import Store
from db.models import Building, Room
from db.models_sync import LineViewRow

log = logging.getLogger(__name__)
FRAMES = 200                       # frames kept per traced line
RATE_WINDOW_S = 300.0              # errors per minute and wire busy: over the last five minutes
TRACE_TTL_S = 30.0                 # in-process: tracing stops this long after the last view
INTEREST_TTL = timedelta(seconds=30)
INTEREST_REFRESH_S = 10.0          # a window renews its interest this often
PUBLISH_S = 1.0
STALE_S = 5.0                      # a shared view that has not changed for this long is old
SKEW_S = 120.0                     # ... and one whose own time is this far behind, at first sight


@dataclass(frozen=True)
class FrameRow:
    """One traced frame: `direction` "out" (our request) or "in" (a reply, or none: `note`
    "timeout"); `latency_ms` from the end of the request to the end of the reply; `address` the
    meter the request was for (that of the request for a reply that never came)."""

    at: datetime
    direction: str
    hex: str
    latency_ms: float | None = None
    note: str = ""
    address: int | None = None


@dataclass(frozen=True)
class OfflineMeter:
    address: int
    kind: str                       # "ddsy" (electricity) or "lxsy" (water)
    room: str                       # room code, "" when not assigned
    last_error: str = ""


@dataclass(frozen=True)
class LineView:
    bus_id: int
    url: str
    at: datetime                                        # when it was taken
    port_open: bool
    online: int
    offline: int
    offline_meters: tuple[OfflineMeter, ...] = ()
    errors_per_min: dict[str, float] = field(default_factory=dict)   # by kind, over `window_s`
    errors_total: dict[str, int] = field(default_factory=dict)       # since the bus started
    wire_busy_pct: float = 0.0
    window_s: float = 0.0
    last_error: str = ""
    last_error_kind: str = ""
    last_error_at: datetime | None = None
    tracing: bool = False
    frames: tuple[FrameRow, ...] = ()                   # newest first

    def to_json(self) -> dict[str, Any]:
        return {
            "bus_id": self.bus_id, "url": self.url, "at": self.at.isoformat(), "port_open": self.port_open,
            "online": self.online, "offline": self.offline,
            "offline_meters": [[m.address, m.kind, m.room, m.last_error] for m in self.offline_meters],
            "errors_per_min": self.errors_per_min, "errors_total": self.errors_total,
            "wire_busy_pct": self.wire_busy_pct, "window_s": self.window_s, "last_error": self.last_error,
            "last_error_kind": self.last_error_kind,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
            "tracing": self.tracing,
            "frames": [[f.at.isoformat(), f.direction, f.hex, f.latency_ms, f.note, f.address] for f in self.frames],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LineView:
        return cls(
            bus_id=d["bus_id"], url=d["url"], at=datetime.fromisoformat(d["at"]), port_open=d["port_open"],
            online=d["online"], offline=d["offline"],
            offline_meters=tuple(OfflineMeter(*m) for m in d["offline_meters"]),
            errors_per_min=dict(d["errors_per_min"]), errors_total=dict(d["errors_total"]),
            wire_busy_pct=d["wire_busy_pct"], window_s=d["window_s"], last_error=d["last_error"],
            last_error_kind=d["last_error_kind"],
            last_error_at=datetime.fromisoformat(d["last_error_at"]) if d["last_error_at"] else None,
            tracing=d["tracing"],
            frames=tuple(FrameRow(datetime.fromisoformat(f[0]), *f[1:]) for f in d["frames"]),
        )


@dataclass(frozen=True)
class _Sample:
    t: float
    elapsed_s: float
    wire_s: float
    errors: dict[str, int]


class LineWatch:
    """The line views of one runtime's buses (see the module docstring). Thread-safe."""

    def __init__(self, runtime) -> None:
        self.runtime = runtime
        self._samples: dict[int, deque[_Sample]] = {}
        self._viewed: dict[int, float] = {}          # bus id -> monotonic time of the last view here
        self.shared: set[int] = set()                # buses windows elsewhere want (LinePublisher)
        self._lock = threading.Lock()

    def view(self, bus_id: int, *, here: bool = True) -> LineView:
        """The line's view now, its trace on from now (KeyError: this runtime does not run it).
        `here`: a window of this process asks (tracing lasts `TRACE_TTL_S` after its last look);
        else the publisher, for as long as the interest elsewhere lasts."""
        bus = self.runtime.buses[bus_id]
        now = time.monotonic()
        if here:
            with self._lock:
                self._viewed[bus_id] = now
        trace = bus.port.start_trace(FRAMES)
        self.settle()
        stats = bus.stats()
        per_min, busy, window = self._rates(bus_id, stats, now)
        refs = [r for r in self.runtime.meters.all() if r.bus_id == bus_id]
        links = {}
        for ref in refs:
            try:
                links[ref.address] = (ref, bus.link(ref.address))
            except KeyError:        # removed meanwhile
                continue
        offline = [(ref, link) for ref, link in links.values() if not link.online]
        rooms = _room_codes(self.runtime.store, {ref.room_id for ref, _l in offline if ref.room_id is not None})
        wall = clock.now()

        def at(t: float) -> datetime:
            return wall - timedelta(seconds=max(0.0, now - t))

        last = bus.port.last_error
        rows, asked = [], None
        for f in trace.frames():
            if f.direction == "out":
                asked = f.data[0] if f.data else None
            address = f.data[0] if f.data else asked
            rows.append(FrameRow(at(f.at), f.direction, f.data.hex(" "),
                                 None if f.latency_s is None else round(f.latency_s * 1000, 1), f.note, address))
        frames = tuple(reversed(rows))
        return LineView(
            bus_id=bus_id, url=bus.url, at=wall, port_open=stats.port_open,
            online=len(links) - len(offline), offline=len(offline),
            offline_meters=tuple(OfflineMeter(ref.address, ref.kind, rooms.get(ref.room_id, ""), link.last_error)
                                 for ref, link in sorted(offline, key=lambda p: p[0].address)),
            errors_per_min=per_min, errors_total=dict(stats.errors), wire_busy_pct=busy, window_s=window,
            last_error=last[2] if last else "", last_error_kind=last[1] if last else "",
            last_error_at=at(last[0]) if last else None, tracing=True, frames=frames)

    def _rates(self, bus_id: int, stats, now: float) -> tuple[dict[str, float], float, float]:
        sample = _Sample(now, stats.elapsed_s, stats.wire_s, dict(stats.errors))
        with self._lock:
            samples = self._samples.setdefault(bus_id, deque())
            if samples and samples[-1].elapsed_s > sample.elapsed_s:
                samples.clear()                      # the bus was restarted: its counters too
            if not samples:                          # its start: rates over its whole life until
                samples.append(_Sample(now - stats.elapsed_s, 0.0, 0.0, {}))   # the window is full
            samples.append(sample)
            while len(samples) > 2 and samples[1].t <= now - RATE_WINDOW_S:
                samples.popleft()
            base = samples[0]
        span = sample.elapsed_s - base.elapsed_s
        if span <= 0:
            return {}, 0.0, 0.0
        per_min = {k: round((n - base.errors.get(k, 0)) * 60.0 / span, 2) for k, n in sample.errors.items()
                   if n > base.errors.get(k, 0)}
        busy = min(100.0, max(0.0, 100.0 * (sample.wire_s - base.wire_s) / span))
        return per_min, round(busy, 1), round(span, 1)

    def release(self, bus_id: int) -> None:
        """No window of this process looks at this line any more (tracing stops unless shared)."""
        with self._lock:
            self._viewed.pop(bus_id, None)
        self.settle()

    def settle(self) -> None:
        """Stop tracing the lines nobody looks at: not viewed here for `TRACE_TTL_S`, not shared."""
        now = time.monotonic()
        with self._lock:
            for b in [b for b, t in self._viewed.items() if now - t > TRACE_TTL_S]:
                del self._viewed[b]
            keep = set(self._viewed) | self.shared
            for b in [b for b in self._samples if b not in keep]:
                del self._samples[b]
        for b, bus in list(self.runtime.buses.items()):
            if b not in keep and bus.port.trace is not None:
                bus.port.stop_trace()

    def tracing(self) -> set[int]:
        """The buses whose frames are being kept now."""
        return {b for b, bus in list(self.runtime.buses.items()) if bus.port.trace is not None}


def _room_codes(store: Store, room_ids: set[int]) -> dict[int, str]:
    if not room_ids:
        return {}
    with store.read() as s:
        rows = s.execute(select(Room.id, Building.code, Room.number).join(Building, Building.id == Room.building_id)
                         .where(Room.id.in_(sorted(room_ids)))).all()
    return {rid: f"{code}-{number}" for rid, code, number in rows}


# ----- through the store ------------------------------------------------------------------------

def _upsert(store: Store, values: dict[str, Any], update: list[str]) -> None:
    insert = pg_insert if store.dialect == "postgresql" else sqlite_insert
    with store.write() as s:
        stmt = insert(LineViewRow).values(values)
        s.execute(stmt.on_conflict_do_update(index_elements=["bus_id"],
                                             set_={c: getattr(stmt.excluded, c) for c in update}))


def want_line(store: Store, actor: Actor, bus_id: int) -> None:
    """A window looks at this bus's line now (for `INTEREST_TTL`)."""
    require(actor, "bus.change")
    _upsert(store, {"bus_id": bus_id, "wanted_until": clock.now() + INTEREST_TTL}, ["wanted_until"])


def wanted_lines(store: Store) -> set[int]:
    with store.read() as s:
        return set(s.scalars(select(LineViewRow.bus_id).where(LineViewRow.wanted_until > clock.now())))


def published(store: Store, bus_id: int) -> LineView | None:
    """The last view of the bus its owner published, or None."""
    with store.read() as s:
        payload = s.scalar(select(LineViewRow.payload).where(LineViewRow.bus_id == bus_id))
    return LineView.from_json(payload) if payload else None


class LinePublisher(Periodic):
    """Runs beside the runtime that owns buses: traces and publishes the lines windows elsewhere want."""

    name, failure = "line-share", "sharing line views failed"

    def __init__(self, store: Store, runtime, *, interval_s: float = PUBLISH_S) -> None:
        super().__init__(interval_s)
        self.store = store
        self.runtime = runtime

    def stop(self) -> None:
        super().stop()
        self.runtime.lines.shared = set()
        self.runtime.lines.settle()

    def step(self) -> int:
        """Publish the wanted lines this runtime runs; stop tracing the others. Returns how many."""
        watch = self.runtime.lines
        watch.shared = wanted = wanted_lines(self.store) & set(self.runtime.buses)
        watch.settle()
        n = 0
        for bus_id in sorted(wanted):
            try:
                view = watch.view(bus_id, here=False)
            except KeyError:          # the bus was given up meanwhile
                continue
            with self.store.write() as s:
                row = s.get(LineViewRow, bus_id)
                if row is not None:
                    row.at, row.payload = view.at, view.to_json()
            n += 1
        return n



@dataclass(frozen=True)
class LineRead:
    """What `LineReader.read` found: a view (None when there is none yet) and whence it came:
    "here" (this process runs the line), "shared" (another process published it). `stale`: the
    shared view has not changed for `STALE_S` (judged by this process's own time, so the clocks of
    two machines need not agree), or was far older than this machine's clock at first sight."""

    view: LineView | None
    source: str
    stale: bool = False


class LineReader:
    """Runs in a window: one line's view, from its own runtime or through the store."""

    def __init__(self, store: Store, actor: Actor, runtime=None) -> None:
        self.store = store
        self.actor = actor
        self.runtime = runtime
        self._told: dict[int, float] = {}       # bus id -> monotonic time interest was last written
        self._seen: dict[int, tuple[datetime, float]] = {}   # bus id -> (view's time, monotonic when it came)

    def read(self, bus_id: int) -> LineRead:
        rt = self.runtime
        if rt is not None and bus_id in rt.buses:
            require(self.actor, "bus.change")
            try:
                return LineRead(rt.line_view(bus_id), "here")
            except KeyError:           # given up meanwhile: read what its new owner shares
                pass
        told = self._told.get(bus_id)
        if told is None or time.monotonic() - told > INTEREST_REFRESH_S:
            want_line(self.store, self.actor, bus_id)
            self._told[bus_id] = time.monotonic()
        else:
            require(self.actor, "bus.change")
        view = published(self.store, bus_id)
        if view is None:
            return LineRead(None, "shared", True)
        now = time.monotonic()
        seen = self._seen.get(bus_id)
        if seen is None or seen[0] != view.at:
            if seen is None and (clock.now() - view.at).total_seconds() > SKEW_S:
                now -= STALE_S + 1           # left long ago by a service that is gone
            self._seen[bus_id] = seen = (view.at, now)
        return LineRead(view, "shared", time.monotonic() - seen[1] > STALE_S)

    def release(self, bus_id: int) -> None:
        """The panel no longer shows this line (its runtime stops tracing it; shared interest lapses)."""
        self._told.pop(bus_id, None)
        self._seen.pop(bus_id, None)
        rt = self.runtime
        if rt is not None and bus_id in rt.buses:
            rt.lines.release(bus_id)
