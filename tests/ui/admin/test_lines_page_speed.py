"""The Lines page's "Change line speed…": the form moves a simulated line (2 electricity meters and a water
meter on a pty) from 9600 to 19200 baud in the background with progress, shows each meter's result and
the line's new speed; a silent meter and a line run by a window are refused with a clear sentence."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from admin_pages import open_page
from PySide6.QtCore import Qt

from app.metering import commissioning
from app.sync.leases import BusLeases
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.app.metering.test_line_speed import answering, codes, line_on
from ui.admin.lines_forms import LineSpeedForm
from ui.admin.lines_page import LinesPage


@pytest.fixture
def sim() -> Iterator[tuple[Fleet, VirtualLine]]:
    fleet = Fleet(meters=2, water=1, physics=False, start_clock=800_000_000)
    with VirtualLine(fleet, baud=9600, speed=0) as line:
        yield fleet, line


def _form(qtbot, store, actor, bus_id: int) -> tuple[LinesPage, LineSpeedForm]:
    page = open_page(qtbot, LinesPage, store, actor)
    assert page.lines.select_where(lambda r: r.bus.id == bus_id)
    assert page.speed_button.isEnabled() and page.speed_button.text() == "Change line speed…"
    qtbot.mouseClick(page.speed_button, Qt.MouseButton.LeftButton)
    form = page.findChild(LineSpeedForm, "lineSpeedForm")
    assert form is not None and form.isVisible()
    return page, form


def _results(form: LineSpeedForm) -> list[list[str]]:
    model = form.meters.model
    return [[model.text(r, c) for c in range(4)] for r in range(len(form.meters.rows()))]


def test_the_form_moves_the_line_to_19200_and_shows_each_meter(qtbot, store, sim):
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    page, form = _form(qtbot, store, campus.tech, bus_id)
    assert form.header.text() == f"Line bus-1 ({line.client_path}) runs at 9600 baud with 3 meters."
    assert "Disable the line first" in form.explain.text()
    assert [form.baud.itemText(i) for i in range(form.baud.count())] == ["2400 baud", "4800 baud", "19200 baud"]
    assert form.baud.currentData() == 19200
    seen: list[int] = []
    form._relay.stepped.connect(lambda _step: seen.append(form.progress.value()))
    with qtbot.waitSignal(form.speed_finished, timeout=30000):
        qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
        assert form.busy and not form.ok.isEnabled() and form.stop_button.isEnabled()
        form.reject()                                   # not while the meters change
        assert form.isVisible()
    assert seen == list(range(1, 10))                   # checked, written, checked again: 3 × 3 meters
    assert form.status.text() == "Line bus-1 now runs at 19200 baud: all 3 meter(s) answer at it."
    assert _results(form) == [["1", "Electricity (DDSY)", "19200 baud", "Answers at 19200 baud."],
                              ["2", "Electricity (DDSY)", "19200 baud", "Answers at 19200 baud."],
                              ["101", "Water (LXSY)", "19200 baud", "Answers at 19200 baud."]]
    assert form.ok.text() == "Close" and form.ok.isEnabled() and not form.baud.isEnabled()
    assert not form.stop_button.isVisible()
    assert answering(line, 19200) == {1, 2, 101} and answering(line, 9600) == set()
    assert codes(fleet) == {1: 3, 2: 3, 101: 3}
    with qtbot.waitSignal(page.loaded, timeout=10000):
        qtbot.mouseClick(form.ok, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert page.lines.current().bus.baud == 19200
    assert page.lines.message.text() == "Line bus-1 now runs at 19200 baud: all 3 meter(s) answer at it."


def test_a_silent_meter_is_named_and_nothing_is_written(qtbot, store, sim):
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    fleet.set_dead(101, True)
    _page, form = _form(qtbot, store, campus.admin, bus_id)
    form.baud.setCurrentIndex(form.baud.findData(4800))
    with qtbot.waitSignal(form.speed_finished, timeout=30000):
        form.accept()
    assert form.error.isVisible()
    assert form.error.text() == ("Line bus-1 was not changed: the meter(s) at 101 do not answer at 9600 baud, and a "
                                 "meter left at the old speed would be lost to the line. Bring them back, or "
                                 "decommission them, then change the speed.")
    assert _results(form) == [["1", "Electricity (DDSY)", "9600 baud", "Answers at 9600 baud; left unchanged."],
                              ["2", "Electricity (DDSY)", "9600 baud", "Answers at 9600 baud; left unchanged."],
                              ["101", "Water (LXSY)", "neither", "Does not answer at 9600 baud."]]
    assert form.ok.isEnabled() and form.ok.text() == "Change speed" and form.baud.isEnabled()
    assert codes(fleet) == {1: 2, 2: 2, 101: 2}
    assert commissioning.get_bus(store, bus_id).baud == 9600
    form.reject()
    assert not form.isVisible()


def test_a_line_run_by_a_window_is_refused_in_the_form(qtbot, store, sim):
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    BusLeases(store, "ws@office-pc:4242.ab12").acquire([bus_id])
    _page, form = _form(qtbot, store, campus.admin, bus_id)
    with qtbot.waitSignal(form.speed_finished, timeout=30000):
        form.accept()
    assert form.error.text() == ("Line bus-1 is run by ws@office-pc:4242.ab12: disable the line first, then change "
                                 "its speed (its polls would not understand the meters while they change).")
    assert not form.meters.isVisible()
    assert line.stats["frames_in"] == 0 and codes(fleet) == {1: 2, 2: 2, 101: 2}
    form.reject()
