"""Free quota in the store: granted at each period's start, expired at its end.

Electricity quota is free energy on the meter: a grant is a free-energy purchase (kind 2) through
the outbox, and the meter uses it before money (spec §5). Water quota is money: a subsidy entry
worth the litres at the water tariff; subsidies are spent first and never refunded.

At a period's end the unused part is carried over (it simply stays: free energy on the meter,
subsidy in the account) when the rule says so, and cleared otherwise: on the meter with a kind-4
purchase (clear free energy, spec §6), which removes whatever is left when it lands, however much
the room used since the last reading (a negative credit sized from that reading would be refused
once the room had used more); for water a negative subsidy for the unused litres. The latest
reading's figure is kept in the audit record only. Kind 4 clears all the meter's free energy, so
a room under two electricity rules loses, at one rule's expiry, what is left of the other's too
(carried over or from a longer period). Each grant is made
once per rule, room and period (a unique key), so running this twice does nothing the second time.

A one-off grant to chosen rooms (the batch operation "free quota", app.batch.operations) is made by
the same two functions (`free_energy_in`, `water_quota_in`) and recorded as a grant without a rule: it
has no period and is never expired here (kind 4 still clears it with a rule's grant on the same meter).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import audit, clock, settings_store
from app.access import Actor, require
from app.counter.ledger import Line, OperationResult, post_in
from app.counter.money import Money
from app.errors import FieldInvalid, InvalidInput, NotFound
from app.metering.quota_periods import (
    PERIOD_KINDS,
    SCOPES,
    Term,
    check_terms,
    day_start,
    expire,
    grant_for,
    period_by_key,
    period_for,
)
from app.metering.quota_periods import QuotaRule as RuleSpec
from app.metering.tariffs import UNITS, price_at
from db.engine import Store
from db.models import (
    Account,
    Bed,
    Building,
    ElectricityMeter,
    ElectricityReading,
    Occupancy,
    Purchase,
    QuotaGrant,
    QuotaRule,
    Room,
    WaterMeter,
    WaterReading,
)

TERMS_SETTING = "term_calendar"
FREE_ENERGY = 2
CLEAR_FREE_ENERGY = 4


@dataclass(frozen=True)
class QuotaRun:
    granted: int
    expired: int


def terms(store_or_session) -> tuple[Term, ...]:
    s = store_or_session
    if isinstance(s, Store):
        with s.read() as session:
            return terms(session)
    return check_terms([Term(t["key"], date.fromisoformat(t["start"]), date.fromisoformat(t["end"]))
                        for t in settings_store.get(s, TERMS_SETTING, [])])


def set_terms(store: Store, actor: Actor, new_terms: list[Term]) -> None:
    require(actor, "calendar.change")
    checked = check_terms(new_terms)
    with store.write() as s:
        kept = {t.key for t in checked}
        out = s.execute(select(QuotaGrant.period_key, func.count(QuotaGrant.id)).where(
            QuotaGrant.expired_at.is_(None), QuotaGrant.period_key.not_in(kept),
            QuotaGrant.period_key.like("%-T%")).group_by(QuotaGrant.period_key)).all()
        if out:
            key, rooms = out[0]
            raise InvalidInput(f"Term {key} still has free quota out ({rooms} grant(s)); keep it in the calendar "
                               "until it has ended and its quota has expired.")
        settings_store.put(s, actor, TERMS_SETTING, [
            {"key": t.key, "start": t.start.isoformat(), "end": t.end.isoformat()} for t in checked])


def _spec(rule: QuotaRule) -> RuleSpec:
    return RuleSpec(rule.utility, rule.scope, rule.period, int(rule.amount), rule.carry_over)


def _occupants(s: Session, room_id: int) -> int:
    return s.scalar(select(func.count(Occupancy.id)).join(Bed).where(Bed.room_id == room_id,
                                                                     Occupancy.end_at.is_(None))) or 0


def litres_to_fen(litres: int, unit_price: int) -> int:
    """What `litres` of water quota are worth at `unit_price` (0.0001 CNY per m³), in whole fen,
    rounded down (a part of a fen is not granted)."""
    return litres * unit_price // 100_000


def _litres_to_fen(s: Session, litres: int, day: date) -> int:
    return litres_to_fen(litres, price_at(s, "water", day_start(day)))


def free_energy_in(s: Session, room_id: int, cwh: int) -> int | None:
    """Queue `cwh` (0.01 kWh) of free energy for the room's meter in the caller's transaction: a
    free-energy purchase (kind 2) in the outbox. Its id; None when the room has no meter."""
    meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == room_id,
                                                       ElectricityMeter.replaced_on.is_(None)))
    if meter is None:
        return None
    p = Purchase(meter_id=meter, kind=FREE_ENERGY, amount=cwh, status="pending")
    s.add(p)
    s.flush()
    return p.id


def water_quota_in(s: Session, actor: Actor, room_id: int, fen: int, *, key: str,
                   memo: str) -> OperationResult | None:
    """Credit water quota worth `fen` to the room's water account in the caller's transaction: a
    subsidy entry under `key` (with the ledger's own audit record; a repeated key is answered with the
    first posting). None when the room has no water account or the quota is worth nothing."""
    acc = s.scalar(select(Account.id).where(Account.room_id == room_id, Account.utility == "water"))
    if acc is None or fen == 0:
        return None
    return post_in(s, actor, key, "subsidy", [Line(acc, "subsidy", Money(fen), memo=memo)])


def run_quota(store: Store, today: date, actor: Actor | None = None) -> QuotaRun:
    """Expire every grant whose period has ended, then grant every rule's current period to every
    room that has not had it. Safe to run any number of times a day."""
    actor = actor or Actor.system()
    require(actor, "money.subsidy")
    with store.write() as s:
        calendar = terms(s)
        expired = _expire(s, actor, today, calendar)
        granted = _grant(s, actor, today, calendar)
    return QuotaRun(granted, expired)


def _expire(s: Session, actor: Actor, today: date, calendar: tuple[Term, ...]) -> int:
    n = 0
    cleared_meters: set[int] = set()
    # a one-off grant (no rule) has no period: it never expires
    for g in s.scalars(select(QuotaGrant).where(QuotaGrant.expired_at.is_(None), QuotaGrant.rule_id.is_not(None))
                       .with_for_update()):
        rule = s.get(QuotaRule, g.rule_id)
        period = period_by_key(g.period_key, calendar)
        if period.end >= today:
            continue
        left = _left(s, rule, g)
        ex = expire(_spec(rule), left)
        if rule.utility == "electricity":
            if not rule.carry_over:
                # Not sized from the reading, which may be old: the meter clears what is left when
                # the record lands (queued before the next period's grant, so it lands first).
                meter = s.scalar(select(ElectricityMeter.id).where(ElectricityMeter.room_id == g.room_id,
                                                                   ElectricityMeter.replaced_on.is_(None)))
                if meter is not None and meter not in cleared_meters:
                    cleared_meters.add(meter)   # one clear per meter clears every expiring grant
                    s.add(Purchase(meter_id=meter, kind=CLEAR_FREE_ENERGY, amount=0, status="pending"))
        elif ex.cleared:
            acc = s.scalar(select(Account.id).where(Account.room_id == g.room_id, Account.utility == "water"))
            fen = _litres_to_fen(s, ex.cleared, period.end)
            if acc is not None and fen:
                post_in(s, actor, f"quota-expire-{g.id}", "subsidy",
                        [Line(acc, "subsidy", Money(-fen), memo=f"unused water quota {g.period_key}")])
        g.expired_at = period.expires_at        # stamped with its period, not the day it ran
        audit.record(s, actor, "quota.expire", "quota_grant", g.id, None,
                     {"left": ex.left, "carried": ex.carried, "cleared": ex.cleared})
        n += 1
    return n


def _left(s: Session, rule: QuotaRule, g: QuotaGrant) -> int:
    if rule.utility == "electricity":
        free = s.scalar(select(ElectricityReading.free_cwh).join(
            ElectricityMeter, ElectricityMeter.id == ElectricityReading.meter_id).where(
            ElectricityMeter.room_id == g.room_id, ElectricityMeter.replaced_on.is_(None))
            .order_by(ElectricityReading.taken_at.desc()).limit(1))
        return max(0, min(int(free or 0), g.amount))
    base_q = select(WaterReading.volume_l).join(WaterMeter, WaterMeter.id == WaterReading.meter_id).where(
        WaterMeter.room_id == g.room_id)
    # the volume when the quota was granted: the last reading before it, else the first after it
    start = s.scalar(base_q.where(WaterReading.taken_at <= g.granted_at).order_by(WaterReading.taken_at.desc())
                     .limit(1))
    if start is None:
        start = s.scalar(base_q.order_by(WaterReading.taken_at).limit(1))
    end = s.scalar(base_q.order_by(WaterReading.taken_at.desc()).limit(1))
    used = (int(end) - int(start)) % 2**32 if start is not None else 0
    return max(0, g.amount - used)


def _grant(s: Session, actor: Actor, today: date, calendar: tuple[Term, ...]) -> int:
    n = 0
    rules = s.scalars(select(QuotaRule).where(QuotaRule.valid_from <= today,
                                              (QuotaRule.valid_to.is_(None)) | (QuotaRule.valid_to >= today))).all()
    for rule in rules:
        period = period_for(today, rule.period, calendar)
        if period is None:
            continue
        rooms = select(Room.id)
        if rule.building_id is not None:
            rooms = rooms.where(Room.building_id == rule.building_id)
        done = set(s.scalars(select(QuotaGrant.room_id).where(QuotaGrant.rule_id == rule.id,
                                                               QuotaGrant.period_key == period.key)))
        for room_id in s.scalars(rooms):
            if room_id in done:
                continue
            occupants = _occupants(s, room_id)
            if occupants == 0:
                continue   # nobody to give it to
            grant = grant_for(_spec(rule), period, occupants)
            if grant.total == 0:
                continue
            qg = QuotaGrant(rule_id=rule.id, utility=rule.utility, room_id=room_id, period_key=period.key,
                            amount=grant.total,
                            granted_at=day_start(period.start))   # its period's start, not the wall clock
            if rule.utility == "electricity":
                qg.purchase_id = free_energy_in(s, room_id, grant.total)
                if qg.purchase_id is None:
                    continue
            else:
                res = water_quota_in(s, actor, room_id, _litres_to_fen(s, grant.total, period.start),
                                     key=f"quota-{rule.id}-{room_id}-{period.key}", memo=f"water quota {period.key}")
                if res is None:
                    continue
                qg.ledger_entry_id = res.entry.id
            s.add(qg)
            n += 1
        if n:
            audit.record(s, actor, "quota.grant", "quota_rule", rule.id, None, {"period": period.key})
    return n


# ----- the rules, as the administrator keeps them -----------------------------------------------

# How a quota amount is typed and shown: electricity in kWh (stored in 0.01 kWh), water in m³ (stored
# in litres); the unit is the one a price is quoted in.
AMOUNT_UNITS = {"electricity": (UNITS["electricity"], 100), "water": (UNITS["water"], 1000)}


def parse_amount(utility: str, text: str) -> int:
    """A typed quota amount ("10.5" kWh, "3" m³) in stored units; FieldInvalid(field="amount") when it
    is not a number, negative or finer than the stored unit."""
    unit, scale = AMOUNT_UNITS[utility]
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation:
        raise FieldInvalid(f"“{text}” is not an amount in {unit}.", field="amount") from None
    if not value.is_finite() or value < 0:
        raise FieldInvalid(f"“{text}” is not an amount in {unit}.", field="amount")
    stored = value * scale
    if stored != stored.to_integral_value():
        raise FieldInvalid(f"“{text}” is finer than the meter counts; use at most {len(str(scale)) - 1} "
                           f"decimals.", field="amount")
    if stored > 10**9:
        raise FieldInvalid(f"“{text}” is more than any room could use.", field="amount")
    return int(stored)


def amount_text(utility: str, amount: int) -> str:
    """A stored quota amount as the person reads it: 1050 electricity → "10.5 kWh"."""
    unit, scale = AMOUNT_UNITS[utility]
    return f"{Decimal(amount).scaleb(-(len(str(scale)) - 1)).normalize():f} {unit}"


@dataclass(frozen=True)
class Rule:
    id: int
    utility: str
    scope: str                   # "room" or "student" (per occupant)
    period: str                  # "month" or "term"
    amount: int                  # 0.01 kWh or litres
    carry_over: bool
    building_id: int | None      # None: every building
    building: str                # the building's code, "" for every building
    valid_from: date
    valid_to: date | None

    def active(self, today: date) -> bool:
        """Whether it still grants: started or starting, and not retired."""
        return self.valid_to is None or self.valid_to >= today

    @property
    def amount_text(self) -> str:
        return amount_text(self.utility, self.amount)


def rules(store: Store) -> list[Rule]:
    """Every quota rule, active and retired, the newest first."""
    with store.read() as s:
        rows = s.execute(select(QuotaRule, Building.code).outerjoin(Building, Building.id == QuotaRule.building_id)
                         .order_by(QuotaRule.id.desc())).all()
        return [Rule(r.id, r.utility, r.scope, r.period, int(r.amount), bool(r.carry_over), r.building_id, code or "",
                     r.valid_from, r.valid_to) for r, code in rows]


def retire_rule(store: Store, actor: Actor, rule_id: int) -> None:
    """Stop a rule granting from today; what it granted stays until its period ends (then expires as the
    rule said). Rules are retired, never deleted: their grants refer to them."""
    require(actor, "quota.change")
    today = clock.today()
    with store.write() as s:
        rule = s.get(QuotaRule, rule_id)
        if rule is None:
            raise NotFound(f"No quota rule {rule_id}.")
        if rule.valid_to is not None and rule.valid_to < today:
            raise InvalidInput(f"This quota rule was already retired; it ended on {rule.valid_to}.")
        before = {"valid_to": rule.valid_to}
        rule.valid_to = today - timedelta(days=1)
        audit.record(s, actor, "quota.retire", "quota_rule", rule.id, before, {"valid_to": rule.valid_to})


def add_rule(store: Store, actor: Actor, *, utility: str, scope: str, period: str, amount: int,
             carry_over: bool = False, building_id: int | None = None, valid_from: date) -> int:
    """A new quota rule; its id. Bad input raises FieldInvalid naming the argument, nothing written."""
    require(actor, "quota.change")
    try:
        RuleSpec(utility, scope, period, amount, carry_over)   # validates, with readable errors
    except InvalidInput as exc:
        wrong = next((name for name, value, allowed in (("utility", utility, AMOUNT_UNITS), ("scope", scope, SCOPES),
                                                        ("period", period, PERIOD_KINDS)) if value not in allowed),
                     "amount")
        raise FieldInvalid(str(exc), field=wrong) from None
    if period == "term" and not terms(store):
        raise FieldInvalid("Set the term calendar before adding a per-term quota.", field="period")
    with store.write() as s:
        if building_id is not None and s.get(Building, building_id) is None:
            raise FieldInvalid(f"No building {building_id}.", field="building_id")
        r = QuotaRule(utility=utility, scope=scope, period=period, amount=amount, carry_over=carry_over,
                      building_id=building_id, valid_from=valid_from)
        s.add(r)
        s.flush()
        audit.record(s, actor, "quota.rule", "quota_rule", r.id, None, {
            "utility": utility, "scope": scope, "period": period, "amount": amount, "carry_over": carry_over})
        return r.id
