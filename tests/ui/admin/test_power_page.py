"""The Power policies page: a term added through the form (and one ending before it starts refused under
its field), a holiday table imported (a bad one refused, nothing changed), policies listed with their
one-line summary and retired, an assignment added and "Which policy applies?" answered with the chain,
the meters' sync states, a push followed and cancelled; a clerk has no such page.

The session's clock is pinned (tests/conftest.py: 2026-11-16, a Monday in term); dates here are fixed."""
from __future__ import annotations

import json
import os
from datetime import date

import pytest
from admin_pages import open_page
from PySide6.QtCore import QDate, Qt

from app.demo.power import UNDERGRADUATE
from app.policies import calendar_admin, policies, push
from app.policies.model import BranchPlan, Period, PolicyPlan
from db.models import Building, Room
from db.models_power import PolicyPush
from tests.factories import make_campus
from ui.admin import pages
from ui.admin.power_page import PowerPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

LIGHTS_OFF = PolicyPlan((
    BranchPlan(schedule=True, workday=(Period(23 * 60, 6 * 60),)),
    BranchPlan(),
    BranchPlan(),
))


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=1, students_per_gender=1)


def _page(qtbot, store, actor) -> PowerPage:
    return open_page(qtbot, PowerPage, store, actor, loaded=("tab_loaded",))


def _show(qtbot, page: PowerPage, key: str):
    with qtbot.waitSignal(page.tab(key).loaded, timeout=10000):
        widget = page.show_tab(key)
    return widget


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _texts(lst, column: int) -> list[str]:
    return [lst.model.text(r, column) for r in range(lst.model.rowCount())]


# ----- calendar ----------------------------------------------------------------------------------------

def test_a_term_is_added_through_the_form_and_a_backwards_one_is_refused(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    tab = page.calendar
    assert page.tabs.currentWidget() is tab and tab.terms.shown() == []
    assert "No term is set: the meters treat 2026-11-16 to 2027-11-16 as one term" in tab.plan.text()

    form = tab.add_term()
    form.fields["name"][0].setText("2026 autumn")
    form.fields["first_day"][0].setDate(_qdate(date(2026, 9, 7)))
    form.fields["last_day"][0].setDate(_qdate(date(2027, 1, 22)))
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.accept()
    assert [(t.name, t.first_day, t.last_day) for t in tab.terms.shown()] == [
        ("2026 autumn", date(2026, 9, 7), date(2027, 1, 22))]
    assert _texts(tab.terms, 1) == ["2026-09-07"] and _texts(tab.terms, 2) == ["2027-01-22"]
    assert tab.terms.message.text() == "Term 2026 autumn added."
    assert "Term: 2026 autumn, 2026-09-07 – 2027-01-22" in tab.plan.text()

    form = tab.add_term()
    form.fields["name"][0].setText("Backwards")
    form.fields["first_day"][0].setDate(_qdate(date(2027, 3, 1)))
    form.fields["last_day"][0].setDate(_qdate(date(2027, 2, 1)))
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("last_day")), timeout=10000)
    assert form.field_error("last_day") == "Term “Backwards” ends before it starts."
    assert form.isVisible()
    form.reject()
    assert [t.name for t in calendar_admin.terms(store)] == ["2026 autumn"]


def test_a_holiday_table_is_imported_and_a_bad_one_changes_nothing(qtbot, store, campus, tmp_path):
    page = _page(qtbot, store, campus.admin)
    tab = page.calendar
    good = tmp_path / "campus-2026.json"
    good.write_text(json.dumps({"source": "test-2026", "year": 2026, "holidays": [
        {"name": "元旦", "first_day": "2027-01-01", "last_day": "2027-01-03", "kind": "off"},
        {"name": "Sports day", "first_day": "2026-11-20", "last_day": "2026-11-20", "kind": "off"},
        {"name": "Swap", "first_day": "2026-11-22", "last_day": "2026-11-22", "kind": "work"},
    ]}, ensure_ascii=False), encoding="utf-8")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.import_file(str(good))
    assert tab.holidays.message.text() == "test-2026: 3 holiday rows imported, 0 replaced."
    assert [(h.name, h.source) for h in tab.holidays.shown()] == [
        ("Sports day", "test-2026"), ("Swap", "test-2026"), ("元旦", "test-2026")]
    assert _texts(tab.holidays, 1) == ["2026-11-20", "2026-11-22", "2027-01-01 – 2027-01-03"]
    assert _texts(tab.holidays, 2) == ["Day off", "Swapped working day", "Day off"]

    bad = tmp_path / "holidays.json"
    bad.write_text(json.dumps([{"name": "x", "first_day": "2026-12-01", "last_day": "2026-12-01"}]),
                   encoding="utf-8")
    tab.holidays.show_message(None)
    tab.import_file(str(bad))
    qtbot.waitUntil(lambda: tab.holidays.message.text() != "", timeout=10000)
    assert tab.holidays.message.text() == "The holiday file needs a “holidays” list."
    assert "b02a37" in tab.holidays.message.styleSheet()       # shown as an error
    assert len(calendar_admin.holidays(store)) == 3
    assert len(tab.holidays.shown()) == 3


def test_rest_days_are_saved(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    tab = page.calendar
    assert [b.isChecked() for b in tab.rest_boxes] == [False] * 5 + [True, True]
    tab.rest_boxes[4].setChecked(True)
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        qtbot.mouseClick(tab.save_rest_button, Qt.MouseButton.LeftButton)
    assert calendar_admin.rest_mask(store) == 0x70
    assert tab.terms.message.text() == "Rest days saved; the meters take them at the next push."


# ----- policies ----------------------------------------------------------------------------------------

def test_policies_show_their_summary_and_are_retired(qtbot, store, campus):
    spare = policies.save_policy(store, campus.admin, "Lights off", LIGHTS_OFF)
    policies.save_policy(store, campus.admin, "Undergraduate", UNDERGRADUATE)
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "policies")
    assert _texts(tab.list, 0) == ["Lights off", "Undergraduate"]
    assert _texts(tab.list, 1) == ["1", "1"]
    assert _texts(tab.list, 2)[0] == "Lighting off workdays 23:00–06:00"
    assert _texts(tab.list, 2)[1] == ("Lighting off workdays 23:00–06:00, rest days 00:30–06:00 · "
                                      "Lighting off on holidays · "
                                      "Sockets low-power 300 W workdays 23:00–06:00, rest days 00:30–06:00 · "
                                      "AC standby 80 mA")
    assert tab.new_button.isEnabled()

    tab.list.select_where(lambda p: p.id == spare)
    assert tab.retire_button.isEnabled()
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    assert _texts(tab.list, 0) == ["Undergraduate"]
    assert tab.list.message.text() == "Policy Lights off retired."
    with store.read() as s:
        assert [p.retired for p in policies.list_policies(s, retired=True) if p.id == spare] == [True]


def test_new_policy_goes_through_the_editor_and_is_saved(qtbot, store, campus, monkeypatch):
    from ui.policies import policy_editor

    seen = {}

    def edit_policy(parent, *, name, plan, calendar, preview_day):
        # the real editor, driven without its modal loop: the name typed, the plan as given
        dialog = policy_editor.PolicyEditor(parent, name=name, plan=LIGHTS_OFF, calendar=calendar,
                                            preview_day=preview_day)
        qtbot.addWidget(dialog)
        seen["start"] = (name, plan, preview_day)
        assert not dialog.ok.isEnabled() and dialog.problem_text() == "Give the policy a name."
        dialog.name_edit.setText("Lights off")
        assert dialog.ok.isEnabled()
        return dialog.result_value()

    monkeypatch.setattr(policy_editor, "edit_policy", edit_policy)
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "policies")
    assert tab.list.shown() == []
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    assert seen["start"][0] == "" and seen["start"][2] == date(2026, 11, 16)
    assert _texts(tab.list, 0) == ["Lights off"]
    assert _texts(tab.list, 2) == ["Lighting off workdays 23:00–06:00"]
    assert tab.list.message.text() == "Policy Lights off saved."
    with store.read() as s:
        assert [(p.name, p.plan) for p in policies.list_policies(s)] == [("Lights off", LIGHTS_OFF)]


def test_an_assigned_policy_is_not_retired_and_says_why(qtbot, store, campus):
    pid = policies.save_policy(store, campus.admin, "Lights off", LIGHTS_OFF)
    policies.assign(store, campus.admin, "campus", policy_id=pid)
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "policies")
    tab.list.select_where(lambda p: p.id == pid)
    qtbot.mouseClick(tab.retire_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.list.message.text() != "", timeout=10000)
    assert tab.list.message.text().startswith("The policy “Lights off” is still assigned to")
    assert _texts(tab.list, 0) == ["Lights off"]


# ----- assignments -------------------------------------------------------------------------------------

def test_a_building_assignment_is_added_and_the_room_chain_shown(qtbot, store, campus):
    pid = policies.save_policy(store, campus.admin, "Lights off", LIGHTS_OFF)
    policies.assign(store, campus.admin, "campus", policy_id=None, reason="Before term")
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "assignments")
    assert _texts(tab.list, 1) == ["Campus"]

    form = tab.add()
    scope = form.fields["scope"][0]
    scope.setCurrentIndex(scope.findData("building"))
    policy = form.fields["policy_id"][0]
    policy.setCurrentIndex(policy.findData(pid))
    form.fields["reason"][0].setText("Undergraduates")
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        form.accept()
    assert [(a.scope, a.policy_name, a.reason) for a in tab.list.shown()] == [
        ("campus", None, "Before term"), ("building", "Lights off", "Undergraduates")]
    assert _texts(tab.list, 1) == ["Campus", "Building B1"]
    assert _texts(tab.list, 2) == ["Exempt", "Lights off"]
    assert tab.list.message.text() == "Assignment added: Building: Lights off."
    with store.read() as s:
        assert [(a.scope, a.building_id, a.policy_id) for a in policies.assignments(s)][1][2] == pid

    tab.search.setText("B1-101")
    tab.day.setDate(_qdate(date(2026, 11, 18)))
    with qtbot.waitSignal(tab.resolved, timeout=20000):
        qtbot.mouseClick(tab.show_button, Qt.MouseButton.LeftButton)
    lines = tab.chain.text().split("\n")
    assert lines[0] == "B1-101 on 2026-11-18: Lights off"
    assert lines[1].startswith("Campus: Exempt (Before term) — overridden")
    assert lines[2].startswith("Building B1: Lights off (Undergraduates) — in force")

    # a room added after a search is found once the tab reloads
    with store.write() as s:
        s.add(Room(building_id=s.query(Building).one().id, number="305", floor=3, beds=2, gender="M"))
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        page.refresh()
    tab.search.setText("B1-305")
    with qtbot.waitSignal(tab.resolved, timeout=20000):
        tab.which()
    assert tab.chain.text().split("\n")[:3] == [
        "B1-305 on 2026-11-18: Lights off", lines[1], lines[2]]

    tab.search.setText("Z9-999")
    with qtbot.waitSignal(tab.resolved, timeout=20000):
        tab.which()
    assert tab.chain.text() == "No room matches “Z9-999”."


def test_an_exemption_without_a_reason_is_refused_under_its_field(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "assignments")
    form = tab.add()
    policy = form.fields["policy_id"][0]
    assert policy.currentText() == "Exempt (no policy)"
    form.accept()
    qtbot.waitUntil(lambda: bool(form.field_error("reason")), timeout=10000)
    assert form.field_error("reason") == "Say why this exemption is granted (for example “graduate floor”)."
    form.reject()
    with store.read() as s:
        assert policies.assignments(s) == []


# ----- meters --------------------------------------------------------------------------------------------

def test_meters_show_their_sync_state_and_a_push_is_followed_then_cancelled(qtbot, store, campus):
    page = _page(qtbot, store, campus.admin)
    tab = _show(qtbot, page, "meters")
    # no runtime: no meter was ever checked, each waits for its configuration
    assert [(r[1], r[2], r[3], r[4]) for r in tab.lines.shown()] == [("bus-1", 0, 2, 0)]
    assert _texts(tab.lines, 0) == ["bus-1"] and _texts(tab.lines, 2) == ["2"]
    assert sorted(r.room_label for r in tab.meters.shown()) == ["B1-101", "B1-201"]
    assert set(_texts(tab.meters, 3)) == {"Pending"}
    assert not tab.progress_box.isVisible() and not tab.cancel_button.isEnabled()

    with qtbot.waitSignal(tab.progressed, timeout=10000) as progressed:
        qtbot.mouseClick(tab.push_button, Qt.MouseButton.LeftButton)
    assert progressed.args == ["running"]
    with store.read() as s:
        pushes = s.query(PolicyPush).all()
        assert [(p.id, p.status) for p in pushes] == [(tab.push_id, "running")]
        assert push.push_status(s, tab.push_id).status == "running"
    assert tab.progress_box.isVisible()
    assert tab.push_state.text() == f"Push {tab.push_id} running…"
    bar = tab.bars[tab.lines.shown()[0][0]]
    assert (bar.value(), bar.maximum()) == (0, 2)
    assert bar.text() == "bus-1: 0 of 2 done, 0 failed"
    assert tab.cancel_button.isEnabled() and not tab.push_button.isEnabled()
    assert tab.lines.message.text() == "The settings are on their way to the meters."

    with qtbot.waitSignal(tab.progressed, timeout=10000, check_params_cb=lambda s: s == "cancelled"):
        qtbot.mouseClick(tab.cancel_button, Qt.MouseButton.LeftButton)
    assert tab.push_state.text() == (f"Push {tab.push_id} cancelled: each meter keeps its old or its new "
                                     "settings.")
    assert tab.lines.message.text() == "Push cancelled."
    assert tab.push_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert not tab.timer.isActive()
    with store.read() as s:
        assert push.push_status(s, tab.push_id).status == "cancelled"
        assert {r.reason for r in push.sync_rows(s)} == {push.CANCELLED_REASON}
    qtbot.waitUntil(lambda: set(_texts(tab.meters, 4)) == {"Push cancelled."}, timeout=10000)

    # following a push that has ended (an event from another workstation) offers no Cancel
    with qtbot.waitSignal(tab.progressed, timeout=10000) as progressed:
        tab.follow(tab.push_id)
        assert not tab.cancel_button.isEnabled()
    assert progressed.args == ["cancelled"] and not tab.cancel_button.isEnabled()


# ----- who sees the page ---------------------------------------------------------------------------------

def test_a_clerk_has_no_power_page(qtbot, store, campus):
    assert "power" in {p.key for p in pages.pages_for(campus.admin)}
    assert "power" not in {p.key for p in pages.pages_for(campus.clerk)}
    window = AdminWindow(AppContext(store=store, actor=campus.clerk, school="东华理工大学"))
    qtbot.addWidget(window)
    assert window.show_page("power") is None


def test_the_admin_window_opens_the_power_page(qtbot, store, campus):
    calendar_admin.add_term(store, campus.admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 22))
    window = AdminWindow(AppContext(store=store, actor=campus.admin, school="东华理工大学"))
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("power")
    assert isinstance(page, PowerPage)
    qtbot.waitUntil(lambda: [t.name for t in page.calendar.terms.shown()] == ["2026 autumn"], timeout=10000)


# ----- pictures for the README (DORMWATT_SCREENSHOTS=docs/screenshots) ------------------------------------

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")


@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_power_page_screenshots(qtbot, qapp, store, campus, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    from PySide6.QtWidgets import QApplication

    from ui import i18n

    admin = campus.admin
    calendar_admin.add_term(store, admin, "2026–2027 autumn", date(2026, 9, 7), date(2027, 1, 22))
    for table in calendar_admin.shipped_tables():
        calendar_admin.import_holidays(store, admin, table.read_bytes(), table.name)
    pid = policies.save_policy(store, admin, "Undergraduate lights-off", UNDERGRADUATE)
    policies.assign(store, admin, "campus", policy_id=pid)
    policies.assign(store, admin, "room", room_id=campus.rooms["B1-101"], policy_id=None, reason="Medical exemption")
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.show()
        page = window.show_page("power")
        qtbot.waitUntil(lambda: len(page.calendar.terms.shown()) == 1, timeout=10000)
        shots = [("calendar", None)]
        for key in ("policies", "assignments", "meters"):
            _show(qtbot, page, key)
            if key == "assignments":
                tab = page.tab(key)
                tab.search.setText("B1-201")
                tab.day.setDate(_qdate(date(2026, 11, 17)))
                with qtbot.waitSignal(tab.resolved, timeout=20000):
                    tab.which()
            shots.append((key, None))
        for key, _none in shots:
            page.show_tab(key)
            for width, height in ((1366, 768), (1920, 1080)):
                window.resize(width, height)
                QApplication.processEvents()
                window.grab().save(os.path.join(FOLDER, f"admin-power-{key}-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
