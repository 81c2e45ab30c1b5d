"""The line panel: one line's health and its last frames on the wire, for troubleshooting.

Above, the figures: meters online and offline, errors per minute by kind and the share of time the
wire was busy (both over the last minutes), the last error with its time. Below, the meters that do
not answer (address, kind, room, what went wrong) beside the raw frames (newest first: time, meter,
direction, the bytes in hex, the reply's latency, what was wrong with it), with Pause / Resume,
Copy and Export to Excel. `LinePanel(ctx, parent)`; `set_bus(bus_id | None)` chooses the line.

The figures come from the window's own runtime when it runs the line, else from the process that
does (`python main.py serve`, another workstation) through the store (app.metering.runtime.line_share).
The panel reads once a second in a background task, only while it is visible; hidden, it lets the
line stop tracing.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.clock import local
from app.errors import PermissionDenied
from app.metering.runtime.line_share import FrameRow, LineRead, LineReader, LineView
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

log = logging.getLogger(__name__)
POLL_MS = 1000
ERROR_KINDS = {"timeout": N_("no reply"), "crc": N_("CRC error"), "bad_reply": N_("bad reply"),
               "exception": N_("refused by the meter"), "port": N_("port error"),
               "offline": N_("not sent: meter offline"), "internal": N_("internal error"),
               "wrong_password": N_("wrong password"), "unlock_blocked": N_("unlock blocked"),
               "profile": N_("wrong meter model"), "discarded": N_("late bytes discarded"),
               "broadcast": N_("broadcast")}
DIRECTIONS = {"out": N_("→ sent"), "in": N_("← received")}
METER_KINDS = {"ddsy": N_("Electricity meter"), "lxsy": N_("Water meter")}
BAD = "color:#b02a37;"
WARN = "color:#a15c00;"


def kind_label(kind: str) -> str:
    return _(ERROR_KINDS[kind]) if kind in ERROR_KINDS else kind


def frame_time(row: FrameRow) -> str:
    t = local(row.at)
    return t.strftime("%H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def frame_line(row: FrameRow) -> str:
    """One frame as a line of text (what Copy puts on the clipboard)."""
    latency = f"{row.latency_ms:.1f} ms" if row.latency_ms is not None else ""
    parts = [frame_time(row), _(DIRECTIONS.get(row.direction, row.direction)),
             str(row.address) if row.address is not None else "", row.hex or "—", latency,
             kind_label(row.note) if row.note else ""]
    return "\t".join(parts).rstrip()


class LinePanel(QWidget):
    """Public: `set_bus(bus_id)`, `refresh()`, `view` (the last LineView shown), `paused`,
    `figures` {name: QLabel}, `offline` and `frames` (AdminList), `pause_button`, `copy_button`,
    `copy_frames()`; signal `updated(object)` after each read shown (the LineRead)."""

    updated = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linePanel")
        self.ctx = ctx
        self.reader = LineReader(ctx.store, ctx.actor, ctx.runtime)
        self.bus_id: int | None = None
        self.view: LineView | None = None
        self.paused = False
        self._busy = False
        self._timer = QTimer(self, interval=POLL_MS)
        self._timer.timeout.connect(self.refresh)

        self.source = QLabel(_("Choose a line above to see its figures and frames."), self)
        self.source.setObjectName("lineSource")
        self.source.setWordWrap(True)
        self.figures: dict[str, QLabel] = {}
        box = QGroupBox(_("Line health"), self)
        form_left, form_right = QFormLayout(), QFormLayout()
        for form, key, label in ((form_left, "online", N_("Meters online")),
                                 (form_left, "offline", N_("Meters offline")),
                                 (form_left, "busy", N_("Wire busy")),
                                 (form_right, "errors", N_("Errors per minute")),
                                 (form_right, "last_error", N_("Last error"))):
            value = QLabel("—", box)
            value.setObjectName("figure_" + key)
            value.setWordWrap(key in ("errors", "last_error"))
            self.figures[key] = value
            form.addRow(_(label), value)
        row = QHBoxLayout(box)
        row.addLayout(form_left, 1)
        row.addLayout(form_right, 2)

        self.offline = AdminList([
            Col(_("Address"), lambda m: str(m.address), key=lambda m: m.address, value=lambda m: m.address),
            Col(_("Type"), lambda m: _(METER_KINDS[m.kind]) if m.kind in METER_KINDS else m.kind),
            Col(_("Room"), lambda m: m.room or "—"),
            Col(_("Last error"), lambda m: tr_message(m.last_error)),
        ], self, name="offlineMeters", export_title=_("Offline meters"))
        self.frames = AdminList([
            Col(_("Time"), frame_time, key=lambda f: f.at),
            Col(_("Address"), lambda f: str(f.address) if f.address is not None else "",
                key=lambda f: f.address if f.address is not None else -1),
            Col(_("Direction"), lambda f: _(DIRECTIONS.get(f.direction, f.direction))),
            Col(_("Latency (ms)"), lambda f: f"{f.latency_ms:.1f}" if f.latency_ms is not None else "",
                key=lambda f: f.latency_ms if f.latency_ms is not None else -1.0,
                value=lambda f: f.latency_ms),
            Col(_("Note"), lambda f: kind_label(f.note) if f.note else ""),
            Col(_("Bytes (hex)"), lambda f: f.hex or "—"),
        ], self, name="frames", export_title=_("Line frames"))
        self.pause_button = QPushButton(_("Pause"), self)
        self.pause_button.setObjectName("pauseFrames")
        self.pause_button.setToolTip(_("Hold the frame list still to read it; the figures keep updating"))
        self.pause_button.clicked.connect(self.toggle_pause)
        self.copy_button = QPushButton(_("Copy"), self)
        self.copy_button.setObjectName("copyFrames")
        self.copy_button.setToolTip(_("Copy the selected frames (or all shown) as text"))
        self.copy_button.clicked.connect(self.copy_frames)
        self.frames.tools.addWidget(self.pause_button)
        self.frames.tools.addWidget(self.copy_button)

        offline_box = QGroupBox(_("Meters not answering"), self)
        QVBoxLayout(offline_box).addWidget(self.offline)
        frames_box = QGroupBox(_("Last frames on the wire (newest first)"), self)
        QVBoxLayout(frames_box).addWidget(self.frames)
        split = QSplitter(self)
        split.addWidget(offline_box)
        split.addWidget(frames_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 980])
        lay = QVBoxLayout(self)
        lay.addWidget(self.source)
        lay.addWidget(box)
        lay.addWidget(split, 1)
        self._show_empty()

    # ----- what the lines page calls --------------------------------------------------------------

    def set_bus(self, bus_id: int | None) -> None:
        """Show this line (None: none); the previous one may stop tracing."""
        if bus_id == self.bus_id:
            return
        self._release()
        self.bus_id = bus_id
        self.view = None
        self._show_empty()
        if bus_id is not None and self.isVisible():
            self.refresh()
            self._timer.start()
        elif bus_id is None:
            self._timer.stop()

    def refresh(self) -> None:
        """Read the line's view in the background (skipped while a read is under way)."""
        if self.bus_id is None or self._busy:
            return
        self._busy = True
        bus_id, reader = self.bus_id, self.reader
        run_task(lambda: (bus_id, reader.read(bus_id)), self._read, self._failed, owner=self)

    def toggle_pause(self) -> None:
        self.paused = not self.paused
        self.pause_button.setText(_("Resume") if self.paused else _("Pause"))
        if not self.paused and self.view is not None:
            self.frames.set_rows(self.view.frames)

    def copy_frames(self) -> str:
        rows = self.frames.selected() or self.frames.shown()
        text = "\n".join(frame_line(r) for r in rows)
        QGuiApplication.clipboard().setText(text)
        self.frames.show_message(_("{n} frames copied.").format(n=len(rows)))
        return text

    # ----- showing ----------------------------------------------------------------------------------

    def _read(self, result: tuple[int, LineRead]) -> None:
        if not isValid(self):
            return
        self._busy = False
        bus_id, got = result
        if bus_id != self.bus_id:
            return                      # another line was chosen meanwhile
        self._show(got)
        self.updated.emit(got)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self._busy = False
        if isinstance(exc, PermissionDenied):
            self._timer.stop()          # asking again every second would only say the same
        self.source.setText(_("Could not read the line: {error}").format(error=tr_message(str(exc))))
        self.source.setStyleSheet(BAD)

    def _show(self, got: LineRead) -> None:
        view = got.view
        if view is None:
            self.source.setText(_("Waiting for the meter service that runs this line to share its figures…"))
            self.source.setStyleSheet(WARN)
            return
        when = local(view.at).strftime("%H:%M:%S")
        if got.source == "here":
            text, style = _("{url} · run by this window · live").format(url=view.url), ""
        elif got.stale:
            text = _("{url} · no figures from the meter service since {time}: is it running?").format(
                url=view.url, time=when)
            style = WARN
        else:
            text, style = _("{url} · run by the meter service · as of {time}").format(url=view.url, time=when), ""
        if not view.port_open:
            text += " · " + _("port closed")
            style = BAD
        self.source.setText(text)
        self.source.setStyleSheet(style)
        self.view = view
        total = view.online + view.offline
        f = self.figures
        f["online"].setText(_("{n} of {total}").format(n=view.online, total=total))
        f["offline"].setText(str(view.offline))
        f["offline"].setStyleSheet(BAD if view.offline else "")
        f["busy"].setText(f"{view.wire_busy_pct:.0f}%")
        f["busy"].setStyleSheet(WARN if view.wire_busy_pct >= 90 else "")
        rates = sorted(view.errors_per_min.items(), key=lambda kv: (-kv[1], kv[0]))
        f["errors"].setText(" · ".join(f"{kind_label(k)} {v:.1f}" for k, v in rates) or _("none"))
        f["errors"].setToolTip(_("Over the last {minutes} min; since the line started: {totals}").format(
            minutes=max(1, round(view.window_s / 60)),
            totals=", ".join(f"{kind_label(k)} {n}" for k, n in sorted(view.errors_total.items())) or _("none")))
        f["errors"].setStyleSheet(WARN if sum(view.errors_per_min.values()) >= 1.0 else "")
        if view.last_error_at is not None:
            f["last_error"].setText(_("{time} · {kind} — {message}").format(
                time=local(view.last_error_at).strftime("%H:%M:%S"), kind=kind_label(view.last_error_kind),
                message=tr_message(view.last_error)))
        else:
            f["last_error"].setText(_("none"))
        self.offline.set_rows(list(view.offline_meters))
        if not self.paused:
            self.frames.set_rows(view.frames)

    def _show_empty(self) -> None:
        for label in self.figures.values():
            label.setText("—")
            label.setStyleSheet("")
        self.offline.set_rows([])
        self.frames.set_rows([])
        if self.bus_id is None:
            self.source.setText(_("Choose a line above to see its figures and frames."))
        else:
            self.source.setText(_("Reading the line…"))
        self.source.setStyleSheet("")

    # ----- only while visible ---------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.bus_id is not None:
            self.refresh()
            self._timer.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._timer.stop()
        self._release()

    def _release(self) -> None:
        bus_id, reader = self.bus_id, self.reader
        if bus_id is None:
            return
        run_task(lambda: reader.release(bus_id), lambda _r: None,
                 lambda exc: log.info("line %s left to stop tracing by itself: %s", bus_id, exc))

