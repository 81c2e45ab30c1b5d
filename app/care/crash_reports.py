"""Crash reports: an unhandled exception written down for the administrator, one file each.

`write_report` puts the traceback and the diagnostics page (app.care.diagnostics) in the user data
folder's crash-reports/crash-<campus time>.txt and returns a `CrashReport` with its path and text;
when the file cannot be written (a full disk, no permission) the report still comes back, with no
path, so the caller can show or copy it. Like the diagnostics, a report never shows a password.
"""
from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app import clock
from app.care.diagnostics import Diagnostics, crash_reports_dir, scrub

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrashReport:
    summary: str            # one line: "ValueError: the meter said no"
    thread: str
    trace: str              # the traceback alone (for the log)
    text: str               # the whole report, as in the file
    path: Path | None       # None when the file could not be written


def summary_of(exc: BaseException) -> str:
    message = scrub(str(exc)).strip().splitlines()
    return f"{type(exc).__name__}: {message[0]}" if message else type(exc).__name__


def trace_of(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The traceback as Python prints it, passwords hidden."""
    return scrub("".join(traceback.format_exception(exc_type, exc, tb))).rstrip()


def report_text(trace: str, exc: BaseException, *, thread: str, moment: str,
                diagnostics: Diagnostics | None) -> str:
    rows = [f"DormWatt crash report, {moment} campus time", f"Thread: {thread}",
            f"What happened: {summary_of(exc)}", "", trace, ""]
    if diagnostics is not None:
        rows.append(diagnostics.text())
    return scrub("\n".join(rows))


def write_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, *,
                 thread: str, diagnostics: Diagnostics | None, folder: Path | None = None) -> CrashReport:
    """Write the report of one unhandled exception (see the module's docstring)."""
    local = clock.local(clock.now())
    trace = trace_of(exc_type, exc, tb)
    text = report_text(trace, exc, thread=thread, moment=local.strftime("%Y-%m-%d %H:%M:%S"),
                       diagnostics=diagnostics)
    folder = folder if folder is not None else crash_reports_dir()
    stem = f"crash-{local.strftime('%Y-%m-%d_%H-%M-%S')}"
    path: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(1, 100):      # two crashes in one second each get their own file
            candidate = folder / (f"{stem}.txt" if n == 1 else f"{stem}-{n}.txt")
            try:
                with candidate.open("x", encoding="utf-8") as f:
                    f.write(text)
            except FileExistsError:
                continue
            path = candidate
            break
    except OSError as exc_write:
        log.error("could not write the crash report to %s: %s", folder, exc_write)
    return CrashReport(summary=summary_of(exc), thread=thread, trace=trace, text=text, path=path)
