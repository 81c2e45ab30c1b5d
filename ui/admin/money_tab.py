"""What the tabs of the money settings page share: a note, an `AdminList` loaded in the background,
buttons in the list's tool row, and `ServiceForm`, an `AdminForm` whose OK runs one service call.

A tab's `fetch()` runs on a worker (it reads `self.ctx.store`, never a widget); `show_data(result)`
runs on the GUI thread. `loaded` is emitted after each load, for tests and screenshots.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.admin.forms import AdminForm
from ui.admin.table import AdminList, Col
from ui.app_context import AppContext
from ui.dialogs import error_text
from ui.i18n import _
from ui.tasks import run_task


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class ServiceForm(AdminForm):
    """OK runs `call(form)()` in the background: `call` reads the widgets (GUI thread) and returns the
    service call to run. Success closes the form; a refusal shows under its field."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None,
                 call: Callable[[ServiceForm], Callable[[], Any]]) -> None:
        super().__init__(ctx, title, parent)
        self.call = call
        self.result_: Any = None

    def show_field_error(self, name: str, text: str) -> None:
        super().show_field_error(name, text)
        self._grow()

    def show_error(self, text: str | None) -> None:
        super().show_error(text)
        self._grow()

    def _grow(self) -> None:
        """A sentence shown under a field makes the form taller rather than being cut off."""
        self.layout().activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))

    def confirm(self) -> None:
        def done(result: Any) -> None:
            self.result_ = result
            self.finish()

        self.run(self.call(self), done)


class MoneyTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None, *, cols: Sequence[Col], name: str,
                 export_title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(name + "Tab")
        self.note = QLabel("", self)
        self.note.setObjectName(name + "Note")
        self.note.setWordWrap(True)
        self.list = AdminList(cols, self, name=name, export_title=export_title)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.list, 1)

    def fetch(self) -> Any:
        raise NotImplementedError

    def show_data(self, data: Any) -> None:
        self.list.set_rows(data)

    def refresh(self) -> None:
        run_task(self.fetch, self._loaded, lambda exc: self.list.show_message(error_text(exc), error=True),
                 owner=self)

    def _loaded(self, data: Any) -> None:
        self.show_data(data)
        self.loaded.emit()

    def button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        return self.list.add_button(text, name, slot)

    def open_form(self, form: AdminForm, message: Callable[[Any], str]) -> AdminForm:
        """Show `form` (window-modal, not blocking); when it succeeds, say so and reload."""
        def succeeded() -> None:
            self.list.show_message(message(getattr(form, "result_", None)))
            self.refresh()

        form.accepted.connect(succeeded)
        form.open()
        return form

    def run(self, fn: Callable[[], Any], message: Callable[[Any], str]) -> None:
        """A service call from a button (no form): its outcome or refusal under the list, then reload."""
        def done(result: Any) -> None:
            self.list.show_message(message(result))
            self.refresh()

        run_task(fn, done, lambda exc: self.list.show_message(error_text(exc), error=True), owner=self)
