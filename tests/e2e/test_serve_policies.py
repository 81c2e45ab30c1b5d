"""Power policies the way an office runs them: the administrator sets a term, a day off and a
lights-off policy in the store, asks for a push, and `python main.py serve` (a separate process owning
a simulated line, real RTU bytes on a pty) puts it on the meters; afterwards the meters themselves are
read back over the same line and hold exactly the calendar and schedules the store wants."""
from __future__ import annotations

import signal
from datetime import date

from sqlalchemy import select

from app import clock
from app.policies import calendar_admin, policies, push
from app.policies.model import BranchPlan, Period, PolicyPlan
from db.models import Bus as BusRow
from db.models import ElectricityMeter
from db.models_power import MeterPolicyState
from drivers.ddsy import DdsyDriver
from drivers.port import SharedPort
from tests.e2e.office import start_serve, wait_for

OFF = (Period(23 * 60, 6 * 60),)
PLAN = PolicyPlan((
    BranchPlan(schedule=True, holiday_off=True, workday=OFF, restday=(Period(30, 7 * 60),)),
    BranchPlan(schedule=True, low_power=True, low_power_w=300, low_power_s=60, workday=OFF),
    BranchPlan(standby=True, standby_ma=80, standby_s=120),
))


def _states(store) -> dict[int, tuple[str, str]]:
    with store.read() as s:
        return {r.meter_id: (r.state, r.reason) for r in s.scalars(select(MeterPolicyState))}


def test_serve_pushes_the_power_policy_and_the_meters_hold_it(store, db_url, office, tmp_path):
    campus, _room, _a, procs = office
    admin = campus.admin
    calendar_admin.add_term(store, admin, "2026 autumn", date(2026, 9, 7), date(2027, 1, 15))
    calendar_admin.add_holiday(store, admin, "Sports day", date(2026, 11, 20), date(2026, 11, 20))
    pid = policies.save_policy(store, admin, "Undergraduate lights-off", PLAN)
    policies.assign(store, admin, "campus", policy_id=pid)
    with store.read() as s:
        meters = {m.id: m.address for m in s.scalars(select(ElectricityMeter))}
        want = policies.desired_configs(s, clock.campus_date(clock.now()), list(meters))
    assert len(meters) == 2 and len(want) == 2

    log = tmp_path / "serve.log"
    serve = start_serve(db_url, log)
    procs.append(serve)
    push_id = push.request_push(store, campus.tech)
    assert wait_for(lambda: {st for st, _r in _states(store).values()} == {"sync"}
                    and set(_states(store)) == set(meters), timeout=90), (_states(store), log.read_text())

    def finished() -> bool:
        with store.read() as s:
            return push.push_status(s, push_id).status == "done"
    assert wait_for(finished, timeout=30)
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0

    # the line is free again: read what the meters hold, over the wire, with nobody's word for it
    with store.read() as s:
        bus = s.scalars(select(BusRow)).one()
        url, baud = bus.port, bus.baud
    port = SharedPort(url, baud=baud)
    port.open()
    try:
        for mid, address in meters.items():
            d = DdsyDriver(port, address)
            assert d.read_calendar() == want[mid].calendar
            assert tuple(d.read_schedule(b) for b in range(3)) == want[mid].schedules
    finally:
        port.close()
