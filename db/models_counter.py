"""The counter and the prepaid service's own records: shifts, counter money, refunds, settlements,
day closes, gapless sequences, meter events, billing cursors, reconciliation, quota grants, policies."""
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
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Fen, UTCDateTime, utcnow


class Sequence(Base):
    """Gapless counters (receipt numbers, day-close numbers): the row is locked while a number is taken,
    in the same transaction that uses it, so a rolled-back operation leaves no gap."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_value: Mapped[int] = mapped_column(BigInteger, default=1)


class Shift(Base):
    __tablename__ = "shifts"
    __table_args__ = (
        Index("uq_shifts_open_operator", "operator_id", unique=True,
              sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"), index=True)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    float_fen: Mapped[int] = mapped_column(Fen)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counted_cash_fen: Mapped[int | None] = mapped_column(Fen)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class CounterTransaction(Base):
    """Money that crossed the counter: which shift it belongs to, by what method, in or out."""

    __tablename__ = "counter_transactions"
    __table_args__ = (CheckConstraint("amount_fen <> 0", name="nonzero"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("money_operations.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shifts.id"), index=True)
    method: Mapped[str] = mapped_column(String(32))
    amount_fen: Mapped[int] = mapped_column(Fen)   # + taken in, − paid out
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DayClose(Base):
    """A numbered day-close report: reprintable, never changed (the database refuses edits)."""

    __tablename__ = "day_closes"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    business_date: Mapped[date] = mapped_column(Date, unique=True)
    closed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    report: Mapped[dict[str, Any]] = mapped_column(JSON)


class VoidRequest(Base):
    """A recharge being voided whose credit the meter must give back first (app.counter.voids): the
    reversal, the void receipt and the money out of the shift are posted once the meter accepted the
    debit (`purchase_id`), and never when it refused."""

    __tablename__ = "void_requests"
    __table_args__ = (
        CheckConstraint("status IN ('awaiting_meter','done','failed')", name="status"),
        CheckConstraint("amount_fen > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("receipts.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Fen)
    reason: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    failure: Mapped[str] = mapped_column(String(255), default="")
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("money_operations.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RefundRequest(Base):
    """A refund: the money is first taken back from the meter, then paid out."""

    __tablename__ = "refund_requests"
    __table_args__ = (
        CheckConstraint("status IN ('awaiting_meter','paid','failed')", name="status"),
        CheckConstraint("amount_fen > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id"))
    amount_fen: Mapped[int] = mapped_column(Fen)
    method: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShareTransfer(Base):
    """A student's electricity share carried from the room they leave to the room they move into
    (app.counter.share_transfers): the old room's meter gives the share back first (`debit_purchase_id`);
    then the ledger transfer is posted in the student's name and the new room's meter is credited
    (`credit_purchase_id`, like a recharge). Refused by the old meter: nothing moves ("failed")."""

    __tablename__ = "share_transfers"
    __table_args__ = (
        CheckConstraint("status IN ('awaiting_meter','credited','failed')", name="status"),
        CheckConstraint("amount_fen > 0", name="positive"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"))
    from_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    to_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_fen: Mapped[int] = mapped_column(Fen)
    status: Mapped[str] = mapped_column(String(16))
    debit_purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id"), unique=True)
    credit_purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    operation_id: Mapped[int | None] = mapped_column(ForeignKey("money_operations.id"))
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    memo: Mapped[str] = mapped_column(String(255), default="")
    reason: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Settlement(Base):
    __tablename__ = "settlements"
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"))
    policy: Mapped[str] = mapped_column(String(32))
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeterEvent(Base):
    """An event drained from a meter's log; stored before it is acknowledged on the meter, once."""

    __tablename__ = "meter_events"
    __table_args__ = (UniqueConstraint("meter_id", "seq", "meter_time"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("electricity_meters.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[int] = mapped_column(Integer)
    branch: Mapped[int | None] = mapped_column(Integer)
    meter_time: Mapped[int] = mapped_column(BigInteger)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class BillingCursor(Base):
    """Where billing stands for one meter: the last billed register value and the sub-fen remainder
    (the host keeps the meter's accumulator R so that both charge the same fen)."""

    __tablename__ = "billing_cursors"
    __table_args__ = (
        UniqueConstraint("utility", "meter_id"),
        CheckConstraint("utility IN ('electricity','water')", name="utility"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    utility: Mapped[str] = mapped_column(String(16))
    meter_id: Mapped[int] = mapped_column(Integer)
    last_register: Mapped[int] = mapped_column(BigInteger)
    last_free: Mapped[int] = mapped_column(BigInteger, default=0)
    remainder: Mapped[int] = mapped_column(BigInteger, default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReconciliationFinding(Base):
    __tablename__ = "reconciliation_findings"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))    # balance, reading_review, statement
    meter_id: Mapped[int | None] = mapped_column(Integer)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    host_value: Mapped[int | None] = mapped_column(BigInteger)
    meter_value: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class QuotaGrant(Base):
    """One free-quota grant: a rule's (at most one per rule, room and period) or a one-off grant to a
    chosen room (no rule, a batch operation's key, its period key the campus day it was made; it never
    expires)."""

    __tablename__ = "quota_grants"
    __table_args__ = (UniqueConstraint("rule_id", "room_id", "period_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("quota_rules.id"))
    utility: Mapped[str] = mapped_column(String(16))          # "electricity" or "water"
    idempotency_key: Mapped[str | None] = mapped_column(String(80), unique=True)   # a one-off grant's
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id"), index=True)
    period_key: Mapped[str] = mapped_column(String(16))     # "2026-11", "2026-T1"; one-off: "2026-11-16"
    amount: Mapped[int] = mapped_column(BigInteger)           # 0.01 kWh or litres
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    ledger_entry_id: Mapped[int | None] = mapped_column(ForeignKey("ledger_entries.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BuildingPolicy(Base):
    """Per-building prepaid policy: water–electricity linkage and the water valve."""

    __tablename__ = "building_policies"
    building_id: Mapped[int] = mapped_column(ForeignKey("buildings.id"), primary_key=True)
    water_linkage: Mapped[bool] = mapped_column(Boolean, default=False)
    water_limit_fen: Mapped[int] = mapped_column(Fen, default=0)
    recharge_pays_water_debt: Mapped[bool] = mapped_column(Boolean, default=False)
    close_valve_on_arrears: Mapped[bool] = mapped_column(Boolean, default=True)


class StatementImport(Base):
    __tablename__ = "statement_imports"
    id: Mapped[int] = mapped_column(primary_key=True)
    method: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    operator_id: Mapped[int] = mapped_column(ForeignKey("operators.id"))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
