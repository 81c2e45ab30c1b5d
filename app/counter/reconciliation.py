"""Reconciliation: the drawer before a shift closes, and a payment provider's daily statement
(.csv or .xlsx: reference, amount, time).

`expected_cash` is what the drawer should hold now, computed by the shift report's own code, so a
clerk can be asked before closing a shift whose count differs.

Lists what matched, what the provider has that the office never posted, what the office posted that
the provider does not know, and amounts that differ; malformed rows are listed with their row
numbers, never dropped silently. The result is stored with the import for the audit trail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from os import PathLike
from pathlib import Path

from sqlalchemy import select

from app import audit, clock
from app.access import Actor, require
from app.clock import CAMPUS_TZ, campus_date
from app.counter import payment_methods, shifts
from app.counter.statement_import import (
    LedgerRow,
    MatchResult,
    ParsedStatement,
    match_statement,
    parse_statement,
)
from app.files.tables import DEFAULT_LIMITS, Limits
from db.engine import Store
from db.models import LedgerEntry, Shift, StatementImport

MIDNIGHT_MARGIN = timedelta(minutes=30)


def expected_cash(store: Store, actor: Actor) -> int | None:
    """Fen the actor's open shift's drawer should hold now (float plus cash in minus cash out), as
    its shift report will say; None when the actor has no open shift. Reads only."""
    require(actor, "shift.work")
    with store.read() as s:
        sh = s.scalar(select(Shift).where(Shift.operator_id == actor.id, Shift.closed_at.is_(None)))
        # The report's own computation (one place for the meaning of "expected cash").
        return None if sh is None else shifts._summary(s, sh, store)["expected_cash_fen"]


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    parsed: ParsedStatement
    match: MatchResult
    day: date


def import_statement(store: Store, actor: Actor, method: str, path: str | PathLike[str],
                     day: date | None = None, limits: Limits = DEFAULT_LIMITS) -> ImportResult:
    """Read a statement for `method` and match it against the recharges posted with that method on
    `day` (the statement's own day when not given). A file refused as a whole (InvalidInput: above a
    size or row limit, a zip bomb, unreadable) stores nothing."""
    require(actor, "report.view")
    pm = payment_methods.method(store, method)
    parsed = parse_statement(path, limits)
    if day is None:
        days = sorted({campus_date(r.time) for r in parsed.rows})
        day = days[0] if days else clock.today()
    start = datetime.combine(day, time.min, CAMPUS_TZ)
    with store.read() as s:
        # A margin either side of the day: the provider and the counter stamp one payment seconds
        # apart, sometimes on either side of midnight.
        rows = s.execute(select(LedgerEntry.external_ref, LedgerEntry.amount_fen, LedgerEntry.created_at,
                                LedgerEntry.id).where(
            LedgerEntry.kind == "recharge", LedgerEntry.payment_method == pm.code,
            LedgerEntry.created_at >= start - MIDNIGHT_MARGIN,
            LedgerEntry.created_at < start + timedelta(days=1) + MIDNIGHT_MARGIN)).all()
        # entries an earlier statement already matched (paid late on the day before) are not unknown today
        earlier = {e for r in s.scalars(select(StatementImport.result).where(StatementImport.method == pm.code))
                   for e in (r or {}).get("matched_entries", ())}
    match = match_statement(parsed.rows, [LedgerRow(*r) for r in rows if r[3] not in earlier], day)
    result = {
        "day": day.isoformat(), "rows": len(parsed.rows), "errors": [e.message for e in parsed.errors],
        "matched": len(match.matched),
        "matched_entries": [p.ledger.entry_id for p in (*match.matched, *match.amount_mismatch)],
        "amount_mismatch": [{"reference": p.statement.reference, "statement_fen": p.statement.amount_fen,
                             "ledger_fen": p.ledger.amount_fen, "entry": p.ledger.entry_id}
                            for p in match.amount_mismatch],
        "missing_in_ledger": [{"reference": r.reference, "amount_fen": r.amount_fen, "row": r.row}
                              for r in match.missing_in_ledger],
        "unknown_to_provider": [{"reference": r.reference, "amount_fen": r.amount_fen, "entry": r.entry_id}
                                for r in match.unknown_to_provider],
    }
    with store.write() as s:
        imp = StatementImport(method=pm.code, file_name=Path(path).name, operator_id=actor.id, result=result)
        s.add(imp)
        s.flush()
        audit.record(s, actor, "reconciliation.import", "statement_import", imp.id, None,
                     {k: result[k] for k in ("day", "rows", "matched")})
        import_id = imp.id
    return ImportResult(import_id, parsed, match, day)
