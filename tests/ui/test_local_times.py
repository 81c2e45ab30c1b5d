"""Times shown to people are campus local time, from app.clock alone (issue 9 item 11)."""
from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.campus.room_view import HistoryEntry
from ui.alarm_panel import local_time
from ui.history_views import LedgerView, campus_time

ROOT = Path(__file__).resolve().parents[2]
AT = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)          # 09:30 on campus


@pytest.fixture
def machine_in_another_zone():
    """A workstation whose system clock is set to another zone: what is shown must not follow it."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ")
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_the_ledger_tab_shows_campus_time(qtbot, machine_in_another_zone):
    view = LedgerView()
    qtbot.addWidget(view)
    view.set_entries([HistoryEntry(1, "electricity", "recharge", 5000, 5000, AT, "Cash", "", "", "", "")])
    assert view.model.text(0, 0) == "2026-12-01 09:30"


def test_alarm_times_are_campus_time(machine_in_another_zone):
    assert local_time(AT) == "12-01 09:30:00"
    assert campus_time(AT) == "2026-12-01 09:30"


def test_the_window_converts_times_only_through_app_clock():
    """No ui module converts a time itself (astimezone, the zone constant, Qt's local time): one
    module knows the campus zone, so a change there reaches every screen."""
    pattern = re.compile(r"astimezone\(|CAMPUS_TZ|ZoneInfo\(|toLocalTime\(|fromSecsSinceEpoch\(")
    offenders = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "ui").rglob("*.py"))
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_tzdata_is_a_dependency_so_windows_has_the_campus_zone():
    import tomllib

    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(re.match(r"tzdata\b", d) for d in deps)
