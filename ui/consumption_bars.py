"""Daily electricity use of the selected room: one bar per campus day, kWh, the last 30 days.

`set_days(days)` takes `app.campus.room_view.DailyUse` values oldest first; `heights()` and `labels()` are
what the bars show (for tests and tooltips). GUI thread only.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.campus.room_view import DailyUse
from ui.i18n import _

BAR_COLOUR = "#0969da"
TODAY_COLOUR = "#54aeff"     # today is not over: drawn lighter


class ConsumptionBars(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(self, background="w")
        self.plot.setMinimumHeight(150)
        item = self.plot.getPlotItem()
        item.showGrid(y=True, alpha=0.25)
        item.setLabel("left", _("kWh"))
        item.getViewBox().setMouseEnabled(x=False, y=False)
        item.hideButtons()
        self.summary = QLabel("", self)
        self.summary.setObjectName("consumptionSummary")
        self.summary.setWordWrap(True)
        self._days: tuple[DailyUse, ...] = ()
        self._bars: pg.BarGraphItem | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.summary)

    def set_days(self, days: Sequence[DailyUse]) -> None:
        self._days = tuple(days)
        item = self.plot.getPlotItem()
        if self._bars is not None:
            item.removeItem(self._bars)
            self._bars = None
        if not self._days:
            self.summary.setText(_("No readings yet."))
            return
        x = np.arange(len(self._days), dtype=float)
        heights = np.array(self.heights(), dtype=float)
        brushes = [pg.mkBrush(BAR_COLOUR)] * (len(x) - 1) + [pg.mkBrush(TODAY_COLOUR)]
        self._bars = pg.BarGraphItem(x=x, height=heights, width=0.75, brushes=brushes, pen=pg.mkPen(None))
        item.addItem(self._bars)
        step = 5
        ticks = [(float(i), self._days[i].day.strftime("%m-%d"))
                 for i in range(len(self._days) - 1, -1, -step)]
        item.getAxis("bottom").setTicks([ticks, []])
        item.setXRange(-0.6, len(x) - 0.4, padding=0)
        item.setYRange(0, max(1.0, float(heights.max()) * 1.1), padding=0)
        total = sum(d.cwh for d in self._days)
        used = [d for d in self._days[:-1] if d.cwh]
        mean = sum(d.cwh for d in used) / len(used) / 100 if used else 0.0
        self.summary.setText(_("{days} days: {total} kWh, {mean} kWh a day on average, today {today} kWh").format(
            days=len(self._days), total=f"{total / 100:.2f}", mean=f"{mean:.2f}",
            today=f"{self._days[-1].kwh:.2f}"))

    def heights(self) -> list[float]:
        return [d.kwh for d in self._days]

    def labels(self) -> list[str]:
        return [d.day.isoformat() for d in self._days]
