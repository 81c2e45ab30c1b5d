from __future__ import annotations

import pytest
from sqlalchemy import select

from app import operators
from app.campus import campus_setup
from app.errors import InvalidInput
from db.models import Bus, Setting


def test_first_start_creates_admin_school_and_bus_or_nothing(store):
    with pytest.raises(InvalidInput, match="school"):
        campus_setup.first_start(store, school=" ", login="root", display_name="", password="secret12",
                                 port="/dev/ttyUSB0")
    with pytest.raises(InvalidInput, match="at least 8"):
        campus_setup.first_start(store, school="东华理工大学", login="root", display_name="", password="123",
                                 port="/dev/ttyUSB0")
    assert not operators.has_operators(store)          # refused attempts left nothing behind
    campus_setup.first_start(store, school="东华理工大学", login="root", display_name="管理员",
                             password="secret12", port="socket://192.168.1.50:4196", baud=19200)
    assert operators.authenticate(store, "root", "secret12").role == "admin"
    with store.read() as s:
        assert s.get(Setting, "school_name").value == "东华理工大学"
        bus = s.scalar(select(Bus))
        assert (bus.port, bus.baud, bus.parity) == ("socket://192.168.1.50:4196", 19200, "N")
