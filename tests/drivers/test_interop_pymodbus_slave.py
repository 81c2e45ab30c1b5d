"""The drivers against an INDEPENDENT slave: pymodbus 3.16's server with the RTU framer on TCP.

The slave below is written from the spec (meter-ddsy1946a-13.md §2–§7), not from our profile
tables, so it spells the spec's register addresses itself: agreeing with it shows that the
profile, the driver's encoding and its purchase logic interoperate with another implementation.
The client side is our real stack: ``SharedPort`` on ``socket://`` (pyserial's URL handler),
minimalmodbus instruments, ``DdsyDriver``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from pymodbus.constants import ExcCodes
from pymodbus.framer import FramerType
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from drivers import rtu
from drivers.ddsy import DdsyDriver
from drivers.ddsy_records import BranchState, ForceMode, PurchaseKind, PurchaseOrder
from drivers.errors import BadReply, CrcError, MeterException, PurchaseRefused
from drivers.port import SharedPort

SLAVE_ID = 7
PASSWORD = 1946
PROTECTED = ((0x0010, 0x0012), (0x00F2, 0x00F2), (0x0200, 0x07FF), (0x0A00, 0x0A00))


def _words32(value: int) -> list[int]:
    value &= 0xFFFF_FFFF
    return [value >> 16, value & 0xFFFF]


def _s32(hi: int, lo: int) -> int:
    v = (hi << 16) | lo
    return v - (1 << 32) if v & 0x8000_0000 else v


class SpecDdsy:
    """A small DDSY1946A-13 written from the spec: identity, unlock, measurement, purchases."""

    def __init__(self) -> None:
        self.unlocked = False
        self.purchase_count = 0
        self.balance_fen = -1234  # in overdraft: exercises S32 decoding
        self.free_energy_cwh = 0
        self.kind1_total_fen = 0
        self.records: list[tuple[int, int, int, int, int]] = []  # newest first
        self.drop_replies = 0
        self.drop_write_replies = 0
        self.corrupt_replies = 0
        self.wrong_address_replies = 0
        self.busy_next = 0
        self.requests = 0

    def simdata(self) -> list[SimData]:
        regs = DataType.REGISTERS
        return [
            SimData(0x0000, values=[0x1946, 1, 0x0112, 0x0001, 0xE240, 0x0007], datatype=regs,
                    readonly=True),
            SimData(0x0006, count=10, values=0, datatype=regs, readonly=True),
            SimData(0x0010, values=[SLAVE_ID, 2, 0], datatype=regs),
            SimData(0x00F0, values=[0, 0, 0], datatype=regs),
            SimData(0x0100, count=48, values=0, datatype=regs, readonly=True),
            SimData(0x0200, count=10, values=0, datatype=regs),
            SimData(0x0220, count=6, values=0, datatype=regs),
            SimData(0x0226, count=10 + 160, values=0, datatype=regs, readonly=True),
            SimData(0x0300, count=5, values=0, datatype=regs),
        ]

    def _refresh(self, regs: list[int]) -> None:
        m = [0] * 48
        m[0:6] = [2301, 4998, 1234, 2750, (-120) & 0xFFFF, 998]
        m[6:8] = _words32(123_456_789)
        for b in range(3):
            base = 8 + 8 * b
            state = int(BranchState.RELAY_CLOSED) if b < 2 else int(BranchState.PREPAID_OPEN)
            m[base:base + 8] = [100 * (b + 1), 500 * (b + 1), (-10 * (b + 1)) & 0xFFFF,
                                (-900 + b) & 0xFFFF, *_words32(1_000_000 + b), state, b]
        m[0x20:0x22] = _words32(self.balance_fen)
        m[0x22:0x24] = _words32(self.free_energy_cwh)
        m[0x24] = self.purchase_count
        m[0x25] = 1 << 2 if self.balance_fen < 0 else 0
        m[0x28:0x2A] = _words32(800_000_000)
        m[0x2A:0x2C] = _words32(self.kind1_total_fen)
        regs[0x0100:0x0130] = m
        recs = [0] * 160
        for i, (seq, kind, amount, after, tag) in enumerate(self.records):
            recs[8 * i:8 * i + 8] = [seq, kind, *_words32(amount), *_words32(after), *_words32(tag)]
        regs[0x0230:0x02D0] = recs
        regs[0x00F1] = 60 if self.unlocked else 0

    async def action(self, fc: int, start: int, address: int, count: int, regs: list[int],
                     values: list[int] | None) -> ExcCodes | None:
        self.requests += 1
        assert start == 0
        if self.busy_next:
            self.busy_next -= 1
            return ExcCodes.DEVICE_BUSY
        if values is None:
            self._refresh(regs)
            if fc in (3, 4):  # write-only registers read 0 (a write's echo is built by a read too)
                regs[0x00F0] = regs[0x00F2] = 0
            return None
        end = address + count - 1
        if address == 0x00F0 and count == 1:
            if values[0] == PASSWORD:
                self.unlocked = True
            elif values[0] == 0:
                self.unlocked = False
            else:
                return ExcCodes.ILLEGAL_VALUE
            return None
        touches = range(address, end + 1)
        if any(lo <= a <= hi for a in touches for lo, hi in PROTECTED) and not self.unlocked:
            return ExcCodes.DEVICE_FAILURE
        if any(0x0220 <= a <= 0x0225 for a in touches):
            return self._purchase(fc, address, count, values, regs)
        if all(0x0300 <= a <= 0x0302 for a in touches) and any(v > 2 for v in values):
            return ExcCodes.ILLEGAL_VALUE
        return None

    def _purchase(self, fc: int, address: int, count: int, values: list[int],
                  regs: list[int]) -> ExcCodes | None:
        if fc != 0x10 or address != 0x0220 or count != 6:
            return ExcCodes.ILLEGAL_VALUE
        seq, kind = values[0], values[1]
        amount, tag = _s32(values[2], values[3]), (values[4] << 16) | values[5]
        expected = 1 if self.purchase_count == 0xFFFF else self.purchase_count + 1
        if seq != expected or kind not in (1, 2, 3, 4):
            return ExcCodes.ILLEGAL_VALUE
        if kind == 1:
            if amount < 0 and self.balance_fen + amount < 0:
                return ExcCodes.ILLEGAL_VALUE
            self.balance_fen += amount
            self.kind1_total_fen += amount
        elif kind == 2:
            self.free_energy_cwh += amount
        elif kind == 3:
            self.balance_fen = amount
        else:
            self.free_energy_cwh = 0
        self.purchase_count = seq
        self.records.insert(0, (seq, kind, amount, self.balance_fen, tag))
        del self.records[20:]
        values[:] = [0] * 6  # the purchase registers are write-only and read 0
        self._refresh(regs)
        return None

    def trace_packet(self, sending: bool, data: bytes) -> bytes:
        if not sending:
            return data
        if self.drop_replies:
            self.drop_replies -= 1
            return b""
        if self.drop_write_replies and len(data) > 1 and data[1] == 0x10:
            self.drop_write_replies -= 1
            return b""
        if self.corrupt_replies:
            self.corrupt_replies -= 1
            return data[:-1] + bytes([data[-1] ^ 0x5A])
        if self.wrong_address_replies:
            self.wrong_address_replies -= 1
            return rtu.frame(bytes([data[0] + 1]) + data[1:-2])
        return data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def slave() -> Iterator[tuple[SpecDdsy, str]]:
    meter = SpecDdsy()
    port = _free_port()
    loop = asyncio.new_event_loop()
    box: dict[str, ModbusTcpServer] = {}
    ready = threading.Event()

    async def serve() -> None:
        device = SimDevice(id=SLAVE_ID, simdata=meter.simdata(), action=meter.action)
        server = ModbusTcpServer(device, framer=FramerType.RTU, address=("127.0.0.1", port),
                                 trace_packet=meter.trace_packet)
        box["server"] = server
        await server.serve_forever(background=True)
        ready.set()
        await server.serving

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    assert ready.wait(10), "pymodbus server did not start"
    yield meter, f"socket://127.0.0.1:{port}"
    asyncio.run_coroutine_threadsafe(box["server"].shutdown(), loop).result(5)
    thread.join(5)


@pytest.fixture
def link(slave: tuple[SpecDdsy, str]) -> Iterator[tuple[SpecDdsy, SharedPort]]:
    meter, url = slave
    port = SharedPort(url, baud=9600)
    port.open()
    yield meter, port
    port.close()


def test_measurement_block_decodes_in_one_read(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID)
    ident = driver.identify()
    assert (ident.model_code, ident.profile_version, ident.serial_number) == (0x1946, 1, 123456)
    frames = port.counters.frames_out
    snap = driver.read_measurement()
    assert port.counters.frames_out - frames == 1  # ONE 48-register read
    assert (snap.voltage_dv, snap.frequency_chz, snap.incoming_current_ca) == (2301, 4998, 1234)
    assert (snap.incoming_power_w, snap.incoming_reactive_var, snap.incoming_pf_milli) == (2750, -120, 998)
    assert snap.incoming_energy_cwh == 123_456_789
    assert [b.current_ca for b in snap.branches] == [100, 200, 300]
    assert [b.reactive_var for b in snap.branches] == [-10, -20, -30]
    assert [b.pf_milli for b in snap.branches] == [-900, -899, -898]
    assert [b.energy_cwh for b in snap.branches] == [1_000_000, 1_000_001, 1_000_002]
    assert [b.relay_closed for b in snap.branches] == [True, True, False]
    assert snap.branches[2].state & BranchState.PREPAID_OPEN
    assert [b.trips_today for b in snap.branches] == [0, 1, 2]
    assert snap.balance_fen == -1234 and snap.purchase_count == 0
    assert snap.meter_clock_s == 800_000_000
    live = driver.read_live()
    assert live.incoming_energy_cwh == 123_456_789 and live.branches[1].power_w == 1000


def test_undefined_register_gives_exception_02(link: tuple[SpecDdsy, SharedPort]) -> None:
    _, port = link
    driver = DdsyDriver(port, SLAVE_ID)
    start = time.monotonic()
    with pytest.raises(MeterException) as info:
        driver.read_span(0x0050, 2)
    assert info.value.code == 2 and "not defined" in info.value.meaning
    # An exception reply is framed by its own length: no waiting for the timeout.
    assert time.monotonic() - start < driver.timing.floor_s + 0.5


def test_locked_purchase_is_refused_with_04_and_changes_nothing(
        link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID)  # no password known
    with pytest.raises(PurchaseRefused) as info:
        driver.deliver_purchase(PurchaseOrder(PurchaseKind.MONEY, 5000, 42))
    assert info.value.code == 4
    assert (meter.purchase_count, meter.balance_fen) == (0, -1234)


def test_purchases_carry_sequence_numbers(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, password=PASSWORD)
    first = driver.deliver_purchase(PurchaseOrder(PurchaseKind.MONEY, 5000, 1001))
    second = driver.deliver_purchase(PurchaseOrder(PurchaseKind.FREE_ENERGY, 300, 1002))
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.balance_after_fen == 3766 and not first.already_delivered
    assert (meter.purchase_count, meter.balance_fen, meter.free_energy_cwh) == (2, 3766, 300)
    again = driver.deliver_purchase(PurchaseOrder(PurchaseKind.FREE_ENERGY, 300, 1002), sequence=2)
    assert again.already_delivered and again.attempts == 0  # resuming a landed one: no credit
    assert (meter.purchase_count, meter.free_energy_cwh) == (2, 300)
    records = driver.read_purchase_records()
    assert [(r.sequence, r.kind, r.amount, r.tag) for r in records] == [(2, 2, 300, 1002),
                                                                        (1, 1, 5000, 1001)]
    assert driver.read_measurement().purchase_count == 2


def test_wrong_sequence_gets_03_and_resume_detects_conflict(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, password=PASSWORD)
    driver.unlock()
    with pytest.raises(MeterException) as info:  # raw record with a stale sequence number
        driver.write_values({"purchase_sequence": 5, "purchase_kind": 1, "purchase_amount": 100,
                             "purchase_tag": 9}, idempotent=False)
    assert info.value.code == 3
    with pytest.raises(PurchaseRefused):  # resuming a sequence the meter is not at
        driver.deliver_purchase(PurchaseOrder(PurchaseKind.MONEY, 100, 9), sequence=5)
    assert (meter.purchase_count, meter.balance_fen) == (0, -1234)


def test_negative_credit_beyond_balance_is_refused(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, password=PASSWORD)
    driver.deliver_purchase(PurchaseOrder(PurchaseKind.SET_BALANCE, 1000, 1))
    with pytest.raises(PurchaseRefused) as info:
        driver.deliver_purchase(PurchaseOrder(PurchaseKind.MONEY, -2000, 2))
    assert info.value.code == 3
    assert (meter.purchase_count, meter.balance_fen) == (1, 1000)


def test_lost_purchase_reply_credits_exactly_once(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, password=PASSWORD)
    driver.unlock()
    meter.drop_write_replies = 1  # the purchase is applied but its reply never reaches us
    result = driver.deliver_purchase(PurchaseOrder(PurchaseKind.MONEY, 8800, 77))
    assert meter.drop_write_replies == 0, "the write reply was not dropped"
    assert result.already_delivered and result.sequence == 1
    assert result.balance_after_fen == -1234 + 8800
    assert (meter.purchase_count, meter.balance_fen) == (1, -1234 + 8800)
    assert len(meter.records) == 1


def test_forced_control_and_busy_retry(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, password=PASSWORD)
    driver.identify()
    meter.busy_next = 1  # one exception 06: retried after 50 ms
    driver.set_forced_control(1, ForceMode.OPEN)
    assert driver.read_control().force == (ForceMode.AUTO, ForceMode.OPEN, ForceMode.AUTO)
    with pytest.raises(MeterException) as info:
        driver.write_values({"branch0_force": 3})  # out of range in the slave: 03
    assert info.value.code == 3


def test_corrupt_and_misaddressed_replies_are_typed(link: tuple[SpecDdsy, SharedPort]) -> None:
    meter, port = link
    driver = DdsyDriver(port, SLAVE_ID, retries=0)
    meter.corrupt_replies = 1
    with pytest.raises(CrcError):
        driver.read_measurement()
    meter.wrong_address_replies = 1
    with pytest.raises(BadReply):
        driver.read_measurement()
    assert port.counters.errors == {"crc": 1, "bad_reply": 1}
    retrying = DdsyDriver(port, SLAVE_ID, retries=1)
    meter.corrupt_replies = 1
    assert retrying.read_measurement().voltage_dv == 2301  # retried once, then good
    assert port.counters.errors["crc"] == 2
