"""The selected room: header, occupants and beds, balances, its power policy (the policy in force and
where it comes from, the next change, whether the meter holds it), purchases waiting for the meter,
open alarms, live curves with branch control, daily consumption and the ledger and event history.

What a caller may rely on:
- `RoomPanel(ctx, parent)`; `show_room(room_id)` loads the room in the background (`room_id` is set
  at once; a result for a room no longer selected is dropped); `refresh()` reloads the same room;
- `on_live(room_id, live)` may be called for every live block of every room on screen: it only
  stores the sample (ring buffer per room); the curves redraw at most once a second;
- `action_requested(action, room_id)` with action "recharge", "refund", "check_in", "exchange" or
  "check_out": the counter dialogs are someone else's; connect their `room_changed` to `refresh_room`;
- `room_changed(room_id)` after the panel itself changed something (branch command, trip release,
  alarm acknowledged), so the card can be refreshed;
- `loaded(room_id)` after a room's detail is on screen; `command_finished(room_id, ok)` after a meter
  command or an acknowledgement ended.
- the power policy (`policy`, the `RoomPolicy` shown, and `policy_label`, `change_label`,
  `sync_label`) loads in its own background task with the room and again on "policies_changed";
  `policy_loaded(room_id)` after it is on screen.
Every store and bus call runs through `run_task`; only the GUI thread touches widgets and pyqtgraph.
"""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.campus.cards import LOW_BALANCE_FEN
from app.campus.room_view import RoomDetail, room_detail
from app.counter.money import Money
from app.metering import alarms, daily_readings
from app.policies.room_policy import RoomPolicy
from ui import printing
from ui.app_context import AppContext
from ui.consumption_bars import ConsumptionBars
from ui.dialogs.counter_actions import SHORTCUTS
from ui.history_views import EventsView, LedgerView, campus_time
from ui.i18n import _, tr_message
from ui.live_curves import BranchControls, LiveCurves, LiveHistory, command_error_text
from ui.room_loads_box import RoomLoadsBox
from ui.room_policy_box import RoomPolicyBox
from ui.tasks import run_task

ACTIONS = ("recharge", "refund", "check_in", "exchange", "check_out")
REDRAW_MS = 1000        # curves redraw at most once a second
REFRESH_DEBOUNCE_MS = 1500
READINGS_DAYS = 31      # "Daily readings…": the last month, today included


def _action_labels() -> dict[str, str]:
    return {"recharge": _("Recharge"), "refund": _("Refund"), "check_in": _("Check in"),
            "exchange": _("Exchange"), "check_out": _("Check out")}


def _balance_style(fen: int | None) -> str:
    if fen is None:
        return "color:#6e7781;"
    if fen < 0:
        return "color:#cf222e;font-weight:bold;"
    if fen < LOW_BALANCE_FEN:
        return "color:#9a6700;font-weight:bold;"
    return "color:#1a7f37;font-weight:bold;"


class RoomPanel(QWidget):
    room_changed = Signal(int)              # something was done to the room: refresh its card
    action_requested = Signal(str, int)     # counter action, room id
    loaded = Signal(int)                    # the room's detail is on screen
    command_finished = Signal(int, bool)    # room id, succeeded
    policy_loaded = Signal(int)             # the room's power policy is on screen

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.room_id: int | None = None
        self.detail: RoomDetail | None = None
        self.history = LiveHistory()
        self._request = 0
        self._last_live = None
        self._live_dirty = False
        self.setMinimumWidth(400)

        body = QWidget()
        col = QVBoxLayout(body)
        col.setContentsMargins(8, 6, 8, 6)
        col.setSpacing(6)
        self.title = QLabel("—", body)
        self.title.setObjectName("roomTitle")
        self.title.setStyleSheet("font-size:16pt;font-weight:bold;")
        self.subtitle = QLabel("", body)
        self.subtitle.setStyleSheet("color:#57606a;")
        col.addWidget(self.title)
        col.addWidget(self.subtitle)

        money = QHBoxLayout()
        self.electricity, self.water = QLabel("", body), QLabel("", body)
        for lbl in (self.electricity, self.water):
            lbl.setTextFormat(Qt.TextFormat.PlainText)
            lbl.setStyleSheet("font-size:12pt;")
            # the days left lengthen the text: it must not widen the panel past the office's screens
            lbl.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            lbl.setMinimumWidth(1)
            money.addWidget(lbl, 1)
        col.addLayout(money)

        self.people = QLabel("", body)
        self.people.setObjectName("occupants")
        self.people.setWordWrap(True)
        self.people.setTextFormat(Qt.TextFormat.PlainText)
        col.addWidget(self.people)

        buttons = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for name, text in _action_labels().items():
            btn = QPushButton(text, body)
            btn.setObjectName(f"action_{name}")
            btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            btn.setMinimumWidth(btn.fontMetrics().horizontalAdvance(text) + 14)
            btn.clicked.connect(lambda _c=False, n=name: self._request_action(n))
            self.action_buttons[name] = btn
            buttons.addWidget(btn)
        col.addLayout(buttons)

        self.policy_box = RoomPolicyBox(ctx, body)
        self.policy_box.loaded.connect(self.policy_loaded)
        col.addWidget(self.policy_box)
        self.loads_box = RoomLoadsBox(ctx, body)            # load-control profile and signature slots
        col.addWidget(self.loads_box)

        self.purchases = QLabel("", body)
        self.purchases.setObjectName("pendingPurchases")
        self.purchases.setWordWrap(True)
        self.purchases.setStyleSheet("background:#fff8c5;border:1px solid #d4a72c;border-radius:3px;padding:4px;")
        col.addWidget(self.purchases)

        self.alarm_box = QFrame(body)
        self.alarm_box.setStyleSheet("QFrame{background:#ffebe9;border:1px solid #ff8182;border-radius:3px;}")
        alarm_col = QVBoxLayout(self.alarm_box)
        alarm_col.setContentsMargins(4, 4, 4, 4)
        self.alarm_list = QListWidget(self.alarm_box)
        self.alarm_list.setWordWrap(True)
        self.alarm_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.alarm_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.alarm_list.setStyleSheet("QListWidget{background:white;border:none;}")
        self.ack_button = QPushButton(_("Acknowledge alarm…"), self.alarm_box)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        alarm_col.addWidget(self.alarm_list)
        alarm_col.addWidget(self.ack_button, 0, Qt.AlignmentFlag.AlignRight)
        col.addWidget(self.alarm_box)

        self.message = QLabel("", body)
        self.message.setObjectName("panelMessage")
        self.message.setWordWrap(True)
        col.addWidget(self.message)

        for lbl in (self.title, self.subtitle, self.electricity, self.water, self.people, self.purchases,
                    self.message):
            # Never squeezed below their text by a tall tab: the scroll area scrolls instead.
            lbl.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
        self.message.hide()
        self.tabs = QTabWidget(body)
        live_tab = QWidget()
        live_col = QVBoxLayout(live_tab)
        live_col.setContentsMargins(2, 4, 2, 2)
        self.live_now = QLabel(_("No live values yet."), live_tab)
        self.curves = LiveCurves(live_tab)
        self.controls = BranchControls(ctx, live_tab)
        self.controls.finished.connect(self._command_done)
        live_col.addWidget(self.live_now)
        live_col.addWidget(self.curves, 1)
        live_col.addWidget(self.controls)
        self.bars = ConsumptionBars()
        self.ledger = LedgerView()
        self.events = EventsView()
        self.tabs.addTab(live_tab, _("Live"))
        self.tabs.addTab(self.bars, _("Daily use"))
        self.tabs.addTab(self.ledger, _("Ledger"))
        self.tabs.addTab(self.events, _("Events"))
        self.readings_button = QPushButton(_("Daily readings…"), body)
        self.readings_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.readings_button.setObjectName("dailyReadings")
        self.readings_button.setToolTip(_("The room's readings and charges day by day for the last {n} days, to print "
                                          "for a student who disputes a bill").format(n=READINGS_DAYS))
        self.readings_button.clicked.connect(self.print_daily_readings)
        self.bars.layout().addWidget(self.readings_button, 0, Qt.AlignmentFlag.AlignRight)   # under the daily bars
        self.tabs.setMinimumHeight(420)
        col.addWidget(self.tabs, 1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self._redraw_timer = QTimer(self, interval=REDRAW_MS)
        self._redraw_timer.timeout.connect(self.redraw_live)
        self._redraw_timer.start()
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.bridge.rooms_changed.connect(self._rooms_changed)
        ctx.bridge.alarm.connect(self._alarm)
        self._clear()

    @property
    def policy(self) -> RoomPolicy | None:
        return self.policy_box.policy

    @property
    def policy_label(self):
        return self.policy_box.policy_label

    @property
    def change_label(self):
        return self.policy_box.change_label

    @property
    def sync_label(self):
        return self.policy_box.sync_label

    def sizeHint(self) -> QSize:
        return QSize(500, 820)

    # ----- loading ------------------------------------------------------------------------------

    def show_room(self, room_id: int | None) -> None:
        """Select `room_id` (None clears the panel) and load its detail in the background."""
        changed = room_id != self.room_id
        self.room_id = room_id
        if changed:
            self.message.clear()
            self.message.hide()
            self._last_live = None
            self.detail = None
            self.policy_box.show_room(None)
            self.loads_box.show_room(None)
            self.curves.show_buffer(self.history.get(room_id), self.history.clock())
        if room_id is None:
            self._clear()
            return
        self.refresh()

    def refresh(self) -> None:
        room_id = self.room_id
        if room_id is None:
            return
        self._request += 1
        request, store = self._request, self.ctx.store
        run_task(lambda: room_detail(store, room_id), lambda d: self._loaded(request, d),
                 lambda exc: self._load_failed(request, exc))
        self.refresh_policy()

    def refresh_policy(self) -> None:
        """Reload the power policy and load control of the room shown (in the background)."""
        self.policy_box.show_room(self.room_id)
        self.loads_box.show_room(self.room_id)

    def refresh_room(self, room_id: int) -> None:
        """Reload if `room_id` is the room shown (connect the counter dialogs' `room_changed` here)."""
        if room_id == self.room_id:
            self.refresh()

    def _loaded(self, request: int, d: RoomDetail) -> None:
        if request != self._request or d.room_id != self.room_id:
            return          # the clerk has moved on
        self.detail = d
        gender = _("Male") if d.gender == "M" else _("Female")
        self.title.setText(_("{code}  {building}").format(code=d.code, building=d.building_name))
        meter = (_("meter {serial}, online").format(serial=d.meter_serial) if d.meter_online
                 else _("meter {serial}, offline").format(serial=d.meter_serial) if d.meter_serial
                 else _("no electricity meter"))
        self.subtitle.setText(_("Floor {floor} · {gender} · {taken} of {beds} beds taken · {meter}").format(
            floor=d.floor, gender=gender, taken=len(d.occupants), beds=len(d.beds), meter=meter))
        for label, name, fen in ((self.electricity, _("Electricity"), d.electricity_fen),
                                 (self.water, _("Water"), d.water_fen)):
            text = _("{utility}: {amount}").format(
                utility=name, amount=_("no account") if fen is None else Money(fen).display())
            days = d.days_left.get("electricity" if label is self.electricity else "water")
            if days is not None:
                text += "  " + _("≈{n}d").format(n=days)
            label.setText(text)
            label.setToolTip(_("Electricity money lasts about {n} days at the room's recent use").format(n=days)
                             if days is not None and label is self.electricity else "")
            label.setStyleSheet("font-size:12pt;" + _balance_style(fen))
        lines = []
        for bed in d.beds:
            who = (_("{name} ({number})").format(name=bed.student_name, number=bed.student_no)
                   if bed.student_id is not None else _("empty"))
            lines.append(_("Bed {label}: {who}").format(label=bed.label, who=who))
        self.people.setText("\n".join(lines) if lines else _("No beds"))
        self._show_purchases(d)
        self._show_alarms(d)
        self._enable_actions(d)
        self.controls.set_states(d.branch_states if self._last_live is None
                                 else tuple(int(b.state) for b in self._last_live.branches))
        self.bars.set_days(d.daily)
        self.ledger.set_entries(d.ledger)
        self.events.set_events(d.events)
        self.loaded.emit(d.room_id)

    def _load_failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.show_message(_("Could not load the room: {error}").format(error=command_error_text(exc)), error=True)

    def _clear(self) -> None:
        self.title.setText("—")
        self.subtitle.setText(_("Select a room."))
        self.people.setText("")
        self.electricity.setText("")
        self.water.setText("")
        self.purchases.hide()
        self.alarm_box.hide()
        self.policy_box.hide()
        for btn in self.action_buttons.values():
            btn.setEnabled(False)
        self.controls.set_room(None)
        self.bars.set_days(())
        self.ledger.set_entries(())
        self.events.set_events(())

    def _show_purchases(self, d: RoomDetail) -> None:
        if not d.purchases:
            self.purchases.hide()
            return
        lines = [_("Waiting for the meter:")]
        for p in d.purchases:
            status = _("pending") if p.status == "pending" else _("refused by the meter")
            line = _("{amount} ({kind}) {status}, {attempts} attempts, since {when}").format(
                amount=p.amount_text, kind=_(p.kind), status=status, attempts=p.attempts, when=campus_time(p.created_at))
            lines.append(line + (" — " + p.reason if p.reason else ""))
        self.purchases.setText("\n".join(lines))
        self.purchases.show()

    def _show_alarms(self, d: RoomDetail) -> None:
        self.alarm_list.clear()
        for a in d.alarms:
            item = QListWidgetItem(_("{when}  {message}").format(when=campus_time(a.raised_at),
                                                                  message=tr_message(a.message)))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            self.alarm_list.addItem(item)
        if d.alarms:
            self.alarm_list.setCurrentRow(0)
            # Room for two wrapped lines of up to three alarms; more scroll.
            line = self.alarm_list.fontMetrics().lineSpacing()
            self.alarm_list.setFixedHeight(min(3, len(d.alarms)) * (2 * line + 6) + 2 * self.alarm_list.frameWidth())
        self.alarm_box.setVisible(bool(d.alarms))

    def daily_readings_pdf(self) -> bytes:
        """The selected room's daily readings, the last READINGS_DAYS campus days up to today (a store read)."""
        today = clock.today()
        return daily_readings.daily_readings_pdf(self.ctx.store, self.ctx.actor, self.room_id,
                                                 today - timedelta(days=READINGS_DAYS - 1), today)

    def print_daily_readings(self) -> None:
        if self.room_id is not None:
            printing.print_built(self.daily_readings_pdf, self, title=_("Daily readings"))

    def _enable_actions(self, d: RoomDetail) -> None:
        has_account = d.electricity_fen is not None or d.water_fen is not None
        free = len(d.beds) - len(d.occupants)
        why = {
            "recharge": None if has_account else _("This room has no account yet; check a student in first."),
            "refund": None if has_account else _("This room has no account yet."),
            "check_in": None if free else _("Every bed of this room is taken."),
            "exchange": None if d.occupants else _("Nobody lives in this room."),
            "check_out": None if d.occupants else _("Nobody lives in this room."),
        }
        for name, btn in self.action_buttons.items():
            btn.setEnabled(why[name] is None)
            btn.setToolTip(why[name] or _("{action} ({key})").format(action=btn.text(), key=SHORTCUTS[name]))
        self.controls.set_room(d.room_id, d.code)

    # ----- actions ------------------------------------------------------------------------------

    def _request_action(self, name: str) -> None:
        if self.room_id is not None:
            self.action_requested.emit(name, self.room_id)

    def acknowledge_selected(self) -> None:
        """Ask for a note and acknowledge the selected open alarm of the room."""
        item = self.alarm_list.currentItem()
        room_id = self.room_id
        if item is None or room_id is None:
            return
        alarm_id = int(item.data(Qt.ItemDataRole.UserRole))
        note, ok = QInputDialog.getText(self, _("Acknowledge alarm"), _("What was done about it?"))
        if not ok:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self.ack_button.setEnabled(False)

        def done(_view) -> None:
            self.ack_button.setEnabled(True)
            self._command_done(room_id, True, _("Alarm acknowledged."))

        def failed(exc: BaseException) -> None:
            self.ack_button.setEnabled(True)
            self._command_done(room_id, False, command_error_text(exc))

        run_task(lambda: alarms.acknowledge(store, actor, alarm_id, note), done, failed)

    def _command_done(self, room_id: int, ok: bool, text: str) -> None:
        if room_id == self.room_id:
            self.show_message(text, error=not ok)
        if ok:
            self.room_changed.emit(room_id)
            if room_id == self.room_id:
                self.refresh()
        self.command_finished.emit(room_id, ok)

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color:#cf222e;" if error else "color:#1a7f37;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ----- live values --------------------------------------------------------------------------

    def on_live(self, room_id: int, live) -> None:
        self.history.feed(room_id, live)
        if room_id == self.room_id:
            self._last_live = live
            self._live_dirty = True

    def redraw_live(self) -> None:
        """Redraw the curves of the selected room (the timer calls this once a second)."""
        buf = self.history.get(self.room_id)
        if buf is None or not (self._live_dirty or self.isVisible()):
            return
        self.curves.show_buffer(buf, self.history.clock())
        live = self._last_live
        if self._live_dirty and live is not None:
            self.controls.set_states(tuple(int(b.state) for b in live.branches),
                                     tuple(b.power_w for b in live.branches))
            self.live_now.setText(_("Now: {power} W incoming at {volts} V").format(
                power=live.incoming_power_w, volts=f"{live.voltage_dv / 10:.1f}"))
        self._live_dirty = False

    def _rooms_changed(self, room_ids) -> None:
        if self.room_id is not None and self.room_id in room_ids:
            self._refresh_timer.start()

    def _alarm(self, room_id, _kind: str, _message: str) -> None:
        if room_id is not None and room_id == self.room_id:
            self._refresh_timer.start()

