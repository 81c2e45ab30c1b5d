"""The meter service's store writer runs a billing transaction again when it loses a race with a
workstation (a PostgreSQL deadlock victim or serialization failure): the readings are stored, not
dropped with an error in the log."""
from __future__ import annotations

from app import clock
from app.metering.runtime.meters import MeterMap, MeterRef
from app.metering.runtime.recorder import OnlineChange, Recorder
from db.errors import StoreConflict
from db.models import ElectricityMeter
from tests.factories import make_campus


def test_a_billing_transaction_that_loses_a_race_is_run_again(store, monkeypatch):
    make_campus(store)
    with store.read() as s:
        m = s.query(ElectricityMeter).first()
        ref = MeterRef("ddsy", m.id, m.room_id, m.bus_id, "loop://", m.address)
        was = m.online
    rec = Recorder(store, MeterMap([ref]), now=clock.now, billing_interval_s=60, carry_out=lambda intents: None)
    real, lost = Recorder._write_online, []

    def loses_once(self, item):
        if not lost:
            lost.append(item)
            raise StoreConflict("deadlock detected: this transaction was chosen to roll back")
        return real(self, item)

    monkeypatch.setattr(Recorder, "_write_online", loses_once)
    rec.start()
    try:
        rec._items.put(OnlineChange(ref, not was))
        assert rec.flush()
    finally:
        rec.stop()
    assert lost and rec.errors == []
    with store.read() as s:
        assert s.get(ElectricityMeter, ref.meter_id).online is (not was)
