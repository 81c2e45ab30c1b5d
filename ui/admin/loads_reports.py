"""The Reports tab of the Malignant loads page: what the malignant-load control did in a period — a term
of the term calendar (by default the one holding the campus's today) or any first and last day —
as a totals line and five lists (app.loads.reports.load_report): by building, by room, by appliance
(meter trips, openings by the host, suspects, releases, and what was stopped in all), the repeat
offenders, and every release with when (campus time), who (an operator, or the system on its own),
the room, branches, appliance, how it ended and why.

Each list sorts, filters and exports to .xlsx (AdminList). The terms and the report are read in
background tasks; `loaded` after each report is shown (or could not be).
"""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.counter.report_data import local_time_text
from app.loads.decide import HALF_WAVE
from app.loads.reports import REPEAT_MIN, LoadReport, Offender, Release, Tally, load_report
from app.metering.runtime.vocabulary import BRANCH_NAMES, Branch
from app.policies import calendar_admin
from ui.admin.power_calendar import date_edit, days_text
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

CUSTOM = "custom"
STATUSES = {"pending": N_("Pending"), "running": N_("Running"), "done": N_("Done"), "failed": N_("Failed")}


def appliance_text(name: str) -> str:
    """A library name as saved; the matcher's "unknown" (nothing in the library fits) and the host's
    "half-wave load" (opened for conducting on one half-cycle) in the window's language."""
    if name == HALF_WAVE:
        return _("half-wave load")
    return _("unknown") if name == "unknown" else name


def branches_text(branches: tuple[int, ...]) -> str:
    return ", ".join(_(BRANCH_NAMES[Branch(b)]) if b in tuple(Branch) else str(b) for b in branches)


def who_text(r: Release) -> str:
    """The operator who asked for the release; the host's own (no operator) as the system."""
    return r.by or _("System (automatic)")


def status_text(status: str) -> str:
    return _(STATUSES[status]) if status in STATUSES else status


def totals_text(rep: LoadReport) -> str:
    t = rep.totals
    return _("{period} — stopped: {stopped} (meter trips: {trips}, opened by the host: {opened}) · suspects: "
             "{suspects} · released: {released} · repeat offenders: {offenders}").format(
        period=days_text(rep.first_day, rep.last_day), stopped=t.stopped, trips=t.meter_trips, opened=t.host_opened,
        suspects=t.suspects, released=t.released, offenders=len(rep.offenders))


def _count(header: str, get) -> Col:
    return Col(header, lambda r: str(get(r)), key=get, value=get)


def tally_cols(header: str) -> list[Col]:
    """A breakdown's columns: its key (a building, room or appliance), then the counts."""
    key = (lambda t: appliance_text(t.key)) if header == "appliance" else (lambda t: t.key)
    heads = {"building": _("Building"), "room": _("Room"), "appliance": _("Appliance")}
    return [Col(heads[header], key),
            _count(_("Meter trips"), lambda t: t.meter_trips),
            _count(_("Opened by the host"), lambda t: t.host_opened),
            _count(_("Suspects"), lambda t: t.suspects),
            _count(_("Released"), lambda t: t.released),
            _count(_("Stopped"), lambda t: t.stopped)]


def offender_cols() -> list[Col]:
    return [Col(_("Room"), lambda o: o.room),
            _count(_("Events"), lambda o: o.events),
            Col(_("First"), lambda o: local_time_text(o.first), key=lambda o: o.first),
            Col(_("Last"), lambda o: local_time_text(o.last), key=lambda o: o.last),
            Col(_("Appliances"), lambda o: ", ".join(appliance_text(a) for a in o.appliances))]


def release_cols() -> list[Col]:
    return [Col(_("When"), lambda r: local_time_text(r.at), key=lambda r: r.at),
            Col(_("Who"), who_text),
            Col(_("Room"), lambda r: r.room),
            Col(_("Branches"), lambda r: branches_text(r.branches)),
            Col(_("Appliance"), lambda r: appliance_text(r.appliance)),
            Col(_("Status"), lambda r: status_text(r.status)),
            Col(_("Reason"), lambda r: tr_message(r.reason) if r.reason else "")]


def read_report(store, first_day: date, last_day: date) -> LoadReport:
    """The report of a period (a background task)."""
    with store.read() as s:
        return load_report(s, first_day, last_day)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())


class ReportsTab(QWidget):
    """Public: `period` (the term box: each term, then "Custom period"), `first_day`/`last_day`,
    `show_button`, `totals`, `lists` (key → AdminList: building, room, appliance, offenders, releases),
    `views` (their sub-tabs), `report` (the LoadReport shown), `refresh()`, `show_period(first, last)`."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("loadReportsTab")
        self.report: LoadReport | None = None
        self._terms_known = False
        self._spans: dict[int, tuple[date, date]] = {}     # term id → its first and last day
        self._asked = 0                 # the latest report asked for: an older answer arriving late is dropped
        today = clock.today()
        self.period = QComboBox(self)
        self.period.setObjectName("reportPeriod")
        self.period.setMinimumWidth(200)
        self.period.addItem(_("Custom period"), CUSTOM)
        self.period.activated.connect(lambda _i: self._period_chosen())
        self.first_day = date_edit(self, today, "reportFirstDay")
        self.last_day = date_edit(self, today, "reportLastDay")
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("reportShow")
        self.show_button.clicked.connect(lambda _c=False: self.show_period(_day(self.first_day), _day(self.last_day)))
        self.message = QLabel("", self)
        self.message.setObjectName("reportMessage")
        self.message.setStyleSheet("color:#b02a37;")
        self.totals = QLabel(_("Choose a term or a period."), self)
        self.totals.setObjectName("reportTotals")
        self.totals.setWordWrap(True)
        self.totals.setStyleSheet("font-weight:bold;")
        self.lists = {
            "building": AdminList(tally_cols("building"), self, name="reportByBuilding",
                                  export_title=_("Malignant loads by building")),
            "room": AdminList(tally_cols("room"), self, name="reportByRoom", export_title=_("Malignant loads by room")),
            "appliance": AdminList(tally_cols("appliance"), self, name="reportByAppliance",
                                   export_title=_("Malignant loads by appliance")),
            "offenders": AdminList(offender_cols(), self, name="reportOffenders", export_title=_("Repeat offenders")),
            "releases": AdminList(release_cols(), self, name="reportReleases", export_title=_("Trip releases")),
        }
        self.offenders_note = QLabel(_("Rooms where {n} or more blocked appliances were stopped in the period.")
                                     .format(n=REPEAT_MIN), self)
        self.offenders_note.setObjectName("reportOffendersNote")
        self.views = QTabWidget(self)
        self.views.setObjectName("reportViews")
        titles = {"building": _("By building"), "room": _("By room"), "appliance": _("By appliance"),
                  "offenders": _("Repeat offenders"), "releases": _("Releases")}
        for key, lst in self.lists.items():
            page = QWidget(self.views)
            lay = QVBoxLayout(page)
            if key == "offenders":
                lay.addWidget(self.offenders_note)
            lay.addWidget(lst, 1)
            self.views.addTab(page, titles[key])
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Term"), self))
        row.addWidget(self.period)
        row.addWidget(QLabel(_("From"), self))
        row.addWidget(self.first_day)
        row.addWidget(QLabel(_("To"), self))
        row.addWidget(self.last_day)
        row.addWidget(self.show_button)
        row.addWidget(self.message, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.totals)
        lay.addWidget(self.views, 1)
        self._custom(True)

    # ----- the period ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the terms to choose from, then the report of the period chosen."""
        store = self.ctx.store
        run_task(lambda: calendar_admin.terms(store), self._terms, self._failed, owner=self)

    def _terms(self, terms: list[calendar_admin.TermRow]) -> None:
        chosen = self.period.currentData()
        self._spans = {t.id: (t.first_day, t.last_day) for t in terms}
        self.period.blockSignals(True)
        self.period.clear()
        for t in terms:
            self.period.addItem(t.name, t.id)
        self.period.addItem(_("Custom period"), CUSTOM)
        if not self._terms_known:
            # first time: the term holding the campus's today, else the latest begun, else a custom period
            today = clock.today()
            begun = [i for i, t in enumerate(terms) if t.first_day <= today]
            now = [i for i in begun if today <= terms[i].last_day]
            index = now[0] if now else begun[-1] if begun else len(terms)
        else:
            index = self.period.findData(chosen)
            index = index if index >= 0 else self.period.count() - 1
        self._terms_known = True
        self.period.setCurrentIndex(index)
        self.period.blockSignals(False)
        self._period_chosen()

    def _custom(self, on: bool) -> None:
        for w in (self.first_day, self.last_day, self.show_button):
            w.setEnabled(on)

    def _period_chosen(self) -> None:
        span = self._spans.get(self.period.currentData())
        self._custom(span is None)
        if span is None:
            self.show_period(_day(self.first_day), _day(self.last_day))
        else:
            self.first_day.setDate(_qdate(span[0]))
            self.last_day.setDate(_qdate(span[1]))
            self.show_period(*span)

    def choose_term(self, name: str) -> bool:
        """Choose the term called `name` (its report loads); False when there is none."""
        index = self.period.findText(name)
        if index < 0:
            return False
        self.period.setCurrentIndex(index)
        self._period_chosen()
        return True

    # ----- the report ---------------------------------------------------------------------------

    def show_period(self, first_day: date, last_day: date) -> None:
        """Load and show the report of campus days `first_day` to `last_day` inclusive."""
        if last_day < first_day:
            self.message.setText(_("The period ends before it starts."))
            self.loaded.emit()
            return
        self.message.setText("")
        self._asked += 1
        asked, store = self._asked, self.ctx.store
        run_task(lambda: read_report(store, first_day, last_day), lambda rep: self._show(asked, rep),
                 lambda exc: self._failed(exc, asked), owner=self)

    def _show(self, asked: int, rep: LoadReport) -> None:
        if asked != self._asked:
            return
        self.report = rep
        self.totals.setText(totals_text(rep))
        rows: dict[str, tuple[Tally, ...] | tuple[Offender, ...] | tuple[Release, ...]] = {
            "building": rep.by_building, "room": rep.by_room, "appliance": rep.by_appliance,
            "offenders": rep.offenders, "releases": rep.releases}
        for key, lst in self.lists.items():
            lst.set_rows(list(rows[key]))
        self.loaded.emit()

    def _failed(self, exc: BaseException, asked: int | None = None) -> None:
        if asked is not None and asked != self._asked:
            return
        self.message.setText(error_text(exc))
        self.loaded.emit()
