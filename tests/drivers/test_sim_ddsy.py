"""The simulated DDSY1946A-13, section by section of the spec, through PDUs (fast unit layer)."""

from __future__ import annotations

import pytest
from sim_bench import CLOCK0, DAY, Bench, FakeRoom

from drivers.sim import ddsy_events as ev
from drivers.sim.ddsy_meter import DdsyMeter

RELAY, F_OPEN, F_CLOSED, SCHED, LOWP, OVER, MALIG, STANDBY, LOCK, PREPAID, LINK, HOL, LPTRIP = (
    1 << k for k in range(13))


# -- §2 write protection -----------------------------------------------------------------------

def test_protected_write_needs_unlock_and_the_window_lasts_60_simulated_seconds():
    b = Bench()
    assert b.write({"unit_price": 6000}) == 4
    b.unlock()
    assert b.value("unlock_seconds") == 60 and b.value("status") >> 9 & 1
    b.run(30)
    assert b.value("unlock_seconds") == 30
    assert b.write({"unit_price": 6000}) is None          # restarts the 60 s
    assert b.value("unlock_seconds") == 60
    b.run(60)
    assert b.value("unlock_seconds") == 0 and not b.value("status") >> 9 & 1
    assert b.write({"unit_price": 7000}) == 4
    assert b.value("unit_price") == 6000
    b.unlock()
    assert b.write({"unlock": 0}) is None                  # 0 locks at once
    assert b.write({"unit_price": 7000}) == 4


def test_five_wrong_passwords_block_unlocking_for_ten_minutes_with_one_event_15():
    b = Bench()
    assert b.write({"unlock": 0}) is None                  # 0 never counts
    for _ in range(4):
        assert b.write({"unlock": 1111}) == 3
    b.unlock()                                             # a right password resets the count
    for _ in range(4):
        assert b.write({"unlock": 1111}) == 3
    assert not b.value("status") >> 12 & 1
    assert b.write({"unlock": 1111}) == 3                  # the fifth starts the block
    assert b.value("status") >> 12 & 1
    assert b.write({"unlock": 1946}) == 4                  # even the right one
    assert b.write({"unlock": 1111}) == 4
    assert b.events().count((ev.UNLOCK_BLOCKED, 0xFFFF)) == 1
    b.run(599)
    assert b.write({"unlock": 1946}) == 4
    b.run(1)
    assert b.write({"unlock": 1946}) is None
    assert b.events().count((ev.UNLOCK_BLOCKED, 0xFFFF)) == 1


def test_new_password():
    b = Bench()
    assert b.write({"new_password": 1234}) == 4            # while locked
    b.unlock()
    assert b.write({"new_password": 10000}) == 3
    assert b.write({"new_password": 1234}) is None
    assert b.write({"unlock": 0}) is None
    assert b.write({"unlock": 1946}) == 3
    assert b.write({"unlock": 1234}) is None
    assert b.value("unlock_seconds") == 60


# -- §3 identity, §4 measurement ---------------------------------------------------------------

def test_identity_block_and_fc04_inside_measurement_only():
    b = Bench()
    ident = b.read_block("identity")
    assert ident == {"model_code": 0x1946, "profile_version": 1, "firmware_version": 0x0112,
                     "serial_number": b.meter.serial_number, "branch_mask": 7}
    blk = b.profile.block("measurement")
    assert b.read_span(blk.start, blk.count, fc=4) == b.read_span(blk.start, blk.count, fc=3)
    ident_blk = b.profile.block("identity")
    r = b.pdu(bytes((4,)) + ident_blk.start.to_bytes(2, "big") + (1).to_bytes(2, "big"))
    assert r == bytes((0x84, 2))


def test_measurement_rounding_saturation_and_truncated_energy():
    room = FakeRoom()
    room.plug(0, CLOCK0, 60.0)                               # 60 W lamp, pf 1
    room.plug(1, CLOCK0, 40000.0, pf=0.8)                    # beyond S16: saturates
    b = Bench(room)
    b.run(1)
    m = b.read_block("measurement")
    assert m["voltage"] == 2200 and m["frequency"] == 5000
    assert m["branch0_power"] == 60 and m["branch0_pf"] == 1000
    assert m["branch0_current"] == round(60 / 220 * 100)
    assert m["branch1_power"] == 32767 and m["incoming_power"] == 32767
    assert m["branch1_reactive_power"] == 30000
    assert m["branch1_pf"] == 800
    assert m["branch2_power"] == 0 and m["branch2_pf"] == 1000   # S = 0 reads 1.000
    assert m["meter_clock"] == b.meter.clock == CLOCK0 + 1
    # energies are truncated: 60 W for 599 s = 9.98 Wh -> 0.00 kWh steps; 600 s -> 0.01 kWh
    b2 = Bench(FakeRoom())
    b2.room.plug(0, CLOCK0, 60.0)
    b2.run(599)
    assert b2.value("branch0_energy") == 0 and b2.value("incoming_energy") == 0
    b2.run(1)
    assert b2.value("branch0_energy") == 1 and b2.value("incoming_energy") == 1


def test_reserved_and_write_only_registers_read_zero():
    b = Bench()
    b.setp({"alarm1_amount": 5})
    blk = b.profile.block("purchase")
    assert b.read_span(blk.start, blk.count + 10) == [0] * (blk.count + 10)
    assert b.read_span(b.profile.reg("unlock").address, 3)[0] == 0
    assert b.read_block("unlock")["unlock_seconds"] == 60
    assert b.read_span(b.profile.reg("events_pending").address + 1, 1) == [0]


# -- §5 prepaid --------------------------------------------------------------------------------

@pytest.mark.parametrize("price", [1, 5883, 9_999, 10_001, 99_999_999])
def test_deduction_is_exact_to_the_fen_over_a_million_steps(price):
    b = Bench()
    b.setp({"unit_price": price})
    assert b.purchase(1, 3, 1_000_000_000) is None
    pre = b.meter.prepaid
    r0, bal0 = pre.accumulator, pre.balance_fen
    steps = 1_000_000 if price < 10**6 else 20_000
    b.meter.energy_steps(steps)
    charged = bal0 - pre.balance_fen
    assert charged * 10_000 + pre.accumulator == r0 + price * steps
    assert charged == (r0 + price * steps) // 10_000 and 0 <= pre.accumulator < 10_000
    assert b.value("incoming_energy") == steps and b.value("balance") == pre.balance_fen


def test_free_energy_is_taken_first_and_kind_3_resets_the_accumulator():
    b = Bench()
    b.setp({"unit_price": 5555})
    assert b.purchase(1, 3, 10_000) is None
    assert b.purchase(2, 2, 3) is None
    b.meter.energy_steps(3)
    assert b.read("balance", "free_energy") == {"balance": 10_000, "free_energy": 0}
    b.meter.energy_steps(1)
    assert b.meter.accumulator == 5555 and b.value("balance") == 10_000
    b.meter.energy_steps(1)
    assert b.meter.accumulator == 1110 and b.value("balance") == 9_999
    assert b.purchase(3, 3, 500) is None
    assert b.meter.accumulator == 0 and b.value("balance") == 500


def test_prepaid_trip_and_restore_rule():
    b = Bench()
    b.setp({"prepaid_mode": 1, "unit_price": 10_000, "overdraft_limit": 300, "prepaid_trip_mask": 0b011})
    assert b.purchase(1, 3, 200) is None
    b.meter.energy_steps(499)                               # 1 fen per step
    assert b.value("balance") == -299 and b.state(0) & RELAY
    b.meter.energy_steps(1)
    st = [b.state(k) for k in range(3)]
    assert st[0] & PREPAID and not st[0] & RELAY and st[1] & PREPAID and not st[2] & PREPAID
    assert st[2] & RELAY and b.value("status") & (1 << 3) and b.value("status") & (1 << 2)
    assert (ev.PREPAID_TRIP, 0xFFFF) in b.events()
    assert b.purchase(2, 1, 100) is None                    # -200: above -overdraft, still latched
    assert b.state(0) & PREPAID and b.value("status") & (1 << 3)
    assert b.purchase(3, 2, 1) is None                      # free energy above 0 releases
    assert b.state(0) & RELAY and not b.state(0) & PREPAID
    assert (ev.PREPAID_RESTORE, 0xFFFF) in b.events()
    b.meter.energy_steps(1)                                 # the free step, then trip again
    assert not b.state(0) & PREPAID
    b.meter.energy_steps(100)
    assert b.state(0) & PREPAID
    b.setp({"prepaid_mode": 0})                             # mode 0 releases; deduction goes on
    assert b.state(0) & RELAY and b.value("status") >> 13 & 1
    bal = b.value("balance")
    b.meter.energy_steps(10)
    assert b.value("balance") == bal - 10 and b.state(0) & RELAY


def test_alarm_bits():
    b = Bench()
    b.setp({"alarm1_amount": 1000, "alarm2_amount": 100})
    assert b.purchase(1, 3, 1001) is None
    assert b.value("status") & 0b111 == 0
    assert b.purchase(2, 3, 1000) is None
    assert b.value("status") & 0b111 == 0b001
    assert b.purchase(3, 3, 100) is None
    assert b.value("status") & 0b111 == 0b011


# -- §6 purchases ------------------------------------------------------------------------------

def test_purchase_sequence_kinds_records_and_refusals():
    b = Bench()
    assert b.purchase(2, 1, 100) == 3                       # must be count + 1
    assert b.read("purchase_count", "balance") == {"purchase_count": 0, "balance": 0}
    assert b.purchase(1, 1, 5000, tag=0xCAFE0001) is None
    assert b.purchase(1, 1, 5000) == 3                      # a repeat is refused: idempotent delivery
    assert b.purchase(2, 1, -6000) == 3                     # would go below 0
    assert b.purchase(2, 2, -1) == 3
    assert b.purchase(2, 5, 1) == 3
    assert b.purchase(2, 1, -2000, tag=7) is None
    assert b.purchase(3, 2, 250) is None
    assert b.purchase(4, 4, 123456) is None                 # amount ignored
    assert b.purchase(5, 3, -700) is None
    m = b.read("purchase_count", "balance", "free_energy", "kind1_total")
    assert m == {"purchase_count": 5, "balance": -700, "free_energy": 0, "kind1_total": 3000}
    recs = b.read_block("purchase_records", 0)
    assert [recs[f"record{i}_sequence"] for i in range(6)] == [5, 4, 3, 2, 1, 0]
    assert (recs["record0_kind"], recs["record0_amount"], recs["record0_balance_after"]) == (3, -700, -700)
    assert (recs["record3_amount"], recs["record3_balance_after"], recs["record3_tag"]) == (-2000, 3000, 7)
    assert recs["record4_tag"] == 0xCAFE0001
    assert [e for e, _ in b.events()].count(ev.PURCHASE) == 5


def test_purchase_must_be_one_whole_record():
    b = Bench()
    b.unlock()
    start, words = b.profile.encode({"purchase_sequence": 1, "purchase_kind": 1, "purchase_amount": 5,
                                     "purchase_tag": 0})
    assert b.write_words(start, words[:4]) == 3
    assert b.write_words(start, words[:1], single=True) == 3
    assert b.write_words(start, words + [0]) == 3           # 0x0226 is reserved: not "exactly"
    assert b.value("purchase_count") == 0
    assert b.write_words(start, words) is None
    assert b.value("balance") == 5


def test_twenty_records_newest_first_and_sequence_wrap():
    b = Bench()
    for seq in range(1, 26):
        assert b.purchase(seq, 1, seq) is None
    recs = {**b.read_block("purchase_records", 0), **b.read_block("purchase_records", 1)}
    assert [recs[f"record{i}_sequence"] for i in range(20)] == list(range(25, 5, -1))
    b.meter.prepaid.purchase_count = 65535
    assert b.purchase(65536 % 65536, 1, 1) == 3             # 0 is never a sequence number
    assert b.purchase(1, 1, 1) is None
    assert b.value("purchase_count") == 1


# -- §7 branch control -------------------------------------------------------------------------

def test_forced_control_linkage_lock_and_reset():
    b = Bench()
    b.setp({"branch0_force": 1})
    assert b.state(0) == F_OPEN
    assert b.events()[-1] == (ev.FORCED_CONTROL, 0)         # a force write logs 9, not 16
    n = len(b.events())
    b.setp({"branch0_force": 1})                             # unchanged: no event
    assert len(b.events()) == n
    b.setp({"branch0_force": 0, "branch1_force": 2, "branch2_force": 0, "linkage_lock": 1})
    assert b.state(0) == LINK and b.state(2) == LINK
    assert b.state(1) == RELAY | F_CLOSED | LINK               # keep power overrides the lock
    assert b.value("status") >> 7 & 1
    assert b.write({"branch0_force": 3}) == 3
    b.setp({"linkage_lock": 0, "branch1_force": 0})
    assert [b.state(k) for k in range(3)] == [RELAY] * 3
    assert b.write({"reset_trips": 8}) == 3


def test_forced_closed_overrides_prepaid_trip():
    b = Bench()
    b.setp({"prepaid_mode": 1, "branch2_force": 2})
    assert b.state(0) & PREPAID and not b.state(0) & RELAY
    assert b.state(2) & PREPAID and b.state(2) & RELAY


# -- §8 calendar and §9 schedules --------------------------------------------------------------

def _period(b: int, table: str, k: int, start: int, end: int) -> dict[str, int]:
    return {f"branch{b}_{table}{k}_start": start, f"branch{b}_{table}{k}_end": end}


def _schedule(bench: Bench, branch: int, flags: int, **periods: tuple[int, int]) -> None:
    values = {f"branch{branch}_schedule_flags": flags}
    blk = bench.read_block("schedule", branch)
    values.update({k: v for k, v in blk.items()})
    values[f"branch{branch}_schedule_flags"] = flags
    for key, (s, e) in periods.items():
        table, k = key[:-1], int(key[-1])
        values.update(_period(branch, table, k, s, e))
    bench.setp(values)


def test_off_period_past_midnight_uses_each_days_own_table():
    b = Bench(clock=9000 * DAY + 22 * 3600 + 59 * 60)       # Thursday 22:59
    _schedule(b, 0, 1, workday0=(23 * 60, 7 * 60))
    assert b.state(0) == RELAY
    b.run(60)                                               # 23:00
    assert b.state(0) == SCHED and b.value("status") >> 6 & 1
    b.run(3600)                                             # Friday 00:00: Friday's own table
    assert b.state(0) == SCHED
    b.run(7 * 3600)                                         # 07:00 ends it
    assert b.state(0) == RELAY and not b.value("status") >> 6 & 1


def test_rest_day_table_and_unused_or_out_of_range_periods():
    # day 9002 is a Saturday
    b = Bench(clock=9002 * DAY + 10 * 3600)
    _schedule(b, 0, 1, workday0=(0, 1439), restday0=(9 * 60, 11 * 60))
    assert b.state(0) == SCHED
    b.setp({"rest_day_mask": 0})                            # Saturday becomes a workday
    assert b.state(0) == SCHED
    b.setp(_period(0, "workday", 0, 0xFFFF, 5))             # unused
    assert b.state(0) == RELAY
    b.unlock()
    assert b.write(_period(0, "workday", 1, 1440, 5)) == 3
    assert b.write(_period(0, "workday", 1, 100, 100)) is None  # start = end: empty
    assert b.state(0) == RELAY


def test_holidays_term_and_holiday_power_off():
    day = 9000
    b = Bench(clock=day * DAY + 12 * 3600)
    _schedule(b, 0, 1 | 2, restday0=(0, 1439))
    _schedule(b, 1, 1, restday0=(0, 1439))
    cal = {"term_enabled": 1, "term_start": day - 10, "term_end": day + 10, "holiday_count": 1,
           "holiday0_start": day, "holiday0_end": day, "holiday1_start": day + 1, "holiday1_end": day + 5}
    b.setp(cal)
    st = b.value("status")
    assert st >> 4 & 1 and st >> 5 & 1                       # holiday, inside the term
    assert b.state(0) == HOL                                 # holiday power-off
    assert b.state(1) == SCHED                               # follows its rest-day table
    b.run(DAY)                                               # day+1: range 1 is beyond the count
    assert b.state(0) == RELAY and b.state(1) == RELAY
    assert not b.value("status") >> 4 & 1
    b.setp({"term_end": day})                                # outside the term: holiday
    assert b.state(0) == HOL
    b.setp({"term_enabled": 0})
    assert b.state(0) == RELAY and not b.value("status") >> 5 & 1


def test_schedules_suspended_while_clock_not_set():
    b = Bench(clock=9000 * DAY + 12 * 3600, set_clock=False)
    b.setp({"branch0_schedule_flags": 1, **_period(0, "workday", 0, 0, 1439)})
    assert b.state(0) == RELAY and b.value("status") >> 8 & 1
    assert b.write({"clock": b.meter.clock}) is None
    assert b.state(0) == SCHED and not b.value("status") >> 8 & 1


def test_low_power_mode_trips_above_the_limit_until_the_period_ends():
    room = FakeRoom()
    b = Bench(room, clock=9000 * DAY + 22 * 3600 + 59 * 60)
    _schedule(b, 1, 1 | 4, workday0=(23 * 60, 23 * 60 + 10))
    b.setp({"branch1_low_power_limit": 50, "branch1_low_power_delay": 5})
    b.run(60)
    assert b.state(1) == RELAY | LOWP
    room.plug(1, b.t, 30.0)                                  # a phone charger is fine
    b.run(20)
    assert b.state(1) == RELAY | LOWP
    room.plug(1, b.t, 800.0)
    b.run(5)
    assert b.state(1) & RELAY
    b.run(1)
    assert b.state(1) == LOWP | LPTRIP
    assert b.events()[-1] == (ev.LOW_POWER_TRIP, 1)
    b.run_until(lambda: not b.state(1) & LOWP, 700)
    assert b.state(1) == RELAY                               # the off period ended: latch cleared


def test_standby_monitoring_trips_when_the_air_conditioner_is_unplugged():
    room = FakeRoom()
    ac = room.plug(2, CLOCK0, 3.0, pf=0.05)                 # idle AC: ~0.27 A
    b = Bench(room)
    _schedule(b, 2, 8)
    b.setp({"branch2_standby_threshold": 100, "branch2_standby_delay": 10})
    b.run(30)
    assert b.state(2) == RELAY
    ac.off = b.t
    b.run(10)
    assert b.state(2) == RELAY
    b.run(1)
    assert b.state(2) == STANDBY and b.events()[-1] == (ev.STANDBY_TRIP, 2)
    room.plug(2, b.t, 1500.0)                                # a heater in the AC outlet gets nothing
    b.run(5)
    assert b.value("branch2_power") == 0
    b.setp({"reset_trips": 4})
    assert b.state(2) == RELAY and b.events()[-1] == (ev.TRIPS_RESET, 2)


# -- §10 load control --------------------------------------------------------------------------

def test_over_power_trips_counts_locks_out_and_recovers():
    room = FakeRoom()
    b = Bench(room)
    b.setp({"branch1_lc_flags": 1, "branch1_max_power": 1000, "branch1_max_power_delay": 3,
            "branch1_recovery_time": 20, "branch1_allowed_trips": 2})
    room.plug(1, b.t, 1500.0)
    b.run(3)
    assert b.state(1) & RELAY
    b.run(1)
    assert b.state(1) == OVER and b.value("branch1_trips_today") == 1
    assert b.events()[-1] == (ev.OVER_POWER_TRIP, 1)
    b.run(19)
    assert b.state(1) == OVER
    b.run(1)
    assert b.state(1) == RELAY and b.events()[-1] == (ev.RECOVERY, 1)
    b.run_until(lambda: b.meter.branches[1].latches, 10)
    assert b.state(1) == OVER | LOCK and b.value("branch1_trips_today") == 2
    assert (ev.LOCKOUT, 1) in b.events()
    b.run(100)                                               # lockout suppresses recovery
    assert b.state(1) == OVER | LOCK
    b.setp({"reset_trips": 2})
    assert b.state(1) == RELAY and b.value("branch1_trips_today") == 0


def test_trips_today_reset_when_the_day_changes_but_latches_stay():
    room = FakeRoom()
    b = Bench(room, clock=9000 * DAY + DAY - 30)
    b.setp({"branch1_lc_flags": 1, "branch1_max_power": 1000, "branch1_max_power_delay": 1,
            "branch1_allowed_trips": 5})
    room.plug(1, b.t, 1500.0)
    b.run(5)
    assert b.read("branch1_trips_today", "branch1_state") == {"branch1_trips_today": 1,
                                                              "branch1_state": OVER}
    b.run(30)
    assert b.meter.clock // DAY == 9001
    assert b.read("branch1_trips_today", "branch1_state") == {"branch1_trips_today": 0,
                                                              "branch1_state": OVER}


def _heater_bench(flags: int, **params: int) -> tuple[Bench, FakeRoom]:
    room = FakeRoom()
    b = Bench(room)
    b.setp({"branch1_lc_flags": flags, **params})
    b.run(3)
    return b, room


def test_resistive_rule_trips_a_heater_with_features_in_the_event():
    b, room = _heater_bench(2, branch1_decision_delay=2)
    t0 = b.t
    room.plug(1, t0, 1500.0, inrush=1.3)
    b.run(1)
    assert b.state(1) == RELAY                               # t0 itself: not yet confirmed
    b.run(1)                                                 # end of t0+1 = t0 + decision delay
    assert b.state(1) == MALIG and b.value("branch1_trips_today") == 1
    e = b.meter.log.records[-1]
    assert (e.type, e.branch, e.slot, e.action) == (ev.MALIGNANT_TRIP, 1, 0xFFFF, 2)
    assert e.dp == 1500 and e.power_after == 1500 and e.pf == 1000 and e.thd == 0
    assert e.crest == 141 and e.inrush == 130 and e.time == CLOCK0 + 3
    while b.meter.log.records[0].type != ev.MALIGNANT_TRIP:   # the record as a host reads it
        assert b.write({"event_ack": b.value("event_sequence")}) is None
    rec = b.read_block("event_record")
    assert rec == {"event_sequence": e.sequence, "event_type": 3, "event_branch": 1,
                   "event_time": CLOCK0 + 3, "event_dp": 1500, "event_dq": 0, "event_pf": 1000,
                   "event_i3": 0, "event_i5": 0, "event_i7": 0, "event_thd": 0, "event_crest": 141,
                   "event_fluctuation": 0, "event_inrush": 130, "event_power_after": 1500,
                   "event_slot": 0xFFFF, "event_action": 2}


def test_decision_order_allow_slot_block_slot_resistive_rule_and_allowed():
    heater = {"slot0_class": 2, "slot0_dp": 1500, "slot0_pf": 1000, "slot0_i3": 0, "slot0_i5": 0,
              "slot0_thd": 0, "slot0_tolerance": 50, "slot0_signature_id": 77}
    block = {"slot1_class": 1, "slot1_dp": 1500, "slot1_pf": 1000, "slot1_i3": 0, "slot1_i5": 0,
             "slot1_thd": 0, "slot1_tolerance": 50, "slot1_signature_id": 78}
    # 1: an allow slot wins with flag bit 3
    b, room = _heater_bench(2 | 4 | 8, **heater, **block)
    room.plug(1, b.t, 1520.0)
    b.run(3)
    e = b.meter.log.records[-1]
    assert (e.type, e.slot, e.action) == (ev.SWITCH_ON, 0, 1) and b.state(1) == RELAY
    # 2: without bit 3 the block slot trips
    b, room = _heater_bench(2 | 4, **heater, **block)
    room.plug(1, b.t, 1480.0)
    b.run(3)
    e = b.meter.log.records[-1]
    assert (e.type, e.slot, e.action) == (ev.MALIGNANT_TRIP, 1, 2) and b.state(1) == MALIG
    # outside the tolerance (5 % of 1500 = 75 W) no slot matches: the resistive rule trips
    b, room = _heater_bench(2 | 4 | 8, **heater, **block)
    room.plug(1, b.t, 1600.0)
    b.run(3)
    e = b.meter.log.records[-1]
    assert (e.type, e.slot, e.action) == (ev.MALIGNANT_TRIP, 0xFFFF, 2)
    # 4: a laptop (rectifier-like current) is allowed by rule 4
    b, room = _heater_bench(2 | 4 | 8, **heater, **block)
    room.plug(1, b.t, 400.0, pf=0.95, h3=0.6, h5=0.4)
    b.run(3)
    e = b.meter.log.records[-1]
    assert (e.type, e.slot, e.action) == (ev.SWITCH_ON, 0xFFFF, 0) and b.state(1) == RELAY
    assert e.thd > 100 and e.i3 == 600 and e.i5 == 400


def test_small_steps_and_flags_off_are_not_examined_and_switch_off_is_logged():
    b, room = _heater_bench(0)
    room.plug(1, b.t, 1500.0)
    b.run(4)
    assert not any(t in (ev.SWITCH_ON, ev.MALIGNANT_TRIP) for t, _ in b.events())
    b, room = _heater_bench(8, branch1_increment_threshold=300)
    room.plug(1, b.t, 250.0)
    b.run(4)
    assert not any(t == ev.SWITCH_ON for t, _ in b.events())
    load = room.plug(1, b.t, 600.0)
    b.run(4)
    assert b.meter.log.records[-1].type == ev.SWITCH_ON and b.meter.log.records[-1].dp == 600
    load.off = b.t
    b.run(3)
    e = b.meter.log.records[-1]
    assert (e.type, e.dp, e.power_after, e.pf) == (ev.SWITCH_OFF, -600, 250, 0)


def test_decision_delay_window_merges_a_further_rise():
    b, room = _heater_bench(8, branch1_decision_delay=4)
    t0 = b.t
    room.plug(1, t0, 400.0, pf=0.9)
    room.plug(1, t0 + 2, 300.0, pf=0.9)                      # a further rise: merged
    b.run(3)
    assert not any(t == ev.SWITCH_ON for t, _ in b.events())
    b.run(1)                                                 # decided at t0 + 4 (end of t0 + 3)
    ons = [e for e in b.meter.log.records if e.type == ev.SWITCH_ON]
    assert len(ons) == 1 and ons[0].dp == 700 and ons[0].power_after == 700
    assert ons[0].fluctuation > 0                            # 400, 400, 700, 700
    b.run(5)
    assert len([e for e in b.meter.log.records if e.type == ev.SWITCH_ON]) == 1


def test_branch_opening_cancels_a_pending_decision():
    b, room = _heater_bench(2, branch1_decision_delay=5)
    room.plug(1, b.t, 1500.0)
    b.run(2)
    b.setp({"branch1_force": 1})
    b.run(6)
    assert not any(t == ev.MALIGNANT_TRIP for t, _ in b.events())


# -- §11 signature slots -----------------------------------------------------------------------

def test_slot_write_rules():
    b = Bench()
    b.unlock()
    blk = b.profile.block("signature_slot", 3)
    whole = [1, 1500, 1000, 0, 0, 0, 50, 9]
    assert b.write_words(blk.start, whole) is None
    assert b.read_block("signature_slot", 3)["slot3_signature_id"] == 9
    assert b.write_words(blk.start + 1, whole) == 3          # not at a slot boundary
    assert b.write_words(blk.start, whole[:7]) == 3           # not a whole slot
    assert b.write_words(blk.start, whole[:1], single=True) == 3
    assert b.write_words(blk.start, whole * 15) is None        # 15 slots in one write
    assert b.write_words(blk.start, [3] + whole[1:]) == 3      # class 3
    assert b.write_words(blk.start, [1, 1500, 1000, 0, 0, 0, 501, 9]) == 3
    assert b.write_words(blk.start, [0] * 8) is None           # zeros clear a slot
    assert b.read_block("signature_slot", 3)["slot3_class"] == 0


# -- §12 clock ---------------------------------------------------------------------------------

def test_clock_status_bit_8_and_event_17_only_beyond_60_s():
    b = Bench(set_clock=False)
    assert b.value("status") >> 8 & 1
    assert b.write({"clock": b.meter.clock + 60}) is None
    assert not b.value("status") >> 8 & 1 and (ev.CLOCK_MOVED, 0xFFFF) not in b.events()
    assert b.write({"clock": b.meter.clock - 61}) is None
    assert b.events()[-1] == (ev.CLOCK_MOVED, 0xFFFF)
    assert b.meter.log.records[-1].time == b.meter.clock
    start, words = b.profile.encode({"clock": 5})
    assert b.write_words(start, words[:1], single=True) == 3   # one half of a U32
    assert b.read("clock", "meter_clock")["clock"] == b.read("clock", "meter_clock")["meter_clock"]


# -- §13 event log -----------------------------------------------------------------------------

def test_event_fifo_overflow_and_acknowledge():
    b = Bench()
    for k in range(70):
        b.unlock()
        assert b.write({"linkage_lock": k % 2}) is None         # one event 16 each
    assert b.value("events_pending") == 64
    assert b.value("status") >> 11 & 1 and b.value("status") >> 10 & 1
    rec = b.read_block("event")
    assert rec["event_log_pending"] == 64 and rec["event_sequence"] == 7
    assert rec["event_type"] == ev.PARAMETERS_CHANGED and rec["event_branch"] == 0xFFFF
    assert b.write({"event_ack": 8}) == 3                       # not the oldest
    assert b.write({"event_ack": 7}) is None
    assert b.read_block("event")["event_sequence"] == 8
    for seq in range(8, 71):
        assert b.write({"event_ack": seq}) is None
    assert b.value("events_pending") == 0
    st = b.value("status")
    assert not st >> 11 & 1 and not st >> 10 & 1
    assert set(b.read_block("event_record").values()) == {0}
    assert b.write({"event_ack": 71}) == 3                      # empty log


def test_event_sequence_wraps_to_1():
    b = Bench()
    b.meter.log.last_sequence = 65534
    b.setp({"linkage_lock": 1})
    b.setp({"linkage_lock": 0})
    seqs = [e.sequence for e in b.meter.log.records][-2:]
    assert seqs == [65535, 1]


# -- §14 waveform capture ----------------------------------------------------------------------

def _waves(b: Bench) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in range(b.profile.block_count("waveform")):
        out.update(b.read_block("waveform", k))
    return out


def test_armed_capture_is_ready_after_a_switch_on_with_before_and_after_cycles():
    room = FakeRoom()
    room.plug(1, CLOCK0, 100.0)
    b = Bench(room)
    b.run(3)
    b.setp({"capture_arm": 0x0101})
    assert b.value("capture_state") == 1
    assert set(v for k, v in _waves(b).items() if k.startswith("wave_")) == {0}
    room.plug(1, b.t, 1000.0)                                # at least 20 W, flags all 0
    b.run(1)
    assert b.value("capture_state") == 1
    b.run(1)
    w = _waves(b)
    assert w["capture_state"] == 2 and w["samples_per_cycle"] == 128
    post = [w[f"wave_i_post_{k:03d}"] for k in range(128)]
    pre = [w[f"wave_i_pre_{k:03d}"] for k in range(128)]
    volts = [w[f"wave_v_{k:03d}"] for k in range(128)]
    assert max(volts) == round(220 * 2 ** 0.5 * 10) and volts[0] == 0
    assert abs(max(post) - round(1100 / 220 * 2 ** 0.5 * 1000)) <= 1
    assert abs(max(pre) - round(100 / 220 * 2 ** 0.5 * 1000)) <= 1
    b.run(10)
    assert b.value("capture_state") == 2                     # stays ready until arm or cancel
    b.setp({"capture_arm": 0})
    assert b.value("capture_state") == 0
    assert set(v for k, v in _waves(b).items() if k.startswith("wave_")) == {0}


def test_capture_now_has_no_before_cycle_and_bad_commands_get_03():
    room = FakeRoom()
    room.plug(0, CLOCK0, 500.0)
    b = Bench(room)
    b.run(2)
    b.unlock()
    assert b.write({"capture_arm": 0x0103}) == 3
    assert b.write({"capture_arm": 0x0200}) is None
    w = _waves(b)
    assert w["capture_state"] == 2
    assert all(w[f"wave_i_pre_{k:03d}"] == 0 for k in range(128))
    assert max(w[f"wave_i_post_{k:03d}"] for k in range(128)) > 3000


# -- §12 power loss ----------------------------------------------------------------------------

def test_power_loss_keeps_money_energy_latches_and_log_and_loses_the_rest():
    room = FakeRoom()
    room.plug(1, CLOCK0, 1500.0)
    room.plug(2, CLOCK0, 1000.0)
    b = Bench(room)
    b.setp({"unit_price": 5555, "branch1_lc_flags": 1, "branch1_max_power": 1000,
            "branch1_max_power_delay": 1, "branch0_force": 1})
    assert b.purchase(1, 3, 10_000) is None
    b.run(600)
    before = {"balance": b.meter.balance_fen, "R": b.meter.accumulator, "E": b.meter.incoming_energy_cwh,
              "latches": b.meter.branches[1].latches, "count": b.meter.purchase_count,
              "log": len(b.meter.log), "clock": b.meter.clock}
    assert before["latches"] & OVER and before["E"] > 0
    b.unlock()
    b.meter.power_loss()
    b.run(3600)                                              # nothing happens while off
    b.meter.power_up()
    after = {"balance": b.meter.balance_fen, "R": b.meter.accumulator, "E": b.meter.incoming_energy_cwh,
             "latches": b.meter.branches[1].latches, "count": b.meter.purchase_count,
             "log": len(b.meter.log), "clock": b.meter.clock}
    assert after == {**before, "log": before["log"] + 2}
    assert b.events()[-2:] == [(ev.POWER_DOWN, 0xFFFF), (ev.POWER_UP, 0xFFFF)]
    assert b.value("status") >> 8 & 1 and b.value("unlock_seconds") == 0
    assert b.value("branch1_trips_today") == 0
    assert b.state(0) == F_OPEN and b.state(1) == OVER
    assert b.value("unit_price") == 5555


def test_meter_without_physics_is_quiet():
    m = DdsyMeter(7)
    m.step(0)
    assert m.address == 7 and m.v_rms == 220.0 and m.incoming == (0.0, 0.0, 0.0)


def test_reclosing_onto_a_malignant_load_trips_again_until_lockout():
    b, room = _heater_bench(2, branch1_recovery_time=10, branch1_allowed_trips=3)
    room.plug(1, b.t, 1500.0)
    b.run(2)
    assert b.state(1) == MALIG
    b.run_until(lambda: b.state(1) & LOCK, 60)
    assert b.state(1) == MALIG | LOCK and b.value("branch1_trips_today") == 3
    types = [t for t, _ in b.events()]
    assert types.count(ev.MALIGNANT_TRIP) == 3 and types.count(ev.RECOVERY) == 2
    assert types[-1] == ev.LOCKOUT


def test_forced_closed_pauses_detection_but_a_capture_still_completes():
    b, room = _heater_bench(1 | 2, branch1_max_power=1000, branch1_max_power_delay=1)
    b.setp({"branch1_force": 2, "capture_arm": 0x0101})
    room.plug(1, b.t, 1500.0)
    b.run(30)
    assert b.state(1) == RELAY | F_CLOSED and b.value("branch1_trips_today") == 0
    assert b.value("capture_state") == 2
    b.setp({"branch1_force": 0})
    b.run(3)
    assert b.state(1) == OVER                                # detection resumes


def test_low_power_trip_clears_at_once_when_the_schedule_is_switched_off():
    room = FakeRoom()
    b = Bench(room)
    _schedule(b, 1, 1 | 4, workday0=(0, 1439))
    b.setp({"branch1_low_power_limit": 50, "branch1_low_power_delay": 1})
    room.plug(1, b.t, 500.0)
    b.run(3)
    assert b.state(1) == LOWP | LPTRIP
    b.setp({"branch1_schedule_flags": 0})
    assert b.state(1) == RELAY


def test_with_the_room_physics_a_scripted_kettle_is_caught_by_the_resistive_rule():
    from drivers.sim.physics import RoomPhysics

    room = RoomPhysics(seed=42, occupants=0)
    b = Bench(room)  # type: ignore[arg-type]
    b.setp({"branch1_lc_flags": 2})
    b.run(5)
    room.plug(1, "kettle", True, b.t)
    b.run(2)
    assert b.state(1) == MALIG
    e = [e for e in b.meter.log.records if e.type == ev.MALIGNANT_TRIP][-1]
    assert 1400 <= e.dp <= 1900 and e.pf >= 990 and e.thd <= 100 and e.action == 2
    assert 100 <= e.inrush <= 120 and 130 <= e.crest <= 150
    room.plug(1, "laptop", True, b.t)                         # the branch is open: nothing happens
    b.run(5)
    assert b.value("branch1_power") == 0
