"""The command line as a technician uses it: commissioning buses and meters, and every way a command
can be given a bad store, a bad URL or a bad value. In-process (`main.main`) where only the outcome
matters, real subprocesses where the start path does (no traceback, nothing created)."""
from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, text
from sqlalchemy import select as sql_select

import main
from app import events
from app.access import Actor
from app.errors import PermissionDenied
from app.metering import commissioning
from app.sync.leases import BusLeases
from db.engine import Store
from db.models import AuditRecord, Bed, Building, Bus, ChangeLogRow, ElectricityMeter, Room, WaterMeter
from tests import homes
from tests.factories import make_campus

ROOT = Path(__file__).resolve().parent.parent.parent


# -- helpers -------------------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch) -> Path:
    return homes.private_home(tmp_path, monkeypatch)


def cli(capsys, *argv: str) -> tuple[int, list[str], list[str]]:
    """Run `main.py argv` in this process: exit code, stdout lines, stderr lines."""
    try:
        code = main.main(list(argv))
    except SystemExit as exc:      # argparse refusing the command line
        code = exc.code
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def run_main(*argv: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """`python main.py argv` as a person starts it (the test's private home, no DORMWATT_DB)."""
    return subprocess.run([sys.executable, "main.py", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, QT_QPA_PLATFORM="offscreen", **(env or {})))


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*")) if path.exists() else []


def one_error_line(err: str | list[str]) -> str:
    lines = err.splitlines() if isinstance(err, str) else err
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


def bus_rows(lines: list[str]) -> dict[int, list[str]]:
    """`bus list` output as {id: [name, port, baud, parity, enabled, electricity, water]}."""
    assert lines[0].split() == ["id", "name", "port", "baud", "parity", "enabled", "electricity", "water"]
    return {int(line.split()[0]): line.split()[1:] for line in lines[1:]}


def add_rooms_without_meters(store: Store, building: str = "B2", numbers=("101", "102", "103")) -> None:
    with store.write() as s:
        b = Building(code=building, name="二号楼")
        s.add(b)
        s.flush()
        for number in numbers:
            room = Room(building_id=b.id, number=number, floor=1, beds=4, gender="M")
            s.add(room)
            s.flush()
            s.add(Bed(room_id=room.id, label="1"))


def count(store: Store, model, **where) -> int:
    with store.read() as s:
        q = sql_select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return s.scalar(q)


# -- buses -------------------------------------------------------------------------------------
def test_bus_add_list_and_set(store, db_url, capsys) -> None:
    assert cli(capsys, "--db", db_url, "bus", "list") == (0, ["no buses; add one with `dormwatt bus add --port URL`"],
                                                         [])
    code, out, _ = cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB0")
    assert code == 0 and out == ["bus 1 added: RS485-01 on /dev/ttyUSB0 at 9600 8N1, enabled"]
    # --db after the command's name works just the same
    code, out, _ = cli(capsys, "bus", "add", "--port", "socket://10.0.0.5:4196", "--baud", "19200", "--parity", "E",
                       "--name", "Gateway", "--db", db_url)
    assert code == 0 and out == ["bus 2 added: Gateway on socket://10.0.0.5:4196 at 19200 8E1, enabled"]

    code, out, _ = cli(capsys, "--db", db_url, "bus", "set", "2", "--disable", "--port", "socket://10.0.0.6:4196",
                       "--parity", "N")
    assert code == 0 and out == ["bus 2: Gateway on socket://10.0.0.6:4196 at 19200 8N1, disabled"]
    code, out, _ = cli(capsys, "bus", "list", "--db", db_url)
    assert code == 0
    assert bus_rows(out) == {1: ["RS485-01", "/dev/ttyUSB0", "9600", "N", "yes", "0", "0"],
                             2: ["Gateway", "socket://10.0.0.6:4196", "19200", "N", "no", "0", "0"]}
    # every change is in the audit trail, made by the local system (no operator)
    with store.read() as s:
        trail = [(a.action, a.entity_id, a.operator_id) for a in s.scalars(
            sql_select(AuditRecord).where(AuditRecord.entity == "bus").order_by(AuditRecord.id))]
    assert trail == [("bus.add", 1, None), ("bus.add", 2, None), ("bus.change", 2, None)]


def test_bus_changes_that_are_refused_change_nothing(store, db_url, capsys) -> None:
    assert cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB0")[0] == 0
    refusals = [
        (("bus", "add", "--port", "/dev/ttyUSB0"), "error: Bus 1 already uses the port /dev/ttyUSB0"),
        (("bus", "add", "--port", "  "), "error: Give the bus's serial port"),
        (("bus", "add", "--port", "/dev/ttyUSB1", "--name", "RS485-01"), "error: There is already a bus named"),
        (("bus", "set", "9", "--enable"), "error: There is no bus 9."),
        (("bus", "set", "1"), "error: bus set: nothing to change"),
    ]
    for argv, message in refusals:
        code, out, err = cli(capsys, "--db", db_url, *argv)
        assert code == 2 and out == [], argv
        assert one_error_line(err).startswith(message), (argv, err)
    for argv, message in [(("bus", "add", "--port", "x", "--baud", "1234"), "argument --baud: invalid choice"),
                          (("bus", "set", "1", "--parity", "X"), "argument --parity: invalid choice"),
                          (("bus", "set", "1", "--enable", "--disable"), "not allowed with argument")]:
        code, _, err = cli(capsys, "--db", db_url, *argv)
        assert code == 2 and message in err[-1], (argv, err)
    assert count(store, Bus) == 1
    with store.read() as s:
        assert s.scalar(sql_select(func.count()).select_from(AuditRecord).where(AuditRecord.entity == "bus")) == 1


def test_a_running_service_learns_of_command_line_changes_through_the_change_log(store, db_url, capsys) -> None:
    add_rooms_without_meters(store)
    assert cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB0")[0] == 0
    assert cli(capsys, "--db", db_url, "meter", "assign", "--bus", "1", "--address", "3", "--room", "B2-101")[0] == 0
    assert cli(capsys, "--db", db_url, "bus", "list")[0] == 0                        # reading logs nothing
    room_id = campus_room(store, "B2", "101")
    with store.read() as s:
        rows = [(r.topic, r.ids, r.rooms, r.origin.split("@")[0])
                for r in s.scalars(sql_select(ChangeLogRow).order_by(ChangeLogRow.id))]
    assert rows == [("buses_changed", [1], [], "cli"), ("buses_changed", [1], [], "cli"),
                    ("rooms_changed", [], [room_id], "cli")]


def test_commissioning_operations_check_permissions_and_publish_after_commit(store) -> None:
    campus = make_campus(store, rooms_per_gender=1)
    seen: list[events.Event] = []
    events.hub(store).subscribe(seen.append, ["buses_changed", "rooms_changed"])
    with pytest.raises(PermissionDenied, match="needs the Administrator or Technician role"):
        commissioning.add_bus(store, campus.clerk, port="/dev/ttyUSB7")
    assert seen == [] and count(store, Bus) == 1
    bus_id = commissioning.add_bus(store, campus.tech, port="/dev/ttyUSB7")
    add_rooms_without_meters(store)
    meter_id = commissioning.assign_meter(store, Actor.system(), bus_id=bus_id, address=9, room_code="b2-101")
    room_id = campus_room(store, "B2", "101")
    assert [(e.topic, e.ids, e.rooms) for e in seen] == [
        ("buses_changed", (bus_id,), frozenset()),
        ("buses_changed", (bus_id,), frozenset()),
        ("rooms_changed", (), frozenset({room_id})),
    ]
    with store.read() as s:
        meter = s.get(ElectricityMeter, meter_id)
        assert (meter.bus_id, meter.address, meter.room_id, meter.installed_on.isoformat()) == (
            bus_id, 9, room_id, "2026-11-16")
        assert s.scalar(sql_select(AuditRecord.operator_id).where(AuditRecord.action == "bus.add")) == campus.tech.id


def campus_room(store: Store, building: str, number: str) -> int:
    with store.read() as s:
        return s.scalar(sql_select(Room.id).join(Building).where(Building.code == building, Room.number == number))


# -- meters ------------------------------------------------------------------------------------
def test_meter_assign_then_bus_list_shows_the_counts(store, db_url, capsys) -> None:
    make_campus(store, rooms_per_gender=1)          # bus 1 carries B1-101 and B1-201 (addresses 1, 2, 101, 102)
    add_rooms_without_meters(store)                 # B2-101..103 have no meters yet
    assert cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB1")[0] == 0     # bus 2
    for argv, said in [
        (("--address", "1", "--room", "B2-101"), "electricity meter 3: address 1 on bus 2 serves room B2-101"),
        (("--address", "101", "--room", "b2-101", "--kind", "lxsy", "--serial", "25001101"),
         "water meter 3: address 101 on bus 2 serves room B2-101"),
        (("--address", "2", "--room", "B2-102", "--kind", "ddsy"), "electricity meter 4: address 2 on bus 2 "
                                                                    "serves room B2-102"),
    ]:
        code, out, err = cli(capsys, "--db", db_url, "meter", "assign", "--bus", "2", *argv)
        assert (code, out, err) == (0, [said], []), argv
    code, out, _ = cli(capsys, "--db", db_url, "bus", "list")
    rows = bus_rows(out)
    assert code == 0 and rows[1][-2:] == ["2", "2"] and rows[2][-2:] == ["2", "1"]
    with store.read() as s:
        water = s.scalar(sql_select(WaterMeter).where(WaterMeter.bus_id == 2))
        assert (water.address, water.serial_no) == (101, "25001101")
        assert s.scalar(sql_select(func.count()).select_from(AuditRecord)
                        .where(AuditRecord.action == "meter.assign", AuditRecord.operator_id.is_(None))) == 3


def test_meter_assign_refusals_say_why_in_one_line(store, db_url, capsys) -> None:
    make_campus(store, rooms_per_gender=1)
    add_rooms_without_meters(store)
    assert cli(capsys, "--db", db_url, "meter", "assign", "--bus", "1", "--address", "5", "--room", "B2-101")[0] == 0
    refusals = [
        (("--bus", "1", "--address", "5", "--room", "B2-102"),
         "error: Address 5 on bus 1 is already used by the electricity meter of room B2-101."),
        # addresses are per line: a water meter cannot take an electricity meter's address
        (("--bus", "1", "--address", "5", "--room", "B2-102", "--kind", "lxsy"),
         "error: Address 5 on bus 1 is already used by the electricity meter of room B2-101."),
        (("--bus", "1", "--address", "101", "--room", "B2-102"),
         "error: Address 101 on bus 1 is already used by the water meter of room B1-101."),
        (("--bus", "1", "--address", "6", "--room", "B2-101"),
         "error: Room B2-101 already has an active electricity meter (address 5 on bus 1)."),
        (("--bus", "1", "--address", "6", "--room", "B9-999"), "error: There is no room “B9-999”."),
        (("--bus", "7", "--address", "6", "--room", "B2-102"), "error: There is no bus 7."),
    ]
    for argv, message in refusals:
        code, out, err = cli(capsys, "--db", db_url, "meter", "assign", *argv)
        assert code == 2 and out == [] and one_error_line(err) == message, argv
    for argv, message in [(("--address", "0"), "a meter address is 1-247, got 0"),
                          (("--address", "248"), "a meter address is 1-247, got 248"),
                          (("--address", "6", "--kind", "gas"), "argument --kind: invalid choice")]:
        code, _, err = cli(capsys, "--db", db_url, "meter", "assign", "--bus", "1", "--room", "B2-102", *argv)
        assert code == 2 and message in err[-1], argv
    assert count(store, ElectricityMeter) == 3 and count(store, WaterMeter) == 2


def test_user_option_acts_as_that_operator(store, db_url, capsys, monkeypatch) -> None:
    campus = make_campus(store, rooms_per_gender=1)
    add_rooms_without_meters(store)
    monkeypatch.setenv("DORMWATT_PASSWORD", "tech-pass")
    code, _, err = cli(capsys, "--db", db_url, "--user", "tech", "meter", "assign", "--bus", "1", "--address", "9",
                       "--room", "B2-103")
    assert code == 0, err
    with store.read() as s:
        assert s.scalar(sql_select(AuditRecord.operator_id).where(AuditRecord.action == "meter.assign")) == \
            campus.tech.id
    monkeypatch.setenv("DORMWATT_PASSWORD", "clerk-pass")
    code, _, err = cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB5", "--user", "clerk")
    assert code == 2 and "may not do this: it needs the Administrator or Technician role" in one_error_line(err)
    monkeypatch.setenv("DORMWATT_PASSWORD", "wrong")
    code, _, err = cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB5", "--user", "admin")
    assert code == 2 and one_error_line(err) == "error: Wrong login name or password."
    assert count(store, Bus) == 1


# -- the store: which one, missing, bad, newer ---------------------------------------------------
def test_db_and_config_apply_before_or_after_the_command(store, db_url, capsys, tmp_path, private_home) -> None:
    commissioning.add_bus(store, Actor.system(), port="/dev/ttyUSB0")
    for argv in (("--db", db_url, "ledger", "verify"), ("ledger", "verify", "--db", db_url),
                 ("ledger", "--db", db_url, "verify")):
        assert cli(capsys, *argv) == (0, ["ledger verify: 0 account(s) drifted"], []), argv
    ini = tmp_path / "office.ini"
    ini.write_text(f"[database]\nurl = {db_url.replace('%', '%%')}\n", encoding="utf-8")
    for argv in (("--config", str(ini), "bus", "list"), ("bus", "list", "--config", str(ini))):
        code, out, _ = cli(capsys, *argv)
        assert code == 0 and bus_rows(out)[1][1] == "/dev/ttyUSB0", argv
    assert files_under(private_home) == []          # the default store was never made


def test_read_only_commands_never_create_a_store(tmp_path, private_home) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "store.db"
    url = f"sqlite:///{missing}"
    default = private_home / "data" / "DormWatt" / "dormwatt.db"
    for argv, where in [(("--db", url, "bus", "list"), missing), (("bus", "scan", "1", "--db", url), missing),
                        (("ledger", "verify", "--db", url), missing), (("bus", "list",), default),
                        (("ledger", "verify"), default)]:
        done = run_main(*argv)
        assert done.returncode == 2 and done.stdout == "", argv
        assert one_error_line(done.stderr) == f"error: no store at {where}", argv
    assert not (tmp_path / "no").exists() and files_under(private_home) == []


def test_write_commands_need_an_existing_store_except_bus_add(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'store.db'}"
    code, _, err = cli(capsys, "--db", url, "bus", "set", "1", "--enable")
    assert code == 2 and one_error_line(err) == f"error: no store at {tmp_path / 'new' / 'store.db'}"
    assert cli(capsys, "--db", url, "bus", "add", "--port", "/dev/ttyUSB0")[0] == 0    # made and migrated
    assert cli(capsys, "--db", url, "bus", "set", "1", "--disable")[0] == 0


def test_bad_or_unreachable_urls_say_so_in_one_line(tmp_path, capsys) -> None:
    cases = [
        ("postgresql+psycopg://x:y@127.0.0.1:1/none", "error: cannot open the store at "
                                                      "postgresql+psycopg://x:***@127.0.0.1:1/none: "),
        ("nonsense://", "error: cannot use the database URL nonsense://: "),
        ("mysql://u:secret@h/d", "error: cannot use the database URL mysql://u:***@h/d: No module named"),
        ("not a url", "error: cannot use the database URL not a url: "),
        (f"sqlite:///{tmp_path}", f"error: no store at {tmp_path} (a directory, not a database file)"),
    ]
    for url, message in cases:
        done = run_main("--db", url, "bus", "list")         # as started: one line, no traceback
        assert done.returncode == 2 and done.stdout == "", done.stderr
        assert one_error_line(done.stderr).startswith(message)
        assert "y@" not in done.stderr and "secret" not in done.stderr     # no password is printed
        # a command that may create its store: the same, except that a directory cannot become one
        code, out, err = cli(capsys, "bus", "add", "--port", "/dev/ttyUSB0", "--db", url)
        assert code == 2 and out == [], err
        if url.startswith("sqlite"):
            assert one_error_line(err).startswith(f"error: cannot open the store at sqlite:///{tmp_path}: ")
        else:
            assert one_error_line(err).startswith(message)


def test_demo_data_refuses_a_room_count_below_one(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    for rooms in ("-5", "0", "many"):
        code, out, err = cli(capsys, "demo-data", "--rooms", rooms, "--out", url)
        assert code == 2 and out == [], rooms
        assert "argument --rooms:" in err[-1] and rooms in err[-1], err
    code, _, err = cli(capsys, "demo-data", "--rooms", "3")
    assert code == 2 and one_error_line(err).startswith("error: demo-data: name the store to fill with --out URL")
    assert not (tmp_path / "demo.db").exists()


def test_a_store_migrated_by_a_newer_version_is_left_alone(store, owner_store, db_url, capsys) -> None:
    with owner_store.engine.begin() as conn:      # a newer DormWatt, run by the owner, migrated it
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    for argv in (("bus", "list"), ("bus", "scan", "1"), ("ledger", "verify"), ("db", "upgrade"),
                 ("bus", "add", "--port", "/dev/ttyUSB0"), ("bus", "set", "1", "--enable"),
                 ("meter", "assign", "--bus", "1", "--address", "1", "--room", "B1-101")):
        code, out, err = cli(capsys, "--db", db_url, *argv)
        assert code == 2 and out == [], argv
        assert "was migrated by a newer version of DormWatt (schema 9999_from_the_future" in one_error_line(err)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_from_the_future"
    assert count(store, Bus) == 0


def test_read_only_commands_refuse_a_store_that_needs_upgrading(tmp_path, capsys) -> None:
    import sqlite3

    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()          # a file, but no DormWatt schema in it
    code, _, err = cli(capsys, "--db", f"sqlite:///{path}", "bus", "list")
    assert code == 2 and one_error_line(err).endswith("is empty (no DormWatt schema); run `dormwatt db upgrade` "
                                                      "first")
    assert cli(capsys, "--db", f"sqlite:///{path}", "db", "upgrade")[0] == 0
    assert cli(capsys, "--db", f"sqlite:///{path}", "bus", "list")[0] == 0


def test_serve_is_a_command_with_its_log_options() -> None:
    from app.cli import build_parser, is_command

    args = build_parser().parse_args(["serve", "--log-file", "/tmp/x.log", "--log-level", "debug", "--db", "u"])
    assert is_command(args) and (args.log_file, args.log_level, args.db) == ("/tmp/x.log", "DEBUG", "u")
    assert not is_command(build_parser().parse_args(["--db", "u"]))          # the window


# -- bus scan against the simulator on a pty -----------------------------------------------------
def start_sim(*args: str) -> subprocess.Popen[str]:
    """Start `python -m drivers.sim` and wait for the line saying where it listens."""
    proc = subprocess.Popen([sys.executable, "-m", "drivers.sim", *args], cwd=ROOT, text=True,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    line = proc.stdout.readline() if ready else ""
    if "listening" not in line:
        proc.kill()
        raise AssertionError(f"simulator did not start: {line!r} {proc.stderr.read() if not ready else ''}")
    return proc


@pytest.fixture
def sim_link(tmp_path) -> Iterator[Path]:
    link = tmp_path / "ttyDORM"
    proc = start_sim("--meters", "3", "--water", "1", "--speed", "0", "--no-physics", "--link", str(link))
    yield link
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def commissioned_bus(store: Store, link: Path) -> int:
    """A bus on the simulator's line with two of its meters and one absent meter in rooms."""
    add_rooms_without_meters(store)
    bus_id = commissioning.add_bus(store, Actor.system(), port=str(link))
    commissioning.assign_meter(store, Actor.system(), bus_id=bus_id, address=2, room_code="B2-101")
    commissioning.assign_meter(store, Actor.system(), bus_id=bus_id, address=101, room_code="B2-101", kind="lxsy")
    commissioning.assign_meter(store, Actor.system(), bus_id=bus_id, address=5, room_code="B2-102")
    return bus_id


def test_bus_scan_finds_every_meter_on_the_line(sqlite_template, tmp_path, sim_link) -> None:
    # The whole line takes half a minute, so it is scanned once, on SQLite; the scan of part of the
    # line below joins the store on every backend.
    shutil.copy(sqlite_template, tmp_path / "scan.db")
    db_url = f"sqlite:///{tmp_path / 'scan.db'}"
    store = Store(db_url)
    bus_id = commissioned_bus(store, sim_link)
    store.dispose()
    t = time.monotonic()
    done = run_main("--db", db_url, "bus", "scan", str(bus_id), timeout=120)
    took = time.monotonic() - t
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"scanning bus {bus_id} ({sim_link}, 9600 8N1), 247 addresses in 1-247")
    assert lines[1:] == [
        "address 1: ddsy (DDSY1946A-13), serial 24001001, firmware 1.12; not assigned",
        "address 2: ddsy (DDSY1946A-13), serial 24001002, firmware 1.12; assigned to B2-101",
        "address 3: ddsy (DDSY1946A-13), serial 24001003, firmware 1.12; not assigned",
        "address 101: lxsy (LXSY-20), serial 25001101, firmware 1.03; assigned to B2-101",
        "address 5: no answer; assigned to B2-102 as its electricity meter",
        lines[-1],
    ]
    assert lines[-1].startswith(f"bus {bus_id}: 4 answered (3 ddsy, 1 lxsy, 0 other) in ")
    # 247 addresses at 0.1 s each and a request's wire time: about 33 s at 9600 baud
    assert took < 60


def test_bus_scan_of_part_of_the_line_joins_the_store(store, db_url, sim_link, capsys) -> None:
    bus_id = commissioned_bus(store, sim_link)
    with store.write() as s:                 # the store expects a water meter where an electricity one answers
        s.get(WaterMeter, 1).address = 3
    code, out, err = cli(capsys, "--db", db_url, "bus", "scan", str(bus_id), "--addresses", "2-5,101",
                         "--timeout", "0.12")
    assert code == 0, err
    assert out[1:-1] == [
        "address 2: ddsy (DDSY1946A-13), serial 24001002, firmware 1.12; assigned to B2-101",
        "address 3: ddsy (DDSY1946A-13), serial 24001003, firmware 1.12; assigned to B2-101, but the store "
        "has its water meter at this address",
        "address 101: lxsy (LXSY-20), serial 25001101, firmware 1.03; not assigned",
        "address 5: no answer; assigned to B2-102 as its electricity meter",
    ]
    assert out[-1].startswith(f"bus {bus_id}: 3 answered (2 ddsy, 1 lxsy, 0 other)")


def test_bus_scan_says_why_it_cannot_scan(store, db_url, capsys, tmp_path) -> None:
    bus_id = commissioning.add_bus(store, Actor.system(), port=str(tmp_path / "no-such-tty"))
    code, out, err = cli(capsys, "--db", db_url, "bus", "scan", str(bus_id), "--addresses", "1")
    assert code == 2 and one_error_line(err).startswith(f"error: bus scan: cannot open {tmp_path / 'no-such-tty'}")
    code, _, err = cli(capsys, "--db", db_url, "bus", "scan", "99")
    assert code == 2 and one_error_line(err) == "error: There is no bus 99."
    # a bus that a meter service serves is not scanned behind its back
    BusLeases(store, "serve@office-pc:4242").acquire([bus_id])
    code, _, err = cli(capsys, "--db", db_url, "bus", "scan", str(bus_id), "--addresses", "1")
    assert code == 2 and one_error_line(err).startswith(f"error: bus scan: bus {bus_id} is being served by "
                                                        "serve@office-pc:4242; stop that service first")
    code, _, err = cli(capsys, "--db", db_url, "bus", "scan", str(bus_id), "--addresses", "1", "--force")
    assert code == 2 and "cannot open" in one_error_line(err)
    for bad in ("0", "1-300", "5-2", "x"):
        code, _, err = cli(capsys, "--db", db_url, "bus", "scan", str(bus_id), "--addresses", bad)
        assert code == 2 and "argument --addresses" in err[-1], bad


def test_meter_commission_queues_one_set_balance_per_meter_after_what_is_pending(store, db_url, capsys) -> None:
    from app.campus import occupancy
    from app.counter import payments, shifts
    from app.counter.money import Money
    from db.models import Purchase

    campus = make_campus(store, rooms_per_gender=1)
    room, a = campus.rooms["B1-101"], campus.students["202610000"]
    occupancy.check_in(store, campus.clerk, a, room)
    shifts.open_shift(store, campus.clerk, Money(0))
    payments.recharge(store, campus.clerk, room_id=room, utility="electricity", amount=Money(8000), method="cash",
                      payer_id=a, key="before-commissioning")
    with pytest.raises(PermissionDenied):
        commissioning.commission_meters(store, campus.clerk, 1)
    code, out, err = cli(capsys, "--db", db_url, "meter", "commission", "--bus", "1")
    assert code == 0 and out == ["bus 1: 2 set-balance purchase(s) queued; the meter service delivers them"]
    with store.read() as s:
        rows = s.execute(sql_select(Purchase.meter_id, Purchase.kind, Purchase.amount).order_by(Purchase.id)).all()
        meter = s.scalar(sql_select(ElectricityMeter.id).where(ElectricityMeter.room_id == room))
        assert count(store, AuditRecord, action="meter.commission") == 1
    # the recharge first, then the balance the ledger holds: the meter ends with exactly 80.00
    assert [(k, amt) for mid, k, amt in rows if mid == meter] == [(1, 8000), (3, 8000)]
    code, out, err = cli(capsys, "--db", db_url, "meter", "commission", "--bus", "9")
    assert code == 2 and one_error_line(err) == "error: There is no bus 9."
