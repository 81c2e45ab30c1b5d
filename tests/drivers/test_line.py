"""Real RTU bytes through the virtual line (pty) and the TCP gateway, against a stand-in fleet.

The stand-in keeps these tests independent of the meter model: it answers FC 03/04 with
"counting" registers (register n reads n unless written), FC 06/10 by storing, and exception 01
to anything else, and it records every frame it was handed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator

import minimalmodbus
import pytest
import serial

from drivers import rtu
from drivers.profiles import DDSY1946A13
from drivers.sim.line import VirtualLine
from drivers.sim.server import TcpGateway

BAUD = 9600
MEAS = DDSY1946A13.block("measurement")
M0 = MEAS.start
PURCHASE = DDSY1946A13.block("purchase")
UNLOCK = DDSY1946A13.reg("unlock").address


class CountingFleet:
    """A fleet of counting meters at ``addresses`` with the Fleet interface the line uses."""

    def __init__(self, addresses: tuple[int, ...] = (1, 2, 101), delay_s: float = 0.010) -> None:
        self.addresses = set(addresses)
        self.delay_s = delay_s
        self.regs: dict[tuple[int, int], int] = {}
        self.seen: list[bytes] = []
        self.dead: set[int] = set()
        self.slow: dict[int, float] = {}
        self.clock = 0

    def handle_frame(self, frame: bytes) -> bytes | None:
        self.seen.append(frame)
        p = rtu.check(frame)
        if p is None or p[0] not in self.addresses or p[0] in self.dead:
            return None
        a, fc = p[0], p[1]
        start = int.from_bytes(p[2:4], "big")
        if fc in (3, 4):
            n = int.from_bytes(p[4:6], "big")
            words = [self.regs.get((a, start + i), (start + i) & 0xFFFF) for i in range(n)]
            return rtu.frame(bytes([a, fc, 2 * n]) + b"".join(w.to_bytes(2, "big") for w in words))
        if fc == 6:
            self.regs[(a, start)] = int.from_bytes(p[4:6], "big")
            return rtu.frame(p)
        if fc == 0x10:
            n = int.from_bytes(p[4:6], "big")
            for i in range(n):
                self.regs[(a, start + i)] = int.from_bytes(p[7 + 2 * i:9 + 2 * i], "big")
            return rtu.frame(p[:6])
        return rtu.frame(bytes([a, fc | 0x80, 1]))

    def reply_delay_s(self, address: int) -> float:
        return self.slow.get(address, self.delay_s)

    def advance(self, seconds: int) -> None:
        self.clock += seconds

    def set_dead(self, address: int, dead: bool) -> None:
        (self.dead.add if dead else self.dead.discard)(address)

    def set_slow(self, address: int, delay_s: float | None) -> None:
        if delay_s is None:
            self.slow.pop(address, None)
        else:
            self.slow[address] = delay_s


def wait_for(cond: Callable[[], object], timeout: float = 3.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.005)


def read_req(address: int = 1, start: int = M0, count: int = MEAS.count, fc: int = 3) -> bytes:
    return rtu.frame(bytes([address, fc]) + start.to_bytes(2, "big") + count.to_bytes(2, "big"))


def transact(port: serial.SerialBase, request: bytes, expect: int, timeout: float = 0.5) -> bytes:
    """Write ``request`` and read until ``expect`` bytes arrived or ``timeout`` passed."""
    port.reset_input_buffer()
    port.write(request)
    buf = bytearray()
    deadline = time.monotonic() + timeout
    while len(buf) < expect and time.monotonic() < deadline:
        port.timeout = max(0.0, deadline - time.monotonic())
        buf += port.read(expect - len(buf))
    return bytes(buf)


def counting_reply(address: int, start: int, count: int, fc: int = 3) -> bytes:
    data = b"".join((start + i).to_bytes(2, "big") for i in range(count))
    return rtu.frame(bytes([address, fc, 2 * count]) + data)


@pytest.fixture
def fleet() -> CountingFleet:
    return CountingFleet()


@pytest.fixture
def line(fleet: CountingFleet, tmp_path) -> Iterator[VirtualLine]:
    with VirtualLine(fleet, baud=BAUD, speed=0, link=str(tmp_path / "ttyDORM")) as vl:
        yield vl


@pytest.fixture
def client(line: VirtualLine) -> Iterator[serial.Serial]:
    port = serial.Serial(line.client_path, BAUD, timeout=0.5)
    yield port
    port.close()


def test_minimalmodbus_reads_and_writes_through_the_pty(line: VirtualLine, fleet) -> None:
    inst = minimalmodbus.Instrument(line.client_path, 2)
    inst.serial.baudrate = BAUD
    inst.serial.timeout = 0.5
    assert inst.read_registers(M0, MEAS.count) == list(range(M0, M0 + MEAS.count))
    assert inst.read_registers(M0, 3, functioncode=4) == [M0, M0 + 1, M0 + 2]
    inst.write_registers(PURCHASE.start, [1, 1, 0, 5000, 0, 7])
    inst.write_register(UNLOCK, 1946)
    assert inst.read_registers(PURCHASE.start, PURCHASE.count) == [1, 1, 0, 5000, 0, 7]
    assert fleet.regs[(2, UNLOCK)] == 1946
    inst.serial.close()
    assert line.stats["frames_in"] == line.stats["frames_out"] == 5


def test_48_register_read_takes_wire_time_plus_reply_delay(line: VirtualLine, client) -> None:
    request = read_req()
    expected = counting_reply(1, M0, 48)
    wire = rtu.wire_time_s(len(request), BAUD) + 0.010 + rtu.wire_time_s(len(expected), BAUD)
    times = []
    for _ in range(8):
        t0 = time.monotonic()
        assert transact(client, request, len(expected)) == expected
        times.append(time.monotonic() - t0)
        time.sleep(rtu.gap_35_s(BAUD))
    # The line may add only scheduling latency; the margin is generous for a loaded machine.
    assert wire - 0.001 <= statistics.median(times) <= wire * 1.05 + 0.002
    assert min(times) >= wire - 0.001


def test_first_reply_byte_arrives_after_request_wire_time_and_delay(line, client) -> None:
    request = read_req(count=48)
    client.reset_input_buffer()
    t0 = time.monotonic()
    client.write(request)
    assert len(client.read(1)) == 1
    first = time.monotonic() - t0
    assert first >= rtu.wire_time_s(len(request), BAUD) + 0.010 - 0.001
    # Paced in small chunks: the first byte does not wait for the whole reply.
    assert first < rtu.wire_time_s(len(request), BAUD) + 0.010 + 0.030


def test_without_line_rate_only_the_reply_delay_remains(fleet, tmp_path) -> None:
    fleet.delay_s = 0.0
    with VirtualLine(fleet, baud=2400, line_rate=False, speed=0) as vl:
        port = serial.Serial(vl.client_path, 2400, timeout=0.5)
        t0 = time.monotonic()
        assert transact(port, read_req(count=120), 245) == counting_reply(1, M0, 120)
        assert time.monotonic() - t0 < rtu.wire_time_s(253, 2400) / 4
        port.close()


def test_a_gap_inside_a_frame_ends_it_and_both_halves_are_discarded(line, client, fleet) -> None:
    request = read_req(count=2)
    client.write(request[:4])
    time.sleep(0.030)   # > 1.5 character times of silence, on purpose
    client.write(request[4:])
    assert client.read(9) == b""
    wait_for(lambda: line.stats["discarded"] == 2)
    assert fleet.seen == []


def test_bytes_written_within_the_frames_wire_time_join_the_frame(fleet) -> None:
    # At 2400 baud the first half stays "on the wire" for 18 ms: ample time for the second
    # write to land behind it with no gap, even on a loaded machine.
    with VirtualLine(fleet, baud=2400, speed=0) as vl:
        port = serial.Serial(vl.client_path, 2400, timeout=0.5)
        request = read_req(count=2)
        port.write(request[:4])
        port.write(request[4:])
        assert port.read(9) == counting_reply(1, M0, 2)
        port.close()


def test_two_frames_without_a_gap_are_one_bad_frame(line, client, fleet) -> None:
    client.write(read_req(count=2) + read_req(count=3))
    assert client.read(9) == b""
    wait_for(lambda: line.stats["discarded"] == 1)
    assert fleet.seen == []


def test_unknown_function_is_framed_by_silence(line, client) -> None:
    reply = transact(client, rtu.frame(b"\x01\x2b\x0e\x01\x00"), 5)
    assert reply == rtu.frame(b"\x01\xab\x01")


def test_broadcast_gets_no_reply(line, client, fleet) -> None:
    client.write(rtu.frame(b"\x00\x06\x00\xf0\x07\x9a"))
    assert client.read(8) == b""
    assert line.stats["broadcasts"] == 1 and len(fleet.seen) == 1


def test_client_at_the_wrong_baud_is_not_understood(line, fleet) -> None:
    port = serial.Serial(line.client_path, 19200, timeout=0.2)
    assert transact(port, read_req(count=1), 7, timeout=0.2) == b""
    port.close()
    assert line.stats["mismatched"] == 1 and fleet.seen == []


def test_drop_next_hides_the_request_from_the_meters(line, client, fleet) -> None:
    line.faults.drop_next(2)
    assert transact(client, read_req(count=1), 7, 0.1) == b""
    assert transact(client, read_req(count=1), 7, 0.1) == b""
    assert transact(client, read_req(count=1), 7) == counting_reply(1, M0, 1)
    assert len(fleet.seen) == 1 and line.stats["dropped"] == 2


def test_lost_reply_still_reaches_the_meter(line, client, fleet) -> None:
    line.faults.lose_reply_next()
    assert transact(client, rtu.frame(b"\x01\x06\x00\x05\x00\x2a"), 8, 0.1) == b""
    assert fleet.regs[(1, 5)] == 42 and line.stats["lost_replies"] == 1


def test_corrupt_garbage_wrong_address_and_truncation(line, client) -> None:
    good = counting_reply(1, M0, 4)
    req = read_req(count=4)
    line.faults.corrupt_next()
    bad = transact(client, req, len(good))
    assert len(bad) == len(good) and bad != good and rtu.check(bad) is None and bad[0] == 1

    line.faults.garbage_next()
    junk = transact(client, req, len(good))
    assert len(junk) == len(good) and rtu.check(junk) is None

    line.faults.garbage_next(data=b"\xff\x00", prefix=True)
    assert transact(client, req, len(good) + 2) == b"\xff\x00" + good

    line.faults.wrong_address_next()
    other = transact(client, req, len(good))
    assert other[0] == 2 and rtu.check(other) is not None and other[1:-2] == good[1:-2]

    line.faults.truncate_next(keep=5)
    assert transact(client, req, len(good), timeout=0.15) == good[:5]

    assert transact(client, req, len(good)) == good  # every fault was one-shot
    assert [line.stats[k] for k in ("corrupted", "garbled", "wrong_address", "truncated")] == \
        [1, 2, 1, 1]


def test_noise_reaches_the_client(line, client) -> None:
    line.faults.inject_noise(b"\x00\xff\x55")
    client.timeout = 0.5
    assert client.read(3) == b"\x00\xff\x55"


def test_dead_and_slow_meters_pass_through_to_the_fleet(line, client, fleet) -> None:
    line.faults.set_dead(1, True)
    assert transact(client, read_req(count=1), 7, 0.1) == b""
    line.faults.set_dead(1, False)
    line.faults.set_slow(1, 0.120)
    t0 = time.monotonic()
    assert transact(client, read_req(count=1), 7) == counting_reply(1, M0, 1)
    assert time.monotonic() - t0 >= 0.120
    line.faults.set_slow(1, None)
    assert fleet.slow == {} and fleet.dead == set()


def test_pulled_adapter_fails_the_client_and_comes_back_at_the_same_path(line, client) -> None:
    old_pty = line.pty_path
    assert transact(client, read_req(count=1), 7) == counting_reply(1, M0, 1)
    line.faults.pull_adapter()
    assert not line.adapter_present
    assert not os.path.lexists(line.client_path) and not os.path.exists(old_pty)
    with pytest.raises(serial.SerialException):
        client.write(read_req(count=1))
        client.read(7)
    with pytest.raises(serial.SerialException):
        serial.Serial(line.client_path, BAUD)
    line.faults.restore_adapter()
    assert os.path.islink(line.client_path) and os.readlink(line.client_path) == line.pty_path
    again = serial.Serial(line.client_path, BAUD, timeout=0.5)
    assert transact(again, read_req(count=1), 7) == counting_reply(1, M0, 1)
    again.close()


def test_pull_with_duration_restores_by_itself(line) -> None:
    line.faults.pull_adapter(0.2)
    assert not os.path.lexists(line.client_path)
    wait_for(lambda: os.path.lexists(line.client_path))
    port = serial.Serial(line.client_path, BAUD, timeout=0.5)
    assert transact(port, read_req(count=1), 7) == counting_reply(1, M0, 1)
    port.close()


def test_clock_runs_at_speed_and_stops_with_the_line(fleet, tmp_path) -> None:
    link = tmp_path / "tty"
    vl = VirtualLine(fleet, speed=100, link=str(link))
    vl.start()
    t0 = time.monotonic()
    wait_for(lambda: fleet.clock >= 30)
    elapsed = time.monotonic() - t0
    assert elapsed >= 0.29
    with vl.fleet_lock:
        assert abs(fleet.clock - elapsed * 100) <= 20
    vl.speed = 0
    frozen = fleet.clock
    time.sleep(0.1)
    assert fleet.clock == frozen
    vl.stop()
    assert not os.path.lexists(link)


# -- TCP gateway ----------------------------------------------------------------------------


@pytest.fixture
def gateway(fleet: CountingFleet) -> Iterator[TcpGateway]:
    with TcpGateway(fleet, "127.0.0.1", 0, BAUD, True, speed=0) as gw:
        yield gw


def test_gateway_serves_pyserial_socket_url_at_line_rate(gateway: TcpGateway) -> None:
    port = serial.serial_for_url(gateway.url, timeout=0.5)
    expected = counting_reply(1, M0, 48)
    t0 = time.monotonic()
    assert transact(port, read_req(), len(expected)) == expected
    elapsed = time.monotonic() - t0
    wire = rtu.wire_time_s(8 + len(expected), BAUD) + 0.010
    assert wire - 0.001 <= elapsed <= wire * 1.10 + 0.005
    gateway.faults.corrupt_next()
    assert rtu.check(transact(port, read_req(count=2), 9)) is None
    port.close()


def test_gateway_disconnect_and_pull(gateway: TcpGateway) -> None:
    port = serial.serial_for_url(gateway.url, timeout=0.5)
    assert transact(port, read_req(count=1), 7) == counting_reply(1, M0, 1)
    gateway.disconnect_clients()
    with pytest.raises(serial.SerialException):
        port.read(1)
    port.close()
    second = serial.serial_for_url(gateway.url, timeout=0.5)
    assert transact(second, read_req(count=1), 7) == counting_reply(1, M0, 1)
    gateway.faults.pull_adapter()
    with pytest.raises(serial.SerialException):
        serial.serial_for_url(gateway.url, timeout=0.5)
    gateway.faults.restore_adapter()
    third = serial.serial_for_url(gateway.url, timeout=0.5)
    assert transact(third, read_req(count=1), 7) == counting_reply(1, M0, 1)
    assert gateway.connections == 3
    second.close()
    third.close()


def test_real_fleet_on_an_even_parity_line_leaves_water_meters_deaf(tmp_path) -> None:
    from drivers.profiles import LXSY20
    from drivers.sim.fleet import Fleet

    ident = DDSY1946A13.block("identity")
    water = LXSY20.block("identity")
    fleet = Fleet(meters=1, water=1, seed=2, physics=False)
    with VirtualLine(fleet, baud=BAUD, parity="E", speed=0) as vl:
        # Linux ptys refuse parity settings; the line's parity is what the meters go by.
        port = serial.Serial(vl.client_path, BAUD, timeout=0.5)
        reply = transact(port, read_req(1, ident.start, ident.count), 5 + 2 * ident.count)
        payload = rtu.check(reply)
        assert payload is not None
        words = [int.from_bytes(payload[3 + 2 * i:5 + 2 * i], "big") for i in range(ident.count)]
        assert DDSY1946A13.decode(ident.start, words)["model_code"] == DDSY1946A13.model_code
        # LXSY-20 is 8N1 only (its spec §1): on an even-parity bus it hears noise.
        assert transact(port, read_req(101, water.start, water.count), 15, 0.15) == b""
        port.close()


def test_a_failing_meter_model_leaves_the_line_serving(line, client, fleet) -> None:
    real = fleet.handle_frame

    def flaky(frame: bytes) -> bytes | None:
        if frame[0] == 2:
            raise RuntimeError("model bug")
        return real(frame)

    fleet.handle_frame = flaky
    assert transact(client, read_req(2, count=1), 7, 0.1) == b""
    assert transact(client, read_req(1, count=1), 7) == counting_reply(1, M0, 1)
    assert line.stats["errors"] == 1 and isinstance(line.last_error, RuntimeError)


def test_real_fleet_at_speed_60_keeps_line_timing(tmp_path) -> None:
    from drivers.sim.fleet import Fleet

    fleet = Fleet(meters=64, water=16, seed=4)
    with VirtualLine(fleet, baud=BAUD, speed=60) as vl:
        with vl.fleet_lock:
            clock0 = fleet.clock
        port = serial.Serial(vl.client_path, BAUD, timeout=3.0)   # a starved machine: late, not lost
        wire = rtu.wire_time_s(8 + 101, BAUD) + 0.010
        times = []
        t_start = time.monotonic()
        for address in range(1, 25):
            t0 = time.monotonic()
            reply = transact(port, read_req(address), 101, timeout=3.0)
            times.append(time.monotonic() - t0)
            assert rtu.check(reply) is not None and reply[0] == address
            time.sleep(rtu.gap_35_s(BAUD))
        elapsed = time.monotonic() - t_start
        port.close()
        with vl.fleet_lock:
            advanced = fleet.clock - clock0
    # The clock runs in the transactions' dead time without stretching them.
    assert statistics.median(times) <= wire * 1.05 + 0.002
    assert advanced >= 0.8 * 60 * elapsed - 60
