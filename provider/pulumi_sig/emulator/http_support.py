"""HTTP plumbing the routers share: injected service, api-version checks, raw JSON bodies, ARM replies."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response

from pulumi_sig.models.errors import (InvalidApiVersionParameter, InvalidRequestContent,
                                      MissingApiVersionParameter, RequestEntityTooLarge, UnsupportedMediaType)
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import Outcome, Page

MAX_BODY_BYTES = 4 * 1024 * 1024
COMPUTE_API_VERSIONS = frozenset({"2022-03-03", "2023-07-03", "2024-03-03", "2025-03-03", "2026-03-03"})
API_VERSION_FORMAT = re.compile(r"^\d{4}-\d{2}-\d{2}(-preview)?$")


@dataclass(frozen=True)
class HttpSettings:
    """Per-app HTTP behaviour."""

    retry_after: int = 1
    loose_api_version: bool = False


async def get_service(request: Request) -> EmulatorService:
    """The service of the app that received the request (several apps may share a process).

    Dependencies are async so FastAPI does not hop to its thread pool to run them.
    """
    return request.app.state.service


def get_http_settings(request: Request) -> HttpSettings:
    """The HTTP settings of the app that received the request."""
    return request.app.state.http_settings


Service = Annotated[EmulatorService, Depends(get_service)]


def _api_version(request: Request) -> str:
    version = request.query_params.get("api-version")
    if not version:
        raise MissingApiVersionParameter("The api-version query parameter (?api-version=) is required for "
                                         "all requests.", target="api-version")
    return version


async def compute_api_version(request: Request) -> str:
    """A Microsoft.Compute api-version this emulator serves (or, when loose, any later date)."""
    version = _api_version(request)
    if version in COMPUTE_API_VERSIONS:
        return version
    loose = get_http_settings(request).loose_api_version
    if loose and API_VERSION_FORMAT.match(version) and version > max(COMPUTE_API_VERSIONS):
        return version
    raise InvalidApiVersionParameter(
        f"The resource type 'galleries' could not be found for api version '{version}'. The supported "
        f"api-versions are '{', '.join(sorted(COMPUTE_API_VERSIONS))}'.", target="api-version")


async def resources_api_version(request: Request) -> str:
    """Microsoft.Resources is lenient: any well-formed date."""
    version = _api_version(request)
    if not API_VERSION_FORMAT.match(version):
        raise InvalidApiVersionParameter(f"The api-version '{version}' is invalid: use the form YYYY-MM-DD.",
                                         target="api-version")
    return version


@dataclass(frozen=True)
class Call:
    """What an ARM route needs: the app's service and the request's checked api-version."""

    service: EmulatorService
    api_version: str


async def compute_call(request: Request) -> Call:
    """One dependency per request (not two): FastAPI's dependency solving is a large part of a GET."""
    return Call(request.app.state.service, await compute_api_version(request))


async def resources_call(request: Request) -> Call:
    """The same for Microsoft.Resources routes."""
    return Call(request.app.state.service, await resources_api_version(request))


Compute = Annotated[Call, Depends(compute_call)]
Resources = Annotated[Call, Depends(resources_call)]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_json(request: Request) -> Any:
    """The request body as JSON, read by hand so every failure is an ARM 4xx naming the problem."""
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type and not (content_type.endswith("/json") or content_type.endswith("+json")):
        raise UnsupportedMediaType(f"Content type '{content_type}' is not supported: send application/json.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise RequestEntityTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise InvalidRequestContent("The request content is empty; a JSON object is required.", target="body")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidRequestContent(f"The request content is not valid JSON: {error}", target="body") from None


def arm_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON reply."""
    return JSONResponse(body, status_code=status, headers=headers)


def lro_headers(request: Request, operation: dict[str, Any] | None, api_version: str) -> dict[str, str]:
    """Azure-AsyncOperation, Location and Retry-After of an operation, as ARM sends them."""
    if not operation:
        return {}
    base = str(request.base_url).rstrip("/")
    prefix = (f"{base}/subscriptions/{operation['subscription']}/providers/Microsoft.Compute/locations/"
              f"{operation['location']}")
    query = urlencode({"api-version": api_version})
    return {"Azure-AsyncOperation": f"{prefix}/operations/{operation['name']}?{query}",
            "Location": f"{prefix}/operationResults/{operation['name']}?{query}",
            "Retry-After": str(get_http_settings(request).retry_after)}


def outcome_response(request: Request, outcome: Outcome, api_version: str) -> Response:
    """The reply to a mutation: its status, body (if any) and operation headers."""
    headers = lro_headers(request, outcome.operation, api_version)
    if outcome.body is None:
        return Response(status_code=outcome.status, headers=headers)
    return arm_json(outcome.body, outcome.status, headers)


def page_response(request: Request, page: Page) -> Response:
    """{"value": [...], "nextLink": absolute URL with $skiptoken and the same api-version}."""
    body: dict[str, Any] = {"value": page.items}
    if page.next_after is not None:
        params = {k: v for k, v in request.query_params.items() if k.lower() != "$skiptoken"}
        params["$skiptoken"] = page.next_after
        body["nextLink"] = str(request.url.replace(query=urlencode(params)))
    return arm_json(body)


def paging_args(request: Request) -> tuple[str | None, int | None]:
    """($skiptoken, $top) of a list request; $top must be a positive integer."""
    top = request.query_params.get("$top")
    if top is not None and not (top.isdigit() and int(top) > 0):
        raise InvalidRequestContent(f"$top must be a positive integer, got '{top}'.", target="$top")
    return request.query_params.get("$skiptoken"), int(top) if top else None
