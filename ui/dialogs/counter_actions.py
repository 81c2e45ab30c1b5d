"""The counter's controller: opens the right dialog for a room and reports what changed.

The main window owns one `CounterActions(ctx, parent)` and connects the room panel's
`action_requested(kind, room_id)` to `open`, and the status bar's shift requests to `open_shift`
/ `close_shift`. A caller may rely on:
- `open(kind, room_id)` for "recharge", "refund", "check_in", "exchange", "check_out" shows the
  dialog window-modal without blocking (it is returned, mostly for tests) and never runs a store
  call on the GUI thread; an unknown kind raises ValueError;
- `room_changed(room_id)` is emitted for every room whose money or occupants changed (both rooms
  of an exchange), `message(text)` with a one-line outcome for the status bar, and
  `shift_changed()` after a shift was opened or closed;
- after money moves the meter service (when there is one) is told, so the credit or refund goes
  to the meter without waiting for its next pass.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from app.counter import payments, settlement
from app.counter.money import Money
from ui.app_context import AppContext
from ui.dialogs import utility_label
from ui.dialogs.check_in_dialog import CheckInDialog
from ui.dialogs.check_out_dialog import CheckOutDialog
from ui.dialogs.exchange_dialog import ExchangeDialog
from ui.dialogs.recharge_dialog import RechargeDialog
from ui.dialogs.refund_dialog import RefundDialog
from ui.dialogs.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from ui.i18n import _

KINDS = ("recharge", "refund", "check_in", "exchange", "check_out")
# The function key of each operation: the Counter menu and the room panel's buttons both show it.
SHORTCUTS = {"recharge": "F2", "refund": "F3", "check_in": "F6", "exchange": "F7", "check_out": "F8"}


def action_label(kind: str) -> str:
    return {"recharge": _("Recharge…"), "refund": _("Refund…"), "check_in": _("Check in…"),
            "exchange": _("Exchange…"), "check_out": _("Check out…")}[kind]


class CounterActions(QObject):
    room_changed = Signal(int)
    message = Signal(str)
    shift_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.window = parent
        self.current: QDialog | None = None

    # ----- opening dialogs -------------------------------------------------------------------

    def open(self, kind: str, room_id: int, *, payer_id: int | None = None) -> QDialog:
        """Show the dialog for `kind` on `room_id` (window-modal, non-blocking) and return it;
        `payer_id` preselects the payer of a recharge (the student the clerk searched for)."""
        makers: dict[str, Callable[[], QDialog]] = {
            "recharge": lambda: self._recharge(room_id, payer_id), "refund": lambda: self._refund(room_id),
            "check_in": lambda: self._check_in(room_id), "exchange": lambda: self._exchange(room_id),
            "check_out": lambda: self._check_out(room_id)}
        if kind not in makers:
            raise ValueError(f"unknown counter action {kind!r}; use one of {', '.join(KINDS)}")
        return self._show(makers[kind]())

    def open_shift(self) -> QDialog:
        d = OpenShiftDialog(self.ctx, self.window)
        d.opened.connect(lambda info: self._shift_done(_("Shift opened with a float of {cash}.").format(
            cash=Money(info.float_fen).display())))
        return self._show(d)

    def close_shift(self) -> QDialog:
        d = CloseShiftDialog(self.ctx, self.window)
        d.closed.connect(lambda report: self._shift_done(_("Shift {id} closed.").format(id=report["shift_id"])))
        return self._show(d)

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.finished.connect(dialog.deleteLater)
        self.current = dialog
        dialog.open()
        return dialog

    # ----- each operation -----------------------------------------------------------------------

    def _recharge(self, room_id: int, payer_id: int | None = None) -> RechargeDialog:
        d = RechargeDialog(self.ctx, room_id, self.window)
        if payer_id is not None:
            # The dialog fills its payer list when the room is read: take the student as it arrives.
            def take_payer() -> None:
                i = d.payer.findData(payer_id)
                if i >= 0 and d.payer.currentData() != payer_id and not d.loaded:
                    d.payer.setCurrentIndex(i)
            d.payer.model().rowsInserted.connect(take_payer)
        d.shift_open_requested.connect(lambda: self._shift_for(d))

        def posted(res: payments.CounterResult) -> None:
            self._money_moved(room_id)
            self.message.emit(_("Receipt {number}: {amount} taken.").format(
                number=res.receipt_number, amount=res.amount.display()))

        d.posted.connect(posted)
        return d

    def _shift_for(self, d: RechargeDialog) -> None:
        shift = OpenShiftDialog(self.ctx, d)
        shift.opened.connect(lambda _info: (d.shift_opened(), self.shift_changed.emit()))
        shift.finished.connect(shift.deleteLater)
        shift.open()

    def _refund(self, room_id: int) -> RefundDialog:
        d = RefundDialog(self.ctx, room_id, self.window)

        def requested(info: payments.RefundInfo) -> None:
            self._money_moved(room_id)
            self.message.emit(_("Refund of {amount}: {status}").format(
                amount=info.amount.display(), status=_("paid") if info.status == "paid"
                else _("waiting for the meter") if info.status == "awaiting_meter" else _("failed")))

        d.requested.connect(requested)
        return d

    def _check_in(self, room_id: int) -> CheckInDialog:
        d = CheckInDialog(self.ctx, room_id, self.window)
        d.checked_in.connect(lambda stay: self._occupants_changed({room_id}, _(
            "{name} checked in to {room}, bed {bed}.").format(name=stay.student_name, room=stay.room_code,
                                                                bed=stay.bed_label)))
        return d

    def _exchange(self, room_id: int) -> ExchangeDialog:
        d = ExchangeDialog(self.ctx, room_id, self.window)
        d.exchanged.connect(lambda rooms: self._occupants_changed(rooms, _("Exchange done.")))
        return d

    def _check_out(self, room_id: int) -> CheckOutDialog:
        d = CheckOutDialog(self.ctx, room_id, self.window)

        def checked_out(res: settlement.CheckOutResult) -> None:
            self._money_moved(room_id)
            parts = [_("{utility} {amount}").format(utility=utility_label(u), amount=r.amount.display())
                     for u, r in res.refunds.items()]
            self._occupants_changed({room_id}, _("{name} checked out; refunds: {refunds}.").format(
                name=res.stay.student_name, refunds=", ".join(parts) or _("none")))

        d.checked_out.connect(checked_out)
        return d

    # ----- what changed -----------------------------------------------------------------------

    def _occupants_changed(self, rooms: set[int], text: str) -> None:
        for rid in sorted(rooms):
            self.room_changed.emit(rid)
        self.message.emit(text)

    def _money_moved(self, room_id: int) -> None:
        # The runtime hears of the purchase and the water balance from the hub (app.events): the
        # window tells it nothing.
        self.room_changed.emit(room_id)

    def _shift_done(self, text: str) -> None:
        self.shift_changed.emit()
        self.message.emit(text)
