"""Live values for windows in other processes (another workstation, or a window beside `serve`).

A window says which rooms are on its screen (`LiveInterest` rows with an expiry, refreshed while it
shows them); the runtime that owns their buses polls those rooms' live blocks every second, like
its own window's, and writes the newest block per meter into `LiveValue` (one upsert per meter, in
one transaction a second). A window that does not run the bus reads the rows of its rooms that are
newer than what it has shown. Only ids and small JSON travel: no socket between processes, and
it works the same on SQLite (one PC) and PostgreSQL (several).

What a caller may rely on:
- `LivePublisher` writes a meter's block at most once per `interval_s`, only when a newer one came;
- `LiveReader.poll()` returns each (room id, LiveBlock) once per new block, oldest first;
- interest expires by itself (`INTEREST_TTL`), so a window that died costs nothing after a minute.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app import clock
from app.metering.runtime.periodic import Periodic
from db.engine import Store
from db.models import LiveInterest, LiveValue
from drivers.ddsy_records import BranchReading, BranchState, LiveBlock

log = logging.getLogger(__name__)
INTEREST_TTL = timedelta(seconds=60)
INTEREST_REFRESH_S = 20.0


def encode(block: LiveBlock) -> dict:
    d = dataclasses.asdict(block)
    d["branches"] = [{**b, "state": int(b["state"])} for b in d["branches"]]
    return {k: d[k] for k in (f.name for f in dataclasses.fields(LiveBlock))}


def decode(payload: dict) -> LiveBlock:
    fields = {f.name for f in dataclasses.fields(LiveBlock)}
    values = {k: v for k, v in payload.items() if k in fields}
    values["branches"] = tuple(BranchReading(**{**b, "state": BranchState(b["state"])}) for b in payload["branches"])
    return LiveBlock(**values)


def _upsert(store: Store, model, rows: list[dict], keys: list[str], update: list[str]) -> None:
    if not rows:
        return
    insert = pg_insert if store.dialect == "postgresql" else sqlite_insert
    with store.write() as s:
        stmt = insert(model).values(rows)
        s.execute(stmt.on_conflict_do_update(index_elements=keys,
                                             set_={c: getattr(stmt.excluded, c) for c in update}))


def want_rooms(store: Store, owner: str, room_ids: Iterable[int]) -> None:
    """This window shows these rooms now (and no others)."""
    rooms = sorted(set(room_ids))
    expires = clock.now() + INTEREST_TTL
    with store.write() as s:
        s.execute(delete(LiveInterest).where(LiveInterest.owner == owner, LiveInterest.room_id.not_in(rooms)))
    _upsert(store, LiveInterest, [{"owner": owner, "room_id": r, "expires_at": expires} for r in rooms],
            ["owner", "room_id"], ["expires_at"])


def wanted_rooms(store: Store) -> set[int]:
    with store.read() as s:
        return set(s.scalars(select(LiveInterest.room_id).where(LiveInterest.expires_at > clock.now())))


class LivePublisher(Periodic):
    """Runs in the process that owns buses: polls the rooms other windows want, shares their blocks."""

    name, failure = "live-share", "sharing live values failed"

    def __init__(self, store: Store, runtime, *, interval_s: float = 1.0) -> None:
        super().__init__(interval_s)
        self.store = store
        self.runtime = runtime
        self._written: dict[int, LiveBlock] = {}

    def step(self) -> int:
        """Follow the interest and write the new blocks; returns how many were written."""
        rooms = wanted_rooms(self.store)
        self.runtime.set_live_rooms(rooms, source="live_share")
        rows = []
        for meter_id, block in list(self.runtime.live.items()):
            ref = self.runtime.meters.meter("ddsy", meter_id)
            if ref is None or ref.room_id not in rooms or self._written.get(meter_id) is block:
                continue
            rows.append({"meter_id": meter_id, "room_id": ref.room_id, "at": clock.now(), "payload": encode(block)})
            self._written[meter_id] = block
        _upsert(self.store, LiveValue, rows, ["meter_id"], ["room_id", "at", "payload"])
        return len(rows)



class LiveReader:
    """Runs in a window: says which rooms it shows and hands on the blocks other processes share."""

    def __init__(self, store: Store, owner: str, on_live: Callable[[int, LiveBlock], None]) -> None:
        self.store = store
        self.owner = owner
        self.on_live = on_live
        self.rooms: set[int] = set()
        self._seen: dict[int, datetime] = {}
        self._told_at: datetime | None = None

    def show(self, room_ids: Iterable[int]) -> None:
        rooms = set(room_ids)
        if rooms != self.rooms or self._told_at is None \
                or (clock.now() - self._told_at).total_seconds() > INTEREST_REFRESH_S:
            want_rooms(self.store, self.owner, rooms)
            self._told_at = clock.now()
        self.rooms = rooms

    def poll(self) -> list[tuple[int, LiveBlock]]:
        if not self.rooms:
            return []
        if self._told_at is None or (clock.now() - self._told_at).total_seconds() > INTEREST_REFRESH_S:
            self.show(self.rooms)
        with self.store.read() as s:
            rows = s.execute(select(LiveValue.meter_id, LiveValue.room_id, LiveValue.at, LiveValue.payload)
                             .where(LiveValue.room_id.in_(sorted(self.rooms))).order_by(LiveValue.at)).all()
        out = []
        for meter_id, room_id, at, payload in rows:
            if self._seen.get(meter_id) == at:
                continue
            self._seen[meter_id] = at
            block = decode(payload)
            out.append((room_id, block))
            self.on_live(room_id, block)
        return out

    def stop(self) -> None:
        want_rooms(self.store, self.owner, ())
