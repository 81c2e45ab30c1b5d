"""The room panel's Live tab: power of the incoming line and the three branches for the last 10
minutes at 1 s (`LiveHistory`, `LiveCurves`), and the branch control that goes with it (`BranchControls`).

`LiveHistory` keeps one fixed-size ring buffer (`RingBuffer`, 600 samples) per room that reports live
blocks (the rooms on screen and the selected one), so a room keeps its last minutes while the clerk
moves between rooms; at most `MAX_ROOMS` buffers are kept, the least recently fed are dropped.
`LiveCurves` draws the buffer of one room. Feeding a buffer costs a few array stores; drawing
happens only in `LiveCurves.show_buffer`, which the panel calls at most once a second, on the GUI thread (the
only thread that may touch pyqtgraph items).
"""
from __future__ import annotations

import time
from collections import OrderedDict

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QMessageBox, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.metering.runtime import commands
from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch, branch_look
from drivers.ddsy_records import ForceMode
from ui.app_context import AppContext
from ui.card_delegate import BRANCH_COLOUR
from ui.i18n import _, tr_message
from ui.tasks import run_task

SAMPLES = 600          # 10 minutes at one live block a second
WINDOW_S = 600.0
COMMAND_TIMEOUT_S = 30.0
MAX_ROOMS = 512        # 600 × 5 float64 = 24 KB per room
SERIES = 4             # incoming, lighting, sockets, air conditioning
COLOURS = ("#1f2328", "#bf8700", "#0969da", "#cf222e")


class RingBuffer:
    """`SAMPLES` most recent (time, incoming W, branch 0–2 W) rows in preallocated arrays."""

    __slots__ = ("t", "v", "head", "count")

    def __init__(self, size: int = SAMPLES) -> None:
        self.t = np.zeros(size, dtype=np.float64)
        self.v = np.zeros((SERIES, size), dtype=np.float64)
        self.head = 0          # next slot to write
        self.count = 0

    def append(self, t: float, values: tuple[float, float, float, float]) -> None:
        i = self.head
        self.t[i] = t
        self.v[:, i] = values
        self.head = (i + 1) % self.t.size
        self.count = min(self.count + 1, self.t.size)

    def ordered(self) -> tuple[np.ndarray, np.ndarray]:
        """Times (shape n) and values (shape 4×n), oldest first; copies, safe to keep."""
        n, size = self.count, self.t.size
        if n < size:
            return self.t[:n].copy(), self.v[:, :n].copy()
        idx = np.arange(self.head, self.head + size) % size
        return self.t[idx], self.v[:, idx]

    def latest(self) -> np.ndarray | None:
        if not self.count:
            return None
        return self.v[:, (self.head - 1) % self.t.size].copy()


class LiveHistory:
    """Ring buffers per room, fed from live blocks; `clock` is injectable for tests."""

    def __init__(self, clock=time.monotonic, max_rooms: int = MAX_ROOMS) -> None:
        self.clock = clock
        self.max_rooms = max_rooms
        self.rooms: OrderedDict[int, RingBuffer] = OrderedDict()

    def feed(self, room_id: int, live) -> None:
        buf = self.rooms.get(room_id)
        if buf is None:
            buf = self.rooms[room_id] = RingBuffer()
            if len(self.rooms) > self.max_rooms:
                self.rooms.popitem(last=False)
        else:
            self.rooms.move_to_end(room_id)
        b = live.branches
        buf.append(self.clock(), (live.incoming_power_w, b[0].power_w, b[1].power_w, b[2].power_w))

    def get(self, room_id: int | None) -> RingBuffer | None:
        return None if room_id is None else self.rooms.get(room_id)


def series_names() -> tuple[str, str, str, str]:
    return (_("Incoming"), _("Lighting"), _("Sockets"), _("Air conditioning"))


MIN_TOP_W = 100.0      # the axis of an idle room: 0–100 W


def axis_top(peak_w: float) -> float:
    """The top of the power axis for a peak: the next 1, 2 or 5 × 10ⁿ W above it with a little headroom."""
    need = max(MIN_TOP_W, peak_w * 1.08)
    step = 10 ** np.floor(np.log10(need))
    for m in (1, 2, 5, 10):
        if m * step >= need:
            return float(m * step)
    return float(10 * step)


class LiveCurves(QWidget):
    """A plot of watts against seconds before now; `curves[k].getData()` is what is drawn."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMinimumHeight(170)
        item = self.plot.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("left", _("Power"), units="W")
        item.setLabel("bottom", _("Seconds before now"))
        item.setXRange(-WINDOW_S, 0, padding=0)
        item.setLimits(xMin=-WINDOW_S, xMax=0)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        # Watts are never negative: the axis starts at zero and its top follows the peak shown
        # (auto-range would centre a flat zero line on 0 and show negative watts).
        item.disableAutoRange(axis="y")
        item.setLimits(yMin=0)
        item.setYRange(0, MIN_TOP_W, padding=0)
        legend = item.addLegend(offset=(6, 4), colCount=2)
        legend.setLabelTextSize("8pt")
        legend.setLabelTextColor("#1f2328")
        self.curves = [item.plot([], [], pen=pg.mkPen(colour, width=2 if k == 0 else 1.4), name=name,
                                 skipFiniteCheck=True)
                       for k, (colour, name) in enumerate(zip(COLOURS, series_names(), strict=True))]
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def show_buffer(self, buf: RingBuffer | None, now: float) -> None:
        """Draw `buf` (None clears) with its times relative to `now`."""
        item = self.plot.getPlotItem()
        if buf is None or not buf.count:
            for c in self.curves:
                c.setData([], [])
            item.setYRange(0, MIN_TOP_W, padding=0)
            return
        t, v = buf.ordered()
        x = t - now
        for k, c in enumerate(self.curves):
            c.setData(x, v[k], skipFiniteCheck=True)
        shown = v[:, x >= -WINDOW_S]
        item.setYRange(0, axis_top(float(shown.max()) if shown.size else 0.0), padding=0)


def command_error_text(exc: BaseException) -> str:
    """What a clerk reads when a store or meter call failed: the app's own sentence where there is one."""
    if isinstance(exc, KeyError):
        return _("This room's meter is not on a running bus.")
    if isinstance(exc, TimeoutError):
        return _("The meter did not answer in time; try again.")
    text = getattr(exc, "message", None) or str(exc)
    return tr_message(text) or type(exc).__name__


def _branch_names() -> tuple[str, ...]:
    return tuple(_(BRANCH_NAMES[b]) for b in Branch)


def power_labels() -> dict[str, str]:
    """The branch buttons, by the relay force mode behind each."""
    return {"open": _("Power off"), "close": _("Power on"), "keep": _("Keep power"), "auto": _("Auto")}


def _look_names() -> dict[str, str]:
    return {"on": _("On"), "off": _("Off"), "tripped": _("Tripped"), "locked": _("Locked out"),
            "keep": _("Keep power")}


class BranchControls(QWidget):
    """Per branch: state and power, Power off / Power on / Keep power / Auto; and Release trips.

    The buttons speak of power, not of the relay: Power off forces the branch off (after the clerk
    confirms: students lose power); Power on returns it to automatic control and releases its trips,
    so power returns unless prepaid, schedule or linkage keep it off; Keep power keeps it on over
    everything; Auto returns it to automatic control. Commands are meter commands
    (app.metering.runtime.commands) waited for in a background task; `finished(room_id, ok, text)`
    reports the end. `confirm` is the open confirmation box while one is asked (else None).
    """

    finished = Signal(int, bool, str)
    COMMANDS = ("open", "close", "keep", "auto")     # the relay force modes behind the buttons

    def __init__(self, ctx: AppContext, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.room_id: int | None = None
        self.room_code = ""
        self.busy = False
        self.confirm: QMessageBox | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(2)
        labels = power_labels()
        tips = {"open": _("Cut this branch's power until Power on or Auto (asks first)."),
                "close": _("Back to automatic control and release this branch's trips: power returns "
                           "unless prepaid, schedule or linkage keep it off."),
                "keep": _("Keep power on over prepaid, schedule, load control and linkage."),
                "auto": _("Automatic control: prepaid, schedule and load control decide.")}
        self.state_labels: list[QLabel] = []
        self.buttons: dict[tuple[int, str], QPushButton] = {}
        for b, name in enumerate(_branch_names()):
            cell = QWidget(self)
            cell_col = QVBoxLayout(cell)
            cell_col.setContentsMargins(0, 0, 6, 0)
            cell_col.setSpacing(0)
            title = QLabel(name, cell)
            title.setStyleSheet("color:#57606a;")
            state = QLabel("—", cell)
            self.state_labels.append(state)
            cell_col.addWidget(title)
            cell_col.addWidget(state)
            grid.addWidget(cell, b, 0)
            for k, cmd in enumerate(self.COMMANDS):
                btn = QPushButton(labels[cmd], self)
                btn.setObjectName(f"branch{b}_{cmd}")
                btn.setProperty("tip", tips[cmd])
                btn.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
                btn.setMinimumWidth(btn.fontMetrics().horizontalAdvance(btn.text()) + 14)
                btn.clicked.connect(lambda _c=False, br=b, c=cmd: self.clicked(br, c))
                self.buttons[(b, cmd)] = btn
                grid.addWidget(btn, b, 1 + k)
        self.release = QPushButton(_("Release trips"), self)
        self.release.setObjectName("releaseTrips")
        self.release.setProperty("tip", _("Reset the trip latches and lockouts of every branch."))
        self.release.clicked.connect(self.release_trips)
        grid.addWidget(self.release, 3, 1, 1, 4)
        for k in range(1, 5):
            grid.setColumnStretch(k, 1)
        # Wide enough for the longest state with watts, so the buttons do not shift every second.
        grid.setColumnMinimumWidth(0, self.fontMetrics().horizontalAdvance(
            _("{state} · {power} W").format(state=_("Locked out"), power=9999)) + 8)

    def _all_buttons(self) -> list[QPushButton]:
        return [*self.buttons.values(), self.release]

    def set_room(self, room_id: int | None, code: str = "") -> None:
        if self.confirm is not None and room_id != self.room_id:   # a question about the room shown before
            self.confirm.reject()
        self.room_id = room_id
        self.room_code = code
        self._enable()

    def _enable(self) -> None:
        for btn in self._all_buttons():
            btn.setEnabled(self.room_id is not None and not self.busy)
            btn.setToolTip(btn.property("tip"))

    def set_states(self, states, powers=None) -> None:
        """Show each branch's state word (0: the meter has not reported yet) and, from a live block, its watts."""
        names = _look_names()
        for b, label in enumerate(self.state_labels):
            state = int(states[b])
            if state == 0:      # a reported word always has a reason bit or the relay bit
                label.setText(_("not read yet"))
                label.setStyleSheet("color:#6e7781;")
                continue
            look = branch_look(state)
            text = names[look] if powers is None else _("{state} · {power} W").format(
                state=names[look], power=powers[b])
            label.setText(text)
            label.setStyleSheet(f"color:{BRANCH_COLOUR[look]};font-weight:bold;")

    def clicked(self, branch: int, cmd: str) -> None:
        """A button: Power off asks first (window-modal, not blocking), the others act at once."""
        if cmd == "open":
            self.ask_power_off(branch)
        else:
            self.command(branch, cmd)

    def ask_power_off(self, branch: int) -> QMessageBox | None:
        if self.room_id is None or self.busy:
            return None
        room_id, name = self.room_id, _branch_names()[branch]
        box = QMessageBox(QMessageBox.Icon.Warning, _("Power off"),
                          _("Cut the power of {branch} in room {room}?").format(branch=name, room=self.room_code),
                          QMessageBox.StandardButton.NoButton, self.window())
        box.setObjectName("confirmPowerOff")
        box.setInformativeText(_("The students have no power on this branch until someone presses Power on "
                                 "or Auto."))
        cut = box.addButton(power_labels()["open"], QMessageBox.ButtonRole.AcceptRole)
        cut.setObjectName("powerOffConfirm")
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.setWindowModality(Qt.WindowModality.WindowModal)

        def answered() -> None:
            self.confirm = None
            if box.clickedButton() is cut and self.room_id == room_id:
                self.command(branch, "open")
            box.deleteLater()

        box.finished.connect(lambda _r: answered())
        self.confirm = box
        box.open()
        return box

    def command(self, branch: int, cmd: str) -> None:
        """Send one branch command for the current room (does nothing while one is running). The
        command is a row the meter runtime owning the room's line carries out, in this process or in
        the office's meter service."""
        store, actor, room_id = self.ctx.store, self.ctx.actor, self.room_id
        if room_id is None or self.busy:
            return
        mode = {"open": ForceMode.OPEN, "close": ForceMode.AUTO, "keep": ForceMode.CLOSED,
                "auto": ForceMode.AUTO}[cmd]

        def work() -> None:
            commands.wait(store, commands.request_branch_power(store, actor, room_id, Branch(branch), mode),
                          COMMAND_TIMEOUT_S)
            if cmd == "close":
                commands.wait(store, commands.request_release_trips(store, actor, room_id, [Branch(branch)]),
                              COMMAND_TIMEOUT_S)

        done = {"open": _("{branch}: power off."), "close": _("{branch}: back to automatic, trips released."),
                "keep": _("{branch}: keeps power."), "auto": _("{branch}: automatic control.")}[cmd]
        self._run(room_id, work, done.format(branch=_branch_names()[branch]))

    def release_trips(self) -> None:
        store, actor, room_id = self.ctx.store, self.ctx.actor, self.room_id
        if room_id is None or self.busy:
            return
        self._run(room_id, lambda: commands.wait(store, commands.request_release_trips(store, actor, room_id),
                                                 COMMAND_TIMEOUT_S),
                  _("Trips released on every branch."))

    def _run(self, room_id: int, work, done_text: str) -> None:
        self.busy = True
        self._enable()

        def end(ok: bool, text: str) -> None:
            self.busy = False
            self._enable()
            self.finished.emit(room_id, ok, text)

        # A meter command waits for the bus: the CPU pool, so the single database queue never waits on it.
        run_task(work, lambda _r: end(True, done_text), lambda exc: end(False, command_error_text(exc)), kind="cpu")
