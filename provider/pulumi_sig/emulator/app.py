"""FastAPI app factory: routers per resource type, ARM error envelopes, request ids, case-insensitive paths."""
from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pulumi_sig.models.errors import ArmError
from pulumi_sig.emulator import (routes_admin, routes_galleries, routes_images, routes_operations,
                                 routes_resource_groups, routes_sources, routes_versions)
from pulumi_sig.emulator.http_support import HttpSettings
from pulumi_sig.emulator.ids import canonical_path
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import iso

log = logging.getLogger("pulumi_sig.emulator")
HTTP_CODES = {400: "BadRequest", 404: "NotFound", 405: "MethodNotAllowed", 413: "RequestEntityTooLarge",
              415: "UnsupportedMediaType"}


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


def _error_body(code: str, message: str) -> bytes:
    return JSONResponse({"error": {"code": code, "message": message}}).body


class ArmMiddleware:
    """Canonical path casing, request ids on every reply, stats, and a catch-all that never leaks a trace."""

    def __init__(self, app: ASGIApp, stats: Stats) -> None:
        self.app = app
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = canonical_path(scope["path"])
        path = path.rstrip("/") or "/"
        scope = dict(scope, path=path)
        if not path.startswith("/_emulator"):
            self.stats.count(scope["method"])
        ids = [(b"x-ms-request-id", str(uuid.uuid4()).encode())]
        correlation = dict(scope.get("headers") or []).get(b"x-ms-correlation-request-id")
        ids.append((b"x-ms-correlation-request-id", correlation or str(uuid.uuid4()).encode()))
        started = False

        async def send_with_ids(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = dict(message, headers=list(message.get("headers") or []) + ids)
            await send(message)

        try:
            await self.app(scope, receive, send_with_ids)
        except Exception:  # noqa: BLE001 - the last line of defence: log it, answer an ARM 500
            log.exception("unhandled error on %s %s", scope["method"], path)
            if not started:
                body = _error_body("InternalServerError", "An internal error occurred in the emulator; "
                                   "see its log for the request id.")
                await send_with_ids({"type": "http.response.start", "status": 500,
                                     "headers": [(b"content-type", b"application/json"),
                                                 (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})


async def _arm_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, ArmError)
    return JSONResponse(error.to_body(), status_code=error.status)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    code = HTTP_CODES.get(error.status_code, "BadRequest")
    if error.status_code == 404:
        message = f"No emulated ARM route matches {request.method} {request.url.path}."
    elif error.status_code == 405:
        message = f"The method {request.method} is not allowed on {request.url.path}."
    else:
        message = str(error.detail)
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=error.status_code,
                        headers=getattr(error, "headers", None))


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    return JSONResponse({"error": {"code": "InvalidRequestContent", "message": "The request is invalid."}},
                        status_code=400)


def create_app(service: EmulatorService, *, retry_after: int = 1, loose_api_version: bool = False) -> FastAPI:
    """An ARM emulator app over `service`; each app has its own service and stats."""
    app = FastAPI(title="Azure Compute Gallery emulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = service
    app.state.http_settings = HttpSettings(retry_after=retry_after, loose_api_version=loose_api_version)
    app.state.stats = Stats()
    # Routes are tried in order: the hot resource routes first, the catch-all source route last.
    for module in (routes_versions, routes_images, routes_galleries, routes_operations, routes_resource_groups,
                   routes_admin, routes_sources):
        app.include_router(module.router)
    app.add_exception_handler(ArmError, _arm_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(ArmMiddleware, stats=app.state.stats)
    return app
