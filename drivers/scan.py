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
         on_found: Callable[[Found], None] | None = None) -> list[Found]:
    """Probe each of ``addresses`` on the line at ``url``; return what answered, in address order.

    ``on_found`` is called as each device is found (for progress output). Raises ``PortError`` if
    the port cannot be opened or fails during the scan.
    """
    port = SharedPort(url, baud=baud, parity=parity)
    port.open()
    found: list[Found] = []
    try:
        for address in addresses:
            hit = probe_address(port, address, timeout_s)
            if hit is not None:
                found.append(hit)
                if on_found is not None:
                    on_found(hit)
    finally:
        port.close()
    return found
