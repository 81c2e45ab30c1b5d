"""The port's frame trace: real RTU bytes through a pty to the simulated fleet.

On, the trace holds exactly the request and reply frames that crossed the line, in order, with the
reply's latency, and says which replies never came or came spoiled; off, it records nothing.
"""
from __future__ import annotations

import struct
from collections.abc import Iterator

import pytest

from drivers import rtu
from drivers.errors import CrcError, MeterTimeout
from drivers.port import SharedPort
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine

BAUD = 19200


@pytest.fixture
def line() -> Iterator[tuple[VirtualLine, SharedPort]]:
    fleet = Fleet(meters=2, water=0, seed=5, start_clock=800_000_000, physics=False)
    vline = VirtualLine(fleet, baud=BAUD)
    vline.start()
    port = SharedPort(vline.client_path, baud=BAUD)
    port.open()
    yield vline, port
    port.close()
    vline.stop()


def read_request(address: int, start: int = 0, count: int = 4) -> bytes:
    return rtu.frame(struct.pack(">BBHH", address, 3, start, count))


def test_the_trace_holds_the_exact_frames_in_order_with_their_latency(line) -> None:
    vline, port = line
    trace = port.start_trace(size=200)
    first, second = read_request(1), read_request(2, 0, 2)
    reply1 = port.transact(first, 0.3, expect=5 + 2 * 4)
    reply2 = port.transact(second, 0.3, expect=5 + 2 * 2)

    frames = trace.frames()
    assert [(f.direction, f.data, f.note) for f in frames] == [
        ("out", first, ""), ("in", reply1, ""), ("out", second, ""), ("in", reply2, "")]
    assert reply1[:3] == bytes([1, 3, 8]) and rtu.check(reply1) is not None     # a whole, good frame
    assert [f.at for f in frames] == sorted(f.at for f in frames)
    for reply in (frames[1], frames[3]):
        # from the end of the request to the end of the reply: at least the reply's own wire time
        assert reply.latency_s is not None
        assert rtu.wire_time_s(len(reply.data), BAUD) <= reply.latency_s < 0.3
    assert frames[0].latency_s is None


def test_the_trace_says_which_reply_never_came_and_which_came_spoiled(line) -> None:
    vline, port = line
    trace = port.start_trace()
    with pytest.raises(MeterTimeout):
        port.transact(read_request(77), 0.05, expect=13)        # nobody at 77
    vline.faults.corrupt_next(1)
    with pytest.raises(CrcError):
        port.transact(read_request(1), 0.3, expect=13)
    frames = trace.frames()
    assert [(f.direction, f.note) for f in frames] == [("out", ""), ("in", "timeout"), ("out", ""), ("in", "crc")]
    assert frames[1].data == b"" and frames[1].latency_s >= 0.05
    assert len(frames[3].data) == 13 and rtu.check(frames[3].data) is None
    assert port.last_error is not None and port.last_error[1] == "crc"


def test_off_nothing_is_recorded_and_the_ring_keeps_the_newest(line) -> None:
    vline, port = line
    assert port.trace is None
    port.transact(read_request(1), 0.3, expect=13)
    trace = port.start_trace(size=4)
    port.stop_trace()
    port.transact(read_request(1), 0.3, expect=13)
    assert port.trace is None and trace.frames() == []           # off: not one frame kept

    trace = port.start_trace(size=4)
    requests = [read_request(1, start, 1) for start in range(3)]
    for request in requests:
        port.transact(request, 0.3, expect=7)
    kept = trace.frames()
    assert len(kept) == 4                                         # the last N frames only
    assert [f.data for f in kept if f.direction == "out"] == requests[1:]
