"""The service's daily backup (app.care.backup_schedule): at its time, once a campus day, however many
services run on the store; a failure raises one alarm, never stops the service, and is tried again."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app import clock
from app.care.backup import backups_in
from app.care.backup_schedule import BackupSettings, DailyBackup, backup_settings, set_backup_settings
from app.errors import InvalidInput, PermissionDenied
from app.metering.alarms import open_alarms
from app.metering.runtime.headless import Service
from db.engine import Store
from db.models import AuditRecord
from tests.factories import make_campus
from tests.waiting import wait_for

DAY = datetime.fromisoformat("2026-12-03T02:59:00+08:00")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    return tmp_path / "home"


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=1, students_per_gender=1)


def kind(store: Store) -> str:
    return "sqlite" if store.dialect == "sqlite" else "pgdump"


def test_the_defaults_and_a_change_kept_in_the_store(store, campus, tmp_path):
    with store.read() as s:
        assert backup_settings(s) == BackupSettings(True, None, 14, datetime.strptime("03:00", "%H:%M").time())
        assert backup_settings(s).directory() == tmp_path / "home" / "data" / "DormWatt" / "backups"
    with pytest.raises(PermissionDenied):
        set_backup_settings(store, campus.clerk, BackupSettings(keep=3))
    with pytest.raises(InvalidInput):
        set_backup_settings(store, campus.admin, BackupSettings(keep=0))
    set_backup_settings(store, campus.admin, BackupSettings(folder=str(tmp_path / "nightly"), keep=3,
                                                            at=datetime.strptime("01:30", "%H:%M").time()))
    with store.read() as s:
        assert backup_settings(s) == BackupSettings(True, str(tmp_path / "nightly"), 3,
                                                    datetime.strptime("01:30", "%H:%M").time())
        assert sorted(s.scalars(select(AuditRecord.action).where(AuditRecord.action.like("settings.backup.%")))) == [
            "settings.backup.at", "settings.backup.dir", "settings.backup.keep"]


def test_made_at_its_time_once_a_day_by_one_of_two_services(store, db_url, campus, tmp_path):
    folder = tmp_path / "nightly"
    set_backup_settings(store, campus.admin, BackupSettings(folder=str(folder)))
    other = Store(db_url)
    a, b = DailyBackup(store, "serve@a:1"), DailyBackup(other, "serve@b:2")
    fixed = clock.FixedClock(DAY)
    try:
        with clock.use(fixed):
            assert (a.run_if_due(), b.run_if_due()) == (None, None)            # 02:59
            fixed.advance(minutes=1)                                            # 03:00
            made = b.run_if_due()
            assert made == folder / f"dormwatt-20261203-0300.{kind(store)}"
            assert a.run_if_due() is None
            for _ in range(3):                                                  # the rest of the day
                fixed.advance(hours=6)
                if clock.campus_date(fixed.now()) == DAY.date():
                    assert (a.run_if_due(), b.run_if_due()) == (None, None)
            fixed.set(DAY + timedelta(days=1))                                  # 02:59 the next day
            assert (a.run_if_due(), b.run_if_due()) == (None, None)
            fixed.advance(minutes=1)
            assert a.run_if_due() == folder / f"dormwatt-20261204-0300.{kind(store)}"
            assert b.run_if_due() is None
    finally:
        other.dispose()
    assert [p.name for p in backups_in(folder)] == [f"dormwatt-20261203-0300.{kind(store)}",
                                                    f"dormwatt-20261204-0300.{kind(store)}"]


def test_two_running_services_make_one_backup(store, db_url, campus, tmp_path):
    folder = tmp_path / "nightly"
    set_backup_settings(store, campus.admin, BackupSettings(folder=str(folder)))
    services = []
    with clock.use(clock.FixedClock(DAY + timedelta(minutes=1))):
        try:
            for name in ("serve@a:1", "serve@b:2"):
                services.append(Service(Store(db_url), name, daily_backup_s=0.05).start())
            assert wait_for(lambda: all(s.backups._settled == DAY.date() or s.backups._not_before
                                        for s in services), timeout=30)
        finally:
            for s in services:
                s.stop()
                s.store.dispose()
    assert [p.name for p in backups_in(folder)] == [f"dormwatt-20261203-0300.{kind(store)}"]


def test_a_failed_backup_raises_one_alarm_and_is_tried_again(store, db_url, campus, tmp_path, caplog):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    set_backup_settings(store, campus.admin, BackupSettings(folder=str(a_file / "backups")))
    other = Store(db_url)
    a, b = DailyBackup(store, "serve@a:1"), DailyBackup(other, "serve@b:2")
    fixed = clock.FixedClock(DAY + timedelta(minutes=1))
    try:
        with clock.use(fixed), caplog.at_level(logging.ERROR, logger="app.care.backup_schedule"):
            assert a.run_if_due() is None
            assert b.run_if_due() is None               # the failed day waits for its retry
            fixed.advance(minutes=30)
            assert (a.run_if_due(), b.run_if_due()) == (None, None)
            alarms = [x for x in open_alarms(store) if x.kind == "backup_failed"]
            assert len(alarms) == 1 and alarms[0].message.startswith(
                "The daily backup of 2026-12-03 failed: Cannot make the backup folder")
            assert any("daily backup" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)

            fixed.advance(minutes=31)                   # an hour after: tried again, still failing
            assert b.run_if_due() is None
            assert len([x for x in open_alarms(store) if x.kind == "backup_failed"]) == 1

            set_backup_settings(store, campus.admin, BackupSettings(folder=str(tmp_path / "nightly")))
            fixed.advance(minutes=61)
            made = a.run_if_due()
            assert made is not None and made.parent == tmp_path / "nightly"
            assert b.run_if_due() is None
    finally:
        other.dispose()


def test_switched_off_nothing_is_made(store, campus, tmp_path):
    set_backup_settings(store, campus.admin, BackupSettings(enabled=False, folder=str(tmp_path / "nightly")))
    with clock.use(clock.FixedClock(DAY + timedelta(hours=1))):
        assert DailyBackup(store, "serve@a:1").run_if_due() is None
    assert not (tmp_path / "nightly").exists()
