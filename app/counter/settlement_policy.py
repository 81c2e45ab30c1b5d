"""A student's share of a room account at check-out, under the room's settlement policy.

Policies:
- "paid_minus_share" (default): what the student paid in (their recharges, less refunds already paid
  to them, plus transfers made in their name) minus their share of the room's consumption. Each
  campus day's consumption is split equally among the students present any part of that day.
  Subsidies are never refundable and are spent first: room-wide, in time order, each consumption
  charge is covered by unspent subsidy before anything is left to share.
- "equal_split": the room's refundable balance split equally among the occupants present at check-out.

A caller may rely on:
- exact fen: every split adds up to the whole (largest remainder, ties to the lower student number);
- a reversed entry and its reversal both drop out; entries after the check-out time are ignored;
- `refundable_fen` is never negative and never more than the room's refundable balance (balance
  less unspent subsidy), so settling the occupants one after another, posting each refund, can
  never overdraw the room or pay out subsidy;
- days with consumption but nobody present are nobody's share (they stay with the room);
- a student with no stay in the room is refused with InvalidInput;
- a refund still waiting for the meter (an `Entry` with `pending=True`) counts as paid out: it lowers
  the student's paid-in and the room's refundable balance, so the same money is never refunded twice.

Stays fit `app.campus.occupancy.Stay` as it is; entries are `app.counter.ledger.PostedEntry` with the amount in fen.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from app.clock import campus_date, day_start
from app.counter.money import Money
from app.errors import InvalidInput

POLICIES = {
    "paid_minus_share": "Paid in minus share of consumption",
    "equal_split": "Balance split equally among the occupants",
}
DEFAULT_POLICY = "paid_minus_share"
# The sign each kind must carry; None: either sign.
_SIGNS: dict[str, int | None] = {"recharge": 1, "refund": -1, "consumption": -1, "subsidy": 1,
                                 "transfer": None, "reversal": None}


class StayLike(Protocol):
    student_id: int
    student_no: str
    student_name: str
    start_at: datetime
    end_at: datetime | None


@dataclass(frozen=True)
class Stay:
    student_id: int
    student_no: str
    student_name: str
    start_at: datetime
    end_at: datetime | None = None      # None: still there


@dataclass(frozen=True)
class Entry:
    """One posted entry of the room account; `amount_fen` signed as it moved the balance."""

    id: int
    created_at: datetime
    kind: str
    amount_fen: int
    student_id: int | None = None
    reverses_id: int | None = None
    pending: bool = False           # a refund requested but not yet posted (waiting for the meter)


@dataclass(frozen=True)
class DayLine:
    day: date
    consumption_fen: int            # the room's consumption that day
    covered_fen: int                # of which subsidy paid
    occupants: tuple[str, ...]      # student numbers present that day
    share_fen: int                  # this student's share of the uncovered rest

    @property
    def shared_fen(self) -> int:
        return self.consumption_fen - self.covered_fen


@dataclass(frozen=True)
class Settlement:
    student_id: int
    student_no: str
    student_name: str
    policy: str
    at: datetime
    recharged_fen: int
    refunded_fen: int               # refunds already paid to the student, as a positive amount
    transferred_fen: int            # transfers in the student's name, signed
    share_of_consumption_fen: int
    due_fen: int                    # signed: what the policy gives back (<0: what the student owes)
    refundable_fen: int
    owed_fen: int
    room_balance_fen: int
    unspent_subsidy_fen: int
    days: tuple[DayLine, ...] = field(default=())
    awaiting_meter_fen: int = 0     # of `refunded_fen`: refunds to the student still waiting for the meter

    @property
    def paid_in_fen(self) -> int:
        return self.recharged_fen - self.refunded_fen + self.transferred_fen

    @property
    def policy_label(self) -> str:
        return POLICIES[self.policy]

    @property
    def room_refundable_fen(self) -> int:
        return max(0, self.room_balance_fen - self.unspent_subsidy_fen)

    @property
    def held_back_fen(self) -> int:
        """Due to the student but not refundable now: the room holds less (others owe it)."""
        return max(0, self.due_fen) - self.refundable_fen

    @property
    def explanation(self) -> str:
        return explain(self)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, for the stored settlement statement."""
        return {
            "student_id": self.student_id, "student_no": self.student_no, "policy": self.policy,
            "at": self.at.isoformat(), "paid_in_fen": self.paid_in_fen, "recharged_fen": self.recharged_fen,
            "refunded_fen": self.refunded_fen, "transferred_fen": self.transferred_fen,
            "share_of_consumption_fen": self.share_of_consumption_fen, "due_fen": self.due_fen,
            "refundable_fen": self.refundable_fen, "owed_fen": self.owed_fen,
            "awaiting_meter_fen": self.awaiting_meter_fen,
            "room_balance_fen": self.room_balance_fen, "unspent_subsidy_fen": self.unspent_subsidy_fen,
            "days": [{"day": d.day.isoformat(), "consumption_fen": d.consumption_fen, "covered_fen": d.covered_fen,
                      "occupants": list(d.occupants), "share_fen": d.share_fen} for d in self.days],
        }


def settlement_from_dict(d: Mapping[str, Any], student_name: str) -> Settlement:
    """A stored statement (`Settlement.as_dict`) back as a Settlement."""
    days = tuple(DayLine(date.fromisoformat(x["day"]), x["consumption_fen"], x["covered_fen"], tuple(x["occupants"]),
                         x["share_fen"]) for x in d.get("days", ()))
    return Settlement(d["student_id"], d["student_no"], student_name, d["policy"], datetime.fromisoformat(d["at"]),
                      d["recharged_fen"], d["refunded_fen"], d["transferred_fen"], d["share_of_consumption_fen"],
                      d["due_fen"], d["refundable_fen"], d["owed_fen"], d["room_balance_fen"],
                      d["unspent_subsidy_fen"], days, d.get("awaiting_meter_fen", 0))


def allocate(total_fen: int, weights: Mapping[str, int]) -> dict[str, int]:
    """Split `total_fen` in proportion to `weights` (keyed by student number), exactly: the parts add
    up to the total. Largest remainder; equal remainders go to the lower key. A negative total is
    split as its magnitude and negated."""
    if type(total_fen) is not int:
        raise TypeError("allocate takes an int number of fen")
    keys = sorted(weights)
    if not keys:
        raise InvalidInput("There is nobody to share the amount among.")
    if any(type(weights[k]) is not int or weights[k] < 0 for k in keys) or sum(weights.values()) == 0:
        raise InvalidInput("Shares are whole numbers, zero or more, and not all zero.")
    sign, magnitude = (-1, -total_fen) if total_fen < 0 else (1, total_fen)
    whole = sum(weights.values())
    parts = {k: magnitude * weights[k] // whole for k in keys}
    left = magnitude - sum(parts.values())
    by_remainder = sorted(keys, key=lambda k: (-(magnitude * weights[k] % whole), k))
    for k in by_remainder[:left]:
        parts[k] += 1
    return {k: sign * v for k, v in parts.items()}


def _aware(moment: datetime, what: str) -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(f"{what} has no time zone; give times as aware datetimes.")
    return moment


def stay_days(stay: StayLike) -> tuple[date, date | None]:
    """First and last campus day of a stay (inclusive); a stay ending exactly at midnight does not
    reach into the day that starts then."""
    first = campus_date(stay.start_at)
    if stay.end_at is None:
        return first, None
    last = campus_date(stay.end_at)
    if stay.end_at > stay.start_at and stay.end_at == day_start(last):
        last -= timedelta(days=1)
    return first, max(first, last)


def _live_entries(entries: Sequence[Entry], at: datetime) -> list[Entry]:
    """Entries up to `at`, checked, without reversed pairs, in time order."""
    considered = [e for e in entries if _aware(e.created_at, f"Entry {e.id}") <= at]
    by_id = {e.id: e for e in considered}
    dropped: set[int] = set()
    for e in considered:
        if e.kind not in _SIGNS:
            raise InvalidInput(f"Entry {e.id} is of unknown kind “{e.kind}”.")
        sign = _SIGNS[e.kind]
        if type(e.amount_fen) is not int or e.amount_fen == 0 or (sign is not None and e.amount_fen * sign < 0):
            raise InvalidInput(f"Entry {e.id} ({e.kind}) has an impossible amount of {e.amount_fen!r} fen.")
        if e.kind != "reversal":
            continue
        original = by_id.get(e.reverses_id) if e.reverses_id is not None else None
        if original is None or original.kind == "reversal" or original.amount_fen != -e.amount_fen:
            raise InvalidInput(f"Entry {e.id} is a reversal, but does not undo an earlier entry of this account.")
        if original.id in dropped:
            raise InvalidInput(f"Entry {original.id} is reversed twice.")
        dropped.update((e.id, original.id))
    return sorted((e for e in considered if e.id not in dropped), key=lambda e: (e.created_at, e.id))


@dataclass
class _Room:
    balance: int = 0
    unspent_subsidy: int = 0
    consumption: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    covered: dict[date, int] = field(default_factory=lambda: defaultdict(int))


def _walk(live: list[Entry]) -> _Room:
    room = _Room()
    for e in live:
        room.balance += e.amount_fen
        if e.kind == "subsidy":
            room.unspent_subsidy += e.amount_fen
        elif e.kind == "consumption":
            charge = -e.amount_fen
            cover = min(room.unspent_subsidy, charge)
            room.unspent_subsidy -= cover
            day = campus_date(e.created_at)
            room.consumption[day] += charge
            room.covered[day] += cover
    return room


def _present(stays: Sequence[StayLike], day: date) -> dict[str, int]:
    """Student number -> student id of everyone present any part of `day`."""
    out: dict[str, int] = {}
    for s in stays:
        first, last = stay_days(s)
        if first <= day and (last is None or day <= last):
            out[s.student_no] = s.student_id
    return out


def daily_shares(stays: Sequence[StayLike], entries: Sequence[Entry], at: datetime) -> dict[date, dict[str, int]]:
    """Every student's share of each day's uncovered consumption, by day then student number.
    Days nobody was present are absent. The shares of a day add up to its uncovered consumption."""
    _aware(at, "The check-out time")
    room = _walk(_live_entries(entries, at))
    known = [s for s in stays if _aware(s.start_at, f"The stay of {s.student_no}") <= at]
    out: dict[date, dict[str, int]] = {}
    for day in sorted(room.consumption):
        present = _present(known, day)
        if present:
            out[day] = allocate(room.consumption[day] - room.covered[day], dict.fromkeys(present, 1))
    return out


def settle(stays: Sequence[StayLike], entries: Sequence[Entry], student_id: int, at: datetime,
           policy: str = DEFAULT_POLICY) -> Settlement:
    """What `student_id` gets back (or owes) when leaving the room at `at`.

    `stays` are the room's stays (everyone's, past and present); `entries` the room account's
    entries. Nothing is posted: the caller refunds `refundable_fen` and records `owed_fen`."""
    _aware(at, "The check-out time")
    if policy not in POLICIES:
        raise InvalidInput(f"“{policy}” is not a settlement policy; use {' or '.join(POLICIES)}.")
    for s in stays:
        _aware(s.start_at, f"The stay of {s.student_no}")
        if s.end_at is not None and _aware(s.end_at, f"The stay of {s.student_no}") < s.start_at:
            raise InvalidInput(f"The stay of {s.student_name} ({s.student_no}) ends before it starts.")
    own = [s for s in stays if s.student_id == student_id]
    if not own:
        raise InvalidInput("This student has no stay in this room, so there is nothing to settle.")
    me = own[0]
    if all(s.start_at > at for s in own):
        raise InvalidInput(f"{me.student_name} ({me.student_no}) had not yet moved into this room at the "
                           "check-out time.")
    live = _live_entries(entries, at)
    room = _walk(live)
    recharged = sum(e.amount_fen for e in live if e.kind == "recharge" and e.student_id == student_id)
    refunded = -sum(e.amount_fen for e in live if e.kind == "refund" and e.student_id == student_id)
    awaiting = -sum(e.amount_fen for e in live if e.kind == "refund" and e.pending and e.student_id == student_id)
    transferred = sum(e.amount_fen for e in live if e.kind == "transfer" and e.student_id == student_id)
    paid_in = recharged - refunded + transferred
    pot = room.balance - room.unspent_subsidy
    room_refundable = max(0, pot)

    lines: list[DayLine] = []
    if policy == "paid_minus_share":
        shares = daily_shares(stays, entries, at)
        for day, split in shares.items():
            if me.student_no in split:
                lines.append(DayLine(day, room.consumption[day], room.covered[day], tuple(split),
                                     split[me.student_no]))
        share = sum(d.share_fen for d in lines)
        due = paid_in - share
    else:
        present = {s.student_no for s in stays
                   if s.start_at <= at and (s.end_at is None or s.end_at >= at)} | {me.student_no}
        share = 0
        due = allocate(pot, dict.fromkeys(present, 1))[me.student_no]
    return Settlement(student_id, me.student_no, me.student_name, policy, at, recharged, refunded, transferred,
                      share, due, min(max(0, due), room_refundable), max(0, -due), room.balance,
                      room.unspent_subsidy, tuple(lines), awaiting)


def explain(s: Settlement) -> str:
    """The settlement in sentences, for the clerk and the student's receipt."""
    m = Money
    out = [f"Settlement for {s.student_name} ({s.student_no}): {s.policy_label.lower()}."]
    if s.policy == "paid_minus_share":
        out.append(f"Paid in {m(s.paid_in_fen).display()}: recharges {m(s.recharged_fen).display()}, "
                   f"refunds already paid {m(s.refunded_fen).display()}, transfers {m(s.transferred_fen).display()}.")
        if s.awaiting_meter_fen:
            out.append(f"Of the refunds, {m(s.awaiting_meter_fen).display()} is still on its way back from the meter.")
        covered = sum(d.covered_fen for d in s.days)
        out.append(f"Share of consumption {m(s.share_of_consumption_fen).display()} over {len(s.days)} days "
                   f"with consumption, each day split equally among the students present; subsidies paid "
                   f"{m(covered).display()} of those days' consumption first.")
    else:
        out.append(f"The room's refundable balance is split equally among the occupants present at check-out; "
                   f"this student's part is {m(s.due_fen).display()}.")
    if s.owed_fen:
        out.append(f"The student owes {m(s.owed_fen).display()}.")
    else:
        out.append(f"Refundable now: {m(s.refundable_fen).display()}.")
    if s.held_back_fen:
        out.append(f"{m(s.held_back_fen).display()} more is due, but the room holds only "
                   f"{m(s.room_refundable_fen).display()} that can be refunded (balance "
                   f"{m(s.room_balance_fen).display()} less unspent subsidy {m(s.unspent_subsidy_fen).display()}).")
    if s.unspent_subsidy_fen:
        out.append(f"Unspent subsidy of {m(s.unspent_subsidy_fen).display()} stays with the room; "
                   "subsidies are never refunded.")
    return "\n".join(out)
