"""Everything the room panel shows about one room, gathered in one read: `room_detail(store, room_id)`.

What a caller may rely on:
- `beds` lists every bed of the room in label order, with its occupant or None (empty beds too);
- balances are the ledger's cached account balances in fen, None where the room has no account yet;
- `purchases` are the room's credits not yet delivered to its meters (pending) and those the meter
  refused (failed), newest first, each with the outbox's reason;
- `ledger` holds up to `HISTORY_LIMIT` newest entries of each of the two accounts, merged newest first;
- `events` holds up to `HISTORY_LIMIT` newest meter events of the room's electricity meters (old
  meters included), with an English type name and branch name;
- `daily` has one `DailyUse` per campus day for the last `DAYS` days ending today (oldest first),
  the electricity used that day from the incoming energy register of the billing readings; a day
  with no reading before or after it counts 0; meters replaced during the window are summed;
- `alarms` are the room's open alarms, most urgent first.
No Qt; runs in a background task.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.clock import campus_date, day_start
from app.counter.money import Money
from app.counter.payment_methods import methods_in
from app.errors import UnknownRoom
from app.metering import forecast
from app.metering.alarms import AlarmView, open_alarms
from app.metering.runtime import vocabulary
from db.engine import Store
from db.models import (
    Account,
    Bed,
    Building,
    ElectricityMeter,
    ElectricityReading,
    LedgerEntry,
    MeterEvent,
    Occupancy,
    Operator,
    Purchase,
    Room,
    Student,
)

HISTORY_LIMIT = 100
DAYS = 30



@dataclass(frozen=True)
class BedView:
    bed_id: int
    label: str
    student_id: int | None = None
    student_no: str = ""
    student_name: str = ""
    since: datetime | None = None


@dataclass(frozen=True)
class PendingPurchase:
    id: int
    kind: str                # readable: Money, Free energy, …
    amount: int              # fen for Money / Set balance, 0.01 kWh for Free energy
    status: str              # pending or failed
    attempts: int
    reason: str
    created_at: datetime

    @property
    def amount_text(self) -> str:
        if self.kind in ("Money", "Set balance"):
            return Money(self.amount).display()
        return f"{self.amount / 100:.2f} kWh"


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    utility: str             # electricity or water
    kind: str                # recharge, refund, consumption, …
    amount_fen: int
    balance_after_fen: int
    created_at: datetime
    method: str              # the payment method's label as on receipts, "" for none
    reference: str
    student: str             # "name (number)" or ""
    operator: str
    memo: str


@dataclass(frozen=True)
class EventView:
    id: int
    received_at: datetime
    type: int
    name: str                # readable English type name
    branch: str              # readable branch name, "" for the whole meter
    meter_serial: str


@dataclass(frozen=True)
class DailyUse:
    day: date
    cwh: int                 # 0.01 kWh used that campus day

    @property
    def kwh(self) -> float:
        return self.cwh / 100


@dataclass(frozen=True)
class RoomDetail:
    room_id: int
    building_code: str
    building_name: str
    number: str
    floor: int
    gender: str              # M or F
    beds: tuple[BedView, ...]
    electricity_fen: int | None
    water_fen: int | None
    meter_serial: str | None
    meter_online: bool | None
    branch_states: tuple[int, int, int]
    purchases: tuple[PendingPurchase, ...]
    ledger: tuple[HistoryEntry, ...]
    events: tuple[EventView, ...]
    daily: tuple[DailyUse, ...]
    alarms: tuple[AlarmView, ...]
    days_left: dict[str, int | None] = field(default_factory=dict)   # utility -> whole days the money lasts

    @property
    def code(self) -> str:
        return f"{self.building_code}-{self.number}"

    @property
    def occupants(self) -> tuple[BedView, ...]:
        return tuple(b for b in self.beds if b.student_id is not None)


def _beds(s: Session, room_id: int) -> tuple[BedView, ...]:
    q = (select(Bed.id, Bed.label, Student.id, Student.student_no, Student.name, Occupancy.start_at)
         .outerjoin(Occupancy, (Occupancy.bed_id == Bed.id) & Occupancy.end_at.is_(None))
         .outerjoin(Student, Student.id == Occupancy.student_id)
         .where(Bed.room_id == room_id))
    rows = [BedView(bid, label, sid, no or "", name or "", since) for bid, label, sid, no, name, since in s.execute(q)]
    # Labels are "1", "2", … (or "A", "B"): numeric order where they are numbers.
    return tuple(sorted(rows, key=lambda b: (not b.label.isdigit(), int(b.label) if b.label.isdigit() else 0,
                                             b.label)))


def _ledger(s: Session, accounts: dict[str, int]) -> tuple[HistoryEntry, ...]:
    labels = {m.code: m.label for m in methods_in(s)}
    out: list[HistoryEntry] = []
    for utility, account_id in accounts.items():
        q = (select(LedgerEntry, Student.name, Student.student_no, Operator.display_name)
             .outerjoin(Student, Student.id == LedgerEntry.student_id)
             .outerjoin(Operator, Operator.id == LedgerEntry.operator_id)
             .where(LedgerEntry.account_id == account_id)
             .order_by(LedgerEntry.id.desc()).limit(HISTORY_LIMIT))
        for e, name, no, operator in s.execute(q):
            out.append(HistoryEntry(e.id, utility, e.kind, e.amount_fen, e.balance_after_fen, e.created_at,
                                    labels.get(e.payment_method, e.payment_method or ""), e.external_ref or "",
                                    f"{name} ({no})" if name else "", operator or "", e.memo or ""))
    out.sort(key=lambda h: h.id, reverse=True)
    return tuple(out)


def _events(s: Session, meters: dict[int, str]) -> tuple[EventView, ...]:
    if not meters:
        return ()
    q = (select(MeterEvent).where(MeterEvent.meter_id.in_(list(meters)))
         .order_by(MeterEvent.id.desc()).limit(HISTORY_LIMIT))
    return tuple(EventView(e.id, e.received_at, e.type, vocabulary.event_name(e.type),
                           vocabulary.branch_name(e.branch), meters[e.meter_id])
                 for e in s.scalars(q))


def _purchases(s: Session, meter_ids: list[int]) -> tuple[PendingPurchase, ...]:
    if not meter_ids:
        return ()
    q = (select(Purchase).where(Purchase.meter_id.in_(meter_ids), Purchase.status.in_(("pending", "failed")))
         .order_by(Purchase.id.desc()).limit(HISTORY_LIMIT))
    return tuple(PendingPurchase(p.id, vocabulary.purchase_kind_name(p.kind), p.amount, p.status, p.attempts,
                                 p.reason or "", p.created_at) for p in s.scalars(q))


def _register_at(s: Session, meter_id: int, boundaries: list[datetime]) -> list[int | None]:
    """The incoming energy register as of each boundary: the last reading before it (one indexed
    lookup per boundary, all in one statement); before the meter's first reading, that first reading."""
    r = ElectricityReading
    cols = [select(r.incoming_cwh).where(r.meter_id == meter_id, r.taken_at < b)
            .order_by(r.taken_at.desc()).limit(1).scalar_subquery().label(f"b{i}") for i, b in enumerate(boundaries)]
    first = (select(r.incoming_cwh).where(r.meter_id == meter_id).order_by(r.taken_at).limit(1)
             .scalar_subquery().label("first"))
    row = s.execute(select(first, *cols)).one()
    return [v if v is not None else row[0] for v in row[1:]]


def _daily(s: Session, meter_ids: list[int], today: date) -> tuple[DailyUse, ...]:
    days = [today - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    boundaries = [day_start(d) for d in days] + [day_start(today + timedelta(days=1))]
    totals = [0] * DAYS
    for meter_id in meter_ids:
        values = _register_at(s, meter_id, boundaries)
        for i in range(DAYS):
            a, b = values[i], values[i + 1]
            if a is not None and b is not None and b > a:
                totals[i] += b - a
    return tuple(DailyUse(d, t) for d, t in zip(days, totals, strict=True))


def _days_left(s: Session, room_id: int, utilities: list[str]) -> dict[str, int | None]:
    """Per utility with an account: how many days the money lasts at the room's recent use (None: not
    enough history to say)."""
    out = {}
    for utility in utilities:
        outlook = forecast.days_left(s, room_id, at=clock.now(), utility=utility)
        out[utility] = outlook.days if outlook is not None else None
    return out


def room_detail(store: Store, room_id: int, today: date | None = None) -> RoomDetail:
    """The room as the panel shows it; `today` (a campus date) defaults to now. Raises UnknownRoom."""
    today = today or campus_date(clock.now())
    with store.read() as s:
        row = s.execute(select(Room, Building).join(Building, Building.id == Room.building_id)
                        .where(Room.id == room_id)).one_or_none()
        if row is None:
            raise UnknownRoom(f"No room with id {room_id}.")
        room, building = row
        accounts = {u: (aid, bal) for aid, u, bal in s.execute(
            select(Account.id, Account.utility, Account.balance_fen).where(Account.room_id == room_id))}
        meters = list(s.scalars(select(ElectricityMeter).where(ElectricityMeter.room_id == room_id)
                                .order_by(ElectricityMeter.id)))
        active = next((m for m in meters if m.replaced_on is None), None)
        meter_ids = [m.id for m in meters]
        detail = RoomDetail(
            room_id=room.id, building_code=building.code, building_name=building.name, number=room.number,
            floor=room.floor, gender=room.gender, beds=_beds(s, room_id),
            electricity_fen=accounts["electricity"][1] if "electricity" in accounts else None,
            water_fen=accounts["water"][1] if "water" in accounts else None,
            meter_serial=active.serial_no if active else None,
            meter_online=active.online if active else None,
            branch_states=(active.branch0_state, active.branch1_state, active.branch2_state) if active else (0, 0, 0),
            purchases=_purchases(s, meter_ids),
            ledger=_ledger(s, {u: a for u, (a, _b) in sorted(accounts.items())}),
            events=_events(s, {m.id: m.serial_no for m in meters}),
            daily=_daily(s, meter_ids, today),
            alarms=(),
            days_left=_days_left(s, room_id, list(accounts)),
        )
    return replace(detail, alarms=tuple(open_alarms(store, room_id)))
