"""The ASGI app: route tables per resource type, ARM error envelopes, request ids, case-insensitive paths.

A plain ASGI callable rather than FastAPI: the emulator reads its bodies by hand and writes its own JSON,
so FastAPI's routing, dependency solving and response validation were most of a GET's server time.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import replace
from typing import Any

from pulumi_sig.models.errors import ArmError, MethodNotAllowed, NotFound
from pulumi_sig.emulator import (routes_admin, routes_cloud, routes_galleries, routes_images, routes_login,
                                 routes_operations, routes_resource_groups, routes_sources, routes_versions)
from pulumi_sig.emulator import routes_authorization, routes_gallery_invites, routes_shared_galleries
from pulumi_sig.emulator.http_support import (AppState, ArmRequest, ArmResponse, ClientDisconnected,
                                              HttpSettings, Receive, Scope, Send, arm_json, check_api_version,
                                              decoded_path)
from pulumi_sig.emulator.http_authorization import authorize
from pulumi_sig.emulator.http_security import check_access
from pulumi_sig.emulator.ids import canonical_path
from pulumi_sig.emulator.router import Router
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import iso

log = logging.getLogger("pulumi_sig.emulator")
# Routes are tried in order: the hot resource routes first, the catch-all source route last.
ROUTE_TABLES = [routes_versions.routes, routes_images.routes, routes_galleries.routes, routes_operations.routes,
                routes_resource_groups.routes, routes_admin.routes, routes_cloud.routes, routes_login.routes,
                routes_authorization.routes,
                routes_shared_galleries.routes, routes_gallery_invites.routes, routes_sources.routes]
CORRELATION_ID = b"x-ms-correlation-request-id"


class Stats:
    """Requests by method since start or reset (admin routes excluded): what a benchmark counts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._since = time.time()
            self._counts: dict[str, int] = {}

    def count(self, method: str) -> None:
        with self._lock:
            self._counts[method] = self._counts.get(method, 0) + 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            counts = {m: self._counts.get(m, 0) for m in ("GET", "PUT", "PATCH", "DELETE", "POST", "HEAD")}
            return {"since": iso(self._since), "requests": counts, "total": sum(self._counts.values()),
                    "writes": sum(counts[m] for m in ("PUT", "PATCH", "DELETE", "POST"))}


class ArmApp:
    """Canonical path casing, routing, request ids on every reply, stats, and a catch-all that never leaks."""

    def __init__(self, state: AppState) -> None:
        self.state = state
        self.router = Router(ROUTE_TABLES)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no lifespan or websockets: uvicorn runs with lifespan="off"
        headers = dict(scope.get("headers") or ())
        try:
            path = canonical_path(decoded_path(scope)).rstrip("/") or "/"
        except ArmError as error:
            await self.send(send, arm_json(error.to_body(), error.status), correlation=headers.get(CORRELATION_ID))
            return
        if not path.startswith("/_emulator"):
            self.state.stats.count(scope["method"])
        request = ArmRequest(scope, receive, self.state, path=path, headers=headers)
        try:
            response = await self.dispatch(request)
        except ClientDisconnected:
            return
        except Exception:  # noqa: BLE001 - the last line of defence: log it, answer an ARM 500
            log.exception("unhandled error on %s %s", request.method, path)
            response = arm_json({"error": {"code": "InternalServerError", "message": "An internal error occurred "
                                           "in the emulator; see its log for the request id."}}, 500)
        await self.send(send, response, correlation=headers.get(CORRELATION_ID))

    async def dispatch(self, request: ArmRequest) -> ArmResponse:
        """Route the request and run its handler; ARM errors become their envelopes."""
        try:
            check_access(request, self.state.settings.auth_token)
            match = self.router.resolve(request.method, request.path)
            if match is None:
                raise NotFound(f"No emulated ARM route matches {request.method} {request.path}.")
            if match.route is None:
                refused = MethodNotAllowed(f"The method {request.method} is not allowed on {request.path}.")
                return arm_json(refused.to_body(), refused.status, {"Allow": ", ".join(match.allowed)})
            request.params = match.params
            check_api_version(request, match.route.api)
            authorize(request, match.route)
            return await match.route.handler(request)
        except ArmError as error:
            return arm_json(error.to_body(), error.status)

    @staticmethod
    async def send(send: Send, response: ArmResponse, *, correlation: bytes | None) -> None:
        """The reply with its request ids; no body (nor length) on 204/304, as Starlette does."""
        headers = [(b"x-ms-request-id", str(uuid.uuid4()).encode()),
                   (CORRELATION_ID, correlation or str(uuid.uuid4()).encode())]
        if response.body:
            headers.append((b"content-type", b"application/json"))
        if response.status not in (204, 304):
            headers.append((b"content-length", str(len(response.body)).encode()))
        for name, value in (response.headers or {}).items():
            headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})


def create_app(service: EmulatorService, *, retry_after: int = 1, loose_api_version: bool = False,
               auth_token: str | None = None, authorization: str = "off", token_key: bytes | None = None) -> ArmApp:
    """An ARM emulator app over `service`; each app has its own service and stats."""
    settings = HttpSettings(retry_after=retry_after, loose_api_version=loose_api_version, auth_token=auth_token,
                            authorization=authorization)
    if token_key is not None:
        settings = replace(settings, token_key=token_key)
    return ArmApp(AppState(service, settings, Stats()))
