"""The meters a runtime serves: where each one is on the wire and which room it belongs to."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from db.engine import Store
from db.models import Bus as BusRow
from db.models import ElectricityMeter, WaterMeter

KINDS = {"ddsy": ElectricityMeter, "lxsy": WaterMeter}


@dataclass(frozen=True, slots=True)
class MeterRef:
    kind: str          # "ddsy" (electricity) or "lxsy" (water)
    meter_id: int
    room_id: int | None
    bus_id: int
    url: str
    address: int

    @property
    def key(self) -> tuple[str, int]:
        """Which meter, wherever it is wired: an electricity and a water meter can share an id."""
        return self.kind, self.meter_id


@dataclass(frozen=True, slots=True)
class BusConfig:
    id: int
    port: str
    baud: int
    parity: str


class MeterMap:
    """Lookups by wire address, by meter and by room. Built once per start; read from any thread."""

    def __init__(self, refs: Iterable[MeterRef] = ()) -> None:
        self._by_address: dict[tuple[str, int], MeterRef] = {}
        self._by_meter: dict[tuple[str, int], MeterRef] = {}
        self._by_room: dict[tuple[int, str], MeterRef] = {}
        for ref in refs:
            self.add(ref)

    def add(self, ref: MeterRef) -> None:
        self._by_address[(ref.url, ref.address)] = ref
        self._by_meter[ref.key] = ref
        if ref.room_id is not None:
            self._by_room[(ref.room_id, ref.kind)] = ref

    def remove_bus(self, bus_id: int) -> None:
        for ref in [r for r in self._by_meter.values() if r.bus_id == bus_id]:
            self._by_address.pop((ref.url, ref.address), None)
            self._by_meter.pop(ref.key, None)
            if ref.room_id is not None and self._by_room.get((ref.room_id, ref.kind)) == ref:
                del self._by_room[(ref.room_id, ref.kind)]

    def at(self, url: str, address: int) -> MeterRef | None:
        return self._by_address.get((url, address))

    def meter(self, kind: str, meter_id: int) -> MeterRef | None:
        return self._by_meter.get((kind, meter_id))

    def of_room(self, room_id: int, kind: str = "ddsy") -> MeterRef | None:
        return self._by_room.get((room_id, kind))

    def all(self, kind: str | None = None) -> list[MeterRef]:
        return [r for r in list(self._by_meter.values()) if kind is None or r.kind == kind]

    def __len__(self) -> int:
        return len(self._by_meter)


def load(store: Store, bus_ids: Iterable[int] | None = None) -> tuple[list[BusConfig], MeterMap]:
    """The enabled buses (all of them, or those of `bus_ids`) and their active meters."""
    with store.read() as s:
        q = select(BusRow).where(BusRow.enabled.is_(True)).order_by(BusRow.id)
        if bus_ids is not None:
            q = q.where(BusRow.id.in_(list(bus_ids)))
        buses = [BusConfig(b.id, b.port, b.baud, b.parity) for b in s.scalars(q)]
        url = {b.id: b.port for b in buses}
        refs = []
        for kind, model in KINDS.items():
            rows = s.execute(select(model.id, model.room_id, model.bus_id, model.address).where(
                model.bus_id.in_(list(url)), model.replaced_on.is_(None)))
            refs.extend(MeterRef(kind, mid, room, bus, url[bus], address) for mid, room, bus, address in rows)
    return buses, MeterMap(refs)
