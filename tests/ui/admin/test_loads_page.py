"""The Malignant loads page: the library saved in the store listed with its version and captures' spread;
a room scope set through the form saved as the next version (a stale edit refused, a deleted appliance
a version of its own); the library exported and imported into a fresh store unchanged, a file of a
newer format refused with the reason and nothing stored; a profile made in the editor and assigned to
a building, inherited by its rooms (the chain on the Room tab); a room's 32 slots and what was left
out, with the reason; who sees the page and who may change what.

With DORMWATT_SCREENSHOTS set, pictures of the four tabs at 1366×768 in English and Chinese go there."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from admin_pages import open_page
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import func, select

from app.loads import profiles
from app.loads import store as library_store
from app.loads.features import Features
from app.loads.library import Capture, Library, Scope, ScopeLevel, Verdict
from db.engine import Store
from db.models_loads import SignatureLibraryVersion
from tests.factories import make_campus
from ui.admin import pages
from ui.admin.loads_page import LoadsPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2, students_per_gender=1)


def _kettles_and_a_concentrator() -> Library:
    lib, kettle = Library().with_appliance("kettle", Verdict.BLOCK, category="kettle", brand_model="Midea MK-15")
    lib = lib.with_captures(kettle.ident, [Capture(Features(dp=1600 + 40 * k, pf=930, i3=200, i5=90, thd=260 + 5 * k),
                                                   device=f"k{k}") for k in range(3)])
    lib, med = lib.with_appliance("oxygen concentrator", Verdict.ALLOW, category="medical device",
                                  scope=Scope(ScopeLevel.ROOM, "B1-102"), notes="certificate 2026-118")
    lib = lib.with_captures(med.ident, [Capture(Features(dp=420, pf=995, i3=30, i5=15, thd=60), device="m")])
    return Library(1, lib.appliances)


def _page(qtbot, store, actor, tab: str = "library") -> LoadsPage:
    page = open_page(qtbot, LoadsPage, store, actor, loaded=("tab_loaded",))
    if tab != "library":
        with qtbot.waitSignal(page.tab(tab).loaded, timeout=10000):
            page.show_tab(tab)
    return page


def _texts(lst, column: int) -> list[str]:
    return [lst.model.text(r, column) for r in range(lst.model.rowCount())]


def _current(store) -> Library | None:
    with store.read() as s:
        return library_store.current(s)


def _versions(store) -> int:
    with store.read() as s:
        return s.scalar(select(func.count()).select_from(SignatureLibraryVersion))


def _yes(qtbot, tab, loaded=True) -> None:
    qtbot.waitUntil(lambda: tab.confirmation is not None and tab.confirmation.isVisible(), timeout=10000)
    box = tab.confirmation
    tab.confirmation = None
    if loaded:
        with qtbot.waitSignal(tab.loaded, timeout=10000):
            box.button(QMessageBox.StandardButton.Yes).click()
    else:
        box.button(QMessageBox.StandardButton.Yes).click()


# ----- the library -------------------------------------------------------------------------------------

def test_the_library_saved_in_the_store_is_listed_with_its_version_and_spread(qtbot, store, campus):
    library_store.save(store, campus.tech, _kettles_and_a_concentrator(), "bench day")
    page = _page(qtbot, store, campus.admin)
    tab = page.library
    assert tab.version.text().startswith("Library version 1: 2 appliances, saved 2026-11-16 ")
    assert tab.version.text().endswith(" by 李工 (bench day)")
    assert _texts(tab.list, 0) == ["kettle", "oxygen concentrator"]
    assert _texts(tab.list, 1) == ["Block", "Allow"]
    assert _texts(tab.list, 2) == ["kettle", "medical device"]
    assert _texts(tab.list, 3) == ["Midea MK-15", ""]
    assert _texts(tab.list, 4) == ["Campus", "Room B1-102"]
    assert _texts(tab.list, 5) == ["3", "1"]
    assert _texts(tab.list, 6) == ["ΔP 1600–1680 W · PF 0.930 · THD 26.0–27.0 %", "ΔP 420 W · PF 0.995 · THD 6.0 %"]
    assert not tab.edit_button.isEnabled()
    tab.list.select_where(lambda a: a.name == "kettle")
    assert tab.edit_button.isEnabled() and tab.delete_button.isEnabled()
    assert tab.details.text().split("\n") == [
        "kettle: Block, Campus, priority 0.",
        "3 captures of 3 devices: ΔP 1600–1680 W, PF 0.930, I3/I1 20.0 %, I5/I1 9.0 %, THD 26.0–27.0 %.",
        "The captures fit 1 slot(s) of a meter."]


def test_no_library_yet_says_so_and_the_first_appliance_makes_version_one(qtbot, store, campus):
    page = _page(qtbot, store, campus.tech)
    tab = page.library
    assert tab.version.text() == "No signature library has been saved yet: the meters' slots are not managed."
    assert tab.new_button.isEnabled() and not tab.export_file_button.isEnabled()
    form = tab.edit(None)
    form.fields["name"][0].setText("hair dryer")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert tab.list.message.text() == "Library version 1 saved: hair dryer."
    assert [(a.name, a.verdict) for a in _current(store).appliances] == [("hair dryer", Verdict.BLOCK)]


def test_a_room_scope_saved_through_the_form_makes_a_new_version(qtbot, store, campus):
    library_store.save(store, campus.tech, _kettles_and_a_concentrator())
    page = _page(qtbot, store, campus.tech)          # a technician edits the library
    tab = page.library
    tab.list.select_where(lambda a: a.name == "kettle")
    form = tab.edit(tab.list.current())
    assert form.fields["name"][0].text() == "kettle"
    assert not form.form.isRowVisible(form.fields["room"][0])
    scope = form.fields["scope"][0]
    scope.setCurrentIndex(scope.findData("room"))
    assert form.form.isRowVisible(form.fields["room"][0])
    form.fields["room"][0].setCurrentText("Z9-999")
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("room")), timeout=10000)
    assert form.field_error("room") == "There is no room “Z9-999”."
    assert _versions(store) == 1

    form.fields["room"][0].setCurrentText("B1-201")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert tab.list.message.text() == "Library version 2 saved: kettle."
    assert tab.version.text().startswith("Library version 2: 2 appliances")
    assert _texts(tab.list, 4) == ["Room B1-201", "Room B1-102"]
    current = _current(store)
    assert current.version == 2 and current.by_name("kettle").scope == Scope(ScopeLevel.ROOM, "B1-201")
    assert current.by_name("kettle").captures == _kettles_and_a_concentrator().by_name("kettle").captures
    assert _versions(store) == 2          # version 1 is kept as it was

    # somebody saved meanwhile: the page's edit is refused, nothing overwritten
    library_store.save(store, campus.admin, current.with_details(current.by_name("kettle").ident, priority=5))
    tab.list.select_where(lambda a: a.name == "oxygen concentrator")
    form = tab.edit(tab.list.current())
    form.fields["notes"][0].setText("renewed")
    form.ok.click()
    qtbot.waitUntil(lambda: form.error.isVisible(), timeout=10000)
    assert form.error.text() == ("The library was changed elsewhere (now version 3); reopen it and make your change "
                                 "again.")
    form.reject()
    assert _versions(store) == 3 and _current(store).by_name("oxygen concentrator").notes == "certificate 2026-118"

    # deleting is a version of its own
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        page.refresh()
    tab.list.select_where(lambda a: a.name == "oxygen concentrator")
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    _yes(qtbot, tab)
    assert tab.list.message.text() == "Library version 4 saved: oxygen concentrator deleted."
    assert [a.name for a in _current(store).appliances] == ["kettle"] and _versions(store) == 4
    assert _texts(tab.list, 0) == ["kettle"]


def test_switch_ons_a_room_logged_are_added_to_an_appliance_as_captures(qtbot, store, campus):
    from dataclasses import asdict
    from datetime import timedelta

    from app import clock
    from db.models import ElectricityMeter
    from db.models import MeterEvent as EventRow
    from drivers.ddsy_records import EventType, MeterEvent

    library_store.save(store, campus.tech, _kettles_and_a_concentrator())
    room = campus.rooms["B1-101"]
    with store.write() as s:
        meter_id = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        for n, kind in enumerate((EventType.SWITCH_ON, EventType.MALIGNANT_TRIP, EventType.SWITCH_OFF), 1):
            rec = MeterEvent(1, n, int(kind), 1, 900_000_000 + n, 1700 + n, 0, 931, 201, 90, 40, 262, 150, 20, 110,
                             1700 + n, 0xFFFF, 2 if kind == EventType.MALIGNANT_TRIP else 0)
            s.add(EventRow(meter_id=meter_id, seq=n, type=int(kind), branch=1, meter_time=rec.time_s,
                           payload={k: v for k, v in asdict(rec).items() if k != "address"},
                           received_at=clock.now() - timedelta(hours=n)))
    page = _page(qtbot, store, campus.tech)
    tab = page.library
    assert not tab.events_button.isEnabled()
    tab.list.select_where(lambda a: a.name == "kettle")
    assert tab.events_button.isEnabled()
    form = tab.add_from_events(tab.list.current())
    form.fields["room"][0].setCurrentText("B1-101")
    form.fields["room"][0].lineEdit().editingFinished.emit()
    events = form.events
    qtbot.waitUntil(lambda: events.model.rowCount() == 2, timeout=10000)      # the switch-off is not listed
    assert _texts(events, 2) == ["1701", "1702"] and _texts(events, 5) == ["allowed", "tripped"]
    assert _texts(events, 6) == ["not examined", "not examined"]
    form.ok.click()
    qtbot.waitUntil(lambda: bool(form.field_error("events")), timeout=10000)
    assert form.field_error("events") == "Choose the switch-ons that were this appliance."
    events.select_where(lambda e: True)
    events.table.selectAll()
    assert form.fields["device"][0].text() == "B1-101 sockets"
    if FOLDER:
        os.makedirs(FOLDER, exist_ok=True)
        QApplication.processEvents()
        form.grab().save(os.path.join(FOLDER, "admin-loads-from-events-en.png"))
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert tab.list.message.text() == "Library version 2 saved: 2 switch-on(s) added to kettle."
    caps = _current(store).by_name("kettle").captures
    assert [(c.source, c.device, c.features.dp) for c in caps[3:]] == [("event", "B1-101 sockets", 1701),
                                                                       ("event", "B1-101 sockets", 1702)]
    assert _texts(tab.list, 5) == ["5", "1"]


def test_export_then_import_into_a_fresh_store_round_trips(qtbot, store, campus, tmp_path, sqlite_template):
    library_store.save(store, campus.tech, _kettles_and_a_concentrator())
    page = _page(qtbot, store, campus.admin)
    tab = page.library
    first = tmp_path / "campus-library"          # no suffix: .json is added
    tab.export_file(str(first))
    qtbot.waitUntil(lambda: tab.list.message.text() != "", timeout=10000)
    written = first.with_suffix(".json")
    assert tab.list.message.text() == f"Library version 1 (2 appliances) exported to {written}."

    shutil.copy(sqlite_template, tmp_path / "other.db")
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        there = make_campus(other, rooms_per_gender=2, students_per_gender=1)
        page2 = _page(qtbot, other, there.tech)
        tab2 = page2.library
        tab2.import_file(str(written))
        qtbot.waitUntil(lambda: tab2.confirmation is not None, timeout=10000)
        assert tab2.confirmation.text().startswith("campus-library.json holds 2 appliances. It becomes version 1")
        _yes(qtbot, tab2)
        assert tab2.list.message.text() == ("campus-library.json imported: the library is now version 1 with 2 "
                                            "appliances.")
        assert _current(other) == _current(store)
        assert _texts(tab2.list, 0) == ["kettle", "oxygen concentrator"]
        again = tmp_path / "again.json"
        tab2.list.show_message(None)
        tab2.export_file(str(again))
        qtbot.waitUntil(lambda: tab2.list.message.text() != "", timeout=10000)
        assert again.read_bytes() == written.read_bytes()
    finally:
        other.dispose()


def test_a_file_of_a_newer_format_is_refused_and_nothing_changes(qtbot, store, campus, tmp_path):
    library_store.save(store, campus.tech, _kettles_and_a_concentrator())
    page = _page(qtbot, store, campus.admin)
    tab = page.library
    newer = dict(_kettles_and_a_concentrator().to_json(), format_version=2, appliances=[])
    path = tmp_path / "from-2028.json"
    path.write_text(json.dumps(newer), encoding="utf-8")
    tab.import_file(str(path))
    qtbot.waitUntil(lambda: tab.list.message.text() != "", timeout=10000)
    assert tab.list.message.text() == ("from-2028.json: written by a newer DormWatt (library format 2; this version "
                                       "reads up to 1); update DormWatt to read it")
    assert "b02a37" in tab.list.message.styleSheet()
    assert tab.confirmation is None
    assert _versions(store) == 1 and _current(store) == _kettles_and_a_concentrator()
    assert _texts(tab.list, 0) == ["kettle", "oxygen concentrator"]

    tab.import_file(str(tmp_path / "missing.json"))
    qtbot.waitUntil(lambda: "missing.json" in tab.list.message.text(), timeout=10000)
    assert tab.list.message.text() == f"There is no library file {tmp_path / 'missing.json'}."
    assert _versions(store) == 1


# ----- profiles and where they apply --------------------------------------------------------------------

def test_a_profile_assigned_to_a_building_is_inherited_by_its_rooms(qtbot, store, campus):
    campus_wide = profiles.save_profile(store, campus.admin, "Campus default", profiles.LoadPlan())
    profiles.assign(store, campus.admin, "campus", profile_id=campus_wide)
    page = _page(qtbot, store, campus.admin, "profiles")
    tab = page.profiles
    assert _texts(tab.list, 0) == ["Campus default"]
    assert _texts(tab.list, 3) == ["≤ 1500 W · resistive rule · block and allow slots · 3 trips a day"]

    form = tab.edit(None)
    form.fields["name"][0].setText("Strict sockets")
    grid = form.fields["branches"][0]
    grid.cells["max_power_w", 1].setValue(1200)
    grid.cells["resistive_pf_milli", 1].setValue(0.985)
    grid.cells["recovery_time_s", 1].setValue(60)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert tab.list.message.text() == "Profile Strict sockets saved."
    with store.read() as s:
        strict = next(p for p in profiles.list_profiles(s) if p.name == "Strict sockets")
    sockets = strict.plan.branches[1]
    assert (sockets.max_power_w, sockets.resistive_pf_milli, sockets.recovery_time_s) == (1200, 985, 60)
    assert strict.plan.branches[0] == profiles.QUIET

    form = tab.assign()
    scope = form.fields["scope"][0]
    scope.setCurrentIndex(scope.findData("building"))
    profile = form.fields["profile_id"][0]
    profile.setCurrentIndex(profile.findData(strict.id))
    form.fields["reason"][0].setText("Undergraduates")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    assert _texts(tab.assigned, 1) == ["Campus", "Building B1"]
    assert _texts(tab.assigned, 2) == ["Campus default", "Strict sockets"]

    room_tab = page.room
    with qtbot.waitSignal(room_tab.loaded, timeout=10000):
        page.show_tab("room")
    with qtbot.waitSignal(room_tab.shown, timeout=10000):
        room_tab.show_room("B1-201")
    assert room_tab.chain.text().split("\n") == [
        "B1-201: Strict sockets",
        "Campus: Campus default — overridden by the building's assignment",
        "Building B1: Strict sockets (Undergraduates) — in force"]
    settings = room_tab.settings.text().split("\n")
    assert settings[0] == ("Lighting: trips above 3000 W for 5 s, stays open until reset, locked out after 3 "
                           "trips a day")
    assert settings[1] == ("Sockets: trips above 1200 W for 5 s, resistive rule PF ≥ 0.985, THD ≤ 10.0 %, block "
                           "and allow slots, steps from 300 W decided in 2 s, closes again after 60 s, locked out "
                           "after 3 trips a day")
    assert settings[-1] == "Host: auto-release: No; suspect from 300 W"
    assert room_tab.slots_head.text() == ("No signature library has been saved yet: the meter's slots are not "
                                          "managed.")

    with qtbot.waitSignal(room_tab.shown, timeout=10000):
        room_tab.show_room("Z9-999")
    assert room_tab.message.text() == "There is no room “Z9-999”."


def _heaters_and_an_inverter_ac() -> Library:
    lib, heater = Library().with_appliance("heater", Verdict.BLOCK, category="heating")
    lib = lib.with_captures(heater.ident, [Capture(Features(dp=1200 + 300 * k, pf=1000 - k, i3=25, i5=15, thd=30 + 10 * k),
                                                   device=f"h{k}") for k in range(3)])
    lib, ac = lib.with_appliance("inverter air conditioner", Verdict.ALLOW, category="cooling")
    lib = lib.with_captures(ac.ident, [Capture(Features(dp=900, pf=995, i3=40, i5=20, thd=45), device="ac")])
    return Library(1, lib.appliances)


def test_the_resistive_rule_is_tuned_from_the_library_in_the_profile_editor(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin, "profiles")
    tab = page.profiles
    form = tab.edit(None)
    form.tune_button.click()                                        # no library yet
    qtbot.waitUntil(lambda: form.tuned_done, timeout=10000)
    assert form.tuned_text.text() == ("No signature library has been saved yet: there is nothing to tune the rule "
                                      "from.")
    form.reject()

    library_store.save(store, campus.tech, _heaters_and_an_inverter_ac(), "bench day")
    form = tab.edit(None)
    form.fields["name"][0].setText("Tuned")
    grid = form.fields["branches"][0]
    assert grid.cells["resistive_pf_milli", 1].value() == 0.990
    form.tune_button.click()
    qtbot.waitUntil(lambda: form.tuned_done, timeout=10000)
    assert grid.cells["resistive_pf_milli", 1].value() == 0.997          # 0.001 under the lowest heater capture
    assert grid.cells["resistive_thd_permille", 1].value() == 8.0        # 3 % over the highest
    assert grid.cells["resistive_pf_milli", 0].value() == 0.990          # lighting: no resistive rule, untouched
    assert form.tuned_text.text() == (
        "Library version 1: the captures of heater have PF ≥ 0.998 and THD ≤ 5.0 %. The rule of Sockets is set "
        "to PF ≥ 0.997 and THD ≤ 8.0 %. No longer tripped by the rule: inverter air conditioner. A heater unlike "
        "those captured may pass the rule; the slots and the host's second line are there for it.")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.ok.click()
    with store.read() as s:
        tuned = next(p for p in profiles.list_profiles(s) if p.name == "Tuned")
    assert (tuned.plan.branches[1].resistive_pf_milli, tuned.plan.branches[1].resistive_thd_permille) == (997, 80)


def test_a_technician_sees_profiles_read_only_and_a_clerk_has_no_page(qtbot, store, campus):
    assert "loads" in {p.key for p in pages.pages_for(campus.tech)}
    assert "loads" in {p.key for p in pages.pages_for(campus.admin)}
    assert "loads" not in {p.key for p in pages.pages_for(campus.clerk)}
    window = AdminWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
    qtbot.addWidget(window)
    assert window.show_page("loads") is None
    page = _page(qtbot, store, campus.tech, "profiles")
    tab = page.profiles
    assert not tab.new_button.isEnabled() and not tab.add_button.isEnabled()
    assert page.library.new_button.isEnabled()
    assert page.meters.push_button.isEnabled()           # a technician may push


# ----- the slots a room's meter gets ---------------------------------------------------------------------

def _crowded() -> Library:
    """34 blocked appliances for the whole campus and one allowed in room B1-101: 35 wanted, 32 slots."""
    lib = Library()
    for k in range(34):
        lib, app = lib.with_appliance(f"heater {k:02d}", Verdict.BLOCK, priority=k % 3)
        lib = lib.with_captures(app.ident, [Capture(Features(dp=400 + 60 * k, pf=930, i3=200, i5=90, thd=260),
                                                    device=f"h{k}")])
    lib, med = lib.with_appliance("CPAP", Verdict.ALLOW, scope=Scope(ScopeLevel.ROOM, "B1-101"))
    lib = lib.with_captures(med.ident, [Capture(Features(dp=350, pf=995, i3=30, i5=15, thd=60), device="c")])
    return Library(1, lib.appliances)


def test_the_slots_preview_lists_what_is_left_out_and_why(qtbot, store, campus):
    library_store.save(store, campus.tech, _crowded())
    page = _page(qtbot, store, campus.admin, "room")
    tab = page.room
    with qtbot.waitSignal(tab.shown, timeout=10000):
        tab.show_room("B1-101")
    assert tab.chain.text().split("\n") == ["B1-101: not managed: its meter keeps its own settings",
                                            "No assignment reaches this room."]
    assert tab.slots_head.text() == "B1-101: 32 of 32 signature slots (1 allowed, 31 blocked)"
    assert len(tab.slots.rows()) == 32
    assert tab.slots.model.text(0, 2) == "CPAP" and tab.slots.model.text(0, 1) == "Allow"
    assert tab.slots.model.text(0, 3) == "Room B1-101"
    # the room's own entry first, then by priority: the three heaters of priority 0 with the highest ids are out
    assert tab.left_head.text() == "Left out: 3"
    assert sorted(_texts(tab.left_out, 0)) == ["heater 27", "heater 30", "heater 33"]
    assert set(_texts(tab.left_out, 3)) == {
        "all 32 slots went to entries of a narrower scope or a higher priority"}

    # another room has no CPAP: one more heater fits
    with qtbot.waitSignal(tab.shown, timeout=10000):
        tab.show_room("B1-102")
    assert tab.slots_head.text() == "B1-102: 32 of 32 signature slots (0 allowed, 32 blocked)"
    assert "CPAP" not in _texts(tab.slots, 2)
    assert sorted(_texts(tab.left_out, 0)) == ["heater 30", "heater 33"]


# ----- pictures (DORMWATT_SCREENSHOTS=/tmp/shots) ---------------------------------------------------------

@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_loads_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    from ui import i18n

    lib = _kettles_and_a_concentrator()
    crowded = _crowded()
    for a in crowded.appliances[:33]:
        lib, _a = lib.with_appliance(a.name, a.verdict, scope=a.scope, priority=a.priority)
        lib = lib.with_captures(_a.ident, a.captures)
    library_store.save(store, campus.tech, Library(1, lib.appliances), "bench day")
    strict = profiles.save_profile(store, campus.admin, "Undergraduate sockets", profiles.LoadPlan())
    profiles.assign(store, campus.admin, "campus", profile_id=strict)
    profiles.assign(store, campus.admin, "room", room_id=campus.rooms["B1-102"], profile_id=None,
                    reason="Medical exemption")
    os.makedirs(FOLDER, exist_ok=True)
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        page = window.show_page("loads")
        qtbot.waitUntil(lambda: len(page.library.list.rows()) == 35, timeout=10000)
        page.library.list.select_where(lambda a: a.name == "kettle")
        for key in ("library", "profiles", "room", "meters"):
            tab = page.tab(key)
            if key != "library":
                with qtbot.waitSignal(tab.loaded, timeout=10000):
                    page.show_tab(key)
            if key == "room":
                with qtbot.waitSignal(tab.shown, timeout=10000):
                    tab.show_room("B1-101")
            for width, height in ((1366, 768), (1920, 1080)):
                window.resize(width, height)
                QApplication.processEvents()
                window.grab().save(os.path.join(FOLDER, f"admin-loads-{key}-{language}-{width}.png"))
        window.resize(1366, 768)
        page.show_tab("profiles")
        form = page.profiles.edit(page.profiles.list.rows()[0])
        QApplication.processEvents()
        form.grab().save(os.path.join(FOLDER, f"admin-loads-profile-editor-{language}.png"))
        form.tune_button.click()
        qtbot.waitUntil(lambda: form.tuned_done, timeout=10000)
        QApplication.processEvents()
        form.grab().save(os.path.join(FOLDER, f"admin-loads-profile-tuned-{language}.png"))
        form.reject()
        page.show_tab("library")
        form = page.library.edit(page.library.list.current())
        scope = form.fields["scope"][0]
        scope.setCurrentIndex(scope.findData("room"))
        QApplication.processEvents()
        form.grab().save(os.path.join(FOLDER, f"admin-loads-appliance-{language}.png"))
        form.reject()
    finally:
        i18n.remove_translations(qapp)
