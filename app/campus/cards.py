"""Room card data: everything the card grid shows for every room, in one query."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from app import clock
from app.metering import forecast
from db.engine import Store
from db.models import Account, Alarm, Bed, Building, ElectricityMeter, Occupancy, Room, WaterMeter

LOW_BALANCE_FEN = 1000  # 10 CNY: the card turns amber below this


@dataclass(frozen=True, slots=True)
class RoomCard:
    room_id: int
    building: str
    building_name: str
    number: str
    floor: int
    gender: str
    beds: int
    occupants: int
    electricity_fen: int | None
    water_fen: int | None
    online: bool | None
    open_alarms: int
    meter_status: int = 0
    branch_states: tuple[int, int, int] = (0, 0, 0)
    valve_state: int | None = None

    @property
    def code(self) -> str:
        return f"{self.building}-{self.number}"

    @property
    def status(self) -> str:
        """The most urgent of: arrears, alarm, offline, low, ok."""
        balances = [b for b in (self.electricity_fen, self.water_fen) if b is not None]
        if any(b < 0 for b in balances):
            return "arrears"
        if self.open_alarms:
            return "alarm"
        if self.online is False:
            return "offline"
        if any(b < LOW_BALANCE_FEN for b in balances):
            return "low"
        return "ok"


def _card_query():
    occ = (select(Bed.room_id.label("room_id"), func.count(Occupancy.id).label("n"))
           .join(Occupancy, and_(Occupancy.bed_id == Bed.id, Occupancy.end_at.is_(None)))
           .group_by(Bed.room_id).subquery())
    alarms = (select(Alarm.room_id.label("room_id"), func.count(Alarm.id).label("n"))
              .where(Alarm.acknowledged_at.is_(None)).group_by(Alarm.room_id).subquery())
    elec = Account.__table__.alias("elec")
    water = Account.__table__.alias("water")
    meter = ElectricityMeter.__table__.alias("meter")
    wmeter = WaterMeter.__table__.alias("wmeter")
    return (
        select(Room.id, Building.code, Building.name, Room.number, Room.floor, Room.gender, Room.beds,
               func.coalesce(occ.c.n, 0), elec.c.balance_fen, water.c.balance_fen, meter.c.online,
               func.coalesce(alarms.c.n, 0), meter.c.status_word, meter.c.branch0_state, meter.c.branch1_state,
               meter.c.branch2_state, wmeter.c.valve_state)
        .join(Building, Building.id == Room.building_id)
        .outerjoin(occ, occ.c.room_id == Room.id)
        .outerjoin(alarms, alarms.c.room_id == Room.id)
        .outerjoin(elec, and_(elec.c.room_id == Room.id, elec.c.utility == "electricity"))
        .outerjoin(water, and_(water.c.room_id == Room.id, water.c.utility == "water"))
        .outerjoin(meter, and_(meter.c.room_id == Room.id, meter.c.replaced_on.is_(None)))
        .outerjoin(wmeter, and_(wmeter.c.room_id == Room.id, wmeter.c.replaced_on.is_(None)))
        .order_by(Building.id, Room.number)
    )


def load_cards(store: Store, room_ids: Collection[int] | None = None) -> list[RoomCard]:
    """Every room's card (or those of `room_ids`), ordered by building and room number."""
    q = _card_query()
    if room_ids is not None:
        q = q.where(Room.id.in_(list(room_ids)))
    with store.read() as s:
        return [RoomCard(*row[:12], row[12] or 0, (row[13] or 0, row[14] or 0, row[15] or 0), row[16])
                for row in s.execute(q)]


def days_left_of(store: Store, room_ids: Collection[int] | None = None) -> dict[int, int]:
    """Room id -> whole days its electricity money lasts at its recent use (app.metering.forecast), for
    the rooms where that can be said; every room's, or those of `room_ids`."""
    with store.read() as s:
        found = forecast.days_left_many(s, None if room_ids is None else list(room_ids), at=clock.now())
    return {rid: f.days for rid, f in found.items() if f.days is not None}
