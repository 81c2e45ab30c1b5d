"""Business settings shared by every workstation (in the store, not in QSettings), each change audited."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.access import Actor
from db.models import Setting


def get(s: Session, key: str, default: Any = None) -> Any:
    row = s.get(Setting, key)
    return row.value if row is not None else default


def put(s: Session, actor: Actor, key: str, value: Any, *, default: Any = None) -> Any:
    """Set `key` to `value` in the caller's transaction with an audit record ("settings.<key>");
    returns the value before (or `default`). The caller checks the actor's permission."""
    row = s.get(Setting, key)
    before = row.value if row is not None else default
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value
    audit.record(s, actor, f"settings.{key}", "setting", None, {"value": before}, {"value": value})
    return before
