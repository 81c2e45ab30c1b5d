"""The Chinese catalogue keeps up with the source, the shipped .qm is compiled from it, and the
window comes up in the language the settings and the locale choose."""
from __future__ import annotations

import os
import re
import subprocess

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from resources.translations import extract
from ui import i18n
from ui.i18n import _

PLACEHOLDER = re.compile(r"{[^{}]*}")


@pytest.fixture
def chinese(qapp):
    assert i18n.install_translations(qapp, "zh_CN") == "zh_CN"
    yield qapp
    i18n.remove_translations(qapp)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "dormwatt.ini"), QSettings.Format.IniFormat)


def test_every_string_of_the_window_has_a_chinese_translation():
    found = extract.scan()
    known = extract.read_ts()
    assert len(found) > 100
    missing = [src for src in found if not known.get(src, "").strip()]
    assert not missing, ("untranslated; run resources/translations/extract.py, translate, --release: "
                         f"{missing}")


def test_translations_keep_the_placeholders_and_accelerators():
    for (source, _comment), translation in extract.read_ts().items():
        if not translation:
            continue
        assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), source
        if re.search(r"&\w", source):
            assert re.search(r"&\w", translation), source


def test_the_extractor_reads_literals_disambiguations_and_marks(tmp_path):
    source = tmp_path / "panel.py"
    source.write_text('title = _("Alarms")\nrelay = _("Close", "relay")\nLABELS = {1: N_("Urgent")}\n'
                      'skipped = _(name)\nalso = f(_("Room {n}").format(n=1))\n', encoding="utf-8")
    assert extract.strings_in(source) == [(("Alarms", ""), 1), (("Close", "relay"), 2), (("Urgent", ""), 3),
                                          (("Room {n}", ""), 5)]


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    fresh = tmp_path / "fresh.qm"
    subprocess.run([extract.lrelease(), "-silent", str(extract.TS_FILE), "-qm", str(fresh)], check=True)
    assert extract.QM_FILE.read_bytes() == fresh.read_bytes(), \
        "dormwatt_zh_CN.qm is stale: run resources/translations/extract.py --release"


def test_the_installed_catalogue_speaks_chinese(chinese):
    assert QCoreApplication.translate("DormWatt", "Alarms") == "告警"
    assert _("Open alarms: {n}").format(n=3) == "未处理告警：3 条"
    assert _("Recharge") == "充值" and _("Keep power") == "保电"
    # Branch buttons speak of power, not of relay states.
    assert (_("Power off"), _("Power on"), _("Close")) == ("断电", "恢复供电", "关闭")
    # Qt's own standard buttons come in Chinese too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    i18n.remove_translations(chinese)
    assert _("Alarms") == "Alarms"


def test_language_follows_the_locale_unless_a_preference_is_stored(settings):
    china, usa = QLocale(QLocale.Language.Chinese, QLocale.Country.China), QLocale(QLocale.Language.English,
                                                                                   QLocale.Country.UnitedStates)
    assert i18n.chosen_language(settings, china) == "zh_CN"
    assert i18n.chosen_language(settings, usa) == "en"
    i18n.store_language("en", settings)
    assert i18n.chosen_language(settings, china) == "en"
    i18n.store_language("zh_CN", settings)
    assert i18n.chosen_language(settings, usa) == "zh_CN"
    settings.setValue(i18n.LANGUAGE_KEY, "klingon")
    assert i18n.chosen_language(settings, usa) == "en"
    with pytest.raises(ValueError):
        i18n.store_language("klingon", settings)


def test_install_uses_the_stored_preference(qapp, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "chosen_language", lambda: "zh_CN")
    try:
        assert i18n.install_translations(qapp) == "zh_CN"
        assert _("Preferences") == "首选项"
    finally:
        i18n.remove_translations(qapp)
    monkeypatch.setattr(i18n, "TRANSLATIONS", tmp_path)     # a catalogue missing: English, not a crash
    assert i18n.install_translations(qapp, "zh_CN") == "en"
    assert _("Preferences") == "Preferences"


def test_preferences_dialog_stores_the_language_for_the_next_start(qtbot, settings):
    from ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(settings=settings, in_force="en")
    qtbot.addWidget(dialog)
    assert dialog.language() == "system"
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("zh_CN"))
    assert dialog.note.text() == "The new language applies the next time DormWatt starts."
    dialog.accept()
    assert settings.value(i18n.LANGUAGE_KEY) == "zh_CN"
    again = PreferencesDialog(settings=settings, in_force="zh_CN")
    qtbot.addWidget(again)
    assert again.language_box.currentText() == "简体中文"
    assert again.note.text() == "A change of language applies the next time DormWatt starts."
    again.reject()
    assert settings.value(i18n.LANGUAGE_KEY) == "zh_CN"


def test_preferences_dialog_in_chinese(qtbot, chinese, settings):
    from ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(settings=settings, in_force="zh_CN")
    qtbot.addWidget(dialog)
    dialog.language_box.setCurrentIndex(dialog.language_box.findData("en"))
    assert dialog.windowTitle() == "首选项"
    assert dialog.note.text() == "新的界面语言将在下次启动 DormWatt 时生效。"
    dialog.show()
    shots = os.environ.get("DORMWATT_SCREENSHOTS")
    if shots:
        dialog.grab().save(os.path.join(shots, "preferences_zh.png"))


# ----- the app's own messages (context "DormWattMessages") -------------------------------------------

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_app_message_has_a_chinese_translation():
    found = extract.scan_messages()
    known = extract.read_ts(context=extract.MESSAGE_CONTEXT)
    assert len(found) > 100
    assert ("{0} is full ({1} of {2} beds taken).", "") in found
    assert ("The electricity meter stopped answering.", "") in found          # a raise_alarm message=
    assert ("The room is in arrears: {0}.", "") in found                      # an alarm table, as shown
    missing = [src for src in found if not known.get(src, "").strip()]
    assert not missing, ("untranslated app messages; run resources/translations/extract.py --messages "
                         f"--unfinished, translate, --merge, --release: {missing}")
    for (source, _comment), translation in known.items():
        if translation:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source)), source
            assert CJK.search(translation), source


def test_the_shipped_message_templates_are_the_scanned_ones():
    import json

    shipped = json.loads(extract.MESSAGES_JSON.read_text(encoding="utf-8"))
    assert shipped == sorted(key[0] for key in extract.scan_messages()), \
        "messages.json is stale: run resources/translations/extract.py"


def test_the_extractor_reads_error_and_alarm_templates(tmp_path):
    source = tmp_path / "service.py"
    source.write_text(
        'raise RoomFull(f"{room.code} is full ({len(b)} of {n:d} beds taken).")\n'
        'raise errors.InvalidInput("Enter an amount.")\n'
        'alarms.raise_alarm(s, "x", level=2, message=f"The meter refused purchase {pid}: {why!r}")\n'
        'log.info(f"not {collected}")\n'
        'raise InvalidInput(code)\n'
        'raise ShiftError("shift_code")\n', encoding="utf-8")
    assert extract.templates_in(source, {"RoomFull", "InvalidInput", "ShiftError"}) == [
        ("{0} is full ({1} of {2} beds taken).", 1), ("Enter an amount.", 2),
        ("The meter refused purchase {0}: {1}", 3)]


def test_app_errors_read_in_chinese(chinese):
    from app.counter.money import Money
    from app.errors import InvalidAmount

    with pytest.raises(InvalidAmount) as caught:
        Money.parse("12.345")
    text = i18n.tr_message(caught.value.message)
    assert "“12.345”" in text and CJK.search(text) and "decimals" not in text
    assert text == "“12.345”的小数超过两位；最小单位是 0.01 元。"


def test_a_full_room_reads_in_chinese(chinese, store):
    from app.campus import occupancy
    from app.errors import RoomFull
    from tests.factories import make_campus

    campus = make_campus(store, rooms_per_gender=1, beds=1, students_per_gender=2)
    room = campus.rooms["B1-101"]
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], room)
    with pytest.raises(RoomFull) as caught:
        occupancy.check_in(store, campus.clerk, campus.students["202610001"], room)
    english = caught.value.message
    assert "is full" in english
    text = i18n.tr_message(english)
    assert CJK.search(text) and "已住满" in text and "is full" not in text
    assert english.split(" ")[0] in text       # the room's code comes through as it was


def test_alarm_texts_translate_with_their_values(chinese):
    assert i18n.tr_message("Over-power on branch sockets; the branch tripped.") == "插座回路功率超限；该回路已跳闸。"
    assert i18n.tr_message("The room is in arrears: ¥-3.20.") == "房间已欠费：¥-3.20。"
    # A nested message is translated too; quoted input stays as it was typed.
    assert (i18n.tr_message("row 7: amount “male” is not an amount of money.")
            == "第 7 行：金额“male”不是有效的金额。")


def test_unknown_text_and_english_come_back_unchanged(chinese):
    for text in ("Something nobody wrote.", "", "告警", "{0} is full ({1} of {2} beds taken)"):
        assert i18n.tr_message(text) == text
    i18n.remove_translations(chinese)
    for text in ("B1-101 is full (4 of 4 beds taken).", "“12.345” has more than two decimals; the smallest unit "
                 "is 0.01 CNY.", "Over-power on branch sockets; the branch tripped."):
        assert i18n.tr_message(text) == text
