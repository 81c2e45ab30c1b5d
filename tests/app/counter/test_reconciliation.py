"""A provider's statement (a real .xlsx) against what the counter posted that day."""
from __future__ import annotations

import openpyxl
from sqlalchemy import select

from app import clock
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from app.counter.reconciliation import import_statement
from db.models import StatementImport
from tests.factories import make_campus


def test_statement_matches_lists_missing_unknown_and_bad_rows(store, tmp_path):
    campus = make_campus(store)
    rid, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    for ref, fen in (("WX001", 5000), ("WX002", 3000), ("WX003", 2000)):
        payments.recharge(store, campus.clerk, room_id=rid, utility="electricity", amount=Money(fen),
                         method="wechat", reference=ref, payer_id=a, key=ref)
    today = clock.local(clock.now())
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["微信支付对账单"])
    sheet.append(["交易时间", "商户单号", "交易金额"])
    sheet.append([today.replace(tzinfo=None), "WX001", 50.00])      # matches
    sheet.append([today.replace(tzinfo=None), "WX002", 30.50])      # amount differs
    sheet.append([today.replace(tzinfo=None), "WX009", 12.00])      # never posted
    sheet.append([today.replace(tzinfo=None), "WX010", 12.345])     # malformed
    path = tmp_path / "wechat-statement.xlsx"
    book.save(path)
    res = import_statement(store, campus.clerk, "wechat", path)
    assert [p.statement.reference for p in res.match.matched] == ["WX001"]
    assert [(p.statement.reference, p.difference_fen) for p in res.match.amount_mismatch] == [("WX002", 50)]
    assert [r.reference for r in res.match.missing_in_ledger] == ["WX009"]
    assert [r.reference for r in res.match.unknown_to_provider] == ["WX003"]
    assert len(res.parsed.errors) == 1 and "more than two decimals" in res.parsed.errors[0].message
    with store.read() as s:
        stored = s.get(StatementImport, res.import_id)
        assert stored.result["missing_in_ledger"][0]["reference"] == "WX009"
        assert s.scalar(select(StatementImport.file_name)) == "wechat-statement.xlsx"
