"""The Reports page: the office's reports on screen, as charts where people would rather look than read,
and as .xlsx — all from app.reports (the same sections the workbook gets, so the screen and the file
never disagree).

What an operator sees and may rely on:
- a report (takings; consumption; arrears with ageing; subsidies and free quota; meter lines; alarms and
  malignant loads; reconciliation findings) and a period of campus days (this month by default);
  "Show" reads it in the background: one table per section, its totals row last and bold;
- takings come with their daily trend; consumption with the campus's daily use and, for a chosen
  building, its rooms as a heat map (floors × rooms, darker is more);
- "Save as Excel…" writes exactly the sections shown (a sheet each, frozen header, number formats, totals);
  "Print…" and "Save as PDF…" put the same sections on A4 pages (app.reports.pdf);
  "Month's report…" the month of the period's start: takings by day, method and operator, consumption by
  building and by room with its rank.
Everyone who may see reports opens it ("report.view"); the services check it on every call.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.campus import campus_admin
from app.reports import data, pdf, xlsx
from app.reports.xlsx import Section
from ui import printing
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.history_views import RowsModel, rows_table
from ui.i18n import N_, _, in_chinese
from ui.tasks import run_task

REPORTS = {
    "takings": N_("Takings"),
    "consumption": N_("Consumption"),
    "arrears": N_("Arrears"),
    "subsidies": N_("Subsidies and free quota"),
    "lines": N_("Meter lines"),
    "alarms": N_("Alarms and malignant loads"),
    "findings": N_("Reconciliation findings"),
}
BAR = "#0969da"
LABELLED_CELLS = 120      # a heat map with more rooms than this shows colours only


def pick(text: str) -> str:
    """The language's half of a bilingual header ("笔数 Recharges"): Chinese before the first space."""
    head, sep, tail = text.partition(" ")
    if not sep or not any("\u3400" <= ch <= "\u9fff" for ch in head):
        return text
    return head if in_chinese() else tail


def cell_text(kind: str, value: object) -> str:
    """As `xlsx.display` gives it (the printed report's text), the totals' label in this language."""
    if isinstance(value, str) and value == xlsx.TOTAL:
        return pick(value)
    return xlsx.display(kind, value, label_ok=True)


def build(store, actor, report: str, first: date, last: date) -> tuple[list[Section], dict]:
    """The report's sections and its chart data (read on a worker)."""
    charts: dict = {}
    if report == "takings":
        t = data.takings(store, actor, first, last)
        charts["trend"] = [(date.fromisoformat(x.key), x.net_fen) for x in t.by_day]
        return xlsx.takings_sections(t), charts
    if report == "consumption":
        c = data.consumption(store, actor, first, last)
        points = data.daily_consumption(store, actor, first, last)
        charts["daily"] = [(p.day, p.electricity_cwh) for p in points]
        return [xlsx.daily_section(points), *xlsx.consumption_sections(c)], charts
    if report == "arrears":
        return xlsx.arrears_sections(data.arrears(store, actor)), charts
    if report == "subsidies":
        return xlsx.subsidy_sections(data.subsidies(store, actor, first, last)), charts
    if report == "lines":
        return xlsx.line_sections(data.meter_lines(store, actor, first, last)), charts
    if report == "alarms":
        return xlsx.alarm_sections(data.alarms(store, actor, first, last),
                                   data.malignant_loads(store, actor, first, last)), charts
    if report == "findings":
        return xlsx.finding_sections(data.findings(store, actor, first, last)), charts
    raise KeyError(report)


class SectionModel(RowsModel):
    """A section's rows and its totals row (bold, last)."""

    def __init__(self, section: Section, parent=None) -> None:
        cols = [(pick(c.header), (lambda row, i=i, kind=c.kind: cell_text(kind, row[i])))
                for i, c in enumerate(section.columns)]
        super().__init__(cols, parent)
        self.section = section
        rows = [list(r) for r in section.rows]
        if section.totals is not None:
            rows.append(list(section.totals))
        self.set_rows(rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.FontRole and self.section.totals is not None and index.row() == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and self.section.columns[index.column()].kind != "text":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class HeatMap(pg.GraphicsLayoutWidget):
    """A building's rooms, floor by room (lowest floor at the bottom); darker is more."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.plot = self.addPlot()
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("CET-L18"))
        self.plot.addItem(self.image)
        self.grid: data.RoomGrid | None = None
        self.labels: list[pg.TextItem] = []

    def set_grid(self, grid: data.RoomGrid) -> None:
        self.grid = grid
        values = self.values()
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        cells = [(x, y, c) for y, row in enumerate(grid.rows) for x, c in enumerate(row) if c is not None]
        if len(cells) <= LABELLED_CELLS:         # each room named on its cell, with its kWh
            for x, y, c in cells:
                label = pg.TextItem(f"{c.number}\n{c.value / 100:.1f}", color="#1f2328", anchor=(0.5, 0.5))
                label.setPos(x + 0.5, y + 0.5)
                self.plot.addItem(label)
                self.labels.append(label)
        self.image.setImage(values.T, autoLevels=False, levels=(0, max(1.0, float(np.nanmax(values)) if values.size
                                                                     else 1.0)))
        self.plot.getAxis("left").setTicks([[(i + 0.5, str(f)) for i, f in enumerate(grid.floors)], []])
        first = grid.rows[0] if grid.rows else ()
        self.plot.getAxis("bottom").setTicks([[(i + 0.5, c.number[-2:]) for i, c in enumerate(first) if c], []])
        self.plot.setTitle(f"{grid.building_code} {grid.building_name}")

    def values(self) -> np.ndarray:
        """Floors × rooms, kWh (NaN where a floor has no such room)."""
        g = self.grid
        if g is None or not g.rows:
            return np.zeros((0, 0))
        return np.array([[np.nan if c is None else c.value / 100 for c in row] for row in g.rows], dtype=float)


class ReportsPage(QWidget):
    loaded = Signal()            # buildings read (the page is ready)
    shown = Signal(str)          # the report key, once its tables are shown
    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("reportsPage")
        self.sections: list[Section] = []
        self.report_key = ""
        self.report = QComboBox(self)
        self.report.setObjectName("report")
        for key, title in REPORTS.items():
            self.report.addItem(_(title), key)
        today = clock.today()
        self.first = QDateEdit(QDate(today.year, today.month, 1), self)
        self.first.setObjectName("first")
        self.last = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.last.setObjectName("last")
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("showButton")
        self.show_button.clicked.connect(self.show_report)
        self.export_button = QPushButton(_("Save as Excel…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.choose_export_path)
        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setObjectName("printButton")
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button = QPushButton(_("Save as PDF…"), self)
        self.pdf_button.setObjectName("pdfButton")
        self.pdf_button.clicked.connect(self.choose_pdf_path)
        self.month_button = QPushButton(_("Month's report…"), self)
        self.month_button.setObjectName("monthButton")
        self.month_button.clicked.connect(self.choose_month_path)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Report"), self))
        top.addWidget(self.report)
        top.addWidget(QLabel(_("From"), self))
        top.addWidget(self.first)
        top.addWidget(QLabel(_("to"), self))
        top.addWidget(self.last)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.month_button)

        self.tables = QTabWidget(self)
        self.tables.setObjectName("sections")
        self.chart = pg.PlotWidget(self, background="w")
        self.chart.setObjectName("chart")
        self.chart.getPlotItem().showGrid(y=True, alpha=0.25)
        self.chart.getPlotItem().hideButtons()
        self.building = QComboBox(self)
        self.building.setObjectName("heatBuilding")
        self.building.activated.connect(lambda _i: self.show_heat_map())
        self.heat = HeatMap(self)
        self.heat.setObjectName("heatMap")
        charts = QWidget(self)
        side = QVBoxLayout(charts)
        side.setContentsMargins(0, 0, 0, 0)
        self.chart_title = QLabel(self)
        side.addWidget(self.chart_title)
        side.addWidget(self.chart, 1)
        heat_bar = QHBoxLayout()
        self.heat_label = QLabel(_("Rooms of"), self)
        heat_bar.addWidget(self.heat_label)
        heat_bar.addWidget(self.building, 1)
        side.addLayout(heat_bar)
        side.addWidget(self.heat, 1)
        split = QSplitter(self)
        split.addWidget(self.tables)
        split.addWidget(charts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])           # the tables first: they are what is read
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(split, 1)
        lay.addWidget(self.status)
        self._charts_for("")
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setEnabled(False)

    def refresh(self) -> None:
        store = self.ctx.store
        run_task(lambda: campus_admin.list_buildings(store), self._buildings, self._failed)

    def _buildings(self, rows) -> None:
        keep = self.building.currentData()
        self.building.clear()
        for b in rows:
            self.building.addItem(f"{b.code} {b.name}", b.id)
        self.building.setCurrentIndex(max(0, self.building.findData(keep)))
        self.loaded.emit()

    def period(self) -> tuple[date, date]:
        return self.first.date().toPython(), self.last.date().toPython()

    def choose(self, report: str, first: date, last: date) -> None:
        self.report.setCurrentIndex(self.report.findData(report))
        self.first.setDate(QDate(first.year, first.month, first.day))
        self.last.setDate(QDate(last.year, last.month, last.day))

    def show_report(self) -> None:
        store, actor, key = self.ctx.store, self.ctx.actor, self.report.currentData()
        first, last = self.period()
        self.status.setText(_("Reading…"))
        self.show_button.setEnabled(False)
        run_task(lambda: (key, *build(store, actor, key, first, last)), self._show, self._failed, kind="cpu")

    def _show(self, result) -> None:
        key, sections, charts = result
        self.report_key, self.sections = key, sections
        self.tables.clear()
        for section in sections:
            model = SectionModel(section, self)
            view = rows_table(model, self)
            view.setModel(model)
            self.tables.addTab(view, pick(section.title))
        self._charts_for(key, charts)
        first, last = self.period()
        self.status.setText(_("{report}, {first} to {last}.").format(report=self.report.currentText(),
                                                                     first=first, last=last))
        self.show_button.setEnabled(True)
        for button in (self.export_button, self.print_button, self.pdf_button):
            button.setEnabled(bool(sections))
        if key == "consumption":
            self.show_heat_map()
        self.shown.emit(key)

    def _charts_for(self, key: str, charts: dict | None = None) -> None:
        item = self.chart.getPlotItem()
        item.clear()
        charts = charts or {}
        series = charts.get("trend") or charts.get("daily")
        self.chart.setVisible(series is not None)
        heat = key == "consumption"
        for w in (self.heat, self.building, self.heat_label):
            w.setVisible(heat)
        if series is None:
            self.chart_title.setText("")
            return
        self.chart_title.setText(_("Net takings per day (¥)") if "trend" in charts else _("Campus electricity per day (kWh)"))
        x = np.arange(len(series), dtype=float)
        heights = np.array([v / 100 for _d, v in series], dtype=float)
        item.addItem(pg.BarGraphItem(x=x, height=heights, width=0.75, brush=pg.mkBrush(BAR), pen=pg.mkPen(None)))
        step = max(1, len(series) // 6)
        item.getAxis("bottom").setTicks([[(float(i), series[i][0].strftime("%m-%d"))
                                          for i in range(0, len(series), step)], []])
        self.series = series

    def show_heat_map(self) -> None:
        building = self.building.currentData()
        if building is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        first, last = self.period()
        run_task(lambda: data.room_grid(store, actor, building, first, last), self.heat.set_grid, self._failed)

    # ----- files --------------------------------------------------------------------------------------

    def choose_export_path(self) -> None:
        first, last = self.period()
        path, _f = QFileDialog.getSaveFileName(self, _("Save as Excel"), f"{self.report_key}-{first}-{last}.xlsx",
                                               _("Excel workbook (*.xlsx)"))
        if path:
            self.export(path)

    def export(self, path: str | Path) -> None:
        sections, out = list(self.sections), Path(path)
        run_task(lambda: (xlsx.write_report(out, sections), str(out))[1], self._saved, self._failed, kind="cpu")

    def report_pdf(self) -> bytes:
        """The report shown, as printed pages (built off the GUI thread by the callers below)."""
        first, last = self.period()
        return pdf.render(list(self.sections), title=self.report.currentText(), period=f"{first} – {last}",
                          school=self.ctx.school)

    def print_report(self) -> None:
        printing.print_built(self.report_pdf, self, title=self.report.currentText())

    def choose_pdf_path(self) -> None:
        first, last = self.period()
        path, _f = QFileDialog.getSaveFileName(self, _("Save as PDF"), f"{self.report_key}-{first}-{last}.pdf",
                                               _("PDF documents (*.pdf)"))
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str | Path) -> None:
        out = Path(path)
        if out.suffix.lower() != ".pdf":
            out = out.with_suffix(".pdf")
        build = self.report_pdf
        run_task(lambda: str(printing.save_pdf(build(), out)), self._saved, self._failed, kind="cpu")

    def choose_month_path(self) -> None:
        first, _last = self.period()
        path, _f = QFileDialog.getSaveFileName(self, _("Save the month's report"),
                                               f"month-{first.year}-{first.month:02d}.xlsx",
                                               _("Excel workbook (*.xlsx)"))
        if path:
            self.save_month(path)

    def save_month(self, path: str | Path) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        first, _last = self.period()
        run_task(lambda: str(xlsx.month_report(store, actor, first.year, first.month, path).path), self._saved,
                 self._failed, kind="cpu")

    def _saved(self, path: str) -> None:
        self.status.setText(_("Saved to {path}.").format(path=path))
        self.saved.emit(path)

    def _failed(self, exc: BaseException) -> None:
        text = error_text(exc)
        self.status.setText(text)
        self.show_button.setEnabled(True)
        self.failed.emit(text)


def month_of(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    first = day.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)
