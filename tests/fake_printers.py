"""Printers for tests: a raw network printer on localhost that keeps what it gets and answers the
ESC/POS status questions (DLE EOT n) as told."""
from __future__ import annotations

import socket
import threading

DLE_EOT = b"\x10\x04"
OK = 0x12                    # a status byte with nothing wrong


class FakeNetworkPrinter:
    """A raw port (like a printer's 9100) on localhost: keeps what it gets and answers DLE EOT n with
    `status[n]` (no answer when n is missing)."""

    def __init__(self, status: dict[int, int] | None = None) -> None:
        self.status = {2: OK, 4: OK} if status is None else status
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = bytearray()
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            conn, _addr = self.server.accept()
        except OSError:              # closed before anything connected
            return
        with conn:
            while chunk := conn.recv(65536):
                at = 0
                while (at := chunk.find(DLE_EOT, at)) >= 0 and at + 2 < len(chunk):
                    if chunk[at + 2] in self.status:
                        conn.sendall(bytes([self.status[chunk[at + 2]]]))
                    at += 3
                self.received += chunk
        self.closed.set()

    def close(self) -> None:
        self.server.close()

    @staticmethod
    def closed_port() -> int:
        """A local port nothing listens on (connections are refused at once)."""
        s = socket.create_server(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        return port
