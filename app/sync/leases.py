"""Bus leases: each bus is served by exactly one runtime at a time, across processes and machines.

A lease is a `bus_lease` row: the owner, when it was taken, the last heartbeat, and when it expires.
Every time in it is the database server's (PostgreSQL `clock_timestamp()`, SQLite `'now'`), read in
the transaction that writes it, so machines whose clocks disagree still agree on who holds a bus.
The program's clock (app.clock) plays no part: it may be pinned or replayed.

What a caller may rely on:
- `acquire(bus_ids)` takes, in one transaction, every one of those buses whose lease is free, expired
  or already its own, and returns the ones it holds afterwards (a bus with no row in `buses` is never
  held). Two owners racing for one bus: exactly one gets it (PostgreSQL: INSERT ... ON CONFLICT DO
  UPDATE ... WHERE locks the row and re-checks; SQLite: the BEGIN IMMEDIATE write lock serialises);
- `renew()` extends the owner's leases that have not expired and returns them; a bus missing from
  the answer is lost (taken over, expired or deleted) and must be stopped at once;
- `release(bus_ids=None)` gives leases up at once (all of them by default);
- an ownership change (taken, taken over, released) stages a `buses_changed` event with the bus ids,
  so other processes (through the change log) and the window learn of it; a renewal stages nothing;
- `owners()` maps bus id to `LeaseInfo`, expired leases included (with `expired` true).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import case, delete, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app import events
from db.engine import Store
from db.models import Bus
from db.models_sync import BusLease


@dataclass(frozen=True)
class LeaseInfo:
    owner: str
    expires_at: datetime          # aware UTC, the database server's time
    heartbeat_at: datetime
    acquired_at: datetime
    expired: bool                 # by the server's clock when owners() read it


def server_now(session: Session) -> datetime:
    """The database server's current time, aware UTC (not the transaction's start: the moment)."""
    if session.get_bind().dialect.name == "postgresql":
        value = session.execute(text("SELECT clock_timestamp()")).scalar_one()
        return value.astimezone(UTC)
    value = session.execute(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')")).scalar_one()
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


class BusLeases:
    """One owner's view of the bus leases (see the module's docstring)."""

    def __init__(self, store: Store, owner: str, ttl_s: float = 10.0) -> None:
        if not owner or len(owner) > 128:
            raise ValueError(f"an owner is 1 to 128 characters, not {owner!r}")
        if ttl_s <= 0:
            raise ValueError("a lease lasts a positive time")
        self.store = store
        self.owner = owner
        self.ttl_s = ttl_s
        self._insert = postgresql.insert if store.dialect == "postgresql" else sqlite.insert

    def acquire(self, bus_ids: Iterable[int]) -> set[int]:
        wanted = sorted(set(bus_ids))
        if not wanted:
            return set()
        with self.store.write() as s:
            now = server_now(s)
            expires = now + timedelta(seconds=self.ttl_s)
            existing = sorted(s.scalars(select(Bus.id).where(Bus.id.in_(wanted))))
            if not existing:
                return set()
            before = {r.bus_id: (r.owner, r.expires_at) for r in s.execute(
                select(BusLease.bus_id, BusLease.owner, BusLease.expires_at)
                .where(BusLease.bus_id.in_(existing)).order_by(BusLease.bus_id).with_for_update())}
            stmt = self._insert(BusLease).values([
                {"bus_id": b, "owner": self.owner, "acquired_at": now, "heartbeat_at": now, "expires_at": expires}
                for b in existing])
            held_by_me = (BusLease.owner == self.owner) & (BusLease.expires_at > now)
            stmt = stmt.on_conflict_do_update(
                index_elements=[BusLease.bus_id],
                set_={"owner": stmt.excluded.owner, "heartbeat_at": stmt.excluded.heartbeat_at,
                      "expires_at": stmt.excluded.expires_at,
                      "acquired_at": case((held_by_me, BusLease.acquired_at), else_=stmt.excluded.acquired_at)},
                where=(BusLease.owner == self.owner) | (BusLease.expires_at <= now),
            ).returning(BusLease.bus_id)
            held = set(s.scalars(stmt))
            gained = sorted(b for b in held if b not in before or before[b][0] != self.owner or before[b][1] <= now)
            if gained:
                events.stage(s, "buses_changed", ids=gained, lease="taken", owner=self.owner)
        return held

    def take(self, bus_id: int) -> str | None:
        """Acquire the one line `bus_id` for a job of its own (a scan, a capture, a speed change): None
        when this owner holds it now, else who runs it (to say so to the person who asked)."""
        if bus_id in self.acquire([bus_id]):
            return None
        info = self.owners().get(bus_id)
        return info.owner if info is not None else "another program"

    def renew(self) -> set[int]:
        with self.store.write() as s:
            now = server_now(s)
            return set(s.scalars(
                update(BusLease)
                .where(BusLease.owner == self.owner, BusLease.expires_at > now)
                .values(heartbeat_at=now, expires_at=now + timedelta(seconds=self.ttl_s))
                .returning(BusLease.bus_id)))

    def release(self, bus_ids: Iterable[int] | None = None) -> set[int]:
        """Give up this owner's leases (all, or those of `bus_ids`); returns the ones released."""
        with self.store.write() as s:
            stmt = delete(BusLease).where(BusLease.owner == self.owner)
            if bus_ids is not None:
                ids = sorted(set(bus_ids))
                if not ids:
                    return set()
                stmt = stmt.where(BusLease.bus_id.in_(ids))
            released = sorted(s.scalars(stmt.returning(BusLease.bus_id)))
            if released:
                events.stage(s, "buses_changed", ids=released, lease="released", owner=self.owner)
        return set(released)

    def owners(self) -> dict[int, LeaseInfo]:
        with self.store.read() as s:
            now = server_now(s)
            return {r.bus_id: LeaseInfo(r.owner, r.expires_at, r.heartbeat_at, r.acquired_at, r.expires_at <= now)
                    for r in s.scalars(select(BusLease).order_by(BusLease.bus_id))}

