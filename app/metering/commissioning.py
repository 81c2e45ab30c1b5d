"""Commissioning: the buses (RS-485 lines) and which meter at which address serves which room.

Every change is an operation: it takes the acting operator (or the system), checks a permission,
writes an audit record in the same transaction and stages a `buses_changed` event (plus
`rooms_changed` for a room that gained a meter) that the hub publishes after the commit, so a
running meter service picks the change up. A refused change raises a `DormWattError` whose message
is one sentence a technician can act on, and changes nothing; a refusal about one argument is a
`FieldInvalid` naming that keyword argument (so a form shows it under the field).

What the Lines page (issue 10) adds: `line_rows` (the buses with who runs each now), a port test
(`try_port`; `add_bus`/`change_bus` with `test_port=True` refuse a port another program holds),
`scan_line` (drivers.scan with progress and cancel, under the bus's lease so no runtime polls the
line meanwhile; refused while one runs it), `enable_line`/`disable_line`, `decommission_line`
(refused while the line has active meters), and the meter–room map from a spreadsheet
(`preview_meter_map` lists every row's problem with its cell; `import_meter_map` records all rows
in one transaction, or none).

Meter kinds are named as everywhere else: "ddsy" (DDSY1946A-13 electricity meter) and "lxsy"
(LXSY-20 water meter). Modbus addresses are per line, whatever the kind: an electricity and a water
meter can never share an address on one bus.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from os import PathLike

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app import audit, clock, events, settings_store
from app.access import Actor, require
from app.care import training
from app.errors import FieldInvalid, InvalidInput, NotFound, UnknownRoom
from app.files.tables import Table, TableRow, read_table
from db.engine import Store
from db.models import Account, Building, Bus, ElectricityMeter, MeterCommand, Purchase, Room, WaterMeter
from db.models_sync import BusLease
from drivers import ports
from drivers import scan as bus_scan
from drivers.errors import PortError
from drivers.scan import Found

METER_PASSWORD_SETTING = "meter_password"     # the office's password for the meters' protected writes
FACTORY_PASSWORD = 1946                        # spec §2

BAUDS = (2400, 4800, 9600, 19200)
PARITIES = ("N", "E", "O")
KINDS: dict[str, type[ElectricityMeter] | type[WaterMeter]] = {"ddsy": ElectricityMeter, "lxsy": WaterMeter}
KIND_LABELS = {"ddsy": "electricity meter", "lxsy": "water meter"}


@dataclass(frozen=True)
class BusSummary:
    id: int
    name: str
    port: str
    baud: int
    parity: str
    enabled: bool
    electricity: int      # active (not replaced) meters of each kind on the bus
    water: int


@dataclass(frozen=True)
class Assignment:
    """An active meter on a bus: the address it answers at, its kind and the room it serves."""

    address: int
    kind: str
    meter_id: int
    serial_no: str
    room_code: str | None
    online: bool = False          # as the runtime last recorded it


def _snapshot(bus: Bus) -> dict:
    return {"name": bus.name, "port": bus.port, "baud": bus.baud, "parity": bus.parity, "enabled": bus.enabled}


def _active_counts(s: Session, model) -> dict[int, int]:
    rows = s.execute(select(model.bus_id, func.count(model.id)).where(model.replaced_on.is_(None))
                     .group_by(model.bus_id))
    return {bus_id: n for bus_id, n in rows}


def list_buses(store: Store) -> list[BusSummary]:
    """Every bus, by id, with how many active electricity and water meters it carries."""
    with store.read() as s:
        elec, water = _active_counts(s, ElectricityMeter), _active_counts(s, WaterMeter)
        return [BusSummary(b.id, b.name, b.port, b.baud, b.parity, b.enabled, elec.get(b.id, 0), water.get(b.id, 0))
                for b in s.scalars(select(Bus).order_by(Bus.id))]


def get_bus(store: Store, bus_id: int) -> BusSummary:
    """The bus `bus_id`; NotFound if there is none."""
    for bus in list_buses(store):
        if bus.id == bus_id:
            return bus
    raise NotFound(f"There is no bus {bus_id}.")


def assignments(store: Store, bus_id: int) -> dict[int, Assignment]:
    """The active meters on bus `bus_id`, by address."""
    out: dict[int, Assignment] = {}
    with store.read() as s:
        for kind, model in KINDS.items():
            rows = s.execute(select(model.id, model.address, model.serial_no, Building.code, Room.number,
                                    model.online)
                             .outerjoin(Room, Room.id == model.room_id)
                             .outerjoin(Building, Building.id == Room.building_id)
                             .where(model.bus_id == bus_id, model.replaced_on.is_(None)))
            for meter_id, address, serial_no, bcode, number, online in rows:
                code = f"{bcode}-{number}" if bcode is not None else None
                out[address] = Assignment(address, kind, meter_id, serial_no, code, bool(online))
    return out


def rooms_without_meter(store: Store) -> dict[str, list[str]]:
    """Kind -> the codes of the rooms with no active meter of that kind (what a meter may be
    assigned to), sorted."""
    out: dict[str, list[str]] = {}
    with store.read() as s:
        rooms = s.execute(select(Room.id, Building.code, Room.number).join(Building, Building.id == Room.building_id)
                          .order_by(Building.code, Room.number)).all()
        for kind, model in KINDS.items():
            served = set(s.scalars(select(model.room_id).where(model.replaced_on.is_(None),
                                                               model.room_id.is_not(None))))
            out[kind] = [f"{code}-{number}" for rid, code, number in rooms if rid not in served]
    return out


def _check_line(port: str, baud: int, parity: str) -> str:
    port = port.strip()
    if not port:
        raise FieldInvalid("Give the bus's serial port or gateway address (e.g. /dev/ttyUSB0, "
                           "socket://10.0.0.5:4196).", field="port")
    if len(port) > 255:
        raise FieldInvalid("The port address is longer than 255 characters.", field="port")
    if baud not in BAUDS:
        raise FieldInvalid("The baud rate is one of 2400, 4800, 9600 or 19200.", field="baud")
    if parity not in PARITIES:
        raise FieldInvalid("The parity is N (none), E (even) or O (odd).", field="parity")
    return port


def _check_port_free(s: Session, port: str, bus_id: int | None = None) -> None:
    other = s.scalar(select(Bus.id).where(Bus.port == port, Bus.id != (bus_id or 0)))
    if other is not None:
        raise FieldInvalid(f"Bus {other} already uses the port {port}: one port carries one bus.", field="port")


def _check_name_free(s: Session, name: str, bus_id: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 64:
        raise FieldInvalid("A bus name is 1 to 64 characters long.", field="name")
    if s.scalar(select(Bus.id).where(Bus.name == name, Bus.id != (bus_id or 0))) is not None:
        raise FieldInvalid(f"There is already a bus named “{name}”.", field="name")
    return name


def _next_name(s: Session) -> str:
    taken = set(s.scalars(select(Bus.name)))
    n = len(taken) + 1
    while f"RS485-{n:02d}" in taken:
        n += 1
    return f"RS485-{n:02d}"


def _water_meters(s: Session, bus_id: int) -> int:
    return s.scalar(select(func.count(WaterMeter.id)).where(WaterMeter.bus_id == bus_id,
                                                             WaterMeter.replaced_on.is_(None))) or 0


def add_bus(store: Store, actor: Actor, *, port: str, baud: int = 9600, parity: str = "N",
            name: str | None = None, enabled: bool = True, test_port: bool = False) -> int:
    """Add a bus (enabled unless `enabled` is false: an office adds a line disabled, scans it,
    assigns its meters, then enables it); returns its id. The name defaults to the next free
    "RS485-NN". With `test_port` the port is opened first (drivers.ports.test_connection): one that
    cannot be opened, or that another program holds, is refused under the field "port"."""
    require(actor, "bus.change")
    port = _check_line(port, baud, parity)
    training.refuse_real_port(store, port)      # a training store never points at a real line
    if test_port:
        _test_port(port, baud, parity)
    with store.write() as s:
        _check_port_free(s, port)
        bus = Bus(name=_check_name_free(s, name) if name is not None else _next_name(s), port=port, baud=baud,
                  parity=parity, enabled=enabled)
        s.add(bus)
        s.flush()
        audit.record(s, actor, "bus.add", "bus", bus.id, None, _snapshot(bus))
        events.stage(s, "buses_changed", ids=[bus.id])
        return bus.id


def serial_ports() -> list[ports.PortInfo]:
    """The machine's serial ports for a port picker (drivers.ports.list_ports)."""
    return ports.list_ports()


def try_port(port: str, baud: int = 9600, parity: str = "N") -> None:
    """Open `port` and close it again ("Test connection"); FieldInvalid(field="port") saying why it
    cannot be opened (another program holds it, no such port, a gateway that does not answer)."""
    try:
        ports.test_connection(port, baud, parity)
    except ports.PortHeld as exc:
        if exc.holders:
            names = ", ".join(f"{comm} ({pid})" for pid, comm in exc.holders)
            raise FieldInvalid(f"The port {port} is in use by another program: {names}; close it, or choose "
                               "another port.", field="port") from None
        raise FieldInvalid(f"The port {port} is in use by another program; close it, or choose another port.",
                           field="port") from None
    except ports.PortMissing:
        raise FieldInvalid(f"There is no port {port} on this computer (is the adapter plugged in?).",
                           field="port") from None
    except ports.PortUnopenable as exc:
        if exc.gateway:
            raise FieldInvalid(f"The gateway {port} did not accept a connection ({exc.reason}).",
                               field="port") from None
        raise FieldInvalid(f"The port {port} cannot be opened ({exc.reason}).", field="port") from None
    except PortError as exc:
        raise FieldInvalid(f"The port {port} cannot be opened ({exc}).", field="port") from None


def _test_port(port: str, baud: int, parity: str) -> None:
    try_port(port, baud, parity)


def change_bus(store: Store, actor: Actor, bus_id: int, *, port: str | None = None, baud: int | None = None,
               parity: str | None = None, enabled: bool | None = None, name: str | None = None,
               test_port: bool = False) -> BusSummary:
    """Change what is given of bus `bus_id` (None keeps a setting); returns the bus as it is now.
    With `test_port` a new port is opened first, as in `add_bus`."""
    require(actor, "bus.change")
    training.refuse_real_port(store, port)      # a training store never points at a real line
    if test_port and port is not None:
        # Opened before the transaction: a gateway may take seconds to answer.
        now = get_bus(store, bus_id)
        if port.strip() != now.port:
            _check_line(port, baud if baud is not None else now.baud, parity if parity is not None else now.parity)
            _test_port(port.strip(), baud if baud is not None else now.baud,
                       parity if parity is not None else now.parity)
    with store.write() as s:
        bus = s.get(Bus, bus_id, with_for_update=True)
        if bus is None:
            raise NotFound(f"There is no bus {bus_id}.")
        before = _snapshot(bus)
        new_port = _check_line(port if port is not None else bus.port, baud if baud is not None else bus.baud,
                               parity if parity is not None else bus.parity)
        if new_port != bus.port:
            _check_port_free(s, new_port, bus.id)
        if name is not None:
            bus.name = _check_name_free(s, name, bus.id)
        if parity is not None and parity != "N" and (n := _water_meters(s, bus.id)):
            raise FieldInvalid(f"Bus {bus.id} carries {n} water meter(s), which speak 8N1 only: its parity "
                               "must stay N.", field="parity")
        bus.port = new_port
        bus.baud = baud if baud is not None else bus.baud
        bus.parity = parity if parity is not None else bus.parity
        bus.enabled = enabled if enabled is not None else bus.enabled
        after = _snapshot(bus)
        if after != before:
            audit.record(s, actor, "bus.change", "bus", bus.id, before, after)
            events.stage(s, "buses_changed", ids=[bus.id])
    return get_bus(store, bus_id)


def _room_by_code(s: Session, code: str) -> Room:
    # Room codes are "<building code>-<room number>", as on the cards and in the roster.
    building, _sep, number = code.strip().upper().partition("-")
    room = s.scalar(select(Room).join(Building, Building.id == Room.building_id)
                    .where(Building.code == building, Room.number == number))
    if room is None:
        raise UnknownRoom(f"There is no room “{code.strip()}”.")  # FieldInvalid(room_code) in assign_meter
    return room


def assign_meter(store: Store, actor: Actor, *, bus_id: int, address: int, room_code: str, kind: str = "ddsy",
                 serial_no: str = "") -> int:
    """Record that the `kind` meter at `address` on bus `bus_id` serves the room `room_code`
    (e.g. "B1-101"); returns the new meter's id. Refused (FieldInvalid naming the argument, nothing
    written) when the room is unknown, the address is already used on that bus (by a meter of either
    kind), or the room already has an active meter of that kind (replace that one instead)."""
    require(actor, "meter.assign")
    with store.write() as s:
        # Locking the bus row makes concurrent assignments on one bus take turns (PostgreSQL;
        # SQLite's write transactions take turns anyway), so the address check below holds.
        bus = s.get(Bus, bus_id, with_for_update=True)
        if bus is None:
            raise NotFound(f"There is no bus {bus_id}.")
        room = _check_assignment(s, bus, address, room_code, kind, serial_no)
        return _insert_meter(s, actor, bus, address, room, kind, serial_no)


def _check_assignment(s: Session, bus: Bus, address: object, room_code: str, kind: str, serial_no: str) -> Room:
    """The room a new `kind` meter at `address` on `bus` may serve; FieldInvalid (named after
    assign_meter's arguments) saying why not."""
    if kind not in KINDS:
        raise FieldInvalid("The meter kind is ddsy (electricity) or lxsy (water).", field="kind")
    if isinstance(address, bool) or not isinstance(address, int) or not 1 <= address <= 247:
        raise FieldInvalid("A meter address is 1 to 247.", field="address")
    if len(serial_no) > 32:
        raise FieldInvalid("A serial number is at most 32 characters long.", field="serial_no")
    model = KINDS[kind]
    try:
        room = _room_by_code(s, room_code)
    except UnknownRoom as exc:
        raise FieldInvalid(exc.message, field="room_code") from None
    for other_kind, other in KINDS.items():
        taken = s.scalar(select(other).where(other.bus_id == bus.id, other.address == address,
                                             other.replaced_on.is_(None)))
        if taken is not None:
            where = _code(s, taken.room_id)
            raise FieldInvalid(f"Address {address} on bus {bus.id} is already used by the "
                               f"{KIND_LABELS[other_kind]} of {where}.", field="address")
    current = s.scalar(select(model).where(model.room_id == room.id, model.replaced_on.is_(None)))
    if current is not None:
        raise FieldInvalid(f"Room {room.code} already has an active {KIND_LABELS[kind]} (address "
                           f"{current.address} on bus {current.bus_id}).", field="room_code")
    if kind == "lxsy" and bus.parity != "N":
        raise FieldInvalid(f"Water meters speak 8N1 only, and bus {bus.id} runs with parity {bus.parity}.",
                           field="kind")
    return room


def _insert_meter(s: Session, actor: Actor, bus: Bus, address: int, room: Room, kind: str, serial_no: str,
                  source: str | None = None) -> int:
    model = KINDS[kind]
    meter = model(bus_id=bus.id, address=address, room_id=room.id, serial_no=serial_no.strip(),
                  installed_on=clock.today())
    s.add(meter)
    s.flush()
    after = {"kind": kind, "bus_id": bus.id, "address": address, "room": room.code, "serial_no": meter.serial_no}
    if source is not None:
        after["source"] = source
    audit.record(s, actor, "meter.assign", model.__tablename__.removesuffix("s"), meter.id, None, after)
    events.stage(s, "buses_changed", ids=[bus.id])
    events.stage(s, "rooms_changed", rooms=[room.id])
    return meter.id


def _code(s: Session, room_id: int | None) -> str:
    if room_id is None:
        return "no room"
    room = s.get(Room, room_id)
    return f"room {room.code}" if room is not None else "no room"


def set_meter_password(store: Store, actor: Actor, password: int) -> None:
    """The password this office's meters are set to (spec §2: 1–9999; factory 1946), used by every
    runtime to unlock protected writes. Running runtimes pick it up at once (buses_changed). This
    changes what DormWatt sends, not the meters' own password."""
    require(actor, "meter.configure")
    if not isinstance(password, int) or isinstance(password, bool) or not 1 <= password <= 9999:
        raise InvalidInput("A meter password is a number from 1 to 9999.")
    with store.write() as s:
        settings_store.put(s, actor, METER_PASSWORD_SETTING, password, default=FACTORY_PASSWORD)
        events.stage(s, "buses_changed", setting=METER_PASSWORD_SETTING)


def meter_password(store: Store) -> int:
    with store.read() as s:
        return int(settings_store.get(s, METER_PASSWORD_SETTING, FACTORY_PASSWORD))


@dataclass(frozen=True)
class LinesView:
    """Which runtimes run the office's enabled lines now (for the status bar of every window)."""

    enabled: int
    owners: dict[str, int]          # owner (e.g. serve@host:pid.xxxx) -> lines it runs

    @property
    def unowned(self) -> int:
        return self.enabled - sum(self.owners.values())


def lines_view(store: Store) -> LinesView:
    from app.sync.leases import BusLeases

    with store.read() as s:
        enabled = set(s.scalars(select(Bus.id).where(Bus.enabled.is_(True))))
    owners: dict[str, int] = {}
    for bus_id, info in BusLeases(store, "status").owners().items():
        if bus_id in enabled and not info.expired:
            owners[info.owner] = owners.get(info.owner, 0) + 1
    return LinesView(len(enabled), owners)


SET_BALANCE = 3      # purchase kind (spec §6): the meter's balance becomes the amount


def commission_meters(store: Store, actor: Actor, bus_id: int | None = None,
                      addresses: list[int] | None = None) -> int:
    """Make the electricity meters hold the ledger's balance (0 for a room nobody has lived in): one
    set-balance purchase per meter (all
    active meters of enabled buses, or of `bus_id`, or of `addresses` on it), queued after whatever is
    already pending for it so that it lands last. Use it when meters are installed or replaced, or
    when a line is first connected. Returns how many were queued.

    Consumption between now and the moment the set-balance lands is lost to the meter (billing has
    already charged it to the ledger), so commission a line when the rooms draw little."""
    require(actor, "meter.configure")
    with store.write() as s:
        q = (select(ElectricityMeter.id, ElectricityMeter.room_id, func.coalesce(Account.balance_fen, 0))
             .join(Bus, Bus.id == ElectricityMeter.bus_id)
             .outerjoin(Account, (Account.room_id == ElectricityMeter.room_id) & (Account.utility == "electricity"))
             .where(Bus.enabled.is_(True), ElectricityMeter.replaced_on.is_(None)).order_by(ElectricityMeter.id))
        if bus_id is not None:
            if s.get(Bus, bus_id) is None:
                raise NotFound(f"There is no bus {bus_id}.")
            q = q.where(ElectricityMeter.bus_id == bus_id)
        if addresses:
            q = q.where(ElectricityMeter.address.in_(addresses))
        rows = s.execute(q).all()
        purchases = [Purchase(meter_id=mid, ledger_entry_id=None, kind=SET_BALANCE, amount=balance, status="pending")
                     for mid, _room, balance in rows]
        s.add_all(purchases)
        s.flush()
        audit.record(s, actor, "meter.commission", "bus", bus_id, None,
                     {"meters": [mid for mid, _r, _b in rows], "balances_fen": [b for _m, _r, b in rows]})
        events.stage(s, "purchase_state_changed", rooms={room for _m, room, _b in rows}, ids=[p.id for p in purchases])
        return len(rows)


# ----- the Lines page: who runs a line, scanning, enabling, decommissioning ------------------------


@dataclass(frozen=True)
class LineRow:
    """A bus as the Lines page lists it: its summary and who runs it now ("" when nobody does)."""

    bus: BusSummary
    runner: str

    @property
    def meters(self) -> int:
        return self.bus.electricity + self.bus.water


def line_rows(store: Store) -> list[LineRow]:
    """Every bus with the owner of its live lease (a window or `serve` running it), by id."""
    from app.sync.leases import BusLeases

    owners = {bus_id: info.owner for bus_id, info in BusLeases(store, "status").owners().items()
              if not info.expired}
    return [LineRow(b, owners.get(b.id, "")) for b in list_buses(store)]


def enable_line(store: Store, actor: Actor, bus_id: int) -> BusSummary:
    """Enable bus `bus_id`: a runtime takes it on (through its lease keeper)."""
    return change_bus(store, actor, bus_id, enabled=True)


def disable_line(store: Store, actor: Actor, bus_id: int) -> BusSummary:
    """Disable bus `bus_id`: the runtime running it closes it and lets its lease go."""
    return change_bus(store, actor, bus_id, enabled=False)


SCAN_LEASE_TTL_S = 15.0


@dataclass(frozen=True)
class ScanResult:
    """What a scan of bus `bus_id` found, beside what the store has at those addresses.
    `cancelled` when it was stopped before its last address; `probed` the addresses it probed."""

    bus_id: int
    found: tuple[Found, ...]
    assigned: dict[int, Assignment]
    probed: tuple[int, ...]
    cancelled: bool

    @property
    def silent_assigned(self) -> list[Assignment]:
        """Meters the store has at probed addresses that did not answer."""
        answered = {f.address for f in self.found}
        return [a for addr, a in sorted(self.assigned.items()) if addr in self.probed and addr not in answered]


class LineTaken(InvalidInput):
    """The line is run by a window or `serve` (or scanned by another): it cannot be scanned now."""


def scan_line(store: Store, actor: Actor, bus_id: int, *, addresses: Iterable[int] = bus_scan.ADDRESSES,
              timeout_s: float = bus_scan.DEFAULT_TIMEOUT_S, on_progress: Callable[[int], None] | None = None,
              on_found: Callable[[Found], None] | None = None,
              cancel: threading.Event | Callable[[], bool] | None = None) -> ScanResult:
    """Scan bus `bus_id` for meters (identity reads only, see drivers.scan) and return what answered.

    The scan holds the bus's lease while it runs (renewed as it goes, released at the end), so no
    window or `serve` starts polling the line under it; a line already run by one is refused
    (LineTaken naming who: disable it first). A port another program holds is refused as by
    `try_port`. `on_progress(address)` follows each address,
    `cancel` stops the scan at the next address (what was found so far is returned). Runs on the
    caller's thread: a window calls it in a background task."""
    from app.sync.change_log import new_origin
    from app.sync.leases import BusLeases

    require(actor, "bus.change")
    bus = get_bus(store, bus_id)
    leases = BusLeases(store, new_origin("scan"), SCAN_LEASE_TTL_S)
    if (who := leases.take(bus_id)) is not None:
        raise LineTaken(f"Line {bus.name} is run by {who}: disable the line, then scan it (the scan's requests "
                       "and its polls would garble each other).")
    probed: list[int] = []
    lost = threading.Event()
    renewed = [time.monotonic()]
    stop = cancel.is_set if isinstance(cancel, threading.Event) else cancel

    def progress(address: int) -> None:
        probed.append(address)
        if time.monotonic() - renewed[0] > SCAN_LEASE_TTL_S / 3:
            renewed[0] = time.monotonic()
            if bus_id not in leases.renew():
                lost.set()
        if on_progress is not None:
            on_progress(address)

    try:
        try_port(bus.port, bus.baud, bus.parity)
        wanted = list(addresses)
        found = bus_scan.scan(bus.port, baud=bus.baud, parity=bus.parity, addresses=wanted, timeout_s=timeout_s,
                              on_found=on_found, on_progress=progress,
                              cancel=lambda: lost.is_set() or (stop is not None and bool(stop())))
    except PortError as exc:
        raise InvalidInput(f"The scan of line {bus.name} stopped: {exc}.") from None
    finally:
        leases.release([bus_id])
    if lost.is_set():
        raise LineTaken(f"The scan of line {bus.name} lost the line to another program and stopped.")
    return ScanResult(bus_id, tuple(found), assignments(store, bus_id), tuple(probed), len(probed) < len(wanted))


def _bus_history(s: Session, bus_id: int) -> int:
    """Rows that refer to the bus and must be kept: meters (replaced ones too) and meter commands."""
    n = sum(s.scalar(select(func.count(m.id)).where(m.bus_id == bus_id)) or 0 for m in KINDS.values())
    return n + (s.scalar(select(func.count(MeterCommand.id)).where(MeterCommand.bus_id == bus_id)) or 0)


def decommission_line(store: Store, actor: Actor, bus_id: int) -> bool:
    """Take bus `bus_id` out of service. Refused while it carries active meters (saying how many:
    decommission or replace them first). A bus nothing refers to is deleted (True); one whose
    meters' history refers to it is kept, disabled (False). Audited either way."""
    require(actor, "bus.change")
    with store.write() as s:
        bus = s.get(Bus, bus_id, with_for_update=True)
        if bus is None:
            raise NotFound(f"There is no bus {bus_id}.")
        active = sum(s.scalar(select(func.count(m.id)).where(m.bus_id == bus_id, m.replaced_on.is_(None))) or 0
                     for m in KINDS.values())
        if active:
            raise InvalidInput(f"Line {bus.name} still has {active} active meter(s): decommission or move them "
                               "first.")
        before = _snapshot(bus)
        deleted = not _bus_history(s, bus_id)
        if deleted:
            s.execute(delete(BusLease).where(BusLease.bus_id == bus_id))
            s.delete(bus)
            after = None
        else:
            bus.enabled = False
            after = _snapshot(bus)
        audit.record(s, actor, "bus.decommission", "bus", bus_id, before, after)
        events.stage(s, "buses_changed", ids=[bus_id])
        return deleted


# ----- the meter–room map from a spreadsheet ---------------------------------------------------------

MAP_FIELDS = ("line", "address", "kind", "room", "serial")
MAP_REQUIRED = ("line", "address", "kind", "room")
MAP_HEADINGS = {
    "line": ("line", "bus", "port", "线路", "总线", "端口"),
    "address": ("address", "地址", "表地址"),
    "kind": ("kind", "type", "类型", "表类型"),
    "room": ("room", "房间", "房间号"),
    "serial": ("serial", "serial number", "serial no", "序列号", "表号"),
}
KIND_WORDS = {"ddsy": "ddsy", "electricity": "ddsy", "电表": "ddsy", "lxsy": "lxsy", "water": "lxsy", "水表": "lxsy"}


@dataclass(frozen=True)
class MapRow:
    """One meter of the map as it will be recorded."""

    row: int
    bus_id: int
    line: str
    address: int
    kind: str
    room_code: str
    serial_no: str


@dataclass(frozen=True)
class MapProblem:
    row: int
    cell: str           # "C7", or "" for the whole row or file
    message: str        # a sentence, without the row: "Row 7 (C7): …" is how `text` shows it

    @property
    def text(self) -> str:
        where = f"Row {self.row} ({self.cell})" if self.cell else f"Row {self.row}"
        return f"{where}: {self.message}" if self.row else self.message


@dataclass(frozen=True)
class MeterMap:
    """A meter–room map read and checked against the store: the rows that would be recorded and the
    problems (a map with problems is recorded not at all)."""

    file_name: str
    rows: tuple[MapRow, ...]
    problems: tuple[MapProblem, ...]


def _heading(cell: object) -> str:
    return str(cell or "").strip().lstrip("\ufeff").rstrip(":：").strip().lower()


def _map_columns(cells: Sequence[object]) -> dict[str, int] | None:
    names = [_heading(c) for c in cells]
    found = {fld: names.index(h) for fld, accepted in MAP_HEADINGS.items() for h in accepted if h in names}
    return found if all(f in found for f in MAP_REQUIRED) else None


def _map_address(cell: object) -> int:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, str) and cell.strip().isdigit():
        cell = int(cell.strip())
    if isinstance(cell, bool) or not isinstance(cell, int) or not 1 <= cell <= 247:
        raise FieldInvalid("A meter address is 1 to 247.", field="address")
    return cell


def _check_map(s: Session, table: Table) -> MeterMap:
    cols = _map_columns(table.header)
    if cols is None:
        return MeterMap(table.file_name, (), (MapProblem(0, "", message=f"{table.file_name} has no header row with the "
                                                                "columns line, address, kind and room."),))
    buses = list(s.scalars(select(Bus).order_by(Bus.id)))
    by_key = {b.name.casefold(): b for b in buses} | {b.port.casefold(): b for b in buses}
    rows: list[MapRow] = []
    problems: list[MapProblem] = []
    seen_address: dict[tuple[int, int], int] = {}
    seen_room: dict[tuple[str, str], int] = {}
    arg_column = {"address": "address", "kind": "kind", "room_code": "room", "serial_no": "serial"}
    for trow in table.rows:
        if trow.issues:
            problems += [MapProblem(trow.number, i.cell, message=i.message) for i in trow.issues]
            continue

        def cell(fld: str, trow: TableRow = trow) -> object:
            i = cols.get(fld)
            return trow.cells[i] if i is not None and i < len(trow.cells) else None

        def name(fld: str, trow: TableRow = trow) -> str:
            return trow.cell_name(cols[fld])

        line = str(cell("line") or "").strip()
        bus = by_key.get(line.casefold())
        if bus is None:
            if line:
                problems.append(MapProblem(trow.number, name("line"),
                                           message=f"there is no line named or on the port “{line}”."))
            else:
                problems.append(MapProblem(trow.number, name("line"), message="the line is empty."))
            continue
        kind = KIND_WORDS.get(str(cell("kind") or "").strip().lower())
        if kind is None:
            problems.append(MapProblem(trow.number, name("kind"), message="the kind is ddsy (electricity) or lxsy (water)."))
            continue
        serial = cell("serial")
        serial_no = "" if serial is None else str(int(serial) if isinstance(serial, float) and serial.is_integer()
                                                  else serial).strip()
        room_code = str(cell("room") or "").strip().upper()
        try:
            address = _map_address(cell("address"))
            room = _check_assignment(s, bus, address, room_code, kind, serial_no)
        except FieldInvalid as exc:
            problems.append(MapProblem(trow.number, name(arg_column[exc.field]), message=exc.message))
            continue
        if (bus.id, address) in seen_address:
            problems.append(MapProblem(trow.number, name("address"), message=f"address {address} on line {bus.name} is "
                                       f"already in row {seen_address[bus.id, address]}."))
            continue
        if (room.code, kind) in seen_room:
            problems.append(MapProblem(trow.number, name("room"), message=f"room {room.code} already gets its "
                                       f"{KIND_LABELS[kind]} in row {seen_room[room.code, kind]}."))
            continue
        seen_address[bus.id, address] = trow.number
        seen_room[room.code, kind] = trow.number
        rows.append(MapRow(trow.number, bus.id, bus.name, address, kind, room.code, serial_no))
    return MeterMap(table.file_name, tuple(rows), tuple(problems))


def _read_map(path: str | PathLike[str]) -> Table:
    return read_table(path, is_header=_map_columns)


def preview_meter_map(store: Store, actor: Actor, path: str | PathLike[str]) -> MeterMap:
    """Read the meter–room map at `path` (.xlsx or .csv: columns line (name or port), address, kind
    (ddsy/lxsy), room (e.g. B1-101), serial (optional), headed in English or Chinese) and check every
    row against the store and the rest of the file; nothing is written. InvalidInput for a file that
    cannot be read (app.files.tables)."""
    require(actor, "meter.assign")
    table = _read_map(path)
    with store.read() as s:
        return _check_map(s, table)


def import_meter_map(store: Store, actor: Actor, path: str | PathLike[str]) -> int:
    """Record every meter of the map at `path` in one transaction (checked again inside it), each
    audited; returns how many. Refused whole, nothing written, when any row has a problem (the
    sentence names the first ones with their cells: the preview lists them all)."""
    require(actor, "meter.assign")
    table = _read_map(path)
    with store.write() as s:
        for bus_id in sorted({b for b in s.scalars(select(Bus.id))}):
            s.get(Bus, bus_id, with_for_update=True)
        checked = _check_map(s, table)
        if checked.problems:
            first = " ".join(p.text for p in checked.problems[:3])
            raise InvalidInput(f"{checked.file_name} was not imported: {len(checked.problems)} row(s) have a "
                               f"problem. {first}")
        if not checked.rows:
            raise InvalidInput(f"{checked.file_name} lists no meters.")
        buses = {b.id: b for b in s.scalars(select(Bus))}
        for r in checked.rows:
            room = _room_by_code(s, r.room_code)
            _insert_meter(s, actor, buses[r.bus_id], r.address, room, r.kind, r.serial_no,
                          source=checked.file_name)
        return len(checked.rows)
