"""The permanent right side of the status bar: one summary of the lines, the operator, the shift.

The summary is one item, "18/18 lines · 860/864 meters online" for the lines this window runs (or
who runs them: the office's service, another workstation, nobody), so the bar keeps room for the
result messages on its left; a click opens the bus panel (ui.bus_panel) with one row per line:
meters online / total, errors per minute and the share of time the wire was busy, both over the last
sampling interval (every 2 s; the first sample uses the bus's whole life). The stats are read in a
background task, never on the GUI thread; a port reported closed turns the summary red at once. The
operator and the shift button are never squeezed below their text. The shift button shows the
operator's open shift and asks, through a signal, to open or close one: the workbench owns the
dialogs and calls `refresh_shift()` when they are done.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QStatusBar, QToolButton, QWidget
from shiboken6 import isValid

from app.clock import local
from app.counter import shifts
from app.counter.shifts import ShiftInfo
from app.metering import commissioning
from ui.app_context import AppContext
from ui.bus_panel import BusRow
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
    """Public: `summary` (the one button for the lines; `no_buses` is the same), `figures` {url:
    BusFigures} of the lines this window runs, `bus_rows()` (what the bus panel shows),
    `open_bus_panel()`, `bus_panel` (None until opened), `operator`, `shift_button`, `shift` (the
    open shift or None), `refresh_buses()`, `refresh_shift()`; signals `shift_open_requested`,
    `shift_close_requested`, `shift_changed(ShiftInfo | None)` and `buses_updated(list[BusFigures])`."""

    shift_open_requested = Signal()
    shift_close_requested = Signal()
    shift_changed = Signal(object)
    buses_updated = Signal(object)

    def __init__(self, ctx: AppContext, statusbar: QStatusBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("statusPanel")
        self.shift: ShiftInfo | None = None
        self.figures: dict[str, BusFigures] = {}
        self.bus_panel = None
        self._lines = None
        self._previous: dict[str, object] = {}
        self._closed: dict[str, str] = {}        # url -> detail, while the service reports the port closed
        self._busy = False

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.setSpacing(10)
        self.summary = QToolButton(self)
        self.summary.setObjectName("lines")
        self.summary.setAutoRaise(True)
        self.summary.setText(_("Lines: …"))
        self.summary.setToolTip(_("Click for each line's figures"))
        self.summary.clicked.connect(self.open_bus_panel)
        self.no_buses = self.summary
        row.addWidget(self.summary)
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
        for w in (self.summary, self.operator, self.shift_button):
            # The status bar squeezes its permanent widgets before the message: never below their text.
            w.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self._fit(self.operator)
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

    @staticmethod
    def _fit(widget: QWidget) -> None:
        widget.setMinimumWidth(widget.sizeHint().width())

    # ----- buses ---------------------------------------------------------------------------------

    def refresh_buses(self) -> None:
        """Read the counters of the buses this window runs and who runs the others, in the
        background, and update the summary and the bus panel (skipped while the previous read is
        still running). The window's runtime gains and loses buses as their leases come and go."""
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
        self._lines = lines
        figs = {}
        for url, st in stats.items():
            figs[url] = fig = figures(st, self._previous.get(url))
            if fig.port_open:
                self._closed.pop(url, None)
        self._previous = dict(stats)
        self.figures = figs
        self._show()
        self.buses_updated.emit(list(figs.values()))

    def _others_text(self) -> str:
        """The lines this window does not run: who runs them, or that nobody does."""
        lines = self._lines
        if lines is None:
            return ""
        others = {o: n for o, n in lines.owners.items() if o != self.ctx.origin}
        if lines.enabled == 0:
            return _("No lines set up")
        if not others and not self.figures and lines.unowned > 0:
            return _("Meters not connected: no meter service runs {n} line(s)").format(n=lines.unowned)
        parts = [_("{n} line(s) run by {owner}").format(n=n, owner=o) for o, n in sorted(others.items())]
        if lines.unowned > 0:
            parts.append(_("{n} not run").format(n=lines.unowned))
        return "; ".join(parts)

    def _show(self) -> None:
        """The summary item and, when open, the bus panel."""
        figs, lines = self.figures, self._lines
        others = self._others_text()
        if figs:
            up = sum(1 for f in figs.values() if f.port_open and f.url not in self._closed)
            online = sum(f.online for f in figs.values() if f.port_open and f.url not in self._closed)
            total = sum(f.total for f in figs.values())
            text = _("{up}/{lines} lines · {online}/{total} meters online").format(
                up=up, lines=len(figs), online=online, total=total)
            if others:
                text += " · " + others
            bad = up < len(figs)
            warn = online < total or any(f.errors_per_min >= 1.0 or f.busy_pct >= 90 for f in figs.values())
            style = BAD_STYLE if bad else WARN_STYLE if warn else OK_STYLE
        else:
            text = others
            style = BAD_STYLE if lines is not None and lines.unowned > 0 else "color:#6c757d;"
        self.summary.setText(text)
        self.summary.setVisible(bool(text))
        self.summary.setStyleSheet(style)
        self._fit(self.summary)
        if self.bus_panel is not None:
            self.bus_panel.show_lines(self.bus_rows(), others)

    def bus_rows(self) -> list[BusRow]:
        rows = []
        for url, fig in sorted(self.figures.items()):
            closed = not fig.port_open or url in self._closed
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(fig.errors.items())) or _("none")
            warn = fig.online < fig.total or fig.errors_per_min >= 1.0 or fig.busy_pct >= 90
            rows.append(BusRow(
                name=short_name(url), url=url, state=_("port closed") if closed else _("running"),
                meters=_("{online}/{total}").format(online=fig.online, total=fig.total),
                errors_per_min=f"{fig.errors_per_min:.1f}", busy=f"{fig.busy_pct:.0f}%", errors=kinds,
                level="bad" if closed else "warn" if warn else "ok", detail=self._closed.get(url, "")))
        return rows

    def bus_text(self, url: str) -> str:
        """One line's figures in a sentence (the bus panel's row, for tooltips and tests)."""
        fig = self.figures.get(url)
        if fig is None:
            return ""
        name = short_name(url)
        if not fig.port_open or url in self._closed:
            return _("{bus}: port closed").format(bus=name)
        return _("{bus}: {online}/{total} online · {errors} err/min · wire {busy}%").format(
            bus=name, online=fig.online, total=fig.total, errors=f"{fig.errors_per_min:.1f}",
            busy=f"{fig.busy_pct:.0f}")

    def open_bus_panel(self):
        """Show the bus panel (one per window, brought to the front when already open)."""
        from ui.bus_panel import BusPanel

        if self.bus_panel is None:
            self.bus_panel = BusPanel(self.window())
        self.bus_panel.show_lines(self.bus_rows(), self._others_text())
        self.bus_panel.show()
        self.bus_panel.raise_()
        self.bus_panel.activateWindow()
        return self.bus_panel

    def _stats_failed(self, exc: BaseException) -> None:
        if not isValid(self):   # closed while the task ran
            return
        self._busy = False
        self.summary.setToolTip(_("Could not read the bus counters: {error}").format(error=tr_message(str(exc))))

    def _on_bus_state(self, url: str, is_open: bool, detail: str) -> None:
        if url not in self.figures:
            return
        if is_open:
            self._closed.pop(url, None)
            self.refresh_buses()
            return
        self._closed[url] = detail
        self._show()

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
            since = local(shift.opened_at).strftime("%H:%M")
            self.shift_button.setText(_("Shift open since {time}").format(time=since))
            self.shift_button.setToolTip(_("Close the shift: count the cash and print the shift report"))
            self.shift_button.setStyleSheet(OK_STYLE)
        self._fit(self.shift_button)
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
