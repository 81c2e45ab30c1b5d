"""Amounts in Chinese capital numerals (人民币大写), as written on receipts, refund slips and cheques.

The rules are those of the People's Bank of China for filling in bills and settlement documents:

- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 within a group of four, 万 and 亿 between groups, then 元角分;
- "壹拾" is always written in full (10 → 壹拾元整, never 拾元整);
- a run of zeros inside the amount is written as one 零; zeros at the end of a group of four are carried
  by the group's unit (万, 亿, 元) and not written, so 105,000 → 壹拾万伍仟元整 and 10.30 → 壹拾元叁角整,
  while 100,500 → 壹拾万零伍佰元整 and 1,000.05 → 壹仟元零伍分;
- a whole group of zeros between written digits is one 零: 100,001,000 → 壹亿零壹仟元整;
- 整 follows when there are no 分 (壹佰元整, 伍角整); 0 → 零元整; under one yuan there is no 元 (伍分);
- a negative amount is prefixed with 负.
"""
from __future__ import annotations

from app.counter.money import Money

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_GROUP = ("", "拾", "佰", "仟")       # units within a group of four digits, lowest first
# 10**16 yuan would need 亿亿, which no bill uses; Money.parse refuses more than 10**13 yuan anyway.
LIMIT_FEN = 10**16 * 100


def capital_amount(amount: Money) -> str:
    """`amount` in capital numerals, e.g. Money(123450) → "壹仟贰佰叁拾肆元伍角整".

    The result is deterministic and contains only the characters of DIGITS, 拾佰仟万亿元角分整 and
    a leading 负 for negative amounts. Raises ValueError for 10**16 yuan or more, and TypeError for
    anything that is not Money (a float or int of fen must be wrapped by the caller on purpose)."""
    if not isinstance(amount, Money):
        raise TypeError(f"capital_amount takes Money, not {type(amount).__name__}")
    fen = amount.fen
    if abs(fen) >= LIMIT_FEN:
        raise ValueError(f"{amount.display()} is too large to write in capital numerals")
    sign = "负" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), 100)
    jiao, fen_digit = divmod(rest, 10)

    out: list[str] = []
    _write_yuan(yuan, out)
    if yuan:
        out.append("元")
    if jiao:
        out.append(DIGITS[jiao] + "角")
    if fen_digit:
        if not jiao and out:
            # 元 carries the zeros before it, but a zero 角 between 元 and 分 is written.
            out.append("零")
        out.append(DIGITS[fen_digit] + "分")
    if not out:
        return sign + "零元整"
    if not fen_digit:
        out.append("整")
    return sign + "".join(out)


def _write_yuan(yuan: int, out: list[str]) -> None:
    """Append `yuan` (> 0 or nothing is written) without 元: 亿 above 万 above groups of four digits.

    Zeros at the end of a part are carried by its unit (万, 亿, and 元 after this returns); when the
    part below 万 or 亿 starts with zeros, one 零 stands for them."""
    if yuan >= 10**8:
        _write_split(yuan, 10**8, "亿", out)
    elif yuan >= 10**4:
        _write_split(yuan, 10**4, "万", out)
    elif yuan:
        _write_group(yuan, out)


def _write_split(yuan: int, size: int, unit: str, out: list[str]) -> None:
    high, low = divmod(yuan, size)
    _write_yuan(high, out)
    out.append(unit)
    if low and low < size // 10:
        out.append("零")
    _write_yuan(low, out)


def _write_group(group: int, out: list[str]) -> None:
    """1 ≤ group ≤ 9999: digits with 仟佰拾; zeros inside become one 零, trailing zeros are dropped."""
    digits = [group // 1000, group // 100 % 10, group // 10 % 10, group % 10]   # 仟 佰 拾 个
    first = next(i for i, d in enumerate(digits) if d)
    last = max(i for i, d in enumerate(digits) if d)
    zero_pending = False
    for i in range(first, last + 1):
        if digits[i] == 0:
            zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(DIGITS[digits[i]] + _IN_GROUP[3 - i])
