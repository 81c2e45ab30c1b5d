"""The poll schedule's bookkeeping without a line: how billing rounds share a saturated line with the
event watch (drivers/bus_schedule.py)."""
from __future__ import annotations

from drivers.bus_schedule import BILLING, WATCH, PollSchedule

POLL_S = 0.3          # every poll takes this long: four meters' watch reads never catch up with 1 s


def run(schedule: PollSchedule, until: float) -> list[tuple[float, str, int]]:
    now, polls = 0.0, []
    while now < until:
        job, wake = schedule.due(now, 0.0)
        if job is None:
            now = max(now + 0.01, min(wake, until))
            continue
        kind, address = job
        if kind == BILLING:
            schedule.checked(address, now)      # a billing poll reads events-pending too
        polls.append((now, kind, address))
        now += POLL_S
    return polls


def schedule(**kw) -> PollSchedule:
    s = PollSchedule(billing_interval_s=100.0, live_interval_s=1.0, probe_backoff_s=5.0, watch_interval_s=1.0, **kw)
    for a in (1, 2, 3, 4):
        s.add(a, "ddsy")
    return s


def test_a_billing_round_is_paced_over_the_interval_while_the_watch_is_busy() -> None:
    polls = run(schedule(billing_spread=0.8), 100.0)
    billing = [(t, a) for t, k, a in polls if k == BILLING]
    assert [a for _t, a in billing] == [1, 2, 3, 4]
    # one billing poll per 20 s (0.8 × 100 s / 4 meters), not four in the first few seconds
    assert billing[1][0] >= 20.0 and billing[3][0] >= 60.0 and billing[3][0] < 80.0
    # the watch is never starved: every meter's events-pending register is read at least every 1.6 s
    for address in (1, 2, 3, 4):
        seen = [t for t, _k, a in polls if a == address]
        assert max(b - a for a, b in zip(seen, seen[1:], strict=False)) <= 1.6


def test_a_round_behind_its_pace_gets_one_poll_per_watch_share() -> None:
    # pacing off (spread 0): the round takes its share at once, one billing poll after every 8 watch reads
    polls = run(schedule(billing_spread=0.0), 30.0)
    kinds = [k for _t, k, _a in polls]
    first = [n for n, k in enumerate(kinds) if k == BILLING]
    assert len(first) == 4 and polls[first[-1]][0] < 15.0
    assert all(kinds[a + 1:b].count(WATCH) == 8 for a, b in zip(first, first[1:], strict=False))


def test_rounds_follow_one_another_while_the_watch_is_always_due() -> None:
    """Four meters whose watch reads never catch up: every billing interval still gets its round (the
    round closed as its last poll was taken; before, it stayed open and billing stopped after one)."""
    s = schedule(billing_spread=0.8)
    polls = run(s, 450.0)
    billed = [t for t, k, _a in polls if k == BILLING]
    assert s.rounds >= 4 and len(billed) >= 16
    assert [sum(1 for t in billed if 100 * n <= t < 100 * (n + 1)) for n in range(4)] == [4, 4, 4, 4]
