"""Preferences of this workstation, kept in QSettings: the language of the window and its printers.

The language is chosen once, when the program starts (`ui.i18n.install_translations`), so a change
made here applies at the next start; the dialog says so. Printers apply to the next print: the
receipt printer with its roll (80 or 58 mm), graphic through the driver or raw ESC/POS (to a network
address, a port or device, or the printer's queue), a preview first or not, and a test page; the
document printer with its paper (A4 or A5) for statements, slips and reports. Business settings
(tariffs, ports, schedules) are not here: they live in the database and belong to the administrator's
screens.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.counter import raw_print
from app.errors import DormWattError
from ui import printing
from ui.i18n import (
    LANGUAGES,
    SYSTEM,
    _,
    chosen_language,
    store_language,
    stored_language,
    system_language,
    tr_message,
)
from ui.print_setup import ESCPOS, GRAPHIC, PrintSetup, print_setup, store_print_setup


class PreferencesDialog(QDialog):
    """Public: `language_box` (item data: "system", "zh_CN" or "en"), `language()`, `note`; the
    printing widgets `receipt_printer`, `roll`, `mode`, `raw_target`, `preview`, `document_printer`,
    `document_paper` (item data: the stored values), `test_button`, `test_status`, and `setup()`.
    Accepting stores the choices in `settings` (default: the application's QSettings); a raw target
    that cannot be read keeps the dialog open and says why."""

    def __init__(self, parent: QWidget | None = None, settings: QSettings | None = None,
                 in_force: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(_("Preferences"))
        self._settings = settings if settings is not None else QSettings()
        self._stored = stored_language(self._settings)
        # The language of this session; "follow the system" names what the system would give.
        self._in_force = in_force or chosen_language(self._settings)
        system_now = LANGUAGES[system_language()]

        self.language_box = QComboBox(self)
        self.language_box.setObjectName("languageBox")
        self.language_box.addItem(_("Follow the system ({language})").format(language=system_now), SYSTEM)
        for code, name in LANGUAGES.items():   # each language by its own name, so anyone can find theirs
            self.language_box.addItem(name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(self._stored)))

        self.note = QLabel(self)
        self.note.setObjectName("languageNote")
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Language"), self.language_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addLayout(form)
        col.addWidget(self.note)
        col.addWidget(self._receipt_group(print_setup(self._settings)))
        col.addWidget(self._document_group(print_setup(self._settings)))
        col.addStretch(1)
        col.addWidget(buttons)
        self.language_box.currentIndexChanged.connect(self._changed)
        self._changed()
        self._mode_changed()
        self.resize(560, self.sizeHint().height())

    # ----- printing ---------------------------------------------------------------------------

    def _printer_box(self, name: str, stored: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.addItem(_("The system's default printer"), "")
        for printer in printing.printer_names():
            box.addItem(printer, printer)
        if stored and box.findData(stored) < 0:     # a printer removed since: kept, and said so
            box.addItem(_("{printer} (not installed)").format(printer=stored), stored)
        box.setCurrentIndex(max(0, box.findData(stored)))
        return box

    @staticmethod
    def _choose(box: QComboBox, value: str) -> None:
        box.setCurrentIndex(max(0, box.findData(value)))

    def _receipt_group(self, setup: PrintSetup) -> QGroupBox:
        group = QGroupBox(_("Receipt printer"), self)
        self.receipt_printer = self._printer_box("receiptPrinter", setup.receipt_printer)
        self.roll = QComboBox(self)
        self.roll.setObjectName("receiptRoll")
        self.roll.addItem(_("80 mm roll"), "80mm")
        self.roll.addItem(_("58 mm roll"), "58mm")
        self._choose(self.roll, setup.receipt_paper)
        self.mode = QComboBox(self)
        self.mode.setObjectName("receiptMode")
        self.mode.addItem(_("Graphic, through the printer's driver"), GRAPHIC)
        self.mode.addItem(_("Raw ESC/POS, Chinese in GB18030"), ESCPOS)
        self._choose(self.mode, setup.receipt_mode)
        self.raw_target = QLineEdit(setup.raw_target, self)
        self.raw_target.setObjectName("rawTarget")
        self.raw_target.setPlaceholderText(_("Empty: the printer above, in raw mode"))
        self.raw_target.setToolTip(_("A network printer as 192.168.1.50:9100, a port as COM3 or /dev/usb/lp0, "
                                     "or a printer queue's name; empty: the receipt printer above."))
        self.preview = QCheckBox(_("Preview each receipt before it prints"), self)
        self.preview.setObjectName("receiptPreview")
        self.preview.setChecked(setup.preview)
        self.test_button = QPushButton(_("Print a test page"), self)
        self.test_button.setObjectName("testPage")
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test_page)
        self.test_status = QLabel("", self)
        self.test_status.setObjectName("testPageStatus")
        self.test_status.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_status, 1)
        form = QFormLayout(group)
        form.addRow(_("Printer"), self.receipt_printer)
        form.addRow(_("Paper"), self.roll)
        form.addRow(_("Mode"), self.mode)
        form.addRow(_("Raw target"), self.raw_target)
        form.addRow("", self.preview)
        form.addRow(test_row)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        return group

    def _document_group(self, setup: PrintSetup) -> QGroupBox:
        group = QGroupBox(_("Document printer (statements, slips, reports)"), self)
        self.document_printer = self._printer_box("documentPrinter", setup.document_printer)
        self.document_paper = QComboBox(self)
        self.document_paper.setObjectName("documentPaper")
        self.document_paper.addItem("A4", "A4")
        self.document_paper.addItem("A5", "A5")
        self._choose(self.document_paper, setup.document_paper)
        form = QFormLayout(group)
        form.addRow(_("Printer"), self.document_printer)
        form.addRow(_("Paper"), self.document_paper)
        return group

    def _mode_changed(self) -> None:
        raw = self.mode.currentData() == ESCPOS
        self.raw_target.setEnabled(raw)
        self.preview.setEnabled(not raw)         # a raw job has no preview: it is the printer's own font

    def setup(self) -> PrintSetup:
        """The printing choices as they stand in the dialog (not yet stored)."""
        return PrintSetup(receipt_printer=str(self.receipt_printer.currentData() or ""),
                          receipt_paper=str(self.roll.currentData()), receipt_mode=str(self.mode.currentData()),
                          raw_target=self.raw_target.text().strip(), preview=self.preview.isChecked(),
                          document_printer=str(self.document_printer.currentData() or ""),
                          document_paper=str(self.document_paper.currentData()))

    def _raw_target_error(self, setup: PrintSetup) -> str | None:
        if setup.receipt_mode != ESCPOS:
            return None
        try:
            raw_print.parse_target(setup.raw_target, setup.receipt_printer)
        except DormWattError as exc:
            return tr_message(exc.message)
        return None

    def print_test_page(self) -> None:
        """The test page of the choices as they stand, the way they say; the outcome under the button."""
        self.test_button.setEnabled(False)
        self._show_test(None, _("Printing the test page…"))
        printing.print_test_page(self.setup(), self._test_done)

    def _test_done(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        self._show_test(ok, message)

    def _show_test(self, ok: bool | None, message: str) -> None:
        self.test_status.setText(message)
        self.test_status.setStyleSheet("" if ok is None else "color:#2b8a3e;" if ok else "color:#c92a2a;")

    # ----- language ---------------------------------------------------------------------------

    def language(self) -> str:
        return str(self.language_box.currentData())

    def restart_needed(self) -> bool:
        """True when the chosen language differs from the one this session shows."""
        choice = self.language()
        effective = system_language() if choice == SYSTEM else choice
        return effective != self._in_force

    def _changed(self) -> None:
        if self.restart_needed():
            self.note.setText(_("The new language applies the next time DormWatt starts."))
            self.note.setStyleSheet("font-weight:bold;")
        else:
            self.note.setText(_("A change of language applies the next time DormWatt starts."))
            self.note.setStyleSheet("color:#6c757d;")

    def accept(self) -> None:
        setup = self.setup()
        error = self._raw_target_error(setup)
        if error is not None:
            self._show_test(False, error)
            self.raw_target.setFocus()
            return
        store_language(self.language(), self._settings)
        store_print_setup(setup, self._settings)
        super().accept()
