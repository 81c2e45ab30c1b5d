"""Batch exchange (调宿, issue 13 item 3): moves, swaps and cycles checked as a whole after all moves and
applied in one transaction or not at all; each mover's share of the room left, by the settlement
policy (water carried in the student's name, electricity listed, debts listed); a repeated key; the
Excel import through the engine (one chunk, all or none); a bed taken between preview and apply."""
from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import func, select

from app.access import Actor
from app.batch import exchange
from app.batch.exchange import Move
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import IdempotencyConflict, InvalidInput
from app.imports import engine
from app.imports.exchange_kind import EXCHANGE
from db.models import (
    AuditRecord,
    ElectricityMeter,
    ImportJob,
    ImportRow,
    LedgerEntry,
    Occupancy,
    Purchase,
    Setting,
    ShareTransfer,
)
from tests.factories import make_campus


@pytest.fixture
def campus(store):
    """Four male rooms of two beds: 101 m0 m1 · 102 m2 m3 · 103 m4 (bed 2 free) · 104 m6; m7, m8 without a bed."""
    c = make_campus(store, rooms_per_gender=4, beds=2, students_per_gender=9)
    for no, room, bed in (("m0", "101", "1"), ("m1", "101", "2"), ("m2", "102", "1"), ("m3", "102", "2"),
                          ("m4", "103", "1"), ("m6", "104", "1"), ("f0", "201", "1")):
        occupancy.check_in(store, c.clerk, sid(c, no), c.rooms[f"B1-{room}"], bed)
    return c


def no(name: str) -> str:
    """m3 -> the male student 202610003, f0 -> the female 202620000."""
    return f"2026{'1' if name[0] == 'm' else '2'}{int(name[1:]):04d}"


def sid(c, name: str) -> int:
    return c.students[no(name)]


def places(store, c, *names) -> dict[str, str | None]:
    out = {}
    for n in names:
        stay = occupancy.current_stay(store, sid(c, n))
        out[n] = f"{stay.room_code}/{stay.bed_label}" if stay else None
    return out


def moves_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "occupancy.move"))


def stays_count(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(Occupancy))


EVERYONE = ("m0", "m1", "m2", "m3", "m4", "m6", "f0")
BEFORE = {"m0": "B1-101/1", "m1": "B1-101/2", "m2": "B1-102/1", "m3": "B1-102/2", "m4": "B1-103/1",
          "m6": "B1-104/1", "f0": "B1-201/1"}


def test_a_move(store, campus):
    res = exchange.apply_moves(store, campus.clerk, [Move(no("m0"), "B1-103", "2")], key="one")
    assert places(store, campus, "m0", "m4") == {"m0": "B1-103/2", "m4": "B1-103/1"}
    assert [(m.student_no, m.from_room_code, m.from_bed, m.to_room_code, m.to_bed) for m in res.moved] == [
        (no("m0"), "B1-101", "1", "B1-103", "2")]
    assert moves_count(store) == 1


def test_a_swap_between_two_full_rooms(store, campus):
    exchange.apply_moves(store, campus.clerk, [Move(no("m0"), "B1-102", "1"), Move(no("m2"), "b1-101", "1")],
                         key="swap")
    assert places(store, campus, "m0", "m2", "m1", "m3") == {"m0": "B1-102/1", "m2": "B1-101/1", "m1": "B1-101/2",
                                                             "m3": "B1-102/2"}


def test_a_three_cycle_through_full_rooms_without_beds_named(store, campus):
    occupancy.check_in(store, campus.clerk, sid(campus, "m7"), campus.rooms["B1-103"])      # 103 full too
    exchange.apply_moves(store, campus.clerk, [Move(no("m0"), "B1-102"), Move(no("m2"), "B1-103"),
                                               Move(no("m4"), "B1-101")], key="cycle")
    # each takes the one bed the cycle frees in the room it goes to
    assert places(store, campus, "m0", "m2", "m4") == {"m0": "B1-102/1", "m2": "B1-103/1", "m4": "B1-101/1"}
    assert moves_count(store) == 3


def test_a_cycle_with_a_room_of_the_other_gender_changes_nothing(store, campus):
    audits, stays = moves_count(store), stays_count(store)
    moves = [Move(no("m0"), "B1-102", "1"), Move(no("m2"), "B1-103", "2"), Move(no("m4"), "B1-201", "2")]
    with store.read() as s:
        plans = exchange.plan_moves(s, moves)
    assert [p.errors for p in plans[:2]] == [[], []]
    assert plans[2].errors == [f"B1-201 is a female room; 学生M4 ({no('m4')}) is male."]
    with pytest.raises(exchange.ExchangeRefused, match="row 3 .*B1-201 is a female room") as err:
        exchange.apply_moves(store, campus.clerk, moves, key="bad-cycle")
    assert "nothing changed" in str(err.value)
    assert [p.row for p in err.value.plans if p.errors] == [3]
    assert places(store, campus, *EVERYONE) == BEFORE
    assert (moves_count(store), stays_count(store)) == (audits, stays)


def test_a_cycle_plus_a_move_into_a_bed_the_cycle_frees(store, campus):
    moves = [Move(no("m0"), "B1-102", "1"), Move(no("m2"), "B1-103", "2"), Move(no("m4"), "B1-101", "1"),
             Move(no("m6"), "B1-103", "1")]                 # m4's bed, free once m4 has left it
    exchange.apply_moves(store, campus.clerk, moves, key="cycle+move")
    assert places(store, campus, "m0", "m1", "m2", "m3", "m4", "m6") == {
        "m0": "B1-102/1", "m1": "B1-101/2", "m2": "B1-103/2", "m3": "B1-102/2", "m4": "B1-101/1", "m6": "B1-103/1"}
    assert occupancy.occupants(store, campus.rooms["B1-104"]) == []


def test_two_students_to_one_bed_are_refused(store, campus):
    moves = [Move(no("m0"), "B1-103", "2"), Move(no("m6"), "B1-103", "2"), Move(no("m1"), "B1-102")]
    with store.read() as s:
        plans = exchange.plan_moves(s, moves)
    assert plans[0].errors == []
    assert plans[1].errors == [f"Bed 2 of B1-103 is also given to 学生M0 ({no('m0')}) on row 1; one bed cannot "
                               "take two students."]
    assert plans[2].errors == [f"B1-102 has no free bed left for 学生M1 ({no('m1')}) after this exchange (2 beds: "
                               "2 kept by students who stay, 0 given on rows -)."]
    with pytest.raises(exchange.ExchangeRefused):
        exchange.apply_moves(store, campus.clerk, moves, key="crowded")
    assert places(store, campus, *EVERYONE) == BEFORE


def test_each_row_says_why(store, campus):
    with store.write() as s:
        from db.models import Student
        s.get(Student, sid(campus, "m8")).status = "graduated"
    moves = [Move("999", "B1-101"), Move(no("m7"), "B1-103"), Move(no("m8"), "B1-103"), Move(no("m3"), "B1-103", "9"),
             Move(no("m1"), "B1-101"), Move(no("m3"), "B1-104"), Move(no("m6"), "B9-999"),
             Move(no("m2"), "B1-102", "1", row=42)]
    with store.read() as s:
        errors = [p.errors for p in exchange.plan_moves(s, moves)]
    assert errors == [
        ["There is no student with number 999."],
        [f"学生M7 ({no('m7')}) is not checked in anywhere, so there is nothing to move; check them in instead."],
        [f"学生M8 ({no('m8')}) has status “graduated” and cannot move.",
         f"学生M8 ({no('m8')}) is not checked in anywhere, so there is nothing to move; check them in instead."],
        ["B1-103 has no bed 9."],
        [f"学生M1 ({no('m1')}) already lives in B1-101, bed 2."],
        [f"The student {no('m3')} is also on row 4; list each student once."],
        ["There is no room “B9-999”."],
        [f"学生M2 ({no('m2')}) already lives in B1-102, bed 1."],
    ]
    with pytest.raises(exchange.ExchangeRefused, match=r"row 42 \(学生M2"):
        exchange.apply_moves(store, campus.clerk, moves, key="all-wrong")


def test_a_repeated_key_changes_nothing(store, campus):
    moves = [Move(no("m0"), "B1-102", "1"), Move(no("m2"), "B1-101", "1")]
    first = exchange.apply_moves(store, campus.clerk, moves, key="term-end-7")
    audits, stays = moves_count(store), stays_count(store)
    again = exchange.apply_moves(store, campus.clerk, moves, key="term-end-7")
    assert again.replayed and not first.replayed
    assert [(m.student_no, m.to_room_code, m.to_bed, m.occupancy_id) for m in again.moved] == [
        (m.student_no, m.to_room_code, m.to_bed, m.occupancy_id) for m in first.moved]
    assert (moves_count(store), stays_count(store)) == (audits, stays)
    assert places(store, campus, "m0", "m2") == {"m0": "B1-102/1", "m2": "B1-101/1"}
    with pytest.raises(IdempotencyConflict, match="different exchange"):
        exchange.apply_moves(store, campus.clerk, [Move(no("m0"), "B1-103", "2")], key="term-end-7")
    with pytest.raises(InvalidInput, match="idempotency key"):
        exchange.apply_moves(store, campus.clerk, moves, key=" ")


# ----- money ---------------------------------------------------------------------------------------------


@pytest.fixture
def paid(store, campus):
    """Room 101: m0 paid ¥100.00 electricity and ¥20.00 water; the room used ¥30.01 and ¥5.00 (split
    between m0 and m1, the odd fen to m0's lower number); m1 paid nothing."""
    shifts.open_shift(store, campus.clerk, Money(0))
    rid = campus.rooms["B1-101"]
    for utility, fen in (("electricity", 10000), ("water", 2000)):
        payments.recharge(store, campus.clerk, room_id=rid, utility=utility, amount=Money(fen), method="cash",
                          payer_id=sid(campus, "m0"), key=f"pay-{utility}")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, rid, "electricity"), Money(3001), key="e")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, rid, "water"), Money(500), key="w")
    return campus


def balances(store, c, room: str) -> dict[str, int]:
    rid = c.rooms[room]
    return {u: Ledger(store).balance(payments.account_for(store, rid, u)).fen for u in ("electricity", "water")}


def test_shares_are_carried_in_the_students_name_water_at_once_electricity_through_the_meters(store, paid):
    c = paid
    moves = [Move(no("m0"), "B1-103", "2"), Move(no("m1"), "B1-104", "2")]
    plans = exchange.preview(store, c.clerk, moves)
    m0, m1 = ({u: (sh.due_fen, sh.refundable_fen, sh.owed_fen, sh.carried_fen, sh.left_fen)
               for u, sh in p.shares.items()} for p in plans)
    # electricity: paid 100.00, share 15.01: due 84.99, the room holds 69.99 (m1 owes 15.00): all carried
    assert m0 == {"electricity": (8499, 6999, 0, 6999, 0), "water": (1750, 1500, 0, 1500, 0)}
    assert m1 == {"electricity": (-1500, 0, 1500, 0, 0), "water": (-250, 0, 250, 0, 0)}
    with payments_purchases(store) as before:
        res = exchange.apply_moves(store, c.clerk, moves, key="money")
    assert before.new == 1                                   # the old meter's debit; its credit follows delivery
    assert res.carried_fen("water") == 1500 and res.carried_fen("electricity") == 6999
    assert sorted(res.debts()) == sorted([(no("m1"), "electricity", 1500), (no("m1"), "water", 250)])
    assert res.left() == []
    # electricity waits for the old meter: still in B1-101's balance, but gone from what it can refund
    assert balances(store, c, "B1-101") == {"electricity": 6999, "water": 0}
    assert payments.refundable(store, payments.account_for(store, c.rooms["B1-101"], "electricity")) == Money(0)
    assert balances(store, c, "B1-103") == {"electricity": 0, "water": 1500}
    assert balances(store, c, "B1-104") == {"electricity": 0, "water": 0}
    with store.read() as s:
        t = s.get(ShareTransfer, res.moved[0].meter_transfers["electricity"])
        debit = s.get(Purchase, t.debit_purchase_id)
        assert (t.status, t.amount_fen, t.student_id, debit.amount, debit.status) == (
            "awaiting_meter", 6999, sid(c, "m0"), -6999, "pending")
    with store.read() as s:
        legs = s.execute(select(LedgerEntry.kind, LedgerEntry.amount_fen, LedgerEntry.student_id)
                         .where(LedgerEntry.operation_id == res.moved[0].transfers["water"])
                         .order_by(LedgerEntry.id)).all()
    assert [tuple(x) for x in legs] == [("transfer", -1500, sid(c, "m0")), ("transfer", 1500, sid(c, "m0"))]
    assert Ledger(store).verify() == []
    # the policy counts the transfer as m0's paid-in in the new room: a check-out there gives it back
    water = settlement.preview(store, sid(c, "m0"))["water"]
    assert (water.transferred_fen, water.refundable_fen) == (1500, 1500)
    # a repeat posts nothing more
    exchange.apply_moves(store, c.clerk, moves, key="money")
    assert balances(store, c, "B1-103") == {"electricity": 0, "water": 1500}
    assert Ledger(store).verify() == []


def test_without_a_meter_in_the_new_room_the_electricity_share_stays_for_a_refund(store, paid):
    c = paid
    with store.write() as s:                 # B1-103's meter taken out of service
        m = s.scalar(select(ElectricityMeter).where(ElectricityMeter.room_id == c.rooms["B1-103"]))
        m.room_id = None
    with payments_purchases(store) as before:
        res = exchange.apply_moves(store, c.clerk, [Move(no("m0"), "B1-103", "2")], key="no-meter")
    assert before.new == 0
    assert res.left() == [(no("m0"), "electricity", 6999)] and res.carried_fen("water") == 1500
    assert res.moved[0].meter_transfers == {}
    # the counter can refund it to m0, who lived there
    assert payments.refundable(store, payments.account_for(store, c.rooms["B1-101"], "electricity")) == Money(6999)


def test_two_leavers_of_one_room_are_capped_by_what_it_can_refund(store, paid):
    c = paid
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="water", amount=Money(300), method="cash",
                      payer_id=sid(c, "m1"), key="m1-water")
    # water: balance 18.00; m0 due 17.50, m1 due 3.00 - 2.50 = 0.50: both carried in full
    res = exchange.apply_moves(store, c.clerk, [Move(no("m1"), "B1-103"), Move(no("m0"), "B1-104")], key="two")
    assert {m.student_no: m.shares["water"].carried_fen for m in res.moved} == {no("m1"): 50, no("m0"): 1750}
    assert balances(store, c, "B1-101")["water"] == 0
    assert Ledger(store).verify() == []


def test_the_office_policy_decides_the_share_equal_split(store, paid):
    c = paid
    settlement.set_policy(store, c.admin, "equal_split")
    # water: the room's ¥15.00 split between the two present; m0 takes half along, whoever paid
    res = exchange.apply_moves(store, c.clerk, [Move(no("m0"), "B1-103", "2")], key="equal")
    water = res.moved[0].shares["water"]
    assert (water.policy, water.due_fen, water.carried_fen) == ("equal_split", 750, 750)
    assert balances(store, c, "B1-101")["water"] == 750 and balances(store, c, "B1-103")["water"] == 750
    assert Ledger(store).verify() == []


class payments_purchases:
    """Counts the meter credits queued inside the block."""

    def __init__(self, store) -> None:
        self.store = store

    def _count(self) -> int:
        with self.store.read() as s:
            return s.scalar(select(func.count()).select_from(Purchase))

    def __enter__(self):
        self.start = self._count()
        return self

    def __exit__(self, *exc) -> None:
        self.new = self._count() - self.start


# ----- Excel ---------------------------------------------------------------------------------------------

HEADER = ["学号\nStudent no.", "姓名\nName", "目标楼栋\nTarget building", "目标房间\nTarget room", "目标床位\nTarget bed"]


def xlsx(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2026-2027学年第一学期调宿名单"])
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


CYCLE = [(no("m0"), "学生M0", "B1", "102", "1"), (no("m2"), None, "一号楼", "103", "2"), (no("m4"), None, None,
                                                                                      "B1-101", None)]


def test_an_xlsx_cycle_is_previewed_then_applied_in_one_go(store, campus, tmp_path):
    pv = engine.preview(store, campus.clerk, EXCHANGE, xlsx(tmp_path / "调宿.xlsx", CYCLE))
    assert pv.header_row == 2 and pv.counts() == {"new": 0, "update": 3, "unchanged": 0, "warning": 0, "error": 0}
    assert [r.changes["bed"] for r in pv.rows] == [("B1-101/1", "B1-102/1"), ("B1-102/1", "B1-103/2"),
                                                   ("B1-103/1", "B1-101/1")]
    assert pv.summary["students"] == 3 and pv.summary["rooms"] == 3
    assert places(store, campus, *EVERYONE) == BEFORE               # a dry run writes nothing
    job = engine.start(store, campus.clerk, EXCHANGE, pv)
    seen = []
    view = engine.run(store, campus.clerk, EXCHANGE, job, chunk=1, progress=lambda d, t: seen.append((d, t)))
    assert (view.status, view.rows_done, view.failed) == ("done", 3, 0)
    assert seen == [(3, 3)]                                          # one chunk despite chunk=1
    assert places(store, campus, "m0", "m2", "m4") == {"m0": "B1-102/1", "m2": "B1-103/2", "m4": "B1-101/1"}


def test_an_xlsx_with_one_bad_row_marks_every_row(store, campus, tmp_path):
    rows = [*CYCLE[:2], (no("m4"), None, "B1", "201", None), (no("m6"), "张三", "B1", "104", "2")]
    pv = engine.preview(store, campus.clerk, EXCHANGE, xlsx(tmp_path / "bad.xlsx", rows))
    assert pv.counts()["error"] == 4
    assert pv.rows[2].errors == [f"B1-201 is a female room; 学生M4 ({no('m4')}) is male."]
    assert pv.rows[3].errors[0] == (f"姓名 (Name): the row says “张三”, but student {no('m6')} is 学生M6; check the "
                                    "student number.")
    assert pv.rows[0].errors == [
        f"Another row of this file cannot be applied — row 5: B1-201 is a female room; 学生M4 ({no('m4')}) is male; "
        f"row 6: 姓名 (Name): the row says “张三”, but student {no('m6')} is 学生M6; check the student number. An "
        "exchange is applied whole or not at all: correct those rows and import the file again."]
    with pytest.raises(InvalidInput, match="Nothing to import"):
        engine.start(store, campus.clerk, EXCHANGE, pv)
    written = engine.error_workbook(pv, tmp_path / "errors.xlsx")
    assert written == 4


def test_a_bed_taken_between_preview_and_apply_fails_the_whole_file(store, campus, tmp_path):
    pv = engine.preview(store, campus.clerk, EXCHANGE, xlsx(tmp_path / "调宿.xlsx", CYCLE))
    job = engine.start(store, campus.clerk, EXCHANGE, pv)
    # meanwhile a clerk puts m7 into 103 bed 2, where the file's m2 goes
    occupancy.check_in(store, campus.clerk, sid(campus, "m7"), campus.rooms["B1-103"], "2")
    audits = moves_count(store)
    view = engine.run(store, campus.clerk, EXCHANGE, job)
    assert (view.status, view.failed) == ("done", 3)
    rows = engine.job_rows(store, job)
    assert rows[1].messages[-1] == (f"Bed 2 of B1-103 is taken by 学生M7 ({no('m7')}), who is not part of this "
                                    "exchange.")
    assert rows[0].messages[-1] == (f"Not applied: another row of this file cannot be applied now — row 4: Bed 2 of "
                                    f"B1-103 is taken by 学生M7 ({no('m7')}), who is not part of this exchange.")
    assert places(store, campus, *EVERYONE) == BEFORE
    assert moves_count(store) == audits


def test_the_window_list_refused_when_a_bed_was_taken_after_its_preview(store, campus):
    moves = [Move(no("m0"), "B1-103"), Move(no("m2"), "B1-101", "1")]
    assert [p.to_bed for p in exchange.preview(store, campus.clerk, moves)] == ["2", "1"]
    occupancy.check_in(store, campus.clerk, sid(campus, "m7"), campus.rooms["B1-103"], "2")
    with pytest.raises(exchange.ExchangeRefused, match="B1-103 has no free bed left"):
        exchange.apply_moves(store, campus.clerk, moves, key="late")
    assert places(store, campus, *EVERYONE) == BEFORE


def test_the_engine_rolls_back_an_atomic_kind_when_one_row_fails(store, campus):
    """The engine's `atomic` switch: whatever the kind wrote is undone when any row fails, and every row
    fails, the others naming the first failure."""

    class Fussy:
        name, permission, atomic = "fussy", "batch.import", True

        def apply_many(self, s, actor, job_id, rows):
            s.add(Setting(key="written-by-fussy", value=1))
            s.flush()
            return {rows[1].id: "This row is wrong."}

    with store.write() as s:
        job = ImportJob(kind="fussy", file_name="f.xlsx", file_sha256="0" * 64, status="running", rows_total=3,
                        rows_done=0, created_by=campus.clerk.id, summary={})
        s.add(job)
        s.flush()
        for n in (2, 3, 4):
            s.add(ImportRow(job_id=job.id, row_number=n, status="update", key=str(n), payload={}, messages=[],
                            applied=False))
        job_id = job.id
    view = engine.run(store, campus.clerk, Fussy(), job_id, chunk=2)
    assert (view.status, view.failed) == ("done", 3)
    assert [r.messages for r in engine.job_rows(store, job_id)] == [
        ["Not applied, because the rows are applied all or none — row 3: This row is wrong."],
        ["This row is wrong."],
        ["Not applied, because the rows are applied all or none — row 3: This row is wrong."]]
    with store.read() as s:
        assert s.get(Setting, "written-by-fussy") is None
