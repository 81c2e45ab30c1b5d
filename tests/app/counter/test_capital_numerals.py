"""Capital numerals (人民币大写): the written rules, table-driven, and read back by an independent parser."""
from __future__ import annotations

import random
import re

import pytest

from app.counter.capital_numerals import capital_amount
from app.counter.money import Money

CASES = [
    # under one yuan
    ("0.00", "零元整"), ("0.01", "壹分"), ("0.05", "伍分"), ("0.10", "壹角整"), ("0.50", "伍角整"),
    ("0.35", "叁角伍分"),
    # units and tens; 壹拾 always in full
    ("1.00", "壹元整"), ("1.01", "壹元零壹分"), ("1.10", "壹元壹角整"), ("1.11", "壹元壹角壹分"),
    ("10.00", "壹拾元整"), ("10.30", "壹拾元叁角整"), ("10.05", "壹拾元零伍分"), ("11.00", "壹拾壹元整"),
    ("19.99", "壹拾玖元玖角玖分"), ("20.00", "贰拾元整"),
    # hundreds and thousands, zeros in each place
    ("100.00", "壹佰元整"), ("101.00", "壹佰零壹元整"), ("110.00", "壹佰壹拾元整"), ("100.10", "壹佰元壹角整"),
    ("1000.00", "壹仟元整"), ("1001.00", "壹仟零壹元整"), ("1010.00", "壹仟零壹拾元整"),
    ("1100.00", "壹仟壹佰元整"), ("1001.01", "壹仟零壹元零壹分"), ("1000.05", "壹仟元零伍分"),
    ("1234.50", "壹仟贰佰叁拾肆元伍角整"), ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    # the People's Bank of China's own examples
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"), ("325.04", "叁佰贰拾伍元零肆分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    # 万
    ("10000.00", "壹万元整"), ("10001.00", "壹万零壹元整"), ("10010.00", "壹万零壹拾元整"),
    ("10100.00", "壹万零壹佰元整"), ("11000.00", "壹万壹仟元整"), ("100000.00", "壹拾万元整"),
    ("100500.00", "壹拾万零伍佰元整"), ("105000.00", "壹拾万伍仟元整"), ("1000000.00", "壹佰万元整"),
    ("1001000.00", "壹佰万壹仟元整"), ("10010000.00", "壹仟零壹万元整"), ("10000001.00", "壹仟万零壹元整"),
    # 亿
    ("100000000.00", "壹亿元整"), ("100000001.00", "壹亿零壹元整"), ("100001000.00", "壹亿零壹仟元整"),
    ("110000000.00", "壹亿壹仟万元整"), ("100010000.00", "壹亿零壹万元整"), ("1000000000.00", "壹拾亿元整"),
    ("1000000001.01", "壹拾亿零壹元零壹分"), ("2000050000.00", "贰拾亿零伍万元整"),
    ("5000000000.50", "伍拾亿元伍角整"), ("9000000009.09", "玖拾亿零玖元零玖分"),
    ("1010101010.10", "壹拾亿壹仟零壹拾万壹仟零壹拾元壹角整"),
    ("9090909090.90", "玖拾亿玖仟零玖拾万玖仟零玖拾元玖角整"),
    ("9999999999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    # beyond the brief's range, still written correctly
    ("1000000000000.00", "壹万亿元整"), ("1000100000000.00", "壹万零壹亿元整"),
    # negative
    ("-1234.50", "负壹仟贰佰叁拾肆元伍角整"), ("-0.05", "负伍分"),
]


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_written_as_on_a_bill(amount, expected):
    assert capital_amount(Money.parse(amount)) == expected


# --- an independent reader: capital numerals back to fen -----------------------------------------

_DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}
_SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def read_capital(text: str) -> int:
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负")
    if text == "零元整":
        return 0
    yuan_part, _, small_part = text.rpartition("元") if "元" in text else ("", "", text)
    m = re.fullmatch(r"(?:([壹贰叁肆伍陆柒捌玖])角)?零?(?:([壹贰叁肆伍陆柒捌玖])分)?整?", small_part)
    assert m, small_part
    fen = (_DIGIT[m.group(1)] * 10 if m.group(1) else 0) + (_DIGIT[m.group(2)] if m.group(2) else 0)
    total = section = num = 0
    for ch in yuan_part:
        if ch == "零":
            continue
        if ch in _DIGIT:
            num = _DIGIT[ch]
        elif ch in _SMALL:
            assert num, f"{ch} without a digit before it in {text}"
            section += num * _SMALL[ch]
            num = 0
        elif ch == "万":
            section = (section + num) * 10_000
            num = 0
        elif ch == "亿":
            total = (total + section + num) * 100_000_000
            section = num = 0
        else:
            raise AssertionError(f"unexpected {ch!r} in {text}")
    return sign * ((total + section + num) * 100 + fen)


def assert_well_formed(fen: int, text: str) -> None:
    body = text.removeprefix("负")
    assert set(body) <= set("零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整"), text
    assert "零零" not in body, text
    if body != "零元整":
        assert not re.search("零[拾佰仟万亿元角分整]", body), text
        assert not body.startswith("零"), text
    assert body.endswith("整") == (abs(fen) % 10 == 0), text
    assert ("元" in body) == (abs(fen) >= 100 or fen == 0), text
    assert read_capital(text) == fen, text


def test_zero_in_every_position_reads_back():
    full = 999_999_999_999                        # 9,999,999,999.99 in fen
    digits = str(full)
    for i in range(len(digits)):
        for j in range(i, len(digits)):
            # a run of zeros from position i to j, everything else nine
            fen = int(digits[:i] + "0" * (j - i + 1) + digits[j + 1:])
            assert_well_formed(fen, capital_amount(Money(fen)))


def test_single_digit_in_every_position_reads_back():
    for position in range(12):
        for digit in range(1, 10):
            fen = digit * 10**position
            assert_well_formed(fen, capital_amount(Money(fen)))


def test_random_sparse_amounts_read_back():
    rng = random.Random(20240901)
    for _ in range(5000):
        length = rng.randint(1, 12)
        fen = int("".join(rng.choice("0000123456789") for _ in range(length)))
        if rng.random() < 0.1:
            fen = -fen
        assert_well_formed(fen, capital_amount(Money(fen)))


def test_refuses_what_is_not_money():
    with pytest.raises(TypeError):
        capital_amount(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        capital_amount(1250)  # type: ignore[arg-type]


def test_refuses_amounts_beyond_wan_yi():
    assert capital_amount(Money(10**16 * 100 - 1)).startswith("玖仟玖佰玖拾玖万玖仟")
    with pytest.raises(ValueError):
        capital_amount(Money(10**16 * 100))
