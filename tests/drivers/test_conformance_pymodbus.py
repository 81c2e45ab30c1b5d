"""An independent Modbus implementation (pymodbus) against the simulated fleet, over the wire.

pymodbus builds and parses every frame here, so these tests catch framing or protocol mistakes
that our own driver and simulator could share. Registers are found through the profiles by name.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pymodbus import FramerType
from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.pdu import ExceptionResponse

from drivers.profiles import DDSY1946A13, LXSY20
from drivers.profiles.ddsy1946a13 import FACTORY_PASSWORD
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from drivers.sim.server import TcpGateway

DDSY = DDSY1946A13
MEAS = DDSY.block("measurement")
IDENTITY = DDSY.block("identity")
UNLOCK = DDSY.reg("unlock").address
ELECTRIC, WATER = 1, 101


@pytest.fixture(scope="module")
def fleet() -> Fleet:
    fleet = Fleet(meters=2, water=1, seed=11)
    fleet.advance(5)   # a few seconds of load, so the measurements are not all zero
    return fleet


@pytest.fixture(scope="module")
def line(fleet: Fleet, tmp_path_factory) -> Iterator[VirtualLine]:
    link = tmp_path_factory.mktemp("line") / "ttyDORM"
    with VirtualLine(fleet, baud=9600, speed=0, link=str(link)) as vl:
        yield vl


@pytest.fixture
def client(line: VirtualLine) -> Iterator[ModbusSerialClient]:
    c = ModbusSerialClient(line.client_path, baudrate=9600, timeout=1, retries=0)
    assert c.connect()
    yield c
    c.close()


def read(client, block, device_id: int = ELECTRIC, profile=DDSY, fc: int = 3) -> dict[str, int]:
    call = client.read_holding_registers if fc == 3 else client.read_input_registers
    rr = call(block.start, count=block.count, device_id=device_id)
    assert not rr.isError(), rr
    return profile.decode(block.start, rr.registers)


def exception_code(rr) -> int:
    assert isinstance(rr, ExceptionResponse), rr
    return rr.exception_code


def test_identity_and_measurement_block(client, line, fleet) -> None:
    ident = read(client, IDENTITY)
    meter = fleet.meters[ELECTRIC]
    assert ident["model_code"] == DDSY.model_code
    assert ident["profile_version"] == 1
    assert ident["branch_mask"] == 0b111
    assert ident["serial_number"] == meter.serial_number

    m = read(client, MEAS)
    with line.fleet_lock:
        assert m["meter_clock"] == fleet.clock
        assert m["balance"] == meter.balance_fen
        assert m["purchase_count"] == meter.purchase_count
        assert m["incoming_energy"] == meter.incoming_energy_cwh
    assert 1800 <= m["voltage"] <= 2600   # 180-260 V in 0.1 V
    assert 4900 <= m["frequency"] <= 5100
    # 0x04 returns the same image for the measurement block (the clock is frozen: speed 0).
    assert read(client, MEAS, fc=4) == m


def test_water_meter_identity_and_measurement(client) -> None:
    ident = read(client, LXSY20.block("identity"), WATER, LXSY20)
    assert ident["model_code"] == LXSY20.model_code
    m = read(client, LXSY20.block("measurement"), WATER, LXSY20)
    assert m["valve_state"] in (0, 1, 2, 3)
    assert m["volume"] >= 0


def test_unlock_and_purchase_with_0x10_then_idempotent_refusal(client, line, fleet) -> None:
    before = read(client, MEAS)
    rr = client.write_register(UNLOCK, FACTORY_PASSWORD, device_id=ELECTRIC)
    assert not rr.isError(), rr
    seq = before["purchase_count"] + 1
    start, words = DDSY.encode({"purchase_sequence": seq, "purchase_kind": 1,
                                "purchase_amount": 5000, "purchase_tag": 4242})
    assert (start, len(words)) == (DDSY.block("purchase").start, DDSY.block("purchase").count)
    rr = client.write_registers(start, words, device_id=ELECTRIC)
    assert not rr.isError(), rr
    after = read(client, MEAS)
    assert after["purchase_count"] == seq
    assert after["balance"] == before["balance"] + 5000
    with line.fleet_lock:
        assert fleet.meters[ELECTRIC].balance_fen == after["balance"]

    # The same record again (a host that lost the reply and retried blindly): refused, nothing
    # changes.
    assert exception_code(client.write_registers(start, words, device_id=ELECTRIC)) == 3
    assert read(client, MEAS)["balance"] == after["balance"]
    records = DDSY.block("purchase_records")
    newest = read(client, records)
    assert (newest["record0_sequence"], newest["record0_amount"], newest["record0_tag"]) == \
        (seq, 5000, 4242)


def test_exception_codes_01_02_03_04(client) -> None:
    assert exception_code(client.read_coils(0, count=1, device_id=ELECTRIC)) == 1
    undefined = next(a for a in range(IDENTITY.start, 0x10000) if not DDSY.is_defined(a))
    assert exception_code(client.read_holding_registers(undefined, count=1,
                                                        device_id=ELECTRIC)) == 2
    # 0x04 is only answered inside the measurement block.
    assert exception_code(client.read_input_registers(IDENTITY.start, count=1,
                                                      device_id=ELECTRIC)) == 2
    assert exception_code(client.write_register(UNLOCK, FACTORY_PASSWORD + 1,
                                                device_id=ELECTRIC)) == 3
    assert not client.write_register(UNLOCK, 0, device_id=ELECTRIC).isError()  # lock
    mode = DDSY.reg("prepaid_mode").address
    assert exception_code(client.write_register(mode, 1, device_id=ELECTRIC)) == 4
    # A read-only register is refused with 02 before protection is considered.
    assert exception_code(client.write_register(MEAS.start, 1, device_id=ELECTRIC)) == 2


def test_rtu_over_tcp_gateway_with_pymodbus_rtu_framer(fleet) -> None:
    with TcpGateway(fleet, "127.0.0.1", 0, 9600, True, speed=0) as gw:
        c = ModbusTcpClient("127.0.0.1", port=gw.port, framer=FramerType.RTU, timeout=1, retries=0)
        assert c.connect()
        try:
            assert read(c, IDENTITY, device_id=2)["model_code"] == DDSY.model_code
            m = read(c, MEAS, device_id=2)
            with gw.fleet_lock:
                assert m["balance"] == fleet.meters[2].balance_fen
            assert exception_code(c.read_coils(0, count=1, device_id=2)) == 1
        finally:
            c.close()
