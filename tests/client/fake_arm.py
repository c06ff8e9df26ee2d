"""A small scriptable ARM server for client tests: generic resources, the three LRO styles, paging."""
from __future__ import annotations

import json
import ssl
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

COLLECTIONS = {"resourcegroups", "galleries", "images", "versions", "snapshots", "disks", "virtualmachines"}


@dataclass
class Scripted:
    """A canned answer for the next `times` requests matching method and a path fragment."""

    method: str
    path_contains: str
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any


@dataclass
class Operation:
    key: str
    method: str
    polls_left: int
    final: str = "Succeeded"
    error: dict[str, Any] | None = None
    status_case: str = "Succeeded"


class FakeArm:
    """lro: "async" (Azure-AsyncOperation), "location", "state" (provisioningState) or "sync"."""

    def __init__(self, *, lro: str = "sync", polls: int = 1, page_size: int = 100,
                 token: str | None = None, tls: ssl.SSLContext | None = None) -> None:
        self.lro, self.polls, self.page_size, self.token = lro, polls, page_size, token
        self.resources: dict[str, dict[str, Any]] = {}
        self.operations: dict[str, Operation] = {}
        self.pending_state: dict[str, Operation] = {}
        self.replication: dict[str, list[dict[str, Any]]] = {}
        self.scripted: list[Scripted] = []
        self.requests: list[Recorded] = []
        self.fail_next: dict[str, Any] | None = None  # error of the next operation
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        scheme = "http"
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def __enter__(self) -> "FakeArm":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def script(self, method: str, path_contains: str, status: int, body: Any = None, *,
               headers: dict[str, str] | None = None, times: int = 1) -> None:
        self.scripted.append(Scripted(method, path_contains, status, body, headers or {}, times))

    def calls(self, method: str | None = None) -> list[Recorded]:
        return [r for r in self.requests if method is None or r.method == method]

    # -- request handling -------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        split = urlsplit(raw_path)
        path, query = split.path, parse_qs(split.query)
        with self.lock:
            self.requests.append(Recorded(method, path, query, headers, body))
            for canned in self.scripted:
                if canned.method == method and canned.path_contains in path and canned.times > 0:
                    canned.times -= 1
                    return canned.status, canned.body, canned.headers
            if self.token is not None and headers.get("authorization") != f"Bearer {self.token}":
                return 401, _error("AuthenticationFailed", "bad or missing bearer token"), {}
            if path.startswith("/_ops/"):
                return self._async_status(path.rsplit("/", 1)[1])
            if path.startswith("/_loc/"):
                return self._location_status(path.rsplit("/", 1)[1])
            return self._resource(method, path, query, body)

    def _resource(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any, dict[str, str]]:
        key = path.lower()
        if method == "GET":
            if key in self.resources:
                return 200, self._present(key, query), {}
            if key.rsplit("/", 1)[-1] in COLLECTIONS:
                return 200, self._page(path, query), {}
            return 404, _error("ResourceNotFound", f"The Resource '{path}' was not found."), {"x-ms-request-id": "req-404"}
        if method in ("PUT", "PATCH"):
            return self._write(method, path, body)
        if method == "DELETE":
            return self._delete(key)
        return 405, _error("MethodNotAllowed", method), {}

    def _write(self, method: str, path: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        key = path.lower()
        existed = key in self.resources
        if method == "PATCH":
            if not existed:
                return 404, _error("ResourceNotFound", path), {}
            body = _merge(self.resources[key], body)
        stored = {**body, "id": path, "name": path.rsplit("/", 1)[1]}
        stored.setdefault("properties", {})
        stored["properties"] = {**stored["properties"], "provisioningState": "Succeeded"}
        self.resources[key] = stored
        status = 200 if existed else 201
        if self.lro == "sync":
            return status, stored, {}
        return self._start(key, method, status, stored)

    def _delete(self, key: str) -> tuple[int, Any, dict[str, str]]:
        if key not in self.resources:
            return 204, None, {}
        if self.lro == "sync":
            del self.resources[key]
            return 200, None, {}
        return self._start(key, "DELETE", 202, None)

    def _start(self, key: str, method: str, status: int, stored: Any) -> tuple[int, Any, dict[str, str]]:
        op = Operation(key, method, self.polls, error=self.fail_next,
                       final="Failed" if self.fail_next else "Succeeded")
        self.fail_next = None
        name = uuid.uuid4().hex
        if self.lro == "async":
            self.operations[name] = op
            accepted = {**stored, "properties": {**stored["properties"], "provisioningState": "Creating"}} if stored else None
            return (status if stored else 202), accepted, {"Azure-AsyncOperation": f"{self.url}/_ops/{name}?api-version=x",
                                                          "Retry-After": "0"}
        if self.lro == "location":
            self.operations[name] = op
            return 202, None, {"Location": f"{self.url}/_loc/{name}", "Retry-After": "0"}
        self.pending_state[key] = op  # "state": the resource's provisioningState tells
        if method == "DELETE":
            return 202, None, {}
        return status, {**stored, "properties": {**stored["properties"], "provisioningState": "Creating"}}, {}

    def _advance(self, op: Operation) -> str:
        if op.polls_left > 0:
            op.polls_left -= 1
            return "InProgress"
        if op.final == "Succeeded" and op.method == "DELETE":
            self.resources.pop(op.key, None)
        return op.final

    def _async_status(self, name: str) -> tuple[int, Any, dict[str, str]]:
        op = self.operations[name]
        state = self._advance(op)
        body: dict[str, Any] = {"status": state.lower() if state == "Succeeded" else state}  # any casing
        if state == "Failed":
            body["error"] = op.error
        return 200, body, {"Retry-After": "0"}

    def _location_status(self, name: str) -> tuple[int, Any, dict[str, str]]:
        op = self.operations[name]
        state = self._advance(op)
        if state == "InProgress":
            return 202, None, {"Location": f"{self.url}/_loc/{name}", "Retry-After": "0"}
        if state == "Failed":
            return 409, {"error": op.error}, {}
        return (204, None, {}) if op.method == "DELETE" else (200, self.resources.get(op.key), {})

    def _present(self, key: str, query: dict[str, list[str]]) -> dict[str, Any]:
        resource = json.loads(json.dumps(self.resources[key]))
        op = self.pending_state.get(key)
        if op is not None:
            state = self._advance(op)
            if state == "InProgress":
                resource["properties"]["provisioningState"] = "Deleting" if op.method == "DELETE" else "Creating"
            else:
                del self.pending_state[key]
                if op.method == "DELETE" and state == "Succeeded":
                    self.resources.pop(key, None)
                resource["properties"]["provisioningState"] = state
        if query.get("$expand") == ["ReplicationStatus"] and key in self.replication:
            script = self.replication[key]
            resource["properties"]["replicationStatus"] = script.pop(0) if len(script) > 1 else script[0]
        return resource

    def _page(self, path: str, query: dict[str, list[str]]) -> dict[str, Any]:
        prefix = path.lower() + "/"
        items = [v for k, v in sorted(self.resources.items()) if k.startswith(prefix) and "/" not in k[len(prefix):]]
        size = int(query.get("$top", [self.page_size])[0])
        start = int(query.get("$skiptoken", ["0"])[0])
        page: dict[str, Any] = {"value": items[start:start + size]}
        if start + size < len(items):
            page["nextLink"] = f"{self.url}{path}?" + urlencode(
                {"api-version": query.get("api-version", [""])[0], "$skiptoken": start + size, "$top": size})
        return page


def _merge(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    merged = dict(target)
    for name, value in patch.items():
        merged[name] = _merge(merged.get(name) or {}, value) if isinstance(value, dict) else value
    return merged


def _error(code: str, message: str, target: str | None = None) -> dict[str, Any]:
    error = {"code": code, "message": message}
    if target:
        error["target"] = target
    return {"error": error}


def _handler(fake: FakeArm) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer, extra = fake.handle(self.command, self.path, headers, body)
            data = json.dumps(answer).encode() if answer is not None else b""
            self.send_response(status)
            for name, value in {"x-ms-request-id": f"req-{uuid.uuid4().hex[:8]}", **extra}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            if data:
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_PUT = do_PATCH = do_DELETE = do_POST = do_HEAD = _serve

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
