"""The "Day close" tab of the finance page.

Choose a business date (today by default, campus time): the tab says whether it is closed and which
shifts are still open. "Close the day…" asks first, then closes it through app.counter.finance_admin
(the service refuses with its reason, shown here: a shift still open, a day not begun, a day already
closed) and prints the numbered report's original through ui.printing. Past day closes are listed;
"Reprint (COPY)" prints a copy, marked so, and the list's print count grows.
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.counter import finance_admin
from app.counter.finance_admin import DayCloseRow, DayState, PrintedDayClose
from app.counter.money import Money
from app.counter.report_data import day_close_number_text, local_time_text
from ui import printing
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _
from ui.tasks import run_task

GREEN, RED = "#1a7f37", "#b02a37"


def _fen(col: str, get) -> Col:
    return Col(col, lambda r: Money(get(r)).display(), key=get, value=lambda r: Money(get(r)).to_decimal())


class DayCloseTab(QWidget):
    state_loaded = Signal()
    closes_loaded = Signal()
    printed = Signal(object)       # PrintedDayClose, once handed to the printer
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("dayCloseTab")
        self.state: DayState | None = None
        self.confirmation: QMessageBox | None = None
        today = clock.today()
        self.day = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.day.setObjectName("businessDate")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _d: self.load_state())
        self.close_button = QPushButton(_("Close the day…"), self)
        self.close_button.setObjectName("closeDay")
        self.close_button.clicked.connect(self.ask_to_close)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Business date"), self))
        bar.addWidget(self.day)
        bar.addWidget(self.close_button)
        bar.addStretch(1)
        self.status = QLabel("", self)
        self.status.setObjectName("dayStatus")
        self.status.setWordWrap(True)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color:{RED};")
        self.error.hide()
        self.closes = AdminList([
            Col(_("No."), lambda r: day_close_number_text(r.number), key=lambda r: r.number, value=lambda r: r.number),
            Col(_("Business date"), lambda r: r.business_date.isoformat()),
            Col(_("Closed at"), lambda r: local_time_text(r.closed_at)),
            Col(_("By"), lambda r: r.operator),
            Col(_("Shifts"), lambda r: str(r.shifts), key=lambda r: r.shifts, value=lambda r: r.shifts),
            _fen(_("In"), lambda r: r.in_fen),
            _fen(_("Out"), lambda r: r.out_fen),
            _fen(_("Net"), lambda r: r.net_fen),
            Col(_("Prints"), lambda r: str(r.prints), key=lambda r: r.prints, value=lambda r: r.prints),
        ], self, name="dayClosesList", export_title=_("Day closes"))
        self.reprint = QPushButton(_("Reprint (COPY)"), self)
        self.reprint.setObjectName("reprintDayClose")
        self.reprint.clicked.connect(self.reprint_selected)
        self.closes.tools.addWidget(QLabel(_("Past day closes"), self))
        self.closes.tools.addWidget(self.reprint)
        self.closes.activated.connect(lambda _r: self.reprint_selected())
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(self.error)
        lay.addWidget(self.closes, 1)

    def chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    # ----- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.load_state()
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: finance_admin.day_closes(store, actor), self._closes, self._failed, owner=self)

    def load_state(self) -> None:
        store, actor, day = self.ctx.store, self.ctx.actor, self.chosen_day()
        run_task(lambda: finance_admin.day_state(store, actor, day), self._state, self._failed, owner=self)

    def _closes(self, rows: list[DayCloseRow]) -> None:
        self.closes.set_rows(rows)
        self.closes_loaded.emit()

    def _state(self, state: DayState) -> None:
        if state.day != self.chosen_day():
            return                      # an older answer, for a date no longer chosen
        self.state = state
        if state.closed is not None:
            c = state.closed
            self.status.setText(_("{day} is closed: day close No. {number}, {at}, by {who}. Reprint it below.").format(
                day=state.day.isoformat(), number=day_close_number_text(c.number), at=local_time_text(c.closed_at),
                who=c.operator))
            self.status.setStyleSheet(f"color:{GREEN};")
        elif state.open_shifts:
            shifts = "; ".join(_("#{id} {who} since {at}").format(id=s.id, who=s.operator, at=local_time_text(s.opened_at))
                               for s in state.open_shifts)
            self.status.setText(_("{day} is not closed. Shifts still open: {shifts}. While the day runs they must "
                                  "close first.").format(day=state.day.isoformat(), shifts=shifts))
            self.status.setStyleSheet(f"color:{RED};")
        else:
            self.status.setText(_("{day} is not closed yet; every shift is closed.").format(day=state.day.isoformat()))
            self.status.setStyleSheet("")
        self.close_button.setEnabled(state.closed is None)
        self.state_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.error.setText(text)
        self.error.show()
        self.close_button.setEnabled(True)
        self.reprint.setEnabled(True)
        self.failed.emit(text)

    # ----- closing and printing -------------------------------------------------------------------

    def ask_to_close(self) -> QMessageBox:
        """Ask before closing (a day close is numbered and can never be undone)."""
        box = QMessageBox(QMessageBox.Icon.Question, _("Close the day"),
                          _("Close {day}? Its report is numbered and can never be changed; it prints now.").format(
                              day=self.chosen_day().isoformat()),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("confirmCloseDay")
        box.button(QMessageBox.StandardButton.Yes).setText(_("Close the day"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.close_day)
        box.finished.connect(lambda _r: box.deleteLater())
        self.confirmation = box
        box.open()
        return box

    def close_day(self) -> None:
        self.error.hide()
        self.close_button.setEnabled(False)
        store, actor, day = self.ctx.store, self.ctx.actor, self.chosen_day()
        run_task(lambda: finance_admin.close_day(store, actor, day), self._print, self._failed, owner=self)

    def reprint_selected(self) -> None:
        row = self.closes.current()
        if row is None:
            self.closes.show_message(_("Select a day close to reprint."), error=True)
            return
        self.error.hide()
        self.reprint.setEnabled(False)
        store, actor, number = self.ctx.store, self.ctx.actor, row.number
        run_task(lambda: finance_admin.print_day_close(store, actor, number), self._print, self._failed, owner=self)

    def _print(self, printed: PrintedDayClose) -> None:
        self.reprint.setEnabled(True)
        title = _("Day close No. {number}").format(number=day_close_number_text(printed.number))
        if printed.copy:
            title = _("{title} (copy, print {n})").format(title=title, n=printed.prints)
        printing.print_pdf(printed.pdf, self, preview=True, title=title)
        self.printed.emit(printed)
        self.refresh()
