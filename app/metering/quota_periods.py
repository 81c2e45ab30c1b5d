"""Free quota arithmetic: which period a day belongs to, how much a room is granted, what expires.

A caller may rely on:
- days are campus days (Asia/Shanghai); an aware datetime is turned into its campus date first;
- month keys are "YYYY-MM" ("2026-11"), term keys come from the term calendar ("2026-T1");
  a period's `start` and `end` are both inclusive dates;
- amounts are whole units: electricity in 0.01 kWh, water in litres. No floats anywhere;
- `expire` never loses or invents energy: carried + cleared == what was left.

Nothing here touches the database or the meters; the prepaid service records grants and expiries.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.clock import campus_date, day_start
from app.errors import InvalidInput

UTILITY_UNITS = {"electricity": "0.01 kWh", "water": "L"}
SCOPES = ("room", "student")
PERIOD_KINDS = ("month", "term")

_MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")
_TERM_KEY = re.compile(r"^\d{4}-T\d$")


@dataclass(frozen=True)
class Term:
    key: str
    start: date
    end: date       # inclusive


@dataclass(frozen=True)
class Period:
    kind: str       # "month" or "term"
    key: str        # "2026-11" or "2026-T1"
    start: date     # inclusive
    end: date       # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= campus_date(day) <= self.end

    @property
    def expires_at(self) -> datetime:
        """The instant the period's unused quota expires: campus midnight after its last day."""
        return day_start(self.end + timedelta(days=1))


def check_terms(terms: Iterable[Term | tuple[str, date, date]]) -> tuple[Term, ...]:
    """The term calendar as `Term`s sorted by start; InvalidInput if a key is malformed or repeated,
    a term ends before it starts, or two terms overlap."""
    out: list[Term] = []
    for t in terms:
        term = t if isinstance(t, Term) else Term(*t)
        if not _TERM_KEY.match(term.key):
            raise InvalidInput(f"“{term.key}” is not a term key; write the year and the term, like 2026-T1.")
        if isinstance(term.start, datetime) or isinstance(term.end, datetime):
            raise InvalidInput(f"Term {term.key} must start and end on dates, not times.")
        if term.end < term.start:
            raise InvalidInput(f"Term {term.key} ends on {term.end}, before it starts on {term.start}.")
        out.append(term)
    seen: set[str] = set()
    for t in out:
        if t.key in seen:
            raise InvalidInput(f"Term {t.key} appears twice in the term calendar.")
        seen.add(t.key)
    out.sort(key=lambda t: t.start)
    for prev, cur in zip(out, out[1:], strict=False):
        if cur.start <= prev.end:
            raise InvalidInput(f"Terms {prev.key} and {cur.key} overlap: {cur.key} starts on {cur.start}, "
                               f"before {prev.key} ends on {prev.end}.")
    return tuple(out)


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period("month", f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))


def period_for(day: date, period_kind: str, terms: Sequence[Term | tuple[str, date, date]] = ()) -> Period | None:
    """The period holding `day` (a date, or an aware datetime taken on the campus calendar).

    For "month" this is always a period. For "term" it is None when the day falls between terms
    (holidays): there is nothing to grant then."""
    d = campus_date(day)
    if period_kind == "month":
        return month_period(d.year, d.month)
    if period_kind == "term":
        for t in check_terms(terms):
            if t.start <= d <= t.end:
                return Period("term", t.key, t.start, t.end)
        return None
    raise InvalidInput(f"“{period_kind}” is not a quota period; use month or term.")


def period_by_key(key: str, terms: Sequence[Term | tuple[str, date, date]] = ()) -> Period:
    """The period a stored key names ("2026-11" or "2026-T1"); InvalidInput for an unknown key."""
    m = _MONTH_KEY.match(key)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise InvalidInput(f"“{key}” is not a month.")
        return month_period(year, month)
    for t in check_terms(terms):
        if t.key == key:
            return Period("term", t.key, t.start, t.end)
    raise InvalidInput(f"“{key}” is neither a month like 2026-11 nor a term in the term calendar.")


def next_period(period: Period, terms: Sequence[Term | tuple[str, date, date]] = ()) -> Period | None:
    """The period after `period`: the next month, or the next term in the calendar (None if the
    calendar has no later term yet)."""
    if period.kind == "month":
        day = period.end + timedelta(days=1)
        return month_period(day.year, day.month)
    for t in check_terms(terms):
        if t.start > period.end:
            return Period("term", t.key, t.start, t.end)
    return None


@dataclass(frozen=True)
class QuotaRule:
    """A free-quota rule. `amount` is per room (scope "room") or per occupant (scope "student").

    With `carry_over`, what is left at the end of a period is added to the next grant; `carry_cap`,
    when set, is the most that may be carried (the rest is cleared)."""

    utility: str
    scope: str
    period: str
    amount: int
    carry_over: bool = False
    carry_cap: int | None = None

    def __post_init__(self) -> None:
        if self.utility not in UTILITY_UNITS:
            raise InvalidInput(f"“{self.utility}” is not a utility; use electricity or water.")
        if self.scope not in SCOPES:
            raise InvalidInput(f"“{self.scope}” is not a quota scope; use room or student.")
        if self.period not in PERIOD_KINDS:
            raise InvalidInput(f"“{self.period}” is not a quota period; use month or term.")
        _require_units(self.amount, "A quota amount")
        if self.carry_cap is not None:
            _require_units(self.carry_cap, "A carry-over cap")


def _require_units(value: object, what: str) -> int:
    if type(value) is not int or value < 0:
        raise InvalidInput(f"{what} is a whole number of units, zero or more.")
    return value


def occupancy_day(period: Period, granted_on: date) -> date:
    """The day whose occupants a per-student grant counts: the period's first day when the grant is
    made on or before it, otherwise the day of granting (a room filled mid-period, a late run),
    never past the period's last day."""
    d = campus_date(granted_on)
    return min(max(d, period.start), period.end)


@dataclass(frozen=True)
class Grant:
    period_key: str
    base: int           # from the rule: amount, or amount × occupants
    carried_in: int     # left over from the previous period
    occupants: int

    @property
    def total(self) -> int:
        return self.base + self.carried_in


def grant_for(rule: QuotaRule, period: Period, occupants: int, carried_in: int = 0) -> Grant:
    """The grant for one room and period. Scope "room" grants `amount` whatever the occupancy
    (an empty room too: the caller decides whether empty rooms get grants); scope "student" grants
    `amount` × `occupants` (count them on `occupancy_day`). `carried_in` comes from `expire` of the
    previous period and is refused when the rule does not carry over."""
    if period.kind != rule.period:
        raise InvalidInput(f"The rule grants per {rule.period}, but {period.key} is a {period.kind}.")
    _require_units(occupants, "The number of occupants")
    _require_units(carried_in, "The carried-over quota")
    if carried_in and not rule.carry_over:
        raise InvalidInput("This rule does not carry unused quota over, so nothing can be carried in.")
    if rule.carry_cap is not None and carried_in > rule.carry_cap:
        raise InvalidInput(f"At most {format_quota(rule.utility, rule.carry_cap)} may be carried over.")
    base = rule.amount if rule.scope == "room" else rule.amount * occupants
    return Grant(period.key, base, carried_in, occupants)


@dataclass(frozen=True)
class Expiry:
    left: int       # unused at the period's end
    carried: int    # added to the next period's grant
    cleared: int    # gone for good


def expire(rule: QuotaRule, left: int) -> Expiry:
    """What happens at period end to `left` unused units: carried (up to the cap) when the rule
    carries over, cleared otherwise. carried + cleared == left, always."""
    _require_units(left, "The unused quota")
    carried = 0
    if rule.carry_over:
        carried = left if rule.carry_cap is None else min(left, rule.carry_cap)
    return Expiry(left, carried, left - carried)


def format_quota(utility: str, amount: int) -> str:
    """For people: electricity as kWh with two decimals ("12.50 kWh"), water in litres ("1,500 L")."""
    if utility == "electricity":
        sign = "-" if amount < 0 else ""
        whole, hundredths = divmod(abs(amount), 100)
        return f"{sign}{whole:,}.{hundredths:02d} kWh"
    if utility == "water":
        return f"{amount:,} L"
    raise InvalidInput(f"“{utility}” is not a utility; use electricity or water.")
