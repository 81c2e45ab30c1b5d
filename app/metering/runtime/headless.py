"""`python main.py serve`: the meter runtime without a window (imports no Qt).

It logs to a rotating file (default: the user data folder's logs/serve.log) and to stderr, takes the
buses it can lease (app.sync.leases: a bus is owned by one runtime at a time; a second `serve` waits
as a standby and takes over the buses of one that died), writes its changes to the change log and
follows other processes' changes (a recharge at any workstation is delivered at once), makes the
daily backup (app.care.backup_schedule: one service a day makes it), and stops cleanly on SIGTERM or
SIGINT with exit code 0.
"""
from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path

from app.care import logs
from app.care.backup_schedule import CHECK_EVERY_S, DailyBackup
from app.metering.runtime.line_share import LinePublisher
from app.metering.runtime.ownership import LEASE_TTL_S, Ownership
from app.metering.runtime.recorder import LiveListener
from app.metering.runtime.runtime import OFFICE_EVENT_WATCH_S, MeterRuntime
from app.sync.change_log import new_origin
from db.engine import Store

log = logging.getLogger("dormwatt.serve")


def setup_logging(log_file: str | None, level: str = "INFO") -> Path:
    """The service's log: `log_file`, or the user data folder's logs/serve.log (see app.care.logs)."""
    return logs.setup_logging(Path(log_file) if log_file else logs.default_log_file("serve"), level)


def serve(args) -> int:
    """Run until SIGTERM/SIGINT; returns the exit code (0 after a clean stop)."""
    try:
        path = setup_logging(getattr(args, "log_file", None), getattr(args, "log_level", None) or "INFO")
    except OSError as exc:
        print(f"error: cannot write the log: {exc}", file=sys.stderr)
        return 2
    from app.cli.stores import CommandFailed, open_store, shown

    try:
        store = open_store(args, "write", change_log=False)    # the service writes its own change log
    except CommandFailed as exc:      # no store there, a newer one, an unreachable server: one line
        log.error("%s", exc)
        return 2
    stop = threading.Event()

    def on_signal(signum, _frame) -> None:
        log.info("signal %s: stopping", signal.Signals(signum).name)
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    runner = Service(store, new_origin("serve"), billing_interval_s=getattr(args, "billing_interval", None) or 60.0,
                     event_watch_s=OFFICE_EVENT_WATCH_S, daily_backup_s=CHECK_EVERY_S)
    runner.runtime.listeners.append(PortLog())
    log.info("DormWatt meter service %s on %s, logging to %s", runner.owner, shown(store.url), path)
    runner.start()
    try:
        stop.wait()
    finally:
        runner.stop()
        log.info("stopped")
    return 0


class PortLog(LiveListener):
    """Says in the log when a line's port opens or fails (a pulled adapter, a gateway that refuses)."""

    def on_bus_state(self, url: str, is_open: bool, detail: str) -> None:
        if is_open:
            log.info("line %s: port open", url)
        else:
            log.warning("line %s: port not usable (%s); retrying", url, detail)


class Service:
    """A runtime that starts with no bus and runs those it can lease (see ownership.py). With
    `daily_backup_s` it also looks every so many seconds whether the daily backup is due."""

    def __init__(self, store: Store, owner: str, *, take_buses: bool = True, lease_ttl_s: float = LEASE_TTL_S,
                 daily_backup_s: float | None = None, **runtime_options) -> None:
        self.store = store
        self.owner = owner
        self.runtime = MeterRuntime(store, bus_ids=[], **runtime_options)
        self.ownership = Ownership(store, owner, self.runtime, take_buses=take_buses, lease_ttl_s=lease_ttl_s)
        self.lines = LinePublisher(store, self.runtime) if take_buses else None   # line panels elsewhere
        self.backups = DailyBackup(store, owner, interval_s=daily_backup_s) if daily_backup_s else None

    def start(self) -> Service:
        self._recover()
        self.runtime.start()
        self.ownership.start()
        if self.lines is not None:
            self.lines.start()
        if self.backups is not None:
            self.backups.start()
        return self

    def _recover(self) -> None:
        """Finish what a crash of an earlier run left half-done (app.counter.recovery) before taking
        work; a store that cannot be written (read-only) is left as it is, with a warning."""
        from app.counter import recovery
        from app.errors import DormWattError, StoreError

        try:
            settled = recovery.recover(self.store)
        except (DormWattError, StoreError) as exc:
            log.warning("start-up recovery of counter money skipped: %s", exc)
            return
        for refund in settled:
            log.warning("start-up recovery: water refund %s left waiting by an earlier run is now %s",
                        refund.refund_id, refund.status)

    def stop(self) -> None:
        if self.backups is not None:
            self.backups.stop()
        if self.lines is not None:
            self.lines.stop()
        self.ownership.stop()
        self.runtime.stop()
