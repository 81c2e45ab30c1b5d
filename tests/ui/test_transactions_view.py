"""The transaction list (issue 9 item 11): today's takings, search by receipt number, student or
room, reprint as COPY and void from a row, all from the keyboard."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.campus import occupancy
from app.counter import payments, shifts, transactions
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.metering.runtime.delivery import PurchaseDelivery
from tests.app.metering.test_purchase_delivery import ScriptedMeter
from tests.factories import make_campus
from ui import printing
from ui.app_context import AppContext
from ui.transactions_view import TransactionsDialog, VoidDialog, open_transactions


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def counter(store):
    c = make_campus(store)
    a, b = c.students["202610000"], c.students["202620000"]
    occupancy.check_in(store, c.clerk, a, c.rooms["B1-101"], "1")
    occupancy.check_in(store, c.clerk, b, c.rooms["B1-201"], "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    for key, room, payer, fen, utility in (("t1", "B1-101", a, 3000, "electricity"), ("t2", "B1-201", b, 5000, "water"),
                                           ("t3", "B1-101", a, 2050, "water")):
        payments.recharge(store, c.clerk, room_id=c.rooms[room], utility=utility, amount=Money(fen), method="cash",
                          payer_id=payer, key=key)
    return c


@pytest.fixture
def printed(monkeypatch):
    out: list[tuple[str, bytes]] = []
    monkeypatch.setattr(printing, "print_pdf",
                        lambda pdf, parent, *, preview=True, title="": out.append((title, pdf)))
    return out


@pytest.fixture
def view(qtbot, store, counter):
    d = TransactionsDialog(AppContext(store=store, actor=counter.clerk))
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=10000):
        d.show()
    return d


def _search(qtbot, view, text: str) -> None:
    view.search.setFocus()
    view.search.clear()
    with qtbot.waitSignal(view.loaded, timeout=10000):
        if text.isascii():
            qtbot.keyClicks(view.search, text)
        else:                                   # what an input method commits: the text at once
            view.search.insert(text)
        qtbot.keyClick(view.search, Qt.Key.Key_Return)


def _numbers(view) -> list[str]:
    return [view.table.item(r, 0).text() for r in range(view.table.rowCount())]


def test_todays_receipts_and_takings(view):
    assert _numbers(view) == ["00000003", "00000002", "00000001"]
    assert "¥100.50" in view.takings.text() and "3" in view.takings.text()


def test_search_by_receipt_number_student_and_room(qtbot, view):
    _search(qtbot, view, "00000002")
    assert _numbers(view) == ["00000002"]
    _search(qtbot, view, "202610000")
    assert _numbers(view) == ["00000003", "00000001"]
    _search(qtbot, view, "学生F0")
    assert _numbers(view) == ["00000002"]
    _search(qtbot, view, "B1-101")
    assert _numbers(view) == ["00000003", "00000001"]
    _search(qtbot, view, "nobody")
    assert _numbers(view) == [] and not view.reprint.isEnabled()


def test_reprints_from_the_list_are_copies(qtbot, view, store, printed):
    from app.counter import documents

    documents.receipt_pdf(store, view.ctx.actor, view.rows[0].receipt_id)     # the original, at the counter
    qtbot.keyClick(view.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    text = _text(printed[0][1])
    assert "COPY" in text and "副本" in text and "00000003" in text


def test_void_from_the_list_with_the_keyboard(qtbot, view, store, counter, printed):
    _search(qtbot, view, "00000001")
    qtbot.keyClick(view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    dialog = view.findChild(VoidDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: "¥30.00" in dialog.still.text(), timeout=10000)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)                 # no reason: refused
    assert "Say why" in dialog.reason_error.text()
    qtbot.keyClicks(dialog.reason, "typed for the wrong room")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    # an electricity recharge: its meter gives the credit back first, and the clerk is told so
    qtbot.waitUntil(lambda: "Waiting for the meter" in dialog.waiting.text(), timeout=10000)
    assert printed == []
    with qtbot.waitSignal(view.loaded, timeout=15000):
        PurchaseDelivery(store, ScriptedMeter()).deliver_pending()   # the credit, then the debit
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    assert "Voided: receipt 00000004" in dialog.waiting.text()
    text = _text(printed[0][1])
    assert "作废" in text and "VOID" in text and "00000001" in text
    room = counter.rooms["B1-101"]
    assert Ledger(store).balance(payments.account_for(store, room, "electricity")) == Money(0)
    assert "00000004" in view.table.item(0, 7).text()                # voided by the void receipt
    assert not view.void.isEnabled()
    _search(qtbot, view, "")
    assert _numbers(view)[0] == "00000004" and "¥70.50" in view.takings.text()


def test_open_transactions_raises_the_same_list(qtbot, store, counter):
    ctx = AppContext(store=store, actor=counter.clerk)
    first = open_transactions(None, ctx)
    qtbot.waitUntil(lambda: first.table.rowCount() == 3, timeout=10000)
    assert open_transactions(None, ctx) is first
    with qtbot.waitSignal(first.destroyed, timeout=5000):
        first.close()
    second = open_transactions(None, ctx)
    assert second is not first
    with qtbot.waitSignal(second.destroyed, timeout=5000):
        second.close()


def test_the_query_marks_voids_both_ways(store, counter):
    from app.counter import voids

    rows = transactions.find(store, text="00000001")
    v = voids.void_recharge(store, counter.clerk, receipt_id=rows[0].receipt_id, reason="x", key="v1")
    PurchaseDelivery(store, ScriptedMeter()).deliver_pending()
    v = voids.void_status(store, v.void_id)
    found = {r.number: r for r in transactions.find(store)}
    assert found[1].voided_by == v.receipt_number and not found[1].voidable
    assert found[v.receipt_number].voids == 1 and found[v.receipt_number].amount == Money(-3000)
