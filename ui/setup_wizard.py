"""First start on an empty store, page by page: the administrator, the school and the first line; then
the first building, the line's scan, the prices.

The first page creates the administrator, the school's name and the first bus at once (nothing when it
is refused). From there the store is usable, so the wizard no longer cancels: each later page can be
skipped (Alt+S; recorded by `setup_progress.skip`, listed on the start page until done), and Esc ends
the wizard where it is. Enter takes the highlighted action (Next, Finish) on every page.

After `exec()`: `actor` is the administrator the first page created (logged in), `school` the school's
name, and `open_page` the administration page to show once the main window is open ("lines" when the
administrator chose to scan the line next, else "start").
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.access import Actor
from app.campus import campus_setup, setup_progress
from app.campus.first_building import (
    MAX_BEDS,
    MAX_FLOORS,
    MAX_ROOMS_PER_FLOOR,
    create_first_building,
    room_number,
)
from app.errors import FieldInvalid
from db.engine import Store
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import _
from ui.tasks import run_task

FIRST, BUILDING, LINE, TARIFFS = "first", "building", "line", "tariffs"
# the checklist step a skipped page leaves undone (app.campus.setup_progress)
SKIPS = {BUILDING: "buildings", LINE: "meters", TARIFFS: "tariffs"}


class _Page(QWidget):
    """One page: a heading, a line of explanation, form rows with an error line under each."""

    def __init__(self, title: str, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title, self)
        heading.setObjectName("heading")
        heading.setStyleSheet("font-weight:bold; font-size:15px;")
        outer.addWidget(heading)
        self.text = QLabel(text, self)
        self.text.setWordWrap(True)
        outer.addWidget(self.text)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addStretch(1)
        self.errors: dict[str, tuple[QWidget, QLabel]] = {}

    def field(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        self.form.addRow(label, widget)
        err = QLabel("", self)
        err.setObjectName(name + "Error")
        err.setWordWrap(True)
        err.setStyleSheet(ERROR_STYLE)
        self.form.addRow("", err)
        self.form.setRowVisible(err, False)
        self.errors[name] = (widget, err)
        return widget

    def field_error(self, name: str) -> str:
        err = self.errors[name][1]
        return err.text() if self.form.isRowVisible(err) else ""

    def show_field_error(self, name: str, text: str) -> bool:
        if name not in self.errors:
            return False
        widget, err = self.errors[name]
        err.setText(text)
        self.form.setRowVisible(err, True)
        widget.setFocus()
        return True

    def clear_errors(self) -> None:
        for _widget, err in self.errors.values():
            err.setText("")
            self.form.setRowVisible(err, False)


class SetupWizard(QDialog):
    page_changed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.school = ""
        self.actor: Actor | None = None
        self.open_page = "start"
        self.skipped: list[str] = []       # the checklist steps skipped here, in order
        self.busy = False
        self.setWindowTitle(_("DormWatt — first start"))
        self.setMinimumWidth(560)
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        self.pages: dict[str, _Page] = {}
        self._first_page()
        self._building_page()
        self._line_page()
        self._tariff_page()
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        outer.addWidget(self.error)
        row = QHBoxLayout()
        self.step_label = QLabel("", self)
        row.addWidget(self.step_label)
        row.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.skip_button = QPushButton(_("&Skip this step"), self)
        self.skip_button.setObjectName("skip")
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self.skip)
        self.next_button = QPushButton(_("Next"), self)
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.advance)
        for button in (self.cancel_button, self.skip_button, self.next_button):
            row.addWidget(button)
        outer.addLayout(row)
        self._show(FIRST)

    # ----- the pages ---------------------------------------------------------------------------

    def _first_page(self) -> None:
        page = self._add(FIRST, _("Administrator, school and first line"),
                         _("This store is empty. Create the administrator and the first RS-485 bus."))
        self.school_edit = page.field("school", _("School name"), QLineEdit(page))
        self.login = page.field("login", _("Administrator login"), QLineEdit("admin", page))
        self.name = page.field("display_name", _("Administrator name"), QLineEdit(page))
        self.password = page.field("password", _("Password"), QLineEdit(page))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password2 = page.field("password2", _("Password again"), QLineEdit(page))
        self.password2.setEchoMode(QLineEdit.EchoMode.Password)
        self.port = page.field("port", _("First bus port or gateway"), QLineEdit(page))
        self.port.setPlaceholderText(_("/dev/serial/by-id/…, COM3 or socket://192.168.1.50:4196"))
        self.baud = page.field("baud", _("Baud rate"), QComboBox(page))
        self.baud.addItems(["9600", "19200", "4800", "2400"])

    def _building_page(self) -> None:
        page = self._add(BUILDING, _("Add a building"),
                         _("The first building with its rooms and beds, floor by floor. More buildings, other "
                           "room layouts and imports from Excel are on the Buildings and rooms page."))
        self.building_code = page.field("code", _("Building code"), QLineEdit(page))
        self.building_code.setMaxLength(16)
        self.building_code.setPlaceholderText(_("e.g. B1"))
        self.building_name = page.field("name", _("Building name"), QLineEdit(page))
        self.building_name.setMaxLength(64)
        self.floors = page.field("floors", _("Floors"), self._spin(page, MAX_FLOORS, 6))
        self.rooms_per_floor = page.field("rooms_per_floor", _("Rooms per floor"),
                                          self._spin(page, MAX_ROOMS_PER_FLOOR, 20))
        self.beds = page.field("beds", _("Beds per room"), self._spin(page, MAX_BEDS, 4))
        self.gender = page.field("gender", _("Residents"), QComboBox(page))
        self.gender.addItem(_("Male"), "M")
        self.gender.addItem(_("Female"), "F")
        self.building_preview = QLabel("", page)
        self.building_preview.setObjectName("preview")
        page.form.addRow("", self.building_preview)
        for spin in (self.floors, self.rooms_per_floor, self.beds):
            spin.valueChanged.connect(self._preview_building)
        self._preview_building()

    def _line_page(self) -> None:
        page = self._add(LINE, _("Add a line and scan it"), "")
        self.line_text = page.text

    def _tariff_page(self) -> None:
        page = self._add(TARIFFS, _("Set tariffs"), "")
        self.tariff_text = page.text
        self.electricity_price = page.field("electricity", _("Electricity, CNY per kWh"), QLineEdit(page))
        self.electricity_price.setPlaceholderText("0.5883")
        self.water_price = page.field("water", _("Water, CNY per m³"), QLineEdit(page))
        self.water_price.setPlaceholderText("3.50")

    def _add(self, key: str, title: str, text: str) -> _Page:
        page = _Page(title, text, self.stack)
        page.setObjectName(key)
        self.pages[key] = page
        self.stack.addWidget(page)
        return page

    @staticmethod
    def _spin(parent: QWidget, top: int, value: int) -> QSpinBox:
        spin = QSpinBox(parent)
        spin.setRange(1, top)
        spin.setValue(value)
        return spin

    def _preview_building(self) -> None:
        floors, per_floor = self.floors.value(), self.rooms_per_floor.value()
        self.building_preview.setText(_("{rooms} rooms ({first} to {last}), {beds} beds").format(
            rooms=floors * per_floor, first=room_number(1, 1), last=room_number(floors, per_floor),
            beds=floors * per_floor * self.beds.value()))

    # ----- moving through -------------------------------------------------------------------------

    @property
    def page_key(self) -> str:
        return self.stack.currentWidget().objectName()

    def _show(self, key: str) -> None:
        page = self.pages[key]
        self.stack.setCurrentWidget(page)
        order = list(self.pages)
        self.step_label.setText(_("Step {n} of {total}").format(n=order.index(key) + 1, total=len(order)))
        self.cancel_button.setVisible(key == FIRST)
        self.skip_button.setVisible(key != FIRST)
        self.next_button.setText(_("Finish") if key == TARIFFS else _("Scan after set-up") if key == LINE
                                 else _("Next"))
        if key == LINE:
            self.line_text.setText(_("The line {port} ({baud} baud) is saved. Scanning it for meters and assigning "
                                     "them to rooms is done on the Lines and meters page: it opens when the "
                                     "set-up ends, or skip it for now.").format(
                port=self.port.text().strip(), baud=self.baud.currentText()))
        if key == TARIFFS:
            self.tariff_text.setText(_("The unit prices the meters charge, in force from today, {day}. Later "
                                       "changes, with their dates, are on the Tariffs and money settings page.")
                                     .format(day=clock.today().isoformat()))
        self.error.setText("")
        first = next(iter(page.errors.values()), None)
        if first is not None:
            first[0].setFocus()
        else:
            self.next_button.setFocus()
        self.page_changed.emit(key)

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        if self.busy:
            return
        page = self.pages[self.page_key]
        page.clear_errors()
        self.error.setText("")
        self.busy = True
        for button in (self.next_button, self.skip_button, self.cancel_button):
            button.setEnabled(False)

        def settle() -> None:
            self.busy = False
            for button in (self.next_button, self.skip_button, self.cancel_button):
                button.setEnabled(True)

        def done(result: Any) -> None:
            settle()
            on_done(result)

        def failed(exc: BaseException) -> None:
            settle()
            if not (isinstance(exc, FieldInvalid) and page.show_field_error(exc.field, error_text(exc))):
                self.error.setText(error_text(exc))

        run_task(fn, done, failed)

    def advance(self) -> None:
        """Next (Enter): do what the page asks, then go on."""
        if self.busy:
            return
        key = self.page_key
        if key == FIRST:
            self._create_store()
        elif key == BUILDING:
            values = dict(code=self.building_code.text(), name=self.building_name.text(), floors=self.floors.value(),
                          rooms_per_floor=self.rooms_per_floor.value(), beds=self.beds.value(),
                          gender=self.gender.currentData())
            actor = self.actor
            self._run(lambda: create_first_building(self.store, actor, **values), lambda _r: self._show(LINE))
        elif key == LINE:
            self.open_page = "lines"
            self._show(TARIFFS)
        else:
            electricity, water = self.electricity_price.text(), self.water_price.text()
            actor = self.actor
            self._run(lambda: setup_progress.set_first_prices(self.store, actor, electricity=electricity,
                                                                water=water), lambda _r: self._finish())

    def skip(self) -> None:
        """Skip this page: the step is recorded as skipped and stays on the start page until done."""
        key = self.page_key
        if self.busy or key == FIRST:
            return
        step, actor = SKIPS[key], self.actor

        def skipped(_r: Any) -> None:
            self.skipped.append(step)
            if key == LINE:
                self.open_page = "start"
            if key == TARIFFS:
                self._finish()
            else:
                self._show(LINE if key == BUILDING else TARIFFS)

        self._run(lambda: setup_progress.skip(self.store, actor, step), skipped)

    def finish(self) -> None:
        """The first page's OK, kept for callers that drive the first page alone."""
        if self.page_key == FIRST:
            self._create_store()

    def _create_store(self) -> None:
        if self.password.text() != self.password2.text():
            self.pages[FIRST].clear_errors()
            self.pages[FIRST].show_field_error("password2", _("The two passwords differ."))
            return
        values = dict(school=self.school_edit.text(), login=self.login.text(), display_name=self.name.text(),
                      password=self.password.text(), port=self.port.text(), baud=int(self.baud.currentText()))

        def created(actor: Actor) -> None:
            self.actor = actor
            self.school = values["school"].strip()
            self._show(BUILDING)

        self._run(lambda: campus_setup.first_start(self.store, **values), created)

    def _finish(self) -> None:
        self.accept()

    def reject(self) -> None:
        """Esc/Cancel: before the store exists the wizard is cancelled; after, it ends where it is (the
        start page lists what is left)."""
        if self.busy:
            return
        if self.actor is not None:
            self.accept()
        else:
            super().reject()
