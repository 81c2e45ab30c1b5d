"""A student's history in one window: the rooms they lived in, their payments, refunds and check-out
settlements, for students who live here now and for those who have checked out or left.

`open_student_history(parent, ctx, student_id=None)` opens it (non-modal) on a student, or empty with
the cursor in its search field: a student number, a name or the pinyin initials of a name find
former students too. Everything is read in background tasks; the tables are read-only, newest first,
times in campus time.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.campus.history import StudentHistory, StudentMatch, find_students, student_history
from app.counter import payment_methods, settlement
from app.counter.money import Money
from ui import printing
from ui.app_context import AppContext
from ui.history_views import RowsModel, campus_time, rows_table, utility_names
from ui.i18n import _, tr_message
from ui.tasks import run_task

SEARCH_DELAY_MS = 250


def status_names() -> dict[str, str]:
    return {"active": _("Enrolled"), "graduated": _("Graduated"), "left": _("Left the school")}


def refund_status_names() -> dict[str, str]:
    return {"awaiting_meter": _("waiting for the meter"), "paid": _("paid"), "failed": _("failed")}


class _Rows(RowsModel):
    """RowsModel with amounts right-aligned."""

    def __init__(self, columns, right: tuple[int, ...], parent: QWidget) -> None:
        super().__init__(columns, parent)
        self.right = right

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def match_text(m: StudentMatch) -> str:
    if m.current_room:
        where = _("lives in {room}").format(room=m.current_room)
    elif m.last_room:
        where = _("checked out of {room}").format(room=m.last_room)
    else:
        where = _("never checked in")
    return f"{m.student_no}  {m.name}  · {where}"


class StudentHistoryDialog(QDialog):
    """Search on the left, the chosen student's history on the right."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("studentHistory")
        self.setWindowTitle(_("Student history"))
        self.resize(1100, 640)
        self.history: StudentHistory | None = None
        self.methods: dict[str, str] = {}
        self._asked = ""

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Student number, name or initials"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("results")
        self.results.setMinimumWidth(260)
        self.search_note = QLabel("", self)
        self.search_note.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.results.currentItemChanged.connect(self._picked)
        left = QWidget(self)
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.search)
        left_lay.addWidget(self.results, 1)
        left_lay.addWidget(self.search_note)

        self.header = QLabel(_("Find a student on the left."), self)
        self.header.setObjectName("header")
        self.header.setStyleSheet("font-weight:bold;font-size:14px;")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QLabel("", self)
        self.details.setObjectName("details")
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setWordWrap(True)
        utilities = utility_names()
        statuses = refund_status_names()
        self.stays = _Rows([
            (_("Room"), lambda s: s.room),
            (_("Bed"), lambda s: s.bed),
            (_("From"), lambda s: campus_time(s.start_at)),
            (_("Until"), lambda s: campus_time(s.end_at) if s.end_at else _("now")),
        ], (), self)
        self.payments = _Rows([
            (_("Time"), lambda p: campus_time(p.at)),
            (_("Room"), lambda p: p.room),
            (_("Account"), lambda p: utilities.get(p.utility, p.utility)),
            (_("Amount"), lambda p: Money(p.amount_fen).display()),
            (_("Method"), lambda p: self.methods.get(p.method or "", p.method or "")),
            (_("Reference"), lambda p: p.reference or ""),
            (_("Receipt"), lambda p: str(p.receipt_no or "")),
            (_("Note"), lambda p: _("voided") if p.voided else ""),
        ], (3,), self)
        self.payments.colour = lambda p, _col: "#8c959f" if p.voided else None
        self.refunds = _Rows([
            (_("Time"), lambda r: campus_time(r.at)),
            (_("Room"), lambda r: r.room),
            (_("Account"), lambda r: utilities.get(r.utility, r.utility)),
            (_("Amount"), lambda r: Money(r.amount_fen).display()),
            (_("Method"), lambda r: self.methods.get(r.method, r.method)),
            (_("Status"), lambda r: statuses.get(r.status, r.status)),
            (_("Reason"), lambda r: tr_message(r.reason)),
        ], (3,), self)
        self.settlements = _Rows([
            (_("Time"), lambda s: campus_time(s.at)),
            (_("Room"), lambda s: s.room),
            (_("Refundable"), lambda s: Money(s.refundable_fen).display()),
            (_("Owed"), lambda s: Money(s.owed_fen).display()),
        ], (2, 3), self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self._tab_titles = (_("Rooms lived in"), _("Payments"), _("Refunds"), _("Settlements"))
        for model, title in zip((self.stays, self.payments, self.refunds, self.settlements), self._tab_titles,
                                strict=True):
            self.tabs.addTab(rows_table(model, self), title)
        self.print_statement = QPushButton(_("Print settlement statement"), self)
        self.print_statement.setObjectName("printStatement")
        self.print_statement.setEnabled(False)
        self.print_statement.clicked.connect(self._print_statement)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_statement)
        right = QWidget(self)
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.header)
        right_lay.addWidget(self.details)
        right_lay.addWidget(self.tabs, 1)
        right_lay.addLayout(buttons)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 800])
        lay = QHBoxLayout(self)
        lay.addWidget(split)
        self.search.setFocus()

    # ----- searching --------------------------------------------------------------------------

    def run_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self._asked = text
        if not text:
            self.results.clear()
            self.search_note.setText("")
            return
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: find_students(store, actor, text), lambda found: self._found(text, found),
                 lambda exc: self.search_note.setText(tr_message(str(exc))))

    def _found(self, text: str, found: list[StudentMatch]) -> None:
        if text != self._asked:     # an older answer: the clerk has typed on
            return
        self.results.blockSignals(True)
        self.results.clear()
        for m in found:
            item = QListWidgetItem(match_text(m), self.results)
            item.setData(Qt.ItemDataRole.UserRole, m.student_id)
        self.results.blockSignals(False)
        self.search_note.setText("" if found else _("No student matches “{text}”.").format(text=text))
        if len(found) == 1:
            self.results.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_student(int(item.data(Qt.ItemDataRole.UserRole)))

    # ----- one student ------------------------------------------------------------------------

    def show_student(self, student_id: int) -> None:
        """Read and show `student_id`'s history (in the background)."""
        store, actor = self.ctx.store, self.ctx.actor

        def read():
            return student_history(store, actor, student_id), {m.code: m.label for m in payment_methods.methods(store)}

        run_task(read, self._loaded, lambda exc: self.details.setText(tr_message(str(exc))))

    def _loaded(self, result: tuple[StudentHistory, dict[str, str]]) -> None:
        h, self.methods = result
        self.history = h
        self.header.setText(f"{h.name}  {h.student_no}")
        if h.current_room:
            where = _("Lives in {room}.").format(room=h.current_room)
        elif h.stays:
            where = _("Checked out of {room} on {day}.").format(room=h.stays[0].room,
                                                               day=campus_time(h.stays[0].end_at)[:10])
        else:
            where = _("Never checked in.")
        status = status_names().get(h.status, h.status)
        self.details.setText("  ·  ".join(x for x in (h.college, h.class_name, status, where) if x))
        self.stays.set_rows(h.stays)
        self.payments.set_rows(h.payments)
        self.refunds.set_rows(h.refunds)
        self.settlements.set_rows(h.settlements)
        for i, (title, rows) in enumerate(zip(self._tab_titles, (h.stays, h.payments, h.refunds, h.settlements),
                                              strict=True)):
            self.tabs.setTabText(i, _("{title} ({count})").format(title=title, count=len(rows)))
        self.print_statement.setEnabled(bool(h.settlements))

    def _print_statement(self) -> None:
        """The settlement selected on its tab (the newest when none is) as its statement PDF."""
        if self.history is None or not self.history.settlements:
            return
        view = self.tabs.widget(3)
        row = view.currentIndex().row() if view.currentIndex().isValid() else 0
        chosen = self.history.settlements[row]
        store = self.ctx.store
        printing.print_built(lambda: settlement.statement_pdf(store, chosen.id), self,
                             title=_("Settlement statement {id}").format(id=chosen.id))


def open_student_history(parent: QWidget | None, ctx: AppContext, student_id: int | None = None
                         ) -> StudentHistoryDialog:
    """Open the history window (non-modal, deleted on close) on `student_id`, or on its search field."""
    dialog = StudentHistoryDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if student_id is not None:
        dialog.show_student(student_id)
    dialog.show()
    return dialog
