"""A clerk's refund above the limit: the dialog asks for the administrator before it says anything is
wrong, and checks the credentials only once both are typed."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.money import Money
from db.models import Account, AuditRecord
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.dialogs.refund_dialog import RefundDialog


@pytest.fixture
def campus(store):
    c = make_campus(store)
    room = c.rooms["B1-101"]
    occupancy.check_in(store, c.clerk, c.students["202610000"], room, "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    payments.recharge(store, c.clerk, room_id=room, utility="water", amount=Money(50000), method="cash",
                      payer_id=c.students["202610000"], key="pay-water")
    return c


@pytest.fixture
def dialog(qtbot, store, campus):
    ctx = AppContext(store=store, actor=campus.clerk, school="东华理工大学")
    d = RefundDialog(ctx, campus.rooms["B1-101"], utility="water")
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    d.print_slip.setChecked(False)
    return d


def _water(store, room_id: int) -> int:
    with store.read() as s:
        return s.scalar(select(Account.balance_fen).where(Account.room_id == room_id, Account.utility == "water"))


def _login_attempts(store) -> int:
    with store.read() as s:
        return len(s.scalars(select(AuditRecord.id).where(AuditRecord.action.like("operator.login%"))).all())


def test_enter_after_a_large_amount_asks_for_the_administrator_first(qtbot, dialog, store, campus):
    room = campus.rooms["B1-101"]
    attempts = _login_attempts(store)
    qtbot.keyClicks(dialog.amount, "300")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.approval.login, timeout=5000)
    assert not dialog.error.isVisible() and "Wrong" not in dialog.error.text()
    assert dialog.approval.prompt.isVisible()
    assert "login name and password here to approve" in dialog.approval.prompt.text()
    qtbot.keyClicks(dialog.approval.login, "admin")
    qtbot.keyClick(dialog.approval.login, Qt.Key.Key_Return)       # the password is still missing
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.approval.password, timeout=5000)
    assert not dialog.error.isVisible()
    assert _login_attempts(store) == attempts and _water(store, room) == 50000   # nothing was tried
    qtbot.keyClicks(dialog.approval.password, "admin-pass")
    qtbot.keyClick(dialog.approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.status.isVisible(), timeout=10000)
    assert "paid" in dialog.status.text() and _water(store, room) == 20000


def test_a_wrong_administrator_password_is_said_after_it_was_tried(qtbot, dialog, store, campus):
    qtbot.keyClicks(dialog.amount, "300")
    qtbot.keyClicks(dialog.approval.login, "admin")
    qtbot.keyClicks(dialog.approval.password, "wrong-pass")
    qtbot.keyClick(dialog.approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=10000)
    assert "Wrong login name or password" in dialog.error.text()
    assert dialog.focusWidget() is dialog.approval.password and _water(store, campus.rooms["B1-101"]) == 50000
