"""The diagnostics page, the log files and the crash reports (app.care): what an administrator is sent
never shows a password, and says where things are."""
from __future__ import annotations

import logging
import os
import threading
from datetime import datetime

import pytest

from app import clock
from app.care import crash_reports, diagnostics, logs
from db.engine import Store
from db.migrate import head_revision


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "DormWatt"


@pytest.fixture
def root_log():
    """setup_logging replaces the root logger's handlers: put the test run's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for h in list(root.handlers):
        root.removeHandler(h)
        if isinstance(h, logging.FileHandler):
            h.close()
    for h in handlers:
        root.addHandler(h)
    root.setLevel(level)


@pytest.mark.parametrize("url, password", [
    ("postgresql+psycopg://dw_app:Zx9-secret@db.campus.example:5432/dormwatt", "Zx9-secret"),
    ("postgresql://dw_app:p%40ss%3Aword@10.0.0.5/dormwatt", "p%40ss%3Aword"),
])
def test_a_postgresql_password_is_never_on_the_page(data_home, url, password):
    page = diagnostics.gather(url, schema="abc (current)", toolkit="Qt 6.11.3, PySide6 6.11.3").text()
    assert password not in page and "p@ss:word" not in page
    assert "Store: postgresql" in page and "dw_app:***@" in page
    assert "Qt: Qt 6.11.3, PySide6 6.11.3" in page and "Store schema: abc (current)" in page
    assert f"Version: {diagnostics.app_version()}" in page and "Python: 3." in page


def test_the_log_tail_is_the_last_lines_with_passwords_scrubbed(data_home, tmp_path):
    log_file = tmp_path / "window.log"
    lines = [f"2026-11-16 10:00:{i % 60:02d} INFO [1 MainThread] x: line {i}" for i in range(150)]
    lines[140] = "ERROR could not connect to postgresql+psycopg://dw:Zx9-secret@db/dw: refused"
    lines[141] = "WARNING libpq says host=db user=dw password=hunter2 dbname=dw"
    log_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = diagnostics.gather("sqlite:///x.db", log_file=log_file, lines=20).text()
    assert "Zx9-secret" not in page and "hunter2" not in page
    assert "postgresql+psycopg://dw:***@db/dw" in page and "password=***" in page
    tail = page.split("---- the last 20 lines of window.log ----\n", 1)[1].splitlines()
    assert len(tail) == 20 and tail[0].endswith("line 130") and tail[-1].endswith("line 149")


def test_the_page_names_the_data_folder_the_log_file_and_the_reports_folder(data_home, tmp_path, root_log):
    path = logs.setup_logging(logs.default_log_file("window"))
    logging.getLogger("dormwatt.test").info("the window started")
    page = diagnostics.gather("sqlite:////srv/dormwatt/campus.db").text()
    assert path == data_home / "logs" / "window.log"
    assert f"Data folder: {data_home}" in page
    assert f"Log file: {path}" in page
    assert f"Crash reports: {data_home / 'crash-reports'}" in page
    assert "Store: sqlite:////srv/dormwatt/campus.db" in page
    assert page.rstrip().endswith("dormwatt.test: the window started")


def test_log_lines_carry_the_process_and_the_thread_and_the_file_rolls_over(data_home, tmp_path, root_log,
                                                                           monkeypatch):
    monkeypatch.setattr(logs, "LOG_BYTES", 4000)
    path = logs.setup_logging(tmp_path / "logs" / "window.log")
    worker = threading.Thread(target=lambda: logging.getLogger("dormwatt.bus").warning("port closed"),
                              name="bus-ttyUSB0")
    worker.start()
    worker.join()
    text = path.read_text(encoding="utf-8")
    assert f"WARNING [{os.getpid()} bus-ttyUSB0] dormwatt.bus: port closed" in text
    for i in range(200):
        logging.getLogger("dormwatt.test").info("line %d — 电表", i)
    assert (tmp_path / "logs" / "window.log.1").exists()            # rolled over, UTF-8 kept
    assert "电表" in (tmp_path / "logs" / "window.log.1").read_text(encoding="utf-8")
    assert not (tmp_path / "logs" / "window.log.6").exists()         # LOG_FILES old files at most
    # a log file just begun: the tail reaches back into the one it rolled over from
    next(h for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)).doRollover()
    logging.getLogger("dormwatt.test").info("just rolled")
    tail = diagnostics.log_tail(path, 30)
    assert len(tail) == 30 and tail[-2].endswith("line 199 — 电表") and tail[-1].endswith("just rolled")


def test_the_store_schema_revision(store):
    assert diagnostics.schema_revision(store) == f"{head_revision()} (current)"


def test_an_unreachable_store_says_so_without_its_password():
    store = Store("postgresql+psycopg://dw:Zx9-secret@127.0.0.1:1/dormwatt?connect_timeout=3")
    try:
        said = diagnostics.schema_revision(store)
    finally:
        store.dispose()
    assert said.startswith("not readable (") and "Zx9-secret" not in said


def _fail_somewhere():
    raise ValueError("the meter refused postgresql://dw:Zx9-secret@db/dw")


def test_a_crash_report_has_the_traceback_and_the_diagnostics(data_home):
    moment = datetime(2026, 11, 16, 10, 5, 7, tzinfo=clock.CAMPUS_TZ)
    with clock.use(clock.FixedClock(moment)):
        facts = diagnostics.gather("sqlite:///campus.db", schema="abc (current)")
        reports = []
        for _ in range(2):
            try:
                _fail_somewhere()
            except ValueError as exc:
                reports.append(crash_reports.write_report(type(exc), exc, exc.__traceback__, thread="MainThread",
                                                          diagnostics=facts))
    first, second = reports
    assert first.path == data_home / "crash-reports" / "crash-2026-11-16_10-05-07.txt"
    assert second.path == data_home / "crash-reports" / "crash-2026-11-16_10-05-07-2.txt"   # same second
    text = first.path.read_text(encoding="utf-8")
    assert text.startswith("DormWatt crash report, 2026-11-16 10:05:07 campus time")
    assert "in _fail_somewhere" in text and "Traceback (most recent call last)" in text
    assert "Store schema: abc (current)" in text and f"Data folder: {data_home}" in text
    assert "Zx9-secret" not in text and first.summary == "ValueError: the meter refused postgresql://dw:***@db/dw"


def test_a_report_that_cannot_be_written_still_comes_back(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        report = crash_reports.write_report(RuntimeError, exc, exc.__traceback__, thread="worker",
                                            diagnostics=None, folder=blocker)
    assert report.path is None and "RuntimeError: boom" in report.text
