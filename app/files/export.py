"""Write a list as people see it to an .xlsx file: every administration list exports through here.

Cells are written as values, never as formulas: a text that starts with "=", "+", "-" or "@" (a
student's name or a memo someone typed) is stored as text, so opening the file cannot run it
(CSV/formula injection). Numbers stay numbers so the office can sum them; money is exported in
yuan with two decimals by the caller (`Money.to_decimal`), never as a float.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from os import PathLike
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.utils import get_column_letter

from app.errors import InvalidInput

MAX_SHEET_TITLE = 31


def _cell_value(value: object) -> object:
    if value is None or isinstance(value, (int, Decimal, date, datetime)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        return value
    return str(value)


def write_xlsx(path: str | PathLike, headers: Sequence[str], rows: Iterable[Sequence[object]], *,
               title: str = "DormWatt") -> int:
    """Write `headers` and `rows` to `path` (replaced atomically: a crash leaves the old file or the
    new one, never half of it); returns the number of rows written. InvalidInput when the folder
    cannot be written, in one sentence naming the file."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        target = target.with_suffix(".xlsx")
    wb = Workbook()
    ws = wb.active
    ws.title = "".join(ch for ch in title if ch not in "[]:*?/\\")[:MAX_SHEET_TITLE] or "DormWatt"
    ws.append(list(headers))
    widths = [len(str(h)) for h in headers]
    count = 0
    for row in rows:
        values = [_cell_value(v) for v in row]
        ws.append(values)
        r = ws.max_row
        for c, value in enumerate(values, 1):
            if isinstance(value, str):
                cell = ws.cell(row=r, column=c)
                cell.data_type = TYPE_STRING     # "=cmd|…" stays text, never a formula
                if c <= len(widths):
                    widths[c - 1] = max(widths[c - 1], min(len(value), 60))
        count += 1
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = max(8, width + 2)
    ws.freeze_panes = "A2"
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dormwatt-", suffix=".xlsx", dir=target.parent)
    except OSError as exc:
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InvalidInput(f"Cannot write “{target}”: {exc.strerror or exc}.") from exc
    return count
