"""The simulated LXSY-20 water meter through PDUs: registers, valve, flow model, status bits."""

from __future__ import annotations

from sim_bench import CLOCK0, DAY

from drivers.profiles import LXSY20 as W
from drivers.sim.lxsy_meter import LxsyMeter
from drivers.sim.slave import handle_pdu

OPEN, CLOSED, MOVING, FAULT = 0, 1, 2, 3


class Water:
    def __init__(self, *, seed: int = 5, quiet: bool = True, clock: int = CLOCK0) -> None:
        self.m = LxsyMeter(101, seed=seed, clock=clock)
        self.m.natural_use = not quiet
        self.t = clock

    def read(self, *names: str) -> dict[str, int]:
        regs = [W.reg(n) for n in names]
        start = min(r.address for r in regs)
        count = max(r.end for r in regs) - start + 1
        r = handle_pdu(self.m, bytes((3,)) + start.to_bytes(2, "big") + count.to_bytes(2, "big"))
        assert r is not None and r[0] == 3, r
        values = W.decode(start, [int.from_bytes(r[2 + 2 * k : 4 + 2 * k], "big") for k in range(count)])
        return {n: values[n] for n in names}

    def value(self, name: str) -> int:
        return self.read(name)[name]

    def write(self, values: dict[str, int], *, single: bool = False) -> int | None:
        start, words = W.encode(values)
        if single:
            pdu = bytes((6,)) + start.to_bytes(2, "big") + words[0].to_bytes(2, "big")
        else:
            pdu = (bytes((0x10,)) + start.to_bytes(2, "big") + len(words).to_bytes(2, "big")
                   + bytes((2 * len(words),)) + b"".join(w.to_bytes(2, "big") for w in words))
        r = handle_pdu(self.m, pdu)
        assert r is not None
        return r[1] if r[0] & 0x80 else None

    def run(self, seconds: int) -> None:
        for _ in range(seconds):
            self.m.step(self.t)
            self.t += 1


def test_identity_measurement_block_and_exceptions():
    w = Water()
    ident = w.read("model_code", "profile_version", "firmware_version", "serial_number")
    assert ident["model_code"] == 0x5820 and ident["profile_version"] == 1
    assert ident["serial_number"] == w.m.serial_number
    blk = W.block("measurement")
    r = handle_pdu(w.m, bytes((3,)) + blk.start.to_bytes(2, "big") + blk.count.to_bytes(2, "big"))
    assert r is not None and r[:2] == bytes((3, 16))
    reserved = W.reg("serial_number").end + 1
    r = handle_pdu(w.m, bytes((3,)) + reserved.to_bytes(2, "big") + (1).to_bytes(2, "big"))
    assert r == bytes((3, 2, 0, 0))
    r = handle_pdu(w.m, bytes((3,)) + (reserved + 1).to_bytes(2, "big") + (1).to_bytes(2, "big"))
    assert r == bytes((0x83, 2))
    assert handle_pdu(w.m, bytes((4,)) + blk.start.to_bytes(2, "big") + (1).to_bytes(2, "big")) == bytes((0x84, 1))
    vol = W.reg("volume").address
    assert handle_pdu(w.m, bytes((6,)) + vol.to_bytes(2, "big") + (1).to_bytes(2, "big")) == bytes((0x86, 2))
    assert w.write({"valve_command": 2}) == 3
    assert w.write({"address": 0}) == 3 and w.write({"baud_code": 4}) == 3
    assert w.write({"clock": 5}, single=True) == 3                  # one half of the U32
    assert w.write({"address": 17}) is None and w.m.address == 17 and w.value("address") == 17


def test_valve_moves_for_3_to_8_seconds_and_a_closed_valve_stops_flow():
    w = Water()
    w.m.set_leak(360.0)                                            # 0.1 L/s
    w.run(10)
    assert w.read("flow_rate", "valve_state") == {"flow_rate": 360, "valve_state": OPEN}
    assert w.write({"valve_command": 1}) is None
    assert w.value("valve_state") == MOVING and w.value("valve_command") == 1
    w.run(2)
    assert w.value("valve_state") == MOVING
    n = 2
    while w.value("valve_state") == MOVING:
        w.run(1)
        n += 1
    assert 3 <= n <= 8 and w.value("valve_state") == CLOSED
    vol = w.value("volume")
    w.run(100)
    assert w.value("volume") == vol and w.value("flow_rate") == 0
    assert w.write({"valve_command": 0}) is None
    w.run(8)
    assert w.value("valve_state") == OPEN
    w.run(100)
    assert w.value("volume") >= vol + 10


def test_command_while_moving_replaces_the_target():
    w = Water()
    assert w.write({"valve_command": 1}) is None
    w.run(1)
    assert w.write({"valve_command": 0}) is None
    w.run(8)
    assert w.value("valve_state") == OPEN and w.value("valve_command") == 0


def test_valve_fault_and_retry():
    w = Water()
    w.m.set_leak(360.0)
    w.m.set_valve_fault(True)
    assert w.write({"valve_command": 1}) is None
    w.run(8)
    st = w.read("valve_state", "status")
    assert st["valve_state"] == FAULT and st["status"] >> 1 & 1
    vol = w.value("volume")
    w.run(60)
    assert w.value("volume") > vol                                  # a faulted valve may pass water
    w.m.set_valve_fault(False)
    assert w.write({"valve_command": 1}) is None                    # a command after a fault retries
    assert not w.value("status") >> 1 & 1
    w.run(8)
    assert w.read("valve_state", "status")["valve_state"] == CLOSED
    assert not w.value("status") >> 1 & 1


def test_status_bits_leak_clock_battery_tamper_reverse():
    w = Water()
    assert w.value("status") == 1 << 5                              # clock not set
    assert w.write({"clock": CLOCK0 + 5}) is None
    assert w.value("status") == 0
    assert w.value("clock") == w.value("meter_clock") == CLOCK0 + 5
    w.m.set_leak(10.0)
    w.run(3600)
    assert not w.value("status") >> 4 & 1
    w.run(1)
    assert w.value("status") >> 4 & 1                               # more than an hour of flow
    w.m.set_leak(0.0)
    w.run(1)
    assert not w.value("status") >> 4 & 1
    w.m.battery_cv = 320
    w.m.tamper = True
    w.m.reverse_seen = True
    assert w.value("status") == 0b1101
    assert w.value("battery_voltage") == 320
    w.m.power_loss()
    w.m.power_up()
    assert w.value("status") >> 5 & 1


def test_volume_only_increases_wraps_and_scripted_taps_add_exactly():
    w = Water()
    w.m.volume_l = 2**32 - 10.0
    w.m.open_tap(3600.0, 20, w.t + 5)                                # 1 L/s for 20 s
    w.run(5)
    assert w.value("volume") == 2**32 - 10 and w.value("flow_rate") == 0
    w.run(20)
    assert w.value("volume") == 10                                  # wrapped after 4 294 967 295
    w.run(5)
    assert w.value("volume") == 10 and w.value("flow_rate") == 0


def test_usage_model_is_deterministic_and_busier_by_day_than_by_night():
    a, b = Water(seed=9, quiet=False, clock=9000 * DAY), Water(seed=9, quiet=False, clock=9000 * DAY)
    night = day = 0.0
    for hour in range(24):
        v0 = a.m.volume_l
        a.run(3600)
        b.run(3600)
        used = a.m.volume_l - v0
        if 1 <= hour < 5:
            night += used
        if 7 <= hour < 9 or 21 <= hour < 23:
            day += used
        assert used >= 0
    assert a.m.volume_l == b.m.volume_l
    assert day > 50 and day > 5 * night
    c = Water(seed=10, quiet=False, clock=9000 * DAY)
    c.run(DAY)
    assert c.m.volume_l != a.m.volume_l
