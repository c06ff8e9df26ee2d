"""Front-end limits on a real socket: head size 431, URL 414, body 413, slow heads 408, idle connections closed."""
from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import pytest

from pulumi_sig.emulator import EmulatorServer
from pulumi_sig.emulator import http_limits
from pulumi_sig.emulator.http_limits import MAX_HEAD_BYTES, MAX_REQUEST_LINE_BYTES
from pulumi_sig.emulator.http_support import MAX_BODY_BYTES
from tests.emulator.conftest import RESOURCES

HEALTH = b"GET /_emulator/health HTTP/1.1\r\nHost: x\r\n"


def _connect(server: EmulatorServer) -> socket.socket:
    address = urlsplit(server.url or "")
    sock = socket.create_connection((address.hostname, address.port), timeout=20)
    return sock


def _answer(sock: socket.socket) -> bytes:
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    return data


def _status(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.1 ") else 0


def test_a_head_over_the_limit_is_431_without_reading_the_rest(server: EmulatorServer) -> None:
    sock = _connect(server)
    started = time.monotonic()
    sock.sendall(HEALTH + b"X-Big: " + b"a" * (MAX_HEAD_BYTES + 1024))
    try:  # the server answers and closes before the rest of a 16 MiB header is sent
        for _ in range(256):
            sock.sendall(b"a" * 65536)
    except (BrokenPipeError, ConnectionResetError):
        pass
    reply = _answer(sock)
    assert _status(reply) == 431 and b'"RequestHeaderFieldsTooLarge"' in reply
    assert time.monotonic() - started < 5


def test_many_small_headers_count_toward_the_head_limit(server: EmulatorServer) -> None:
    sock = _connect(server)
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(20_000))
    try:
        sock.sendall(HEALTH + headers + b"\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert _status(_answer(sock)) == 431


def test_a_head_within_the_limit_is_served(server: EmulatorServer) -> None:
    sock = _connect(server)
    sock.sendall(HEALTH + b"X-Fine: " + b"a" * 8000 + b"\r\nConnection: close\r\n\r\n")
    assert _status(_answer(sock)) == 200


def test_a_url_over_the_limit_is_414(server: EmulatorServer) -> None:
    sock = _connect(server)
    sock.sendall(b"GET /" + b"a" * (MAX_REQUEST_LINE_BYTES + 10) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    reply = _answer(sock)
    assert _status(reply) == 414 and b'"RequestUriTooLong"' in reply


def test_a_chunked_body_over_the_limit_is_413(server: EmulatorServer) -> None:
    sock = _connect(server)
    path = f"/subscriptions/s/resourceGroups/rg?api-version={RESOURCES}".encode()
    sock.sendall(b"PUT " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    try:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            sock.sendall(b"10000\r\n" + b"a" * 65536 + b"\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    reply = _answer(sock)
    assert _status(reply) == 413 and b'"RequestEntityTooLarge"' in reply and reply.count(b"HTTP/1.1") == 1


def test_a_declared_body_over_the_limit_is_413(server: EmulatorServer) -> None:
    sock = _connect(server)
    path = f"/subscriptions/s/resourceGroups/rg?api-version={RESOURCES}".encode()
    sock.sendall(b"PUT " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n" % (MAX_BODY_BYTES + 1))
    try:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            sock.sendall(b"a" * 65536)
    except (BrokenPipeError, ConnectionResetError):
        pass
    reply = _answer(sock)
    assert _status(reply) == 413 and reply.count(b"HTTP/1.1") == 1


def test_a_slow_head_is_408_and_an_idle_connection_is_closed(server: EmulatorServer,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http_limits, "HEAD_TIMEOUT_SECONDS", 0.5)
    slow, idle = _connect(server), _connect(server)
    started = time.monotonic()
    slow.sendall(b"GET /_emulator/health HTTP/1.1\r\n")
    for _ in range(10):  # slowloris: one header line every 0.2 s, never finishing
        time.sleep(0.2)
        try:
            slow.sendall(b"X-A: b\r\n")
        except (BrokenPipeError, ConnectionResetError):
            break
    reply = _answer(slow)
    assert _status(reply) == 408 and b'"RequestTimeout"' in reply
    assert _answer(idle) == b""  # closed without a word
    assert time.monotonic() - started < 5


def test_connections_past_the_cap_are_answered_503(server: EmulatorServer) -> None:
    from pulumi_sig.emulator.http_limits import MAX_CONCURRENCY

    held = [_connect(server) for _ in range(MAX_CONCURRENCY)]
    try:
        time.sleep(0.3)  # let the server accept them all
        extra = _connect(server)
        extra.sendall(HEALTH + b"Connection: close\r\n\r\n")
        assert _status(_answer(extra)) == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    again = _connect(server)
    again.sendall(HEALTH + b"Connection: close\r\n\r\n")
    assert _status(_answer(again)) == 200
