"""Commissioning: the buses (RS-485 lines) and which meter at which address serves which room.

Every change is an operation: it takes the acting operator (or the system), checks a permission,
writes an audit record in the same transaction and stages a `buses_changed` event (plus
`rooms_changed` for a room that gained a meter) that the hub publishes after the commit, so a
running meter service picks the change up. A refused change raises a `DormWattError` whose message
is one sentence a technician can act on, and changes nothing.

Meter kinds are named as everywhere else: "ddsy" (DDSY1946A-13 electricity meter) and "lxsy"
(LXSY-20 water meter). Modbus addresses are per line, whatever the kind: an electricity and a water
meter can never share an address on one bus.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, clock, events, settings_store
from app.access import Actor, require
from app.errors import InvalidInput, NotFound, UnknownRoom
from db.engine import Store
from db.models import Account, Building, Bus, ElectricityMeter, Purchase, Room, WaterMeter

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
            rows = s.execute(select(model.id, model.address, model.serial_no, Building.code, Room.number)
                             .outerjoin(Room, Room.id == model.room_id)
                             .outerjoin(Building, Building.id == Room.building_id)
                             .where(model.bus_id == bus_id, model.replaced_on.is_(None)))
            for meter_id, address, serial_no, bcode, number in rows:
                code = f"{bcode}-{number}" if bcode is not None else None
                out[address] = Assignment(address, kind, meter_id, serial_no, code)
    return out


def _check_line(port: str, baud: int, parity: str) -> str:
    port = port.strip()
    if not port:
        raise InvalidInput("Give the bus's serial port or gateway address (e.g. /dev/ttyUSB0, socket://10.0.0.5:4196).")
    if len(port) > 255:
        raise InvalidInput("The port address is longer than 255 characters.")
    if baud not in BAUDS:
        raise InvalidInput("The baud rate is one of 2400, 4800, 9600 or 19200.")
    if parity not in PARITIES:
        raise InvalidInput("The parity is N (none), E (even) or O (odd).")
    return port


def _check_port_free(s: Session, port: str, bus_id: int | None = None) -> None:
    other = s.scalar(select(Bus.id).where(Bus.port == port, Bus.id != (bus_id or 0)))
    if other is not None:
        raise InvalidInput(f"Bus {other} already uses the port {port}: one port carries one bus.")


def _check_name_free(s: Session, name: str, bus_id: int | None = None) -> str:
    name = name.strip()
    if not name or len(name) > 64:
        raise InvalidInput("A bus name is 1 to 64 characters long.")
    if s.scalar(select(Bus.id).where(Bus.name == name, Bus.id != (bus_id or 0))) is not None:
        raise InvalidInput(f"There is already a bus named “{name}”.")
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
            name: str | None = None) -> int:
    """Add an enabled bus; returns its id. The name defaults to the next free "RS485-NN"."""
    require(actor, "bus.change")
    port = _check_line(port, baud, parity)
    with store.write() as s:
        _check_port_free(s, port)
        bus = Bus(name=_check_name_free(s, name) if name is not None else _next_name(s), port=port, baud=baud,
                  parity=parity, enabled=True)
        s.add(bus)
        s.flush()
        audit.record(s, actor, "bus.add", "bus", bus.id, None, _snapshot(bus))
        events.stage(s, "buses_changed", ids=[bus.id])
        return bus.id


def change_bus(store: Store, actor: Actor, bus_id: int, *, port: str | None = None, baud: int | None = None,
               parity: str | None = None, enabled: bool | None = None, name: str | None = None) -> BusSummary:
    """Change what is given of bus `bus_id` (None keeps a setting); returns the bus as it is now."""
    require(actor, "bus.change")
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
            raise InvalidInput(f"Bus {bus.id} carries {n} water meter(s), which speak 8N1 only: its parity "
                               "must stay N.")
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
        raise UnknownRoom(f"There is no room “{code.strip()}”.")
    return room


def assign_meter(store: Store, actor: Actor, *, bus_id: int, address: int, room_code: str, kind: str = "ddsy",
                 serial_no: str = "") -> int:
    """Record that the `kind` meter at `address` on bus `bus_id` serves the room `room_code`
    (e.g. "B1-101"); returns the new meter's id. Refused when the room is unknown, the address is
    already used on that bus (by a meter of either kind), or the room already has an active meter of
    that kind (replace that one instead)."""
    require(actor, "meter.assign")
    if kind not in KINDS:
        raise InvalidInput("The meter kind is ddsy (electricity) or lxsy (water).")
    if not 1 <= address <= 247:
        raise InvalidInput("A meter address is 1 to 247.")
    if len(serial_no) > 32:
        raise InvalidInput("A serial number is at most 32 characters long.")
    model = KINDS[kind]
    with store.write() as s:
        # Locking the bus row makes concurrent assignments on one bus take turns (PostgreSQL;
        # SQLite's write transactions take turns anyway), so the address check below holds.
        bus = s.get(Bus, bus_id, with_for_update=True)
        if bus is None:
            raise NotFound(f"There is no bus {bus_id}.")
        room = _room_by_code(s, room_code)
        for other_kind, other in KINDS.items():
            taken = s.scalar(select(other).where(other.bus_id == bus.id, other.address == address,
                                                 other.replaced_on.is_(None)))
            if taken is not None:
                where = _code(s, taken.room_id)
                raise InvalidInput(f"Address {address} on bus {bus.id} is already used by the "
                                   f"{KIND_LABELS[other_kind]} of {where}.")
        current = s.scalar(select(model).where(model.room_id == room.id, model.replaced_on.is_(None)))
        if current is not None:
            raise InvalidInput(f"Room {room.code} already has an active {KIND_LABELS[kind]} (address "
                               f"{current.address} on bus {current.bus_id}).")
        if kind == "lxsy" and bus.parity != "N":
            raise InvalidInput(f"Water meters speak 8N1 only, and bus {bus.id} runs with parity {bus.parity}.")
        meter = model(bus_id=bus.id, address=address, room_id=room.id, serial_no=serial_no.strip(),
                      installed_on=clock.today())
        s.add(meter)
        s.flush()
        audit.record(s, actor, "meter.assign", model.__tablename__.removesuffix("s"), meter.id, None,
                     {"kind": kind, "bus_id": bus.id, "address": address, "room": room.code,
                      "serial_no": meter.serial_no})
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
