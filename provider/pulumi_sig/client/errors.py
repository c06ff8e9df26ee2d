"""Typed client errors built from the HTTP status and ARM's {"error": {...}} body."""
from __future__ import annotations

import json
from typing import Any

import requests


class ArmHttpError(Exception):
    """An ARM call that failed: status, ARM code, message, target, details and request id."""

    def __init__(self, code: str, message: str, *, target: str | None = None,
                 details: list[dict[str, Any]] | None = None, status: int | None = None,
                 request_id: str | None = None) -> None:
        self.code = code
        self.message = message
        self.target = target
        self.details = details or []
        self.status = status
        self.request_id = request_id
        super().__init__(self.__str__())

    def __str__(self) -> str:
        context = [f"target={self.target}"] if self.target else []
        if self.status is not None:
            context.append(f"HTTP {self.status}")
        if self.request_id:
            context.append(f"request id {self.request_id}")
        suffix = f" ({', '.join(context)})" if context else ""
        return f"{self.code}: {self.message}{suffix}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status}, target={self.target!r})"


class BadRequestError(ArmHttpError):
    """400: the request was refused as invalid."""


class AuthenticationError(ArmHttpError):
    """401: no or an invalid token."""


class ForbiddenError(ArmHttpError):
    """403: the identity may not do this."""


class ResourceNotFoundError(ArmHttpError):
    """404: the resource (or its parent) does not exist."""


class ConflictError(ArmHttpError):
    """409: the request conflicts with the resource's current state."""


class PropertyChangeNotAllowedError(ConflictError):
    """409 PropertyChangeNotAllowed: an immutable property was changed; the target names it."""


class QuotaExceededError(ArmHttpError):
    """A subscription or regional limit was reached."""


class ThrottledError(ArmHttpError):
    """429: throttled, and retries ran out."""


class ServerError(ArmHttpError):
    """5xx: the service failed, and retries ran out."""


class ServiceUnreachableError(ArmHttpError):
    """No HTTP answer at all: connection refused or reset, TLS failure, timeout."""

    connection_failed = False  # True when no connection could be made (nothing was sent or answered)


class OperationFailedError(ArmHttpError):
    """A long-running operation ended Failed or Canceled; code and message are ARM's."""


class OperationDeadlineExceeded(ArmHttpError):
    """A long-running operation was still running when the caller's deadline passed."""


class InvalidResourceNameError(BadRequestError, ValueError):
    """A name the client refused before sending: it would not be one ARM path segment."""


class UnexpectedResponseError(ArmHttpError):
    """An answer that is not what ARM sends: HTML, truncated or wrong-shaped JSON."""


class PaginationError(UnexpectedResponseError):
    """A list whose nextLink chain loops or runs past the page cap."""


# Aliases in ARM's own vocabulary, so callers can `except GalleryNotFound`.
GalleryNotFound = ResourceNotFoundError
ResourceExistsError = ConflictError

_BY_STATUS: dict[int, type[ArmHttpError]] = {
    400: BadRequestError, 401: AuthenticationError, 403: ForbiddenError,
    404: ResourceNotFoundError, 409: ConflictError, 429: ThrottledError,
}


def error_class(status: int, code: str, message: str) -> type[ArmHttpError]:
    """The most specific error class for this status and ARM code."""
    if code == "PropertyChangeNotAllowed":
        return PropertyChangeNotAllowedError
    # ARM reports some limits as OperationNotAllowed with quota wording instead of QuotaExceeded.
    if code == "QuotaExceeded" or (code == "OperationNotAllowed" and "quota" in message.lower()):
        return QuotaExceededError
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, ArmHttpError)


def parse_error_body(body: Any) -> dict[str, Any]:
    """The inner ARM error object of a body, or {} when it has none."""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and ("code" in inner or "message" in inner):
            return inner
    return {}


def error_from_payload(payload: dict[str, Any], *, status: int | None, request_id: str | None,
                       default_code: str, cls: type[ArmHttpError] | None = None) -> ArmHttpError:
    """An error from an ARM error object (code, message, target, details)."""
    code = str(payload.get("code") or default_code)
    message = str(payload.get("message") or default_code)
    chosen = cls or error_class(status or 0, code, message)
    return chosen(code, message, target=payload.get("target"), details=payload.get("details"),
                  status=status, request_id=request_id)


def error_from_response(response: requests.Response) -> ArmHttpError:
    """The typed error for a failed HTTP response."""
    try:
        body: Any = response.json()
    except (ValueError, json.JSONDecodeError):
        body = None
    payload = parse_error_body(body)
    if not payload:
        text = (response.text or "").strip()[:500]
        payload = {"message": text or response.reason or f"HTTP {response.status_code}"}
    return error_from_payload(payload, status=response.status_code,
                              request_id=response.headers.get("x-ms-request-id"),
                              default_code="".join((response.reason or f"Http{response.status_code}").split()))


def response_json(response: requests.Response, *, what: str = "response") -> Any:
    """The JSON body of a successful answer, or UnexpectedResponseError with its status and request id."""
    try:
        return response.json()
    except ValueError:  # requests' JSONDecodeError is a ValueError; so is a bad encoding
        snippet = (response.text or "").strip()[:200]
        raise unexpected(response, f"The {what} is not JSON: {snippet!r}") from None


def json_object(response: requests.Response, *, what: str = "response") -> dict[str, Any]:
    """The body as a JSON object, or UnexpectedResponseError."""
    body = response_json(response, what=what)
    if not isinstance(body, dict):
        raise unexpected(response, f"The {what} is JSON but not an object: {type(body).__name__}")
    return body


def unexpected(response: requests.Response, message: str,
               cls: type[UnexpectedResponseError] = UnexpectedResponseError) -> UnexpectedResponseError:
    """An UnexpectedResponseError carrying the answer's status and request id."""
    return cls("UnexpectedResponse" if cls is UnexpectedResponseError else cls.__name__, message,
               status=response.status_code, request_id=response.headers.get("x-ms-request-id"))
