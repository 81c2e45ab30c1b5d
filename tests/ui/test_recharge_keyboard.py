"""A recharge and its receipt need no mouse (issue 9 items 5 and 11): Enter through the dialog, a
large amount asked for again, a hard ceiling, and the receipt printed straight to the chosen printer."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.campus import occupancy
from app.counter import payment_methods, shifts
from app.counter.money import Money
from db.models import Account, Receipt
from tests.factories import make_campus
from ui import printing
from ui.app_context import AppContext
from ui.dialogs.recharge_dialog import RechargeDialog


@pytest.fixture
def campus(store):
    c = make_campus(store)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"], "1")
    shifts.open_shift(store, c.clerk, Money(10000))
    return c


@pytest.fixture
def paper(monkeypatch, tmp_path):
    """The chosen printer is a PDF file: what reaches it is what the clerk would hold."""
    out = tmp_path / "printer.pdf"

    def printer() -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    monkeypatch.setattr(printing, "chosen_printer", printer)
    return out


@pytest.fixture
def dialog(qtbot, store, campus):
    d = RechargeDialog(AppContext(store=store, actor=campus.clerk), campus.rooms["B1-101"])
    qtbot.addWidget(d)
    d.show()
    d.print_receipt.setChecked(True)
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    return d


def _balance(store, room: int) -> int:
    with store.read() as s:
        return s.query(Account).filter_by(room_id=room, utility="electricity").one().balance_fen


def _typed(qtbot, widget, text: str) -> None:
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_enter_takes_the_money_and_the_receipt_prints_on_the_chosen_printer_without_a_dialog(
        qtbot, dialog, store, campus, paper):
    _typed(qtbot, QApplication.focusWidget() or dialog.amount, "88.50")
    qtbot.waitUntil(lambda: paper.exists() and paper.stat().st_size > 0, timeout=15000)
    assert not dialog.isVisible()
    assert QApplication.activeModalWidget() is None           # no preview or print dialog waits for a mouse
    assert _balance(store, campus.rooms["B1-101"]) == 8850
    assert len(PdfReader(str(paper)).pages) == 1
    with store.read() as s:
        assert s.query(Receipt).one().print_count == 1      # printed once: the original, not a COPY


def test_a_large_amount_is_asked_for_again_before_any_money_moves(qtbot, dialog, store, campus, paper):
    room = campus.rooms["B1-101"]
    _typed(qtbot, dialog.amount, "1000")
    assert dialog.isVisible() and _balance(store, room) == 0
    assert dialog.confirm_amount.isVisible() and dialog.confirm_amount.hasFocus()
    assert "¥500.00" in dialog.confirm_amount_error.text() or "¥500.00" in dialog.confirm_label.text()
    _typed(qtbot, dialog.confirm_amount, "100")               # the typo shows up here
    assert "do not match" in dialog.confirm_amount_error.text()
    assert _balance(store, room) == 0
    dialog.confirm_amount.selectAll()
    _typed(qtbot, dialog.confirm_amount, "1000")
    qtbot.waitUntil(lambda: paper.exists() and paper.stat().st_size > 0, timeout=15000)
    assert not dialog.isVisible()
    assert _balance(store, room) == 100000


def test_changing_the_amount_asks_again(qtbot, dialog, store, campus, paper):
    _typed(qtbot, dialog.amount, "1000")
    dialog.amount.setFocus()
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "2000")
    assert dialog.confirm_amount.text() == ""
    _typed(qtbot, dialog.confirm_amount, "1000")
    assert "do not match" in dialog.confirm_amount_error.text()
    assert _balance(store, campus.rooms["B1-101"]) == 0


def test_above_the_ceiling_is_refused_and_the_limits_are_settings(qtbot, store, campus, paper):
    d = RechargeDialog(AppContext(store=store, actor=campus.clerk), campus.rooms["B1-101"])
    qtbot.addWidget(d)
    d.show()
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    _typed(qtbot, d.amount, "100000")                        # the ¥100,000 typo
    assert "¥5,000.00" in d.amount_error.text() and not d.confirm_amount.isVisible()
    assert _balance(store, campus.rooms["B1-101"]) == 0
    d.reject()
    payment_methods.set_recharge_limits(store, campus.admin, confirm_above=Money(2000), ceiling=Money(3000))
    assert payment_methods.recharge_limits(store) == payment_methods.RechargeLimits(Money(2000), Money(3000))
    d2 = RechargeDialog(AppContext(store=store, actor=campus.clerk), campus.rooms["B1-101"])
    qtbot.addWidget(d2)
    d2.show()
    qtbot.waitUntil(lambda: d2.loaded, timeout=5000)
    _typed(qtbot, d2.amount, "31")
    assert "¥30.00" in d2.amount_error.text()
    d2.amount.selectAll()
    _typed(qtbot, d2.amount, "25")
    assert d2.confirm_amount.isVisible()


def test_limits_are_an_administrators_setting(store, campus):
    from app.errors import InvalidInput, PermissionDenied

    with pytest.raises(PermissionDenied):
        payment_methods.set_recharge_limits(store, campus.clerk, confirm_above=Money(1), ceiling=Money(2))
    with pytest.raises(InvalidInput):
        payment_methods.set_recharge_limits(store, campus.admin, confirm_above=Money(5000), ceiling=Money(100))


def test_a_reprint_from_a_direct_print_is_a_copy(qtbot, dialog, store, campus, paper):
    from app.counter import documents

    _typed(qtbot, dialog.amount, "20")
    qtbot.waitUntil(lambda: paper.exists() and paper.stat().st_size > 0, timeout=15000)
    with store.read() as s:
        rid = s.query(Receipt).one().id
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        documents.receipt_pdf(store, campus.clerk, rid))).pages)
    assert "COPY" in text


@pytest.mark.parametrize("typed", ["12,50", "1_000", "1e3", "٣٤"])
def test_a_typed_comma_or_other_notation_is_refused_in_the_money_fields(qtbot, dialog, store, campus, typed):
    from ui.dialogs.shift_dialogs import CloseShiftDialog

    dialog.amount.insert(typed)          # as typed or committed by an input method
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert "digits" in dialog.amount_error.text() and dialog.isVisible()
    assert _balance(store, campus.rooms["B1-101"]) == 0
    close = CloseShiftDialog(AppContext(store=store, actor=campus.clerk))
    qtbot.addWidget(close)
    close.show()
    qtbot.waitUntil(lambda: close.shift is not None, timeout=5000)
    close.amount.insert(typed)
    qtbot.keyClick(close.amount, Qt.Key.Key_Return)
    assert "digits" in close.amount_error.text()
    assert shifts.current_shift(store, campus.clerk) is not None      # the shift is still open
