"""The check-out dialog: one key per check-out whatever the dialog's openings, and the debt collected
before the student leaves."""
from __future__ import annotations

import pytest

from app.access import Actor
from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.dialogs.check_out_dialog import CheckOutDialog


@pytest.fixture
def campus(store):
    c = make_campus(store)
    room = c.rooms["B1-101"]
    occupancy.check_in(store, c.clerk, c.students["202610000"], room, "1")
    occupancy.check_in(store, c.clerk, c.students["202610001"], room, "2")
    shifts.open_shift(store, c.clerk, Money(10000))
    # a pays ¥10.00, b ¥100.00; the room uses ¥60.00: a owes ¥20.00 of her ¥30.00 share
    for who, fen in (("202610000", 1000), ("202610001", 10000)):
        payments.recharge(store, c.clerk, room_id=room, utility="electricity", amount=Money(fen), method="cash",
                         payer_id=c.students[who], key=f"pay-{who}")
    Ledger(store).consumption(Actor.system(), payments.account_for(store, room, "electricity"), Money(6000), key="use")
    return c


@pytest.fixture
def ctx(store, campus):
    return AppContext(store=store, actor=campus.clerk, school="东华理工大学")


def _open(qtbot, ctx, campus) -> CheckOutDialog:
    d = CheckOutDialog(ctx, campus.rooms["B1-101"])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.preview is not None, timeout=5000)
    return d


def test_a_reopened_dialog_checks_out_with_the_same_key(qtbot, ctx, campus):
    first = _open(qtbot, ctx, campus)
    key = first.key
    first.reject()
    again = _open(qtbot, ctx, campus)
    assert again.key == key
    again.student.setCurrentIndex(1)
    qtbot.waitUntil(lambda: again.preview is not None, timeout=5000)
    assert again.key != key                       # another student, another check-out


def test_the_dialog_collects_the_debt_before_the_student_leaves(qtbot, ctx, store, campus):
    d = _open(qtbot, ctx, campus)
    assert d.student.currentData() == campus.students["202610000"]
    assert d.collect.isVisible() and "¥20.00" in d.collect.text()
    d.collect.setChecked(True)
    with qtbot.waitSignal(d.checked_out, timeout=10000):
        d.accept()
    assert d.result.collected["electricity"].amount == Money(2000)
    assert "Collected from the student: ¥20.00" in d.status.text()
    assert "Still owed" not in d.status.text()
    assert occupancy.current_stay(store, campus.students["202610000"]) is None
    assert d.print_slips.isVisible()                  # the receipt for the debt paid


def test_without_collecting_the_dialog_says_what_is_still_owed(qtbot, ctx, store, campus):
    d = _open(qtbot, ctx, campus)
    with qtbot.waitSignal(d.checked_out, timeout=10000):
        d.accept()
    assert d.result.collected == {}
    assert "Still owed by the student: ¥20.00." in d.status.text()


def test_approval_is_asked_when_the_days_refunds_would_pass_the_limit(qtbot, ctx, store, campus):
    b = campus.students["202610001"]
    elec = payments.account_for(store, campus.rooms["B1-101"], "electricity")
    from db.models import Setting
    with store.write() as s:     # the office's limit: ¥40.00
        s.merge(Setting(key=payments.REFUND_THRESHOLD_SETTING, value=4000))
    payments.request_refund(store, campus.clerk, account_id=elec, amount=Money(1500), student_id=b, key="early")
    d = _open(qtbot, ctx, campus)
    d.student.setCurrentIndex(d.student.findData(b))
    qtbot.waitUntil(lambda: d.preview is not None and d.student.currentData() == b, timeout=5000)
    refund = d.preview["electricity"].refundable_fen
    assert 0 < refund <= 4000 < refund + 1500           # alone under the limit, with today's refund above
    assert d.approval.isVisible()


def test_enter_asks_for_the_administrator_before_saying_anything_is_wrong(qtbot, ctx, store, campus):
    """The first Enter of a check-out that needs approval points at the empty login: no
    "wrong login name or password", nothing checked, the student still in the room."""
    b = campus.students["202610001"]
    from db.models import Setting
    with store.write() as s:     # the office's limit: ¥1.00, so b's refund needs an administrator
        s.merge(Setting(key=payments.REFUND_THRESHOLD_SETTING, value=100))
    d = _open(qtbot, ctx, campus)
    d.student.setCurrentIndex(d.student.findData(b))
    qtbot.waitUntil(lambda: d.preview is not None and d.student.currentData() == b, timeout=5000)
    qtbot.waitUntil(lambda: d.approval.isVisible(), timeout=5000)
    d.confirm()
    qtbot.waitUntil(lambda: d.focusWidget() is d.approval.login, timeout=5000)
    assert d.approval.prompt.isVisible()
    assert not d.error.isVisible()
    assert occupancy.current_stay(store, b) is not None
    d.approval.login.setText("admin")
    d.approval.password.setText("not-the-password")
    d.confirm()
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=10000)
    assert d.focusWidget() is d.approval.password                  # retype the password
    assert occupancy.current_stay(store, b) is not None
