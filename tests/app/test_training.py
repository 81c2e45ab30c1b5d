"""Training mode (issue 14): a store marked TRAINING made from the demo campus, with newcomers not yet
housed and free beds for them, a roster to practise batch opening, receipts that say TRAINING — and a
store that never points at a real line, while a real store is never marked."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, func, select, update

import main
from app import operators
from app.campus import occupancy
from app.care import training
from app.counter import documents, payments, settlement, shifts
from app.counter.money import Money
from app.demo.campus import DEMO_PASSWORDS, create_demo_store
from app.errors import FieldInvalid, PermissionDenied
from app.imports import engine
from app.imports.roster import Roster
from app.integrity.verify import verify
from app.metering import commissioning
from app.metering.runtime.runtime import MeterRuntime
from db.models import AuditRecord, Bed, Building, Bus, Occupancy, Room, Setting, Student
from tests.factories import make_campus

ROOMS = 288          # two buildings: one of men, one of women


@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DORMWATT_DB", raising=False)


@pytest.fixture
def opened(db_url, tmp_path):
    t = training.open_training_store(db_url, folder=tmp_path / "training", rooms=ROOMS, days=2, seed=3)
    yield t
    t.store.dispose()


def _clerk(store):
    return operators.authenticate(store, "clerk", DEMO_PASSWORDS["clerk"])


def _room_id(store, code: str, number: str) -> int:
    with store.read() as s:
        return s.scalar(select(Room.id).join(Building, Building.id == Room.building_id)
                        .where(Building.code == code, Room.number == number))


def _cli(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    _out, err = capsys.readouterr()
    return code, err


# ----- the training store ---------------------------------------------------------------------------


def test_made_once_from_the_demo_campus_with_newcomers_free_beds_and_their_roster(opened, db_url, tmp_path):
    store = opened.store
    assert opened.created and training.is_training(store)
    with store.read() as s:
        assert s.get(Setting, training.MODE_SETTING).value == "training"
        marks = s.scalars(select(AuditRecord).where(AuditRecord.action == training.MARK_ACTION)).all()
        assert len(marks) == 1 and marks[0].after == {"store_mode": "training"}
    assert verify(store).ok                     # the mark is a link of the audit chain

    newcomers = training.newcomers(store)
    assert len(newcomers) == 40
    assert {g for *_x, g in newcomers} == {"M", "F"}
    beds = training.free_beds(store)
    for gender in ("M", "F"):
        wanted = sum(1 for *_x, g in newcomers if g == gender)
        assert len(beds[gender]) >= wanted > 0
    assert len({code for g in beds for code, _n, _l in beds[g]}) >= 2     # several buildings

    # the roster: every newcomer in a free bed of their gender, as the import reads it (a dry run)
    assert opened.roster.parent == tmp_path / "training" and opened.roster.exists()
    clerk = _clerk(store)
    pv = engine.preview(store, clerk, Roster(), opened.roster)
    assert pv.counts()["error"] == 0 and len(pv.rows) == 40, [r.messages() for r in pv.rows if r.errors]

    again = training.open_training_store(db_url, folder=tmp_path / "training", rooms=ROOMS)
    try:
        assert not again.created
        with again.store.read() as s:
            assert s.scalar(select(func.count()).select_from(AuditRecord)
                            .where(AuditRecord.action == training.MARK_ACTION)) == 1
    finally:
        again.store.dispose()


def test_batch_opening_from_the_roster_houses_every_newcomer(opened):
    store = opened.store
    clerk = _clerk(store)
    pv = engine.preview(store, clerk, Roster(), opened.roster)
    job = engine.start(store, clerk, Roster(), pv)
    done = engine.run(store, clerk, Roster(), job)
    assert done.status == "done" and done.failed == 0
    assert training.newcomers(store) == []


def test_an_unhoused_student_checks_in_to_a_free_bed(opened):
    store = opened.store
    clerk = _clerk(store)
    sid, no, _name, gender = training.newcomers(store)[0]
    code, number, label = training.free_beds(store)[gender][0]
    room_id = _room_id(store, code, number)
    stay = occupancy.check_in(store, clerk, sid, room_id, label)
    assert (stay.student_no, stay.room_code, stay.bed_label) == (no, f"{code}-{number}", label)
    assert occupancy.current_stay(store, sid).room_id == room_id
    assert sid not in [n[0] for n in training.newcomers(store)]


def test_a_receipt_of_the_training_store_says_training(opened):
    store = opened.store
    clerk = _clerk(store)
    with store.read() as s:
        payer, room_id = s.execute(select(Occupancy.student_id, Bed.room_id).join(Bed, Bed.id == Occupancy.bed_id)
                                   .where(Occupancy.end_at.is_(None)).order_by(Occupancy.id).limit(1)).one()
    shifts.open_shift(store, clerk, Money(0))
    r = payments.recharge(store, clerk, room_id=room_id, utility="electricity", amount=Money(5000), method="cash",
                          payer_id=payer, key="training-1")
    pdf = documents.receipt_pdf(store, clerk, r.receipt_id)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "TRAINING" in text
    # the A4 papers of the practice say so too: the shift report, a check-out's statement
    closed = shifts.close_shift(store, clerk, Money(5000))
    report = documents.shift_report_pdf(store, closed["shift_id"])
    assert "not a real document" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(report)).pages)
    shifts.open_shift(store, clerk, Money(0))
    out = settlement.check_out(store, clerk, payer, key="training-out")
    statement = settlement.statement_pdf(store, out.settlement_id)
    assert "not a real document" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(statement)).pages)


def test_a_receipt_of_a_real_store_does_not(store):
    c = make_campus(store)
    room, a = c.rooms["B1-101"], c.students["202610000"]
    occupancy.check_in(store, c.clerk, a, room)
    shifts.open_shift(store, c.clerk, Money(0))
    r = payments.recharge(store, c.clerk, room_id=room, utility="electricity", amount=Money(5000), method="cash",
                          payer_id=a, key="real-1")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(documents.receipt_pdf(store, c.clerk,
                                                                                          r.receipt_id))).pages)
    assert "TRAINING" not in text and "培训" not in text
    out = settlement.check_out(store, c.clerk, a, key="real-out")
    statement = settlement.statement_pdf(store, out.settlement_id)
    assert "TRAINING" not in "".join(p.extract_text() for p in PdfReader(io.BytesIO(statement)).pages)


# ----- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["/dev/ttyUSB0", "COM3", "socket://10.0.0.5:4196", "rfc2217://192.168.1.9:4001",
                                  "socket://gateway.local:502"])
def test_a_training_store_refuses_a_real_port(opened, port):
    store = opened.store
    tech = operators.authenticate(store, "tech", DEMO_PASSWORDS["tech"])
    before = commissioning.list_buses(store)
    with pytest.raises(FieldInvalid) as caught:
        commissioning.add_bus(store, tech, port=port)
    assert caught.value.field == "port" and "training store" in caught.value.message
    with pytest.raises(FieldInvalid):
        commissioning.change_bus(store, tech, before[0].id, port=port)
    with pytest.raises(FieldInvalid):
        commissioning.add_bus(store, tech, port=port, enabled=False, test_port=True)   # refused before any open
    assert commissioning.list_buses(store) == before


def test_a_training_store_takes_another_simulated_line(opened):
    store = opened.store
    tech = operators.authenticate(store, "tech", DEMO_PASSWORDS["tech"])
    bus_id = commissioning.add_bus(store, tech, port="socket://127.0.0.1:5999", enabled=False)
    assert commissioning.get_bus(store, bus_id).port == "socket://127.0.0.1:5999"


def test_the_command_line_refuses_a_real_port_on_a_training_store(opened, db_url, capsys):
    code, err = _cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB0")
    assert code == 2 and "training store" in err and err.startswith("error: ")
    code, err = _cli(capsys, "--db", db_url, "bus", "set", "1", "--port", "socket://10.0.0.5:4196")
    assert code == 2 and "training store" in err
    assert all(training.is_simulated_port(b.port) for b in commissioning.list_buses(opened.store))
    code, err = _cli(capsys, "--db", db_url, "bus", "add", "--port", "socket://127.0.0.1:5998")
    assert code == 0, err


def test_a_real_store_takes_a_real_port(store, db_url, capsys):
    make_campus(store)
    code, err = _cli(capsys, "--db", db_url, "bus", "add", "--port", "/dev/ttyUSB7")
    assert code == 0, err
    assert not training.is_training(store)


class _Unopened:
    """A bus worker that records which port it would have opened."""

    def __init__(self, url, **_options) -> None:
        self.url = url

    def add_meter(self, address, kind) -> None:
        pass

    def start(self) -> None:
        pass

    def stop(self, timeout=None) -> None:
        pass


def test_the_runtime_opens_no_real_line_of_a_training_store_even_one_written_behind_the_apps_back(opened):
    store = opened.store
    with store.write() as s:
        first = s.scalar(select(Bus.id).order_by(Bus.id))
        s.execute(update(Bus).where(Bus.id == first).values(port="/dev/ttyUSB0"))
    rt = MeterRuntime(store, bus_factory=_Unopened)
    rt.load()
    assert first not in rt.buses and rt.buses
    assert all(training.is_simulated_port(b.url) for b in rt.buses.values())
    with pytest.raises(training.TrainingDenied, match="real line"):
        training.check_lines(store)
    with pytest.raises(training.TrainingDenied, match="real line"):
        training.open_training_store(store.url, rooms=ROOMS)


def test_the_runtime_of_a_real_store_opens_its_real_lines(store):
    make_campus(store)
    with store.write() as s:
        s.execute(update(Bus).values(port="/dev/ttyUSB0", enabled=True))
    rt = MeterRuntime(store, bus_factory=_Unopened)
    rt.load()
    assert [b.url for b in rt.buses.values()] == ["/dev/ttyUSB0"]


def test_a_real_store_is_never_marked_training(store):
    c = make_campus(store)
    with pytest.raises(training.TrainingDenied, match="not made from the demo campus"):
        training.mark_training(store, c.admin)
    assert not training.is_training(store)
    with store.read() as s:
        assert s.get(Setting, training.MODE_SETTING) is None


def test_a_demo_someone_worked_in_is_not_marked_either(tmp_path):
    store, _ = create_demo_store(f"sqlite:///{tmp_path / 'demo.db'}", rooms=12, days=2, seed=4)
    try:
        admin = operators.authenticate(store, "admin", DEMO_PASSWORDS["admin"])
        clerk = _clerk(store)
        with store.read() as s:
            sid = s.scalar(select(Student.id).where(Student.id.not_in(select(Occupancy.student_id))))
        code, number, label = training.free_beds(store)["M"][0]
        occupancy.check_in(store, clerk, sid, _room_id(store, code, number), label)
        with pytest.raises(training.TrainingDenied, match="work was done in it"):
            training.mark_training(store, admin)
        assert not training.is_training(store)
    finally:
        store.dispose()


def test_a_demo_with_a_real_line_is_not_marked(tmp_path):
    store, _ = create_demo_store(f"sqlite:///{tmp_path / 'demo.db'}", rooms=12, days=2, seed=4)
    try:
        with store.write() as s:
            s.execute(update(Bus).values(port="/dev/ttyS0"))
        admin = operators.authenticate(store, "admin", DEMO_PASSWORDS["admin"])
        with pytest.raises(training.TrainingDenied, match="real lines"):
            training.mark_training(store, admin)
        clerk = _clerk(store)
        with pytest.raises(PermissionDenied):      # a clerk may not mark a store at all
            training.mark_training(store, clerk)
    finally:
        store.dispose()


def test_the_training_command_refuses_a_store_that_is_not_one(store):
    make_campus(store)
    with pytest.raises(training.TrainingDenied, match="not a training store"):
        training.open_training_store(store.url)


def test_removing_the_setting_does_not_make_a_training_store_real(opened):
    store = opened.store
    with store.write() as s:
        s.execute(delete(Setting).where(Setting.key == training.MODE_SETTING))
    assert training.is_training(store)               # the chained audit record still says so
    tech = operators.authenticate(store, "tech", DEMO_PASSWORDS["tech"])
    with pytest.raises(FieldInvalid):
        commissioning.add_bus(store, tech, port="/dev/ttyUSB0")


@pytest.mark.parametrize("port,simulated", [("socket://127.0.0.1:5020", True), ("socket://localhost:5020", True),
                                            ("socket://127.0.0.1", False), ("/dev/ttyUSB0", False),
                                            ("socket://10.0.0.5:4196", False), ("COM3", False), ("", False)])
def test_what_a_simulated_port_is(port, simulated):
    assert training.is_simulated_port(port) is simulated
