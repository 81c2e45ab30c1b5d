"""DDSY1946A-13 dormitory prepaid meter, Modbus-RTU profile version 1 (spec meter-ddsy1946a-13.md).

The one place that spells this meter's register addresses. Per-branch registers carry the branch
index in their name (``branch1_state``), indexed records theirs (``record0_sequence``,
``slot31_class``, ``holiday15_end``, ``branch2_workday7_start``), waveform samples a three-digit
index (``wave_v_000``, ``wave_i_post_127``, ``wave_i_pre_127``).

Write protection (§2) and broadcast permission (§1) are derived from the spec's address rules
below rather than typed per row, so a row cannot disagree with them.
"""

from __future__ import annotations

from drivers.profiles.base import Block, Profile, Register

MODEL_CODE = 0x1946
BRANCHES = 3
PERIODS = 8
HOLIDAYS = 16
SLOTS = 32
RECORDS = 20
SAMPLES = 128
EVENT_FIFO = 64
FACTORY_PASSWORD = 1946

# §2: protected spans; §1: broadcast is accepted for unlock, clock, calendar, schedules.
_PROTECTED = ((0x0010, 0x0012), (0x00F2, 0x00F2), (0x0200, 0x07FF), (0x0A00, 0x0A00))
_BROADCAST = ((0x00F0, 0x00F0), (0x0800, 0x0801), (0x0400, 0x0424), (0x0500, 0x05FF))

SCHEDULE_BASE = 0x0500
SCHEDULE_STRIDE = 0x40
SCHEDULE_WORDS = 0x28
LOAD_BASE = 0x0600
LOAD_STRIDE = 0x10
SLOT_BASE = 0x0700
SLOT_WORDS = 8
RECORD_BASE = 0x0230
RECORD_WORDS = 8
WAVE_V = 0x0A04
WAVE_I_POST = 0x0A84
WAVE_I_PRE = 0x0B04

AREAS = (
    (0x0000, 0x0012),  # identity + line settings (0x0006-0x000F reserved)
    (0x00F0, 0x00F2),  # unlock
    (0x0100, 0x012F),  # measurement
    (0x0200, 0x0209),  # prepaid parameters
    (0x0220, 0x02CF),  # purchase (0x0226-0x022F reserved) + 20 records
    (0x0300, 0x0304),  # branch control
    (0x0400, 0x0424),  # calendar
    *((SCHEDULE_BASE + SCHEDULE_STRIDE * b, SCHEDULE_BASE + SCHEDULE_STRIDE * b + SCHEDULE_WORDS - 1)
      for b in range(BRANCHES)),
    *((LOAD_BASE + LOAD_STRIDE * b, LOAD_BASE + LOAD_STRIDE * b + 0xF) for b in range(BRANCHES)),
    (0x0700, 0x07FF),  # 32 signature slots
    (0x0800, 0x0801),  # clock
    (0x0900, 0x0913),  # event log
    (0x0A00, 0x0B83),  # waveform capture
)


def _in(spans: tuple[tuple[int, int], ...], address: int) -> bool:
    return any(lo <= address <= hi for lo, hi in spans)


def _r(name: str, address: int, type_: str, scale: str, unit: str, access: str,
       lo: int | None = None, hi: int | None = None, extra: tuple[int, ...] = ()) -> Register:
    return Register(name, address, type_, scale, unit, access,
                    protected=_in(_PROTECTED, address), broadcast=_in(_BROADCAST, address),
                    lo=lo, hi=hi, extra=extra)


def _identity() -> list[Register]:
    return [
        _r("model_code", 0x0000, "U16", "1", "", "R"),
        _r("profile_version", 0x0001, "U16", "1", "", "R"),
        _r("firmware_version", 0x0002, "U16", "1", "", "R"),
        _r("serial_number", 0x0003, "U32", "1", "", "R"),
        _r("branch_mask", 0x0005, "U16", "1", "", "R"),
        _r("address", 0x0010, "U16", "1", "", "RW", 1, 247),
        _r("baud_code", 0x0011, "U16", "1", "", "RW", 0, 3),
        _r("parity", 0x0012, "U16", "1", "", "RW", 0, 2),
        _r("unlock", 0x00F0, "U16", "1", "", "W"),
        _r("unlock_seconds", 0x00F1, "U16", "1", "s", "R"),
        _r("new_password", 0x00F2, "U16", "1", "", "W", 1, 9999),
    ]


def _measurement() -> list[Register]:
    regs = [
        _r("voltage", 0x0100, "U16", "0.1", "V", "R"),
        _r("frequency", 0x0101, "U16", "0.01", "Hz", "R"),
        _r("incoming_current", 0x0102, "U16", "0.01", "A", "R"),
        _r("incoming_power", 0x0103, "S16", "1", "W", "R"),
        _r("incoming_reactive_power", 0x0104, "S16", "1", "var", "R"),
        _r("incoming_pf", 0x0105, "S16", "0.001", "", "R"),
        _r("incoming_energy", 0x0106, "U32", "0.01", "kWh", "R"),
    ]
    for b in range(BRANCHES):
        a = 0x0108 + 8 * b
        p = f"branch{b}_"
        regs += [
            _r(p + "current", a, "U16", "0.01", "A", "R"),
            _r(p + "power", a + 1, "S16", "1", "W", "R"),
            _r(p + "reactive_power", a + 2, "S16", "1", "var", "R"),
            _r(p + "pf", a + 3, "S16", "0.001", "", "R"),
            _r(p + "energy", a + 4, "U32", "0.01", "kWh", "R"),
            _r(p + "state", a + 6, "U16", "1", "", "R"),
            _r(p + "trips_today", a + 7, "U16", "1", "", "R"),
        ]
    regs += [
        _r("balance", 0x0120, "S32", "0.01", "CNY", "R"),
        _r("free_energy", 0x0122, "U32", "0.01", "kWh", "R"),
        _r("purchase_count", 0x0124, "U16", "1", "", "R"),
        _r("status", 0x0125, "U16", "1", "", "R"),
        _r("events_pending", 0x0126, "U16", "1", "", "R"),
        _r("meter_clock", 0x0128, "U32", "1", "s", "R"),
        _r("kind1_total", 0x012A, "S32", "0.01", "CNY", "R"),
    ]
    return regs


def _prepaid() -> list[Register]:
    regs = [
        _r("prepaid_mode", 0x0200, "U16", "1", "", "RW", 0, 1),
        _r("unit_price", 0x0201, "U32", "0.0001", "CNY/kWh", "RW", 0, 99_999_999),
        _r("alarm1_amount", 0x0203, "S32", "0.01", "CNY", "RW", -1_000_000, 99_999_999),
        _r("alarm2_amount", 0x0205, "S32", "0.01", "CNY", "RW", -1_000_000, 99_999_999),
        _r("overdraft_limit", 0x0207, "U32", "0.01", "CNY", "RW", 0, 1_000_000),
        _r("prepaid_trip_mask", 0x0209, "U16", "1", "", "RW", 0, 7),
        _r("purchase_sequence", 0x0220, "U16", "1", "", "W", 1, 65535),
        _r("purchase_kind", 0x0221, "U16", "1", "", "W", 1, 4),
        _r("purchase_amount", 0x0222, "S32", "1", "", "W"),
        _r("purchase_tag", 0x0224, "U32", "1", "", "W"),
    ]
    for i in range(RECORDS):
        a = RECORD_BASE + RECORD_WORDS * i
        p = f"record{i}_"
        regs += [
            _r(p + "sequence", a, "U16", "1", "", "R"),
            _r(p + "kind", a + 1, "U16", "1", "", "R"),
            _r(p + "amount", a + 2, "S32", "1", "", "R"),
            _r(p + "balance_after", a + 4, "S32", "0.01", "CNY", "R"),
            _r(p + "tag", a + 6, "U32", "1", "", "R"),
        ]
    return regs


def _control_and_calendar() -> list[Register]:
    regs = [_r(f"branch{b}_force", 0x0300 + b, "U16", "1", "", "RW", 0, 2) for b in range(BRANCHES)]
    regs += [
        _r("linkage_lock", 0x0303, "U16", "1", "", "RW", 0, 1),
        _r("reset_trips", 0x0304, "U16", "1", "", "W", 0, 7),
        _r("term_enabled", 0x0400, "U16", "1", "", "RW", 0, 1),
        _r("term_start", 0x0401, "U16", "1", "day", "RW"),
        _r("term_end", 0x0402, "U16", "1", "day", "RW"),
        _r("rest_day_mask", 0x0403, "U16", "1", "", "RW", 0, 0x7F),
        _r("holiday_count", 0x0404, "U16", "1", "", "RW", 0, HOLIDAYS),
    ]
    for k in range(HOLIDAYS):
        regs += [
            _r(f"holiday{k}_start", 0x0405 + 2 * k, "U16", "1", "day", "RW"),
            _r(f"holiday{k}_end", 0x0406 + 2 * k, "U16", "1", "day", "RW"),
        ]
    return regs


def _schedules() -> list[Register]:
    regs: list[Register] = []
    minute = {"lo": 0, "hi": 1439, "extra": (0xFFFF,)}
    for b in range(BRANCHES):
        a = SCHEDULE_BASE + SCHEDULE_STRIDE * b
        p = f"branch{b}_"
        regs += [
            _r(p + "schedule_flags", a, "U16", "1", "", "RW", 0, 15),
            _r(p + "low_power_limit", a + 1, "U16", "1", "W", "RW", 1, 5000),
            _r(p + "low_power_delay", a + 2, "U16", "1", "s", "RW", 1, 600),
            _r(p + "standby_threshold", a + 3, "U16", "1", "mA", "RW", 1, 1000),
            _r(p + "standby_delay", a + 4, "U16", "1", "s", "RW", 1, 600),
        ]
        for table, base in (("workday", 0x08), ("restday", 0x18)):
            for k in range(PERIODS):
                regs += [
                    _r(f"{p}{table}{k}_start", a + base + 2 * k, "U16", "1", "min", "RW", **minute),
                    _r(f"{p}{table}{k}_end", a + base + 2 * k + 1, "U16", "1", "min", "RW", **minute),
                ]
    return regs


def _load_control() -> list[Register]:
    regs: list[Register] = []
    for b in range(BRANCHES):
        a = LOAD_BASE + LOAD_STRIDE * b
        p = f"branch{b}_"
        regs += [
            _r(p + "lc_flags", a, "U16", "1", "", "RW", 0, 15),
            _r(p + "max_power", a + 1, "U16", "1", "W", "RW", 1, 32767),
            _r(p + "max_power_delay", a + 2, "U16", "1", "s", "RW", 1, 600),
            _r(p + "increment_threshold", a + 3, "U16", "1", "W", "RW", 20, 32767),
            _r(p + "resistive_pf", a + 4, "U16", "0.001", "", "RW", 0, 1000),
            _r(p + "resistive_thd", a + 5, "U16", "0.1", "%", "RW", 0, 1000),
            _r(p + "decision_delay", a + 6, "U16", "1", "s", "RW", 1, 10),
            _r(p + "recovery_time", a + 7, "U16", "1", "s", "RW", 0, 3600),
            _r(p + "allowed_trips", a + 8, "U16", "1", "", "RW", 0, 255),
        ]
    return regs


def _slots() -> list[Register]:
    regs: list[Register] = []
    for i in range(SLOTS):
        a = SLOT_BASE + SLOT_WORDS * i
        p = f"slot{i}_"
        regs += [
            _r(p + "class", a, "U16", "1", "", "RW", 0, 2),
            _r(p + "dp", a + 1, "U16", "1", "W", "RW"),
            _r(p + "pf", a + 2, "U16", "0.001", "", "RW"),
            _r(p + "i3", a + 3, "U16", "0.1", "%", "RW"),
            _r(p + "i5", a + 4, "U16", "0.1", "%", "RW"),
            _r(p + "thd", a + 5, "U16", "0.1", "%", "RW"),
            # 1-500 per §11; the meter accepts 0 in an empty (class 0) slot so zeros clear it.
            _r(p + "tolerance", a + 6, "U16", "0.1", "%", "RW", 1, 500),
            _r(p + "signature_id", a + 7, "U16", "1", "", "RW"),
        ]
    return regs


def _clock_events_waveform() -> list[Register]:
    regs = [
        _r("clock", 0x0800, "U32", "1", "s", "RW"),
        _r("event_log_pending", 0x0900, "U16", "1", "", "R"),
        _r("event_ack", 0x0901, "U16", "1", "", "W"),
    ]
    fields = (
        ("sequence", "U16", "1", ""), ("type", "U16", "1", ""), ("branch", "U16", "1", ""),
        ("time", "U32", "1", "s"), ("dp", "S16", "1", "W"), ("dq", "S16", "1", "var"),
        ("pf", "U16", "0.001", ""), ("i3", "U16", "0.1", "%"), ("i5", "U16", "0.1", "%"),
        ("i7", "U16", "0.1", "%"), ("thd", "U16", "0.1", "%"), ("crest", "U16", "0.01", ""),
        ("fluctuation", "U16", "0.1", "%"), ("inrush", "U16", "0.01", ""),
        ("power_after", "S16", "1", "W"), ("slot", "U16", "1", ""), ("action", "U16", "1", ""),
    )
    a = 0x0902
    for name, type_, scale, unit in fields:
        regs.append(_r("event_" + name, a, type_, scale, unit, "R"))
        a += 2 if type_[1:] == "32" else 1
    assert a == 0x0914
    regs += [
        _r("capture_arm", 0x0A00, "U16", "1", "", "W", 0, 0,
           extra=tuple(0x0100 + b for b in range(BRANCHES)) + tuple(0x0200 + b for b in range(BRANCHES))),
        _r("capture_state", 0x0A01, "U16", "1", "", "R"),
        _r("samples_per_cycle", 0x0A02, "U16", "1", "", "R"),
    ]
    for k in range(SAMPLES):
        regs.append(_r(f"wave_v_{k:03d}", WAVE_V + k, "S16", "0.1", "V", "R"))
    for k in range(SAMPLES):
        regs.append(_r(f"wave_i_post_{k:03d}", WAVE_I_POST + k, "S16", "1", "mA", "R"))
    for k in range(SAMPLES):
        regs.append(_r(f"wave_i_pre_{k:03d}", WAVE_I_PRE + k, "S16", "1", "mA", "R"))
    return regs


def _blocks() -> dict[str, list[Block]]:
    def one(name: str, start: int, count: int) -> list[Block]:
        return [Block(name, start, count)]

    wave_start, wave_end = 0x0A00, 0x0B83
    wave_total = wave_end - wave_start + 1  # 388 registers -> 4 reads of 97
    part = -(-wave_total // 4)
    waves = [Block("waveform", wave_start + k * part, min(part, wave_total - k * part)) for k in range(4)]
    return {
        "identity": one("identity", 0x0000, 6),
        "line_settings": one("line_settings", 0x0010, 3),
        "unlock": one("unlock", 0x00F0, 3),
        "measurement": one("measurement", 0x0100, 48),
        "live": one("live", 0x0100, 32),
        "prepaid": one("prepaid", 0x0200, 10),
        "purchase": one("purchase", 0x0220, 6),
        "purchase_records": [Block("purchase_records", RECORD_BASE + 80 * k, 80) for k in range(2)],
        "control": one("control", 0x0300, 5),
        "calendar": one("calendar", 0x0400, 0x25),
        "schedule": [Block("schedule", SCHEDULE_BASE + SCHEDULE_STRIDE * b, SCHEDULE_WORDS)
                     for b in range(BRANCHES)],
        "load_control": [Block("load_control", LOAD_BASE + LOAD_STRIDE * b, 9) for b in range(BRANCHES)],
        "signature_slot": [Block("signature_slot", SLOT_BASE + SLOT_WORDS * i, SLOT_WORDS)
                           for i in range(SLOTS)],
        "clock": one("clock", 0x0800, 2),
        "event": one("event", 0x0900, 0x14),
        "event_record": one("event_record", 0x0902, 18),
        "waveform": waves,
    }


DDSY1946A13 = Profile(
    name="DDSY1946A-13",
    model_code=MODEL_CODE,
    registers=_identity() + _measurement() + _prepaid() + _control_and_calendar() + _schedules()
    + _load_control() + _slots() + _clock_events_waveform(),
    areas=AREAS,
    blocks=_blocks(),
)

# FC 0x04 is answered like 0x03 only inside the measurement block (§1).
INPUT_REGISTER_SPAN = (0x0100, 0x012F)
