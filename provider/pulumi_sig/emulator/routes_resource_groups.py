"""Routes of Microsoft.Resources/resourceGroups."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from pulumi_sig.emulator.http_support import (Resources, arm_json, outcome_response,
                                              page_response, paging_args, read_json)

router = APIRouter()
GROUPS = "/subscriptions/{subscription}/resourcegroups"
GROUP = GROUPS + "/{resource_group}"


@router.put(GROUP)
async def put_resource_group(request: Request, call: Resources,
                             subscription: str, resource_group: str) -> Response:
    body = await read_json(request)
    outcome = await run_in_threadpool(call.service.resource_groups.put, subscription, resource_group, body)
    return outcome_response(request, outcome, call.api_version)


@router.get(GROUP)
async def get_resource_group(call: Resources, subscription: str,
                             resource_group: str) -> Response:
    return arm_json(call.service.resource_groups.get(subscription, resource_group))


@router.head(GROUP)
async def head_resource_group(call: Resources, subscription: str,
                              resource_group: str) -> Response:
    return Response(status_code=204 if call.service.resource_groups.exists(subscription, resource_group) else 404)


@router.delete(GROUP)
async def delete_resource_group(request: Request, call: Resources,
                                subscription: str, resource_group: str) -> Response:
    outcome = await run_in_threadpool(call.service.resource_groups.delete, subscription, resource_group)
    return outcome_response(request, outcome, call.api_version)


@router.get(GROUPS)
async def list_resource_groups(request: Request, call: Resources,
                               subscription: str) -> Response:
    after, top = paging_args(request)
    return page_response(request, call.service.resource_groups.list(subscription, after=after, top=top))
