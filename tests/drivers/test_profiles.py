"""The profile tables against the specs: every documented register, types, areas, blocks, codec."""

from __future__ import annotations

import pytest

from drivers.profiles import DDSY1946A13, LXSY20, by_model_code
from drivers.profiles.base import Block, Profile, Register

# Transcribed independently from meter-ddsy1946a-13.md: (address, type, access) for the fixed rows.
DDSY_FIXED = {
    0x0000: ("U16", "R"), 0x0001: ("U16", "R"), 0x0002: ("U16", "R"), 0x0003: ("U32", "R"),
    0x0005: ("U16", "R"), 0x0010: ("U16", "RW"), 0x0011: ("U16", "RW"), 0x0012: ("U16", "RW"),
    0x00F0: ("U16", "W"), 0x00F1: ("U16", "R"), 0x00F2: ("U16", "W"),
    0x0100: ("U16", "R"), 0x0101: ("U16", "R"), 0x0102: ("U16", "R"), 0x0103: ("S16", "R"),
    0x0104: ("S16", "R"), 0x0105: ("S16", "R"), 0x0106: ("U32", "R"),
    0x0120: ("S32", "R"), 0x0122: ("U32", "R"), 0x0124: ("U16", "R"), 0x0125: ("U16", "R"),
    0x0126: ("U16", "R"), 0x0128: ("U32", "R"), 0x012A: ("S32", "R"),
    0x0200: ("U16", "RW"), 0x0201: ("U32", "RW"), 0x0203: ("S32", "RW"), 0x0205: ("S32", "RW"),
    0x0207: ("U32", "RW"), 0x0209: ("U16", "RW"),
    0x0220: ("U16", "W"), 0x0221: ("U16", "W"), 0x0222: ("S32", "W"), 0x0224: ("U32", "W"),
    0x0300: ("U16", "RW"), 0x0301: ("U16", "RW"), 0x0302: ("U16", "RW"), 0x0303: ("U16", "RW"),
    0x0304: ("U16", "W"),
    0x0400: ("U16", "RW"), 0x0401: ("U16", "RW"), 0x0402: ("U16", "RW"), 0x0403: ("U16", "RW"),
    0x0404: ("U16", "RW"),
    0x0800: ("U32", "RW"), 0x0900: ("U16", "R"), 0x0901: ("U16", "W"),
    0x0A00: ("U16", "W"), 0x0A01: ("U16", "R"), 0x0A02: ("U16", "R"),
}
EVENT_RECORD = ["U16", "U16", "U16", "U32", "S16", "S16", "U16", "U16", "U16", "U16", "U16", "U16",
                "U16", "U16", "S16", "U16", "U16"]


def _ddsy_expected() -> dict[int, tuple[str, str]]:
    exp = dict(DDSY_FIXED)
    for b in range(3):
        a = 0x0108 + 8 * b
        for off, t in enumerate(["U16", "S16", "S16", "S16", "U32", None, "U16", "U16"]):
            if t:
                exp[a + off] = (t, "R")
        s = 0x0500 + 0x40 * b
        for off in range(5):
            exp[s + off] = ("U16", "RW")
        for off in range(0x08, 0x28):
            exp[s + off] = ("U16", "RW")
        for off in range(9):
            exp[0x0600 + 0x10 * b + off] = ("U16", "RW")
    for k in range(16):
        exp[0x0405 + 2 * k] = ("U16", "RW")
        exp[0x0406 + 2 * k] = ("U16", "RW")
    for i in range(20):
        a = 0x0230 + 8 * i
        exp.update({a: ("U16", "R"), a + 1: ("U16", "R"), a + 2: ("S32", "R"), a + 4: ("S32", "R"),
                    a + 6: ("U32", "R")})
    for i in range(32):
        for off in range(8):
            exp[0x0700 + 8 * i + off] = ("U16", "RW")
    a = 0x0902
    for t in EVENT_RECORD:
        exp[a] = (t, "R")
        a += 2 if t.endswith("32") else 1
    for k in range(0x0A04, 0x0B84):
        exp[k] = ("S16", "R")
    return exp


def test_every_ddsy_register_of_the_spec_is_present_with_its_type_and_access():
    exp = _ddsy_expected()
    got = {r.address: (r.type, r.access) for r in DDSY1946A13.registers}
    assert got == exp


def test_lxsy_registers_match_the_spec():
    exp = {0x0000: "U16", 0x0001: "U16", 0x0002: "U16", 0x0003: "U32", 0x0010: "U16",
           0x0011: "U16", 0x0100: "U32", 0x0102: "U16", 0x0103: "U16", 0x0104: "U16",
           0x0105: "U16", 0x0106: "U32", 0x0800: "U32", 0x0C00: "U16"}
    assert {r.address: r.type for r in LXSY20.registers} == exp
    assert LXSY20.is_defined(0x0005) and LXSY20.at(0x0005) is None  # reserved, reads 0
    assert not any(r.protected for r in LXSY20.registers)
    assert [r.name for r in LXSY20.registers if r.broadcast] == ["clock"]
    assert LXSY20.reg("valve_command").accepts(1) and not LXSY20.reg("valve_command").accepts(2)


@pytest.mark.parametrize("profile", [DDSY1946A13, LXSY20])
def test_no_overlaps_and_every_register_inside_an_area(profile: Profile):
    seen: dict[int, str] = {}
    for r in profile.registers:
        for a in range(r.address, r.address + r.words):
            assert a not in seen, (r.name, seen.get(a))
            seen[a] = r.name
            assert profile.is_defined(a)
            assert profile.at(a) is r
    assert len({r.name for r in profile.registers}) == len(profile.registers)


def test_ddsy_defined_areas_and_reserved_registers():
    p = DDSY1946A13
    for a in [0x0006, 0x000F, 0x0127, 0x012C, 0x012F, 0x0226, 0x022F, 0x0505, 0x0507, 0x0609,
              0x060F, 0x0A03]:
        assert p.is_defined(a) and p.at(a) is None, hex(a)
    for a in [0x0013, 0x00EF, 0x00F3, 0x00FF, 0x0130, 0x020A, 0x021F, 0x02D0, 0x0305, 0x0425,
              0x0528, 0x053F, 0x0630, 0x0802, 0x0914, 0x0B84, 0x0C00, 0xFFFF]:
        assert not p.is_defined(a), hex(a)


def test_ddsy_protection_and_broadcast_flags_follow_sections_1_and_2():
    p = DDSY1946A13
    prot = {r.name for r in p.registers if r.protected}
    assert {"address", "baud_code", "parity", "new_password", "capture_arm", "slot31_signature_id",
            "record19_tag", "unit_price", "branch2_allowed_trips", "holiday15_end"} <= prot
    assert not {"unlock", "clock", "event_ack", "capture_state", "voltage"} & prot
    bc = {r.name for r in p.registers if r.broadcast}
    assert {"unlock", "clock", "term_enabled", "holiday15_end", "branch2_restday7_end",
            "branch0_schedule_flags"} <= bc
    assert not {"new_password", "purchase_sequence", "branch0_force", "branch0_lc_flags",
                "slot0_class", "event_ack", "capture_arm", "address"} & bc


def test_ranges_reflect_the_documented_limits():
    p = DDSY1946A13
    assert p.reg("address").accepts(247) and not p.reg("address").accepts(0)
    assert p.reg("alarm1_amount").accepts(-1_000_000) and not p.reg("alarm1_amount").accepts(-1_000_001)
    assert p.reg("unit_price").accepts(99_999_999) and not p.reg("unit_price").accepts(100_000_000)
    start = p.reg("branch1_workday3_start")
    assert start.accepts(0) and start.accepts(1439) and start.accepts(0xFFFF) and not start.accepts(1440)
    arm = p.reg("capture_arm")
    assert all(arm.accepts(v) for v in (0, 0x100, 0x102, 0x200, 0x202))
    assert not any(arm.accepts(v) for v in (1, 0x103, 0x203, 0x300))
    assert p.reg("branch0_increment_threshold").accepts(20)
    assert not p.reg("branch0_increment_threshold").accepts(19)
    assert p.reg("branch0_recovery_time").accepts(0) and not p.reg("branch0_decision_delay").accepts(11)


def test_blocks_have_the_spec_spans():
    p = DDSY1946A13
    spans = {
        ("identity", 0): (0x0000, 6), ("line_settings", 0): (0x0010, 3), ("unlock", 0): (0x00F0, 3),
        ("measurement", 0): (0x0100, 48), ("live", 0): (0x0100, 32), ("prepaid", 0): (0x0200, 10),
        ("purchase", 0): (0x0220, 6), ("purchase_records", 0): (0x0230, 80),
        ("purchase_records", 1): (0x0280, 80), ("control", 0): (0x0300, 5),
        ("calendar", 0): (0x0400, 0x25), ("schedule", 0): (0x0500, 0x28),
        ("schedule", 2): (0x0580, 0x28), ("load_control", 1): (0x0610, 9),
        ("signature_slot", 31): (0x07F8, 8), ("clock", 0): (0x0800, 2),
        ("event", 0): (0x0900, 0x14),
    }
    for (name, i), (start, count) in spans.items():
        assert p.block(name, i) == Block(name, start, count)
    waves = [p.block("waveform", i) for i in range(p.block_count("waveform"))]
    assert len(waves) == 4 and all(w.count <= 125 for w in waves)
    assert waves[0].start == 0x0A00 and waves[-1].end == 0x0B83
    assert all(a.end + 1 == b.start for a, b in zip(waves, waves[1:], strict=False))
    assert LXSY20.block("measurement") == Block("measurement", 0x0100, 8)


def test_encode_decode_round_trip_signed_and_32_bit_high_word_first():
    p = DDSY1946A13
    start, words = p.encode({"balance": -2, "free_energy": 0x12345678, "purchase_count": 65535,
                             "status": 0x0201, "events_pending": 3, "meter_clock": 0xDEADBEEF,
                             "kind1_total": -70000})
    assert start == 0x0120
    # 0x0127 is reserved: filled with 0
    assert words == [0xFFFF, 0xFFFE, 0x1234, 0x5678, 0xFFFF, 0x0201, 3, 0, 0xDEAD, 0xBEEF,
                     0xFFFE, 0xEE90]
    back = p.decode(start, words)
    assert back == {"balance": -2, "free_energy": 0x12345678, "purchase_count": 65535,
                    "status": 0x0201, "events_pending": 3, "meter_clock": 0xDEADBEEF,
                    "kind1_total": -70000}
    # a register only half inside a span is left out
    assert p.decode(0x0121, words[1:4]) == {"free_energy": 0x12345678}
    assert p.decode(0x0100, [0xFFFF] * 6)["incoming_pf"] == -1


def test_encode_waveform_samples_and_event_record():
    p = DDSY1946A13
    values = {f"wave_v_{k:03d}": (k * 300) - 20000 for k in range(128)}
    start, words = p.encode(values)
    assert start == 0x0A04 and len(words) == 128
    assert p.decode(start, words) == values
    rec = {"event_sequence": 9, "event_type": 3, "event_branch": 0xFFFF, "event_time": 86400 * 9000,
           "event_dp": -1500, "event_dq": 40, "event_pf": 999, "event_i3": 1, "event_i5": 2,
           "event_i7": 3, "event_thd": 4, "event_crest": 141, "event_fluctuation": 5,
           "event_inrush": 700, "event_power_after": -5, "event_slot": 0xFFFF, "event_action": 2}
    start, words = p.encode(rec)
    assert (start, len(words)) == (0x0902, 18)
    assert p.decode(start, words) == rec


def test_encode_refuses_gaps_unknown_names_and_values_outside_the_type():
    p = DDSY1946A13
    with pytest.raises(ValueError):
        p.encode({"voltage": 1, "incoming_current": 2})  # frequency missing in between
    with pytest.raises(ValueError):
        p.encode({"prepaid_trip_mask": 1, "purchase_sequence": 1})  # 0x020A-0x021F undefined
    with pytest.raises(KeyError):
        p.encode({"no_such_register": 1})
    with pytest.raises(ValueError):
        p.encode({"balance": 2**31})
    with pytest.raises(ValueError):
        p.encode({"voltage": -1})


def test_register_codec_limits():
    r = Register("x", 0, "S32", "1", "", "R", False, False)
    assert r.to_words(-1) == [0xFFFF, 0xFFFF] and r.from_words([0x8000, 0]) == -(2**31)
    assert r.from_words(r.to_words(2**31 - 1)) == 2**31 - 1


def test_by_model_code():
    assert by_model_code(0x1946) is DDSY1946A13
    assert by_model_code(0x5820) is LXSY20
    assert by_model_code(0x1234) is None
