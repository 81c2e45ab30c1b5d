"""Push and verify on the wire: a meter runtime on a simulated line of 8 DDSY meters (real RTU bytes
through a pty), the policy keeper inside it, and the meters' own registers read from the simulator.

The desired configurations are injected (the store's policies have tests of their own): two
configurations, 6 + 2 meters, so the calendar goes out by one broadcast, the lighting schedule by a
broadcast plus two unicasts.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from app import clock
from app.metering.runtime.runtime import MeterRuntime
from app.policies import push
from app.policies.model import NO_POLICY, BranchPlan, MeterConfig, Period, PolicyPlan
from app.policies.sync import REASONS
from db.models import Bus as BusRow
from db.models import ElectricityMeter
from db.models_power import MeterPolicyState, PolicyPush
from drivers.bus_clock import day_number, meter_seconds
from drivers.ddsy_params import calendar_values, schedule_values
from drivers.ddsy_records import Calendar
from drivers.rtu import frame
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.factories import make_campus
from tests.waiting import wait_for

BAUD = 19200
T0 = datetime(2026, 11, 16, 10, 0, tzinfo=clock.CAMPUS_TZ)
TERM = Calendar(True, day_number(date(2026, 9, 1)), day_number(date(2027, 1, 15)), 0x60,
                ((day_number(date(2026, 10, 1)), day_number(date(2026, 10, 7))),))
NEW_TERM = Calendar(True, day_number(date(2026, 9, 1)), day_number(date(2027, 1, 17)), 0x60,
                    ((day_number(date(2026, 10, 1)), day_number(date(2026, 10, 7))),
                     (day_number(date(2027, 1, 1)), day_number(date(2027, 1, 3)))))
UNDERGRAD = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=(Period(1380, 360),), restday=(Period(30, 360),)),
    BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=(Period(1380, 360),)),
    BranchPlan(standby=True, standby_ma=80, standby_s=120)))
GRADUATE = PolicyPlan((BranchPlan(), UNDERGRAD.branches[1], UNDERGRAD.branches[2]))
OLD = MeterConfig(TERM, NO_POLICY.blocks())
NEW = MeterConfig(NEW_TERM, UNDERGRAD.blocks())
NEW_GRAD = MeterConfig(NEW_TERM, GRADUATE.blocks())
GRAD_ADDRESSES = (7, 8)


class CampusClock(clock.RunningClock):
    """Campus time running at the machine's pace from T0, moved on by `advance` (a day passes)."""

    def __init__(self) -> None:
        super().__init__(T0)
        self.offset = timedelta(0)

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> None:
        self.offset += delta if delta is not None else timedelta(**kwargs)

    def now(self) -> datetime:
        return super().now() + self.offset


class Rig:
    def __init__(self, store: Any, tmp_path: Any) -> None:
        self.store = store
        self.campus = make_campus(store, rooms_per_gender=4)          # 8 rooms, meters at 1..8
        self.clock = CampusClock()
        self.previous = clock.install(self.clock)
        with store.read() as s:
            self.ids = dict(s.execute(select(ElectricityMeter.address, ElectricityMeter.id)).all())
            self.bus_id = s.scalar(select(BusRow.id))
        self.want = {mid: OLD for mid in self.ids.values()}
        self.fleet = Fleet(meters=8, water=8, seed=5, start_clock=meter_seconds(clock.local(T0)), physics=False)
        self.line = VirtualLine(self.fleet, baud=BAUD, speed=0, link=str(tmp_path / "ttyRS485"))
        self.line.start()
        with store.write() as s:
            s.execute(update(BusRow).values(port=self.line.client_path, baud=BAUD))
        self.svc = MeterRuntime(store, billing_interval_s=1.0, delivery_interval_s=5.0, now=self.clock.now,
                                bus_options={"password": 1946, "probe_backoff_s": 0.3, "probe_backoff_max_s": 0.6})
        self.sync = self.svc.policy_sync
        self.sync.desired = lambda s, day, ids: {m: self.want[m] for m in ids if m in self.want}
        self.sync.settle_s = 0.05
        self.svc.start()

    @property
    def bus(self) -> Any:
        return self.svc.buses[self.bus_id]

    def states(self) -> dict[int, tuple[str, str, datetime | None]]:
        with self.store.read() as s:
            return {r.meter_id: (r.state, r.reason, r.checked_at) for r in s.scalars(select(MeterPolicyState))}

    def all_in_sync(self) -> bool:
        st = self.states()
        return len(st) == 8 and all(v[0] == "sync" for v in st.values())

    def held(self, address: int) -> tuple[dict[str, int], ...]:
        """What the simulated meter holds: its calendar and three schedule blocks, as registers."""
        with self.line.fleet_lock:
            p = dict(self.fleet.meters[address].params)
        cal = {k: p[k] for k in calendar_values(TERM)}
        return (cal, *({k: p[k] for k in schedule_values(b, NO_POLICY.blocks()[b])} for b in range(3)))

    def holds(self, address: int, config: MeterConfig) -> bool:
        return self.held(address) == (calendar_values(config.calendar),
                                      *(schedule_values(b, config.schedules[b]) for b in range(3)))

    def set_new(self) -> None:
        for address, mid in self.ids.items():
            self.want[mid] = NEW_GRAD if address in GRAD_ADDRESSES else NEW

    def push(self) -> int:
        return push.request_push(self.store, self.campus.tech)

    def status(self, pid: int) -> push.PushStatus:
        with self.store.read() as s:
            return push.push_status(s, pid)

    def close(self) -> None:
        self.svc.stop()
        self.line.stop()
        clock.install(self.previous)


@pytest.fixture
def rig(store, tmp_path) -> Iterator[Rig]:
    r = Rig(store, tmp_path)
    try:
        assert wait_for(r.all_in_sync, timeout=60), r.states()       # a new line is brought in line by itself
        assert all(r.holds(a, OLD) for a in r.ids)
        yield r
    finally:
        r.close()



def test_a_push_broadcasts_what_meters_share_and_every_meter_holds_its_own(rig: Rig) -> None:
    trace = rig.bus.port.start_trace(4000)
    rig.set_new()
    pid = rig.push()
    assert wait_for(lambda: rig.status(pid).status == "done", timeout=60)
    for address in rig.ids:
        assert rig.holds(address, NEW_GRAD if address in GRAD_ADDRESSES else NEW), address
    assert rig.all_in_sync()
    [line] = rig.status(pid).lines
    assert (line.total, line.done, line.failed) == (8, 8, 0)

    def recorded_done() -> bool:          # the keeper marks the push's row done once it sees every meter checked
        with rig.store.read() as s:
            return s.get(PolicyPush, pid).status == "done"
    assert wait_for(recorded_done, timeout=30)
    sent = [f.data for f in trace.frames() if f.note == "broadcast" and f.data[1] == 0x10]
    starts = {int.from_bytes(d[2:4], "big") for d in sent}
    assert {0x0400, 0x0500} <= starts                      # calendar and lighting went out by broadcast
    unicast_lighting = [f.data for f in trace.frames() if f.direction == "out" and f.data[0] != 0
                        and f.data[1] == 0x10 and int.from_bytes(f.data[2:4], "big") == 0x0500]
    assert sorted(d[0] for d in unicast_lighting) == list(GRAD_ADDRESSES)   # only the graduates' own


def test_a_push_whose_meters_an_earlier_pass_already_brought_in_line_is_done(rig: Rig) -> None:
    """A pass that began just before the push was asked (it read no running push) writes the new plan
    and marks every meter in sync after the push: the push's own pass then has nothing to write, and
    must still mark the push done rather than leave it "running" for ever (it did, about one run in
    three under load)."""
    rig.sync.stop()                                     # the test runs the passes itself, in this order
    rig.set_new()
    pid = rig.push()
    with rig.store.write() as s:                        # what the earlier pass recorded after the push
        for row in s.scalars(select(MeterPolicyState)):
            row.state, row.reason, row.checked_at = "sync", "", rig.clock.now()
            row.digest = rig.want[row.meter_id].digest()
    assert rig.status(pid).status == "done"             # every meter checked since it was asked ...
    rig.sync.run_pass(clock.campus_date(rig.clock.now()))
    with rig.store.read() as s:
        assert s.get(PolicyPush, pid).status == "done"  # ... and the push's own pass says so


def test_a_dead_meter_is_pending_with_the_reason_and_synced_when_it_answers_again(rig: Rig) -> None:
    rig.line.faults.set_dead(3, True)
    rig.set_new()
    pid = rig.push()
    assert wait_for(lambda: rig.status(pid).status == "done", timeout=60)
    st = rig.states()
    assert st[rig.ids[3]][:2] == ("pending", REASONS["no_answer"])
    assert [v[0] for m, v in st.items() if m != rig.ids[3]] == ["sync"] * 7
    assert rig.holds(3, OLD)
    rig.line.faults.set_dead(3, False)                    # it comes back: verified and written
    assert wait_for(lambda: rig.states()[rig.ids[3]][0] == "sync", timeout=60)
    assert rig.holds(3, NEW)


def test_a_meter_refusing_a_block_fails_with_the_reason_and_the_others_are_fine(rig: Rig) -> None:
    meter = rig.fleet.meters[5]
    original = meter.write

    def refusing(start: int, words: Any, regs: Any, broadcast: bool) -> int | None:
        if 0x0580 <= start < 0x05A8:                       # the air-conditioning schedule block
            return 3
        return original(start, words, regs, broadcast)

    with rig.line.fleet_lock:
        meter.write = refusing
    rig.set_new()
    pid = rig.push()
    assert wait_for(lambda: rig.status(pid).status == "done", timeout=60)
    state, reason, _ = rig.states()[rig.ids[5]]
    assert (state, reason) == ("failed", "The meter refused the air-conditioning schedule (exception 03).")
    held = rig.held(5)
    assert held[3] == schedule_values(2, OLD.schedules[2])          # the old block, whole
    assert held[:3] == (calendar_values(NEW.calendar), *(schedule_values(b, NEW.schedules[b]) for b in range(2)))
    others = [a for a in rig.ids if a != 5]
    assert all(rig.holds(a, NEW_GRAD if a in GRAD_ADDRESSES else NEW) for a in others)
    [line] = rig.status(pid).lines
    assert (line.done, line.failed) == (7, 1)


def test_a_cancelled_push_leaves_every_block_old_or_new_never_mixed(rig: Rig) -> None:
    bus = rig.bus
    original = bus.submit_broadcast
    cancelled: list[int] = []

    def submit_broadcast(op: Any, **kw: Any) -> Any:
        fut = original(op, **kw)
        if kw.get("label") == "policy" and not cancelled:     # the calendar went out: cancel now
            fut.result(10)
            push.cancel_push(rig.store, rig.campus.tech, pid)
            cancelled.append(pid)
        return fut

    bus.submit_broadcast = submit_broadcast
    rig.set_new()
    pid = rig.push()
    assert wait_for(lambda: rig.status(pid).status == "cancelled", timeout=30)
    assert wait_for(lambda: all(v[1] == push.CANCELLED_REASON for v in rig.states().values()), timeout=30)
    for address in rig.ids:
        held = rig.held(address)
        assert held[0] in (calendar_values(OLD.calendar), calendar_values(NEW.calendar))
        assert held[1:] == tuple(schedule_values(b, OLD.schedules[b]) for b in range(3))
    assert all(v[0] == "pending" for v in rig.states().values())
    bus.submit_broadcast = original
    pid = rig.push()                                      # the next push completes it
    assert wait_for(lambda: rig.status(pid).status == "done", timeout=60)
    assert all(rig.holds(a, NEW_GRAD if a in GRAD_ADDRESSES else NEW) for a in rig.ids)


def test_a_power_loss_is_seen_the_clock_set_and_the_schedules_verified_again(rig: Rig) -> None:
    mid = rig.ids[2]
    before = rig.states()[mid][2]
    rig.clock.advance(minutes=5)
    with rig.line.fleet_lock:
        rig.fleet.power_loss(2)
        rig.fleet.power_up(2)
        assert not rig.fleet.meters[2].clock_set              # status bit 8
    assert wait_for(lambda: rig.states()[mid][2] > before, timeout=60)
    assert rig.states()[mid][0] == "sync"
    with rig.line.fleet_lock:
        assert rig.fleet.meters[2].clock_set
    assert rig.holds(2, OLD)


def test_a_power_loss_whose_clock_bit_a_broadcast_cleared_first_is_seen_by_its_power_up_event(rig: Rig) -> None:
    """A clock broadcast (any policy pass begins with one) can reach a meter that just came back before
    the billing poll reads its status bit 8: the bit is gone, but event 12 (power up) stays in the
    meter's log until the host takes it, so the schedules are still verified again."""
    mid = rig.ids[2]
    before = rig.states()[mid][2]
    rig.clock.advance(minutes=5)
    seconds = meter_seconds(clock.local(rig.clock.now()))
    broadcast = frame(bytes([0, 0x10, 0x08, 0x00, 0x00, 0x02, 0x04]) + seconds.to_bytes(4, "big"))
    with rig.line.fleet_lock:
        rig.fleet.power_loss(2)
        rig.fleet.power_up(2)
        assert rig.fleet.handle_frame(broadcast, BAUD) is None        # a broadcast gets no reply
        assert rig.fleet.meters[2].clock_set                        # bit 8 cleared before any poll saw it
    assert wait_for(lambda: rig.states()[mid][2] > before, timeout=60), rig.states()[mid]
    assert rig.states()[mid][0] == "sync"
    assert rig.holds(2, OLD)


def test_the_daily_check_finds_a_schedule_changed_behind_our_back_and_rewrites_it(rig: Rig) -> None:
    with rig.line.fleet_lock:
        meter = rig.fleet.meters[4]
        meter.params["branch0_schedule_flags"] = 1          # someone set lights-off 10:00-12:00 at the meter
        meter.params["branch0_workday0_start"] = 600
        meter.params["branch0_workday0_end"] = 720
        meter._apply_params()
    assert not rig.holds(4, OLD)
    checked = {m: v[2] for m, v in rig.states().items()}
    rig.clock.advance(timedelta(days=1))                  # the campus date changes
    rig.sync.check_now()
    assert wait_for(lambda: all(v[2] > checked[m] for m, v in rig.states().items()), timeout=60)
    assert rig.holds(4, OLD)
    assert rig.all_in_sync()



def test_a_replaced_meter_is_given_the_configuration_when_it_first_answers(rig: Rig) -> None:
    from app.metering.replacement import replace_meter

    rig.sync.desired = lambda s, day, ids: {m: rig.want.get(m, OLD) for m in ids}
    with rig.line.fleet_lock:                               # the new meter at address 5 holds factory settings
        meter = rig.fleet.meters[5]
        meter.params["branch0_schedule_flags"] = 1
        meter.params["branch0_workday0_start"] = 600
        meter.params["branch0_workday0_end"] = 720
        meter._apply_params()
    assert not rig.holds(5, OLD)
    done = replace_meter(rig.store, rig.campus.tech, kind="ddsy", old_meter_id=rig.ids[5], new_serial="24009005",
                         initial_reading=0, key="replace-5")
    new_id = done.new_meter_id
    assert new_id is not None and new_id != rig.ids[5]
    assert wait_for(lambda: rig.states().get(new_id, ("",))[0] == "sync", timeout=60), rig.states()
    assert rig.holds(5, OLD)


def test_load_control_and_slots_go_out_by_unicast_and_are_read_back(rig: Rig) -> None:
    from dataclasses import replace

    from app.loads.profiles import SOCKETS, LoadPlan
    from drivers.ddsy_params import load_control_values, slot_values
    from drivers.ddsy_records import SignatureSlot

    plan = LoadPlan()
    kettle = SignatureSlot(1, 1650, 998, 25, 12, 30, 150, 8)
    dispenser = SignatureSlot(2, 500, 999, 10, 5, 20, 120, 16)
    campus = (dispenser, kettle) + (SignatureSlot(0),) * 30
    own = (dispenser, SignatureSlot(2, 350, 995, 20, 10, 40, 80, 24), kettle) + (SignatureSlot(0),) * 29
    trace = rig.bus.port.start_trace(6000)
    for address, mid in rig.ids.items():
        rig.want[mid] = replace(NEW, loads=plan.branches, slots=own if address == 4 else campus)
    pid = rig.push()
    assert wait_for(lambda: rig.status(pid).status == "done", timeout=60)
    assert rig.all_in_sync()
    for address in rig.ids:
        with rig.line.fleet_lock:
            p = dict(rig.fleet.meters[address].params)
        assert all(p[k] == v for b in range(3) for k, v in load_control_values(b, plan.branches[b]).items())
        slots = own if address == 4 else campus
        assert all(p[k] == v for i, z in enumerate(slots) for k, v in slot_values(i, z).items()), address
    assert rig.fleet.meters[1].branches[1].load.max_power == SOCKETS.max_power_w
    # §10 and §11 take no broadcast: every meter got its own writes of 0x0600.. and 0x0700..
    frames = [f.data for f in trace.frames() if f.direction == "out" and f.data[1] == 0x10]
    starts = [(d[0], int.from_bytes(d[2:4], "big")) for d in frames]
    assert not [s for a, s in starts if a == 0 and 0x0600 <= s < 0x0800]
    assert {a for a, s in starts if s == 0x0700} == set(rig.ids)
