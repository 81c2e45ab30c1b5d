"""What the room panel says of a room's malignant-load protection: the load-control profile in force
(or that the meter keeps its own settings), the signature slots its meter holds — which appliances,
blocked or allowed — and the library's entries that did not fit in 32 slots, with the reason.

No Qt; `load_room_loads(store, room_id)` opens its own read session (a background task).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.loads import profiles
from app.loads.meter_config import room_slots
from db.engine import Store
from drivers.ddsy_records import SlotClass


@dataclass(frozen=True)
class SlotLine:
    appliance: str
    allow: bool
    dp_w: int
    tolerance_permille: int


@dataclass(frozen=True)
class RoomLoads:
    room_id: int
    profile_name: str | None      # None with managed False: nothing assigned; None with managed True: exempt
    managed: bool
    library: bool                 # a library is saved: the slots are the office's
    slots: tuple[SlotLine, ...]
    left_out: tuple[tuple[str, str], ...]


def room_loads(s: Session, room_id: int) -> RoomLoads:
    found = profiles.resolve_rooms(s, [room_id]).get(room_id)
    plan = room_slots(s, room_id)
    slots: tuple[SlotLine, ...] = ()
    left: tuple[tuple[str, str], ...] = ()
    if plan is not None:
        slots = tuple(SlotLine(c.label(), c.slot.cls == SlotClass.ALLOW, c.slot.dp_w, c.slot.tolerance_permille)
                      for c in plan.chosen)
        left = tuple((c.label(), why) for c, why in plan.left_out)
    return RoomLoads(room_id, found.profile_name if found else None, bool(found and found.plan is not None),
                     plan is not None, slots, left)


def load_room_loads(store: Store, room_id: int) -> RoomLoads:
    with store.read() as s:
        return room_loads(s, room_id)
