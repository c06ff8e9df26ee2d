"""What every resource's operations share: ARM paths, GET, PUT/PATCH/DELETE as LROs, paging."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar
from urllib.parse import quote

import pydantic
import requests
from pydantic import BaseModel

from pulumi_sig.models.ids import compute_id, resource_group_id
from pulumi_sig.models.names import path_segment_violation

from pulumi_sig.client.errors import (InvalidResourceNameError, PaginationError, ResourceNotFoundError, json_object,
                                      unexpected)
from pulumi_sig.client.lro import LroPoller, PollingSettings
from pulumi_sig.client.transport import COMPUTE_API_VERSION, Transport

M = TypeVar("M", bound=BaseModel)
ProgressCallback = Callable[[Any], None]
MAX_PAGES = 10_000  # a list longer than this is a server bug, not data: stop instead of looping


def segment(name: str, label: str = "name") -> str:
    """One URL path segment, percent-encoded; a name that could not be one segment ('/', '..', ...) is
    refused with InvalidResourceNameError before anything is sent."""
    problem = path_segment_violation(str(name), label=label)
    if problem:
        raise InvalidResourceNameError("InvalidResourceName", problem, target=label)
    return quote(name, safe="")


def scope_path(scope: str, label: str = "scope") -> str:
    """An ARM scope ('/subscriptions/s/resourceGroups/rg/...', or '/' for the tenant root) as a URL path,
    each segment checked and percent-encoded like a name: a scope with '..', '?', '#', '%' or an empty
    segment is refused with InvalidResourceNameError before anything is sent, so it can't reach another
    resource or smuggle a query."""
    if not isinstance(scope, str) or not scope.startswith("/"):
        raise InvalidResourceNameError("InvalidResourceName", f"The {label} {scope!r} is invalid: it must be an "
                                       "ARM id starting with '/'.", target=label)
    trimmed = scope.rstrip("/")
    if not trimmed:
        return ""
    return "/" + "/".join(segment(part, label) for part in trimmed[1:].split("/"))


def validated(model: type[M], body: Any, response: requests.Response) -> M:
    """`body` as `model`; a body of the wrong shape is an UnexpectedResponseError with the answer's ids."""
    try:
        return model.model_validate(body)
    except pydantic.ValidationError as error:
        raise unexpected(response, f"The answer does not match {model.__name__}: {error.error_count()} "
                                   f"error(s), first: {error.errors()[0]['msg']}") from None


def wire_body(value: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """The JSON body of a model (camelCase, no None) or of a plain dict."""
    if isinstance(value, BaseModel):
        to_wire = getattr(value, "to_wire", None)
        return to_wire() if to_wire else value.model_dump(by_alias=True, exclude_none=True, mode="json")
    return value


@dataclass(frozen=True)
class ArmContext:
    """The transport, subscription and polling policy the operation groups share."""

    transport: Transport
    subscription_id: str
    polling: PollingSettings
    operation_deadline: float

    @property
    def subscription_path(self) -> str:
        """/subscriptions/{id}"""
        return f"/subscriptions/{segment(self.subscription_id, 'subscriptionId')}"

    def group_path(self, resource_group: str) -> str:
        """/subscriptions/{id}/resourceGroups/{rg}, each name percent-encoded (models/ids builds the id)."""
        return resource_group_id(segment(self.subscription_id, "subscriptionId"),
                                 segment(resource_group, "resourceGroupName"))

    def compute_path(self, resource_group: str, *parts: str) -> str:
        """/subscriptions/{id}/resourceGroups/{rg}/providers/Microsoft.Compute/{parts...}"""
        return compute_id(segment(self.subscription_id, "subscriptionId"),
                          segment(resource_group, "resourceGroupName"), *parts)


class ResourceOperations:
    """Base of one resource's operation group."""

    api_version = COMPUTE_API_VERSION

    def __init__(self, context: ArmContext) -> None:
        self.ctx = context

    def _get(self, path: str, model: type[M], *, params: dict[str, Any] | None = None) -> M:
        response = self.ctx.transport.request("GET", path, api_version=self.api_version, params=params)
        return validated(model, json_object(response), response)

    def _begin(self, method: str, path: str, model: type[M] | None, *, body: Any = None,
               progress_probe: Callable[[], Any] | None = None,
               final_params: dict[str, str] | None = None,
               progress_of_result: Callable[[M], Any] | None = None) -> LroPoller[M]:
        transport = self.ctx.transport
        response = transport.request(method, path, api_version=self.api_version, json=body)
        return LroPoller(transport, response, method=method, resource_url=transport.url(path),
                         deserialize=model.model_validate if model else None, api_version=self.api_version,
                         settings=self.ctx.polling, default_deadline=self.ctx.operation_deadline,
                         progress_probe=progress_probe, final_params=final_params,
                         progress_of_result=progress_of_result)

    def _begin_delete(self, path: str) -> LroPoller[None]:
        try:
            return self._begin("DELETE", path, None)
        except ResourceNotFoundError:  # already gone: deleting is idempotent for callers
            return _finished_delete(self, path)

    def _delete(self, path: str, *, deadline: float | None) -> None:
        try:
            self._begin_delete(path).result(deadline)
        except ResourceNotFoundError:
            return

    def _list(self, path: str, model: type[M], *, params: dict[str, Any] | None = None) -> list[M]:
        return list(self._iterate(path, model, params=params))

    def _iterate(self, path: str, model: type[M], *, params: dict[str, Any] | None = None) -> Iterator[M]:
        """Items across pages: ARM's {"value": [...], "nextLink": url}."""
        url: str | None = path
        query = params
        seen: set[str] = set()
        while url:
            response = self.ctx.transport.request("GET", url, api_version=self.api_version, params=query)
            items, url = _page(response, seen)
            for item in items:
                yield validated(model, item, response)
            query = None  # nextLink carries the query already


def _page(response: requests.Response, seen: set[str]) -> tuple[list[Any], str | None]:
    """The items and nextLink of one page; a nextLink seen before, or past MAX_PAGES, is a PaginationError."""
    page = json_object(response, what="list page")
    items, next_link = page.get("value") or [], page.get("nextLink") or None
    if not isinstance(items, list) or not (next_link is None or isinstance(next_link, str)):
        raise unexpected(response, "The list page is not {\"value\": [...], \"nextLink\": url}.")
    seen.add(response.url)
    if next_link is not None and (next_link in seen or len(seen) >= MAX_PAGES):
        reason = "points at a page already read" if next_link in seen else f"runs past {MAX_PAGES} pages"
        raise unexpected(response, f"The nextLink {next_link} {reason}.", PaginationError)
    seen.add(next_link or "")
    return items, next_link


def _finished_delete(operations: ResourceOperations, path: str) -> LroPoller[None]:
    """A poller that is already Succeeded, for a DELETE of something that was not there."""
    import requests

    response = requests.Response()
    response.status_code = 204
    response.url = operations.ctx.transport.url(path)
    ctx = operations.ctx
    return LroPoller(ctx.transport, response, method="DELETE", resource_url=response.url, deserialize=None,
                     api_version=operations.api_version, settings=ctx.polling,
                     default_deadline=ctx.operation_deadline)


def complete(poller: LroPoller[M], *, wait: bool, deadline: float | None = None,
             on_progress: ProgressCallback | None = None) -> M:
    """The final resource (wait=True) or the resource as accepted (wait=False)."""
    result = poller.result(deadline, on_progress) if wait else poller.accepted()
    assert result is not None
    return result
