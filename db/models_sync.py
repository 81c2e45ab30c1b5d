"""What several processes on one store share: the change log and the bus leases (see app.sync)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class ChangeLogRow(Base):
    """One committed event, for the other processes: written in the transaction that made the change.

    AUTOINCREMENT on SQLite so that an id is never reused after pruning (a follower reads id > last)."""

    __tablename__ = "change_log"
    __table_args__ = {"sqlite_autoincrement": True}
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                    autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    origin: Mapped[str] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(32))
    rooms: Mapped[list[int]] = mapped_column(JSON)
    ids: Mapped[list[int]] = mapped_column(JSON)
    extra: Mapped[dict[str, Any]] = mapped_column(JSON)


class BusLease(Base):
    """Which runtime serves a bus, until when. Times are the database server's (app.sync.leases)."""

    __tablename__ = "bus_lease"
    bus_id: Mapped[int] = mapped_column(ForeignKey("buses.id", ondelete="CASCADE"), primary_key=True,
                                        autoincrement=False)
    owner: Mapped[str] = mapped_column(String(128))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LineViewRow(Base):
    """A bus's line panel shared between processes (app.metering.runtime.line_share): a window wants
    it until `wanted_until`; the runtime that runs the bus writes its view (JSON) at `at` meanwhile."""

    __tablename__ = "line_views"
    bus_id: Mapped[int] = mapped_column(ForeignKey("buses.id", ondelete="CASCADE"), primary_key=True,
                                        autoincrement=False)
    wanted_until: Mapped[datetime] = mapped_column(UTCDateTime)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
