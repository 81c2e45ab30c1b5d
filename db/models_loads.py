"""Malignant loads in the store: load-control profiles (spec §10) with their assignments to the campus,
a building, a floor or a room, and the signature library's versions (app/loads says what they mean)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class LoadProfile(Base):
    """A load-control profile ("Undergraduate sockets"): `app.loads.profiles.LoadPlan` as JSON."""

    __tablename__ = "load_profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LoadAssignment(Base):
    """A profile (or none: the meters' own defaults, load control off) for the campus, a building, a
    floor or a room. Never edited in place: removal sets `removed_at`, a change is a new row."""

    __tablename__ = "load_assignments"
    __table_args__ = (CheckConstraint("scope IN ('campus','building','floor','room')", name="scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"), index=True)
    floor: Mapped[int | None] = mapped_column(Integer)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("load_profiles.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SignatureLibraryVersion(Base):
    """One saved version of the signature library (the whole document, `app.loads.library` format);
    the newest is in force. Versions are never changed: an edit saves the next one."""

    __tablename__ = "signature_libraries"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    doc: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    saved_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    note: Mapped[str] = mapped_column(String(255), default="")


class LoadIdentification(Base):
    """What the host made of one switch-on or malignant-load event: the appliance it named (or
    "unknown"), the distance, the decision and what the host did about it (app/loads/watch.py)."""

    __tablename__ = "load_identifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("meter_events.id", ondelete="CASCADE"), unique=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    branch: Mapped[int] = mapped_column(Integer)
    appliance: Mapped[str] = mapped_column(String(64))           # a library name, or "unknown"
    verdict: Mapped[str] = mapped_column(String(8), default="")  # "block", "allow" or "" (unknown)
    distance: Mapped[float | None] = mapped_column()
    meter_action: Mapped[str] = mapped_column(String(16))        # allowed, allowed_by_slot, tripped
    decision: Mapped[str] = mapped_column(String(8))             # trip, allow, suspect
    host_action: Mapped[str] = mapped_column(String(8))          # none, open, suggest, release, suspect
    dp_w: Mapped[int] = mapped_column(Integer)
    library_version: Mapped[int] = mapped_column(Integer, default=0)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
