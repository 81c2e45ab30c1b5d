"""The finance page's services (issue 10 item 6): a provider statement imported with its four lists
and re-read later from the list of imports; the day close refused while a shift is open, then
closed, listed and reprinted as a COPY that counts its prints. Only an administrator reconciles."""
from __future__ import annotations

import io

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app import clock
from app.campus import occupancy
from app.counter import finance_admin, payments, shifts
from app.counter.money import Money
from app.errors import InvalidInput, PermissionDenied, ShiftError
from db.models import AuditRecord, Setting, StatementImport
from tests.factories import make_campus


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def day(store):
    """The clerk's shift took three WeChat recharges (WX001 50.00, WX002 30.00, WX003 20.00) in B1-101."""
    c = make_campus(store)
    with store.write() as s:
        s.add(Setting(key="school_name", value="东华理工大学"))
    rid, a = c.rooms["B1-101"], c.students["202610000"]
    occupancy.check_in(store, c.clerk, a, rid)
    shifts.open_shift(store, c.clerk, Money(0))
    for ref, fen in (("WX001", 5000), ("WX002", 3000), ("WX003", 2000)):
        payments.recharge(store, c.clerk, room_id=rid, utility="electricity", amount=Money(fen),
                          method="wechat", reference=ref, payer_id=a, key=ref)
    return c


def statement(tmp_path, name: str = "wechat-2026-11-16.xlsx"):
    now = clock.local(clock.now()).replace(tzinfo=None)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["微信支付对账单"])
    sheet.append(["交易时间", "商户单号", "交易金额"])
    sheet.append([now, "WX001", 50.00])       # matches
    sheet.append([now, "WX002", 30.50])       # amount differs
    sheet.append([now, "WX009", 12.00])       # never posted here
    sheet.append([now, "WX010", 12.345])      # unreadable row
    path = tmp_path / name
    book.save(path)
    return path


def test_a_statement_gives_four_lists_and_reads_the_same_from_the_past_imports(store, day, tmp_path):
    rec = finance_admin.reconcile(store, day.admin, "wechat", statement(tmp_path))
    assert [(r.kind, r.reference, r.statement_fen, r.ledger_fen) for r in rec.matched] == [
        ("matched", "WX001", 5000, 5000), ("differs", "WX002", 3050, 3000)]
    assert rec.matched[1].difference_fen == 50
    assert [(r.reference, r.ledger_fen, r.room_code, r.student) for r in rec.not_on_statement] == [
        ("WX003", 2000, "B1-101", "学生M0 (202610000)")]
    assert rec.not_on_statement[0].receipt_number is not None and rec.not_on_statement[0].at is not None
    assert [(r.reference, r.statement_fen, r.statement_row) for r in rec.not_in_ledger] == [("WX009", 1200, 5)]
    assert len(rec.errors) == 1 and "row 6" in rec.errors[0] and "two decimals" in rec.errors[0]
    assert rec.method_label == "微信支付 WeChat Pay" and rec.operator == "Admin"

    past = finance_admin.imports(store, day.admin)
    assert [(p.file_name, p.method, p.rows, p.matched, p.differs, p.not_on_statement, p.not_in_ledger, p.errors)
            for p in past] == [("wechat-2026-11-16.xlsx", "wechat", 3, 1, 1, 1, 1, 1)]
    assert finance_admin.reconciliation_of(store, day.admin, past[0].id) == rec
    assert [m.code for m in finance_admin.statement_methods(store, day.admin)] == [
        "campus_card", "wechat", "alipay", "bank_card"]


def test_a_file_refused_as_a_whole_says_why_and_stores_nothing(store, day, tmp_path):
    bad = tmp_path / "statement.csv"
    bad.write_text("just,some,words\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as refused:
        finance_admin.reconcile(store, day.admin, "wechat", bad)
    assert "statement.csv has no header row" in refused.value.message
    with store.read() as s:
        assert s.scalar(select(func.count(StatementImport.id))) == 0
    assert finance_admin.imports(store, day.admin) == []


def test_a_clerk_may_not_reconcile_or_list(store, day, tmp_path):
    path = statement(tmp_path)
    for call in (lambda: finance_admin.reconcile(store, day.clerk, "wechat", path),
                 lambda: finance_admin.imports(store, day.clerk),
                 lambda: finance_admin.day_closes(store, day.clerk),
                 lambda: finance_admin.day_state(store, day.clerk, clock.today()),
                 lambda: finance_admin.statement_methods(store, day.clerk)):
        with pytest.raises(PermissionDenied):
            call()
    with store.read() as s:
        assert s.scalar(select(func.count(StatementImport.id))) == 0


def test_day_close_waits_for_open_shifts_then_prints_and_reprints_as_copies(store, day):
    today = clock.today()
    state = finance_admin.day_state(store, day.admin, today)
    assert state.closed is None and [s.operator for s in state.open_shifts] == ["王芳"]
    with pytest.raises(ShiftError, match="still open"):
        finance_admin.close_day(store, day.admin, today)
    shifts.close_shift(store, day.clerk, Money(0))
    assert finance_admin.day_state(store, day.admin, today).open_shifts == ()

    original = finance_admin.close_day(store, day.admin, today)
    text = _text(original.pdf)
    assert not original.copy and original.prints == 1
    assert "000001" in text and "100.00" in text and "COPY" not in text and "副本" not in text

    again = finance_admin.print_day_close(store, day.admin, original.number)
    text = _text(again.pdf)
    assert again.copy and again.prints == 2
    assert "副本" in text and "COPY" in text and "print 2" in text and "000001" in text and "100.00" in text
    third = finance_admin.print_day_close(store, day.admin, original.number)
    assert third.prints == 3 and "print 3" in _text(third.pdf)

    [row] = finance_admin.day_closes(store, day.admin)
    assert (row.number, row.business_date, row.shifts, row.in_fen, row.out_fen, row.prints, row.operator) == (
        1, today, 1, 10000, 0, 3, "Admin")
    assert finance_admin.day_state(store, day.admin, today).closed == row
    with store.read() as s:
        assert s.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "day_close.print")) == 3
    with pytest.raises(ShiftError, match="already closed"):
        finance_admin.close_day(store, day.admin, today)


def test_a_clerk_cannot_reprint_someone_elses_missing_day_close(store, day):
    from app.errors import NotFound

    with pytest.raises(NotFound):
        finance_admin.print_day_close(store, day.admin, 42)


def test_a_csv_statement_of_another_method_is_matched_against_that_method_only(store, day, tmp_path):
    a = day.students["202610000"]
    payments.recharge(store, day.clerk, room_id=day.rooms["B1-101"], utility="water", amount=Money(1500),
                      method="alipay", reference="ALI-1", payer_id=a, key="ALI-1")
    when = clock.local(clock.now()).strftime("%Y-%m-%d %H:%M:%S")
    path = tmp_path / "alipay.csv"
    path.write_text(f"\ufeffreference,amount,time\nALI-1,15.00,{when}\nWX001,50.00,{when}\n", encoding="utf-8")
    rec = finance_admin.reconcile(store, day.admin, "alipay", path)
    assert [r.reference for r in rec.matched] == ["ALI-1"]
    assert [r.reference for r in rec.not_in_ledger] == ["WX001"]       # a WeChat payment is not Alipay's
    assert rec.not_on_statement == () and rec.file_name == "alipay.csv"
