"""Shifts: all counter money belongs to the operator's open shift; closing counts the drawer.

A shift is opened with a cash float and closed with the counted cash; the shift report gives the
totals by method, the expected and counted cash and the difference. A day close gathers the day's
closed shifts into a numbered report that can be reprinted but never changed (the database refuses
edits of day_closes).

Days are campus (Asia/Shanghai) days. A shift belongs to the business date it closed on, or to the
next day when its own day had already been closed (a late shift after the office's day close), so
every closed shift is in exactly one day close. A day can be closed once it has begun, never in
advance; while it runs, only when no shift is open.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, require
from app.counter import payment_methods, sequences
from app.counter.money import Money
from app.errors import InvalidInput, ShiftError
from db import retry
from db.engine import Store
from db.models import (
    CounterTransaction,
    DayClose,
    Operator,
    Receipt,
    RefundRequest,
    Setting,
    Shift,
    VoidRequest,
)


@dataclass(frozen=True)
class ShiftInfo:
    id: int
    operator_id: int
    opened_at: datetime
    float_fen: int
    closed_at: datetime | None


def _info(sh: Shift) -> ShiftInfo:
    return ShiftInfo(sh.id, sh.operator_id, sh.opened_at, sh.float_fen, sh.closed_at)


@retry.retrying
def open_shift(store: Store, actor: Actor, cash_float: Money) -> ShiftInfo:
    require(actor, "shift.work")
    if cash_float.fen < 0:
        raise InvalidInput("The cash float cannot be negative.")
    with store.write() as s:
        if s.scalar(select(Shift.id).where(Shift.operator_id == actor.id, Shift.closed_at.is_(None))):
            raise ShiftError("You already have an open shift; close it before opening another.")
        sh = Shift(operator_id=actor.id, float_fen=cash_float.fen)
        s.add(sh)
        try:
            s.flush()
        except IntegrityError:
            raise ShiftError("You already have an open shift; close it before opening another.") from None
        audit.record(s, actor, "shift.open", "shift", sh.id, None, {"float_fen": cash_float.fen})
        return _info(sh)


def current_shift(store: Store, actor: Actor) -> ShiftInfo | None:
    with store.read() as s:
        sh = s.scalar(select(Shift).where(Shift.operator_id == actor.id, Shift.closed_at.is_(None)))
        return _info(sh) if sh else None


def open_shift_in(session: Session, actor: Actor) -> Shift:
    """The actor's open shift, locked for the caller's transaction; ShiftError when there is none.
    (The shift comes before the accounts in the lock order: see app.counter.ledger.)"""
    return open_shift_of(session, actor.id)


def open_shift_of(session: Session, operator_id: int | None, *, required: bool = True) -> Shift | None:
    """`open_shift_in` by operator id; with `required=False`, None when the operator has no open shift."""
    sh = session.scalar(select(Shift).where(Shift.operator_id == operator_id, Shift.closed_at.is_(None))
                        .with_for_update())
    if sh is None and required:
        raise ShiftError("Open a shift before taking or paying out money at the counter.")
    return sh


def _school(s: Session) -> str:
    row = s.get(Setting, "school_name")
    return str(row.value) if row else ""


def _summary(s: Session, sh: Shift, store: Store) -> dict:
    labels = {m.code: (m.label, m.cash) for m in payment_methods.methods(store)}
    rows = s.execute(select(CounterTransaction.method, CounterTransaction.amount_fen,
                            CounterTransaction.receipt_id).where(CounterTransaction.shift_id == sh.id)).all()
    totals: dict[str, dict] = {}
    cash_in_out = 0
    for method_code, amount, _receipt in rows:
        t = totals.setdefault(method_code, {"method": method_code, "label": labels.get(method_code, (method_code,))[0],
                                            "count": 0, "in_fen": 0, "out_fen": 0})
        t["count"] += 1
        if amount > 0:
            t["in_fen"] += amount
        else:
            t["out_fen"] += -amount
        if labels.get(method_code, ("", method_code == "cash"))[1]:
            cash_in_out += amount
    numbers = s.execute(select(func.min(Receipt.number), func.max(Receipt.number))
                        .join(CounterTransaction, CounterTransaction.receipt_id == Receipt.id)
                        .where(CounterTransaction.shift_id == sh.id)).one()
    op = s.get(Operator, sh.operator_id)
    return {"shift_id": sh.id, "operator": op.display_name if op else "", "opened_at": sh.opened_at.isoformat(),
            "float_fen": sh.float_fen, "totals": sorted(totals.values(), key=lambda t: t["method"]),
            "expected_cash_fen": sh.float_fen + cash_in_out,
            "receipts": [numbers[0], numbers[1]] if numbers[0] is not None else None,
            "school": _school(s)}


@retry.retrying
def close_shift(store: Store, actor: Actor, counted_cash: Money) -> dict:
    """Close the actor's open shift with the counted cash; returns the stored shift report."""
    require(actor, "shift.work")
    if counted_cash.fen < 0:
        raise InvalidInput("Counted cash cannot be negative.")
    with store.write() as s:
        sh = open_shift_in(s, actor)
        waiting = s.scalar(select(func.count(RefundRequest.id)).where(
            RefundRequest.status == "awaiting_meter", RefundRequest.operator_id == actor.id))
        if waiting:
            raise ShiftError(f"{waiting} refund(s) are still waiting for their meters; the shift cannot close yet.")
        voiding = s.scalar(select(func.count(VoidRequest.id)).where(
            VoidRequest.status == "awaiting_meter", VoidRequest.operator_id == actor.id))
        if voiding:
            raise ShiftError(f"{voiding} void(s) are still waiting for their meters to give the credit back; "
                             "the shift cannot close yet.")
        report = _summary(s, sh, store)
        sh.closed_at = clock.now()
        sh.counted_cash_fen = counted_cash.fen
        business_date = clock.campus_date(sh.closed_at)
        if s.scalar(select(DayClose.id).where(DayClose.business_date == business_date)):
            business_date += timedelta(days=1)     # today's close is done: this shift goes into tomorrow's
        report.update({"closed_at": sh.closed_at.isoformat(), "business_date": business_date.isoformat(),
                       "counted_cash_fen": counted_cash.fen,
                       "difference_fen": counted_cash.fen - report["expected_cash_fen"]})
        sh.report = report
        audit.record(s, actor, "shift.close", "shift", sh.id, None, {
            "expected_cash_fen": report["expected_cash_fen"], "counted_cash_fen": counted_cash.fen,
            "difference_fen": report["difference_fen"]})
        return report


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = clock.day_start(day)
    return start, start + timedelta(days=1)


def _business_date(sh: Shift) -> date:
    """The day close a closed shift belongs to (shifts closed before business dates were stamped
    belong to the campus day they closed on)."""
    stamped = (sh.report or {}).get("business_date")
    return date.fromisoformat(stamped) if stamped else clock.campus_date(sh.closed_at)


@retry.retrying
def close_day(store: Store, actor: Actor, business_date: date) -> dict:
    """The numbered day-close report of every shift of `business_date` (a campus day that has
    begun): those closed on it, and those closed late on the day before, after its own close."""
    require(actor, "day.close")
    if business_date > clock.today():
        raise ShiftError(f"{business_date} has not begun yet; a day can only be closed from that day on.")
    start, end = local_day_bounds(business_date)
    with store.write() as s:
        if s.scalar(select(DayClose.id).where(DayClose.business_date == business_date)):
            raise ShiftError(f"{business_date} is already closed; reprint its report instead.")
        # While the day runs, its clerks close their shifts first. Once it is over, a shift still
        # open (a night shift across midnight) can only go into a later day and holds nothing up.
        still_open = s.scalar(select(func.count(Shift.id)).where(Shift.closed_at.is_(None), Shift.opened_at < end))
        if still_open and clock.now() < end:
            raise ShiftError(f"{still_open} shift(s) of that day are still open; close them first.")
        shifts = [sh for sh in s.scalars(select(Shift).where(Shift.closed_at >= start - timedelta(days=1),
                                                             Shift.closed_at < end).order_by(Shift.id))
                  if _business_date(sh) == business_date]
        totals: dict[str, dict] = {}
        for sh in shifts:
            for t in (sh.report or {}).get("totals", []):
                agg = totals.setdefault(t["method"], {**t, "count": 0, "in_fen": 0, "out_fen": 0})
                agg["count"] += t["count"]
                agg["in_fen"] += t["in_fen"]
                agg["out_fen"] += t["out_fen"]
        number = sequences.take(s, "day_close")
        report = {"number": number, "business_date": business_date.isoformat(), "school": _school(s),
                  "operator": actor.display_name or actor.login,
                  "shifts": [{"shift_id": sh.id, "operator": (sh.report or {}).get("operator", ""),
                              "opened_at": sh.opened_at.isoformat(), "closed_at": sh.closed_at.isoformat(),
                              "in_fen": sum(t["in_fen"] for t in sh.report["totals"]),
                              "out_fen": sum(t["out_fen"] for t in sh.report["totals"]),
                              "receipts": sh.report.get("receipts"),
                              "expected_cash_fen": sh.report["expected_cash_fen"],
                              "counted_cash_fen": sh.counted_cash_fen,
                              "difference_fen": sh.report["difference_fen"]} for sh in shifts],
                  "totals": sorted(totals.values(), key=lambda t: t["method"]),
                  "in_fen": sum(t["in_fen"] for t in totals.values()),
                  "out_fen": sum(t["out_fen"] for t in totals.values())}
        dc = DayClose(number=number, business_date=business_date, operator_id=actor.id, report=report)
        s.add(dc)
        s.flush()
        report["closed_at"] = dc.closed_at.isoformat()
        audit.record(s, actor, "day.close", "day_close", dc.id, None, {"number": number,
                                                                         "business_date": business_date})
        return report


def day_close_report(store: Store, number: int) -> dict:
    """A stored day-close report, exactly as it was closed (for reprinting)."""
    with store.read() as s:
        dc = s.scalar(select(DayClose).where(DayClose.number == number))
        if dc is None:
            raise InvalidInput(f"There is no day close number {number}.")
        return {**dc.report, "closed_at": dc.closed_at.isoformat()}
