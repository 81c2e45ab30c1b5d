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
- `print_pdf(pdf, parent, preview=False)` prints straight to the printer with no dialog, so a
  receipt needs no mouse; only with no printer installed does the print dialog open (Enter prints
  there too);
- the paper decides the printer: a page as narrow as a roll (a receipt) goes to `chosen_printer()`,
  the workstation's receipt printer, at the page's own size; a sheet goes to `document_printer()`
  on the document paper (A4 or A5, the page scaled to fit); either falls back to the system's
  default printer;
- `print_receipt(load, parent, title=)` prints a stored receipt the way the workstation is set up
  (`print_setup()`): graphic, the PDF on the receipt roll through `print_pdf` (preview if asked), or
  raw ESC/POS bytes sent to the raw target off the GUI thread. When a receipt does not print (the
  printer cannot be opened, reports an error, is stopped or out of paper, a raw write fails or times
  out) the clerk gets a message, not modal, saying the receipt is kept and how to reprint it;
- `print_test_page(setup, done)` prints the test page of a setup (not yet stored) and tells `done`;
- `render_pages` / `paint_pages` are the two halves, usable without any dialog (tests, batch).
Tests replace `print_pdf` (module attribute) to catch what would be printed.

What a driver hides: through the system's driver Qt knows the queue's state before the job (a CUPS
queue stopped, a Windows printer offline, out of paper or in error when its driver says so) and
whether the job could be started; a printer that runs out during the job, or a spooler that holds
the job, is not seen. Raw ESC/POS printers are asked for their paper status first (app.counter.raw_print).
"""
from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QMarginsF, QRectF, QSettings, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.counter import escpos, raw_print, receipts_pdf
from app.counter.report_data import ReceiptData
from app.errors import DormWattError
from ui.i18n import _, tr_message
from ui.print_setup import (  # noqa: F401 (the settings' names, re-exported)
    DOCUMENT_PAPER_SETTING,
    DOCUMENT_PRINTER_SETTING,
    ESCPOS,
    GRAPHIC,
    RAW_TARGET_SETTING,
    RECEIPT_MODE_SETTING,
    RECEIPT_PAPER_SETTING,
    RECEIPT_PREVIEW_SETTING,
    RECEIPT_PRINTER_SETTING,
    ROLLS,
    SHEETS,
    PrintSetup,
    print_setup,
    store_print_setup,
)
from ui.tasks import run_task

log = logging.getLogger(__name__)

PRINT_DPI = 300
PREVIEW_DPI = 150
ROLL_MAX_PT = 82 / 25.4 * 72        # a page no wider than this is a receipt roll
RAW_TIMEOUT = 10.0                  # seconds a raw printer has to take a receipt


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


_open_boxes: set[QMessageBox] = set()


def _live(parent: QWidget | None) -> QWidget | None:
    return parent if parent is not None and shiboken6.isValid(parent) else None


def receipt_not_printed(parent: QWidget | None, title: str, exc: BaseException | str) -> QMessageBox:
    """Tell the clerk a receipt did not print, that it is kept, and how to reprint it. The box does
    not block (the counter goes on); its object name is "receiptNotPrinted"."""
    reason = exc if isinstance(exc, str) else tr_message(getattr(exc, "message", None) or str(exc) or type(exc).__name__)
    box = QMessageBox(QMessageBox.Icon.Warning, _("Receipt not printed"),
                      _("{title} did not print: {reason}").format(title=title or _("The receipt"), reason=reason),
                      QMessageBox.StandardButton.Ok, _live(parent))
    box.setObjectName("receiptNotPrinted")
    box.setInformativeText(_("Nothing is lost: the receipt is saved. Reprint it from Transactions (Ctrl+T): "
                             "select it and press Ctrl+P (Reprint); the reprint is marked COPY."))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_boxes.add(box)                 # a box without a parent lives until it is closed
    box.finished.connect(lambda _r: _open_boxes.discard(box))
    box.open()
    log.warning("receipt not printed: %s: %s", title, reason)
    return box


def _is_roll(page: Page) -> bool:
    return page.width_pt <= ROLL_MAX_PT


def _printer_for(pages: list[Page]) -> QPrinter | None:
    """The receipt printer for a roll, the document printer for a sheet (each else the system's
    default), set to the pages' paper; None when no printer is installed."""
    roll = _is_roll(pages[0])
    printer = chosen_printer() if roll else document_printer()
    if printer is None:
        return None
    if roll:
        fit_printer(printer, pages[0])
    else:
        fit_sheet(printer, pages[0], print_setup().document_paper)
    return printer


def fit_sheet(printer: QPrinter, first: Page, paper: str) -> None:
    """The document paper ("A4" or "A5"), turned as the first page is; pages are scaled to it."""
    size = QPageSize(QPageSize.PageSizeId.A5 if paper == "A5" else QPageSize.PageSizeId.A4)
    turn = (QPageLayout.Orientation.Landscape if first.width_pt > first.height_pt
            else QPageLayout.Orientation.Portrait)
    printer.setPageLayout(QPageLayout(size, turn, QMarginsF(0, 0, 0, 0)))


def _open_dialogs(pages: list[Page], parent: QWidget | None, preview: bool, title: str) -> None:
    if not pages:
        return
    printer = _printer_for(pages)
    if printer is None:                 # no printer installed: the dialogs still open (a PDF file)
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        fit_printer(printer, pages[0])
    printer.setDocName(title or "DormWatt")
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


def printer_named(name: str) -> QPrinter | None:
    """The printer called `name`, else the system's default one; None when none is installed."""
    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return None
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def chosen_printer() -> QPrinter | None:
    """The workstation's receipt printer, else the system's default one; None when none is installed."""
    return printer_named(print_setup().receipt_printer)


def document_printer() -> QPrinter | None:
    """The workstation's printer for statements, slips and reports, else the system's default one."""
    return printer_named(print_setup().document_printer)


def print_to(pages: list[Page], printer: QPrinter) -> None:
    """Paint `pages` on `printer` as it is set up, or raise PrintingUnavailable saying why not: the
    queue is stopped or in error before the job (offline, out of paper, paused, when the system
    knows), the printer cannot be opened, or the job ends in error or aborted."""
    info = QPrinterInfo(printer)
    if not info.isNull() and info.state() == QPrinter.PrinterState.Error:
        raise PrintingUnavailable(_("The printer {name} is stopped or in error (offline, out of paper or "
                                    "paused).").format(name=info.printerName()))
    paint_pages(pages, printer)
    if printer.printerState() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
        raise PrintingUnavailable(_("The printer {name} reported an error.").format(
            name=printer.printerName() or printer.outputFileName()))


def _print_direct(pages: list[Page], parent: QWidget | None, title: str) -> None:
    if not pages:
        return
    printer = _printer_for(pages)
    if printer is None:                 # nothing to print straight to: the dialog (Enter prints)
        _open_dialogs(pages, parent, False, title)
        return
    printer.setDocName(title or "DormWatt")
    try:
        print_to(pages, printer)
    except PrintingUnavailable as exc:
        if _is_roll(pages[0]):
            receipt_not_printed(parent, title, exc)
        else:
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


ReceiptLoad = Callable[[], tuple[ReceiptData, dict]]


def print_receipt(load: ReceiptLoad, parent: QWidget | None, *, title: str = "",
                  setup: PrintSetup | None = None) -> None:
    """Print a receipt as this workstation is set up. `load` runs in a db task and gives the receipt's
    data and render_receipt's keywords, counting the print (app.counter.documents.receipt_for_print).
    Graphic: the PDF on the roll's paper, through `print_pdf` (a preview when the setup asks for it).
    Raw: the ESC/POS job, sent off the GUI thread; a failure tells the clerk the receipt is kept."""
    setup = setup or print_setup()
    if setup.receipt_mode != ESCPOS:
        def pdf() -> bytes:
            data, marks = load()
            return receipts_pdf.render_receipt(data, setup.receipt_paper, **marks)
        print_built(pdf, parent, title=title, preview=setup.preview)
        return
    try:
        target = raw_print.parse_target(setup.raw_target, setup.receipt_printer)
    except DormWattError as exc:
        receipt_not_printed(parent, title, exc)
        return

    def job() -> bytes:
        data, marks = load()
        return escpos.render_receipt(data, setup.receipt_paper, **marks)

    def send(data: bytes) -> None:
        run_task(lambda: raw_print.send(target, data, timeout=RAW_TIMEOUT, title=title or "DormWatt"),
                 lambda _none: None, lambda exc: receipt_not_printed(parent, title, exc), kind="cpu")

    run_task(job, send, lambda exc: _show_error(_live(parent), exc))


def print_test_page(setup: PrintSetup, done: Callable[[bool, str], None]) -> None:
    """Print the receipt printer's test page (中文 and ¥ on the setup's roll) the setup's way, off the
    GUI thread; `done(ok, message)` runs on the GUI thread with what happened."""
    paper = setup.receipt_paper
    if setup.receipt_mode == ESCPOS:
        try:
            target = raw_print.parse_target(setup.raw_target, setup.receipt_printer)
        except DormWattError as exc:
            done(False, tr_message(exc.message))
            return
        run_task(lambda: raw_print.send(target, escpos.render_test_page(paper), timeout=RAW_TIMEOUT,
                                        title="DormWatt test page"),
                 lambda _none: done(True, _("The test page went to {target}.").format(target=str(target))),
                 lambda exc: done(False, tr_message(getattr(exc, "message", None) or str(exc))), kind="cpu")
        return

    def printed(pages: list[Page]) -> None:
        printer = printer_for_test_page(setup)
        if printer is None:
            done(False, _("No printer is installed on this computer."))
            return
        printer.setDocName("DormWatt test page")
        fit_printer(printer, pages[0])
        try:
            print_to(pages, printer)
        except PrintingUnavailable as exc:
            done(False, tr_message(str(exc)))
            return
        done(True, _("The test page went to {target}.").format(
            target=printer.printerName() or printer.outputFileName()))

    run_task(lambda: render_pages(receipts_pdf.render_test_page(paper, mode="图形 Graphic (system driver)")), printed,
             lambda exc: done(False, tr_message(getattr(exc, "message", None) or str(exc))), kind="cpu")


def printer_for_test_page(setup: PrintSetup) -> QPrinter | None:
    """The printer a graphic test page goes to (tests replace it with a PDF file)."""
    return printer_named(setup.receipt_printer)


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

