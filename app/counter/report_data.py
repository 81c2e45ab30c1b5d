"""What goes on a receipt, a refund slip, a shift report, a day close and a settlement statement.

The service code fills these frozen dataclasses; receipts_pdf and reports_pdf print them and nothing
else. Construction checks what a printed document must never show: an unknown kind, a naive time, a
float amount, a cash difference that does not add up. Amounts are integer fen. Times are aware
datetimes (any zone) and are printed in Asia/Shanghai local time.

Each class converts to and from a JSON-safe dict (`to_payload` / `from_payload`), so the record stored
with a receipt or a day close (their JSON columns) can be printed again exactly as it was.
"""
from __future__ import annotations

import types
import typing
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime
from typing import Any, NamedTuple, get_args, get_origin, get_type_hints

from app import clock

KINDS = ("recharge", "refund")
UTILITIES = ("electricity", "water")


def local_time_text(at: datetime) -> str:
    """An aware time as the office reads it: "2025-03-01 14:05:33" in Asia/Shanghai."""
    return clock.local(at).strftime("%Y-%m-%d %H:%M:%S")


def receipt_number_text(number: int) -> str:
    """A receipt number as printed: eight digits, zero padded ("00001234")."""
    return f"{number:08d}"


def day_close_number_text(number: int) -> str:
    """A day-close number as printed: six digits, zero padded ("000042")."""
    return f"{number:06d}"


class MethodTotal(NamedTuple):
    """Money by payment method: `count` transactions, `in_fen` taken in and `out_fen` paid out (both ≥ 0)."""

    method_label: str
    count: int
    in_fen: int
    out_fen: int

    @property
    def net_fen(self) -> int:
        return self.in_fen - self.out_fen


class StatementLine(NamedTuple):
    """One line of a settlement: a date or a label ("期初 Opening"), what it was, and a signed amount."""

    when: date | str
    description: str
    amount_fen: int


class _MethodTotals:
    """Sums over a report's `totals` (money by payment method), shared by shift and day-close reports."""

    totals: tuple[MethodTotal, ...]

    @property
    def total_in_fen(self) -> int:
        return sum(t.in_fen for t in self.totals)

    @property
    def total_out_fen(self) -> int:
        return sum(t.out_fen for t in self.totals)

    @property
    def total_count(self) -> int:
        return sum(t.count for t in self.totals)


class _Payload:
    """JSON-safe dict round trip for the dataclasses below (dates and times as ISO 8601 text)."""

    def to_payload(self) -> dict[str, Any]:
        assert is_dataclass(self)
        return {f.name: _encode(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> typing.Self:
        hints = get_type_hints(cls)
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: _decode(hints[k], v) for k, v in payload.items() if k in known})


# What a training store's receipt says under its banner, on paper and on the roll (app.care.training)
TRAINING_LINE = "培训 TRAINING — 非正式收据 not a real receipt"


@dataclass(frozen=True, kw_only=True)
class ReceiptData(_Payload):
    """A recharge receipt (kind "recharge") or a refund slip (kind "refund").

    `amount_fen` > 0 is the money that crossed the counter, whichever way; `balance_after_fen` is the
    account's balance after the operation (may be negative). `copy` marks a reprint; `training` a
    receipt made in a training store (printed with 培训 TRAINING: not a real receipt)."""

    school: str
    number: int
    kind: str
    utility: str
    building_name: str
    room_code: str
    student_name: str
    student_no: str | None = None
    amount_fen: int
    method_label: str
    reference: str | None = None
    operator_name: str
    at: datetime
    balance_after_fen: int
    days_left: int | None = None      # a recharge: whole days the money lasts at the room's recent use
    copy: bool = False
    training: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"A receipt is one of {KINDS}, not {self.kind!r}")
        if self.utility not in UTILITIES:
            raise ValueError(f"A receipt's utility is one of {UTILITIES}, not {self.utility!r}")
        _positive_int(self.number, "The receipt number")
        _positive_int(self.amount_fen, "The receipt amount")
        _fen(self.balance_after_fen, "balance_after_fen")
        _aware(self.at, "at")

    def as_copy(self) -> ReceiptData:
        """The same receipt marked as a reprinted copy."""
        return replace(self, copy=True)

    def wording(self, *, void: bool = False) -> tuple[str, str, str]:
        """(Chinese title, English title, the line's item) as every printed form of the receipt says
        them (the PDF, app.counter.receipts_pdf; the ESC/POS job, app.counter.escpos); `void`: the
        void of a recharge."""
        refund = self.kind == "refund"
        zh, en = ("电费", "Electricity") if self.utility == "electricity" else ("水费", "Water")
        if void:
            return "作废凭证", "Void receipt", f"{zh}充值作废 {en} top-up voided"
        if refund:
            return "退款凭证", "Refund slip", f"{zh}退款 {en} refund"
        return "收款收据", "Receipt", f"{zh}充值 {en} top-up"


@dataclass(frozen=True, kw_only=True)
class ShiftSummary(_Payload):
    """One closed shift as a line of the day close."""

    shift_id: int
    operator_name: str
    opened_at: datetime
    closed_at: datetime
    in_fen: int
    out_fen: int
    expected_cash_fen: int
    counted_cash_fen: int
    difference_fen: int

    def __post_init__(self) -> None:
        _times(self.opened_at, self.closed_at)
        _difference(self.expected_cash_fen, self.counted_cash_fen, self.difference_fen)
        for name in ("in_fen", "out_fen"):
            _fen(getattr(self, name), name)


@dataclass(frozen=True, kw_only=True)
class ShiftReport(_MethodTotals, _Payload):
    """The report printed when a clerk closes a shift.

    expected cash = float + cash in − cash out (computed by the service); `difference_fen` must equal
    counted − expected (positive: over, negative: short). first/last_receipt are None when the shift
    issued no receipt. `business_date` is the day close the shift goes into (None on reports made
    before shifts carried it)."""

    school: str
    shift_id: int
    operator_name: str
    opened_at: datetime
    closed_at: datetime
    float_fen: int
    totals: tuple[MethodTotal, ...]
    expected_cash_fen: int
    counted_cash_fen: int
    difference_fen: int
    first_receipt: int | None = None
    last_receipt: int | None = None
    business_date: date | None = None

    def __post_init__(self) -> None:
        _times(self.opened_at, self.closed_at)
        _fen(self.float_fen, "float_fen")
        _difference(self.expected_cash_fen, self.counted_cash_fen, self.difference_fen)
        object.__setattr__(self, "totals", _method_totals(self.totals))


    def summary(self) -> ShiftSummary:
        """This shift as a line of the day close."""
        return ShiftSummary(shift_id=self.shift_id, operator_name=self.operator_name,
                            opened_at=self.opened_at, closed_at=self.closed_at,
                            in_fen=self.total_in_fen, out_fen=self.total_out_fen,
                            expected_cash_fen=self.expected_cash_fen, counted_cash_fen=self.counted_cash_fen,
                            difference_fen=self.difference_fen)


@dataclass(frozen=True, kw_only=True)
class DayCloseReport(_MethodTotals, _Payload):
    """A numbered day close: the day's shifts and its money by method. Grand totals are computed
    from `totals` (money) and `shifts` (cash differences), so the printed sums always add up."""

    school: str
    number: int
    business_date: date
    closed_at: datetime
    operator_name: str
    shifts: tuple[ShiftSummary, ...]
    totals: tuple[MethodTotal, ...]
    first_receipt: int | None = None
    last_receipt: int | None = None

    def __post_init__(self) -> None:
        _positive_int(self.number, "The day-close number")
        _aware(self.closed_at, "closed_at")
        object.__setattr__(self, "shifts", tuple(self.shifts))
        object.__setattr__(self, "totals", _method_totals(self.totals))

    @property
    def net_fen(self) -> int:
        return self.total_in_fen - self.total_out_fen

    @property
    def total_difference_fen(self) -> int:
        return sum(s.difference_fen for s in self.shifts)


@dataclass(frozen=True, kw_only=True)
class SettlementStatement(_Payload):
    """What a student paid and owes for a room over a period, at move-out or a policy's end.

    `refundable_fen` > 0 is paid back to the student; < 0 is still due from them."""

    school: str
    student_name: str
    student_no: str | None = None
    building_name: str
    room_code: str
    policy_label: str
    period_from: date
    period_to: date
    lines: tuple[StatementLine, ...]
    paid_in_fen: int
    share_fen: int
    refundable_fen: int
    notes: str = ""
    operator_name: str = ""
    issued_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.period_to < self.period_from:
            raise ValueError("A settlement period cannot end before it starts")
        for name in ("paid_in_fen", "share_fen", "refundable_fen"):
            _fen(getattr(self, name), name)
        if self.issued_at is not None:
            _aware(self.issued_at, "issued_at")
        lines = tuple(StatementLine(*line) for line in self.lines)
        for line in lines:
            _fen(line.amount_fen, "A statement line's amount")
        object.__setattr__(self, "lines", lines)


# --- checks -------------------------------------------------------------------------------------

def _fen(value: object, what: str) -> int:
    # bool is an int subclass and a float is never an amount: both are refused, as in app.counter.money.
    if type(value) is not int:
        raise TypeError(f"{what} must be an int (amounts in fen), not {type(value).__name__}")
    return value


def _positive_int(value: object, what: str) -> None:
    if _fen(value, what) <= 0:
        raise ValueError(f"{what} must be more than zero")


def _aware(at: object, what: str) -> None:
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{what} must be an aware datetime")


def _times(opened: datetime, closed: datetime) -> None:
    _aware(opened, "opened_at")
    _aware(closed, "closed_at")
    if closed < opened:
        raise ValueError("A shift cannot close before it opens")


def _difference(expected: int, counted: int, difference: int) -> None:
    for value, name in ((expected, "expected_cash_fen"), (counted, "counted_cash_fen"),
                        (difference, "difference_fen")):
        _fen(value, name)
    if difference != counted - expected:
        raise ValueError(f"The cash difference {difference} is not counted {counted} − expected {expected}")


def _method_totals(totals: typing.Iterable[Any]) -> tuple[MethodTotal, ...]:
    out = tuple(MethodTotal(*t) for t in totals)
    for t in out:
        for value, name in ((t.count, "count"), (t.in_fen, "in_fen"), (t.out_fen, "out_fen")):
            if _fen(value, name) < 0:
                raise ValueError(f"{t.method_label}: {name} cannot be negative")
    return out


# --- payload codec ------------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, _Payload):
        return value.to_payload()
    if isinstance(value, tuple):
        return [_encode(v) for v in value]
    return value


def _decode(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if date in options and isinstance(value, str) and len(value) == 10:
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        return _decode(options[0], value) if len(options) == 1 else value
    if origin is tuple:
        return tuple(_decode(get_args(hint)[0], v) for v in value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and issubclass(hint, _Payload):
        return hint.from_payload(value)
    if isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields"):
        inner = get_type_hints(hint)
        return hint(*(_decode(inner[name], v) for name, v in zip(hint._fields, value, strict=True)))
    return value
