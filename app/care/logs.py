"""The program's log files: one rotating file per kind of process in the user data folder's logs/.

The window writes logs/window.log, `serve` logs/serve.log (or the file its --log-file names); each also
writes to stderr. A file grows to LOG_BYTES and then rolls over, LOG_FILES old files kept
(window.log.1 … window.log.5), so the folder never holds more than about 30 MB per kind. Every line
says its process and thread: two windows, or a window and its service, may write beside each other,
and a fault on a bus or task thread is told apart from the GUI thread's.
"""
from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from db.engine import user_data_dir

LOG_BYTES, LOG_FILES = 5 * 1024 * 1024, 5
LOG_FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"
QUIET = ("alembic",)     # "Context impl SQLiteImpl." at every start is no news


def logs_dir() -> Path:
    """The folder of the program's log files (made when the first log is set up)."""
    return user_data_dir() / "logs"


def default_log_file(kind: str) -> Path:
    """The log file of a kind of process: "window" -> <data>/logs/window.log."""
    return logs_dir() / f"{kind}.log"


def setup_logging(path: Path, level: str = "INFO") -> Path:
    """Send the root logger to the rotating file `path` (UTF-8) and to stderr, replacing the handlers
    it had; returns `path`. Raises OSError when the file cannot be made or opened."""
    path.parent.mkdir(parents=True, exist_ok=True)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES,
                                                        encoding="utf-8")
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
        if isinstance(h, logging.FileHandler):     # an earlier log file of this process: let it go
            h.close()
    fmt = logging.Formatter(LOG_FORMAT)
    for h in (file_handler, logging.StreamHandler(sys.stderr)):
        h.setFormatter(fmt)
        root.addHandler(h)
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return path


def current_log_file() -> Path | None:
    """The rotating file the root logger writes to (see setup_logging), or None when there is none."""
    for h in logging.getLogger().handlers:
        if isinstance(h, logging.handlers.RotatingFileHandler):
            return Path(h.baseFilename)
    return None
