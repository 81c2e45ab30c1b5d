"""The counter dialogs: recharge, refund, check-in, exchange, check-out, shift open and close.

Each dialog is its own module; `CounterActions` (counter_actions.py) opens them for a room. This
package module holds what they share: `CounterDialog`, a QDialog with inline error labels under
the fields, a general error line, and `submit()`, which runs an app call in a background task
with the OK button disabled (so a second Enter cannot post twice) and shows the app's own error
message inline when it refuses. Nothing here touches the store on the GUI thread.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.counter.money import Money
from app.errors import InvalidAmount
from ui.app_context import AppContext
from ui.i18n import _, tr_message
from ui.tasks import run_task

log = logging.getLogger(__name__)

ERROR_STYLE = "color:#b02a37;"


def utility_label(utility: str) -> str:
    return _("Electricity") if utility == "electricity" else _("Water")


def error_text(exc: BaseException) -> str:
    """What the clerk reads for a failure: the app's own sentence, or a short generic line."""
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return tr_message(message)
    if type(exc).__module__.startswith(("app.", "db.")):
        return tr_message(str(exc))
    log.error("counter operation failed", exc_info=exc)
    return _("Something went wrong: {error}").format(error=tr_message(str(exc)) or type(exc).__name__)


def parse_amount(text: str, what: str, *, allow_zero: bool = False) -> Money:
    """Money typed by the clerk: at most two decimals, more than zero (or ≥ 0). InvalidAmount says why."""
    amount = Money.parse(text)
    if allow_zero:
        if amount.fen < 0:
            raise InvalidAmount(_("{what} cannot be negative.").format(what=what))
        return amount
    return amount.positive(what)


def fit_table(table: QTableWidget) -> None:
    """A small read-only table exactly as tall as its rows (no scrolling, no empty band); call again
    after the rows change."""
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustIgnored)
    table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    header = table.horizontalHeader().sizeHint().height() if not table.horizontalHeader().isHidden() else 0
    table.setFixedHeight(rows + header + 2 * table.frameWidth())


def money_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText("0.00")
    edit.setMaxLength(20)
    return edit


class CounterDialog(QDialog):
    """Base of the counter dialogs. Subclasses build rows with `add_row`, implement `confirm()`
    and call `submit(fn, on_done)` for the app call; `finish()` closes with success."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.busy = False
        self.done_ = False
        self._is_closed = False
        self._outer = QVBoxLayout(self)
        self.header = QLabel("", self)
        self.header.setObjectName("header")
        self.header.setWordWrap(True)
        self.header.setStyleSheet("font-weight:bold;")
        self._outer.addWidget(self.header)
        self.form = QFormLayout()
        self._outer.addLayout(self.form)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self._outer.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setDefault(True)
        self.ok.setAutoDefault(True)
        self.cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel.setText(_("Cancel"))
        self.cancel.setAutoDefault(False)   # Enter means OK wherever the focus is
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._tail = QVBoxLayout()
        self._outer.addLayout(self._tail)
        self._outer.addStretch(1)   # room freed by a hidden error goes below the fields, not between them
        self._outer.addWidget(self.buttons)

    # ----- layout helpers -------------------------------------------------------------------

    def add_row(self, label: str, widget: QWidget) -> QLabel:
        """A form row, and under it an error row (hidden until `set_error`); returns the error label."""
        self.form.addRow(label, widget)
        err = QLabel("", self)
        err.setWordWrap(True)
        err.setStyleSheet(ERROR_STYLE)
        if widget.objectName():
            err.setObjectName(widget.objectName() + "Error")
        self.form.addRow("", err)
        self.form.setRowVisible(err, False)
        return err

    def print_box(self, text: str, setting: str) -> QCheckBox:
        """A "print …" checkbox remembered across sessions in QSettings."""
        box = QCheckBox(text, self)
        box.setChecked(QSettings().value(setting, True, type=bool))
        box.toggled.connect(lambda on: QSettings().setValue(setting, on))
        return box

    def add_button(self, text: str, name: str, slot: Callable[[], Any]) -> QPushButton:
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # ----- errors ---------------------------------------------------------------------------

    def set_error(self, label: QLabel, text: str | None) -> None:
        label.setText(text or "")
        if label is self.error:
            label.setVisible(bool(text))
        else:
            self.form.setRowVisible(label, bool(text))

    def show_error(self, text: str | None) -> None:
        self.set_error(self.error, text)

    def clear_errors(self) -> None:
        for label in self.findChildren(QLabel):
            if label.styleSheet() == ERROR_STYLE:
                self.set_error(label, None)

    # ----- running app calls -----------------------------------------------------------------

    def alive(self) -> bool:
        """Still open: background results for a closed dialog are dropped."""
        return shiboken6.isValid(self) and not self._is_closed

    def done(self, result: int) -> None:
        self._is_closed = True
        super().done(result)

    def load(self, fn: Callable[[], Any], on_done: Callable[[Any], None], *, kind: str = "db") -> None:
        """Fetch data in the background; the result is dropped if the dialog has closed meanwhile."""
        run_task(fn, lambda res: self.alive() and on_done(res),
                 lambda exc: self.alive() and self.show_error(error_text(exc)), kind=kind)

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_error: Callable[[BaseException], bool] | None = None) -> None:
        """Run the app call once; OK stays disabled until it answers. `on_error` may handle an
        error itself (return True); otherwise its message shows in the general error line."""
        if self.busy or self.done_:
            return
        self.busy = True
        self.ok.setEnabled(False)
        self.show_error(None)

        def failed(exc: BaseException) -> None:
            if not self.alive():
                return
            self.busy = False
            self.ok.setEnabled(True)
            if on_error is None or not on_error(exc):
                self.show_error(error_text(exc))

        def succeeded(res: Any) -> None:
            if not shiboken6.isValid(self):
                return
            self.busy = False
            self.ok.setEnabled(True)
            on_done(res)

        run_task(fn, succeeded, failed)

    def accept(self) -> None:   # OK and Enter land here
        if self.busy:
            return
        if self.done_:
            super().accept()
            return
        self.confirm()

    def reject(self) -> None:   # Esc and Cancel: not while money is moving
        if not self.busy:
            super().reject()

    def confirm(self) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """Success: close the dialog (a second Enter no longer does anything)."""
        self.done_ = True
        super().accept()

    def show_result(self) -> None:
        """Success, but stay open to show the outcome: OK becomes Close, the inputs freeze."""
        self.done_ = True
        self.ok.setText(_("Close"))
        self.cancel.hide()
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is not None and item.widget().styleSheet() != ERROR_STYLE:
                item.widget().setEnabled(False)
