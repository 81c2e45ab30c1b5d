"""Training mode: a store marked TRAINING, made from the demo campus, where clerks practise on simulated
meters (`python main.py training`).

What a caller may rely on:
- `open_training_store()` creates the training store once (the demo campus, with its newcomers not yet
  housed and free beds for them; the store marked training; a roster of the newcomers in the training
  folder for practising batch opening) and opens it again afterwards. It refuses a store there that is
  not a training store, and one whose buses are not all simulated.
- A store is a training store when its `store_mode` setting says "training" OR the audit trail holds
  the marking record (`store.mark_training`). The audit record is hash-chained (`audit verify`), so
  deleting the setting does not turn a training store into a real one, and the mark is never undone.
- `mark_training` is the only way to mark a store, and it refuses any store that holds rows other than
  the demo generator's: a real store (or a demo someone has worked in) is never marked.
- A training store never points at a real line: `refuse_real_port` (called by
  app.metering.commissioning's add_bus and change_bus, for the command line and the window alike)
  refuses any port but a simulated one, and `refuse_real_lines` (called by the meter runtime before
  it opens its buses) leaves a real line closed, whatever was written into the store behind the app's
  back. A simulated port is a gateway on this computer's loopback (``socket://127.0.0.1:PORT``), which
  the training's simulator itself listens on.
- Receipts printed from a training store carry `ReceiptData.training` (app.counter.documents).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, clock
from app.access import Actor, require
from app.errors import DormWattError, FieldInvalid
from db.engine import Store, user_data_dir
from db.models import AuditRecord, Bed, Building, Bus, MoneyOperation, Occupancy, Room, Setting, Student

log = logging.getLogger(__name__)

MODE_SETTING = "store_mode"
MODE_TRAINING = "training"
MARK_ACTION = "store.mark_training"
# Bilingual on purpose, like the receipts: whoever looks, in whichever language, sees it is practice.
MARK = "培训 TRAINING"
TITLE_PREFIX = f"{MARK} — "
BANNER = "培训模式 TRAINING — 练习用，不是真实收款 / practice only, not real money"
ROSTER_NAME = "新生名单-newcomers.xlsx"
BUS_BASE_PORT = 5220          # the simulated lines' ports (the demo's are 5020…: both may run at once)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# What the demo generator writes into the audit trail and the settings (app.demo.campus.generate and
# app.demo.power.seed), and the logins of its operators: a store with anything else has been worked in
# and is never marked.
DEMO_ACTIONS = frozenset({"operator.create", "demo.generate", "calendar.term.add", "calendar.holiday.import",
                          "policy.save", "policy.assign", "operator.login", "operator.login_failed"})
DEMO_SETTINGS = frozenset({"school_name", "demo"})


class TrainingDenied(DormWattError):
    """Something training mode refuses: marking a real store, opening a store that is not a training
    store as one, or a real line in a training store."""


class _Line(Protocol):
    id: int
    port: str


# ----- where ------------------------------------------------------------------------------------------


def training_folder() -> Path:
    """The training's files (the newcomers' roster): the user data folder's "training"."""
    return user_data_dir() / "training"


def training_url() -> str:
    """The training store: training.db in the user data folder, beside (never instead of) the real one."""
    return f"sqlite:///{user_data_dir() / 'training.db'}"


# ----- is it one --------------------------------------------------------------------------------------


def in_training(s: Session) -> bool:
    """Whether the store of this transaction is a training store (the setting or the chained audit record)."""
    row = s.get(Setting, MODE_SETTING)
    if row is not None and row.value == MODE_TRAINING:
        return True
    return s.scalar(select(AuditRecord.id).where(AuditRecord.action == MARK_ACTION).limit(1)) is not None


def is_training(store: Store) -> bool:
    with store.read() as s:
        return in_training(s)


def is_simulated_port(port: str) -> bool:
    """A gateway on this computer's loopback (socket://127.0.0.1:PORT), where a simulator listens."""
    try:
        parts = urlsplit(port.strip())
        return parts.scheme == "socket" and parts.hostname in LOOPBACK and parts.port is not None
    except ValueError:
        return False


# ----- refusals ---------------------------------------------------------------------------------------


def refuse_real_port(store: Store, port: str | None) -> None:
    """FieldInvalid(field="port") when `store` is a training store and `port` is not a simulated one."""
    if port is None or not port.strip() or is_simulated_port(port):
        return                           # nothing to refuse here (an empty port is the line check's to refuse)
    if is_training(store):
        raise FieldInvalid(f"This is a training store: it never uses a real line, and {port.strip()} is one. "
                           "Training buses are simulated (socket://127.0.0.1:PORT).", field="port")


def refuse_real_lines(store: Store, lines: Sequence[_Line]) -> list:
    """The lines a meter runtime may open: all of them in a real store; in a training store only the
    simulated ones (each real one is left closed, with an error in the log)."""
    if all(is_simulated_port(b.port) for b in lines) or not is_training(store):
        return list(lines)
    for b in lines:
        if not is_simulated_port(b.port):
            log.error("training store: bus %s on %s is a real line; it is not opened", b.id, b.port)
    return [b for b in lines if is_simulated_port(b.port)]


def check_lines(store: Store) -> None:
    """TrainingDenied when an enabled bus of the (training) store is on a real line."""
    with store.read() as s:
        real = [(i, p) for i, p in s.execute(select(Bus.id, Bus.port).where(Bus.enabled.is_(True)).order_by(Bus.id))
                if not is_simulated_port(p)]
    if real:
        names = ", ".join(f"bus {i} on {p}" for i, p in real)
        raise TrainingDenied(f"This training store has a real line ({names}); training never opens one.")


def _not_demo_only(s: Session) -> list[str]:
    """What in the store was not written by the demo generator (empty: a fresh demo campus)."""
    problems = []
    if s.get(Setting, "demo") is None or s.get(Setting, "demo").value is not True:
        problems.append("it was not made from the demo campus")
    settings = set(s.scalars(select(Setting.key))) - DEMO_SETTINGS
    if settings:
        problems.append(f"it has settings of its own ({', '.join(sorted(settings))})")
    real = [p for p in s.scalars(select(Bus.port)) if not is_simulated_port(p)]
    if real:
        problems.append(f"it has real lines ({', '.join(real)})")
    if s.scalar(select(MoneyOperation.id).where(~MoneyOperation.idempotency_key.like("demo-%")).limit(1)):
        problems.append("it has money operations of its own")
    done = set(s.scalars(select(AuditRecord.action).distinct())) - DEMO_ACTIONS
    if done:
        problems.append(f"work was done in it ({', '.join(sorted(done))})")
    return problems


def mark_training(store: Store, actor: Actor) -> None:
    """Mark a freshly generated demo store as a training store (setting + chained audit record).
    TrainingDenied, nothing written, for any store holding rows other than the demo's; marking a
    training store again changes nothing."""
    require(actor, "settings.change")
    with store.write() as s:
        if in_training(s):
            return
        problems = _not_demo_only(s)
        if problems:
            raise TrainingDenied(f"Only a new demo campus becomes a training store; this store is refused: "
                                 f"{'; '.join(problems)}.")
        s.add(Setting(key=MODE_SETTING, value=MODE_TRAINING))
        audit.record(s, actor, MARK_ACTION, "setting", None, None, {MODE_SETTING: MODE_TRAINING})


# ----- the newcomers' roster ----------------------------------------------------------------------------


def newcomers(store: Store) -> list[tuple[int, str, str, str]]:
    """The active students never housed: (id, student no., name, gender), by student number."""
    with store.read() as s:
        housed = select(Occupancy.student_id)
        return [tuple(r) for r in s.execute(
            select(Student.id, Student.student_no, Student.name, Student.gender)
            .where(Student.status == "active", Student.id.not_in(housed)).order_by(Student.student_no))]


def free_beds(store: Store) -> dict[str, list[tuple[str, str, str]]]:
    """Gender -> the free beds of rooms of that gender, (building code, room number, bed label), taking
    the buildings in turn so that a list of them spreads over the campus."""
    with store.read() as s:
        taken = set(s.scalars(select(Occupancy.bed_id).where(Occupancy.end_at.is_(None))))
        rows = s.execute(select(Bed.id, Building.code, Room.number, Bed.label, Room.gender)
                         .join(Room, Room.id == Bed.room_id).join(Building, Building.id == Room.building_id)
                         .order_by(Building.id, Room.number, Bed.label)).all()
    by_building: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
    for bed_id, code, number, label, gender in rows:
        if bed_id not in taken and gender in ("M", "F"):
            by_building.setdefault(gender, {}).setdefault(code, []).append((code, number, label))
    out: dict[str, list[tuple[str, str, str]]] = {"M": [], "F": []}
    for gender, buildings in by_building.items():
        queues = list(buildings.values())
        while any(queues):
            for q in queues:
                if q:
                    out[gender].append(q.pop(0))
    return out


def write_roster(store: Store, path: str | Path) -> int:
    """The newcomers as a roster (app.imports.roster's columns), each given a free bed of their gender:
    the sheet a clerk imports to practise batch opening. Returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.imports.roster import SPEC

    with store.read() as s:
        students = {no: (college, cls, phone) for no, college, cls, phone in s.execute(
            select(Student.student_no, Student.college, Student.class_name, Student.phone))}
    beds = free_beds(store)
    day = clock.today().isoformat()
    wb = Workbook()
    ws = wb.active
    ws.title = "roster"
    ws.append([c.title for c in SPEC.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    n = 0
    for _sid, no, name, gender in newcomers(store):
        if not beds.get(gender):
            continue
        code, number, label = beds[gender].pop(0)
        college, cls, phone = students[no]
        values = {"student_no": no, "name": name, "gender": "男" if gender == "M" else "女", "college": college,
                  "class_name": cls, "phone": phone, "building": code, "room": number, "bed": label,
                  "check_in": day}
        ws.append([values.get(c.key) for c in SPEC.columns])
        n += 1
    for i, col in enumerate(SPEC.columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = max(12, len(col.en) + 4)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    wb.save(tmp)
    tmp.replace(out)
    return n


# ----- the training store -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingStore:
    store: Store
    created: bool                 # made by this call (else opened again)
    roster: Path                  # the newcomers' roster for practising batch opening


def open_training_store(url: str | None = None, *, folder: Path | None = None, rooms: int = 864,
                        progress=None, **demo_options) -> TrainingStore:
    """The training store at `url` (default `training_url()`), created from the demo campus when empty.
    TrainingDenied for a store there that is not a training store, or one with a real line."""
    from app import operators
    from app.demo.campus import DEMO_PASSWORDS, generate
    from db import migrate
    from db.models import Operator

    url = url or training_url()
    demo_options.setdefault("bus_base_port", BUS_BASE_PORT)
    folder = folder or training_folder()
    roster = folder / ROSTER_NAME
    store = Store(url)
    try:
        migrate.upgrade(store.engine)
        with store.read() as s:
            empty = s.scalar(select(Operator.id).limit(1)) is None and s.scalar(select(Room.id).limit(1)) is None
        if not empty:
            if not is_training(store):
                raise TrainingDenied(f"The store at {_where(url)} is not a training store; training opens only a "
                                     "store it made itself.")
            check_lines(store)
            if not roster.exists():
                write_roster(store, roster)
            return TrainingStore(store, False, roster)
        if progress is not None:
            progress("Creating the training store from the demo campus (once)…")
        try:
            generate(store, rooms=rooms, **demo_options)
            admin = operators.authenticate(store, "admin", DEMO_PASSWORDS["admin"])
            mark_training(store, admin)
        except BaseException:
            _discard(store, url)
            raise
        write_roster(store, roster)
        return TrainingStore(store, True, roster)
    except BaseException:
        store.dispose()
        raise


def _where(url: str) -> str:
    return url.split("///", 1)[1] if url.startswith("sqlite") and "///" in url else url.split("@")[-1]


def _discard(store: Store, url: str) -> None:
    """A training store whose creation failed half way is removed (SQLite), so the next start makes it
    whole instead of refusing a store without its mark."""
    store.dispose()
    if url.startswith("sqlite") and "///" in url:
        path = Path(_where(url).split("?", 1)[0])
        for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            p.unlink(missing_ok=True)
