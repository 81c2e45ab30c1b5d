"""The runtime's daily duties: the meters' price follows the tariff in force, and free quota is
granted and expired when a period turns. Cheap when nothing is due; run before each delivery pass."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from datetime import date, datetime

from app import audit
from app.access import Actor
from app.clock import campus_date
from app.metering import usage_alarms
from app.metering.quota import run_quota
from app.metering.runtime.meters import MeterMap, MeterRef
from app.metering.tariffs import price_at
from db.engine import Store
from drivers.bus import Bus
from drivers.bus_queue import Priority
from drivers.ddsy_records import PrepaidParameters

log = logging.getLogger(__name__)
ALARM1_FEN, ALARM2_FEN, OVERDRAFT_FEN = 1000, 200, 0
ALL_BRANCHES_TRIP = 0x7          # prepaid trip opens all three branches (spec §5)


def prepaid_parameters(price: int) -> PrepaidParameters:
    """The §5 block every electricity meter holds: prepaid mode, `price` (0.0001 CNY/kWh), the alarms,
    no overdraft, a prepaid trip opens all three branches (the duties' push and a batch price push)."""
    return PrepaidParameters(1, price, ALARM1_FEN, ALARM2_FEN, OVERDRAFT_FEN, ALL_BRANCHES_TRIP)
PENDING = "pending"


class Duties:
    def __init__(self, store: Store, meters: MeterMap, buses: Mapping[int, Bus], *,
                 now: Callable[[], datetime], quota_ran: Callable[[], None] = lambda: None,
                 reachable: Callable[[MeterRef], bool] = lambda _ref: True) -> None:
        self.store = store
        self.meters = meters
        self.buses = buses
        self.now = now
        self.quota_ran = quota_ran
        self.reachable = reachable           # parameters go only to meters that answer
        self._params: dict[int, PrepaidParameters | str | None] = {}   # meter id -> what it holds
        self._quota_day: date | None = None

    def price_in_force(self) -> int:
        with self.store.read() as s:
            return price_at(s, "electricity", self.now())

    def parameters(self, price: int) -> PrepaidParameters:
        return prepaid_parameters(price)

    def push_prepaid(self, price: int | None = None) -> list[Future]:
        """Write the price in force and the prepaid parameters to every electricity meter that does not
        hold them yet (one that did not answer is tried on a later pass). Returns the writes started."""
        params = self.parameters(self.price_in_force() if price is None else price)
        out, pushed = [], []
        for ref in self.meters.all("ddsy"):
            bus = self.buses.get(ref.bus_id)
            if bus is None or not self.reachable(ref) or self._params.get(ref.meter_id) in (params, PENDING):
                continue
            self._params[ref.meter_id] = PENDING
            fut = bus.submit(ref.address, lambda d, p=params: d.write_prepaid(p), priority=Priority.CONFIG,
                             label="prepaid")
            fut.add_done_callback(lambda f, mid=ref.meter_id, p=params: self._params.__setitem__(
                mid, p if f.exception() is None else None))
            out.append(fut)
            pushed.append(ref.meter_id)
        if pushed:
            self._audit_push(params, pushed)
        return out

    def _audit_push(self, params: PrepaidParameters, meters: list[int]) -> None:
        """One audit record per round of writes (the system changes the meters' configuration)."""
        try:
            with self.store.write() as s:
                audit.record(s, Actor.system(), "meter.prepaid_push", "tariff", None, None,
                             {"unit_price": params.unit_price_centifen, "alarm1_fen": params.alarm1_fen,
                              "alarm2_fen": params.alarm2_fen, "meters": meters})
        except Exception:      # the writes are on their way; only their record is missing
            log.warning("recording a prepaid push failed", exc_info=True)

    def prepaid_pushed(self) -> bool:
        """Whether every electricity meter holds the prepaid parameters of the price in force."""
        price = self.price_in_force()
        return all(isinstance(p, PrepaidParameters) and p.unit_price_centifen == price
                   for p in (self._params.get(r.meter_id) for r in self.meters.all("ddsy")))

    def run(self) -> None:
        price = self.price_in_force()
        if price:
            self.push_prepaid(price)
        today = campus_date(self.now())
        if today != self._quota_day:
            run = run_quota(self.store, today)
            self._quota_day = today
            usage_alarms.run_daily(self.store, today)     # yesterday's vacant-room and jump alarms
            if run.granted or run.expired:
                log.info("free quota: %d granted, %d expired", run.granted, run.expired)
                self.quota_ran()
