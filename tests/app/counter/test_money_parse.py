"""What a clerk may type as an amount (issue 9 item 6): digits with an optional dot and at most two
decimals; full-width digits and a leading ¥ are normalised; everything else is refused with a
message that says what is accepted (never guessed at: "12,50" once became ¥1,250.00)."""
from __future__ import annotations

import pytest

from app.counter.money import Money
from app.errors import InvalidAmount


@pytest.mark.parametrize("text,fen", [
    ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("0.01", 1), ("12.", 1200), (" 7 ", 700),
    ("¥12.50", 1250), ("￥12.50", 1250), ("¥ 3", 300),
    ("１２．５０", 1250), ("￥１００", 10000), ("１２。５", 1250),
])
def test_typed_amounts_that_are_taken(text, fen):
    assert Money.parse(text) == Money(fen)


@pytest.mark.parametrize("text", [
    "12,50", "1,2,3", "1,000", "1_000", "1e3", "1E3", "٣٤", "۱۲.۵", "१२", "12.5.0", "+12", "0x10",
    "12 50", "¥-", "--1", "12¥",
])
def test_anything_else_is_refused_saying_what_is_accepted(text):
    with pytest.raises(InvalidAmount) as caught:
        Money.parse(text)
    message = caught.value.message
    assert "digits" in message and "two decimals" in message, message


def test_the_comma_typo_no_longer_becomes_a_thousand():
    with pytest.raises(InvalidAmount):
        Money.parse("12,50")


def test_more_than_two_decimals_and_empty_still_say_so():
    with pytest.raises(InvalidAmount, match="more than two decimals"):
        Money.parse("12.345")
    with pytest.raises(InvalidAmount, match="Enter an amount"):
        Money.parse("  ")


def test_statement_files_may_group_thousands_properly_and_nothing_else():
    assert Money.parse("1,234.50", thousands=True) == Money(123450)
    assert Money.parse("¥12,345,678", thousands=True) == Money(1234567800)
    for bad in ("12,50", "1,2,3", "1,2345", ",123"):
        with pytest.raises(InvalidAmount):
            Money.parse(bad, thousands=True)


def test_a_room_field_refuses_the_typo_before_any_money_moves():
    # The counter dialogs take amounts through ui.dialogs.parse_amount, which is Money.parse.
    from ui.dialogs import parse_amount

    with pytest.raises(InvalidAmount):
        parse_amount("12,50", "A recharge")
    assert parse_amount("１２.５", "A recharge") == Money(1250)
