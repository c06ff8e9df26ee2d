"""Long-running operations: Azure-AsyncOperation, Location and provisioningState polling strategies."""
from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Callable, Generic, Protocol, TypeVar

import pydantic
import requests

from pulumi_sig.client.errors import (ArmHttpError, OperationDeadlineExceeded, OperationFailedError,
                                      json_object, parse_error_body, unexpected)
from pulumi_sig.client.transport import Transport

T = TypeVar("T")

SUCCEEDED, FAILED, CANCELED, IN_PROGRESS = "Succeeded", "Failed", "Canceled", "InProgress"
TERMINAL = {"succeeded": SUCCEEDED, "failed": FAILED, "canceled": CANCELED, "cancelled": CANCELED}


def canonical_status(value: Any) -> str:
    """ARM status words compared case-insensitively; anything non-terminal (Creating, Updating,
    Deleting, Accepted, Running, ...) is reported as InProgress."""
    return TERMINAL.get(str(value or "").lower(), IN_PROGRESS)


def is_terminal(status: str) -> bool:
    """Whether a status ends the operation."""
    return status.lower() in TERMINAL


def _json(response: requests.Response) -> dict[str, Any]:
    """The body as an object ({} when empty); anything else is an UnexpectedResponseError."""
    if not response.content or not response.content.strip():
        return {}
    return json_object(response)


def _lenient_json(response: requests.Response) -> Any:
    """The body as JSON when it is JSON (error answers may be HTML from a proxy), else None."""
    try:
        return response.json()
    except ValueError:
        return None


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in either ARM form, seconds or an HTTP-date; None when absent or invalid."""
    if value is None or not value.strip():
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return seconds if seconds == seconds else None  # NaN is not a delay


# Without Retry-After, each poll waits this much longer than the one before (up to max_delay): a
# gallery create is polled every few seconds, a 45-minute replication ~100 times, not ~1,300 (with
# dozens of versions waiting at once, ARM's per-subscription read limits would otherwise answer 429).
POLL_GROWTH = 1.5


@dataclass(frozen=True)
class PollingSettings:
    """How long to wait between polls: Retry-After, clamped; without it `interval`, growing per poll."""

    interval: float = 2.0
    min_delay: float = 0.05
    max_delay: float = 30.0

    def delay_after(self, response: requests.Response | None, polls: int = 0) -> float:
        """Seconds to wait before the next poll, after `polls` polls so far."""
        header = response.headers.get("Retry-After") if response is not None else None
        seconds = retry_after_seconds(header)
        if seconds is None:
            seconds = self.interval * POLL_GROWTH ** min(polls, 32)
        return max(self.min_delay, min(self.max_delay, seconds))


class PollingStrategy(Protocol):
    """One way to follow an operation: can it poll this response, and what is the status?"""

    def can_poll(self, response: requests.Response) -> bool: ...

    def poll_url(self) -> str: ...

    def status_of(self, response: requests.Response) -> str: ...


class AsyncOperationStrategy:
    """Poll the Azure-AsyncOperation URL; its body is {"status", "error"}."""

    def __init__(self) -> None:
        self.url = ""

    def can_poll(self, response: requests.Response) -> bool:
        self.url = response.headers.get("Azure-AsyncOperation", "")
        return bool(self.url)

    def poll_url(self) -> str:
        return self.url

    def status_of(self, response: requests.Response) -> str:
        return canonical_status(_json(response).get("status"))


class LocationStrategy:
    """Poll the Location URL: 202 means running; 200/201/204 mean done."""

    def __init__(self) -> None:
        self.url = ""

    def can_poll(self, response: requests.Response) -> bool:
        self.url = response.headers.get("Location", "")
        return bool(self.url)

    def poll_url(self) -> str:
        return self.url

    def status_of(self, response: requests.Response) -> str:
        return IN_PROGRESS if response.status_code == 202 else SUCCEEDED


class ProvisioningStateStrategy:
    """GET the resource itself and read properties.provisioningState (a delete ends in 404)."""

    def __init__(self, resource_url: str, method: str) -> None:
        self.resource_url = resource_url
        self.method = method

    def can_poll(self, response: requests.Response) -> bool:
        return True  # the fallback: every resource can be read back

    def poll_url(self) -> str:
        return self.resource_url

    def status_of(self, response: requests.Response) -> str:
        if response.status_code == 404:
            return SUCCEEDED if self.method == "DELETE" else FAILED
        if self.method == "DELETE":
            return IN_PROGRESS if response.status_code in (200, 202) else SUCCEEDED
        state = (_json(response).get("properties") or {}).get("provisioningState")
        return canonical_status(state) if state else SUCCEEDED


def initial_status(response: requests.Response, method: str, strategy: PollingStrategy) -> str:
    """The status right after the first response."""
    if not isinstance(strategy, ProvisioningStateStrategy):
        return IN_PROGRESS
    if method == "DELETE":
        return IN_PROGRESS if response.status_code == 202 else SUCCEEDED
    if response.status_code == 202:
        return IN_PROGRESS
    return ProvisioningStateStrategy("", method).status_of(response)


def choose_strategy(response: requests.Response, *, resource_url: str, method: str) -> PollingStrategy:
    """The first strategy of the chain that can poll this response."""
    chain: list[PollingStrategy] = [AsyncOperationStrategy(), LocationStrategy(),
                                    ProvisioningStateStrategy(resource_url, method)]
    return next(strategy for strategy in chain if strategy.can_poll(response))


class LroPoller(Generic[T]):
    """Follows one ARM long-running operation to its end and returns the final resource."""

    def __init__(self, transport: Transport, initial: requests.Response, *, method: str, resource_url: str,
                 deserialize: Callable[[dict[str, Any]], T] | None, api_version: str,
                 settings: PollingSettings, default_deadline: float,
                 progress_probe: Callable[[], Any] | None = None,
                 final_params: dict[str, str] | None = None,
                 progress_of_result: Callable[[T], Any] | None = None) -> None:
        self.transport = transport
        self.final_params = final_params  # query of the final GET, e.g. {"$expand": "ReplicationStatus"}
        self.method = method.upper()
        self.resource_url = resource_url
        self.deserialize = deserialize
        self.api_version = api_version
        self.settings = settings
        self.default_deadline = default_deadline
        self.progress_probe = progress_probe
        # What the probe would answer, read off the final resource (when final_params ask for it):
        # the last report then costs no request of its own.
        self.progress_of_result = progress_of_result
        self.strategy = choose_strategy(initial, resource_url=resource_url, method=self.method)
        self.last_response = initial
        self._status = initial_status(initial, self.method, self.strategy)
        self._error: dict[str, Any] = {}
        self._result: T | None = None
        self._fetched = False
        self._polled = False

    @property
    def initial_body(self) -> dict[str, Any]:
        """The body of the latest response (the accepted resource before any poll)."""
        return _json(self.last_response)

    def accepted(self) -> T | None:
        """The resource as the service accepted it, without waiting (None for deletes)."""
        if self.deserialize is None or self.method == "DELETE":
            return None
        body, response = self.initial_body, self.last_response
        if not body.get("id"):  # a 202 without a body: read what exists now
            response = self.transport.request("GET", self.resource_url, api_version=self.api_version)
            body = _json(response)
        return self._deserialize(body, response)

    def _deserialize(self, body: dict[str, Any], response: requests.Response) -> T | None:
        assert self.deserialize is not None
        try:
            return self.deserialize(body)
        except pydantic.ValidationError as error:
            raise unexpected(response, f"The resource in the answer does not match its schema: "
                                       f"{error.error_count()} error(s), first: {error.errors()[0]['msg']}") from None

    def status(self) -> str:
        """The last status seen: InProgress, Succeeded, Failed or Canceled."""
        return self._status

    def done(self) -> bool:
        """Whether the operation has reached a terminal state."""
        return is_terminal(self._status)

    def poll_once(self, deadline: float | None = None) -> str:
        """Ask the service once for the status (the GET ends by `deadline`, a time.monotonic() value)."""
        url = self.strategy.poll_url()
        try:
            response = self.transport.request("GET", url, api_version=self.api_version, ok=(404,),
                                              deadline=deadline)
        except ArmHttpError as error:
            # A Location poll answering with an ARM error is how that style reports failure.
            if isinstance(self.strategy, LocationStrategy) and error.status and error.status < 500 \
                    and error.status not in (401, 403, 429):
                self._error = {"code": error.code, "message": error.message, "target": error.target}
                self._status = FAILED
                return self._status
            raise
        if response.status_code == 404 and not isinstance(self.strategy, ProvisioningStateStrategy):
            self.last_response = response  # the failure reports this answer's status, not the initial one
            self._error = parse_error_body(_lenient_json(response)) or {"code": "NotFound",
                                                                "message": f"{url} answered 404"}
            self._status = FAILED
            return self._status
        self.last_response = response
        self._polled = True
        self._status = self.strategy.status_of(response)
        self._error = parse_error_body(_json(response)) if self._status in (FAILED, CANCELED) else {}
        return self._status

    def progress(self) -> Any:
        """What on_progress receives: the probe's answer (e.g. ReplicationStatus) or the status."""
        return self.progress_probe() if self.progress_probe else self._status

    def result(self, deadline: float | None = None, on_progress: Callable[[Any], None] | None = None) -> T | None:
        """Wait (at most `deadline` seconds) for the end; return the final resource, None for deletes."""
        budget = self.default_deadline if deadline is None else deadline
        ends_at = time.monotonic() + budget
        polls = 0
        while not self.done():
            remaining = ends_at - time.monotonic()
            if remaining <= 0:
                raise self._deadline_error(budget)
            time.sleep(min(self.settings.delay_after(self.last_response, polls), remaining))
            polls += 1
            try:
                self.poll_once(ends_at)
            except OperationDeadlineExceeded:
                raise self._deadline_error(budget) from None
            if on_progress is not None:
                on_progress(self._last_progress() if self._status == SUCCEEDED else self.progress())
        if self._status != SUCCEEDED:
            raise self._failure()
        return self._final()

    def _last_progress(self) -> Any:
        """The report once the operation succeeded: from the final resource when it carries it."""
        if self.progress_of_result is not None:
            final = self._final()
            if final is not None:
                return self.progress_of_result(final)
        return self.progress()

    def _final(self) -> T | None:
        # ARM's final-state-via "location" for PUT/PATCH: read the resource itself once done.
        if not self._fetched:
            self._fetched = True
            if self.method in ("PUT", "PATCH") and self.deserialize is not None:
                body = self.initial_body if not self._polled and not self.final_params else {}
                response = self.last_response
                if not body.get("id"):  # a finished synchronous answer already is the resource
                    response = self.transport.request("GET", self.resource_url, api_version=self.api_version,
                                                      params=self.final_params)
                    body = _json(response)
                self._result = self._deserialize(body, response)
        return self._result

    def _failure(self) -> OperationFailedError:
        code = str(self._error.get("code") or ("OperationCanceled" if self._status == CANCELED else "OperationFailed"))
        message = str(self._error.get("message") or f"{self.method} {self.resource_url} ended {self._status}")
        return OperationFailedError(code, message, target=self._error.get("target"),
                                    details=self._error.get("details"), status=self.last_response.status_code,
                                    request_id=self.last_response.headers.get("x-ms-request-id"))

    def _deadline_error(self, budget: float) -> OperationDeadlineExceeded:
        return OperationDeadlineExceeded(
            "OperationDeadlineExceeded",
            f"{self.method} {self.resource_url} still {self._status} after {budget:g}s; it may still complete",
            status=self.last_response.status_code, request_id=self.last_response.headers.get("x-ms-request-id"))
