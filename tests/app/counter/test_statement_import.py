from __future__ import annotations

from datetime import UTC, date, datetime

import openpyxl
import pytest

from app.clock import CAMPUS_TZ
from app.counter.statement_import import LedgerRow, match_statement, parse_statement
from app.errors import InvalidInput


def sh(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=CAMPUS_TZ)


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_xlsx_with_chinese_headers_in_any_order_a_float_cell_and_an_empty_row(tmp_path):
    path = write_xlsx(tmp_path / "wechat-2026-11-03.xlsx", [
        ["微信支付账单明细"],
        ["起始时间：2026-11-03 00:00:00"],
        ["交易时间", "金额", "交易单号", "备注"],
        [datetime(2026, 11, 3, 9, 15, 2), 50, "4200001001", "B1-101"],
        ["2026-11-03 10:20:00", 12.3, "4200001002", ""],
        [datetime(2026, 11, 3, 11, 0), 12.345, "4200001003", ""],       # row 6: float with three decimals
        [None, None, None, None],                                         # row 7: empty, skipped quietly
        ["2026-11-03 12:00:00", "30.00", "4200001004", ""],
    ])

    parsed = parse_statement(path)

    assert [(r.row, r.reference, r.amount_fen, r.time) for r in parsed.rows] == [
        (4, "4200001001", 5000, sh(3, 9, 15, 2)),
        (5, "4200001002", 1230, sh(3, 10, 20)),
        (8, "4200001004", 3000, sh(3, 12)),
    ]
    assert [(e.row, e.column) for e in parsed.errors] == [(6, "amount")]
    assert parsed.errors[0].message.startswith("row 6: amount “12.345” has more than two decimals")
    assert parsed.headings == {"reference": "交易单号", "amount": "金额", "time": "交易时间"}
    assert parsed.header_row == 3 and parsed.total_fen == 9230


def test_csv_with_bom_english_headers_and_a_malformed_row(tmp_path):
    path = tmp_path / "campus-card.csv"
    path.write_bytes("\ufeffAmount,Reference,Time\r\n"
                     "50.00,CC-1,2026-11-03 09:00:00\r\n"
                     "abc,CC-2,2026-11-03 09:05:00\r\n"
                     "20.00,CC-3,yesterday\r\n"
                     ",,\r\n"
                     "¥1,234.50,CC-4,2026/11/03 18:30\r\n".encode())
    parsed = parse_statement(path)
    # An unquoted "¥1,234.50" splits into two cells, one more than the header: the row is
    # reported as a whole, not guessed at.
    assert [r.reference for r in parsed.rows] == ["CC-1"]
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "amount"), (4, "time"), (6, "")]
    assert parsed.errors[0].message == "row 3: amount “abc” is not an amount of money."
    assert parsed.errors[1].message.startswith("row 4: time “yesterday” is not a date and time")


def test_csv_without_bom_with_chinese_headers_and_wechat_backticks(tmp_path):
    path = tmp_path / "wechat.csv"
    path.write_text("商户单号,交易金额,时间\n"
                    "`4200002001,`50.00,`2026-11-03 09:00:00\n"
                    "\"4200002002\",\"1,234.50\",2026-11-03T23:59:59+08:00\n", encoding="utf-8")
    parsed = parse_statement(path)
    assert [(r.reference, r.amount_fen, r.time) for r in parsed.rows] == [
        ("4200002001", 5000, sh(3, 9)), ("4200002002", 123450, sh(3, 23, 59, 59))]
    assert parsed.errors == ()


def test_duplicate_references_inside_one_statement_are_reported(tmp_path):
    path = write_xlsx(tmp_path / "dup.xlsx", [
        ["reference", "amount", "time"],
        ["R1", 10, "2026-11-03 09:00"],
        ["R2", 20, "2026-11-03 09:01"],
        ["R1", 10, "2026-11-03 09:02"],
    ])
    parsed = parse_statement(path)
    assert [r.reference for r in parsed.rows] == ["R1", "R2"]
    assert [e.message for e in parsed.errors] == ["row 4: reference R1 already appears in row 2."]


def test_every_field_of_a_bad_row_is_reported_and_numbers_as_references_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [
        ["时间", "交易单号", "交易金额"],
        [None, 4.2000012345678e+27, 0],
        ["2026-11-03", "R9", -5],
        ["2026-11-03 08:00", 420000123, "-5.00"],
    ])
    parsed = parse_statement(path)
    assert [(e.row, e.column) for e in parsed.errors] == [
        (2, "reference"), (2, "amount"), (2, "time"), (3, "time")]
    assert "stored as a number" in parsed.errors[0].message
    assert parsed.errors[1].message == "row 2: amount is zero."
    assert parsed.errors[3].message == "row 3: time “2026-11-03” has a date but no time of day."
    assert [(r.reference, r.amount_fen) for r in parsed.rows] == [("420000123", -500)]  # provider refund


def test_whole_file_problems_are_refused(tmp_path):
    no_header = write_xlsx(tmp_path / "x.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(InvalidInput, match="no header row"):
        parse_statement(no_header)
    with pytest.raises(InvalidInput, match="old .xls"):
        parse_statement(tmp_path / "old.xls")
    with pytest.raises(InvalidInput, match="does not exist"):
        parse_statement(tmp_path / "gone.csv")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="not a readable .xlsx"):
        parse_statement(broken)
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("交易单号,金额,交易时间\n".encode("gbk"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        parse_statement(gbk)


def test_matching_sorts_every_payment_into_one_bucket(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [
        ["交易单号", "金额", "交易时间"],
        ["W1", 50, "2026-11-03 09:00:00"],
        ["W2", 20, "2026-11-03 10:00:00"],
        ["W3", 30, "2026-11-03 23:59:30"],
        ["W4", 40, "2026-11-03 11:00:00"],
    ])
    statement = parse_statement(path).rows
    ledger = [
        LedgerRow("W1", 5000, sh(3, 9, 0, 5), 101),
        ("W2", 2500, sh(3, 10), 102),                                  # clerk typed 25.00
        LedgerRow("W3", 3000, datetime(2026, 11, 3, 16, 0, 10, tzinfo=UTC), 103),  # 00:00:10 next day
        LedgerRow("W9", 1000, sh(3, 15), 109),                         # the provider never saw it
        LedgerRow("W8", 1000, sh(4, 9), 108),                          # another day's payment
        LedgerRow(None, 700, sh(3, 16), 110),                          # posted without a reference
    ]

    result = match_statement(statement, ledger, day=date(2026, 11, 3))

    assert [(p.statement.reference, p.ledger.entry_id) for p in result.matched] == [("W1", 101), ("W3", 103)]
    assert [(p.statement.reference, p.difference_fen) for p in result.amount_mismatch] == [("W2", -500)]
    assert [r.reference for r in result.missing_in_ledger] == ["W4"]
    assert [r.entry_id for r in result.unknown_to_provider] == [109, 110]
    assert not result.clean

    everything = match_statement(statement, ledger)
    assert [r.entry_id for r in everything.unknown_to_provider] == [109, 108, 110]


def test_a_statement_that_agrees_with_the_ledger_is_clean(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("reference,amount,time\nA1,10.00,2026-11-03 08:00\n", encoding="utf-8-sig")
    rows = parse_statement(path).rows
    assert match_statement(rows, [("A1", 1000, sh(3, 8), 1)]).clean
