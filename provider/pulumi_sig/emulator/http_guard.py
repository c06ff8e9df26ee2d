"""uvicorn's httptools protocol with the front-end limits of http_limits: 431, 414, 413 and 408 as ARM envelopes.

uvicorn's httptools protocol buffers a header of any size and waits for a slow head forever; this subclass
counts the raw bytes of each request head as they arrive and times the head out, answering before the app runs.
"""
from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from pulumi_sig.emulator import http_limits
from pulumi_sig.emulator.http_limits import (MAX_BODY_BYTES, MAX_HEAD_BYTES, MAX_REQUEST_LINE_BYTES,
                                             refusal_bytes)

_FEED_SLICE = 8 * 1024  # bytes fed to the parser at a time while a head is being read


class _Refused(Exception):
    """Raised in a parser callback: httptools turns it into a parser error, send_400_response answers it."""


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with head size, request line, body size and head-read time limits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._body_bytes = 0
        self._head_timer: asyncio.TimerHandle | None = None
        self._refusal: tuple[int, str] | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_timer()  # a connection that never sends a head is closed too

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        view = memoryview(data)
        while view and self._in_head and not self.transport.is_closing():
            piece, view = view[:_FEED_SLICE], view[_FEED_SLICE:]
            if self._head_timer is None:
                self._arm_head_timer()
            self._head_bytes += len(piece)
            super().data_received(bytes(piece))
            if self._in_head and self._head_bytes > MAX_HEAD_BYTES:
                return self._refuse(431, f"The request head is larger than {MAX_HEAD_BYTES} bytes.")
        if view and not self.transport.is_closing():
            super().data_received(bytes(view))

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > MAX_REQUEST_LINE_BYTES:
            self._refusal = (414, f"The request URL is longer than {MAX_REQUEST_LINE_BYTES} bytes.")
            raise _Refused()

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._body_bytes = 0
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        self._body_bytes += len(body)
        if self._body_bytes > MAX_BODY_BYTES:
            self._refusal = (413, f"The request body is larger than {MAX_BODY_BYTES} bytes.")
            raise _Refused()
        super().on_body(body)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_head, self._head_bytes = True, 0  # what follows on this connection is the next head

    def send_400_response(self, msg: str) -> None:
        if self._refusal is None:
            return super().send_400_response(msg)
        self._refuse(*self._refusal)

    def _refuse(self, status: int, message: str) -> None:
        self.logger.warning("refused a request: %s", message)
        answered = self.cycle is not None and self.cycle.response_started
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True  # the app's reply (if any) must not follow ours
        if not answered:  # after the app began its reply, closing is the only honest answer
            self.transport.write(refusal_bytes(status, message))
        self.transport.close()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(http_limits.HEAD_TIMEOUT_SECONDS, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_head and not self.transport.is_closing():
            if self._head_bytes:
                limit = http_limits.HEAD_TIMEOUT_SECONDS
                self._refuse(408, f"The request head did not arrive within {limit:g} seconds.")
            else:
                self.transport.close()
