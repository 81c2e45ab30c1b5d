"""The "Exchange list" tab of the Batch work page: moves, swaps and cycles typed in the window and
applied as a whole, through app.batch.exchange (the same rules as an exchange file).

What a clerk sees and may rely on:
- add rows of student number, target room ("B1-101") and, optionally, a bed (empty: the first bed free
  once everyone listed has moved); a swap is two rows, a cycle three or more; remove a row;
- "Check" plans the whole list: each row with where the student is and where they go, their share of
  the room they leave (water carried to the new room in their name, electricity left in the old room's
  account to be refunded at the counter, a debt listed) or why it cannot be done; capacity and gender
  are checked after all the moves, not one at a time; nothing is written;
- "Apply" applies the list in one transaction, or nothing at all with every row's reason; applying the
  same checked list twice does it once (one key per check).
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.batch import exchange
from app.batch.exchange import ExchangeResult, Move, MovePlan
from app.counter.money import Money
from ui.admin.batch_import import GREEN, RED
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task


def _share_text(p: MovePlan) -> str:
    parts = []
    for utility, sh in p.shares.items():
        word = _("Electricity") if utility == "electricity" else _("Water")
        if sh.carried_fen and utility == "electricity":
            parts.append(_("Electricity {amount} moves with them through the meters (old meter first)").format(
                amount=Money(sh.carried_fen).display()))
        elif sh.carried_fen:
            parts.append(_("{utility} {amount} moves with them").format(utility=word,
                                                                        amount=Money(sh.carried_fen).display()))
        if sh.left_fen:
            parts.append(_("{utility} {amount} stays in the old room (refund it at the counter)").format(
                utility=word, amount=Money(sh.left_fen).display()))
        if sh.owed_fen:
            parts.append(_("{utility}: owes {amount}").format(utility=word, amount=Money(sh.owed_fen).display()))
    return "; ".join(parts)


class _Row:
    def __init__(self, move: Move, plan: MovePlan | None = None, done: bool = False) -> None:
        self.move, self.plan, self.done = move, plan, done


class ExchangeListTab(QWidget):
    loaded = Signal()
    checked = Signal(object)          # list[MovePlan]
    applied = Signal(object)          # ExchangeResult
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("exchangeListTab")
        self.rows: list[_Row] = []
        self.key = ""
        self.student = QLineEdit(self)
        self.student.setObjectName("studentNo")
        self.student.setPlaceholderText(_("Student no."))
        self.room = QLineEdit(self)
        self.room.setObjectName("targetRoom")
        self.room.setPlaceholderText(_("Room code, e.g. B1-102"))
        self.bed = QLineEdit(self)
        self.bed.setObjectName("targetBed")
        self.bed.setPlaceholderText(_("Bed (optional)"))
        self.bed.setMaximumWidth(110)
        self.add_button = QPushButton(_("Add"), self)
        self.add_button.setObjectName("addButton")
        self.add_button.clicked.connect(self.add_from_fields)
        self.bed.returnPressed.connect(self.add_from_fields)
        entry = QHBoxLayout()
        for w in (QLabel(_("Move"), self), self.student, QLabel(_("to"), self), self.room, self.bed, self.add_button):
            entry.addWidget(w)
        entry.addStretch(1)

        self.list = AdminList([
            Col(_("Row"), lambda r: str(self.rows.index(r) + 1)),
            Col(_("Student"), lambda r: r.plan.who if r.plan else r.move.student_no),
            Col(_("From"), lambda r: f"{r.plan.from_room_code} / {r.plan.from_bed}" if r.plan and r.plan.from_bed else ""),
            Col(_("To"), lambda r: (f"{r.plan.to_room_code} / {r.plan.to_bed}" if r.plan and r.plan.to_bed
                                    else f"{r.move.room_code} / {r.move.bed_label or _('any bed')}")),
            Col(_("Money"), lambda r: _share_text(r.plan) if r.plan else ""),
            Col(_("Why not"), lambda r: " ".join(tr_message(e) for e in r.plan.errors) if r.plan else ""),
        ], self, name="exchangeList")
        self.list.model.colour = lambda r, col: (RED if r.plan and r.plan.errors else GREEN if r.done else None) \
            if col in (1, 5) else None
        self.remove_button = self.list.add_button(_("Remove"), "removeButton", self.remove_selected)
        self.check_button = QPushButton(_("Check"), self)
        self.check_button.setObjectName("checkButton")
        self.check_button.clicked.connect(self.check)
        self.apply_button = QPushButton(_("Apply"), self)
        self.apply_button.setObjectName("applyButton")
        self.apply_button.clicked.connect(self.apply)
        self.status = QLabel(_("Add the moves; a swap is two rows, a cycle three or more. Check the list, then "
                               "apply it: it is applied whole or not at all."), self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.check_button)
        actions.addWidget(self.apply_button)
        lay = QVBoxLayout(self)
        lay.addLayout(entry)
        lay.addWidget(self.list, 1)
        lay.addLayout(actions)
        self._show_state()

    def refresh(self) -> None:
        self.loaded.emit()

    def moves(self) -> list[Move]:
        return [Move(r.move.student_no, r.move.room_code, r.move.bed_label, i) for i, r in enumerate(self.rows, 1)]

    def add(self, student_no: str, room_code: str, bed: str | None = None) -> None:
        if not student_no.strip() or not room_code.strip():
            self._say(_("Give the student number and the target room."))
            return
        self.rows.append(_Row(Move(student_no.strip(), room_code.strip(), (bed or "").strip() or None)))
        self._changed()

    def add_from_fields(self) -> None:
        self.add(self.student.text(), self.room.text(), self.bed.text())
        if self.rows and self.rows[-1].move.student_no == self.student.text().strip():
            self.student.clear()
            self.room.clear()
            self.bed.clear()
            self.student.setFocus()

    def remove_selected(self) -> None:
        gone = {id(r) for r in self.list.selected()}
        self.rows = [r for r in self.rows if id(r) not in gone]
        self._changed()

    def _changed(self) -> None:
        for r in self.rows:
            r.plan, r.done = None, False
        self.key = ""
        self.list.set_rows(self.rows)
        self._show_state()

    def check(self) -> None:
        store, actor, moves = self.ctx.store, self.ctx.actor, self.moves()
        self.check_button.setEnabled(False)
        run_task(lambda: exchange.preview(store, actor, moves), self._checked, self._failed)

    def _checked(self, plans: list[MovePlan]) -> None:
        for r, p in zip(self.rows, plans, strict=True):
            r.plan = p
        self.list.set_rows(self.rows)
        bad = sum(1 for p in plans if p.errors)
        if bad:
            self.key = ""
            self._say(_("{n} rows cannot be done; nothing can be applied until they are changed or removed.").format(
                n=bad))
        else:
            self.key = f"exchange-{uuid.uuid4().hex}"
            self._say(_("All {n} moves can be done together. Nothing has been written yet.").format(n=len(plans)))
        self._show_state()
        self.checked.emit(plans)

    def apply(self) -> None:
        if not self.key:
            return
        store, actor, moves, key = self.ctx.store, self.ctx.actor, self.moves(), self.key
        self.apply_button.setEnabled(False)
        run_task(lambda: exchange.apply_moves(store, actor, moves, key=key), self._applied, self._failed)

    def _applied(self, result: ExchangeResult) -> None:
        for r in self.rows:
            r.done = True
        self.list.set_rows(self.rows)
        self._say(_("Applied: {n} students moved; water carried {water}; electricity {electricity} on its way "
                    "through the meters.").format(n=len(result.moved), water=Money(result.carried_fen("water")).display(),
                                                  electricity=Money(result.carried_fen("electricity")).display()))
        self.key = ""
        self._show_state(done=True)
        self.applied.emit(result)

    def _show_state(self, done: bool = False) -> None:
        self.check_button.setEnabled(bool(self.rows) and not done)
        self.apply_button.setEnabled(bool(self.key))
        self.remove_button.setEnabled(bool(self.rows))

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _failed(self, exc: BaseException) -> None:
        plans = getattr(exc, "plans", None)
        if plans is not None and len(plans) == len(self.rows):
            for r, p in zip(self.rows, plans, strict=True):
                r.plan = p
            self.list.set_rows(self.rows)
        self.key = ""
        text = error_text(exc)
        self._say(text)
        self._show_state()
        self.failed.emit(text)
