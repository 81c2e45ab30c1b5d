"""The technician's capture tool: capture an appliance's switch-on on a bench meter (§14), see its cycles
and §13 features, repeat, and save the captures to the signature library as a named appliance.

What a caller may rely on:
- `open_capture(parent, ctx)` opens (or raises) the one tool window of `parent`. For an operator
  without "signature.manage" (a clerk) the window says who may use it and offers nothing else; the
  services refuse such an operator too.
- Left: the line, the meter (its address, or one of the line's electricity meters) and the branch;
  Arm / Cancel; the state. Arm opens the line (app.loads.capture.open_bench: the runtime's own bus,
  or a line nobody runs under its lease) and arms the meter; each step is a short bus job run in a
  background task, never on the GUI thread (the line and one capture: ui/loads/capture_bench.py).
- Centre (`CaptureView`): the capture shown — the newest, or the one selected on the right.
- Right (`CapturesPanel`, ui/loads/capture_list.py): this appliance's captures with a tick to leave one
  out, the spread (mean ± sd) of the ticked ones and their count, and the save form. Save stores a new
  library version through app.loads.store; a refusal (a name taken, a library saved elsewhere
  meanwhile) says why and keeps the captures. The panel's widgets and calls are reachable on the window
  too (`window.list`, `window.save_button`, `window.set_included(...)`, `window.entries`, ...).
- A capture with no switch-on in it (the appliance was already on) or a clipped one is shown with
  the reason and is not kept.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.access import ROLE_LABELS
from app.loads.capture import BenchLine, CaptureCancelled, CaptureTimedOut, current_library, open_bench
from app.loads.library import Library
from app.metering import commissioning
from drivers.errors import MeterError
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import _, tr_message
from ui.loads.capture_bench import Attempt, Bench, Outcome, Relay, run_capture
from ui.loads.capture_list import OK_STYLE, CapturesPanel, Entry
from ui.loads.capture_plots import CaptureView
from ui.tasks import run_task

PERMISSION = "signature.manage"
ARMED_STYLE = "color:#0550ae;font-weight:bold;"

def _on_panel(name: str) -> property:
    """The panel's attribute or method `name`, reached on the window (as callers and tests always have)."""
    return property(lambda self: getattr(self.panel, name), doc=f"The captures panel's `{name}`.")


class CaptureWindow(QWidget):
    lines_loaded = Signal()
    meters_loaded = Signal()
    library_loaded = Signal(int)         # the library's version
    captured = Signal(object)            # an Outcome, shown (kept or refused)
    capture_failed = Signal(str)
    saved = Signal(int)                  # the library version saved
    save_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("captureWindow")
        self.setWindowTitle(_("DormWatt — appliance capture"))
        self.resize(1340, 720)
        self.library: Library | None = None
        self.attempt: Attempt | None = None
        self.bench = Bench()
        self.panel: CapturesPanel | None = None
        self.refused = not ctx.actor.can(PERMISSION)
        if self.refused:
            self._refusal()
            return
        self._relay = Relay(self)
        self._relay.armed.connect(self._armed)
        self._relay.reading.connect(lambda: self._state(_("Reading the cycles…")))
        self.view = CaptureView(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 6, 6)
        row.addWidget(self._left())
        row.addWidget(self.view, 1)
        row.addWidget(self._right())
        self._busy(False)
        store = ctx.store
        run_task(lambda: commissioning.line_rows(store), self._lines, self._load_failed, owner=self)
        self._load_library()

    # ----- assembly -------------------------------------------------------------------------------

    def _refusal(self) -> None:
        actor = self.ctx.actor
        role = _(ROLE_LABELS.get(actor.role, actor.role))
        self.refusal = QLabel(_("The appliance capture tool is for technicians and administrators: {who} ({role}) "
                                "may not use it.").format(who=actor.display_name or actor.login, role=role), self)
        self.refusal.setObjectName("captureRefused")
        self.refusal.setWordWrap(True)
        self.refusal.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.refusal.setStyleSheet(ERROR_STYLE + "font-size:11pt;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.refusal)
        self.resize(640, 240)

    def _left(self) -> QWidget:
        box = QWidget(self)
        box.setFixedWidth(250)
        self.line_box = QComboBox(box)
        self.line_box.setObjectName("captureLine")
        self.line_box.currentIndexChanged.connect(self._line_chosen)
        self.meter_box = QComboBox(box)
        self.meter_box.setObjectName("captureMeter")
        self.meter_box.setEditable(True)
        self.meter_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.meter_box.lineEdit().setPlaceholderText(_("address 1–247"))
        self.meter_box.setToolTip(_("The bench meter's address, or one of the electricity meters on this line"))
        self.branch_box = QComboBox(box)
        self.branch_box.setObjectName("captureBranch")
        for b, name in enumerate((_("Lighting"), _("Sockets"), _("Air conditioning"))):
            self.branch_box.addItem(_("{n} · {branch}").format(n=b, branch=name), b)
        self.branch_box.setCurrentIndex(1)
        self.meter_error = QLabel("", box)
        self.meter_error.setStyleSheet(ERROR_STYLE)
        self.meter_error.setWordWrap(True)
        self.meter_error.hide()
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Line"), self.line_box)
        form.addRow(_("Meter"), self.meter_box)
        form.addRow("", self.meter_error)
        form.addRow(_("Branch"), self.branch_box)
        self.arm_button = QPushButton(_("Arm"), box)
        self.arm_button.setObjectName("captureArm")
        self.arm_button.setDefault(True)
        self.arm_button.clicked.connect(self.arm)
        self.cancel_button = QPushButton(_("Cancel"), box)
        self.cancel_button.setObjectName("captureCancel")
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.arm_button)
        buttons.addWidget(self.cancel_button)
        self.state = QLabel(_("Choose the line, the meter and the branch, then arm."), box)
        self.state.setObjectName("captureState")
        self.state.setWordWrap(True)
        self.state.setFrameShape(QFrame.Shape.StyledPanel)
        self.state.setMinimumHeight(90)
        self.state.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.state.setMargin(6)
        hint = QLabel(_("1. Plug the appliance, switched off, into the branch's outlet of the bench meter.\n"
                        "2. Arm, then switch the appliance on and leave it on for two seconds.\n"
                        "3. Switch it off; arm again for the next capture. Three or more captures give "
                        "the spread."), box)
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#57606a;")
        self.library_label = QLabel("", box)
        self.library_label.setObjectName("captureLibrary")
        self.library_label.setWordWrap(True)
        self.library_label.setStyleSheet("color:#57606a;")
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(form)
        col.addLayout(buttons)
        col.addWidget(self.state)
        col.addWidget(hint)
        col.addStretch(1)
        col.addWidget(self.library_label)
        return box

    def _right(self) -> CapturesPanel:
        panel = self.panel = CapturesPanel(self.ctx, lambda: self.library, self)
        panel.shown.connect(self.view.show_capture)
        panel.cleared.connect(self.view.clear)
        panel.library_saved.connect(self._library)
        panel.library_stale.connect(self._load_library)
        panel.saved.connect(self.saved)
        panel.save_failed.connect(self.save_failed)
        return panel

    # ----- lines, meters, the library ---------------------------------------------------------------

    def _lines(self, rows: list[commissioning.LineRow]) -> None:
        here = set(getattr(self.ctx.runtime, "buses", None) or ())
        self.line_box.blockSignals(True)
        self.line_box.clear()
        for r in rows:
            b = r.bus
            if b.id in here:
                who = _("run by this window")
            elif r.runner:
                who = _("run by {owner}").format(owner=r.runner)
            else:
                who = _("free")
            self.line_box.addItem(_("{name} ({who}) · {port}").format(name=b.name, port=b.port, who=who), b.id)
            self.line_box.setItemData(self.line_box.count() - 1, b.port, Qt.ItemDataRole.ToolTipRole)
        self.line_box.blockSignals(False)
        if not rows:
            self._state(_("There is no line in the store: add the bench adapter's line under Administration → "
                          "Lines and meters."), ERROR_STYLE)
        self.lines_loaded.emit()
        self._line_chosen()

    def _line_chosen(self, *_a) -> None:
        bus_id = self.line_box.currentData()
        if bus_id is None:
            return
        store = self.ctx.store
        run_task(lambda: (bus_id, commissioning.assignments(store, bus_id)), self._meters, self._load_failed,
                 owner=self)

    def _meters(self, result) -> None:
        bus_id, found = result
        if bus_id != self.line_box.currentData():
            return
        typed = self.meter_box.currentText()
        self.meter_box.clear()
        for address, a in sorted(found.items()):
            if a.kind != "ddsy":
                continue
            self.meter_box.addItem(_("{address} · {room}").format(address=address, room=a.room_code or _("no room")),
                                   address)
        if self.meter_box.count() == 0:
            self.meter_box.setEditText(typed)
        self.meters_loaded.emit()

    def _load_library(self) -> None:
        store = self.ctx.store
        run_task(lambda: current_library(store), self._library, self._load_failed, owner=self)

    def _library(self, library: Library) -> None:
        self.library = library
        self.panel.set_names([a.name for a in library.appliances])
        self.library_label.setText(_("Signature library: version {version}, {n} appliances").format(
            version=library.version, n=len(library.appliances)))
        self.library_loaded.emit(library.version)

    def _load_failed(self, exc: BaseException) -> None:
        self._state(error_text(exc), ERROR_STYLE)

    # ----- capturing --------------------------------------------------------------------------------

    def address(self) -> int | None:
        """The meter address chosen or typed (None, with the reason under the field, when it is not one)."""
        text = self.meter_box.currentText().strip()
        data = self.meter_box.currentData()
        if data is not None and text == self.meter_box.itemText(self.meter_box.currentIndex()):
            return int(data)
        digits = text.split("·")[0].strip()
        if digits.isdigit() and 1 <= int(digits) <= 247:
            return int(digits)
        self.meter_error.setText(_("Give the meter's address, 1 to 247."))
        self.meter_error.show()
        return None

    def arm(self) -> None:
        if self.attempt is not None:
            return
        bus_id = self.line_box.currentData()
        if bus_id is None:
            self._state(_("Choose a line first."), ERROR_STYLE)
            return
        address = self.address()
        if address is None:
            return
        self.meter_error.hide()
        branch = int(self.branch_box.currentData())
        store, actor, runtime = self.ctx.store, self.ctx.actor, self.ctx.runtime
        attempt = self.attempt = Attempt()
        bench, relay = self.bench, self._relay

        def opener() -> BenchLine:
            return open_bench(store, actor, bus_id, address, runtime)

        self._busy(True)
        self._state(_("Arming meter {address}, branch {branch}…").format(address=address, branch=branch))
        run_task(lambda: run_capture(bench, attempt, relay, opener, (bus_id, address), branch),
                 self._taken, self._failed, kind="cpu", owner=self)

    def cancel(self) -> None:
        if self.attempt is not None:
            self.attempt.cancel()
            self._state(_("Cancelling…"))

    def _armed(self) -> None:
        if self.attempt is not None and not self.attempt.stop.is_set():
            self._state(_("Armed — switch the appliance on now"), ARMED_STYLE)

    def _taken(self, outcome: Outcome) -> None:
        self.attempt = None
        self._busy(False)
        self.view.show_capture(outcome.wave, outcome.features)
        if outcome.features is None:
            self._state(_("Not kept: {reason}").format(reason=tr_message(outcome.problem)), ERROR_STYLE)
        else:
            n = self.panel.add(outcome.wave, outcome.features)
            self._state(_("Capture {n} kept: ΔP {dp} W. Switch the appliance off, then arm again for the next "
                          "capture.").format(n=n, dp=outcome.features.dp), OK_STYLE)
        self.captured.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        self.attempt = None
        self._busy(False)
        if isinstance(exc, CaptureCancelled):
            text, style = _("Capture cancelled; the meter was disarmed."), ""
        elif isinstance(exc, CaptureTimedOut):
            text, style = tr_message(str(exc)), ERROR_STYLE
        elif isinstance(exc, MeterError):
            text, style = _("The meter did not answer as expected: {error}").format(error=tr_message(str(exc))), \
                ERROR_STYLE
        else:
            text, style = error_text(exc), ERROR_STYLE
        self._state(text, style)
        self.capture_failed.emit(text)

    def _busy(self, busy: bool) -> None:
        for w in (self.line_box, self.meter_box, self.branch_box, self.arm_button):
            w.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)

    def _state(self, text: str, style: str = "") -> None:
        self.state.setText(text)
        self.state.setStyleSheet(style)

    # ----- the right-hand side, reachable on the window as before ----------------------------------------

    @property
    def entries(self) -> list[Entry]:
        """The captures kept for the appliance on screen (none in a refused window)."""
        return self.panel.entries if self.panel is not None else []

    list = _on_panel("list")
    count_label = _on_panel("count_label")
    spread = _on_panel("spread")
    clear_button = _on_panel("clear_button")
    name_edit = _on_panel("name_edit")
    name_error = _on_panel("name_error")
    category_box = _on_panel("category_box")
    brand_edit = _on_panel("brand_edit")
    verdict_box = _on_panel("verdict_box")
    notes_edit = _on_panel("notes_edit")
    save_button = _on_panel("save_button")
    save_message = _on_panel("save_message")
    set_included = _on_panel("set_included")
    included = _on_panel("included")
    spread_column = _on_panel("spread_column")
    clear_captures = _on_panel("clear_captures")
    save = _on_panel("save")

    # ----- closing -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.attempt is not None:
            self.attempt.cancel()
        bench = self.bench
        run_task(bench.close, lambda _r: None, kind="cpu")     # the line's port and lease, off the GUI thread
        super().closeEvent(event)


_open: dict[int, CaptureWindow] = {}


def open_capture(parent: QWidget | None, ctx: AppContext) -> CaptureWindow:
    """Open the capture tool (a window of its own), or raise the one already open for `parent`."""
    existing = _open.get(id(parent))
    if existing is not None:
        try:
            existing.show()
            existing.raise_()
            existing.activateWindow()
            return existing
        except RuntimeError:       # deleted with its parent
            _open.pop(id(parent), None)
    window = CaptureWindow(ctx, parent)
    window.setWindowFlag(Qt.WindowType.Window, True)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    key = id(parent)
    window.destroyed.connect(lambda *_a: _open.pop(key, None))
    _open[key] = window
    window.show()
    return window
