"""Where the store is: command-line option, then config file, then the default SQLite file.

The config file is INI: `[database]` / `url = postgresql+psycopg://user:pass@host/dormwatt`, at
`$XDG_CONFIG_HOME/DormWatt/dormwatt.ini` (or the path given with --config).
"""
from __future__ import annotations

import configparser
import os
import sys
from pathlib import Path

from db.engine import APP_DIR_NAME, default_url, user_data_dir


def config_dir() -> Path:
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_DIR_NAME
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / APP_DIR_NAME


def default_config_path() -> Path:
    return config_dir() / "dormwatt.ini"


def database_url(cli_url: str | None = None, config_path: str | os.PathLike[str] | None = None) -> str:
    if cli_url:
        return cli_url
    env = os.environ.get("DORMWATT_DB")
    if env:
        return env
    path = Path(config_path) if config_path else default_config_path()
    if path.exists():
        parser = configparser.ConfigParser()
        parser.read(path, encoding="utf-8")
        url = parser.get("database", "url", fallback="").strip()
        if url:
            return url
    return default_url()


def demo_url() -> str:
    return f"sqlite:///{user_data_dir() / 'demo.db'}"
