"""This workstation's printers, declared once and kept in QSettings (window-side settings: each
workstation has its own printers).

A caller may rely on: `print_setup(settings)` reads a PrintSetup (unknown or missing values read as
the defaults, which are what a new workstation does: receipts on an 80 mm roll through the system's
default printer, graphic, no preview; documents on A4); `store_print_setup(setup, settings)` writes
it. `settings` defaults to the application's QSettings.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

# This workstation's receipt printer (a printer name; empty: the system's default printer) and
# whether receipts show a preview first; window-side settings, in QSettings.
RECEIPT_PRINTER_SETTING = "printing/receipt_printer"
RECEIPT_PREVIEW_SETTING = "printing/receipt_preview"
RECEIPT_PAPER_SETTING = "printing/receipt_paper"          # a roll: "80mm" or "58mm"
RECEIPT_MODE_SETTING = "printing/receipt_mode"            # GRAPHIC or ESCPOS
RAW_TARGET_SETTING = "printing/raw_target"                # app.counter.raw_print.parse_target's text
DOCUMENT_PRINTER_SETTING = "printing/document_printer"    # statements, slips, reports ("" the default)
DOCUMENT_PAPER_SETTING = "printing/document_paper"        # "A4" or "A5"
ROLLS = ("80mm", "58mm")
SHEETS = ("A4", "A5")
GRAPHIC, ESCPOS = "graphic", "escpos"


@dataclass(frozen=True)
class PrintSetup:
    """This workstation's printers, as stored in QSettings (the defaults: what a new workstation does)."""

    receipt_printer: str = ""           # a printer name; "" the system's default printer
    receipt_paper: str = "80mm"
    receipt_mode: str = GRAPHIC
    raw_target: str = ""                # "" the receipt printer's queue, in raw mode
    preview: bool = False
    document_printer: str = ""
    document_paper: str = "A4"


def print_setup(settings: QSettings | None = None) -> PrintSetup:
    """The stored setup; unknown values read as the defaults."""
    q = settings if settings is not None else QSettings()
    d = PrintSetup()

    def text(key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        value = str(q.value(key, default) or default)
        return value if allowed is None or value in allowed else default

    return PrintSetup(
        receipt_printer=str(q.value(RECEIPT_PRINTER_SETTING, "") or ""),
        receipt_paper=text(RECEIPT_PAPER_SETTING, d.receipt_paper, ROLLS),
        receipt_mode=text(RECEIPT_MODE_SETTING, d.receipt_mode, (GRAPHIC, ESCPOS)),
        raw_target=str(q.value(RAW_TARGET_SETTING, "") or "").strip(),
        preview=q.value(RECEIPT_PREVIEW_SETTING, False, type=bool),
        document_printer=str(q.value(DOCUMENT_PRINTER_SETTING, "") or ""),
        document_paper=text(DOCUMENT_PAPER_SETTING, d.document_paper, SHEETS))


def store_print_setup(setup: PrintSetup, settings: QSettings | None = None) -> None:
    q = settings if settings is not None else QSettings()
    for key, value in ((RECEIPT_PRINTER_SETTING, setup.receipt_printer), (RECEIPT_PAPER_SETTING, setup.receipt_paper),
                       (RECEIPT_MODE_SETTING, setup.receipt_mode), (RAW_TARGET_SETTING, setup.raw_target),
                       (RECEIPT_PREVIEW_SETTING, setup.preview), (DOCUMENT_PRINTER_SETTING, setup.document_printer),
                       (DOCUMENT_PAPER_SETTING, setup.document_paper)):
        q.setValue(key, value)
    q.sync()
