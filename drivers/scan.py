"""Find the meters on a line: read the identity registers at each address, with a short timeout.

Commissioning needs to know what answers where before a meter is put into a room: which
addresses are taken, by which kind of meter, with which serial number and firmware. ``scan``
reads the identity block (DDSY spec §3, LXSY spec §2) at every address asked for, through the
ordinary drivers, and reports each address where something answered. What a caller may rely on:

- one request per silent address, with a reply budget of ``timeout_s`` (plus the reply's own
  wire time) and no retry, so a whole line (1–247) takes about 247 × (``timeout_s`` + a request's
  wire time);
- nothing is ever written to a device;
- an address where a reply arrived but could not be read (two meters at one address garble each
  other's replies; a device of a model with no profile here) is reported with ``problem`` set,
  never dropped;
- the port is opened for the scan and closed after it, so the line must not be in use by a bus
  worker at the same time (its polls would collide with the scan's requests).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from drivers.ddsy import DdsyDriver
from drivers.errors import MeterException, MeterTimeout, ProfileMismatch, TransientError
from drivers.lxsy import LxsyDriver
from drivers.modbus_driver import Identity, ModbusDriver, ReplyTiming
from drivers.port import SharedPort

DEFAULT_TIMEOUT_S = 0.1
"""Reply budget per address: above the slowest documented reply delay (LXSY: 40 ms) with margin."""
ADDRESSES = range(1, 248)

# Meter kinds as the store names them, with their drivers, tried in this order.
DRIVERS: dict[str, type[ModbusDriver]] = {"ddsy": DdsyDriver, "lxsy": LxsyDriver}


def parse_addresses(text: str) -> list[int]:
    """Addresses as people type them, "1-64,101-116" -> each of them, in order, once (1..247);
    ValueError with a sentence for anything else."""
    out: set[int] = set()
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        try:
            first, last = int(lo), int(hi) if sep else int(lo)
        except ValueError:
            raise ValueError(f"Give addresses like 1-247 or 1-64,101, not “{text.strip()}”.") from None
        if not 1 <= first <= last <= 247:
            raise ValueError(f"Addresses are 1 to 247, low to high, not “{part.strip()}”.")
        out.update(range(first, last + 1))
    return sorted(out)


@dataclass(frozen=True)
class Found:
    """Something answered at ``address``. ``kind`` is "ddsy" or "lxsy" when its identity was read
    (``model``, ``serial_number`` and ``firmware`` then set); None with ``problem`` saying why not."""

    address: int
    kind: str | None
    model: str = ""
    serial_number: int | None = None
    firmware: str = ""
    problem: str = ""


def firmware_text(bcd: int) -> str:
    """BCD firmware version as people write it: 0x0112 -> "1.12"."""
    return f"{bcd >> 8:x}.{bcd & 0xFF:02x}"


def _identify(driver: ModbusDriver, timeout_s: float) -> Identity:
    driver.timing = ReplyTiming(timeout_s)
    try:
        return driver.identify()
    except (MeterTimeout, MeterException, ProfileMismatch):
        raise
    except TransientError:
        # A garbled reply may be line noise: one more try before calling it a problem.
        return driver.identify()


def probe_address(port: SharedPort, address: int, timeout_s: float = DEFAULT_TIMEOUT_S) -> Found | None:
    """What answers at ``address`` on the open ``port`` (None when nothing does)."""
    queue, tried, refusals = list(DRIVERS), set(), []
    while queue:
        kind = queue.pop(0)
        tried.add(kind)
        try:
            ident = _identify(DRIVERS[kind](port, address, retries=0), timeout_s)
        except MeterTimeout:
            if refusals:
                break           # it answered one identity read: silence now is not absence
            return None
        except ProfileMismatch as exc:
            other = next((k for k, d in DRIVERS.items() if d.profile.model_code == exc.model_code), None)
            if other is None:
                return Found(address, None, model=f"model code 0x{exc.model_code or 0:04X}",
                             problem="not a meter model this program knows")
            if other in tried:
                return Found(address, None, problem="its identity reads disagree")
            queue = [other]
            continue
        except MeterException as exc:
            refusals.append(f"{kind}: exception {exc.code}")
            continue
        except TransientError as exc:
            return Found(address, None, problem=f"unreadable reply ({exc.kind}): two devices at one "
                                                "address, or a wiring fault")
        return Found(address, kind, model=ident.profile_name, serial_number=ident.serial_number,
                     firmware=firmware_text(ident.firmware_bcd))
    return Found(address, None, problem="answers, but refuses the identity read ("
                 + ", ".join(refusals) + ")")


def scan(url: str, *, baud: int = 9600, parity: str = "N", addresses: Iterable[int] = ADDRESSES,
         timeout_s: float = DEFAULT_TIMEOUT_S,
         on_found: Callable[[Found], None] | None = None,
         on_progress: Callable[[int], None] | None = None,
         cancel: threading.Event | Callable[[], bool] | None = None) -> list[Found]:
    """Probe each of ``addresses`` on the line at ``url``; return what answered, in address order.

    ``on_found`` is called as each device is found (for progress output), ``on_progress(address)``
    after each address has been probed (found or not). ``cancel`` (an Event, or a callable true
    once the scan should stop) is looked at before each address: once set, the scan stops there,
    closes the port and returns what it found so far (the last address reported by
    ``on_progress`` is the last one probed). Raises ``PortError`` if the port cannot be opened or
    fails during the scan.
    """
    stop = cancel.is_set if isinstance(cancel, threading.Event) else cancel
    port = SharedPort(url, baud=baud, parity=parity)
    port.open()
    found: list[Found] = []
    try:
        for address in addresses:
            if stop is not None and stop():
                break
            hit = probe_address(port, address, timeout_s)
            if hit is not None:
                found.append(hit)
                if on_found is not None:
                    on_found(hit)
            if on_progress is not None:
                on_progress(address)
    finally:
        port.close()
    return found
