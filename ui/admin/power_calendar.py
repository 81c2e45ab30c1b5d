"""The Calendar tab of the Power policies page: the terms (Add term…, Remove), the rest days (seven
check boxes, Save), the holidays with their kind and source (Add holiday…, Remove, Import holiday
table…), and "What the meters hold today": the calendar block `calendar_admin.calendar_plan` works out
for today (the term, the holiday ranges sent, those dropped and why, swapped working days, notes).

Every read and write runs in a background task through `app.policies.calendar_admin`, which checks
"calendar.change", audits and publishes "policies_changed"; a holiday file is read off the GUI thread
and a bad one stores nothing (its FieldInvalid sentence shows under the holidays list).
"""
from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.policies import calendar_admin
from ui.admin.money_tab import ServiceForm
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import N_, _, tr_message
from ui.tasks import run_task

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))   # bit 0 .. bit 6
HOLIDAY_KINDS = {"off": N_("Day off"), "work": N_("Swapped working day")}


def campus_today() -> date:
    return clock.campus_date(clock.now())


def date_edit(parent: QWidget, day: date, name: str = "") -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if name:
        edit.setObjectName(name)
    return edit


def days_text(first: date | None, last: date | None) -> str:
    """"2026-10-01 – 2026-10-07", one day alone, or "" for no range."""
    if first is None and last is None:
        return ""
    if first == last:
        return first.isoformat()
    return "{a} – {b}".format(a=first.isoformat() if first else "…", b=last.isoformat() if last else "…")


def kind_label(kind: str) -> str:
    return _(HOLIDAY_KINDS[kind]) if kind in HOLIDAY_KINDS else kind


def plan_text(plan: Any) -> str:
    """The calendar plan of today in lines a person reads (rich text)."""
    lines = []
    if plan.term is not None:
        lines.append(_("Term: {name}, {days}").format(name=html.escape(plan.term.name),
                                                      days=days_text(plan.term.first_day, plan.term.last_day)))
    else:
        lines.append(_("No term in force or coming: every day is a workday or a rest day."))
    if plan.sent:
        lines.append(_("Holiday ranges sent ({n} of at most 16):").format(n=len(plan.sent)))
        lines += ["&nbsp;&nbsp;• " + _("{days}: {name}").format(days=days_text(a, b), name=html.escape(name))
                  for a, b, name in plan.sent]
    else:
        lines.append(_("No holiday range is sent."))
    if plan.dropped:
        lines.append(_("Ranges not sent:"))
        lines += ["&nbsp;&nbsp;• " + _("{days}: {why}").format(days=days_text(a, b), why=html.escape(tr_message(why)))
                  for a, b, why in plan.dropped]
    if plan.swapped:
        lines.append(_("Swapped working days: {days}").format(days=", ".join(d.isoformat() for d in plan.swapped)))
    lines += [html.escape(tr_message(note)) for note in plan.notes]
    return "<br>".join(lines)


class CalendarTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("calendarTab")
        self.terms = AdminList([
            Col(_("Term"), lambda t: t.name),
            Col(_("First day"), lambda t: t.first_day.isoformat(), key=lambda t: t.first_day),
            Col(_("Last day"), lambda t: t.last_day.isoformat(), key=lambda t: t.last_day),
        ], self, name="terms", export_title=_("Terms"))
        self.add_term_button = self.terms.add_button(_("Add term…"), "addTerm", self.add_term)
        self.remove_term_button = self.terms.add_button(_("Remove"), "removeTerm", self.remove_term)
        self.holidays = AdminList([
            Col(_("Holiday"), lambda h: h.name),
            Col(_("Dates"), lambda h: days_text(h.first_day, h.last_day), key=lambda h: h.first_day),
            Col(_("Kind"), lambda h: kind_label(h.kind)),
            Col(_("Source"), lambda h: _("campus") if h.source == "campus" else h.source),
        ], self, name="holidays", export_title=_("Holidays"))
        self.add_holiday_button = self.holidays.add_button(_("Add holiday…"), "addHoliday", self.add_holiday)
        self.remove_holiday_button = self.holidays.add_button(_("Remove"), "removeHoliday", self.remove_holiday)
        self.import_button = self.holidays.add_button(_("Import holiday table…"), "importHolidays",
                                                      self.import_dialog)
        for lst, button in ((self.terms, self.remove_term_button), (self.holidays, self.remove_holiday_button)):
            lst.selection_changed.connect(lambda lst=lst, button=button: button.setEnabled(bool(lst.selected())))
            button.setEnabled(False)

        rest = QGroupBox(_("Rest days"), self)
        row = QHBoxLayout(rest)
        self.rest_boxes: list[QCheckBox] = []
        for bit, word in enumerate(WEEKDAYS):
            box = QCheckBox(_(word), rest)
            box.setObjectName(f"restDay{bit}")
            self.rest_boxes.append(box)
            row.addWidget(box)
        self.save_rest_button = QPushButton(_("Save rest days"), rest)
        self.save_rest_button.setObjectName("saveRestDays")
        self.save_rest_button.clicked.connect(lambda _c=False: self.save_rest_days())
        row.addStretch(1)
        row.addWidget(self.save_rest_button)

        today_box = QGroupBox(_("What the meters hold today"), self)
        self.plan = QLabel("", today_box)
        self.plan.setObjectName("calendarPlan")
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.RichText)
        self.plan.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box_col = QVBoxLayout(today_box)
        box_col.addWidget(self.plan)
        box_col.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.terms, 2)
        left.addWidget(rest)
        left.addWidget(self.holidays, 3)
        lay = QHBoxLayout(self)
        lay.addLayout(left, 3)
        lay.addWidget(today_box, 2)

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        store, today = self.ctx.store, campus_today()

        def fetch() -> Any:
            with store.read() as s:
                return (calendar_admin.terms(s), calendar_admin.rest_mask(s), calendar_admin.holidays(s),
                        calendar_admin.calendar_plan(s, today))
        run_task(fetch, self._show, lambda exc: self.terms.show_message(error_text(exc), error=True), owner=self)

    def _show(self, data: Any) -> None:
        terms, mask, holidays, plan = data
        self.terms.set_rows(terms)
        self.holidays.set_rows(holidays)
        for bit, box in enumerate(self.rest_boxes):
            box.setChecked(bool(mask & (1 << bit)))
        self.plan.setText(plan_text(plan))
        self.loaded.emit()

    def rest_mask(self) -> int:
        return sum(1 << bit for bit, box in enumerate(self.rest_boxes) if box.isChecked())

    # ----- changes ------------------------------------------------------------------------------

    def _run(self, where: AdminList, fn, message) -> None:
        def done(result: Any) -> None:
            where.show_message(message(result))
            self.refresh()
        run_task(fn, done, lambda exc: where.show_message(error_text(exc), error=True), owner=self)

    def _open(self, where: AdminList, form: ServiceForm, message) -> ServiceForm:
        def succeeded() -> None:
            where.show_message(message())
            self.refresh()
        form.accepted.connect(succeeded)
        form.open()
        return form

    def save_rest_days(self) -> None:
        store, actor, mask = self.ctx.store, self.ctx.actor, self.rest_mask()
        self._run(self.terms, lambda: calendar_admin.set_rest_mask(store, actor, mask),
                  lambda _r: _("Rest days saved; the meters take them at the next push."))

    def add_term(self) -> ServiceForm:
        store, actor, today = self.ctx.store, self.ctx.actor, campus_today()
        form = ServiceForm(self.ctx, _("Add term"), self, lambda f: lambda: calendar_admin.add_term(
            store, actor, name.text().strip(), first.date().toPython(), last.date().toPython()))
        form.setObjectName("termForm")
        name = QLineEdit(form)
        name.setPlaceholderText(_("2026–2027 autumn"))
        first = date_edit(form, today)
        last = date_edit(form, today)
        form.field("name", _("Name"), name)
        form.field("first_day", _("First day"), first)
        form.field("last_day", _("Last day"), last)
        return self._open(self.terms, form, lambda: _("Term {name} added.").format(name=name.text().strip()))

    def remove_term(self) -> None:
        row = self.terms.current()
        if row is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self._run(self.terms, lambda: calendar_admin.remove_term(store, actor, row.id),
                  lambda _r: _("Term {name} removed.").format(name=row.name))

    def add_holiday(self) -> ServiceForm:
        store, actor, today = self.ctx.store, self.ctx.actor, campus_today()
        form = ServiceForm(self.ctx, _("Add holiday"), self, lambda f: lambda: calendar_admin.add_holiday(
            store, actor, name.text().strip(), first.date().toPython(), last.date().toPython(),
            kind=kind.currentData()))
        form.setObjectName("holidayForm")
        name = QLineEdit(form)
        first = date_edit(form, today)
        last = date_edit(form, today)
        kind = QComboBox(form)
        for code in HOLIDAY_KINDS:
            kind.addItem(kind_label(code), code)
        form.field("name", _("Name"), name)
        form.field("first_day", _("First day"), first)
        form.field("last_day", _("Last day"), last)
        form.field("kind", _("Kind"), kind)
        return self._open(self.holidays, form, lambda: _("Holiday {name} added.").format(name=name.text().strip()))

    def remove_holiday(self) -> None:
        row = self.holidays.current()
        if row is None:
            return
        store, actor = self.ctx.store, self.ctx.actor
        self._run(self.holidays, lambda: calendar_admin.remove_holiday(store, actor, row.id),
                  lambda _r: _("Holiday {name} removed.").format(name=row.name))

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Import a holiday table"), "",
                                                    _("Holiday tables (*.json *.csv)"))
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        """Read and import the holiday table at `path` in the background (the file is read there too)."""
        store, actor, file = self.ctx.store, self.ctx.actor, Path(path)
        self._run(self.holidays, lambda: calendar_admin.import_holidays(store, actor, file.read_bytes(), file.name),
                  lambda r: _("{source}: {added} holiday rows imported, {replaced} replaced.").format(
                      source=r.source, added=r.added, replaced=r.replaced))
