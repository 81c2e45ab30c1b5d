"""Preferences of this workstation, kept in QSettings: for now the language of the window.

The language is chosen once, when the program starts (`ui.i18n.install_translations`), so a change
made here applies at the next start; the dialog says so. Business settings (tariffs, ports,
schedules) are not here: they live in the database and belong to the administrator's screens.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from ui.i18n import LANGUAGES, SYSTEM, _, chosen_language, store_language, stored_language, system_language


class PreferencesDialog(QDialog):
    """Public: `language_box` (item data: "system", "zh_CN" or "en"), `language()`, `note`; accepting
    stores the choice under "ui/language" of `settings` (default: the application's QSettings)."""

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
        col.addStretch(1)
        col.addWidget(buttons)
        self.language_box.currentIndexChanged.connect(self._changed)
        self._changed()
        self.resize(420, 160)

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
        store_language(self.language(), self._settings)
        super().accept()

