"""Exact money: integer fen (0.01 CNY). Floats are refused everywhere.

`Decimal` appears only at the edges (what a clerk typed, an Excel cell, display), and always made
from text, never from a float.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import total_ordering

from app.errors import InvalidAmount

# What an amount may look like once full-width forms are read as ASCII: an optional minus, ASCII
# digits, an optional dot with decimals (more than two only when they are zeros, checked after).
_TYPED = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)", re.ASCII)
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?", re.ASCII)
# Full-width digits, dot, minus and yen sign, and the ideographic full stop a Chinese input method
# types for ".", read as their ASCII forms.
_FULL_WIDTH = {**{0xFF10 + d: ord("0") + d for d in range(10)}, 0xFF0E: ord("."), 0x3002: ord("."),
               0xFF0D: ord("-"), 0xFFE5: ord("¥")}


def _require_int(value: object, what: str) -> int:
    # bool is an int subclass, but True fen is a bug, not an amount.
    if type(value) is not int:
        raise TypeError(f"{what} must be an int number of fen, not {type(value).__name__}")
    return value


@total_ordering
class Money:
    """An amount in fen. Immutable, hashable, ordered; arithmetic only with Money (and × int)."""

    __slots__ = ("_fen",)

    def __init__(self, fen: int) -> None:
        object.__setattr__(self, "_fen", _require_int(fen, "Money"))

    def __setattr__(self, name, value):  # immutable
        raise AttributeError("Money is immutable")

    @property
    def fen(self) -> int:
        return self._fen

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def parse(cls, text: str, *, thousands: bool = False) -> Money:
        """Parse what a person typed, in yuan: ASCII digits with an optional dot and at most two
        decimals ("12", "12.5", "12.50"), optionally signed "-" and led by "¥"/"￥". Full-width digits
        and dots (what a Chinese input method types) are read as their ASCII forms.

        Nothing is guessed at: "12,50", "1,2,3", "1_000", "1e3" and digits of other scripts raise
        InvalidAmount with a message that says what is accepted. `thousands=True` (provider
        statements, never a typed field) also takes correctly grouped thousands, "1,234.50". Floats
        are refused with TypeError: convert a spreadsheet cell with `Money.from_cell` instead."""
        if isinstance(text, float):
            raise TypeError("Money.parse takes text, not a float")
        if not isinstance(text, str):
            raise TypeError(f"Money.parse takes text, not {type(text).__name__}")
        shown = text.strip()
        cleaned = shown.translate(_FULL_WIDTH).strip()
        if cleaned[:1] in "¥":
            cleaned = cleaned[1:].strip()
        if cleaned.upper().endswith("CNY"):
            cleaned = cleaned[:-3].strip()
        if not cleaned:
            raise InvalidAmount("Enter an amount.")
        if thousands and _GROUPED.fullmatch(cleaned):
            cleaned = cleaned.replace(",", "")
        if not _TYPED.fullmatch(cleaned):
            if thousands:   # a cell of a file: the row error names the cell, there is nobody to instruct
                raise InvalidAmount(f"“{shown}” is not an amount of money.")
            raise InvalidAmount(f"“{shown}” is not an amount of money: type digits with an optional decimal "
                                f"point and at most two decimals, such as 12.50.")
        value = Decimal(cleaned)
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        # Typed: at most two decimals, "12.340" included (a slip of the finger is not guessed at); a
        # file's cell may carry trailing zeros of a wider number format.
        if exponent < -2 and (not thousands or value != value.quantize(Decimal("0.01"))):
            raise InvalidAmount(f"“{shown}” has more than two decimals; the smallest unit is 0.01 CNY.")
        fen = value * 100
        if abs(fen) > 10**15:
            raise InvalidAmount(f"“{shown}” is too large.")
        return cls(int(fen))

    @classmethod
    def from_cell(cls, value: object) -> Money:
        """An openpyxl cell value (int, float, str or Decimal) to Money, converted once, exactly.

        A float is taken through its shortest repr ("12.3" for 12.3) and must then have at most
        two decimals: 12.345 is refused, never rounded."""
        if value is None or isinstance(value, bool):
            raise InvalidAmount("The amount cell is empty.")
        if isinstance(value, int):
            return cls.parse(str(value))
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise InvalidAmount(f"“{value}” is not an amount of money.")
            return cls.parse(format(Decimal(repr(value)), "f"), thousands=True)
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise InvalidAmount(f"“{value}” is not an amount of money.")
            return cls.parse(format(value, "f"), thousands=True)
        return cls.parse(str(value), thousands=True)

    def positive(self, what: str = "The amount") -> Money:
        """Self when > 0, else InvalidAmount saying so."""
        if self._fen <= 0:
            raise InvalidAmount(f"{what} must be more than zero.")
        return self

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self._fen + other._fen)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        return Money(self._fen - other._fen)

    def __neg__(self) -> Money:
        return Money(-self._fen)

    def __abs__(self) -> Money:
        return Money(abs(self._fen))

    def __mul__(self, k: int) -> Money:
        return Money(self._fen * _require_int(k, "a Money multiplier"))

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Money) and other._fen == self._fen

    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._fen < other._fen

    def __hash__(self) -> int:
        return hash(("Money", self._fen))

    def __bool__(self) -> bool:
        return self._fen != 0

    def to_decimal(self) -> Decimal:
        return Decimal(self._fen).scaleb(-2)

    def __str__(self) -> str:
        sign = "-" if self._fen < 0 else ""
        yuan, fen = divmod(abs(self._fen), 100)
        return f"{sign}{yuan}.{fen:02d}"

    def display(self) -> str:
        """With the currency sign and thousands separators: ¥1,234.50."""
        sign = "-" if self._fen < 0 else ""
        yuan, fen = divmod(abs(self._fen), 100)
        return f"{sign}¥{yuan:,}.{fen:02d}"

    def __repr__(self) -> str:
        return f"Money({self._fen})"
