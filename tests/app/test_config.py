from __future__ import annotations

from app.config import database_url
from db.engine import default_url


def test_store_url_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("DORMWATT_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    assert database_url() == default_url() == f"sqlite:///{tmp_path / 'data' / 'DormWatt' / 'dormwatt.db'}"
    cfg = tmp_path / "cfg" / "DormWatt" / "dormwatt.ini"
    cfg.parent.mkdir(parents=True)
    cfg.write_text("[database]\nurl = postgresql+psycopg://office:pw@10.0.0.5/dormwatt\n", encoding="utf-8")
    assert database_url() == "postgresql+psycopg://office:pw@10.0.0.5/dormwatt"
    other = tmp_path / "other.ini"
    other.write_text("[database]\nurl = sqlite:///elsewhere.db\n", encoding="utf-8")
    assert database_url(config_path=other) == "sqlite:///elsewhere.db"
    monkeypatch.setenv("DORMWATT_DB", "sqlite:///env.db")
    assert database_url(config_path=other) == "sqlite:///env.db"
    assert database_url("sqlite:///cli.db", other) == "sqlite:///cli.db"
