"""Engine and session set-up: SQLite by default (WAL, foreign keys), PostgreSQL by URL.

`Store.read()` and `Store.write()` are the only ways the rest of the program opens a transaction.
A write transaction on SQLite starts with BEGIN IMMEDIATE, so two writers queue on the database
lock (busy_timeout) instead of failing on lock upgrade; on PostgreSQL writers lock the rows they
change, in the one order app.counter.ledger documents.

A driver error never reaches a clerk raw: `translate` turns it into a StoreError subclass whose
message is one sentence (a lost race -> StoreConflict, which db.retry runs again; busy SQLite ->
StoreLocked; no write permission or a read-only transaction -> StoreReadOnly; a value too large or
malformed for its column -> StoreError). Integrity errors stay as they are: the ledger turns a
repeated idempotency key into the first result.
"""
from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import StoreConflict, StoreError, StoreLocked, StoreReadOnly, StoreUnavailable

log = logging.getLogger(__name__)

APP_DIR_NAME = "DormWatt"
SQLITE_BUSY_TIMEOUT_MS = 15000


def user_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / APP_DIR_NAME


def default_url() -> str:
    return f"sqlite:///{user_data_dir() / 'dormwatt.db'}"


def sqlite_url(path: str | os.PathLike[str]) -> str:
    return f"sqlite:///{Path(path)}"


def make_engine(url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
                create: bool = True) -> Engine:
    """An engine for `url`. With `create=False` a SQLite file must already exist: nothing (no file,
    no directory) is made, and a missing file raises `StoreUnavailable` ("no store at PATH")."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:" and not path.startswith("file:"):
            if create:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            else:
                file = Path(path.split("?", 1)[0])      # without URL options such as ?timeout=
                if not file.is_file():
                    what = " (a directory, not a database file)" if file.is_dir() else ""
                    raise StoreUnavailable(f"no store at {file}{what}")
        engine = create_engine(url, echo=echo, connect_args={"timeout": busy_timeout_ms / 1000})
        _configure_sqlite(engine, busy_timeout_ms)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy's begin event, not the sqlite3 module, decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            try:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=NORMAL")
            except Exception:  # a read-only file cannot switch journal mode; reads still work
                pass
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        if conn.get_execution_options().get("dormwatt_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


# SQLSTATE classes and codes (PostgreSQL; psycopg gives them as `sqlstate`).
CONFLICT_STATES = {"40001", "40P01"}               # serialization failure, deadlock detected
READ_ONLY_STATES = {"25006", "42501"}              # read-only transaction, insufficient privilege
BUSY_STATES = {"55P03", "57014"}                   # lock not available, statement cancelled (lock timeout)
TOO_LARGE_STATES = {"22003", "22001", "22008"}     # numeric out of range, text too long, date/time out of range


def reason(exc: BaseException) -> str:
    """The first line of what went wrong, without SQLAlchemy's wrapping: the driver's own message, or
    an operating-system error's words (its strerror: the caller names the path itself)."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = (getattr(orig, "strerror", None) or str(orig)).strip() or type(orig).__name__
    return text.splitlines()[0].strip()


def shown(url: str | URL) -> str:
    """A store URL as it may be printed or logged: the password hidden."""
    try:
        return (make_url(url) if isinstance(url, str) else url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", str(url))


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a driver error (PostgreSQL), None when the driver has none (SQLite)."""
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def translate(exc: BaseException) -> StoreError | None:
    """A driver error turned into something a clerk can read (the caller already rolled back), or
    None for an error that is the program's own (a constraint it handles itself, a bug)."""
    orig = getattr(exc, "orig", None) or exc
    state = sqlstate(exc)
    text = str(orig).lower()
    sqlite_name = getattr(orig, "sqlite_errorname", "") or ""
    if state in CONFLICT_STATES:
        return StoreConflict("Another workstation was changing the same records at the same moment; "
                             "nothing was saved. Try again.")
    if state in READ_ONLY_STATES or "readonly" in text or "read-only" in text or sqlite_name == "SQLITE_READONLY":
        return StoreReadOnly("The database is read-only; nothing was saved. You can look but not change "
                             "anything: ask the administrator for write access to the database.")
    if state in TOO_LARGE_STATES or isinstance(orig, OverflowError) or "too large" in text:
        return StoreError("A number or text is too large for the database to store; nothing was saved. "
                          "Check the amounts and texts you entered.")
    if state is not None and state.startswith("22"):
        return StoreError("The database cannot store one of the values given; nothing was saved. "
                          "Check what you entered.")
    if state in BUSY_STATES or (state is None and ("locked" in text or "busy" in text)):
        return StoreLocked("The database is locked by another program; nothing was saved. Try again.")
    if ("unable to open" in text or "could not connect" in text or "connection" in text
            or (state is not None and state.startswith("08"))):
        return StoreUnavailable(f"The database cannot be reached; nothing was saved. ({orig})")
    if isinstance(exc, OperationalError):
        return StoreError(f"The database refused the change; nothing was saved. ({orig})")
    return None


def _translated(exc: DBAPIError) -> StoreError | None:
    """What `read()` and `write()` raise for a driver error: the clerk's sentence; None (raise the
    driver's error) for an integrity error (the ledger turns a repeated key into its first result)
    or a program error."""
    if isinstance(exc, IntegrityError):
        return None
    return translate(exc)


_BEFORE_COMMIT = "dormwatt.before_commit"
_AFTER_COMMIT = "dormwatt.after_commit"


def on_commit(session: Session, *, before: Callable[[Session], None] | None = None,
              after: Callable[[], None] | None = None) -> None:
    """Run `before(session)` just before a `Store.write()` transaction commits (still inside it, so
    what it writes commits or rolls back with the rest) and `after()` once it has committed and the
    session is closed. Neither runs if the transaction rolls back."""
    if before is not None:
        session.info.setdefault(_BEFORE_COMMIT, []).append(before)
    if after is not None:
        session.info.setdefault(_AFTER_COMMIT, []).append(after)


class Store:
    """The program's handle on its database."""

    def __init__(self, url: str, *, echo: bool = False, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS,
                 create: bool = True) -> None:
        """`create=False`: open an existing store only (see `make_engine`)."""
        self.url = url
        self.engine = make_engine(url, echo=echo, busy_timeout_ms=busy_timeout_ms, create=create)
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.engine.execution_options(dormwatt_write=True), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            try:
                yield session
            except DBAPIError as exc:
                clear = _translated(exc)
                if clear is None:
                    raise
                raise clear from exc

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction committed on normal exit and rolled back whole on any exception; a driver
        error comes out translated (see `translate`). The block is not run again here: an operation
        that may lose a race runs through db.retry, which runs the whole operation again."""
        session = self._write()
        session.info["store"] = self
        try:
            yield session
            for fn in session.info.pop(_BEFORE_COMMIT, ()):
                fn(session)
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            clear = _translated(exc)
            if clear is None:
                raise
            raise clear from exc
        except OverflowError as exc:   # the driver could not even send the number (SQLite: beyond 64 bits)
            session.rollback()
            raise translate(exc) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        for fn in session.info.pop(_AFTER_COMMIT, ()):
            try:
                fn()
            except Exception:   # the change is committed; a listener's failure must not undo it
                log.exception("after-commit callback failed")

    def dispose(self) -> None:
        self.engine.dispose()
