"""The simulated line while its meters change speed: each meter answers frames at its own baud code only
(the new code takes effect after the reply), the line frames each request at the client's current rate,
and a rate no meter is set to is noise."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.ddsy import DdsyDriver
from drivers.ddsy_records import LineSettings
from drivers.errors import MeterTimeout
from drivers.lxsy import LxsyDriver
from drivers.port import SharedPort
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine


@pytest.fixture
def line() -> Iterator[VirtualLine]:
    with VirtualLine(Fleet(meters=2, water=1, physics=False, start_clock=800_000_000), baud=9600, speed=0) as vl:
        yield vl


def answers(line: VirtualLine, baud: int) -> set[int]:
    port = SharedPort(line.client_path, baud=baud)
    port.open()
    out = set()
    try:
        for address, driver in ((1, DdsyDriver), (2, DdsyDriver), (101, LxsyDriver)):
            try:
                driver(port, address, retries=0).identify()
            except MeterTimeout:
                continue
            out.add(address)
    finally:
        port.close()
    return out


def test_a_meter_whose_baud_code_changed_answers_at_its_new_rate_only(line: VirtualLine) -> None:
    port = SharedPort(line.client_path, baud=9600)
    port.open()
    try:
        meter = DdsyDriver(port, 1, password=1946)
        meter.unlock()
        meter.write_line_settings(LineSettings(1, 3, 0))          # replied at 9600, then 19200
        LxsyDriver(port, 101).write_baud_code(1)                 # the water meter to 4800
    finally:
        port.close()
    assert answers(line, 9600) == {2}
    assert answers(line, 19200) == {1}
    assert answers(line, 4800) == {101}
    mismatched = line.stats["mismatched"]
    assert answers(line, 2400) == set()                           # no meter at 2400: noise
    assert line.stats["mismatched"] == mismatched + 3             # one identity read per meter
    port = SharedPort(line.client_path, baud=19200)
    port.open()
    try:
        assert DdsyDriver(port, 1).read_line_settings() == LineSettings(1, 3, 0)
    finally:
        port.close()
