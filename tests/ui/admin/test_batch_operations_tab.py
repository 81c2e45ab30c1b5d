"""Operations on the rooms of a selection in the window: a dry run per room (skipped ones say why), the
run asked for and carried out with a result per room that follows the meters' answers, and an
operation the operator may not do refused with the service's reason."""
from __future__ import annotations

import pytest
from admin_pages import open_page
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from app import clock
from db.models import ElectricityMeter, MeterCommand
from tests.factories import AcceptingMeter, make_campus
from ui.admin.batch_page import BatchPage


@pytest.fixture
def campus(store):
    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=0)
    with store.write() as s:          # B1-102 has no meter yet
        s.execute(update(ElectricityMeter).where(ElectricityMeter.room_id == c.rooms["B1-102"])
                  .values(room_id=None))
    return c


def _tab(qtbot, store, actor):
    page = open_page(qtbot, BatchPage, store, actor, loaded=("tab_loaded",))
    with qtbot.waitSignal(page.tab_loaded, timeout=20000):
        page.show_tab("operations")
    return page.operations


def test_sockets_are_powered_off_on_a_floor_and_the_results_follow_the_meters(qtbot, store, campus):
    tab = _tab(qtbot, store, campus.clerk)
    tab.picker.choose(building="B1", floor=1)
    tab.operation.setCurrentIndex(tab.operation.findData("off"))
    tab.branch.setCurrentIndex(tab.branch.findData(1))
    tab._changed()
    with qtbot.waitSignal(tab.planned, timeout=20000):
        tab.plan_button.click()
    assert [r.line.room_code for r in tab.list.rows()] == ["B1-101", "B1-102"]
    assert [tab.list.model.text(i, 2) for i in range(2)] == ["Will be done", "Skipped"]
    assert "no electricity meter" in tab.list.model.text(1, 3).lower()
    assert tab.run_button.text() == "Run for 1 rooms…"
    with store.read() as s:
        assert s.scalars(select(MeterCommand)).all() == []        # the dry run asked nothing

    tab.run_button.click()
    box = tab.confirmation
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.run is not None, timeout=20000)
    assert tab.list.model.text(0, 2) == "Waiting for the meter"
    with store.read() as s:
        cmd = s.scalars(select(MeterCommand)).one()
        assert (cmd.room_id, cmd.action, cmd.params["branch"], cmd.params["mode"]) == (
            campus.rooms["B1-101"], "branch_power", 1, "OPEN")
    with store.write() as s:          # the runtime that owns the line carries it out
        s.execute(update(MeterCommand).values(status="done", finished_at=clock.now()))
    with qtbot.waitSignal(tab.finished, timeout=20000):
        pass
    assert tab.list.model.text(0, 2) == "Done" and tab.status.text() == "Every room has its answer."
    assert "1 rooms done, 0 waiting" in tab.summary.text()


def test_a_clerk_is_told_a_subsidy_is_not_theirs_to_grant(qtbot, store, campus):
    tab = _tab(qtbot, store, campus.clerk)
    tab.picker.choose(building="B1")
    tab.operation.setCurrentIndex(tab.operation.findData("subsidy"))
    tab._changed()
    tab.amount.setText("20.00")
    with qtbot.waitSignal(tab.failed, timeout=20000) as sig:
        tab.plan_button.click()
    assert sig.args[0] and tab.plan is None and not tab.run_button.isEnabled()


def test_the_rooms_of_an_import_can_be_chosen(qtbot, store, campus, tmp_path):
    import openpyxl

    from app.imports import engine
    from app.imports.roster import ROSTER

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["学号", "姓名", "性别", "学院", "班级", "楼栋", "房间"])
    ws.append(["2026880001", "新生", "男", "计算机学院", "计科2688", "B1", "101"])
    wb.save(tmp_path / "r.xlsx")
    pv = engine.preview(store, campus.clerk, ROSTER, tmp_path / "r.xlsx")
    job = engine.start(store, campus.clerk, ROSTER, pv)
    engine.run(store, campus.clerk, ROSTER, job)
    tab = _tab(qtbot, store, campus.clerk)
    assert tab.picker.import_job.findData(job) > 0
    tab.picker.choose(import_job=job)
    with qtbot.waitSignal(tab.planned, timeout=20000):
        tab.plan_button.click()
    assert [r.line.room_code for r in tab.list.rows()] == ["B1-101"]


def test_the_price_in_force_is_written_to_the_meters_of_a_building(qtbot, store, campus):
    from app.metering import tariffs

    tariffs.add_tariff(store, campus.admin, utility="electricity", unit_price="0.6120", valid_from=clock.today())
    tab = _tab(qtbot, store, campus.admin)
    tab.picker.choose(building="B1")
    tab.operation.setCurrentIndex(tab.operation.findData("price"))
    tab._changed()
    assert not tab.branch.isVisible() and not tab.amount.isVisible()
    with qtbot.waitSignal(tab.planned, timeout=20000):
        tab.plan_button.click()
    assert [tab.list.model.text(i, 2) for i in range(4)].count("Will be done") == 3     # B1-102 has no meter
    assert "0.6120 CNY/kWh" in tab.list.model.text(0, 3) or "0.6120 CNY/kWh" in " ".join(
        tab.list.model.text(0, c) for c in range(tab.list.model.columnCount()))
    tab.run_button.click()
    tab.confirmation.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.run is not None, timeout=20000)
    with store.read() as s:
        cmds = s.scalars(select(MeterCommand)).all()
        assert {(c.action, c.params["unit_price"]) for c in cmds} == {("prepaid", 6120)} and len(cmds) == 3


@pytest.fixture
def housed(store):
    """B1-101 with a student (accounts open), B1-102 never lived in; both with meters."""
    from app.campus import occupancy

    c = make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=1)
    occupancy.check_in(store, c.clerk, c.students["202610000"], c.rooms["B1-101"])
    return c


def test_free_quota_is_granted_to_a_floor_through_the_window(qtbot, store, housed):
    from app.batch import operations
    from app.metering.runtime.delivery import PurchaseDelivery
    from db.models import Purchase, QuotaGrant

    c = housed
    tab = _tab(qtbot, store, c.admin)
    tab.picker.choose(building="B1", floor=1)
    tab.operation.setCurrentIndex(tab.operation.findData("quota"))
    tab._changed()
    assert tab.unit.text() == "kWh" and tab.amount.placeholderText() == "kWh per room, e.g. 12.5"
    assert not tab.unit.isHidden() and not tab.memo.isHidden() and tab.branch.isHidden()
    tab.utility.setCurrentIndex(tab.utility.findData("water"))
    tab._changed()
    assert tab.unit.text() == "litres"
    tab.utility.setCurrentIndex(tab.utility.findData("electricity"))
    tab._changed()

    tab.amount.setText("12,5")                       # a comma is not guessed at
    with qtbot.waitSignal(tab.failed, timeout=20000) as sig:
        tab.plan_button.click()
    assert sig.args[0].startswith("“12,5” is not an amount of energy") and tab.plan is None
    assert tab.status.text() == sig.args[0]

    tab.amount.setText("12.5")
    tab.memo.setText("exam week")
    with qtbot.waitSignal(tab.planned, timeout=20000):
        tab.plan_button.click()
    assert [r.line.room_code for r in tab.list.rows()] == ["B1-101", "B1-102"]
    assert [tab.list.model.text(i, 2) for i in range(2)] == ["Will be done", "Skipped"]
    assert tab.list.model.text(0, 1) == "Free quota of 12.5 kWh, as free energy on the meter."
    assert tab.list.model.text(0, 3) == operations.ONE_OFF_NOTE
    assert tab.list.model.text(1, 3) == operations.NO_ACCOUNT
    with store.read() as s:
        assert s.scalars(select(Purchase)).all() == [] and s.scalars(select(QuotaGrant)).all() == []

    tab.run_button.click()
    tab.confirmation.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: tab.run is not None, timeout=20000)
    assert tab.list.model.text(0, 2) == "Done"
    assert tab.list.model.text(0, 3) == f"{operations.ONE_OFF_NOTE} Credit on the meter: Waiting for the meter"
    with store.read() as s:
        assert [(p.kind, p.amount) for p in s.scalars(select(Purchase))] == [(2, 1250)]
        grant = s.scalars(select(QuotaGrant)).one()
        assert (grant.room_id, grant.rule_id, grant.utility, grant.amount) == (c.rooms["B1-101"], None,
                                                                                "electricity", 1250)

    PurchaseDelivery(store, AcceptingMeter()).deliver_pending()
    with qtbot.waitSignal(tab.finished, timeout=20000):
        pass
    assert tab.list.model.text(0, 3).endswith("Credit on the meter: On the meter")
    assert tab.status.text() == "Every room has its answer."


def test_a_branch_power_line_reads_in_chinese(qtbot, qapp, store, campus):
    """Waits for the lead's translation merge of the new action sentences (until then it reads English)."""
    import re

    from ui import i18n

    assert i18n.install_translations(qapp, "zh_CN") == "zh_CN"
    try:
        tab = _tab(qtbot, store, campus.clerk)
        tab.picker.choose(building="B1", floor=1)
        tab.operation.setCurrentIndex(tab.operation.findData("off"))
        tab.branch.setCurrentIndex(tab.branch.findData(1))
        tab._changed()
        with qtbot.waitSignal(tab.planned, timeout=20000):
            tab.plan_button.click()
        action = tab.list.model.text(0, 1)
        assert "插座" in action and re.search(r"[A-Za-z]", action) is None, action
    finally:
        i18n.remove_translations(qapp)
