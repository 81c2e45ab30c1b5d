"""Imports from Excel/CSV in the store (app/imports says what they mean): each import job with its file,
its rows as planned and whether each was applied (so an interrupted import continues where it stopped
and its log stays with it), and the value each field last got from an import (so a re-import never
overwrites what a clerk changed by hand since)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime, utcnow


class ImportJob(Base):
    __tablename__ = "import_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('running','done','cancelled','failed')", name="status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))                   # "roster", ...
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    rows_total: Mapped[int] = mapped_column(Integer, default=0)     # rows to apply (valid ones)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)   # counts, per building, the preview's
    created_by: Mapped[int | None] = mapped_column(ForeignKey("operators.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ImportRow(Base):
    """One row of a job's file: what the preview made of it and, for a valid row, whether it is applied."""

    __tablename__ = "import_rows"
    __table_args__ = (
        UniqueConstraint("job_id", "row_number"),
        Index("ix_import_rows_job_pending", "job_id", "applied"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id", ondelete="CASCADE"))
    row_number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))                 # new, update, unchanged, error, warning
    key: Mapped[str] = mapped_column(String(64), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    messages: Mapped[list[str]] = mapped_column(JSON, default=list)
    applied: Mapped[bool] = mapped_column(default=False)


class ImportedValue(Base):
    """The value the last import gave one field of one record (a student's name, their bed)."""

    __tablename__ = "imported_values"
    __table_args__ = (UniqueConstraint("kind", "record_key", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    record_key: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(String(255))
    job_id: Mapped[int] = mapped_column(ForeignKey("import_jobs.id"))
