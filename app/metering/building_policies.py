"""Each building's prepaid policy, as an administrator sets it (the `BuildingPolicy` row).

- `water_linkage`: a room's electricity is locked while its water balance is below `water_limit`
  (the water–electricity linkage; billing asks the meter service, `billing_water.rooms_intents`);
- `recharge_pays_water_debt`: an electricity recharge first pays the room's water debt
  (`payments`, in the recharge's own transaction);
- `close_valve_on_arrears`: the water valve closes while the water balance is negative.

A building without a row is under no policy: nothing is locked or closed for it and a recharge pays
no debt (`policies` shows it so, with `stored` False). Billing and payments read the row as it is at
the time of each reading or payment: a change applies to the next of them, and the meter service
carries out the valve and linkage of a room at its next reading or payment.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import audit
from app.access import Actor, require
from app.counter.money import Money
from app.errors import FieldInvalid, NotFound
from db.engine import Store
from db.models import Building, BuildingPolicy

MAX_WATER_LIMIT = Money(100_000)      # ¥1,000.00: a larger limit would lock every room


@dataclass(frozen=True)
class Policy:
    building_id: int
    building_code: str
    building_name: str
    water_linkage: bool
    water_limit: Money
    recharge_pays_water_debt: bool
    close_valve_on_arrears: bool
    stored: bool                  # False: the building has no policy row (everything off)


def policies(store: Store) -> list[Policy]:
    """One per building, in building-code order."""
    with store.read() as s:
        rows = s.execute(select(Building.id, Building.code, Building.name, BuildingPolicy)
                         .outerjoin(BuildingPolicy, BuildingPolicy.building_id == Building.id)
                         .order_by(Building.code)).all()
        return [_policy(bid, code, name, p) for bid, code, name, p in rows]


def _policy(bid: int, code: str, name: str, p: BuildingPolicy | None) -> Policy:
    if p is None:
        return Policy(bid, code, name, False, Money(0), False, False, False)
    return Policy(bid, code, name, bool(p.water_linkage), Money(int(p.water_limit_fen)),
                  bool(p.recharge_pays_water_debt), bool(p.close_valve_on_arrears), True)


def set_policy(store: Store, actor: Actor, building_id: int, *, water_linkage: bool, water_limit: Money,
               recharge_pays_water_debt: bool, close_valve_on_arrears: bool) -> Policy:
    """Set a building's four settings (creating its row the first time), audited as
    "building_policy.change" with what they were before."""
    require(actor, "settings.change")
    if not isinstance(water_limit, Money):
        raise FieldInvalid("Give the water limit as an amount of money.", field="water_limit")
    if water_limit.fen < 0:
        raise FieldInvalid("The water limit cannot be negative: electricity locks when the water balance falls "
                           "below it.", field="water_limit")
    if water_limit > MAX_WATER_LIMIT:
        raise FieldInvalid(f"The water limit is at most {MAX_WATER_LIMIT.display()}.", field="water_limit")
    with store.write() as s:
        b = s.get(Building, building_id)
        if b is None:
            raise NotFound(f"No building {building_id}.")
        p = s.get(BuildingPolicy, building_id)
        before = None if p is None else _values(p)
        if p is None:
            p = BuildingPolicy(building_id=building_id)
            s.add(p)
        p.water_linkage = bool(water_linkage)
        p.water_limit_fen = water_limit.fen
        p.recharge_pays_water_debt = bool(recharge_pays_water_debt)
        p.close_valve_on_arrears = bool(close_valve_on_arrears)
        s.flush()
        audit.record(s, actor, "building_policy.change", "building", building_id, before, _values(p))
        return _policy(b.id, b.code, b.name, p)


def _values(p: BuildingPolicy) -> dict:
    return {"water_linkage": bool(p.water_linkage), "water_limit_fen": int(p.water_limit_fen or 0),
            "recharge_pays_water_debt": bool(p.recharge_pays_water_debt),
            "close_valve_on_arrears": bool(p.close_valve_on_arrears)}
