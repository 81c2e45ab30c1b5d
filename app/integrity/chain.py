"""The hash chain: every record of a chained table gets one link, in commit order.

A link holds the record's content hash (`row_hash`), the previous link's hash (`prev_hash`) and its
own hash over both, its position and the record's name, so a record cannot be edited, removed or
slipped in without breaking the chain from there on; and the chain cannot be recomputed without
disagreeing with the heads anchored outside the store (app.integrity.anchors).

How records enter the chain, which a caller may rely on:
- a database trigger notes every row inserted into a chained table in `chain_pending` (ORM adds and
  Core bulk inserts alike);
- when a `Session` that inserted into a chained table commits, `link_pending` runs as the last
  thing in that transaction: it locks the one `chain_head` row (the LAST lock a money transaction
  takes, after the accounts and the shift, so it cannot deadlock with them), links the pending
  rows in insertion order and empties `chain_pending`. A rolled-back transaction leaves nothing.
- pending rows that some other writer committed without linking are linked by the next commit.

Importing this module installs the session hooks (app.audit imports it).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, delete, event, insert, select, update
from sqlalchemy.orm import Session

from db.engine import Store
from db.models import AuditRecord, CounterTransaction, DayClose, LedgerEntry, MoneyOperation, Receipt, Shift
from db.models_ops import ChainHead, ChainLink, ChainPending

GENESIS = "0" * 64
# table -> the columns whose values a record's hash covers. Columns the program legitimately changes
# later (a receipt's print count, a shift's close) are left out; the database guards those instead.
CHAINED: dict[str, tuple[str, ...]] = {
    "ledger_entries": ("id", "account_id", "operation_id", "kind", "amount_fen", "balance_after_fen",
                       "student_id", "operator_id", "reverses_id", "payment_method", "external_ref", "memo",
                       "created_at"),
    "audit_records": ("id", "at", "operator_id", "action", "entity", "entity_id", "before", "after"),
    "money_operations": ("id", "idempotency_key", "kind", "operator_id", "created_at", "result"),
    "receipts": ("id", "number", "kind", "ledger_entry_id", "operator_id", "created_at", "payload"),
    "counter_transactions": ("id", "operation_id", "shift_id", "method", "amount_fen", "receipt_id",
                             "created_at"),
    "shifts": ("id", "operator_id", "opened_at", "float_fen"),
    "day_closes": ("id", "number", "business_date", "closed_at", "operator_id", "report"),
}
_MODELS = (LedgerEntry, AuditRecord, MoneyOperation, Receipt, CounterTransaction, Shift, DayClose)
TABLES: dict[str, Table] = {m.__table__.name: m.__table__ for m in _MODELS}
# Audit actions whose commit appends the chain's head to the anchor file.
ANCHORED_ACTIONS = ("shift.close", "day.close")

_INSERTED = "dormwatt.chain.inserted"
_ANCHORS = "dormwatt.chain.anchors"
_BATCH = 500


@dataclass(frozen=True)
class Link:
    seq: int
    table_name: str
    row_id: int
    row_hash: str
    prev_hash: str
    hash: str

    @property
    def text(self) -> str:
        """How an anchor is printed on a report: its position and hash."""
        return f"#{self.seq} {self.hash}"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot hash a {type(value).__name__}")


def row_hash(table: str, values: Iterable[Any]) -> str:
    """The content hash of one record: its table and the values of `CHAINED[table]`, in that order."""
    body = json.dumps([table, *values], sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_plain)
    return hashlib.sha256(body.encode()).hexdigest()


def link_hash(prev_hash: str, seq: int, table: str, row_id: int, content_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{seq}|{table}|{row_id}|{content_hash}".encode()).hexdigest()


def _select_rows(table: str, ids: list[int] | None = None):
    t = TABLES[table]
    q = select(*(t.c[c] for c in CHAINED[table])).order_by(t.c.id)
    return q if ids is None else q.where(t.c.id.in_(ids))


def row_hashes(session: Session, table: str, ids: list[int]) -> dict[int, tuple[str, tuple]]:
    """id -> (content hash, the row) for the records of `table` with these ids that exist."""
    out: dict[int, tuple[str, tuple]] = {}
    for i in range(0, len(ids), _BATCH):
        for row in session.execute(_select_rows(table, ids[i:i + _BATCH])):
            out[row[0]] = (row_hash(table, row), tuple(row))
    return out


def all_row_hashes(session: Session, table: str) -> Iterator[tuple[int, str]]:
    """(id, content hash) of every record of `table`, in id order."""
    for row in session.execute(_select_rows(table).execution_options(yield_per=2000)):
        yield row[0], row_hash(table, row)


def link_pending(session: Session) -> list[Link]:
    """Link every pending record, inside the caller's transaction (see the module's docstring).
    Returns the new links, oldest first."""
    head = ChainHead.__table__
    cur = session.execute(select(head.c.seq, head.c.hash).where(head.c.id == 1).with_for_update()).one_or_none()
    if cur is None:
        return []
    p = ChainPending.__table__
    pending = session.execute(select(p.c.id, p.c.table_name, p.c.row_id).order_by(p.c.id)).all()
    if not pending:
        return []
    by_table: dict[str, list[int]] = {}
    for _pid, table, row_id in pending:
        by_table.setdefault(table, []).append(row_id)
    contents = {table: row_hashes(session, table, ids) for table, ids in by_table.items() if table in CHAINED}
    seq, prev = cur
    links: list[Link] = []
    anchors: list[dict] = []
    seen: set[tuple[str, int]] = set()
    for _pid, table, row_id in pending:
        found = contents.get(table, {}).get(row_id)
        if found is None or (table, row_id) in seen:
            continue   # not a chained table, or the row is gone: verify reports what is missing
        seen.add((table, row_id))
        seq += 1
        h = link_hash(prev, seq, table, row_id, found[0])
        links.append(Link(seq, table, row_id, found[0], prev, h))
        prev = h
        if table == "audit_records" and found[1][3] in ANCHORED_ACTIONS:
            anchors.append({"seq": seq, "hash": h, "reason": f"{found[1][3]} {found[1][5]}"})
    if links:
        session.execute(insert(ChainLink.__table__), [
            {"seq": ln.seq, "table_name": ln.table_name, "row_id": ln.row_id, "row_hash": ln.row_hash,
             "prev_hash": ln.prev_hash, "hash": ln.hash} for ln in links])
        session.execute(update(head).where(head.c.id == 1).values(seq=seq, hash=prev))
    ids = [row[0] for row in pending]
    for i in range(0, len(ids), _BATCH):
        session.execute(delete(p).where(p.c.id.in_(ids[i:i + _BATCH])))
    if anchors:
        session.info.setdefault(_ANCHORS, []).extend(anchors)
    return links


def anchor_of(session: Session, action: str, entity_id: int) -> Link | None:
    """The link of the `action` audit record about `entity_id` (a shift or day close): the chain's
    head as that close anchored it, for printing on its report."""
    a, ln = AuditRecord.__table__, ChainLink.__table__
    row = session.execute(
        select(ln.c.seq, ln.c.table_name, ln.c.row_id, ln.c.row_hash, ln.c.prev_hash, ln.c.hash)
        .join(a, (ln.c.table_name == "audit_records") & (ln.c.row_id == a.c.id))
        .where(a.c.action == action, a.c.entity_id == entity_id).order_by(ln.c.seq.desc()).limit(1)).first()
    return Link(*row) if row else None


def shift_anchor_text(store: Store, shift_id: int) -> str | None:
    """What a shift report prints as its chain head (None for a shift closed before the chain)."""
    with store.read() as s:
        link = anchor_of(s, "shift.close", shift_id)
    return link.text if link else None


def day_close_anchor_text(store: Store, number: int) -> str | None:
    """What day close `number`'s report prints as its chain head (None before the chain)."""
    with store.read() as s:
        dc_id = s.scalar(select(DayClose.id).where(DayClose.number == number))
        link = anchor_of(s, "day.close", dc_id) if dc_id is not None else None
    return link.text if link else None


# ----- the session hooks -------------------------------------------------------------------------

_CHAINED_CLASSES = tuple(_MODELS)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _ctx) -> None:
    if any(isinstance(obj, _CHAINED_CLASSES) for obj in session.new):
        session.info[_INSERTED] = True


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state) -> None:
    if state.is_insert and getattr(getattr(state.statement, "table", None), "name", None) in CHAINED:
        state.session.info[_INSERTED] = True


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # A savepoint's release is not the commit: the outermost transaction links, so the head is
    # still the last lock taken.
    # A record added last (the audit record of a shift close) is not flushed yet: it counts too.
    inserted = session.info.get(_INSERTED) or any(isinstance(obj, _CHAINED_CLASSES) for obj in session.new)
    if not inserted or session.in_nested_transaction():
        return
    session.flush()
    session.info.pop(_INSERTED, None)
    link_pending(session)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    anchors = session.info.pop(_ANCHORS, None)
    if anchors:
        from app.integrity import anchors as anchor_file

        anchor_file.append(session.get_bind().url, anchors)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_INSERTED, None)
    session.info.pop(_ANCHORS, None)
