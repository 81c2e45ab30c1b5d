"""The Backups page (issue 14, item 4): the daily backup's settings changed and saved (audited), "Back up
now" writing a backup that restores, the folder's backups listed newest first and rotated, a folder that
cannot be written said in words, the page an administrator's only."""
from __future__ import annotations

import os
from datetime import time

import pytest
from admin_pages import open_page
from sqlalchemy import select

from app.campus import occupancy
from app.care import backup, backup_schedule
from app.counter import payments, shifts
from app.counter.money import Money
from db.engine import Store
from db.models import AuditRecord
from tests import homes
from tests.factories import make_campus
from ui import i18n
from ui.admin.backup_page import BackupPage
from ui.admin.pages import pages_for
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    return homes.private_home(tmp_path, monkeypatch)


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"])
    shifts.open_shift(store, c.clerk, Money(0))
    payments.recharge(store, c.clerk, room_id=c.rooms["B1-101"], utility="water", amount=Money(1234), method="cash",
                      payer_id=c.students["202610000"], key="w")
    return c


def test_settings_are_saved_and_back_up_now_writes_a_backup_that_restores(qtbot, store, campus, tmp_path):
    if not store.url.startswith("sqlite"):
        pytest.skip("the PostgreSQL backup needs the server's pg_dump; tests/app/test_backup.py covers it")
    page = open_page(qtbot, BackupPage, store, campus.admin)
    assert page.enabled.isChecked() and page.keep.value() == 14 and page.at.time().toString("HH:mm") == "03:00"
    assert "No daily backup" in page.last.text()
    folder = tmp_path / "backups"
    page.folder.setText(str(folder))
    page.keep.setValue(2)
    with qtbot.waitSignal(page.saved, timeout=20000):
        page.save_button.click()
    with store.read() as s:
        assert backup_schedule.backup_settings(s) == backup_schedule.BackupSettings(True, str(folder), 2, time(3, 0))
        assert s.scalar(select(AuditRecord.id).where(AuditRecord.action == "settings.backup.keep")) is not None
    made = []
    for _n in range(3):
        with qtbot.waitSignal(page.made, timeout=30000) as got:
            page.now_button.click()
        made.append(got.args[0])
        qtbot.waitSignal(page.loaded, timeout=20000).wait()
    assert "Backup written" in page.message.text() and made[-1] in page.message.text()
    rows = page.files.model.rowCount()
    assert rows == 2 and len(backup.backups_in(folder)) == 2                 # kept the newest two
    assert page.files.model.index(0, 0).data() == os.path.basename(made[-1])  # newest first
    restored = backup.restore(made[-1], f"sqlite:///{tmp_path / 'restored.db'}")
    assert restored.ok
    with Store(f"sqlite:///{tmp_path / 'restored.db'}").read() as s:
        assert s.scalar(select(AuditRecord.id).where(AuditRecord.action == "settings.backup.keep")) is not None


def test_a_folder_that_cannot_be_written_is_said_in_words(qtbot, store, campus, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    page = open_page(qtbot, BackupPage, store, campus.admin)
    page.folder.setText(str(blocker))
    with qtbot.waitSignal(page.saved, timeout=20000):
        page.save_button.click()
    with qtbot.waitSignal(page.failed, timeout=30000) as got:
        page.now_button.click()
    assert "not a folder" in got.args[0] and page.now_button.isEnabled()
    assert blocker.read_text() == "a file where the folder should be"


def test_only_administrators_see_the_page(store, campus):
    assert "backup" in [p.key for p in pages_for(campus.admin)]
    assert "backup" not in [p.key for p in pages_for(campus.clerk)]
    with pytest.raises(Exception, match="permission|not allowed|may not"):
        backup_schedule.back_up_now(store, campus.clerk)


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_backup_page_screenshots(qtbot, qapp, store, campus, language, tmp_path):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    backup_schedule.set_backup_settings(store, campus.admin, backup_schedule.BackupSettings(
        True, str(tmp_path / "backups"), 14, time(3, 0)))
    backup_schedule.back_up_now(store, campus.admin)
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("backup")
        qtbot.waitSignal(page.loaded, timeout=10000).wait()
        window.resize(1366, 768)
        qtbot.wait(50)
        window.grab().save(os.path.join(FOLDER, f"backups-{language}-1366.png"))
    finally:
        i18n.remove_translations(qapp)
