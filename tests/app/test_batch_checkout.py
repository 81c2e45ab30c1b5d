"""Batch check-out (issue 13, item 4): a class of twelve students across four rooms checked out at once.

One of them owes money (listed as a debt, checked out, the debt on the summary), one would be refunded
more than the office's daily limit (failed with the reason, still checked in, the others done); the dry
run writes nothing; a run cancelled or crashed half-way and run again settles every student exactly
once; the slips are one PDF, a page per student; the summary sheet reads back with the exact amounts."""
from __future__ import annotations

import io
import threading
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from app.access import Actor
from app.batch import checkout
from app.batch.selection import Selection, describe, rooms_in, students_in
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import InvalidInput, NotFound, PermissionDenied, ShiftError
from db.models import (
    AuditRecord,
    Bed,
    Building,
    Bus,
    ElectricityMeter,
    LedgerEntry,
    Occupancy,
    RefundRequest,
    Room,
    Settlement,
    Student,
    WaterMeter,
)
from db.models_imports import ImportJob, ImportRow
from tests.factories import make_campus

CLASS = "计科2601"
PLACES = {   # room -> (student no, bed) in bed order
    "B1-101": ["202610000", "202610001", "202610002", "202610006"],
    "B1-102": ["202610003", "202610004", "202610005"],
    "B1-103": ["202610007"],
    "B1-201": ["202620000", "202620001", "202620002"],
    "B1-202": ["202620003", "202620004", "202620005"],
    "B2-101": ["202630000", "202630001"],
}
IN_CLASS = [no for room in ("B1-101", "B1-102", "B1-201", "B1-202") for no in PLACES[room] if no != "202610006"]


@pytest.fixture
def grads(store):
    """B1 of make_campus (men on floor 1, women on floor 2) and B2 with one room of 机械 students.
    Class 计科2601: twelve checked in (two more not checked in); 202610006/7 are 计科2602."""
    campus = make_campus(store, rooms_per_gender=3, beds=4, students_per_gender=8)
    with store.write() as s:
        bus = s.scalar(select(Bus))
        b2 = Building(code="B2", name="二号楼")
        s.add(b2)
        s.flush()
        room = Room(building_id=b2.id, number="101", floor=1, beds=4, gender="M")
        s.add(room)
        s.flush()
        s.add_all([Bed(room_id=room.id, label=str(k + 1)) for k in range(4)])
        s.add(ElectricityMeter(bus_id=bus.id, address=50, serial_no="E000050", room_id=room.id,
                                installed_on=date(2026, 9, 1)))
        s.add(WaterMeter(bus_id=bus.id, address=150, serial_no="W000050", room_id=room.id,
                          installed_on=date(2026, 9, 1)))
        campus.rooms["B2-101"] = room.id
        for i in range(2):
            st = Student(student_no=f"20263000{i}", name=f"机械{i}", gender="M", college="机械学院",
                         class_name="机械2601", phone=None, status="active")
            s.add(st)
            s.flush()
            campus.students[st.student_no] = st.id
        for no in ("202610006", "202610007"):
            s.get(Student, campus.students[no]).class_name = "计科2602"
    for code, nos in PLACES.items():
        for bed, no in enumerate(nos, 1):
            occupancy.check_in(store, campus.clerk, campus.students[no], campus.rooms[code], str(bed))
    shifts.open_shift(store, campus.clerk, Money(0))

    def pay(no, utility, fen, key):
        room = next(code for code, nos in PLACES.items() if no in nos)
        payments.recharge(store, campus.clerk, room_id=campus.rooms[room], utility=utility, amount=Money(fen),
                          method="cash", payer_id=campus.students[no], key=key)

    for n, no in enumerate(IN_CLASS + ["202610006"]):
        if no == "202610005":
            continue                                             # never paid: owes a share
        pay(no, "electricity", 5000 + 10 * n, f"e-{no}")
        pay(no, "water", 1500, f"w-{no}")
    pay("202620000", "water", 30000, "w-big")                    # ¥315.00 back: above the ¥200 daily limit
    system = Actor.system()
    for code, fen in (("B1-101", 4000), ("B1-102", 3000), ("B1-201", 1500), ("B1-202", 2400)):
        Ledger(store).consumption(system, payments.account_for(store, campus.rooms[code], "electricity"),
                                  Money(fen), key=f"use-{code}")
    return campus


def ids(campus, nos):
    return [campus.students[no] for no in nos]


def row_counts(store) -> dict[str, int]:
    with store.read() as s:
        out = {m.__name__: s.scalar(select(func.count()).select_from(m))
               for m in (LedgerEntry, RefundRequest, Settlement, AuditRecord)}
        out["open stays"] = s.scalar(select(func.count()).select_from(Occupancy).where(Occupancy.end_at.is_(None)))
        return out


def _text(page) -> str:
    return page.extract_text().replace("\n", " ")


# ----- selection ----------------------------------------------------------------------------------

def test_selection_filters_combine_with_and_in_building_room_bed_order(store, grads):
    c = grads
    with store.read() as s:
        assert students_in(s, Selection(classes=(CLASS,))) == ids(c, IN_CLASS)
        assert students_in(s, Selection(buildings=("B2",))) == ids(c, PLACES["B2-101"])
        # a floor without a building: that floor of every building
        assert students_in(s, Selection(floors=(1,))) == ids(c, PLACES["B1-101"] + PLACES["B1-102"]
                                                             + PLACES["B1-103"] + PLACES["B2-101"])
        assert students_in(s, Selection(buildings=("B1",), floors=[1])) == ids(
            c, PLACES["B1-101"] + PLACES["B1-102"] + PLACES["B1-103"])
        assert students_in(s, Selection(colleges=("机械学院",), buildings=("B1",))) == []
        assert students_in(s, Selection(classes=(CLASS,), floors=(2,))) == ids(
            c, PLACES["B1-201"] + PLACES["B1-202"])
        assert students_in(s, Selection(room_ids=(c.rooms["B1-101"],), student_nos=("202610006", "202610000"))) \
            == ids(c, ["202610000", "202610006"])
        # rooms: with a student filter only where such a student lives; without, vacant rooms too
        assert rooms_in(s, Selection(classes=("计科2602",))) == [c.rooms["B1-101"], c.rooms["B1-103"]]
        assert rooms_in(s, Selection(buildings=("B1",), floors=(2,))) == [c.rooms[k] for k in
                                                                          ("B1-201", "B1-202", "B1-203")]
        assert rooms_in(s, Selection(floors=(1,))) == [c.rooms[k] for k in ("B1-101", "B1-102", "B1-103", "B2-101")]
        with pytest.raises(NotFound, match="no building “B9”"):
            students_in(s, Selection(buildings=("B9",)))
    assert Selection(floors=[2, 2, 1], classes=[" 计科2601 "]) == Selection(floors=(1, 2), classes=(CLASS,))
    with pytest.raises(InvalidInput):
        Selection(floors=2)
    assert describe(Selection(buildings=("B1",), floors=(2,), classes=(CLASS,))) == \
        "building B1, floor 2 · class 计科2601"
    assert describe(Selection(floors=(3,))) == "floor 3 of every building"


def test_selection_by_the_rooms_of_an_import(store, grads):
    c = grads
    with store.write() as s:
        job = ImportJob(kind="roster", file_name="roster.xlsx", file_sha256="0" * 64, status="done")
        s.add(job)
        s.flush()
        s.add_all([ImportRow(job_id=job.id, row_number=2, status="new", key="a",
                             payload={"room_id": c.rooms["B1-102"], "bed": "1"}, applied=True),
                   ImportRow(job_id=job.id, row_number=3, status="new", key="b",
                             payload={"room_id": c.rooms["B1-201"], "bed": "1"}, applied=False),   # not applied
                   ImportRow(job_id=job.id, row_number=4, status="update", key="c", payload={}, applied=True)])
        job_id = job.id
    with store.read() as s:
        assert rooms_in(s, Selection(import_job_id=job_id)) == [c.rooms["B1-102"]]
        assert students_in(s, Selection(import_job_id=job_id)) == ids(c, PLACES["B1-102"])
        with pytest.raises(NotFound, match="no import"):
            rooms_in(s, Selection(import_job_id=job_id + 99))
    assert describe(Selection(import_job_id=job_id)) == f"rooms of import {job_id}"


# ----- the class check-out ------------------------------------------------------------------------

def test_a_class_is_planned_then_checked_out_with_its_debt_and_a_refund_above_the_limit(store, grads, tmp_path):
    c = grads
    before = row_counts(store)
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    assert row_counts(store) == before                                  # the dry run wrote nothing
    lines = {ln.student_no: ln for ln in plan.lines}
    assert [ln.student_no for ln in plan.lines] == IN_CLASS
    assert (lines["202610005"].status, lines["202610005"].owed_fen) == ("debt", 1000)   # 30.00 among three
    assert lines["202620000"].refund_fen("water") == 31500
    # the first leaver of a room as the single check-out's preview shows it
    first = settlement.preview(store, c.students["202610000"], at=plan.at)
    assert {u: (st.refundable_fen, st.owed_fen) for u, st in first.items()} == \
        {u: (st.refundable_fen, st.owed_fen) for u, st in lines["202610000"].settlements.items()}
    # B1-102 holds 70.70 of electricity (202610005 owes 10.00): 202610003 is due 40.30, then only 30.40
    # is left for 202610004, who is due 40.40, as when the counter checks them out one after another
    assert lines["202610003"].refund_fen("electricity") == 4030
    assert lines["202610004"].refund_fen("electricity") == 3040
    assert plan.totals.count == 12 and plan.totals.debts_fen == 1000
    assert plan.totals.refunds_fen == sum(ln.refunds_fen for ln in plan.lines)
    assert plan.per_building["B1"].count == 12 and plan.count("debt") == 1 and plan.count("refund") == 11
    dry = list(openpyxl.load_workbook(checkout.summary_xlsx(plan, tmp_path / "dry-run")).active.iter_rows(
        values_only=True))
    assert [r[0] for r in dry[1:-1]] == IN_CLASS and dry[1 + IN_CLASS.index("202610005")][8:10] == (10, "debt")
    assert Decimal(str(dry[-1][6])) + Decimal(str(dry[-1][7])) == Money(plan.totals.refunds_fen).to_decimal()

    seen = []
    run = checkout.run(store, c.clerk, plan, at=plan.at, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 12) for n in range(1, 13)]
    by_no = {r.line.student_no: r for r in run.results}
    big = by_no["202620000"]
    assert big.status == "failed" and "administrator must approve" in big.reason
    assert occupancy.current_stay(store, c.students["202620000"]) is not None     # still checked in
    debt = by_no["202610005"]
    assert (debt.status, debt.owed_fen, debt.refund_fen("electricity")) == ("debt", 1000, 0)
    assert occupancy.current_stay(store, c.students["202610005"]) is None          # checked out all the same
    assert run.count("done") == 10 and run.count("debt") == 1 and run.count("failed") == 1
    for r in run.results:
        if r.settled:
            assert r.refunds_fen == {u: r.line.refund_fen(u) for u in ("electricity", "water")}   # as planned
            assert r.refund_status.get("electricity") in (None, "awaiting_meter")   # queued for the meter
            assert r.refund_status.get("water") in (None, "paid")
    assert run.totals.refunds_fen == plan.totals.refunds_fen - lines["202620000"].refunds_fen
    assert run.totals.debts_fen == 1000 and run.totals.count == 11
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(RefundRequest)
                        .where(RefundRequest.student_id == c.students["202620000"])) == 0

    # the slips: one PDF, a page per settled student, each with their name, number and money
    pdf = PdfReader(io.BytesIO(checkout.slips_pdf(store, run.settlement_ids)))
    settled = [r for r in run.results if r.settled]
    assert len(pdf.pages) == len(settled) == 11
    for page, r in zip(pdf.pages, settled, strict=True):
        text = _text(page)
        assert r.line.name in text and r.line.student_no in text and r.line.room_code in text
        assert Money(sum(r.refunds_fen.values())).display() in text
    assert "尚欠" in _text(pdf.pages[[r.line.student_no for r in settled].index("202610005")])

    # the summary: a row per student, exact money, a totals row, a sheet per building
    path = checkout.summary_xlsx(run, tmp_path / "graduation.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Students"]
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("学号") and len(rows) == 1 + 12 + 1
    got = {r[0]: r for r in rows[1:-1]}
    assert all(isinstance(no, str) for no in got)
    m5 = got["202610005"]
    assert (Decimal(str(m5[8])), m5[9]) == (Decimal("10.00"), "debt")
    f0 = got["202620000"]
    assert f0[6:9] == (None, None, None) and f0[9] == "failed" and "administrator" in f0[10]
    m3 = got["202610003"]
    assert Decimal(str(m3[6])) == Decimal("40.30") and Decimal(str(m3[7])) == Decimal("15.00")
    total = rows[-1]
    assert total[0].startswith("合计")
    assert Decimal(str(total[6])) == Money(run.totals.electricity_fen).to_decimal()
    assert Decimal(str(total[7])) == Money(run.totals.water_fen).to_decimal()
    assert Decimal(str(total[8])) == Decimal("10.00")
    assert ws.cell(row=2, column=7).number_format == checkout.MONEY_FORMAT
    assert ws.cell(row=2, column=1).data_type == "s"
    buildings = list(wb["Buildings"].iter_rows(values_only=True))
    assert buildings[1][0] == "B1" and buildings[1][2] == 11
    assert Decimal(str(buildings[1][5])) == Money(run.totals.refunds_fen).to_decimal()
    assert not list(tmp_path.glob(".dormwatt-*"))                              # no temporary file left


def test_a_cancelled_then_crashed_run_settles_everyone_once_when_run_again(store, grads):
    c = grads
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    stop = threading.Event()

    def cancel_after_three(done, total):
        if done == 3:
            stop.set()

    first = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin, progress=cancel_after_three,
                         cancel=stop)
    assert first.cancelled and first.count("done") == 3 and first.count("cancelled") == 9

    def crash_at_seven(done, total):
        if done == 7:
            raise RuntimeError("the workstation lost power")

    with pytest.raises(RuntimeError):
        checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin, progress=crash_at_seven)
    assert row_counts(store)["Settlement"] == 7
    again = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
    assert not again.cancelled and again.count("failed") == again.count("skipped") == 0
    assert [r.replayed for r in again.results] == [True] * 7 + [False] * 5
    assert again.count("done") == 11 and again.count("debt") == 1
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Settlement)) == 12
        refunds = s.execute(select(RefundRequest.student_id, RefundRequest.account_id, RefundRequest.amount_fen)).all()
        assert len(refunds) == len({(sid, acc) for sid, acc, _ in refunds})        # each refund once
        assert len(refunds) == sum(1 for ln in plan.lines for u in ("electricity", "water") if ln.refund_fen(u))
        assert sum(fen for _, _, fen in refunds) == plan.totals.refunds_fen == again.totals.refunds_fen
        assert s.scalar(select(func.count()).select_from(Occupancy).join(Student)
                        .where(Student.class_name == CLASS, Occupancy.end_at.is_(None))) == 0
    before = row_counts(store)
    assert checkout.run(store, c.clerk, plan, at=plan.at).count("done") == 11    # a third time: nothing new
    assert row_counts(store) == before


def test_students_checked_out_or_moved_since_the_dry_run_are_skipped(store, grads):
    c = grads
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,), floors=(1,)))
    assert len(plan.lines) == 6
    settlement.check_out(store, c.clerk, c.students["202610000"], key="at-the-desk")
    occupancy.move(store, c.clerk, c.students["202610001"], c.rooms["B1-103"])
    run = checkout.run(store, c.clerk, plan, at=plan.at)
    by_no = {r.line.student_no: r for r in run.results}
    assert by_no["202610000"].status == "skipped" and "already checked out" in by_no["202610000"].reason
    assert by_no["202610001"].status == "skipped" and "B1-103" in by_no["202610001"].reason
    assert occupancy.current_stay(store, c.students["202610001"]).room_code == "B1-103"   # left where they are
    assert run.count("done") + run.count("debt") == 4


def test_a_plan_needs_a_selection_and_a_clerk(store, grads):
    c = grads
    with pytest.raises(InvalidInput, match="whole campus"):
        checkout.plan(store, c.clerk, Selection())
    with pytest.raises(PermissionDenied):
        checkout.plan(store, c.tech, Selection(classes=(CLASS,)))
    plan = checkout.plan(store, c.clerk, Selection(classes=("no such class",)))
    assert plan.lines == () and plan.totals.count == 0
    with pytest.raises(InvalidInput, match="payment method"):
        checkout.run(store, c.clerk, Selection(classes=(CLASS,)), at=plan.at, method="bitcoin")
    assert row_counts(store)["Settlement"] == 0


def test_a_run_with_refunds_and_no_open_shift_is_refused_before_anyone_is_checked_out(store, grads):
    """Without an open shift the refunds cannot be paid out: the whole run is refused with the reason,
    before the first student (not each student failed one by one), and nothing is written."""
    c = grads
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    shifts.close_shift(store, c.clerk, Money(shifts.current_shift(store, c.clerk).float_fen))
    before = row_counts(store)
    with pytest.raises(ShiftError, match="Open a shift"):
        checkout.run(store, c.clerk, plan, at=plan.at)
    assert row_counts(store) == before
    assert all(occupancy.current_stay(store, sid) is not None for sid in ids(c, IN_CLASS))
