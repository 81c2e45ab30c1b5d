"""A private home for a test: no test reads or writes the office's default store, config, anchor file or
password (the user data and config folders point into the test's own tmp_path)."""
from __future__ import annotations

from pathlib import Path

import pytest

from app.integrity import anchors


def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG_DATA_HOME / XDG_CONFIG_HOME into tmp_path/home and forget DORMWATT_DB, the anchor
    file's location and DORMWATT_PASSWORD; returns the home folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("DORMWATT_DB", anchors.ENV_FILE, "DORMWATT_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return home
