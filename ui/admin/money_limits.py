"""The Limits tab: the refund approval limit and the recharge confirmation limit and ceiling, with
what each does, and "Change limits…" (three amounts typed as at the counter; a refusal shows under
its field and nothing is written)."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.counter import money_settings
from app.counter.money_settings import Limits
from ui.admin.money_tab import ServiceForm
from ui.app_context import AppContext
from ui.dialogs import error_text, money_edit
from ui.i18n import N_, _
from ui.tasks import run_task

# field -> (label, what it does)
LIMITS = {
    "refund_threshold": (N_("Refund approval limit"),
                         N_("Refunds from one account in one day above this need an administrator's approval.")),
    "confirm_above": (N_("Recharge confirmation limit"),
                      N_("A recharge above this is typed a second time before it is taken.")),
    "ceiling": (N_("Recharge ceiling"), N_("No single recharge may be larger; the counter refuses it.")),
}


class LimitsTab(QWidget):
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("limitsTab")
        self.limits: Limits | None = None
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, (label, explanation) in LIMITS.items():
            value = QLabel("…", self)
            value.setObjectName(name + "Value")
            value.setStyleSheet("font-weight:bold;")
            self.values[name] = value
            form.addRow(_(label), value)
            note = QLabel(_(explanation), self)
            note.setWordWrap(True)
            form.addRow("", note)
        lay.addLayout(form)
        self.change = QPushButton(_("Change limits…"), self)
        self.change.setObjectName("changeLimits")
        self.change.clicked.connect(lambda _c=False: self.edit())
        self.message = QLabel("", self)
        self.message.setObjectName("limitsMessage")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.change)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        lay.addStretch(1)

    def refresh(self) -> None:
        run_task(lambda: money_settings.limits(self.ctx.store), self._loaded, self._failed, owner=self)

    def _loaded(self, limits: Limits) -> None:
        self.limits = limits
        for name, label in self.values.items():
            label.setText(getattr(limits, name).display())
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.message.setStyleSheet("color:#b02a37;")
        self.message.setText(error_text(exc))

    def edit(self) -> ServiceForm:
        store, actor = self.ctx.store, self.ctx.actor

        def call(f: ServiceForm):
            typed = {name: edit.text() for name, edit in edits.items()}
            return lambda: money_settings.set_limits(store, actor, **{
                name: money_settings.money_field(name, text) for name, text in typed.items()})

        form = ServiceForm(self.ctx, _("Money limits"), self, call)
        edits = {}
        for name, (label, _explanation) in LIMITS.items():
            edits[name] = form.field(name, _(label), money_edit(form, name))
            if self.limits is not None:
                edits[name].setText(str(getattr(self.limits, name)))

        def saved() -> None:
            self.message.setStyleSheet("color:#1a7f37;")
            self.message.setText(_("The limits are saved; the counter uses them from its next operation."))
            self.refresh()

        form.accepted.connect(saved)
        form.open()
        return form
