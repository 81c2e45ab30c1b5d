"""The append-only audit trail: who did what, when, with the state before and after.

Audit records, like ledger entries, are hash-chained when their transaction commits (importing this
module installs app.integrity.chain's session hooks); `python main.py audit verify` checks them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access import Actor
from app.integrity import chain as _chain  # noqa: F401  (installs the chain's session hooks)
from db.models import AuditRecord


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditRecord:
    """Add an audit record to the caller's transaction (committed or rolled back with the change)."""
    rec = AuditRecord(operator_id=actor.id, action=action, entity=entity, entity_id=entity_id,
                      before=_plain(before) if before is not None else None,
                      after=_plain(after) if after is not None else None)
    session.add(rec)
    return rec


def history(session: Session, *, entity: str | None = None, entity_id: int | None = None,
            action: str | None = None, limit: int = 200) -> list[AuditRecord]:
    q = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
    if entity is not None:
        q = q.where(AuditRecord.entity == entity)
    if entity_id is not None:
        q = q.where(AuditRecord.entity_id == entity_id)
    if action is not None:
        q = q.where(AuditRecord.action == action)
    return list(session.scalars(q))
