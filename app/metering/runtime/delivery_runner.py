"""Runs the outbox (delivery.py) over the buses this runtime owns.

`BusGateway` is delivery's wire: each call goes through the meter's bus at purchase priority and is
waited for in short steps, so stopping the runtime never waits on a stopped bus. One pass delivers
the pending purchases of every bus in parallel (a bus is one line: its purchases go one at a time,
but a campus of many lines should not wait for one line at a time).
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from sqlalchemy import select

from app.metering.runtime.delivery import PurchaseDelivery
from app.metering.runtime.meters import MeterMap, MeterRef
from db.engine import Store
from db.models import Purchase
from drivers.bus import Bus
from drivers.bus_queue import Priority
from drivers.ddsy_records import PurchaseOrder, PurchaseRecord
from drivers.errors import OperationTimeout

COMMAND_TIMEOUT_S = 30.0


class BusGateway:
    """PurchaseGateway over the runtime's buses (called on delivery threads)."""

    def __init__(self, meters: MeterMap, buses: Mapping[int, Bus], stopping: threading.Event) -> None:
        self.meters = meters
        self.buses = buses
        self.stopping = stopping

    def _call(self, meter_id: int, fn: Callable, label: str):
        ref = self.meters.meter("ddsy", meter_id)
        bus = self.buses.get(ref.bus_id) if ref is not None else None
        if bus is None:
            raise OperationTimeout("the meter is not on a line this service runs", address=0)
        fut = bus.submit(ref.address, fn, priority=Priority.PURCHASE, label=label)
        deadline = time.monotonic() + COMMAND_TIMEOUT_S
        while True:
            if self.stopping.is_set():
                fut.cancel()
                raise OperationTimeout("the meter service is stopping", address=ref.address)
            try:
                return fut.result(timeout=0.2)
            except FutureTimeout:
                if time.monotonic() > deadline:
                    raise OperationTimeout(f"no answer within {COMMAND_TIMEOUT_S:.0f} s",
                                           address=ref.address) from None

    def purchase_count(self, meter_id: int) -> int:
        return self._call(meter_id, lambda d: d.read_purchase_count(), "purchase-count")

    def deliver(self, meter_id: int, order: PurchaseOrder, sequence: int):
        return self._call(meter_id, lambda d: d.deliver_purchase(order, sequence=sequence), "purchase")

    def purchase_records(self, meter_id: int) -> list[PurchaseRecord]:
        return self._call(meter_id, lambda d: d.read_purchase_records(), "purchase-records")


class DeliveryRunner:
    """One pass delivers the pending purchases of the meters that answer (`reachable`): a meter that
    has not answered since the start, or went offline, keeps its purchases pending at no wire cost."""

    def __init__(self, store: Store, meters: MeterMap, buses: Mapping[int, Bus], stopping: threading.Event,
                 reachable: Callable[[MeterRef], bool] = lambda _ref: True) -> None:
        self.store = store
        self.meters = meters
        self.reachable = reachable
        self.buses = buses
        self.delivery = PurchaseDelivery(store, BusGateway(meters, buses, stopping))
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="deliver")

    def deliver_pass(self) -> None:
        # One look at the outbox first: a pass with nothing pending (nearly every pass) costs one
        # query, not one per bus on the pool's threads.
        with self.store.read() as s:
            pending = set(s.scalars(select(Purchase.meter_id).where(Purchase.status == "pending")
                                    .distinct()))
        per_bus: dict[int, list[int]] = {}
        for ref in self.meters.all("ddsy"):
            if ref.bus_id in self.buses and ref.meter_id in pending and self.reachable(ref):
                per_bus.setdefault(ref.bus_id, []).append(ref.meter_id)
        if len(per_bus) <= 1:
            for ids in per_bus.values():
                self.delivery.deliver_pending(meters=ids)
            return
        for f in [self._pool.submit(self.delivery.deliver_pending, meters=ids) for ids in per_bus.values()]:
            f.result()

    def stop(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
