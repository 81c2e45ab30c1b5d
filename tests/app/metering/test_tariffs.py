from __future__ import annotations

from datetime import date

import pytest

from app.errors import InvalidInput, NotFound, PermissionDenied
from app.metering import tariffs
from tests.factories import make_campus


def test_only_admin_changes_prices_and_history_is_kept(store):
    campus = make_campus(store, rooms_per_gender=1, students_per_gender=1)
    with pytest.raises(PermissionDenied):
        tariffs.set_price(store, campus.clerk, "electricity", 5883, date(2026, 9, 1))
    tariffs.set_price(store, campus.admin, "electricity", 5883, date(2026, 9, 1))
    tariffs.set_price(store, campus.admin, "electricity", 6000, date(2027, 1, 1))
    assert tariffs.price_on(store, "electricity", date(2026, 12, 31)).unit_price == 5883
    assert tariffs.price_on(store, "electricity", date(2027, 1, 1)).text() == "0.6 CNY/kWh"
    with pytest.raises(NotFound):
        tariffs.price_on(store, "electricity", date(2026, 8, 31))
    with pytest.raises(InvalidInput, match="already starts"):
        tariffs.set_price(store, campus.admin, "electricity", 1, date(2026, 10, 1))


@pytest.mark.parametrize("text,value", [("0.5883", 5883), ("1", 10000), ("0", 0)])
def test_parse_price(text, value):
    assert tariffs.parse_price(text) == value


@pytest.mark.parametrize("text", ["0.58831", "abc", "-1", "10000"])
def test_parse_price_refuses(text):
    with pytest.raises(InvalidInput):
        tariffs.parse_price(text)
