"""The line panel's figures and frames, for a window beside the runtime or in another process.

A `Service` (what `python main.py serve` runs) drives a simulated line in this process; a window with
no port of its own asks for the line through the store, the way a workstation beside `serve` does.
Two meters on the campus are not on the wire, so the line has offline meters and timeouts to show.
"""
from __future__ import annotations

import signal
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import clock
from app.errors import PermissionDenied
from app.metering.runtime import line_share
from app.metering.runtime.headless import Service
from app.metering.runtime.meters import MeterMap, MeterRef
from db.engine import Store
from db.models import Bus as BusRow
from drivers import rtu
from drivers.sim.fleet import Fleet
from drivers.sim.line import VirtualLine
from tests.e2e.office import office, start_serve  # noqa: F401  (office is a fixture)
from tests.factories import make_campus
from tests.waiting import wait_for


@pytest.fixture
def line(store):
    campus = make_campus(store, rooms_per_gender=2)      # meters 1-4 and 101-104 on the bus
    fleet = Fleet(meters=2, water=2, seed=5)             # only 1, 2, 101, 102 answer
    vline = VirtualLine(fleet, baud=19200, speed=0)
    vline.start()
    with store.write() as s:
        s.execute(update(BusRow).values(port=vline.client_path, baud=19200))
        bus_id = s.scalar(select(BusRow.id))
    yield campus, bus_id, vline
    vline.stop()


@pytest.fixture
def service(db_url, line):
    svc = Service(Store(db_url), "serve@office:1", lease_ttl_s=2.0, billing_interval_s=1.0,
                  bus_options={"probe_backoff_s": 0.5, "offline_after": 2})
    svc.start()
    assert wait_for(lambda: len(svc.runtime.buses) == 1)
    yield svc
    svc.stop()


def port(svc: Service, bus_id: int):
    return svc.runtime.buses[bus_id].port


def test_a_window_without_the_port_gets_the_line_view_while_it_looks(db_url, line, service):
    campus, bus_id, vline = line
    window = Store(db_url)                                  # another process's connection
    reader = line_share.LineReader(window, campus.tech)     # no runtime: `serve` runs the line
    try:
        assert port(service, bus_id).trace is None          # nobody looks: nothing traced
        first = reader.read(bus_id)
        assert first.source == "shared" and first.view is None

        def complete():
            v = reader.read(bus_id).view
            return v if v is not None and v.offline == 4 and v.frames else None
        assert wait_for(complete, timeout=30)
        view = complete()
        assert port(service, bus_id).trace is not None      # the owner traces while a window looks
        assert (view.online, view.offline) == (4, 4)
        assert [(m.address, m.room) for m in view.offline_meters] == [
            (3, "B1-201"), (4, "B1-202"), (103, "B1-201"), (104, "B1-202")]
        assert view.errors_per_min.get("timeout", 0) > 0 and view.last_error_kind == "timeout"
        assert view.last_error_at is not None and view.last_error_at <= clock.now()
        assert 0 < view.wire_busy_pct <= 100
        # frames, newest first: requests whose replies follow, exact RTU frames with their latency
        replies = [f for f in view.frames if f.direction == "in" and not f.note]
        assert replies and all(rtu.check(bytes.fromhex(f.hex)) is not None for f in replies)
        assert all(f.latency_ms is not None and f.latency_ms > 0 for f in replies)
        assert {f.address for f in view.frames if f.note == "timeout"} <= {3, 4, 103, 104}
        assert all(int(f.hex[:2], 16) == f.address for f in view.frames if f.hex)
        assert [f.at for f in view.frames] == sorted((f.at for f in view.frames), reverse=True)
        assert not reader.read(bus_id).stale

        # the window goes away without a word: its interest lapses and the owner stops tracing
        later = clock.RunningClock(clock.now() + line_share.INTEREST_TTL + timedelta(seconds=1))
        with clock.use(later):
            assert wait_for(lambda: port(service, bus_id).trace is None, timeout=10)
    finally:
        window.dispose()


def test_a_window_beside_its_own_runtime_traces_only_while_it_shows_the_line(line, service):
    campus, bus_id, vline = line
    reader = line_share.LineReader(service.store, campus.tech, service.runtime)
    assert wait_for(lambda: len(reader.read(bus_id).view.frames) >= 4, timeout=20)
    got = reader.read(bus_id)
    assert got.source == "here" and got.view.tracing and got.view.url == vline.client_path
    with service.store.read() as s:            # nothing went through the store
        assert s.scalar(select(line_share.LineViewRow.bus_id)) is None
    reader.release(bus_id)                     # the panel was hidden
    assert port(service, bus_id).trace is None


def test_a_clerk_may_not_look_at_a_line(store, line):
    campus, bus_id, _vline = line
    with pytest.raises(PermissionDenied):
        line_share.LineReader(store, campus.clerk).read(bus_id)
    assert line_share.wanted_lines(store) == set()


def test_a_shared_view_that_stops_changing_is_old(store, line, monkeypatch):
    campus, bus_id, _vline = line
    monkeypatch.setattr(line_share, "STALE_S", 0.3)
    reader = line_share.LineReader(store, campus.tech)
    assert reader.read(bus_id).view is None

    def publish(at):        # what the owner wrote last, before it died
        view = line_share.LineView(bus_id=bus_id, url="/dev/ttyUSB0", at=at, port_open=True, online=8, offline=0)
        with store.write() as s:
            row = s.get(line_share.LineViewRow, bus_id)
            row.at, row.payload = at, view.to_json()
    publish(clock.now())
    assert not reader.read(bus_id).stale
    assert wait_for(lambda: reader.read(bus_id).stale, timeout=5)          # nothing new since
    publish(clock.now() + timedelta(minutes=3))        # the owner's clock runs ahead: it is new all the same
    assert not reader.read(bus_id).stale
    publish(clock.now() - timedelta(hours=1))          # left an hour ago: old at first sight
    assert line_share.LineReader(store, campus.tech).read(bus_id).stale


def test_the_view_survives_the_trip_through_json_exactly():
    at = clock.now()
    view = line_share.LineView(
        bus_id=3, url="/dev/ttyUSB0", at=at, port_open=True, online=62, offline=2,
        offline_meters=(line_share.OfflineMeter(17, "ddsy", "B2-305", "no reply within 200 ms"),),
        errors_per_min={"timeout": 1.5, "crc": 0.2}, errors_total={"timeout": 40, "crc": 3}, wire_busy_pct=71.3,
        window_s=300.0, last_error="CRC error in reply 11 03", last_error_kind="crc",
        last_error_at=at - timedelta(seconds=4), tracing=True,
        frames=(line_share.FrameRow(at, "in", "", 200.4, "timeout", 17),
                line_share.FrameRow(at - timedelta(milliseconds=50), "out", "11 03 00 00 00 01 87 5a", None, "", 17)))
    assert line_share.LineView.from_json(view.to_json()) == view


def test_a_window_reads_the_line_that_python_main_py_serve_runs(store, db_url, office, tmp_path):  # noqa: F811
    campus, _room, _a, procs = office                      # meters 1, 2, 101, 102 on a simulator process
    with store.read() as s:
        bus_id = s.scalar(select(BusRow.id))
    log = tmp_path / "serve.log"
    serve = start_serve(db_url, log)
    procs.append(serve)
    reader = line_share.LineReader(store, campus.admin)   # this window has no port and no runtime

    def shared():
        got = reader.read(bus_id)
        v = got.view
        return got if v is not None and v.online == 4 and len(v.frames) >= 8 and not got.stale else None
    assert wait_for(shared, timeout=60), log.read_text() if log.exists() else ""
    got = shared()
    assert got.source == "shared" and got.view.port_open and got.view.tracing
    requests = [bytes.fromhex(f.hex) for f in got.view.frames if f.direction == "out"]
    # requests to the line's meters, or broadcasts (address 0: the clock, shared schedule blocks)
    assert requests and all(rtu.check(r) is not None and r[0] in (0, 1, 2, 101, 102) for r in requests)
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(30) == 0


def test_errors_per_minute_and_wire_busy_come_from_the_bus_counters():
    from drivers.bus_stats import BusStats, MeterLink
    from drivers.port import SharedPort

    class FakeBus:
        url = "/dev/ttyUSB3"

        def __init__(self) -> None:
            self.port = SharedPort(self.url)
            self.stats_now = BusStats(self.url, True, 900, 0, 0, errors={"timeout": 4, "crc": 1}, wire_s=60.0,
                                      elapsed_s=120.0, online=1)

        def stats(self):
            return self.stats_now

        def link(self, address):
            return MeterLink(address, "ddsy")

    class FakeRuntime:
        store = None
        meters = MeterMap([MeterRef("ddsy", 1, None, 7, "/dev/ttyUSB3", 1)])

        def __init__(self) -> None:
            self.buses = {7: FakeBus()}

    rt = FakeRuntime()
    watch = line_share.LineWatch(rt)
    view = watch.view(7)                 # the first look: over the line's life so far (2 minutes)
    assert view.errors_per_min == {"timeout": 2.0, "crc": 0.5} and view.wire_busy_pct == 50.0
    assert (view.online, view.offline, view.window_s) == (1, 0, 120.0)
    assert rt.buses[7].port.trace is not None
    rt.buses[7].stats_now = BusStats("/dev/ttyUSB3", True, 1400, 0, 0, errors={"timeout": 10, "crc": 1},
                                     wire_s=150.0, elapsed_s=240.0, online=1)
    view = watch.view(7)
    assert view.errors_per_min == {"timeout": 2.5, "crc": 0.25} and view.wire_busy_pct == 62.5
    watch.release(7)                     # nobody looks any more: the port keeps no frames
    assert rt.buses[7].port.trace is None
