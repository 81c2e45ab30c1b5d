"""A payment provider's daily statement: read it, then match it against the ledger.

`parse_statement` reads a .csv (UTF-8, with or without BOM) or .xlsx file with the columns reference,
amount (yuan) and time, in any order, headed in English or Chinese, through the safe table reader
(app.files.tables: size, unpacked-size and row limits). A caller may rely on:
- every non-empty row below the header ends up either in `rows` or in `errors` (row number as the
  spreadsheet shows it, column, and a sentence); a bad row never stops the rest;
- amounts are converted once, exactly, to fen: 12.345 is refused, never rounded;
- a reference repeated inside the statement is reported on the later row, which is skipped;
- a row with more cells than the header is reported as a whole (column "") and not read; a formula
  cell without a saved value in a used column is reported by its cell name ("B7");
- times are aware datetimes: without an offset they are campus (Asia/Shanghai) time.

`match_statement` compares statement rows with the ledger's rows for the same payment method.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dt_time
from os import PathLike
from typing import Any, NamedTuple

from app.clock import CAMPUS_TZ, campus_date
from app.counter.money import Money
from app.errors import InvalidAmount, InvalidInput
from app.files.tables import DEFAULT_LIMITS, Limits, Table, TableRow, read_table

FIELDS = ("reference", "amount", "time")
# Accepted headings, most preferred first: when a statement has two columns for one field, the
# earlier heading in this list wins.
HEADINGS = {
    "reference": ("reference", "ref", "交易单号", "商户单号"),
    "amount": ("amount", "金额", "交易金额"),
    "time": ("time", "交易时间", "时间"),
}
HEADER_SEARCH_ROWS = 20     # providers put a title and the date range above the header
MAX_REFERENCE = 80          # as ledger_entries.external_ref
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")
_DECORATION = re.compile(r"^[`'\t\s]+|[\s]+$")  # WeChat prefixes cells with ` so Excel keeps them as text


@dataclass(frozen=True)
class StatementRow:
    row: int
    reference: str
    amount_fen: int
    time: datetime


@dataclass(frozen=True)
class RowError:
    row: int
    column: str         # "reference", "amount", "time" or "" for the whole row
    message: str        # "row 7: amount “12.345” has more than two decimals; ..."


@dataclass(frozen=True)
class ParsedStatement:
    file_name: str
    rows: tuple[StatementRow, ...]
    errors: tuple[RowError, ...]
    headings: dict[str, str]        # field -> the heading it was read from
    header_row: int

    @property
    def total_fen(self) -> int:
        return sum(r.amount_fen for r in self.rows)


class LedgerRow(NamedTuple):
    reference: str | None
    amount_fen: int
    time: datetime
    entry_id: int


@dataclass(frozen=True)
class Pair:
    statement: StatementRow
    ledger: LedgerRow

    @property
    def difference_fen(self) -> int:
        """Statement minus ledger."""
        return self.statement.amount_fen - self.ledger.amount_fen


@dataclass(frozen=True)
class MatchResult:
    matched: tuple[Pair, ...]
    amount_mismatch: tuple[Pair, ...]
    missing_in_ledger: tuple[StatementRow, ...]       # paid at the provider, never posted
    unknown_to_provider: tuple[LedgerRow, ...]        # posted, but the provider has no such payment

    @property
    def clean(self) -> bool:
        return not (self.amount_mismatch or self.missing_in_ledger or self.unknown_to_provider)


# ----- reading --------------------------------------------------------------------------------------


def _clean_heading(value: object) -> str:
    return _DECORATION.sub("", str(value or "")).lstrip("\ufeff").rstrip(":：").strip().lower()


def _find_columns(cells: Sequence[object]) -> dict[str, tuple[int, str]] | None:
    """Field -> (column index, heading) when this row names all three fields."""
    names = [_clean_heading(c) for c in cells]
    found: dict[str, tuple[int, str]] = {}
    for fld, accepted in HEADINGS.items():
        for heading in accepted:
            if heading in names:
                i = names.index(heading)
                found[fld] = (i, str(cells[i]).strip().lstrip("\ufeff"))
                break
    return found if len(found) == len(FIELDS) else None


def _blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not _DECORATION.sub("", c)) for c in cells)


def _reference(cell: object) -> str:
    if isinstance(cell, bool) or isinstance(cell, float):
        # A long transaction number typed as a number has already lost its last digits.
        raise ValueError(f"reference {cell!r} is stored as a number; format the column as text and export again.")
    text = _DECORATION.sub("", "" if cell is None else str(cell))
    if not text:
        raise ValueError("reference is empty.")
    if len(text) > MAX_REFERENCE:
        raise ValueError(f"reference is longer than {MAX_REFERENCE} characters.")
    return text


def _amount(cell: object, from_sheet: bool) -> int:
    if cell is None or (isinstance(cell, str) and not _DECORATION.sub("", cell)):
        raise ValueError("amount is empty.")
    try:
        if isinstance(cell, str) or not from_sheet:
            money = Money.parse(_DECORATION.sub("", str(cell)), thousands=True)
        else:
            money = Money.from_cell(cell)
    except InvalidAmount as exc:
        if exc.message.startswith("“"):
            raise ValueError(f"amount {exc.message}") from None
        raise ValueError(f"amount “{cell}” is not an amount of money.") from None
    if not money:
        raise ValueError("amount is zero.")
    return money.fen


def _time(cell: object) -> datetime:
    if isinstance(cell, datetime):
        return cell if cell.tzinfo is not None else cell.replace(tzinfo=CAMPUS_TZ)
    if isinstance(cell, date):
        raise ValueError(f"time {cell.isoformat()} has a date but no time of day.")
    if isinstance(cell, dt_time):
        raise ValueError(f"time {cell.isoformat()} has a time of day but no date.")
    if cell is None or (isinstance(cell, str) and not _DECORATION.sub("", cell)):
        raise ValueError("time is empty.")
    if not isinstance(cell, str):
        raise ValueError(f"time {cell!r} is a number, not a date and time.")
    text = _DECORATION.sub("", cell)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=CAMPUS_TZ)
        except ValueError:
            pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"time “{text}” is not a date and time like 2026-11-03 14:05:00.") from None
    if len(text) <= 10:
        raise ValueError(f"time “{text}” has a date but no time of day.")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CAMPUS_TZ)


def _read_row(row: TableRow, columns: dict[str, tuple[int, str]],
              from_sheet: bool) -> tuple[StatementRow | None, list[RowError]]:
    number, cells = row.number, row.cells
    whole = [i for i in row.issues if i.column is None]
    if whole:
        return None, [RowError(number, "", f"row {number}: {i.message}") for i in whole]
    by_column = {i.column: i for i in row.issues}
    values = {fld: cells[i] if i < len(cells) else None for fld, (i, _) in columns.items()}
    readers = {"reference": _reference, "amount": lambda c: _amount(c, from_sheet), "time": _time}
    got: dict[str, Any] = {}
    errors: list[RowError] = []
    for fld in FIELDS:
        issue = by_column.get(columns[fld][0])
        if issue is not None:
            errors.append(RowError(number, fld, f"row {number}: {issue.message}"))
            continue
        try:
            got[fld] = readers[fld](values[fld])
        except ValueError as exc:
            message = str(exc)
            errors.append(RowError(number, fld, f"row {number}: {message}"))
    if errors:
        return None, errors
    return StatementRow(number, got["reference"], got["amount"], got["time"]), []


def parse_statement(path: str | PathLike[str], limits: Limits = DEFAULT_LIMITS) -> ParsedStatement:
    """Read a statement file. InvalidInput when the file as a whole cannot or must not be used
    (unreadable, not .csv/.xlsx, above a limit, no header row); row problems are returned in
    `errors`, never raised."""
    table = read_table(path, is_header=_find_columns, header_search_rows=HEADER_SEARCH_ROWS, limits=limits)
    columns = _find_columns(table.header) if table.header_row else None
    if columns is None:
        raise InvalidInput(f"{table.file_name} has no header row naming the reference, amount and time columns "
                           f"(looked at the first {HEADER_SEARCH_ROWS} rows).")
    return _parse(table, columns)


def _parse(table: Table, columns: dict[str, tuple[int, str]]) -> ParsedStatement:
    rows: list[StatementRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for line in table.rows:
        if _blank(line.cells) and not line.issues:
            continue
        row, row_errors = _read_row(line, columns, table.from_sheet)
        errors.extend(row_errors)
        if row is None:
            continue
        number = row.row
        if row.reference in first_seen:
            errors.append(RowError(number, "reference", f"row {number}: reference {row.reference} already "
                                                        f"appears in row {first_seen[row.reference]}."))
            continue
        first_seen[row.reference] = number
        rows.append(row)
    return ParsedStatement(table.file_name, tuple(rows), tuple(errors),
                           {fld: heading for fld, (_, heading) in columns.items()}, table.header_row)


# ----- matching -------------------------------------------------------------------------------------


def match_statement(statement_rows: Sequence[StatementRow], ledger_rows: Iterable[LedgerRow | tuple],
                    day: date | None = None) -> MatchResult:
    """Pair statement rows with ledger rows by reference.

    `ledger_rows` are the ledger's entries for the statement's payment method, as LedgerRow or plain
    (reference, amount_fen, time, entry_id) tuples; pass a margin around the statement's day so a
    payment posted just after midnight still finds its pair. With `day`, only ledger rows on that
    campus day can be `unknown_to_provider`. A ledger row without a reference cannot be on a
    statement and is reported unknown_to_provider (when on `day`)."""
    ledger = [r if isinstance(r, LedgerRow) else LedgerRow(*r) for r in ledger_rows]
    by_ref: dict[str, LedgerRow] = {}
    for r in ledger:
        if r.reference is not None and r.reference.strip():
            by_ref.setdefault(r.reference.strip(), r)
    used: set[int] = set()
    matched: list[Pair] = []
    mismatched: list[Pair] = []
    missing: list[StatementRow] = []
    for row in statement_rows:
        hit = by_ref.get(row.reference.strip())
        if hit is None or hit.entry_id in used:
            missing.append(row)
            continue
        used.add(hit.entry_id)
        (matched if hit.amount_fen == row.amount_fen else mismatched).append(Pair(row, hit))
    unknown = [r for r in ledger if r.entry_id not in used and (day is None or campus_date(r.time) == day)]
    return MatchResult(tuple(matched), tuple(mismatched), tuple(missing), tuple(unknown))
