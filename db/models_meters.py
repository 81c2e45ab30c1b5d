"""Buses, meters and the readings taken from them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, Fen, UTCDateTime, utcnow


class Bus(Base):
    """One RS-485 line: a serial port path (`/dev/serial/by-id/...`, `COM3`) or a gateway URL (`socket://host:port`)."""

    __tablename__ = "buses"
    __table_args__ = (
        CheckConstraint("parity IN ('N','O','E')", name="parity"),
        CheckConstraint("baud IN (2400, 4800, 9600, 19200)", name="baud"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    port: Mapped[str] = mapped_column(String(255))
    baud: Mapped[int] = mapped_column(Integer, default=9600)
    parity: Mapped[str] = mapped_column(String(1), default="N")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class _MeterColumns:
    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[int] = mapped_column(Integer)
    serial_no: Mapped[str] = mapped_column(String(32))
    installed_on: Mapped[date] = mapped_column(Date)
    replaced_on: Mapped[date | None] = mapped_column(Date)
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ElectricityMeter(_MeterColumns, Base):
    """A DDSY1946A-13 in a room. Readings are in 0.01 kWh, as the meter's energy register."""

    __tablename__ = "electricity_meters"
    __table_args__ = (
        CheckConstraint("address BETWEEN 1 AND 247", name="address"),
        Index("uq_electricity_meters_bus_address_active", "bus_id", "address", unique=True,
              sqlite_where=text("replaced_on IS NULL"), postgresql_where=text("replaced_on IS NULL")),
        Index("uq_electricity_meters_room_active", "room_id", unique=True,
              sqlite_where=text("replaced_on IS NULL"), postgresql_where=text("replaced_on IS NULL")),
    )
    bus_id: Mapped[int] = mapped_column(ForeignKey("buses.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    initial_reading_cwh: Mapped[int] = mapped_column(BigInteger, default=0)
    final_reading_cwh: Mapped[int | None] = mapped_column(BigInteger)
    # The last state the meter reported (spec §4 words), for the card grid; 0 until first read.
    status_word: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    branch0_state: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    branch1_state: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    branch2_state: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bus: Mapped[Bus] = relationship()


class WaterMeter(_MeterColumns, Base):
    """An LXSY-20 with its valve. Readings are in litres, as the meter's volume register."""

    __tablename__ = "water_meters"
    __table_args__ = (
        CheckConstraint("address BETWEEN 1 AND 247", name="address"),
        Index("uq_water_meters_bus_address_active", "bus_id", "address", unique=True,
              sqlite_where=text("replaced_on IS NULL"), postgresql_where=text("replaced_on IS NULL")),
        Index("uq_water_meters_room_active", "room_id", unique=True,
              sqlite_where=text("replaced_on IS NULL"), postgresql_where=text("replaced_on IS NULL")),
    )
    bus_id: Mapped[int] = mapped_column(ForeignKey("buses.id"), index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    initial_reading_l: Mapped[int] = mapped_column(BigInteger, default=0)
    final_reading_l: Mapped[int | None] = mapped_column(BigInteger)
    valve_state: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    bus: Mapped[Bus] = relationship()


class ElectricityReading(Base):
    """A billing reading: at most one per meter per billing interval."""

    __tablename__ = "electricity_readings"
    __table_args__ = (UniqueConstraint("meter_id", "taken_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("electricity_meters.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    incoming_cwh: Mapped[int] = mapped_column(BigInteger)
    branch0_cwh: Mapped[int] = mapped_column(BigInteger)
    branch1_cwh: Mapped[int] = mapped_column(BigInteger)
    branch2_cwh: Mapped[int] = mapped_column(BigInteger)
    balance_fen: Mapped[int] = mapped_column(Fen)
    free_cwh: Mapped[int] = mapped_column(BigInteger)
    purchase_count: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer)


class WaterReading(Base):
    __tablename__ = "water_readings"
    __table_args__ = (UniqueConstraint("meter_id", "taken_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("water_meters.id"), index=True)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    volume_l: Mapped[int] = mapped_column(BigInteger)
    valve_state: Mapped[int] = mapped_column(Integer)
    status: Mapped[int] = mapped_column(Integer)


class MeterCommand(Base):
    """A command for a meter (branch power, trip release, valve, linkage lock, clock), asked by an
    operator or the system and carried out by the runtime that owns the meter's bus: the window
    and the runtime may be different processes on different machines."""

    __tablename__ = "meter_commands"
    __table_args__ = (
        CheckConstraint("status IN ('pending','running','done','failed')", name="status"),
        CheckConstraint("meter_kind IN ('ddsy','lxsy')", name="meter_kind"),
        Index("ix_meter_commands_open", "status", "bus_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    meter_kind: Mapped[str] = mapped_column(String(8))
    meter_id: Mapped[int] = mapped_column(Integer)
    bus_id: Mapped[int] = mapped_column(ForeignKey("buses.id"))
    action: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    reason: Mapped[str] = mapped_column(String(255), default="")
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LiveValue(Base):
    """The newest live block of an electricity meter whose room some window shows, written about once a
    second by the runtime that owns the meter's bus, for windows in other processes."""

    __tablename__ = "live_values"
    meter_id: Mapped[int] = mapped_column(ForeignKey("electricity_meters.id"), primary_key=True)
    room_id: Mapped[int | None] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class LiveInterest(Base):
    """A window wants live values of a room (it is on screen) until `expires_at`."""

    __tablename__ = "live_interest"
    owner: Mapped[str] = mapped_column(String(96), primary_key=True)
    room_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class MeterReplacement(Base):
    """A meter taken out of service: replaced by a new one (`new_meter_id`) or decommissioned (no
    successor). The old meter's row, readings, purchases and events stay as they were; this row says
    what was billed at the swap and what was carried to the new meter. One per idempotency key, and
    one per old meter."""

    __tablename__ = "meter_replacements"
    __table_args__ = (
        CheckConstraint("meter_kind IN ('ddsy','lxsy')", name="meter_kind"),
        CheckConstraint("action IN ('replace','decommission')", name="action"),
        UniqueConstraint("meter_kind", "old_meter_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    meter_kind: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(16))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"), index=True)
    old_meter_id: Mapped[int] = mapped_column(Integer)
    new_meter_id: Mapped[int | None] = mapped_column(Integer)
    final_reading: Mapped[int] = mapped_column(BigInteger)       # 0.01 kWh or litres, as the meter's register
    final_typed: Mapped[bool] = mapped_column(Boolean)           # False: the last stored reading was taken
    initial_reading: Mapped[int | None] = mapped_column(BigInteger)
    billed: Mapped[int] = mapped_column(BigInteger, default=0)    # register steps charged at the swap
    charged_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    carried_fen: Mapped[int | None] = mapped_column(BigInteger)   # the set-balance's amount (electricity)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
