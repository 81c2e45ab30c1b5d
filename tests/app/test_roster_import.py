"""Roster import (issue 13, items 1 and 2) on real .xlsx and .csv files: the template's headers and
drop-downs; a dry run with a status per row and what would change, errors apart from warnings; the
valid rows committed, students with leading zeros kept, check-ins dated for the term's first day,
accounts opened; an error workbook that imports cleanly once corrected; a re-import that keeps what a
clerk changed by hand; an import cancelled or crashed half-way that continues without duplicates; and
the hostile files (an old .xls, an empty sheet, a GBK CSV, a number in scientific notation)."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from app import clock
from app.campus import occupancy, students
from app.errors import InvalidInput, PermissionDenied
from app.imports import engine
from app.imports.roster import ROSTER
from app.policies import calendar_admin
from db.models import Account, Occupancy, Student
from tests.factories import make_campus

HEADER = ["学号\nStudent no.", "姓名\nName", "性别\nGender", "学院\nCollege", "班级\nClass", "手机号\nPhone",
          "楼栋\nBuilding", "房间\nRoom", "床位\nBed", "入住日期\nCheck-in date"]


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=0)
    calendar_admin.add_term(store, c.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 15))
    calendar_admin.add_term(store, c.admin, "2027 spring", date(2027, 2, 24), date(2027, 7, 10))
    return c


def xlsx(path, rows, header=HEADER, title: str | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:                                   # a merged title row above the header, as offices make them
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def counts(store) -> tuple[int, int, int]:
    with store.read() as s:
        return (s.scalar(select(func.count()).select_from(Student)),
                s.scalar(select(func.count()).select_from(Occupancy)),
                s.scalar(select(func.count()).select_from(Account)))


def run_all(store, actor, pv, **kw):
    job = engine.start(store, actor, ROSTER, pv)
    return engine.run(store, actor, ROSTER, job, **kw)


GOOD = [
    ("002026001", "张三", "男", "计算机学院", "计科2601", "13800000001", "B1", "101", "1", None),
    ("002026002", "李四", "男", "计算机学院", "计科2601", None, "一号楼", "101", None, None),
    ("002026003", "王五", "male", "机械学院", "机械2601", None, None, "B1-102", "2", "2026/9/10"),
    ("002026004", "赵敏", "女", "外语学院", "英语2601", None, "B1", "201", None, None),
    ("002026005", "钱七", "男", "外语学院", "英语2601", None, None, None, None, None),        # no room yet
]


def test_a_roster_is_previewed_then_committed_with_beds_from_the_term_start(store, campus, tmp_path):
    path = xlsx(tmp_path / "roster.xlsx", GOOD, title="2026级新生住宿名单")
    pv = engine.preview(store, campus.clerk, ROSTER, path)
    assert pv.header_row == 2 and pv.counts() == {"new": 5, "update": 0, "unchanged": 0, "warning": 0, "error": 0}
    first = pv.rows[0]
    assert first.key == "002026001" and first.changes["name"] == (None, "张三")
    assert first.changes["bed"] == (None, "B1-101/1")
    assert pv.rows[1].payload["bed"] == "2"                    # the first bed free after row 3's claim
    assert pv.summary["default_check_in"] == "2026-09-07"
    assert pv.summary["per_building"]["B1"] == {"new": 4, "update": 0, "beds": 4}
    assert counts(store) == (0, 0, 0)                          # a dry run writes nothing

    job = run_all(store, campus.clerk, pv)
    assert (job.status, job.rows_done, job.rows_total, job.failed) == ("done", 5, 5, 0)
    with store.read() as s:
        st = s.scalar(select(Student).where(Student.student_no == "002026001"))
        assert (st.name, st.gender, st.phone) == ("张三", "M", "13800000001")
    stay = occupancy.current_stay(store, st.id)
    assert (stay.room_code, stay.bed_label) == ("B1-101", "1")
    assert clock.local(stay.start_at).date() == date(2026, 9, 7)          # the term's first day
    third = occupancy.current_stay(store, occupancy.student_by_number(store, "002026003").id)
    assert clock.local(third.start_at).date() == date(2026, 9, 10)        # the row's own date
    assert counts(store) == (5, 4, 6)                  # three rooms opened: electricity and water each

    # the same file again: nothing to do
    again = engine.preview(store, campus.clerk, ROSTER, path)
    assert again.counts()["unchanged"] == 5
    with pytest.raises(InvalidInput, match="Nothing to import"):
        engine.start(store, campus.clerk, ROSTER, again)


def test_bad_rows_say_why_and_the_error_workbook_imports_once_corrected(store, campus, tmp_path):
    rows = [
        GOOD[0],
        ("002026001", "张三", "男", "计算机学院", "计科2601", None, "B1", "102", None, None),   # twice
        ("002026010", "孙八", "男", "计算机学院", "计科2601", None, "B9", "999", None, None),   # no such room
        ("002026011", "周九", "男", "计算机学院", "计科2601", None, "B1", "101", "1", None),    # bed of row 2
        ("002026012", "吴十", "女", "计算机学院", "计科2601", None, "B1", "101", None, None),   # a male room
        ("002026013", "郑一", "男", "计算机学院", "计科2601", None, "B1", "102", None, "9/1/2026"),
        (2.02601e15, "冯二", "男", "计算机学院", "计科2601", None, None, None, None, None),      # 2.02601E+15
        ("002026015", "", "男", "计算机学院", "计科2601", None, None, None, None, None),
        ("002026016", "陈三", "未知", "计算机学院", "计科2601", None, None, None, None, None),
    ]
    pv = engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "bad.xlsx", rows))
    why = {r.number: r.errors for r in pv.rows}
    assert pv.counts()["new"] == 1 and pv.counts()["error"] == 8
    assert why[3] == ["The student number 002026001 is also on row 2; each student once."]
    assert why[4] == ["房间 (Room): there is no room “B9 999”."]
    assert why[5] == ["床位 (Bed): bed 1 of B1-101 is also given on row 2."]
    assert why[6] == ["B1-101 is a male room; 002026012 is female."]
    assert why[7] == ["入住日期 (Check-in date): “9/1/2026” could be day/month or month/day; write dates year "
                      "first, as 2026-09-01."]
    assert "2.02601e+15 was stored by Excel as a number too long to keep every digit" in why[8][0]
    assert why[9] == ["姓名 (Name): Enter the student's name."]
    assert "“未知” is not a gender" in why[10][0]
    assert [r.number for r in pv.page(["error"], offset=2, limit=3)] == [5, 6, 7]

    job = run_all(store, campus.clerk, pv)
    assert job.rows_done == 1 and counts(store)[0] == 1
    out = tmp_path / "bad-errors.xlsx"
    assert engine.error_workbook(pv, out) == 8
    sheet = openpyxl.load_workbook(out).active
    got = list(sheet.iter_rows(values_only=True))
    assert got[0][-1] == "错误原因\nReason" and got[1][0] == "002026001" and "also on row 2" in got[1][-1]
    # the clerk corrects the rows in the error workbook itself and imports it
    fixed = openpyxl.load_workbook(out)
    ws = fixed.active
    ws["A2"] = "002026017"
    ws["H3"], ws["G3"] = "102", "B1"
    ws["I4"] = None
    ws["C5"] = "男"
    ws["J6"] = "2026-09-01"
    ws["A7"] = "002026014"
    ws["B8"] = "冯三"
    ws["C9"] = "女"
    fixed.save(out)
    pv2 = engine.preview(store, campus.clerk, ROSTER, out)
    assert pv2.counts()["error"] == 0, [r.errors for r in pv2.rows if r.errors]
    assert run_all(store, campus.clerk, pv2).rows_done == 8
    assert counts(store)[0] == 9


def test_a_reimport_keeps_what_a_clerk_changed_by_hand(store, campus, tmp_path):
    path = xlsx(tmp_path / "roster.xlsx", GOOD[:2])
    run_all(store, campus.clerk, engine.preview(store, campus.clerk, ROSTER, path))
    zs = occupancy.student_by_number(store, "002026001")
    students.edit_student(store, campus.admin, zs.id, student_no="002026001", name="张叁", gender="M",
                          college="计算机学院", class_name="计科2601", phone="13800000001")
    occupancy.move(store, campus.clerk, occupancy.student_by_number(store, "002026002").id, campus.rooms["B1-102"])
    # the office's sheet changed the class of both, and keeps the old name and room
    changed = [tuple("计科2602" if v == "计科2601" else v for v in row) for row in GOOD[:2]]
    pv = engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "again.xlsx", changed))
    one, two = pv.rows
    assert one.status == "warning" and one.changes == {"class_name": ("计科2601", "计科2602")}
    assert one.warnings == ["姓名 (Name) was changed by hand since the last import (now “张叁”); kept, the file's "
                            "“张三” is not applied."]
    assert two.warnings == ["002026002 was moved by hand to B1-102, bed 1 since the last import; kept there, the "
                            "file's B1-101 is not applied."]
    run_all(store, campus.clerk, pv)
    with store.read() as s:
        rows = {st.student_no: (st.name, st.class_name) for st in s.scalars(select(Student))}
    assert rows == {"002026001": ("张叁", "计科2602"), "002026002": ("李四", "计科2602")}
    assert occupancy.current_stay(store, occupancy.student_by_number(store, "002026002").id).room_code == "B1-102"


def test_a_cancelled_or_crashed_import_continues_without_duplicates(store, campus, tmp_path, monkeypatch):
    rows = [(f"0020270{n:02d}", f"学生{n}", "男" if n % 2 else "女", "理学院", "数学2701", None, None,
             None, None, None) for n in range(1, 11)]
    path = xlsx(tmp_path / "ten.xlsx", rows)
    pv = engine.preview(store, campus.clerk, ROSTER, path)
    job_id = engine.start(store, campus.clerk, ROSTER, pv)
    seen = []
    job = engine.run(store, campus.clerk, ROSTER, job_id, chunk=3, progress=lambda d, t: seen.append((d, t)),
                     cancel=lambda: len(seen) >= 1)
    assert (job.status, job.rows_done) == ("cancelled", 3) and counts(store)[0] == 3
    # the same file again finds the stopped job rather than starting a second one
    assert engine.unfinished(store, "roster", pv.sha256).id == job_id
    assert engine.start(store, campus.clerk, ROSTER, engine.preview(store, campus.clerk, ROSTER, path)) == job_id

    # a crash in the middle of a chunk (the process dies): that chunk is rolled back whole
    real = ROSTER.apply_many
    calls = []

    def dying(s, actor, jid, rows):
        calls.append([r.row_number for r in rows])
        real(s, actor, jid, rows)
        s.flush()
        raise RuntimeError("power cut")          # after the chunk's rows were written, before its commit
    monkeypatch.setattr(ROSTER, "apply_many", dying)
    with pytest.raises(RuntimeError, match="power cut"):
        engine.run(store, campus.clerk, ROSTER, job_id, chunk=3)
    assert calls == [[5, 6, 7]] and counts(store)[0] == 3
    monkeypatch.setattr(ROSTER, "apply_many", real)
    job = engine.run(store, campus.clerk, ROSTER, job_id, chunk=3)
    assert (job.status, job.rows_done, job.failed) == ("done", 10, 0)
    with store.read() as s:
        assert s.scalar(select(func.count(func.distinct(Student.student_no)))) == 10 == counts(store)[0]
    log = engine.job_rows(store, job_id)
    assert [r.row_number for r in log] == list(range(2, 12)) and all(r.applied for r in log)


def test_a_bed_taken_at_the_counter_after_the_preview_fails_that_row_alone(store, campus, tmp_path):
    pv = engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "r.xlsx", GOOD[:3]))
    other = students.register_student(store, campus.admin, student_no="9001", name="插班生", gender="M",
                                      college="理学院", class_name="数学2601")
    occupancy.check_in(store, campus.clerk, other, campus.rooms["B1-101"], "1")
    job = run_all(store, campus.clerk, pv)
    assert (job.status, job.rows_done, job.failed) == ("done", 3, 1)
    [failed] = engine.job_rows(store, job.id, ["failed"])
    assert failed.row_number == 2 and failed.messages[-1] == "Bed 1 of B1-101 is already taken."
    # the row failed whole (not registered without the bed it asked for); the other two and 插班生 are in
    assert counts(store)[0] == 3
    with pytest.raises(Exception, match="No student"):
        occupancy.student_by_number(store, "002026001")
    out = tmp_path / "failed.xlsx"
    assert engine.error_workbook(pv, out, {failed.row_number: failed.messages}) == 1
    got = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert got[1][0] == "002026001" and got[1][-1] == "Bed 1 of B1-101 is already taken."


def test_hostile_and_odd_files(store, campus, tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old workbook")
    with pytest.raises(InvalidInput, match="old .xls"):
        engine.preview(store, campus.clerk, ROSTER, old)
    with pytest.raises(InvalidInput, match="no header row"):
        engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "empty.xlsx", [], header=["备注"]))
    with pytest.raises(InvalidInput, match="header but no rows"):
        engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "header.xlsx", []))
    with pytest.raises(InvalidInput, match="no column 学院 \\(College\\)"):
        engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "short.xlsx", [("1", "x", "男")],
                                                         header=["学号", "姓名", "性别", "班级"]))
    # a formula nobody saved a value for (a script made the sheet): that row says so, the others go on
    formulas = xlsx(tmp_path / "formula.xlsx", [GOOD[0], ("002026002", "=B2", "男", "计算机学院", "计科2601")])
    pv = engine.preview(store, campus.clerk, ROSTER, formulas)
    assert [r.status for r in pv.rows] == ["new", "error"]
    assert pv.rows[1].errors[0] == ("cell B3 holds a formula (B2) without a saved value; open the file in Excel "
                                    "or WPS, save it and import it again.")
    # what Excel saves as "CSV" on a Chinese Windows: GBK, English-only headers in another order
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("Name,Student No,Sex,Department,Class Name,Room No\n张三,0012,男,理学院,数学2601,B1-101\n"
                    .encode("gbk"))
    pv = engine.preview(store, campus.clerk, ROSTER, gbk)
    [row] = pv.rows
    assert (row.status, row.key, row.payload["set"]["name"], row.payload["place"]) == ("new", "0012", "张三",
                                                                                         "B1-101/1")
    with pytest.raises(PermissionDenied):
        engine.preview(store, campus.tech, ROSTER, gbk)


def test_the_template_has_both_languages_text_ids_and_drop_downs(campus, tmp_path):
    out = tmp_path / "template.xlsx"
    engine.template(ROSTER, out, {"gender": ["男", "女"], "building": ["B1"]})
    wb = openpyxl.load_workbook(out)
    ws = wb["roster"]
    assert [c.value for c in ws[1]] == HEADER
    assert ws["A2"].number_format == "@" and ws.freeze_panes == "A2"
    rules = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert rules == {"C2:C2001": "=lists!$C$1:$C$2", "G2:G2001": "=lists!$G$1:$G$1"}
    assert wb["lists"].sheet_state == "hidden" and wb["lists"]["C2"].value == "女"
    assert ROSTER.spec.match([c.value for c in ws[1]]).ok


def test_a_chunk_that_fails_as_a_whole_is_applied_row_by_row(store, campus, tmp_path, monkeypatch):
    """A bed taken between the bulk check and its insert fails the chunk's statement: the rows are then
    applied one at a time, and only the row that really cannot be applied fails."""
    from app.errors import BedTaken

    pv = engine.preview(store, campus.clerk, ROSTER, xlsx(tmp_path / "r.xlsx", GOOD[:3]))
    real = ROSTER.apply_many

    def racing(s, actor, jid, rows):
        if len(rows) > 1:
            raise BedTaken("Bed 1 of B1-101 was just taken at another workstation.")
        if rows[0].key == "002026002":
            raise BedTaken("Bed 2 of B1-101 was just taken at another workstation.")
        return real(s, actor, jid, rows)
    monkeypatch.setattr(ROSTER, "apply_many", racing)
    job = run_all(store, campus.clerk, pv)
    assert (job.status, job.rows_done, job.failed) == ("done", 3, 1)
    [failed] = engine.job_rows(store, job.id, ["failed"])
    assert failed.key == "002026002" and failed.messages[-1] == "Bed 2 of B1-101 was just taken at another workstation."
    assert counts(store)[:2] == (2, 2)
