"""Deadlines that hold, names refused before sending, and every odd answer as a typed ArmHttpError."""
from __future__ import annotations

import json
import socket
import time
from email.utils import formatdate
from typing import Any, Iterator

import pytest

from pulumi_sig.client import ArmClient, ClientConfig
from pulumi_sig.client.errors import (ArmHttpError, InvalidResourceNameError, OperationDeadlineExceeded,
                                      OperationFailedError, PaginationError, ServiceUnreachableError,
                                      UnexpectedResponseError)
from pulumi_sig.client.lro import retry_after_seconds
from pulumi_sig.models import Gallery
from tests.client.conftest import FAST, fast_config
from tests.client.fake_arm import FakeArm
from tests.client.raw_server import RawHandler, RawServer, reply

GALLERY = {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g", "name": "g",
           "type": "Microsoft.Compute/galleries", "location": "westus",
           "properties": {"provisioningState": "Creating"}}


@pytest.fixture
def raw() -> Iterator[Any]:
    servers: list[RawServer] = []

    def start(handler: RawHandler) -> RawServer:
        servers.append(RawServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.mark.parametrize("name", ["g1/images/i1", "g1\\x", "..", ".", "", "g?x", "g#x", "g%2Fx", "g\nx"])
def test_a_name_that_is_not_one_segment_is_refused_before_sending(fake: FakeArm, client: ArmClient,
                                                                   name: str) -> None:
    with pytest.raises(InvalidResourceNameError) as raised:
        client.galleries.delete("rg", name)
    assert raised.value.code == "InvalidResourceName" and raised.value.target == "galleryName"
    with pytest.raises(InvalidResourceNameError):
        client.image_versions.get("rg", "g", "img", name)
    assert fake.calls() == []


def test_a_status_url_that_never_answers_ends_at_the_deadline(raw: Any) -> None:
    def handler(method: str, path: str, connection: socket.socket, url: str) -> None:
        if method == "PUT":
            reply(connection, 201, json.dumps(GALLERY).encode(), {"Azure-AsyncOperation": f"{url}/op/1"})
        else:
            time.sleep(30)  # the status URL accepts and never answers

    server = raw(handler)
    config = ClientConfig(endpoint=server.url, poll_interval=0.1, poll_min_delay=0.0, request_timeout=60.0)
    with ArmClient(config) as client:
        poller = client.galleries.begin_create_or_update("rg", "g", Gallery(location="westus"))
        started = time.monotonic()
        with pytest.raises(OperationDeadlineExceeded):
            poller.result(deadline=3)
        assert time.monotonic() - started < 4.0


def test_a_slow_drip_body_is_cut_off_near_the_request_timeout(raw: Any) -> None:
    def handler(method: str, path: str, connection: socket.socket, url: str) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/json\r\n\r\n{")
        for _ in range(999):
            time.sleep(0.1)
            connection.sendall(b" ")

    server = raw(handler)
    with ArmClient(fast_config(server.url, request_timeout=1.0, max_retries=0)) as client:
        started = time.monotonic()
        with pytest.raises(ServiceUnreachableError):
            client.galleries.get("rg", "g")
        assert time.monotonic() - started < 2.0


@pytest.mark.parametrize("body", [b"<html><body>Gateway</body></html>", b'{"id": "/subscriptions/s', b"[1, 2]",
                                  b'{"name": "g", "location": 5, "tags": "x"}'])
def test_an_unexpected_200_body_is_a_typed_error_with_status_and_request_id(raw: Any, body: bytes) -> None:
    server = raw(lambda method, path, connection, url: reply(connection, 200, body))
    with ArmClient(fast_config(server.url)) as client:
        with pytest.raises(UnexpectedResponseError) as raised:
            client.galleries.get("rg", "g")
    assert raised.value.status == 200 and raised.value.request_id == "raw-req-1"
    assert raised.value.code == "UnexpectedResponse"


def test_an_html_list_page_is_a_typed_error(raw: Any) -> None:
    server = raw(lambda method, path, connection, url: reply(connection, 200, b"<html>"))
    with ArmClient(fast_config(server.url)) as client:
        with pytest.raises(UnexpectedResponseError):
            client.galleries.list()


def test_a_next_link_pointing_at_itself_is_a_pagination_error(raw: Any) -> None:
    def handler(method: str, path: str, connection: socket.socket, url: str) -> None:
        reply(connection, 200, json.dumps({"value": [], "nextLink": url + path}).encode())

    server = raw(handler)
    with ArmClient(fast_config(server.url)) as client:
        with pytest.raises(PaginationError) as raised:
            client.galleries.list()
    assert isinstance(raised.value, UnexpectedResponseError) and len(server.requests) <= 2


def test_a_two_page_cycle_is_detected(raw: Any) -> None:
    def handler(method: str, path: str, connection: socket.socket, url: str) -> None:
        other = "/page-b?api-version=x" if "page-b" not in path else "/page-a?api-version=x"
        reply(connection, 200, json.dumps({"value": [], "nextLink": url + other}).encode())

    server = raw(handler)
    with ArmClient(fast_config(server.url)) as client:
        with pytest.raises(PaginationError):
            client.galleries.list()
    assert len(server.requests) <= 4


@pytest.mark.parametrize("retry_after", ["soon", "0", formatdate(time.time() + 1, usegmt=True), "-5"])
def test_retry_after_in_both_forms_and_invalid_values_still_retry(fake: FakeArm, retry_after: str) -> None:
    fake.script("GET", "/galleries/g", 503, {"error": {"code": "ServerBusy", "message": "busy"}},
                headers={"Retry-After": retry_after})
    with ArmClient(fast_config(fake.url)) as client:
        client.resource_groups.create_or_update("rg", {"location": "westus"})
        client.galleries.create_or_update("rg", "g", Gallery(location="westus"))
        assert client.galleries.get("rg", "g").name == "g"


def test_retry_after_parsing_for_polls() -> None:
    assert retry_after_seconds("7") == 7.0
    assert 8 <= (retry_after_seconds(formatdate(time.time() + 10, usegmt=True)) or 0) <= 10
    assert retry_after_seconds("soon") is None and retry_after_seconds("") is None
    assert retry_after_seconds("nan") is None


def test_a_404_from_the_operation_url_reports_404(raw: Any) -> None:
    def handler(method: str, path: str, connection: socket.socket, url: str) -> None:
        if method == "PUT":
            reply(connection, 201, json.dumps(GALLERY).encode(), {"Azure-AsyncOperation": f"{url}/op/1"})
        else:
            reply(connection, 404, b'{"error": {"code": "NotFound", "message": "no such operation"}}')

    server = raw(handler)
    with ArmClient(fast_config(server.url)) as client:
        with pytest.raises(OperationFailedError) as raised:
            client.galleries.create_or_update("rg", "g", Gallery(location="westus"))
    assert raised.value.status == 404 and raised.value.code == "NotFound"
    assert "HTTP 404" in str(raised.value) and "HTTP 201" not in str(raised.value)


def test_every_failure_above_is_an_arm_http_error() -> None:
    for cls in (UnexpectedResponseError, PaginationError, InvalidResourceNameError, OperationDeadlineExceeded):
        assert issubclass(cls, ArmHttpError)
    assert FAST["request_timeout"] > 0
