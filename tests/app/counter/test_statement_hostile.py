"""Hostile statement files: refused early with one clear sentence, or reported row by row."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.counter.reconciliation import import_statement
from app.counter.statement_import import parse_statement
from app.errors import InvalidInput
from app.files.tables import Limits
from db.models import StatementImport
from tests.app.test_files_tables import write_xlsx, zip_bomb
from tests.factories import make_campus

HEADER = ("交易单号", "金额", "交易时间")


def test_a_zip_bomb_is_refused_with_the_default_limits(tmp_path):
    path = zip_bomb(tmp_path / "wechat.xlsx", 256, rows=(HEADER, ("W1", 50, "2026-11-03 09:00:00")))
    assert path.stat().st_size < 2 << 20          # ~1 MB on disk
    with pytest.raises(InvalidInput) as caught:
        parse_statement(path)
    assert caught.value.message == ("wechat.xlsx would unpack to 256 MB, more than the 200 MB a table may take; "
                                    "it is not an ordinary spreadsheet.")


def test_a_zip_bomb_import_stores_nothing(store, tmp_path):
    campus = make_campus(store)
    path = zip_bomb(tmp_path / "wechat.xlsx", 8, rows=(HEADER, ("W1", 50, "2026-11-03 09:00:00")))
    with pytest.raises(InvalidInput, match="would unpack to 8 MB, more than the 4 MB"):
        import_statement(store, campus.clerk, "wechat", path, limits=Limits(max_unpacked_bytes=4 << 20))
    with store.read() as s:
        assert s.scalar(select(func.count(StatementImport.id))) == 0


def test_a_statement_above_the_size_or_row_limit_is_refused(tmp_path):
    path = tmp_path / "campus-card.csv"
    path.write_text("reference,amount,time\n" + "".join(f"C{i},1.00,2026-11-03 09:00\n" for i in range(30)),
                    encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        parse_statement(path, limits=Limits(max_rows=25))
    assert caught.value.message == ("campus-card.csv has more than 25 rows below its header; "
                                    "split it into smaller files.")
    with pytest.raises(InvalidInput, match=r"^campus-card.csv is 792 bytes, more than the 100 bytes a table may be.$"):
        parse_statement(path, limits=Limits(max_bytes=100))
    assert len(parse_statement(path, limits=Limits(max_rows=30)).rows) == 30


def test_a_row_with_more_cells_than_the_header_is_reported_and_not_read(tmp_path):
    path = tmp_path / "campus-card.csv"
    # "1,234.50" without quotes: read by position, the row would be a 1.00 payment with reference "234.50"
    path.write_text("amount,reference,time\n"
                    "50.00,CC-1,2026-11-03 09:00:00\n"
                    "1,234.50,CC-2,2026-11-03 09:05:00\n", encoding="utf-8")
    parsed = parse_statement(path)
    assert [r.reference for r in parsed.rows] == ["CC-1"]
    assert [(e.row, e.column, e.message) for e in parsed.errors] == [
        (3, "", "row 3: it has 4 cells but the header has 3 columns (a value with a comma not in quotes?); "
                "nothing was read from it.")]


def test_a_formula_amount_without_a_saved_value_is_named_by_its_cell(tmp_path):
    path = write_xlsx(tmp_path / "alipay.xlsx", [
        ["支付宝对账单"],
        ["交易时间", "金额", "交易单号", "备注"],
        ["2026-11-03 09:00:00", 50, "A1", ""],
        ["2026-11-03 09:10:00", "=B3*2", "A2", ""],
        ["2026-11-03 09:20:00", 20, "A3", "=C3&C4"],       # a formula in a column the import does not use
    ])
    parsed = parse_statement(path)
    assert [r.reference for r in parsed.rows] == ["A1", "A3"]
    assert [(e.row, e.column, e.message) for e in parsed.errors] == [
        (4, "amount", "row 4: cell B4 holds a formula (=B3*2) without a saved value; open the file in Excel "
                      "or WPS, save it and import it again.")]
