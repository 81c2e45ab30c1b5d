"""The translation function for every string a person reads: `_("Balance: {amount}").format(...)`."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def _(text: str) -> str:
    return QCoreApplication.translate("DormWatt", text)
