"""The permanent right side of the status bar: one compact label per bus, the operator, the shift.

Per bus: meters online / total, errors per minute and the share of time the wire was busy, both
over the last sampling interval (every 2 s; the first sample uses the bus's whole life). The stats
are read in a background task, never on the GUI thread; a port reported closed turns the label red
at once. The shift button shows the operator's open shift and asks, through a signal, to open or
close one: the workbench owns the dialogs and calls `refresh_shift()` when they are done.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget
from shiboken6 import isValid

from app.clock import CAMPUS_TZ
from app.counter import shifts
from app.counter.shifts import ShiftInfo
from app.metering import commissioning
from ui.app_context import AppContext
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

BUS_POLL_MS = 2000
SHIFT_POLL_MS = 60_000
ROLE_LABELS = {"clerk": N_("Clerk"), "technician": N_("Technician"), "admin": N_("Administrator"),
               "system": N_("System")}
OK_STYLE, WARN_STYLE, BAD_STYLE = "", "color:#a15c00;", "color:#b02a37;font-weight:bold;"


@dataclass(frozen=True)
class BusFigures:
    """What one bus label shows."""

    url: str
    port_open: bool
    online: int
    total: int
    errors_per_min: float
    busy_pct: float
    errors: dict[str, int]


def short_name(url: str) -> str:
    """The port without its scheme or directory: socket://10.0.0.5:4196 -> 10.0.0.5:4196, /dev/ttyUSB0 -> ttyUSB0."""
    if "://" in url:
        return url.split("://", 1)[1].rstrip("/")
    return url.rsplit("/", 1)[-1] or url


def figures(stats, previous=None) -> BusFigures:
    """Rates over the interval since `previous` (a stats object of the same bus), else since start."""
    errors = sum(stats.errors.values())
    elapsed, wire = stats.elapsed_s, stats.wire_s
    if previous is not None and stats.elapsed_s > previous.elapsed_s:   # not restarted meanwhile
        errors -= sum(previous.errors.values())
        elapsed -= previous.elapsed_s
        wire -= previous.wire_s
    per_min = errors * 60.0 / elapsed if elapsed > 0 else 0.0
    busy = min(100.0, max(0.0, 100.0 * wire / elapsed)) if elapsed > 0 else 0.0
    return BusFigures(stats.url, stats.port_open, stats.online, stats.online + stats.offline,
                      max(0.0, per_min), busy, dict(stats.errors))


class StatusPanel(QWidget):
    """Public: `bus_labels` {url: QLabel}, `operator`, `shift_button`, `shift` (the open shift or None),
    `refresh_buses()`, `refresh_shift()`; signals `shift_open_requested`, `shift_close_requested`,
    `shift_changed(ShiftInfo | None)` and `buses_updated(list[BusFigures])`."""

    shift_open_requested = Signal()
    shift_close_requested = Signal()
    shift_changed = Signal(object)
    buses_updated = Signal(object)

    def __init__(self, ctx: AppContext, statusbar: QStatusBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statusPanel")
        self.shift: ShiftInfo | None = None
        self.bus_labels: dict[str, QLabel] = {}
        self._previous: dict[str, object] = {}
        self._closed: dict[str, str] = {}        # url -> detail, while the service reports the port closed
        self._busy = False

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(10)
        self._bus_row = QHBoxLayout()
        self._bus_row.setSpacing(10)
        row.addLayout(self._bus_row)
        svc = ctx.runtime
        for url in [b.url for b in svc.buses.values()] if svc is not None else []:
            self._bus_label(url)
        # The lines this window does not run itself: who runs them (the office's service, another
        # workstation) or that nobody does.
        self.no_buses = QLabel(_("Lines: …"), self)
        self.no_buses.setObjectName("lines")
        self.no_buses.setStyleSheet("color:#6c757d;")
        row.addWidget(self.no_buses)
        row.addWidget(_separator(self))
        actor = ctx.actor
        role = _(ROLE_LABELS[actor.role]) if actor.role in ROLE_LABELS else actor.role
        self.operator = QLabel(_("{name} · {role}").format(name=actor.display_name or actor.login, role=role), self)
        self.operator.setObjectName("operator")
        row.addWidget(self.operator)
        self.shift_button = QToolButton(self)
        self.shift_button.setObjectName("shiftButton")
        self.shift_button.setAutoRaise(True)
        self.shift_button.setText(_("Shift: …"))
        self.shift_button.clicked.connect(self._shift_clicked)
        self.shift_button.setVisible(actor.can("shift.work"))
        row.addWidget(self.shift_button)
        statusbar.addPermanentWidget(self)

        ctx.bridge.bus_state.connect(self._on_bus_state)
        self._bus_timer = QTimer(self, interval=BUS_POLL_MS)
        self._bus_timer.timeout.connect(self.refresh_buses)
        self._shift_timer = QTimer(self, interval=SHIFT_POLL_MS)
        self._shift_timer.timeout.connect(self.refresh_shift)
        self._bus_timer.start()
        self.refresh_buses()
        if actor.can("shift.work"):
            self._shift_timer.start()
            self.refresh_shift()

    # ----- buses ---------------------------------------------------------------------------------

    def _bus_label(self, url: str) -> QLabel:
        label = self.bus_labels.get(url)
        if label is None:
            label = QLabel(_("{bus}: …").format(bus=short_name(url)), self)
            label.setObjectName("bus:" + url)
            self.bus_labels[url] = label
            self._bus_row.addWidget(label)
        return label

    def refresh_buses(self) -> None:
        """Read the counters of the buses this window runs and who runs the others, in the
        background, and update the labels (skipped while the previous read is still running). The
        window's runtime gains and loses buses as their leases come and go, so the labels follow."""
        if self._busy:
            return
        self._busy = True
        svc, store = self.ctx.runtime, self.ctx.store
        buses = {b.url: b for b in svc.buses.values()} if svc is not None else {}

        def work():
            return {url: bus.stats() for url, bus in buses.items()}, commissioning.lines_view(store)
        run_task(work, self._stats_read, self._stats_failed)

    def _stats_read(self, result) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self._busy = False
        stats, lines = result
        for url in [u for u in self.bus_labels if u not in stats]:      # a bus this window gave up
            self.bus_labels.pop(url).deleteLater()
            self._previous.pop(url, None)
        for url in stats:
            self._bus_label(url)
        self._show_lines(lines, len(stats))
        shown = []
        for url, st in stats.items():
            fig = figures(st, self._previous.get(url))
            self._previous[url] = st
            shown.append(fig)
            if fig.port_open:
                self._closed.pop(url, None)
            self._show_bus(fig)
        self.buses_updated.emit(shown)

    def _show_lines(self, lines, local: int) -> None:
        others = {o: n for o, n in lines.owners.items() if o != self.ctx.origin}
        if lines.enabled == 0:
            text = _("No lines set up")
        elif not others and lines.unowned <= 0:
            text = ""
        elif not others:
            text = _("Meters not connected: no meter service runs {n} line(s)").format(n=lines.unowned)
        else:
            text = "; ".join(_("{n} line(s) run by {owner}").format(n=n, owner=o) for o, n in sorted(others.items()))
            if lines.unowned > 0:
                text += "; " + _("{n} not run").format(n=lines.unowned)
        self.no_buses.setText(text)
        self.no_buses.setVisible(bool(text))
        self.no_buses.setStyleSheet(BAD_STYLE if lines.unowned > 0 and local == 0 else "color:#6c757d;")

    def _stats_failed(self, exc: BaseException) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self._busy = False
        for label in self.bus_labels.values():
            label.setToolTip(_("Could not read the bus counters: {error}").format(error=tr_message(str(exc))))

    def _show_bus(self, fig: BusFigures) -> None:
        label = self.bus_labels.get(fig.url)
        if label is None:
            return
        name = short_name(fig.url)
        if not fig.port_open or fig.url in self._closed:
            label.setText(_("{bus}: port closed").format(bus=name))
            label.setStyleSheet(BAD_STYLE)
        else:
            label.setText(_("{bus}: {online}/{total} online · {errors} err/min · wire {busy}%").format(
                bus=name, online=fig.online, total=fig.total, errors=f"{fig.errors_per_min:.1f}",
                busy=f"{fig.busy_pct:.0f}"))
            warn = fig.online < fig.total or fig.errors_per_min >= 1.0 or fig.busy_pct >= 90
            label.setStyleSheet(WARN_STYLE if warn else OK_STYLE)
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(fig.errors.items())) or _("none")
        detail = self._closed.get(fig.url, "")
        label.setToolTip("\n".join(t for t in (
            fig.url,
            _("Meters online: {online} of {total}").format(online=fig.online, total=fig.total),
            _("Errors since start: {kinds}").format(kinds=kinds),
            detail) if t))

    def _on_bus_state(self, url: str, is_open: bool, detail: str) -> None:
        label = self.bus_labels.get(url)
        if label is None:
            return
        if is_open:
            self._closed.pop(url, None)
            self.refresh_buses()
            return
        self._closed[url] = detail
        label.setText(_("{bus}: port closed").format(bus=short_name(url)))
        label.setStyleSheet(BAD_STYLE)
        label.setToolTip("\n".join(t for t in (url, detail) if t))

    # ----- operator and shift ------------------------------------------------------------------------

    def refresh_shift(self) -> None:
        """Read the operator's open shift in the background; `shift_changed` follows."""
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: shifts.current_shift(store, actor), self._shift_read, self._shift_failed)

    def _shift_read(self, shift: ShiftInfo | None) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self.shift = shift
        if shift is None:
            self.shift_button.setText(_("No open shift"))
            self.shift_button.setToolTip(_("Open a shift before taking money at the counter"))
            self.shift_button.setStyleSheet(WARN_STYLE)
        else:
            since = shift.opened_at.astimezone(CAMPUS_TZ).strftime("%H:%M")
            self.shift_button.setText(_("Shift open since {time}").format(time=since))
            self.shift_button.setToolTip(_("Close the shift: count the cash and print the shift report"))
            self.shift_button.setStyleSheet(OK_STYLE)
        self.shift_changed.emit(shift)

    def _shift_failed(self, exc: BaseException) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self.shift_button.setText(_("Shift: unknown"))
        self.shift_button.setToolTip(tr_message(str(exc)))

    def _shift_clicked(self) -> None:
        if self.shift is None:
            self.shift_open_requested.emit()
        else:
            self.shift_close_requested.emit()


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
