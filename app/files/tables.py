"""Read a .csv or .xlsx file someone else made into a header and rows, refusing hostile files early.

`read_table` is the one reader for every import (statements, rosters, batch lists). A caller may
rely on:
- the file is refused with InvalidInput, one sentence naming the file, before it costs memory: above
  `Limits.max_bytes` on disk, an .xlsx whose parts would unpack to more than
  `Limits.max_unpacked_bytes` (a zip bomb: a few MB that grow to a GB), more than `Limits.max_rows`
  rows below the header (reading stops there), not UTF-8, not a workbook, an old .xls;
- merged cells (a title row, a college merged down its rows) hold the range's value in every cell;
- every row keeps its number as the spreadsheet shows it, and `TableRow.cell_name(i)` names a cell
  the way Excel does ("C7");
- problems inside a row are `issues` of that row, never raised: a row with more filled cells than
  the header has columns (its values are not read: they would be shifted), and a formula cell
  without a saved value (a script-made or never-saved workbook), reported by its cell name;
- cells are what the file holds: str for CSV; str, int, float, datetime, ... for .xlsx (converting
  them is the caller's business, once, e.g. `Money.from_cell`).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from openpyxl.utils import get_column_letter

from app.errors import InvalidInput

KB = 1 << 10
MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MB              # on disk
    max_unpacked_bytes: int = 200 * MB    # an .xlsx's parts, unpacked
    max_rows: int = 100_000               # below the header


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class CellIssue:
    column: int | None      # 0-based column index; None for the whole row
    cell: str               # "B7", or "" for the whole row
    message: str            # a sentence without the row number: callers prefix it


@dataclass(frozen=True)
class TableRow:
    number: int                         # as the spreadsheet or a text editor shows it, from 1
    cells: tuple[object, ...]
    issues: tuple[CellIssue, ...] = ()

    def cell_name(self, column: int) -> str:
        return f"{get_column_letter(column + 1)}{self.number}"


@dataclass(frozen=True)
class Table:
    file_name: str
    header_row: int                     # 0: no row within the search range was a header
    header: tuple[object, ...]
    rows: tuple[TableRow, ...]
    from_sheet: bool                    # cells are typed spreadsheet values, not text


def _size(n: int) -> str:
    if n < KB:
        return f"{n} bytes"
    return f"{round(n / MB)} MB" if n >= MB else f"{round(n / KB)} kB"


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _filled_length(cells: Sequence[object]) -> int:
    n = len(cells)
    while n and _blank(cells[n - 1]):
        n -= 1
    return n


Record = tuple[int, tuple[object, ...], tuple[CellIssue, ...]]


def _decode(path: Path, raw: bytes, encodings: Sequence[str]) -> str:
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(encodings) > 1:
        raise InvalidInput(f"{path.name} is neither UTF-8 nor GB18030 (GBK) text; save the file as “CSV UTF-8”.")
    raise InvalidInput(f"{path.name} is not UTF-8 text; save the file as “CSV UTF-8”.")


def _csv_records(path: Path, encodings: Sequence[str] = ("utf-8-sig",)) -> Iterator[Record]:
    text = _decode(path, path.read_bytes(), encodings)
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(f"{path.name} could not be read as CSV at line {reader.line_num} ({exc}).") from None
        yield reader.line_num, tuple(record), ()


def _check_unpacked(path: Path, limits: Limits) -> None:
    # Python's zipfile never inflates an entry beyond the size its directory declares, so the sum
    # of the declared sizes bounds what parsing can unpack.
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(f"{path.name} is not a readable .xlsx workbook ({exc}).") from None
    if unpacked > limits.max_unpacked_bytes:
        raise InvalidInput(f"{path.name} would unpack to {_size(unpacked)}, more than the "
                           f"{_size(limits.max_unpacked_bytes)} a table may take; it is not an ordinary spreadsheet.")


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _merged_ranges(path: Path) -> list[tuple[int, int, int, int]]:
    """The first worksheet's merged ranges as (first row, first column, last row, last column), 1-based.
    openpyxl's read-only sheets do not report them; they sit in the sheet's XML after the data."""
    from openpyxl.utils import column_index_from_string

    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
            if not names:
                return []
            first = min(names, key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[1]) or 0))
            with z.open(first) as f:
                tail = f.read()
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    return [(int(r0), column_index_from_string(c0.decode()), int(r1), column_index_from_string(c1.decode()))
            for c0, r0, c1, r1 in _MERGE.findall(tail)]


def _fill_merged(rows: Iterator[Record], merges: list[tuple[int, int, int, int]]) -> Iterator[Record]:
    """Every cell of a merged range holds the range's value (Excel keeps it in the top-left cell only):
    a college merged down twenty rows is that college on each of them."""
    if not merges:
        yield from rows
        return
    values: dict[tuple[int, int, int, int], object] = {}
    for number, cells, issues in rows:
        here = [m for m in merges if m[0] <= number <= m[2]]
        if not here:
            yield number, cells, issues
            continue
        out = list(cells)
        for m in here:
            r0, c0, _r1, c1 = m
            if number == r0:
                values[m] = out[c0 - 1] if c0 - 1 < len(out) else None
            if len(out) < c1:
                out.extend([None] * (c1 - len(out)))
            for c in range(c0, c1 + 1):
                if (number, c) != (r0, c0):
                    out[c - 1] = values.get(m)
        yield number, tuple(out), issues


def _xlsx_records(path: Path, encodings: Sequence[str] = ()) -> Iterator[Record]:
    yield from _fill_merged(_xlsx_raw(path), _merged_ranges(path))


def _fast_records(path: Path, encodings: Sequence[str] = ()) -> Iterator[Record]:
    yield from _fill_merged(_calamine_raw(path), _merged_ranges(path))


_CELL = re.compile(rb"<c\b([^>]*?)(?<!/)>(.*?)</c>", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_SAVED = re.compile(rb"<v>[^<]|<is>")          # a value kept with the formula (<v/> or <v></v> is none)


def _unsaved_formulas(path: Path) -> dict[int, list[tuple[int, str]]]:
    """Formula cells of the first sheet without a saved value: row -> [(column index, formula)]."""
    from openpyxl.utils import column_index_from_string

    out: dict[int, list[tuple[int, str]]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")]
            if not names:
                return out
            first = min(names, key=lambda n: int(re.sub(r"\D", "", n.rsplit("/", 1)[1]) or 0))
            xml = z.read(first)
    except (zipfile.BadZipFile, KeyError, OSError):
        return out
    if b"<f" not in xml:
        return out
    for m in _CELL.finditer(xml):
        inner = m.group(2)
        if b"<f" in inner and not _SAVED.search(inner):
            ref = _REF.search(m.group(1))
            if ref is not None:
                f = re.search(rb"<f[^>]*>(.*?)</f>", inner, re.DOTALL)
                out.setdefault(int(ref.group(2)), []).append(
                    (column_index_from_string(ref.group(1).decode()) - 1, f.group(1).decode() if f else ""))
    return out


def _calamine_raw(path: Path) -> Iterator[Record]:
    """The first sheet read by python-calamine (Rust: a 10,000-row roster in 0.2 s where openpyxl takes
    5 s): the saved values; formula cells without a saved value found in the sheet's XML."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise InvalidInput(f"{path.name} is not a readable .xlsx workbook (it has no worksheet).")
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except CalamineError as exc:
        raise InvalidInput(f"{path.name} is not a readable .xlsx workbook ({exc}).") from None
    unsaved = _unsaved_formulas(path)
    for number, row in enumerate(rows, start=1):
        cells = tuple(None if (isinstance(v, str) and v == "") else v for v in row)
        issues = []
        for i, formula in unsaved.get(number, ()):
            name = f"{get_column_letter(i + 1)}{number}"
            issues.append(CellIssue(i, name, message=f"cell {name} holds a formula ({formula}) without a saved "
                                                     f"value; open the file in Excel or WPS, save it and import it "
                                                     f"again."))
        yield number, cells, tuple(issues)


def _xlsx_raw(path: Path) -> Iterator[Record]:
    import openpyxl  # only needed for spreadsheets

    try:
        values_book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas_book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise InvalidInput(f"{path.name} is not a readable .xlsx workbook ({exc}).") from None
    try:
        if not values_book.worksheets:
            raise InvalidInput(f"{path.name} is not a readable .xlsx workbook (it has no worksheet).")
        # The same sheet read twice, row by row together: saved values, and which cells are formulas.
        values = values_book.worksheets[0].iter_rows(values_only=True)
        formulas = formulas_book.worksheets[0].iter_rows()
        for number, (row, cells) in enumerate(zip(values, formulas, strict=False), start=1):
            issues = []
            for i, (value, cell) in enumerate(zip(row, cells, strict=False)):
                if value is None and getattr(cell, "data_type", None) == "f":
                    name = f"{get_column_letter(i + 1)}{number}"
                    issues.append(CellIssue(i, name, message=f"cell {name} holds a formula ({cell.value}) without "
                                                             f"a saved value; open the file in Excel or WPS, save "
                                                             f"it and import it again."))
            yield number, tuple(row), tuple(issues)
    finally:
        values_book.close()
        formulas_book.close()


def read_table(path: str | PathLike[str], *, is_header: Callable[[Sequence[object]], object],
               header_search_rows: int = 20, limits: Limits = DEFAULT_LIMITS,
               encodings: Sequence[str] = ("utf-8-sig",), fast: bool = False) -> Table:
    """The first worksheet (or the CSV) as header + rows. The header is the first row within
    `header_search_rows` for which `is_header(cells)` is true; without one, `header_row` is 0 and
    there are no rows. Blank rows are left out; merged cells hold their range's value in every cell.
    A CSV is decoded with the first of `encodings` that fits (("utf-8-sig", "gb18030") also reads
    what Excel saves as "CSV" on a Chinese Windows). InvalidInput for a file that cannot or must not be
    read as a whole (see the module docstring). With `fast`, an .xlsx is read by python-calamine: numbers
    come as float (whole ones too), dates as date or datetime, and the converters take them so.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".csv":
        source, from_sheet = _csv_records, False
    elif suffix in (".xlsx", ".xlsm"):
        source, from_sheet = (_fast_records if fast else _xlsx_records), True
    elif suffix == ".xls":
        raise InvalidInput(f"{p.name} is an old .xls workbook; save it as .xlsx or CSV UTF-8 and import that.")
    else:
        raise InvalidInput(f"{p.name} is neither a .csv nor an .xlsx file.")
    if not p.is_file():
        raise InvalidInput(f"The file {p} does not exist.")
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise InvalidInput(f"{p.name} is {_size(size)}, more than the {_size(limits.max_bytes)} a table may be.")
        if from_sheet:
            _check_unpacked(p, limits)
        return _read(p.name, source(p, encodings), from_sheet, is_header, header_search_rows, limits)
    except OSError as exc:
        raise InvalidInput(f"{p.name} could not be read ({exc.strerror or exc}).") from None


def _read(file_name: str, records: Iterator[Record], from_sheet: bool, is_header: Callable[[Sequence[object]], object],
          header_search_rows: int, limits: Limits) -> Table:
    header: tuple[object, ...] | None = None
    header_row = 0
    width = 0
    rows: list[TableRow] = []
    below = 0
    for number, cells, issues in records:
        if header is None:
            if is_header(cells):
                header, header_row = cells[:_filled_length(cells)], number
                width = len(header)
            elif number >= header_search_rows:
                break
            continue
        below += 1
        if below > limits.max_rows:
            raise InvalidInput(f"{file_name} has more than {limits.max_rows} rows below its header; "
                               f"split it into smaller files.")
        filled = _filled_length(cells)
        if not filled:
            continue
        if filled > width:
            # Values beyond the header mean the row is shifted (typically "1,234.50" unquoted in a
            # CSV): reading it by position would take the wrong values.
            issues = (CellIssue(None, "", message=f"it has {filled} cells but the header has {width} columns (a value "
                                                  f"with a comma not in quotes?); nothing was read from it."),)
        rows.append(TableRow(number, cells[:width] if filled <= width else cells, issues))
    if header is None:
        return Table(file_name, 0, (), (), from_sheet)
    return Table(file_name, header_row, header, tuple(rows), from_sheet)
