"""The batch check-out's run made fast without changing what it does (issue 13): several students a
transaction, each in a savepoint; the operator's standing read once a transaction; a refund inside a
check-out not asking again for the locks the check-out holds.

What a person would notice, checked here: a student who fails rolls back alone and the others of the
same transaction are settled and chained; deactivating the clerk between two transactions stops the
rest (each "failed" with the reason, nothing done for them); a lost race runs the transaction again
without settling or reporting anyone twice; the single check-out reads the operator's standing once."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app import operators
from app.access import require
from app.batch import checkout
from app.batch.selection import Selection
from app.campus import occupancy
from app.counter import settlement
from app.errors import PermissionDenied
from app.integrity.verify import verify
from db.errors import StoreConflict
from db.models import AuditRecord, LedgerEntry, Occupancy, RefundRequest, Settlement, Student
from tests.app.counter.test_lock_order import LockWatch
from tests.app.test_batch_checkout import CLASS, IN_CLASS, grads  # noqa: F401 (the fixture)


@pytest.fixture
def c(grads):  # noqa: F811 (the batch check-out tests' class of twelve)
    return grads


BIG = "202620000"          # would be refunded ¥315.00 of water: above the daily limit without an approver


class StandingReads:
    """How often the store is asked for an operator's role and active flag."""

    def __init__(self, store) -> None:
        self.count = 0
        event.listen(store.engine, "before_cursor_execute", self._seen)
        self.engine = store.engine

    def _seen(self, conn, cursor, statement, params, context, many) -> None:
        if statement.lstrip().startswith("SELECT operators.role, operators.active"):
            self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def settled_ids(store) -> set[int]:
    with store.read() as s:
        return set(s.scalars(select(Settlement.student_id)))


def test_a_pinned_operator_is_read_once_and_loses_rights_at_the_next_block(store, c):
    reads = StandingReads(store)
    try:
        with c.clerk.pinned() as clerk:
            for _ in range(5):
                require(clerk, "money.refund")
            assert reads.count == 1
            operators.set_active(store, c.admin, c.clerk.id, False)
            require(clerk, "money.refund")          # within the block: as read at its start
        with pytest.raises(PermissionDenied, match="deactivated"):
            require(clerk, "money.refund")          # the block is over: read again
        with c.clerk.pinned() as again, pytest.raises(PermissionDenied, match="deactivated"):
            require(again, "money.refund")
    finally:
        reads.close()


def test_the_single_check_out_reads_the_standing_once(store, c):
    reads = StandingReads(store)
    try:
        res = settlement.check_out(store, c.clerk, c.students["202610000"], key="desk-1", approver=c.admin)
    finally:
        reads.close()
    assert res.refunds and not res.replayed
    assert reads.count == 2                                  # the clerk once, the approver once (was 13 or so)


def test_a_failed_student_rolls_back_alone_and_the_others_of_the_transaction_are_settled_and_chained(store, c,
                                                                                                   monkeypatch):
    monkeypatch.setattr(checkout, "RUN_CHUNK", 7)
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    assert [ln.student_no for ln in plan.lines].index(BIG) == 6          # the last of the first transaction
    stop = threading.Event()
    run = checkout.run(store, c.clerk, plan, at=plan.at, cancel=stop,   # no approver: BIG fails
                       progress=lambda done, total: stop.set() if done == 7 else None)
    assert [r.status for r in run.results] == ["done"] * 5 + ["debt", "failed"] + ["cancelled"] * 5
    assert "administrator must approve" in run.results[6].reason
    assert settled_ids(store) == {c.students[no] for no in IN_CLASS[:6]}
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(RefundRequest)
                        .where(RefundRequest.student_id == c.students[BIG])) == 0
        assert s.scalar(select(func.count()).select_from(AuditRecord)
                        .where(AuditRecord.action == "settlement.create")) == 6
    assert occupancy.current_stay(store, c.students[BIG]) is not None
    verdict = verify(store)
    # the six before BIG in the same transaction: chained as it committed, though BIG's savepoint rolled back
    assert verdict.ok and verdict.pending == 0, verdict.problems


def test_deactivating_the_clerk_between_two_transactions_stops_the_rest(store, c, monkeypatch):
    monkeypatch.setattr(checkout, "RUN_CHUNK", 5)
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    real, chunks = checkout._run_chunk, []

    def between_chunks(*args, **kwargs):
        chunks.append(len(args[3]))
        if len(chunks) == 2:
            operators.set_active(store, c.admin, c.clerk.id, False)     # while the batch runs
        return real(*args, **kwargs)

    monkeypatch.setattr(checkout, "_run_chunk", between_chunks)
    with store.read() as s:
        entries_before = s.scalar(select(func.count()).select_from(LedgerEntry))
    seen = []
    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin,
                       progress=lambda done, total: seen.append(done))
    assert chunks == [5, 5, 2] and seen == list(range(1, 13))
    first, rest = run.results[:5], run.results[5:]
    assert all(r.settled for r in first)
    assert all(r.status == "failed" and "deactivated" in r.reason for r in rest)
    assert settled_ids(store) == {r.line.student_id for r in first}
    with store.read() as s:
        rest_ids = [r.line.student_id for r in rest]
        assert s.scalar(select(func.count()).select_from(Occupancy).where(
            Occupancy.student_id.in_(rest_ids), Occupancy.end_at.is_(None))) == len(rest)   # still checked in
        assert s.scalar(select(func.count()).select_from(RefundRequest)
                        .where(RefundRequest.student_id.in_(rest_ids))) == 0
        # the first five's refunds only: water paid at once, electricity waiting for the meter
        assert s.scalar(select(func.count()).select_from(LedgerEntry)) == entries_before + sum(
            1 for r in first if r.refund_fen("water"))


def test_a_transaction_that_loses_a_race_runs_again_without_settling_or_reporting_anyone_twice(store, c,
                                                                                           monkeypatch):
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    real, calls = settlement.check_out_in, []

    def loses_once(s, actor, student_id, **kwargs):
        calls.append(student_id)
        if len(calls) == 4:
            raise StoreConflict("Another workstation was changing the same records at the same moment.")
        return real(s, actor, student_id, **kwargs)

    monkeypatch.setattr(settlement, "check_out_in", loses_once)
    seen = []
    run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin,
                       progress=lambda done, total: seen.append(done))
    assert len(calls) == 12 + 4                       # the first four again, after the lost race
    assert seen == list(range(1, 13))                 # each reported once, in order
    assert run.count("done") == 11 and run.count("debt") == 1 and not any(r.replayed for r in run.results)
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Settlement)) == 12
        refunds = s.execute(select(RefundRequest.student_id, RefundRequest.account_id)).all()
        assert len(refunds) == len(set(refunds))                                    # each refund once
        assert s.scalar(select(func.count()).select_from(Occupancy).join(Student).where(
            Student.class_name == CLASS, Occupancy.end_at.is_(None))) == 0


def test_a_transaction_takes_every_stay_then_the_shift_then_the_accounts_before_anything_else(store, c,
                                                                                             monkeypatch):
    """The ledger's lock order with several students a transaction: each chunk's transaction locks
    all its stays, then the clerk's shift, then all their rooms' accounts, before any student's work,
    which then only asks again for rows the transaction holds, then takes the later steps."""
    monkeypatch.setattr(checkout, "RUN_CHUNK", 7)
    plan = checkout.plan(store, c.clerk, Selection(classes=(CLASS,)))
    watch = LockWatch()
    first_stays: dict[int, list] = {}

    def stays_locked_first(state) -> None:
        key = state.session.info.get("lock_watch")
        lock = getattr(state.statement, "_for_update_arg", None)
        if lock is not None and state.is_select and key is not None and key not in first_stays:
            params = state.statement.compile().params
            first_stays[key] = sorted(v for p in params.values() for v in (p if isinstance(p, list) else [p])
                                      if isinstance(v, int))

    event.listen(Session, "do_orm_execute", watch)
    event.listen(Session, "do_orm_execute", stays_locked_first)
    try:
        watch.doing = "batch"
        run = checkout.run(store, c.clerk, plan, at=plan.at, approver=c.admin)
    finally:
        event.remove(Session, "do_orm_execute", stays_locked_first)
        event.remove(Session, "do_orm_execute", watch)
    assert run.count("done") + run.count("debt") == 12
    assert watch.out_of_order() == []
    chunks = [key for key, tables in watch.by_session.items() if "occupancies" in tables]
    assert len(chunks) == 2                                               # 7 students, then 5
    ids = [ln.student_id for ln in plan.lines]
    for key, students in zip(chunks, (ids[:7], ids[7:]), strict=True):
        tables = watch.by_session[key]
        assert tables[:3] == ["occupancies", "shifts", "accounts"] and tables[-1] == "chain_head"
        assert first_stays[key] == sorted(students)         # the first lock: every stay of the chunk at once
