"""Printing PDFs (receipts, slips, statements, shift reports) and saving them.

The app builds documents as PDF bytes; this module puts them on paper through Qt's print dialog
with a preview, or into a file. Qt cannot print a PDF as it is, so pages are rasterised at the
printer's resolution first: with QtPdf (`QPdfDocument`) when PySide6-Addons is installed, else with
poppler's `pdftoppm`. Rasterising is CPU work and runs in a background task; the dialogs open when
the pages are ready.

A caller may rely on:
- `save_pdf(pdf, path)` writes the bytes exactly and returns the path (no dialog);
- `print_pdf(pdf, parent, preview=True)` returns at once; the preview (or print) dialog opens on
  the GUI thread when the pages are rendered; failures are shown in a message box, never raised;
- `print_built(build, parent)` builds the PDF in a background task, then prints it the same way;
- `print_pdf(pdf, parent, preview=False)` prints straight to `chosen_printer()` (the
  workstation's receipt printer from QSettings, else the system's default printer) with no dialog,
  so a receipt needs no mouse; only with no printer installed does the print dialog open (Enter
  prints there too);
- `render_pages` / `paint_pages` are the two halves, usable without any dialog (tests, batch).
Tests replace `print_pdf` (module attribute) to catch what would be printed.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSettings, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.i18n import _, tr_message
from ui.tasks import run_task

log = logging.getLogger(__name__)

PRINT_DPI = 300
PREVIEW_DPI = 150
# This workstation's receipt printer (a printer name; empty: the system's default printer) and
# whether receipts show a preview first; window-side settings, in QSettings.
RECEIPT_PRINTER_SETTING = "printing/receipt_printer"
RECEIPT_PREVIEW_SETTING = "printing/receipt_preview"


class PrintingUnavailable(RuntimeError):
    """No way to rasterise a PDF on this machine; the message says what to install."""


@dataclass(frozen=True)
class Page:
    image: QImage
    width_pt: float      # the PDF page size, in points (1/72 inch)
    height_pt: float


def _qtpdf_pages(pdf: bytes, dpi: int) -> list[Page] | None:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    doc = QPdfDocument()
    buf = QBuffer()
    buf.setData(QByteArray(pdf))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    pages = []
    for i in range(doc.pageCount()):
        size = doc.pagePointSize(i)
        px = QSizeF(size.width() * dpi / 72, size.height() * dpi / 72).toSize()
        pages.append(Page(doc.render(i, px), size.width(), size.height()))
    doc.close()
    return pages


def _poppler_pages(pdf: bytes, dpi: int) -> list[Page]:
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise PrintingUnavailable(_("Printing needs QtPdf (PySide6-Addons) or poppler's pdftoppm; "
                                    "neither is installed. Save the document as PDF instead."))
    with tempfile.TemporaryDirectory(prefix="dormwatt-print-") as tmp:
        src = Path(tmp) / "doc.pdf"
        src.write_bytes(pdf)
        proc = subprocess.run([exe, "-r", str(dpi), "-png", str(src), str(Path(tmp) / "page")],
                              capture_output=True, timeout=60)
        if proc.returncode != 0:
            raise PrintingUnavailable(_("The document could not be prepared for printing: {error}").format(
                error=proc.stderr.decode(errors="replace").strip()))
        pages = []
        for png in sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            img = QImage(str(png))
            img.setDotsPerMeterX(round(dpi / 0.0254))
            img.setDotsPerMeterY(round(dpi / 0.0254))
            pages.append(Page(img, img.width() * 72 / dpi, img.height() * 72 / dpi))
    return pages


def render_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[Page]:
    """Every page of `pdf` as an image at `dpi` (background-thread safe: QImage only)."""
    pages = _qtpdf_pages(pdf, dpi)
    return pages if pages is not None else _poppler_pages(pdf, dpi)


def fit_printer(printer: QPrinter, first: Page) -> None:
    """Page size of the document (an 80 mm roll stays 80 mm wide), no margins added by us."""
    size = QPageSize(QSizeF(first.width_pt, first.height_pt), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.FuzzyMatch)
    printer.setPageLayout(QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))


def paint_pages(pages: list[Page], printer: QPrinter) -> None:
    """Paint the pages on `printer`, one per sheet, scaled to fit and centred at the top."""
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintingUnavailable(_("The printer could not be opened."))
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            area = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
            area.moveTo(0, 0)
            img = page.image.size()
            scale = min(area.width() / img.width(), area.height() / img.height())
            w, h = img.width() * scale, img.height() * scale
            target = QRectF(area.x() + (area.width() - w) / 2, area.y(), w, h)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(target, page.image)
    finally:
        painter.end()


def save_pdf(pdf: bytes, path: str | Path) -> Path:
    """Write the PDF bytes to `path` as they are."""
    path = Path(path)
    path.write_bytes(pdf)
    return path


def save_pdf_as(pdf: bytes, parent: QWidget | None, suggested_name: str) -> Path | None:
    """Ask where to save (a file dialog), then save; None when the clerk cancels."""
    name, _filter = QFileDialog.getSaveFileName(parent, _("Save as PDF"), suggested_name, _("PDF documents (*.pdf)"))
    if not name:
        return None
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    try:
        return save_pdf(pdf, name)
    except OSError as exc:
        QMessageBox.warning(parent, _("Save as PDF"), _("The file could not be saved: {error}").format(error=tr_message(str(exc))))
        return None


def _show_error(parent: QWidget | None, exc: BaseException) -> None:
    text = getattr(exc, "message", None) or str(exc)
    QMessageBox.warning(parent, _("Printing"), tr_message(text))


def _open_dialogs(pages: list[Page], parent: QWidget | None, preview: bool, title: str) -> None:
    if not pages:
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or "DormWatt")
    fit_printer(printer, pages[0])
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(_("Print preview — {title}").format(title=title) if title else _("Print preview"))
        dialog.paintRequested.connect(lambda p: paint_pages(pages, p))
        dialog.exec()
        return
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        try:
            paint_pages(pages, printer)
        except PrintingUnavailable as exc:
            _show_error(parent, exc)


def receipt_preview() -> bool:
    """Whether this workstation previews receipts before printing (off: straight to the printer)."""
    return QSettings().value(RECEIPT_PREVIEW_SETTING, False, type=bool)


def printer_names() -> list[str]:
    """The printers installed on this workstation (for choosing the receipt printer)."""
    return [info.printerName() for info in QPrinterInfo.availablePrinters()]


def chosen_printer() -> QPrinter | None:
    """The workstation's receipt printer, else the system's default one; None when none is installed."""
    name = str(QSettings().value(RECEIPT_PRINTER_SETTING, "") or "")
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def _print_direct(pages: list[Page], parent: QWidget | None, title: str) -> None:
    if not pages:
        return
    printer = chosen_printer()
    if printer is None:                 # nothing to print straight to: the dialog (Enter prints)
        _open_dialogs(pages, parent, False, title)
        return
    printer.setDocName(title or "DormWatt")
    fit_printer(printer, pages[0])
    try:
        paint_pages(pages, printer)
    except PrintingUnavailable as exc:
        _show_error(parent, exc)


def print_pdf(pdf: bytes, parent: QWidget | None, *, preview: bool = True, title: str = "") -> None:
    """Print `pdf`: through Qt's preview when `preview`, else straight to `chosen_printer()` with no
    dialog (the print dialog only when no printer is installed). Returns at once."""
    def show(pages: list[Page]) -> None:
        if preview:
            _open_dialogs(pages, parent, True, title)
        else:
            _print_direct(pages, parent, title)

    run_task(lambda: render_pages(pdf), show, lambda exc: _show_error(parent, exc), kind="cpu")


def print_built(build: Callable[[], bytes], parent: QWidget | None, *, title: str = "", preview: bool = True,
                on_error: Callable[[BaseException], None] | None = None) -> None:
    """Build a PDF in a background task (a store read: the db queue), then `print_pdf` it."""
    run_task(build, lambda pdf: print_pdf(pdf, parent, preview=preview, title=title),
             on_error or (lambda exc: _show_error(parent, exc)))


def save_built(build: Callable[[], bytes], parent: QWidget | None, suggested_name: str) -> None:
    """Build a PDF in a background task, then ask where to save it."""
    run_task(build, lambda pdf: save_pdf_as(pdf, parent, suggested_name), lambda exc: _show_error(parent, exc))


def printable() -> bool:
    """Whether this machine can rasterise PDFs for printing."""
    try:
        import PySide6.QtPdf  # noqa: F401
        return True
    except ImportError:
        return shutil.which("pdftoppm") is not None

