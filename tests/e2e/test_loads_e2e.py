"""Malignant loads end to end (issue 12's "done when"): a technician captures an induction cooker on a
simulated bench meter (§14, through the runtime's own bus), saves it to the library, the slot reaches a
room's meter with the load-control profile, and the room's next switch-on of that cooker is tripped by
the meter — or, where the profile leaves slots off, opened by the host's second line. An appliance the
library does not know raises a "suspect" alarm and nothing else.

The scene (tests/e2e/power_scene.py): two empty rooms' meters on a virtual RS-485 line (real RTU
bytes), the app's own MeterRuntime, simulated time moved by the test.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import select

from app.loads import profiles, rule_tuning
from app.loads import store as library_store
from app.loads.capture import CaptureSession
from app.loads.library import Capture, Library, Verdict
from app.loads.meter_config import desired_configs
from app.metering.alarms import open_alarms
from db.models import MeterEvent
from db.models_loads import LoadIdentification
from db.models_power import MeterPolicyState
from drivers.bus_queue import Priority
from drivers.ddsy_records import BranchState as B
from drivers.ddsy_records import LoadControl, LoadFlag, SlotClass
from tests.bench_modules import bench_loads
from tests.e2e.power_scene import Scene

pytestmark = pytest.mark.slow

bench = bench_loads()

SOCKETS = 1
ROOM, BENCH = 1, 2                     # addresses: a student's room, the technician's bench meter
START = datetime(2026, 11, 18, 15, 0)  # a Wednesday afternoon


@pytest.fixture
def scene(store, tmp_path) -> Iterator[Scene]:
    sc = Scene(store, tmp_path, START)
    yield sc
    sc.close()


def switch(sc: Scene, address: int, model: str, on: bool = True, device: int = 42) -> None:
    """One physical device (the same one wherever it is plugged: the bench, then a room)."""
    with sc.line.fleet_lock:
        room = sc.fleet.meters[address].physics
        key = (model, device)
        made = room.__dict__.setdefault("_e2e_devices", {})
        if key not in made:
            made[key] = room.add_device(model, random.Random(device), branch=SOCKETS)
        room.switch(made[key], on, sc.fleet.clock)


def capture_cooker(sc: Scene, times: int = 3) -> list[Capture]:
    bus = sc.runtime.buses[sc.bus_id]
    session = CaptureSession(lambda fn: bus.submit(BENCH, fn, priority=Priority.CONFIG, label="capture"),
                             poll_s=0.05)
    out = []
    for _ in range(times):
        session.arm(SOCKETS)
        switch(sc, BENCH, "induction_cooker")
        sc.run_for(3)
        result = session.take(SOCKETS, timeout_s=20, armed=True)
        out.append(Capture(result.features, "waveform", "bench cooker",
                           (result.waveform.voltage_dv, result.waveform.current_post_ma,
                            result.waveform.current_pre_ma)))
        switch(sc, BENCH, "induction_cooker", False)
        sc.run_for(3)
    return out


def identifications(sc: Scene) -> list[LoadIdentification]:
    with sc.store.read() as s:
        return list(s.scalars(select(LoadIdentification).order_by(LoadIdentification.id)))


def in_sync(sc: Scene) -> bool:
    """Both meters hold what the store wants now (profile and library included)."""
    with sc.store.read() as s:
        want = desired_configs(s, sc.today())
        rows = {r.meter_id: r for r in s.scalars(select(MeterPolicyState))}
    return all(mid in rows and rows[mid].state == "sync" and rows[mid].digest == want[mid].digest()
               for mid in sc.meter_ids.values())


def save_library(sc: Scene, caps: list[Capture]) -> None:
    lib, cooker = Library(1).with_appliance("induction cooker", Verdict.BLOCK, category="cooking")
    lib = lib.with_captures(cooker.ident, caps)
    library_store.save(sc.store, sc.campus.tech, Library(1, lib.appliances), "bench captures")


def use_profile(sc: Scene, sockets_flags: LoadFlag) -> None:
    plan = profiles.LoadPlan((profiles.QUIET, LoadControl(flags=int(sockets_flags)), profiles.QUIET))
    pid = profiles.save_profile(sc.store, sc.campus.admin, "Dorm sockets", plan)
    profiles.assign(sc.store, sc.campus.admin, "campus", profile_id=pid)


def test_a_captured_cooker_reaches_the_room_as_a_slot_and_is_tripped(scene: Scene) -> None:
    sc = scene
    caps = capture_cooker(sc)
    spread = [c.features.dp for c in caps]
    assert all(600 <= dp <= 2200 for dp in spread) and max(spread) - min(spread) < 60, spread
    assert all(c.features.pf < 990 for c in caps)          # the resistive rule would never trip it
    save_library(sc, caps)
    use_profile(sc, LoadFlag.RESISTIVE_RULE | LoadFlag.BLOCK_SLOTS | LoadFlag.ALLOW_SLOTS)
    assert sc.wait(lambda: in_sync(sc))
    slots = sc.submit(ROOM, lambda d: d.read_signature_slots(0, 2))
    assert slots[0].cls == SlotClass.BLOCK and abs(slots[0].dp_w - spread[0]) < 100
    assert slots[1].cls == SlotClass.EMPTY
    switch(sc, ROOM, "induction_cooker")
    sc.run_for(4)
    assert sc.states(ROOM)[SOCKETS] & B.TRIP_MALIGNANT                # the meter's own slot tripped it
    assert sc.wait(lambda: identifications(sc))
    [ident] = identifications(sc)
    assert (ident.appliance, ident.meter_action, ident.decision, ident.host_action) == \
        ("induction cooker", "tripped", "trip", "none")
    assert any(a.kind == "malignant_load" for a in open_alarms(sc.store, sc.rooms[ROOM]))


def test_the_host_opens_a_blocked_appliance_the_meter_let_through_and_suspects_an_unknown_one(scene: Scene) -> None:
    sc = scene
    save_library(sc, capture_cooker(sc, times=2))
    use_profile(sc, LoadFlag.RESISTIVE_RULE)                    # no slots on this branch: the meter allows it
    assert sc.wait(lambda: in_sync(sc))
    switch(sc, ROOM, "induction_cooker")
    sc.run_for(4)
    assert not sc.states(ROOM)[SOCKETS] & B.TRIP_MALIGNANT
    assert sc.wait(lambda: sc.states(ROOM)[SOCKETS] & B.FORCED_OPEN)   # the host's second line
    [ident] = identifications(sc)
    assert (ident.appliance, ident.meter_action, ident.host_action) == ("induction cooker", "allowed", "open")
    alarm = next(a for a in open_alarms(sc.store, sc.rooms[ROOM]) if a.kind == "malignant_host")
    assert "induction cooker" in alarm.message and alarm.level == 3
    # an appliance nobody enrolled, on the other room's sockets: a suspect alarm, no action
    switch(sc, BENCH, "air_conditioner")
    sc.run_for(4)
    assert sc.wait(lambda: len(identifications(sc)) == 2)
    second = identifications(sc)[1]
    assert (second.appliance, second.decision, second.host_action) == ("unknown", "suspect", "suspect")
    assert any(a.kind == "suspect_load" for a in open_alarms(sc.store, sc.rooms[BENCH]))
    assert not sc.states(BENCH)[SOCKETS] & B.FORCED_OPEN


def test_a_rule_tuned_from_the_library_spares_an_inverter_ac_and_still_trips_a_heater(scene: Scene) -> None:
    """The default rule (PF ≥ 0.990) trips an inverter air conditioner whose PFC front end switches on at
    PF 0.993; the thresholds tuned from the library's heater captures (rule_tuning) reach the room's meter
    over the wire, and the meter lets the air conditioner run while it still trips a heater."""
    sc = scene
    lib = bench.build_library(["heater", "kettle", "hair_dryer", "inverter_ac"], devices=4, per_device=2)
    library_store.save(sc.store, sc.campus.tech, Library(1, lib.appliances), "bench day")
    tuning = rule_tuning.tune(lib)
    assert (tuning.pf_milli, tuning.spared, tuning.still_tripped) == (998, ("inverter_ac",), ())
    sockets = tuning.apply(LoadControl(flags=int(LoadFlag.RESISTIVE_RULE)))     # the rule alone decides
    pid = profiles.save_profile(sc.store, sc.campus.admin, "Tuned sockets",
                                profiles.LoadPlan((profiles.QUIET, sockets, profiles.QUIET)))
    profiles.assign(sc.store, sc.campus.admin, "campus", profile_id=pid)
    assert sc.wait(lambda: in_sync(sc))
    held = sc.submit(ROOM, lambda d: d.read_load_control(SOCKETS))
    assert (held.resistive_pf_milli, held.resistive_thd_permille) == (998, tuning.thd_permille)

    switch(sc, ROOM, "inverter_ac", device=6)
    sc.run_for(4)
    assert sc.wait(lambda: identifications(sc))
    [ac] = identifications(sc)
    assert ac.appliance == "inverter_ac" and ac.meter_action == "allowed" and ac.host_action == "none"
    with sc.store.read() as s:
        pf = s.get(MeterEvent, ac.event_id).payload["pf_milli"]
    assert 990 <= pf < 998                             # the default rule would have tripped it
    assert not sc.states(ROOM)[SOCKETS] & (B.TRIP_MALIGNANT | B.FORCED_OPEN)
    switch(sc, ROOM, "inverter_ac", on=False, device=6)
    sc.run_for(3)

    switch(sc, ROOM, "heater")
    sc.run_for(4)
    assert sc.states(ROOM)[SOCKETS] & B.TRIP_MALIGNANT                 # the meter's own rule
    assert sc.wait(lambda: len(identifications(sc)) == 2)
    heater = identifications(sc)[1]
    assert (heater.appliance, heater.meter_action) == ("heater", "tripped")


def test_a_half_wave_load_nobody_enrolled_is_opened_by_the_host(scene: Scene) -> None:
    """A hair dryer on its low setting (a diode in series with the element) in a room whose library knows
    only kettles: the meter's rule lets it through (PF 0.73), the matcher rightly calls it unknown, and the
    host opens the branch all the same — no allowed appliance draws hundreds of watts on one half-cycle."""
    sc = scene
    lib = bench.build_library(["kettle"], devices=3, per_device=2)
    library_store.save(sc.store, sc.campus.tech, Library(1, lib.appliances), "kettles only")
    use_profile(sc, LoadFlag.RESISTIVE_RULE)
    assert sc.wait(lambda: in_sync(sc))
    switch(sc, ROOM, "hair_dryer_half")
    sc.run_for(4)
    assert not sc.states(ROOM)[SOCKETS] & B.TRIP_MALIGNANT                 # the meter let it run
    assert sc.wait(lambda: sc.states(ROOM)[SOCKETS] & B.FORCED_OPEN)       # the host's second line
    [ident] = identifications(sc)
    assert (ident.appliance, ident.meter_action, ident.decision, ident.host_action) == \
        ("half-wave load", "allowed", "trip", "open")
    alarm = next(a for a in open_alarms(sc.store, sc.rooms[ROOM]) if a.kind == "malignant_host")
    assert "one half-cycle" in alarm.message and alarm.level == 3
