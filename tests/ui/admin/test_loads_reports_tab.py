"""The Reports tab of the Malignant loads page: the term holding the campus's today chosen by itself; a
term's meter trips, host openings, suspects and releases by building, room and appliance (the room
that stopped most first); the repeat offender; the releases with when (campus time), who (the clerk by
name, the host as the system) and the branches in words; another term empty; a custom period; a list
exported to .xlsx as shown.

With DORMWATT_SCREENSHOTS set, pictures of the tab at 1366×768 and 1920×1080 go there."""
from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest
from admin_pages import open_page
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app import clock
from app.access import Actor
from app.metering.runtime import commands
from app.policies import calendar_admin
from db.models import ElectricityMeter, MeterEvent
from db.models_loads import LoadIdentification
from drivers.ddsy_records import EventType
from tests.factories import make_campus
from ui.admin.loads_page import LoadsPage
from ui.admin.window import AdminWindow
from ui.app_context import AppContext

FOLDER = os.environ.get("DORMWATT_SCREENSHOTS")
T0 = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)           # 20:00 on campus
CST = datetime.fromisoformat("2026-11-02T00:00:00+08:00").tzinfo


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2)


def _event(store, room_id: int, at: datetime, kind: EventType, *, appliance: str | None = None,
           host: str = "none", decision: str = "trip", verdict: str = "block", dp: int = 1500) -> None:
    """One §13 event as the recorder stores it, and what the host made of it (None: no library yet)."""
    with store.write() as s:
        meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id))
        ev = MeterEvent(meter_id=meter, seq=int(at.timestamp()) % 60000 + 1, type=int(kind), branch=1,
                        meter_time=int(at.timestamp()), payload={"dp": dp}, received_at=at)
        s.add(ev)
        s.flush()
        if appliance is not None:
            s.add(LoadIdentification(event_id=ev.id, room_id=room_id, branch=1, appliance=appliance, verdict=verdict,
                                     distance=0.8, meter_action="tripped" if kind == EventType.MALIGNANT_TRIP
                                     else "allowed", decision=decision, host_action=host, dp_w=dp,
                                     library_version=3, decided_at=at + timedelta(seconds=1)))


@pytest.fixture
def events(store, campus):
    """Two terms; in the autumn one, the events of tests/app/test_loads_reports.py and two releases."""
    calendar_admin.add_term(store, campus.admin, "2026 spring", date(2026, 2, 23), date(2026, 7, 10))
    calendar_admin.add_term(store, campus.admin, "2026 autumn", date(2026, 9, 1), date(2027, 1, 15))
    r101, r102, r201 = campus.rooms["B1-101"], campus.rooms["B1-102"], campus.rooms["B1-201"]
    trip = EventType.MALIGNANT_TRIP
    for day in range(3):
        _event(store, r101, T0 + timedelta(days=day), trip, appliance="kettle")
    _event(store, r101, T0 + timedelta(days=4), EventType.SWITCH_ON, appliance="induction_cooker", host="open")
    _event(store, r102, T0, trip)
    _event(store, r102, T0 + timedelta(hours=2), EventType.SWITCH_ON, appliance="unknown", host="suspect",
           decision="suspect", verdict="")
    _event(store, r201, T0, trip, appliance="water_dispenser", host="release", decision="allow", verdict="allow",
           dp=500)
    _event(store, r101, datetime(2026, 8, 20, tzinfo=UTC), trip, appliance="kettle")      # before the term
    with clock.use(clock.FixedClock(datetime(2026, 11, 2, 20, 0, 2, tzinfo=CST))):
        commands.request_load_release(store, Actor.system(), r201, 1, "water_dispenser")
    with clock.use(clock.FixedClock(datetime(2026, 11, 3, 9, 30, tzinfo=CST))):
        commands.request_release_trips(store, campus.clerk, r102)
    return campus


def _reports(qtbot, store, actor):
    page = open_page(qtbot, LoadsPage, store, actor, loaded=("tab_loaded",))
    with qtbot.waitSignal(page.reports.loaded, timeout=10000):
        page.show_tab("reports")
    return page, page.reports


def _rows(lst) -> list[list[str]]:
    """What the list shows, row by row, as a person reads it (sorted and filtered as shown)."""
    return [[lst.proxy.index(r, c).data() for c in range(lst.proxy.columnCount())]
            for r in range(lst.proxy.rowCount())]


def test_a_terms_report_by_room_offenders_and_releases_then_exported(qtbot, store, events, tmp_path):
    page, tab = _reports(qtbot, store, events.admin)
    # the term holding the campus's today (2026-11-16) is chosen by itself
    assert tab.period.currentText() == "2026 autumn"
    assert (tab.first_day.date(), tab.last_day.date()) == (QDate(2026, 9, 1), QDate(2027, 1, 15))
    assert not tab.first_day.isEnabled()

    # another term: nothing happened then
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        assert tab.choose_term("2026 spring")
    assert tab.totals.text() == (
        "2026-02-23 – 2026-07-10 — stopped: 0 (meter trips: 0, opened by the host: 0) · suspects: 0 · released: 0 "
        "· repeat offenders: 0")
    assert all(lst.model.rowCount() == 0 for lst in tab.lists.values())

    tab.choose_term("2026 autumn")
    qtbot.waitUntil(lambda: tab.lists["room"].model.rowCount() == 3, timeout=10000)
    qtbot.waitUntil(lambda: tab.lists["releases"].model.rowCount() == 2, timeout=10000)
    assert tab.totals.text() == (
        "2026-09-01 – 2027-01-15 — stopped: 5 (meter trips: 5, opened by the host: 1) · suspects: 1 · released: 2 "
        "· repeat offenders: 1")
    assert [tab.views.tabText(i) for i in range(tab.views.count())] == [
        "By building", "By room", "By appliance", "Repeat offenders", "Releases"]
    # columns: key, meter trips, host opened, suspects, released, stopped
    assert _rows(tab.lists["building"]) == [["B1", "5", "1", "1", "2", "5"]]    # the released dispenser ran
    assert _rows(tab.lists["room"]) == [["B1-101", "3", "1", "0", "0", "4"],
                                        ["B1-102", "1", "0", "1", "1", "1"],
                                        ["B1-201", "1", "0", "0", "1", "0"]]
    assert _rows(tab.lists["appliance"])[:2] == [["kettle", "3", "0", "0", "0", "3"],
                                                 ["unknown", "1", "0", "1", "0", "1"]]
    assert _rows(tab.lists["offenders"]) == [
        ["B1-101", "4", "2026-11-02 20:00:00", "2026-11-06 20:00:01", "kettle, induction_cooker"]]
    assert _rows(tab.lists["releases"]) == [
        ["2026-11-02 20:00:02", "System (automatic)", "B1-201", "Sockets", "water_dispenser", "Pending", ""],
        ["2026-11-03 09:30:00", "王芳", "B1-102", "Lighting, Sockets, Air conditioning", "", "Pending", ""]]

    # the lists sort and filter as every admin list does
    releases = tab.lists["releases"]
    releases.filter.setText("王芳")
    assert [r[1] for r in _rows(releases)] == ["王芳"] and releases.count.text() == "1 of 2 shown"
    rooms = tab.lists["room"]
    rooms.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert _rows(rooms)[0][0] == "B1-102"                       # the room with a suspect first

    # exported as shown: the numbers as numbers
    done: list[int] = []
    rooms.export(str(tmp_path / "rooms.xlsx"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    sheet = openpyxl.load_workbook(tmp_path / "rooms.xlsx").active
    assert sheet.title == "Malignant loads by room"
    assert list(sheet.iter_rows(values_only=True)) == [
        ("Room", "Meter trips", "Opened by the host", "Suspects", "Released", "Stopped"),
        ("B1-102", 1, 0, 1, 1, 1), ("B1-101", 3, 1, 0, 0, 4), ("B1-201", 1, 0, 0, 1, 0)]
    done.clear()
    releases.export(str(tmp_path / "releases.xlsx"), done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    written = list(openpyxl.load_workbook(tmp_path / "releases.xlsx").active.iter_rows(values_only=True))
    assert [r[:4] + r[5:6] for r in written] == [
        ("When", "Who", "Room", "Branches", "Status"),
        ("2026-11-03 09:30:00", "王芳", "B1-102", "Lighting, Sockets, Air conditioning", "Pending")]


def test_a_custom_period_and_one_that_ends_before_it_starts(qtbot, store, events):
    page, tab = _reports(qtbot, store, events.admin)
    tab.period.setCurrentIndex(tab.period.findText("Custom period"))
    tab.period.activated.emit(tab.period.currentIndex())
    assert tab.first_day.isEnabled() and tab.show_button.isEnabled()
    tab.first_day.setDate(QDate(2026, 11, 3))
    tab.last_day.setDate(QDate(2026, 11, 4))
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_button.click()
    assert tab.totals.text() == (
        "2026-11-03 – 2026-11-04 — stopped: 2 (meter trips: 2, opened by the host: 0) · suspects: 0 · released: 1 "
        "· repeat offenders: 0")
    assert _rows(tab.lists["room"]) == [["B1-101", "2", "0", "0", "0", "2"], ["B1-102", "0", "0", "0", "1", "0"]]
    assert [r[1] for r in _rows(tab.lists["releases"])] == ["王芳"]
    assert _rows(tab.lists["offenders"]) == []

    tab.first_day.setDate(QDate(2026, 11, 5))
    with qtbot.waitSignal(tab.loaded, timeout=10000):
        tab.show_button.click()
    assert tab.message.text() == "The period ends before it starts."



def test_a_half_wave_load_the_host_opened_is_listed_in_the_windows_language(qtbot, qapp, store, events):
    """"unknown" and "half-wave load" are the host's words, not library names: the by-appliance list of a
    Chinese window shows them in Chinese; a library name is shown as saved."""
    from app.loads.decide import HALF_WAVE
    from ui import i18n

    _event(store, events.rooms["B1-201"], T0 + timedelta(days=5), EventType.SWITCH_ON, appliance=HALF_WAVE,
           host="open", verdict="", dp=800)
    i18n.install_translations(qapp, "zh_CN")
    try:
        page, tab = _reports(qtbot, store, events.admin)
        qtbot.waitUntil(lambda: tab.lists["appliance"].model.rowCount() == 5, timeout=10000)
        shown = {r[0]: r[1:] for r in _rows(tab.lists["appliance"])}
        # meter trips, opened by the host, suspects, released, stopped
        assert shown["半波负载"] == ["0", "1", "0", "0", "1"]
        assert shown["未知"] == ["1", "0", "1", "0", "1"] and "kettle" in shown
    finally:
        i18n.remove_translations(qapp)


# ----- pictures (DORMWATT_SCREENSHOTS=/tmp/shots) ---------------------------------------------------------

@pytest.mark.skipif(not FOLDER, reason="screenshots only when DORMWATT_SCREENSHOTS is set")
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_loads_reports_screenshots(qtbot, qapp, store, events, language):
    if not store.url.startswith("sqlite"):
        pytest.skip("one backend is enough for pictures")
    from app.loads.decide import HALF_WAVE
    from ui import i18n

    os.makedirs(FOLDER, exist_ok=True)
    _event(store, events.rooms["B1-201"], T0 + timedelta(days=5), EventType.SWITCH_ON, appliance=HALF_WAVE,
           host="open", verdict="", dp=800)
    i18n.install_translations(qapp, language)
    try:
        window = AdminWindow(AppContext(store=store, actor=events.admin, school="东华理工大学"))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        page = window.show_page("loads")
        with qtbot.waitSignal(page.reports.loaded, timeout=10000):
            page.show_tab("reports")
        tab = page.reports
        for key, index in (("room", 1), ("appliance", 2), ("releases", 4)):
            tab.views.setCurrentIndex(index)
            for width, height in ((1366, 768), (1920, 1080)):
                window.resize(width, height)
                QApplication.processEvents()
                window.grab().save(os.path.join(FOLDER, f"admin-loads-reports-{key}-{language}-{width}.png"))
    finally:
        i18n.remove_translations(qapp)
