"""A transparent RTU-over-TCP gateway in front of a simulated fleet.

Like an Ethernet-to-RS-485 serial server in "transparent" mode: raw RTU frames (with CRC, no MBAP
header) travel over a TCP connection, which is what pyserial's ``socket://host:port`` URL and
pymodbus's RTU framer over TCP expect. The RS-485 side behaves exactly as ``VirtualLine``'s: same
framing by length or silence, reply delay, line-rate pacing at ``baud``, faults and clock.

One client is served at a time; a new connection replaces the current one (as many serial servers
do), so a client that vanished without closing never blocks the gateway.
"""

from __future__ import annotations

import contextlib
import socket
from typing import Any

from drivers.sim.line_engine import RtuLineEngine

__all__ = ["TcpGateway"]


class TcpGateway(RtuLineEngine):
    """Serve ``fleet`` on ``host:port`` (port 0 picks a free port; read it back from ``port``).

    ``faults.pull_adapter()`` takes the whole gateway off the network (listener and client closed,
    connections refused) until restored, on the same port. ``disconnect_clients()`` only drops
    the current connection.
    """

    def __init__(self, fleet: Any, host: str = "127.0.0.1", port: int = 0, baud: int = 9600,
                 line_rate: bool = True, *, speed: float = 1.0, parity: str = "N") -> None:
        super().__init__(fleet, baud=baud, line_rate=line_rate, speed=speed, parity=parity,
                         name="tcp-gateway")
        self.host = host
        self.port = port
        self._listener: socket.socket | None = None
        self._conn: socket.socket | None = None
        self.connections = 0
        """Connections accepted so far."""

    @property
    def url(self) -> str:
        """The pyserial URL of this gateway: ``socket://host:port``."""
        return f"socket://{self.host}:{self.port}"

    @property
    def client_connected(self) -> bool:
        """True while a client connection is being served."""
        return self._conn is not None

    def disconnect_clients(self) -> None:
        """Close the current client connection (the client sees the connection end)."""
        self._call(self._drop_conn)

    def _drop_conn(self) -> None:
        conn, self._conn = self._conn, None
        self._buf.clear()
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _open_transport(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((self.host, self.port))
            listener.listen(4)
        except OSError:
            listener.close()
            raise
        listener.setblocking(False)
        self.port = listener.getsockname()[1]
        self._listener = listener

    def _close_transport(self) -> None:
        self._drop_conn()
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _transport_fds(self) -> list[int]:
        fds = []
        if self._listener is not None:
            fds.append(self._listener.fileno())
        if self._conn is not None:
            fds.append(self._conn.fileno())
        return fds

    def _transport_read(self, fd: int) -> bytes:
        if self._listener is not None and fd == self._listener.fileno():
            try:
                conn, _ = self._listener.accept()
            except BlockingIOError:
                return b""
            self._drop_conn()
            # Replies go out in small paced chunks; Nagle would hold them back.
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.setblocking(False)
            self._conn = conn
            self.connections += 1
            return b""
        if self._conn is None or fd != self._conn.fileno():
            return b""
        try:
            data = self._conn.recv(4096)
        except BlockingIOError:
            return b""
        except OSError:
            data = b""
        if not data:
            self._drop_conn()   # the client closed or reset the connection
        return data

    def _transport_write(self, data: bytes) -> None:
        if self._conn is None:
            return
        try:
            self._conn.sendall(data)
        except BlockingIOError:
            pass   # the client stopped reading: the bytes fall off the line
        except OSError:
            self._drop_conn()
