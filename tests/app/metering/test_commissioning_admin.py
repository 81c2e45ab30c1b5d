"""Commissioning from the Lines page (issue 10, item 5): scan a line with progress and cancel, assign what
answered, import the meter–room map from Excel, decommission a line. Real RTU bytes through a pty to
the simulator; every test on both backends."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select

from app.errors import FieldInvalid, InvalidInput, PermissionDenied
from app.metering import commissioning
from app.sync.leases import BusLeases
from db.models import AuditRecord, Bus, ElectricityMeter, WaterMeter
from tests.drivers.test_sim_main import sim_on_link
from tests.factories import make_campus


@pytest.fixture(scope="module")
def sim_link(tmp_path_factory) -> Iterator[Path]:
    """Three electricity meters (addresses 1–3) and one water meter (101) on a pty, shared by the module."""
    with sim_on_link(tmp_path_factory.mktemp("line") / "ttyDORM", meters=3, water=1) as link:
        yield link


def counts(store) -> tuple[int, int, int]:
    with store.read() as s:
        return (s.scalar(sql_select(func.count(ElectricityMeter.id))), s.scalar(sql_select(func.count(WaterMeter.id))),
                s.scalar(sql_select(func.count(AuditRecord.id))))


def new_line(store, campus, link: Path) -> int:
    return commissioning.add_bus(store, campus.admin, port=str(link), name="Block 2 line", enabled=False)


def test_a_scan_finds_the_meters_with_progress_and_assigns_them(store, sim_link) -> None:
    campus = make_campus(store, rooms_per_gender=2)
    bus_id = new_line(store, campus, sim_link)
    assert commissioning.get_bus(store, bus_id).enabled is False
    progress: list[int] = []
    result = commissioning.scan_line(store, campus.tech, bus_id, addresses=[*range(1, 6), 101],
                                     on_progress=progress.append)
    assert progress == [1, 2, 3, 4, 5, 101]
    assert not result.cancelled
    assert [(f.address, f.kind, f.serial_number, f.firmware) for f in result.found] == [
        (1, "ddsy", 24001001, "1.12"), (2, "ddsy", 24001002, "1.12"), (3, "ddsy", 24001003, "1.12"),
        (101, "lxsy", 25001101, "1.03")]
    # the lease the scan held is given back: a runtime may take the line once it is enabled
    assert bus_id not in BusLeases(store, "status").owners()
    # the rooms of the campus's bus-1 have meters; a new room gets the one at address 1
    from db.models import Bed, Building, Room
    with store.write() as s:
        b = s.scalar(sql_select(Building))
        room = Room(building_id=b.id, number="301", floor=3, beds=2, gender="M")
        s.add(room)
        s.flush()
        s.add(Bed(room_id=room.id, label="1"))
    found = result.found[0]
    meter_id = commissioning.assign_meter(store, campus.tech, bus_id=bus_id, address=found.address,
                                          room_code="b1-301", kind=found.kind, serial_no=str(found.serial_number))
    rows = commissioning.assignments(store, bus_id)
    assert rows[1] == commissioning.Assignment(1, "ddsy", meter_id, "24001001", "B1-301")
    line = next(r for r in commissioning.line_rows(store) if r.bus.id == bus_id)
    assert (line.meters, line.runner, line.bus.enabled) == (1, "", False)


def test_cancel_stops_a_scan_early_with_what_it_found(store, sim_link) -> None:
    campus = make_campus(store)
    bus_id = new_line(store, campus, sim_link)
    cancel = threading.Event()
    progress: list[int] = []

    def on_progress(address: int) -> None:
        progress.append(address)
        if address == 2:
            cancel.set()

    result = commissioning.scan_line(store, campus.admin, bus_id, on_progress=on_progress, cancel=cancel)
    assert progress == [1, 2] and result.probed == (1, 2) and result.cancelled
    assert [f.address for f in result.found] == [1, 2]
    assert bus_id not in BusLeases(store, "status").owners()


def test_a_line_run_by_a_window_is_not_scanned(store, sim_link) -> None:
    campus = make_campus(store)
    bus_id = new_line(store, campus, sim_link)
    BusLeases(store, "ws@office-pc:4242.ab12").acquire([bus_id])
    progress: list[int] = []
    with pytest.raises(commissioning.LineTaken) as err:
        commissioning.scan_line(store, campus.admin, bus_id, addresses=[1], on_progress=progress.append)
    assert str(err.value) == ("Line Block 2 line is run by ws@office-pc:4242.ab12: disable the line, then scan it "
                              "(the scan's requests and its polls would garble each other).")
    assert progress == []
    assert BusLeases(store, "status").owners()[bus_id].owner == "ws@office-pc:4242.ab12"
    line = next(r for r in commissioning.line_rows(store) if r.bus.id == bus_id)
    assert line.runner == "ws@office-pc:4242.ab12"


def test_a_port_another_program_holds_is_not_scanned(store, sim_link) -> None:
    campus = make_campus(store)
    bus_id = new_line(store, campus, sim_link)
    import serial

    held = serial.Serial(str(sim_link), exclusive=True)
    try:
        with pytest.raises(InvalidInput, match=f"^The port {sim_link} is in use by another program"):
            commissioning.scan_line(store, campus.admin, bus_id, addresses=[1])
        commissioning.decommission_line(store, campus.admin, bus_id)
        before = counts(store)
        # adding the line from the window opens its port first: the field says why, nothing is written
        with pytest.raises(FieldInvalid) as err:
            commissioning.add_bus(store, campus.admin, port=str(sim_link), enabled=False, test_port=True)
        assert err.value.field == "port"
        assert str(err.value) == f"The port {sim_link} is in use by another program; close it, or choose another port."
        assert counts(store) == before
    finally:
        held.close()
    assert bus_id not in BusLeases(store, "status").owners()
    bus_id = commissioning.add_bus(store, campus.admin, port=str(sim_link), enabled=False, test_port=True)
    assert commissioning.get_bus(store, bus_id).port == str(sim_link)


def test_an_address_already_assigned_is_refused_under_its_field_and_nothing_is_written(store) -> None:
    campus = make_campus(store)
    before = counts(store)
    with pytest.raises(FieldInvalid) as err:     # bus-1 has B1-101's electricity meter at address 1
        commissioning.assign_meter(store, campus.tech, bus_id=1, address=1, room_code="B1-102", kind="ddsy")
    assert err.value.field == "address"
    assert str(err.value) == "Address 1 on bus 1 is already used by the electricity meter of room B1-101."
    with pytest.raises(FieldInvalid) as err:
        commissioning.assign_meter(store, campus.tech, bus_id=1, address=60, room_code="B9-999", kind="ddsy")
    assert err.value.field == "room_code" and str(err.value) == "There is no room “B9-999”."
    with pytest.raises(FieldInvalid) as err:
        commissioning.add_bus(store, campus.admin, port="socket://127.0.0.1:5020")
    assert err.value.field == "port" and str(err.value).startswith("Bus 1 already uses the port")
    assert counts(store) == before


def test_a_clerk_can_neither_scan_nor_assign_nor_import_nor_decommission(store, tmp_path) -> None:
    campus = make_campus(store)
    path = tmp_path / "map.xlsx"
    write_map(path, [("bus-1", 50, "ddsy", "B1-101", "")])
    before = counts(store)
    for call in (lambda: commissioning.scan_line(store, campus.clerk, 1, addresses=[1]),
                 lambda: commissioning.add_bus(store, campus.clerk, port="/dev/ttyUSB7"),
                 lambda: commissioning.assign_meter(store, campus.clerk, bus_id=1, address=60, room_code="B1-101"),
                 lambda: commissioning.preview_meter_map(store, campus.clerk, path),
                 lambda: commissioning.import_meter_map(store, campus.clerk, path),
                 lambda: commissioning.decommission_line(store, campus.clerk, 1),
                 lambda: commissioning.disable_line(store, campus.clerk, 1)):
        with pytest.raises(PermissionDenied):
            call()
    assert counts(store) == before


def write_map(path: Path, rows, header=("Line", "Address", "Kind", "Room", "Serial number")) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Meter map, block 2"])
    sheet.append(list(header))
    for r in rows:
        sheet.append(list(r))
    book.save(path)


def empty_rooms(store, numbers: list[str]) -> None:
    from db.models import Bed, Building, Room
    with store.write() as s:
        b = s.scalar(sql_select(Building))
        for number in numbers:
            room = Room(building_id=b.id, number=number, floor=int(number[0]), beds=2, gender="M")
            s.add(room)
            s.flush()
            s.add(Bed(room_id=room.id, label="1"))


def test_the_meter_map_is_previewed_with_each_bad_row_named_and_imports_nothing_while_one_is_bad(store, tmp_path):
    campus = make_campus(store)
    empty_rooms(store, ["301", "302", "303"])
    line = commissioning.add_bus(store, campus.admin, port="/dev/ttyUSB3", name="Block 3", enabled=False)
    path = tmp_path / "map.xlsx"
    write_map(path, [
        ("Block 3", 1, "ddsy", "B1-301", 24001001),        # row 3: good
        ("/dev/ttyUSB3", 101, "水表", "b1-301", "W-1"),     # row 4: good, the line by its port, kind in Chinese
        ("Block 3", 1, "ddsy", "B1-302", ""),              # row 5: address 1 already in row 3
        ("Block 9", 2, "ddsy", "B1-302", ""),              # row 6: no such line
        ("Block 3", 300, "ddsy", "B1-302", ""),            # row 7: address out of range
        ("Block 3", 3, "gas", "B1-302", ""),               # row 8: kind
        ("Block 3", 4, "ddsy", "B1-999", ""),              # row 9: no such room
        ("Block 3", 5, "ddsy", "B1-101", ""),              # row 10: B1-101 has its electricity meter
        ("bus-1", 2, "ddsy", "B1-303", ""),                # row 11: address 2 on bus-1 is taken
        ("Block 3", 6, "ddsy", "B1-301", ""),              # row 12: B1-301 got its meter in row 3
    ])
    before = counts(store)
    preview = commissioning.preview_meter_map(store, campus.tech, path)
    assert [(r.row, r.line, r.address, r.kind, r.room_code, r.serial_no) for r in preview.rows] == [
        (3, "Block 3", 1, "ddsy", "B1-301", "24001001"), (4, "Block 3", 101, "lxsy", "B1-301", "W-1")]
    assert [p.text for p in preview.problems] == [
        "Row 5 (B5): address 1 on line Block 3 is already in row 3.",
        "Row 6 (A6): there is no line named or on the port “Block 9”.",
        "Row 7 (B7): A meter address is 1 to 247.",
        "Row 8 (C8): the kind is ddsy (electricity) or lxsy (water).",
        "Row 9 (D9): There is no room “B1-999”.",
        "Row 10 (D10): Room B1-101 already has an active electricity meter (address 1 on bus 1).",
        "Row 11 (B11): Address 2 on bus 1 is already used by the electricity meter of room B1-102.",
        "Row 12 (D12): room B1-301 already gets its electricity meter in row 3.",
    ]
    with pytest.raises(InvalidInput, match=r"^map.xlsx was not imported: 8 row\(s\) have a problem. Row 5 \(B5\)"):
        commissioning.import_meter_map(store, campus.tech, path)
    assert counts(store) == before

    write_map(path, [("Block 3", 1, "ddsy", "B1-301", 24001001), ("/dev/ttyUSB3", 101, "水表", "b1-301", "W-1"),
                     ("Block 3", 2, "电表", "B1-302", None)], header=("线路", "地址", "类型", "房间", "表号"))
    assert commissioning.import_meter_map(store, campus.tech, path) == 3
    got = commissioning.assignments(store, line)
    assert {a: (x.kind, x.room_code, x.serial_no) for a, x in got.items()} == {
        1: ("ddsy", "B1-301", "24001001"), 101: ("lxsy", "B1-301", "W-1"), 2: ("ddsy", "B1-302", "")}
    with store.read() as s:
        trail = list(s.scalars(sql_select(AuditRecord).where(AuditRecord.action == "meter.assign")))
    assert len(trail) == 3 and all(a.after["source"] == "map.xlsx" for a in trail)
    # the same file again: every row is now taken, nothing more is written
    with pytest.raises(InvalidInput, match="3 row"):
        commissioning.import_meter_map(store, campus.tech, path)


def test_a_map_without_its_columns_says_which(store, tmp_path) -> None:
    campus = make_campus(store)
    path = tmp_path / "rooms.xlsx"
    write_map(path, [("B1-101", 1)], header=("Room", "Address"))
    preview = commissioning.preview_meter_map(store, campus.tech, path)
    assert preview.rows == () and [p.text for p in preview.problems] == [
        "rooms.xlsx has no header row with the columns line, address, kind and room."]


def test_a_line_is_decommissioned_only_without_active_meters(store) -> None:
    campus = make_campus(store, rooms_per_gender=1)
    with pytest.raises(InvalidInput) as err:
        commissioning.decommission_line(store, campus.admin, 1)
    assert str(err.value) == "Line bus-1 still has 4 active meter(s): decommission or move them first."
    assert commissioning.get_bus(store, 1).enabled
    # an unused line goes entirely; its lease with it
    spare = commissioning.add_bus(store, campus.admin, port="/dev/ttyUSB5", enabled=False)
    BusLeases(store, "ws@x:1.aaaa").acquire([spare])
    assert commissioning.decommission_line(store, campus.admin, spare) is True
    with store.read() as s:
        assert s.get(Bus, spare) is None
    assert spare not in BusLeases(store, "status").owners()
    # a line whose meters have gone keeps their history: it stays, disabled
    from app import clock
    with store.write() as s:
        for model in (ElectricityMeter, WaterMeter):
            for m in s.scalars(sql_select(model)):
                m.replaced_on = clock.today()
    assert commissioning.decommission_line(store, campus.admin, 1) is False
    assert commissioning.get_bus(store, 1).enabled is False
    with store.read() as s:
        actions = [(a.action, a.entity_id) for a in s.scalars(
            sql_select(AuditRecord).where(AuditRecord.action == "bus.decommission").order_by(AuditRecord.id))]
    assert actions == [("bus.decommission", spare), ("bus.decommission", 1)]
