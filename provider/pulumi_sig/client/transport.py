"""One requests.Session with urllib3 retries, api-version, request ids and typed errors."""
from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from importlib import metadata
from typing import Any, Callable, Iterable
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from requests.utils import get_environ_proxies, get_netrc_auth
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import InvalidHeader, MaxRetryError, NewConnectionError
from urllib3.util.retry import Retry

from pulumi_sig.client.errors import OperationDeadlineExceeded, ServiceUnreachableError, error_from_response

log = logging.getLogger("pulumi_sig.client")

COMPUTE_API_VERSION = "2025-03-03"
RESOURCES_API_VERSION = "2021-04-01"
RETRY_STATUSES = (429, 500, 502, 503, 504)
# Only idempotent methods are repeated after an answer; POST/PATCH are not blindly resent.
# (urllib3 still retries any method on connect errors, where nothing reached the server.)
IDEMPOTENT_METHODS = frozenset({"GET", "PUT", "DELETE", "HEAD"})
READ_CHUNK_BYTES = 64 * 1024
# The caller's deadline (time.monotonic()) for the request this thread is sending: urllib3 retries
# consult it, since requests offers no per-request retry object.
_current = threading.local()


def _package_version() -> str:
    try:
        return metadata.version("pulumi-sig")
    except metadata.PackageNotFoundError:
        return "0.0.0"


USER_AGENT = f"pulumi-sig/{_package_version()}"


class RetryBudgetExceeded(Exception):
    """The next retry would end after the total retry time allowed."""


class DeadlineReached(Exception):
    """The next retry would end after the caller's deadline."""


class BudgetedRetry(Retry):
    """urllib3 Retry that also bounds the total time spent retrying one request.

    The budget starts at the first failed attempt. A Retry-After (or backoff) longer than what is
    left stops retrying: the last answer is then mapped to a typed error instead of sleeping.
    """

    def __init__(self, *args: Any, total_seconds: float | None = None,
                 started_at: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.total_seconds = total_seconds
        self.started_at = started_at

    def new(self, **kw: Any) -> "BudgetedRetry":
        kw.setdefault("total_seconds", self.total_seconds)
        kw.setdefault("started_at", self.started_at if self.started_at is not None else time.monotonic())
        return super().new(**kw)

    def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                  error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> "BudgetedRetry":
        following = super().increment(method, url, response, error, _pool, _stacktrace)
        assert isinstance(following, BudgetedRetry)
        wait = following.planned_wait(response)
        if following.total_seconds is not None and following.started_at is not None:
            elapsed = time.monotonic() - following.started_at
            if elapsed + wait > following.total_seconds:
                reason = RetryBudgetExceeded(f"next retry in {wait:.1f}s would pass the "
                                             f"{following.total_seconds:.0f}s retry budget")
                raise MaxRetryError(_pool, url or "", reason) from error
        deadline: float | None = getattr(_current, "deadline", None)
        if deadline is not None and time.monotonic() + wait >= deadline:
            raise MaxRetryError(_pool, url or "", DeadlineReached("the caller's deadline passes before "
                                                                  "the next retry")) from error
        return following

    def parse_retry_after(self, retry_after: str) -> float:
        """Seconds or an HTTP-date (both ARM forms); an invalid value counts as absent (0: use the backoff)."""
        try:
            return float(super().parse_retry_after(retry_after))
        except InvalidHeader:
            return 0.0

    def planned_wait(self, response: Any) -> float:
        """How long sleep() will wait before the next attempt."""
        if self.respect_retry_after_header and response is not None:
            retry_after = self.get_retry_after(response)
            if retry_after:
                return retry_after
        return self.get_backoff_time()


def build_retry(*, max_retries: int, total_seconds: float, backoff_factor: float) -> BudgetedRetry:
    """The retry policy: 429/5xx and connection errors, Retry-After honoured, bounded count and time."""
    return BudgetedRetry(total=max_retries, connect=max_retries, read=max_retries, status=max_retries,
                         other=0, redirect=0, status_forcelist=RETRY_STATUSES,
                         allowed_methods=IDEMPOTENT_METHODS, backoff_factor=backoff_factor,
                         respect_retry_after_header=True, raise_on_status=False,
                         raise_on_redirect=False, total_seconds=total_seconds)


def _has_api_version(url: str) -> bool:
    return "api-version" in parse_qs(urlsplit(url).query)


class Transport:
    """Sends ARM requests and turns failed answers into typed errors."""

    def __init__(self, base_url: str, *, auth: AuthBase | None, retry: Retry, timeout: float,
                 verify: str | bool = True, reconnect: Callable[[], str] | None = None,
                 pool_size: int = 10) -> None:
        self.base_url = base_url.rstrip("/")
        # The embedded emulator's: called when it does not answer; returns its (maybe new) base URL.
        self.reconnect = reconnect
        self._former_bases = {self.base_url}
        self.timeout = timeout
        self.session = requests.Session()
        self.session.auth = auth
        # requests reads the environment (proxies, no_proxy, netrc, CA bundle) again on every request:
        # ~0.3 ms of CPU each, more than the rest of a loopback call. It is read here instead, and per
        # origin in _environment(), with requests' own functions and precedence.
        self.session.trust_env = False
        self._origins: dict[tuple[str, str], dict[str, Any]] = {}
        # An explicit CA bundle wins; otherwise REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, as requests does.
        self.verify = verify if verify is not True else (
            os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True)
        self.session.headers["User-Agent"] = USER_AGENT
        # One kept-alive connection per thread sending at once: past pool_size, urllib3 opens a
        # connection per request and discards it after (a new TCP/TLS handshake each time).
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=pool_size)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def url(self, path_or_url: str) -> str:
        """An absolute URL: paths are joined to the base URL, absolute URLs kept."""
        if path_or_url.startswith(("http://", "https://")):
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}"

    def _environment(self, url: str) -> dict[str, Any]:
        """What requests would take from the environment for this URL's origin: its proxies (no_proxy
        applied) and, without other auth, ~/.netrc credentials. Read once per origin."""
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        found = self._origins.get(origin)
        if found is None:
            found = {"proxies": get_environ_proxies(url)}
            netrc = get_netrc_auth(url) if self.session.auth is None else None
            if netrc:
                found["auth"] = netrc
            self._origins[origin] = found
        return found

    def request(self, method: str, path_or_url: str, *, api_version: str | None = COMPUTE_API_VERSION,
                params: dict[str, Any] | None = None, json: Any = None, ok: Iterable[int] = (),
                deadline: float | None = None) -> requests.Response:
        """Send one request; statuses >= 400 (other than `ok`) raise the matching ArmHttpError.

        Every wait (connect, each read, retries, the whole body) ends by `request_timeout` after the answer
        began, and by `deadline` (a time.monotonic() value) when given: then OperationDeadlineExceeded.
        With the embedded emulator, a refused connection restarts it once and re-bases the URL onto it, so
        operation URLs from before a restart still resolve."""
        arguments: dict[str, Any] = dict(api_version=api_version, params=params, json=json, ok=ok, deadline=deadline)
        try:
            return self._send(method, path_or_url, **arguments)
        except ServiceUnreachableError as error:
            if self.reconnect is None or not error.connection_failed:
                raise
        fresh = self.reconnect().rstrip("/")
        self.base_url = fresh
        self._former_bases.add(fresh)
        return self._send(method, self._rebased(path_or_url), **arguments)

    def _rebased(self, path_or_url: str) -> str:
        """An absolute URL of a former embedded base moved onto the current one; anything else unchanged."""
        for base in self._former_bases:
            if path_or_url.startswith(base + "/"):
                return self.base_url + path_or_url[len(base):]
        return path_or_url

    def _send(self, method: str, path_or_url: str, *, api_version: str | None, params: dict[str, Any] | None,
              json: Any, ok: Iterable[int], deadline: float | None) -> requests.Response:
        url = self.url(path_or_url)
        query = dict(params or {})
        if api_version and not _has_api_version(url):  # nextLink and operation URLs carry their own
            query["api-version"] = api_version
        headers = {"x-ms-client-request-id": str(uuid.uuid4())}
        started = time.monotonic()
        _current.deadline = deadline
        try:
            response = self.session.request(method, url, params=query, json=json, headers=headers,
                                            timeout=self._wait_limit(deadline, method, url), verify=self.verify,
                                            stream=True, **self._environment(url))
            self._read_body(response, deadline)
        except (requests.RequestException, Urllib3Error, OSError) as error:
            log.debug("%s %s failed: %s", method, url, type(error).__name__)
            raise self._no_answer(method, url, error, deadline) from None
        finally:
            _current.deadline = None
        log.debug("%s %s -> %s (%.0f ms, x-ms-request-id %s)", method, response.url, response.status_code,
                  (time.monotonic() - started) * 1000, response.headers.get("x-ms-request-id"))
        if response.status_code >= 400 and response.status_code not in set(ok):
            raise error_from_response(response)
        return response

    def _wait_limit(self, deadline: float | None, method: str, url: str) -> float:
        """The connect and read timeout: request_timeout, or less when the deadline is nearer."""
        if deadline is None:
            return self.timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise _deadline_error(method, url)
        return min(self.timeout, left)

    def _read_body(self, response: requests.Response, deadline: float | None) -> None:
        """Read the whole body as it arrives, giving up once request_timeout (or the deadline) has passed,
        so a server dripping bytes cannot hold the caller past the per-read socket timeout."""
        ends_at = time.monotonic() + self.timeout
        if deadline is not None:
            ends_at = min(ends_at, deadline)
        chunks: list[bytes] = []
        try:
            while chunk := response.raw.read1(READ_CHUNK_BYTES, decode_content=True):
                chunks.append(chunk)
                if time.monotonic() > ends_at:
                    raise BodyTimeout(f"the body was still arriving after {self.timeout:g}s")
        except BaseException:
            response.close()
            raise
        response._content = b"".join(chunks)
        response._content_consumed = True

    def _no_answer(self, method: str, url: str, error: BaseException,
                   deadline: float | None) -> ServiceUnreachableError | OperationDeadlineExceeded:
        if deadline is not None and time.monotonic() >= deadline - 0.05:
            return _deadline_error(method, url)
        unreachable = ServiceUnreachableError("ServiceUnreachable", f"{method} {url}: {_describe(error)}")
        unreachable.connection_failed = _never_connected(error)
        return unreachable

    def close(self) -> None:
        """Close pooled connections."""
        self.session.close()


class BodyTimeout(OSError):
    """The response body did not finish within the time allowed."""


def _deadline_error(method: str, url: str) -> OperationDeadlineExceeded:
    return OperationDeadlineExceeded("OperationDeadlineExceeded",
                                     f"{method} {url}: the caller's deadline passed before an answer")


def _never_connected(error: BaseException) -> bool:
    """Whether no connection was made at all (refused, no route): nothing reached the server."""
    reason: Any = error.args[0] if error.args else None
    if isinstance(reason, MaxRetryError):
        reason = reason.reason
    return isinstance(reason, NewConnectionError)  # refused or unroutable; a connect timeout is not one


def _describe(error: BaseException) -> str:
    """A short, token-free description of a transport failure."""
    reason: Any = error.args[0] if error.args else error
    if isinstance(reason, MaxRetryError) and reason.reason is not None:
        reason = reason.reason
    return f"{type(error).__name__}: {reason}"
