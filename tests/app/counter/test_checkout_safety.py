"""Check-out is one operation: a crash at any step and a retry settle once and refund once; refunds
waiting for the meter count against the student's share; a water refund never strands."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import audit
from app.campus import occupancy
from app.counter import payments, settlement, shifts
from app.counter.money import Money
from app.errors import NotCheckedIn
from db.models import RefundRequest, Settlement
from tests.factories import make_campus


class Crash(Exception):
    """Stands for the process dying between two steps."""


@pytest.fixture
def room(store):
    campus = make_campus(store)
    rid = campus.rooms["B1-101"]
    a, b = campus.students["202610000"], campus.students["202610001"]
    occupancy.check_in(store, campus.clerk, a, rid)
    occupancy.check_in(store, campus.clerk, b, rid)
    shifts.open_shift(store, campus.clerk, Money(0))
    for who, utility, fen in ((a, "electricity", 3000), (b, "electricity", 10000), (a, "water", 2000)):
        payments.recharge(store, campus.clerk, room_id=rid, utility=utility, amount=Money(fen), method="cash",
                         payer_id=who, key=f"pay-{who}-{utility}")
    return campus, rid, a, b


def _refunded_to(store, student_id: int) -> dict[str, int]:
    """Fen each utility pays back to the student: paid or still on its way (not failed)."""
    with store.read() as s:
        rows = s.execute(select(RefundRequest.account_id, RefundRequest.amount_fen).where(
            RefundRequest.student_id == student_id, RefundRequest.status != "failed")).all()
        from db.models import Account
        out: dict[str, int] = {}
        for acc_id, fen in rows:
            u = s.get(Account, acc_id).utility
            out[u] = out.get(u, 0) + fen
        return out


def _settlements(store, student_id: int) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(Settlement.id)).where(Settlement.student_id == student_id))


def test_a_refund_waiting_for_the_meter_counts_against_the_students_share(store, room):
    campus, rid, a, b = room
    elec = payments.account_for(store, rid, "electricity")
    waiting = payments.request_refund(store, campus.clerk, account_id=elec, amount=Money(3000), student_id=a,
                                      key="early")
    assert waiting.status == "awaiting_meter"
    assert settlement.preview(store, a)["electricity"].refundable_fen == 0
    settlement.check_out(store, campus.clerk, a, key="out-a")
    # a paid in ¥30 and gets ¥30 back, not ¥60 out of b's money
    assert _refunded_to(store, a) == {"electricity": 3000, "water": 2000}


def _crash_at(monkeypatch, action: str, nth: int = 1) -> None:
    real, seen = audit.record, []

    def record(session, actor, what, *args, **kwargs):
        if what == action:
            seen.append(what)
            if len(seen) == nth:
                raise Crash(what)
        return real(session, actor, what, *args, **kwargs)

    monkeypatch.setattr(audit, "record", record)


@pytest.mark.parametrize("step", [("refund.request", 2), ("refund.paid", 1), ("settlement.create", 1),
                                  ("occupancy.check_out", 1)])
@pytest.mark.parametrize("retry_key", ["out-a", "out-a-reopened"])
def test_a_crash_at_any_step_then_a_retry_settles_once_and_refunds_once(store, room, monkeypatch, step, retry_key):
    campus, rid, a, b = room
    with monkeypatch.context() as m:
        _crash_at(m, *step)
        with pytest.raises(Crash):
            settlement.check_out(store, campus.clerk, a, key="out-a")
    res = settlement.check_out(store, campus.clerk, a, key=retry_key)
    assert _settlements(store, a) == 1
    assert _refunded_to(store, a) == {"electricity": 3000, "water": 2000}
    assert occupancy.current_stay(store, a) is None
    again = settlement.check_out(store, campus.clerk, a, key=retry_key)   # the same key once more: the same result
    assert again.settlement_id == res.settlement_id
    assert _settlements(store, a) == 1 and _refunded_to(store, a) == {"electricity": 3000, "water": 2000}
    with pytest.raises(NotCheckedIn):   # a fresh dialog after the check-out finds nobody to settle
        settlement.check_out(store, campus.clerk, a, key="yet-another")


def test_the_dialogs_key_is_the_same_after_a_restart(store, room):
    campus, rid, a, b = room
    stay = occupancy.current_stay(store, a)
    assert settlement.checkout_key(stay) == settlement.checkout_key(occupancy.current_stay(store, a))
    assert settlement.checkout_key(stay) != settlement.checkout_key(occupancy.current_stay(store, b))


# ----- water refunds never strand ----------------------------------------------------------------

def test_a_crash_inside_a_water_refund_leaves_nothing_waiting_and_a_retry_pays(store, room, monkeypatch):
    campus, rid, a, b = room
    water = payments.account_for(store, rid, "water")
    with monkeypatch.context() as m:
        _crash_at(m, "refund.paid")
        with pytest.raises(Crash):
            payments.request_refund(store, campus.clerk, account_id=water, amount=Money(500), student_id=a, key="w1")
    info = payments.request_refund(store, campus.clerk, account_id=water, amount=Money(500), student_id=a, key="w1")
    assert info.status == "paid" and info.receipt_id is not None
    assert payments.refundable(store, water) == Money(1500)
    assert _waiting(store) == 0     # nothing keeps the shift from closing


def _waiting(store) -> int:
    """Refunds still waiting: what keeps a clerk's shift from closing (shifts.close_shift)."""
    with store.read() as s:
        return s.scalar(select(func.count(RefundRequest.id)).where(RefundRequest.status == "awaiting_meter"))


def _stranded_water_refund(store, campus, rid, a, key: str, fen: int) -> int:
    """What a crash between the two transactions of the old water payout left behind."""
    with store.write() as s:
        req = RefundRequest(idempotency_key=key, account_id=payments.account_for(store, rid, "water"),
                            student_id=a, amount_fen=fen, method="cash", status="awaiting_meter",
                            operator_id=campus.clerk.id, reason="")
        s.add(req)
        s.flush()
        return req.id


def test_recovery_on_start_completes_or_cancels_stranded_water_refunds(store, room):
    from app.counter import recovery
    campus, rid, a, b = room
    ok = _stranded_water_refund(store, campus, rid, a, "stranded-ok", 500)
    too_much = _stranded_water_refund(store, campus, rid, a, "stranded-too-much", 5000)
    done = recovery.recover(store)
    assert payments.refund_status(store, ok).status == "paid"
    assert payments.refund_status(store, ok).receipt_id is not None
    assert payments.refund_status(store, too_much).status == "failed"
    assert {r.refund_id: r.status for r in done} == {ok: "paid", too_much: "failed"}
    assert recovery.recover(store) == []
    assert _waiting(store) == 0


def test_the_service_settles_stranded_water_refunds_when_it_starts(store, room):
    """The window and `main.py serve` both start a headless Service: recovery runs there, before work."""
    from app.metering.runtime.headless import Service
    campus, rid, a, b = room
    ok = _stranded_water_refund(store, campus, rid, a, "stranded-at-start", 500)
    service = Service(store, "test-recovery", take_buses=False).start()
    try:
        assert payments.refund_status(store, ok).status == "paid"
        assert _waiting(store) == 0
    finally:
        service.stop()


def test_a_retry_with_the_same_key_completes_a_stranded_water_refund(store, room):
    campus, rid, a, b = room
    rid_ = _stranded_water_refund(store, campus, rid, a, "w-stranded", 700)
    info = payments.request_refund(store, campus.clerk, account_id=payments.account_for(store, rid, "water"),
                                   amount=Money(700), student_id=a, key="w-stranded")
    assert info.refund_id == rid_ and info.status == "paid"



# ----- the settlement statement ------------------------------------------------------------------

def _statement(store, settlement_id: int, **kwargs) -> str:
    import io

    from pypdf import PdfReader
    pdf = settlement.statement_pdf(store, settlement_id, **kwargs)
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def debtor(store, room):
    """The room uses ¥90.01 of electricity: a (paid ¥30.00) owes ¥15.01 of her ¥45.01 share; b paid
    ¥100.00 and ¥7.00 for water."""
    from app.access import Actor
    from app.counter.ledger import Ledger
    campus, rid, a, b = room
    payments.recharge(store, campus.clerk, room_id=rid, utility="water", amount=Money(700), method="cash",
                     payer_id=b, key="b-water")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, rid, "electricity"), Money(9001), key="use")
    return room


def test_the_statement_shows_paid_out_once_under_matching_headers(store, debtor):
    campus, rid, a, b = debtor
    res = settlement.check_out(store, campus.clerk, b, key="out-b")
    assert (res.refunds["electricity"].amount, res.refunds["water"].amount) == (Money(3999), Money(700))
    text = _statement(store, res.settlement_id, policy_label="实缴减分摊")
    assert "实缴减分摊" in text                                       # the policy in the window's language
    assert "退还学生" in text and text.count("Paid out") == 1 and text.count("¥46.99") == 1
    assert "Still owed" not in text and "Debt collected now" not in text
    assert "日期" in text and "电费 Electricity 已缴 paid in" in text
    assert "The electricity refund is paid once the meter gives the money back." in text.replace("\n", " ")


def test_without_collecting_the_debt_is_shown_once_as_still_owed(store, debtor):
    campus, rid, a, b = debtor
    res = settlement.check_out(store, campus.clerk, a, key="out-a")
    assert res.collected == {} and res.still_owed_fen == 1501
    text = _statement(store, res.settlement_id)
    assert text.count("Still owed") == 1 and "尚欠" in text and text.count("¥15.01") == 1
    assert "Debt collected now" not in text and text.count("Paid out") == 1 and "¥20.00" in text


def test_check_out_can_collect_the_debt_in_the_same_operation(store, debtor):
    campus, rid, a, b = debtor
    elec = payments.account_for(store, rid, "electricity")
    before = payments.refundable(store, elec)
    res = settlement.check_out(store, campus.clerk, a, key="out-a", collect_debt=True)
    assert res.collected["electricity"].amount == Money(1501) and res.collected["electricity"].receipt_id
    assert res.still_owed_fen == 0
    assert payments.refundable(store, elec) == before + Money(1501)      # the roommates' money is whole again
    text = _statement(store, res.settlement_id)
    assert text.count("Debt collected now") == 1 and "本次收回欠款" in text and text.count("¥15.01") == 1
    assert "Still owed" not in text


# ----- a real crash --------------------------------------------------------------------------------

_KILLED_CHECK_OUT = """
import pathlib, sys, threading
from app import audit
from app.access import Actor
from app.counter import settlement
from db.engine import Store

url, operator, login, role, student, marker = sys.argv[1:]
real = audit.record

def record(session, actor, what, *args, **kwargs):
    rec = real(session, actor, what, *args, **kwargs)
    if what == "occupancy.check_out":          # every step of the check-out done, nothing committed yet
        session.flush()
        pathlib.Path(marker).write_text("all steps done")
        threading.Event().wait(120)            # killed here
    return rec

audit.record = record
settlement.check_out(Store(url), Actor(int(operator), login, role, ""), int(student), key="killed-dialog")
"""


def test_a_check_out_killed_with_sigkill_settles_once_on_retry_from_a_fresh_dialog(store, room, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from tests.waiting import wait_for
    campus, rid, a, b = room
    marker = tmp_path / "marker"
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_CHECK_OUT, store.url, str(campus.clerk.id),
                             campus.clerk.login, campus.clerk.role, str(a), str(marker)],
                            cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    try:
        assert wait_for(marker.exists, timeout=60), "the check-out never reached its last step"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert occupancy.current_stay(store, a) is not None          # nothing of the killed check-out stayed
    assert _settlements(store, a) == 0 and _refunded_to(store, a) == {}
    res = settlement.check_out(store, campus.clerk, a, key="fresh-dialog")
    assert res.refunds["water"].status == "paid"
    assert _settlements(store, a) == 1
    assert _refunded_to(store, a) == {"electricity": 3000, "water": 2000}
