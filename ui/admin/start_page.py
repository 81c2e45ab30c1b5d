"""The start page of the administration window: what the store still needs before the office can work.

One row per step of `app.campus.setup_progress`: ✓ when done, else what is missing (and "skipped"
when an administrator skipped it), with "Do it" showing the administration page that does the step
and "Skip" for a step not yet skipped. The list is read again (in the background) each time the page
is shown, so work done on another page or another workstation shows here.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from app.access import Actor
from app.campus import setup_progress
from app.campus.setup_progress import Step
from ui.admin.pages import page as admin_page
from ui.admin.pages import pages_for
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import _, tr_message
from ui.tasks import run_task

MARKS = {"done": "✓", "skipped": "↷", "missing": "○"}
COLOURS = {"done": "#1a7f37", "skipped": "#9a6700", "missing": "#b02a37"}
OPTIONAL_COLOUR = "#57606a"     # an optional step not done is no fault


class StartPage(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("startPage")
        self.steps: list[Step] = []
        self.buttons: dict[str, QPushButton] = {}        # step key -> its "Do it" button
        self.skip_buttons: dict[str, QPushButton] = {}
        self.state_labels: dict[str, QLabel] = {}
        outer = QVBoxLayout(self)
        title = QLabel(_("Getting started"), self)
        title.setStyleSheet("font-weight:bold; font-size:16px;")
        outer.addWidget(title)
        self.summary = QLabel("", self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.error = QLabel("", self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        outer.addWidget(self.error)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.body = QWidget(scroll)
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(2, 1)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)

    # ----- loading ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store
        run_task(lambda: setup_progress.progress(store), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error.setText(error_text(exc))
        self.error.show()

    def _show(self, steps: list[Step]) -> None:
        self.error.hide()
        self.steps = steps
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.clear()
        self.skip_buttons.clear()
        self.state_labels.clear()
        allowed = {p.key for p in pages_for(self.ctx.actor)}
        for row, step in enumerate(steps):
            self._row(row, step, allowed)
        done = sum(step.done for step in steps)
        left = [step for step in steps if not step.done and not step.optional]
        self.summary.setText(
            _("{done} of {total} steps done. The office is ready to work.").format(done=done, total=len(steps))
            if not left else
            _("{done} of {total} steps done; {left} still needed before the office can work.").format(
                done=done, total=len(steps), left=len(left)))
        self.loaded.emit()

    def _row(self, row: int, step: Step, allowed: set[str]) -> None:
        colour = OPTIONAL_COLOUR if step.optional and not step.done else COLOURS[step.state]
        mark = QLabel(MARKS[step.state], self.body)
        mark.setStyleSheet(f"color:{colour}; font-size:16px; font-weight:bold;")
        self.grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(_(step.title) + ("  " + _("(optional)") if step.optional else ""), self.body)
        title.setObjectName(f"title_{step.key}")
        title.setStyleSheet("font-weight:bold;")
        self.grid.addWidget(title, row, 1, Qt.AlignmentFlag.AlignTop)
        if step.done:
            text = _("Done")
        elif step.skipped:
            text = _("Skipped: {missing}").format(missing=tr_message(step.missing))
        else:
            text = tr_message(step.missing)
        state = QLabel(text, self.body)
        state.setObjectName(f"state_{step.key}")
        state.setWordWrap(True)
        state.setStyleSheet(f"color:{colour};")
        self.state_labels[step.key] = state
        self.grid.addWidget(state, row, 2, Qt.AlignmentFlag.AlignTop)
        if step.page:
            go = QPushButton(_("Show") if step.done else _("Do it"), self.body)
            go.setObjectName(f"do_{step.key}")
            go.setToolTip(admin_page(step.page).label())
            go.setEnabled(step.page in allowed)
            go.clicked.connect(lambda _c=False, key=step.page: self.show_admin_page(key))
            self.buttons[step.key] = go
            self.grid.addWidget(go, row, 3, Qt.AlignmentFlag.AlignTop)
        else:
            where = QLabel(_("At the counter"), self.body)
            where.setStyleSheet(f"color:{OPTIONAL_COLOUR};")
            self.grid.addWidget(where, row, 3, Qt.AlignmentFlag.AlignTop)
        if not step.done and not step.skipped:
            skip = QPushButton(_("Skip for now"), self.body)
            skip.setObjectName(f"skip_{step.key}")
            skip.clicked.connect(lambda _c=False, key=step.key: self.skip(key))
            self.skip_buttons[step.key] = skip
            self.grid.addWidget(skip, row, 4, Qt.AlignmentFlag.AlignTop)

    # ----- actions ----------------------------------------------------------------------------------

    def show_admin_page(self, key: str) -> None:
        """Show administration page `key` in the window this page lives in."""
        show = getattr(self.window(), "show_page", None)
        if callable(show):
            show(key)

    def skip(self, key: str) -> None:
        store, actor = self.ctx.store, self.ctx.actor

        def record(a: Actor = actor) -> None:
            setup_progress.skip(store, a, key)

        run_task(record, lambda _r: self.refresh(), self._failed)

    def state_of(self, key: str) -> str:
        """The text shown for step `key` (for tests and screen readers)."""
        label = self.state_labels.get(key)
        return label.text() if label is not None else ""


def open_when_needed(parent: QWidget, ctx: AppContext, page: str | None = None) -> None:
    """After login: when the operator may open the start page and a required step is not done (or the
    set-up wizard chose `page`), open the administration window of `parent` on `page` or the start page.
    The store is read in the background; nothing opens for a clerk or a store that is ready."""
    if not ctx.actor.can(admin_page("start").permission):
        return
    store = ctx.store

    def opened(needed: bool) -> None:
        if page or needed:
            from ui.admin.window import open_admin

            open_admin(parent, ctx, page or "start")

    run_task(lambda: setup_progress.needs_attention(store), opened, owner=parent)
