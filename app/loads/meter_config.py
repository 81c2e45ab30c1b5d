"""What each electricity meter must hold: the power policy's calendar and schedules
(app/policies/policies.py) plus, when the office manages them, its room's load-control profile (§10)
and the signature slots (§11) the library gives its room. The runtime's sync pushes and verifies the
lot with one machinery (app/policies/sync.py)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.loads import profiles, store
from app.loads.slots import DEFAULT_LOAD_CONTROL, SlotPlan, plan_slots
from app.policies import policies
from app.policies.model import MeterConfig
from db.models import ElectricityMeter


def desired_configs(s: Session, day: date, meter_ids: Iterable[int] | None = None) -> dict[int, MeterConfig]:
    """policies.desired_configs with each meter's §10 blocks and §11 slots added where managed."""
    base = policies.desired_configs(s, day, meter_ids)
    if not base:
        return base
    room_of = dict(s.execute(select(ElectricityMeter.id, ElectricityMeter.room_id)
                             .where(ElectricityMeter.id.in_(list(base)))).all()) if len(base) <= 500 else \
        {mid: rid for mid, rid in s.execute(select(ElectricityMeter.id, ElectricityMeter.room_id)) if mid in base}
    loads = profiles.resolve_rooms(s, {rid for rid in room_of.values() if rid is not None})
    library = store.current(s)
    plans: dict[tuple, SlotPlan] = {}
    out: dict[int, MeterConfig] = {}
    for mid, config in base.items():
        room = loads.get(room_of.get(mid))
        plan = room.plan if room is not None else None
        slots = None
        if library is not None:
            bcode, rcode = (room.building_code, room.room_code) if room is not None else ("", "")
            lc = (plan.examines() if plan is not None else None) or DEFAULT_LOAD_CONTROL
            scope = tuple(a.ident for a in library.in_scope(bcode, rcode))
            key = (scope, lc.increment_threshold_w, lc.resistive_pf_milli, lc.resistive_thd_permille)
            if key not in plans:
                plans[key] = plan_slots(library, bcode, rcode, lc)
            slots = plans[key].slots
        out[mid] = replace(config, loads=plan.branches if plan is not None else None, slots=slots)
    return out


def room_slots(s: Session, room_id: int) -> SlotPlan | None:
    """The slots a room's meter holds and what was left out (None: no library saved)."""
    library = store.current(s)
    if library is None:
        return None
    room = profiles.resolve_rooms(s, [room_id]).get(room_id)
    bcode, rcode = (room.building_code, room.room_code) if room is not None else ("", "")
    lc = ((room.plan.examines() if room is not None and room.plan is not None else None) or DEFAULT_LOAD_CONTROL)
    return plan_slots(library, bcode, rcode, lc)
