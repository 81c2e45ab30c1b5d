"""The safe table reader: hostile files are refused before they cost memory, with one clear sentence."""
from __future__ import annotations

import zipfile

import openpyxl
import pytest

from app.errors import InvalidInput
from app.files.tables import Limits, read_table


def header_with(*names):
    return lambda cells: all(n in [str(c or "").strip().lower() for c in cells] for n in names)


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def zip_bomb(path, unpacked_mb: int, rows=(("name", "amount"), ("a", 1))):
    """A real .xlsx whose first sheet is a valid worksheet padded with `unpacked_mb` MB of blanks
    inside <sheetData>: a few hundred kB on disk, far more once unpacked."""
    write_xlsx(path, rows)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    head, tail = parts.pop("xl/worksheets/sheet1.xml").split(b"<sheetData>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(head + b"<sheetData>")
            blanks = b" " * (1 << 20)
            for _ in range(unpacked_mb):
                sheet.write(blanks)
            sheet.write(tail)
    return path


def test_a_zip_bomb_is_refused_by_its_unpacked_size_before_parsing(tmp_path):
    path = zip_bomb(tmp_path / "bomb.xlsx", 64)
    assert path.stat().st_size < 400_000            # small on disk
    limits = Limits(max_unpacked_bytes=16 << 20)
    with pytest.raises(InvalidInput) as caught:
        read_table(path, is_header=header_with("name"), limits=limits)
    assert caught.value.message == ("bomb.xlsx would unpack to 64 MB, more than the 16 MB a table may take; "
                                    "it is not an ordinary spreadsheet.")
    # the same file is readable when the limit allows it: the refusal is about size, not format
    table = read_table(path, is_header=header_with("name"), limits=Limits(max_unpacked_bytes=128 << 20))
    assert [r.cells for r in table.rows] == [("a", 1)]


def test_a_file_above_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("name,amount\n" + "x,1\n" * 3000, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_table(path, is_header=header_with("name"), limits=Limits(max_bytes=10_000))
    assert caught.value.message == "big.csv is 12 kB, more than the 10 kB a table may be."


def test_a_csv_above_the_row_limit_is_refused(tmp_path):
    path = tmp_path / "many.csv"
    path.write_text("name,amount\n" + "".join(f"s{i},{i}\n" for i in range(51)), encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_table(path, is_header=header_with("name"), limits=Limits(max_rows=50))
    assert caught.value.message == "many.csv has more than 50 rows below its header; split it into smaller files."
    assert len(read_table(path, is_header=header_with("name"), limits=Limits(max_rows=51)).rows) == 51


def test_an_xlsx_above_the_row_limit_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "many.xlsx", [["name", "amount"], *([f"s{i}", i] for i in range(12))])
    with pytest.raises(InvalidInput, match="more than 10 rows below its header"):
        read_table(path, is_header=header_with("name"), limits=Limits(max_rows=10))


def test_rows_with_more_cells_than_the_header_are_flagged(tmp_path):
    path = tmp_path / "shifted.csv"
    path.write_text("title line\nname,amount\nAnna,12.50\nBo,1,234.50\nCy,3,,\n", encoding="utf-8")
    table = read_table(path, is_header=header_with("name", "amount"))
    assert table.header_row == 2 and table.header == ("name", "amount")
    anna, bo, cy = table.rows
    assert (anna.number, anna.cells, anna.issues) == (3, ("Anna", "12.50"), ())
    assert bo.number == 4 and [(i.column, i.cell) for i in bo.issues] == [(None, "")]
    assert bo.issues[0].message == ("it has 3 cells but the header has 2 columns (a value with a comma "
                                    "not in quotes?); nothing was read from it.")
    assert cy.issues == ()      # empty trailing cells are not extra cells


def test_a_formula_without_a_saved_value_is_reported_by_its_cell_name(tmp_path):
    # openpyxl writes formulas without cached values, as a script-made workbook does
    path = write_xlsx(tmp_path / "sums.xlsx", [["name", "amount", "note"], ["Anna", 10, "x"],
                                              ["Bo", "=B2*2", "y"], ["Cy", 5, "=A2"]])
    table = read_table(path, is_header=header_with("name", "amount"))
    anna, bo, cy = table.rows
    assert anna.issues == ()
    assert [(i.column, i.cell, i.message) for i in bo.issues] == [
        (1, "B3", "cell B3 holds a formula (=B2*2) without a saved value; open the file in Excel or WPS, "
                  "save it and import it again.")]
    assert [(i.column, i.cell) for i in cy.issues] == [(2, "C4")]
    assert bo.cells[1] is None


def test_a_cell_name_is_given_for_a_csv_value_too(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,amount\nAnna,1\n", encoding="utf-8")
    row = read_table(path, is_header=header_with("name")).rows[0]
    assert (row.cell_name(0), row.cell_name(1)) == ("A2", "B2")


def test_no_header_found_and_unreadable_files(tmp_path):
    path = tmp_path / "noheader.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    table = read_table(path, is_header=header_with("name"), header_search_rows=5)
    assert table.header_row == 0 and table.rows == ()
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK not really a zip")
    with pytest.raises(InvalidInput, match="fake.xlsx is not a readable .xlsx workbook"):
        read_table(fake, is_header=header_with("name"))
    long = tmp_path / "long.csv"
    long.write_text('name,amount\nA,"' + "9" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"^long.csv could not be read as CSV at line 2 "):
        read_table(long, is_header=header_with("name"))
