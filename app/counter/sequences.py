"""Gapless numbers (receipts, day closes), taken inside the caller's transaction."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Sequence


def take(session: Session, name: str) -> int:
    """The next number of `name`. The row stays locked until the caller's transaction ends, so
    numbers are handed out in order and a rolled-back transaction gives its number back. Every
    office's receipt waits on this one row: take it after the shift and the accounts (step 5 of the
    lock order in app.counter.ledger), so it is held for as short a time as possible."""
    row = session.scalar(select(Sequence).where(Sequence.name == name).with_for_update())
    if row is None:
        row = Sequence(name=name, next_value=1)
        session.add(row)
        session.flush()
    value = row.next_value
    row.next_value = value + 1
    return value
