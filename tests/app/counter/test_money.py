from __future__ import annotations

from decimal import Decimal

import pytest

from app.counter.money import Money
from app.errors import InvalidAmount


@pytest.mark.parametrize("text,fen", [
    ("12", 1200), ("12.3", 1230), ("12.30", 1230), ("0.01", 1), (" 5 ", 500),
    ("-3.5", -350),
])
def test_parse_exact(text, fen):
    assert Money.parse(text).fen == fen


@pytest.mark.parametrize("text,words", [
    ("12.345", "more than two decimals"), ("12.340", "more than two decimals"), ("abc", "not an amount"), ("", "Enter an amount"),
    ("NaN", "not an amount"), ("Infinity", "not an amount"), ("1e20", "not an amount"),
])
def test_parse_refuses_with_a_clear_message(text, words):
    with pytest.raises(InvalidAmount, match=words):
        Money.parse(text)


def test_floats_are_refused_everywhere():
    with pytest.raises(TypeError):
        Money(1.5)
    with pytest.raises(TypeError):
        Money.parse(1.5)
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(100) * 1.5
    with pytest.raises(TypeError):
        Money(100) + 1


def test_excel_cells_convert_once_and_exactly():
    assert Money.from_cell(0.1).fen == 10
    assert Money.from_cell(12.3).fen == 1230
    assert Money.from_cell(50).fen == 5000
    assert Money.from_cell(Decimal("7.25")).fen == 725
    assert Money.from_cell("8.8").fen == 880
    with pytest.raises(InvalidAmount, match="more than two decimals"):
        Money.from_cell(12.345)
    with pytest.raises(InvalidAmount, match="empty"):
        Money.from_cell(None)


def test_arithmetic_and_display():
    a, b = Money(1050), Money(-25)
    assert a + b == Money(1025)
    assert a - b == Money(1075)
    assert -a == Money(-1050)
    assert 3 * a == Money(3150)
    assert str(Money(-5)) == "-0.05"
    assert Money(123456789).display() == "¥1,234,567.89"
    assert Money(7).to_decimal() == Decimal("0.07")
    assert sorted([Money(3), Money(-1), Money(2)]) == [Money(-1), Money(2), Money(3)]
    assert len({Money(1), Money(1), Money(2)}) == 2
    with pytest.raises(AttributeError):
        a._fen = 3


def test_positive():
    assert Money(1).positive() == Money(1)
    with pytest.raises(InvalidAmount, match="more than zero"):
        Money(0).positive("A recharge")
    with pytest.raises(InvalidAmount, match="A refund must be more than zero"):
        Money(-5).positive("A refund")
