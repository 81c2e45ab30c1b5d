"""The Students page of the administration window: the student register.

A list of students (number, name, gender, college, class, phone, status, where they live now) that
the filters above it narrow — college, class, status, checked in or not, and a search by student
number, name, pinyin initials or full pinyin — with Add, Edit, Deactivate and Reactivate (forms whose
refusals show under the field concerned) and History (the student history window). Check-ins and
check-outs, here or at another workstation, show in the list while it is open. Everything is
read and written in background tasks through app.campus.students, which enforces "student.manage".
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.campus import students
from app.campus.students import StudentRow
from ui.admin.forms import AdminForm
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _
from ui.student_history import open_student_history, status_names
from ui.tasks import run_task

SEARCH_DELAY_MS = 250
# Check-ins and check-outs (here or at another workstation) change the Room column: read again once
# they settle, not once per event.
EVENT_DELAY_MS = 500


def gender_names() -> dict[str, str]:
    return {"M": _("Male"), "F": _("Female")}


def _room_text(row: StudentRow) -> str:
    if row.room is None:
        return ""
    return _("{room}, bed {bed}").format(room=row.room, bed=row.bed) if row.bed else row.room


class StudentForm(AdminForm):
    """Register a student (`row` None) or edit one."""

    def __init__(self, ctx: AppContext, row: StudentRow | None = None, parent: QWidget | None = None,
                 colleges: dict[str, list[str]] | None = None) -> None:
        super().__init__(ctx, _("Register a student") if row is None else _("Edit student"), parent)
        self.setObjectName("studentForm")
        self.row = row
        self.saved_id: int | None = None
        self.student_no = self.field("student_no", _("Student number"), QLineEdit(self))
        self.name = self.field("name", _("Name"), QLineEdit(self))
        self.gender = self.field("gender", _("Gender"), QComboBox(self))
        for code, label in gender_names().items():
            self.gender.addItem(label, code)
        self.college = self.field("college", _("College"), _editable_combo(self, sorted(colleges or {})))
        self.class_name = self.field("class_name", _("Class"), _editable_combo(
            self, sorted({c for classes in (colleges or {}).values() for c in classes})))
        self.phone = self.field("phone", _("Phone"), QLineEdit(self))
        self.student_no.setMaxLength(32)
        self.name.setMaxLength(64)
        self.phone.setMaxLength(32)
        if row is not None:
            self.header.setText(_("{no} {name}").format(no=row.student_no, name=row.name))
            self.student_no.setText(row.student_no)
            self.name.setText(row.name)
            self.gender.setCurrentIndex(max(0, self.gender.findData(row.gender)))
            self.college.setCurrentText(row.college)
            self.class_name.setCurrentText(row.class_name)
            self.phone.setText(row.phone)
        else:
            self.college.setCurrentText("")
            self.class_name.setCurrentText("")
        self.student_no.setFocus()

    def confirm(self) -> None:
        store, actor = self.ctx.store, self.ctx.actor
        values = {"student_no": self.student_no.text(), "name": self.name.text(),
                  "gender": self.gender.currentData(), "college": self.college.currentText(),
                  "class_name": self.class_name.currentText(), "phone": self.phone.text()}
        if self.row is None:
            self.run(lambda: students.register_student(store, actor, **values), self._saved)
        else:
            sid = self.row.id
            self.run(lambda: (students.edit_student(store, actor, sid, **values), sid)[1], self._saved)

    def _saved(self, student_id: int) -> None:
        self.saved_id = student_id
        self.finish()


class DeactivateForm(AdminForm):
    """Deactivate a student: left the school or graduated."""

    def __init__(self, ctx: AppContext, row: StudentRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Deactivate student"), parent)
        self.setObjectName("deactivateForm")
        self.row = row
        self.header.setText(_("{no} {name} no longer lives at the school. Their history stays.").format(
            no=row.student_no, name=row.name))
        self.status = self.field("status", _("Reason"), QComboBox(self))
        names = status_names()
        for code in ("left", "graduated"):
            self.status.addItem(names[code], code)

    def confirm(self) -> None:
        store, actor, sid, status = self.ctx.store, self.ctx.actor, self.row.id, self.status.currentData()
        self.run(lambda: students.deactivate_student(store, actor, sid, status), lambda _r: self.finish())


def _editable_combo(parent: QWidget, items: list[str]) -> QComboBox:
    box = QComboBox(parent)
    box.setEditable(True)
    box.addItems(items)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    return box


class StudentsPage(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("studentsPage")
        self.colleges: dict[str, list[str]] = {}
        self._asked: tuple = ()
        self._select_id: int | None = None
        statuses, genders = status_names(), gender_names()
        self.list = AdminList([
            Col(_("Student number"), lambda r: r.student_no),
            Col(_("Name"), lambda r: r.name),
            Col(_("Gender"), lambda r: genders.get(r.gender, r.gender)),
            Col(_("College"), lambda r: r.college),
            Col(_("Class"), lambda r: r.class_name),
            Col(_("Phone"), lambda r: r.phone),
            Col(_("Status"), lambda r: statuses.get(r.status, r.status)),
            Col(_("Room"), _room_text, key=lambda r: (r.room or "~", r.bed or "")),
        ], self, name="students", export_title=_("Students"))
        self.add_button = self.list.add_button(_("Register…"), "addStudent", self.add)
        self.edit_button = self.list.add_button(_("Edit…"), "editStudent", self.edit)
        self.deactivate_button = self.list.add_button(_("Deactivate…"), "deactivateStudent", self.deactivate)
        self.reactivate_button = self.list.add_button(_("Reactivate"), "reactivateStudent", self.reactivate)
        self.history_button = self.list.add_button(_("History…"), "studentHistory", self.history)
        self.list.activated.connect(lambda _row: self.edit())
        self.list.selection_changed.connect(self._update_buttons)

        self.college = QComboBox(self)
        self.college.setObjectName("collegeFilter")
        self.class_name = QComboBox(self)
        self.class_name.setObjectName("classFilter")
        self.status = QComboBox(self)
        self.status.setObjectName("statusFilter")
        self.status.addItem(_("All statuses"), None)
        for code, label in statuses.items():
            self.status.addItem(label, code)
        self.checked_in = QComboBox(self)
        self.checked_in.setObjectName("checkedInFilter")
        for label, value in ((_("Checked in or not"), None), (_("Checked in"), True), (_("Not checked in"), False)):
            self.checked_in.addItem(label, value)
        self.search = QLineEdit(self)
        self.search.setObjectName("studentSearch")
        self.search.setPlaceholderText(_("Find: number, name or pinyin (zs, zhangsan)"))
        self.search.setClearButtonEnabled(True)
        self._set_colleges({})
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        self._events = QTimer(self)
        self._events.setSingleShot(True)
        self._events.setInterval(EVENT_DELAY_MS)
        self._events.timeout.connect(lambda: self.isVisible() and self.reload())
        ctx.bridge.event.connect(self._on_event)
        self.college.activated.connect(lambda _i: (self._fill_classes(), self.reload()))
        for box in (self.class_name, self.status, self.checked_in):
            box.activated.connect(lambda _i: self.reload())

        filters = QHBoxLayout()
        for label, box in ((_("College"), self.college), (_("Class"), self.class_name), (_("Status"), self.status)):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(box, 1)
        filters.addWidget(self.checked_in, 1)
        filters.addWidget(self.search, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.list, 1)
        self._update_buttons()

    def _on_event(self, event) -> None:
        if event.topic == "occupancy_changed" and not self._events.isActive():
            self._events.start()

    # ----- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the filters' choices and the list again (the window calls this when the page is shown)."""
        store, actor = self.ctx.store, self.ctx.actor
        run_task(lambda: students.colleges_and_classes(store, actor), self._set_colleges, self._failed, owner=self)
        self.reload()

    def filters(self) -> dict:
        return {"text": self.search.text(), "college": self.college.currentData(),
                "class_name": self.class_name.currentData(), "status": self.status.currentData(),
                "checked_in": self.checked_in.currentData()}

    def reload(self) -> None:
        self._timer.stop()
        store, actor, chosen = self.ctx.store, self.ctx.actor, self.filters()
        asked = self._asked = tuple(chosen.values())
        run_task(lambda: students.list_students(store, actor, **chosen), lambda rows: self._show(asked, rows),
                 self._failed, owner=self)

    def _show(self, asked: tuple, rows: list[StudentRow]) -> None:
        if asked != self._asked:       # an older answer: the filters changed meanwhile
            return
        self.list.set_rows(rows)
        if self._select_id is not None:
            sid, self._select_id = self._select_id, None
            self.list.select_where(lambda r: r.id == sid)
        self._update_buttons()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.list.show_message(error_text(exc), error=True)

    def _set_colleges(self, colleges: dict[str, list[str]]) -> None:
        self.colleges = colleges
        current = self.college.currentData()
        self.college.clear()
        self.college.addItem(_("All colleges"), None)
        for name in colleges:
            self.college.addItem(name, name)
        self.college.setCurrentIndex(max(0, self.college.findData(current)) if current else 0)
        self._fill_classes()

    def _fill_classes(self) -> None:
        current = self.class_name.currentData()
        college = self.college.currentData()
        classes = self.colleges.get(college, []) if college else sorted(
            {c for cs in self.colleges.values() for c in cs})
        self.class_name.clear()
        self.class_name.addItem(_("All classes"), None)
        for name in classes:
            self.class_name.addItem(name, name)
        index = self.class_name.findData(current) if current else 0
        self.class_name.setCurrentIndex(max(0, index))

    def _update_buttons(self) -> None:
        row = self.list.current()
        self.edit_button.setEnabled(row is not None)
        self.history_button.setEnabled(row is not None)
        self.deactivate_button.setEnabled(row is not None and row.status == "active")
        self.reactivate_button.setEnabled(row is not None and row.status != "active")

    # ----- actions ------------------------------------------------------------------------------

    def _open(self, form: AdminForm, done_message) -> AdminForm:
        def closed(result: int) -> None:
            if result:
                self.list.show_message(done_message(form))
                self.refresh()
        form.finished.connect(closed)
        form.open()
        return form

    def add(self) -> StudentForm:
        form = StudentForm(self.ctx, None, self, self.colleges)
        form.finished.connect(lambda result: result and setattr(self, "_select_id", form.saved_id))
        return self._open(form, lambda f: _("{no} {name} is registered.").format(
            no=f.student_no.text().strip(), name=f.name.text().strip()))

    def edit(self) -> StudentForm | None:
        row = self.list.current()
        if row is None:
            return None
        self._select_id = row.id
        return self._open(StudentForm(self.ctx, row, self, self.colleges),
                          lambda f: _("{no} {name} is saved.").format(no=f.student_no.text().strip(),
                                                                       name=f.name.text().strip()))

    def deactivate(self) -> DeactivateForm | None:
        row = self.list.current()
        if row is None or row.status != "active":
            return None
        self._select_id = row.id
        return self._open(DeactivateForm(self.ctx, row, self),
                          lambda f: _("{no} {name} is deactivated.").format(no=row.student_no, name=row.name))

    def reactivate(self) -> None:
        row = self.list.current()
        if row is None or row.status == "active":
            return
        store, actor, sid = self.ctx.store, self.ctx.actor, row.id
        self._select_id = sid

        def done(_result) -> None:
            self.list.show_message(_("{no} {name} is active again.").format(no=row.student_no, name=row.name))
            self.reload()
        run_task(lambda: students.reactivate_student(store, actor, sid), done, self._failed, owner=self)

    def history(self):
        row = self.list.current()
        if row is None:
            return None
        return open_student_history(self, self.ctx, row.id)
