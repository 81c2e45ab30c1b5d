"""`python main.py serve`: the meter runtime without a window (imports no Qt).

It logs to a rotating file (default: the user data folder's logs/serve.log) and to stderr, takes the
buses it can lease (app.sync.leases: a bus is owned by one runtime at a time; a second `serve` waits
as a standby and takes over the buses of one that died), writes its changes to the change log and
follows other processes' changes (a recharge at any workstation is delivered at once), and stops
cleanly on SIGTERM or SIGINT with exit code 0.
"""
from __future__ import annotations

import logging
import logging.handlers
import signal
import sys
import threading
from pathlib import Path

from app.metering.runtime.line_share import LinePublisher
from app.metering.runtime.ownership import LEASE_TTL_S, Ownership
from app.metering.runtime.recorder import LiveListener
from app.metering.runtime.runtime import OFFICE_EVENT_WATCH_S, MeterRuntime
from app.sync.change_log import new_origin
from db.engine import Store, user_data_dir

log = logging.getLogger("dormwatt.serve")
LOG_BYTES, LOG_FILES = 5 * 1024 * 1024, 5


def setup_logging(log_file: str | None, level: str = "INFO") -> Path:
    path = Path(log_file) if log_file else user_data_dir() / "logs" / "serve.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    file_handler = logging.handlers.RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_FILES,
                                                        encoding="utf-8")
    stderr = logging.StreamHandler(sys.stderr)
    for h in (file_handler, stderr):
        h.setFormatter(fmt)
        root.addHandler(h)
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return path


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
                     event_watch_s=OFFICE_EVENT_WATCH_S)
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
    """A runtime that starts with no bus and runs those it can lease (see ownership.py)."""

    def __init__(self, store: Store, owner: str, *, take_buses: bool = True, lease_ttl_s: float = LEASE_TTL_S,
                 **runtime_options) -> None:
        self.store = store
        self.owner = owner
        self.runtime = MeterRuntime(store, bus_ids=[], **runtime_options)
        self.ownership = Ownership(store, owner, self.runtime, take_buses=take_buses, lease_ttl_s=lease_ttl_s)
        self.lines = LinePublisher(store, self.runtime) if take_buses else None   # line panels elsewhere

    def start(self) -> Service:
        self._recover()
        self.runtime.start()
        self.ownership.start()
        if self.lines is not None:
            self.lines.start()
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
        if self.lines is not None:
            self.lines.stop()
        self.ownership.stop()
        self.runtime.stop()
