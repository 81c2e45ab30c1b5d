"""Operations on a selection of rooms (issue 13 item 5): dry run, run, re-run with the same key, cancel, follow."""
from __future__ import annotations

import threading
from concurrent.futures import Future
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.batch import operations as ops
from app.campus import occupancy
from app.counter.ledger import Ledger
from app.counter.money import Money
from app.errors import InvalidAmount, InvalidInput, PermissionDenied
from app.metering import tariffs
from app.metering.runtime import meters
from app.metering.runtime.command_runner import CommandRunner
from app.metering.runtime.delivery import PurchaseDelivery
from app.metering.runtime.duties import prepaid_parameters
from app.metering.runtime.vocabulary import Branch
from db.models import (
    Account,
    AuditRecord,
    Bed,
    Building,
    BuildingPolicy,
    ElectricityMeter,
    LedgerEntry,
    MeterCommand,
    Purchase,
    QuotaGrant,
    Room,
)
from drivers.ddsy_records import BranchState, ForceMode, MeterStatus
from drivers.errors import MeterException
from tests.factories import AcceptingMeter, make_campus


@pytest.fixture
def campus(store):
    """B1-101, 102, 201, 202 with meters (202: nobody ever lived there, no account); B1-103 without
    meters but with a student (accounts open)."""
    c = make_campus(store)
    with store.write() as s:
        b = s.scalar(select(Building).where(Building.code == "B1"))
        room = Room(building_id=b.id, number="103", floor=1, beds=4, gender="M")
        s.add(room)
        s.flush()
        for k in range(4):
            s.add(Bed(room_id=room.id, label=str(k + 1)))
        c.rooms["B1-103"] = room.id
    for no, code in (("202610000", "B1-101"), ("202610001", "B1-102"), ("202620000", "B1-201"),
                     ("202610002", "B1-103")):
        occupancy.check_in(store, c.clerk, c.students[no], c.rooms[code])
    return c


def _all(c) -> list[int]:
    return [c.rooms[k] for k in ("B1-101", "B1-102", "B1-103", "B1-201", "B1-202")]


def _commands(store) -> list[MeterCommand]:
    with store.read() as s:
        rows = s.scalars(select(MeterCommand).order_by(MeterCommand.id)).all()
        s.expunge_all()
        return list(rows)


def _audits(store, action: str) -> int:
    with store.read() as s:
        return s.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == action))


def _set_meter(store, room_id: int, **values) -> None:
    with store.write() as s:
        m = s.scalar(select(ElectricityMeter).where(ElectricityMeter.room_id == room_id))
        for k, v in values.items():
            setattr(m, k, v)


class FakeBus:
    """The wire as the command runner sees it: each write answers at once, or the meter refuses it."""

    def __init__(self, refuse: set[int] = frozenset()) -> None:
        self.refuse = set(refuse)
        self.calls: list[tuple] = []

    def _answer(self, address: int) -> Future:
        f: Future = Future()
        if address in self.refuse:
            f.set_exception(MeterException(3, address=address, detail="forced control refused"))
        else:
            f.set_result(None)
        return f

    def set_forced_control(self, address, branch, mode):
        self.calls.append(("force", address, branch, mode))
        return self._answer(address)

    def set_linkage_lock(self, address, locked):
        self.calls.append(("linkage", address, locked))
        return self._answer(address)

    def write_prepaid(self, address, params):
        self.calls.append(("prepaid", address, params))
        return self._answer(address)


def _carry_out(store, bus: FakeBus) -> int:
    """A real command runner over a fake wire: takes the pending commands and records their outcome."""
    _buses, meter_map = meters.load(store)
    bus_id = next(iter({r.bus_id for r in meter_map.all()}))
    runner = CommandRunner(store, meter_map, {bus_id: bus}, now=clock.now)
    try:
        return runner.run_pending()
    finally:
        runner.stop()          # waits for the outcomes to be written


# ----- branch power ------------------------------------------------------------------------------

def test_power_off_plan_says_per_room_what_would_happen_and_writes_nothing(store, campus):
    c = campus
    _set_meter(store, c.rooms["B1-201"], status_word=int(MeterStatus.ALARM1),
               branch1_state=int(BranchState.FORCED_OPEN))           # sockets already forced off
    before = _audits(store, "meter.branch_power")
    plan = ops.plan_branch_power(store, c.clerk, _all(c) + [999_999, c.rooms["B1-101"]],
                                 branch=Branch.SOCKETS, mode=ForceMode.OPEN)
    by = {ln.room_id: ln for ln in plan.lines}
    assert [ln.room_id for ln in plan.lines] == _all(c) + [999_999]      # duplicates dropped, order kept
    assert (by[c.rooms["B1-101"]].status, by[c.rooms["B1-101"]].action) == ("do", "Power off the sockets branch.")
    assert by[c.rooms["B1-103"]].status == "skip"
    assert by[c.rooms["B1-103"]].reason == "This room has no electricity meter."
    assert by[c.rooms["B1-201"]].reason == "The sockets branch is already forced off."
    assert by[999_999].reason == "There is no such room."
    assert by[c.rooms["B1-202"]].status == "do"      # no account needed for power
    assert (plan.count("do"), plan.count("skip")) == (3, 3)
    assert plan.params == {"branch": 1, "mode": "OPEN"}
    assert _commands(store) == [] and _audits(store, "meter.branch_power") == before


def test_power_off_plan_skips_a_meter_on_a_switched_off_line(store, campus):
    c = campus
    from db.models import Bus
    with store.write() as s:
        for bus in s.scalars(select(Bus)):
            bus.enabled = False
    plan = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"]], branch=0, mode=ForceMode.OPEN)
    assert plan.lines[0].status == "skip" and "switched off" in plan.lines[0].reason


def test_power_off_run_stores_one_command_per_room_and_a_rerun_sends_nothing_twice(store, campus):
    c = campus
    plan = ops.plan_branch_power(store, c.clerk, _all(c), branch=Branch.SOCKETS, mode=ForceMode.OPEN)
    seen = []
    run = ops.run_branch_power(store, c.clerk, plan, key="cut-B1-2026-11-16", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(i, 5) for i in range(1, 6)]
    assert [(r.room_code, r.status) for r in run.results] == [
        ("B1-101", "pending"), ("B1-102", "pending"), ("B1-103", "skipped"), ("B1-201", "pending"),
        ("B1-202", "pending")]
    cmds = _commands(store)
    assert [(m.room_id, m.action, m.params, m.status, m.operator_id) for m in cmds] == [
        (c.rooms[k], "branch_power", {"branch": 1, "mode": "OPEN", "batch": "cut-B1-2026-11-16"}, "pending", c.clerk.id)
        for k in ("B1-101", "B1-102", "B1-201", "B1-202")]
    assert [r.command_id for r in run.results if r.command_id] == [m.id for m in cmds]
    assert _audits(store, "meter.branch_power") == 4             # the service's own record, once per room

    again = ops.run_branch_power(store, c.clerk, plan, key="cut-B1-2026-11-16")
    assert len(_commands(store)) == 4 and _audits(store, "meter.branch_power") == 4
    assert [r.command_id for r in again.results] == [r.command_id for r in run.results]
    assert all(r.repeated for r in again.results if r.command_id)

    # the same key for another command is refused per room, nothing sent
    on = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"]], branch=Branch.SOCKETS, mode=ForceMode.AUTO)
    clash = ops.run_branch_power(store, c.clerk, on, key="cut-B1-2026-11-16")
    assert clash.results[0].status == "failed" and "already used" in clash.results[0].reason
    assert len(_commands(store)) == 4


def test_follow_reports_done_and_failed_as_the_runtime_carries_the_commands_out(store, campus):
    c = campus
    plan = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"], c.rooms["B1-102"]],
                                 branch=Branch.AIR_CONDITIONING, mode=ForceMode.OPEN)
    run = ops.run_branch_power(store, c.clerk, plan, key="ac-off")
    assert ops.follow(store, run).count("pending") == 2 and not run.finished
    with store.read() as s:
        addr_102 = s.scalar(select(ElectricityMeter.address).where(ElectricityMeter.room_id == c.rooms["B1-102"]))
    bus = FakeBus(refuse={addr_102})
    assert _carry_out(store, bus) == 2
    assert sorted(call[1:] for call in bus.calls) == sorted(
        [(1, 2, ForceMode.OPEN), (addr_102, 2, ForceMode.OPEN)])
    now = ops.follow(store, run)
    assert now.finished
    r101, r102 = now.results
    assert (r101.status, r101.reason) == ("done", "")
    assert r102.status == "failed" and r102.reason.startswith("meter exception 03") and "forced control refused" in r102.reason

    # the same key again: the done room is left alone, the failed one is asked once more
    again = ops.run_branch_power(store, c.clerk, plan, key="ac-off")
    assert [(r.status, r.repeated) for r in again.results] == [("done", True), ("pending", False)]
    assert len(_commands(store)) == 3
    bus.refuse.clear()
    _carry_out(store, bus)
    assert [r.status for r in ops.follow(store, again).results] == ["done", "done"]


def test_follow_fails_a_command_nobody_carried_out_in_time(store, campus):
    c = campus
    plan = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"]], branch=0, mode=ForceMode.OPEN)
    run = ops.run_branch_power(store, c.clerk, plan, key="late")
    with clock.use(clock.RunningClock(clock.now() + timedelta(minutes=5))):
        late = ops.follow(store, run)
    assert late.results[0].status == "failed" and "in time" in late.results[0].reason
    assert _commands(store)[0].status == "failed"       # and no runtime will run it late


def test_power_on_is_back_to_the_meters_rules_and_skips_a_branch_already_there(store, campus):
    c = campus
    _set_meter(store, c.rooms["B1-101"], branch0_state=int(BranchState.RELAY_CLOSED))   # read, not forced
    _set_meter(store, c.rooms["B1-102"], branch0_state=int(BranchState.FORCED_OPEN))
    plan = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"], c.rooms["B1-102"], c.rooms["B1-201"]],
                                 branch=Branch.LIGHTING, mode=ForceMode.AUTO)
    assert [(ln.status, ln.reason) for ln in plan.lines] == [
        ("skip", "The lighting branch already follows the meter's own rules."), ("do", ""), ("do", "")]
    run = ops.run_branch_power(store, c.clerk, plan, key="on")
    assert [m.params["mode"] for m in _commands(store)] == ["AUTO", "AUTO"]
    assert run.count("skipped") == 1


def test_a_cancelled_power_run_continues_with_the_same_key(store, campus):
    c = campus
    plan = ops.plan_branch_power(store, c.clerk, _all(c), branch=Branch.SOCKETS, mode=ForceMode.OPEN)
    stop = threading.Event()
    first = ops.run_branch_power(store, c.clerk, plan, key="k", cancel=stop,
                                 progress=lambda done, total: stop.set() if done == 2 else None)
    assert first.cancelled
    assert [r.status for r in first.results] == ["pending", "pending", "skipped", "cancelled", "cancelled"]
    assert len(_commands(store)) == 2
    rest = ops.run_branch_power(store, c.clerk, plan, key="k")
    assert not rest.cancelled and [r.status for r in rest.results] == ["pending"] * 2 + ["skipped"] + ["pending"] * 2
    assert len(_commands(store)) == 4 and _audits(store, "meter.branch_power") == 4


def test_bad_branch_power_input_is_refused(store, campus):
    c = campus
    with pytest.raises(InvalidInput):
        ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"]], branch=7, mode=ForceMode.OPEN)
    plan = ops.plan_branch_power(store, c.clerk, [c.rooms["B1-101"]], branch=0, mode=ForceMode.OPEN)
    for key in ("", "  x", "k" * 61):
        with pytest.raises(InvalidInput):
            ops.run_branch_power(store, c.clerk, plan, key=key)
    with pytest.raises(InvalidInput):
        ops.run_linkage(store, c.admin, plan, key="k")           # a plan of another operation
    assert _commands(store) == []


# ----- subsidy -----------------------------------------------------------------------------------

def _entries(store, kind: str = "subsidy") -> list[tuple[int, int]]:
    with store.read() as s:
        return [tuple(r) for r in s.execute(select(LedgerEntry.account_id, LedgerEntry.amount_fen)
                                            .where(LedgerEntry.kind == kind).order_by(LedgerEntry.id))]


def _account(store, room_id: int, utility: str) -> int:
    with store.read() as s:
        return s.scalar(select(Account.id).where(Account.room_id == room_id, Account.utility == utility))


def test_electricity_subsidy_posts_exact_fen_and_queues_the_credit_for_the_meter(store, campus):
    c = campus
    plan = ops.plan_subsidy(store, c.admin, _all(c), utility="electricity", amount=Money(1234),
                            memo="winter subsidy")
    by = {ln.room_id: ln for ln in plan.lines}
    assert by[c.rooms["B1-101"]].action == "Subsidy of ¥12.34 to the electricity account."
    assert by[c.rooms["B1-103"]].reason.startswith("This room has no electricity meter")
    assert by[c.rooms["B1-202"]].reason == "This room has no account yet; check a student in first."
    assert _entries(store) == []                                 # a dry run posts nothing
    run = ops.run_subsidy(store, c.admin, plan, key="winter-2026")
    done = [c.rooms[k] for k in ("B1-101", "B1-102", "B1-201")]
    assert [r.room_id for r in run.results if r.status == "done"] == done
    assert _entries(store) == [(_account(store, rid, "electricity"), 1234) for rid in done]
    ledger = Ledger(store)
    assert [ledger.balance(_account(store, rid, "electricity")) for rid in done] == [Money(1234)] * 3
    with store.read() as s:
        purchases = s.execute(select(Purchase.meter_id, Purchase.kind, Purchase.amount, Purchase.status,
                                     Purchase.ledger_entry_id).order_by(Purchase.id)).all()
        meter_of = dict(s.execute(select(ElectricityMeter.room_id, ElectricityMeter.id)).all())
    assert [(p.meter_id, p.kind, p.amount, p.status) for p in purchases] == [
        (meter_of[rid], 1, 1234, "pending") for rid in done]
    assert [p.ledger_entry_id for p in purchases] == [r.entry_id for r in run.results if r.status == "done"]
    assert _audits(store, "ledger.subsidy") == 3
    assert all(r.delivery == "pending" for r in run.results if r.status == "done")

    again = ops.run_subsidy(store, c.admin, plan, key="winter-2026")
    assert [r.status for r in again.results if r.room_id in done] == ["done"] * 3
    assert all(r.repeated and r.reason == ops.ALREADY_POSTED for r in again.results if r.room_id in done)
    with store.read() as s:
        assert s.scalar(select(func.count(Purchase.id))) == 3
    assert len(_entries(store)) == 3 and _audits(store, "ledger.subsidy") == 3

    PurchaseDelivery(store, AcceptingMeter()).deliver_pending()
    assert [r.delivery for r in ops.follow(store, run).results if r.status == "done"] == ["delivered"] * 3


def test_water_subsidy_is_the_ledger_entry_only(store, campus):
    c = campus
    plan = ops.plan_subsidy(store, c.admin, _all(c), utility="water", amount=Money(501))
    assert [ln.status for ln in plan.lines] == ["do", "do", "do", "do", "skip"]    # B1-103 has no meter: fine
    run = ops.run_subsidy(store, c.admin, plan, key="w")
    assert run.count("done") == 4
    assert [amount for _acc, amount in _entries(store)] == [501] * 4
    with store.read() as s:
        assert s.scalar(select(func.count(Purchase.id))) == 0
        keys = set(s.scalars(select(AuditRecord.after["key"].as_string())
                             .where(AuditRecord.action == "ledger.subsidy")))
    assert keys == {f"w-room{c.rooms[k]}" for k in ("B1-101", "B1-102", "B1-103", "B1-201")}


def test_a_cancelled_subsidy_continues_and_pays_nobody_twice(store, campus):
    c = campus
    plan = ops.plan_subsidy(store, c.admin, _all(c), utility="water", amount=Money(250))
    stop = threading.Event()
    first = ops.run_subsidy(store, c.admin, plan, key="half", cancel=stop,
                            progress=lambda done, total: stop.set() if done == 1 else None)
    assert [r.status for r in first.results] == ["done", "cancelled", "cancelled", "cancelled", "skipped"]
    assert len(_entries(store)) == 1
    rest = ops.run_subsidy(store, c.admin, plan, key="half")
    assert [r.status for r in rest.results] == ["done"] * 4 + ["skipped"]
    assert [r.repeated for r in rest.results[:4]] == [True, False, False, False]
    assert [amount for _acc, amount in _entries(store)] == [250] * 4
    assert sum(Ledger(store).balance(_account(store, c.rooms[k], "water")).fen
               for k in ("B1-101", "B1-102", "B1-103", "B1-201")) == 1000


def test_a_clerk_may_not_grant_a_subsidy(store, campus):
    c = campus
    with pytest.raises(PermissionDenied):
        ops.plan_subsidy(store, c.clerk, _all(c), utility="water", amount=Money(100))
    plan = ops.plan_subsidy(store, c.admin, _all(c), utility="water", amount=Money(100))
    with pytest.raises(PermissionDenied):
        ops.run_subsidy(store, c.clerk, plan, key="clerk")
    assert _entries(store) == [] and _audits(store, "ledger.subsidy") == 0


def test_bad_subsidy_input_and_a_key_reused_for_another_amount(store, campus):
    c = campus
    with pytest.raises(InvalidAmount):
        ops.plan_subsidy(store, c.admin, _all(c), utility="water", amount=Money(0))
    with pytest.raises(InvalidInput):
        ops.plan_subsidy(store, c.admin, _all(c), utility="gas", amount=Money(100))
    with pytest.raises(InvalidInput):
        ops.plan_subsidy(store, c.admin, _all(c), utility="water", amount=12.5)
    one = [c.rooms["B1-101"]]
    ops.run_subsidy(store, c.admin, ops.plan_subsidy(store, c.admin, one, utility="water", amount=Money(100)), key="k")
    other = ops.run_subsidy(store, c.admin, ops.plan_subsidy(store, c.admin, one, utility="water", amount=Money(200)),
                            key="k")
    assert other.results[0].status == "failed" and "already used" in other.results[0].reason
    assert [amount for _acc, amount in _entries(store)] == [100]


# ----- free quota --------------------------------------------------------------------------------

def _grants(store) -> list[tuple]:
    with store.read() as s:
        return [tuple(r) for r in s.execute(
            select(QuotaGrant.room_id, QuotaGrant.rule_id, QuotaGrant.utility, QuotaGrant.amount,
                   QuotaGrant.idempotency_key, QuotaGrant.purchase_id, QuotaGrant.ledger_entry_id,
                   QuotaGrant.expired_at).order_by(QuotaGrant.id))]


def _purchases(store) -> list[tuple[int, int, int, str]]:
    with store.read() as s:
        return [tuple(r) for r in s.execute(select(Purchase.meter_id, Purchase.kind, Purchase.amount, Purchase.status)
                                            .order_by(Purchase.id))]


class RecordingMeter(AcceptingMeter):
    """The wire as the outbox sees it: every purchase lands, and the meter keeps what it was sent."""

    def __init__(self) -> None:
        self.orders: list[tuple[int, int, int]] = []

    def deliver(self, meter_id, order, sequence):
        self.orders.append((meter_id, int(order.kind), order.amount))
        return super().deliver(meter_id, order, sequence)


def test_typed_free_quota_goes_through_the_exact_path(store, campus):
    assert ops.parse_free_quota("electricity", "12.5") == 1250
    assert ops.parse_free_quota("electricity", " 12.50 kWh") == 1250
    assert ops.parse_free_quota("electricity", "１２．５") == 1250            # a Chinese input method's digits
    assert ops.parse_free_quota("water", "500") == 500
    assert ops.parse_free_quota("water", "500 L") == 500
    with pytest.raises(InvalidAmount, match="“12,5” is not an amount of energy.*such as 12.5"):
        ops.parse_free_quota("electricity", "12,5")
    with pytest.raises(InvalidAmount, match="more than two decimals; the meter counts 0.01 kWh"):
        ops.parse_free_quota("electricity", "12.345")
    with pytest.raises(InvalidAmount, match="not a whole number of litres"):
        ops.parse_free_quota("water", "12.5")
    for bad in ("1e3", "-5", "", "0", "1,000", "12 5"):
        with pytest.raises(InvalidAmount):
            ops.parse_free_quota("water", bad)
    with pytest.raises(TypeError):
        ops.parse_free_quota("electricity", 12.5)
    with pytest.raises(InvalidInput):
        ops.plan_free_quota(store, campus.admin, _all(campus), utility="electricity", amount=12.5)
    with pytest.raises(InvalidAmount):
        ops.plan_free_quota(store, campus.admin, _all(campus), utility="electricity", amount=0)
    with pytest.raises(InvalidInput):
        ops.plan_free_quota(store, campus.admin, _all(campus), utility="gas", amount=100)
    with pytest.raises(InvalidInput, match="No water tariff"):
        ops.plan_free_quota(store, campus.admin, _all(campus), utility="water", amount=100)
    assert _grants(store) == [] and _purchases(store) == [] and _entries(store) == []


def test_electricity_free_quota_is_free_energy_for_each_meter_once(store, campus):
    c = campus
    from db.models import Bus
    with store.write() as s:                                       # B1-201's meter on a line switched off
        off = Bus(name="bus-off", port="socket://127.0.0.1:5021", baud=9600, parity="N", enabled=False)
        s.add(off)
        s.flush()
        s.scalar(select(ElectricityMeter).where(ElectricityMeter.room_id == c.rooms["B1-201"])).bus_id = off.id
    plan = ops.plan_free_quota(store, c.admin, _all(c) + [999_999], utility="electricity",
                               amount=ops.parse_free_quota("electricity", "12.5"), memo="exam week")
    by = {ln.room_id: ln for ln in plan.lines}
    assert (by[c.rooms["B1-101"]].status, by[c.rooms["B1-101"]].action, by[c.rooms["B1-101"]].note) == (
        "do", "Free quota of 12.5 kWh, as free energy on the meter.", ops.ONE_OFF_NOTE)
    assert [(ln.room_code, ln.status, ln.reason) for ln in plan.lines if ln.status == "skip"] == [
        ("B1-103", "skip", ops.NO_METER), ("B1-201", "skip", ops.LINE_OFF), ("B1-202", "skip", ops.NO_ACCOUNT),
        ("", "skip", ops.NO_ROOM)]
    assert plan.params == {"utility": "electricity", "amount": 1250, "unit_price": 0, "memo": "exam week"}
    assert _grants(store) == [] and _purchases(store) == []              # a dry run grants nothing

    run = ops.run_free_quota(store, c.admin, plan, key="exam-2026")
    done = [c.rooms["B1-101"], c.rooms["B1-102"]]
    assert [(r.room_id, r.status) for r in run.results if r.status != "skipped"] == [(rid, "done") for rid in done]
    with store.read() as s:
        meter_of = dict(s.execute(select(ElectricityMeter.room_id, ElectricityMeter.id)).all())
    assert _purchases(store) == [(meter_of[rid], 2, 1250, "pending") for rid in done]     # kind 2, 0.01 kWh
    grants = _grants(store)
    assert [g[:5] for g in grants] == [(rid, None, "electricity", 1250, f"exam-2026-quota{rid}") for rid in done]
    assert [g[5] for g in grants] == [r.purchase_id for r in run.results if r.status == "done"]
    assert _entries(store) == []                     # free energy is not money: no ledger entry
    assert _audits(store, "quota.grant") == 2 and _audits(store, "ledger.subsidy") == 0

    meter = RecordingMeter()
    PurchaseDelivery(store, meter).deliver_pending()
    assert meter.orders == [(meter_of[rid], 2, 1250) for rid in done]           # the meters received it
    assert [r.delivery for r in ops.follow(store, run).results if r.status == "done"] == ["delivered"] * 2

    again = ops.run_free_quota(store, c.admin, plan, key="exam-2026")
    assert [(r.status, r.repeated, r.reason) for r in again.results if r.room_id in done] == [
        ("done", True, ops.ALREADY_POSTED)] * 2
    assert len(_purchases(store)) == 2 and len(_grants(store)) == 2 and _audits(store, "quota.grant") == 2

    more = ops.plan_free_quota(store, c.admin, done, utility="electricity", amount=2000)
    clash = ops.run_free_quota(store, c.admin, more, key="exam-2026")
    assert [r.status for r in clash.results] == ["failed", "failed"]
    assert clash.results[0].reason == ("The batch key exam-2026 was already used for a different free quota on this "
                                       "room; nothing was granted. Use a new key.")
    assert len(_purchases(store)) == 2 and len(_grants(store)) == 2


def test_electricity_free_quota_warns_where_a_rule_will_clear_it(store, campus):
    c = campus
    from app.metering import quota

    quota.add_rule(store, c.admin, utility="electricity", scope="room", period="month", amount=1000,
                   carry_over=True, valid_from=clock.today())
    plan = ops.plan_free_quota(store, c.admin, [c.rooms["B1-101"]], utility="electricity", amount=100)
    assert plan.lines[0].note == ops.ONE_OFF_NOTE               # carried over: nothing clears the meter
    quota.add_rule(store, c.admin, utility="electricity", scope="room", period="month", amount=1000,
                   valid_from=clock.today())                     # not carried over: kind 4 at its period's end
    plan = ops.plan_free_quota(store, c.admin, [c.rooms["B1-101"]], utility="electricity", amount=100)
    assert plan.lines[0].note == ops.ONE_OFF_CLEARED_NOTE


def test_water_free_quota_is_a_subsidy_worth_the_litres_at_the_tariff(store, campus):
    c = campus
    tariffs.set_price(store, c.admin, "water", 45_000, clock.today() - timedelta(days=30))     # 4.50 CNY/m³
    plan = ops.plan_free_quota(store, c.admin, _all(c), utility="water",
                               amount=ops.parse_free_quota("water", "333"))
    # 333 L × 4.50 CNY/m³ = 1.4985 CNY: whole fen, rounded down, as the quota rules do
    assert plan.lines[0].action == "Free quota of 333 L, worth ¥1.49 at 4.5 CNY/m³, to the water account."
    assert [(ln.room_code, ln.status, ln.reason) for ln in plan.lines] == [
        ("B1-101", "do", ""), ("B1-102", "do", ""), ("B1-103", "skip", ops.NO_WATER_METER), ("B1-201", "do", ""),
        ("B1-202", "skip", ops.NO_ACCOUNT)]
    # a new price from tomorrow on changes nothing: the run grants what the dry run showed
    tariffs.set_price(store, c.admin, "water", 90_000, clock.today())
    run = ops.run_free_quota(store, c.admin, plan, key="heat")
    done = [c.rooms[k] for k in ("B1-101", "B1-102", "B1-201")]
    assert run.count("done") == 3
    assert _entries(store) == [(_account(store, rid, "water"), 149) for rid in done]
    assert [Ledger(store).balance(_account(store, rid, "water")) for rid in done] == [Money(149)] * 3
    grants = _grants(store)
    assert [g[:5] for g in grants] == [(rid, None, "water", 333, f"heat-quota{rid}") for rid in done]
    assert [g[6] for g in grants] == [r.entry_id for r in run.results if r.status == "done"]
    assert _purchases(store) == []
    # one record per room: the ledger's own
    assert _audits(store, "ledger.subsidy") == 3 and _audits(store, "quota.grant") == 0
    again = ops.run_free_quota(store, c.admin, plan, key="heat")
    assert all(r.repeated for r in again.results if r.status == "done")
    assert len(_entries(store)) == 3 and _audits(store, "ledger.subsidy") == 3


def test_a_cancelled_free_quota_continues_and_grants_nobody_twice(store, campus):
    c = campus
    plan = ops.plan_free_quota(store, c.admin, _all(c), utility="electricity", amount=500)
    stop = threading.Event()
    first = ops.run_free_quota(store, c.admin, plan, key="half", cancel=stop,
                               progress=lambda done, total: stop.set() if done == 1 else None)
    assert [r.status for r in first.results] == ["done", "cancelled", "skipped", "cancelled", "skipped"]
    rest = ops.run_free_quota(store, c.admin, plan, key="half")
    assert [r.status for r in rest.results] == ["done", "done", "skipped", "done", "skipped"]
    assert [r.repeated for r in rest.results if r.status == "done"] == [True, False, False]
    assert [amount for _m, _k, amount, _s in _purchases(store)] == [500] * 3


def test_only_who_keeps_the_quota_rules_grants_free_quota(store, campus):
    c = campus
    for who in (c.clerk, c.tech):
        with pytest.raises(PermissionDenied):
            ops.plan_free_quota(store, who, _all(c), utility="electricity", amount=100)
    plan = ops.plan_free_quota(store, c.admin, _all(c), utility="electricity", amount=100)
    with pytest.raises(PermissionDenied):
        ops.run_free_quota(store, c.clerk, plan, key="clerk")
    assert _grants(store) == [] and _purchases(store) == []


def test_one_off_grants_count_in_the_quota_report_and_never_expire(store, campus, tmp_path):
    c = campus
    import openpyxl

    from app.metering import quota
    from app.reports import data, xlsx

    tariffs.set_price(store, c.admin, "water", 45_000, clock.today() - timedelta(days=30))
    for utility, amount in (("electricity", 1250), ("water", 2000)):
        ops.run_free_quota(store, c.admin, ops.plan_free_quota(store, c.admin, _all(c), utility=utility,
                                                               amount=amount), key=f"once-{utility}")
    today = clock.today()
    report = data.subsidies(store, c.admin, today, today)
    assert [(q.rule_id, q.utility, q.period_key, q.rooms, q.granted, q.used, q.expired_rooms) for q in report.quota] == [
        (None, "electricity", today.isoformat(), 3, 3750, 0, 0), (None, "water", today.isoformat(), 3, 6000, 0, 0)]
    assert [(x.building_code, x.rooms, x.granted_fen) for x in report.by_building] == [("B1", 3, 3 * 900)]
    xlsx.write_report(tmp_path / "subsidies.xlsx", xlsx.subsidy_sections(report))
    sheet = openpyxl.load_workbook(tmp_path / "subsidies.xlsx").worksheets[1]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["期间 Period", "类别 Utility", "规则 Rule"]
    assert [r[:5] for r in rows[1:]] == [[today.isoformat(), "electricity", None, 3, 3750],
                                         [today.isoformat(), "water", None, 3, 6000]]     # no rule: left empty
    # the quota rules' run, a month and more later, leaves them alone
    quota.run_quota(store, today + timedelta(days=45))
    assert all(g[7] is None for g in _grants(store))
    assert len(_purchases(store)) == 3          # nothing cleared or granted for them


# ----- linkage lock ------------------------------------------------------------------------------

def test_linkage_lock_per_room_for_an_administrator_only(store, campus):
    c = campus
    with pytest.raises(PermissionDenied):
        ops.plan_linkage(store, c.clerk, _all(c), locked=True)
    _set_meter(store, c.rooms["B1-102"], status_word=int(MeterStatus.LINKAGE_LOCK))
    with store.write() as s:     # B1 under a prepaid policy: billing will have its say again
        s.add(BuildingPolicy(building_id=s.scalar(select(Building.id)), water_linkage=True, water_limit_fen=0,
                             recharge_pays_water_debt=False, close_valve_on_arrears=False))
    plan = ops.plan_linkage(store, c.admin, _all(c), locked=True)
    assert [(ln.room_code, ln.status) for ln in plan.lines] == [
        ("B1-101", "do"), ("B1-102", "skip"), ("B1-103", "skip"), ("B1-201", "do"), ("B1-202", "do")]
    assert plan.lines[1].reason == "The linkage lock is already set."
    assert plan.lines[0].note == ops.LINKAGE_POLICY_NOTE
    run = ops.run_linkage(store, c.admin, plan, key="lock-1")
    assert run.count("pending") == 3
    assert [(m.action, m.params) for m in _commands(store)] == [("linkage", {"locked": True, "batch": "lock-1"})] * 3
    assert _audits(store, "meter.linkage") == 3
    bus = FakeBus()
    _carry_out(store, bus)
    assert [call[0::2] for call in bus.calls] == [("linkage", True)] * 3
    assert ops.follow(store, run).count("done") == 3
    ops.run_linkage(store, c.admin, plan, key="lock-1")
    assert len(_commands(store)) == 3
    with pytest.raises(PermissionDenied):
        ops.run_linkage(store, c.clerk, plan, key="lock-2")


def test_every_operation_of_the_issue_is_offered():
    assert set(ops.OPERATIONS) == {"branch_power", "subsidy", "free_quota", "linkage", "price_push"}


# ----- price push --------------------------------------------------------------------------------

def test_price_push_writes_the_price_in_force_to_each_reachable_meter(store, campus):
    c = campus
    with pytest.raises(InvalidInput, match="No electricity tariff"):
        ops.plan_price_push(store, c.tech, _all(c))
    tariffs.add_tariff(store, c.admin, utility="electricity", unit_price="0.6120", valid_from=clock.today())
    plan = ops.plan_price_push(store, c.tech, _all(c))
    lines = {ln.room_code: ln for ln in plan.lines}
    assert lines["B1-103"].status == "skip" and "no electricity meter" in lines["B1-103"].reason.lower()
    assert lines["B1-101"].action == "Write the price 0.6120 CNY/kWh and the prepaid settings to the meter."
    assert plan.count("do") == 4 and _commands(store) == []                       # the dry run sent nothing
    run = ops.run_price_push(store, c.tech, plan, key="price-2026-12")
    assert run.count("pending") == 4 and _audits(store, "meter.prepaid") == 4
    bus = FakeBus()
    assert _carry_out(store, bus) == 4
    assert {call[0] for call in bus.calls} == {"prepaid"}
    assert {call[2].unit_price_centifen for call in bus.calls} == {6120}
    assert all(call[2] == prepaid_parameters(6120) for call in bus.calls)
    assert ops.follow(store, run).count("done") == 4
    again = ops.run_price_push(store, c.tech, plan, key="price-2026-12")           # nothing sent twice
    assert all(r.repeated for r in again.results if r.status != "skipped") and _carry_out(store, bus) == 0
