"""Accounts, the ledger, and the records that hang off money: purchases, receipts, tariffs, quotas."""
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
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Fen, UTCDateTime, utcnow

UTILITIES = ("electricity", "water")
ENTRY_KINDS = ("recharge", "refund", "consumption", "subsidy", "transfer", "reversal")


class Account(Base):
    """A room's prepaid account for one utility. `balance_fen` is a cache of the sum of its entries,
    written only by the ledger in the same transaction as the entry (see app.counter.ledger.verify)."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("room_id", "utility"),
        CheckConstraint("utility IN ('electricity','water')", name="utility"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    utility: Mapped[str] = mapped_column(String(16))
    balance_fen: Mapped[int] = mapped_column(Fen, default=0)
    entry_count: Mapped[int] = mapped_column(Integer, default=0)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MoneyOperation(Base):
    """One money operation under its idempotency key; a repeated key returns `result`."""

    __tablename__ = "money_operations"
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class LedgerEntry(Base):
    """Immutable: the database refuses UPDATE and DELETE on this table (see the initial migration)."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('recharge','refund','consumption','subsidy','transfer','reversal')", name="kind"),
        CheckConstraint("amount_fen <> 0", name="nonzero"),
        # The same campus-card or WeChat transaction can never be posted twice.
        Index("uq_ledger_entries_method_ref", "payment_method", "external_ref", unique=True,
              sqlite_where=text("external_ref IS NOT NULL"),
              postgresql_where=text("external_ref IS NOT NULL")),
        Index("ix_ledger_entries_account_id_id", "account_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    operation_id: Mapped[int] = mapped_column(ForeignKey("money_operations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Fen)
    balance_after_fen: Mapped[int] = mapped_column(Fen)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id"), index=True)
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"), unique=True)
    payment_method: Mapped[str | None] = mapped_column(String(32))
    external_ref: Mapped[str | None] = mapped_column(String(80))
    memo: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class Purchase(Base):
    """A credit to deliver to a meter (the outbox); delivered with the meter's purchase sequence."""

    __tablename__ = "purchases"
    __table_args__ = (
        CheckConstraint("status IN ('pending','delivered','failed')", name="status"),
        CheckConstraint("kind BETWEEN 1 AND 4", name="kind"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("electricity_meters.id"), index=True)
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    kind: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    sequence: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Receipt(Base):
    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class Tariff(Base):
    """Unit price in 0.0001 CNY per kWh (electricity) or per m³ (water), valid from a date."""

    __tablename__ = "tariffs"
    __table_args__ = (CheckConstraint("utility IN ('electricity','water')", name="utility"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    utility: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(64))
    unit_price: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class QuotaRule(Base):
    """Free quota: `amount` in 0.01 kWh or litres, per room or per occupant, per month or term."""

    __tablename__ = "quota_rules"
    __table_args__ = (
        CheckConstraint("utility IN ('electricity','water')", name="utility"),
        CheckConstraint("scope IN ('room','student')", name="scope"),
        CheckConstraint("period IN ('month','term')", name="period"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    utility: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))
    period: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    carry_over: Mapped[bool] = mapped_column(Boolean, default=False)
    building_id: Mapped[int | None] = mapped_column(ForeignKey("buildings.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
