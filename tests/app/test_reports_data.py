"""The office's report figures (issue 13, item 6) on a small campus with known money and readings:
takings by day, month, method and operator with a refund and a reversal netted, and the campus-day
edge at midnight (a recharge at 23:30 on the month's last day is that month's, one at 07:30 on the
1st is the next month's although UTC still says the 31st); consumption across a month boundary with
its ranking, the water register's wrap and a reversed charge; the daily series adding up to the
month; the heat-map grid; arrears in their ageing buckets; subsidies and free quota; meter lines;
alarms; reconciliation findings; and the permission."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app import clock
from app.access import Actor
from app.campus import occupancy
from app.counter.ledger import Ledger, Line
from app.counter.money import Money
from app.errors import InvalidInput, PermissionDenied
from app.reports import data
from db.models import (
    Account,
    Alarm,
    ElectricityMeter,
    ElectricityReading,
    QuotaGrant,
    QuotaRule,
    ReconciliationFinding,
    WaterMeter,
    WaterReading,
)
from tests.factories import make_campus

SYSTEM = Actor.system()
OCT = (date(2026, 10, 1), date(2026, 10, 31))
NOV = (date(2026, 11, 1), date(2026, 11, 16))


def campus_time(y, mo, d, h=12, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=clock.CAMPUS_TZ)


class Money_:
    """Posts ledger entries at chosen campus times."""

    def __init__(self, store, campus):
        self.store, self.campus, self.ledger, self.n = store, campus, Ledger(store), 0
        with store.write() as s:
            for room_id in campus.rooms.values():
                occupancy.ensure_accounts(s, room_id)
        with store.read() as s:
            self.accounts = {(room, a.utility): a.id for room, rid in campus.rooms.items()
                             for a in s.query(Account).filter(Account.room_id == rid)}

    def _key(self) -> str:
        self.n += 1
        return f"t-{self.n}"

    def at(self, when: datetime, fn, *args, **kw):
        with clock.use(clock.FixedClock(when)):
            return fn(*args, key=self._key(), **kw)

    def recharge(self, when, room, fen, method="cash", actor=None, utility="electricity", ref=None):
        return self.at(when, self.ledger.recharge, actor or self.campus.clerk, self.accounts[(room, utility)],
                       Money(fen), method=method, external_ref=ref).entry.id

    def refund(self, when, room, fen, actor=None, utility="electricity"):
        return self.at(when, self.ledger.refund, actor or self.campus.clerk, self.accounts[(room, utility)],
                       Money(fen)).entry.id

    def reverse(self, when, entry_id, actor=None):
        return self.at(when, self.ledger.reverse, actor or self.campus.admin, entry_id, reason="typed twice")

    def consume(self, when, room, fen, utility="electricity"):
        return self.at(when, self.ledger.consumption, SYSTEM, self.accounts[(room, utility)], Money(fen)).entry.id

    def subsidy(self, when, room, fen, utility="water"):
        return self.at(when, self.ledger.subsidy, SYSTEM, self.accounts[(room, utility)], Money(fen)).entry.id


@pytest.fixture
def campus(store):
    return make_campus(store, rooms_per_gender=2, beds=4, students_per_gender=2)


@pytest.fixture
def money(store, campus):
    return Money_(store, campus)


def meters(store, campus) -> dict[tuple[str, str], int]:
    with store.read() as s:
        out = {}
        for code, rid in campus.rooms.items():
            out[(code, "electricity")] = s.query(ElectricityMeter.id).filter(ElectricityMeter.room_id == rid).scalar()
            out[(code, "water")] = s.query(WaterMeter.id).filter(WaterMeter.room_id == rid).scalar()
        return out


def read(store, campus, readings):
    """readings: (room code, utility, campus time, register value)."""
    m = meters(store, campus)
    with store.write() as s:
        for code, utility, at, value in readings:
            if utility == "electricity":
                s.add(ElectricityReading(meter_id=m[(code, utility)], taken_at=at, incoming_cwh=value, branch0_cwh=0,
                                         branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=0, purchase_count=0,
                                         status=0))
            else:
                s.add(WaterReading(meter_id=m[(code, utility)], taken_at=at, volume_l=value, valve_state=1, status=0))


# ----- takings ----------------------------------------------------------------------------------


def post_takings(money, campus):
    money.recharge(campus_time(2026, 10, 5, 10), "B1-101", 10000, "cash")
    money.recharge(campus_time(2026, 10, 5, 11), "B1-102", 5000, "wechat", actor=campus.admin, ref="WX-1")
    money.refund(campus_time(2026, 10, 10, 9), "B1-101", 2000)
    typed_twice = money.recharge(campus_time(2026, 10, 12, 9), "B1-201", 3000, "cash")
    money.reverse(campus_time(2026, 10, 12, 9, 5), typed_twice)
    # 23:30 on the month's last campus day: October's (15:30 UTC)
    money.recharge(campus_time(2026, 10, 31, 23, 30), "B1-202", 4000, "alipay", ref="ALI-1")
    # 07:30 on November 1st, campus time: November's, although UTC still says 23:30 on October 31st
    money.recharge(campus_time(2026, 11, 1, 7, 30), "B1-202", 6000, "campus_card", ref="CC-1")
    # not takings: a consumption charge and a subsidy
    money.consume(campus_time(2026, 10, 20), "B1-101", 700)
    money.subsidy(campus_time(2026, 10, 20), "B1-101", 500)


def test_takings_by_day_month_method_and_operator_net_refunds_and_reversals(store, campus, money):
    post_takings(money, campus)
    t = data.takings(store, campus.clerk, *OCT)
    assert (t.total.recharges, t.total.recharge_fen, t.total.refunds, t.total.refund_fen) == (4, 22000, 1, 2000)
    assert (t.total.reversals, t.total.reversal_fen, t.total.net_fen) == (1, -3000, 17000)
    days = {x.key: x.net_fen for x in t.by_day}
    assert len(t.by_day) == 31 and days["2026-10-01"] == 0
    assert (days["2026-10-05"], days["2026-10-10"], days["2026-10-12"], days["2026-10-31"]) == (15000, -2000, 0, 4000)
    assert [(x.key, x.net_fen) for x in t.by_month] == [("2026-10", 17000)]
    methods = {x.key: (x.label, x.recharge_fen, x.refund_fen, x.reversal_fen, x.net_fen) for x in t.by_method}
    assert methods == {"cash": ("现金 Cash", 13000, 2000, -3000, 8000),
                       "wechat": ("微信支付 WeChat Pay", 5000, 0, 0, 5000),
                       "alipay": ("支付宝 Alipay", 4000, 0, 0, 4000)}
    assert [x.key for x in t.by_method] == ["cash", "wechat", "alipay"]          # the office's order
    ops = {x.label: x.net_fen for x in t.by_operator}
    assert ops == {"王芳": 15000, "Admin": 2000}              # the reversal is the admin's, who posted it
    nov = data.takings(store, campus.admin, *NOV)
    assert [(x.key, x.net_fen) for x in nov.by_day if x.net_fen] == [("2026-11-01", 6000)]
    assert nov.total.net_fen == 6000
    both = data.takings(store, campus.admin, date(2026, 10, 1), date(2026, 11, 30))
    assert [(x.key, x.net_fen) for x in both.by_month] == [("2026-10", 17000), ("2026-11", 6000)]
    assert data.takings_trend(store, campus.tech, *OCT)[4] == (date(2026, 10, 5), 15000)
    water = data.takings(store, campus.admin, *OCT, utility="water")
    assert water.total.net_fen == 0


# ----- consumption ------------------------------------------------------------------------------


def post_consumption(store, money, campus):
    read(store, campus, [
        ("B1-101", "electricity", campus_time(2026, 9, 30, 0, 5), 1000),      # the opening reading
        ("B1-101", "electricity", campus_time(2026, 10, 15), 5000),
        ("B1-101", "electricity", campus_time(2026, 10, 31, 23, 50), 9000),   # October's (15:50 UTC)
        ("B1-101", "electricity", campus_time(2026, 11, 1, 0, 10), 9500),     # November's (UTC: Oct 31)
        ("B1-102", "electricity", campus_time(2026, 10, 3), 200),             # no reading before October
        ("B1-102", "electricity", campus_time(2026, 10, 20), 12200),
        ("B1-201", "electricity", campus_time(2026, 10, 10), 100),
        ("B1-201", "electricity", campus_time(2026, 10, 11), 2100),
        ("B1-101", "water", campus_time(2026, 9, 30), 4_294_967_000),         # about to wrap
        ("B1-101", "water", campus_time(2026, 10, 20), 500),
    ])
    money.consume(campus_time(2026, 10, 20), "B1-101", 4800)
    wrong = money.consume(campus_time(2026, 10, 20), "B1-102", 1000)
    money.reverse(campus_time(2026, 10, 21), wrong)
    money.consume(campus_time(2026, 10, 20), "B1-101", 300, utility="water")
    money.consume(campus_time(2026, 11, 1, 7, 30), "B1-101", 999)              # November's


def test_consumption_by_building_and_room_is_ranked_across_the_month_boundary(store, campus, money):
    post_consumption(store, money, campus)
    c = data.consumption(store, campus.clerk, *OCT)
    ranked = [(u.rank, u.code, u.electricity_cwh, u.water_l, u.electricity_fen, u.water_fen) for u in c.by_room]
    assert ranked == [(1, "B1-102", 12000, 0, 0, 0), (2, "B1-101", 8000, 796, 4800, 300),
                      (3, "B1-201", 2000, 0, 0, 0), (4, "B1-202", 0, 0, 0, 0)]
    assert (c.unread_electricity, c.unread_water) == (1, 3)    # B1-202's meter; all water meters but B1-101's
    (b,) = c.by_building
    assert (b.rank, b.code, b.rooms, b.electricity_cwh, b.water_l, b.electricity_fen, b.water_fen) == (
        1, "B1", 4, 22000, 796, 4800, 300)
    assert (c.total.electricity_cwh, c.total.money_fen) == (22000, 5100)
    by_water = data.consumption(store, campus.clerk, *OCT, rank_by="water")
    assert by_water.by_room[0].code == "B1-101"
    nov = data.consumption(store, campus.clerk, *NOV)
    assert {u.code: u.electricity_cwh for u in nov.by_room}["B1-101"] == 500   # from October's last reading
    assert nov.total.electricity_fen == 999
    with pytest.raises(InvalidInput):
        data.consumption(store, campus.clerk, *OCT, rank_by="noise")


def test_the_daily_series_adds_up_to_the_month_and_the_grid_lays_out_floors(store, campus, money):
    post_consumption(store, money, campus)
    days = data.daily_consumption(store, campus.clerk, *OCT)
    assert len(days) == 31
    nonzero = {p.day.day: (p.electricity_cwh, p.water_l, p.consumption_fen) for p in days
               if p.electricity_cwh or p.water_l or p.consumption_fen}
    assert nonzero == {11: (2000, 0, 0), 15: (4000, 0, 0), 20: (12000, 796, 6100), 21: (0, 0, -1000),
                       31: (4000, 0, 0)}
    assert sum(p.electricity_cwh for p in days) == data.consumption(store, campus.clerk, *OCT).total.electricity_cwh
    with store.read() as s:
        from db.models import Building
        building_id = s.query(Building.id).filter(Building.code == "B1").scalar()
    grid = data.room_grid(store, campus.clerk, building_id, *OCT)
    assert grid.floors == (1, 2)
    assert [[(c.number, c.value) for c in row] for row in grid.rows] == [
        [("101", 8000), ("102", 12000)], [("201", 2000), ("202", 0)]]
    assert grid.max_value == 12000


# ----- arrears ----------------------------------------------------------------------------------


def test_arrears_fall_into_their_ageing_buckets(store, campus, money):
    occupancy.check_in(store, campus.clerk, campus.students["202610000"], campus.rooms["B1-101"])
    money.consume(campus_time(2026, 10, 16), "B1-101", 1000)                       # 31 days: 31–60
    money.recharge(campus_time(2026, 10, 1), "B1-101", 500, utility="water")      # positive: not listed
    money.consume(campus_time(2026, 6, 1), "B1-102", 1000)                         # negative, then
    money.recharge(campus_time(2026, 7, 1), "B1-102", 2000)                        # back above zero, then
    money.consume(campus_time(2026, 10, 17), "B1-102", 1500)                       # 30 days: 0–30
    money.consume(campus_time(2026, 11, 16, 8), "B1-102", 700, utility="water")    # today: 0–30
    money.consume(campus_time(2026, 8, 18), "B1-201", 2000)                        # 90 days: 61–90
    money.consume(campus_time(2026, 8, 17), "B1-201", 3000, utility="water")       # 91 days: over 90
    money.consume(campus_time(2026, 9, 27), "B1-202", 500)                         # 50 days: 31–60
    money.consume(campus_time(2026, 11, 1), "B1-202", 500)                         # still the same debt
    with clock.use(clock.FixedClock(campus_time(2026, 11, 16, 15))):
        a = data.arrears(store, campus.clerk)
    assert a.as_of == date(2026, 11, 16)
    assert [(r.code, r.utility, r.balance_fen, r.age_days, r.bucket) for r in a.rows] == [
        ("B1-201", "water", -3000, 91, "over 90"), ("B1-201", "electricity", -2000, 90, "61–90"),
        ("B1-202", "electricity", -1000, 50, "31–60"), ("B1-101", "electricity", -1000, 31, "31–60"),
        ("B1-102", "electricity", -500, 30, "0–30"), ("B1-102", "water", -700, 0, "0–30")]
    assert a.rows[3].since == date(2026, 10, 16) and a.rows[3].occupants == "学生M0 (202610000)"
    assert [(b.label, b.accounts, b.owed_fen) for b in a.buckets] == [
        ("0–30", 2, 1200), ("31–60", 2, 2000), ("61–90", 1, 2000), ("over 90", 1, 3000)]
    assert (a.accounts, a.owed_fen) == (6, 8200)


# ----- subsidies, quota, lines, alarms, findings ---------------------------------------------------


def test_subsidies_and_free_quota_use(store, campus, money):
    money.subsidy(campus_time(2026, 10, 1, 0, 1), "B1-101", 1500)
    money.subsidy(campus_time(2026, 10, 1, 0, 1), "B1-102", 1500)
    money.subsidy(campus_time(2026, 10, 31, 23), "B1-102", 400)
    with clock.use(clock.FixedClock(campus_time(2026, 10, 31, 23, 59))):          # unused quota taken back
        money.ledger.post(SYSTEM, "quota-expire", "subsidy",
                          [Line(money.accounts[("B1-101", "water")], "subsidy", Money(-600), memo="unused quota")])
    read(store, campus, [("B1-101", "water", campus_time(2026, 9, 30), 1000),
                         ("B1-101", "water", campus_time(2026, 10, 20), 1800)])
    with store.write() as s:
        rule = QuotaRule(utility="water", scope="room", period="month", amount=2000, carry_over=False,
                         valid_from=date(2026, 9, 1))
        erule = QuotaRule(utility="electricity", scope="room", period="month", amount=1000, carry_over=False,
                          valid_from=date(2026, 9, 1))
        s.add_all([rule, erule])
        s.flush()
        s.add(QuotaGrant(rule_id=rule.id, utility="water", room_id=campus.rooms["B1-101"], period_key="2026-10",
                         amount=2000,
                         granted_at=clock.day_start(date(2026, 10, 1)),
                         expired_at=clock.day_start(date(2026, 11, 1))))
        s.add(QuotaGrant(rule_id=erule.id, utility="electricity", room_id=campus.rooms["B1-102"],
                         period_key="2026-10", amount=1000,
                         granted_at=clock.day_start(date(2026, 10, 1))))
        meter = s.query(ElectricityMeter.id).filter(ElectricityMeter.room_id == campus.rooms["B1-102"]).scalar()
        s.add(ElectricityReading(meter_id=meter, taken_at=campus_time(2026, 10, 9), incoming_cwh=5, branch0_cwh=0,
                                 branch1_cwh=0, branch2_cwh=0, balance_fen=0, free_cwh=350, purchase_count=0,
                                 status=0))
    r = data.subsidies(store, campus.admin, *OCT)
    assert [(x.building_code, x.rooms, x.granted_fen, x.withdrawn_fen, x.net_fen) for x in r.by_building] == [
        ("B1", 2, 3400, 600, 2800)]
    assert [(q.utility, q.period_key, q.rooms, q.granted, q.used, q.left, q.expired_rooms) for q in r.quota] == [
        ("water", "2026-10", 1, 2000, 800, 1200, 1), ("electricity", "2026-10", 1, 1000, 650, 350, 0)]
    assert r.quota[0].use_rate == 0.4
    assert r.total.net_fen == 2800


def test_meter_lines_online_rate_and_read_success(store, campus, money):
    post_consumption(store, money, campus)
    with store.write() as s:
        for m in s.query(ElectricityMeter).order_by(ElectricityMeter.id).limit(3):
            m.online = True
    r = data.meter_lines(store, campus.tech, *OCT, interval_s=86400)
    (line,) = r.lines
    assert (line.name, line.meters, line.online, line.online_rate) == ("bus-1", 8, 3, 3 / 8)
    assert (line.readings, line.meter_days, line.days_read) == (7, 248, 7)
    assert line.read_rate == 7 / 248 and line.expected_readings == 248
    assert data.meter_lines(store, campus.tech, *OCT).lines[0].expected_readings is None


def test_alarms_by_kind_and_findings(store, campus):
    room = campus.rooms["B1-101"]
    with store.write() as s:
        s.add_all([Alarm(kind="arrears", room_id=room, raised_at=campus_time(2026, 10, 2), message="m"),
                   Alarm(kind="arrears", room_id=campus.rooms["B1-102"], raised_at=campus_time(2026, 10, 3),
                         message="m", acknowledged_at=campus_time(2026, 10, 4)),
                   Alarm(kind="meter_offline", room_id=room, raised_at=campus_time(2026, 10, 31, 23, 59), message="m"),
                   Alarm(kind="meter_offline", room_id=room, raised_at=campus_time(2026, 11, 1, 0, 1), message="m")])
        acc = s.query(Account.id).filter(Account.room_id == room).first()
        s.add_all([ReconciliationFinding(kind="balance", account_id=acc and acc[0], host_value=1000, meter_value=950,
                                         details={}, found_at=campus_time(2026, 10, 5)),
                   ReconciliationFinding(kind="reading_review", meter_id=3, details={},
                                         found_at=campus_time(2026, 10, 6), resolved_at=campus_time(2026, 10, 7),
                                         note="meter swapped")])
    a = data.alarms(store, campus.clerk, *OCT)
    assert [(x.kind, x.label, x.raised, x.acknowledged, x.still_open, x.rooms) for x in a.by_kind] == [
        ("arrears", "Arrears", 2, 1, 1, 2), ("meter_offline", "Meter offline", 1, 0, 1, 1)]
    assert (a.total.raised, a.total.rooms) == (3, 2)
    f = data.findings(store, campus.admin, *OCT)
    assert [(x.kind, x.difference, x.resolved_at is None) for x in f.rows] == [
        ("reading_review", None, False), ("balance", -50, True)]
    assert (f.found, f.still_open) == (2, 1)
    loads = data.malignant_loads(store, campus.clerk, *OCT)
    assert loads.totals.meter_trips == 0


def test_reports_need_the_permission_and_a_period_that_runs_forwards(store, campus):
    stranger = Actor(id=None, login="guest", role="guest")
    for fn in (data.takings, data.consumption, data.alarms, data.findings, data.subsidies, data.meter_lines):
        with pytest.raises(PermissionDenied):
            fn(store, stranger, *OCT)
    with pytest.raises(PermissionDenied):
        data.arrears(store, stranger)
    with pytest.raises(InvalidInput, match="ends"):
        data.takings(store, campus.clerk, date(2026, 10, 31), date(2026, 10, 1))
