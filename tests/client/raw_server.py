"""A raw-socket HTTP server for misbehaving answers: hangs, slow drips, HTML, truncated JSON."""
from __future__ import annotations

import socket
import threading
from typing import Callable

# handler(method, path, connection, base_url): writes whatever bytes it likes, then returns.
RawHandler = Callable[[str, str, socket.socket, str], None]


def reply(connection: socket.socket, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    """A complete HTTP/1.1 answer that closes the connection."""
    lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "Connection: close",
             "x-ms-request-id: raw-req-1", *(f"{k}: {v}" for k, v in (headers or {}).items())]
    connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


class RawServer:
    """Accepts on 127.0.0.1:0 and hands each request's method and path to `handler` on its own thread."""

    def __init__(self, handler: RawHandler) -> None:
        self.handler = handler
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.closed = threading.Event()
        self.requests: list[tuple[str, str]] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                data += chunk
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            method, path = head.split(" ", 2)[:2]
            length = next((int(line.split(":", 1)[1]) for line in head.split("\r\n")
                           if line.lower().startswith("content-length:")), 0)
            body = data.split(b"\r\n\r\n", 1)[1]
            while len(body) < length:
                body += connection.recv(65536)
            self.requests.append((method, path))
            try:
                self.handler(method, path, connection, self.url)
            except OSError:
                pass

    def close(self) -> None:
        self.closed.set()
        self.listener.close()
