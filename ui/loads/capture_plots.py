"""The capture tool's centre: one §14 capture drawn (voltage, current after and before the step, the step
current, the V–I trajectory, harmonic bars) and its §13 features as a table.

Everything here is drawn from a `Waveform` and the `Features` app/loads computed from it on the host
(`app.loads.features`, the meter's own definitions); nothing is computed twice in another way except
the harmonic bars' DC and even orders, which the features do not carry. Only the GUI thread calls in.
"""
from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from app.loads.features import Features, harmonics
from drivers.ddsy_records import Waveform
from ui.i18n import N_, _

CYCLE_MS = 20.0                 # one cycle at 50 Hz
ORDERS = 15                     # harmonic bars: DC and orders 1..15
COLOURS = {"v": "#8250df", "after": "#0969da", "before": "#8c959f", "step": "#cf222e", "vi": "#1a7f37",
           "odd": "#0969da", "even": "#bf8700"}


@dataclass(frozen=True)
class FeatureRow:
    """One §13 feature as the tool shows it: register units × scale, with its unit and decimals."""

    key: str
    label: str          # English source; translated when shown
    unit: str
    scale: float
    decimals: int

    def value(self, f: Features) -> float | None:
        raw = getattr(f, self.key)
        return None if raw is None else raw * self.scale

    def text(self, value: float | None) -> str:
        if value is None:
            return "—"
        number = f"{value:.{self.decimals}f}"
        return f"{number} {self.unit}" if self.unit else number


FEATURE_ROWS: tuple[FeatureRow, ...] = (
    FeatureRow("dp", N_("ΔP (step power)"), "W", 1.0, 0),
    FeatureRow("dq", N_("ΔQ (reactive)"), "var", 1.0, 0),
    FeatureRow("pf", N_("Power factor"), "", 0.001, 3),
    FeatureRow("i3", N_("3rd harmonic I3/I1"), "%", 0.1, 1),
    FeatureRow("i5", N_("5th harmonic I5/I1"), "%", 0.1, 1),
    FeatureRow("i7", N_("7th harmonic I7/I1"), "%", 0.1, 1),
    FeatureRow("thd", N_("THD of current"), "%", 0.1, 1),
    FeatureRow("crest", N_("Crest factor"), "", 0.01, 2),
)


def feature_texts(f: Features) -> list[str]:
    """The value column of the features table for `f`, row by row (FEATURE_ROWS)."""
    return [row.text(row.value(f)) for row in FEATURE_ROWS]


def spread_texts(features: Sequence[Features]) -> list[str]:
    """Mean ± standard deviation of each feature over `features` (sample sd; one capture has none)."""
    out = []
    for row in FEATURE_ROWS:
        values = [v for f in features if (v := row.value(f)) is not None]
        if not values:
            out.append("—")
            continue
        mean = statistics.fmean(values)
        if len(values) < 2:
            out.append(row.text(mean))
            continue
        sd = statistics.stdev(values)
        number = f"{mean:.{row.decimals}f} ± {sd:.{row.decimals}f}"
        out.append(f"{number} {row.unit}" if row.unit else number)
    return out


def harmonic_bars(w: Waveform) -> tuple[np.ndarray, np.ndarray]:
    """Orders 0..15 and the step current's content at each, in % of the fundamental (RMS against RMS).
    Orders 1..15 are `app.loads.features.harmonics`; order 0 is the DC a half-wave load leaves."""
    di = np.asarray(w.step_current_ma(), dtype=float)
    ratios = harmonics(w.voltage_dv, w.current_post_ma, w.current_pre_ma, ORDERS)
    spectrum = np.abs(np.fft.rfft(di))
    dc = spectrum[0] / (np.sqrt(2.0) * spectrum[1]) if spectrum[1] > 0 else 0.0
    return np.arange(ORDERS + 1), 100.0 * np.concatenate([[dc], ratios])


def _plot(parent: QWidget, title: str, left: str, left_units: str, bottom: str, bottom_units: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(parent, background="w")
    plot.setMinimumSize(220, 150)
    item = plot.getPlotItem()
    item.setTitle(title, size="9pt", color="#1f2328")
    item.showGrid(x=True, y=True, alpha=0.25)
    item.setLabel("left", left, units=left_units)
    item.setLabel("bottom", bottom, units=bottom_units)
    item.getViewBox().setMouseEnabled(x=False, y=False)
    item.hideButtons()
    for axis in ("left", "bottom"):
        item.getAxis(axis).label.setFont(_small())
    return plot


def _small() -> QFont:
    font = QFont()
    font.setPointSize(8)
    return font


class CaptureView(QWidget):
    """Five plots and the features table; `show_capture` draws one capture, `clear` empties them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("captureView")
        t = np.arange(128) * CYCLE_MS / 128 / 1000.0          # seconds, so the axis says ms
        self._t = t
        time_label = _("Time")
        self.voltage = _plot(self, _("Voltage, one cycle after the step"), _("Voltage"), "V", time_label, "s")
        self.current = _plot(self, _("Branch current: after and before the step"), _("Current"), "A",
                             time_label, "s")
        self.step = _plot(self, _("Step current (after − before)"), _("Current"), "A", time_label, "s")
        self.vi = _plot(self, _("V–I trajectory of the step current"), _("Current"), "A", _("Voltage"), "V")
        self.bars = _plot(self, _("Harmonics of the step current (% of I1)"), "%", "", _("Order (0 = DC)"), "")
        legend = self.current.getPlotItem().addLegend(offset=(-4, 4))
        legend.setLabelTextSize("8pt")
        self.v_curve = self.voltage.plot([], [], pen=pg.mkPen(COLOURS["v"], width=1.6), skipFiniteCheck=True)
        self.after_curve = self.current.plot([], [], pen=pg.mkPen(COLOURS["after"], width=1.6), name=_("after"),
                                             skipFiniteCheck=True)
        self.before_curve = self.current.plot([], [], pen=pg.mkPen(COLOURS["before"], width=1.4,
                                                                   style=Qt.PenStyle.DashLine),
                                              name=_("before"), skipFiniteCheck=True)
        self.step_curve = self.step.plot([], [], pen=pg.mkPen(COLOURS["step"], width=1.6), skipFiniteCheck=True)
        self.vi_curve = self.vi.plot([], [], pen=pg.mkPen(COLOURS["vi"], width=1.6), skipFiniteCheck=True)
        self.odd_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=COLOURS["odd"], pen=None)
        self.even_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush=COLOURS["even"], pen=None)
        self.bars.addItem(self.odd_bars)
        self.bars.addItem(self.even_bars)
        self.bars.getPlotItem().setXRange(-0.7, ORDERS + 0.7, padding=0)
        self.bars.setToolTip(_("Blue: odd orders. Orange: DC (order 0) and even orders, which a half-wave load "
                               "(a diode in series) shows."))
        self.fundamental_note = pg.TextItem("", color="#1f2328", anchor=(0, 0))
        self.bars.addItem(self.fundamental_note)

        self.table = QTableWidget(len(FEATURE_ROWS), 1, self)
        self.table.setObjectName("captureFeatures")
        self.table.setHorizontalHeaderLabels([_("This capture")])
        self.table.setVerticalHeaderLabels([_(row.label) for row in FEATURE_ROWS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip(_("§13 step features computed on this computer from the three cycles, with the "
                                "meter's own definitions. Inrush and fluctuation need more than three cycles."))
        for r in range(len(FEATURE_ROWS)):
            item = QTableWidgetItem("—")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 0, item)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        grid.addWidget(self.voltage, 0, 0)
        grid.addWidget(self.current, 0, 1)
        grid.addWidget(self.step, 1, 0)
        grid.addWidget(self.vi, 1, 1)
        grid.addWidget(self.bars, 2, 0)
        grid.addWidget(self.table, 2, 1)
        for r in range(3):
            grid.setRowStretch(r, 1)
        for c in range(2):
            grid.setColumnStretch(c, 1)

    def show_capture(self, w: Waveform, f: Features | None) -> None:
        """Draw `w`; fill the table from `f` (None: the capture was refused, the table shows dashes)."""
        t = self._t
        v = np.asarray(w.voltage_dv, dtype=float) / 10.0
        after = np.asarray(w.current_post_ma, dtype=float) / 1000.0
        before = np.asarray(w.current_pre_ma, dtype=float) / 1000.0
        step = after - before
        self.v_curve.setData(t, v)
        self.after_curve.setData(t, after)
        self.before_curve.setData(t, before)
        self.step_curve.setData(t, step)
        self.vi_curve.setData(np.append(v, v[:1]), np.append(step, step[:1]))   # a closed loop
        orders, percent = harmonic_bars(w)
        odd = orders % 2 == 1
        self.odd_bars.setOpts(x=orders[odd], height=percent[odd])
        self.even_bars.setOpts(x=orders[~odd], height=percent[~odd])
        # The fundamental is 100 % by definition: scale to the other orders so they can be read.
        others = np.delete(percent, 1)
        top = float(min(100.0, max(5.0, others.max() * 1.25 if others.size else 5.0)))
        self.bars.getPlotItem().setYRange(0, top, padding=0)
        self.fundamental_note.setText(_("I1 = 100 %") if top < 100.0 else "")
        self.fundamental_note.setPos(1.4, top * 0.98)
        texts = feature_texts(f) if f is not None else ["—"] * len(FEATURE_ROWS)
        for r, text in enumerate(texts):
            self.table.item(r, 0).setText(text)

    def clear(self) -> None:
        for curve in (self.v_curve, self.after_curve, self.before_curve, self.step_curve, self.vi_curve):
            curve.setData([], [])
        self.odd_bars.setOpts(x=[], height=[])
        self.even_bars.setOpts(x=[], height=[])
        self.fundamental_note.setText("")
        for r in range(len(FEATURE_ROWS)):
            self.table.item(r, 0).setText("—")

    def feature_column(self) -> list[str]:
        """The features table's values as shown (for tests and screen readers)."""
        return [self.table.item(r, 0).text() for r in range(len(FEATURE_ROWS))]
