"""HTTP plumbing the routers share: the request a route sees, api-version checks, raw JSON bodies, ARM replies."""
from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Awaitable, Callable, MutableMapping, TypeVar
from urllib.parse import parse_qsl, unquote, urlencode

from pulumi_sig.models.api_versions import (is_supported_api_version, is_well_formed_api_version, namespace,
                                            short_type, supported_api_versions)
from pulumi_sig.models.errors import (ArmError, InvalidApiVersionParameter, InvalidRequestContent,
                                      InvalidResourceName, InvalidResourceType, MissingApiVersionParameter,
                                      NoRegisteredProviderFound, RequestEntityTooLarge, UnsupportedMediaType)
from pulumi_sig.models.image_source import canonical_source_type
from pulumi_sig.models.names import path_segment_violation
from pulumi_sig.emulator.identity import Principal
from pulumi_sig.emulator.service import EmulatorService
from pulumi_sig.emulator.service_common import Outcome, Page
from pulumi_sig.emulator.service_base import ResourcePath

if TYPE_CHECKING:
    from pulumi_sig.emulator.app import Stats

# ASGI's shapes (the emulator needs no web framework, only an ASGI server).
Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_BODY_BYTES = 4 * 1024 * 1024
# Json.NET's default MaxDepth, which ARM's front door parses with: deeper bodies are refused, so no
# rule or copy further in can recurse without bound.
MAX_JSON_DEPTH = 64
T = TypeVar("T")
# Starlette's JSONResponse encoding: compact, UTF-8, and NaN refused rather than sent as invalid JSON.
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


@dataclass(frozen=True)
class HttpSettings:
    """Per-app HTTP behaviour."""

    retry_after: int = 1
    loose_api_version: bool = False
    auth_token: str | None = None  # when set, every call but health needs "Authorization: Bearer <token>"
    authorization: str = "off"  # "enforce": every ARM call is checked against role assignments
    # Signs the tokens the login routes issue (service_login); a server keeps it in its data dir.
    token_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)


@dataclass(frozen=True)
class AppState:
    """What every request of one app shares: its service, HTTP settings and request counters."""

    service: EmulatorService
    settings: HttpSettings
    stats: "Stats"


class ClientDisconnected(Exception):
    """The client went away before its request body arrived: there is no one to answer."""


class ArmRequest:
    """The request a route handler sees: path parameters, query, headers, body, and its app's state."""

    __slots__ = ("method", "path", "params", "query", "headers", "state", "scheme", "server", "api_version",
                 "principal", "_receive")

    def __init__(self, scope: Scope, receive: Receive, state: AppState, *, path: str,
                 headers: dict[bytes, bytes]) -> None:
        self.method: str = scope["method"]
        self.path = path
        self.params: dict[str, str] = {}
        raw_query = scope.get("query_string") or b""
        self.query = dict(parse_qsl(raw_query.decode("latin-1"), keep_blank_values=True)) if raw_query else {}
        self.headers = headers
        self.state = state
        self.scheme: str = scope.get("scheme", "http")
        self.server: tuple[str, int] | None = scope.get("server")
        self.api_version = ""
        self.principal: Principal | None = None  # who is calling, once authenticated (http_authorization)
        self._receive = receive

    @property
    def service(self) -> EmulatorService:
        """The service of the app that received the request (several apps may share a process)."""
        return self.state.service

    def header(self, name: str) -> str | None:
        """A request header by its lower-case name."""
        value = self.headers.get(name.encode("latin-1"))
        return value.decode("latin-1") if value is not None else None

    @property
    def base_url(self) -> str:
        """scheme://host[:port] as the client addressed the server."""
        host = self.header("host")
        if host is None:  # HTTP/1.0 without Host: the address the request arrived on
            host = f"{self.server[0]}:{self.server[1]}" if self.server else "localhost"
        return f"{self.scheme}://{host}"

    def url_with(self, query: dict[str, str]) -> str:
        """This request's URL (canonical path) with another query string."""
        return f"{self.base_url}{self.path}?{urlencode(query)}"

    async def body(self) -> bytes:
        """The whole request body, refused past MAX_BODY_BYTES."""
        chunks, size = [], 0
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnected()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise RequestEntityTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


@dataclass
class ArmResponse:
    """What a route answers: status, body bytes (JSON or nothing) and extra headers."""

    status: int
    body: bytes = b""
    headers: dict[str, str] | None = None


def check_api_version(request: ArmRequest, api: str | None) -> None:
    """Refuse a missing api-version, or one ARM does not serve for the route's resource type."""
    if api is None:
        return
    version = request.query.get("api-version")
    if not version:
        raise MissingApiVersionParameter("The api-version query parameter (?api-version=) is required for "
                                         "all requests.", target="api-version")
    request.api_version = version
    resource_type = _resource_type(request, api, version)
    if is_supported_api_version(resource_type, version):
        return
    supported = supported_api_versions(resource_type)
    if request.state.settings.loose_api_version and is_well_formed_api_version(version) \
            and version > max(supported):
        return
    raise unsupported_api_version(resource_type, version, method=request.method)


def _resource_type(request: ArmRequest, api: str, version: str) -> str:
    """The route's resource type; a source route's comes from its {source_type} segment."""
    if "{source_type}" not in api:
        return api
    segment = request.params.get("source_type", "")
    known = canonical_source_type(segment)
    if known is None:
        raise InvalidResourceType(f"The resource type '{segment}' could not be found in the namespace "
                                  f"'Microsoft.Compute' for api version '{version}'.", target="api-version")
    return api.replace("{source_type}", known)


def unsupported_api_version(resource_type: str, version: str, *, method: str) -> ArmError:
    """ARM's refusal of an api-version, by resource provider and method (messages as ARM writes them).

    Microsoft.Resources, and a malformed version anywhere: InvalidApiVersionParameter. A resource
    provider's type: NoRegisteredProviderFound on PUT (ARM routes writes by provider registration),
    InvalidResourceType otherwise (azure-cli#7533, flatcar/mantle#520).
    """
    supported = supported_api_versions(resource_type)
    if namespace(resource_type) == "Microsoft.Resources" or not is_well_formed_api_version(version):
        return InvalidApiVersionParameter(f"The api-version '{version}' is invalid. The supported versions are "
                                          f"'{','.join(reversed(supported))}'.", target="api-version")
    listed = ", ".join(supported)
    if method == "PUT":
        return NoRegisteredProviderFound(f"No registered resource provider found for API version '{version}' "
                                         f"for type '{short_type(resource_type)}'. The supported api-versions "
                                         f"are '{listed}'.", target="api-version")
    return InvalidResourceType(f"The resource type '{short_type(resource_type)}' could not be found in the "
                               f"namespace '{namespace(resource_type)}' for api version '{version}'. The "
                               f"supported api-versions are '{listed}'.", target="api-version")


async def run_blocking(function: Callable[..., T], *args: Any) -> T:
    """Run a write (it waits for the disk) on the event loop's thread pool, so reads go on meanwhile."""
    return await asyncio.get_running_loop().run_in_executor(None, partial(function, *args))


def decoded_path(scope: Scope) -> str:
    """The request path split on its raw '/' and decoded segment by segment.

    uvicorn's scope["path"] is already percent-decoded, so '.../galleries/g1%2Fimages%2Fi1' would
    route to image i1; a segment that decodes to a separator (or other path-breaking text) is refused.
    """
    raw: bytes | None = scope.get("raw_path")
    if raw is None:
        return str(scope["path"])
    segments = raw.split(b"?", 1)[0].decode("latin-1").split("/")
    decoded = []
    for segment in segments:
        try:
            text = unquote(segment, errors="strict")
        except UnicodeDecodeError:
            raise InvalidResourceName(f"The path segment '{segment}' is not valid UTF-8 once decoded.",
                                      target="path") from None
        problem = path_segment_violation(text, label="path segment") if text else None
        if problem:
            raise InvalidResourceName(problem, target="path")
        decoded.append(text)
    return "/".join(decoded)


def json_depth_exceeds(value: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a parsed JSON value nests deeper than `limit` (walked without recursion)."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        for child in children:
            if isinstance(child, (dict, list)):
                if depth + 1 > limit:
                    return True
                pending.append((child, depth + 1))
    return False


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


async def read_json(request: ArmRequest) -> Any:
    """The request body as JSON, read by hand so every failure is an ARM 4xx naming the problem."""
    content_type = (request.header("content-type") or "application/json").split(";")[0].strip().lower()
    if content_type and not (content_type.endswith("/json") or content_type.endswith("+json")):
        raise UnsupportedMediaType(f"Content type '{content_type}' is not supported: send application/json.")
    declared = request.header("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise RequestEntityTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    raw = await request.body()
    if not raw.strip():
        raise InvalidRequestContent("The request content is empty; a JSON object is required.", target="body")
    try:
        body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
        if json_depth_exceeds(body):
            raise ValueError(f"it nests deeper than {MAX_JSON_DEPTH} levels")
        # JSON may escape a lone surrogate ("\ud800") that no UTF-8 reply could carry: refuse it
        # here, before anything is stored that could never be read back.
        _encode(body).encode("utf-8")
        return body
    except (UnicodeError, ValueError, RecursionError) as error:
        raise InvalidRequestContent(f"The request content is not valid JSON: {error}", target="body") from None


def arm_json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> ArmResponse:
    """A JSON reply."""
    return ArmResponse(status, _encode(body).encode("utf-8"), headers)


def lro_headers(request: ArmRequest, operation: dict[str, Any] | None, api_version: str) -> dict[str, str]:
    """Azure-AsyncOperation, Location and Retry-After of an operation, as ARM sends them."""
    if not operation:
        return {}
    # A tenant-level operation (no subscription) is polled under the tenant-level provider path.
    within = f"/subscriptions/{operation['subscription']}" if operation["subscription"] else ""
    prefix = f"{request.base_url}{within}/providers/Microsoft.Compute/locations/{operation['location']}"
    query = urlencode({"api-version": api_version})
    return {"Azure-AsyncOperation": f"{prefix}/operations/{operation['name']}?{query}",
            "Location": f"{prefix}/operationResults/{operation['name']}?{query}",
            "Retry-After": str(request.state.settings.retry_after)}


def outcome_response(request: ArmRequest, outcome: Outcome) -> ArmResponse:
    """The reply to a mutation: its status, body (if any) and operation headers."""
    headers = lro_headers(request, outcome.operation, request.api_version)
    if outcome.body is None:
        return ArmResponse(outcome.status, headers=headers)
    return arm_json(outcome.body, outcome.status, headers)


def page_response(request: ArmRequest, page: Page) -> ArmResponse:
    """{"value": [...], "nextLink": absolute URL with $skiptoken and the same api-version}."""
    body: dict[str, Any] = {"value": page.items}
    if page.next_after is not None:
        params = {k: v for k, v in request.query.items() if k.lower() != "$skiptoken"}
        params["$skiptoken"] = page.next_after
        body["nextLink"] = request.url_with(params)
    return arm_json(body)


def paging_args(request: ArmRequest) -> tuple[str | None, int | None]:
    """($skiptoken, $top) of a list request; $top must be a positive integer."""
    top = request.query.get("$top")
    if top is not None and not (top.isdigit() and int(top) > 0):
        raise InvalidRequestContent(f"$top must be a positive integer, got '{top}'.", target="$top")
    return request.query.get("$skiptoken"), int(top) if top else None


def resource_path(request: ArmRequest, *names: str) -> ResourcePath:
    """The ARM path of the resource a route addresses: its subscription, group and named parts."""
    params = request.params
    return ResourcePath(params["subscription"], params["resource_group"], tuple(params[n] for n in names))

