from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.clock import CAMPUS_TZ
from app.counter.settlement_policy import Entry, Stay, allocate, daily_shares, settle
from app.errors import InvalidInput


def t(day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CAMPUS_TZ)


A = Stay(1, "202610001", "张伟", t(1, 0), None)
B = Stay(2, "202610002", "李娜", t(1, 0), None)
C = Stay(3, "202610003", "王磊", t(1, 0), None)


class Book:
    """A room account written the way the ledger writes it."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def add(self, at: datetime, kind: str, fen: int, student: int | None = None, reverses: int | None = None) -> int:
        self.entries.append(Entry(len(self.entries) + 1, at, kind, fen, student, reverses))
        return len(self.entries)

    def daily(self, first: int, last: int, fen: int) -> None:
        for d in range(first, last + 1):
            self.add(t(d), "consumption", -fen)


def test_student_who_paid_everything_and_left_half_way_gets_paid_in_less_half_of_their_days():
    a = Stay(1, "202610001", "张伟", t(1, 0), t(15, 12))
    book = Book()
    book.add(t(1, 9), "recharge", 30000, student=1)
    book.add(t(1, 9), "recharge", 20000, student=2)
    book.daily(1, 15, 1000)

    s = settle([a, B], book.entries, 1, t(15, 12))

    assert (s.paid_in_fen, s.share_of_consumption_fen, s.due_fen) == (30000, 7500, 22500)
    assert (s.refundable_fen, s.owed_fen) == (22500, 0)
    assert len(s.days) == 15 and s.days[0].occupants == ("202610001", "202610002")
    assert all(d.consumption_fen == 1000 and d.share_fen == 500 for d in s.days)
    assert "Refundable now: ¥225.00." in s.explanation

    # The roommate stays on alone, pays nothing more, and leaves at the end of the month owing the
    # exact amount the account is overdrawn by.
    book.add(t(15, 12), "refund", -s.refundable_fen, student=1)
    book.daily(16, 30, 1000)
    b = settle([a, B], book.entries, 2, t(30, 20))
    assert (b.paid_in_fen, b.share_of_consumption_fen) == (20000, 7500 + 15000)
    assert (b.refundable_fen, b.owed_fen) == (0, 2500)
    assert b.room_balance_fen == -2500
    assert "The student owes ¥25.00." in b.explanation


def test_student_who_never_paid_owes_their_share_and_gets_nothing():
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    book.daily(1, 4, 900)
    c = Stay(3, "202610003", "王磊", t(3, 14), t(4, 10))     # two days, both counted in full

    s = settle([A, B, c], book.entries, 3, t(4, 10))

    assert s.paid_in_fen == 0
    assert [(d.day.day, d.occupants, d.share_fen) for d in s.days] == [
        (3, ("202610001", "202610002", "202610003"), 300),
        (4, ("202610001", "202610002", "202610003"), 300),
    ]
    assert (s.share_of_consumption_fen, s.refundable_fen, s.owed_fen) == (600, 0, 600)


def test_subsidies_are_spent_first_in_time_order_and_never_refunded():
    book = Book()
    book.add(t(1, 0), "recharge", 10000, student=1)
    book.add(t(1, 0), "recharge", 10000, student=2)
    book.add(t(1, 7), "subsidy", 1500)
    book.daily(1, 3, 1000)                       # day 1 covered, day 2 half covered, day 3 not at all
    book.add(t(3, 20), "subsidy", 3000)           # comes after the consumption: covers nothing yet

    s = settle([A, B], book.entries, 1, t(3, 21))

    assert [(d.consumption_fen, d.covered_fen, d.share_fen) for d in s.days] == [
        (1000, 1000, 0), (1000, 500, 250), (1000, 0, 500)]
    assert (s.share_of_consumption_fen, s.due_fen, s.refundable_fen) == (750, 9250, 9250)
    assert s.room_balance_fen == 20000 + 4500 - 3000
    assert (s.unspent_subsidy_fen, s.room_refundable_fen) == (3000, 18500)
    assert "subsidies are never refunded" in s.explanation


def test_subsidy_alone_is_not_refundable():
    book = Book()
    book.add(t(1, 0), "subsidy", 5000)
    book.daily(1, 2, 1000)

    s = settle([A], book.entries, 1, t(2, 12))

    assert (s.share_of_consumption_fen, s.refundable_fen, s.owed_fen) == (0, 0, 0)
    assert s.room_balance_fen == 3000 and s.room_refundable_fen == 0


def test_a_reversed_entry_and_its_reversal_both_drop_out():
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    wrong = book.add(t(1, 10), "recharge", 5000, student=1)
    book.add(t(1, 11), "reversal", -5000, student=1, reverses=wrong)
    charged_twice = book.add(t(2), "consumption", -800)
    book.add(t(2, 9), "reversal", 800, reverses=charged_twice)
    book.add(t(2, 10), "consumption", -800)

    s = settle([A, B], book.entries, 1, t(3))

    assert s.recharged_fen == 10000
    assert [(d.day.day, d.consumption_fen, d.share_fen) for d in s.days] == [(2, 800, 400)]
    assert s.due_fen == 9600 and s.room_balance_fen == 9200
    assert s.refundable_fen == 9200 and s.held_back_fen == 400


def test_refunds_already_paid_and_transfers_in_the_students_name_count_as_paid_in():
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    book.add(t(2, 9), "refund", -3000, student=1)
    book.add(t(2, 9), "transfer", 2000, student=1)     # brought from their previous room
    book.add(t(2, 9), "transfer", -500)                # room money moved to water: nobody's

    s = settle([A], book.entries, 1, t(3))

    assert (s.recharged_fen, s.refunded_fen, s.transferred_fen, s.paid_in_fen) == (10000, 3000, 2000, 9000)
    assert s.refundable_fen == 8500 and s.held_back_fen == 500


def test_entries_after_check_out_are_ignored():
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    book.add(t(5, 9), "consumption", -10000)
    s = settle([A], book.entries, 1, t(4))
    assert s.refundable_fen == 10000 and s.days == ()


def test_days_are_campus_days_and_a_stay_ending_at_midnight_does_not_count_the_next_day():
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    # 17:30 UTC on the 1st is 01:30 on the 2nd in Shanghai.
    book.add(datetime(2026, 11, 1, 17, 30, tzinfo=UTC), "consumption", -600)
    b = Stay(2, "202610002", "李娜", t(1, 0), t(2, 0))
    shares = daily_shares([A, b], book.entries, t(3))
    assert shares == {date(2026, 11, 2): {"202610001": 600}}


def test_odd_amount_split_three_ways_adds_up_and_ties_go_to_lower_student_numbers():
    assert allocate(100, {"202610003": 1, "202610001": 1, "202610002": 1}) == {
        "202610001": 34, "202610002": 33, "202610003": 33}
    assert allocate(-100, dict.fromkeys("abc", 1)) == {"a": -34, "b": -33, "c": -33}
    assert allocate(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}

    book = Book()
    book.add(t(1, 9), "recharge", 1000, student=1)
    book.add(t(1, 10), "consumption", -100)
    shares = [settle([A, B, C], book.entries, sid, t(2)).share_of_consumption_fen for sid in (1, 2, 3)]
    assert shares == [34, 33, 33] and sum(shares) == 100


def test_equal_split_divides_the_refundable_balance_among_those_present_at_check_out():
    gone = Stay(4, "202610004", "赵敏", t(1, 0), t(2, 0))
    book = Book()
    book.add(t(1, 9), "recharge", 10000, student=1)
    book.add(t(1, 9), "subsidy", 100)
    book.add(t(2, 9), "recharge", 1, student=2)     # balance 10001 + 100 subsidy
    parts = [settle([A, B, C, gone], book.entries, sid, t(3), policy="equal_split") for sid in (1, 2, 3)]
    assert [p.refundable_fen for p in parts] == [3334, 3334, 3333]
    assert sum(p.refundable_fen for p in parts) == 10001
    assert parts[0].days == () and parts[0].share_of_consumption_fen == 0
    assert "split equally" in parts[0].explanation


def test_refusals_are_sentences():
    book = Book()
    book.add(t(1, 9), "recharge", 100, student=1)
    with pytest.raises(InvalidInput, match="no stay in this room"):
        settle([A], book.entries, 99, t(2))
    with pytest.raises(InvalidInput, match="not yet moved into this room"):
        settle([Stay(5, "202610005", "周杰", t(10), None)], book.entries, 5, t(2))
    with pytest.raises(InvalidInput, match="not a settlement policy"):
        settle([A], book.entries, 1, t(2), policy="whatever")
    with pytest.raises(InvalidInput, match="no time zone"):
        settle([A], book.entries, 1, datetime(2026, 11, 2))
    book.add(t(1, 10), "reversal", 300, reverses=77)
    with pytest.raises(InvalidInput, match="does not undo"):
        settle([A], book.entries, 1, t(2))
    with pytest.raises(InvalidInput, match="impossible amount"):
        settle([A], [Entry(1, t(1), "consumption", 500)], 1, t(2))


# ----- the invariant over random histories ------------------------------------------------------------

START = t(1, 0)


@st.composite
def histories(draw):
    n = draw(st.integers(1, 4))
    stays = []
    for i in range(n):
        begin = draw(st.integers(0, 9 * 24))
        length = draw(st.integers(1, 10 * 24 - begin))
        end = START + timedelta(hours=begin + length)
        stays.append(Stay(i + 1, f"2026100{i + 1:02d}", f"S{i}", START + timedelta(hours=begin),
                          None if draw(st.booleans()) and i == 0 else end))
    rng = random.Random(draw(st.integers(0, 2**32)))
    book = Book()
    for _ in range(draw(st.integers(0, 40))):
        at = START + timedelta(minutes=rng.randrange(10 * 24 * 60))
        kind = rng.choice(["recharge", "recharge", "consumption", "consumption", "consumption", "subsidy",
                           "refund", "transfer", "reversal"])
        who = rng.randint(1, n)
        if kind == "reversal":
            open_ = [e for e in book.entries if e.kind != "reversal" and e.created_at <= at
                     and all(r.reverses_id != e.id for r in book.entries)]
            if open_:
                e = rng.choice(open_)
                book.add(at, "reversal", -e.amount_fen, e.student_id, reverses=e.id)
            continue
        fen = rng.choice([1, 2, 3, 7, 100, rng.randint(1, 20000)])
        sign = -1 if kind in ("consumption", "refund") or (kind == "transfer" and rng.random() < .5) else 1
        book.add(at, kind, sign * fen, who if kind in ("recharge", "refund", "transfer") else None)
    rng.shuffle(book.entries)
    return stays, book


def _uncovered_when_someone_present(stays, entries, at):
    """An independent walk: consumption left after subsidies, on days at least one student was present."""
    reversed_ = {e.reverses_id for e in entries if e.kind == "reversal"}
    live = sorted((e for e in entries if e.kind != "reversal" and e.id not in reversed_ and e.created_at <= at),
                  key=lambda e: (e.created_at, e.id))
    pool, total = 0, 0
    for e in live:
        if e.kind == "subsidy":
            pool += e.amount_fen
        elif e.kind == "consumption":
            cover = min(pool, -e.amount_fen)
            pool -= cover
            day = e.created_at.astimezone(CAMPUS_TZ).date()
            if any(s.start_at.astimezone(CAMPUS_TZ).date() <= day and
                   (s.end_at is None or day < (s.end_at - timedelta(microseconds=1)).astimezone(CAMPUS_TZ).date()
                    + timedelta(days=1)) for s in stays):
                total += -e.amount_fen - cover
    return total


@settings(max_examples=300, deadline=None, database=None)
@given(histories())
def test_everyone_settling_the_same_day_shares_exactly_and_never_overdraws(history):
    stays, book = history
    at = START + timedelta(days=10)
    first = {s.student_id: settle(stays, book.entries, s.student_id, at) for s in stays}

    assert sum(s.share_of_consumption_fen for s in first.values()) == \
        _uncovered_when_someone_present(stays, book.entries, at)
    assert sum(s.due_fen for s in first.values()) == \
        sum(s.paid_in_fen for s in first.values()) - sum(s.share_of_consumption_fen for s in first.values())
    one = next(iter(first.values()))
    pot = one.room_balance_fen - one.unspent_subsidy_fen

    # One after another, each refund posted before the next settles.
    paid_out = 0
    for sid in sorted(first, key=lambda k: first[k].student_no):
        s = settle(stays, book.entries, sid, at)
        assert 0 <= s.refundable_fen <= s.room_refundable_fen
        assert s.refundable_fen == 0 or s.owed_fen == 0
        if s.refundable_fen:
            book.add(at, "refund", -s.refundable_fen, sid)
            paid_out += s.refundable_fen
    assert paid_out <= max(0, pot)
    last = settle(stays, book.entries, one.student_id, at)
    assert last.room_balance_fen - last.unspent_subsidy_fen >= min(pot, 0)
    assert last.unspent_subsidy_fen == one.unspent_subsidy_fen

    split = [settle(stays, book.entries, sid, at, "equal_split") for sid in first]
    present = [s for s in split if any(st_.student_id == s.student_id and (st_.end_at is None or st_.end_at >= at)
                                       for st_ in stays)]
    if len(present) == len(split):
        assert sum(s.due_fen for s in split) == last.room_balance_fen - last.unspent_subsidy_fen
