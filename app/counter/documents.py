"""Printable documents from the store: receipts and slips (a reprint says COPY), shift reports,
day closes. Each returns PDF bytes; building them is CPU work for a background task."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from app import audit
from app.access import Actor, require
from app.care import training
from app.counter.receipts_pdf import render_receipt
from app.counter.report_data import DayCloseReport, MethodTotal, ReceiptData, ShiftReport, ShiftSummary
from app.counter.reports_pdf import render_day_close, render_shift_report
from app.counter.shifts import day_close_report
from app.errors import NotFound
from app.integrity import chain
from db.engine import Store
from db.models import Receipt, Shift

# What a void receipt's payload holds beyond a recharge receipt's (see app/counter/voids.py).
VOID_FIELDS = ("voids_number", "void_reason")


def receipt_data(payload: dict, *, copy: bool) -> ReceiptData:
    """A stored receipt's payload as ReceiptData. A void receipt reads as the recharge it voids
    (kind "recharge"); `void_marks(payload)` gives what makes it a void."""
    fields = {k: v for k, v in payload.items() if k not in VOID_FIELDS}
    fields["at"] = datetime.fromisoformat(fields["at"])
    if fields["kind"] == "void":
        fields["kind"] = "recharge"
    return ReceiptData(**fields, copy=copy)


def void_marks(payload: dict) -> dict:
    """render_receipt's keywords for a void receipt ({} for any other)."""
    if payload.get("kind") != "void":
        return {}
    return {"voids": payload["voids_number"], "void_reason": payload.get("void_reason", "")}


def receipt_pdf(store: Store, actor: Actor, receipt_id: int, paper: str = "80mm") -> bytes:
    """The receipt as a PDF. The first print is the original; every later one is marked COPY."""
    data, marks = receipt_for_print(store, actor, receipt_id)
    return render_receipt(data, paper, **marks)


def receipt_for_print(store: Store, actor: Actor, receipt_id: int) -> tuple[ReceiptData, dict]:
    """The receipt's data and its void marks (render_receipt's keywords), counted as one print: the
    first is the original, every later one has `copy` set (and an audit record). The PDF
    (receipt_pdf) and the raw ESC/POS job (app.counter.escpos) are both drawn from it."""
    require(actor, "report.view")
    with store.write() as s:
        rec = s.get(Receipt, receipt_id, with_for_update=True)
        if rec is None:
            raise NotFound(f"No receipt {receipt_id}.")
        copy = rec.print_count > 0
        rec.print_count += 1
        if copy:
            audit.record(s, actor, "receipt.reprint", "receipt", rec.id, None, {"number": rec.number,
                                                                                "prints": rec.print_count})
        data = receipt_data(rec.payload, copy=copy)
        if training.in_training(s):                 # every receipt of a training store says so
            data = replace(data, training=True)
        marks = void_marks(rec.payload)
    return data, marks


def _totals(rows: list[dict]) -> tuple[MethodTotal, ...]:
    return tuple(MethodTotal(t["label"], t["count"], t["in_fen"], t["out_fen"]) for t in rows)


def shift_report_pdf(store: Store, shift_id: int) -> bytes:
    with store.read() as s:
        sh = s.get(Shift, shift_id)
        if sh is None or sh.report is None or "closed_at" not in sh.report:
            raise NotFound(f"Shift {shift_id} has no report yet: it is still open.")
        r = sh.report
        practice = training.in_training(s)
    receipts = r.get("receipts") or [None, None]
    return render_shift_report(ShiftReport(
        school=r["school"], shift_id=r["shift_id"], operator_name=r["operator"],
        opened_at=datetime.fromisoformat(r["opened_at"]), closed_at=datetime.fromisoformat(r["closed_at"]),
        float_fen=r["float_fen"], totals=_totals(r["totals"]), expected_cash_fen=r["expected_cash_fen"],
        counted_cash_fen=r["counted_cash_fen"], difference_fen=r["difference_fen"],
        first_receipt=receipts[0], last_receipt=receipts[1],
        business_date=date.fromisoformat(r["business_date"]) if r.get("business_date") else None),
        chain_head=chain.shift_anchor_text(store, shift_id), training=practice)


def day_close_pdf(store: Store, number: int, *, prints: int = 1) -> bytes:
    """The numbered day close exactly as stored; print `prints` > 1 is a reprint, marked 副本 COPY with
    its print number at the top (the school line) and in every page's footer."""
    r = day_close_report(store, number)
    school = r["school"] if prints <= 1 else f"{r['school']}  副本 COPY · print {prints}".strip()
    shifts = tuple(ShiftSummary(
        shift_id=x["shift_id"], operator_name=x["operator"], opened_at=datetime.fromisoformat(x["opened_at"]),
        closed_at=datetime.fromisoformat(x["closed_at"]), in_fen=x["in_fen"], out_fen=x["out_fen"],
        expected_cash_fen=x["expected_cash_fen"], counted_cash_fen=x["counted_cash_fen"],
        difference_fen=x["difference_fen"]) for x in r["shifts"])
    numbers = [n for x in r["shifts"] for n in (x.get("receipts") or []) if n is not None]
    return render_day_close(DayCloseReport(
        school=school, number=r["number"], business_date=date.fromisoformat(r["business_date"]),
        closed_at=datetime.fromisoformat(r["closed_at"]), operator_name=r["operator"], shifts=shifts,
        totals=_totals(r["totals"]), first_receipt=min(numbers) if numbers else None,
        last_receipt=max(numbers) if numbers else None),
        chain_head=chain.day_close_anchor_text(store, number), training=training.is_training(store))


def receipts_of_shift(store: Store, shift_id: int) -> list[int]:
    from db.models import CounterTransaction

    with store.read() as s:
        return list(s.scalars(select(Receipt.number).join(CounterTransaction, CounterTransaction.receipt_id == Receipt.id)
                              .where(CounterTransaction.shift_id == shift_id).order_by(Receipt.number)))
