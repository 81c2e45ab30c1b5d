"""The right-hand side of the capture tool: the captures of the appliance on screen, their spread, and
the form that saves them to the signature library as a named appliance.

What a caller may rely on:
- `CapturesPanel.add(wave, features)` keeps a capture (ticked, and selected in the list) and returns
  how many are kept; the captures saved together are labelled as one physical device.
- Unticking a capture leaves it out of the spread (mean ± sd), of the count, and of what is saved.
- `shown(wave, features)` asks for a capture to be drawn (the one selected); `cleared` for nothing to
  be drawn ("Start another appliance", or after a save).
- Save stores a new library version through app.loads.capture.enrol, from the library the window
  last loaded (`library_of()`), in a background task: a new appliance, or, under the name of one the
  library has (the name field completes them), another device of it. Saved: `library_saved(Library)`, then the captures
  and the form are cleared, then `saved(version)`. Refused (a name taken, a library saved elsewhere
  meanwhile, a name the library has with the other verdict): the reason is shown, the captures are kept, `library_stale` (read the library again),
  then `save_failed(text)`.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.loads.capture import enrol
from app.loads.features import Features
from app.loads.library import Capture, Library, Verdict
from drivers.ddsy_records import Waveform
from ui.app_context import AppContext
from ui.dialogs import ERROR_STYLE, error_text
from ui.i18n import N_, _
from ui.loads.capture_plots import FEATURE_ROWS, spread_texts
from ui.tasks import run_task

OK_STYLE = "color:#1a7f37;"
SIDE_WIDTH = 330
CATEGORIES = (("cooking", N_("Cooking")), ("heating", N_("Heating")), ("personal care", N_("Personal care")),
              ("climate", N_("Climate")), ("electronics", N_("Electronics")), ("lighting", N_("Lighting")),
              ("other", N_("Other")))


@dataclass
class Entry:
    """A capture kept for the appliance on screen."""

    wave: Waveform
    features: Features
    included: bool = True


class CapturesPanel(QWidget):
    shown = Signal(object, object)       # the wave and features of the capture selected
    cleared = Signal()                   # the captures were forgotten: show none
    library_saved = Signal(object)       # the Library just saved (before the form is cleared)
    library_stale = Signal()             # a save was refused: read the library again
    saved = Signal(int)                  # the library version saved
    save_failed = Signal(str)

    def __init__(self, ctx: AppContext, library_of: Callable[[], Library | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._library_of = library_of
        self.entries: list[Entry] = []
        self._device = ""
        self.setFixedWidth(SIDE_WIDTH)
        title = QLabel(_("Captures of this appliance"), self)
        title.setStyleSheet("font-weight:bold;")
        self.list = QTableWidget(0, 4, self)
        self.list.setObjectName("captureList")
        self.list.setHorizontalHeaderLabels([_("Use"), _("ΔP"), _("PF"), _("THD")])
        self.list.verticalHeader().hide()
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.list.verticalHeader().setDefaultSectionSize(22)
        self.list.setToolTip(_("Untick a capture to leave it out of the spread and of the library"))
        self.list.setMinimumHeight(96)
        self.list.itemChanged.connect(self._ticked)
        self.list.currentCellChanged.connect(lambda row, *_a: self._show_entry(row))
        self.count_label = QLabel("", self)
        self.count_label.setObjectName("captureCount")
        self.spread = QTableWidget(len(FEATURE_ROWS), 1, self)
        self.spread.setObjectName("captureSpread")
        self.spread.setHorizontalHeaderLabels([_("Mean ± sd")])
        self.spread.setVerticalHeaderLabels([_(r.label) for r in FEATURE_ROWS])
        self.spread.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.spread.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.spread.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.spread.verticalHeader().setDefaultSectionSize(21)
        self.spread.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.spread.setFixedHeight(21 * len(FEATURE_ROWS) + self.spread.horizontalHeader().sizeHint().height() + 4)
        for r in range(len(FEATURE_ROWS)):
            item = QTableWidgetItem("—")
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.spread.setItem(r, 0, item)
        self.clear_button = QPushButton(_("Start another appliance"), self)
        self.clear_button.setObjectName("captureClear")
        self.clear_button.setToolTip(_("Forget these captures (nothing is saved)"))
        self.clear_button.clicked.connect(self.clear_captures)
        counts = QHBoxLayout()
        counts.addWidget(self.count_label, 1)
        counts.addWidget(self.clear_button)

        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(4)
        col.addWidget(title)
        col.addWidget(self.list, 1)
        col.addLayout(counts)
        col.addWidget(self.spread)
        col.addWidget(self._form())
        col.addWidget(self.save_message)
        self._spread()

    def _form(self) -> QGroupBox:
        group = QGroupBox(_("Save to the library"), self)
        self.name_edit = QLineEdit(group)
        self.name_edit.setObjectName("applianceName")
        self.name_edit.setPlaceholderText(_("e.g. induction cooker"))
        self.name_error = QLabel("", group)
        self.name_error.setStyleSheet(ERROR_STYLE)
        self.name_error.setWordWrap(True)
        self.name_error.hide()
        self.category_box = QComboBox(group)
        self.category_box.setObjectName("applianceCategory")
        self.category_box.setEditable(True)
        self.category_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_box.addItem("", "")
        for key, label in CATEGORIES:
            self.category_box.addItem(_(label), key)
        self.brand_edit = QLineEdit(group)
        self.brand_edit.setObjectName("applianceBrand")
        self.verdict_box = QComboBox(group)
        self.verdict_box.setObjectName("applianceVerdict")
        self.verdict_box.addItem(_("Block: trip it"), Verdict.BLOCK.value)
        self.verdict_box.addItem(_("Allow: whitelist it"), Verdict.ALLOW.value)
        self.notes_edit = QPlainTextEdit(group)
        self.notes_edit.setObjectName("applianceNotes")
        self.notes_edit.setFixedHeight(46)
        self.notes_edit.setTabChangesFocus(True)
        form = QFormLayout(group)
        form.setContentsMargins(6, 4, 6, 6)
        form.setVerticalSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Name"), self.name_edit)
        form.addRow("", self.name_error)
        form.addRow(_("Category"), self.category_box)
        form.addRow(_("Brand / model"), self.brand_edit)
        form.addRow(_("Verdict"), self.verdict_box)
        form.addRow(_("Notes"), self.notes_edit)
        self.save_button = QPushButton(_("Save to the library"), group)
        self.save_button.setObjectName("applianceSave")
        self.save_button.clicked.connect(self.save)
        form.addRow("", self.save_button)
        self.save_message = QLabel("", self)
        self.save_message.setObjectName("saveMessage")
        self.save_message.setWordWrap(True)
        return group

    # ----- the captures of the appliance ---------------------------------------------------------------

    def add(self, wave: Waveform, features: Features) -> int:
        """Keep a capture (ticked, selected); return how many are kept."""
        if not self.entries:
            self._device = _device_label()
        self.entries.append(Entry(wave, features))
        self._add_row(len(self.entries) - 1)
        self._spread()
        return len(self.entries)

    def _add_row(self, index: int) -> None:
        e = self.entries[index]
        self.list.blockSignals(True)
        row = self.list.rowCount()
        self.list.insertRow(row)
        use = QTableWidgetItem(f"#{index + 1}")
        use.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
        use.setCheckState(Qt.CheckState.Checked if e.included else Qt.CheckState.Unchecked)
        self.list.setItem(row, 0, use)
        by_key = {r.key: r for r in FEATURE_ROWS}
        for col, key in ((1, "dp"), (2, "pf"), (3, "thd")):
            fr = by_key[key]
            item = QTableWidgetItem(fr.text(fr.value(e.features)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.setItem(row, col, item)
        self.list.blockSignals(False)
        self.list.selectRow(row)

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() != 0 or not 0 <= item.row() < len(self.entries):
            return
        self.entries[item.row()].included = item.checkState() == Qt.CheckState.Checked
        self._spread()

    def set_included(self, index: int, included: bool) -> None:
        """Tick or untick capture `index` (as the technician does in the list)."""
        self.list.item(index, 0).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def _show_entry(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            e = self.entries[row]
            self.shown.emit(e.wave, e.features)

    def included(self) -> list[Entry]:
        return [e for e in self.entries if e.included]

    def _spread(self) -> None:
        used = self.included()
        for r, text in enumerate(spread_texts([e.features for e in used])):
            self.spread.item(r, 0).setText(text)
        self.count_label.setText(_("{n} of {total} captures used").format(n=len(used), total=len(self.entries)))

    def spread_column(self) -> list[str]:
        return [self.spread.item(r, 0).text() for r in range(len(FEATURE_ROWS))]

    def clear_captures(self) -> None:
        self.entries.clear()
        self.list.setRowCount(0)
        self.cleared.emit()
        self._spread()

    # ----- saving ------------------------------------------------------------------------------------

    def _category(self) -> str:
        box = self.category_box
        text = box.currentText().strip()
        if box.currentIndex() >= 0 and text == box.itemText(box.currentIndex()):
            return str(box.currentData() or "")
        return text

    def save(self) -> None:
        name = self.name_edit.text().strip()
        self.name_error.hide()
        if not name:
            self.name_error.setText(_("Give the appliance a name."))
            self.name_error.show()
            return
        used = self.included()
        if not used:
            self._save_result(_("Take a capture of the appliance (and leave it ticked) before saving."), ERROR_STYLE)
            return
        base = self._library_of()
        if base is None:
            self._save_result(_("The library is still loading; try again in a moment."), ERROR_STYLE)
            return
        known = base.by_name(name) is not None      # another device of an appliance the library has
        captures = [Capture(e.features, "waveform", self._device,
                            (e.wave.voltage_dv, e.wave.current_post_ma, e.wave.current_pre_ma)) for e in used]
        store, actor = self.ctx.store, self.ctx.actor
        verdict, category = self.verdict_box.currentData(), self._category()
        brand, notes = self.brand_edit.text(), self.notes_edit.toPlainText()
        self.save_button.setEnabled(False)
        run_task(lambda: enrol(store, actor, base, name, verdict, captures, category=category, brand_model=brand,
                               notes=notes),
                 lambda lib: self._saved(lib, name, len(captures), known), self._save_refused, owner=self)

    def set_names(self, names: list[str]) -> None:
        """The library's appliance names, completed in the name field: saving under one of them adds
        the captures as another device of it."""
        done = QCompleter(sorted(names, key=str.casefold), self.name_edit)
        done.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        done.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name_edit.setCompleter(done)

    def _saved(self, library: Library, name: str, n: int, known: bool = False) -> None:
        self.save_button.setEnabled(True)
        self.library_saved.emit(library)
        self.clear_captures()
        for w in (self.name_edit, self.brand_edit):
            w.clear()
        self.notes_edit.clear()
        self.category_box.setCurrentIndex(0)
        if known:
            text = _("Added {n} captures of another device to “{name}”: library version {version}.")
        else:
            text = _("Saved “{name}” with {n} captures: library version {version}.")
        self._save_result(text.format(name=name, n=n, version=library.version), OK_STYLE)
        self.saved.emit(library.version)

    def _save_refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        text = _("Not saved: {reason} The captures are kept.").format(reason=error_text(exc))
        self._save_result(text, ERROR_STYLE)
        self.library_stale.emit()          # the next Save starts from the library as it is now
        self.save_failed.emit(text)

    def _save_result(self, text: str, style: str) -> None:
        self.save_message.setText(text)
        self.save_message.setStyleSheet(style)


def _device_label() -> str:
    """Captures saved together are of one physical device (the matcher learns across devices): a label
    of its own for each, even two in one minute."""
    return f"bench {clock.local(clock.now()):%Y-%m-%d %H:%M} {uuid.uuid4().hex[:6]}"
