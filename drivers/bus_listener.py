"""What a bus reports, and to whom: the listener protocol of ``drivers.bus.Bus``.

A listener is called on the bus's worker thread, with the bus's URL first so one listener can
serve several buses. Subclass ``BusListener`` and override what you need; every method does
nothing by default. A listener must return quickly (hand the data to a queue or a signal) and
its exceptions are logged and swallowed by the bus.

Events are delivered at least once: the bus reports an event before acknowledging it, so a
crash or a lost acknowledge can repeat one (same meter, sequence and time); never loses one.
"""

from __future__ import annotations

from drivers.bus_clock import ClockSet
from drivers.ddsy_records import LiveBlock, MeasurementSnapshot, MeterEvent
from drivers.errors import MeterError
from drivers.lxsy import WaterSnapshot


class BusListener:
    """No-op base listener (see the module docstring)."""

    def on_snapshot(self, url: str, snapshot: MeasurementSnapshot | WaterSnapshot) -> None:
        """A billing poll's result (DDSY measurement block or LXSY block)."""

    def on_live(self, url: str, live: LiveBlock) -> None:
        """A live poll's result (meters chosen with ``Bus.set_live``)."""

    def on_event(self, url: str, event: MeterEvent) -> None:
        """One event from a meter's log (oldest first per meter)."""

    def on_online_changed(self, url: str, address: int, online: bool) -> None:
        """A meter went offline (after N consecutive failures) or came back."""

    def on_port_state(self, url: str, is_open: bool, detail: str) -> None:
        """The port opened, or failed / could not be reopened (``detail`` says why)."""

    def on_error(self, url: str, address: int | None, error: MeterError) -> None:
        """A poll or command failed after its retries (typed error). Commands refused because
        the meter is offline (``MeterOffline``) fail their futures only: nothing is reported."""

    def on_clock_set(self, url: str, setting: ClockSet) -> None:
        """The bus wrote a clock: broadcast to the line (``setting.address`` None) at start and
        daily, or one meter's whose clock was not set or more than 60 s off (``setting.reason``)."""
