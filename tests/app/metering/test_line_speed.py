"""Changing a whole line's speed (Lines page, "Change line speed…"): real RTU bytes through a pty to the
simulator, whose meters each answer at their own baud code only. Every test on both backends."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import select, update

from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from app.metering import commissioning
from app.metering.line_speed import SpeedCheckFailed, Step, change_line_speed
from app.sync.leases import BusLeases
from db.models import AuditRecord, Bus, WaterMeter
from drivers.ddsy import DdsyDriver
from drivers.errors import MeterError
from drivers.lxsy import LxsyDriver
from drivers.port import SharedPort
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus

METERS = {1: "ddsy", 2: "ddsy", 101: "lxsy"}


@pytest.fixture
def sim() -> Iterator[tuple[Fleet, VirtualLine]]:
    """Two electricity meters (1, 2) and one water meter (101) on a pty at 9600 baud."""
    fleet = Fleet(meters=2, water=1, physics=False, start_clock=800_000_000)
    with VirtualLine(fleet, baud=9600, speed=0) as line:
        yield fleet, line


def line_on(store, line: VirtualLine):
    """The campus's bus-1 on the simulator's pty, carrying the meters 1, 2 and 101 (102 replaced)."""
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with store.write() as s:
        bus_id = s.scalar(select(Bus.id).where(Bus.name == "bus-1"))
        s.execute(update(Bus).where(Bus.id == bus_id).values(port=line.client_path, enabled=False))
        s.execute(update(WaterMeter).where(WaterMeter.address == 102).values(replaced_on=date(2026, 9, 2)))
    assert {a: m.kind for a, m in commissioning.assignments(store, bus_id).items()} == METERS
    return campus, bus_id


def answering(line: VirtualLine, baud: int) -> set[int]:
    """The meters that answer an identity and line-settings read at `baud`, over the wire."""
    port = SharedPort(line.client_path, baud=baud)
    port.open()
    out = set()
    try:
        for address, kind in METERS.items():
            driver = (DdsyDriver if kind == "ddsy" else LxsyDriver)(port, address, retries=0)
            try:
                driver.identify()
                driver.read_line_settings()
            except MeterError:
                continue
            out.add(address)
    finally:
        port.close()
    return out


def codes(fleet: Fleet) -> dict[int, int]:
    return {a: fleet.device(a).params["baud_code"] for a in METERS}


def speed_audits(store, bus_id: int) -> list[AuditRecord]:
    with store.read() as s:
        return list(s.scalars(select(AuditRecord).where(AuditRecord.action == "bus.speed",
                                                        AuditRecord.entity_id == bus_id)))


def test_a_line_of_three_meters_moves_to_19200_whole(store, sim) -> None:
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    steps: list[Step] = []
    result = change_line_speed(store, campus.tech, bus_id, 19200, on_progress=steps.append)
    assert result.changed and not result.cancelled
    assert result.message == "Line bus-1 now runs at 19200 baud: all 3 meter(s) answer at it."
    assert [(m.address, m.kind, m.done, m.baud, m.message) for m in result.meters] == [
        (1, "ddsy", True, 19200, "Answers at 19200 baud."), (2, "ddsy", True, 19200, "Answers at 19200 baud."),
        (101, "lxsy", True, 19200, "Answers at 19200 baud.")]
    assert result.done == [1, 2, 101] and result.failed == [] and result.astray == []
    assert [(s.phase, s.address, s.done, s.total) for s in steps] == [
        (phase, address, i, 3) for phase in ("check", "write", "verify") for i, address in enumerate(METERS, 1)]
    # over the wire: every meter answers at 19200, none at 9600
    assert answering(line, 19200) == {1, 2, 101}
    assert answering(line, 9600) == set()
    assert codes(fleet) == {1: 3, 2: 3, 101: 3}
    assert fleet.meters[1].params["address"] == 1 and fleet.meters[1].params["parity"] == 0
    # the store's line says 19200 (audited by change_bus), the change itself is audited with each meter
    assert commissioning.get_bus(store, bus_id).baud == 19200
    [record] = speed_audits(store, bus_id)
    assert record.operator_id == campus.tech.id
    assert record.before == {"baud": 9600}
    assert record.after == {"baud": 19200, "changed": True, "meters": [
        {"address": 1, "kind": "ddsy", "baud": 19200, "done": True},
        {"address": 2, "kind": "ddsy", "baud": 19200, "done": True},
        {"address": 101, "kind": "lxsy", "baud": 19200, "done": True}]}
    with store.read() as s:
        change = s.scalar(select(AuditRecord).where(AuditRecord.action == "bus.change",
                                                    AuditRecord.entity_id == bus_id)
                          .order_by(AuditRecord.id.desc()))
    assert (change.before["baud"], change.after["baud"]) == (9600, 19200)
    assert bus_id not in BusLeases(store, "status").owners()      # the lease is given back
    # and back again: the line runs at 19200 now
    back = change_line_speed(store, campus.admin, bus_id, 9600)
    assert back.changed and answering(line, 9600) == {1, 2, 101} and answering(line, 19200) == set()
    assert commissioning.get_bus(store, bus_id).baud == 9600


def test_a_silent_meter_refuses_the_change_before_anything_is_written(store, sim) -> None:
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    fleet.set_dead(2, True)
    with pytest.raises(SpeedCheckFailed) as err:
        change_line_speed(store, campus.tech, bus_id, 19200)
    assert str(err.value) == ("Line bus-1 was not changed: the meter(s) at 2 do not answer at 9600 baud, and a meter "
                              "left at the old speed would be lost to the line. Bring them back, or decommission "
                              "them, then change the speed.")
    assert [(m.address, m.baud, m.message) for m in err.value.meters] == [
        (1, 9600, "Answers at 9600 baud; left unchanged."), (2, None, "Does not answer at 9600 baud."),
        (101, 9600, "Answers at 9600 baud; left unchanged.")]
    assert codes(fleet) == {1: 2, 2: 2, 101: 2}
    assert fleet.meters[1].unlock_left == 0                      # not even unlocked
    fleet.set_dead(2, False)
    assert answering(line, 9600) == {1, 2, 101}
    assert commissioning.get_bus(store, bus_id).baud == 9600
    assert speed_audits(store, bus_id) == []
    assert bus_id not in BusLeases(store, "status").owners()


def test_a_line_run_by_a_runtime_is_refused(store, sim) -> None:
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    BusLeases(store, "serve@office-pc:4242.ab12").acquire([bus_id])
    steps: list[Step] = []
    with pytest.raises(commissioning.LineTaken) as err:
        change_line_speed(store, campus.admin, bus_id, 19200, on_progress=steps.append)
    assert str(err.value) == ("Line bus-1 is run by serve@office-pc:4242.ab12: disable the line first, then change "
                              "its speed (its polls would not understand the meters while they change).")
    assert steps == [] and line.stats["frames_in"] == 0
    assert codes(fleet) == {1: 2, 2: 2, 101: 2}
    assert BusLeases(store, "status").owners()[bus_id].owner == "serve@office-pc:4242.ab12"
    assert commissioning.get_bus(store, bus_id).baud == 9600


def test_a_meter_that_refuses_the_new_speed_puts_the_whole_line_back(store, sim) -> None:
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    fleet.meters[2].password = 4321                  # not the office's: meter 2 refuses to unlock
    steps: list[Step] = []
    result = change_line_speed(store, campus.tech, bus_id, 19200, on_progress=steps.append)
    assert not result.changed and not result.cancelled
    assert result.message == ("Line bus-1 still runs at 9600 baud: not every meter took 19200 baud, so the change "
                              "was undone (see each meter).")
    assert [(m.address, m.done, m.baud, m.message) for m in result.meters] == [
        (1, False, 9600, "Answers at 9600 baud: the change was undone for the whole line."),
        (2, False, 9600, "Refused the office's meter password, so it kept its speed. It answers at 9600 baud."),
        (101, False, 9600, "Answers at 9600 baud: the change was undone for the whole line.")]
    # meter 1 took 19200 and was put back; 101 was never written
    assert [(s.phase, s.address) for s in steps if s.phase != "check"] == [
        ("write", 1), ("write", 2), ("verify", 1), ("undo", 1)]
    assert answering(line, 9600) == {1, 2, 101} and answering(line, 19200) == set()
    assert commissioning.get_bus(store, bus_id).baud == 9600
    [record] = speed_audits(store, bus_id)
    assert record.after["changed"] is False and [m["baud"] for m in record.after["meters"]] == [9600] * 3


def test_a_change_cancelled_while_writing_is_undone(store, sim) -> None:
    fleet, line = sim
    campus, bus_id = line_on(store, line)
    cancel = threading.Event()

    def progress(step: Step) -> None:
        if step.phase == "write" and step.address == 2:
            cancel.set()

    result = change_line_speed(store, campus.tech, bus_id, 4800, on_progress=progress, cancel=cancel)
    assert result.cancelled and not result.changed
    assert result.message == "The change of line bus-1 was cancelled and undone: it still runs at 9600 baud."
    assert codes(fleet) == {1: 2, 2: 2, 101: 2}
    assert answering(line, 9600) == {1, 2, 101}
    assert commissioning.get_bus(store, bus_id).baud == 9600


def test_the_speed_is_one_of_four_other_than_the_lines_and_a_clerk_cannot_change_it(store, sim) -> None:
    _fleet, line = sim
    campus, bus_id = line_on(store, line)
    with pytest.raises(FieldInvalid) as err:
        change_line_speed(store, campus.admin, bus_id, 38400)
    assert err.value.field == "baud" and str(err.value) == "The baud rate is one of 2400, 4800, 9600 or 19200."
    with pytest.raises(InvalidInput, match=r"^Line bus-1 already runs at 9600 baud\.$"):
        change_line_speed(store, campus.admin, bus_id, 9600)
    with pytest.raises(PermissionDenied):
        change_line_speed(store, campus.clerk, bus_id, 19200)
    assert line.stats["frames_in"] == 0
