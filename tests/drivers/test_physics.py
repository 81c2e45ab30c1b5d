"""Room physics: one-second means agree with synthesised cycles, the routine looks like a dorm room,
scripted appliances do what a demo expects, and everything is deterministic from the seed."""
from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pytest

from drivers.sim.appliances import APPLIANCES
from drivers.sim.physics import SAMPLES_PER_CYCLE, RoomPhysics


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> int:
    return int((dt.datetime(y, m, d, h, mi) - dt.datetime(2000, 1, 1)).total_seconds())


T0 = at(2024, 10, 15, 10)          # a Tuesday in term, mid-morning
TERM_WEEKDAY = at(2024, 10, 15)
WINTER_WEEKDAY = at(2024, 12, 10)
SUMMER_WEEKDAY = at(2024, 6, 20)


def cycle_figures(room: RoomPhysics, branch: int, t: int, n: int = 25) -> tuple[float, float, float]:
    """(P, I_rms, V_rms) over n cycles starting inside second t."""
    cycles = [room.cycle(branch, t + k / 50.5) for k in range(n)]
    p = float(np.mean([np.mean(v * i) for v, i in cycles]))
    i_rms = float(np.sqrt(np.mean([np.mean(i * i) for _, i in cycles])))
    v_rms = float(np.sqrt(np.mean([np.mean(v * v) for v, _ in cycles])))
    return p, i_rms, v_rms


@pytest.mark.parametrize("name", sorted(APPLIANCES))
def test_second_agrees_with_cycles_for_every_appliance(name: str) -> None:
    room = RoomPhysics(5, occupants=0, has_ac=False)
    branch = APPLIANCES[name].branch
    room.plug(branch, name, True, T0)
    for t in (T0 + 3, T0 + 47):
        sec = room.second(t)
        p, i_rms, v_rms = cycle_figures(room, branch, t)
        b = sec.branches[branch]
        lo, hi = APPLIANCES[name].rated_w
        assert 0.85 * lo <= b.p_w <= 1.15 * hi
        assert p == pytest.approx(b.p_w, rel=0.02)
        assert i_rms == pytest.approx(b.i_rms_a, rel=0.02)
        assert v_rms == pytest.approx(sec.v_rms, rel=0.005)
        assert b.p_w ** 2 + b.q_var ** 2 == pytest.approx((sec.v_rms * b.i_rms_a) ** 2, rel=1e-6)
        others = [sec.branches[k] for k in range(3) if k != branch]
        assert all(o.p_w == 0.0 and o.i_rms_a == 0.0 for o in others)


def test_cycle_starts_at_rising_zero_crossing_with_a_flat_top() -> None:
    room = RoomPhysics(3, occupants=0)
    v, i = room.cycle(2, T0 + 0.4321)
    assert v.shape == i.shape == (SAMPLES_PER_CYCLE,)
    assert v.dtype == i.dtype == np.float64
    assert abs(v[0]) < 1.0 and v[1] > 10.0 and v[-1] < -10.0
    v_rms = float(np.sqrt(np.mean(v * v)))
    assert 1.33 < np.max(np.abs(v)) / v_rms < 1.41            # flattened crest, below a sine's √2
    spec = np.abs(np.fft.rfft(v))
    assert 0.01 < spec[3] / spec[1] < 0.05


def test_zero_crossings_follow_the_frequency() -> None:
    room = RoomPhysics(3, occupants=0)
    assert room.zero_crossing(T0) == T0
    f = room.second(T0).freq_hz
    nxt = room.zero_crossing(T0 + 0.001)
    assert nxt - T0 == pytest.approx(1.0 / f, abs=1e-6)   # t ~ 8e8 s: float64 resolves ~0.1 µs
    assert room.zero_crossing(T0 + 0.9999) == T0 + 1          # every second starts on a crossing


def test_supply_drifts_slowly_within_its_limits() -> None:
    room = RoomPhysics(11)
    seconds = [room.second(t) for t in range(TERM_WEEKDAY, TERM_WEEKDAY + 86400, 7)]
    v = np.array([s.v_rms for s in seconds])
    f = np.array([s.freq_hz for s in seconds])
    assert 205.0 < v.min() and v.max() < 235.0
    assert v.max() - v.min() > 2.0
    assert 49.95 <= f.min() and f.max() <= 50.05 and f.std() > 0.005
    steps = np.abs(np.diff([room.second(t).v_rms for t in range(T0, T0 + 600)]))
    assert steps.max() < 0.5


def test_inrush_shows_in_the_first_100_ms_only() -> None:
    room = RoomPhysics(5, occupants=0, has_ac=False)
    room.plug(1, "fan", True, T0)
    room.plug(0, "lamp", True, T0)

    def rms(branch: int, t: float) -> float:
        return float(np.sqrt(np.mean(room.cycle(branch, t)[1] ** 2)))
    steady_fan, steady_lamp = rms(1, T0 + 2), rms(0, T0 + 2)
    assert rms(1, T0) / steady_fan == pytest.approx(APPLIANCES["fan"].inrush, rel=0.05)
    assert rms(0, T0) / steady_lamp == pytest.approx(APPLIANCES["lamp"].inrush, rel=0.05)
    assert rms(1, T0 + 0.15) == pytest.approx(steady_fan, rel=0.03)
    v, i_pre = room.cycle_before(1, T0)
    assert np.max(np.abs(i_pre)) < 0.005                     # the branch was empty before T0


def test_scripted_kettle_switches_at_the_given_seconds() -> None:
    room = RoomPhysics(2, occupants=0, has_ac=False)
    room.plug(1, "kettle", True, T0)
    room.plug(1, "kettle", False, T0 + 180)
    assert room.second(T0 - 1).branches[1].p_w == 0.0
    assert 1400.0 < room.second(T0).branches[1].p_w < 1900.0
    assert room.active(T0 + 100)[1] == ("kettle",)
    assert room.second(T0 + 180).branches[1].p_w == 0.0
    room.unplug_all_scripted()
    assert room.second(T0 + 10).branches[1].p_w == 0.0


def test_forcing_off_overrides_the_routine() -> None:
    room = RoomPhysics(4)
    t = next(t for t in range(TERM_WEEKDAY, TERM_WEEKDAY + 86400, 60) if "lamp" in room.active(t)[0])
    before = room.second(t).branches[0].p_w
    assert before > 10.0
    room.plug(0, "lamp", False, t - 60)
    assert "lamp" not in room.active(t)[0]
    assert room.second(t).branches[0].p_w < before


def test_unplugging_the_air_conditioner_drops_its_standby_current() -> None:
    room = RoomPhysics(6, occupants=0)
    idle = room.second(T0 - 1).branches[2].i_rms_a
    assert 0.05 <= idle <= 0.15
    room.plug(2, "air_conditioner", False, T0)
    assert room.second(T0).branches[2].i_rms_a == 0.0
    room.plug(2, "kettle", True, T0 + 30)                     # something else in the AC outlet
    assert room.second(T0 + 30).branches[2].p_w > 1400.0
    room.plug(2, "air_conditioner", True, T0 + 60)            # plugged back and cooling
    assert room.active(T0 + 60)[2] == ("ac_standby", "air_conditioner", "kettle")


def _day_power(room: RoomPhysics, day_start: int, step: int = 60) -> np.ndarray:
    """Per-step total power over a day: array (n, 3) of branch powers."""
    return np.array([[b.p_w for b in room.second(t).branches]
                     for t in range(day_start, day_start + 86400, step)])


def test_evening_draws_more_than_four_in_the_morning() -> None:
    evening = night = 0.0
    for seed in range(1, 7):
        p = _day_power(RoomPhysics(seed), TERM_WEEKDAY).sum(axis=1)
        evening += p[19 * 60:23 * 60].mean()
        night += p[3 * 60 + 30:4 * 60 + 30].mean()
    assert evening > 3.0 * night
    assert evening / 6 > 40.0


def test_air_conditioner_idles_at_standby_in_winter_and_cools_in_summer() -> None:
    cooled = 0
    for seed in range(1, 5):
        room = RoomPhysics(seed, mischief=0.0)
        winter = np.array([room.second(t).branches[2].i_rms_a
                           for t in range(WINTER_WEEKDAY, WINTER_WEEKDAY + 86400, 60)])
        assert 0.05 <= winter.min() and winter.max() <= 0.15
        summer = _day_power(room, SUMMER_WEEKDAY)[:, 2]
        running = summer > 100.0
        if running.any():
            cooled += 1
            assert 550.0 < summer[running].min() and summer.max() < 1300.0
            assert np.count_nonzero(np.diff(running.astype(int)) == 1) >= 2   # compressor cycles
    assert cooled >= 2


def test_routine_switch_ons_carry_inrush() -> None:
    room = RoomPhysics(1, mischief=0.0)
    power = [room.second(t).branches[2].p_w for t in range(SUMMER_WEEKDAY, SUMMER_WEEKDAY + 86400)]
    starts = [SUMMER_WEEKDAY + k for k in range(1, 86400) if power[k - 1] < 100.0 < power[k]]
    assert starts, "the compressor should start on a June afternoon"
    for t in starts[:3]:
        first = np.sqrt(np.mean(room.cycle(2, t)[1] ** 2))
        steady = np.sqrt(np.mean(room.cycle(2, t + 1)[1] ** 2))
        assert first / steady > 2.5


def test_mischief_unplugs_the_air_conditioner_for_a_kettle() -> None:
    room = RoomPhysics(12, mischief=1.0)
    swaps = [t for t in range(TERM_WEEKDAY, TERM_WEEKDAY + 3 * 86400, 30) if room.active(t)[2] == ("kettle",)]
    assert swaps
    assert room.second(swaps[0]).branches[2].p_w > 1400.0


def test_mischief_controls_banned_appliances() -> None:
    banned = {n for n, m in APPLIANCES.items() if m.mischief}

    def seen(room: RoomPhysics) -> set[str]:
        names: set[str] = set()
        for day in range(7):
            start = TERM_WEEKDAY + day * 86400
            for t in range(start, start + 86400, 20):
                names.update(room.active(t)[1])
        return names & banned
    assert seen(RoomPhysics(9, mischief=0.0)) == set()
    assert len(seen(RoomPhysics(9, mischief=1.0))) >= 2


def test_same_seed_same_room_other_seed_other_room() -> None:
    a, b, c = RoomPhysics(7), RoomPhysics(7), RoomPhysics(8)
    times = range(TERM_WEEKDAY, TERM_WEEKDAY + 86400, 97)
    sa = [a.second(t) for t in times]
    assert sa == [b.second(t) for t in times]
    assert sa != [c.second(t) for t in times]
    for t in (T0 + 0.3, TERM_WEEKDAY + 20 * 3600 + 0.5):
        for branch in range(3):
            va, ia = a.cycle(branch, t)
            vb, ib = b.cycle(branch, t)
            assert np.array_equal(va, vb) and np.array_equal(ia, ib)


def test_incoming_line_matches_the_sum_of_branch_waveforms() -> None:
    room = RoomPhysics(5, occupants=0)
    room.plug(0, "lamp", True, T0)
    room.plug(1, "laptop", True, T0)
    room.plug(1, "fan", True, T0)
    room.plug(2, "air_conditioner", True, T0)
    t = T0 + 5
    sec = room.second(t)
    cycles = [[room.cycle(b, t + k / 50.5) for b in range(3)] for k in range(10)]
    for closed in [(True, True, True), (True, False, True), (False, True, False), (True, True, False)]:
        inc = sec.incoming(closed)
        i_sum = [sum(c[b][1] for b in range(3) if closed[b]) for c in cycles]
        v = [c[0][0] for c in cycles]
        p = np.mean([np.mean(vk * ik) for vk, ik in zip(v, i_sum, strict=True)])
        i_rms = np.sqrt(np.mean([np.mean(ik * ik) for ik in i_sum]))
        assert inc.p_w == pytest.approx(p, rel=0.01)
        assert inc.i_rms_a == pytest.approx(i_rms, rel=0.01)
    assert sec.incoming((False, False, False)).i_rms_a == 0.0


def test_second_is_cheap() -> None:
    room = RoomPhysics(1)
    room.second(TERM_WEEKDAY)                       # build the day's plan outside the timing
    n = 20000
    start = time.perf_counter()
    for t in range(TERM_WEEKDAY + 1, TERM_WEEKDAY + 1 + n):
        room.second(t)
    per_call_us = (time.perf_counter() - start) / n * 1e6
    print(f"second(): {per_call_us:.1f} µs per call")
    assert per_call_us < 100.0                      # ~10 µs expected; generous for a shared machine


def test_unknown_appliance_or_branch_is_refused() -> None:
    room = RoomPhysics(1)
    with pytest.raises(ValueError, match="toaster"):
        room.plug(1, "toaster", True, T0)
    with pytest.raises(ValueError, match="branch"):
        room.plug(3, "kettle", True, T0)
