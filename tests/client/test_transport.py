"""Retries (urllib3), the retry time budget, headers sent on every call, and token-free logs."""
from __future__ import annotations

import logging
import socket
import time

import pytest
from urllib3.util.retry import Retry

from pulumi_sig.client import (ArmClient, ServerError, ServiceUnreachableError, ThrottledError)
from pulumi_sig.client.transport import COMPUTE_API_VERSION, RESOURCES_API_VERSION, USER_AGENT, Transport
from tests.client.conftest import fast_config
from tests.client.fake_arm import FakeArm

GALLERY = {"location": "eastus", "properties": {"description": "d"}}
BUSY = {"error": {"code": "TooManyRequests", "message": "slow down"}}
BOOM = {"error": {"code": "InternalServerError", "message": "boom"}}


def test_429_with_retry_after_then_success(fake: FakeArm, client: ArmClient) -> None:
    client.galleries.create_or_update("rg", "g", GALLERY)
    fake.script("GET", "/galleries/g", 429, BUSY, headers={"Retry-After": "0"}, times=2)
    assert client.galleries.get("rg", "g").name == "g"
    assert len([c for c in fake.calls("GET") if c.path.endswith("/galleries/g")]) == 3


def test_retry_after_is_honoured(fake: FakeArm, client: ArmClient) -> None:
    client.galleries.create_or_update("rg", "g", GALLERY)
    fake.script("GET", "/galleries/g", 429, BUSY, headers={"Retry-After": "1"})
    started = time.monotonic()
    client.galleries.get("rg", "g")
    assert time.monotonic() - started >= 0.9


def test_500_then_success_for_put(fake: FakeArm, client: ArmClient) -> None:
    fake.script("PUT", "/galleries/g", 500, BOOM)
    assert client.galleries.create_or_update("rg", "g", GALLERY).name == "g"
    assert len(fake.calls("PUT")) == 2


def test_exhausted_retries_raise_the_typed_error(make_fake, fake: FakeArm) -> None:
    fake.script("GET", "/galleries/g", 503, BOOM, times=10)
    with ArmClient(fast_config(fake.url, max_retries=2)) as client, pytest.raises(ServerError) as caught:
        client.galleries.get("rg", "g")
    assert caught.value.status == 503 and caught.value.code == "InternalServerError"
    assert len(fake.calls("GET")) == 3  # the first try and two retries


def test_exhausted_429_raises_throttled(fake: FakeArm) -> None:
    fake.script("GET", "/galleries/g", 429, BUSY, headers={"Retry-After": "0"}, times=10)
    with ArmClient(fast_config(fake.url, max_retries=1)) as client, pytest.raises(ThrottledError):
        client.galleries.get("rg", "g")


def test_patch_and_post_are_not_retried_on_500(fake: FakeArm, client: ArmClient) -> None:
    client.galleries.create_or_update("rg", "g", GALLERY)
    fake.script("PATCH", "/galleries/g", 500, BOOM, times=5)
    with pytest.raises(ServerError):
        client.galleries.update("rg", "g", {"properties": {"description": "new"}})
    assert len(fake.calls("PATCH")) == 1
    fake.script("POST", "/anything", 500, BOOM, times=5)
    with pytest.raises(ServerError):
        client.transport.request("POST", "/anything")
    assert len(fake.calls("POST")) == 1


def test_retry_after_beyond_the_budget_stops_at_once(fake: FakeArm) -> None:
    fake.script("GET", "/galleries/g", 429, BUSY, headers={"Retry-After": "600"}, times=5)
    with ArmClient(fast_config(fake.url, retry_total_seconds=5)) as client:
        started = time.monotonic()
        with pytest.raises(ThrottledError):
            client.galleries.get("rg", "g")
    assert time.monotonic() - started < 3
    assert len(fake.calls("GET")) == 1


def test_connection_refused_is_service_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with ArmClient(fast_config(f"http://127.0.0.1:{port}", max_retries=1)) as client:
        with pytest.raises(ServiceUnreachableError) as caught:
            client.galleries.get("rg", "g")
    assert caught.value.code == "ServiceUnreachable" and caught.value.status is None


def test_every_call_sends_api_version_request_id_and_user_agent(fake: FakeArm, client: ArmClient) -> None:
    client.resource_groups.create_or_update("rg", {"location": "eastus"})
    client.galleries.create_or_update("rg", "g", GALLERY)
    group_put, gallery_put = fake.calls("PUT")
    assert group_put.query["api-version"] == [RESOURCES_API_VERSION]
    assert gallery_put.query["api-version"] == [COMPUTE_API_VERSION]
    ids = {call.headers["x-ms-client-request-id"] for call in fake.calls()}
    assert len(ids) == len(fake.calls())
    assert all(call.headers["user-agent"] == USER_AGENT for call in fake.calls())
    assert USER_AGENT.startswith("pulumi-sig/")


def test_debug_log_has_method_url_status_but_no_token(fake: FakeArm, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="pulumi_sig.client"):
        with ArmClient(fast_config(fake.url, token="s3cret-token")) as client:
            client.galleries.create_or_update("rg", "g", GALLERY)
            assert "s3cret-token" not in repr(client.transport.session.auth)
            assert "s3cret-token" not in repr(client.config)
    assert fake.calls("PUT")[0].headers["authorization"] == "Bearer s3cret-token"
    text = caplog.text
    assert "PUT http" in text and "/galleries/g" in text and "-> 201" in text
    assert "s3cret-token" not in text


def test_connection_reset_is_retried_for_get() -> None:
    import threading

    body = b'{"id": "/x", "name": "g", "location": "westus"}'
    answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
              b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    accepted: list[int] = []

    def serve() -> None:
        for attempt in range(2):
            connection, _ = listener.accept()
            connection.recv(65536)
            accepted.append(attempt)
            if attempt == 0:  # drop the first request without answering
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            else:
                connection.sendall(answer)
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with ArmClient(fast_config(f"http://127.0.0.1:{listener.getsockname()[1]}")) as client:
            assert client.galleries.get("rg", "g").name == "g"
    finally:
        thread.join(5)
        listener.close()
    assert accepted == [0, 1]


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return monkeypatch


def test_proxies_from_the_environment_are_honoured_with_no_proxy(fake: FakeArm, no_proxy_env: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a proxy address nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead_proxy = f"http://127.0.0.1:{probe.getsockname()[1]}"
    no_proxy_env.setenv("HTTP_PROXY", dead_proxy)
    with ArmClient(fast_config(fake.url, max_retries=0)) as client:
        with pytest.raises(ServiceUnreachableError):
            client.resource_groups.create_or_update("rg", {"location": "eastus"})
    no_proxy_env.setenv("NO_PROXY", "127.0.0.1")
    with ArmClient(fast_config(fake.url, max_retries=0)) as client:
        assert client.resource_groups.create_or_update("rg", {"location": "eastus"})


def test_the_environment_is_read_once_per_origin(no_proxy_env: pytest.MonkeyPatch) -> None:
    # requests would read it again on every request (~0.3 ms each); the answers must be the same.
    no_proxy_env.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    no_proxy_env.setenv("NO_PROXY", "internal.example")
    no_proxy_env.setenv("REQUESTS_CA_BUNDLE", "/etc/env-ca.pem")
    transport = Transport("https://management.azure.com", auth=None, retry=Retry(0), timeout=5)
    assert transport.session.trust_env is False and transport.verify == "/etc/env-ca.pem"
    assert transport._environment("https://management.azure.com/a")["proxies"]["https"] == "http://proxy.example:3128"
    assert transport._environment("https://internal.example/a")["proxies"] == {}
    no_proxy_env.setenv("HTTPS_PROXY", "http://other.example:1")
    assert transport._environment("https://management.azure.com/b")["proxies"]["https"] == "http://proxy.example:3128"
    explicit = Transport("https://management.azure.com", auth=None, retry=Retry(0), timeout=5, verify="/mine.pem")
    assert explicit.verify == "/mine.pem"
