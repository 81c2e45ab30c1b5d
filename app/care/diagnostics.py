"""What an administrator sends when something is wrong: one plain-text page about this installation.

`gather(...)` collects it (the version, Python, the system, the Qt the window runs on, the store with
its password hidden, the store's schema revision, the data folder, the log file and its last lines);
`Diagnostics.text()` is the page. Nothing on it shows a password: the store URL is shown as
`postgresql://user:***@host/db`, and the log lines pass through `scrub`, which hides the password of
any URL or `password=` in them. The window passes in what only it knows (its Qt version); the store's
revision is read by `schema_revision`, which touches the database and so runs in a background task.
"""
from __future__ import annotations

import importlib.metadata
import platform
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from app import clock
from app.care.logs import LOG_FILES, current_log_file
from app.cli.stores import reason, shown
from db.engine import Store, user_data_dir

TAIL_LINES = 100
_TAIL_BYTES = 256 * 1024          # enough for TAIL_LINES of any log line we write
# scheme://user:password@host -> scheme://user:***@host (SQLAlchemy, libpq, http proxies alike)
_URL_PASSWORD = re.compile(r"(\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*:)[^\s@]+@")
# password=secret in a libpq connection string, a query string or a logged keyword argument
_KEY_PASSWORD = re.compile(r"(\b(?:password|passwd|pwd|pgpassword)\s*=\s*)('[^']*'|\"[^\"]*\"|[^\s&;,)]+)",
                           re.IGNORECASE)


def app_version() -> str:
    """DormWatt's version as installed ("0.1.0"), or "unknown" when run from an uninstalled tree."""
    try:
        return importlib.metadata.version("dormwatt")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def hidden_url(url: str) -> str:
    """The store URL as it may be shown: any password replaced by ***."""
    return shown(url)


def scrub(text: str) -> str:
    """`text` with the password of every URL and every `password=…` in it replaced by ***."""
    return _KEY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", text))


def schema_revision(store: Store) -> str:
    """The store's Alembic revision and whether this version expects it ("3f2a… (current)"), or why it
    could not be read. Touches the database: call it off the GUI thread."""
    from db import migrate

    try:
        current = migrate.current_revision(store.engine)
        head = migrate.head_revision()
    except Exception as exc:     # an unreachable server is worth a line on the page, not a failure
        return f"not readable ({scrub(reason(exc))})"
    if current is None:
        return "none (an empty database)"
    return f"{current} (current)" if current == head else f"{current} (this version expects {head})"


def data_folder() -> Path:
    """The user data folder (stores, logs, crash reports, anchors): db.engine.user_data_dir."""
    return user_data_dir()


def crash_reports_dir() -> Path:
    """The folder the window's crash reports are written to."""
    return user_data_dir() / "crash-reports"


def log_tail(path: Path | None, lines: int = TAIL_LINES) -> list[str]:
    """The last `lines` lines of the log file `path` (reaching back into the files it rolled over to,
    path.1, path.2 …, when the current one is young), passwords scrubbed; [] when there is no such file."""
    if path is None or lines <= 0:
        return []
    found: list[str] = []
    for n in range(LOG_FILES + 1):
        file = path if n == 0 else path.with_name(f"{path.name}.{n}")
        if not file.exists():
            break
        found = _last_lines(file, lines - len(found)) + found
        if len(found) >= lines:
            break
    return [scrub(line) for line in found]


def _last_lines(path: Path, n: int) -> list[str]:
    try:
        with path.open("rb") as f:
            size = f.seek(0, 2)
            start = max(0, size - _TAIL_BYTES)
            f.seek(start)
            data = f.read()
    except OSError:
        return []
    text = data.decode("utf-8", errors="replace").splitlines()
    if start > 0 and text:
        text = text[1:]           # the first line was cut by the seek
    return text[-n:] if n > 0 else []


@dataclass(frozen=True)
class Diagnostics:
    """The page's facts; `text()` lays them out. Every field is safe to show (no password)."""

    moment: str
    version: str
    python: str
    system: str
    toolkit: str
    store: str
    schema: str
    data_dir: Path
    log_file: Path | None
    reports_dir: Path
    log_lines: tuple[str, ...]

    def text(self) -> str:
        rows = [
            f"DormWatt diagnostics, {self.moment} campus time",
            f"Version: {self.version}",
            f"Python: {self.python}",
            f"System: {self.system}",
            f"Qt: {self.toolkit or 'not loaded'}",
            f"Store: {self.store}",
            f"Store schema: {self.schema}",
            f"Data folder: {self.data_dir}",
            f"Log file: {self.log_file or 'none (logging to stderr only)'}",
            f"Crash reports: {self.reports_dir}",
        ]
        if self.log_file is not None:
            rows.append(f"---- the last {len(self.log_lines)} lines of {self.log_file.name} ----")
            rows.extend(self.log_lines)
        return "\n".join(rows) + "\n"


def gather(store_url: str, *, schema: str = "not read", toolkit: str = "", log_file: Path | None = None,
           lines: int = TAIL_LINES) -> Diagnostics:
    """The diagnostics of this process: `store_url` is shown with its password hidden, `schema` as given
    (see `schema_revision`), `log_file` defaults to the file the log is written to. Reads only files."""
    log_file = log_file if log_file is not None else current_log_file()
    return Diagnostics(
        moment=clock.local(clock.now()).strftime("%Y-%m-%d %H:%M:%S"),
        version=app_version(),
        python=f"{platform.python_version()} ({platform.python_implementation()}, {sys.executable})",
        system=f"{platform.platform()} ({platform.machine() or 'unknown machine'})",
        toolkit=toolkit,
        store=hidden_url(store_url) if store_url else "not opened",
        schema=schema,
        data_dir=data_folder(),
        log_file=log_file,
        reports_dir=crash_reports_dir(),
        log_lines=tuple(log_tail(log_file, lines)),
    )
