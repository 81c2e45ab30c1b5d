"""Faults a test can inject into a simulated RS-485 line or gateway.

A ``FaultInjector`` belongs to one line (``VirtualLine`` or ``TcpGateway``). Its counters are
consumed by the line's serving thread frame by frame, so a fault armed before a request applies
to that request (or its reply) and to nothing else. Every method is safe to call from any thread.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

from drivers import rtu

__all__ = ["FaultInjector"]


class FaultInjector:
    """Arms one-shot faults on a line and passes meter faults through to the fleet.

    Request faults count request frames with a good CRC (broadcasts included); reply faults count
    replies the fleet actually produced. When several reply faults are armed, the first in this
    order applies to a reply: lost, garbage, wrong address, truncated, corrupted.
    """

    def __init__(
        self,
        fleet: Any,
        fleet_lock: threading.RLock,
        *,
        pull: Callable[[float | None], None],
        restore: Callable[[], None],
        noise: Callable[[bytes], None],
        seed: int = 0,
    ) -> None:
        self._fleet = fleet
        self._fleet_lock = fleet_lock
        self._pull = pull
        self._restore = restore
        self._noise = noise
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._drop = 0
        self._lose = 0
        self._corrupt = 0
        self._garbage: list[tuple[bytes | None, bool]] = []
        self._wrong: list[int | None] = []
        self._truncate: list[int | None] = []

    # -- arming ------------------------------------------------------------------------------

    def drop_next(self, n: int = 1) -> None:
        """The next ``n`` request frames vanish on the line: no meter sees them, none replies."""
        with self._lock:
            self._drop += n

    def lose_reply_next(self, n: int = 1) -> None:
        """The meter acts on the next ``n`` requests that get a reply, but the replies are lost.

        This is the case purchase idempotency exists for: the credit arrived, the host never
        heard so.
        """
        with self._lock:
            self._lose += n

    def corrupt_next(self, n: int = 1) -> None:
        """One byte of each of the next ``n`` replies is flipped, so the client's CRC check fails."""
        with self._lock:
            self._corrupt += n

    def garbage_next(self, n: int = 1, data: bytes | None = None, *, prefix: bool = False) -> None:
        """The next ``n`` replies are replaced by garbage (``data``, or random bytes of the reply's
        length that never form a valid frame). With ``prefix`` the garbage is sent right before
        the real reply, with no gap, so the client receives one longer, invalid frame."""
        with self._lock:
            self._garbage.extend([(data, prefix)] * n)

    def wrong_address_next(self, n: int = 1, address: int | None = None) -> None:
        """The next ``n`` replies come from another slave address (``address``, default the
        requested address + 1) with a correct CRC."""
        with self._lock:
            self._wrong.extend([address] * n)

    def truncate_next(self, n: int = 1, keep: int | None = None) -> None:
        """The next ``n`` replies stop after ``keep`` bytes (default: half the reply)."""
        with self._lock:
            self._truncate.extend([keep] * n)

    def inject_noise(self, data: bytes) -> None:
        """Put ``data`` on the line towards the client now, paced at line rate."""
        self._noise(bytes(data))

    def pull_adapter(self, duration_s: float | None = None) -> None:
        """Unplug the client's adapter: its port vanishes and open handles fail with I/O errors.

        Returns once the port is gone. It comes back after ``duration_s`` seconds, or on
        ``restore_adapter()`` when ``duration_s`` is None.
        """
        self._pull(duration_s)

    def restore_adapter(self) -> None:
        """Plug the adapter back in: the same ``link`` path (if any) works again for a new open."""
        self._restore()

    def set_dead(self, address: int, dead: bool) -> None:
        """Pass through to ``fleet.set_dead``: a dead meter never replies."""
        with self._fleet_lock:
            self._fleet.set_dead(address, dead)

    def set_slow(self, address: int, delay_s: float | None) -> None:
        """Pass through to ``fleet.set_slow``: the meter's reply delay becomes ``delay_s``."""
        with self._fleet_lock:
            self._fleet.set_slow(address, delay_s)

    def clear(self) -> None:
        """Disarm every pending one-shot fault (dead/slow meters and a pulled adapter stay)."""
        with self._lock:
            self._drop = self._lose = self._corrupt = 0
            self._garbage.clear()
            self._wrong.clear()
            self._truncate.clear()

    # -- used by the serving thread ----------------------------------------------------------

    def take_drop(self) -> bool:
        """Consume one armed request drop; True when this request must vanish."""
        with self._lock:
            if self._drop:
                self._drop -= 1
                return True
            return False

    def apply_to_reply(self, reply: bytes) -> tuple[bytes | None, str | None]:
        """Return (what goes on the wire, stats key of the fault applied or None)."""
        with self._lock:
            if self._lose:
                self._lose -= 1
                return None, "lost_replies"
            if self._garbage:
                data, prefix = self._garbage.pop(0)
                junk = data if data is not None else self._junk(len(reply))
                return (junk + reply if prefix else junk), "garbled"
            if self._wrong:
                address = self._wrong.pop(0)
                payload = rtu.check(reply) or reply[:-2]
                if address is None:
                    address = payload[0] % 247 + 1   # the next address, 247 wrapping to 1
                return rtu.frame(bytes([address]) + payload[1:]), "wrong_address"
            if self._truncate:
                keep = self._truncate.pop(0)
                keep = len(reply) // 2 if keep is None else max(0, min(keep, len(reply) - 1))
                return reply[:keep], "truncated"
            if self._corrupt:
                self._corrupt -= 1
                bad = bytearray(reply)
                # A single-byte error is always caught by CRC-16; hit the data, not the address,
                # so the client sees "CRC error" rather than "wrong address".
                pos = min(len(bad) - 3, 3) if len(bad) > 4 else len(bad) - 1
                bad[pos] ^= 0x5A
                return bytes(bad), "corrupted"
        return reply, None

    def _junk(self, n: int) -> bytes:
        n = max(n, 4)
        while True:
            junk = bytes(self._rng.randrange(256) for _ in range(n))
            if rtu.check(junk) is None:
                return junk
