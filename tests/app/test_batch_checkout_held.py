"""The batch check-out reads what a chunk needs once, after its locks and before any student's savepoint
(`settlement.lock_stays_in`, `payments.Held`), and asks the store per student only for what a student
changes: the room's entries, the refunds and the writes (issue 13, item 8).

What a person would notice, checked here: a refund asked for between the dry run and the run is counted
(the student is not paid the same money twice); a student whose check-out fails after their refunds
were written rolls back alone, and the next student of the same room is settled exactly as if the
failed one had never been tried (balances, receipt numbers, the chain); a student moved while the run
is under way is skipped, not checked out of the room they moved to; on PostgreSQL the chunk's locks
outlive a student's rolled-back savepoint, and a clerk recharging a room of the chunk at another
workstation waits for the chunk, then lands on the balance the chunk left (no lost update, no
deadlock); and the run and the slips ask the store a bounded number of times per student."""
from __future__ import annotations

import re
import threading

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from app import operators
from app.access import Actor
from app.batch import checkout
from app.batch.selection import Selection
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import DormWattError
from app.integrity.verify import verify
from db.models import Account, LedgerEntry, Receipt, RefundRequest, Settlement, Shift
from tests.app.counter.test_concurrency_pg import deadlocks
from tests.app.test_batch_checkout import CLASS, grads  # noqa: F401 (the fixture)
from tests.waiting import wait_for


@pytest.fixture
def c(grads):  # noqa: F811 (the batch check-out tests' class of twelve)
    return grads


class Statements:
    """The SQL statements the store is asked to run while counting (BEGIN/SAVEPOINT included)."""

    def __init__(self, store) -> None:
        self.seen: list[str] = []
        self.engine = store.engine
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, params, context, many) -> None:
        self.seen.append(re.sub(r"\s+", " ", statement))

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def refunds_of(store, student_id: int) -> dict[str, int]:
    """Utility -> fen asked back for the student, all their refund requests together."""
    with store.read() as s:
        rows = s.execute(select(Account.utility, func.sum(RefundRequest.amount_fen))
                         .join(Account, Account.id == RefundRequest.account_id)
                         .where(RefundRequest.student_id == student_id, RefundRequest.status != "failed")
                         .group_by(Account.utility)).all()
        return {u: int(fen) for u, fen in rows}


def _stay_fails_to_end(monkeypatch, student_id: int) -> None:
    """Ending this student's stay raises, as a failure half-way through their check-out would."""
    real = occupancy.end_stay_in

    def fails(s, actor, occ, at):
        if occ.student_id == student_id:
            raise DormWattError("The stay could not be ended (a test's failure).")
        return real(s, actor, occ, at)

    monkeypatch.setattr(occupancy, "end_stay_in", fails)


def test_a_refund_asked_for_between_the_dry_run_and_the_run_is_counted_once(store, c):
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    who = c.students["202610001"]
    planned = next(ln for ln in plan.lines if ln.student_id == who).refund_fen("electricity")
    assert planned > 500
    elec = payments.account_for(store, c.rooms["B1-101"], "electricity")
    payments.request_refund(store, c.clerk, account_id=elec, amount=Money(500), student_id=who, key="at-the-desk")
    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
    got = next(r for r in run.results if r.line.student_id == who)
    assert got.status == "done" and got.refund_fen("electricity") == planned - 500
    assert refunds_of(store, who)["electricity"] == planned              # the desk's 5.00 and the rest: once
    assert Ledger(store).verify() == []


def test_a_student_rolled_back_after_their_refunds_leaves_the_next_of_the_room_exact(store, c, monkeypatch):
    """202610003 fails after both refunds were written (the water one paid: an entry, a receipt number,
    a counter transaction, the room's balance): all of it rolls back, and 202610004, next in the same
    room and the same transaction, is settled exactly as the single check-out would settle them with
    202610003 still there. The room used water and 202610005 never paid, so the room holds only just
    enough: a balance kept from before the rollback would refuse 202610004's water refund."""
    room = c.rooms["B1-102"]
    water = payments.account_for(store, room, "water")
    Ledger(store).consumption(Actor.system(), water, Money(600), key="water-use-B1-102")
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    first, second = c.students["202610003"], c.students["202610004"]
    alone = settlement.preview(store, second, at=plan.at)      # 202610003 staying
    assert alone["water"].refundable_fen == 1300                 # paid 15.00, a third of 6.00 used
    before = Ledger(store).balance(water)
    _stay_fails_to_end(monkeypatch, first)
    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
    by_id = {r.line.student_id: r for r in run.results}
    assert by_id[first].status == "failed" and "test's failure" in by_id[first].reason
    assert occupancy.current_stay(store, first) is not None and refunds_of(store, first) == {}
    nxt = by_id[second]
    assert nxt.status == "done", nxt.reason
    assert {u: nxt.refund_fen(u) for u in alone} == {u: st.refundable_fen for u, st in alone.items()}
    with store.read() as s:
        entries = s.execute(select(LedgerEntry.amount_fen, LedgerEntry.balance_after_fen, LedgerEntry.student_id)
                            .where(LedgerEntry.account_id == water, LedgerEntry.kind == "refund")
                            .order_by(LedgerEntry.id)).all()
        # the room's only water refund is the second student's, from the balance before the run
        assert entries == [(-1300, before.fen - 1300, second)]
        numbers = list(s.scalars(select(Receipt.number).order_by(Receipt.number)))
        assert numbers == list(range(1, len(numbers) + 1))            # the rolled-back number given back
        assert s.scalar(select(func.count()).select_from(Settlement)) == run.count("done") + run.count("debt")
    assert Ledger(store).verify() == []
    verdict = verify(store)
    assert verdict.ok and verdict.pending == 0, verdict.problems


def test_a_student_moved_while_the_run_is_under_way_is_skipped_not_checked_out_of_the_new_room(store, c,
                                                                                               monkeypatch):
    monkeypatch.setattr(checkout, "RUN_CHUNK", 7)
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    mover = c.students["202620003"]                                 # B1-202, in the second chunk
    assert [ln.student_id for ln in plan.lines].index(mover) >= 7
    real, chunks = checkout._run_chunk, []

    def between_chunks(*args, **kwargs):
        chunks.append(1)
        if len(chunks) == 2:                                        # after the run read where everyone lives
            occupancy.move(store, c.clerk, mover, c.rooms["B1-201"])
        return real(*args, **kwargs)

    monkeypatch.setattr(checkout, "_run_chunk", between_chunks)
    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
    moved = next(r for r in run.results if r.line.student_id == mover)
    assert moved.status == "skipped" and "B1-201" in moved.reason, moved.reason
    assert occupancy.current_stay(store, mover).room_code == "B1-201"     # still living where they moved
    assert refunds_of(store, mover) == {}
    assert run.count("done") + run.count("debt") == 11


def test_the_run_and_the_slips_ask_the_store_a_bounded_number_of_times(store, c, monkeypatch):
    """Once a chunk: the stays, the shift, the accounts, the settlements, the refund keys, the school, the
    payment methods, the operator. Per student: the room's stays and entries (five), the refunds and the
    writes; was about 65 a student, now at most 40. The slips: a few statements for all of them."""
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    seen = Statements(store)
    try:
        run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
        in_run = list(seen.seen)
        seen.seen.clear()
        pdf = checkout.slips_pdf(store, run.settlement_ids)
        in_slips = list(seen.seen)
    finally:
        seen.close()
    assert run.count("done") + run.count("debt") == 12 and pdf
    assert len(in_run) <= 40 * 12, len(in_run)
    # nothing the chunk holds is asked again per student (one chunk of twelve: a few times in all)
    for held in ("FROM shifts", "FROM settings", "SELECT accounts.id FROM accounts", "FROM operators",
                 "FROM settlements", "FROM occupancies JOIN beds ON beds.id = occupancies.bed_id WHERE "
                 "occupancies.student_id"):
        assert sum(held in q for q in in_run) <= 6, held
    assert len(in_slips) <= 15, in_slips


# ----- PostgreSQL: another workstation at the same time ----------------------------------------------

def _nowait(store, sql: str, **params) -> bool:
    """True when another connection could lock the rows at once (FOR UPDATE NOWAIT)."""
    with store.engine.connect() as conn:
        try:
            conn.execute(text(sql + " FOR UPDATE NOWAIT"), params)
            return True
        except OperationalError:
            return False
        finally:
            conn.rollback()


def _waiting_on_a_lock(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND wait_event_type = 'Lock'")).scalar_one()


def test_pg_the_chunk_keeps_its_locks_past_a_rollback_and_a_recharge_elsewhere_waits_then_lands(store, c,
                                                                                               monkeypatch):
    if store.dialect != "postgresql":
        pytest.skip("row locks and a second workstation at the same time: PostgreSQL")
    monkeypatch.setattr(checkout, "RUN_CHUNK", 7)           # B1-101 (3), B1-102 (3), then 202620000
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    first = c.students["202610000"]
    _stay_fails_to_end(monkeypatch, first)
    clerk2 = operators.create_operator(store, c.admin, "clerk2", "赵敏", "clerk-pass", "clerk")
    shifts.open_shift(store, clerk2, Money(0))
    water_101 = payments.account_for(store, c.rooms["B1-101"], "water")
    water_102 = payments.account_for(store, c.rooms["B1-102"], "water")
    with store.read() as s:
        shift_id = s.scalar(select(Shift.id).where(Shift.operator_id == c.clerk.id, Shift.closed_at.is_(None)))
    deadlocks_before = deadlocks(store)
    locked, recharged, errors = {}, {}, []

    def elsewhere():
        try:
            recharged["res"] = payments.recharge(store, clerk2, room_id=c.rooms["B1-102"], utility="water",
                                                 amount=Money(1000), method="cash", key="second-desk")
        except Exception as exc:   # noqa: BLE001 (what the second clerk would see)
            errors.append(exc)

    desk = threading.Thread(target=elsewhere)

    def after_student(done, total):
        if done != 1:
            return
        # the first student's savepoint has rolled back (their refunds had locked B1-101 again inside it)
        locked["shift"] = not _nowait(store, "SELECT id FROM shifts WHERE id = :i", i=shift_id)
        locked["B1-101"] = not _nowait(store, "SELECT id FROM accounts WHERE id = :i", i=water_101)
        locked["B1-102"] = not _nowait(store, "SELECT id FROM accounts WHERE id = :i", i=water_102)
        desk.start()
        locked["desk waits"] = wait_for(lambda: _waiting_on_a_lock(store) >= 1, timeout=20)

    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin, progress=after_student)
    desk.join(timeout=60)
    assert not desk.is_alive() and errors == []
    assert locked == {"shift": True, "B1-101": True, "B1-102": True, "desk waits": True}
    by_id = {r.line.student_id: r for r in run.results}
    assert by_id[first].status == "failed"
    in_102 = [r for r in run.results if r.line.room_code == "B1-102"]
    assert [r.status for r in in_102] == ["done", "done", "debt"]
    for r in in_102:                                            # settled before the recharge: as planned
        assert all(r.refund_fen(u) == r.line.refund_fen(u) for u in ("electricity", "water"))
    with store.read() as s:
        rows = s.execute(select(LedgerEntry.kind, LedgerEntry.amount_fen, LedgerEntry.balance_after_fen)
                         .where(LedgerEntry.account_id == water_102).order_by(LedgerEntry.id)).all()
    assert rows[-1][:2] == ("recharge", 1000)                  # the second desk's, after the chunk's refunds
    assert rows[-1][2] == sum(fen for _, fen, _ in rows)       # on the balance the chunk left: nothing lost
    assert Ledger(store).balance(water_102).fen == rows[-1][2]
    assert Ledger(store).verify() == []
    assert deadlocks(store) == deadlocks_before
