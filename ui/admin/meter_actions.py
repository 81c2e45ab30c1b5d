"""Replacing and decommissioning a meter from the Lines page: `replace_meter(parent, ctx, kind,
meter_id, on_done)` and `decommission_meter(parent, ctx, kind, meter_id, on_done)` open their dialog
(window-modal, returned for the caller and the tests) and call `on_done()` once the store has the
change; the dialog's `replacement` then holds it (`app.metering.replacement.Replacement`).

The replacement dialog shows the old meter (serial, line and address, last reading, the room's
balance) and, as the technician types, what OK will do: the consumption billed at the swap and the
balance carried to the new meter, computed by the same service call that makes the replacement (in
the background, so typing never waits for the store). The idempotency key is made when the dialog
opens: OK pressed again after a lost reply replays the same replacement.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from app.counter.money import Money
from app.errors import FieldInvalid
from app.metering import replacement
from app.metering.replacement import MeterState, Plan, Replacement
from ui.admin.forms import AdminForm
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.dialogs.shift_dialogs import local_text
from ui.i18n import _
from ui.tasks import run_task

PLAN_DELAY_MS = 250        # the summary is recomputed once typing pauses
READ_TIMEOUT_S = 15        # a read waits behind the line's queue (purchases and commands go first)


def _unit(kind: str) -> str:
    return "kWh" if kind == "ddsy" else "L"


def _meter_word(kind: str) -> str:
    return _("electricity meter") if kind == "ddsy" else _("water meter")


def _reading(kind: str, value: int | None) -> str:
    return "—" if value is None else f"{replacement.reading_text(kind, value)} {_unit(kind)}"


def _title(kind: str) -> str:
    return _("Replace the electricity meter") if kind == "ddsy" else _("Replace the water meter")


class ReplaceMeterDialog(AdminForm):
    def __init__(self, ctx: AppContext, kind: str, meter_id: int, on_done: Callable[[], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _title(kind), parent)
        self.setObjectName("replaceMeterDialog")
        self.setMinimumWidth(560)
        self.kind, self.meter_id, self.on_done = kind, meter_id, on_done
        self.replacement: Replacement | None = None
        self.key = f"replace-{uuid.uuid4().hex}"
        self.state: MeterState | None = None
        self.plan: Plan | None = None
        self.old = self._info("oldMeter", _("Old meter"))
        self.last = self._info("lastReading", _("Last reading"))
        self.balance = self._info("roomBalance", _("Room balance"))
        unit = _unit(kind)
        self.final_reading = self.field("final_reading", _("Final reading ({unit})").format(unit=unit),
                                        QLineEdit(self))
        self.final_reading.setToolTip(_("As the old meter's display shows it. Leave it empty when the meter "
                                        "cannot be read: its last reading is taken."))
        self.new_serial = self.field("new_serial", _("New meter's serial number"), QLineEdit(self))
        self.new_serial.setMaxLength(32)
        self.new_address = self.field("new_address", _("New meter's address"), QSpinBox(self))
        self.new_address.setRange(1, 247)
        self.initial_reading = self.field("initial_reading", _("New meter's reading ({unit})").format(unit=unit),
                                          QLineEdit(self))
        self.initial_reading.setText(replacement.reading_text(kind, 0))
        self.summary = QLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight:bold;")
        self._tail.addWidget(self.summary)
        self.ok.setText(_("Replace"))
        self.ok.setEnabled(False)                      # until the old meter is known
        self.read_button = None
        if kind == "ddsy" and ctx.runtime is not None:  # this window runs lines: it can ask the meter itself
            self.read_button = self.add_button(_("Read from the meter"), "readMeter", self._read_meter)
            self.read_button.setEnabled(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PLAN_DELAY_MS)
        self._timer.timeout.connect(self._update_plan)
        self.final_reading.textChanged.connect(lambda _text: self._timer.start())
        store = ctx.store
        self.load(lambda: replacement.meter_state(store, kind, meter_id), self._loaded)

    # ----- what is shown ------------------------------------------------------------------------

    def _info(self, name: str, label: str) -> QLabel:
        info = QLabel("", self)
        info.setObjectName(name)
        self.form.addRow(label, info)
        return info

    def _loaded(self, state: MeterState) -> None:
        self.state = state
        room = state.room_code or _("no room")
        self.header.setText(_("Replace the {meter} of room {room}").format(meter=_meter_word(self.kind), room=room))
        self.old.setText(_("{serial} on line {line}, address {address}").format(
            serial=state.serial_no or "—", line=state.bus_name, address=state.address))
        self.last.setText(_("{reading} at {time}").format(reading=_reading(self.kind, state.last_reading),
                                                          time=local_text(state.last_at))
                          if state.last_reading is not None else _("never read"))
        self.balance.setText(Money(state.balance_fen).display() if state.balance_fen is not None else "—")
        self.final_reading.setPlaceholderText(_reading(self.kind, state.last_reading) if state.last_reading is not None
                                              else "")
        self.new_address.setValue(state.address)
        if state.replaced:
            self.show_error(_("This meter is already out of service."))
            return
        self.ok.setEnabled(True)
        if self.read_button is not None:
            self.read_button.setEnabled(self._runs_meter())
            if not self.read_button.isEnabled():
                self.read_button.setToolTip(_("Another window or service runs this meter's line: type the "
                                              "reading from the meter's display."))
        self._update_plan()

    def _runs_meter(self) -> bool:
        try:
            ref = self.ctx.runtime.room_meter(self.state.room_id, self.kind)
        except (KeyError, AttributeError, TypeError):
            return False
        return ref.meter_id == self.meter_id

    def _read_meter(self) -> None:
        """The old meter's energy register, read over its line by this window's runtime."""
        if self.state is None or not self._runs_meter():
            return
        runtime, room_id = self.ctx.runtime, self.state.room_id
        self.read_button.setEnabled(False)

        def read() -> int:
            return runtime.read_now(room_id).result(READ_TIMEOUT_S).incoming_energy_cwh

        def done(cwh: int) -> None:
            if self.alive():
                self.read_button.setEnabled(True)
                self.final_reading.setText(replacement.reading_text(self.kind, cwh))

        def failed(exc: BaseException) -> None:
            if self.alive():
                self.read_button.setEnabled(True)
                self.show_field_error_text("final_reading", _("The meter did not answer ({error}): type the "
                                                              "reading from its display.").format(
                    error=error_text(exc)))

        run_task(read, done, failed, kind="cpu")         # waits on the bus, not on the store

    def _final(self) -> int | None:
        text = self.final_reading.text().strip()
        return replacement.parse_reading(self.kind, text, "final_reading") if text else None

    def _update_plan(self) -> None:
        if self.state is None or not self.alive():
            return
        self.show_field_error_text("final_reading", "")
        try:
            final = self._final()
        except FieldInvalid as exc:
            self.show_field_error_text("final_reading", error_text(exc))
            self.summary.setText("")
            return
        store, kind, meter_id = self.ctx.store, self.kind, self.meter_id

        def failed(exc: BaseException) -> None:
            if not self.alive():
                return
            self.summary.setText("")
            if isinstance(exc, FieldInvalid) and exc.field in self.fields:
                self.show_field_error_text(exc.field, error_text(exc))
            else:
                self.show_error(error_text(exc))

        run_task(lambda: replacement.plan_replacement(store, kind, meter_id, final),
                 lambda plan: self.alive() and self._planned(plan), failed)

    def _planned(self, plan: Plan) -> None:
        self.plan = plan
        self.summary.setText(summary_text(self.kind, plan, self.state))

    def show_field_error_text(self, name: str, text: str) -> None:
        """Set the text under a field without moving the focus (as-you-type checks)."""
        self.set_error(self.fields[name][1], text)

    # ----- OK -------------------------------------------------------------------------------------

    def confirm(self) -> None:
        if self.state is None:
            return
        self.clear_errors()
        try:
            final = self._final()
            initial = replacement.parse_reading(self.kind, self.initial_reading.text(), "initial_reading")
        except FieldInvalid as exc:
            self.show_field_error(exc.field, error_text(exc))
            return
        store, actor, kind, meter_id = self.ctx.store, self.ctx.actor, self.kind, self.meter_id
        serial, address, key = self.new_serial.text(), self.new_address.value(), self.key
        self.run(lambda: replacement.replace_meter(store, actor, kind=kind, old_meter_id=meter_id, new_serial=serial,
                                                   new_address=address, final_reading=final,
                                                   initial_reading=initial, key=key), self._replaced)

    def _replaced(self, res: Replacement) -> None:
        self.replacement = res
        self.summary.setText(result_text(res))
        self.show_result()
        self.on_done()


def summary_text(kind: str, plan: Plan, state: MeterState | None) -> str:
    """What OK will do, in one or two sentences."""
    unit = _unit(kind)
    billed = _("Bills {reading} {unit}, {amount}").format(reading=replacement.reading_text(kind, plan.billed),
                                                          unit=unit, amount=Money(plan.charged_fen).display())
    if plan.carried_fen is not None:
        text = _("{billed}; {balance} carried to the new meter.").format(
            billed=billed, balance=Money(plan.carried_fen).display())
    else:
        text = _("{billed}; the room's water balance stays in its account (a water meter holds no money).").format(
            billed=billed)
    if not plan.final_typed:
        text += " " + _("No final reading typed: the last reading is taken, and use since then is not billed.")
    if state is not None and state.pending_purchases:
        text += " " + _("{n} purchase(s) waiting for the old meter will not be sent: their money is in the "
                        "balance carried over.").format(n=state.pending_purchases)
    return text


def result_text(res: Replacement) -> str:
    if res.carried_fen is not None:
        return _("Replaced. The new meter gets the balance {balance} as soon as its line's runtime reaches it.").format(
            balance=Money(res.carried_fen).display())
    return _("Replaced. Billing goes on from the new meter's reading.")


class DecommissionMeterDialog(AdminForm):
    def __init__(self, ctx: AppContext, kind: str, meter_id: int, on_done: Callable[[], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Take a meter out of service"), parent)
        self.setObjectName("decommissionMeterDialog")
        self.kind, self.meter_id, self.on_done = kind, meter_id, on_done
        self.replacement: Replacement | None = None
        self.key = f"decommission-{uuid.uuid4().hex}"
        self.old = QLabel("", self)
        self.old.setObjectName("oldMeter")
        self.old.setWordWrap(True)
        self.add_row(_("Meter"), self.old)
        self.reason = self.field("reason", _("Reason"), QLineEdit(self))
        self.reason.setMaxLength(255)
        note = QLabel(_("The room keeps its money; the meter is no longer polled; its readings and purchases "
                        "stay in the room's history."), self)
        note.setWordWrap(True)
        self._tail.addWidget(note)
        self.ok.setText(_("Take out of service"))
        self.ok.setEnabled(False)
        store = ctx.store
        self.load(lambda: replacement.meter_state(store, kind, meter_id), self._loaded)

    def _loaded(self, state: MeterState) -> None:
        room = state.room_code or _("no room")
        self.header.setText(_("Take the {meter} of room {room} out of service?").format(
            meter=_meter_word(self.kind), room=room))
        self.old.setText(_("Serial {serial}, line {line}, address {address}").format(
            serial=state.serial_no or "—", line=state.bus_name, address=state.address))
        if state.pending_purchases:
            self.show_error(_("{n} purchase(s) for this meter are still in the outbox: take it out of service once "
                              "they are delivered, or replace it instead.").format(n=state.pending_purchases))
        self.ok.setEnabled(not state.replaced)

    def confirm(self) -> None:
        store, actor, kind, meter_id = self.ctx.store, self.ctx.actor, self.kind, self.meter_id
        reason, key = self.reason.text(), self.key
        self.run(lambda: replacement.decommission_meter(store, actor, kind, meter_id, reason, key=key), self._done)

    def _done(self, res: Replacement) -> None:
        self.replacement = res
        self.finish()
        self.on_done()


def replace_meter(parent: QWidget | None, ctx: AppContext, kind: str, meter_id: int,
                  on_done: Callable[[], Any]) -> ReplaceMeterDialog:
    """Open the replacement dialog for meter `meter_id` of `kind` ("ddsy" or "lxsy")."""
    dlg = ReplaceMeterDialog(ctx, kind, meter_id, on_done, parent)
    dlg.open()
    return dlg


def decommission_meter(parent: QWidget | None, ctx: AppContext, kind: str, meter_id: int,
                       on_done: Callable[[], Any]) -> DecommissionMeterDialog:
    """Open the confirmation (with its reason) for taking meter `meter_id` out of service."""
    dlg = DecommissionMeterDialog(ctx, kind, meter_id, on_done, parent)
    dlg.open()
    return dlg
