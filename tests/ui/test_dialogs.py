"""The counter dialogs offscreen on a small campus: what a clerk types, what they see, what is posted."""
from __future__ import annotations

import io
import os

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from app.campus import occupancy
from app.counter import payments, shifts
from app.counter.ledger import Ledger
from app.counter.money import Money
from tests.factories import make_campus
from ui import printing
from ui.app_context import AppContext
from ui.dialogs.check_in_dialog import CheckInDialog
from ui.dialogs.check_out_dialog import CheckOutDialog
from ui.dialogs.counter_actions import CounterActions
from ui.dialogs.exchange_dialog import ExchangeDialog
from ui.dialogs.recharge_dialog import RechargeDialog
from ui.dialogs.refund_dialog import RefundDialog
from ui.dialogs.shift_dialogs import CloseShiftDialog, OpenShiftDialog


def _text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def shot(widget, name: str) -> None:
    folder = os.environ.get("DORMWATT_SCREENSHOTS")
    if folder:
        QApplication.processEvents()         # let pending layout requests (a hidden error row) run
        widget.grab().save(os.path.join(folder, f"{name}.png"))


@pytest.fixture
def campus(store):
    c = make_campus(store)
    room = c.rooms["B1-101"]
    occupancy.check_in(store, c.clerk, c.students["202610000"], room, "1")
    occupancy.check_in(store, c.clerk, c.students["202610001"], room, "2")
    shifts.open_shift(store, c.clerk, Money(10000))
    return c


@pytest.fixture
def ctx(store, campus):
    return AppContext(store=store, actor=campus.clerk, school="东华理工大学")


@pytest.fixture
def printed(monkeypatch, tmp_path):
    """What would have gone to the printer: (title, pdf bytes), also saved with save_pdf."""
    out: list[tuple[str, bytes]] = []

    def fake_print(pdf: bytes, parent, *, preview: bool = True, title: str = "") -> None:
        printing.save_pdf(pdf, tmp_path / f"printed-{len(out)}.pdf")
        out.append((title, pdf))

    monkeypatch.setattr(printing, "print_pdf", fake_print)
    return out


def _open(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _balance(store, room_id: int, utility: str = "electricity") -> int:
    with store.read() as s:
        from db.models import Account

        acc = s.query(Account).filter_by(room_id=room_id, utility=utility).one()
        return acc.balance_fen


# ----- recharge ---------------------------------------------------------------------------------

@pytest.fixture
def recharge(qtbot, ctx, campus):
    d = _open(qtbot, RechargeDialog(ctx, campus.rooms["B1-101"]))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    return d


@pytest.mark.parametrize("typed, says", [
    ("12.345", "more than two decimals"),
    ("abc", "is not an amount of money"),
    ("-5", "must be more than zero"),
    ("", "Enter an amount"),
])
def test_recharge_bad_amounts_say_why_and_post_nothing(qtbot, recharge, store, campus, typed, says):
    room = campus.rooms["B1-101"]
    before = _balance(store, room)
    assert recharge.amount.hasFocus() or recharge.focusWidget() is recharge.amount
    qtbot.keyClicks(recharge.amount, typed)
    qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)
    assert says in recharge.amount_error.text()
    assert recharge.amount_error.isVisible()
    assert recharge.isVisible()
    assert _balance(store, room) == before
    assert Ledger(store).entries(payments.account_for(store, room, "electricity")) == []


def test_recharge_reference_required_for_wechat(qtbot, recharge, store, campus):
    recharge.method.setCurrentIndex(recharge.method.findData("wechat"))
    assert recharge.reference.isEnabled()
    qtbot.keyClicks(recharge.amount, "50")
    qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)
    assert "needs the transaction reference" in recharge.reference_error.text()
    assert _balance(store, campus.rooms["B1-101"]) == 0
    recharge.method.setCurrentIndex(recharge.method.findData("cash"))
    assert not recharge.reference.isEnabled()
    shot(recharge, "dialog-recharge")


def test_cash_recharge_posts_once_on_double_enter_and_prints_the_receipt(qtbot, recharge, store, campus, printed,
                                                                        tmp_path):
    room = campus.rooms["B1-101"]
    recharge.print_receipt.setChecked(True)
    recharge.payer.setCurrentIndex(1)
    qtbot.keyClicks(recharge.amount, "88.50")
    with qtbot.waitSignal(recharge.posted, timeout=10000) as sig:
        qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)
        qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    qtbot.keyClick(recharge.amount, Qt.Key.Key_Return)   # after closing: nothing more
    assert not recharge.isVisible()
    assert _balance(store, room) == 8850
    entries = Ledger(store).entries(payments.account_for(store, room, "electricity"))
    assert [e.amount.fen for e in entries] == [8850]
    assert sig.args[0].amount == Money(8850)
    text = _text((tmp_path / "printed-0.pdf").read_bytes())
    assert "88.50" in text and "B1-101" in text and "学生M1" in text


def test_recharge_without_open_shift_offers_to_open_one(qtbot, ctx, store, campus):
    shifts.close_shift(store, campus.clerk, Money(10000))
    d = _open(qtbot, RechargeDialog(ctx, campus.rooms["B1-101"]))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    qtbot.keyClicks(d.amount, "20")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=5000)
    assert "Open a shift" in d.error.text()
    assert d.open_shift.isVisible()
    assert _balance(store, campus.rooms["B1-101"]) == 0


def test_counter_actions_open_a_recharge_and_report_the_room(qtbot, ctx, store, campus, printed):
    actions = CounterActions(ctx)
    room = campus.rooms["B1-101"]
    rooms, messages = [], []
    actions.room_changed.connect(rooms.append)
    actions.message.connect(messages.append)
    d = actions.open("recharge", room)          # deleted by the controller once it closes
    assert isinstance(d, RechargeDialog) and d.isVisible()
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    d.print_receipt.setChecked(False)
    d.utility.setCurrentIndex(d.utility.findData("water"))
    qtbot.keyClicks(d.amount, "30")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rooms == [room] and len(messages) == 1, timeout=10000)
    assert "¥30.00" in messages[0]
    assert _balance(store, room, "water") == 3000
    assert printed == []
    with pytest.raises(ValueError):
        actions.open("teleport", room)


# ----- refund -----------------------------------------------------------------------------------

def _pay_in(store, campus, utility: str, fen: int, student: str = "202610000") -> None:
    payments.recharge(store, campus.clerk, room_id=campus.rooms["B1-101"], utility=utility, amount=Money(fen),
                     method="cash", payer_id=campus.students[student], key=f"pay-{utility}-{fen}-{student}")


def test_refund_of_water_shows_refundable_pays_and_prints_the_slip(qtbot, ctx, store, campus, printed, tmp_path):
    _pay_in(store, campus, "water", 5000)
    d = _open(qtbot, RefundDialog(ctx, campus.rooms["B1-101"], utility="water"))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    assert d.refundable.text() == "¥50.00"
    d.print_slip.setChecked(True)
    qtbot.keyClicks(d.amount, "60")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=5000)
    assert "At most ¥50.00 can be refunded" in d.error.text()
    assert _balance(store, campus.rooms["B1-101"], "water") == 5000
    d.amount.clear()
    qtbot.keyClicks(d.amount, "20")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.status.isVisible(), timeout=5000)
    assert "paid" in d.status.text() and "¥20.00" in d.status.text()
    assert _balance(store, campus.rooms["B1-101"], "water") == 3000
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    assert "20.00" in _text(printed[0][1])
    shot(d, "dialog-refund")


def test_refund_above_the_limit_asks_an_administrator(qtbot, ctx, store, campus, printed):
    _pay_in(store, campus, "water", 50000)
    room = campus.rooms["B1-101"]
    d = _open(qtbot, RefundDialog(ctx, room, utility="water"))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    d.print_slip.setChecked(False)
    qtbot.keyClicks(d.amount, "300")
    assert d.approval.isVisible() and "¥200.00" in d.approval.note.text()
    qtbot.keyClicks(d.approval.login, "admin")
    qtbot.keyClicks(d.approval.password, "wrong-pass")
    d.accept()
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=5000)
    assert "Wrong login name or password" in d.error.text()
    assert _balance(store, room, "water") == 50000
    shot(d, "dialog-refund-approval")
    d.approval.password.clear()
    qtbot.keyClicks(d.approval.password, "admin-pass")
    d.accept()
    qtbot.waitUntil(lambda: d.status.isVisible(), timeout=5000)
    assert _balance(store, room, "water") == 20000


def test_electricity_refund_waits_for_the_meter(qtbot, ctx, store, campus, printed):
    _pay_in(store, campus, "electricity", 5000)
    d = _open(qtbot, RefundDialog(ctx, campus.rooms["B1-101"]))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    qtbot.keyClicks(d.amount, "10")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: d.status.isVisible(), timeout=5000)
    assert "waiting for the meter" in d.status.text()
    assert not d.slip.isVisible() and printed == []


# ----- check-in and exchange --------------------------------------------------------------------

def _search(qtbot, search, text: str) -> None:
    if text.isascii():
        qtbot.keyClicks(search.box, text)
    else:                                    # QTest types Latin-1 only; an input method sets the text
        search.box.setText(text)
    qtbot.waitUntil(lambda: not search.pending() and search.chosen() is not None, timeout=5000)


def test_check_in_through_the_dialog(qtbot, ctx, store, campus):
    room = campus.rooms["B1-101"]
    d = _open(qtbot, CheckInDialog(ctx, room))
    qtbot.waitUntil(lambda: d.room is not None, timeout=5000)
    assert "2 of 4 beds free" in d.header.text()
    assert d.bed.itemText(1).endswith("学生M0")            # bed 1 is taken, shown with its occupant
    _search(qtbot, d.search, "学生M")
    assert d.search.results.count() == 10
    assert "lives in B1-101, bed 1" in d.search.results.item(0).text()
    d.search.box.clear()
    _search(qtbot, d.search, "202610003")
    assert "not checked in" in d.search.results.item(0).text()
    d.bed.setCurrentIndex(d.bed.findData("4"))
    shot(d, "dialog-check-in")
    with qtbot.waitSignal(d.checked_in, timeout=5000):
        qtbot.keyClick(d.search.box, Qt.Key.Key_Return)
    assert not d.isVisible()
    assert [(s.bed_label, s.student_no) for s in occupancy.occupants(store, room)][-1] == ("4", "202610003")


def test_check_in_refusals_show_inline(qtbot, ctx, store, campus):
    room = campus.rooms["B1-101"]
    d = _open(qtbot, CheckInDialog(ctx, room))
    qtbot.waitUntil(lambda: d.room is not None, timeout=5000)
    d.bed.setCurrentIndex(d.bed.findData("3"))
    occupancy.check_in(store, campus.clerk, campus.students["202610005"], room, "3")   # another workstation
    _search(qtbot, d.search, "202610004")
    d.accept()
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=5000)
    assert d.error.text() == "Bed 3 of B1-101 is already taken."
    assert occupancy.current_stay(store, campus.students["202610004"]) is None
    d.search.box.clear()
    _search(qtbot, d.search, "202620000")
    d.bed.setCurrentIndex(0)
    d.accept()
    qtbot.waitUntil(lambda: "female" in d.error.text(), timeout=5000)
    assert "B1-101 is a male room" in d.error.text()
    d.search.box.clear()
    _search(qtbot, d.search, "202610000")
    d.accept()
    qtbot.waitUntil(lambda: "already checked in" in d.error.text(), timeout=5000)
    assert d.isVisible() and len(occupancy.occupants(store, room)) == 3


def test_exchange_moves_to_a_room_by_code_and_swaps(qtbot, ctx, store, campus):
    a, b = campus.rooms["B1-101"], campus.rooms["B1-102"]
    occupancy.check_in(store, campus.clerk, campus.students["202610009"], b, "1")
    d = _open(qtbot, ExchangeDialog(ctx, a))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    qtbot.keyClicks(d.room_code, "B1-999")
    qtbot.waitUntil(lambda: d.room_error.isVisible(), timeout=5000)
    assert "There is no room B1-999" in d.room_error.text()
    d.room_code.clear()
    qtbot.keyClicks(d.room_code, "b1-102")
    qtbot.waitUntil(lambda: d.target is not None and d.bed.count() == 5, timeout=5000)
    d.bed.setCurrentIndex(d.bed.findData("1"))
    d.accept()
    qtbot.waitUntil(lambda: d.error.isVisible(), timeout=5000)
    assert "already taken" in d.error.text()
    d.bed.setCurrentIndex(d.bed.findData("2"))
    shot(d, "dialog-exchange")
    with qtbot.waitSignal(d.exchanged, timeout=5000) as sig:
        d.accept()
    assert sig.args[0] == {a, b}
    moved = occupancy.current_stay(store, campus.students["202610000"])
    assert (moved.room_code, moved.bed_label) == ("B1-102", "2")

    d = _open(qtbot, ExchangeDialog(ctx, a))
    qtbot.waitUntil(lambda: d.loaded, timeout=5000)
    d.swap_mode.setChecked(True)
    _search(qtbot, d.other, "202610009")
    with qtbot.waitSignal(d.exchanged, timeout=5000):
        d.accept()
    assert occupancy.current_stay(store, campus.students["202610009"]).room_code == "B1-101"
    assert occupancy.current_stay(store, campus.students["202610001"]).room_code == "B1-102"


# ----- check-out ----------------------------------------------------------------------------------

def test_check_out_shows_the_statement_and_ends_the_stay(qtbot, ctx, store, campus, printed, tmp_path):
    _pay_in(store, campus, "electricity", 6000)
    _pay_in(store, campus, "water", 3000)
    student = campus.students["202610000"]
    d = _open(qtbot, CheckOutDialog(ctx, campus.rooms["B1-101"]))
    qtbot.waitUntil(lambda: d.preview is not None, timeout=5000)
    assert d.student.currentData() == student
    cell = {(d.table.verticalHeaderItem(r).text(), c): d.table.item(r, c).text()
            for r in range(d.table.rowCount()) for c in range(2)}
    assert cell[("Paid in", 0)] == "¥60.00" and cell[("Paid in", 1)] == "¥30.00"
    assert cell[("Refundable now", 0)] == "¥60.00" and cell[("Still owed", 1)] == "¥0.00"
    assert d.policy.text()
    shot(d, "dialog-check-out")
    with qtbot.waitSignal(d.checked_out, timeout=10000):
        qtbot.keyClick(d.student, Qt.Key.Key_Return)
    assert occupancy.current_stay(store, student) is None
    assert "has left B1-101, bed 1" in d.status.text()
    assert "waiting for the meter" in d.status.text()           # electricity comes back from the meter first
    assert "¥30.00: paid" in d.status.text()                    # water is paid at once
    assert _balance(store, campus.rooms["B1-101"], "water") == 0
    assert d.print_statement.isVisible() and d.print_slips.isVisible()
    d.print_statement.click()
    d.print_slips.click()
    qtbot.waitUntil(lambda: len(printed) == 2, timeout=10000)
    texts = {title: _text(pdf) for title, pdf in printed}
    statement = next(t for title, t in texts.items() if "statement" in title.lower())
    assert "学生M0" in statement and "B1-101" in statement
    assert any("30.00" in t for title, t in texts.items() if "statement" not in title.lower())
    shot(d, "dialog-check-out-done")
    d.accept()                                                  # Close
    assert not d.isVisible()


# ----- shifts --------------------------------------------------------------------------------------

def test_close_shift_shows_the_report_and_open_shift_checks_the_float(qtbot, ctx, store, campus, printed):
    _pay_in(store, campus, "water", 2500)
    d = _open(qtbot, CloseShiftDialog(ctx))
    qtbot.waitUntil(lambda: d.ok.isEnabled(), timeout=5000)
    assert "float ¥100.00" in d.header.text()
    qtbot.keyClicks(d.amount, "120")
    qtbot.keyClick(d.amount, Qt.Key.Key_Return)          # a ¥5.00 difference: asks first (test_shift_close_confirm)
    qtbot.waitUntil(lambda: d.question.isVisible(), timeout=5000)
    with qtbot.waitSignal(d.closed, timeout=5000):
        qtbot.keyClick(d.amount, Qt.Key.Key_Return)
    assert d.table.rowCount() == 1 and d.table.item(0, 2).text() == "¥25.00"
    assert "Expected cash: ¥125.00" in d.summary.text()
    assert d.difference.text() == "Difference: -¥5.00"
    assert shifts.current_shift(store, campus.clerk) is None
    d.print_report.click()
    qtbot.waitUntil(lambda: len(printed) == 1, timeout=10000)
    assert "125.00" in _text(printed[0][1])
    shot(d, "dialog-close-shift")

    o = _open(qtbot, OpenShiftDialog(ctx))
    for typed, says in (("-5", "cannot be negative"), ("1.005", "more than two decimals")):
        o.amount.clear()
        qtbot.keyClicks(o.amount, typed)
        qtbot.keyClick(o.amount, Qt.Key.Key_Return)
        assert says in o.amount_error.text()
    assert shifts.current_shift(store, campus.clerk) is None
    o.amount.clear()
    qtbot.keyClicks(o.amount, "200")
    shot(o, "dialog-open-shift")
    with qtbot.waitSignal(o.opened, timeout=5000):
        qtbot.keyClick(o.amount, Qt.Key.Key_Return)
    assert shifts.current_shift(store, campus.clerk).float_fen == 20000


# ----- printing ------------------------------------------------------------------------------------

def test_receipt_pages_render_and_print_to_a_pdf_printer(qtbot, store, campus, tmp_path):

    from app.counter import documents

    assert printing.printable()   # QtPdf comes with the project's dependencies (PySide6-Addons)
    res = payments.recharge(store, campus.clerk, room_id=campus.rooms["B1-101"], utility="water",
                           amount=Money(1234), method="cash", key="print-test")
    pdf = documents.receipt_pdf(store, campus.clerk, res.receipt_id)
    assert printing.save_pdf(pdf, tmp_path / "r.pdf").read_bytes() == pdf
    pages = printing.render_pages(pdf, dpi=150)
    assert len(pages) == 1
    assert abs(pages[0].width_pt - 80 / 25.4 * 72) < 2          # an 80 mm roll stays 80 mm wide
    assert not pages[0].image.isNull() and pages[0].image.width() > 400
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printing.fit_printer(printer, pages[0])
    printing.paint_pages(pages, printer)
    out = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(out.pages) == 1
    assert abs(float(out.pages[0].mediabox.width) - pages[0].width_pt) < 2


def test_print_pdf_opens_the_preview_with_the_receipt_page(qtbot, store, campus):
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from app.counter import documents

    assert printing.printable()   # QtPdf comes with the project's dependencies (PySide6-Addons)
    res = payments.recharge(store, campus.clerk, room_id=campus.rooms["B1-101"], utility="water",
                           amount=Money(1234), method="cash", key="preview-test")
    pdf = documents.receipt_pdf(store, campus.clerk, res.receipt_id)
    seen = []

    def close_preview() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QPrintPreviewDialog):
            dialog.resize(700, 800)
            shot(dialog, "print-preview")
            seen.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(50, close_preview)

    QTimer.singleShot(50, close_preview)
    printing.print_pdf(pdf, None, title="Receipt 1")
    qtbot.waitUntil(lambda: bool(seen), timeout=15000)
    assert "Receipt 1" in seen[0]
