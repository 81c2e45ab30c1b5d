"""The room panel's malignant-load box: the profile in force and the slots the meter holds, following
changes to the library and the assignments."""
from __future__ import annotations

from app.loads import profiles
from app.loads import store as library_store
from app.loads.features import Features
from app.loads.library import Capture, Library, Scope, ScopeLevel, Verdict
from tests.factories import make_campus
from ui.app_context import AppContext
from ui.room_panel import RoomPanel


def test_the_panel_lists_the_profile_and_the_slots_in_force(qtbot, store):
    campus = make_campus(store)
    room = campus.rooms["B1-101"]
    panel = RoomPanel(AppContext(store=store, actor=campus.clerk))
    qtbot.addWidget(panel)
    panel.resize(560, 900)
    panel.show()
    box = panel.loads_box
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        panel.show_room(room)
    assert not box.isVisible()                       # nothing to say: no profile, no library
    lib, cooker = Library().with_appliance("induction cooker", Verdict.BLOCK)
    lib = lib.with_captures(cooker.ident, [Capture(Features(dp=1500, pf=920, i3=250, i5=120, thd=320), device="a")])
    lib, med = lib.with_appliance("oxygen concentrator", Verdict.ALLOW, scope=Scope(ScopeLevel.ROOM, "B1-101"))
    lib = lib.with_captures(med.ident, [Capture(Features(dp=400, pf=996, i3=20, i5=10, thd=40), device="m")])
    pid = profiles.save_profile(store, campus.admin, "Dorm sockets", profiles.LoadPlan())
    with qtbot.waitSignal(box.loaded, timeout=10_000):
        library_store.save(store, campus.tech, Library(1, lib.appliances))
        profiles.assign(store, campus.admin, "campus", profile_id=pid)
    qtbot.waitUntil(lambda: box.label.text().startswith("Load control: Dorm sockets"), timeout=10_000)
    assert box.isVisible()
    assert box.label.text() == "Load control: Dorm sockets · 2 of 32 signature slots (1 allowed, 1 blocked)"
    assert box.label.toolTip().splitlines() == ["oxygen concentrator (allowed)", "induction cooker (blocked)"]
