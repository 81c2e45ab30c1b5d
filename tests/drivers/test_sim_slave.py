"""Request checks, broadcasts, busy and routing of the simulated fleet, through whole RTU frames."""

from __future__ import annotations

import time

import pytest
from sim_bench import CLOCK0, ManualClock

from drivers import rtu
from drivers.profiles import DDSY1946A13 as P
from drivers.profiles import LXSY20 as W
from drivers.sim.fleet import Fleet
from drivers.sim.slave import handle_pdu


class Bus:
    """A fleet of 3 DDSY (1-3) and 2 LXSY (101-102) meters without room physics."""

    def __init__(self, **kw: object) -> None:
        self.mono = ManualClock()
        self.fleet = Fleet(meters=3, water=2, seed=1, start_clock=CLOCK0, physics=False,
                           monotonic=self.mono, **kw)  # type: ignore[arg-type]

    def raw(self, address: int, pdu: bytes) -> bytes | None:
        return self.fleet.handle_frame(rtu.frame(bytes((address,)) + pdu))

    def req(self, address: int, pdu: bytes) -> bytes | None:
        reply = self.raw(address, pdu)
        self.mono.now += 0.2
        if reply is None:
            return None
        payload = rtu.check(reply)
        assert payload is not None and payload[0] == address
        return payload[1:]

    def read(self, address: int, start: int, count: int, fc: int = 3) -> bytes | None:
        return self.req(address, bytes((fc,)) + start.to_bytes(2, "big") + count.to_bytes(2, "big"))

    def write(self, address: int, start: int, words: list[int], *, nbytes: int | None = None,
              qty: int | None = None) -> bytes | None:
        qty = len(words) if qty is None else qty
        nbytes = 2 * len(words) if nbytes is None else nbytes
        return self.req(address, bytes((0x10,)) + start.to_bytes(2, "big") + qty.to_bytes(2, "big")
                        + bytes((nbytes,)) + b"".join(w.to_bytes(2, "big") for w in words))

    def write1(self, address: int, start: int, value: int) -> bytes | None:
        return self.req(address, bytes((6,)) + start.to_bytes(2, "big") + value.to_bytes(2, "big"))

    def put(self, address: int, values: dict[str, int], profile=P) -> bytes | None:  # type: ignore[no-untyped-def]
        start, words = profile.encode(values)
        return self.write(address, start, words)

    def unlock(self, address: int) -> None:
        assert self.put(address, {"unlock": 1946}) == bytes((0x10,)) + P.reg("unlock").address.to_bytes(
            2, "big") + (1).to_bytes(2, "big")

    def get(self, address: int, *names: str, profile=P) -> dict[str, int]:  # type: ignore[no-untyped-def]
        regs = [profile.reg(n) for n in names]
        start = min(r.address for r in regs)
        count = max(r.end for r in regs) - start + 1
        r = self.read(address, start, count)
        assert r is not None and r[0] == 3, r
        words = [int.from_bytes(r[2 + 2 * k : 4 + 2 * k], "big") for k in range(count)]
        values = profile.decode(start, words)
        return {n: values[n] for n in names}

    def broadcast(self, values: dict[str, int], profile=P) -> None:  # type: ignore[no-untyped-def]
        start, words = profile.encode(values)
        assert self.write(0, start, words) is None


def exc(fc: int, code: int) -> bytes:
    return bytes((fc | 0x80, code))


A = P.reg  # address lookups by name


# -- check order -------------------------------------------------------------------------------

def test_function_code_is_checked_first():
    bus = Bus()
    undefined = 0x0013
    assert not P.is_defined(undefined)
    assert bus.req(1, bytes((0x01, 0, 0x13, 0, 0))) == exc(0x01, 1)
    assert bus.req(1, bytes((0x05,)) + undefined.to_bytes(2, "big") + b"\xff\x00") == exc(0x05, 1)
    assert bus.req(1, bytes((0x2B, 0x0E, 1, 0))) == exc(0x2B, 1)
    assert bus.read(101, W.reg("volume").address, 2, fc=4) == exc(0x04, 1)   # water meter: no 0x04


def test_quantity_and_byte_count_come_before_addresses():
    bus = Bus()
    assert bus.read(1, 0x0013, 0) == exc(3, 3)
    assert bus.read(1, 0x0013, 126) == exc(3, 3)
    start = A("term_enabled").address
    assert bus.write(1, 0x0013, [0] * 124) == exc(0x10, 3)
    assert bus.write(1, start, [0, 0], nbytes=2) == exc(0x10, 3)
    assert bus.write(1, start, [0, 0], qty=3) == exc(0x10, 3)
    assert bus.write(1, start, [], qty=0) == exc(0x10, 3)
    assert bus.req(1, bytes((3, 0, 0, 0))) == exc(3, 3)                       # truncated PDU
    slots = P.block("signature_slot", 0)
    r = bus.read(1, slots.start, 125)                                         # 125 is allowed
    assert r is not None and r[:2] == bytes((3, 250))


def test_addresses_come_before_protection_and_values():
    bus = Bus()
    assert bus.read(1, 0x0013, 1) == exc(3, 2)
    ident = P.block("line_settings")
    assert bus.read(1, ident.start, ident.count + 1) == exc(3, 2)             # runs past the area
    assert bus.read(1, A("unit_price").address, 2, fc=4) == exc(4, 2)         # 0x04 outside 0x0100-0x012F
    assert bus.write1(1, A("voltage").address, 0xFFFF) == exc(6, 2)           # read-only, locked, bad value
    assert bus.write1(1, A("unlock_seconds").address, 1) == exc(6, 2)
    reserved = A("branch_mask").address + 1
    assert P.is_defined(reserved) and P.at(reserved) is None
    assert bus.write1(1, reserved, 0) == exc(6, 2)                            # reserved alone
    assert bus.write(1, A("unlock").address, [1946, 0]) == exc(0x10, 2)       # touches 0x00F1 (R)


def test_protection_comes_before_values_and_a_refused_write_changes_nothing():
    bus = Bus()
    price = A("unit_price").address
    assert bus.write(1, price, [0xFFFF, 0xFFFF]) == exc(0x10, 4)              # locked beats range
    bus.unlock(1)
    assert bus.write(1, price, [0xFFFF, 0xFFFF]) == exc(0x10, 3)
    before = bus.get(1, "prepaid_mode", "unit_price", "alarm1_amount")
    start, words = P.encode({"prepaid_mode": 1, "unit_price": 6000, "alarm1_amount": -1_000_001})
    assert bus.write(1, start, words) == exc(0x10, 3)
    assert bus.get(1, "prepaid_mode", "unit_price", "alarm1_amount") == before
    assert bus.write1(1, price, 0) == exc(6, 3)                               # one half of a U32
    assert bus.write(1, price + 1, [0, 5]) == exc(0x10, 3)                    # the other half + next
    assert bus.get(1, "unit_price") == {"unit_price": before["unit_price"]}


def test_write_replies_and_reserved_registers_inside_a_block_write():
    bus = Bus()
    bus.unlock(1)
    blk = P.block("schedule", 1)
    words = [0] * blk.count
    words[0] = 1
    words[5:8] = [7, 7, 7]                                                    # reserved: ignored
    words[1:5] = [100, 10, 30, 30]
    words[8:] = [0xFFFF] * (blk.count - 8)
    r = bus.write(1, blk.start, words)
    assert r == bytes((0x10,)) + blk.start.to_bytes(2, "big") + blk.count.to_bytes(2, "big")
    got = bus.read(1, blk.start, blk.count)
    assert got is not None
    back = [int.from_bytes(got[2 + 2 * k : 4 + 2 * k], "big") for k in range(blk.count)]
    assert back[5:8] == [0, 0, 0] and back[:5] == [1, 100, 10, 30, 30]
    bus.mono.now += 1
    r = bus.write1(1, A("branch0_force").address, 1)
    assert r == bytes((6,)) + A("branch0_force").address.to_bytes(2, "big") + (1).to_bytes(2, "big")


# -- busy --------------------------------------------------------------------------------------

def test_busy_06_for_50_ms_after_the_reply_to_a_long_write():
    bus = Bus()
    bus.unlock(1)
    bus.mono.now += 1
    blk = P.block("calendar")
    start, words = blk.start, [0, 0, 0, 0x60, 0] + [0] * (blk.count - 5)
    assert bus.raw(1, bytes((0x10,)) + start.to_bytes(2, "big") + len(words).to_bytes(2, "big")
                   + bytes((2 * len(words),)) + b"".join(w.to_bytes(2, "big") for w in words)) is not None
    reply_ends = 0.010 + rtu.wire_time_s(8, 9600)
    t0 = bus.mono.now
    status = P.reg("status").address
    frame = bytes((3,)) + status.to_bytes(2, "big") + (1).to_bytes(2, "big")
    for dt in (0.0, reply_ends + 0.049):
        bus.mono.now = t0 + dt
        assert rtu.check(bus.raw(1, frame) or b"") == bytes((1, 0x83, 6))
    bus.mono.now = t0 + 0.0001
    assert rtu.check(bus.raw(2, frame) or b"")[1] == 3                        # only that meter is busy
    bus.mono.now = t0 + reply_ends + 0.051
    assert rtu.check(bus.raw(1, frame) or b"")[1] == 3
    # 15 registers: no busy
    bus.unlock(1)
    t1 = bus.mono.now
    r = bus.raw(1, bytes((0x10,)) + start.to_bytes(2, "big") + (15).to_bytes(2, "big") + bytes((30,))
                + b"".join(w.to_bytes(2, "big") for w in words[:15]))
    assert rtu.check(r or b"")[1] == 0x10
    bus.mono.now = t1
    assert rtu.check(bus.raw(1, frame) or b"")[1] == 3


# -- broadcast ---------------------------------------------------------------------------------

def test_broadcast_clock_reaches_every_meter_and_gets_no_reply():
    bus = Bus()
    assert all(m.clock_set is False for m in bus.fleet.meters.values())
    bus.broadcast({"clock": CLOCK0 + 1000})
    for a in (1, 2, 3):
        assert bus.get(a, "clock")["clock"] == CLOCK0 + 1000
        assert not bus.get(a, "status")["status"] >> 8 & 1
    for w in bus.fleet.water_meters.values():
        assert w.clock == CLOCK0 + 1000 and w.clock_set


def test_broadcast_rules_for_protected_and_other_areas():
    bus = Bus()
    bus.broadcast({"term_enabled": 1})                                        # locked: ignored
    assert bus.get(1, "term_enabled") == {"term_enabled": 0}
    bus.unlock(2)
    bus.broadcast({"term_enabled": 1})                                        # only meter 2 is open
    assert [bus.get(a, "term_enabled")["term_enabled"] for a in (1, 2, 3)] == [0, 1, 0]
    bus.broadcast({"unlock": 1946})                                           # opens them all
    bus.fleet.advance(30)
    bus.broadcast({"holiday_count": 2})
    assert [bus.get(a, "holiday_count")["holiday_count"] for a in (1, 2, 3)] == [2, 2, 2]
    assert [bus.get(a, "unlock_seconds")["unlock_seconds"] for a in (1, 2, 3)] == [60] * 3
    bus.broadcast({"prepaid_mode": 1})                                        # not a broadcast area
    bus.broadcast({"branch0_force": 1})
    assert [bus.get(a, "prepaid_mode")["prepaid_mode"] for a in (1, 2, 3)] == [0, 0, 0]
    assert all(m.branches[0].force == 0 for m in bus.fleet.meters.values())
    bus.broadcast({"holiday_count": 17})                                      # a unicast would get 03
    assert bus.get(1, "holiday_count") == {"holiday_count": 2}
    sched = P.block("schedule", 2)
    start = sched.start
    bus.broadcast({"branch2_schedule_flags": 1, "branch2_low_power_limit": 5,
                   "branch2_low_power_delay": 5, "branch2_standby_threshold": 5, "branch2_standby_delay": 5})
    assert bus.get(3, "branch2_schedule_flags", "branch2_low_power_limit") == {
        "branch2_schedule_flags": 1, "branch2_low_power_limit": 5}
    assert bus.read(0, start, 4) is None                                      # a broadcast read


def test_broadcast_wrong_password_is_ignored_and_does_not_count():
    bus = Bus()
    for _ in range(6):
        bus.broadcast({"unlock": 1111})
    assert not bus.get(1, "status")["status"] >> 12 & 1
    bus.unlock(1)


def test_water_meters_accept_only_the_clock_broadcast():
    bus = Bus()
    bus.broadcast({"valve_command": 1}, profile=W)
    assert all(w.valve_state == 0 and w.params["valve_command"] == 0 for w in bus.fleet.water_meters.values())
    bus.broadcast({"clock": 77}, profile=W)
    assert all(w.clock == 77 for w in bus.fleet.water_meters.values())


# -- routing and faults ------------------------------------------------------------------------

def test_bad_crc_absent_dead_and_unpowered_meters_never_reply():
    bus = Bus()
    good = rtu.frame(bytes((1, 3)) + A("status").address.to_bytes(2, "big") + (1).to_bytes(2, "big"))
    assert bus.fleet.handle_frame(good) is not None
    assert bus.fleet.handle_frame(good[:-1] + bytes((good[-1] ^ 1,))) is None
    assert bus.fleet.handle_frame(b"\x01") is None
    assert bus.read(99, A("status").address, 1) is None
    bus.fleet.set_dead(1, True)
    assert bus.read(1, A("status").address, 1) is None
    bus.fleet.set_dead(1, False)
    assert bus.read(1, A("status").address, 1) is not None
    bus.fleet.power_loss(2)
    assert bus.read(2, A("status").address, 1) is None
    bus.fleet.power_up(2)
    r = bus.get(2, "status", "events_pending")
    assert r["status"] >> 8 & 1 and r["events_pending"] == 2
    assert handle_pdu(bus.fleet.meters[1], b"") is None


def test_reply_delays_and_slow_meters():
    bus = Bus()
    assert bus.fleet.reply_delay_s(1) == pytest.approx(0.010)
    delays = [bus.fleet.reply_delay_s(101) for _ in range(200)]
    assert 0.010 <= min(delays) and max(delays) <= 0.040 and max(delays) - min(delays) > 0.015
    bus.fleet.set_slow(1, 0.3)
    assert bus.fleet.reply_delay_s(1) == 0.3
    bus.fleet.set_slow(1, None)
    assert bus.fleet.reply_delay_s(1) == pytest.approx(0.010)
    with pytest.raises(KeyError):
        bus.fleet.set_dead(200, True)


def test_new_address_takes_effect_after_the_reply():
    bus = Bus()
    bus.unlock(1)
    r = bus.put(1, {"address": 9})
    assert r is not None and r[0] == 0x10                                     # replied from address 1
    assert bus.read(1, A("status").address, 1) is None
    assert bus.get(9, "address") == {"address": 9}
    assert sorted(bus.fleet.meters) == [2, 3, 9]
    bus.unlock(9)
    assert bus.put(9, {"address": 248}) == exc(0x10, 3)


def test_two_meters_at_one_address_garble_the_reply():
    bus = Bus()
    bus.put(101, {"address": 102}, profile=W)
    reply = bus.raw(102, bytes((3,)) + W.reg("serial_number").address.to_bytes(2, "big") + bytes((0, 2)))
    assert reply is not None and rtu.check(reply) is None


def test_meters_on_other_line_settings_do_not_hear():
    bus = Bus()
    bus.unlock(1)
    assert bus.put(1, {"baud_code": 3})[0] == 0x10                            # type: ignore[index]
    assert bus.read(1, A("status").address, 1) is None                         # now at 19200
    assert bus.read(2, A("status").address, 1) is not None
    bus.fleet.line_baud = 19200                                                # bus commissioned anew
    assert all(d.params["baud_code"] == 3 for d in [*bus.fleet.meters.values(),
                                                    *bus.fleet.water_meters.values()])
    assert bus.read(1, A("status").address, 1) is not None
    bus.unlock(2)
    assert bus.put(2, {"parity": 2})[0] == 0x10                               # type: ignore[index]
    assert bus.read(2, A("status").address, 1) is None
    bus.fleet.line_parity = 2
    assert bus.read(2, A("status").address, 1) is not None
    assert bus.read(101, W.reg("status").address, 1) is None                   # water meters are 8N1


def test_advance_moves_the_fleet_clock_and_every_meter():
    bus = Bus()
    bus.fleet.advance(90)
    assert bus.fleet.clock == CLOCK0 + 90
    assert all(m.clock == CLOCK0 + 90 for m in bus.fleet.meters.values())
    assert all(w.clock == CLOCK0 + 90 for w in bus.fleet.water_meters.values())


def test_advance_one_second_of_a_full_fleet_costs_well_under_10_ms():
    fleet = Fleet(meters=64, water=16, seed=3, start_clock=CLOCK0)
    fleet.advance(2)  # builds each room's day plan
    n = 120
    t = time.perf_counter()
    fleet.advance(n)
    per_second = (time.perf_counter() - t) / n
    assert per_second < 0.010, per_second
    m = fleet.meters[1]
    assert m.v_rms > 200 and m.freq_hz == pytest.approx(50.0, abs=0.1)
