"""`AdminForm`: the dialog every administration page edits through.

It is a `CounterDialog` (OK disabled while the call runs, Esc ignored meanwhile, results dropped if
the dialog closed) whose rows are named after the service's keyword arguments: `field("number",
_("Room number"), edit)`. When the service refuses with `FieldInvalid(message, field=name)`, the sentence
shows under that field and the field takes the focus; any other refusal shows in the general error
line. Nothing is written when a service refuses, so the form stays as the person typed it.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from app.errors import FieldInvalid
from ui.app_context import AppContext
from ui.dialogs import CounterDialog, error_text


class AdminForm(CounterDialog):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, title, parent)
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}

    def field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a form row for the service argument `name`; returns `widget`."""
        if not widget.objectName():
            widget.setObjectName(name)
        self.fields[name] = (widget, self.add_row(label, widget))
        return widget

    def field_error(self, name: str) -> str:
        """The text under field `name` (empty when it has none)."""
        label = self.fields[name][1]
        return label.text() if self.form.isRowVisible(label) else ""

    def show_field_error(self, name: str, text: str) -> None:
        widget, label = self.fields[name]
        self.set_error(label, text)
        widget.setFocus()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """`submit` with field errors shown under their field."""
        self.clear_errors()

        def refused(exc: BaseException) -> bool:
            if isinstance(exc, FieldInvalid) and exc.field in self.fields:
                self.show_field_error(exc.field, error_text(exc))
                return True
            return False

        self.submit(fn, on_done, refused)
