"""Power policies in the store: terms, holidays, policy templates, their assignments to campus,
building, floor or room, and what each meter holds of them (app/power says what they mean)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow

SCOPES = ("campus", "building", "floor", "room")
HOLIDAY_KINDS = ("off", "work")        # a day off, or a swapped working day (调休)
SYNC_STATES = ("sync", "pending", "failed")


class Term(Base):
    __tablename__ = "terms"
    __table_args__ = (CheckConstraint("last_day >= first_day", name="order"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)


class Holiday(Base):
    """A range of days off, or a swapped working day (kind 'work'), official or the campus's own."""

    __tablename__ = "holidays"
    __table_args__ = (CheckConstraint("last_day >= first_day", name="order"),
                      CheckConstraint("kind IN ('off','work')", name="kind"))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    first_day: Mapped[date] = mapped_column(Date, index=True)
    last_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(8), default="off")
    source: Mapped[str] = mapped_column(String(64), default="campus")   # "campus" or the imported file's source


class PowerPolicy(Base):
    """A policy template ("Undergraduate lights-off"): its plan is `app.power.model.PolicyPlan` as JSON."""

    __tablename__ = "power_policies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    plan: Mapped[dict[str, Any]] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicyAssignment(Base):
    """A policy (or none: exempt) for the campus, a building, a floor or a room, optionally for a date
    range. Never edited in place: removal sets `removed_at`, and a change is a new row."""

    __tablename__ = "policy_assignments"
    __table_args__ = (CheckConstraint("scope IN ('campus','building','floor','room')", name="scope"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"), index=True)
    floor: Mapped[int | None] = mapped_column(Integer)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    policy_id: Mapped[int | None] = mapped_column(ForeignKey("power_policies.id"))   # None: exempt
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MeterPolicyState(Base):
    """What an electricity meter holds of its power configuration, as last pushed or read back."""

    __tablename__ = "meter_policy_states"
    __table_args__ = (CheckConstraint("state IN ('sync','pending','failed')", name="state"),)
    meter_id: Mapped[int] = mapped_column(ForeignKey("electricity_meters.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(32), default="")     # the configuration it should hold
    state: Mapped[str] = mapped_column(String(8), default="pending")
    reason: Mapped[str] = mapped_column(String(255), default="")
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PolicyPush(Base):
    """A push asked for from the window: the runtimes report progress per line and honour a cancel."""

    __tablename__ = "policy_pushes"
    id: Mapped[int] = mapped_column(primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    status: Mapped[str] = mapped_column(String(16), default="running")   # running, done, cancelled
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # bus id -> {total, done, failed}
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
